"""Running one submission in a grading worker: its own scratch course and kernel sandbox."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import time
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

from course.instructor.grading import fastpaths, sanitize
from course.instructor.grading.coursedir import (
    course_directory,
    folder_of,
    kernels_find_this_python,
    nbgrader_api,
    nbgrader_config,
)
from course.instructor.grading.gradebook import remove_tree
from course.instructor.grading.judge import Judge
from course.instructor.grading.results import Outcome, short
from course.instructor.grading.submissions import Refused, Submission, copy_submission
from course.instructor.grading.tampering import (
    edited_locked_cells,
    missing_cells,
    nbgrader_flags,
    tampering_signs,
    unknown_cells,
)
from course.instructor.grading.trusted import record_judgement

# A notebook larger than this is not read (nbgrader would hold it all in memory, twice).
MAX_NOTEBOOK_BYTES = 64 * 1024**2
# Each worker's address space: nbgrader, one notebook's capped messages, and the judge's client.
WORKER_MEMORY_BYTES = 4 * 1024**3

WORKER: dict[str, Any] = {}


def start_worker(
    scratch: str, root: str, snapshot: str, sandboxes: str = "", plans: dict[str, Any] | None = None
) -> None:
    """Make this worker's own scratch course: config, source folder, gradebook snapshot;
    claim its kernel sandbox (a user id of its own, as root); bound its memory."""
    import resource

    from course.instructor import sandbox

    with contextlib.suppress(ValueError, OSError):  # a worker holds one notebook's messages at a time
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))

    kernels_find_this_python()
    course = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
    fastpaths.install(course)  # s28: nbgrader's repeated work done once per worker (same results)
    # Kernels inherit this process's stderr: keep their start-up chatter out of the
    # progress bar, in a log that lives as long as the run.
    log = os.open(course / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.dup2(log, 1)  # a kernel's own banner too
    os.close(log)
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    source = Path(root) / course_directory(Path(root)).source_directory
    shutil.copy2(Path(root) / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(source, course / source.name)
    shutil.copy2(snapshot, course / "gradebook.db")
    WORKER.clear()
    WORKER.update(course=course, api=None, plans=plans or {}, judge=Judge())
    if plans:
        WORKER["judge"].start()  # its imports overlap this worker's first kernel
    if sandboxes:
        from multiprocessing.util import Finalize

        from course.instructor import sandbox_warm

        limits = _limits(Path(root))
        # s28 (#28 item 1): two sandboxes (two user ids as root), the next kernel starting in
        # one while a notebook runs in the other; both emptied when the worker ends.
        boxes = [sandbox.Sandbox.for_worker(Path(sandboxes), limits) for _ in range(2)]
        sandbox.CURRENT = boxes[0]
        sandbox_warm.KERNELS = sandbox_warm.Kernels(boxes)
        Finalize(None, sandbox_warm.KERNELS.close, exitpriority=10)


def _limits(root: Path) -> Any:
    """The sandbox's limits; the whole-notebook limit follows nbgrader's per-cell timeout."""
    from course.instructor.sandbox import Limits

    timeout = nbgrader_config(root).Execute.get("timeout", 30) or 30
    return Limits(notebook_seconds=max(30, 6 * int(timeout)))


def grade_in_worker(submission: Submission) -> Outcome:
    """Autograde one submission and make its feedback in this worker's scratch course."""
    started = time.perf_counter()
    course: Path = WORKER["course"]
    if WORKER["api"] is None:
        # Never the course's own gradebook, even if the config names one.
        WORKER["api"] = nbgrader_api(course, database=course / "gradebook.db", sandboxed=True)
    api = WORKER["api"]
    from course.instructor import sandbox, sandbox_warm

    # The sandbox this submission runs in: the one whose kernel started while the last one ran.
    box = sandbox_warm.KERNELS.begin() if sandbox_warm.KERNELS is not None else sandbox.CURRENT
    a, s = submission.assignment, submission.student
    outcome = Outcome(a, s, ok=False, sandbox=box.mode if box else "off")
    outcome.first, WORKER["graded"] = not WORKER.get("graded"), True
    watchdog = None
    timed_out: list[bool] = []
    try:
        folders = {kind: folder_of(course, kind, s, a) for kind in ("submitted", "autograded", "feedback")}
        for folder in folders.values():
            remove_tree(folder)
        try:
            outcome.flags = copy_submission(submission.folder, folders["submitted"])
        except Refused as refused:
            outcome.reason = f"refused: {refused}"
            return outcome
        if submission.strays:
            outcome.flags.append(
                f"left out (not an assignment of this course): {', '.join(submission.strays)}"
            )
        outcome.flags += check_timestamp(folders["submitted"])
        source = course / course_directory(course).source_directory / a
        problem = check_notebooks(folders["submitted"], source, outcome.flags)
        if problem:
            outcome.reason = problem
            return outcome
        outcome.flags += unknown_cells(folders["submitted"], source)
        edited = edited_locked_cells(folders["submitted"])
        outcome.flags += missing_cells(folders["submitted"], source)
        tampering = tampering_signs(folders["submitted"], source)
        plans = WORKER["plans"].get(a, {})
        sandbox.PLANS.clear()
        sandbox.PLANS.update(plans)
        sandbox.SENT.clear()
        sandbox.SENDING_SECONDS[0] = 0.0
        if box is not None:
            box.data_from = source
            watchdog = threading.Timer(
                box.limits.notebook_seconds, lambda: (timed_out.append(True), box.kill_all())
            )
            watchdog.daemon = True
            watchdog.start()
        from course.instructor.grading import judged

        session = judged.Session(WORKER["judge"], source, plans)
        judged.CURRENT[:] = [session]
        try:
            result = api.autograde(a, s, force=True, create=True)
        finally:
            judged.CURRENT.clear()
        if watchdog is not None:
            watchdog.cancel()
        log = result.get("log", "")
        outcome.flags += nbgrader_flags(log)
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
            if "DeadKernel" in outcome.reason or "Kernel died" in outcome.reason or timed_out:
                outcome.reason = (
                    "the notebook's kernel died (a crash, os._exit, or a limit on memory, CPU or "
                    f"processes); no grade: {outcome.reason}"
                )
            if timed_out:
                outcome.reason = (
                    f"stopped after {box.limits.notebook_seconds} s for the whole notebook; " + outcome.reason
                )
            return outcome
        recording = time.perf_counter()
        try:
            outcome.flags += record_judgement(course / "gradebook.db", a, s, session)
        except Exception as error:  # no trusted score: no grade
            outcome.reason = short(f"the trusted judge could not score it: {type(error).__name__}: {error}")
            return outcome
        finally:
            outcome.judge_seconds = (
                time.perf_counter() - recording + sandbox.SENDING_SECONDS[0] + session.judge_seconds
            )
        # x25 hook: nothing the trainee wrote runs in formgrader or feedback
        sanitize.sanitize_folder(folders["autograded"])
        feedback = api.generate_feedback(a, s, force=True)
        if not feedback["success"]:
            outcome.reason = "feedback: " + failure_reason(feedback.get("log", ""), feedback.get("error", ""))
            return outcome
        sanitize.protect_feedback(folders["feedback"])  # x25 hook: a Content-Security-Policy on each page
        outcome.timestamp, outcome.notebooks = read_grades(course, a, s)
        outcome.autograded = str(folders["autograded"])
        outcome.feedback = str(folders["feedback"])
        outcome.ok = True
    except Exception as error:  # a broken submission must not stop the batch
        outcome.reason = short(f"{type(error).__name__}: {error}")
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if box is not None:
            box.clean_up()
        outcome.seconds = time.perf_counter() - started
        outcome.settle()
    return outcome


