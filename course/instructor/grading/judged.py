"""nbgrader's autograde with no test cell in the trainee's kernel: the judge scores them all.

nbgrader's own autograde restores every test cell of a submission (hidden tests included,
from the gradebook) and runs it in the trainee's kernel, where code in an answer cell (an
IPython ``pre_run_cell`` hook, an input transformer) could read the tests and bind what they
expect. Here the autograde step that runs the kernel, :class:`JudgedExecute`, replaces
nbgrader's ``Execute``:

1. every test cell (a cell whose grade id the gradebook lists as an autograder test, or
   whose metadata says it is one) is emptied, and the notebook is checked against the
   instructor's cell list: no cell left to run holds a test's source;
2. the kernel runs the trainee's cells only (in :mod:`course.instructor.sandbox`), then sends
   its answers as plain data (:mod:`course.instructor.grading.answers`);
3. the trusted judge (:mod:`course.instructor.grading.judge`, a process that never ran
   trainee code) runs the instructor's set-up cell and every test cell, visible and hidden,
   on that data;
4. the test cells get their instructor source back, and as outputs what the judge's run
   of them printed, raised or returned: nbgrader's ``SaveAutoGrades`` then scores them as
   it always does, and the gradebook, formgrader and feedback are nbgrader's own.

The worker opens a :class:`Session` per submission; the verdicts it collects are written
over the gradebook once autograde is done (a test cell the trainee deleted is still scored),
see :func:`course.instructor.grading.trusted.record_judgement`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.instructor.sandbox import SENT, SandboxedExecute

HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


@dataclass
class Session:
    """What the autograde step of one submission needs from the worker, and what it found."""

    judge: Any  # course.instructor.grading.judge.Judge
    source: Path  # the assignment's folder of instructor notebooks
    plans: dict[str, dict[str, Any]]  # notebook name -> the judge's plan
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)  # notebook name -> verdict
    emptied: dict[str, list[str]] = field(default_factory=dict)  # notebook name -> test ids emptied
    judge_seconds: float = 0.0  # waiting for the judge's verdicts


# The session of the submission this worker is grading (nbgrader makes the preprocessor itself).
CURRENT: list[Session] = []


class TestCellWouldRunError(RuntimeError):
    """A test's source is still in a cell the kernel would run: the notebook is not run."""


def test_cells(db_url: str, notebook: str, assignment: str) -> dict[str, str]:
    """The instructor's autograder test cells of one notebook, from the gradebook: grade id ->
    full source (hidden tests included)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        found = gradebook.find_notebook(notebook, assignment)
        answers = {cell.name for cell in found.solution_cells}
        return {
            cell.name: cell.source
            for cell in found.source_cells
            if cell.name in {g.name for g in found.grade_cells} and cell.name not in answers
        }


def empty_test_cells(nb: Any, tests: dict[str, str]) -> dict[int, str]:
    """Empty every test cell of ``nb`` in place; return cell index -> its source.

    Raises:
        TestCellWouldRunError: a cell left to run still holds a hidden test (its text can only
            have come from the gradebook).
    """
    emptied: dict[int, str] = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        if is_test or meta.get("grade_id") in tests:
            emptied[index] = cell.source
            cell.source = ""
    secrets = [part for source in tests.values() for part in _test_parts(source)]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or index in emptied:
            continue
        if any(secret in cell.source for secret in secrets):
            where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
            raise TestCellWouldRunError(f"{where} holds a hidden test's code; the notebook was not run")
    return emptied


def _test_parts(source: str) -> list[str]:
    """What of a test cell only the gradebook holds: each hidden region (a trainee's own cell
    may quote the visible check it was given)."""
    parts = [  # the delimiter lines' own comment marks left out ("### END HIDDEN TESTS")
        region.split(HIDDEN_END)[0].rstrip().rstrip("#").strip() for region in source.split(HIDDEN_BEGIN)[1:]
    ]
    return [part for part in parts if part]


class JudgedExecute(SandboxedExecute):
    """nbgrader's Execute (sandboxed) with every test cell emptied, then scored by the judge."""

    def preprocess(self, nb: Any, resources: Any = None, km: Any = None) -> Any:
        if not CURRENT:
            raise RuntimeError("no trusted judge for this autograde run: test cells are never run here")
        session = CURRENT[-1]
        info = (resources or {}).get("nbgrader") or {}
        name, assignment = info.get("notebook", ""), info.get("assignment", "")
        if name not in session.plans:
            raise RuntimeError(f"{name}.ipynb has no plan of the trusted judge")
        tests = test_cells(info["db_url"], name, assignment)
        emptied = empty_test_cells(nb, tests)
        session.emptied[name] = sorted(
            str(nb.cells[i].metadata.get("nbgrader", {}).get("grade_id")) for i in emptied
        )
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            for index, source in emptied.items():
                nb.cells[index].source = source
                if nb.cells[index].cell_type == "code":
                    nb.cells[index].outputs = []
                    nb.cells[index].execution_count = None
        started = time.perf_counter()
        verdict = session.judge.judge(session.source / f"{name}.ipynb", session.plans[name], SENT.get(name))
        session.judge_seconds += time.perf_counter() - started
        session.verdicts[name] = verdict
        import nbformat

        for index in emptied:
            cell = nb.cells[index]
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type == "code" and grade_id in verdict["outputs"]:
                cell.outputs = [nbformat.from_dict(o) for o in verdict["outputs"][grade_id]]
        return nb, resources
