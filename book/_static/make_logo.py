"""Draw the book's logo and favicon (run from the top of the repository).

    .venv/bin/python book/_static/make_logo.py

A chain of three nodes: the forward pass runs left to right (blue arrows), the
gradient comes back right to left (the orange arc). Writes logo.svg and favicon.png
beside this file; both are committed, so the book build does not run this.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

HERE = Path(__file__).resolve().parent
BLUE, ORANGE, INK = "#1f5fa8", "#e8710a", "#1b2a3a"


def draw(ax, node_radius: float, lw: float, xlim: tuple, ylim: tuple) -> None:
    xs = [0.2, 0.5, 0.8]
    y = 0.62
    for x in xs:
        ax.add_patch(Circle((x, y), node_radius, facecolor="white", edgecolor=INK, lw=lw, zorder=3))
    for a, b in zip(xs, xs[1:]):
        ax.add_patch(
            FancyArrowPatch(
                (a + node_radius, y), (b - node_radius, y),
                arrowstyle="-|>", mutation_scale=14 * lw / 2, color=BLUE, lw=lw, zorder=2,
            )
        )
    ax.add_patch(
        FancyArrowPatch(
            (xs[-1], y - node_radius - 0.02), (xs[0], y - node_radius - 0.02),
            connectionstyle="arc3,rad=-0.55", arrowstyle="-|>",
            mutation_scale=14 * lw / 2, color=ORANGE, lw=lw, zorder=1,
        )
    )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


def main() -> None:
    plt.rcParams["svg.hashsalt"] = "uinn"  # the same SVG on every run
    fig = plt.figure(figsize=(2.8, 1.6))
    ax = fig.add_axes([0, 0, 1, 1])
    draw(ax, node_radius=0.085, lw=3, xlim=(0.08, 0.92), ylim=(0.28, 0.76))
    fig.savefig(HERE / "logo.svg", transparent=True, metadata={"Date": None})
    plt.close(fig)

    fig = plt.figure(figsize=(1, 1), dpi=64)
    ax = fig.add_axes([0, 0, 1, 1])
    draw(ax, node_radius=0.11, lw=3.2, xlim=(0.06, 0.94), ylim=(0.09, 0.97))
    fig.savefig(HERE / "favicon.png", transparent=True, dpi=64)
    plt.close(fig)


if __name__ == "__main__":
    main()
