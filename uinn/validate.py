"""Checks on what callers pass in, with error messages that say what was expected.

The functions that take a network, a batch, targets, gradients or training settings
(``init_net``, ``forward``, ``gradients``, ``train``, the losses, ``gradient_check``, ...)
run their arguments through these checks once, before any arithmetic, so a mistake
is reported where it was made ("X has 3 rows but the network takes 2 inputs") instead
of as a broadcasting error three layers down. Training loops call the unchecked
internals, so the checks cost nothing per step. The small numerical helpers of
:mod:`uinn.calculus` that take any function (``derivative``, ``numerical_jacobian``)
leave their arguments to NumPy.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable, Sequence

import numpy as np

from uinn.activations import Activation


def check_topology(topology: Any) -> list[int]:
    """Return ``topology`` as a list of ints ``[n_in, hidden..., n_out]``, or raise."""
    if isinstance(topology, (str, bytes)) or not isinstance(topology, Sequence | np.ndarray):
        raise TypeError(
            f"topology must be a list of layer sizes like [2, 8, 8, 1], got {type(topology).__name__}"
        )
    sizes = list(topology)
    if len(sizes) < 2:
        raise ValueError(
            f"topology needs at least 2 entries [n_in, ..., n_out], got {sizes!r}"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"topology entries must be positive integers, entry {i} is {n!r}"
            )
        if n <= 0:
            raise ValueError(
                f"topology entries must be positive integers, entry {i} is {n}"
            )
    return [int(n) for n in sizes]


def check_net(net: Any) -> None:
    """Raise unless ``net`` is a non-empty list of ``(W, b)`` layers that chain.

    Layer k must have ``W`` of shape ``(n_out, n_in)`` and ``b`` of shape
    ``(n_out, 1)``, and its ``n_in`` must equal the previous layer's ``n_out``.
    """
    if isinstance(net, (str, bytes)) or not isinstance(net, Sequence) or len(net) == 0:
        raise TypeError(
            "net must be a non-empty list of (W, b) layers, as made by uinn.init_net"
        )
    for k, layer in enumerate(net, start=1):
        if not isinstance(layer, Sequence) or len(layer) != 2:
            raise TypeError(f"layer {k} must be a (W, b) pair, got {type(layer).__name__}")
        W, b = layer
        if not isinstance(W, np.ndarray) or W.ndim != 2:
            raise ValueError(
                f"layer {k}: W must be a 2-D array of shape (n_out, n_in), got {_describe(W)}"
            )
        if not isinstance(b, np.ndarray) or b.shape != (W.shape[0], 1):
            raise ValueError(
                f"layer {k}: b must have shape ({W.shape[0]}, 1) to match W {W.shape}, got {_describe(b)}"
            )
        if k > 1:
            n_prev = net[k - 2][0].shape[0]
            if W.shape[1] != n_prev:
                raise ValueError(
                    f"layer {k}: W has shape {W.shape} but layer {k - 1} outputs {n_prev} values; "
                    f"expected ({W.shape[0]}, {n_prev})"
                )


def check_array(A: Any, name: str, rows: int | None = None, what: str = "") -> np.ndarray:
    """Return ``A`` as a finite float64 array of shape ``(rows, batch)``, or raise.

    ``rows=None`` accepts any number of rows. ``what`` says where ``rows`` comes
    from, for the message (e.g. "the network takes").
    """
    expected = f"({'n' if rows is None else rows}, batch)"
    if isinstance(A, (str, bytes)) or A is None:
        raise TypeError(f"{name} must be an array of shape {expected}, got {type(A).__name__}")
    try:
        A = np.asarray(A, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array of shape {expected}: {err}") from None
    if A.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with one sample per column, shape {expected}, "
            f"got {A.ndim}-D shape {A.shape}"
        )
    if rows is not None and A.shape[0] != rows:
        raise ValueError(
            f"{name} has {A.shape[0]} rows but {what} {rows}; expected shape ({rows}, batch) "
            "with one sample per column"
        )
    if A.shape[1] == 0:
        raise ValueError(f"{name} has no columns: a batch needs at least one sample")
    if not np.isfinite(A).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return A


def check_input(net: Sequence, X: Any) -> np.ndarray:
    """Check ``net`` and ``X``; return ``X`` as float64 of shape ``(n_in, batch)``."""
    check_net(net)
    return check_array(X, "X", net[0][0].shape[1], "the network takes")


def check_targets(net: Sequence, X: np.ndarray, T: Any) -> np.ndarray:
    """Return ``T`` as float64 of shape ``(n_out, batch)`` matching ``X``'s batch, or raise."""
    T = check_array(T, "T", net[-1][0].shape[0], "the network outputs")
    if T.shape[1] != X.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} samples (columns) but T has {T.shape[1]}; "
            f"expected T of shape ({T.shape[0]}, {X.shape[1]})"
        )
    return T


def check_grads(net: Sequence, grads: Any) -> None:
    """Raise unless ``grads`` holds one ``(dW, db)`` pair shaped like each layer of ``net``."""
    if isinstance(grads, (str, bytes)) or not isinstance(grads, Sequence):
        raise TypeError(
            "grads must be a list of (dW, db) pairs, one per layer, as made by uinn.gradients"
        )
    if len(grads) != len(net):
        raise ValueError(f"net has {len(net)} layers but grads has {len(grads)}")
    for k, (layer, grad) in enumerate(zip(net, grads), start=1):
        if not isinstance(grad, Sequence) or len(grad) != 2:
            raise TypeError(f"grads entry {k} must be a (dW, db) pair, got {type(grad).__name__}")
        for name, p, g in zip("Wb", layer, grad):
            if np.shape(g) != p.shape:
                raise ValueError(f"layer {k}: d{name} has shape {np.shape(g)}, expected {p.shape}")


def check_learning_rate(lr: Any) -> float:
    """Return ``lr`` as a float, or raise unless it is a positive finite number."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr must be a positive number such as 0.01, got {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number such as 0.01, got {lr}")
    return float(lr)


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` as an int, or raise unless it is a positive integer (a count)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def check_batch_size(batch_size: Any, B: int) -> int | None:
    """Return ``batch_size`` as an int from 1 to ``B`` (the number of samples), or ``None``; else raise."""
    if batch_size is None:
        return None
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(
            f"batch_size must be None (the full batch) or an int from 1 to {B}, got {batch_size!r}"
        )
    if not 1 <= batch_size <= B:
        raise ValueError(
            f"batch_size must be from 1 to {B}, the number of samples (columns of X), got {batch_size}"
        )
    return int(batch_size)


def check_activation(activation: Any) -> Activation:
    """Raise unless ``activation`` is an :class:`~uinn.activations.Activation` of two callables."""
    if not isinstance(activation, Activation) or not (
        callable(activation.function) and callable(activation.derivative)
    ):
        raise TypeError(
            "activation must be a uinn.Activation(name, function, derivative), "
            f"such as uinn.RELU, got {type(activation).__name__}"
        )
    return activation


def _describe(a: Any) -> str:
    shape = getattr(a, "shape", None)
    return f"shape {shape}" if shape is not None else type(a).__name__


def check_functions(fs: Sequence[Callable[[], object]]) -> list[Callable[[], object]]:
    """Return ``fs`` as a list, or raise if it is empty or holds something not callable."""
    fs = list(fs)
    if not fs:
        raise ValueError("fs must hold at least one function of no arguments")
    for f in fs:
        if not callable(f):
            raise TypeError(f"every entry of fs must be a function of no arguments, got {type(f).__name__}")
    return fs
