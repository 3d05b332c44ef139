"""Minibatch SGD in uinn.train: which columns each step sees, and that it is the same algorithm.

Protects uinn.train's ``batch_size`` and ``seed``: batch_size=B equals full-batch descent,
a seed gives one run, every sample is used once per epoch, a minibatch step is the
gradient step on exactly those columns, and the full batch path is unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn


def regression(B: int = 10, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, B))
    T = np.sin(X.sum(axis=0, keepdims=True))
    return uinn.init_net([3, 7, 1], seed=seed), X, T


def tagged(B: int):
    """A problem whose loss tells which columns a batch held: a [1, 1] net that outputs 0.

    With W = 0 and b = 0 the prediction is 0 whatever the input, so the loss of a batch
    is sum(t^2) / (2 b) over its columns. Target s is 2^(s/2), so t_s^2 = 2^s and the
    loss times 2b is a sum of distinct powers of two: its binary digits are the columns.
    Learning rate 1e-300 keeps the net at zero (the update underflows to nothing).
    """
    net = [uinn.Layer(np.zeros((1, 1)), np.zeros((1, 1)))]
    X = np.arange(B, dtype=float)[None, :]
    T = 2.0 ** (np.arange(B)[None, :] / 2)
    return net, X, T


def columns_of_each_step(losses: np.ndarray, sizes: list[int]) -> list[list[int]]:
    out = []
    for loss, b in zip(losses, sizes):
        bits = int(round(loss * 2 * b))
        out.append([s for s in range(bits.bit_length()) if bits >> s & 1])
    return out


def test_batch_size_none_is_the_full_batch_step_repeated():
    net, X, T = regression()
    trained, losses = uinn.train(net, X, T, lr=0.1, steps=5)
    by_hand = net
    for step in range(5):
        assert losses[step] == uinn.mse(uinn.predict(by_hand, X), T)
        by_hand = uinn.apply_gradients(by_hand, uinn.gradients(by_hand, X, T), lr=0.1)
    assert uinn.nets_allclose(trained, by_hand, rtol=1e-13, atol=1e-15)


def test_batch_size_b_equals_the_full_batch_up_to_the_order_of_summation():
    net, X, T = regression(B=12)
    full, full_losses = uinn.train(net, X, T, lr=0.1, steps=30)
    mini, mini_losses = uinn.train(net, X, T, lr=0.1, steps=30, batch_size=12, seed=3)
    np.testing.assert_allclose(mini_losses, full_losses, rtol=1e-12)
    assert uinn.nets_allclose(mini, full, rtol=1e-12, atol=1e-14)


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    net, X, T = regression()
    a, la = uinn.train(net, X, T, lr=0.1, steps=25, batch_size=3, seed=7)
    b, lb = uinn.train(net, X, T, lr=0.1, steps=25, batch_size=3, seed=7)
    c, lc = uinn.train(net, X, T, lr=0.1, steps=25, batch_size=3, seed=8)
    np.testing.assert_array_equal(la, lb)
    assert uinn.nets_allclose(a, b, rtol=0, atol=0)
    assert not np.array_equal(la, lc)


def test_a_generator_seed_is_drawn_from_and_gives_the_same_run_as_its_int_seed():
    net, X, T = regression()
    _, from_int = uinn.train(net, X, T, lr=0.1, steps=12, batch_size=4, seed=5)
    rng = np.random.default_rng(5)
    _, from_rng = uinn.train(net, X, T, lr=0.1, steps=12, batch_size=4, seed=rng)
    np.testing.assert_array_equal(from_int, from_rng)
    assert rng.bit_generator.state != np.random.default_rng(5).bit_generator.state


@pytest.mark.parametrize("B, b", [(8, 2), (10, 3), (7, 7), (5, 1)])
def test_every_sample_is_used_once_per_epoch(B, b):
    net, X, T = tagged(B)
    per_epoch = -(-B // b)
    sizes = ([b] * (B // b) + ([B % b] if B % b else [])) * 3
    _, losses = uinn.train(net, X, T, lr=1e-300, steps=len(sizes), batch_size=b, seed=1)
    steps = columns_of_each_step(losses, sizes)
    assert [len(cols) for cols in steps] == sizes
    for epoch in range(3):
        seen = sorted(s for cols in steps[epoch * per_epoch:(epoch + 1) * per_epoch] for s in cols)
        assert seen == list(range(B)), f"epoch {epoch}: columns {seen}"


def test_each_epoch_is_reshuffled():
    net, X, T = tagged(12)
    _, losses = uinn.train(net, X, T, lr=1e-300, steps=12, batch_size=4, seed=2)
    steps = columns_of_each_step(losses, [4] * 12)
    epochs = [tuple(map(tuple, steps[i:i + 3])) for i in range(0, 12, 3)]
    assert len(set(epochs)) == 4


def test_a_minibatch_step_is_the_gradient_step_on_its_columns():
    net, X, T = regression(B=9)
    trained, losses = uinn.train(net, X, T, lr=0.2, steps=1, batch_size=4, seed=0)
    columns = np.random.default_rng(0).permutation(9)[:4]
    X_b, T_b = X[:, columns], T[:, columns]
    assert losses[0] == pytest.approx(uinn.mse(uinn.predict(net, X_b), T_b), rel=1e-13)
    by_hand = uinn.apply_gradients(net, uinn.gradients(net, X_b, T_b), lr=0.2)
    assert uinn.nets_allclose(trained, by_hand, rtol=1e-12, atol=1e-15)


def test_minibatch_training_with_cross_entropy_lowers_the_full_data_loss():
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 3, size=60)
    X = np.array([[1.5, -1.5, 0.0], [0.0, 0.0, 2.0]])[:, labels] + 0.5 * rng.standard_normal((2, 60))
    T = np.eye(3)[:, labels]
    net = uinn.init_net([2, 10, 3], seed=0)
    trained, losses = uinn.train(net, X, T, lr=0.3, steps=200, loss=uinn.CROSS_ENTROPY, batch_size=8, seed=0)
    assert losses.shape == (200,)
    before = uinn.cross_entropy(uinn.predict(net, X), T)
    assert uinn.cross_entropy(uinn.predict(trained, X), T) < 0.3 * before


def test_minibatch_training_does_not_modify_its_arguments():
    net, X, T = regression()
    saved = [(W.copy(), b.copy()) for W, b in net]
    X0, T0 = X.copy(), T.copy()
    uinn.train(net, X, T, lr=0.1, steps=7, batch_size=3, seed=0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(T, T0)
    for (W, b), (W0, b0) in zip(net, saved):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_minibatch_divergence_names_the_step():
    net, X, T = regression()
    with pytest.raises(FloatingPointError, match=r"at step \d+ of 500 .*smaller learning rate"):
        uinn.train(net, X, 1e3 * T, lr=50.0, steps=500, batch_size=2, seed=0)
