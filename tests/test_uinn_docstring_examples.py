"""Every example in a docstring of ``uinn`` runs and prints what it shows.

The API page renders these docstrings; a reader copies their examples.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["uinn"] + [f"uinn.{name}" for name in (
    "activations", "backward", "calculus", "data", "forward", "loss", "net", "plot",
    "timing", "train", "validate")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_print_what_they_show(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"
