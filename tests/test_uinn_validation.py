"""Bad input is refused with a message that names the problem, and good input is never modified.

Protects every bad-input case of the issue (topology, X, T, NaN/inf, learning
rate, step count, divergence) for every public function that takes them, by
matching the message text, so the messages stay informative; and checks that
forward, gradients, backbone_pass, leaf_pass, numerical_gradients,
numerical_jacobian, gradient_check, train, apply_gradients and mse leave their
arguments as they found them.
"""

from __future__ import annotations

import numpy as np
import pytest

import uinn

NET = uinn.init_net([2, 3, 1], seed=0)
X_OK, T_OK = uinn.data.xnor()
for _array in [X_OK, T_OK] + [p for layer in NET for p in layer]:
    _array.flags.writeable = False  # shared by many tests: any write would raise


def net():
    return uinn.init_net([2, 3, 1], seed=0)


# Every public function that takes (net, X) or (net, X, T), called on a small problem.
WITH_X = {
    "forward": lambda X: uinn.forward(NET, X),
    "predict": lambda X: uinn.predict(NET, X),
    "gradients": lambda X: uinn.gradients(NET, X, T_OK),
    "train": lambda X: uinn.train(NET, X, T_OK, 0.01, 2),
    "numerical_gradients": lambda X: uinn.numerical_gradients(NET, X, T_OK),
    "gradient_check": lambda X: uinn.gradient_check(NET, X, T_OK),
}
WITH_T = {
    "gradients": lambda T: uinn.gradients(NET, X_OK, T),
    "train": lambda T: uinn.train(NET, X_OK, T, 0.01, 2),
    "numerical_gradients": lambda T: uinn.numerical_gradients(NET, X_OK, T),
    "gradient_check": lambda T: uinn.gradient_check(NET, X_OK, T),
}


# --------------------------------------------------------------------------- topology


@pytest.mark.parametrize("topology", [[], [2], (5,)], ids=str)
def test_a_topology_with_fewer_than_two_entries_is_refused(topology):
    with pytest.raises(ValueError, match=r"topology needs at least 2 entries \[n_in, \.\.\., n_out\]"):
        uinn.init_net(topology)


@pytest.mark.parametrize("topology, entry", [([2, 0, 1], 1), ([2, -3, 1], 1), ([0, 1], 0)], ids=str)
def test_a_topology_with_a_non_positive_size_is_refused(topology, entry):
    with pytest.raises(ValueError, match=f"positive integers, entry {entry} is -?[0-9]"):
        uinn.init_net(topology)


@pytest.mark.parametrize(
    "topology, entry", [([2, 2.5, 1], 1), ([2, 8.0, 1], 1), ([2, "8", 1], 1), ([True, 1], 0), ([2, None], 1)],
    ids=str,
)
def test_a_topology_with_a_non_integer_size_is_refused(topology, entry):
    with pytest.raises(TypeError, match=f"topology entries must be positive integers, entry {entry} is"):
        uinn.init_net(topology)


@pytest.mark.parametrize("topology", ["2,8,1", 5, None, {2: 1}], ids=repr)
def test_a_topology_that_is_not_a_list_is_refused(topology):
    with pytest.raises(TypeError, match=r"topology must be a list of layer sizes like \[2, 8, 8, 1\]"):
        uinn.init_net(topology)


# --------------------------------------------------------------------------- X and T


@pytest.mark.parametrize("name", WITH_X)
def test_x_with_the_wrong_number_of_rows_is_refused(name):
    with pytest.raises(ValueError, match=r"X has 3 rows but the network takes 2.*expected shape \(2, batch\)"):
        WITH_X[name](np.ones((3, 4)))


@pytest.mark.parametrize("name", WITH_X)
def test_x_in_rows_instead_of_columns_is_refused(name):
    # The classic mistake: samples as rows, shape (batch, n_in).
    with pytest.raises(ValueError, match="X has 4 rows but the network takes 2"):
        WITH_X[name](X_OK.T)


@pytest.mark.parametrize("name", WITH_X)
@pytest.mark.parametrize("X", [np.ones(2), np.ones((2, 4, 1)), np.float64(1.0)], ids=["1-D", "3-D", "0-D"])
def test_x_that_is_not_2d_is_refused(name, X):
    expected = rf"X must be 2-D with one sample per column, shape \(2, batch\), got {X.ndim}-D"
    with pytest.raises(ValueError, match=expected):
        WITH_X[name](X)


@pytest.mark.parametrize("name", WITH_X)
def test_x_with_no_columns_is_refused(name):
    with pytest.raises(ValueError, match="X has no columns"):
        WITH_X[name](np.ones((2, 0)))


@pytest.mark.parametrize("name", WITH_X)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_x_with_nan_or_infinite_values_is_refused(name, bad):
    X = X_OK.copy()
    X[1, 2] = bad
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        WITH_X[name](X)


