"""matplotlib figures for the book: the gradient tree, the computational graph with its
numbers, Jacobians, loss curves, fits.

Every function draws on ``ax`` (a new figure if ``None``), labels its axes and
returns the ``Axes``, so a caller can add to it or save it.
"""

from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, TwoSlopeNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from uinn.activations import RELU, Activation
from uinn.backward import backbone_pass, leaf_pass
from uinn.forward import forward, predict
from uinn.loss import mse, mse_gradient
from uinn.net import Layer, topology
from uinn.validate import check_activation, check_input, check_positive_int, check_targets

VALUE_COLOR = "#cfe2f3"  # backbone values Y_k
PARAM_COLOR = "#b6d7a8"  # the leaves we update: W_k, b_k
DATA_COLOR = "#e6e6e6"  # leaves we do not update: the input and the targets
OP_COLOR = "white"
GRAD_COLOR = "#c0504d"  # arrows: the direction the chain rule carries dL/d(.)
FORWARD_COLOR = "#3d6d99"  # arrows: the direction values flow in the forward pass
EDGE_COLORS = {"value": "#3d6d99", "data": "#777777", "param": "#4e7d3a", "op": "#333333"}


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (6, 4)) -> Axes:
    return plt.subplots(figsize=figsize)[1] if ax is None else ax


def _edge_point(
    x: float, y: float, kind: str, towards: tuple[float, float], box_w: float, box_h: float, radius: float
) -> tuple[float, float]:
    """Where the segment from the node at (x, y) towards a point leaves the node.

    An operation (``kind == "op"``) is a circle of ``radius``; anything else a
    ``box_w`` by ``box_h`` box.
    """
    dx, dy = towards[0] - x, towards[1] - y
    if kind == "op":
        d = np.hypot(dx, dy)
        return x + radius * dx / d, y + radius * dy / d
    t = min(box_w / 2 / abs(dx) if dx else np.inf, box_h / 2 / abs(dy) if dy else np.inf)
    return x + t * dx, y + t * dy


def _frame_drawing(ax: Axes, x_range: tuple[float, float], y_range: tuple[float, float], leaf_y: float) -> None:
    """Show exactly the drawing, at equal scales, with its two rows named and no frame."""
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_aspect("equal")
    ax.set_yticks([0, leaf_y], ["backbone", "leaves"], fontsize=9)
    ax.set_xticks([])
    ax.tick_params(left=False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)


def _drawing_axes(
    ax: Axes | None,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    unit: float,
    max_width: float,
    bottom: float,
) -> tuple[Axes, float]:
    """Axes for a drawing that spans ``x_range`` by ``y_range`` in its own units.

    With ``ax=None`` a figure is made to fit the drawing at ``unit`` inches per unit (at
    most ``max_width`` inches wide), with 0.8 in on the left for row labels, ``bottom``
    inches for an x label and 0.35 in for a title. Returns the axes and the scale of the
    drawing against ``unit`` inches per unit (at most 1), by which text should shrink.
    """
    (x_lo, x_hi), (y_lo, y_hi) = x_range, y_range
    if ax is None:
        per_unit = min(unit, max_width / (x_hi - x_lo))
        w, h = (x_hi - x_lo) * per_unit, (y_hi - y_lo) * per_unit
        left, top = 0.8, 0.35
        fig = plt.figure(figsize=(left + w, bottom + h + top))
        ax = fig.add_axes((left / (left + w), bottom / (bottom + h + top), w / (left + w), h / (bottom + h + top)))
    fig_w, fig_h = ax.figure.get_size_inches()
    pos = ax.get_position()
    per_unit = min(pos.width * fig_w / (x_hi - x_lo), pos.height * fig_h / (y_hi - y_lo))
    return ax, min(1.0, per_unit / unit)


