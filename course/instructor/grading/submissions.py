"""Finding submissions and their state: what is there to grade, and what changed since."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.instructor.grading.coursedir import course_directory, folder_of, nbgrader_api

STATE_FOLDER = ".sales-course"
STATE_FILE = "grading-state.json"


def folder_digest(folder: Path) -> str:
    """A hash of every file in ``folder`` (names and bytes), checkpoints left out.
    Symbolic links count by their target's name, never followed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        if path.is_symlink():
            digest.update(b"symlink:" + os.readlink(path).encode())
        elif path.is_file():
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Submission:
    """One trainee's submitted folder for one assignment."""

    assignment: str
    student: str
    folder: Path
    source_digest: str = ""  # of the instructor notebooks: new tests mean grading again

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.student}"

    def fingerprint(self) -> str:
        """Changes when the trainee resubmits anything, or the instructor changes the assignment."""
        return f"{folder_digest(self.folder)}+{self.source_digest}"


def find_submissions(root: Path, assignments: Iterable[str] | None = None) -> list[Submission]:
    """Every submitted/<student>/<assignment>/ folder, for ``assignments`` (all if None)."""
    wanted = set(assignments) if assignments else None
    coursedir = course_directory(root)
    submitted = root / coursedir.submitted_directory
    digests: dict[str, str] = {}
    found = []
    if submitted.is_dir():
        for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
            for folder in sorted(p for p in student.iterdir() if p.is_dir()):
                if wanted is None or folder.name in wanted:
                    if folder.name not in digests:
                        source = root / coursedir.source_directory / folder.name
                        digests[folder.name] = folder_digest(source) if source.is_dir() else ""
                    found.append(Submission(folder.name, student.name, folder, digests[folder.name]))
    return found


def load_state(root: Path) -> dict[str, dict[str, Any]]:
    path = root / STATE_FOLDER / STATE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_state(root: Path, state: dict[str, dict[str, Any]]) -> None:
    path = root / STATE_FOLDER / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    scratch.replace(path)


def in_gradebook(url: str, submission: Submission) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(url) as gradebook:
        try:
            gradebook.find_submission(submission.assignment, submission.student)
        except MissingEntry:
            return False
    return True


def is_up_to_date(root: Path, submission: Submission, state: dict[str, dict[str, Any]], url: str) -> bool:
    """True if ``submission`` was graded (or failed) before and its files have not changed since."""
    seen = state.get(submission.key)
    if not seen or seen.get("fingerprint") != submission.fingerprint():
        return False
    if seen.get("status") == "failed":
        return True
    autograded = folder_of(root, "autograded", submission.student, submission.assignment)
    notebooks = [p.name for p in submission.folder.glob("*.ipynb")]
    return all((autograded / name).exists() for name in notebooks) and in_gradebook(url, submission)


def sync_gradebook(root: Path, assignment: str) -> None:
    """Put ``assignment`` into the course gradebook as nbgrader generate_assignment does,
    without touching the committed release folder (it goes to a scratch folder).

    Raises:
        RuntimeError: with nbgrader's log if nbgrader refuses (for example, cells were
            added to a notebook that already has submissions).
    """
    from nbgrader.utils import temp_attrs

    api = nbgrader_api(root)
    with tempfile.TemporaryDirectory(prefix="sales-course-sync-") as scratch:
        with temp_attrs(api.coursedir, release_directory=scratch):
            result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(
            f"nbgrader could not add {assignment} to the gradebook:\n{result.get('log', '')}{result.get('error', '')}"
        )
