"""Grades out of the course: ``grades.csv`` and the files an LMS imports without Excel.

Every file here is written with the :mod:`csv` module, every field quoted, and every
text cell that a spreadsheet would read as a formula (one starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) neutralised with a leading apostrophe, as
OWASP's "CSV injection" advice says. Trainee ids, file names and reasons come from
trainees, so none reaches a cell unneutralised. Files are written to a scratch file
and moved into place, so a failure never leaves half a file.

Formats (checked against their published documentation; samples in tests/data/exports):

- **Canvas gradebook import** (Canvas Instructor Guide, "How do I import grades in the
  Gradebook?"): the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then one column per assignment; a second row whose first cell is
  ``Points Possible``. Canvas matches a column to an assignment by its name (or
  ``Name (id)``) and makes a new assignment for a name it does not know. A blank cell
  sets no grade.
- **Moodle grade import** (Moodle docs, "Grade import", CSV): one row per user, a
  column Moodle maps to ``Email address``, ``ID number`` or ``Username`` to find the user,
  one column per grade item; a cell that is empty or ``-`` sets no grade (Moodle's
  grade/import/csv code; any other non-number stops the whole import). Feedback
  columns are optional; columns not mapped are ignored.
- **Wide CSV**: one row per trainee, a ``Points possible`` row, one column per graded
  module, and a status column that says which scores still wait for hand-grading.

Module 00 (practice) is never exported to an LMS.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A trainee id: what JupyterHub and nbgrader accept as a user name, starting with a letter,
# digit or underscore (never a formula character), at most 64 characters.
TRAINEE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}")
PENDING = "auto-graded, reflection pending"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # tabs and line breaks too: one line per cell


def is_trainee_id(text: str) -> bool:
    """True if ``text`` is an acceptable trainee id (see :data:`TRAINEE_ID`)."""
    return bool(TRAINEE_ID.fullmatch(text))


def id_problem(text: str) -> str:
    """Why ``text`` is not an acceptable trainee id, in words ('' if it is)."""
    if is_trainee_id(text):
        return ""
    return (
        f"{safe_text(text, 80)!r} is not a trainee id: use letters, digits and . _ - @ + only, "
        "starting with a letter, digit or _, at most 64 characters"
    )


def safe_text(value: Any, limit: int = 1000) -> str:
    """A text cell no spreadsheet runs: control characters (tabs, line breaks) become spaces, the length is
    bounded, and a cell starting with a formula character gets a leading apostrophe."""
    text = _CONTROL.sub(" ", "" if value is None else str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + text if text.startswith(FORMULA_START) else text


def number(value: float | None) -> str:
    """A score as the LMS reads it: ``12`` or ``12.5``; '' for none."""
    if value is None:
        return ""
    rounded = round(float(value), 2)
    return f"{rounded:g}" if rounded != 0 else "0"


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write a CSV with every field quoted, via a scratch file moved into place.

    Text cells must already be made safe (:func:`safe_text`); numbers come from :func:`number`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_ALL)
            writer.writerow([safe_text(h) for h in header])
            for row in rows:
                writer.writerow(["" if v is None else str(v) for v in row])
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------- the record


@dataclass
class Score:
    """One trainee's result in one module, read from the gradebook and the grading record."""

    submitted: bool = False
    score: float = 0.0  # after the late penalty
    raw_score: float = 0.0
    penalty: float = 0.0
    max_score: float = 0.0
    timestamp: str = ""
    pending: list[str] = field(default_factory=list)  # hand-graded cells not graded yet
    status: str = "not submitted"
    reason: str = ""

    @property
    def final(self) -> bool:
        return self.submitted and not self.pending and self.status in ("graded",)


@dataclass
class Trainee:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # from the roster: SIS ids, section

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.id


@dataclass
class Record:
    """Every module and trainee, and each trainee's score in each module."""

    modules: list[str]
    max_scores: dict[str, float]
    duedates: dict[str, str]
    trainees: list[Trainee]
    scores: dict[tuple[str, str], Score]  # (module, trainee id)


# What the grading record's result says, for the export (see grading.STATUSES).
EXPORT_STATUS = {
    "graded": "graded",
    "partial": "graded",
    "zero": "graded",
    "flagged": "flagged",
    "error": "failed",
}


