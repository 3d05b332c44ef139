"""The forward pass, keeping the record of every backbone value.

For a net of K layers the record is ``[Y0, Y1, ..., YN]`` with ``N = 2K - 1``::

    Y0 = X
    Y1 = W1 Y0 + b1        (linear)
    Y2 = act(Y1)           (activation)
    Y3 = W2 Y2 + b2        (linear)
    ...
    YN = WK Y(N-1) + bK    (the last layer is linear)

Even indices hold inputs of linear layers, odd indices their outputs. The
backward pass needs them all: the activation's derivative is evaluated at the
odd ones, and each weight gradient multiplies by an even one.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from uinn.activations import RELU, Activation
from uinn.net import Layer
from uinn.validate import check_activation, check_input


def forward(net: Sequence[Layer], X: Any, activation: Activation = RELU) -> list[np.ndarray]:
    """Run ``net`` on the batch ``X`` and return the record ``[Y0, Y1, ..., YN]``.

    ``X`` has shape ``(n_in, batch)``, one sample per column. ``Y0`` is ``X`` as
    float64; ``Y(2k-1)`` is layer k's linear output and ``Y(2k)`` its activation,
    each of shape ``(n_k, batch)``; ``YN`` (shape ``(n_out, batch)``) is the output.
    """
    X = check_input(net, X)
    check_activation(activation)
    return run_forward(net, X, activation)


def predict(net: Sequence[Layer], X: Any, activation: Activation = RELU) -> np.ndarray:
    """Return the network's output for ``X``: an array of shape ``(n_out, batch)``."""
    return forward(net, X, activation)[-1]


def run_forward(
    net: Sequence[Layer],
    X: np.ndarray,
    activation: Activation,
    out: Sequence[np.ndarray] | None = None,
) -> list[np.ndarray]:
    """:func:`forward` without the argument checks, for loops that checked once already.

    ``out``, if given, holds arrays shaped like ``[Y1, ..., YN]`` (as
    :func:`uinn.train` keeps between steps): the linear outputs, and ReLU's outputs,
    are written into them instead of new arrays. Other activations allocate.
    """
    record = [X]
    for k, (W, b) in enumerate(net):
        if k > 0:
            Z = record[-1]
            if out is not None and activation is RELU:
                record.append(np.maximum(Z, 0.0, out=out[len(record) - 1]))
            else:
                record.append(activation.function(Z))
        Y = np.matmul(W, record[-1], out=None if out is None else out[len(record) - 1])
        Y += b  # in place: broadcast the (n_out, 1) bias over the batch
        record.append(Y)
    return record
