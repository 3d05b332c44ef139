"""Jacobians and derivatives: the building blocks of the backward pass, and the tools that check it.

Protects the activations (uinn.RELU, SIGMOID, TANH), the claims chapter 3 makes
about the Jacobians of a linear layer (W) and of ReLU (a 0/1 diagonal), and the
helpers in uinn.calculus that every gradient check relies on.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn
from uinn.calculus import (
    derivative,
    error_report,
    max_error,
    numerical_jacobian,
    relative_error,
    weight_jacobian_tensor,
)

ACTIVATIONS = [uinn.RELU, uinn.SIGMOID, uinn.TANH]


def away_from_zero(rng, shape, margin=0.05):
    """Random values with |z| >= margin, so central differences never straddle ReLU's kink."""
    z = rng.standard_normal(shape)
    return np.where(np.abs(z) < margin, np.sign(z + 1e-12) * margin, z)


# --------------------------------------------------------------------------- Jacobians


@pytest.mark.parametrize("n_in, n_out", [(1, 1), (3, 2), (4, 6)])
def test_jacobian_of_a_linear_layer_is_its_weight_matrix(n_in, n_out):
    rng = np.random.default_rng(n_in * 10 + n_out)
    W, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1))
    x = rng.standard_normal((n_in, 1))
    J = numerical_jacobian(lambda v: W @ v + b, x)
    assert J.shape == (n_out, n_in)
    np.testing.assert_allclose(J, W, rtol=1e-8, atol=1e-8)


def test_jacobian_of_a_linear_layer_does_not_depend_on_the_point():
    rng = np.random.default_rng(1)
    W, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    J1 = numerical_jacobian(lambda v: W @ v + b, rng.standard_normal((4, 1)))
    J2 = numerical_jacobian(lambda v: W @ v + b, 100 * rng.standard_normal((4, 1)))
    np.testing.assert_allclose(J1, J2, rtol=1e-6, atol=1e-6)


def test_jacobian_of_relu_is_a_diagonal_of_zeros_and_ones():
    z = away_from_zero(np.random.default_rng(2), (8, 1))
    J = numerical_jacobian(uinn.RELU.function, z)
    np.testing.assert_allclose(J, np.diag((z[:, 0] > 0).astype(float)), atol=1e-9)
    assert set(np.unique(np.round(J, 6))) <= {0.0, 1.0}
    np.testing.assert_array_equal(np.diag(uinn.RELU.derivative(z)[:, 0]).astype(float), np.round(J, 6))


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_jacobian_of_an_activation_is_diagonal_with_its_derivative(activation):
    z = away_from_zero(np.random.default_rng(3), (6, 1))
    J = numerical_jacobian(activation.function, z)
    np.testing.assert_allclose(J, np.diag(activation.derivative(z)[:, 0]), rtol=1e-7, atol=1e-9)


def test_numerical_jacobian_orders_entries_row_major():
    # f(X) = 2 X for a (2, 3) matrix: the Jacobian is 2 I with entries in row-major order;
    # f(X) = X.T permutes them, so its Jacobian is a permutation matrix.
    X = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(numerical_jacobian(lambda M: 2 * M, X), 2 * np.eye(6), atol=1e-8)
    P = numerical_jacobian(lambda M: M.T, X)
    expected = np.eye(6)[[0, 3, 1, 4, 2, 5]]  # entry (i, j) of X.T is entry (j, i) of X
    np.testing.assert_allclose(P, expected, atol=1e-8)


def test_numerical_jacobian_of_a_scalar_function_is_one_row():
    x = np.array([[1.0], [2.0], [3.0]])
    J = numerical_jacobian(lambda v: np.sum(v**2), x)
    assert J.shape == (1, 3)
    np.testing.assert_allclose(J, 2 * x.T, rtol=1e-8)


# --------------------------------------------------------------------------- activations


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("z", [-3.0, -0.7, -0.05, 0.05, 0.4, 2.5])
def test_activation_derivative_agrees_with_central_differences(activation, z):
    f = lambda x: float(activation.function(np.array(x)))  # noqa: E731
    assert float(activation.derivative(np.array(z))) == pytest.approx(derivative(f, z), rel=1e-7, abs=1e-9)


def test_relu_derivative_at_exactly_zero_is_zero():
    assert float(uinn.RELU.derivative(np.array(0.0))) == 0.0
    assert float(uinn.RELU.derivative(np.array(-0.0))) == 0.0
    np.testing.assert_array_equal(
        uinn.RELU.derivative(np.array([[-1.0, 0.0, 1e-300, 2.0]])), [[0, 0, 1, 1]]
    )


def test_relu_zeroes_negatives_and_keeps_positives():
    z = np.array([[-2.0, -0.0, 0.0, 0.5, 3.0]])
    np.testing.assert_array_equal(uinn.RELU.function(z), [[0.0, 0.0, 0.0, 0.5, 3.0]])


