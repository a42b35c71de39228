"""The instructor's grading run: every submission autograded, feedback, grades CSV.

``sales-course grade`` calls :func:`grade`. The grading itself is nbgrader's: each
submission goes through ``Autograde`` and ``GenerateFeedback`` (nbgrader's Python API,
the same code as ``nbgrader autograde`` and ``nbgrader generate_feedback``). What this
module adds is speed and safety:

- Submissions are graded in parallel worker processes (one per core, plus one). nbgrader's
  SQLite gradebook takes one writer at a time, so each worker grades in its own
  scratch course (config, source folder and a snapshot of the gradebook taken after
  the assignment was synced). The main process then merges each result into the
  course, one at a time: the autograded and feedback folders, and through
  :class:`nbgrader.api.Gradebook` exactly the fields autograde writes (the
  submission's timestamp, each notebook's late penalty, each grade's ``auto_score``
  and ``needs_manual_grade``, each comment's ``auto_comment``). Manual scores the
  instructor gave in formgrader are never touched.
- A submission whose files did not change since it was graded is skipped, so a
  second run changes nothing and a late submission is graded on its own. Editing
  the assignment's instructor notebooks (new hidden tests, say) grades it all again.
- A submission nbgrader cannot grade (a broken notebook, say) is recorded as failed
  with a reason; the rest of the batch goes on.

Submissions are untrusted code. Each kernel runs in :mod:`course.instructor.sandbox` (its own
unprivileged user id when grading runs as root, its own working folder, OS limits on
memory, processes, CPU and file size, output capped per cell, a wall-clock limit per
submission), and the answer cells are read (never run) for code that could change how
the tests judge them. Every submission ends with one result (see :data:`STATUSES`) and
the reasons an instructor needs, in the summary, ``.sales-course/grading-state.json``
and the debrief report.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

STATE_FOLDER = ".sales-course"
STATE_FILE = "grading-state.json"
REPORTS_FOLDER = "reports"
GRADES_CSV = "grades.csv"

# nbgrader log warnings that an instructor should look at: tampered or missing cells,
# missing notebooks, late work.
FLAG_PATTERNS = (
    re.compile(r"has changed!"),
    re.compile(r"Missing grade cell"),
    re.compile(r"exists multiple times"),
    re.compile(r"does not exist in the database"),
    re.compile(r"No submitted file"),
    re.compile(r"Skipping unknown notebook"),
    re.compile(r"seconds late"),
)


# What a submission's result can be: every autograded point, some, none, a score that
# needs an instructor's look first, or no grade at all (with the reason).
STATUSES = ("graded", "partial", "zero", "flagged", "error")
# A notebook larger than this is not read (nbgrader would hold it all in memory, twice).
MAX_NOTEBOOK_BYTES = 64 * 1024**2


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


@dataclass
class Outcome:
    """What grading one submission gave, as plain data that crosses process boundaries."""

    assignment: str
    student: str
    ok: bool
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    # The gradebook fields nbgrader's autograde writes, read back from the worker's gradebook.
    timestamp: datetime | None = None
    notebooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    autograded: str = ""
    feedback: str = ""
    seconds: float = 0.0
    review: bool = False  # the autograded score needs an instructor's look before it counts
    sandbox: str = ""
    status: str = "error"
    score: float = 0.0
    max_score: float = 0.0

    def settle(self) -> None:
        """The result, from the grades read back (call once ``ok`` is known)."""
        if not self.ok:
            self.status = "error"
            return
        self.score = self.max_score = 0.0
        for saved in self.notebooks.values():
            for auto_score, _needs_manual, max_score in saved["grades"].values():
                if auto_score is not None:
                    self.score += auto_score
                    self.max_score += max_score
        if self.review or self.flags:
            self.status = "flagged"
        elif self.score >= self.max_score:
            self.status = "graded"
        else:
            self.status = "partial" if self.score > 0 else "zero"


@dataclass
class Summary:
    """The end of a grading run, printed for the instructor."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> status, score, reasons
    seconds: float = 0.0
    csv: Path | None = None
    workers: int = 0

    def __str__(self) -> str:
        lines = [
            f"Graded {len(self.graded)}, skipped {len(self.skipped)} unchanged, "
            f"failed {len(self.failed)}, flagged {len(self.flagged)} "
            f"in {self.seconds:.1f} s"
            + (f" ({self.workers} worker{'s' if self.workers != 1 else ''})." if self.workers else ".")
        ]
        for key, reason in sorted(self.failed.items()):
            lines.append(f"  ✗ failed  {key}: {reason}")
        for key, reasons in sorted(self.flagged.items()):
            lines.append(f"  ! flagged {key}: {'; '.join(reasons)}")
        modes = {r.get("sandbox", "") for r in self.results.values()}
        if any(m.startswith("limits only") for m in modes):
            lines.append(
                "  Note: trainee kernels ran as this user, with limits but without a user of their own "
                "(grading is not running as root): run grading as root on the hub to isolate them."
            )
        if self.csv:
            lines.append(f"Grades: {self.csv}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- config


def nbgrader_config(root: Path) -> Any:
    """nbgrader's configuration for the course at ``root``, loaded as the nbgrader
    command loads it (the course's nbgrader_config.py and Jupyter's config folders)."""
    from nbgrader.apps.baseapp import NbGrader

    with working_directory(root):
        app = NbGrader()
        app.load_config_file()
        config = app.config
    config.CourseDirectory.root = str(root)
    return config


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _kernels_find_this_python() -> None:
    """Kernels nbgrader starts must find this interpreter's packages (as authoring.nbgrader does)."""
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = f"{here}{os.pathsep}{os.environ.get('PATH', '')}"


def _api(root: Path, database: Path | None = None, *, sandboxed: bool = False) -> Any:
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    config = nbgrader_config(root)
    if database is not None:
        config.CourseDirectory.db_url = f"sqlite:///{database}"
    if sandboxed:
        from course.instructor.sandbox import SandboxedExecute

        steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
        config.Autograde.autograde_preprocessors = [SandboxedExecute if p is Execute else p for p in steps]
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.INFO)  # capture_log needs the INFO lines to spot warnings
    return api


