"""Merging a worker's result into the course gradebook, and exporting the grades."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

from course.instructor.grading.coursedir import folder_of
from course.instructor.grading.results import Outcome

REPORTS_FOLDER = "reports"
GRADES_CSV = "grades.csv"


def merge(root: Path, url: str, outcome: Outcome) -> None:
    """Write one worker's result into the course: folders, then the gradebook fields autograde writes."""
    from nbgrader.api import Gradebook

    a, s = outcome.assignment, outcome.student
    for kind, source in (("autograded", outcome.autograded), ("feedback", outcome.feedback)):
        target = folder_of(root, kind, s, a)
        remove_tree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target)
    with Gradebook(url) as gradebook:
        gradebook.update_or_create_student(s)
        if outcome.timestamp is not None:
            gradebook.update_or_create_submission(a, s, timestamp=outcome.timestamp)
        else:
            gradebook.update_or_create_submission(a, s)
        for name, saved in outcome.notebooks.items():
            notebook = gradebook.find_submission_notebook(name, a, s)
            notebook.late_submission_penalty = saved["late_submission_penalty"]
            for grade_id, (auto_score, needs_manual, _) in saved["grades"].items():
                grade = gradebook.find_grade(grade_id, name, a, s)
                grade.auto_score = auto_score
                # A score that may come from patched checks shows in formgrader as to be graded.
                grade.needs_manual_grade = needs_manual or (outcome.review and auto_score is not None)
            for comment_id, auto_comment in saved["comments"].items():
                gradebook.find_comment(comment_id, name, a, s).auto_comment = auto_comment
        gradebook.db.commit()


def remove_tree(folder: Path) -> None:
    """Remove a folder nbgrader may have made read-only (autograded files are 444)."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def export_csv(
    root: Path, url: str, state: dict[str, dict[str, Any]] | None = None, destination: Path | None = None
) -> Path:
    """Every assignment's grades with nbgrader export's columns, written from the gradebook
    with the csv module (every field quoted, no cell a spreadsheet reads as a formula; see
    :mod:`course.instructor.exports`), with two more columns from the grading record:
    ``status`` (graded, "auto-graded, reflection pending", flagged, failed, or not
    submitted) and ``reason``; a submission that failed or was refused has a row too, with
    no score, so no trainee who submitted drops out of what is uploaded."""
    from course.instructor import exports

    path = destination or root / REPORTS_FOLDER / GRADES_CSV
    return exports.write_grades_csv(path, exports.read_record(url, state))


def gradebook_grades(url: str) -> dict[tuple[str, ...], tuple[Any, ...]]:
    """Every grade and comment in a gradebook, keyed by (assignment, student, notebook, cell):
    what tests compare between two ways of grading."""
    from nbgrader.api import Gradebook

    found: dict[tuple[str, ...], tuple[Any, ...]] = {}
    with Gradebook(url) as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                key = (assignment.name, submission.student.id)
                found[(*key, "timestamp")] = (submission.timestamp,)
                for notebook in submission.notebooks:
                    found[(*key, notebook.name, "late_submission_penalty")] = (
                        notebook.late_submission_penalty,
                    )
                    for g in notebook.grades:
                        found[(*key, notebook.name, g.name)] = (
                            g.auto_score,
                            g.manual_score,
                            g.extra_credit,
                            g.needs_manual_grade,
                            g.max_score,
                        )
                    for c in notebook.comments:
                        found[(*key, notebook.name, "comment", c.name)] = (c.auto_comment, c.manual_comment)
    return found
