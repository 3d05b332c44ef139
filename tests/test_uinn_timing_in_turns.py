"""uinn.timing.best_times: several functions timed in turns, for the book's time ratios.

Nothing here depends on how fast the machine is: the tests record the order of the
calls and check that each result is a positive time per call.
"""

from __future__ import annotations

import time

import pytest

from uinn.timing import best_times


def test_best_times_warms_each_function_up_then_takes_turns():
    calls = []
    first, second = (lambda: calls.append("a")), (lambda: calls.append("b"))
    best_times([first, second], number=2, repeat=3)
    warm_up, timed = calls[:2], calls[2:]
    assert warm_up == ["a", "b"]
    assert timed == ["a", "a", "b", "b"] * 3  # number=2 calls of one, then of the other


def test_best_times_returns_one_time_per_call_for_each_function_in_order():
    fast, slow = (lambda: None), (lambda: time.sleep(0.002))
    seconds = best_times([fast, slow], number=2, repeat=2)
    assert len(seconds) == 2 and all(isinstance(s, float) and s > 0 for s in seconds)
    assert seconds[1] >= 0.002 > seconds[0]  # per call, not per run of `number` calls


@pytest.mark.parametrize("fs, kwargs, error, message", [
    ([], {}, ValueError, "fs must hold at least one function"),
    ([lambda: None, 42], {}, TypeError, "every entry of fs must be a function of no arguments, got int"),
    ([lambda: None], {"number": 0}, ValueError, "number must be a positive integer"),
    ([lambda: None], {"repeat": 2.5}, TypeError, "repeat must be a positive integer"),
])
def test_best_times_refuses_bad_input(fs, kwargs, error, message):
    with pytest.raises(error, match=message):
        best_times(fs, **kwargs)
