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
# One test a notebook: parallel workers (make test) share them out, and a failure names its notebook.
NOTEBOOKS = sorted((ROOT / "solutions").rglob("*.ipynb")) + [ROOT / "START_HERE.ipynb"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name if p.parent != ROOT else p.stem)
def test_nbval_runs_every_instructor_notebook_and_the_start_page(notebook: Path, tmp_path: Path) -> None:
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
            str(notebook),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
