"""uinn.timing.page_faults and page_faults_in_turns: the page faults per call the chapters count.

The counts depend on the machine's allocator and pages, so the tests ask only what any
Unix system does: touching fresh pages of an anonymous memory map faults, touching
pages already mapped does not fault once per page.
"""

from __future__ import annotations

import math
import mmap
import sys

import pytest

from uinn.timing import page_faults, page_faults_in_turns

PAGES = 256


def touch_every_page(memory: mmap.mmap) -> None:
    for offset in range(0, len(memory), mmap.PAGESIZE):
        memory[offset] = 1


@pytest.mark.skipif(sys.platform == "win32", reason="resource is Unix only")
def test_page_faults_counts_the_first_touch_of_fresh_pages():
    def fresh():
        with mmap.mmap(-1, PAGES * mmap.PAGESIZE) as memory:   # new pages at every call
            touch_every_page(memory)

    kept = mmap.mmap(-1, PAGES * mmap.PAGESIZE)
    touch_every_page(kept)                                      # mapped in once, here
    try:
        reused = page_faults(lambda: touch_every_page(kept), calls=3)
    finally:
        kept.close()
    fresh_faults = page_faults(fresh, calls=3)
    assert fresh_faults >= 1
    assert reused < PAGES / 4 and reused < fresh_faults


def test_page_faults_warms_up_once_then_counts_calls():
    calls = []
    result = page_faults(lambda: calls.append(1), calls=4)
    assert len(calls) == 1 + 4
    assert isinstance(result, float) and (math.isnan(result) or result >= 0)


def test_page_faults_is_nan_without_the_resource_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)          # import resource fails
    assert math.isnan(page_faults(lambda: None))


@pytest.mark.parametrize("f, calls, error, message", [
    (42, 5, TypeError, "f must be a function of no arguments"),
    (lambda: None, 0, ValueError, "calls must be a positive integer"),
])
def test_page_faults_refuses_bad_arguments(f, calls, error, message):
    with pytest.raises(error, match=message):
        page_faults(f, calls)


@pytest.mark.skipif(sys.platform == "win32", reason="resource is Unix only")
def test_page_faults_in_turns_charges_each_function_its_own_faults():
    kept = mmap.mmap(-1, PAGES * mmap.PAGESIZE)
    touch_every_page(kept)

    def fresh():
        with mmap.mmap(-1, PAGES * mmap.PAGESIZE) as memory:
            touch_every_page(memory)

    try:
        fresh_faults, reused = page_faults_in_turns([fresh, lambda: touch_every_page(kept)], calls=3)
    finally:
        kept.close()
    assert fresh_faults >= 1
    assert reused < PAGES / 4 and reused < fresh_faults


def test_page_faults_in_turns_warms_each_up_then_alternates():
    order = []
    results = page_faults_in_turns([lambda: order.append("a"), lambda: order.append("b")], calls=3)
    assert "".join(order) == "ab" + "ab" * 3
    assert len(results) == 2 and all(math.isnan(r) or r >= 0 for r in results)


def test_page_faults_in_turns_is_nan_without_the_resource_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)
    results = page_faults_in_turns([lambda: None, lambda: None])
    assert len(results) == 2 and all(math.isnan(r) for r in results)


@pytest.mark.parametrize("fs, calls, error, message", [
    ([], 5, ValueError, "fs must hold at least one function"),
    ([lambda: None, 42], 5, TypeError, "every entry of fs must be a function"),
    ([lambda: None], 0, ValueError, "calls must be a positive integer"),
])
def test_page_faults_in_turns_refuses_bad_arguments(fs, calls, error, message):
    with pytest.raises(error, match=message):
        page_faults_in_turns(fs, calls)
