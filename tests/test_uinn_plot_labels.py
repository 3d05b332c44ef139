"""Figure labels say what is plotted: the loss's name on a loss curve, the entry on a Jacobian's colour bar.

Protects the ``ylabel`` of uinn.plot.loss_curve and the ``label`` of uinn.plot.jacobian_heatmap.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import uinn


def test_loss_curve_names_the_loss_and_the_scale():
    ax = uinn.plot.loss_curve([1.0, 0.5, 0.25])
    assert ax.get_ylabel() == "loss (MSE), log scale"
    ax = uinn.plot.loss_curve([1.0, 0.5], log=False, ylabel="loss (cross-entropy)")
    assert ax.get_ylabel() == "loss (cross-entropy)"
    plt.close("all")


def test_loss_curve_draws_losses_i_at_step_i_plus_1():
    ax = uinn.plot.loss_curve([3.0, 2.0, 1.0])
    x, y = ax.lines[0].get_data()
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_array_equal(y, [3.0, 2.0, 1.0])
    plt.close("all")


def test_jacobian_heatmap_colour_bar_says_which_derivative_a_cell_holds():
    ax = uinn.plot.jacobian_heatmap(np.eye(3), label="$\\partial Y_2 / \\partial Y_1$")
    colorbar_axes = [a for a in ax.figure.axes if a is not ax]
    assert colorbar_axes[0].get_ylabel() == "$\\partial Y_2 / \\partial Y_1$"
    default = uinn.plot.jacobian_heatmap(np.eye(2))
    assert [a for a in default.figure.axes if a is not default][0].get_ylabel() == "$\\partial y_i / \\partial x_j$"
    plt.close("all")