def gradient_tree(
    net: Sequence[Layer],
    activation: Activation = RELU,
    batch: str = "B",
    ax: Axes | None = None,
    direction: str = "backward",
) -> Axes:
    """Draw the gradient tree of ``net``: backbone values, operations, and leaves.

    The backbone runs left to right, ``Y0 -> lin -> Y1 -> act -> Y2 -> ... -> YN -> MSE -> L``:
    rounded boxes are values (blue, each with its shape; ``batch`` names the batch
    size), circles of one size are operations. Below each linear operation hang its
    leaves ``W_k`` and ``b_k`` (green), the parameters training updates; the input
    ``Y0`` and the targets ``T`` are data (grey).

    ``direction="backward"`` (the default) draws the gradient tree proper: red arrows
    point the way the chain rule runs, from ``L`` back along the backbone and out to
    the leaves. The edges to ``Y0`` and ``T`` are grey and dashed: no parameter
    needs ``dL/dY0`` or ``dL/dT``. ``direction="forward"`` draws the same graph with blue
    arrows the way values flow when the network runs. Returns the ``Axes``.
    """
    if direction not in ("backward", "forward"):
        raise ValueError(f"direction must be 'backward' or 'forward', got {direction!r}")
    sizes = topology(net)
    n = 2 * len(net) - 1  # index of the output YN
    backward = direction == "backward"

    # The backbone as a row of (kind, label) items, `step` apart: values and operations alternate.
    row: list[tuple[str, str]] = []
    for i in range(n + 1):
        shape = f"({sizes[(i + 1) // 2]}, {batch})"
        row.append(("data" if i == 0 else "value", f"$Y_{{{i}}}$\n{shape}"))
        if i < n:
            row.append(("op", "lin" if i % 2 == 0 else activation.name))
    row += [("op", "MSE"), ("value", "$L$\nscalar")]
    leaf_y = -1.45

    # One size for every box and one for every circle, from the longest label.
    longest = max(
        [len(f"({a}, {b})") for a, b in zip(sizes[1:], sizes[:-1])]
        + [len(f"({a}, {batch})") for a in sizes] + [6]
    )
    box_w, box_h, radius = max(0.84, 0.09 * longest + 0.3), 0.66, 0.33
    step = box_w / 2 + radius + 0.3
    x_lo, x_hi = -box_w / 2 - 0.3, step * (len(row) - 1) + box_w / 2 + 0.3
    y_lo, y_hi = leaf_y - box_h / 2 - 0.25, box_h / 2 + 0.25
    # Text is sized for 0.62 in per unit and shrinks with the drawing when the axes are smaller.
    ax, scale = _drawing_axes(ax, (x_lo, x_hi), (y_lo, y_hi), unit=0.62, max_width=10.2, bottom=0.55)
    font = 9.0 * scale

    color = GRAD_COLOR if backward else FORWARD_COLOR

    def box(x: float, y: float, text: str, kind: str) -> None:
        fc = {"value": VALUE_COLOR, "data": DATA_COLOR, "param": PARAM_COLOR}[kind]
        ax.add_patch(FancyBboxPatch(
            (x - box_w / 2, y - box_h / 2), box_w, box_h, zorder=3, fc=fc, ec=EDGE_COLORS[kind],
            boxstyle="round,pad=0,rounding_size=0.12", lw=1.0,
        ))
        ax.text(x, y, text, ha="center", va="center", fontsize=font, zorder=4, linespacing=1.3)

    def circle(x: float, y: float, text: str) -> None:
        ax.add_patch(Circle((x, y), radius, fc=OP_COLOR, ec=EDGE_COLORS["op"], lw=1.0, zorder=3))
        ax.text(x, y, text, ha="center", va="center", zorder=4, fontsize=font * min(1.0, 3.8 / len(text)))

    def arrow(start: tuple[float, float], end: tuple[float, float], needed: bool = True) -> None:
        if not backward:
            start, end, needed = end, start, True
        ax.add_patch(FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=11, zorder=2, shrinkA=0, shrinkB=0,
            color=color if needed else "#999999", lw=1.3, linestyle="-" if needed else (0, (3, 2)),
        ))

    def edge_point(x: float, y: float, kind: str, towards: tuple[float, float]) -> tuple[float, float]:
        return _edge_point(x, y, kind, towards, box_w, box_h, radius)

    for i, (kind, text) in enumerate(row):
        x = i * step
        if kind == "op":
            circle(x, 0, text)
        else:
            box(x, 0, text, kind)
        if i > 0:  # the backbone edge between item i-1 and item i, drawn from the loss side
            prev = (i - 1) * step
            arrow(edge_point(x, 0, kind, (prev, 0)), edge_point(prev, 0, row[i - 1][0], (x, 0)),
                  needed=i > 1)
        leaves = []
        if text == "lin":
            k = i // 4 + 1
            leaves = [(x - 0.55 * step, f"$W_{{{k}}}$\n({sizes[k]}, {sizes[k - 1]})", "param"),
                      (x + 0.55 * step, f"$b_{{{k}}}$\n({sizes[k]}, 1)", "param")]
        elif text == "MSE":
            leaves = [(x, f"$T$\n({sizes[-1]}, {batch})", "data")]
        for lx, ltext, lkind in leaves:
            box(lx, leaf_y, ltext, lkind)
            arrow(edge_point(x, 0, "op", (lx, leaf_y)), edge_point(lx, leaf_y, lkind, (x, 0)),
                  needed=lkind == "param")

    _frame_drawing(ax, (x_lo, x_hi), (y_lo, y_hi), leaf_y)
    if backward:
        ax.set_xlabel(
            "backward: red arrows run the chain rule from the loss $L$ back to every leaf;\n"
            "grey dashed edges lead to data, whose gradients no parameter needs", fontsize=8,
        )
    else:
        ax.set_xlabel("forward: blue arrows, the way values flow from the input $Y_0$ to the loss $L$",
                      fontsize=8)
    what = "Gradient tree" if backward else "Forward pass"
    ax.set_title(f"{what} of a {sizes} network", fontsize=10)
    return ax


