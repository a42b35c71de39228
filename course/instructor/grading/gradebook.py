"""Merging a worker's result into the course gradebook, and exporting the grades."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
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


# What the export says of each row, from the grading run's record (see STATUSES).
EXPORT_STATUS = {
    "graded": "graded",
    "partial": "graded",
    "zero": "graded",
    "flagged": "flagged",
    "error": "failed",
}


def export_csv(
    root: Path, url: str, state: dict[str, dict[str, Any]] | None = None, destination: Path | None = None
) -> Path:
    """Every assignment's grades as nbgrader export writes them (nbgrader's CSV export plugin),
    with two more columns from the grading record: ``status`` (graded, flagged, failed, or
    not submitted) and ``reason``; a submission that failed or was refused has a row too,
    with no score, so no trainee who submitted drops out of what is uploaded."""
    import csv
    import io

    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    path = destination or root / REPORTS_FOLDER / GRADES_CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    state = state or {}
    with tempfile.TemporaryDirectory(prefix="sales-course-export-") as scratch:
        plain = Path(scratch) / "grades.csv"
        with Gradebook(url) as gradebook:
            CsvExportPlugin(to=str(plain)).export(gradebook)
        rows = list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8"))))
    fields = list(rows[0]) if rows else ["assignment", "student_id", "raw_score", "score", "max_score"]
    seen = set()
    for row in rows:
        key = f"{row['assignment']}/{row['student_id']}"
        seen.add(key)
        result = (state.get(key) or {}).get("result") or {}
        row["status"] = EXPORT_STATUS.get(
            result.get("status", ""), "not submitted" if not result else "graded"
        )
        row["reason"] = "; ".join(result.get("reasons", []))
    for key, entry in sorted(state.items()):
        result = entry.get("result") or {}
        if key in seen or result.get("status") not in ("error", None) or "/" not in key:
            continue
        assignment, _, student = key.partition("/")
        row = dict.fromkeys(fields, "")
        row.update(assignment=assignment, student_id=student, status="failed")
        row["reason"] = "; ".join(result.get("reasons", [])) or entry.get("reason", "")
        rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*fields, "status", "reason"])
        writer.writeheader()
        writer.writerows(rows)
    return path


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
