"""uinn.timing.best_time: the per-call time the book's speed comparisons use.

Nothing here depends on how fast the machine is: the tests count calls and check
the result is a positive time.
"""

from __future__ import annotations

import pytest

from uinn.timing import best_time


def test_best_time_warms_up_once_then_times_number_times_repeat_calls():
    calls = []
    seconds = best_time(lambda: calls.append(1), number=3, repeat=4)
    assert len(calls) == 1 + 3 * 4
    assert isinstance(seconds, float) and seconds > 0


@pytest.mark.parametrize("kwargs, error, message", [
    ({"number": 0}, ValueError, "number must be a positive integer"),
    ({"repeat": 1.5}, TypeError, "repeat must be a positive integer"),
])
def test_best_time_refuses_a_bad_count(kwargs, error, message):
    with pytest.raises(error, match=message):
        best_time(lambda: None, **kwargs)


def test_best_time_refuses_something_it_cannot_call():
    with pytest.raises(TypeError, match="f must be a function of no arguments"):
        best_time(42)
