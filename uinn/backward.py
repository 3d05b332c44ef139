"""The backward pass in UiNN's two passes: the backbone, then the leaves.

The gradient tree of a net has a backbone ``Y0 -> Y1 -> ... -> YN -> L`` and, hanging
off each linear node, two leaves ``W_k`` and ``b_k``. All gradients here are in
column form, each shaped like the value it is the gradient of.

1. **Backbone pass** (:func:`backbone_pass`), from the loss towards the input:

   - through a linear node ``Y_out = W Y_in + b``:  ``dL/dY_in = W^T dL/dY_out``
   - through an activation ``Y_out = act(Y_in)``:   ``dL/dY_in = act'(Y_in) * dL/dY_out``
     (elementwise: the diagonal of the activation's Jacobian, for every sample)

2. **Leaf pass** (:func:`leaf_pass`), for every linear node at once:

   - ``dL/dW = G Y_in^T``      (a sum over the batch of outer products)
   - ``dL/db = G 1``           (``G`` summed over the batch: ``b`` is used by every column)

   where ``G = dL/dY_out`` comes from the backbone pass.

The public functions return new arrays. :func:`uinn.train` runs the same passes
through :func:`loss_and_gradients` with :class:`StepBuffers`, arrays allocated once
per call and overwritten by every step.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from uinn.activations import RELU, Activation
from uinn.forward import run_forward
from uinn.loss import MSE, Loss, check_loss, check_loss_targets, loss_and_gradient
from uinn.net import Layer
from uinn.validate import check_activation, check_input, check_targets


def gradients(
    net: Sequence[Layer], X: Any, T: Any, activation: Activation = RELU, loss: Loss = MSE
) -> list[Layer]:
    """Return the gradient of ``loss.function(predict(net, X), T)`` for every layer.

    ``X`` is ``(n_in, batch)``, ``T`` is ``(n_out, batch)``. The result has one entry
    per layer: ``Layer(dL/dW_k, dL/db_k)`` for layer k = 1, ..., K at position ``k - 1``,
    shaped like ``net[k - 1]``. The loss defaults to :data:`uinn.MSE <uinn.loss.MSE>`;
    with :data:`uinn.CROSS_ENTROPY <uinn.loss.CROSS_ENTROPY>` or
    :data:`uinn.BINARY_CROSS_ENTROPY <uinn.loss.BINARY_CROSS_ENTROPY>` the network's
    output is read as logits.
    """
    X = check_input(net, X)
    T = check_targets(net, X, T)
    check_activation(activation)
    check_loss_targets(check_loss(loss), T)
    return loss_and_gradients(net, X, T, activation, loss)[1]


def backbone_pass(
    net: Sequence[Layer], record: Sequence[np.ndarray], dL_dYN: Any, activation: Activation = RELU
) -> list[np.ndarray]:
    """Return ``[dL/dY1, ..., dL/dYN]``: the gradient at every backbone value but the input.

    ``record`` is the forward record ``[Y0, ..., YN]`` of ``net`` (see
    :func:`uinn.forward`), ``dL_dYN`` the loss gradient at the output, shape
    ``(n_out, batch)``. Entry ``k - 1`` of the result is ``dL/dYk``, shaped like
    ``Yk``. ``dL/dY0`` is not computed: no parameter needs it.
    """
    _check_record(net, record)
    check_activation(activation)
    dL_dYN = np.asarray(dL_dYN, dtype=np.float64)
    if dL_dYN.shape != record[-1].shape:
        raise ValueError(
            f"dL_dYN must have the shape of the output YN, {record[-1].shape}, got {dL_dYN.shape}"
        )
    return run_backbone_pass(net, record, dL_dYN, activation)


def leaf_pass(record: Sequence[np.ndarray], backbone: Sequence[np.ndarray]) -> list[Layer]:
    """Return ``[Layer(dL/dW_k, dL/db_k) for each layer k]`` from the two earlier results.

    ``record`` is ``[Y0, ..., YN]`` from the forward pass and ``backbone`` is
    ``[dL/dY1, ..., dL/dYN]`` from :func:`backbone_pass`. Layer k reads its input
    ``Y(2k-2)`` and its output gradient ``G = dL/dY(2k-1)``:
    ``dL/dW_k = G Y(2k-2)^T`` has shape ``(n_k, n_{k-1})``, ``dL/db_k`` is ``G`` summed
    over the batch, shape ``(n_k, 1)``.
    """
    if len(record) != len(backbone) + 1 or len(record) % 2 != 0:
        raise ValueError(
            f"record must be [Y0, ..., YN] and backbone [dL/dY1, ..., dL/dYN]; got "
            f"{len(record)} record entries and {len(backbone)} gradients"
        )
    for k, (Y, G) in enumerate(zip(record[1:], backbone), start=1):
        if np.shape(Y) != np.shape(G):
            raise ValueError(f"dL/dY{k} has shape {np.shape(G)} but Y{k} has shape {np.shape(Y)}")
    return run_leaf_pass(record, backbone)


class StepBuffers(NamedTuple):
    """The arrays one training step fills, kept so that the next step overwrites them.

    ``record`` holds ``[Y1, ..., YN]`` of the forward record (``Y0`` is the batch
    itself, never written), ``backbone`` is shaped like ``[dL/dY1, ..., dL/dYN]``
    and ``grads`` like the net. Reusing them spares a big step the cost of fresh
    memory (page faults) every time; see :func:`step_buffers`.
    """

    record: list[np.ndarray]
    backbone: list[np.ndarray]
    grads: list[Layer]


def step_buffers(net: Sequence[Layer], batch: int) -> StepBuffers:
    """Allocate the :class:`StepBuffers` for training ``net`` on batches of ``batch`` columns."""
    rows = [n for W, _ in net for n in (W.shape[0], W.shape[0])][:-1]  # Y1..YN: YN has no activation
    return StepBuffers(
        record=[np.empty((n, batch)) for n in rows],
        backbone=[np.empty((n, batch)) for n in rows],
        grads=[Layer(np.empty_like(W), np.empty_like(b)) for W, b in net],
    )


def loss_and_gradients(
    net: Sequence[Layer],
    X: np.ndarray,
    T: np.ndarray,
    activation: Activation,
    loss: Loss = MSE,
    out: StepBuffers | None = None,
) -> tuple[float, list[Layer]]:
    """Return ``(L, gradients)`` from one forward and one backward pass, unchecked.

    With ``out`` (from :func:`step_buffers`, for a batch of ``X``'s size) every
    intermediate array and the returned gradients are written into ``out``'s arrays,
    so the next call overwrites them.
    """
    if out is None:
        record = run_forward(net, X, activation)
        value, dL_dYN = loss_and_gradient(loss, record[-1], T)
        backbone = run_backbone_pass(net, record, dL_dYN, activation)
        return value, run_leaf_pass(record, backbone)
    record = run_forward(net, X, activation, out.record)
    value, dL_dYN = loss_and_gradient(loss, record[-1], T, out.backbone[-1])
    backbone = run_backbone_pass(net, record, dL_dYN, activation, out.backbone)
    return value, run_leaf_pass(record, backbone, out.grads)


def run_backbone_pass(
    net: Sequence[Layer],
    record: Sequence[np.ndarray],
    dL_dYN: np.ndarray,
    activation: Activation,
    out: Sequence[np.ndarray] | None = None,
) -> list[np.ndarray]:
    """:func:`backbone_pass` without the argument checks; ``out`` as in :func:`step_buffers`."""
    grads = [dL_dYN]  # built from the output back, reversed at the end
    for k in range(len(net) - 1, 0, -1):  # layer k+1 (1-based) down to layer 2
        # dL/dY(2k) through the linear node, then dL/dY(2k-1) through the activation;
        # dL/dYj is entry j - 1 of the result.
        G = np.matmul(net[k].W.T, grads[-1], out=None if out is None else out[2 * k - 1])
        grads.append(G)
        mask = activation.derivative(record[2 * k - 1])
        grads.append(np.multiply(G, mask, out=None if out is None else out[2 * k - 2]))
    grads.reverse()
    return grads


def run_leaf_pass(
    record: Sequence[np.ndarray],
    backbone: Sequence[np.ndarray],
    out: Sequence[Layer] | None = None,
) -> list[Layer]:
    """:func:`leaf_pass` without the argument checks; ``out`` as in :func:`step_buffers`."""
    ones = np.ones((np.shape(record[0])[1], 1))  # dL/db = G 1: a matrix-vector product
    grads = []
    for k, (Y_in, G) in enumerate(zip(record[0::2], backbone[0::2])):
        dW, db = (None, None) if out is None else out[k]
        grads.append(Layer(np.matmul(G, Y_in.T, out=dW), np.matmul(G, ones, out=db)))
    return grads


def _check_record(net: Sequence[Layer], record: Sequence[np.ndarray]) -> None:
    check_input(net, record[0] if len(record) else None)
    if len(record) != 2 * len(net):
        raise ValueError(
            f"record must be the forward record [Y0, ..., YN] of this net: "
            f"{2 * len(net)} arrays for {len(net)} layers, got {len(record)}"
        )
    batch = np.shape(record[0])[1]
    for i, Y in enumerate(record[1:], start=1):
        expected = (net[(i - 1) // 2].W.shape[0], batch)
        if np.shape(Y) != expected:
            raise ValueError(f"record entry Y{i} has shape {np.shape(Y)}, expected {expected}")
