"""Losses over a batch, as named (function, gradient) pairs like the activations.

A loss compares the network's output ``Y`` with the targets ``T``, both of shape
``(n_out, B)`` (one sample per column), and returns a number; its gradient
``dL/dY`` has the shape of ``Y``. Every loss here is a mean over the ``B`` columns,
so the ``1/B`` enters the backward pass once, in ``dL/dY``.

- :data:`MSE` (the default everywhere): ``L = sum((Y - T)**2) / (2 B)``, gradient
  ``(Y - T) / B``. The 1/2 cancels the 2 from the square, which is the factor UiNN
  folds into its learning rate, so UiNN's learning rates mean the same here.
- :data:`CROSS_ENTROPY`, softmax folded in: ``Y`` holds logits, one column per
  sample; ``L = -sum(T * log softmax(Y)) / B``, gradient ``(softmax(Y) - T) / B``.
  Each column of ``T`` is a probability vector (usually one-hot).
- :data:`BINARY_CROSS_ENTROPY`, the logistic sigmoid folded in: every entry of ``Y``
  is a logit for an independent yes/no target in ``T`` (in [0, 1]);
  ``L = -sum(T log s + (1 - T) log(1 - s)) / B`` with ``s = sigmoid(Y)``, gradient
  ``(s - T) / B``.

The cross-entropies are computed from the logits with log-sum-exp, never as the
log of a probability that has already rounded to 0 or 1, so logits of any size
give a finite loss and gradient.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from uinn.validate import check_array

LossFn = Callable[[Any, Any], float]
GradientFn = Callable[[Any, Any], np.ndarray]


class Loss(NamedTuple):
    """A loss and its gradient, both functions of the output ``Y`` and the targets ``T``.

    ``function(Y, T)`` returns the loss as a float and ``gradient(Y, T)`` returns
    ``dL/dY``, shaped like ``Y``; ``Y`` and ``T`` have shape ``(n_out, B)``.
    """

    name: str
    function: LossFn
    gradient: GradientFn

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


# ---- mean squared error -----------------------------------------------------------


def mse(Y: Any, T: Any) -> float:
    """Return ``sum((Y - T)**2) / (2 B)`` for outputs ``Y`` and targets ``T``, both ``(n_out, B)``."""
    Y, T = _check_pair(Y, T)
    return mse_and_gradient(Y, T)[0]


def mse_gradient(Y: Any, T: Any) -> np.ndarray:
    """Return ``dL/dY = (Y - T) / B``, shape ``(n_out, B)`` like ``Y``."""
    Y, T = _check_pair(Y, T)
    return mse_and_gradient(Y, T)[1]


def mse_and_gradient(
    Y: np.ndarray, T: np.ndarray, out: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Return ``(L, dL/dY)`` of :func:`mse` from one residual, without argument checks.

    ``out``, if given, is an array shaped like ``Y`` that receives ``dL/dY``.
    """
    R = np.subtract(Y, T, out=out)
    loss = float(np.vdot(R, R)) / (2 * Y.shape[1])
    R /= Y.shape[1]  # in place: the residual becomes the gradient
    return loss, R


# ---- softmax and cross-entropy ----------------------------------------------------


def softmax(Y: Any) -> np.ndarray:
    """Return the softmax of every column of ``Y`` (shape ``(C, B)``): same shape, columns summing to 1.

    Computed as ``exp(Y - max)`` over its column sum, with each column's maximum
    subtracted first: the result is the same, and ``exp`` never overflows.
    """
    Y = check_array(Y, "Y")
    return _softmax(Y)


def cross_entropy(Y: Any, T: Any) -> float:
    """Return ``-sum(T * log softmax(Y)) / B`` for logits ``Y`` and targets ``T``, both ``(C, B)``.

    Every column of ``T`` must be a probability vector (entries >= 0, summing to 1),
    usually one-hot. Stable for logits of any size (log-sum-exp).
    """
    Y, T = _check_pair(Y, T)
    check_probability_columns(T)
    return cross_entropy_and_gradient(Y, T)[0]


def cross_entropy_gradient(Y: Any, T: Any) -> np.ndarray:
    """Return ``dL/dY = (softmax(Y) - T) / B`` of :func:`cross_entropy`, shape ``(C, B)``."""
    Y, T = _check_pair(Y, T)
    check_probability_columns(T)
    return cross_entropy_and_gradient(Y, T)[1]


