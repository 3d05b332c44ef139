"""The README's commands are the ones CI runs, and they install through the lock.

Protects the promise that a reader who copies the README's test command runs what CI
runs (``.ci/run``), and that both README commands install the locked versions that
made the stored outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bash_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


def readme_command(heading: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return bash_blocks(section)[0]


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_command("Run every test")
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in lines, f".ci/run does not run the README's test command:\n{command}"


def test_both_readme_commands_install_through_the_lock():
    for heading in ("Build the book", "Run every test"):
        assert "pip install -r requirements-lock.txt" in readme_command(heading), heading


def test_the_lock_pins_every_package_and_installs_uinn_itself():
    lines = [line for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "-e ." in lines
    unpinned = [line for line in lines if line != "-e ." and "==" not in line]
    assert not unpinned, f"lines of requirements-lock.txt without an exact version: {unpinned}"


def test_every_direct_requirement_is_in_the_lock():
    def name(line: str) -> str:
        return re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")

    direct = {name(line) for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith(("#", "-e"))}
    locked = {name(line) for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines()
              if "==" in line}
    assert direct <= locked, f"in requirements.txt but not in the lock: {sorted(direct - locked)}; refresh the lock"
