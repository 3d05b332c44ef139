"""The classification figures of chapter 7: a confusion matrix and a grid of digit images.

Protects uinn.plot.confusion_matrix (counts drawn where they belong, rows true and
columns predicted, correct and wrong cells told apart, bad counts refused) and
uinn.plot.digit_grid (every image lands in its tile, labels say true and predicted,
wrong ones in red, bad shapes refused). Nothing the caller passes is modified.
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


def counts_drawn(ax: Axes) -> dict[tuple[int, int], int]:
    """The numbers the figure prints, by cell, read back from the text artists' gids."""
    cells = {}
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("count:"):
            i, j = map(int, gid[len("count:"):].split(","))
            cells[(i, j)] = int(text.get_text())
    return cells


# --------------------------------------------------------------------------- confusion matrix


def test_confusion_matrix_prints_every_nonzero_count_in_its_cell_rows_true_columns_predicted():
    counts = np.array([[5, 0, 1], [2, 7, 0], [0, 0, 3]])
    ax = uinn.plot.confusion_matrix(counts)
    assert isinstance(ax, Axes)
    assert counts_drawn(ax) == {(0, 0): 5, (0, 2): 1, (1, 0): 2, (1, 1): 7, (2, 2): 3}
    for text in ax.texts:  # text (j, i) sits in column j (predicted), row i (true)
        i, j = map(int, text.get_gid()[len("count:"):].split(","))
        assert text.get_position() == (j, i)
    assert ax.get_xlabel() == "predicted class"
    assert ax.get_ylabel() == "true class"


def test_confusion_matrix_shades_correct_and_wrong_cells_apart_and_leaves_empty_cells_white():
    counts = np.array([[4, 1], [0, 6]])
    ax = uinn.plot.confusion_matrix(counts)
    correct, wrong = ax.images  # two layers: the diagonal, then the mistakes
    assert correct.get_cmap().name == "Blues" and wrong.get_cmap().name == "Reds"
    np.testing.assert_array_equal(np.ma.getmaskarray(correct.get_array()), [[False, True], [True, False]])
    np.testing.assert_array_equal(np.ma.getmaskarray(wrong.get_array()), [[True, False], [True, True]])


