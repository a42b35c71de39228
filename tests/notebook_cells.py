"""Reading a module's notebook in tests: cells by grade id, the names a cell binds, a check cell
run as the trusted grader runs it, and the shares its "Where this lesson stops holding" note states
checked against a robustness run. Shared by every tests/test_moduleNN_notebook.py and the slow
robustness tests."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Mapping
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


# The robustness run behind each "Where this lesson stops holding" note: 300 points x 3 seeds.
FULL_RUN_POINTS = 900


def stops_holding_note(path: Path) -> str:
    """A module's "Where this lesson stops holding" note, its whitespace collapsed (the cell's id is
    ``where_lesson_stops``; module 03's notebook spells it ``where-lesson-stops``)."""
    cells = read_cells(path)
    note = next(c for c in cells if cell_id(c) in ("where_lesson_stops", "where-lesson-stops"))
    return " ".join(note.source.split())


def share_tolerance(stated: float, points: int) -> float:
    """How far, in percentage points, a share measured at ``points`` sampled points may sit from
    the note's ``stated`` share (0-1) before the note is wrong rather than the sample unlucky.

    The note states the full run's share (900 points); a slow test re-measures it at fewer. Both
    are sample proportions, so their gap has a standard error of sqrt(p(1-p)(1/n + 1/900)); three
    of those (a false alarm about 1 time in 370 per number) plus 1 point for the note's rounding to
    a whole percent. The floor of 4 points covers shares near 0% or 100%, where the formula gives
    almost nothing, yet one or two odd points in a small sample move the share a point or more.
    """
    spread = 3 * math.sqrt(stated * (1 - stated) * (1 / points + 1 / FULL_RUN_POINTS))
    return max(4.0, 100 * spread + 1)


def note_share_failures(note: str, phrases: Mapping[str, str], rows: Iterable) -> list[str]:
    """Each share a module's note states that the robustness run's ``rows`` (``robustness.Row``)
    do not bear out; [] when every one agrees within :func:`share_tolerance`.

    ``phrases`` maps a lesson's name to the note's words that state its share, with ``{}`` where
    the percentage goes ("in {}% of runs"); words without ``{}`` ("at every point tried") state
    that it held everywhere, 100%. Several lessons may share one phrase.
    """
    note = " ".join(note.split())
    measured = {row.lesson.name: row for row in rows}
    failures = []
    for name, phrase in phrases.items():
        if name not in measured:
            failures.append(f"{name}: no such lesson in the run (it has {', '.join(measured)})")
            continue
        words = " ".join(phrase.split())
        found = re.search(re.escape(words).replace(re.escape("{}"), r"(\d+(?:\.\d+)?)"), note)
        if not found:
            failures.append(f"{name}: the note no longer says {words!r}")
            continue
        stated = float(found.group(1)) if "{}" in words else 100.0
        row = measured[name]
        tolerance = share_tolerance(min(stated / 100, 1.0), row.points)
        if abs(stated - 100 * row.share) > tolerance:
            failures.append(
                f"{name}: the note says {stated:g}% ({found.group(0)!r}) but the run measured "
                f"{row.share:.1%} of {row.points} points, more than {tolerance:.1f} points apart"
            )
    return failures
