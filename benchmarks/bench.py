"""Benchmarks for uinn: ratios measured side by side (see benchmarks/README.md).

Run from the repository root:

    .venv/bin/python benchmarks/bench.py                          # both benchmarks
    .venv/bin/python benchmarks/bench.py --reps 41                # steadier medians
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench.py   # single-threaded BLAS

Absolute times on a shared machine drift from minute to minute, so each benchmark
times two things that do the same work, alternating them repetition by repetition,
and reports their ratio: the median of the per-repetition ratios (the headline),
the ratio of the two minimums and the quartiles. Nothing here is a test: no
threshold makes the script fail.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from typing import Callable

import numpy as np

import uinn
from uinn.activations import RELU
from uinn.backward import loss_and_gradients, step_buffers
from uinn.train import descend_in_place

BLAS_TOPOLOGY = [784, 256, 256, 10]
BLAS_BATCH = 512
BLAS_LR = 1e-4  # small, so thousands of steps on random data stay finite
MINI_TOPOLOGY = [64, 32, 10]
MINI_BATCH = 32
DIGITS_TOPOLOGY = [64, 32, 10]  # the recipe of the issue that set the target
CHAPTER_7_TOPOLOGY = [64, 256, 10]  # chapter 7's recipe (more accurate on average; measured too)
DIGITS_LR = 0.1
DIGITS_BATCH = 32
DIGITS_EPOCHS = 67
XNOR_TOPOLOGY = [2, 8, 8, 1]
XNOR_LR = 0.01
XNOR_STEPS = 1000


def timed(fn: Callable[[], object]) -> float:
    """Return the wall time of one call of ``fn``, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(fns: dict[str, Callable[[], object]], reps: int, warmup: int = 3) -> dict[str, list[float]]:
    """Time every function in ``fns`` once per repetition, ``reps`` times, after ``warmup`` rounds.

    Within a repetition the functions run back to back, and the order rotates from
    one repetition to the next, so a slow phase of a noisy machine hits every side
    alike. Returns the seconds of each call, by name.
    """
    names = list(fns)
    for _ in range(warmup):
        for name in names:
            fns[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(reps):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(timed(fns[name]))
    return times


def show_times(times: dict[str, list[float]], unit: str, scale: float) -> None:
    width = max(map(len, times))
    for name, t in times.items():
        print(
            f"  {name:<{width}}  median {statistics.median(t) * scale:9.3f} {unit}"
            f"   min {min(t) * scale:9.3f} {unit}"
        )


def show_ratio(name_a: str, name_b: str, ta: list[float], tb: list[float]) -> float:
    """Print the ratio a/b (median of paired ratios, min/min, quartiles); return the median."""
    ratios = [x / y for x, y in zip(ta, tb)]
    median_ratio = statistics.median(ratios)
    q1, q3 = np.percentile(ratios, [25, 75])
    print(
        f"  {name_a} / {name_b}: median of {len(ratios)} paired ratios {median_ratio:.3f}, "
        f"min/min {min(ta) / min(tb):.3f}, quartiles {q1:.3f} to {q3:.3f}"
    )
    if q3 - q1 > 0.1 * median_ratio:
        print("  (wide quartiles: the machine was busy during this measurement; rerun it)")
    return median_ratio


# --------------------------------------------------------------------------- 1. BLAS bound


def bench_step_vs_blas(reps: int, train_steps: int) -> None:
    print(
        f"1. One training step, {BLAS_TOPOLOGY}, batch {BLAS_BATCH}, float64, "
        "against its 8 matrix products alone"
    )
    rng = np.random.default_rng(0)
    net = uinn.init_net(BLAS_TOPOLOGY, seed=0)
    X = rng.standard_normal((BLAS_TOPOLOGY[0], BLAS_BATCH))
    T = rng.standard_normal((BLAS_TOPOLOGY[-1], BLAS_BATCH))
    buffers = step_buffers(net, X.shape[1])

    def step() -> None:
        # Exactly the body of uinn.train's loop (train adds one-off checks, a copy of
        # the net and the buffers' allocation per call, and a NaN check per step).
        loss, grads = loss_and_gradients(net, X, T, RELU, uinn.MSE, buffers)
        descend_in_place(net, grads, BLAS_LR)

    def train_k() -> None:
        uinn.train(net, X, T, BLAS_LR, train_steps)

    # The same 8 products on arrays of the same shapes, each writing into a
    # preallocated result: 3 forward (W Y), 2 backbone (W^T G), 3 leaf (G Y^T).
    (W1, _), (W2, _), (W3, _) = uinn.copy_net(net)
    Y2, Y4 = (rng.standard_normal((256, BLAS_BATCH)) for _ in range(2))
    G1, G3, G5 = (rng.standard_normal((n, BLAS_BATCH)) for n in (256, 256, 10))
    out = [np.empty((n, BLAS_BATCH)) for n in (256, 256, 10, 256, 256)]
    dW = [np.empty_like(W) for W in (W1, W2, W3)]

    def products() -> None:
        np.matmul(W1, X, out=out[0])
        np.matmul(W2, Y2, out=out[1])
        np.matmul(W3, Y4, out=out[2])
        np.matmul(W3.T, G5, out=out[3])
        np.matmul(W2.T, G3, out=out[4])
        np.matmul(G5, Y4.T, out=dW[2])
        np.matmul(G3, Y2.T, out=dW[1])
        np.matmul(G1, X.T, out=dW[0])

    def products_k() -> None:
        for _ in range(train_steps):
            products()

    times = interleaved({"uinn step": step, "8 products": products}, reps, warmup=5)
    show_times(times, "ms", 1e3)
    ratio = show_ratio("uinn step", "8 products", times["uinn step"], times["8 products"])
    verdict = "meets" if ratio <= 1.10 else "misses"
    print(f"  -> {verdict} the target ratio <= 1.10 (median)")

    label = f"uinn.train, {train_steps} steps"
    # The same through the public uinn.train: per call it also checks X and T, copies
    # the net and allocates its buffers (fresh memory: page faults), spread over the steps.
    times = interleaved(
        {label: train_k, f"8 products x {train_steps}": products_k}, max(5, reps // 3), warmup=1
    )
    show_times(times, "ms", 1e3)
    show_ratio(label, f"8 products x {train_steps}", *times.values())
    if not np.isfinite(uinn.mse(uinn.predict(net, X), T)):
        print("  warning: the benchmark net diverged; lower BLAS_LR")


# --------------------------------------------------------------------------- 2. PyTorch


def torch_loop(torch, net: list, X: np.ndarray, T: np.ndarray, lr: float, steps: int):
    """The XNOR loop in plain PyTorch: autograd, MSE with 1/(2B), SGD under no_grad.

    Does what :func:`uinn.train` does: copy the initial parameters, then per step a
    forward pass, the loss (recorded as a float and checked for NaN/inf), the
    backward pass, and an in-place update of every parameter.
    """
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for layer in net for p in layer]
    Xt = torch.from_numpy(X)
    Tt = torch.from_numpy(T)
    batch = X.shape[1]
    n_layers = len(net)
    losses = np.empty(steps)
    for step in range(steps):
        Y = Xt
        for k in range(n_layers):
            if k > 0:
                Y = torch.relu(Y)
            Y = params[2 * k] @ Y + params[2 * k + 1]
        loss = ((Y - Tt) ** 2).sum() / (2 * batch)
        value = loss.item()
        if not math.isfinite(value):
            raise FloatingPointError(f"torch loop diverged at step {step + 1}")
        losses[step] = value
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    return params, losses


def bench_xnor_vs_torch(reps: int) -> None:
    print(
        f"2. The XNOR demo, {XNOR_TOPOLOGY}, lr {XNOR_LR}, {XNOR_STEPS} steps: "
        "uinn.train against the same loop in PyTorch (CPU, 1 thread)"
    )
    try:
        import torch
    except ImportError:
        print("  skipped: torch not installed (.venv/bin/pip install torch==2.13.0 to run it)")
        return
    torch.set_num_threads(1)
    X, T = uinn.data.xnor()
    net = uinn.init_net(XNOR_TOPOLOGY)  # default seed: the demo

    # Same work on both sides: the same initial weights, float64, and the same losses.
    _, uinn_losses = uinn.train(net, X, T, XNOR_LR, XNOR_STEPS)
    _, torch_losses = torch_loop(torch, net, X, T, XNOR_LR, XNOR_STEPS)
    gap = float(np.max(np.abs(uinn_losses - torch_losses)))
    print(
        f"  torch {torch.__version__}, {torch.get_num_threads()} thread; "
        f"loss histories agree to {gap:.1e} (final loss {uinn_losses[-1]:.3e})"
    )

    times = interleaved(
        {
            "torch loop": lambda: torch_loop(torch, net, X, T, XNOR_LR, XNOR_STEPS),
            "uinn.train": lambda: uinn.train(net, X, T, XNOR_LR, XNOR_STEPS),
        },
        reps,
        warmup=2,
    )
    show_times(times, "ms", 1e3)
    speedup = show_ratio("torch loop", "uinn.train", times["torch loop"], times["uinn.train"])
    verdict = "meets" if speedup >= 4 else "misses"
    print(f"  -> uinn is {speedup:.1f}x faster (median); {verdict} the target >= 4x")


# --------------------------------------------------------------------------- 3. minibatches


def bench_minibatch_vs_full_batch(reps: int, steps: int) -> None:
    print(
        f"3. Minibatch SGD, {MINI_TOPOLOGY}, cross-entropy, batches of {MINI_BATCH}: "
        f"uinn.train(batch_size={MINI_BATCH}) on 1797 samples against full-batch "
        f"uinn.train on {MINI_BATCH} samples, {steps} steps each"
    )
    rng = np.random.default_rng(0)
    X = rng.random((MINI_TOPOLOGY[0], 1797))
    T = np.eye(MINI_TOPOLOGY[-1])[:, rng.integers(0, MINI_TOPOLOGY[-1], size=1797)]
    net = uinn.init_net(MINI_TOPOLOGY, seed=0)
    X_small, T_small = X[:, :MINI_BATCH], T[:, :MINI_BATCH]
    # The same arithmetic per step on both sides (a batch of 32); the minibatch side also
    # shuffles once per epoch and gathers each batch's columns.
    times = interleaved(
        {
            "minibatch train": lambda: uinn.train(
                net, X, T, 0.1, steps, loss=uinn.CROSS_ENTROPY, batch_size=MINI_BATCH, seed=0
            ),
            "full-batch train": lambda: uinn.train(net, X_small, T_small, 0.1, steps, loss=uinn.CROSS_ENTROPY),
        },
        reps,
        warmup=2,
    )
    show_times(times, "ms", 1e3)
    per_step = statistics.median(times["minibatch train"]) / steps * 1e6
    print(f"  minibatch step: {per_step:.1f} us (median)")
    ratio = show_ratio("minibatch train", "full-batch train", *times.values())
    print(
        f"  -> a minibatch step costs {ratio:.2f}x a full-batch step of the same size: the "
        "difference is the gather of each batch's columns and one shuffle per epoch"
    )


# --------------------------------------------------------------------------- 4. scikit-learn


def bench_digits_vs_sklearn(reps: int, topology: list[int], target: float | None) -> None:
    epochs = DIGITS_EPOCHS
    print(
        f"4. Handwritten digits, {topology}, cross-entropy, plain SGD (no momentum, no "
        f"weight decay), batch {DIGITS_BATCH}, lr {DIGITS_LR}, {epochs} epochs: uinn.train "
        "against scikit-learn's MLPClassifier with the same recipe"
    )
    try:
        import sklearn
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print("  skipped: scikit-learn not installed (it is in requirements.txt)")
        return
    import warnings

    X, T = uinn.data.digits()
    X_train, T_train, X_test, T_test = uinn.data.split(X, T, test_fraction=0.2, seed=0)
    B = X_train.shape[1]
    steps = epochs * -(-B // DIGITS_BATCH)  # batches per epoch, the last one smaller
    labels_train, labels_test = T_train.argmax(axis=0), T_test.argmax(axis=0)

    def with_uinn() -> float:
        net, _ = uinn.train(
            uinn.init_net(topology, seed=0), X_train, T_train, DIGITS_LR, steps,
            loss=uinn.CROSS_ENTROPY, batch_size=DIGITS_BATCH, seed=0,
        )
        return float(np.mean(uinn.predict(net, X_test).argmax(axis=0) == labels_test))

    def with_sklearn() -> float:
        model = MLPClassifier(
            hidden_layer_sizes=tuple(topology[1:-1]), activation="relu", solver="sgd",
            learning_rate_init=DIGITS_LR, learning_rate="constant", momentum=0.0, alpha=0.0,
            batch_size=DIGITS_BATCH, max_iter=epochs, shuffle=True, random_state=0,
            n_iter_no_change=epochs + 1, tol=0.0,  # run every epoch: no early stop
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached, as asked
            model.fit(X_train.T, labels_train)
        return float(model.score(X_test.T, labels_test))

    acc_uinn, acc_sklearn = with_uinn(), with_sklearn()
    print(
        f"  scikit-learn {sklearn.__version__}; {B} training and {X_test.shape[1]} test images, "
        f"{steps} steps of batch {DIGITS_BATCH} each"
    )
    # The two start from different random weights (scikit-learn draws its own), so "equal"
    # means within the spread of one split: 1 point is about 3 of the test images.
    same = abs(acc_uinn - acc_sklearn) <= 0.01
    print(
        f"  held-out accuracy: uinn {acc_uinn:.1%}, scikit-learn {acc_sklearn:.1%} "
        f"({'equal within 1 point' if same else 'NOT within 1 point: the comparison is unfair'})"
    )
    times = interleaved({"scikit-learn": with_sklearn, "uinn.train": with_uinn}, reps, warmup=1)
    show_times(times, "s", 1.0)
    speedup = show_ratio("scikit-learn", "uinn.train", times["scikit-learn"], times["uinn.train"])
    if target is None:
        print(f"  -> uinn is {speedup:.1f}x faster (median); no target for this recipe")
    else:
        verdict = "meets" if speedup >= target else "misses"
        print(f"  -> uinn is {speedup:.1f}x faster (median); {verdict} the target >= {target:g}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=21, help="paired repetitions per benchmark")
    parser.add_argument(
        "--train-steps", type=int, default=20, help="steps per uinn.train call in benchmark 1"
    )
    parser.add_argument(
        "--only", choices=["blas", "torch", "minibatch", "sklearn"], help="run one benchmark instead of all"
    )
    args = parser.parse_args()
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(
        f"uinn {uinn.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS={threads}"
    )
    if args.only in (None, "blas"):
        bench_step_vs_blas(args.reps, args.train_steps)
    if args.only in (None, "torch"):
        bench_xnor_vs_torch(args.reps)
    if args.only in (None, "minibatch"):
        bench_minibatch_vs_full_batch(args.reps, steps=500)
    if args.only in (None, "sklearn"):
        bench_digits_vs_sklearn(max(5, args.reps // 3), DIGITS_TOPOLOGY, target=2)
        bench_digits_vs_sklearn(max(5, args.reps // 3), CHAPTER_7_TOPOLOGY, target=None)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
