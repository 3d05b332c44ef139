"""Numerical calculus to check analytic derivatives against, and teaching helpers.

Central differences, ``(f(x + h) - f(x - h)) / 2h``, make two errors. Truncation,
about ``h**2 |f'''| / 6``, shrinks as ``h`` shrinks; it is zero where ``f`` is
quadratic, as the MSE loss of a ReLU network is in any one parameter while no unit
crosses its kink. Rounding, about ``eps |f| / h`` with ``eps = 2**-52`` in float64,
grows as ``h`` shrinks. The sum is smallest near ``h = eps**(1/3)``, about 6e-6 for
values of order 1, and the default step ``H = 1e-6`` is close to that. Within ``h`` of
a kink (ReLU at 0) the estimate mixes the slopes on both sides and is not the
derivative of either piece.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from uinn.activations import RELU, Activation
from uinn.backward import gradients
from uinn.forward import run_forward
from uinn.loss import MSE, Loss, check_loss, check_loss_targets, loss_and_gradient
from uinn.net import Layer, copy_net
from uinn.validate import (
    check_activation,
    check_grads,
    check_input,
    check_net,
    check_positive_int,
    check_targets,
)

H = 1e-6
"""Default step for central differences in float64, near the best step ``eps**(1/3)``."""


def derivative(f: Callable[[float], float], x: float, h: float = H) -> float:
    """Return the central-difference estimate of ``f'(x)`` for a scalar function."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_jacobian(f: Callable[[np.ndarray], Any], x: Any, h: float = H) -> np.ndarray:
    """Return the Jacobian of ``f`` at ``x`` by central differences, shape ``(m, n)``.

    ``x`` is a vector (any shape with ``n`` entries, e.g. a column ``(n, 1)``) and
    ``f(x)`` an array with ``m`` entries; entry ``(i, j)`` is ``d f_i / d x_j``, both
    counted in row-major order. ``x`` is not modified.
    """
    x = np.array(x, dtype=np.float64)  # a copy we may perturb
    flat = x.reshape(-1)
    m = np.size(f(x))
    J = np.empty((m, flat.size))
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + h
        f_plus = np.array(f(x), dtype=np.float64).reshape(-1)
        flat[j] = old - h
        f_minus = np.array(f(x), dtype=np.float64).reshape(-1)
        flat[j] = old
        J[:, j] = (f_plus - f_minus) / (2 * h)
    return J


def numerical_gradients(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    activation: Activation = RELU,
    h: float = H,
    loss: Loss = MSE,
) -> list[Layer]:
    """Return ``dL/dW_k`` and ``dL/db_k`` of ``loss.function(predict(net, X), T)`` by central differences.

    Same shapes as :func:`uinn.gradients <uinn.backward.gradients>`. Costs two
    forward passes per parameter, so use it on small nets. ``net`` is not modified (a copy is perturbed).
    """
    X = check_input(net, X)
    T = check_targets(net, X, T)
    check_activation(activation)
    check_loss_targets(check_loss(loss), T)

    def value() -> float:
        return loss_and_gradient(loss, run_forward(probe, X, activation)[-1], T)[0]

    probe = copy_net(net)
    result = []
    for layer in probe:
        grads = []
        for p in layer:
            g = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + h
                plus = value()
                p[idx] = old - h
                minus = value()
                p[idx] = old
                g[idx] = (plus - minus) / (2 * h)
            grads.append(g)
        result.append(Layer(*grads))
    return result


def relative_error(a: Any, b: Any) -> float:
    """Return ``|a - b| / (|a| + |b|)`` in the Frobenius norm, and 0 when both are 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def gradient_check(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    grads: Sequence[Layer] | None = None,
    activation: Activation = RELU,
    h: float = H,
    loss: Loss = MSE,
) -> list[Layer]:
    """Compare analytic gradients with central differences, parameter by parameter.

    Both are gradients of ``loss`` (default :data:`uinn.MSE <uinn.loss.MSE>`).
    ``grads`` defaults to :func:`uinn.gradients <uinn.backward.gradients>` of
    ``net``; pass your own (say, from a hand-written backward pass) to check those
    instead. Returns one
    ``Layer(error_W, error_b)`` of floats per layer, each the
    :func:`~uinn.calculus.relative_error` between the analytic and the numerical gradient, which
    does not change when both are scaled together. With the default ``h``, a correct
    backward pass in float64 gives errors far below 1e-6 (rounding noise, mostly
    between 1e-11 and 1e-8); :func:`~uinn.calculus.error_report` flags anything above
    1e-6. Two things make correct code fail that test, by any amount: a ReLU unit
    within ``h`` of its kink (the two one-sided slopes differ there), and a gradient
    that is tiny next to the loss, near a minimum of a loss that does not reach zero
    (the central difference keeps a rounding error of about ``eps * abs(L) / h`` while
    the gradient shrinks). Rule both out before calling a large error a bug: keep
    pre-activations away from 0, and check while the loss still falls, or compare
    the absolute error with ``eps * abs(L) / h``.
    """
    if grads is None:
        grads = gradients(net, X, T, activation, loss)
    else:
        check_net(net)
        check_grads(net, grads)
    numeric = numerical_gradients(net, X, T, activation, h, loss)
    return [
        Layer(relative_error(g.W, n.W), relative_error(g.b, n.b))
        for g, n in zip(grads, numeric)
    ]


def weight_jacobian_tensor(x: Any, n_out: int) -> np.ndarray:
    """Return ``dy/dW`` for ``y = W x + b``: a tensor of shape ``(m, m, n)``, for teaching.

    ``x`` is the input vector (``n`` entries), ``m = n_out``. Entry ``[i, j, k]`` is
    ``d y_i / d W_jk``, which is ``x_k`` when ``i == j`` and 0 otherwise: slice ``i``
    holds ``x^T`` in row ``i`` and zeros elsewhere. Flattened to ``(m, m * n)`` with the
    weights listed column by column it is the Kronecker product ``x^T ⊗ I``; listed row by
    row, as ``reshape`` lists them, ``I ⊗ x^T``.
    Real code never builds it; contracting it with ``g = dL/dy`` gives the outer
    product ``g x^T``.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    n_out = check_positive_int(n_out, "n_out")
    eye = np.eye(n_out)
    return eye[:, :, None] * x[None, None, :]


