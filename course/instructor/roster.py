"""The class roster: who the trainees are, by id, name, email and LMS id.

``sales-course roster import roster.csv`` reads a CSV with a header row and these columns
(only ``id`` is required; names are case-insensitive):

- ``id``: the trainee's id, as their folder in ``submitted/`` and their hub login are named;
- ``name`` (or ``first_name`` and ``last_name``), ``email``;
- ``lms_id`` (or ``lms_user_id``): the LMS's own id (Canvas: the ``ID`` column of a
  gradebook export; Moodle: the user's ``ID number``);
- for Canvas, optionally ``sis_user_id``, ``sis_login_id`` and ``section``.

The trainees go into nbgrader's student database (the same as ``nbgrader db student
import``: id, first name, last name, email, LMS user id), so formgrader shows their names;
the roster itself (with the Canvas columns nbgrader has no field for) is kept in
``.sales-course/roster.json``. Once there is a roster, grading keeps apart any folder in
``submitted/`` that is not on it, and the report and exports use the roster's names.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from course.instructor.exports import id_problem, safe_text

ROSTER_FILE = "roster.json"
STATE_FOLDER = ".sales-course"
ALIASES = {"lms_user_id": "lms_id", "student_id": "id", "email address": "email"}
KNOWN = ("id", "name", "first_name", "last_name", "email", "lms_id", "sis_user_id", "sis_login_id", "section")


@dataclass(frozen=True)
class Entry:
    """One trainee on the roster."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.id


class RosterError(ValueError):
    """A roster file that cannot be used; the message names each row and what is wrong."""


def read_csv(path: Path) -> list[Entry]:
    """The roster in ``path``, checked: every id acceptable and unique, every row with an id.

    Raises:
        RosterError: naming the file, each bad row and what was expected.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from Excel is fine
    except FileNotFoundError:
        raise RosterError(f"{path} does not exist: give the roster CSV's path.") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path} is not UTF-8 text: save it from Excel as 'CSV UTF-8'.") from None
    reader = csv.DictReader(text.splitlines())
    header = [
        ALIASES.get((h or "").strip().lower(), (h or "").strip().lower()) for h in reader.fieldnames or []
    ]
    if "id" not in header:
        raise RosterError(
            f"{path} has no 'id' column. Expected a header row such as: id,name,email,lms_id "
            f"(found: {', '.join(safe_text(h, 40) for h in header) or 'nothing'})."
        )
    problems, entries, seen = [], [], set()
    for number, raw in enumerate(csv.reader(text.splitlines()[1:]), start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = {h: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header) if h in KNOWN}
        trainee = row.get("id", "")
        problem = id_problem(trainee) if trainee else "no id"
        if problem:
            problems.append(f"row {number}: {problem}")
            continue
        if trainee in seen:
            problems.append(f"row {number}: {trainee} is on the roster twice")
            continue
        seen.add(trainee)
        first, last = row.get("first_name", ""), row.get("last_name", "")
        if not (first or last) and row.get("name"):
            first, _, last = row["name"].partition(" ")
        email = row.get("email", "")
        if email and "@" not in email:
            problems.append(f"row {number}: email {safe_text(email, 60)!r} has no @")
            continue
        entries.append(
            Entry(
                trainee,
                first,
                last,
                email,
                row.get("lms_id", ""),
                row.get("sis_user_id", ""),
                row.get("sis_login_id", ""),
                row.get("section", ""),
            )
        )
    if problems:
        raise RosterError(f"{path} was not imported (nothing changed):\n  " + "\n  ".join(problems))
    if not entries:
        raise RosterError(f"{path} lists no trainees: one row per trainee after the header.")
    return entries


def import_roster(root: Path, path: Path) -> list[Entry]:
    """Put the trainees of ``path`` into the course gradebook and the course's roster file.

    A trainee already on the roster is updated; one no longer in the file stays in the
    gradebook (their grades are kept) but leaves the roster.
    """
    from nbgrader.api import Gradebook

    from course.instructor import grading

    entries = read_csv(path)
    with Gradebook(grading.db_url(root)) as gradebook:
        for entry in entries:
            gradebook.update_or_create_student(
                entry.id,
                first_name=entry.first_name or None,
                last_name=entry.last_name or None,
                email=entry.email or None,
                lms_user_id=entry.lms_id or None,
            )
    target = root / STATE_FOLDER / ROSTER_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_suffix(".tmp")
    scratch.write_text(json.dumps([asdict(e) for e in entries], indent=1), encoding="utf-8")
    scratch.replace(target)
    return entries


def load(root: Path) -> dict[str, Entry] | None:
    """The course's roster by trainee id, or None if none was imported."""
    path = root / STATE_FOLDER / ROSTER_FILE
    if not path.is_file():
        return None
    return {e["id"]: Entry(**e) for e in json.loads(path.read_text(encoding="utf-8"))}
