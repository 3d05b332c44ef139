"""Gradient descent: apply gradients, and a training loop over full batches or minibatches."""

from __future__ import annotations

import math
from typing import Any, Iterator, Sequence

import numpy as np

from uinn.activations import RELU, Activation
from uinn.backward import StepBuffers, loss_and_gradients, step_buffers
from uinn.loss import MSE, Loss, check_loss, check_loss_targets
from uinn.net import Layer, Seed, copy_net, rng_from
from uinn.validate import (
    check_activation,
    check_batch_size,
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
    loss: Loss = MSE,
    batch_size: int | None = None,
    seed: Seed = None,
) -> tuple[list[Layer], np.ndarray]:
    """Run ``steps`` steps of gradient descent on the data ``(X, T)``.

    ``X`` is ``(n_in, B)`` and ``T`` is ``(n_out, B)``, one sample per column. Each step
    runs one forward pass on a batch, records its loss (the loss *before* the step's
    update), backpropagates, and moves every parameter by ``-lr`` times its gradient.

    - ``batch_size=None`` (the default): every step uses the whole data set, in order.
    - ``batch_size=b``, an int from 1 to ``B``: stochastic gradient descent on
      minibatches. Each epoch shuffles the columns (a permutation drawn from
      ``seed``, an int or a ``numpy.random.Generator``; ``None`` means
      :data:`uinn.DEFAULT_SEED <uinn.net.DEFAULT_SEED>`) and cuts them into batches of ``b``
      columns; when ``b`` does not divide ``B`` the last batch of an epoch has the
      ``B mod b`` columns left over, so every sample is used once per epoch. Steps run
      on across epochs. ``seed`` is not used without ``batch_size``.

    Returns ``(trained_net, losses)``: ``losses`` has shape ``(steps,)``, entry ``i``
    the loss of step ``i + 1``'s batch. ``net`` itself is not modified: training works
    on a copy. Raises ``FloatingPointError`` if the loss becomes NaN or infinite,
    naming the step; a smaller ``lr`` usually helps.
    """
    X = check_input(net, X)
    T = check_targets(net, X, T)
    lr = check_learning_rate(lr)
    steps = check_positive_int(steps, "steps")
    check_activation(activation)
    check_loss_targets(check_loss(loss), T)
    batch_size = check_batch_size(batch_size, X.shape[1])
    rng = rng_from(seed)

    net = copy_net(net)
    losses = np.empty(steps)
    batches = full_batches(net, X, T) if batch_size is None else minibatches(net, X, T, batch_size, rng)
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
        for step, (X_b, T_b, buffers) in zip(range(steps), batches):
            value, grads = loss_and_gradients(net, X_b, T_b, activation, loss, buffers)
            if not math.isfinite(value):
                raise FloatingPointError(
                    f"training diverged: the loss became {value} at step {step + 1} of {steps} "
                    f"(lr={lr}); try a smaller learning rate"
                )
            losses[step] = value
            descend_in_place(net, grads, lr)
    return net, losses


def full_batches(
    net: Sequence[Layer], X: np.ndarray, T: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray, StepBuffers]]:
    """Yield ``(X, T, buffers)`` forever: every step of full-batch descent sees all the data."""
    buffers = step_buffers(net, X.shape[1])  # every step overwrites the same arrays
    while True:
        yield X, T, buffers


def minibatches(
    net: Sequence[Layer], X: np.ndarray, T: np.ndarray, size: int, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray, StepBuffers]]:
    """Yield ``(X_b, T_b, buffers)`` for shuffled minibatches of ``size`` columns, epoch after epoch.

    Each epoch draws a permutation of the ``B`` columns from ``rng`` and cuts it into
    batches of ``size``, the last one holding the ``B mod size`` columns left over (if
    any). The columns are gathered into arrays allocated once per batch size, and the
    yielded arrays are overwritten by the next batch.
    """
    B = X.shape[1]
    # Row-major data makes the gather fast (for a transposed, column-major X it is ~30x slower).
    X, T = np.ascontiguousarray(X), np.ascontiguousarray(T)
    sizes = {size, B % size or size}  # a full batch, and the last batch of an epoch
    gathered = {n: (np.empty((X.shape[0], n)), np.empty((T.shape[0], n)), step_buffers(net, n)) for n in sizes}
    while True:
        order = rng.permutation(B)
        for start in range(0, B, size):
            columns = order[start : start + size]
            X_b, T_b, buffers = gathered[columns.size]
            # mode="clip" skips a bounds check that would copy: the columns are valid by construction
            np.take(X, columns, axis=1, out=X_b, mode="clip")
            np.take(T, columns, axis=1, out=T_b, mode="clip")
            yield X_b, T_b, buffers
