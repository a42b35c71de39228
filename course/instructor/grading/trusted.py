"""The trusted result: the judge's plans, and its scores recorded in the gradebook.

No test cell runs in a trainee's kernel (:mod:`course.instructor.grading.judged`): the
grade is the judge's (:mod:`course.instructor.grading.judge`), from the plain answers the
kernel sent (:mod:`course.instructor.grading.answers`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.instructor.grading.judge import Judge

if TYPE_CHECKING:
    from course.instructor.grading.judged import Session


def make_plans(source: Path, assignments: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The judge's plan for every instructor notebook of ``assignments``: assignment ->
    notebook name -> answer names and the inputs of each function answer."""
    judge = Judge()
    try:
        return {
            assignment: {
                path.stem: judge.plan(path) for path in sorted((source / assignment).glob("*.ipynb"))
            }
            for assignment in assignments
        }
    finally:
        judge.close()


def record_judgement(database: Path, assignment: str, student: str, session: Session) -> list[str]:
    """Write the judge's score of every test cell into the (worker's) gradebook, and return
    the reasons to flag the submission (or []).

    nbgrader's ``SaveAutoGrades`` has already scored the test cells from the judge's outputs
    (see :mod:`course.instructor.grading.judged`); this also scores a test cell the trainee
    deleted, and makes the judge's number the one recorded whatever nbgrader read."""
    from nbgrader.api import Gradebook, MissingEntry

    flags: list[str] = []
    for name, verdict in sorted(session.verdicts.items()):
        flags += [f"{name}: {problem}" for problem in verdict["problems"]]
        with Gradebook(f"sqlite:///{database}") as gradebook:
            for grade_id, score in verdict["scores"].items():
                try:
                    grade = gradebook.find_grade(grade_id, name, assignment, student)
                except MissingEntry:
                    continue
                grade.auto_score = score
                grade.needs_manual_grade = False
            gradebook.db.commit()
    return flags
