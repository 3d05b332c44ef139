"""The loss is exactly sum((Y - T)**2) / (2B), and its gradient exactly (Y - T) / B.

Protects uinn.mse and uinn.mse_gradient: the formula the book states and the
scaling that makes UiNN's learning rates mean the same here.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn
from uinn.calculus import numerical_jacobian


def outputs_and_targets(n_out: int, batch: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_out, batch)), rng.standard_normal((n_out, batch))


@pytest.mark.parametrize("n_out, batch", [(1, 1), (1, 4), (3, 5)])
def test_mse_is_the_sum_of_squares_over_twice_the_batch_size(n_out, batch):
    Y, T = outputs_and_targets(n_out, batch)
    assert uinn.mse(Y, T) == pytest.approx(np.sum((Y - T) ** 2) / (2 * batch), rel=1e-14)


def test_mse_by_hand():
    # Residuals 1, -2, 3, 0 over a batch of 2: (1 + 4 + 9 + 0) / (2 * 2) = 3.5.
    Y = np.array([[1.0, 0.0], [3.0, 5.0]])
    T = np.array([[0.0, 2.0], [0.0, 5.0]])
    assert uinn.mse(Y, T) == 3.5
    np.testing.assert_array_equal(uinn.mse_gradient(Y, T), [[0.5, -1.0], [1.5, 0.0]])


def test_mse_is_a_python_float_and_zero_on_a_perfect_fit():
    Y, _ = outputs_and_targets(2, 3)
    assert type(uinn.mse(Y, Y)) is float
    assert uinn.mse(Y, Y) == 0.0


def test_mse_divides_by_the_batch_size_not_by_the_number_of_entries():
    # Two outputs per sample: the mean is over samples (B = 3), not over 6 entries.
    Y, T = np.ones((2, 3)), np.zeros((2, 3))
    assert uinn.mse(Y, T) == pytest.approx(6 / (2 * 3))


@pytest.mark.parametrize("n_out, batch", [(1, 1), (1, 4), (3, 5)])
def test_mse_gradient_is_the_residual_over_the_batch_size(n_out, batch):
    Y, T = outputs_and_targets(n_out, batch, seed=1)
    G = uinn.mse_gradient(Y, T)
    assert G.shape == Y.shape
    np.testing.assert_allclose(G, (Y - T) / batch, rtol=1e-15)


@pytest.mark.parametrize("n_out, batch", [(1, 1), (2, 3), (3, 5)])
def test_mse_gradient_agrees_with_central_differences(n_out, batch):
    Y, T = outputs_and_targets(n_out, batch, seed=2)
    numeric = numerical_jacobian(lambda V: uinn.mse(V, T), Y).reshape(Y.shape)
    np.testing.assert_allclose(uinn.mse_gradient(Y, T), numeric, rtol=1e-7, atol=1e-10)


def test_mse_accepts_lists_and_integer_arrays():
    assert uinn.mse([[1, 2]], np.array([[0, 0]])) == pytest.approx(5 / 4)
    assert uinn.mse_gradient([[1, 2]], [[0, 0]]).dtype == np.float64
