"""The ``sales-course`` command: one entry point for authors, instructors and trainees.

    sales-course start     open the course in JupyterLab at its start page
    sales-course release   regenerate assignments/ from solutions/ with nbgrader
    sales-course check     validate the course and print a report
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from course import authoring


def _release(args: argparse.Namespace) -> int:
    root = authoring.course_root()
    try:
        released = authoring.release(root, args.assignments or None)
    except (ValueError, RuntimeError) as error:
        print(f"sales-course release: {error}", file=sys.stderr)
        return 1
    for path in released:
        print(f"released {path.relative_to(root)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    root = authoring.course_root()
    print(f"Checking the course in {root}")
    report = authoring.check_course(root, execute=not args.quick)
    print(report)
    return 0 if report.ok else 1


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
    return folder


def _start(args: argparse.Namespace) -> int:
    root = authoring.course_root()
    folder = workspace(root, Path(args.workspace or root / "workspace").resolve())
    print(f"Your notebooks are in {folder}; JupyterLab opens at the start page.")
    command = [
        sys.executable, "-m", "jupyter", "lab",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.default_url=/lab/tree/START_HERE.ipynb",
        f"--ServerApp.ip={args.ip}",
        f"--ServerApp.port={args.port}",
    ]
    if args.no_browser:
        command.append("--no-browser")
    os.execvp(command[0], command)
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sales-course", description="Sales Leadership Lab: course tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser("start", help="open the course in JupyterLab at its start page")
    start.add_argument("--workspace", help="folder for your own notebooks (default: workspace/ in the course)")
    start.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    start.add_argument("--port", default=8888, type=int, help="port to listen on (default: 8888)")
    start.add_argument("--no-browser", action="store_true", help="do not open a browser")
    start.set_defaults(run=_start)

    release = commands.add_parser("release", help="regenerate assignments/ from solutions/ with nbgrader")
    release.add_argument("assignments", nargs="*", help="assignments to release (default: all)")
    release.set_defaults(run=_release)

    check = commands.add_parser("check", help="validate the course and print a report")
    check.add_argument("--quick", action="store_true", help="skip running the instructor notebooks")
    check.set_defaults(run=_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
