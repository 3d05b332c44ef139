"""Checks that keep nbval honest: it can only compare what the notebooks store.

A notebook saved without outputs, or run out of order, makes nbval pass without
comparing anything. These tests make that impossible, and keep the table of
contents and the notebooks in step.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from book_toc import toc_files

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))

# The check the book build runs (book/_ext/stored_errors.py), reused here.
_spec = importlib.util.spec_from_file_location("stored_errors", BOOK / "_ext" / "stored_errors.py")
stored_errors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stored_errors)


def code_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def outputs(path: Path):
    for cell in code_cells(path):
        for out in cell.get("outputs", []):
            yield cell, out


def test_the_book_has_notebooks():
    assert NOTEBOOKS, "no notebooks under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_run_top_to_bottom_in_one_kernel(path):
    counts = [c["execution_count"] for c in code_cells(path)]
    assert counts, f"{path.name} has no code cells"
    assert None not in counts, (
        f"{path.name}: {counts.count(None)} code cell(s) were never executed; "
        "re-run it (see README: refresh the stored outputs)"
    )
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(counts)}; "
        "re-run it top to bottom in a fresh kernel"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stores_outputs_for_nbval_to_compare(path):
    assert any(True for _ in outputs(path)), f"{path.name} stores no outputs at all"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stores_no_error_output(path):
    problems = stored_errors.stored_errors(path)
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_uinn(path):
    source = "\n".join("".join(c["source"]) for c in code_cells(path))
    assert re.search(r"^\s*(import uinn|from uinn)", source, re.M), f"{path.name} does not import uinn"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_outputs_are_free_of_run_dependent_text(path):
    for cell, out in outputs(path):
        text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
        assert "np.float64(" not in text, (
            f"{path.name}: format floats on purpose (NumPy 2 prints np.float64(...)):\n{text[:200]}"
        )
        assert out.get("name") != "stderr", (
            f"{path.name}: a cell writes to stderr (a warning?):\n{text[:300]}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_figures_are_png_with_a_caption(path):
    for cell, out in outputs(path):
        data = out.get("data", {})
        assert "image/svg+xml" not in data, f"{path.name}: store figures as PNG, not SVG"
        if "image/png" in data:
            figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            assert figure.get("caption"), (
                f"{path.name}: a figure has no caption (cell metadata mystnb.figure.caption):\n"
                f"{''.join(cell['source'])[:200]}"
            )


# The first code cell of every notebook makes it run in the browser (JupyterLite, on the
# book's site): there, and only there, it installs uinn (and what else the chapter needs)
# from the site itself. Everywhere else it does nothing, so nbval and local runs are unaffected.
BROWSER_CELL = re.compile(
    r"# In the browser \(JupyterLite\) first install uinn from this book's own site;\n"
    r"# anywhere else this cell does nothing\.\n"
    r"import sys\n\n"
    r'if sys\.platform == "emscripten":\n'
    r"    import piplite\n\n"
    r"    await piplite\.install\((?P<packages>.+)\)"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_first_cell_installs_uinn_in_the_browser_and_nothing_elsewhere(path):
    first = code_cells(path)[0]
    match = BROWSER_CELL.fullmatch("".join(first["source"]))
    assert match, f"{path.name}: the first code cell must be the browser-install cell:\n{BROWSER_CELL.pattern}"
    assert '"uinn"' in match["packages"], f"{path.name}: the browser cell must install uinn"
    assert not first.get("outputs"), f"{path.name}: the browser cell printed something outside the browser"
    assert "remove-cell" in first.get("metadata", {}).get("tags", []), (
        f"{path.name}: tag the browser cell remove-cell, so the rendered book does not show it"
    )


def test_every_notebook_and_page_is_in_the_toc_and_every_toc_entry_exists():
    listed = toc_files()
    missing = [f for f in listed if not any((ROOT / f).with_suffix(s).exists() for s in (".ipynb", ".md"))]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"
    pages = sorted(
        str(p.relative_to(ROOT).with_suffix(""))
        for p in list(BOOK.rglob("*.ipynb")) + list(BOOK.rglob("*.md"))
        if ".ipynb_checkpoints" not in p.parts
    )
    unlisted = [p for p in pages if p not in listed]
    assert not unlisted, f"pages under book/ that _toc.yml does not list: {unlisted}"