def check_timestamp(submitted: Path) -> list[str]:
    """A timestamp.txt nbgrader cannot read is left out, with the reason (graded as undated)."""
    from nbgrader.utils import parse_utc

    path = submitted / "timestamp.txt"
    if not path.exists():
        return []
    try:
        if path.stat().st_size > 200:
            raise ValueError("too long")
        parse_utc(path.read_text(encoding="utf-8").strip())
        return []
    except Exception as error:
        text = path.read_bytes()[:40].decode("utf-8", "replace")
        path.unlink()
        return [
            f"timestamp.txt is not a date ({type(error).__name__}: {short(text, 40)!r}): "
            "graded without a submission time, so no late penalty"
        ]


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
            problems[path.name] = short(f"{type(error).__name__}: {error}", 160)
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


def failure_reason(log: str, error: str = "") -> str:
    """The most telling line of nbgrader's log for a failed submission."""
    exception = re.compile(r"^\s*([A-Za-z_][\w.]*(Error|Exception|Interrupt)):\s*(.*)$")
    lines = (log + "\n" + error).splitlines()
    for line in reversed(lines):
        match = exception.match(line)
        if match and "NbGraderException" not in match.group(1):
            return short(f"{match.group(1).split('.')[-1]}: {match.group(3)}")
    errors = [line.removeprefix("[ERROR]").strip() for line in lines if line.startswith("[ERROR]")]
    return short(errors[0] if errors else "nbgrader failed without a message")


def read_grades(course: Path, assignment: str, student: str) -> tuple[datetime | None, dict[str, dict]]:
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
