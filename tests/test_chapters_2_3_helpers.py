"""Tests for the uinn helpers that chapters 2 and 3 use.

``uinn.calculus.backbone_jacobians`` / ``input_jacobian`` (the Jacobian chain of the
backbone at one sample) and ``uinn.plot.gradient_tree`` / ``model_view`` (the two
pictures of a network).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

import uinn  # noqa: E402
from uinn.calculus import backbone_jacobians, input_jacobian  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def sample(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, 1))


# --- backbone_jacobians / input_jacobian ------------------------------------------------


@pytest.mark.parametrize("topology", [[3, 2], [2, 5, 1], [4, 6, 5, 3], [3, 4, 4, 4, 2]])
def test_backbone_jacobians_have_the_shapes_of_the_steps(topology):
    net = uinn.init_net(topology, seed=1)
    jacobians = backbone_jacobians(net, sample(topology[0]))
    record = uinn.forward(net, sample(topology[0]))
    assert len(jacobians) == len(record) - 1
    for i, J in enumerate(jacobians, start=1):
        assert J.shape == (record[i].shape[0], record[i - 1].shape[0])


def test_linear_steps_are_W_and_activation_steps_are_diagonal_masks():
    net = uinn.init_net([3, 6, 5, 2], seed=2)
    x = sample(3, seed=3)
    record = uinn.forward(net, x)
    jacobians = backbone_jacobians(net, x)
    for k, layer in enumerate(net, start=1):
        assert np.array_equal(jacobians[2 * k - 2], layer.W)
    for i in (2, 4):
        D = jacobians[i - 1]
        assert np.array_equal(D, np.diag(np.diag(D)))  # diagonal
        assert np.array_equal(np.diag(D), (record[i - 1][:, 0] > 0).astype(float))


@pytest.mark.parametrize("activation", [uinn.RELU, uinn.TANH, uinn.SIGMOID])
def test_every_backbone_jacobian_matches_central_differences(activation):
    net = uinn.init_net([3, 5, 4, 2], seed=4)
    x = sample(3, seed=5)
    record = uinn.forward(net, x, activation)
    for i, J in enumerate(backbone_jacobians(net, x, activation), start=1):
        if i % 2:
            W, b = net[(i - 1) // 2]
            step = lambda v, W=W, b=b: W @ v + b  # noqa: E731
        else:
            step = activation.function
        numeric = uinn.numerical_jacobian(step, record[i - 1])
        assert np.allclose(J, numeric, atol=1e-7)


@pytest.mark.parametrize("activation", [uinn.RELU, uinn.TANH])
def test_input_jacobian_of_the_output_matches_central_differences(activation):
    net = uinn.init_net([4, 7, 6, 3], seed=6)
    x = sample(4, seed=7)
    numeric = uinn.numerical_jacobian(lambda v: uinn.predict(net, v, activation), x)
    J = input_jacobian(net, x, activation)
    assert J.shape == (3, 4)
    assert np.allclose(J, numeric, atol=1e-7)


def test_input_jacobian_upto_a_hidden_value():
    net = uinn.init_net([4, 7, 6, 3], seed=8)
    x = sample(4, seed=9)
    for upto in range(1, 6):
        numeric = uinn.numerical_jacobian(lambda v: uinn.forward(net, v)[upto], x)
        assert np.allclose(input_jacobian(net, x, upto=upto), numeric, atol=1e-7)
    assert np.array_equal(input_jacobian(net, x, upto=1), net[0].W)


def test_input_jacobian_transposed_times_g_is_the_backbone_pass():
    # The column form: dL/dY0 = J^T dL/dYn. backbone_pass stops at dL/dY1, so compare there.
    net = uinn.init_net([3, 5, 4, 2], seed=10)
    x, g = sample(3, seed=11), sample(2, seed=12)
    record = uinn.forward(net, x)
    backbone = uinn.backbone_pass(net, record, g)
    jacobians = backbone_jacobians(net, x)
    G1 = g
    for J in jacobians[:0:-1]:  # J_n down to J_2
        G1 = J.T @ G1
    assert np.allclose(G1, backbone[0])


def test_a_flat_sample_is_accepted_and_inputs_are_not_modified():
    net = uinn.init_net([3, 4, 2], seed=13)
    x = sample(3, seed=14)
    before = x.copy()
    assert np.array_equal(input_jacobian(net, x[:, 0]), input_jacobian(net, x))
    assert np.array_equal(x, before)
    J = backbone_jacobians(net, x)
    J[0][0, 0] += 1.0  # the returned W is a copy
    assert not np.array_equal(J[0], net[0].W)


def test_jacobian_helpers_reject_bad_input():
    net = uinn.init_net([3, 4, 2], seed=15)
    with pytest.raises(ValueError, match="one sample"):
        backbone_jacobians(net, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="4 rows but the network takes 3"):
        backbone_jacobians(net, np.zeros((4, 1)))
    with pytest.raises(ValueError, match="upto"):
        input_jacobian(net, np.zeros((3, 1)), upto=4)
    with pytest.raises(ValueError, match="upto"):
        input_jacobian(net, np.zeros((3, 1)), upto=0)
    with pytest.raises(TypeError, match="activation"):
        backbone_jacobians(net, np.zeros((3, 1)), activation=np.tanh)


# --- gradient_tree ----------------------------------------------------------------------


@pytest.mark.parametrize("topology", [[1, 1], [2, 5, 3, 1], [3, 4, 4, 4, 2], [784, 128, 10]])
@pytest.mark.parametrize("direction", ["backward", "forward"])
def test_gradient_tree_draws_every_node_at_one_size(topology, direction):
    net = uinn.init_net(topology, seed=0)
    L = len(net)
    ax = uinn.plot.gradient_tree(net, direction=direction)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    # Operations: L linear, L - 1 activations, the loss. Boxes: Y0..Yn, L, W_k, b_k, T.
    assert len(circles) == 2 * L
    assert len(boxes) == 2 * L + 1 + 2 * L + 1
    assert len(arrows) == 4 * L + 2 * L + 1  # backbone edges, leaf edges, the T edge
    assert len({c.get_radius() for c in circles}) == 1
    assert len({(round(b.get_width(), 9), round(b.get_height(), 9)) for b in boxes}) == 1
    texts = " ".join(t.get_text() for t in ax.texts)
    assert f"$Y_{{{2 * L - 1}}}$" in texts and f"$W_{{{L}}}$" in texts
    assert f"({topology[1]}, {topology[0]})" in texts  # the shape of W_1
    assert ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["backbone", "leaves"]


def test_gradient_tree_arrows_point_to_the_loss_side_or_away_from_it():
    net = uinn.init_net([2, 3, 1], seed=0)
    back = uinn.plot.gradient_tree(net)
    fwd = uinn.plot.gradient_tree(net, direction="forward")

    def first_backbone_arrow(ax):  # the edge between Y0 and the first linear node
        arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        (x0, _), (x1, _) = arrows[0]._posA_posB
        return x0, x1

    x0, x1 = first_backbone_arrow(back)
    assert x0 > x1  # backward: towards the input
    x0, x1 = first_backbone_arrow(fwd)
    assert x0 < x1  # forward: towards the loss


def test_gradient_tree_names_the_activation_and_the_batch():
    ax = uinn.plot.gradient_tree(uinn.init_net([2, 3, 1]), activation=uinn.TANH, batch="4")
    texts = [t.get_text() for t in ax.texts]
    assert "tanh" in texts and "relu" not in texts
    assert any("(3, 4)" in t for t in texts)


def test_gradient_tree_draws_on_given_axes_and_rejects_a_bad_direction():
    fig, ax = plt.subplots()
    assert uinn.plot.gradient_tree(uinn.init_net([2, 3, 1]), ax=ax) is ax
    with pytest.raises(ValueError, match="direction"):
        uinn.plot.gradient_tree(uinn.init_net([2, 3, 1]), direction="sideways")


# --- model_view -------------------------------------------------------------------------


def test_model_view_draws_one_line_per_weight_and_one_dot_per_unit():
    topology = [2, 5, 3, 1]
    net = uinn.init_net(topology, seed=0)
    ax = uinn.plot.model_view(net)
    assert len(ax.lines) == sum(a * b for a, b in zip(topology[:-1], topology[1:]))
    assert sum(len(c.get_offsets()) for c in ax.collections) == sum(topology)
    assert ax.get_ylabel() == "units"
    assert len(ax.get_xticklabels()) == len(topology)


def test_model_view_thins_out_wide_layers():
    net = uinn.init_net([20, 30, 10], seed=0)
    ax = uinn.plot.model_view(net, max_units=7)
    shown = [6, 6, 6]  # every layer is wider than 7: 6 units and a gap
    assert sum(len(c.get_offsets()) for c in ax.collections) == sum(shown)
    assert len(ax.lines) == shown[0] * shown[1] + shown[1] * shown[2]
    assert sum(t.get_text() == "⋮" for t in ax.texts) == 3
    with pytest.raises(ValueError, match="max_units"):
        uinn.plot.model_view(net, max_units=2)