def model_view(
    net: Sequence[Layer], activation: Activation = RELU, ax: Axes | None = None, max_units: int = 12
) -> Axes:
    """Draw ``net`` the usual way: units in columns, one line per weight.

    Column 0 holds the ``n_0`` inputs; column k the ``n_k`` units of layer k, each
    computing ``act(w . y + b)`` (the last layer has no activation). The lines from
    column k-1 to column k are the entries of ``W_k``: red for positive, blue for
    negative, thicker for larger ``|W_k[i, j]|``. A layer wider than ``max_units``
    shows its first and last units with a gap between. Returns the ``Axes``.
    """
    sizes = topology(net)
    if isinstance(max_units, bool) or not isinstance(max_units, int) or max_units < 3:
        raise ValueError(f"max_units must be an integer of at least 3, got {max_units!r}")
    ax = plt.subplots(figsize=(1.6 * len(sizes) + 1.0, 3.8))[1] if ax is None else ax

    def shown(n: int) -> list[int | None]:
        """The unit indices drawn for a layer of n units (None: the gap)."""
        if n <= max_units:
            return list(range(n))
        half = (max_units - 1) // 2
        return list(range(half)) + [None] + list(range(n - (max_units - 1 - half), n))

    columns = [shown(n) for n in sizes]
    tallest = max(len(c) for c in columns)
    ys = [{u: (len(c) - 1) / 2 - i for i, u in enumerate(c)} for c in columns]
    w_max = max(float(np.abs(W).max()) for W, _ in net) or 1.0
    for k, (W, _) in enumerate(net, start=1):
        for i, yi in ys[k].items():
            for j, yj in ys[k - 1].items():
                if i is None or j is None:
                    continue
                w = W[i, j]
                ax.plot([k - 1, k], [yj, yi], color="#c0504d" if w > 0 else "#3d6d99",
                        lw=0.3 + 2.2 * abs(w) / w_max, alpha=0.75, zorder=1, solid_capstyle="round")
    for k, column in enumerate(ys):
        kind = "data" if k == 0 else "value"
        for u, y in column.items():
            if u is None:
                ax.text(k, y, "⋮", ha="center", va="center", fontsize=12)
                continue
            ax.scatter([k], [y], s=260, zorder=3, color=DATA_COLOR if k == 0 else VALUE_COLOR,
                       edgecolors=EDGE_COLORS[kind], linewidths=1.0)
    labels = [f"input\n$Y_0$ ({sizes[0]})"]
    for k in range(1, len(sizes)):
        if k < len(sizes) - 1:
            labels.append(f"layer {k}, {activation.name}\n$Y_{{{2 * k - 1}}}, Y_{{{2 * k}}}$ ({sizes[k]})")
        else:
            labels.append(f"layer {k}, output\n$Y_{{{2 * k - 1}}}$ ({sizes[k]})")
    ax.set_xticks(range(len(sizes)), labels, fontsize=8)
    for k in range(1, len(sizes)):
        ax.text(k - 0.5, (tallest - 1) / 2 + 0.75, f"$W_{{{k}}}$, $b_{{{k}}}$", ha="center",
                va="bottom", fontsize=9, color=EDGE_COLORS["param"])
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(tallest - 1) / 2 - 0.7, (tallest - 1) / 2 + 1.3)
    ax.set_yticks([])
    ax.set_ylabel("units")
    ax.tick_params(bottom=False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Line2D([], [], color="#c0504d", label="weight > 0"),
                       Line2D([], [], color="#3d6d99", label="weight < 0")],
              loc="lower right", fontsize=7, frameon=False, bbox_to_anchor=(1.0, -0.02))
    ax.set_title(f"Model view of a {sizes} network", fontsize=10)
    return ax