def backbone_jacobians(
    net: Sequence[Layer], x: Any, activation: Activation = RELU
) -> list[np.ndarray]:
    """Return the Jacobian of every backbone step at one sample: ``[J_1, ..., J_N]``.

    ``x`` is one input sample, shape ``(n_0, 1)`` or ``(n_0,)``. ``J_i = dY_i/dY_(i-1)``
    is ``W_k``, shape ``(n_k, n_{k-1})``, for the linear step of layer k
    (``i = 2k - 1``), and the diagonal matrix ``diag(act'(Y_(i-1)))``, shape
    ``(n_k, n_k)``, for the activation step after it (``i = 2k``). The product
    ``J_N ... J_2 J_1`` is the Jacobian of the whole network (see
    :func:`input_jacobian`). For teaching: the backward pass never builds these
    matrices; it multiplies by ``W_k^T`` and elementwise by ``act'``.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    x = check_input(net, x)
    if x.shape[1] != 1:
        raise ValueError(
            f"x must be one sample, shape ({x.shape[0]}, 1), got {x.shape[1]} columns; "
            "each sample has its own Jacobian"
        )
    check_activation(activation)
    record = run_forward(net, x, activation)
    jacobians = []
    for i in range(1, len(record)):
        if i % 2:  # Y_i = W_k Y_(i-1) + b_k
            jacobians.append(np.array(net[(i - 1) // 2].W, dtype=np.float64))
        else:  # Y_i = act(Y_(i-1)), elementwise
            jacobians.append(np.diag(activation.derivative(record[i - 1])[:, 0].astype(np.float64)))
    return jacobians


def input_jacobian(
    net: Sequence[Layer], x: Any, activation: Activation = RELU, upto: int | None = None
) -> np.ndarray:
    """Return ``dY_upto/dY_0`` at one sample ``x``: the product ``J_upto ... J_2 J_1``.

    ``x`` has shape ``(n_0, 1)`` or ``(n_0,)``; ``upto`` is a backbone index from 1 to
    ``N`` (default ``N``, the output), and the result has shape
    ``(rows of Y_upto, n_0)``. The factors are those of :func:`backbone_jacobians`.
    """
    jacobians = backbone_jacobians(net, x, activation)
    n = len(jacobians)
    if upto is None:
        upto = n
    if isinstance(upto, bool) or not isinstance(upto, (int, np.integer)) or not 1 <= upto <= n:
        raise ValueError(f"upto must be a backbone index from 1 to {n}, got {upto!r}")
    J = jacobians[0]
    for factor in jacobians[1:upto]:
        J = factor @ J
    return J


def max_error(errors: Sequence[Layer]) -> float:
    """Return the largest relative error in a :func:`gradient_check` report."""
    return max(max(e.W, e.b) for e in errors)


def error_report(errors: Sequence[Layer], floor: float = 1e-7, tol: float = 1e-6) -> str:
    """Format a :func:`gradient_check` report as a table, one line per layer.

    Errors below ``floor`` are shown as ``< floor``: their digits are rounding
    noise that changes with the machine and the BLAS thread count. Each line ends
    in ``ok`` when both errors are below ``tol``, else ``WRONG``.
    """

    def show(e: float) -> str:
        return f"< {floor:.0e}" if e < floor else f"{e:.2g}"

    lines = [f"{'layer':>5}  {'dL/dW error':>12}  {'dL/db error':>12}"]
    for k, e in enumerate(errors, start=1):
        verdict = "ok" if max(e.W, e.b) < tol else "WRONG"
        lines.append(f"{k:>5}  {show(e.W):>12}  {show(e.b):>12}  {verdict}")
    return "\n".join(lines)