def _course_directory(root: Path) -> Any:
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=nbgrader_config(root))


def db_url(root: Path) -> str:
    """The course gradebook's database URL, as nbgrader's configuration gives it."""
    return _course_directory(root).db_url


def folder_of(root: Path, kind: str, student: str, assignment: str) -> Path:
    """nbgrader's folder for one submission: ``kind`` is submitted, autograded or feedback."""
    coursedir = _course_directory(root)
    return root / getattr(coursedir, f"{kind}_directory") / student / assignment


# --------------------------------------------------------------------------- finding work


def find_submissions(root: Path, assignments: Iterable[str] | None = None) -> list[Submission]:
    """Every submitted/<student>/<assignment>/ folder, for ``assignments`` (all if None)."""
    wanted = set(assignments) if assignments else None
    coursedir = _course_directory(root)
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


def _in_gradebook(url: str, submission: Submission) -> bool:
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
    return all((autograded / name).exists() for name in notebooks) and _in_gradebook(url, submission)


def sync_gradebook(root: Path, assignment: str) -> None:
    """Put ``assignment`` into the course gradebook as nbgrader generate_assignment does,
    without touching the committed release folder (it goes to a scratch folder).

    Raises:
        RuntimeError: with nbgrader's log if nbgrader refuses (for example, cells were
            added to a notebook that already has submissions).
    """
    from nbgrader.utils import temp_attrs

    api = _api(root)
    with tempfile.TemporaryDirectory(prefix="sales-course-sync-") as scratch:
        with temp_attrs(api.coursedir, release_directory=scratch):
            result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(
            f"nbgrader could not add {assignment} to the gradebook:\n{result.get('log', '')}{result.get('error', '')}"
        )