def jacobian_heatmap(
    J: Any,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "input index $j$",
    ylabel: str = "output index $i$",
    label: str = "$\\partial y_i / \\partial x_j$",
) -> Axes:
    """Show a Jacobian (shape ``(m, n)``) as a heatmap: red positive, blue negative, 0 a near-white grey (the middle of ``RdBu_r``).

    ``xlabel`` and ``ylabel`` name the axes (the inputs are the columns, the outputs the
    rows) and ``label`` the colour bar: the entry that a cell shows. Say which function
    the Jacobian belongs to in all three when it is not ``y = f(x)``.
    """
    J = np.asarray(J, dtype=np.float64)
    if J.ndim != 2:
        raise ValueError(f"J must be a 2-D Jacobian of shape (m, n), got shape {J.shape}")
    ax = _new_axes(ax, figsize=(4.5, 4))
    limit = float(np.abs(J).max()) or 1.0
    image = ax.imshow(J, cmap="RdBu_r", norm=TwoSlopeNorm(0.0, -limit, limit))
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def loss_curve(
    losses: Any,
    ax: Axes | None = None,
    label: str | None = None,
    log: bool = True,
    ylabel: str = "loss (MSE)",
) -> Axes:
    """Plot a loss history (one value per step, as :func:`uinn.train` returns) against the step number.

    ``losses[i]`` is drawn at step ``i + 1``: the loss that step measured before its
    update. ``ylabel`` names the loss (say ``"loss (cross-entropy)"``).
    """
    losses = np.asarray(losses, dtype=np.float64)
    ax = _new_axes(ax)
    steps = np.arange(1, losses.size + 1)
    (ax.semilogy if log else ax.plot)(steps, losses, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel + (", log scale" if log else ""))
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


def _format_array(A: np.ndarray, digits: int) -> str:
    """A 2-D array as text: a 1x1 array as a bare number, else one ``[...]`` line per row."""
    cells = [[f"{v:.{digits}g}" for v in row] for row in A]
    cells = [["0" if c == "-0" else c for c in row] for row in cells]
    if A.size == 1:
        return cells[0][0]
    widths = [max(len(row[j]) for row in cells) for j in range(A.shape[1])]
    return "\n".join("[" + "  ".join(c.rjust(w) for c, w in zip(row, widths)) + "]" for row in cells)


