"""The API page (book/appendix_api.md) stays true and complete.

- Its examples (the ```pycon blocks) run and print what the page shows, in order, as
  one session: the page says so, and a reader pastes them.
- Every name of ``uinn.__all__`` is documented under the name readers call it by
  (``uinn.gradients``), and every public function or class of every ``uinn`` module is
  documented somewhere on the page, so a new function cannot be left out silently.
- Cross-references in docstrings use the defining module's name
  (``uinn.backward.gradients``); the page gives each top-level function and constant a
  target under that name too, so they resolve.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the plot example draws; no window

import uinn  # noqa: E402

PAGE = Path(__file__).resolve().parents[1] / "book" / "appendix_api.md"
TEXT = PAGE.read_text(encoding="utf-8")
MODULES = ["activations", "backward", "calculus", "data", "forward", "loss", "net", "plot",
           "timing", "train", "validate"]


def directives(kind: str) -> set[str]:
    """The full names of every ``.. <kind>:: name`` on the page (with its ``:module:``, if any)."""
    found = set()
    for name, module in re.findall(rf"^\.\. {kind}:: (\S+)\n(?:   :module: (\S+)\n)?", TEXT, re.M):
        found.add(f"{module}.{name}" if module else name)
    return found


def automodule_members() -> dict[str, set[str] | None]:
    """For each ``automodule`` with ``:members:``, the excluded names; None without ``:members:``."""
    found: dict[str, set[str] | None] = {}
    for match in re.finditer(r"^\.\. automodule:: (\S+)\n((?:   :.*\n)*)", TEXT, re.M):
        options = match.group(2)
        if ":members:" not in options:
            found.setdefault(match.group(1), None)
            continue
        excluded = re.search(r":exclude-members: (.*)", options)
        found[match.group(1)] = set() if not excluded else {n.strip() for n in excluded.group(1).split(",")}
    return found


def test_api_page_examples_run_and_print_what_the_page_shows():
    blocks = re.findall(r"^```pycon\n(.*?)^```", TEXT, re.M | re.S)
    assert blocks, "the API page has no ```pycon examples"
    session = "\n".join(blocks)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(session, {}, "appendix_api.md", str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_api_page_documents_every_public_name_under_its_top_level_name():
    functions, classes, data = directives("autofunction"), directives("autoclass"), directives("autodata")
    data_aliases = directives("py:data")
    modules = automodule_members()
    missing = []
    for name in uinn.__all__:
        obj = getattr(uinn, name)
        if inspect.ismodule(obj):
            if modules.get(obj.__name__) is None:
                missing.append(f"automodule:: {obj.__name__} with :members:")
        elif inspect.isclass(obj):
            if f"uinn.{name}" not in classes:
                missing.append(f"autoclass:: uinn.{name}")
        elif inspect.isfunction(obj):
            if f"uinn.{name}" not in functions:
                missing.append(f"autofunction:: uinn.{name}")
        elif f"uinn.{name}" not in data_aliases:
            missing.append(f"autodata:: <defining module>.{name} and py:data:: uinn.{name}")
    assert not missing, "book/appendix_api.md lacks:\n" + "\n".join(missing)


def test_api_page_gives_every_top_level_name_a_target_under_its_defining_module():
    targets = directives("py:function") | directives("py:data") | directives("autodata")
    missing = []
    for name in uinn.__all__:
        obj = getattr(uinn, name)
        if inspect.isfunction(obj) and f"{obj.__module__}.{name}" not in targets:
            missing.append(f"py:function:: {obj.__module__}.{name}  (with :no-typesetting:)")
        if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj)):
            defining = [m for m in MODULES if getattr(importlib.import_module(f"uinn.{m}"), name, None) is obj
                        and name in vars(importlib.import_module(f"uinn.{m}"))]
            if not any(f"uinn.{m}.{name}" in targets for m in defining):
                missing.append(f"autodata:: uinn.<module>.{name}")
    assert not missing, "book/appendix_api.md lacks targets that docstrings refer to:\n" + "\n".join(missing)


def test_api_page_documents_every_public_function_of_every_module():
    documented = directives("autofunction") | directives("autoclass") | directives("autodata")
    top_level = {f"uinn.{n}" for n in uinn.__all__}
    modules = automodule_members()
    missing = []
    for short in MODULES:
        module = importlib.import_module(f"uinn.{short}")
        excluded = modules.get(module.__name__)
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if getattr(obj, "__module__", None) != module.__name__:
                continue  # imported from elsewhere
            if excluded is not None and name not in excluded:
                continue  # documented by automodule :members:
            if f"{module.__name__}.{name}" in documented or (
                f"uinn.{name}" in top_level and getattr(uinn, name) is obj
            ):
                continue
            missing.append(f"{module.__name__}.{name}")
    assert not missing, "book/appendix_api.md documents nowhere:\n" + "\n".join(missing)
