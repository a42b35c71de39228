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


ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "solutions").rglob("*.ipynb")) + [ROOT / "START_HERE.ipynb"]


def test_nbval_runs_every_instructor_notebook_and_the_start_page(tmp_path: Path) -> None:
    # One child pytest for all of them: a child's start-up costs about as much as a notebook, and
    # a failure still names its notebook and cell (nbval's "FAILED <notebook>::Cell N" lines).
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
            "-rA",  # a line per cell run, so that the test can see every notebook ran
            "--rootdir",
            "/",  # outside every notebook's folder, so each cell's line names its notebook
            *map(str, NOTEBOOKS),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    failed = sorted(
        {
            Path(line.split()[1].split("::")[0]).name
            for line in done.stdout.splitlines()
            if line.startswith("FAILED")
        }
    )
    assert done.returncode == 0, (
        "failing: " + ", ".join(failed) + "\n\n" + done.stdout[-4000:] + done.stderr[-2000:]
    )
    ran = {line.split()[1].split("::")[0] for line in done.stdout.splitlines() if line.startswith("PASSED")}
    assert {Path(name).name for name in ran} == {path.name for path in NOTEBOOKS}, sorted(ran)
