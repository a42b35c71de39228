"""Every instructor notebook and the start page run top to bottom in a fresh kernel.

nbval does the running, in a child pytest so that its options apply only here:
``--nbval-lax`` because committed notebooks hold no outputs to compare, and
``--nbval-current-env`` so the kernel uses this environment's packages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_nbval_runs_every_instructor_notebook_and_the_start_page(course_root: Path, tmp_path: Path) -> None:
    notebooks = sorted((course_root / "solutions").rglob("*.ipynb")) + [course_root / "START_HERE.ipynb"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "--nbval-current-env",
            "--nbval-cell-timeout=120",
            "--rootdir",
            str(tmp_path),
            *map(str, notebooks),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
