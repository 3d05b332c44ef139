"""Small generated data sets, one sample per column.

Every function returns ``(X, T)``: inputs of shape ``(n_in, batch)`` and targets
of shape ``(n_out, batch)``, float64. Random ones take a ``seed`` (an int or a
``numpy.random.Generator``; ``None`` means :data:`uinn.net.DEFAULT_SEED`).
"""

from __future__ import annotations

import numbers

import numpy as np

from uinn.net import Seed, rng_from


def xnor() -> tuple[np.ndarray, np.ndarray]:
    """Return UiNN's demo problem: the four bit pairs and their XNOR.

    ``X`` is ``(2, 4)`` with columns (0,0), (1,0), (0,1), (1,1) (the binary digits
    of 0..3, least significant first) and ``T`` is ``[[1, 0, 0, 1]]``, shape ``(1, 4)``.
    """
    X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    T = np.array([[1.0, 0.0, 0.0, 1.0]])
    return X, T


def curve(n: int = 64, noise: float = 0.05, seed: Seed = None) -> tuple[np.ndarray, np.ndarray]:
    """Return a noisy 1-D regression problem ``t = sin(3x) + 0.5 x`` on ``x`` in [-1.5, 1.5].

    ``X`` is ``(1, n)`` with the inputs in increasing order, ``T`` is ``(1, n)``;
    ``noise`` is the standard deviation of the Gaussian noise added to ``T``.
    """
    _check_count(n, "n")
    rng = rng_from(seed)
    x = np.sort(rng.uniform(-1.5, 1.5, size=n))
    t = curve_function(x) + noise * rng.standard_normal(n)
    return x[None, :], t[None, :]


def curve_function(x: np.ndarray) -> np.ndarray:
    """The noise-free function behind :func:`curve`: ``sin(3x) + 0.5 x``."""
    return np.sin(3 * x) + 0.5 * x


def spirals(
    n_per_arm: int = 100, turns: float = 1.5, noise: float = 0.08, seed: Seed = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return two interleaved 2-D spirals, a classic problem a linear model cannot solve.

    ``X`` is ``(2, 2 * n_per_arm)``: points on two arms that wind ``turns`` times
    around the origin (radius up to 1), jittered by Gaussian ``noise``. ``T`` is
    ``(1, 2 * n_per_arm)`` with 0 for the first arm and 1 for the second.
    """
    _check_count(n_per_arm, "n_per_arm")
    rng = rng_from(seed)
    r = np.linspace(0.1, 1.0, n_per_arm)
    theta = 2 * np.pi * turns * r
    arms = []
    for phase in (0.0, np.pi):
        points = np.stack([r * np.cos(theta + phase), r * np.sin(theta + phase)])
        arms.append(points + noise * rng.standard_normal(points.shape))
    X = np.concatenate(arms, axis=1)
    T = np.concatenate([np.zeros(n_per_arm), np.ones(n_per_arm)])[None, :]
    return X, T


def digits() -> tuple[np.ndarray, np.ndarray]:
    """Return the 1797 handwritten digits (8 x 8 pixels) that ship with scikit-learn.

    ``X`` is ``(64, 1797)``: one image per column, its pixels row by row, scaled from
    the original 0..16 grey levels to [0, 1]. ``T`` is ``(10, 1797)``, one-hot: column
    ``s`` has a 1 in the row of the digit that image ``s`` shows. The images come from
    scikit-learn's bundled copy of the UCI optical digits, so nothing is downloaded;
    scikit-learn is needed for this function only.
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ImportError(
            "uinn.data.digits() reads the digits bundled with scikit-learn, which is not "
            "installed: pip install scikit-learn"
        ) from None
    images = load_digits()
    X = np.ascontiguousarray(images.data.T) / 16.0  # one image per column, stored row-major
    T = np.zeros((10, X.shape[1]))
    T[images.target, np.arange(X.shape[1])] = 1.0
    return X, T


def split(
    X: np.ndarray, T: np.ndarray, test_fraction: float = 0.2, seed: Seed = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples (columns) and split them into a training and a test set.

    ``X`` is ``(n_in, B)`` and ``T`` is ``(n_out, B)``. Returns
    ``(X_train, T_train, X_test, T_test)``: the test set holds ``round(test_fraction * B)``
    samples (at least 1, and at least 1 left for training), drawn by a permutation
    from ``seed`` (an int, a ``numpy.random.Generator`` or ``None`` for the default
    seed). New arrays; ``X`` and ``T`` are not modified.
    """
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    if X.ndim != 2 or T.ndim != 2 or X.shape[1] != T.shape[1]:
        raise ValueError(
            f"split needs X of shape (n_in, B) and T of shape (n_out, B) with the same B, "
            f"got {X.shape} and {T.shape}"
        )
    B = X.shape[1]
    if B < 2:
        raise ValueError(f"split needs at least 2 samples (columns), got {B}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}")
    n_test = min(max(round(test_fraction * B), 1), B - 1)
    order = rng_from(seed).permutation(B)
    train, test = order[n_test:], order[:n_test]
    return X[:, train], T[:, train], X[:, test], T[:, test]


def _check_count(n: object, name: str) -> None:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