def computation_graph(
    net: Sequence[Layer],
    X: Any,
    T: Any,
    activation: Activation = RELU,
    ax: Axes | None = None,
    digits: int = 4,
    max_size: int = 3,
) -> Axes:
    """Draw the computational graph of ``net`` on the batch ``(X, T)``, with every number on it.

    The graph is the one :func:`gradient_tree` draws: the backbone
    ``Y0 -> lin -> Y1 -> act -> Y2 -> ... -> YN -> MSE -> L`` runs left to right, the
    leaves ``W_k`` and ``b_k`` hang below each linear operation and the targets ``T``
    below ``MSE``. Each value sits on the edge from the operation that makes it to the
    one that uses it, in a box with its name, its forward value (blue) and its gradient
    ``dL/d(value)`` (red), which has the value's shape: ``Y_i`` is ``(n_k, B)``, ``W_k``
    ``(n_k, n_{k-1})``, ``b_k`` ``(n_k, 1)``, and ``L`` a scalar whose gradient
    ``dL/dL`` is 1. The data ``X = Y0`` and ``T`` (grey boxes) show their value only:
    no parameter needs their gradient.

    ``X`` is ``(n_0, B)`` and ``T`` is ``(n_K, B)``. Every number is computed here by
    :func:`uinn.forward <uinn.forward.forward>`, :func:`uinn.mse <uinn.loss.mse>`,
    :func:`uinn.mse_gradient <uinn.loss.mse_gradient>`,
    :func:`uinn.backbone_pass <uinn.backward.backbone_pass>` and
    :func:`uinn.leaf_pass <uinn.backward.leaf_pass>`, and printed to ``digits``
    significant digits, one matrix row per line. The figure is for small examples such
    as ``[1, 1, 1]`` with ``B = 1`` or ``[1, 2, 1]`` with ``B = 2``: an array with more
    than ``max_size`` rows or columns raises ``ValueError``.

    Each printed array is a text artist with ``gid`` ``"value:NAME"`` or
    ``"grad:NAME"`` (NAME one of ``Y0, ..., YN, W1, b1, ..., T, L``), so code can read
    the numbers back. Returns the ``Axes``.
    """
    sizes = topology(net)
    X = check_input(net, X)
    T = check_targets(net, X, T)
    check_activation(activation)
    digits = check_positive_int(digits, "digits")
    max_size = check_positive_int(max_size, "max_size")
    n_layers, batch = len(net), X.shape[1]
    n = 2 * n_layers - 1  # index of the output YN

    shapes = {"Y0": X.shape}
    for k in range(1, n_layers + 1):
        shapes |= {f"W{k}": (sizes[k], sizes[k - 1]), f"b{k}": (sizes[k], 1)}
        shapes[f"Y{2 * k - 1}"] = (sizes[k], batch)
        if k < n_layers:
            shapes[f"Y{2 * k}"] = (sizes[k], batch)
    shapes["T"] = T.shape
    for name, shape in shapes.items():
        if max(shape) > max_size:
            raise ValueError(
                f"computation_graph prints every array in full, and {name} has shape {shape}: "
                f"more than max_size={max_size} rows or columns. Draw a smaller net or batch, "
                "or raise max_size"
            )

    # The numbers, all from uinn: the forward record, the backbone pass, the leaf pass.
    record = forward(net, X, activation)
    backbone = backbone_pass(net, record, mse_gradient(record[-1], T), activation)
    value = {f"Y{i}": Y for i, Y in enumerate(record)} | {"T": T, "L": np.array([[mse(record[-1], T)]])}
    grad = {f"Y{i}": G for i, G in enumerate(backbone, start=1)} | {"L": np.ones((1, 1))}
    for k, ((W, b), (dW, db)) in enumerate(zip(net, leaf_pass(record, backbone)), start=1):
        value |= {f"W{k}": W, f"b{k}": b}
        grad |= {f"W{k}": dW, f"b{k}": db}
    text = {name: (_format_array(A, digits), _format_array(grad[name], digits) if name in grad else None)
            for name, A in value.items()}

    # The backbone row, values and operations alternating, and the leaves under each operation.
    row: list[tuple[str, str]] = [("data", "Y0")]
    for i in range(1, n + 1):
        row += [("op", "lin" if i % 2 else activation.name), ("value", f"Y{i}")]
    row += [("op", "MSE"), ("value", "L")]
    # Layer k's linear operation is item 4k - 3 of the row; MSE is the item before L.
    leaves = {4 * k - 3: [(f"W{k}", "param", -1), (f"b{k}", "param", 1)] for k in range(1, n_layers + 1)}
    leaves[len(row) - 2] = [("T", "data", 0)]

    # Sizes in inches at a 9 pt font: every box fits the longest line and the most lines.
    char_w, line_h, pad = 0.64 * 9 / 72, 1.2 * 9 / 72, 0.07
    def lines(name: str) -> list[str]:
        """The lines of text in the box of ``name``: its name, its value, its gradient."""
        return [name] + [line for t in text[name] if t is not None for line in t.split("\n")]
    box_w = max(0.5, max(len(line) for name in value for line in lines(name)[1:]) * char_w + 2 * pad)
    split = 0.3 * line_h  # a little space between a value and its gradient
    box_h = max(len(lines(name)) for name in value) * line_h + split + 2 * pad
    radius, gap = 0.25, 0.3
    step = max(box_w / 2 + radius + gap, (1.5 * box_w + 0.3) / 2)  # b_K must clear T
    leaf_y = -(box_h + 0.5)
    x_lo, x_hi = -box_w / 2 - 0.15, step * (len(row) - 1) + box_w / 2 + 0.15
    y_lo, y_hi = leaf_y - box_h / 2 - 0.15, box_h / 2 + 0.15
    ax, scale = _drawing_axes(ax, (x_lo, x_hi), (y_lo, y_hi), unit=1.0, max_width=10.0, bottom=0.6)
    font = 9.0 * scale

    def box(x: float, y: float, name: str, kind: str) -> None:
        fc = {"value": VALUE_COLOR, "data": DATA_COLOR, "param": PARAM_COLOR}[kind]
        ax.add_patch(FancyBboxPatch(
            (x - box_w / 2, y - box_h / 2), box_w, box_h, zorder=3, fc=fc, ec=EDGE_COLORS[kind],
            boxstyle="round,pad=0,rounding_size=0.1", lw=1.0,
        ))
        top = y + (len(lines(name)) * line_h + (name in grad) * split) / 2  # centred in the box
        label = f"${name[0]}_{{{name[1:]}}}$" if len(name) > 1 else f"${name}$"
        label = "$Y_{0} = X$" if name == "Y0" else label
        ax.text(x, top, label, ha="center", va="top", fontsize=font, zorder=4)
        top -= line_h
        for (what, color), t in zip((("value", FORWARD_COLOR), ("grad", GRAD_COLOR)), text[name]):
            if t is not None:
                ax.text(x, top, t, ha="center", va="top", fontsize=font, zorder=4, color=color,
                        family="monospace", linespacing=1.2, gid=f"{what}:{name}")
                top -= line_h * (t.count("\n") + 1) + split

    def edge_point(x: float, y: float, kind: str, towards: tuple[float, float]) -> tuple[float, float]:
        return _edge_point(x, y, kind, towards, box_w, box_h, radius)

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, zorder=2,
                                     shrinkA=0, shrinkB=0, color=FORWARD_COLOR, lw=1.2))

    for i, (kind, name) in enumerate(row):
        x = i * step
        if kind == "op":
            ax.add_patch(Circle((x, 0), radius, fc=OP_COLOR, ec=EDGE_COLORS["op"], lw=1.0, zorder=3))
            ax.text(x, 0, name, ha="center", va="center", zorder=4, fontsize=font * min(1.0, 3.8 / len(name)))
        else:
            box(x, 0, name, kind)
        if i > 0:  # the edge from item i-1 to item i, the way values flow
            prev = (i - 1) * step
            arrow(edge_point(prev, 0, row[i - 1][0], (x, 0)), edge_point(x, 0, kind, (prev, 0)))
        for leaf, leaf_kind, side in leaves.get(i, []):
            lx = x + side * (box_w / 2 + 0.1)
            box(lx, leaf_y, leaf, leaf_kind)
            arrow(edge_point(lx, leaf_y, leaf_kind, (x, 0)), edge_point(x, 0, "op", (lx, leaf_y)))

    _frame_drawing(ax, (x_lo, x_hi), (y_lo, y_hi), leaf_y)
    ax.set_xlabel(
        "in each box: the forward value (blue) and the gradient $\\partial L/\\partial(\\cdot)$ (red) "
        "of the named array;\ngrey boxes hold data, whose gradient no parameter needs; arrows run the way "
        "values flow", fontsize=8,
    )
    ax.set_title(f"Computational graph of a {sizes} network on a batch of B = {batch}", fontsize=10)
    return ax


