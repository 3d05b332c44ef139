"""Softmax, cross-entropy and binary cross-entropy: their values, gradients and stability.

Protects uinn.softmax, uinn.cross_entropy(_gradient), uinn.binary_cross_entropy(_gradient)
and the named pairs uinn.CROSS_ENTROPY and uinn.BINARY_CROSS_ENTROPY, as uinn.gradients,
uinn.gradient_check and uinn.train use them.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn
from uinn.calculus import max_error, numerical_jacobian


def logits_and_one_hot(C: int, B: int, seed: int = 0, scale: float = 2.0):
    rng = np.random.default_rng(seed)
    Y = scale * rng.standard_normal((C, B))
    T = np.zeros((C, B))
    T[rng.integers(0, C, size=B), np.arange(B)] = 1.0
    return Y, T


def soft_targets(C: int, B: int, seed: int = 1):
    P = np.random.default_rng(seed).random((C, B)) + 0.1
    return P / P.sum(axis=0)


# ---- softmax ----------------------------------------------------------------------


def test_softmax_columns_are_probability_vectors_and_keep_the_order_of_the_logits():
    Y, _ = logits_and_one_hot(5, 7)
    P = uinn.softmax(Y)
    assert P.shape == Y.shape
    assert (P > 0).all()
    np.testing.assert_allclose(P.sum(axis=0), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(P.argmax(axis=0), Y.argmax(axis=0))


def test_softmax_is_exp_over_its_column_sum():
    Y, _ = logits_and_one_hot(4, 3)
    np.testing.assert_allclose(uinn.softmax(Y), np.exp(Y) / np.exp(Y).sum(axis=0), rtol=1e-14)


def test_softmax_does_not_change_when_a_constant_is_added_to_a_column():
    Y, _ = logits_and_one_hot(4, 3)
    np.testing.assert_allclose(uinn.softmax(Y + np.array([[5.0, -100.0, 700.0]])), uinn.softmax(Y), rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_softmax_jacobian_is_diag_p_minus_p_p_transposed(seed):
    y, _ = logits_and_one_hot(5, 1, seed=seed)
    p = uinn.softmax(y)
    analytic = np.diag(p[:, 0]) - p @ p.T
    numeric = numerical_jacobian(uinn.softmax, y)
    np.testing.assert_allclose(numeric, analytic, rtol=1e-6, atol=1e-9)


def test_softmax_of_huge_logits_is_finite_and_exact():
    P = uinn.softmax(np.array([[1000.0, -1000.0], [0.0, -1000.0], [-1000.0, -999.0]]))
    assert np.isfinite(P).all()
    np.testing.assert_allclose(P[:, 0], [1.0, 0.0, 0.0], atol=1e-300)
    np.testing.assert_allclose(P[:, 1], np.array([1.0, 1.0, np.e]) / (2 + np.e), rtol=1e-14)


# ---- cross-entropy ----------------------------------------------------------------


def test_cross_entropy_is_the_mean_over_columns_of_minus_t_log_softmax():
    Y, T = logits_and_one_hot(4, 6)
    expected = -np.sum(T * np.log(uinn.softmax(Y))) / 6
    assert uinn.cross_entropy(Y, T) == pytest.approx(expected, rel=1e-13)
    assert type(uinn.cross_entropy(Y, T)) is float


def test_cross_entropy_by_hand():
    # Logits (0, ln 3): softmax (1/4, 3/4). Target class 1: -ln(3/4); class 0: -ln(1/4).
    Y = np.array([[0.0, 0.0], [np.log(3.0), np.log(3.0)]])
    T = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert uinn.cross_entropy(Y, T) == pytest.approx((np.log(4 / 3) + np.log(4)) / 2, rel=1e-14)
    np.testing.assert_allclose(uinn.cross_entropy_gradient(Y, T), [[0.125, -0.375], [-0.125, 0.375]], atol=1e-15)


@pytest.mark.parametrize("targets", ["one-hot", "soft"])
@pytest.mark.parametrize("C, B", [(2, 1), (3, 4), (10, 5)])
def test_cross_entropy_gradient_is_softmax_minus_t_over_b_and_agrees_with_central_differences(targets, C, B):
    Y, T = logits_and_one_hot(C, B, seed=C * B)
    if targets == "soft":
        T = soft_targets(C, B)
    G = uinn.cross_entropy_gradient(Y, T)
    np.testing.assert_allclose(G, (uinn.softmax(Y) - T) / B, rtol=1e-13, atol=1e-16)
    numeric = numerical_jacobian(lambda V: uinn.cross_entropy(V, T), Y).reshape(Y.shape)
    np.testing.assert_allclose(G, numeric, rtol=1e-6, atol=1e-9)


def test_cross_entropy_of_logits_of_plus_minus_1000_is_finite_with_a_finite_gradient():
    Y = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [0.0, 0.0]])
    T = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    # Column 0 puts the target's logit 2000 below the maximum: loss 2000. Column 1: ~0.
    assert uinn.cross_entropy(Y, T) == pytest.approx(1000.0, rel=1e-12)
    G = uinn.cross_entropy_gradient(Y, T)
    assert np.isfinite(G).all()
    np.testing.assert_allclose(G, [[0.5, 0.0], [-0.5, 0.0], [0.0, 0.0]], atol=1e-15)


def test_cross_entropy_is_zero_only_for_a_confident_correct_prediction():
    Y = np.array([[50.0], [0.0]])
    assert uinn.cross_entropy(Y, [[1.0], [0.0]]) < 1e-20
    assert uinn.cross_entropy(Y, [[0.0], [1.0]]) == pytest.approx(50.0, rel=1e-12)


# ---- binary cross-entropy ---------------------------------------------------------


def test_binary_cross_entropy_is_the_mean_of_minus_t_log_s_minus_one_minus_t_log_one_minus_s():
    rng = np.random.default_rng(3)
    Y, T = rng.standard_normal((2, 5)), rng.random((2, 5))
    S = 1 / (1 + np.exp(-Y))
    expected = -np.sum(T * np.log(S) + (1 - T) * np.log(1 - S)) / 5
    assert uinn.binary_cross_entropy(Y, T) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("n_out, B", [(1, 1), (1, 6), (3, 4)])
def test_binary_cross_entropy_gradient_is_sigmoid_minus_t_over_b_and_agrees_with_central_differences(n_out, B):
    rng = np.random.default_rng(n_out + B)
    Y, T = 2 * rng.standard_normal((n_out, B)), (rng.random((n_out, B)) > 0.5).astype(float)
    G = uinn.binary_cross_entropy_gradient(Y, T)
    np.testing.assert_allclose(G, (uinn.SIGMOID.function(Y) - T) / B, rtol=1e-13, atol=1e-16)
    numeric = numerical_jacobian(lambda V: uinn.binary_cross_entropy(V, T), Y).reshape(Y.shape)
    np.testing.assert_allclose(G, numeric, rtol=1e-6, atol=1e-9)


def test_binary_cross_entropy_of_logits_of_plus_minus_1000_is_finite():
    Y, T = np.array([[1000.0, -1000.0, 1000.0]]), np.array([[0.0, 1.0, 1.0]])
    assert uinn.binary_cross_entropy(Y, T) == pytest.approx(2000.0 / 3, rel=1e-12)
    np.testing.assert_allclose(uinn.binary_cross_entropy_gradient(Y, T), [[1 / 3, -1 / 3, 0.0]], atol=1e-15)


def test_binary_cross_entropy_with_one_output_is_cross_entropy_with_two_classes_and_logits_0_and_y():
    rng = np.random.default_rng(4)
    y, t = rng.standard_normal((1, 6)), (rng.random((1, 6)) > 0.5).astype(float)
    Y2, T2 = np.vstack([np.zeros_like(y), y]), np.vstack([1 - t, t])
    assert uinn.binary_cross_entropy(y, t) == pytest.approx(uinn.cross_entropy(Y2, T2), rel=1e-13)


# ---- through a network -------------------------------------------------------------


@pytest.mark.parametrize("loss", [uinn.CROSS_ENTROPY, uinn.BINARY_CROSS_ENTROPY], ids=lambda l: l.name)
@pytest.mark.parametrize("activation", [uinn.RELU, uinn.TANH], ids=lambda a: a.name)
def test_network_gradients_with_a_cross_entropy_agree_with_central_differences(loss, activation):
    rng = np.random.default_rng(5)
    net = uinn.init_net([3, 6, 5, 4], seed=rng)
    X = rng.standard_normal((3, 7))
    T = logits_and_one_hot(4, 7, seed=6)[1] if loss is uinn.CROSS_ENTROPY else (rng.random((4, 7)) > 0.5) * 1.0
    assert max_error(uinn.gradient_check(net, X, T, activation=activation, loss=loss)) < 1e-6


def test_gradients_with_cross_entropy_start_from_softmax_minus_t_over_b():
    rng = np.random.default_rng(7)
    net = uinn.init_net([3, 5, 4], seed=rng)
    X, T = rng.standard_normal((3, 6)), logits_and_one_hot(4, 6, seed=8)[1]
    record = uinn.forward(net, X)
    start = (uinn.softmax(record[-1]) - T) / 6
    expected = uinn.leaf_pass(record, uinn.backbone_pass(net, record, start))
    assert uinn.nets_allclose(uinn.gradients(net, X, T, loss=uinn.CROSS_ENTROPY), expected, rtol=1e-12)


def test_mse_is_the_default_loss_of_gradients_and_train():
    rng = np.random.default_rng(9)
    net = uinn.init_net([2, 4, 1], seed=rng)
    X, T = rng.standard_normal((2, 5)), rng.standard_normal((1, 5))
    assert uinn.nets_allclose(uinn.gradients(net, X, T), uinn.gradients(net, X, T, loss=uinn.MSE), rtol=0, atol=0)
    a, la = uinn.train(net, X, T, lr=0.05, steps=20)
    b, lb = uinn.train(net, X, T, lr=0.05, steps=20, loss=uinn.MSE)
    np.testing.assert_array_equal(la, lb)


def test_a_loss_of_your_own_works_through_gradients_and_train():
    # Mean absolute error over the batch, as a uinn.Loss of two functions.
    mae = uinn.Loss("mae", lambda Y, T: float(np.abs(Y - T).sum()) / Y.shape[1],
                    lambda Y, T: np.sign(Y - T) / Y.shape[1])
    rng = np.random.default_rng(10)
    net = uinn.init_net([2, 6, 1], seed=rng)
    X, T = rng.standard_normal((2, 8)), rng.standard_normal((1, 8))
    assert max_error(uinn.gradient_check(net, X, T, loss=mae)) < 1e-6
    _, losses = uinn.train(net, X, T, lr=0.05, steps=200, loss=mae)
    assert losses[-1] < 0.5 * losses[0]


def test_cross_entropy_training_on_separable_classes_reaches_full_accuracy():
    rng = np.random.default_rng(11)
    centers = np.array([[2.0, -2.0, 0.0], [0.0, 0.0, 2.5]])
    labels = np.repeat(np.arange(3), 30)
    X = centers[:, labels] + 0.4 * rng.standard_normal((2, 90))
    T = np.eye(3)[:, labels]
    net, losses = uinn.train(uinn.init_net([2, 16, 3], seed=0), X, T, lr=0.5, steps=300, loss=uinn.CROSS_ENTROPY)
    assert losses[-1] < 0.1 * losses[0]
    assert (uinn.predict(net, X).argmax(axis=0) == labels).all()
