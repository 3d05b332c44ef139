"""The data sets the chapters train on, and the figures they draw.

Protects uinn.data (shapes, labels, reproducibility by seed) and uinn.plot (every
function returns the Axes it drew on, with labelled axes). Figures use the Agg
backend and are closed after each test.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import uinn  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- data


def test_xnor_is_the_four_bit_pairs_as_columns_and_their_xnor():
    X, T = uinn.data.xnor()
    assert X.shape == (2, 4) and T.shape == (1, 4)
    assert X.dtype == T.dtype == np.float64
    np.testing.assert_array_equal(X, [[0, 1, 0, 1], [0, 0, 1, 1]])
    np.testing.assert_array_equal(T, [[1, 0, 0, 1]])
    np.testing.assert_array_equal(T[0], (X[0] == X[1]).astype(float))  # XNOR: 1 where the bits agree


def test_xnor_returns_fresh_arrays():
    X, T = uinn.data.xnor()
    X[0, 0] = T[0, 0] = 9.0
    X2, T2 = uinn.data.xnor()
    assert X2[0, 0] == 0.0 and T2[0, 0] == 1.0


@pytest.mark.parametrize("n", [1, 64, 200])
def test_curve_has_one_sorted_input_row_and_one_target_row(n):
    X, T = uinn.data.curve(n=n, seed=0)
    assert X.shape == T.shape == (1, n)
    assert X.dtype == T.dtype == np.float64
    assert np.all(np.diff(X[0]) >= 0)
    assert X.min() >= -1.5 and X.max() <= 1.5


def test_curve_without_noise_lies_on_the_curve_function():
    X, T = uinn.data.curve(n=50, noise=0.0, seed=1)
    np.testing.assert_allclose(T, np.sin(3 * X) + 0.5 * X, rtol=1e-15)
    np.testing.assert_array_equal(T, uinn.data.curve_function(X))


def test_curve_noise_has_the_requested_standard_deviation():
    X, T = uinn.data.curve(n=20_000, noise=0.2, seed=2)
    assert np.std(T - uinn.data.curve_function(X)) == pytest.approx(0.2, rel=0.03)


@pytest.mark.parametrize("n_per_arm", [1, 100])
def test_spirals_have_two_arms_labelled_0_then_1(n_per_arm):
    X, T = uinn.data.spirals(n_per_arm=n_per_arm, seed=0)
    assert X.shape == (2, 2 * n_per_arm) and T.shape == (1, 2 * n_per_arm)
    np.testing.assert_array_equal(T[0, :n_per_arm], 0.0)
    np.testing.assert_array_equal(T[0, n_per_arm:], 1.0)


def test_spirals_without_noise_are_point_symmetric_arms_with_radius_up_to_one():
    X, _ = uinn.data.spirals(n_per_arm=50, noise=0.0, seed=0)
    radius = np.hypot(X[0], X[1])
    assert radius.min() == pytest.approx(0.1) and radius.max() == pytest.approx(1.0)
    np.testing.assert_allclose(X[:, 50:], -X[:, :50], atol=1e-12)  # the second arm is the first turned by pi


@pytest.mark.parametrize("make", [uinn.data.curve, uinn.data.spirals], ids=lambda f: f.__name__)
def test_random_data_sets_are_reproducible_by_seed(make):
    X1, T1 = make(seed=3)
    X2, T2 = make(seed=3)
    X3, _ = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(T1, T2)
    assert not np.array_equal(X1, X3)
    X0, _ = make()  # no seed: the default seed
    np.testing.assert_array_equal(X0, make(seed=uinn.DEFAULT_SEED)[0])


@pytest.mark.parametrize("make", [uinn.data.curve, uinn.data.spirals], ids=lambda f: f.__name__)
def test_random_data_sets_accept_a_generator(make):
    X1, _ = make(seed=np.random.default_rng(5))
    X2, _ = make(seed=5)
    np.testing.assert_array_equal(X1, X2)


@pytest.mark.parametrize("make", [uinn.data.curve, uinn.data.spirals], ids=lambda f: f.__name__)
def test_data_sets_train_directly(make):
    X, T = make(seed=0)
    net = uinn.init_net([X.shape[0], 8, T.shape[0]], seed=0)
    _, losses = uinn.train(net, X, T, 0.01, 2)
    assert np.all(np.isfinite(losses))


# --------------------------------------------------------------------------- plots


def assert_labelled(ax):
    assert isinstance(ax, Axes)
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


@pytest.fixture
def xnor_net():
    X, T = uinn.data.xnor()
    net, _ = uinn.train(uinn.init_net([2, 8, 8, 1]), X, T, 0.01, 50)
    return net, X, T


@pytest.mark.parametrize("sizes", [[2, 1], [2, 8, 8, 1]], ids=str)
def test_gradient_tree_returns_an_axes_with_a_caption_line_and_its_nodes(sizes):
    # A diagram, not a chart: its x label explains the arrows; no y quantity to label.
    ax = uinn.plot.gradient_tree(uinn.init_net(sizes))
    assert isinstance(ax, Axes)
    assert ax.get_xlabel().strip()
    assert str(sizes) in ax.get_title()
    assert ax.texts  # the nodes are drawn as text boxes


def test_jacobian_heatmap_returns_labelled_axes_and_refuses_a_vector():
    ax = uinn.plot.jacobian_heatmap(np.diag([1.0, 0.0, 1.0]), title="ReLU")
    assert_labelled(ax)
    assert ax.get_title() == "ReLU"
    with pytest.raises(ValueError, match="J must be a 2-D Jacobian"):
        uinn.plot.jacobian_heatmap(np.ones(3))


@pytest.mark.parametrize("log", [True, False])
def test_loss_curve_plots_one_point_per_step(log):
    losses = np.geomspace(1.0, 1e-3, 25)
    ax = uinn.plot.loss_curve(losses, log=log, label="run")
    assert_labelled(ax)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 26))
    np.testing.assert_array_equal(line.get_ydata(), losses)
    assert ax.get_yscale() == ("log" if log else "linear")


def test_decision_boundary_returns_labelled_axes_and_draws_on_a_given_axes(xnor_net):
    net, X, T = xnor_net
    fig, ax = plt.subplots()
    assert uinn.plot.decision_boundary(net, X, T, ax=ax, resolution=20) is ax
    assert_labelled(ax)
    with pytest.raises(ValueError, match=r"needs X of shape \(2, batch\) and T of shape \(1, batch\)"):
        uinn.plot.decision_boundary(net, X.T, T)


def test_regression_fit_returns_labelled_axes():
    X, T = uinn.data.curve(n=16, seed=0)
    net = uinn.init_net([1, 8, 1], seed=0)
    ax = uinn.plot.regression_fit(net, X, T, resolution=50)
    assert_labelled(ax)
    with pytest.raises(ValueError, match=r"needs X and T of shape \(1, batch\)"):
        uinn.plot.regression_fit(net, X, T[:, :3])


def test_plots_do_not_modify_their_inputs(xnor_net):
    net, X, T = xnor_net
    saved = [p.copy() for layer in net for p in layer] + [X.copy(), T.copy()]
    uinn.plot.decision_boundary(net, X, T, resolution=10)
    uinn.plot.gradient_tree(net)
    for before, after in zip(saved, [p for layer in net for p in layer] + [X, T]):
        np.testing.assert_array_equal(before, after)