# ---- classification: confusion matrix, a grid of images --------------------------


def confusion_matrix(
    counts: Any, ax: Axes | None = None, class_names: Sequence[str] | None = None
) -> Axes:
    """Draw a confusion matrix: ``counts[i, j]`` samples of true class ``i`` predicted as class ``j``.

    ``counts`` is a ``(C, C)`` array of non-negative integers: rows are the true
    classes, columns the predicted ones, so the diagonal holds the correct
    predictions. Diagonal cells are shaded blue and mistakes red, each darker for a
    larger count (on their own scales, so that a few mistakes show next to many
    correct predictions); every nonzero cell shows its count, and cells with no
    sample stay white. ``class_names`` (``C`` strings) label the rows and columns,
    ``0 .. C-1`` by default. Each count is a text artist with ``gid``
    ``"count:i,j"``. Returns the ``Axes``.
    """
    A = np.asarray(counts)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"counts must be a square (C, C) array of counts, got shape {A.shape}")
    if not np.issubdtype(A.dtype, np.number) or np.issubdtype(A.dtype, np.complexfloating):
        raise TypeError(f"counts must hold non-negative integers, got dtype {A.dtype}")
    if not np.all(np.isfinite(A)) or np.any(A < 0) or np.any(A != np.round(A)):
        raise ValueError("counts must hold non-negative integers (how many samples fell in each cell)")
    A = A.astype(np.int64)
    C = A.shape[0]
    names = [str(c) for c in range(C)] if class_names is None else [str(n) for n in class_names]
    if len(names) != C:
        raise ValueError(f"class_names has {len(names)} entries but counts has {C} classes")
    ax = _new_axes(ax, figsize=(0.45 * C + 2.0, 0.45 * C + 1.6))

    diagonal = np.eye(C, dtype=bool)
    shown = {"Blues": np.ma.masked_where(~diagonal | (A == 0), A),
             "Reds": np.ma.masked_where(diagonal | (A == 0), A)}
    limits = {}
    for cmap, part in shown.items():
        top = int(part.max()) if part.count() else 1
        limits[cmap] = top
        # vmin below 0 keeps the smallest nonzero count visibly tinted, not white
        ax.imshow(part, cmap=cmap, vmin=-0.25 * top, vmax=top, interpolation="nearest")
    for i in range(C):
        for j in range(C):
            if A[i, j]:
                dark = A[i, j] > 0.6 * limits["Blues" if i == j else "Reds"]
                ax.text(j, i, str(A[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if dark else "black", gid=f"count:{i},{j}")
    ax.set_xticks(range(C), names)
    ax.set_yticks(range(C), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_xticks(np.arange(C + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(C + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#dddddd", lw=0.5)
    ax.tick_params(which="minor", length=0)
    return ax


def digit_grid(
    X: Any,
    labels: Sequence[Any] | None = None,
    predicted: Sequence[Any] | None = None,
    columns: int = 8,
    ax: Axes | None = None,
) -> Axes:
    """Draw square greyscale images, one per column of ``X``, in a grid with their labels.

    ``X`` is ``(side * side, n)``: column ``s`` is image ``s`` with its pixels row by
    row, as :func:`uinn.data.digits <uinn.data.digits>` returns them (``side = 8``), with
    values in [0, 1] drawn from white (0) to black (1). The images fill the grid row
    by row, ``columns`` to a row. ``labels`` (``n`` entries) are written above the
    images; with ``predicted`` (``n`` entries) as well, each image gets
    ``"true 3"`` over ``"predicted 8"``, in red where the two differ. The grid is one
    image in one ``Axes``, which is returned.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array (side * side, n) with one image per column, got shape {X.shape}")
    side = int(round(np.sqrt(X.shape[0])))
    if side * side != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows, which is not side * side pixels of a square image")
    columns = check_positive_int(columns, "columns")
    n = X.shape[1]
    for name, given in (("labels", labels), ("predicted", predicted)):
        if given is not None and len(given) != n:
            raise ValueError(f"{name} has {len(given)} entries but X holds {n} images")
    if predicted is not None and labels is None:
        raise ValueError("predicted needs labels too: the true label of every image")

    lines = 0 if labels is None else 1 if predicted is None else 2
    cols, rows = min(columns, n), -(-n // columns)
    gap_x, gap_y = 1.0, 1.0 + 2.2 * lines  # in pixels; room above each image for its text
    cell_x, cell_y = side + gap_x, side + gap_y
    mosaic = np.full((int(rows * cell_y), int(cols * cell_x)), np.nan)
    for s in range(n):
        r, c = divmod(s, cols)
        top, left = int(r * cell_y + gap_y), int(c * cell_x)
        mosaic[top : top + side, left : left + side] = X[:, s].reshape(side, side)
    if ax is None:
        ax = plt.subplots(figsize=(0.14 * cols * cell_x, 0.14 * rows * cell_y))[1]
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")  # the gaps between images
    ax.imshow(mosaic, cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
    for s in range(n):
        if labels is None:
            break
        r, c = divmod(s, cols)
        x, y = c * cell_x + (side - 1) / 2, r * cell_y + gap_y - 0.9
        if predicted is None:
            text, color = f"{labels[s]}", "black"
        else:
            text = f"true {labels[s]}\npredicted {predicted[s]}"
            color = "black" if str(labels[s]) == str(predicted[s]) else GRAD_COLOR
        ax.text(x, y, text, ha="center", va="bottom", fontsize=8, color=color, linespacing=1.1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    what = {0: "", 1: "; above each, its label", 2: "; above each, true and predicted label (red: wrong)"}
    ax.set_xlabel(f"{n} images of {side} x {side} pixels{what[lines]}", fontsize=9)
    return ax
