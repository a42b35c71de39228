"""nbgrader's file exchange, closed between trainees on a shared workshop machine.

nbgrader's default exchange relies on unguessable names: a submission sits in a
world-traversable ``inbound/`` folder with world-readable files (its folder ends in a
random string), and feedback sits in ``feedback/`` under a hash of a secret kept in
the submission. Anyone who learns a name can read the file. On a workshop hub where
each trainee is their own operating-system user (``sales-course hub``, The Littlest
JupyterHub), these two classes make the permissions themselves do the work:

- :class:`PrivateSubmit`: the submitted folder and its files become the trainee's
  alone (``rwx------``/``rw-------``) plus an access-control entry for the account
  that owns ``inbound/`` (the grading account), so the instructor can collect and
  remove it while other trainees get "Permission denied" even with the exact path.
- :class:`PrivateReleaseFeedback`: each released feedback file becomes ``rw-------``
  (the grading account) plus an access-control entry that lets its own trainee read
  it.

- :class:`OwnerCheckedCollect`: nbgrader's collect takes the trainee's id from the
  submission folder's name (one trainee could drop a folder named after another; nbgrader
  only warns), copies through links as the grading account (a link to the solutions hands
  them out), stops the class at a name that does not parse, and copies any size. This
  collect treats every inbound entry as hostile (:mod:`course.workshop.inbound`): what
  fails is skipped with a note for its trainee, the rest of the class is collected.

The first two use ``setfacl`` (Debian package ``acl``). Without it files stay as nbgrader leaves
them, readable by anyone who knows their names, and a warning is logged.

They are selected in the exchange's nbgrader configuration (see ``course/workshop/hub.py``)::

    c.ExchangeFactory.submit = "course.workshop.exchange.PrivateSubmit"
    c.ExchangeFactory.release_feedback = "course.workshop.exchange.PrivateReleaseFeedback"
    c.ExchangeFactory.collect = "course.workshop.exchange.OwnerCheckedCollect"
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import os
import pwd
import re
import shutil
import subprocess

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash, parse_utc

from course.workshop import inbound

SUBMISSION_FOLDER_MODE = 0o700
SUBMISSION_FILE_MODE = 0o600
FEEDBACK_FILE_MODE = 0o600


def close_tree(top: str, *, dir_mode: int, file_mode: int) -> None:
    """Set ``dir_mode`` on ``top`` and every folder in it, ``file_mode`` on every file."""
    for folder, _, files in os.walk(top):
        os.chmod(folder, dir_mode)
        for name in files:
            os.chmod(os.path.join(folder, name), file_mode)


def grant(path: str, user: str, permissions: str, *, recursive: bool = False) -> str:
    """Give ``user`` ``permissions`` on ``path`` with an access-control entry; '' or what went wrong."""
    setfacl = shutil.which("setfacl")
    if setfacl is None:
        return "setfacl is missing (Debian package acl)"
    command = [setfacl, *(["-R"] if recursive else []), "-m", f"u:{user}:{permissions}", path]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stderr.strip() if done.returncode else ""


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then the submission is closed to everyone but the trainee and
    the account that owns ``inbound/`` (the grading account)."""

    def copy_files(self) -> None:
        super().copy_files()
        submitted = os.path.join(self.inbound_path, self.assignment_filename)
        # By number: in a container the grading account may have no name in /etc/passwd.
        grader = str(os.stat(self.inbound_path).st_uid)
        if not shutil.which("setfacl"):
            self.log.warning(
                "setfacl is missing (Debian package acl): %s stays readable by its name", submitted
            )
            return
        close_tree(submitted, dir_mode=SUBMISSION_FOLDER_MODE, file_mode=SUBMISSION_FILE_MODE)
        problem = grant(submitted, grader, "rwX", recursive=True)
        if problem:
            # The grading account must be able to collect: reopen as nbgrader left it.
            close_tree(submitted, dir_mode=0o755, file_mode=0o644)
            os.chmod(submitted, 0o777)
            self.log.warning("Could not close %s to other trainees: %s", submitted, problem)
        else:
            self.log.info("Submission closed to other trainees: %s", submitted)


class PrivateReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release of feedback, one trainee at a time: each file readable by its own
    trainee only; a trainee whose feedback cannot be released (no submission secret, an
    unreadable file) is skipped with a note, and the rest of the class gets theirs."""

    def copy_files(self) -> None:
        pattern = re.escape(os.path.sep).join(
            [
                self.coursedir.format_path(
                    self.coursedir.feedback_directory,
                    "(?P<student_id>.*)",
                    self.coursedir.assignment_id,
                    escape=True,
                ),
                "(?P<notebook_id>.*).html",
            ]
        )
        excluded = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        for html_file in sorted(glob.glob(os.path.join(self.src_path, "*.html"))):
            found = re.match(pattern, html_file)
            if found is None:
                self.log.error("Not released: %s does not match %s", html_file, pattern)
                continue
            student_id, notebook_id = found.group("student_id"), found.group("notebook_id")
            if student_id in excluded:
                continue
            try:
                self._release_one(html_file, student_id, notebook_id)
            except OSError as error:
                reason = f"feedback {notebook_id} not released: {error.strerror or error} ({error.filename})"
                self.log.error("%s: %s", student_id, reason)
                inbound.note(
                    self.coursedir.root,
                    self.coursedir.assignment_id,
                    inbound.Skipped(student_id, os.path.basename(html_file), reason),
                    "release_feedback",
                )

    def _release_one(self, html_file: str, student_id: str, notebook_id: str) -> None:
        folder = os.path.dirname(html_file)
        secret = _read_small(os.path.join(folder, inbound.SECRET))
        checksum = notebook_hash(secret=secret, notebook_id=notebook_id)
        staged = os.path.join(self.dest_path, f"{checksum}-tmp.html")
        released = os.path.join(self.dest_path, f"{checksum}.html")
        shutil.copy(html_file, staged)
        os.chmod(staged, FEEDBACK_FILE_MODE)
        problem = grant(staged, self._submitter(student_id, html_file), "r")
        if problem:
            os.chmod(staged, 0o644)
            self.log.warning("Feedback %s stays readable by its hashed name: %s", released, problem)
        os.replace(staged, released)  # atomically, as nbgrader does
        self.log.info("Feedback released for %s (%s): %s", student_id, notebook_id, released)

    def _submitter(self, student_id: str, html_file: str) -> str:
        """The trainee's user id: the owner of their submission in ``inbound/`` (the same
        timestamp as the feedback), else the account named ``student_id``."""
        with contextlib.suppress(OSError):
            stamp = _read_small(os.path.join(os.path.dirname(html_file), inbound.TIMESTAMP)).strip()
            prefix = f"{student_id}+{self.coursedir.assignment_id}+{stamp}"
            folder = os.path.join(self.course_path, "inbound")
            for entry in os.listdir(folder):
                if entry == prefix or entry.startswith(prefix + "+"):
                    info = os.lstat(os.path.join(folder, entry))
                    if not os.path.islink(os.path.join(folder, entry)):
                        return str(info.st_uid)
        try:
            return str(pwd.getpwnam(student_id).pw_uid)
        except KeyError:
            return student_id


def _read_small(path: str, limit: int = 4096) -> str:
    """A short text file, opened without following a link."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit).decode("utf-8", "replace")


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect with every inbound entry treated as hostile (course.workshop.inbound):
    links, special files, oversized or deep trees, names that do not parse, folders without a
    submission secret and folders made in another trainee's name are skipped, each with a note
    for its trainee, and what passes is copied without following links."""

    def init_src(self) -> None:
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        # One trainee's, or everyone's ("" or "*", as formgrader asks).
        student = self.coursedir.student_id if self.coursedir.student_id not in ("", "*") else None
        prefix = f"+{self.coursedir.assignment_id}+"
        entries: list[inbound.Entry] = []
        self.skipped: list[inbound.Skipped] = []
        for filename in sorted(os.listdir(self.inbound_path)):
            if prefix not in filename and not filename.endswith(f"+{self.coursedir.assignment_id}"):
                continue  # another assignment's (or no assignment's): not this collect's business
            if student is not None and not filename.startswith(f"{student}+"):
                continue
            found = inbound.vet(self.inbound_path, filename, parse_utc)
            if isinstance(found, inbound.Skipped):
                self.skipped.append(found)
                self.log.error("Not collected for %s: %s %s", found.trainee, found.filename, found.reason)
                inbound.note(self.coursedir.root, self.coursedir.assignment_id, found, "collect")
            else:
                entries.append(found)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                self.duedate = gradebook.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        newest_first: dict[str, list[inbound.Entry]] = {}
        for entry in sorted(entries, key=lambda e: e.timestamp, reverse=True):
            newest_first.setdefault(entry.username, []).append(entry)
        self.src_records = []
        for records in newest_first.values():
            chosen = records[0]
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in records if r.timestamp <= self.duedate]
                chosen = on_time[0] if on_time else records[0]
            self.src_records.append(
                {"username": chosen.username, "filename": chosen.filename, "timestamp": chosen.timestamp}
            )

    def do_copy(self, src: str, dest: str, log=None) -> None:  # noqa: ARG002
        ignored = self.coursedir.ignore

        def ignore(name: str) -> bool:
            return any(fnmatch.fnmatch(name, pattern) for pattern in ignored)

        try:
            inbound.copy_tree(src, dest, ignore=ignore)
        except (inbound.Refused, OSError) as error:
            shutil.rmtree(dest, ignore_errors=True)
            skipped = inbound.Skipped(os.path.basename(src).split("+")[0], os.path.basename(src), str(error))
            self.skipped.append(skipped)
            self.log.error("Not collected for %s: %s %s", skipped.trainee, skipped.filename, skipped.reason)
            inbound.note(self.coursedir.root, self.coursedir.assignment_id, skipped, "collect")