@pytest.mark.parametrize("name", WITH_X)
@pytest.mark.parametrize("X", ["0101", None, [[1, "a"], [2, 3]]], ids=["str", "None", "mixed"])
def test_x_that_is_not_numeric_is_refused(name, X):
    with pytest.raises(TypeError, match=r"X must be (a|an) (numeric )?array of shape \(2, batch\)"):
        WITH_X[name](X)


@pytest.mark.parametrize("name", WITH_T)
def test_t_with_another_batch_size_than_x_is_refused(name):
    with pytest.raises(ValueError, match=r"X has 4 samples \(columns\) but T has 3; expected T of shape \(1, 4\)"):
        WITH_T[name](np.ones((1, 3)))


@pytest.mark.parametrize("name", WITH_T)
def test_t_with_the_wrong_number_of_rows_is_refused(name):
    with pytest.raises(ValueError, match=r"T has 2 rows but the network outputs 1; expected shape \(1, batch\)"):
        WITH_T[name](np.ones((2, 4)))


@pytest.mark.parametrize("name", WITH_T)
def test_t_that_is_not_2d_is_refused(name):
    with pytest.raises(ValueError, match=r"T must be 2-D with one sample per column, shape \(1, batch\), got 1-D"):
        WITH_T[name](np.array([1.0, 0.0, 0.0, 1.0]))


@pytest.mark.parametrize("name", WITH_T)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_t_with_nan_or_infinite_values_is_refused(name, bad):
    T = T_OK.copy()
    T[0, 0] = bad
    with pytest.raises(ValueError, match="T contains NaN or infinite values"):
        WITH_T[name](T)


