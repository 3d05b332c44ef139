"""Batched gradient descent: apply gradients, and a training loop with its loss history."""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from uinn.activations import RELU, Activation
from uinn.backward import loss_and_gradients, step_buffers
from uinn.net import Layer, copy_net
from uinn.validate import (
    check_activation,
    check_grads,
    check_input,
    check_learning_rate,
    check_net,
    check_positive_int,
    check_targets,
)


def apply_gradients(net: Sequence[Layer], grads: Sequence[Layer], lr: float) -> list[Layer]:
    """Return a new net with ``W - lr * dW`` and ``b - lr * db`` for every layer.

    ``grads`` is what :func:`uinn.gradients <uinn.backward.gradients>` returns:
    one ``Layer(dW, db)`` shaped like each layer of ``net``. Neither ``net`` nor ``grads`` is modified.
    """
    check_net(net)
    lr = check_learning_rate(lr)
    check_grads(net, grads)
    return [Layer(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(net, grads)]


def descend_in_place(net: Sequence[Layer], grads: Sequence[Layer], lr: float) -> None:
    """Update ``net`` in place: ``W -= lr * dW``, ``b -= lr * db``. Overwrites ``grads``.

    The allocation-free step :func:`train` uses; unchecked.
    """
    for (W, b), (dW, db) in zip(net, grads):
        dW *= lr
        W -= dW
        db *= lr
        b -= db


def train(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    lr: float,
    steps: int,
    activation: Activation = RELU,
) -> tuple[list[Layer], np.ndarray]:
    """Run ``steps`` steps of batched gradient descent on the whole batch ``(X, T)``.

    ``X`` is ``(n_in, batch)``, ``T`` is ``(n_out, batch)``. Each step runs one forward
    pass, records the loss ``mse(Y, T)`` of that pass (the loss *before* the
    step's update), backpropagates and updates every parameter by ``-lr`` times its
    gradient. Returns ``(trained_net, losses)`` with ``losses`` of shape ``(steps,)``.
    ``net`` itself is not modified: training works on a copy.

    Raises ``FloatingPointError`` if the loss becomes NaN or infinite, naming the
    step; a smaller ``lr`` usually helps.
    """
    X = check_input(net, X)
    T = check_targets(net, X, T)
    lr = check_learning_rate(lr)
    steps = check_positive_int(steps, "steps")
    check_activation(activation)

    net = copy_net(net)
    losses = np.empty(steps)
    buffers = step_buffers(net, X)  # every step overwrites the same arrays
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
        for step in range(steps):
            loss, grads = loss_and_gradients(net, X, T, activation, buffers)
            if not math.isfinite(loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {loss} at step {step + 1} of {steps} "
                    f"(lr={lr}); try a smaller learning rate"
                )
            losses[step] = loss
            descend_in_place(net, grads, lr)
    return net, losses
