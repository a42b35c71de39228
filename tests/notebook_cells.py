"""Reading a module's notebook in tests: cells by grade id, the names a cell binds, and a check
cell run as the trusted grader runs it. Shared by every tests/test_moduleNN_notebook.py."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import nbformat


def read_cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def cell_id(cell) -> str:
    """The cell's nbgrader grade id, or its notebook id for a cell nbgrader does not track."""
    return cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id", ""))


def index_of(cells: list, grade_id: str) -> int:
    return next(i for i, c in enumerate(cells) if cell_id(c) == grade_id)


def bound_names(source: str) -> set[str]:
    """The names a cell binds at its top level: assignments, def and class, imports."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def run_check(path: Path, grade_id: str, **answers) -> None:
    """A test cell as the trusted grader runs it: the set-up cell, then the cell, answers bound."""
    cells = read_cells(path)
    scope = dict(answers)
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102 - the course's own set-up cell
    exec(cells[index_of(cells, grade_id)].source, scope)  # noqa: S102


def sealed_why_lines(source: str, choices: Iterable[str]) -> dict[str, str | None]:
    """The line each choice opens in a check cell's sealed ``why=`` (``checks.seal_why``), read
    as the trainee's kernel reads it; fails if the cell holds the lines in plain sight."""
    from course.trainee import checks

    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "checks.expect_sealed"
    ]
    keywords = {k.arg: k.value for call in calls for k in call.keywords}
    sealed = ast.literal_eval(keywords["why"])
    assert isinstance(sealed, str) and sealed.startswith("sealed:"), "why= lines in plain sight"
    question = ast.literal_eval(keywords["question"])
    return {choice: checks._why_line(sealed, question, choice) for choice in choices}
