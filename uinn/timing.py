"""Timing a computation for the book's speed comparisons.

A shared machine makes single measurements noisy, so :func:`best_time` reports the
fastest of several runs: what the computation costs when nothing else gets in its
way. Timings vary from machine to machine; the book never compares them as output.
"""

from __future__ import annotations

import timeit
from typing import Callable

from uinn.validate import check_positive_int


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
