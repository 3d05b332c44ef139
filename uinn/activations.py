"""Activation functions as (function, derivative) pairs.

An activation is applied elementwise, so its Jacobian is diagonal and the
backward pass only needs the diagonal: ``derivative(Z)`` has the shape of the
pre-activation ``Z`` and is multiplied elementwise into the upstream gradient.

To use another activation, build ``Activation(name, function, derivative)``
and pass it as ``activation=`` to :func:`uinn.forward <uinn.forward.forward>`,
:func:`uinn.gradients <uinn.backward.gradients>` or :func:`uinn.train <uinn.train.train>`.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

ArrayFn = Callable[[np.ndarray], np.ndarray]


class Activation(NamedTuple):
    """An elementwise nonlinearity and its derivative.

    Both functions take the pre-activation ``Z`` (any shape, e.g.
    ``(n_units, batch)``) and return an array of the same shape.
    """

    name: str
    function: ArrayFn
    derivative: ArrayFn

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _relu(Z: np.ndarray) -> np.ndarray:
    return np.maximum(Z, 0.0)


def _relu_derivative(Z: np.ndarray) -> np.ndarray:
    # ReLU has no derivative at exactly 0. Any value in [0, 1] is a subgradient of
    # ReLU alone, but through a network the value backpropagated from a unit at 0
    # need not be a derivative or a subgradient of the network (the book's chapter 3).
    # We take 0 (strict inequality): a unit exactly at 0 counts as off.
    return Z > 0.0


def _sigmoid(Z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * Z))  # equal to 1/(1+exp(-Z)), and never overflows


def _sigmoid_derivative(Z: np.ndarray) -> np.ndarray:
    S = _sigmoid(Z)
    return S * (1.0 - S)


def _tanh_derivative(Z: np.ndarray) -> np.ndarray:
    return 1.0 - np.tanh(Z) ** 2


RELU = Activation("relu", _relu, _relu_derivative)
"""ReLU, ``max(Z, 0)``; derivative ``1`` where ``Z > 0`` and ``0`` elsewhere (also at 0)."""

SIGMOID = Activation("sigmoid", _sigmoid, _sigmoid_derivative)
"""The logistic sigmoid ``1 / (1 + exp(-Z))``; derivative ``sigmoid(Z) (1 - sigmoid(Z))``."""

TANH = Activation("tanh", np.tanh, _tanh_derivative)
"""The hyperbolic tangent; derivative ``1 - tanh(Z)**2``."""
