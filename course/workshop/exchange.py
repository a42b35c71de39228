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
  submission folder's name, so one trainee could drop a folder named after another.
  nbgrader only warns about that; this collect skips a submission whose owner is not
  the trainee it names (when the owner's uid has a name on this machine).

The first two use ``setfacl`` (Debian package ``acl``). Without it files stay as nbgrader leaves
them, readable by anyone who knows their names, and a warning is logged.

They are selected in the exchange's nbgrader configuration (see ``course/workshop/hub.py``)::

    c.ExchangeFactory.submit = "course.workshop.exchange.PrivateSubmit"
    c.ExchangeFactory.release_feedback = "course.workshop.exchange.PrivateReleaseFeedback"
    c.ExchangeFactory.collect = "course.workshop.exchange.OwnerCheckedCollect"
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import subprocess

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash

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
    """nbgrader's release of feedback, then each file is readable by its own trainee only."""

    def copy_files(self) -> None:
        super().copy_files()
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
        for html_file in glob.glob(os.path.join(self.src_path, "*.html")):
            found = re.match(pattern, html_file)
            if found is None:
                continue
            student_id, notebook_id = found.group("student_id"), found.group("notebook_id")
            with open(os.path.join(os.path.dirname(html_file), "submission_secret.txt")) as handle:
                secret = handle.read()
            released = os.path.join(
                self.dest_path, f"{notebook_hash(secret=secret, notebook_id=notebook_id)}.html"
            )
            if not os.path.exists(released):
                continue
            os.chmod(released, FEEDBACK_FILE_MODE)
            problem = grant(released, self._submitter(student_id, html_file), "r")
            if problem:
                os.chmod(released, 0o644)
                self.log.warning("Feedback %s stays readable by its hashed name: %s", released, problem)

    def _submitter(self, student_id: str, html_file: str) -> str:
        """The trainee's user id: the owner of their submission in ``inbound/`` (the same
        timestamp as the feedback), else the account named ``student_id``."""
        with open(os.path.join(os.path.dirname(html_file), "timestamp.txt")) as handle:
            prefix = f"{student_id}+{self.coursedir.assignment_id}+{handle.read().strip()}"
        inbound = os.path.join(self.course_path, "inbound")
        with contextlib.suppress(OSError):
            for entry in os.listdir(inbound):
                if entry == prefix or entry.startswith(prefix + "+"):
                    return str(os.stat(os.path.join(inbound, entry)).st_uid)
        try:
            return str(pwd.getpwnam(student_id).pw_uid)
        except KeyError:
            return student_id


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, without the submissions whose folder belongs to someone other
    than the trainee its name claims (a forged submission is logged and left in inbound/)."""

    def _forged(self, record: dict) -> bool:
        path = os.path.join(self.inbound_path, record["filename"])
        try:
            owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
        except (KeyError, OSError):
            return False  # a uid without a name (a container): nothing to compare with
        return owner != record["username"]

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        # Newest genuine submission first, so a forged later one never wins.
        ordered = super()._sort_by_timestamp(records)
        return [r for r in ordered if not self._forged(r)] + [r for r in ordered if self._forged(r)]

    def copy_files(self) -> None:
        for record in self.src_records:
            if self._forged(record):
                self.log.error(
                    "Not collected: %s names %s but belongs to another account (forged?)",
                    record["filename"],
                    record["username"],
                )
        self.src_records = [r for r in self.src_records if not self._forged(r)]
        super().copy_files()
