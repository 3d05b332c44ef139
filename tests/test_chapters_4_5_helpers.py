"""Tests for the uinn helpers that chapters 4 and 5 lean on.

Chapter 4 builds ``dy/dW`` with :func:`uinn.calculus.weight_jacobian_tensor`; these
tests hold it to a numerical Jacobian of ``y = W x + b`` with respect to ``W`` and to
the outer product ``g x^T`` after contraction with an upstream gradient ``g``.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn
from uinn.calculus import weight_jacobian_tensor


@pytest.mark.parametrize("m, n", [(1, 1), (3, 4), (5, 2), (2, 7)])
def test_weight_jacobian_tensor_matches_numerical_jacobian(m, n):
    rng = np.random.default_rng(m * 10 + n)
    W = rng.standard_normal((m, n))
    b = rng.standard_normal((m, 1))
    x = rng.standard_normal((n, 1))
    D = weight_jacobian_tensor(x, m)
    assert D.shape == (m, m, n)
    # numerical_jacobian flattens W row by row: column j*n + k is W[j, k].
    numeric = uinn.numerical_jacobian(lambda V: V @ x + b, W).reshape(m, m, n)
    np.testing.assert_allclose(D, numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("m, n", [(1, 1), (3, 4), (6, 5)])
def test_contracting_the_tensor_gives_the_outer_product_exactly(m, n):
    rng = np.random.default_rng(100 + m * 10 + n)
    x = rng.standard_normal((n, 1))
    g = rng.standard_normal(m)
    contracted = np.einsum("i,ijk->jk", g, weight_jacobian_tensor(x, m))
    # Every entry is one product g_j * x_k plus exact zeros: equality is exact.
    assert np.array_equal(contracted, np.outer(g, x))


def test_contraction_equals_uinn_leaf_gradient_for_a_batch_of_one():
    rng = np.random.default_rng(7)
    net = uinn.init_net([4, 3], seed=rng)
    x = rng.uniform(-1, 1, size=(4, 1))
    t = rng.uniform(-1, 1, size=(3, 1))
    g = uinn.mse_gradient(uinn.predict(net, x), t)
    (dW, db), = uinn.gradients(net, x, t)
    contracted = np.einsum("i,ijk->jk", g[:, 0], weight_jacobian_tensor(x, 3))
    np.testing.assert_allclose(dW, contracted, rtol=1e-15, atol=0)
    np.testing.assert_allclose(db, g, rtol=1e-15, atol=0)


def test_weight_jacobian_tensor_slices_hold_x_in_one_row():
    x = np.array([2.0, 1.0, 0.5, 3.0])
    D = weight_jacobian_tensor(x, 3)
    for i in range(3):
        expected = np.zeros((3, 4))
        expected[i] = x
        assert np.array_equal(D[i], expected)


def test_weight_jacobian_tensor_flattens_to_kronecker_products():
    rng = np.random.default_rng(3)
    m, n = 3, 5
    x = rng.standard_normal((n, 1))
    D = weight_jacobian_tensor(x, m)
    # weights column by column (vec W): x^T kron I; row by row: I kron x^T.
    assert np.array_equal(D.transpose(0, 2, 1).reshape(m, m * n), np.kron(x.T, np.eye(m)))
    assert np.array_equal(D.reshape(m, m * n), np.kron(np.eye(m), x.T))


@pytest.mark.parametrize("shape", [(4,), (4, 1), (1, 4)])
def test_weight_jacobian_tensor_accepts_any_vector_shape_and_leaves_x_alone(shape):
    x = np.arange(1.0, 5.0).reshape(shape)
    before = x.copy()
    D = weight_jacobian_tensor(x, 2)
    assert D.shape == (2, 2, 4)
    assert np.array_equal(x, before)


def test_batched_weight_gradient_is_the_mean_of_per_sample_outer_products():
    """Chapter 5: dL/dW = G X^T sums per-sample outer products; 1/B sits in G."""
    rng = np.random.default_rng(11)
    net = uinn.init_net([3, 2], seed=rng)
    X = rng.standard_normal((3, 6))
    T = rng.standard_normal((2, 6))
    (dW, db), = uinn.gradients(net, X, T)
    per_sample = [uinn.gradients(net, X[:, [s]], T[:, [s]])[0] for s in range(6)]
    np.testing.assert_allclose(dW, np.mean([p.W for p in per_sample], axis=0), rtol=1e-12)
    np.testing.assert_allclose(db, np.mean([p.b for p in per_sample], axis=0), rtol=1e-12)
    G = uinn.mse_gradient(uinn.predict(net, X), T)
    outer_sum = sum(np.outer(G[:, s], X[:, s]) for s in range(6))
    np.testing.assert_allclose(dW, outer_sum, rtol=1e-12)
