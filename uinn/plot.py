"""matplotlib figures for the book: the gradient tree, Jacobians, loss curves, fits.

Every function draws on ``ax`` (a new figure if ``None``), labels its axes and
returns the ``Axes``, so a caller can add to it or save it.
"""

from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, TwoSlopeNorm

from uinn.activations import RELU, Activation
from uinn.forward import predict
from uinn.net import Layer, topology

VALUE_COLOR = "#cfe2f3"  # backbone values Y_k
PARAM_COLOR = "#b6d7a8"  # the leaves we update: W_k, b_k
DATA_COLOR = "#e6e6e6"  # leaves we do not update: the input and the targets
OP_COLOR = "white"
GRAD_COLOR = "#c0504d"  # arrows: the direction the chain rule carries dL/d(.)


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (6, 4)) -> Axes:
    return plt.subplots(figsize=figsize)[1] if ax is None else ax


def gradient_tree(
    net: Sequence[Layer], activation: Activation = RELU, batch: str = "B", ax: Axes | None = None
) -> Axes:
    """Draw the gradient tree of ``net``: backbone, operations, and parameter leaves.

    The backbone runs left to right, ``Y0 -> Linear 1 -> Y1 -> act -> ... -> Yn -> MSE -> L``,
    each value labelled with its shape (``batch`` names the batch size). Below each
    linear node hang its leaves ``W_k`` and ``b_k`` (green); the input ``Y0`` and the
    targets ``T`` are leaves too, but nothing updates them (grey). Red arrows point
    the way the chain rule runs: from the loss back along the backbone and out to
    the leaves. The edge into ``Y0`` is dashed: no parameter needs ``dL/dY0``.
    """
    sizes = topology(net)
    n_layers = len(net)
    n = 2 * n_layers - 1  # index of the output Yn
    # The backbone as a row of (label, kind) items; values and operations alternate.
    row: list[tuple[str, str]] = []
    for i in range(n + 1):
        layer = (i + 1) // 2  # the layer that produced Y_i (0 for the input)
        rows = sizes[layer]
        row.append((f"$Y_{{{i}}}$\n({rows}, {batch})", "data" if i == 0 else "value"))
        if i < n:
            op = f"Linear {i // 2 + 1}" if i % 2 == 0 else activation.name
            row.append((op, "op"))
    row += [("MSE", "op"), ("$L$\n()", "value")]

    ax = _new_axes(ax, figsize=(1.05 * len(row) + 0.5, 3.6))
    style = {
        "value": dict(boxstyle="round,pad=0.35", fc=VALUE_COLOR, ec="#3d6d99"),
        "data": dict(boxstyle="round,pad=0.35", fc=DATA_COLOR, ec="#777777"),
        "param": dict(boxstyle="round,pad=0.35", fc=PARAM_COLOR, ec="#4e7d3a"),
        "op": dict(boxstyle="circle,pad=0.25", fc=OP_COLOR, ec="#333333"),
    }

    def node(x: float, y: float, text: str, kind: str) -> None:
        ax.text(x, y, text, ha="center", va="center", fontsize=8, bbox=style[kind], zorder=3)

    def grad_arrow(src: tuple[float, float], dst: tuple[float, float], dashed: bool = False) -> None:
        ax.annotate(
            "", xy=dst, xytext=src, zorder=2,
            arrowprops=dict(
                arrowstyle="-|>", color=GRAD_COLOR, lw=1.4, shrinkA=17, shrinkB=17,
                linestyle="--" if dashed else "-",
            ),
        )

    for x, (text, kind) in enumerate(row):
        node(x, 0, text, kind)
        if x > 0:
            grad_arrow((x, 0), (x - 1, 0), dashed=(x == 1))
        if text.startswith("Linear"):
            k = int(text.split()[1])
            shapes = {"W": f"({sizes[k]}, {sizes[k - 1]})", "b": f"({sizes[k]}, 1)"}
            for dx, name in ((-0.38, "W"), (0.38, "b")):
                node(x + dx, -1.3, f"${name}_{{{k}}}$\n{shapes[name]}", "param")
                grad_arrow((x, 0), (x + dx, -1.3))
        if text == "MSE":
            node(x, -1.3, f"$T$\n({sizes[-1]}, {batch})", "data")

    ax.set_xlim(-0.7, len(row) - 0.3)
    ax.set_ylim(-1.9, 0.6)
    ax.set_xlabel("backbone, input to loss (red arrows: the direction the chain rule runs)")
    ax.set_ylabel("leaves")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Gradient tree of a {sizes} network")
    return ax