def test_mse_refuses_outputs_and_targets_of_different_shapes():
    with pytest.raises(ValueError, match=r"T has 3 rows but Y has 2"):
        uinn.mse(np.ones((2, 4)), np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"T has shape \(2, 3\) but Y has shape \(2, 4\)"):
        uinn.mse_gradient(np.ones((2, 4)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="Y contains NaN or infinite values"):
        uinn.mse(np.array([[np.nan]]), np.array([[0.0]]))


# --------------------------------------------------------------------------- lr and steps


BAD_LR_VALUE = [0, 0.0, -1, -0.01, np.nan, np.inf, -np.inf]
BAD_LR_TYPE = ["0.1", True, None, [0.1], 1j]


@pytest.mark.parametrize("lr", BAD_LR_VALUE, ids=repr)
def test_train_refuses_a_learning_rate_that_is_not_positive_and_finite(lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number such as 0.01, got"):
        uinn.train(net(), X_OK, T_OK, lr, 5)


@pytest.mark.parametrize("lr", BAD_LR_TYPE, ids=repr)
def test_train_refuses_a_learning_rate_that_is_not_a_number(lr):
    with pytest.raises(TypeError, match="lr must be a positive number such as 0.01, got"):
        uinn.train(net(), X_OK, T_OK, lr, 5)


@pytest.mark.parametrize("lr", BAD_LR_VALUE + BAD_LR_TYPE, ids=repr)
def test_apply_gradients_refuses_a_bad_learning_rate(lr):
    grads = uinn.gradients(NET, X_OK, T_OK)
    with pytest.raises((TypeError, ValueError), match="lr must be a positive"):
        uinn.apply_gradients(net(), grads, lr)


@pytest.mark.parametrize("lr", [1, 0.5, np.float32(0.01), np.float64(1e-3)], ids=repr)
def test_any_positive_real_learning_rate_is_accepted(lr):
    _, losses = uinn.train(net(), X_OK, T_OK, lr, 2)
    assert losses.shape == (2,)


@pytest.mark.parametrize("steps", [0, -3], ids=repr)
def test_train_refuses_a_step_count_that_is_not_positive(steps):
    with pytest.raises(ValueError, match=f"steps must be a positive integer, got {steps}"):
        uinn.train(net(), X_OK, T_OK, 0.01, steps)


@pytest.mark.parametrize("steps", [2.5, 10.0, True, "10", None], ids=repr)
def test_train_refuses_a_step_count_that_is_not_an_integer(steps):
    with pytest.raises(TypeError, match="steps must be a positive integer, got"):
        uinn.train(net(), X_OK, T_OK, 0.01, steps)


def test_train_accepts_a_numpy_integer_step_count():
    assert uinn.train(net(), X_OK, T_OK, 0.01, np.int64(3))[1].shape == (3,)


# --------------------------------------------------------------------------- divergence


def test_divergence_stops_training_naming_the_step_and_suggesting_a_smaller_learning_rate():
    # Also: no numpy overflow warning escapes (pyproject turns warnings into errors).
    with pytest.raises(FloatingPointError, match=r"at step \d+ of 1000 \(lr=1000000.0\); try a smaller learning rate"):
        uinn.train(uinn.init_net([2, 8, 8, 1]), X_OK, T_OK, lr=1e6, steps=1000)


def test_divergence_is_reported_at_the_first_step_whose_loss_is_not_finite():
    X, T = uinn.data.xnor()
    net0 = uinn.init_net([2, 8, 8, 1])
    with pytest.raises(FloatingPointError) as info:
        uinn.train(net0, X, T, lr=1e6, steps=1000)
    step = int(str(info.value).split("at step ")[1].split()[0])
    assert step > 1  # the first loss is that of the initial net, which is finite
    # Training exactly that many steps still fails there, and one step fewer succeeds.
    with pytest.raises(FloatingPointError, match=f"at step {step} of {step} "):
        uinn.train(net0, X, T, lr=1e6, steps=step)
    _, losses = uinn.train(net0, X, T, lr=1e6, steps=step - 1)
    assert np.all(np.isfinite(losses))


# --------------------------------------------------------------------------- nets and passes


@pytest.mark.parametrize(
    "bad, error, message",
    [
        ([], TypeError, "net must be a non-empty list of \\(W, b\\) layers"),
        ("net", TypeError, "net must be a non-empty list"),
        ([(np.ones((3, 2)),)], TypeError, "layer 1 must be a \\(W, b\\) pair"),
        ([(np.ones(3), np.ones((3, 1)))], ValueError, "layer 1: W must be a 2-D array of shape \\(n_out, n_in\\)"),
        ([(np.ones((3, 2)), np.ones(3))], ValueError, "layer 1: b must have shape \\(3, 1\\) to match W"),
        (
            [(np.ones((3, 2)), np.ones((3, 1))), (np.ones((1, 4)), np.ones((1, 1)))],
            ValueError,
            "layer 2: W has shape \\(1, 4\\) but layer 1 outputs 3 values; expected \\(1, 3\\)",
        ),
    ],
    ids=["empty", "str", "one-array", "W-1-D", "b-1-D", "no-chain"],
)
def test_a_malformed_net_is_refused(bad, error, message):
    for call in (
        lambda: uinn.forward(bad, X_OK),
        lambda: uinn.gradients(bad, X_OK, T_OK),
        lambda: uinn.train(bad, X_OK, T_OK, 0.01, 1),
        lambda: uinn.topology(bad),
        lambda: uinn.copy_net(bad),
    ):
        with pytest.raises(error, match=message):
            call()


@pytest.mark.parametrize("activation", ["relu", np.tanh, (np.tanh, np.tanh)], ids=repr)
def test_an_activation_that_is_not_an_activation_pair_is_refused(activation):
    for call in (
        lambda: uinn.forward(NET, X_OK, activation),
        lambda: uinn.gradients(NET, X_OK, T_OK, activation),
        lambda: uinn.train(NET, X_OK, T_OK, 0.01, 1, activation),
    ):
        with pytest.raises(TypeError, match=r"activation must be a uinn.Activation\(name, function, derivative\)"):
            call()


def test_apply_gradients_refuses_grads_that_do_not_match_the_net():
    grads = uinn.gradients(NET, X_OK, T_OK)
    with pytest.raises(ValueError, match="net has 2 layers but grads has 1"):
        uinn.apply_gradients(NET, grads[:1], 0.1)
    swapped = [uinn.Layer(grads[0].W.T, grads[0].b), grads[1]]
    with pytest.raises(ValueError, match=r"layer 1: dW has shape \(2, 3\), expected \(3, 2\)"):
        uinn.apply_gradients(NET, swapped, 0.1)


@pytest.mark.parametrize("apply", [
    lambda grads: uinn.apply_gradients(NET, grads, 0.1),
    lambda grads: uinn.gradient_check(NET, X_OK, T_OK, grads=grads),
], ids=["apply_gradients", "gradient_check"])
def test_grads_that_are_not_a_list_of_pairs_are_refused(apply):
    with pytest.raises(TypeError, match="grads must be a list of \\(dW, db\\) pairs"):
        apply(np.zeros((3, 2)))
    dW = uinn.gradients(NET, X_OK, T_OK)[0].W
    with pytest.raises(TypeError, match="grads entry 1 must be a \\(dW, db\\) pair"):
        apply([dW, dW])


def test_backbone_pass_refuses_a_record_or_gradient_of_the_wrong_shape():
    record = uinn.forward(NET, X_OK)
    G = uinn.mse_gradient(record[-1], T_OK)
    with pytest.raises(ValueError, match="record must be the forward record .* 4 arrays for 2 layers, got 3"):
        uinn.backbone_pass(NET, record[:3], G)
    with pytest.raises(ValueError, match=r"record entry Y2 has shape \(3, 2\), expected \(3, 4\)"):
        uinn.backbone_pass(NET, [record[0], record[1], record[2][:, :2], record[3]], G)
    with pytest.raises(ValueError, match=r"dL_dYN must have the shape of the output YN, \(1, 4\), got \(4, 1\)"):
        uinn.backbone_pass(NET, record, G.T)


def test_leaf_pass_refuses_mismatched_record_and_backbone():
    record = uinn.forward(NET, X_OK)
    backbone = uinn.backbone_pass(NET, record, uinn.mse_gradient(record[-1], T_OK))
    with pytest.raises(ValueError, match="got 4 record entries and 2 gradients"):
        uinn.leaf_pass(record, backbone[:2])
    with pytest.raises(ValueError, match=r"dL/dY1 has shape \(3, 2\) but Y1 has shape \(3, 4\)"):
        uinn.leaf_pass(record, [backbone[0][:, :2]] + backbone[1:])


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_data_sets_refuse_a_bad_size(n):
    with pytest.raises(ValueError, match="n must be a positive integer"):
        uinn.data.curve(n=n)
    with pytest.raises(ValueError, match="n_per_arm must be a positive integer"):
        uinn.data.spirals(n_per_arm=n)


# --------------------------------------------------------------------------- no mutation


def frozen_problem():
    """A net, X and T whose arrays are all read-only: writing to any of them raises."""
    net0 = uinn.init_net([2, 4, 3, 1], seed=5)
    X, T = uinn.data.xnor()
    for a in [X, T] + [p for layer in net0 for p in layer]:
        a.flags.writeable = False
    return net0, X, T


def copies(*arrays):
    return [np.array(a, copy=True) for a in arrays]


CALLS = {
    "forward": lambda net0, X, T: uinn.forward(net0, X),
    "predict": lambda net0, X, T: uinn.predict(net0, X),
    "gradients": lambda net0, X, T: uinn.gradients(net0, X, T),
    "numerical_gradients": lambda net0, X, T: uinn.numerical_gradients(net0, X, T),
    "gradient_check": lambda net0, X, T: uinn.gradient_check(net0, X, T),
    "train": lambda net0, X, T: uinn.train(net0, X, T, 0.01, 3),
    "mse": lambda net0, X, T: uinn.mse(uinn.predict(net0, X), T),
    "apply_gradients": lambda net0, X, T: uinn.apply_gradients(net0, uinn.gradients(net0, X, T), 0.1),
    "copy_net": lambda net0, X, T: uinn.copy_net(net0),
    "topology": lambda net0, X, T: uinn.topology(net0),
}


@pytest.mark.parametrize("name", CALLS)
def test_public_functions_leave_net_x_and_t_unchanged(name):
    # Read-only arrays make any write raise; the comparison catches a swapped-in copy too.
    net0, X, T = frozen_problem()
    saved = copies(X, T, *[p for layer in net0 for p in layer])
    CALLS[name](net0, X, T)
    for before, after in zip(saved, [X, T, *[p for layer in net0 for p in layer]]):
        np.testing.assert_array_equal(before, after)


def test_backbone_pass_and_leaf_pass_leave_their_inputs_unchanged():
    net0, X, T = frozen_problem()
    record = uinn.forward(net0, X)
    G = uinn.mse_gradient(record[-1], T)
    for a in record + [G]:
        a.flags.writeable = False
    saved_record, saved_G = copies(*record), G.copy()
    backbone = uinn.backbone_pass(net0, record, G)
    for a in backbone:
        a.flags.writeable = False
    saved_backbone = copies(*backbone)
    uinn.leaf_pass(record, backbone)
    for before, after in zip(saved_record + saved_backbone + [saved_G], record + backbone + [G]):
        np.testing.assert_array_equal(before, after)


def test_numerical_jacobian_leaves_its_point_unchanged():
    x = np.array([[0.5], [-1.0], [2.0]])
    saved = x.copy()
    uinn.numerical_jacobian(lambda v: v**2, x)
    np.testing.assert_array_equal(x, saved)
    x.flags.writeable = False
    uinn.numerical_jacobian(lambda v: v**2, x)


def test_numerical_jacobian_calls_f_with_a_point_that_differs_in_one_entry():
    # f sees x perturbed by +-h in a single entry each time, never x itself modified for good.
    x = np.zeros((2, 1))
    seen = []
    uinn.numerical_jacobian(lambda v: seen.append(v.copy()) or v, x, h=0.5)
    for v in seen[1:]:
        assert np.count_nonzero(v) == 1 and np.abs(v).max() == 0.5
    np.testing.assert_array_equal(x, 0.0)


def test_forward_gives_a_record_that_does_not_alias_the_net():
    net0, X, _ = frozen_problem()
    record = uinn.forward(net0, X)
    for Y in record[1:]:
        assert Y.flags.writeable
        assert not any(np.shares_memory(Y, p) for layer in net0 for p in layer)
