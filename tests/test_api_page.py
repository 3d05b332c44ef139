"""The API page (book/appendix_api.md) stays true and complete.

- Its examples (the ```pycon blocks) run and print what the page shows, in order, as
  one session: the page says so, and a reader pastes them.
- Every name of ``uinn.__all__`` is documented under the name readers call it by
  (``uinn.gradients``), and every public function or class of every ``uinn`` module is
  documented somewhere on the page, so a new function cannot be left out silently.
- Cross-references in docstrings use the defining module's name
  (``uinn.backward.gradients``); the page gives each top-level function and constant a
  target under that name too, so they resolve.
- A constant is shown under its top-level name (``uinn.RELU``), with the docstring of its
  defining module typed out, since autodoc reads a constant's docstring only from the
  module that defines it: the typed-out text must stay equal to that docstring.
"""

from __future__ import annotations

import ast
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


def constant_docstrings(module_name: str) -> dict[str, str]:
    """Each constant the module assigns at top level, with the string literal right after it ('' if none)."""
    module = importlib.import_module(module_name)
    body = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8")).body
    found = {}
    for statement, following in zip(body, body[1:] + [None]):
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            continue
        docstring = ""
        if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docstring = inspect.cleandoc(following.value.value)
        found[statement.targets[0].id] = docstring
    return found


def defining_docstring(name: str) -> str:
    """The docstring of ``uinn.<name>`` in the ``uinn`` module whose source assigns it."""
    for short in MODULES:
        module = importlib.import_module(f"uinn.{short}")
        docstrings = constant_docstrings(module.__name__)
        if name in docstrings and getattr(module, name) is getattr(uinn, name):
            return docstrings[name]
    raise AssertionError(f"no uinn module assigns the constant {name}")


def shown_constants() -> dict[str, tuple[str, str | None]]:
    """Each ``.. py:data:: NAME`` with ``:module: uinn`` that the page typesets: (its text, its :value:)."""
    found = {}
    pattern = r"^\.\. py:data:: (\S+)\n   :module: uinn\n((?:   :.*\n)*)\n((?:   \S.*\n)+)"
    for name, options, body in re.findall(pattern, TEXT, re.M):
        if ":no-typesetting:" in options:
            continue
        value = re.search(r":value: (.*)", options)
        found[name] = (" ".join(line.strip() for line in body.splitlines()), value and value.group(1))
    return found


def test_api_page_shows_every_constant_under_its_top_level_name_with_its_docstring():
    shown = shown_constants()
    problems = []
    for name in uinn.__all__:
        obj = getattr(uinn, name)
        if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj):
            continue
        if name not in shown:
            problems.append(f"uinn.{name} is not typeset as '.. py:data:: {name}' with ':module: uinn'")
            continue
        text, value = shown[name]
        docstring = " ".join(defining_docstring(name).split())
        if not docstring:
            problems.append(f"uinn.{name} has no docstring in the module that defines it")
        elif text != docstring:
            problems.append(f"uinn.{name}: the page says {text!r}, the docstring {docstring!r}")
        if value is not None and value != repr(obj):
            problems.append(f"uinn.{name}: the page gives the value {value}, the object is {obj!r}")
    assert not problems, "\n".join(problems)