def cross_entropy_and_gradient(
    Y: np.ndarray, T: np.ndarray, out: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Return ``(L, dL/dY)`` of :func:`cross_entropy` from one softmax, without argument checks.

    With ``m`` the column maxima and ``lse = m + log(sum(exp(Y - m)))`` the
    log-sum-exp of each column, ``log softmax(Y) = Y - lse``. ``out``, if given, is
    an array shaped like ``Y`` that receives ``dL/dY``.
    """
    B = Y.shape[1]
    m = Y.max(axis=0, keepdims=True)
    E = np.subtract(Y, m, out=out)
    np.exp(E, out=E)  # exp(Y - m): every entry in (0, 1], the column maximum exactly 1
    sums = E.sum(axis=0, keepdims=True)
    lse = m + np.log(sums)
    # lse - Y is -log softmax(Y), entry by entry: the loss is sum(T * (lse - Y)) / B
    loss = float(np.vdot(T, lse - Y)) / B
    E /= sums  # softmax(Y)
    E -= T
    E /= B
    return loss, E


def _softmax(Y: np.ndarray) -> np.ndarray:
    E = np.exp(Y - Y.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


# ---- binary cross-entropy (sigmoid folded in) -----------------------------------


def binary_cross_entropy(Y: Any, T: Any) -> float:
    """Return ``-sum(T log s + (1 - T) log(1 - s)) / B`` with ``s = sigmoid(Y)``; ``Y``, ``T`` of shape ``(n_out, B)``.

    Every entry of ``T`` must lie in [0, 1]. Computed as ``sum(softplus(Y) - T Y) / B``
    (the same number, since ``log s = -softplus(-Y)``), which is finite for logits of any size.
    """
    Y, T = _check_pair(Y, T)
    check_unit_interval(T)
    return binary_cross_entropy_and_gradient(Y, T)[0]


def binary_cross_entropy_gradient(Y: Any, T: Any) -> np.ndarray:
    """Return ``dL/dY = (sigmoid(Y) - T) / B`` of :func:`binary_cross_entropy`, shape of ``Y``."""
    Y, T = _check_pair(Y, T)
    check_unit_interval(T)
    return binary_cross_entropy_and_gradient(Y, T)[1]


def binary_cross_entropy_and_gradient(
    Y: np.ndarray, T: np.ndarray, out: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Return ``(L, dL/dY)`` of :func:`binary_cross_entropy`, without argument checks.

    ``out``, if given, is an array shaped like ``Y`` that receives ``dL/dY``.
    """
    B = Y.shape[1]
    loss = float(np.sum(np.logaddexp(0.0, Y)) - np.vdot(T, Y)) / B
    S = np.multiply(Y, 0.5, out=out)
    np.tanh(S, out=S)
    S += 1.0
    S *= 0.5  # sigmoid(Y) = (1 + tanh(Y / 2)) / 2, which never overflows
    S -= T
    S /= B
    return loss, S


# ---- the named pairs --------------------------------------------------------------

MSE = Loss("mse", mse, mse_gradient)
"""Mean squared error with a 1/2: ``sum((Y - T)**2) / (2 B)``; gradient ``(Y - T) / B``."""

CROSS_ENTROPY = Loss("cross_entropy", cross_entropy, cross_entropy_gradient)
"""Softmax cross-entropy on logits ``Y``: ``-sum(T * log softmax(Y)) / B``; gradient ``(softmax(Y) - T) / B``."""

BINARY_CROSS_ENTROPY = Loss("binary_cross_entropy", binary_cross_entropy, binary_cross_entropy_gradient)
"""Sigmoid cross-entropy on logits ``Y``, one yes/no target per entry; gradient ``(sigmoid(Y) - T) / B``."""


def loss_and_gradient(
    loss: Loss, Y: np.ndarray, T: np.ndarray, out: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Return ``(L, dL/dY)`` for any :class:`Loss`, without argument checks (for training loops).

    ``uinn``'s own losses compute both from one pass (one residual, one softmax) and
    write ``dL/dY`` into ``out`` if given; a loss of your own calls its ``function``
    and its ``gradient``.
    """
    if loss is MSE:
        return mse_and_gradient(Y, T, out)
    if loss is CROSS_ENTROPY:
        return cross_entropy_and_gradient(Y, T, out)
    if loss is BINARY_CROSS_ENTROPY:
        return binary_cross_entropy_and_gradient(Y, T, out)
    return float(loss.function(Y, T)), np.asarray(loss.gradient(Y, T), dtype=np.float64)


# ---- checks -----------------------------------------------------------------------


def check_loss(loss: Any) -> Loss:
    """Raise unless ``loss`` is a :class:`Loss` of two callables, such as :data:`MSE`."""
    if not isinstance(loss, Loss) or not (callable(loss.function) and callable(loss.gradient)):
        raise TypeError(
            "loss must be a uinn.Loss(name, function, gradient), such as uinn.MSE or "
            f"uinn.CROSS_ENTROPY, got {type(loss).__name__}"
        )
    return loss


def check_loss_targets(loss: Loss, T: np.ndarray) -> None:
    """Raise unless the targets ``T`` (already a finite float array) suit ``loss``."""
    if loss is CROSS_ENTROPY:
        check_probability_columns(T)
    elif loss is BINARY_CROSS_ENTROPY:
        check_unit_interval(T)


def check_probability_columns(T: np.ndarray) -> None:
    """Raise unless every column of ``T`` is a probability vector: entries >= 0 that sum to 1."""
    if (T < 0).any():
        s = int(np.flatnonzero((T < 0).any(axis=0))[0])
        raise ValueError(
            f"cross-entropy targets must be probabilities, but column {s} of T has a negative "
            "entry; expected each column to be a probability vector such as a one-hot column"
        )
    sums = T.sum(axis=0)
    bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-6)
    if bad.size:
        raise ValueError(
            f"cross-entropy targets must be probability vectors, but column {int(bad[0])} of T "
            f"sums to {sums[bad[0]]:.6g}; expected every column to sum to 1 (one-hot, say)"
        )


def check_unit_interval(T: np.ndarray) -> None:
    """Raise unless every entry of ``T`` lies in [0, 1] (a binary target or its probability)."""
    if ((T < 0) | (T > 1)).any():
        raise ValueError(
            "binary cross-entropy targets must lie in [0, 1] (a 0/1 label or a probability), "
            f"but T has entries from {T.min():.6g} to {T.max():.6g}"
        )


def _check_pair(Y: Any, T: Any) -> tuple[np.ndarray, np.ndarray]:
    Y = check_array(Y, "Y")
    T = check_array(T, "T", Y.shape[0], "Y has")
    if T.shape != Y.shape:
        raise ValueError(f"T has shape {T.shape} but Y has shape {Y.shape}; they must match")
    return Y, T
