"""Bad input to the losses and to minibatch training gets an error that names the problem.

Protects the checks on cross-entropy targets (negative entry, NaN, a column not summing
to 1), binary targets outside [0, 1], a `loss` that is not a uinn.Loss, and a
`batch_size` that is not an int from 1 to B; and that nothing the caller passed changes.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn


def classification(B: int = 5):
    rng = np.random.default_rng(0)
    net = uinn.init_net([2, 4, 3], seed=0)
    X = rng.standard_normal((2, B))
    T = np.eye(3)[:, rng.integers(0, 3, size=B)]
    return net, X, T


def call(name: str, net, X, T, loss):
    Y = uinn.predict(net, X)
    return {
        "cross_entropy": lambda: loss.function(Y, T),
        "cross_entropy_gradient": lambda: loss.gradient(Y, T),
        "gradients": lambda: uinn.gradients(net, X, T, loss=loss),
        "train": lambda: uinn.train(net, X, T, lr=0.1, steps=2, loss=loss),
        "train minibatch": lambda: uinn.train(net, X, T, lr=0.1, steps=2, loss=loss, batch_size=2),
        "gradient_check": lambda: uinn.gradient_check(net, X, T, loss=loss),
    }[name]


CALLS = ["cross_entropy", "cross_entropy_gradient", "gradients", "train", "train minibatch", "gradient_check"]


@pytest.mark.parametrize("name", CALLS)
def test_cross_entropy_targets_with_a_negative_entry_are_refused(name):
    net, X, T = classification()
    T[:, 3] = [1.5, -0.5, 0.0]
    with pytest.raises(ValueError, match="column 3 of T has a negative entry"):
        call(name, net, X, T, uinn.CROSS_ENTROPY)()


@pytest.mark.parametrize("name", CALLS)
def test_cross_entropy_targets_whose_column_does_not_sum_to_1_are_refused(name):
    net, X, T = classification()
    T[:, 1] = [0.5, 0.2, 0.0]
    with pytest.raises(ValueError, match=r"column 1 of T sums to 0\.7; expected every column to sum to 1"):
        call(name, net, X, T, uinn.CROSS_ENTROPY)()


@pytest.mark.parametrize("name", CALLS)
def test_cross_entropy_targets_with_nan_are_refused(name):
    net, X, T = classification()
    T[0, 2] = np.nan
    with pytest.raises(ValueError, match="T contains NaN or infinite values"):
        call(name, net, X, T, uinn.CROSS_ENTROPY)()


def test_soft_cross_entropy_targets_that_sum_to_1_are_accepted():
    net, X, _ = classification()
    T = np.full((3, 5), 1 / 3)
    assert np.isfinite(uinn.cross_entropy(uinn.predict(net, X), T))


@pytest.mark.parametrize("bad", [-0.1, 1.2])
def test_binary_cross_entropy_targets_outside_0_1_are_refused(bad):
    T = np.array([[0.0, 1.0, bad]])
    with pytest.raises(ValueError, match="binary cross-entropy targets must lie in \\[0, 1\\]"):
        uinn.binary_cross_entropy(np.zeros((1, 3)), T)
    with pytest.raises(ValueError, match="must lie in \\[0, 1\\]"):
        uinn.train(uinn.init_net([1, 1]), [[0.0, 1.0, 2.0]], T, lr=0.1, steps=1, loss=uinn.BINARY_CROSS_ENTROPY)


@pytest.mark.parametrize("loss", ["mse", uinn.mse, (uinn.mse, uinn.mse_gradient), None, uinn.RELU])
@pytest.mark.parametrize("name", ["gradients", "train", "gradient_check"])
def test_a_loss_that_is_not_a_uinn_loss_is_refused(name, loss):
    net, X, T = classification()
    with pytest.raises(TypeError, match=r"loss must be a uinn.Loss\(name, function, gradient\), such as uinn.MSE"):
        call(name, net, X, T, loss)()


def test_a_loss_whose_parts_are_not_callable_is_refused():
    net, X, T = classification()
    with pytest.raises(TypeError, match="loss must be a uinn.Loss"):
        uinn.gradients(net, X, T, loss=uinn.Loss("broken", 1.0, 2.0))


@pytest.mark.parametrize("batch_size", [0, -3, 6, 100])
def test_a_batch_size_outside_1_to_b_is_refused(batch_size):
    net, X, T = classification(B=5)
    with pytest.raises(ValueError, match=f"batch_size must be from 1 to 5, .* got {batch_size}"):
        uinn.train(net, X, T, lr=0.1, steps=1, loss=uinn.CROSS_ENTROPY, batch_size=batch_size)


@pytest.mark.parametrize("batch_size", [2.0, "2", True, [2]])
def test_a_batch_size_that_is_not_an_int_is_refused(batch_size):
    net, X, T = classification(B=5)
    with pytest.raises(TypeError, match=r"batch_size must be None \(the full batch\) or an int from 1 to 5"):
        uinn.train(net, X, T, lr=0.1, steps=1, batch_size=batch_size)


def test_a_numpy_integer_batch_size_is_accepted():
    net, X, T = classification(B=5)
    _, losses = uinn.train(net, X, T, lr=0.1, steps=3, loss=uinn.CROSS_ENTROPY, batch_size=np.int64(2))
    assert losses.shape == (3,)


@pytest.mark.parametrize("seed", [1.5, "0", [0]])
def test_a_seed_that_is_not_an_int_or_a_generator_is_refused(seed):
    net, X, T = classification(B=5)
    with pytest.raises(TypeError, match="seed must be an int or a numpy.random.Generator"):
        uinn.train(net, X, T, lr=0.1, steps=1, batch_size=2, seed=seed)


@pytest.mark.parametrize("function", [uinn.softmax, lambda Y: uinn.cross_entropy(Y, Y)])
def test_logits_that_are_not_2d_columns_are_refused(function):
    with pytest.raises(ValueError, match=r"Y must be 2-D with one sample per column"):
        function(np.zeros(3))


@pytest.mark.parametrize("name", CALLS)
def test_cross_entropy_calls_leave_net_x_and_t_unchanged(name):
    net, X, T = classification()
    saved = [(W.copy(), b.copy()) for W, b in net], X.copy(), T.copy()
    call(name, net, X, T, uinn.CROSS_ENTROPY)()
    for (W, b), (W0, b0) in zip(net, saved[0]):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    np.testing.assert_array_equal(X, saved[1])
    np.testing.assert_array_equal(T, saved[2])


def test_softmax_leaves_its_logits_unchanged():
    Y = np.array([[1.0, 2.0], [3.0, -1.0]])
    Y0 = Y.copy()
    uinn.softmax(Y)
    uinn.cross_entropy_gradient(Y, np.eye(2))
    np.testing.assert_array_equal(Y, Y0)
