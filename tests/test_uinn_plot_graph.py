"""uinn.plot.computation_graph: the numbers it draws are uinn's, and it refuses what it cannot print.

The figure is read back through its text artists: every printed array carries the gid
"value:NAME" or "grad:NAME", and its text is parsed into numbers and compared with
values computed here, independently of the plot, by uinn's forward pass, loss and
gradients (and, for the gradients, by central differences).
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


def drawn(ax: Axes) -> dict[str, np.ndarray]:
    """Every array printed on the graph, by gid, parsed back into a 2-D array of floats."""
    arrays = {}
    for t in ax.texts:
        gid = t.get_gid()
        if gid:
            rows = [line.strip("[]").split() for line in t.get_text().split("\n")]
            arrays[gid] = np.array([[float(v) for v in row] for row in rows])
    return arrays


def chapter_1_net() -> list[uinn.Layer]:
    return [uinn.Layer(W=np.array([[2.0]]), b=np.array([[-1.0]])),
            uinn.Layer(W=np.array([[-3.0]]), b=np.array([[0.5]]))]


def chapter_2_net() -> list[uinn.Layer]:
    return [uinn.Layer(W=np.array([[1.0], [-1.0]]), b=np.array([[0.0], [1.5]])),
            uinn.Layer(W=np.array([[1.0, 2.0]]), b=np.array([[0.5]]))]


def expected(net, X, T, activation) -> dict[str, np.ndarray]:
    """What the graph should print, from uinn's public functions."""
    record = uinn.forward(net, X, activation)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T), activation)
    out = {f"value:Y{i}": Y for i, Y in enumerate(record)}
    out |= {f"grad:Y{i}": G for i, G in enumerate(backbone, start=1)}
    for k, ((W, b), (dW, db)) in enumerate(zip(net, uinn.gradients(net, X, T, activation)), start=1):
        out |= {f"value:W{k}": W, f"value:b{k}": b, f"grad:W{k}": dW, f"grad:b{k}": db}
    out |= {"value:T": np.asarray(T, dtype=float), "value:L": np.array([[uinn.mse(record[-1], T)]]),
            "grad:L": np.ones((1, 1))}
    return out


