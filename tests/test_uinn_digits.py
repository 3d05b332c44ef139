"""The handwritten digits and the seeded train/test split.

Protects uinn.data.digits (shapes, scaling, one-hot targets, the clear ImportError
without scikit-learn) and uinn.data.split (sizes, disjointness, seeding, no mutation).
"""

from __future__ import annotations

import builtins

import numpy as np
import pytest

import uinn

sklearn = pytest.importorskip("sklearn", reason="uinn.data.digits reads scikit-learn's bundled digits")


def test_digits_are_64_pixels_by_1797_images_in_0_1_with_one_hot_targets():
    X, T = uinn.data.digits()
    assert X.shape == (64, 1797) and T.shape == (10, 1797)
    assert X.dtype == T.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(T.sum(axis=0), 1.0)
    assert set(np.unique(T)) == {0.0, 1.0}


def test_digits_match_scikit_learns_images_and_labels():
    from sklearn.datasets import load_digits

    X, T = uinn.data.digits()
    original = load_digits()
    np.testing.assert_array_equal(X * 16, original.data.T)
    np.testing.assert_array_equal(T.argmax(axis=0), original.target)
    np.testing.assert_array_equal(X[:, 0].reshape(8, 8) * 16, original.images[0])  # pixels row by row


def test_digits_without_scikit_learn_say_which_package_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):
        if name == "sklearn" or name.startswith("sklearn."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        uinn.data.digits()


def test_split_sizes_are_disjoint_and_cover_every_sample():
    X = np.arange(20, dtype=float).reshape(2, 10)
    T = np.arange(10, dtype=float)[None, :]
    X_train, T_train, X_test, T_test = uinn.data.split(X, T, test_fraction=0.3, seed=0)
    assert X_train.shape == (2, 7) and T_train.shape == (1, 7)
    assert X_test.shape == (2, 3) and T_test.shape == (1, 3)
    assert sorted(np.concatenate([T_train[0], T_test[0]])) == list(range(10))
    np.testing.assert_array_equal(X_train, [T_train[0], 10 + T_train[0]])  # columns stay paired
    np.testing.assert_array_equal(X_test, [T_test[0], 10 + T_test[0]])


def test_split_is_seeded_and_does_not_modify_its_inputs():
    X, T = uinn.data.spirals(n_per_arm=20)
    X0, T0 = X.copy(), T.copy()
    a = uinn.data.split(X, T, seed=4)
    b = uinn.data.split(X, T, seed=4)
    c = uinn.data.split(X, T, seed=5)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a[2], c[2])
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(T, T0)


def test_split_keeps_at_least_one_sample_on_each_side():
    X, T = np.zeros((1, 3)), np.zeros((1, 3))
    assert uinn.data.split(X, T, test_fraction=0.01)[2].shape == (1, 1)
    assert uinn.data.split(X, T, test_fraction=0.99)[0].shape == (1, 1)


@pytest.mark.parametrize("fraction", [0, 1, -0.2, 1.5, True, "0.2"])
def test_split_refuses_a_test_fraction_outside_0_1(fraction):
    with pytest.raises(ValueError, match="test_fraction must be a number strictly between 0 and 1"):
        uinn.data.split(np.zeros((2, 5)), np.zeros((1, 5)), test_fraction=fraction)


def test_split_refuses_mismatched_batches_and_single_samples():
    with pytest.raises(ValueError, match=r"same B, got \(2, 5\) and \(1, 4\)"):
        uinn.data.split(np.zeros((2, 5)), np.zeros((1, 4)))
    with pytest.raises(ValueError, match="at least 2 samples"):
        uinn.data.split(np.zeros((2, 1)), np.zeros((1, 1)))
