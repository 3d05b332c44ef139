"""The backward pass is right: analytic gradients agree with central differences.

Protects uinn.gradients, uinn.backbone_pass and uinn.leaf_pass (and the buffered
step uinn.train runs) against the numerical derivatives in uinn.calculus, for
random nets of depth 1 to 4, batches of 1 and more, and every activation.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn
from uinn.backward import loss_and_gradients, step_buffers
from uinn.calculus import max_error, numerical_jacobian, relative_error

TOL = 1e-6  # the bar; a correct float64 backward pass gives ~1e-9

TOPOLOGIES = {
    1: [3, 2],
    2: [3, 5, 2],
    3: [2, 6, 4, 3],
    4: [4, 5, 3, 4, 2],
}


def problem(depth: int, batch: int, seed: int = 0):
    """A random net of the given depth (layers), a batch X and targets T."""
    rng = np.random.default_rng(seed)
    sizes = TOPOLOGIES[depth]
    net = uinn.init_net(sizes, seed=rng)
    X = rng.standard_normal((sizes[0], batch))
    T = rng.standard_normal((sizes[-1], batch))
    return net, X, T


def continue_from(net, k: int, Yk: np.ndarray, activation) -> np.ndarray:
    """Run ``net`` from the backbone value ``Yk`` to the output ``Yn``.

    ``Yk`` with ``k`` odd is a linear output (the activation comes next); with
    ``k`` even it is the input of linear layer ``k/2 + 1``.
    """
    Y = Yk
    if k % 2 == 1:
        if k == 2 * len(net) - 1:
            return Y  # Yn itself
        Y = activation.function(Y)
        first = (k + 1) // 2  # 0-based index of the next linear layer
    else:
        first = k // 2
    for j in range(first, len(net)):
        if j > first:
            Y = activation.function(Y)
        Y = net[j].W @ Y + net[j].b
    return Y


def numerical_backbone(net, X, T, activation) -> list[np.ndarray]:
    """``[dL/dY1, ..., dL/dYn]`` by central differences on each backbone value."""
    record = uinn.forward(net, X, activation)
    result = []
    for k in range(1, len(record)):
        J = numerical_jacobian(lambda Y: uinn.mse(continue_from(net, k, Y, activation), T), record[k])
        result.append(J.reshape(record[k].shape))
    return result


ACTIVATIONS = [uinn.RELU, uinn.SIGMOID, uinn.TANH]


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("batch", [1, 7])
@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_gradients_agree_with_central_differences(depth, batch, activation):
    net, X, T = problem(depth, batch, seed=10 * depth + batch)
    errors = uinn.gradient_check(net, X, T, activation=activation)
    assert len(errors) == depth
    assert max_error(errors) < TOL, uinn.calculus.error_report(errors)


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("batch", [1, 6])
def test_gradients_equal_numerical_gradients_entry_by_entry(depth, batch):
    net, X, T = problem(depth, batch, seed=100 + depth)
    analytic = uinn.gradients(net, X, T)
    numeric = uinn.numerical_gradients(net, X, T)
    for (dW, db), (nW, nb), (W, b) in zip(analytic, numeric, net):
        assert dW.shape == W.shape and db.shape == b.shape
        np.testing.assert_allclose(dW, nW, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db, nb, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_backbone_pass_agrees_with_central_differences_on_every_backbone_value(depth, batch, activation):
    net, X, T = problem(depth, batch, seed=200 + depth)
    record = uinn.forward(net, X, activation)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T), activation)
    numeric = numerical_backbone(net, X, T, activation)
    assert len(backbone) == len(record) - 1 == 2 * depth - 1
    for k, (G, N) in enumerate(zip(backbone, numeric), start=1):
        assert G.shape == record[k].shape
        assert relative_error(G, N) < TOL, f"dL/dY{k}"


def test_backbone_pass_through_a_relu_is_the_mask_times_the_gradient_after_it():
    net, X, T = problem(3, 6)
    record = uinn.forward(net, X)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T))
    for k in (1, 3):  # dL/dY1 and dL/dY3 sit before a ReLU
        np.testing.assert_array_equal(backbone[k - 1], backbone[k] * (record[k] > 0))
    for k in (2, 4):  # dL/dY2 and dL/dY4 sit before linear layers 2 and 3
        np.testing.assert_allclose(backbone[k - 1], net[k // 2].W.T @ backbone[k], rtol=1e-12)


def test_backbone_pass_starts_from_the_given_output_gradient():
    net, X, _ = problem(2, 3)
    record = uinn.forward(net, X)
    upstream = np.arange(record[-1].size, dtype=float).reshape(record[-1].shape)
    backbone = uinn.backbone_pass(net, record, upstream)
    np.testing.assert_array_equal(backbone[-1], upstream)


@pytest.mark.parametrize("depth", [1, 2, 4])
@pytest.mark.parametrize("batch", [1, 5])
def test_gradients_is_forward_then_backbone_pass_then_leaf_pass(depth, batch):
    net, X, T = problem(depth, batch, seed=300 + depth)
    record = uinn.forward(net, X)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T))
    leaves = uinn.leaf_pass(record, backbone)
    for (dW, db), (lW, lb) in zip(uinn.gradients(net, X, T), leaves):
        np.testing.assert_array_equal(dW, lW)
        np.testing.assert_array_equal(db, lb)


def test_leaf_pass_is_an_outer_product_per_sample_summed_over_the_batch():
    net, X, T = problem(2, 5)
    record = uinn.forward(net, X)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T))
    leaves = uinn.leaf_pass(record, backbone)
    for k, (dW, db) in enumerate(leaves):
        G, Y_in = backbone[2 * k], record[2 * k]
        outer = sum(np.outer(G[:, s], Y_in[:, s]) for s in range(X.shape[1]))
        np.testing.assert_allclose(dW, outer, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, G.sum(axis=1, keepdims=True), rtol=1e-12, atol=1e-15)


def test_batch_gradient_is_the_mean_of_the_per_sample_gradients():
    # L = sum((Y - T)**2) / (2B): each sample's gradient (B = 1) enters with weight 1/B.
    net, X, T = problem(3, 4)
    batch = uinn.gradients(net, X, T)
    per_sample = [uinn.gradients(net, X[:, [s]], T[:, [s]]) for s in range(4)]
    for k, (dW, db) in enumerate(batch):
        np.testing.assert_allclose(dW, np.mean([g[k].W for g in per_sample], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, np.mean([g[k].b for g in per_sample], axis=0), rtol=1e-12, atol=1e-15)


def test_gradient_check_flags_a_wrong_gradient():
    net, X, T = problem(2, 4)
    wrong = [uinn.Layer(2 * dW, db) for dW, db in uinn.gradients(net, X, T)]
    errors = uinn.gradient_check(net, X, T, grads=wrong)
    assert all(e.W > 0.1 for e in errors)  # a factor 2 is a relative error of 1/3
    assert all(e.b < TOL for e in errors)
    assert "WRONG" in uinn.calculus.error_report(errors)


def test_gradients_of_a_dead_relu_layer_are_zero_and_still_agree():
    # Every hidden unit negative for every sample: the gradient cannot reach layer 1.
    net, X, T = problem(2, 3)
    net[0] = uinn.Layer(net[0].W, np.full_like(net[0].b, -100.0))
    grads = uinn.gradients(net, X, T)
    assert not grads[0].W.any() and not grads[0].b.any() and not grads[1].W.any()
    assert max_error(uinn.gradient_check(net, X, T)) < TOL


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_the_buffered_training_step_computes_the_same_gradients(activation):
    # uinn.train reuses StepBuffers between steps; the result must not depend on it.
    net, X, T = problem(3, 6)
    buffers = step_buffers(net, X.shape[1])
    for _ in range(2):  # the second call overwrites what the first wrote
        loss, grads = loss_and_gradients(net, X, T, activation, uinn.MSE, buffers)
    assert loss == pytest.approx(uinn.mse(uinn.predict(net, X, activation), T), rel=1e-12)
    for (dW, db), (eW, eb) in zip(grads, uinn.gradients(net, X, T, activation)):
        np.testing.assert_allclose(dW, eW, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, eb, rtol=1e-12, atol=1e-15)
    for got, want in zip(buffers.grads, grads):  # the gradients live in the buffers
        assert got.W is want.W and got.b is want.b


def test_gradients_are_float64_and_shaped_like_the_parameters():
    net, X, T = problem(3, 2)
    for (W, b), (dW, db) in zip(net, uinn.gradients(net, X.astype(np.float32), T.tolist())):
        assert dW.dtype == db.dtype == np.float64
        assert dW.shape == W.shape and db.shape == b.shape


def test_step_buffers_are_shaped_like_the_record_the_backbone_and_the_net():
    net, X, T = problem(3, 5)
    buffers = step_buffers(net, X.shape[1])
    record = uinn.forward(net, X)
    backbone = uinn.backbone_pass(net, record, uinn.mse_gradient(record[-1], T))
    assert [Y.shape for Y in buffers.record] == [Y.shape for Y in record[1:]]  # Y0 is the batch itself
    assert [G.shape for G in buffers.backbone] == [G.shape for G in backbone]
    assert [(dW.shape, db.shape) for dW, db in buffers.grads] == [(W.shape, b.shape) for W, b in net]