CASES = {
    "chapter 1: [1, 1, 1], B = 1": (chapter_1_net, [[1.5]], [[1.0]], uinn.RELU),
    "chapter 2: [1, 2, 1], B = 2": (chapter_2_net, [[1.0, 2.0]], [[2.0, 3.5]], uinn.RELU),
    "[2, 3, 2, 1] tanh, B = 3": (lambda: uinn.init_net([2, 3, 2, 1], seed=1),
                                 [[0.3, -1.2, 0.8], [1.1, 0.4, -0.6]], [[0.5, -0.2, 1.0]], uinn.TANH),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("digits", [3, 6])
def test_every_number_drawn_is_the_one_uinn_computes(case, digits):
    make, X, T, activation = case
    net = make()
    ax = uinn.plot.computation_graph(net, X, T, activation=activation, digits=digits)
    got, want = drawn(ax), expected(net, X, T, activation)
    assert got.keys() == want.keys()  # a value on every box, a gradient on all but Y0 and T
    for gid, array in want.items():
        assert got[gid].shape == array.shape, gid
        np.testing.assert_allclose(got[gid], array, rtol=0.5 * 10.0 ** (1 - digits), atol=1e-12, err_msg=gid)


def test_chapter_1_graph_shows_the_hand_computed_numbers():
    ax = uinn.plot.computation_graph(chapter_1_net(), [[1.5]], [[1.0]], digits=5)
    got = {gid: a.item() for gid, a in drawn(ax).items()}
    assert (got["value:Y1"], got["value:Y2"], got["value:Y3"], got["value:L"]) == (2, 2, -5.5, 21.125)
    assert (got["grad:Y3"], got["grad:Y2"], got["grad:Y1"]) == (-6.5, 19.5, 19.5)
    assert (got["grad:W2"], got["grad:b2"], got["grad:W1"], got["grad:b1"]) == (-13, -6.5, 29.25, 19.5)
    assert got["grad:L"] == 1


def test_matrices_are_printed_one_row_per_line():
    ax = uinn.plot.computation_graph(chapter_2_net(), [[1.0, 2.0]], [[2.0, 3.5]])
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert texts["value:Y1"].split("\n") == ["[  1     2]", "[0.5  -0.5]"]
    assert texts["grad:W2"] == "[-0.75  0.125]"
    assert texts["value:L"] == "0.3125"


def test_drawn_gradients_agree_with_central_differences():
    net = uinn.init_net([2, 3, 1], seed=2)
    X, T = [[0.5, -1.0], [0.2, 0.9]], [[1.0, -0.5]]
    got = drawn(uinn.plot.computation_graph(net, X, T, activation=uinn.TANH, digits=8))
    numeric = uinn.numerical_gradients(net, X, T, activation=uinn.TANH)
    for k, (dW, db) in enumerate(numeric, start=1):
        np.testing.assert_allclose(got[f"grad:W{k}"], dW, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(got[f"grad:b{k}"], db, rtol=1e-6, atol=1e-9)


def test_draws_on_a_given_axes_with_a_title_and_an_x_label():
    fig, ax = plt.subplots(figsize=(8, 3))
    assert uinn.plot.computation_graph(chapter_1_net(), [[1.5]], [[1.0]], ax=ax) is ax
    assert "[1, 1, 1]" in ax.get_title() and "B = 1" in ax.get_title()
    assert ax.get_xlabel().strip()


def test_leaves_its_inputs_unchanged():
    net = chapter_2_net()
    X, T = np.array([[1.0, 2.0]]), np.array([[2.0, 3.5]])
    saved = [p.copy() for layer in net for p in layer] + [X.copy(), T.copy()]
    uinn.plot.computation_graph(net, X, T)
    for before, after in zip(saved, [p for layer in net for p in layer] + [X, T]):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize(
    "sizes, batch, message",
    [([2, 8, 1], 1, r"W1 has shape \(8, 2\)"),
     ([1, 1, 1], 5, r"Y0 has shape \(1, 5\)"),
     ([4, 1], 1, r"Y0 has shape \(4, 1\)")],
)
def test_refuses_arrays_too_large_to_print(sizes, batch, message):
    net = uinn.init_net(sizes, seed=0)
    X, T = np.zeros((sizes[0], batch)), np.zeros((sizes[-1], batch))
    with pytest.raises(ValueError, match=message + r": more than max_size=3 rows or columns"):
        uinn.plot.computation_graph(net, X, T)


def test_max_size_lets_a_larger_array_through():
    net = uinn.init_net([1, 1, 1], seed=0)
    ax = uinn.plot.computation_graph(net, np.zeros((1, 5)), np.zeros((1, 5)), max_size=5)
    assert drawn(ax)["value:Y0"].shape == (1, 5)


def test_refuses_bad_inputs_with_the_expected_shape_in_the_message():
    net = chapter_1_net()
    with pytest.raises(ValueError, match=r"X has 2 rows but the network takes 1"):
        uinn.plot.computation_graph(net, np.zeros((2, 1)), [[1.0]])
    with pytest.raises(ValueError, match=r"expected T of shape \(1, 1\)"):
        uinn.plot.computation_graph(net, [[1.5]], [[1.0, 2.0]])
    with pytest.raises(TypeError, match="activation must be a uinn.Activation"):
        uinn.plot.computation_graph(net, [[1.5]], [[1.0]], activation="relu")
    with pytest.raises(ValueError, match="digits must be a positive integer"):
        uinn.plot.computation_graph(net, [[1.5]], [[1.0]], digits=0)
    with pytest.raises(TypeError, match="max_size must be a positive integer"):
        uinn.plot.computation_graph(net, [[1.5]], [[1.0]], max_size=2.5)
