"""Every entry in the exchange's ``inbound/`` treated as hostile before the grading account
touches it.

``inbound/`` is writable by every trainee, and Collect runs as the grading account, which can
read the course's solutions. An entry there may be a link (to the solutions, to
``/dev/zero``), a folder whose name does not parse, a folder without nbgrader's
``submission_secret.txt``, one made in another trainee's name, or a tree swapped for a link
between a check and the copy. :func:`vet` applies the rules ``sales-course grade`` applies to
submitted folders (:func:`course.instructor.grading.submissions.scan`: no links, regular
files only, depth, count and size limits, all by ``lstat``) plus the exchange's own (the name
parses, the owner is the trainee it names, the secret is there), and :func:`copy_tree` copies
what passed through file descriptors opened without following links (``O_NOFOLLOW``, each
folder relative to its parent's descriptor), so a swap after the check copies nothing it
should not. An entry that fails is skipped with a note naming its trainee; the class goes on.
"""

from __future__ import annotations

import datetime
import json
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from course.instructor.grading.submissions import MAX_DEPTH, MAX_TOTAL_BYTES, Refused, scan

SECRET = "submission_secret.txt"
TIMESTAMP = "timestamp.txt"
NOTES_FILE = "exchange-notes.jsonl"


@dataclass(frozen=True)
class Entry:
    """An inbound folder that passed :func:`vet`."""

    username: str
    filename: str
    timestamp: datetime.datetime


@dataclass(frozen=True)
class Skipped:
    """An inbound entry left where it is, and why, for its trainee (the name it claims, else its owner)."""

    trainee: str
    filename: str
    reason: str


def owner_name(info: os.stat_result) -> str | None:
    try:
        return pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        return None  # a uid without a name (a container)


def vet(inbound: str, filename: str, parse_utc) -> Entry | Skipped:
    """Check one inbound entry; ``parse_utc`` is nbgrader's timestamp parser."""
    path = os.path.join(inbound, filename)
    try:
        info = os.lstat(path)
    except OSError as error:
        return Skipped("?", filename, f"cannot be read ({error.strerror})")
    owner = owner_name(info)
    parts = filename.rsplit("+", 3)
    claimed = parts[0] if len(parts) >= 3 and parts[0] else None
    who = claimed or owner or f"uid {info.st_uid}"
    if stat.S_ISLNK(info.st_mode):
        return Skipped(owner or who, filename, f"is a link (to {os.readlink(path)}), not a submitted folder")
    if not stat.S_ISDIR(info.st_mode):
        return Skipped(owner or who, filename, "is not a folder")
    if claimed is None:
        return Skipped(owner or who, filename, "the name is not <trainee>+<assignment>+<time>")
    try:
        timestamp = parse_utc(parts[2])
    except Exception as error:  # dateutil raises its own ParserError, OverflowError, ValueError
        return Skipped(owner or who, filename, f"the time in the name does not parse ({parts[2]!r}: {error})")
    if owner is not None and owner != claimed:
        return Skipped(owner, filename, f"names {claimed} but belongs to {owner}")
    try:
        entries = dict(scan(Path(path)))
    except Refused as refused:
        return Skipped(who, filename, str(refused))
    secret = entries.get(SECRET)
    if secret is None or not stat.S_ISREG(secret.st_mode):
        return Skipped(who, filename, f"no {SECRET} (not submitted through nbgrader's Submit)")
    stamp = entries.get(TIMESTAMP)
    if stamp is None or not stat.S_ISREG(stamp.st_mode) or stamp.st_size > 200:
        return Skipped(who, filename, f"no usable {TIMESTAMP} (not submitted through nbgrader's Submit)")
    try:
        descriptor = os.open(os.path.join(path, TIMESTAMP), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            parse_utc(handle.read(200).decode("utf-8", "replace").strip())
    except Exception as error:  # unreadable, swapped for a link, or a time that does not parse
        return Skipped(who, filename, f"{TIMESTAMP} does not hold a time ({error})")
    return Entry(claimed, filename, timestamp)


def copy_tree(source: str, target: str, *, ignore=lambda name: False, budget: int = MAX_TOTAL_BYTES) -> None:
    """Copy the folder ``source`` to ``target`` (made here), never following a link.

    Every folder is opened relative to its parent's descriptor with ``O_NOFOLLOW`` and every
    file with ``O_NOFOLLOW | O_NONBLOCK`` (a pipe put in place after :func:`vet` does not
    block), checked with ``fstat`` to be a regular file, and read to at most ``budget`` bytes
    in all (a file growing after the check is not copied past it).

    Raises:
        Refused: a link, a special file, too deep, or more than ``budget`` bytes.
    """
    remaining = [budget]
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC

    def folder(descriptor: int, into: str, depth: int, shown: str) -> None:
        if depth > MAX_DEPTH:
            raise Refused(f"folders nested more than {MAX_DEPTH} deep ({shown})")
        os.mkdir(into, 0o700)
        for name in sorted(os.listdir(descriptor)):
            if ignore(name):
                continue
            label = f"{shown}/{name}" if shown else name
            try:
                child = os.open(name, flags | os.O_NONBLOCK, dir_fd=descriptor)
            except OSError as error:
                raise Refused(
                    f"{label} cannot be opened without following a link ({error.strerror})"
                ) from None
            try:
                info = os.fstat(child)
                if stat.S_ISDIR(info.st_mode):
                    folder(child, os.path.join(into, name), depth + 1, label)
                elif stat.S_ISREG(info.st_mode):
                    with open(os.path.join(into, name), "wb") as copy:
                        while block := os.read(child, min(1 << 20, remaining[0] + 1)):
                            remaining[0] -= len(block)
                            if remaining[0] < 0:
                                raise Refused(f"more than {budget // 1024**2} MB of files")
                            copy.write(block)
                else:
                    raise Refused(f"{label} is not a regular file")
            finally:
                os.close(child)

    top = os.open(source, flags | os.O_DIRECTORY)
    try:
        folder(top, target, 0, "")
    finally:
        os.close(top)


def note(course_dir: str, assignment: str, skipped: Skipped, step: str) -> dict:
    """Record a skipped entry for its trainee in ``<course>/exchange-notes.jsonl``; return the note."""
    record = {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "step": step,
        "trainee": skipped.trainee,
        "assignment": assignment,
        "entry": skipped.filename,
        "reason": skipped.reason,
    }
    with open(os.path.join(course_dir, NOTES_FILE), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return record


def read_notes(course_dir: str | Path) -> list[dict]:
    """The notes :func:`note` recorded, oldest first."""
    path = Path(course_dir) / NOTES_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
