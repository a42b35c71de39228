"""The package's layout keeps its promise: a trainee's kernel loads nothing of the instructor's
tools or the workshop hub, and every part sits where docs/ARCHITECTURE.md says."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRAINEE_RUNTIME = ["course/trainee", "course/scenarios"]
OFF_LIMITS = ("course.instructor", "course.workshop", "course.cli")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(ROOT).as_posix() for folder in TRAINEE_RUNTIME for p in (ROOT / folder).rglob("*.py")
    ),
)
def test_the_trainee_runtime_imports_nothing_of_the_instructor_or_the_workshop(path: str) -> None:
    reached = sorted(
        name for name in _imported_modules(ROOT / path) if name.startswith(OFF_LIMITS) or name == "course.cli"
    )
    assert not reached, f"{path} imports {reached}: a trainee's kernel must not load them"


def test_what_a_notebook_loads_stays_inside_the_trainee_runtime() -> None:
    # Run the set-up cells of every instructor notebook in a fresh interpreter and list what
    # of the course it loaded: lazy or conditional imports are caught here, not only in the source.
    setups = []
    for notebook in sorted((ROOT / "solutions").rglob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        setups += [
            "".join(cell["source"])
            for cell in cells
            if cell["cell_type"] == "code" and cell["metadata"].get("nbgrader", {}).get("grade_id") == "setup"
        ]
    assert setups, "no notebook has a set-up cell with grade id 'setup'"
    probe = "\n".join(setups) + (
        "\nexplore(control)\nimport sys, json\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'course' or m.startswith('course.'))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert "course.trainee.checks" in loaded
    assert not [m for m in loaded if m.startswith(OFF_LIMITS)], loaded


def test_the_command_line_only_parses_and_delegates() -> None:
    tree = ast.parse((ROOT / "course" / "cli.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_"):
            # A sub-command's handler: a call into the package, its messages and an exit code.
            assert len(node.body) <= 25, (
                f"cli.{node.name} holds {len(node.body)} statements: move the work out"
            )
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert defined <= {"build_parser", "main"} | {name for name in defined if name.startswith("_")}, defined


def test_the_installed_package_holds_no_answer() -> None:
    # Trainees' kernels can import every module of the package, so nothing in it may show an
    # answer: not a solution line, nor a "mistake" that is wrong in one place only (it holds the
    # others' solution lines). Answers live in solutions/ (the instructor notebooks, and the
    # demo's solutions/demo_answers.py).
    solution_lines = set()
    for notebook in (ROOT / "solutions").rglob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            inside = False
            for line in "".join(cell["source"]).splitlines():
                if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                    inside = "BEGIN" in line
                elif inside and cell["cell_type"] == "code" and "=" in line and len(line.strip()) > 8:
                    solution_lines.add(line.strip())
    assert len(solution_lines) > 10
    found = [
        f"{path.relative_to(ROOT)}: {line}"
        for path in sorted((ROOT / "course").rglob("*.py"))
        for line in sorted(solution_lines)
        if line in path.read_text(encoding="utf-8")
    ]
    assert not found, f"solution lines inside the installed package: {found}"
