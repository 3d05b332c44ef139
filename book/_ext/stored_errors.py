"""Sphinx extension: fail the build when a notebook stores an error.

The book is built from notebooks as stored (``execute_notebooks: "off"``), so a cell
that raised when the notebook was last run would otherwise be rendered as a traceback
without complaint. This extension turns each such error into a Sphinx warning, which
``jupyter-book build -W`` makes fatal. A cell that shows an error on purpose catches
it and prints its message, so nothing is exempt. ``tests/test_notebooks.py`` uses the
same check.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def stored_errors(path: Path) -> list[str]:
    """Describe every error output stored in the notebook at ``path``."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    found = []
    for number, cell in enumerate(cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {number} stores an error: {out.get('ename')}: {out.get('evalue')}")
    return found


def _check(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Every notebook, not only those Sphinx re-reads: an incremental build must fail too.
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix == ".ipynb":
            for problem in stored_errors(path):
                logger.warning(
                    f"{problem} (re-run the notebook; to show an error, catch it and print it)",
                    location=docname,
                )


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
