"""Mean squared error over a batch, and its gradient.

We differentiate exactly

    L(Y, T) = sum((Y - T)**2) / (2 B),      B = batch size (number of columns),

whose gradient is ``dL/dY = (Y - T) / B``. The 1/2 cancels the 2 from the square,
which is the factor UiNN folds into its learning rate, so UiNN's learning rates
mean the same here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from uinn.validate import check_array


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
    """Return ``(L, dL/dY)`` computed from one residual, without argument checks.

    ``out``, if given, is an array shaped like ``Y`` that receives ``dL/dY``.
    """
    R = np.subtract(Y, T, out=out)
    loss = float(np.vdot(R, R)) / (2 * Y.shape[1])
    R /= Y.shape[1]  # in place: the residual becomes the gradient
    return loss, R


def _check_pair(Y: Any, T: Any) -> tuple[np.ndarray, np.ndarray]:
    Y = check_array(Y, "Y")
    T = check_array(T, "T", Y.shape[0], "Y has")
    if T.shape != Y.shape:
        raise ValueError(f"T has shape {T.shape} but Y has shape {Y.shape}; they must match")
    return Y, T
