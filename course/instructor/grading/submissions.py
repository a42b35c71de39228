"""Finding submissions and their state: what is there to grade, and what changed since."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.instructor.grading.coursedir import course_directory, folder_of, nbgrader_api

STATE_FOLDER = ".sales-course"
STATE_FILE = "grading-state.json"


# The shape of a submission that is graded. A submitted folder is expected to hold a
# notebook or two and nbgrader's timestamp.txt; anything past these limits is refused
# with the reason, for that trainee alone.
MAX_DEPTH = 8
MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 256 * 1024**2
IGNORED = frozenset({".ipynb_checkpoints"})


class Refused(ValueError):
    """A submitted folder that is not graded: a link, a special file, an unreadable or oversized tree."""


def scan(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry under ``folder`` (relative path, its lstat), never following a link.

    Raises:
        Refused: the folder or anything in it is a link or a special file, cannot be
            read, or the tree is deeper, larger or bigger than the limits above.
    """
    try:
        top = os.lstat(folder)
    except OSError as error:
        raise Refused(f"the submitted folder cannot be read ({error.strerror})") from None
    if stat.S_ISLNK(top.st_mode):
        raise Refused(f"the submitted folder is a link (to {os.readlink(folder)}), not a folder")
    if not stat.S_ISDIR(top.st_mode):
        raise Refused("the submission is not a folder")
    found: list[tuple[str, os.stat_result]] = []
    total = 0
    pending = [("", 0)]
    while pending:
        relative, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise Refused(f"folders nested more than {MAX_DEPTH} deep ({relative.split('/')[0]}/...)")
        try:
            with os.scandir(folder / relative if relative else folder) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            raise Refused(f"{relative or 'the folder'} cannot be read ({error.strerror})") from None
        for entry in children:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.name in IGNORED and depth == 0:
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise Refused(f"{path} is a link; submissions hold files only")
            if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                raise Refused(f"{path} is not a regular file")
            found.append((path, info))
            total += info.st_size
            if len(found) > MAX_ENTRIES:
                raise Refused(f"more than {MAX_ENTRIES} files and folders")
            if total > MAX_TOTAL_BYTES:
                raise Refused(f"more than {MAX_TOTAL_BYTES // 1024**2} MB of files")
            if stat.S_ISDIR(info.st_mode):
                pending.append((path, depth + 1))
    return sorted(found)


def folder_digest(folder: Path) -> str:
    """A hash of every file in ``folder`` (names and bytes), checkpoints left out; for a
    folder that is refused, of the reason (so a fixed resubmission is graded again)."""
    digest = hashlib.sha256()
    try:
        entries = scan(folder)
    except Refused as refused:
        return hashlib.sha256(f"refused: {refused}".encode()).hexdigest()
    for relative, info in entries:
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        if stat.S_ISREG(info.st_mode):
            try:
                with open(folder / relative, "rb", opener=_no_follow) as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            except OSError as error:
                digest.update(f"unreadable: {error.strerror}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


# What nbgrader itself writes into a submission beside the notebooks. Neither reaches a kernel.
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW)


def copy_submission(folder: Path, target: Path) -> list[str]:
    """Copy what is graded of a submitted folder: its notebooks, and nbgrader's own
    timestamp.txt and submission_secret.txt (which names the feedback nbgrader releases), top
    level only, never through a link. Returns notes on what was left out.

    Raises:
        Refused: see :func:`scan`; also when a file cannot be read.
    """
    entries = scan(folder)
    target.mkdir(parents=True, exist_ok=True)
    left_out = []
    for relative, info in entries:
        if (
            "/" not in relative
            and stat.S_ISREG(info.st_mode)
            and (relative.endswith(".ipynb") or relative in NBGRADER_FILES)
        ):
            try:
                with open(folder / relative, "rb", opener=_no_follow) as source:
                    with open(target / relative, "wb") as copy:
                        shutil.copyfileobj(source, copy)
            except OSError as error:
                raise Refused(f"{relative} cannot be read ({error.strerror})") from None
        elif "/" not in relative:
            left_out.append(relative + ("/" if stat.S_ISDIR(info.st_mode) else ""))
    return [f"left out (only the notebook is graded): {', '.join(left_out)}"] if left_out else []


@dataclass(frozen=True)
class Submission:
    """One trainee's submitted folder for one assignment."""

    assignment: str
    student: str
    folder: Path
    source_digest: str = ""  # of the instructor notebooks: new tests mean grading again
    strays: tuple[str, ...] = ()  # what else the trainee's folder holds (``__MACOSX``): left out

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.student}"

    def fingerprint(self) -> str:
        """Changes when the trainee resubmits anything, or the instructor changes the assignment."""
        return f"{folder_digest(self.folder)}+{self.source_digest}"


def find_submissions(root: Path, assignments: Iterable[str] | None = None) -> list[Submission]:
    """Every submitted/<student>/<assignment>/ folder, for ``assignments`` (all if None).

    Only the course's assignments count: anything else in a trainee's folder (a stray
    ``__MACOSX``, a file) is named in that trainee's result and left out. An assignment
    folder that is a link is still found: grading refuses it, with the reason.
    """
    wanted = set(assignments) if assignments else None
    coursedir = course_directory(root)
    submitted = root / coursedir.submitted_directory
    source = root / coursedir.source_directory
    known = {p.name for p in source.iterdir() if p.is_dir()} if source.is_dir() else set()
    digests: dict[str, str] = {}
    found = []
    if not submitted.is_dir():
        return found
    for student in sorted(submitted.iterdir()):
        if student.is_symlink() or not student.is_dir():
            continue
        try:
            names = sorted(p.name for p in student.iterdir())
        except OSError:
            continue
        strays = tuple(n for n in names if n not in known)
        for name in names:
            if name in known and (wanted is None or name in wanted):
                if name not in digests:
                    digests[name] = folder_digest(source / name)
                found.append(Submission(name, student.name, student / name, digests[name], strays))
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
    # The notebooks that were graded, not the ones submitted: an extra notebook (left out) or
    # a renamed one (graded under the expected name) has no autograded copy of its own name.
    notebooks = seen.get("graded")
    if type(notebooks) is not list:  # a record from before this was kept
        notebooks = [p.name for p in submission.folder.glob("*.ipynb")]
    return all((autograded / str(name)).exists() for name in notebooks) and in_gradebook(url, submission)


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