def test_confusion_matrix_labels_rows_and_columns_with_the_class_names():
    ax = uinn.plot.confusion_matrix(np.eye(3, dtype=int), class_names=["cat", "dog", "eel"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "eel"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog", "eel"]


def test_confusion_matrix_of_one_class_and_of_float_counts_works():
    assert counts_drawn(uinn.plot.confusion_matrix([[3]])) == {(0, 0): 3}
    assert counts_drawn(uinn.plot.confusion_matrix(np.array([[2.0, 0.0], [1.0, 4.0]]))) == {
        (0, 0): 2, (1, 0): 1, (1, 1): 4}


@pytest.mark.parametrize(
    "counts, message",
    [
        (np.ones((2, 3)), "square"),
        (np.ones(4), "square"),
        (np.array([[1, -1], [0, 2]]), "non-negative integers"),
        (np.array([[1.5, 0], [0, 2]]), "non-negative integers"),
        (np.array([[np.nan, 0], [0, 2]]), "non-negative integers"),
    ],
)
def test_confusion_matrix_refuses_what_is_not_a_square_table_of_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        uinn.plot.confusion_matrix(counts)


def test_confusion_matrix_refuses_text_and_a_wrong_number_of_class_names():
    with pytest.raises(TypeError, match="non-negative integers"):
        uinn.plot.confusion_matrix(np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(ValueError, match="class_names has 2 entries but counts has 3 classes"):
        uinn.plot.confusion_matrix(np.eye(3, dtype=int), class_names=["a", "b"])


def test_confusion_matrix_does_not_modify_the_counts():
    counts = np.array([[3, 1], [0, 2]])
    before = counts.copy()
    uinn.plot.confusion_matrix(counts)
    np.testing.assert_array_equal(counts, before)


# --------------------------------------------------------------------------- digit grid


def tiles(ax: Axes, side: int, n: int, columns: int) -> list[np.ndarray]:
    """Cut the drawn mosaic back into its n images: each is the side x side block of non-NaN pixels."""
    mosaic = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
    rows = -(-n // columns)
    cell_y, cell_x = mosaic.shape[0] // rows, mosaic.shape[1] // min(columns, n)
    found = []
    for s in range(n):
        r, c = divmod(s, min(columns, n))
        block = mosaic[r * cell_y : (r + 1) * cell_y, c * cell_x : (c + 1) * cell_x]
        keep_rows = ~np.all(np.isnan(block), axis=1)
        keep_cols = ~np.all(np.isnan(block), axis=0)
        found.append(block[keep_rows][:, keep_cols])
    return found


def test_digit_grid_puts_every_image_in_its_tile_row_by_row():
    rng = np.random.default_rng(0)
    X = rng.uniform(0.01, 1.0, size=(16, 7))  # 7 images of 4 x 4, none with a blank row
    ax = uinn.plot.digit_grid(X, columns=3)
    drawn = tiles(ax, side=4, n=7, columns=3)
    for s in range(7):
        np.testing.assert_array_equal(drawn[s], X[:, s].reshape(4, 4))


def test_digit_grid_shows_the_digits_as_uinn_data_returns_them():
    X, T = uinn.data.digits() if _has_sklearn() else (None, None)
    if X is None:
        pytest.skip("scikit-learn is needed for uinn.data.digits")
    ax = uinn.plot.digit_grid(X[:, :4], labels=T[:, :4].argmax(axis=0))
    mosaic = ax.images[0].get_array()
    assert mosaic.shape[1] == 4 * 8 + 4 * 1  # four 8-pixel images, each with a 1-pixel gap
    assert [t.get_text() for t in ax.texts] == ["0", "1", "2", "3"]  # the first four digits are 0..3


def test_digit_grid_writes_true_and_predicted_labels_in_red_where_they_differ():
    X = np.full((4, 3), 0.5)
    ax = uinn.plot.digit_grid(X, labels=[1, 2, 3], predicted=[1, 7, 3])
    assert [t.get_text() for t in ax.texts] == [
        "true 1\npredicted 1", "true 2\npredicted 7", "true 3\npredicted 3"]
    colors = [matplotlib.colors.to_hex(t.get_color()) for t in ax.texts]
    assert colors[0] == colors[2] == "#000000"
    assert colors[1] == uinn.plot.GRAD_COLOR


def test_digit_grid_draws_ink_dark_on_white():
    ax = uinn.plot.digit_grid(np.zeros((4, 1)))
    image = ax.images[0]
    assert image.get_cmap().name.startswith("gray_r")
    assert image.get_clim() == (0.0, 1.0)


@pytest.mark.parametrize(
    "X, kwargs, error, message",
    [
        (np.ones(64), {}, ValueError, "one image per column"),
        (np.ones((64, 0)), {}, ValueError, "one image per column"),
        (np.ones((63, 2)), {}, ValueError, "not side \\* side"),
        (np.ones((4, 2)), {"labels": [1]}, ValueError, "labels has 1 entries but X holds 2 images"),
        (np.ones((4, 2)), {"labels": [1, 2], "predicted": [1]}, ValueError, "predicted has 1 entries"),
        (np.ones((4, 2)), {"predicted": [1, 2]}, ValueError, "predicted needs labels"),
        (np.ones((4, 2)), {"columns": 0}, ValueError, "columns"),
    ],
)
def test_digit_grid_refuses_bad_shapes_and_label_counts(X, kwargs, error, message):
    with pytest.raises(error, match=message):
        uinn.plot.digit_grid(X, **kwargs)


def test_digit_grid_does_not_modify_the_images():
    X = np.linspace(0, 1, 32).reshape(16, 2)
    before = X.copy()
    uinn.plot.digit_grid(X, labels=[0, 1])
    np.testing.assert_array_equal(X, before)


def _has_sklearn() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True
