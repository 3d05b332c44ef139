"""A network is a list of layers; a layer is a named pair ``(W, b)``.

For the topology ``[n_0, n_1, ..., n_K]`` layer k maps ``n_{k-1}`` values to
``n_k`` values: ``W`` has shape ``(n_k, n_{k-1})`` and ``b`` has shape ``(n_k, 1)``,
so ``W @ X + b`` works on a batch ``X`` of shape ``(n_{k-1}, batch)``.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

import numpy as np

from uinn.validate import check_net, check_topology

DEFAULT_SEED = 0
"""The seed :func:`init_net` uses when none is given, so results are reproducible."""

Seed = int | np.random.Generator | None


class Layer(NamedTuple):
    """One linear layer: weights ``W`` of shape ``(n_out, n_in)``, bias ``b`` of shape ``(n_out, 1)``.

    The gradient of a layer is a ``Layer`` too, with ``dL/dW`` and ``dL/db`` in the
    shapes of ``W`` and ``b``.
    """

    W: np.ndarray
    b: np.ndarray


def rng_from(seed: Seed) -> np.random.Generator:
    """Return a ``numpy.random.Generator``: ``seed`` itself if it is one, else a new one.

    ``None`` means :data:`DEFAULT_SEED`, so that everything in ``uinn`` is
    reproducible unless you ask otherwise.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        seed = DEFAULT_SEED
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int or a numpy.random.Generator, got {type(seed).__name__}")
    return np.random.default_rng(seed)


def he_bounds(n_in: int, n_out: int) -> tuple[float, float]:
    """Return the uniform Kaiming-He bounds ``(a_W, a_b)`` of UiNN's write-up for a layer.

    Weights are drawn from U(-a_W, a_W) with ``a_W = sqrt(6 / n_in)`` (fan-in);
    biases from U(-a_b, a_b) with ``a_b = sqrt(6 / n_out)`` (fan-out).
    A uniform U(-a, a) has variance a²/3, so the weights have variance 2 / n_in:
    the ReLU gain of 2 over fan-in. The bias rule is UiNN's own (He et al. start
    biases at zero). This is the rule UiNN's README describes; UiNN's Uiua source
    has changed its initialiser between versions.
    """
    return math.sqrt(6.0 / n_in), math.sqrt(6.0 / n_out)


def init_net(topology: Sequence[int], seed: Seed = None) -> list[Layer]:
    """Create a network for ``topology = [n_in, hidden..., n_out]``, initialised as UiNN's write-up says.

    Layer k gets ``W`` of shape ``(n_k, n_{k-1})`` from U(-sqrt(6/n_{k-1}), +sqrt(6/n_{k-1}))
    and ``b`` of shape ``(n_k, 1)`` from U(-sqrt(6/n_k), +sqrt(6/n_k)). Draws come
    from ``seed`` (an int, a ``numpy.random.Generator``, or ``None`` for
    :data:`DEFAULT_SEED`), W before b, layer by layer.

    >>> [tuple(layer.W.shape) for layer in init_net([2, 8, 8, 1])]
    [(8, 2), (8, 8), (1, 8)]
    """
    sizes = check_topology(topology)
    rng = rng_from(seed)
    net = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        a_W, a_b = he_bounds(n_in, n_out)
        W = rng.uniform(-a_W, a_W, size=(n_out, n_in))
        b = rng.uniform(-a_b, a_b, size=(n_out, 1))
        net.append(Layer(W, b))
    return net


def topology(net: Sequence[Layer]) -> list[int]:
    """Return the topology ``[n_in, hidden..., n_out]`` of ``net``."""
    check_net(net)
    return [net[0].W.shape[1]] + [layer.W.shape[0] for layer in net]


def copy_net(net: Sequence[Layer]) -> list[Layer]:
    """Return a deep copy of ``net`` (new arrays), so changing one leaves the other alone."""
    check_net(net)
    return [Layer(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in net]


def nets_allclose(a: Sequence[Layer], b: Sequence[Layer], rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """Return True if two nets (or two gradient lists) agree entry by entry.

    They agree when they have the same number of layers, every ``W`` and ``b`` has
    the same shape as its partner, and all entries pass ``numpy.allclose`` with
    ``rtol`` and ``atol``.
    """
    check_net(a)
    check_net(b)
    return len(a) == len(b) and all(
        p.shape == q.shape and np.allclose(p, q, rtol=rtol, atol=atol)
        for layer_a, layer_b in zip(a, b)
        for p, q in zip(layer_a, layer_b)
    )
