"""Timing a computation for the book's speed comparisons.

A shared machine makes single measurements noisy, so :func:`best_time` reports the
fastest of several runs: what the computation costs when nothing else gets in its
way. To compare computations, :func:`best_times` times them in turns, so that a slow
moment of the machine hits each of them. Timings vary from machine to machine; the
book never compares them as output. :func:`page_faults` counts one cost that a time
alone hides, fresh memory, and :func:`page_faults_in_turns` counts it in turns.
"""

from __future__ import annotations

import math
import timeit
from typing import Callable, Sequence

from uinn.validate import check_functions, check_positive_int


def best_time(f: Callable[[], object], number: int = 1, repeat: int = 7) -> float:
    """Return the seconds per call of ``f()``: the best of ``repeat`` runs of ``number`` calls.

    ``f`` is called once first, untimed, to warm caches up; then ``number * repeat``
    more times.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments, got {type(f).__name__}")
    number, repeat = check_positive_int(number, "number"), check_positive_int(repeat, "repeat")
    f()
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def best_times(
    fs: Sequence[Callable[[], object]], number: int = 1, repeat: int = 7
) -> list[float]:
    """Return the seconds per call of each function in ``fs``, timed in turns.

    Each ``f()`` is called once first, untimed. Then, ``repeat`` times over, every
    function in turn runs ``number`` calls under the clock; the result for each is its
    best run divided by ``number``, in the order of ``fs``. Taking turns means a slow
    spell of a busy machine hits every function alike, so the ratio of two results is
    steadier than the ratio of two :func:`best_time` calls made one after the other.
    """
    fs = check_functions(fs)
    number, repeat = check_positive_int(number, "number"), check_positive_int(repeat, "repeat")
    for f in fs:
        f()
    best = [float("inf")] * len(fs)
    for _ in range(repeat):
        for i, f in enumerate(fs):
            best[i] = min(best[i], timeit.timeit(f, number=number))
    return [seconds / number for seconds in best]


def page_faults(f: Callable[[], object], calls: int = 5) -> float:
    """Return the page faults per call of ``f()``, as the operating system counts them.

    A (minor) page fault is the first touch of a page of memory that the process has
    just been given: the operating system stops the program, finds a free page and maps
    it in. A computation that writes into fresh memory pays one per page it touches (or
    fewer, with large pages); one that reuses memory it already has pays none. How
    often a call gets fresh memory depends on the memory allocator.

    ``f`` is called once first, uncounted, then ``calls`` times. The count is the
    process's (every thread's), read with ``resource.getrusage``; where that module is
    missing (Windows, a browser) the result is ``nan``.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments, got {type(f).__name__}")
    return page_faults_in_turns([f], calls)[0]


def page_faults_in_turns(fs: Sequence[Callable[[], object]], calls: int = 5) -> list[float]:
    """Return the page faults per call of each function in ``fs``, counted in turns.

    What a call finds free depends on what ran before it, so counts made in turns belong
    with times measured in turns (:func:`best_times`). Each ``f()`` is called once first,
    uncounted; then, ``calls`` times over, every function in turn runs once and its page
    faults are added to its count. The results are per call, in the order of ``fs``;
    ``nan`` where the ``resource`` module is missing (see :func:`page_faults`).
    """
    fs = check_functions(fs)
    calls = check_positive_int(calls, "calls")
    try:
        import resource
    except ImportError:
        return [math.nan] * len(fs)
    for f in fs:
        f()
    counts = [0] * len(fs)
    for _ in range(calls):
        for i, f in enumerate(fs):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            f()
            counts[i] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    return [count / calls for count in counts]

