"""Training works: the loss goes down, the UiNN demo succeeds, and nothing is modified behind your back.

Protects uinn.train, uinn.apply_gradients and uinn.predict, including the XNOR
demo of the issue and its success rate over 100 seeds.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import uinn

XNOR_TOPOLOGY = [2, 8, 8, 1]
XNOR_LR = 0.01
XNOR_STEPS = 1000


def xnor_succeeds(net, X, T) -> bool:
    return bool(np.all(np.abs(uinn.predict(net, X) - T) < 0.1))


def snapshot(net):
    return [(W.copy(), b.copy()) for W, b in net]


def assert_same_net(net, saved):
    assert len(net) == len(saved)
    for (W, b), (sW, sb) in zip(net, saved):
        np.testing.assert_array_equal(W, sW)
        np.testing.assert_array_equal(b, sb)


# --------------------------------------------------------------------------- the demo


def test_xnor_demo_with_the_default_seed_ends_within_0_1_of_the_targets():
    X, T = uinn.data.xnor()
    net, losses = uinn.train(uinn.init_net(XNOR_TOPOLOGY), X, T, lr=XNOR_LR, steps=XNOR_STEPS)
    assert xnor_succeeds(net, X, T), uinn.predict(net, X)
    assert losses[-1] < 1e-3


def test_xnor_demo_succeeds_for_at_least_60_of_100_seeds():
    # UiNN's recipe succeeds for roughly 7 seeds in 10; dead ReLUs take the rest.
    X, T = uinn.data.xnor()
    successes = [
        xnor_succeeds(uinn.train(uinn.init_net(XNOR_TOPOLOGY, seed=s), X, T, XNOR_LR, XNOR_STEPS)[0], X, T)
        for s in range(100)
    ]
    assert sum(successes) >= 60, f"{sum(successes)}/100 seeds succeed"


# --------------------------------------------------------------------------- the loop


def test_training_lowers_the_loss_on_xnor():
    X, T = uinn.data.xnor()
    _, losses = uinn.train(uinn.init_net(XNOR_TOPOLOGY), X, T, XNOR_LR, 300)
    assert losses[-1] < 0.1 * losses[0]


@pytest.mark.parametrize("activation", [uinn.RELU, uinn.SIGMOID, uinn.TANH], ids=lambda a: a.name)
def test_training_lowers_the_loss_on_the_regression_curve(activation):
    X, T = uinn.data.curve(n=32, seed=0)
    net = uinn.init_net([1, 16, 16, 1], seed=0)
    trained, losses = uinn.train(net, X, T, lr=0.05, steps=200, activation=activation)
    assert losses[-1] < 0.5 * losses[0]
    assert uinn.mse(uinn.predict(trained, X, activation), T) < losses[0]


@pytest.mark.parametrize("steps", [1, 7])
def test_train_returns_one_finite_loss_per_step(steps):
    X, T = uinn.data.xnor()
    net, losses = uinn.train(uinn.init_net(XNOR_TOPOLOGY), X, T, XNOR_LR, steps)
    assert isinstance(losses, np.ndarray)
    assert losses.shape == (steps,) and losses.dtype == np.float64
    assert np.all(np.isfinite(losses))
    assert uinn.topology(net) == XNOR_TOPOLOGY


def test_each_recorded_loss_is_the_loss_before_that_steps_update():
    X, T = uinn.data.xnor()
    net0 = uinn.init_net(XNOR_TOPOLOGY, seed=1)
    _, losses = uinn.train(net0, X, T, XNOR_LR, 5)
    assert losses[0] == pytest.approx(uinn.mse(uinn.predict(net0, X), T), rel=1e-12)
    after_four, _ = uinn.train(net0, X, T, XNOR_LR, 4)
    assert losses[4] == pytest.approx(uinn.mse(uinn.predict(after_four, X), T), rel=1e-12)


def test_one_training_step_is_apply_gradients_of_gradients():
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY, seed=2)
    trained, _ = uinn.train(net, X, T, 0.1, 1)
    by_hand = uinn.apply_gradients(net, uinn.gradients(net, X, T), 0.1)
    for (W, b), (hW, hb) in zip(trained, by_hand):
        np.testing.assert_allclose(W, hW, rtol=1e-14, atol=1e-16)
        np.testing.assert_allclose(b, hb, rtol=1e-14, atol=1e-16)


def test_train_equals_a_loop_of_gradients_and_apply_gradients():
    X, T = uinn.data.spirals(n_per_arm=10, seed=0)
    net = uinn.init_net([2, 6, 5, 1], seed=3)
    trained, losses = uinn.train(net, X, T, 0.05, 20)
    by_hand = net
    for step in range(20):
        assert losses[step] == pytest.approx(uinn.mse(uinn.predict(by_hand, X), T), rel=1e-10)
        by_hand = uinn.apply_gradients(by_hand, uinn.gradients(by_hand, X, T), 0.05)
    for (W, b), (hW, hb) in zip(trained, by_hand):
        np.testing.assert_allclose(W, hW, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(b, hb, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("batch_size", [None, 3])
def test_train_checks_its_arguments_once_per_call_not_once_per_step(monkeypatch, batch_size):
    # The checks scan X and T; inside the loop they would dominate a tiny net's step.
    validate = importlib.import_module("uinn.validate")
    loss = importlib.import_module("uinn.loss")
    calls = []
    original = validate.check_array

    def counting(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return original(*args, **kwargs)

    monkeypatch.setattr(validate, "check_array", counting)
    monkeypatch.setattr(loss, "check_array", counting)
    X, T = uinn.data.xnor()
    uinn.train(uinn.init_net(XNOR_TOPOLOGY), X, T, XNOR_LR, 50, batch_size=batch_size, seed=0)
    assert sorted(calls) == ["T", "X"]


@pytest.mark.parametrize("batch_size, sizes", [(None, [4]), (2, [2]), (3, [3, 1])])
def test_train_allocates_its_step_arrays_once_per_batch_size_not_once_per_step(
        monkeypatch, batch_size, sizes):
    # 50 steps on the 4 XNOR samples: minibatches of 3 are followed by a last one of 1.
    train_module = importlib.import_module("uinn.train")
    allocated = []
    original = train_module.step_buffers

    def counting(net, batch):
        allocated.append(batch)
        return original(net, batch)

    monkeypatch.setattr(train_module, "step_buffers", counting)
    X, T = uinn.data.xnor()
    uinn.train(uinn.init_net(XNOR_TOPOLOGY), X, T, XNOR_LR, 50, batch_size=batch_size, seed=0)
    assert sorted(allocated) == sorted(sizes)


def test_predict_returns_the_last_record_entry():
    X, _ = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)
    Y = uinn.predict(net, X)
    assert Y.shape == (1, 4)
    np.testing.assert_array_equal(Y, uinn.forward(net, X)[-1])


def test_forward_record_alternates_linear_outputs_and_activations():
    X, _ = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY, seed=4)
    record = uinn.forward(net, X)
    assert len(record) == 2 * len(net)
    np.testing.assert_array_equal(record[0], X)
    for k, (W, b) in enumerate(net, start=1):
        np.testing.assert_allclose(record[2 * k - 1], W @ record[2 * k - 2] + b, rtol=1e-14)
        if k < len(net):
            np.testing.assert_array_equal(record[2 * k], np.maximum(record[2 * k - 1], 0))
    assert [Y.shape for Y in record] == [(2, 4), (8, 4), (8, 4), (8, 4), (8, 4), (1, 4)]


# --------------------------------------------------------------------------- no side effects


def test_train_does_not_modify_net_x_or_t():
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)
    saved, X0, T0 = snapshot(net), X.copy(), T.copy()
    trained, _ = uinn.train(net, X, T, XNOR_LR, 10)
    assert_same_net(net, saved)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(T, T0)
    for (W, b), (tW, tb) in zip(net, trained):
        assert not np.shares_memory(W, tW) and not np.shares_memory(b, tb)


def test_train_works_on_read_only_arrays():
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)
    for a in [X, T] + [p for layer in net for p in layer]:
        a.flags.writeable = False
    trained, losses = uinn.train(net, X, T, XNOR_LR, 3)
    assert losses.shape == (3,)
    assert trained[0].W.flags.writeable  # the trained net is yours to change


def test_two_calls_of_train_give_identical_results():
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)
    (a, la), (b, lb) = uinn.train(net, X, T, XNOR_LR, 50), uinn.train(net, X, T, XNOR_LR, 50)
    np.testing.assert_array_equal(la, lb)
    assert_same_net(a, snapshot(b))


def test_apply_gradients_returns_w_minus_lr_dw_and_modifies_nothing():
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)
    grads = uinn.gradients(net, X, T)
    saved_net, saved_grads = snapshot(net), snapshot(grads)
    new = uinn.apply_gradients(net, grads, 0.5)
    assert_same_net(net, saved_net)
    assert_same_net(grads, saved_grads)
    for (W, b), (dW, db), (nW, nb) in zip(net, grads, new):
        np.testing.assert_array_equal(nW, W - 0.5 * dW)
        np.testing.assert_array_equal(nb, b - 0.5 * db)
        assert not np.shares_memory(nW, W) and not np.shares_memory(nW, dW)
    assert all(isinstance(layer, uinn.Layer) for layer in new)