def read_record(url: str, state: dict[str, dict[str, Any]] | None = None) -> Record:
    """The gradebook as a plain record, with each submission's status from the grading
    record ``state`` (``.sales-course/grading-state.json``): graded, auto-graded with the
    reflection pending, flagged, failed, or not submitted."""
    from nbgrader.api import Gradebook

    state = state or {}
    scores: dict[tuple[str, str], Score] = {}
    with Gradebook(url) as gradebook:
        modules = sorted(a.name for a in gradebook.assignments)
        max_scores = {a.name: float(a.max_score or 0) for a in gradebook.assignments}
        duedates = {a.name: str(a.duedate or "") for a in gradebook.assignments}
        trainees = [
            Trainee(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "")
            for s in sorted(gradebook.students, key=lambda s: s.id)
        ]
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                score = Score(submitted=True, max_score=max_scores[assignment.name])
                score.raw_score = float(submission.score or 0)
                score.penalty = float(submission.late_submission_penalty or 0)
                score.score = max(0.0, score.raw_score - score.penalty)
                score.timestamp = str(submission.timestamp or "")
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        # nbgrader leaves auto_score empty for an answer only a person can
                        # grade (an unchanged one gets 0): pending until a manual score.
                        if grade.manual_score is None and grade.auto_score is None:
                            score.pending.append(grade.name)
                scores[(assignment.name, submission.student.id)] = score
    for key, entry in state.items():
        module, _, student = key.partition("/")
        if not student or module not in max_scores:
            continue
        result = entry.get("result") or {}
        score = scores.setdefault((module, student), Score())
        status = EXPORT_STATUS.get(result.get("status", ""), "graded" if score.submitted else "failed")
        if status == "failed" and not score.submitted:
            score.reason = "; ".join(result.get("reasons", [])) or entry.get("reason", "")
        elif result.get("reasons"):
            score.reason = "; ".join(result["reasons"])
        score.status = status
    for score in scores.values():
        if score.submitted and score.status == "not submitted":
            score.status = "graded"
        if score.status == "graded" and score.pending:
            score.status = PENDING
    return Record(modules, max_scores, duedates, trainees, scores)


GRADES_HEADER = (
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
    "status",
    "reason",
)


def write_grades_csv(path: Path, record: Record) -> Path:
    """The long grades file: nbgrader export's columns (one row per module and trainee,
    every trainee in the gradebook), then ``status`` and ``reason``. A submission that
    failed has a row with no score; a trainee with no submission has ``not submitted``."""
    people = {t.id: t for t in record.trainees}
    students = sorted(set(people) | {s for (_, s) in record.scores})
    rows = []
    for module in record.modules:
        for student in students:
            score = record.scores.get((module, student), Score())
            trainee = people.get(student, Trainee(student))
            has_score = score.submitted
            rows.append(
                [
                    safe_text(module),
                    safe_text(record.duedates.get(module, "")),
                    safe_text(score.timestamp),
                    safe_text(student),
                    safe_text(trainee.last_name),
                    safe_text(trainee.first_name),
                    safe_text(trainee.email),
                    number(score.raw_score) if has_score else ("" if score.status == "failed" else "0"),
                    number(score.penalty) if has_score else ("" if score.status == "failed" else "0"),
                    number(score.score) if has_score else ("" if score.status == "failed" else "0"),
                    number(record.max_scores.get(module)),
                    safe_text(score.status),
                    safe_text(score.reason, 600),
                ]
            )
    return write_rows(path, GRADES_HEADER, rows)


# --------------------------------------------------------------------------- LMS files


def practice_modules(root: Path) -> set[str]:
    """Modules that count towards no grade: their instructor notebook's metadata says
    ``"sales_course": {"practice": true}`` (module 00)."""
    import nbformat

    found = set()
    for path in sorted((root / "solutions").glob("*/*.ipynb")):
        if nbformat.read(path, as_version=4).metadata.get("sales_course", {}).get("practice", False):
            found.add(path.parent.name)
    return found


def graded_modules(root: Path, record: Record) -> list[str]:
    """The modules an LMS gets: any trainee handed in, and not practice."""
    practice = practice_modules(root)
    handed = {m for (m, _), s in record.scores.items() if s.submitted}
    return [m for m in record.modules if m in handed and m not in practice]


def lms_trainees(record: Record, roster: dict[str, Any] | None) -> list[Trainee]:
    """Who goes into an LMS file: the roster's trainees when there is one (in its order of
    ids), else everyone in the gradebook who handed something in."""
    if roster is not None:
        return [
            Trainee(
                e.id,
                e.first_name,
                e.last_name,
                e.email,
                e.lms_id,
                {"sis_user_id": e.sis_user_id, "sis_login_id": e.sis_login_id, "section": e.section},
            )
            for e in sorted(roster.values(), key=lambda e: e.id)
        ]
    handed = {s for (_, s), score in record.scores.items() if score.submitted}
    return [t for t in record.trainees if t.id in handed]


def _lms_score(score: Score, include_pending: bool) -> str:
    """The score an LMS gets: final scores only, unless the instructor asks for scores so far."""
    if not score.submitted or score.status in ("failed",):
        return ""
    if score.pending and not include_pending:
        return ""
    return number(score.score)