# --------------------------------------------------------------------------- the workers

_WORKER: dict[str, Any] = {}


def _start_worker(scratch: str, root: str, snapshot: str, sandboxes: str = "") -> None:
    """Make this worker's own scratch course: config, source folder, gradebook snapshot;
    and claim its kernel sandbox (a user id of its own)."""
    from course.instructor import sandbox

    _kernels_find_this_python()
    course = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
    # Kernels inherit this process's stderr: keep their start-up chatter out of the
    # progress bar, in a log that lives as long as the run.
    log = os.open(course / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    source = Path(root) / _course_directory(Path(root)).source_directory
    shutil.copy2(Path(root) / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(source, course / source.name)
    shutil.copy2(snapshot, course / "gradebook.db")
    _WORKER.clear()
    _WORKER.update(course=course, api=None)
    if sandboxes:
        sandbox.CURRENT = sandbox.Sandbox.for_worker(Path(sandboxes), _limits(Path(root)))


def _limits(root: Path) -> Any:
    """The sandbox's limits; the whole-notebook limit follows nbgrader's per-cell timeout."""
    from course.instructor.sandbox import Limits

    timeout = nbgrader_config(root).Execute.get("timeout", 30) or 30
    return Limits(notebook_seconds=max(300, 10 * int(timeout)))


def grade_in_worker(submission: Submission) -> Outcome:
    """Autograde one submission and make its feedback in this worker's scratch course."""
    started = time.perf_counter()
    course: Path = _WORKER["course"]
    if _WORKER["api"] is None:
        # Never the course's own gradebook, even if the config names one.
        _WORKER["api"] = _api(course, database=course / "gradebook.db", sandboxed=True)
    api = _WORKER["api"]
    from course.instructor import sandbox

    box = sandbox.CURRENT
    a, s = submission.assignment, submission.student
    outcome = Outcome(a, s, ok=False, sandbox=box.mode if box else "off")
    watchdog = None
    timed_out: list[bool] = []
    try:
        folders = {kind: folder_of(course, kind, s, a) for kind in ("submitted", "autograded", "feedback")}
        for folder in folders.values():
            _remove_tree(folder)
        outcome.flags = copy_submission(submission.folder, folders["submitted"])
        source = course / _course_directory(course).source_directory / a
        problem = check_notebooks(folders["submitted"], source, outcome.flags)
        if problem:
            outcome.reason = problem
            return outcome
        outcome.flags += unknown_cells(folders["submitted"], source)
        edited = edited_locked_cells(folders["submitted"])
        outcome.flags += missing_cells(folders["submitted"], source)
        tampering = tampering_signs(folders["submitted"], source)
        if box is not None and box.uid is not None:
            watchdog = threading.Timer(
                box.limits.notebook_seconds, lambda: (timed_out.append(True), box.kill_all())
            )
            watchdog.daemon = True
            watchdog.start()
        result = api.autograde(a, s, force=True, create=True)
        log = result.get("log", "")
        outcome.flags += _flags(log)
        if edited:
            outcome.flags.insert(0, f"locked cells edited (nbgrader restored them): {', '.join(edited)}")
        if tampering:
            outcome.review = True
            outcome.flags.insert(
                0,
                "code that could change how the tests judge the answers (score to be reviewed): "
                + "; ".join(tampering),
            )
        if not result["success"]:
            outcome.reason = failure_reason(log, result.get("error", ""))
            if "DeadKernel" in outcome.reason or "Kernel died" in outcome.reason:
                outcome.reason = (
                    "the notebook's kernel died (a crash, os._exit, or a limit on memory, CPU or "
                    f"processes); no grade: {outcome.reason}"
                )
            if timed_out:
                outcome.reason = (
                    f"stopped after {box.limits.notebook_seconds} s for the whole notebook; " + outcome.reason
                )
            return outcome
        feedback = api.generate_feedback(a, s, force=True)
        if not feedback["success"]:
            outcome.reason = "feedback: " + failure_reason(feedback.get("log", ""), feedback.get("error", ""))
            return outcome
        outcome.timestamp, outcome.notebooks = _read_grades(course, a, s)
        outcome.autograded = str(folders["autograded"])
        outcome.feedback = str(folders["feedback"])
        outcome.ok = True
    except Exception as error:  # a broken submission must not stop the batch
        outcome.reason = _short(f"{type(error).__name__}: {error}")
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if box is not None:
            box.clean_up()
        outcome.seconds = time.perf_counter() - started
        outcome.settle()
    return outcome


def copy_submission(folder: Path, target: Path) -> list[str]:
    """Copy a submitted folder without following links; drop links and special files
    (a link could point at /dev/zero, at solutions/ or at another trainee's work)."""
    shutil.copytree(folder, target, symlinks=True)
    dropped = []
    for path in sorted(target.rglob("*"), reverse=True):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            dropped.append(path.relative_to(target).as_posix())
            path.unlink()
    return [f"links or special files left out: {', '.join(sorted(dropped))}"] if dropped else []


def check_notebooks(submitted: Path, source: Path, flags: list[str]) -> str:
    """Make a submitted folder gradable, or say why it is not (the reason, or "").

    Notebooks nbgrader cannot read are named with the reason; a single notebook under
    another name (``leader_not_manager (1).ipynb``) is graded as the one expected.
    """
    import nbformat

    expected = sorted(p.name for p in source.glob("*.ipynb"))
    problems: dict[str, str] = {}
    for path in sorted(submitted.glob("*.ipynb")):
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                raise ValueError(
                    f"{path.stat().st_size / 1024**2:.0f} MB, over the {MAX_NOTEBOOK_BYTES // 1024**2} MB limit"
                )
            if path.stat().st_size == 0:
                raise ValueError("the file is empty")
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
        except Exception as error:
            problems[path.name] = _short(f"{type(error).__name__}: {error}", 160)
    present = sorted(p.name for p in submitted.glob("*.ipynb"))
    for name in expected:
        if name in problems:
            return f"{name} is not a notebook nbgrader can read ({problems[name]})"
    for name, problem in problems.items():
        (submitted / name).unlink()
        flags.append(f"{name} left out: not a readable notebook ({problem})")
    present = [n for n in present if n not in problems]
    missing = [n for n in expected if n not in present]
    unknown = [n for n in present if n not in expected]
    if len(missing) == 1 and len(unknown) == 1:
        (submitted / unknown[0]).rename(submitted / missing[0])
        flags.append(f"{unknown[0]} graded as {missing[0]} (renamed)")
        return ""
    if expected and not set(expected) & set(present):
        found = ", ".join(sorted(p.name for p in submitted.iterdir())) or "nothing"
        return f"no {', '.join(expected)} in the submission (found: {found})"
    return ""


def unknown_cells(submitted: Path, source: Path) -> list[str]:
    """Strip nbgrader's metadata from cells whose grade id the instructor notebook does not
    have (renamed ids, cells pasted from elsewhere): nbgrader refuses such a notebook; without
    the metadata the cell is plain code that earns nothing."""
    import nbformat

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        known = {
            c.metadata.get("nbgrader", {}).get("grade_id")
            for c in nbformat.read(instructor, as_version=4).cells
        }
        nb = nbformat.read(path, as_version=4)
        stripped = []
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if "nbgrader" in cell.metadata and grade_id not in known:
                del cell.metadata["nbgrader"]
                stripped.append(str(grade_id))
        if stripped:
            nbformat.write(nb, path)
            found.append(f"{path.name}: cells with unknown grade ids made plain: {', '.join(stripped)}")
    return found


def missing_cells(submitted: Path, source: Path) -> list[str]:
    """Graded and answer cells of the instructor notebooks that a submission lacks (deleted,
    or their ids edited): nbgrader scores a missing test cell 0."""
    import nbformat

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        ids = lambda nb: {  # noqa: E731
            c.metadata["nbgrader"]["grade_id"]
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") or c.metadata.get("nbgrader", {}).get("solution")
        }
        missing = sorted(
            ids(nbformat.read(instructor, as_version=4)) - ids(nbformat.read(path, as_version=4))
        )
        if missing:
            found.append(f"{path.name}: graded cells missing (scored 0): {', '.join(missing)}")
    return found


def tampering_signs(submitted: Path, source: Path) -> list[str]:
    """Signs, in the cells a submission runs (all but the locked cells nbgrader restores),
    of code that could change how the tests judge the answers."""
    import nbformat

    from course.instructor import sandbox

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        model = nbformat.read(instructor, as_version=4)
        restored = set()
        cells = []
        for cell in model.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code":
                cells.append((cell.source, bool(meta.get("solution"))))
            if meta.get("locked") or (meta.get("grade") and not meta.get("solution")):
                restored.add(meta.get("grade_id"))
        protected = sandbox.protected_names(cells)
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or (meta.get("grade_id") in restored and meta.get("grade_id")):
                continue
            where = meta.get("grade_id") or f"cell {index + 1}"
            found += [f"{where}: {sign}" for sign in sandbox.suspicious_code(cell.source, protected)]
    return found


def _flags(log: str) -> list[str]:
    """nbgrader's warnings worth an instructor's look, one line each.

    A changed *checksum* is left out: nbgrader reports it for every test cell with
    hidden tests (the gradebook holds them, the trainee's copy does not); see
    :func:`edited_locked_cells` for real edits.
    """
    found: list[str] = []
    for line in log.splitlines():
        if not line.startswith("[WARNING]") or "Attribute 'checksum'" in line:
            continue
        if any(p.search(line) for p in FLAG_PATTERNS):
            message = _short(line.removeprefix("[WARNING]").strip(), 160)
            found += [message] if message not in found else []
    return found


def edited_locked_cells(folder: Path) -> list[str]:
    """Locked cells whose content no longer matches the checksum nbgrader gave them at
    release: edited outside JupyterLab (nbgrader restores them when grading)."""
    import nbformat
    from nbgrader import utils

    edited = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue  # nbgrader reports a notebook it cannot read
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("locked") and meta.get("checksum") and "grade_id" in meta:
                with contextlib.suppress(Exception):
                    if utils.compute_checksum(cell) != meta["checksum"]:
                        edited.append(meta["grade_id"])
    return edited


def failure_reason(log: str, error: str = "") -> str:
    """The most telling line of nbgrader's log for a failed submission."""
    exception = re.compile(r"^\s*([A-Za-z_][\w.]*(Error|Exception|Interrupt)):\s*(.*)$")
    lines = (log + "\n" + error).splitlines()
    for line in reversed(lines):
        match = exception.match(line)
        if match and "NbGraderException" not in match.group(1):
            return _short(f"{match.group(1).split('.')[-1]}: {match.group(3)}")
    errors = [line.removeprefix("[ERROR]").strip() for line in lines if line.startswith("[ERROR]")]
    return _short(errors[0] if errors else "nbgrader failed without a message")


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_grades(course: Path, assignment: str, student: str) -> tuple[datetime | None, dict[str, dict]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        notebooks = {
            notebook.name: {
                "late_submission_penalty": notebook.late_submission_penalty,
                "grades": {
                    g.name: (g.auto_score, g.needs_manual_grade, g.max_score) for g in notebook.grades
                },
                "comments": {c.name: c.auto_comment for c in notebook.comments},
            }
            for notebook in submission.notebooks
        }
        return submission.timestamp, notebooks


# --------------------------------------------------------------------------- merging


def merge(root: Path, url: str, outcome: Outcome) -> None:
    """Write one worker's result into the course: folders, then the gradebook fields autograde writes."""
    from nbgrader.api import Gradebook

    a, s = outcome.assignment, outcome.student
    for kind, source in (("autograded", outcome.autograded), ("feedback", outcome.feedback)):
        target = folder_of(root, kind, s, a)
        _remove_tree(target)
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


def _remove_tree(folder: Path) -> None:
    """Remove a folder nbgrader may have made read-only (autograded files are 444)."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def export_csv(root: Path, url: str, destination: Path | None = None) -> Path:
    """Every assignment's grades as nbgrader export writes them (nbgrader's CSV export plugin)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    path = destination or root / REPORTS_FOLDER / GRADES_CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    with Gradebook(url) as gradebook:
        CsvExportPlugin(to=str(path)).export(gradebook)
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


# --------------------------------------------------------------------------- the run


class Progress:
    """A text progress bar on stderr (one line per submission when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream
        self.started = time.perf_counter()
        self.live = bool(stream) and stream.isatty()

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += not outcome.ok
        if not self.stream:
            return
        width = 24
        filled = round(width * self.done / max(self.total, 1))
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.done * (self.total - self.done)
        mark = "✓" if outcome.ok else "✗"
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
            f"{mark} {outcome.assignment}/{outcome.student} · {elapsed:.0f} s, about {left:.0f} s left"
        )
        if self.live:
            end = "\n" if self.done == self.total else ""
            print(f"\r{line}\033[K", end=end, file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)


@contextlib.contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One grading run per course at a time: the gradebook takes one writer."""
    folder = root / STATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "grade.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another grading run is using {root}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def default_workers() -> int:
    """One worker per core, plus one: a worker waits while its kernel starts and between
    cells, and the extra worker keeps every core busy meanwhile (measured: about 15%
    faster than one per core on 2 cores)."""
    return (os.cpu_count() or 1) + 1


def grade(
    root: Path,
    assignments: list[str] | None = None,
    *,
    workers: int | None = None,
    force: bool = False,
    refresh_feedback: bool = False,
    progress: TextIO | None = sys.stderr,
) -> Summary:
    """Autograde every new or changed submission of ``assignments`` (all if None), make
    its feedback, and export the grades CSV.

    Args:
        root: the course folder.
        assignments: assignment names; every assignment with submissions if None.
        workers: parallel worker processes (default: :func:`default_workers`).
        force: grade every submission again, changed or not.
        refresh_feedback: afterwards, remake every feedback file from the course
            gradebook (after hand-grading in formgrader, so feedback shows those scores).
        progress: where the progress bar goes (None for silence).

    Raises:
        ValueError: if an assignment is not in the course's source folder.
    """
    started = time.perf_counter()
    root = root.resolve()
    _kernels_find_this_python()
    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's own SQLAlchemy noise
    source = root / _course_directory(root).source_directory
    known = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    unknown = sorted(set(assignments or []) - set(known))
    if unknown:
        raise ValueError(
            f"No such assignment: {', '.join(unknown)}. Expected one of: {', '.join(known) or '(none)'}."
        )
    summary = Summary()
    with _exclusive(root):
        submissions = find_submissions(root, assignments)
        url = db_url(root)
        for assignment in sorted({s.assignment for s in submissions} | set(assignments or [])):
            sync_gradebook(root, assignment)
        state = load_state(root)
        todo = []
        for submission in submissions:
            if not force and is_up_to_date(root, submission, state, url):
                summary.skipped.append(submission.key)
                seen = state[submission.key]
                if seen.get("result"):
                    summary.results[submission.key] = seen["result"]
                if seen.get("status") == "failed":
                    summary.failed[submission.key] = f"{seen.get('reason', '')} (unchanged since it failed)"
            else:
                todo.append(submission)
        summary.workers = max(1, min(workers or default_workers(), len(todo))) if todo else 0
        if todo:
            _run(root, url, todo, state, summary, progress)
        if refresh_feedback:
            for assignment in sorted({s.assignment for s in submissions}):
                result = _api(root).generate_feedback(assignment, force=True)
                if not result["success"]:
                    raise RuntimeError(f"nbgrader generate_feedback failed:\n{result.get('log', '')}")
        summary.csv = export_csv(root, url)
    summary.seconds = time.perf_counter() - started
    return summary


def _run(
    root: Path, url: str, todo: list[Submission], state: dict, summary: Summary, stream: TextIO | None
) -> None:
    bar = Progress(len(todo), stream)
    fingerprints = {s.key: s.fingerprint() for s in todo}
    methods = multiprocessing.get_all_start_methods()
    # fork: workers start at once with nbgrader already imported (importing it takes ~2.5 s).
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with tempfile.TemporaryDirectory(prefix="sales-course-grade-") as scratch:
        if not url.startswith("sqlite:///"):
            raise RuntimeError(f"parallel grading needs nbgrader's SQLite gradebook; this course uses {url}")
        sandboxes = tempfile.mkdtemp(prefix="sales-course-sandbox-")
        os.chmod(sandboxes, 0o711)  # kernels reach their own folder inside, cannot list it
        snapshot = Path(scratch) / "gradebook-snapshot.db"
        shutil.copy2(url.removeprefix("sqlite:///"), snapshot)
        try:
            pending = list(todo)
            while pending:
                with ProcessPoolExecutor(
                    max_workers=summary.workers,
                    mp_context=context,
                    initializer=_start_worker,
                    initargs=(scratch, str(root), str(snapshot), sandboxes),
                ) as pool:
                    futures: dict[Future[Outcome], Submission] = {
                        pool.submit(grade_in_worker, s): s for s in pending
                    }
                    pending = []
                    for future in as_completed(futures):
                        submission = futures[future]
                        try:
                            outcome = future.result()
                        except BrokenProcessPool:
                            pending.append(submission)  # graded again in a fresh pool
                            continue
                        except Exception as error:
                            outcome = Outcome(submission.assignment, submission.student, ok=False)
                            outcome.reason = f"{type(error).__name__}: {error}"
                        _record(root, url, submission, outcome, fingerprints[submission.key], state, summary)
                        bar.step(outcome)
                if pending and len(pending) == len(futures):
                    for submission in pending:  # the pool broke before anything finished: give up on them
                        outcome = Outcome(submission.assignment, submission.student, ok=False)
                        outcome.reason = "the grading worker process died"
                        _record(root, url, submission, outcome, fingerprints[submission.key], state, summary)
                        bar.step(outcome)
                    pending = []
        finally:
            from course.instructor.sandbox import kill_leftovers

            kill_leftovers(Path(sandboxes))
            shutil.rmtree(sandboxes, ignore_errors=True)


def _record(
    root: Path,
    url: str,
    submission: Submission,
    outcome: Outcome,
    fingerprint: str,
    state: dict,
    summary: Summary,
) -> None:
    if outcome.ok:
        try:
            merge(root, url, outcome)
        except Exception as error:
            outcome.ok, outcome.reason = False, f"merging into the gradebook: {type(error).__name__}: {error}"
            outcome.settle()
    entry: dict[str, Any] = {"fingerprint": fingerprint, "status": "graded" if outcome.ok else "failed"}
    result = {
        "status": outcome.status if outcome.ok else "error",
        "reasons": ([outcome.reason] if not outcome.ok else []) + list(outcome.flags),
        "sandbox": outcome.sandbox,
    }
    if outcome.ok:
        result.update(score=outcome.score, max_score=outcome.max_score)
    entry["result"] = result
    summary.results[submission.key] = result
    if outcome.ok:
        summary.graded.append(submission.key)
        if outcome.flags:
            summary.flagged[submission.key] = outcome.flags
    else:
        entry["reason"] = outcome.reason
        summary.failed[submission.key] = outcome.reason
    state[submission.key] = entry
    save_state(root, state)