def test_sigmoid_is_the_logistic_function_and_does_not_overflow():
    z = np.linspace(-30, 30, 61)
    # Absolute agreement: 0.5 (1 + tanh(z/2)) loses relative precision in the far left
    # tail (1e-4 relative at z = -30, i.e. 4e-17 absolute), which no gradient notices.
    np.testing.assert_allclose(uinn.SIGMOID.function(z), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=1e-15)
    big = np.array([-1000.0, 1000.0])  # exp(1000) overflows; filterwarnings=error would catch it
    np.testing.assert_array_equal(uinn.SIGMOID.function(big), [0.0, 1.0])
    np.testing.assert_array_equal(uinn.SIGMOID.derivative(big), [0.0, 0.0])


def test_tanh_derivative_is_one_minus_tanh_squared():
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(uinn.TANH.derivative(z), 1 - np.tanh(z) ** 2, rtol=1e-12)


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_activations_keep_the_shape_of_their_input(activation):
    Z = np.random.default_rng(4).standard_normal((3, 5))
    assert activation.function(Z).shape == Z.shape
    assert activation.derivative(Z).shape == Z.shape


# --------------------------------------------------------------------------- helpers


def test_derivative_is_a_central_difference():
    assert derivative(np.sin, 0.3) == pytest.approx(np.cos(0.3), rel=1e-9)
    # Exact for a quadratic, whatever the step: (f(x+h) - f(x-h)) / 2h = 2x.
    assert derivative(lambda x: x * x, 1.5, h=0.5) == pytest.approx(3.0, rel=1e-15)


def test_relative_error_is_zero_for_equal_arrays_and_symmetric():
    a, b = np.array([1.0, 2.0]), np.array([1.0, 2.5])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, b) == relative_error(b, a)
    assert relative_error(a, b) == pytest.approx(0.5 / (np.linalg.norm(a) + np.linalg.norm(b)))


def test_relative_error_refuses_arrays_of_different_shapes():
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def test_error_report_hides_rounding_noise_and_flags_wrong_layers():
    errors = [uinn.Layer(3e-10, 2e-8), uinn.Layer(0.3, 1e-9)]
    report = error_report(errors)
    lines = report.splitlines()
    assert len(lines) == 3 and "dL/dW" in lines[0] and "dL/db" in lines[0]
    assert "< 1e-07" in lines[1] and lines[1].endswith("ok")
    assert "0.3" in lines[2] and lines[2].endswith("WRONG")
    assert max_error(errors) == 0.3


def test_gradient_check_reports_one_pair_of_errors_per_layer():
    net = uinn.init_net([2, 3, 3, 1], seed=5)
    X, T = uinn.data.xnor()
    errors = uinn.gradient_check(net, X, T)
    assert len(errors) == 3
    assert all(isinstance(e, uinn.Layer) and isinstance(e.W, float) and isinstance(e.b, float) for e in errors)


def test_gradient_check_refuses_grads_for_another_number_of_layers():
    net = uinn.init_net([2, 3, 1], seed=5)
    X, T = uinn.data.xnor()
    with pytest.raises(ValueError, match="2 layers but grads has 1"):
        uinn.gradient_check(net, X, T, grads=uinn.gradients(net, X, T)[:1])


def test_gradient_check_names_the_layer_and_shape_of_a_misshapen_gradient():
    net = uinn.init_net([2, 4, 1], seed=5)
    X, T = uinn.data.xnor()
    grads = uinn.gradients(net, X, T)
    grads[0] = uinn.Layer(grads[0].W, grads[0].b.sum(axis=0, keepdims=True))
    with pytest.raises(ValueError, match=r"layer 1: db has shape \(1, 1\), expected \(4, 1\)"):
        uinn.gradient_check(net, X, T, grads=grads)


def test_weight_jacobian_tensor_agrees_with_the_numerical_jacobian_of_y_with_respect_to_w():
    rng = np.random.default_rng(6)
    n_in, n_out = 3, 2
    x, b = rng.standard_normal((n_in, 1)), rng.standard_normal((n_out, 1))
    W = rng.standard_normal((n_out, n_in))
    numeric = numerical_jacobian(lambda M: M @ x + b, W).reshape(n_out, n_out, n_in)
    tensor = weight_jacobian_tensor(x, n_out)
    assert tensor.shape == (n_out, n_out, n_in)
    np.testing.assert_allclose(tensor, numeric, rtol=1e-8, atol=1e-10)


def test_contracting_the_weight_jacobian_tensor_with_g_gives_the_outer_product():
    rng = np.random.default_rng(7)
    x, g = rng.standard_normal(4), rng.standard_normal(3)
    contracted = np.einsum("i,ijk->jk", g, weight_jacobian_tensor(x, 3))
    np.testing.assert_allclose(contracted, np.outer(g, x), rtol=1e-14)


@pytest.mark.parametrize("n_out, error", [(0, ValueError), (-1, ValueError), (2.0, TypeError), (True, TypeError), ("3", TypeError)])
def test_weight_jacobian_tensor_refuses_a_bad_output_size(n_out, error):
    with pytest.raises(error, match="n_out must be a positive integer"):
        weight_jacobian_tensor(np.ones(3), n_out)