def status_line(record: Record, modules: list[str], trainee: str) -> str:
    """What is not final for one trainee, in words ('' when everything is)."""
    parts = []
    for module in modules:
        score = record.scores.get((module, trainee), Score())
        if score.status != "graded":
            parts.append(f"{module}: {score.status}")
    return "; ".join(parts)


@dataclass
class Export:
    path: Path
    rows: int
    held_back: int  # scores left blank because hand-grading is pending
    modules: list[str]


def _held(record: Record, modules: list[str], people: list[Trainee]) -> int:
    return sum(
        1
        for m in modules
        for t in people
        if (s := record.scores.get((m, t.id))) and s.submitted and s.pending
    )


def write_canvas(
    path: Path, record: Record, modules: list[str], people: list[Trainee], *, include_pending: bool = False
) -> Export:
    """A Canvas gradebook import file (see the module docstring)."""
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *modules]
    rows: list[list[str]] = [
        ["    Points Possible", "", "", "", "", *[number(record.max_scores[m]) for m in modules]]
    ]
    for t in people:
        sortable = f"{t.last_name}, {t.first_name}" if t.last_name and t.first_name else t.name
        rows.append(
            [
                safe_text(sortable),
                safe_text(t.lms_id),
                safe_text(t.extra.get("sis_user_id", "")),
                safe_text(t.extra.get("sis_login_id", "") or t.email),
                safe_text(t.extra.get("section", "")),
                *[_lms_score(record.scores.get((m, t.id), Score()), include_pending) for m in modules],
            ]
        )
    write_rows(path, header, rows)
    return Export(path, len(people), 0 if include_pending else _held(record, modules, people), modules)


def write_moodle(
    path: Path, record: Record, modules: list[str], people: list[Trainee], *, include_pending: bool = False
) -> Export:
    """A Moodle grade import file: identity columns, a score column per module (``-`` for
    no grade) and a feedback column per module saying what is not final."""
    header = [
        "First name",
        "Last name",
        "ID number",
        "Email address",
        *modules,
        *[f"{m} status" for m in modules],
    ]
    rows = []
    for t in people:
        cells = [_lms_score(record.scores.get((m, t.id), Score()), include_pending) or "-" for m in modules]
        notes = [
            safe_text("" if (s := record.scores.get((m, t.id), Score())).status == "graded" else s.status)
            for m in modules
        ]
        rows.append(
            [
                safe_text(t.first_name or t.id),
                safe_text(t.last_name),
                safe_text(t.lms_id),
                safe_text(t.email),
                *cells,
                *notes,
            ]
        )
    write_rows(path, header, rows)
    return Export(path, len(people), 0 if include_pending else _held(record, modules, people), modules)


def write_wide(path: Path, record: Record, modules: list[str], people: list[Trainee]) -> Export:
    """One row per trainee, a points-possible row, a column per graded module (the score so
    far) and a status column naming what still waits (hand-grading, review, a failure)."""
    header = ["trainee_id", "name", "email", "lms_id", *modules, "total", "points_possible", "status"]
    possible = sum(record.max_scores[m] for m in modules)
    rows: list[list[str]] = [
        [
            "Points possible",
            "",
            "",
            "",
            *[number(record.max_scores[m]) for m in modules],
            number(possible),
            number(possible),
            "",
        ]
    ]
    for t in people:
        scores = [record.scores.get((m, t.id), Score()) for m in modules]
        total = sum(s.score for s in scores if s.submitted)
        rows.append(
            [
                safe_text(t.id),
                safe_text(t.name),
                safe_text(t.email),
                safe_text(t.lms_id),
                *[number(s.score) if s.submitted else "" for s in scores],
                number(total),
                number(possible),
                safe_text(status_line(record, modules, t.id) or "final"),
            ]
        )
    write_rows(path, header, rows)
    return Export(path, len(people), 0, modules)


FORMATS = {"canvas": write_canvas, "moodle": write_moodle, "wide": write_wide}


def export(root: Path, kind: str, out: Path | None = None, *, include_pending: bool = False) -> Export:
    """Write the ``kind`` file (canvas, moodle or wide) for the course at ``root``.

    Raises:
        ValueError: an unknown format, or nothing graded yet.
    """
    from course.instructor import grading, roster
    from course.instructor.grading.submissions import load_state

    if kind not in FORMATS:
        raise ValueError(f"No export format {kind!r}: expected one of {', '.join(FORMATS)}.")
    record = read_record(grading.db_url(root), load_state(root))
    modules = graded_modules(root, record)
    if not modules:
        raise ValueError(
            "Nothing graded yet: run sales-course grade first (module 00 is practice and never exported)."
        )
    people = lms_trainees(record, roster.load(root))
    path = out or root / grading.REPORTS_FOLDER / f"{kind}-grades.csv"
    if kind == "wide":
        return write_wide(path, record, modules, people)
    return FORMATS[kind](path, record, modules, people, include_pending=include_pending)
