"""The trusted result: the judge's scores, recorded over nbgrader's in-kernel ones.

nbgrader's autograde runs the test cells in the trainee's own kernel, where the
trainee's code could have changed how they judge: that result is advisory. The grade
is the judge's (:mod:`course.instructor.grading.judge`), from the plain answers the
kernel sent (:mod:`course.instructor.grading.answers`). Where the two disagree, the
judge's score goes into the gradebook and the submission is flagged with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from course.instructor.grading.judge import Judge


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


def record_judgement(
    judge: Judge,
    database: Path,
    source: Path,
    assignment: str,
    student: str,
    plans: dict[str, dict[str, Any]],
    sent: dict[str, Any],
) -> list[str]:
    """Judge each notebook of a submission from what its kernel sent, write the judge's
    scores into the (worker's) gradebook, and return the reasons to flag it (or [])."""
    from nbgrader.api import Gradebook, MissingEntry

    flags: list[str] = []
    for name, plan in sorted(plans.items()):
        verdict = judge.judge(source / f"{name}.ipynb", plan, sent.get(name))
        flags += [f"{name}: {problem}" for problem in verdict["problems"]]
        differ = []
        with Gradebook(f"sqlite:///{database}") as gradebook:
            for grade_id, score in verdict["scores"].items():
                try:
                    grade = gradebook.find_grade(grade_id, name, assignment, student)
                except MissingEntry:
                    continue
                kernel = grade.auto_score
                if kernel is None or abs(kernel - score) > 1e-9:
                    shown = "none" if kernel is None else f"{kernel:g}"
                    differ.append(f"{grade_id} (kernel {shown}, judge {score:g})")
                    grade.auto_score = score
            gradebook.db.commit()
        if differ:
            flags.append(
                f"{name}: the checks in the trainee's kernel disagree with the trusted judge; "
                f"the judge's score is recorded: {', '.join(differ)}"
            )
    return flags
