"""The house style is checked, not hoped for: ruff lints and formats the package, the
tests, the benchmarks and the instructor notebooks (assignments/ is generated)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PATHS = ["course", "tests", "benchmarks", "solutions", "START_HERE.ipynb"]


def ruff(course_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *PATHS], cwd=course_root, capture_output=True, text=True
    )


def test_ruff_finds_no_lint_problems(course_root: Path) -> None:
    done = ruff(course_root, "check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_and_notebooks_are_formatted(course_root: Path) -> None:
    done = ruff(course_root, "format", "--check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
