"""uinn's gradients against an independent automatic differentiation library.

Central differences (the other unit tests) check uinn against the loss itself; here
HIPS autograd, which differentiates plain NumPy code by tracing it, differentiates
the same network written from scratch, with no code shared with uinn. Both losses
(MSE and softmax cross-entropy), the binary cross-entropy, and both a ReLU and a tanh
network. autograd is a test dependency installed by .ci/run; without it these skip.
"""

from __future__ import annotations

import numpy as onp
import pytest

import uinn

autograd = pytest.importorskip("autograd", reason="the cross-check needs HIPS autograd: pip install autograd")
anp = pytest.importorskip("autograd.numpy")

TOL = 1e-12  # the two are the same arithmetic in a different order: rounding only


def independent_loss(params, X, T, loss, activation):
    """The network and its loss in autograd's NumPy, from the formulas alone."""
    A = X
    for k in range(0, len(params), 2):
        W, b = params[k], params[k + 1]
        Z = anp.dot(W, A) + b
        A = Z if k == len(params) - 2 else activation(Z)
    Y, B = A, X.shape[1]
    if loss == "mse":
        return anp.sum((Y - T) ** 2) / (2 * B)
    if loss == "cross_entropy":
        shifted = Y - anp.max(Y, axis=0, keepdims=True)
        log_p = shifted - anp.log(anp.sum(anp.exp(shifted), axis=0, keepdims=True))
        return -anp.sum(T * log_p) / B
    log_s, log_1ms = -anp.logaddexp(0.0, -Y), -anp.logaddexp(0.0, Y)
    return -anp.sum(T * log_s + (1 - T) * log_1ms) / B


ACTIVATIONS = {
    "relu": (uinn.RELU, lambda Z: anp.maximum(Z, 0.0)),
    "tanh": (uinn.TANH, anp.tanh),
}
LOSSES = {"mse": uinn.MSE, "cross_entropy": uinn.CROSS_ENTROPY, "binary_cross_entropy": uinn.BINARY_CROSS_ENTROPY}


def problem(loss: str, seed: int):
    rng = onp.random.default_rng(seed)
    net = uinn.init_net([4, 9, 7, 5], seed=rng)
    X = rng.standard_normal((4, 11))
    if loss == "mse":
        T = rng.standard_normal((5, 11))
    elif loss == "cross_entropy":
        T = onp.eye(5)[:, rng.integers(0, 5, size=11)]
    else:
        T = (rng.random((5, 11)) > 0.5).astype(float)
    return net, X, T


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_uinn_gradients_equal_autograds_to_rounding(loss, activation, seed):
    net, X, T = problem(loss, seed)
    ours_act, their_act = ACTIVATIONS[activation]
    params = [p for layer in net for p in layer]
    theirs = autograd.grad(independent_loss)(params, X, T, loss, their_act)
    ours = [p for layer in uinn.gradients(net, X, T, activation=ours_act, loss=LOSSES[loss]) for p in layer]
    value = float(independent_loss(params, X, T, loss, their_act))
    assert LOSSES[loss].function(uinn.predict(net, X, ours_act), T) == pytest.approx(value, rel=TOL)
    worst = max(uinn.calculus.relative_error(a, b) for a, b in zip(ours, theirs))
    assert worst < TOL, f"largest relative error {worst:.2e}"