def jacobian_heatmap(
    J: Any,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "input index $j$",
    ylabel: str = "output index $i$",
) -> Axes:
    """Show a Jacobian (shape ``(m, n)``) as a heatmap: red positive, blue negative, white 0."""
    J = np.asarray(J, dtype=np.float64)
    if J.ndim != 2:
        raise ValueError(f"J must be a 2-D Jacobian of shape (m, n), got shape {J.shape}")
    ax = _new_axes(ax, figsize=(4.5, 4))
    limit = float(np.abs(J).max()) or 1.0
    image = ax.imshow(J, cmap="RdBu_r", norm=TwoSlopeNorm(0.0, -limit, limit))
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="$\\partial y_i / \\partial x_j$")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def loss_curve(
    losses: Any, ax: Axes | None = None, label: str | None = None, log: bool = True
) -> Axes:
    """Plot a loss history (one value per step) against the step number."""
    losses = np.asarray(losses, dtype=np.float64)
    ax = _new_axes(ax)
    steps = np.arange(1, losses.size + 1)
    (ax.semilogy if log else ax.plot)(steps, losses, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("loss (MSE)" + (", log scale" if log else ""))
    if label:
        ax.legend()
    return ax


def decision_boundary(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    ax: Axes | None = None,
    activation: Activation = RELU,
    resolution: int = 200,
    margin: float = 0.25,
) -> Axes:
    """Shade where a 2-input, 1-output ``net`` predicts above 0.5, and plot the data on top.

    ``X`` is ``(2, batch)`` and ``T`` is ``(1, batch)`` with 0/1 labels. The black
    line is the boundary ``prediction = 0.5``.
    """
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 2 or T.shape != (1, X.shape[1]):
        raise ValueError(
            f"decision_boundary needs X of shape (2, batch) and T of shape (1, batch), "
            f"got {X.shape} and {T.shape}"
        )
    ax = _new_axes(ax, figsize=(4.5, 4.5))
    lo, hi = X.min(axis=1) - margin, X.max(axis=1) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    P = predict(net, np.stack([g1.ravel(), g2.ravel()]), activation).reshape(g1.shape)
    cmap = ListedColormap(["#f4cccc", "#cfe2f3"])
    ax.contourf(g1, g2, P > 0.5, levels=[-0.5, 0.5, 1.5], cmap=cmap)
    ax.contour(g1, g2, P, levels=[0.5], colors="black", linewidths=1)
    for label, marker, color in ((0, "o", "#c0504d"), (1, "s", "#3d6d99")):
        sel = T[0] == label
        ax.scatter(X[0, sel], X[1, sel], marker=marker, c=color, edgecolors="black",
                   linewidths=0.5, s=30, label=f"target {label}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def regression_fit(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    ax: Axes | None = None,
    activation: Activation = RELU,
    resolution: int = 400,
) -> Axes:
    """Plot 1-D data ``(X, T)`` (both ``(1, batch)``) and the curve a 1-in, 1-out ``net`` fits."""
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 1 or T.shape != X.shape:
        raise ValueError(
            f"regression_fit needs X and T of shape (1, batch), got {X.shape} and {T.shape}"
        )
    ax = _new_axes(ax)
    grid = np.linspace(X.min(), X.max(), resolution)[None, :]
    ax.scatter(X[0], T[0], s=12, color="#777777", label="data")
    ax.plot(grid[0], predict(net, grid, activation)[0], color="#c0504d", lw=2, label="network")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$t$, prediction")
    ax.legend()
    return ax
