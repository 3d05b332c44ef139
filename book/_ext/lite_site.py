"""Sphinx extension: the book's JupyterLite site, where every notebook runs in the browser.

At the end of an HTML build this puts a JupyterLite app under ``lite/`` in the site:

- its contents are the notebooks of ``book/``, as ``book/NAME.ipynb`` (the path that
  each page's "JupyterLite" launch button opens, see ``launch_buttons`` in
  ``_config.yml``), copied as stored, outputs included;
- its ``piplite`` index serves the ``uinn`` wheel, built here from the repository, so
  the first cell of every notebook (``piplite.install("uinn")`` under Pyodide) installs
  this version of ``uinn`` from the book's own site, not from PyPI.

The app itself is built by JupyterLite's own command, ``jupyter lite build``, with the
Pyodide kernel (``jupyterlite-core`` and ``jupyterlite-pyodide-kernel`` in
requirements.txt). The kernel downloads Pyodide, NumPy and matplotlib from Pyodide's
CDN when a reader first runs a notebook. A failure of either build fails the book build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def run(command: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ExtensionError(f"could not build {what} ({' '.join(command)}):\n{done.stdout}{done.stderr}")


def build_wheel(root: Path, work: Path) -> Path:
    """Build ``uinn``'s wheel from a copy of the package at ``root``; return its path under ``work``.

    The copy keeps setuptools' ``build/`` and ``*.egg-info`` out of the repository. It
    runs ``pip wheel`` (pip is in requirements.txt: a virtual environment made by some
    tools, uv's for one, has none).
    """
    source = work / "source"
    shutil.copytree(root / "uinn", source / "uinn", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(root / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "wheels"), str(source)]
    run(command, work, "the uinn wheel for the JupyterLite site")
    (wheel,) = (work / "wheels").glob("uinn-*.whl")
    return wheel


def build_lite_site(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.name != "html":
        return
    root = Path(app.srcdir)
    work = Path(app.outdir).parent / "lite-build"  # _build/lite-build: staging, not published
    shutil.rmtree(work, ignore_errors=True)
    (work / "contents" / "book").mkdir(parents=True)
    for notebook in sorted((root / "book").glob("*.ipynb")):
        shutil.copy2(notebook, work / "contents" / "book" / notebook.name)
    wheel = build_wheel(root, work)
    # Render every cell of a notebook, not only those in view: the book's notebooks are
    # short, and the browser's find (and a test) then sees the whole notebook.
    overrides = work / "overrides.json"
    overrides.write_text(json.dumps({"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}))
    site = Path(app.outdir) / "lite"
    run([
        sys.executable, "-m", "jupyter", "lite", "build",
        "--lite-dir", str(work),
        "--contents", str(work / "contents"),
        "--piplite-wheels", str(wheel),
        "--settings-overrides", str(overrides),
        "--output-dir", str(site),
        "--apps", "notebooks", "--apps", "lab",
        "--no-sourcemaps",  # source maps would triple the size of the site
    ], work, "the JupyterLite site")
    logger.info(f"[lite_site] JupyterLite site with {wheel.name} in {site}")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", build_lite_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
