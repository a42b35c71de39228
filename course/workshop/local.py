"""``sales-course start``: one trainee's own JupyterLab on this machine, at the start page.

The trainee works in a folder of their own (``workspace/`` by default) that holds the start
page and a copy of each released notebook; a later start never overwrites their answers.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

WORKSPACE_NBGRADER_CONFIG = """\
# Written by `sales-course start`: what nbgrader's Validate button needs in a trainee's folder.
c = get_config()  # noqa: F821
c.Execute.timeout = 60
c.Execute.store_widget_state = False
"""


def workspace(root: Path, folder: Path) -> Path:
    """The trainee's own folder: the start page and a copy of each released notebook.

    Nothing already there is overwritten, so a trainee's answers survive every start.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copies = [(root / "START_HERE.ipynb", folder / "START_HERE.ipynb")]
    for notebook in sorted((root / "assignments").rglob("*.ipynb")):
        copies.append((notebook, folder / notebook.relative_to(root / "assignments")))
    for source, target in copies:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    config = folder / "nbgrader_config.py"
    if not config.exists():
        # Validate then runs with the course's per-cell timeout, as grading does.
        config.write_text(WORKSPACE_NBGRADER_CONFIG, encoding="utf-8")
    return folder


def lab_command(folder: Path, *, ip: str, port: int, open_browser: bool, allow_root: bool) -> list[str]:
    """The ``jupyter lab`` command line that opens ``folder`` at its start page."""
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.default_url=/lab/tree/START_HERE.ipynb",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={port}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if allow_root:
        command.append("--allow-root")
    return command


def running_as_root() -> bool:
    """True for the root user (a container, a fresh cloud machine), where JupyterLab needs --allow-root."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def start_command(
    folder: Path, *, ip: str, port: int, open_browser: bool, allow_root: bool, as_root: bool
) -> list[str]:
    """The command ``start`` runs: with ``--allow-root`` when run ``as_root``, so that
    ``make start`` works in a container instead of stopping at "Running as root is not recommended"."""
    return lab_command(folder, ip=ip, port=port, open_browser=open_browser, allow_root=allow_root or as_root)


def start(
    root: Path,
    folder: Path | None = None,
    *,
    ip: str = "127.0.0.1",
    port: int = 8888,
    open_browser: bool = True,
    allow_root: bool = False,
) -> int:
    """Copy the notebooks into the trainee's folder and replace this process with JupyterLab."""
    folder = workspace(root, folder or root / "workspace")
    print(f"Your notebooks are in {folder}; JupyterLab opens at the start page.")
    as_root = running_as_root()
    if as_root and not allow_root:
        # A container or a cloud VM's default user: JupyterLab refuses root unless told.
        print(
            "Running as root (a container or a fresh cloud machine): starting JupyterLab with --allow-root."
        )
    command = start_command(
        folder, ip=ip, port=port, open_browser=open_browser, allow_root=allow_root, as_root=as_root
    )
    os.execvp(command[0], command)
    return 0  # not reached
