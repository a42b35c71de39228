"""What is in ``submitted/`` before grading: the mistakes an instructor must hear about.

``sales-course grade`` reads this first. A folder whose name is not a trainee id, a
trainee not on the roster, a folder that matches no assignment: each is named with what
was expected, graded not at all (the rest of the class is graded), and makes the command
exit non-zero. No ``submitted/`` folder, or nothing in it, stops before anything runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from course.instructor.exports import id_problem, safe_text


class NothingToGrade(ValueError):
    """There is no submission at all: the message says where they were looked for and how to collect."""


@dataclass
class Intake:
    """Who is graded, and what the instructor is told."""

    students: list[str] = field(default_factory=list)  # trainee folders that are graded
    problems: list[str] = field(default_factory=list)  # mistakes: named, not graded, exit non-zero
    apart: list[str] = field(default_factory=list)  # submitters not on the roster, kept apart


def _closest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.85)
    return f" (did you mean {close[0]}?)" if close else ""


def check(root: Path, assignments: list[str] | None = None) -> Intake:
    """Read ``submitted/`` of the course at ``root`` (names only; nothing is opened).

    Raises:
        NothingToGrade: no ``submitted/`` folder, or no submission of ``assignments`` in it.
    """
    from course.instructor import roster
    from course.instructor.grading.coursedir import course_directory

    coursedir = course_directory(root)
    submitted = root / coursedir.submitted_directory
    source = root / coursedir.source_directory
    known = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    collect = (
        "Collect the trainees' work first: on the hub, nbgrader collect (or the Formgrader's "
        f"Collect button) puts each trainee's notebook in {coursedir.submitted_directory}/<trainee id>/<assignment>/."
    )
    if not submitted.is_dir():
        raise NothingToGrade(f"Nothing to grade: {submitted} does not exist. {collect}")
    folders = sorted(p for p in submitted.iterdir() if not p.name.startswith("."))
    if not folders:
        raise NothingToGrade(f"Nothing to grade: {submitted} is empty. {collect}")
    on_roster = roster.load(root)
    intake = Intake()
    wanted = set(assignments or known)
    for folder in folders:
        shown = safe_text(folder.name, 80)
        if not folder.is_dir() or folder.is_symlink():
            intake.problems.append(
                f"{coursedir.submitted_directory}/{shown} is not a trainee folder; left alone"
            )
            continue
        why = id_problem(folder.name)
        if why:
            intake.problems.append(
                f"{coursedir.submitted_directory}/{shown}: {why}; not graded (rename the folder to the trainee's id)"
            )
            continue
        if on_roster is not None and folder.name not in on_roster:
            intake.apart.append(
                f"{folder.name} is not on the roster{_closest(folder.name, sorted(on_roster))}: kept apart "
                "(not graded, not in the report or exports). Add them to your roster CSV and run "
                "sales-course roster import again, or rename the folder to their id."
            )
            continue
        try:
            inside = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        except OSError as error:
            intake.problems.append(
                f"{coursedir.submitted_directory}/{shown} cannot be read ({error.strerror})"
            )
            continue
        stray = [n for n in inside if n not in known]
        for name in stray:
            intake.problems.append(
                f"{coursedir.submitted_directory}/{shown}/{safe_text(name, 80)} matches no assignment"
                f"{_closest(name, known)}. Expected one of: {', '.join(known)}; it is not graded"
            )
        for name in (n for n in inside if n in wanted):
            intake.problems += _extra_notebooks(folder / name, source / name, coursedir.submitted_directory)
        if any(n in wanted for n in inside):
            intake.students.append(folder.name)
        elif not stray:
            intake.problems.append(f"{coursedir.submitted_directory}/{shown} holds no assignment folder")
    if not intake.students and not intake.problems and not intake.apart:
        which = ", ".join(sorted(wanted)) if assignments else "any assignment"
        raise NothingToGrade(f"Nothing to grade: no trainee in {submitted} handed in {which}. {collect}")
    return intake


def _extra_notebooks(submission: Path, source: Path, submitted: str) -> list[str]:
    """A notebook beside the assignment's own (a second copy, "notebook (1).ipynb"): named as
    the trainee's folder shows it. The assignment's notebook is still graded."""
    expected = {p.name for p in source.glob("*.ipynb")}
    try:
        present = sorted(p.name for p in submission.glob("*.ipynb") if not p.is_symlink())
    except OSError:
        return []
    extra = [n for n in present if n not in expected]
    if not extra or not expected & set(present):
        return []  # a lone renamed notebook is graded as the assignment's (see grading)
    where = f"{submitted}/{safe_text(submission.parent.name, 80)}/{submission.name}"
    return [
        f"{where}/{safe_text(name, 80)} is a second notebook: only {', '.join(sorted(expected))} is graded; "
        "remove the copy (or ask the trainee which one they meant)"
        for name in extra
    ]
