"""The two flattenings of dy/dW that the docstring of weight_jacobian_tensor names.

Listed column by column (vec(W)), the tensor is the Kronecker product x^T ⊗ I; listed
row by row (NumPy's reshape, uinn.numerical_jacobian), it is I ⊗ x^T.
"""

from __future__ import annotations

import numpy as np
import pytest

from uinn.calculus import weight_jacobian_tensor


@pytest.mark.parametrize("m, n", [(1, 1), (3, 4), (5, 2)])
def test_column_by_column_flattening_is_kron_of_x_transposed_and_identity(m, n):
    x = np.random.default_rng(m + 10 * n).standard_normal((n, 1))
    J = weight_jacobian_tensor(x, m)
    assert np.array_equal(J.transpose(0, 2, 1).reshape(m, m * n), np.kron(x.T, np.eye(m)))


@pytest.mark.parametrize("m, n", [(1, 1), (3, 4), (5, 2)])
def test_row_by_row_flattening_is_kron_of_identity_and_x_transposed(m, n):
    x = np.random.default_rng(m + 10 * n).standard_normal((n, 1))
    J = weight_jacobian_tensor(x, m)
    assert np.array_equal(J.reshape(m, m * n), np.kron(np.eye(m), x.T))
