"""Initialisation as UiNN does it: uniform Kaiming-He, shapes from the topology, reproducible.

Protects uinn.init_net, uinn.he_bounds, uinn.topology, uinn.copy_net and uinn.nets_allclose.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import uinn


@pytest.mark.parametrize(
    "sizes", [[2, 1], [2, 8, 8, 1], [784, 256, 256, 10], [1, 3, 5, 7, 2]], ids=str
)
def test_shapes_follow_the_topology(sizes):
    net = uinn.init_net(sizes)
    assert len(net) == len(sizes) - 1
    for (W, b), n_in, n_out in zip(net, sizes[:-1], sizes[1:]):
        assert W.shape == (n_out, n_in)
        assert b.shape == (n_out, 1)
        assert W.dtype == b.dtype == np.float64
    assert uinn.topology(net) == sizes


def test_layers_are_named_tuples_of_w_and_b():
    layer = uinn.init_net([2, 3])[0]
    assert isinstance(layer, uinn.Layer)
    assert layer.W is layer[0] and layer.b is layer[1]


def test_he_bounds_use_fan_in_for_weights_and_fan_out_for_biases():
    assert uinn.he_bounds(6, 24) == (pytest.approx(1.0), pytest.approx(0.5))
    a_W, a_b = uinn.he_bounds(784, 256)
    assert a_W == pytest.approx(math.sqrt(6 / 784)) and a_b == pytest.approx(math.sqrt(6 / 256))


@pytest.mark.parametrize("seed", range(5))
def test_every_weight_and_bias_lies_inside_its_bound(seed):
    sizes = [3, 50, 20, 1]
    for (W, b), n_in, n_out in zip(uinn.init_net(sizes, seed=seed), sizes[:-1], sizes[1:]):
        a_W, a_b = math.sqrt(6 / n_in), math.sqrt(6 / n_out)
        assert np.all(np.abs(W) <= a_W)
        assert np.all(np.abs(b) <= a_b)


def test_weights_and_biases_fill_their_range():
    # Uniform, not concentrated: the extremes come close to the bounds on a large layer.
    W, b = uinn.init_net([100, 400])[0]
    a_W, a_b = uinn.he_bounds(100, 400)
    assert W.max() > 0.99 * a_W and W.min() < -0.99 * a_W
    assert b.max() > 0.95 * a_b and b.min() < -0.95 * a_b


def test_sample_variance_is_close_to_bound_squared_over_three():
    # U(-a, a) has mean 0 and variance a²/3; for weights that is 2 / fan_in (He).
    # With N draws the sample variance has relative standard error ~0.9/sqrt(N):
    # 0.15% for the 400,000 weights, 0.4% for the 50,000 biases; we allow 2%.
    n_in, n_out = 8, 50_000
    W, b = uinn.init_net([n_in, n_out], seed=1)[0]
    a_W, a_b = uinn.he_bounds(n_in, n_out)
    assert W.var() == pytest.approx(a_W**2 / 3, rel=0.02)
    assert W.var() == pytest.approx(2 / n_in, rel=0.02)
    assert b.var() == pytest.approx(a_b**2 / 3, rel=0.02)
    assert abs(W.mean()) < 0.01 * a_W and abs(b.mean()) < 0.02 * a_b


def test_the_same_int_seed_gives_the_same_net_and_another_seed_another():
    sizes = [2, 8, 8, 1]
    one, again, other = uinn.init_net(sizes, seed=3), uinn.init_net(sizes, seed=3), uinn.init_net(sizes, seed=4)
    for (W1, b1), (W2, b2), (W3, _) in zip(one, again, other):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)
        assert not np.array_equal(W1, W3)


def test_no_seed_means_the_default_seed():
    for (W1, b1), (W2, b2) in zip(uinn.init_net([2, 8, 1]), uinn.init_net([2, 8, 1], seed=uinn.DEFAULT_SEED)):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)


def test_a_generator_seed_draws_what_the_same_int_seed_draws_and_advances():
    rng = np.random.default_rng(7)
    first = uinn.init_net([2, 5, 1], seed=rng)
    second = uinn.init_net([2, 5, 1], seed=rng)  # the generator moved on
    for (W1, b1), (W2, _), (W7, b7) in zip(first, second, uinn.init_net([2, 5, 1], seed=7)):
        np.testing.assert_array_equal(W1, W7)
        np.testing.assert_array_equal(b1, b7)
        assert not np.array_equal(W1, W2)


def test_draws_come_w_before_b_layer_by_layer_from_uniform_distributions():
    # Pins UiNN's recipe exactly, so a net made here matches one made from the same
    # generator state anywhere else.
    sizes = [2, 8, 8, 1]
    rng = np.random.default_rng(11)
    expected = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        a_W, a_b = math.sqrt(6 / n_in), math.sqrt(6 / n_out)
        W = rng.uniform(-a_W, a_W, size=(n_out, n_in))
        b = rng.uniform(-a_b, a_b, size=(n_out, 1))
        expected.append((W, b))
    for (W, b), (eW, eb) in zip(uinn.init_net(sizes, seed=11), expected):
        np.testing.assert_array_equal(W, eW)
        np.testing.assert_array_equal(b, eb)


def test_numpy_integer_seeds_and_tuple_topologies_are_accepted():
    net = uinn.init_net((2, np.int64(4), 1), seed=np.int64(3))
    for (W, _), (W3, _) in zip(net, uinn.init_net([2, 4, 1], seed=3)):
        np.testing.assert_array_equal(W, W3)


@pytest.mark.parametrize("seed", ["0", 1.5, True, [1]])
def test_a_seed_that_is_not_an_int_or_generator_is_refused(seed):
    with pytest.raises(TypeError, match="seed must be an int or a numpy.random.Generator"):
        uinn.init_net([2, 1], seed=seed)


def test_copy_net_makes_new_arrays_with_the_same_values():
    net = uinn.init_net([2, 4, 1])
    copy = uinn.copy_net(net)
    for (W, b), (cW, cb) in zip(net, copy):
        np.testing.assert_array_equal(W, cW)
        np.testing.assert_array_equal(b, cb)
        assert not np.shares_memory(W, cW) and not np.shares_memory(b, cb)
    copy[0].W[0, 0] += 1.0
    assert net[0].W[0, 0] != copy[0].W[0, 0]


def test_nets_allclose_tells_equal_nets_from_different_ones():
    net = uinn.init_net([2, 4, 1])
    copy = uinn.copy_net(net)
    assert uinn.nets_allclose(net, copy)
    copy[1].b[0, 0] += 1e-3
    assert not uinn.nets_allclose(net, copy)
    assert uinn.nets_allclose(net, copy, atol=1e-2)
    assert not uinn.nets_allclose(net, uinn.init_net([2, 3, 1]))   # other shapes
    assert not uinn.nets_allclose(net, net[:1])                     # other depth


def test_nets_allclose_refuses_something_that_is_not_a_net():
    with pytest.raises(TypeError, match="net must be a non-empty list of \\(W, b\\) layers"):
        uinn.nets_allclose(uinn.init_net([2, 1]), np.zeros((1, 2)))
