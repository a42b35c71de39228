"""Where a submission's seconds go: one grading worker, timed phase by phase.

    python benchmarks/grading.py --profile [--trainees 4] [--modules 01_leader_not_manager]

Runs what ``sales-course grade`` runs for each submission (``worker.start_worker`` once,
``worker.grade_in_worker`` per submission, then ``gradebook.merge`` in the main process),
in one worker process so phases do not overlap, and times each phase by wrapping the
functions and methods it calls, from outside: nothing in course/ changes. The phases:

- worker start: the worker's scratch course, its sandbox slot, the judge's start;
- copy and checks: the submission copied in, its notebooks read, the answer cells scanned;
- nbgrader sanitize: ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
  CheckCellMetadata (before the kernel);
- kernel start / kernel stop: the sandboxed kernel launched and ready; shut down (killed);
- next kernel's start: the next submission's (warm) kernel launched while this notebook runs
  (its boot overlaps the cells; what the worker waits for is the launch alone);
- cells: the notebook's cells run in the kernel (trainee code and the visible checks);
- answers' trip: the answers sent from the kernel as plain data (``sandbox.SENDING_SECONDS``);
- nbgrader after the run: the autograde steps after Execute (LimitOutput, SaveAutoGrades, ...);
- nbgrader other: what is left of ``autograde`` (its database, files, notebook writing);
- judge's verdict: the trusted judge's reply on the sent answers (inside autograde);
- judge: ``record_judgement`` (the judge's scores written into the gradebook);
- feedback: ``generate_feedback`` (a second nbconvert pass over the autograded notebook);
- read grades, clean up: the grades read back; the sandbox emptied;
- gradebook merge: the result merged into the course's gradebook (main process).

The numbers are for one worker alone; in a run, workers share the cores, so each phase
stretches by about workers / cores. Timers that would need code inside worker.py (none
today) are listed in docs/GRADING_SPEED.md for whoever changes it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from course.instructor import grading

PHASES = [
    "worker start",
    "copy and checks",
    "nbgrader sanitize",
    "kernel start",
    "next kernel's start",
    "cells",
    "answers' trip",
    "judge's verdict",
    "kernel stop",
    "nbgrader after the run",
    "nbgrader other",
    "judge",
    "feedback",
    "read grades",
    "clean up",
    "gradebook merge",
]


class Timers:
    """Seconds summed per phase, from wrappers put around functions and methods."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, owner: Any, name: str, phase: str) -> None:
        original = inspect.getattr_static(owner, name)
        function = original.__func__ if isinstance(original, (classmethod, staticmethod)) else original
        seconds = self.seconds
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await function(*args, **kwargs)
                finally:
                    seconds[phase] += time.perf_counter() - started

        else:

            @functools.wraps(function)
            def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    seconds[phase] += time.perf_counter() - started

        if isinstance(original, classmethod):
            timed = classmethod(timed)
        elif isinstance(original, staticmethod):
            timed = staticmethod(timed)
        setattr(owner, name, timed)


def _install(timers: Timers) -> None:
    """Wrap what a worker calls, in this (worker) process only."""
    from nbclient import NotebookClient
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde

    from course.instructor import sandbox
    from course.instructor.grading import worker

    for name in (
        "copy_submission",
        "check_timestamp",
        "check_notebooks",
        "unknown_cells",
        "edited_locked_cells",
        "missing_cells",
        "tampering_signs",
    ):
        timers.wrap(worker, name, "copy and checks")
    timers.wrap(worker, "record_judgement", "judge")
    from course.instructor.grading.judge import Judge

    timers.wrap(Judge, "judge", "judge's verdict")  # inside autograde: the judge process's reply
    timers.wrap(worker, "read_grades", "read grades")
    timers.wrap(sandbox.Sandbox, "clean_up", "clean up")
    # s28: the warm kernel (course/instructor/sandbox_warm.py), where this version has it.
    with contextlib.suppress(ImportError):
        from course.instructor import sandbox_warm

        timers.wrap(sandbox_warm.Kernels, "start", "kernel start")
        timers.wrap(sandbox_warm.Kernels, "start_next", "next kernel's start")
        timers.wrap(sandbox_warm, "stop_now", "kernel stop")
    timers.wrap(NbGraderAPI, "autograde", "autograde (all)")
    timers.wrap(NbGraderAPI, "generate_feedback", "feedback")
    # nbclient's sync names are run_sync() of the async functions as first defined: wrap both.
    for names, phase in (
        (("start_new_kernel", "async_start_new_kernel"), "kernel start"),
        (("start_new_kernel_client", "async_start_new_kernel_client"), "kernel start"),
        (("execute_cell", "async_execute_cell"), "cells (all)"),
        (("_cleanup_kernel", "_async_cleanup_kernel"), "kernel stop"),
    ):
        for name in names:
            timers.wrap(NotebookClient, name, phase)
    sanitize = Autograde.class_traits()["sanitize_preprocessors"].default()
    after = [
        p for p in Autograde.class_traits()["autograde_preprocessors"].default() if p.__name__ != "Execute"
    ]
    originals = {cls: cls.preprocess for cls in [*sanitize, *after]}  # before any is wrapped
    for cls in originals:
        phase = "nbgrader sanitize" if cls in sanitize else "nbgrader after the run"
        if cls in sanitize and cls in after:
            phase = "nbgrader sanitize and after"
        cls.preprocess = originals[cls]  # each class its own wrapper, none around another's
        timers.wrap(cls, "preprocess", phase)


def profile_in_worker(
    scratch: str, root: str, snapshot: str, sandboxes: str, plans: dict, submissions: list
) -> tuple[dict[str, float], list[tuple[dict[str, float], Any]]]:
    """In a fresh worker process: start the worker, grade each submission, time each phase."""
    from course.instructor import sandbox
    from course.instructor.grading import worker

    timers = Timers()
    _install(timers)
    started = time.perf_counter()
    worker.start_worker(scratch, root, snapshot, sandboxes, plans)
    judge = worker.WORKER.get("judge")
    if judge is not None and hasattr(judge, "wait_ready"):
        judge.wait_ready()
    start = {"worker start": time.perf_counter() - started}
    results = []
    for submission in submissions:
        timers.seconds.clear()
        began = time.perf_counter()
        outcome = worker.grade_in_worker(submission)
        phases = dict(timers.seconds)
        phases["total"] = time.perf_counter() - began
        phases["answers' trip"] = sandbox.SENDING_SECONDS[0]
        results.append((phases, outcome))
    return start, results


def _split(phases: dict[str, float]) -> dict[str, float]:
    """The nested timers made into phases that add up to the submission's total."""
    out = {k: v for k, v in phases.items() if k in PHASES}
    both = phases.get("nbgrader sanitize and after", 0.0)
    out["nbgrader sanitize"] = out.get("nbgrader sanitize", 0.0) + both
    out["cells"] = max(0.0, phases.get("cells (all)", 0.0) - phases.get("answers' trip", 0.0))
    inside = sum(
        out.get(k, 0.0)
        for k in (
            "nbgrader sanitize",
            "kernel start",
            "next kernel's start",
            "cells",
            "answers' trip",
            "judge's verdict",
            "kernel stop",
        )
    ) + phases.get("nbgrader after the run", 0.0)
    out["nbgrader other"] = max(0.0, phases.get("autograde (all)", 0.0) - inside)
    named = sum(v for k, v in out.items() if k != "gradebook merge")
    out["unaccounted"] = max(0.0, phases.get("total", 0.0) - named)
    return out


def profile(root: Path, assignments: list[str] | None, *, show: Callable[[str], None] = print) -> dict:
    """Grade every submission of ``root`` (already holding them) in one worker, phase by phase;
    print the mean per submission and return {phase: mean seconds}."""
    from course.instructor.grading.coursedir import course_directory, kernels_find_this_python
    from course.instructor.grading.gradebook import merge
    from course.instructor.grading.submissions import find_submissions, sync_gradebook
    from course.instructor.grading.trusted import make_plans

    root = root.resolve()
    kernels_find_this_python()
    setup = time.perf_counter()
    submissions = find_submissions(root, assignments)
    names = sorted({s.assignment for s in submissions})
    for name in names:
        sync_gradebook(root, name)
    url = grading.db_url(root)
    source = root / course_directory(root).source_directory
    planned = time.perf_counter()
    plans = make_plans(source, names)
    plan_seconds = time.perf_counter() - planned
    setup_seconds = time.perf_counter() - setup
    scratch = Path(tempfile.mkdtemp(prefix="sales-course-profile-"))
    sandboxes = tempfile.mkdtemp(prefix="sales-course-sandbox-")
    os.chmod(sandboxes, 0o711)
    snapshot = scratch / "gradebook-snapshot.db"
    shutil.copy2(url.removeprefix("sqlite:///"), snapshot)
    rows: list[dict[str, float]] = []
    failed = 0
    try:
        # A worker process as the grading pool makes one (forked, not daemonic).
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            start, results = pool.submit(
                profile_in_worker, str(scratch), str(root), str(snapshot), sandboxes, plans, submissions
            ).result()
        for phases, outcome in results:  # merged as the main process does, from the worker's folders
            split = _split(phases)
            merged = time.perf_counter()
            if outcome.ok:
                merge(root, url, outcome)
            else:
                failed += 1
            split["gradebook merge"] = time.perf_counter() - merged
            split["total"] = phases.get("total", 0.0) + split["gradebook merge"]
            rows.append(split)
    finally:
        from course.instructor.sandbox import kill_leftovers

        kill_leftovers(Path(sandboxes))
        shutil.rmtree(sandboxes, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    count = max(1, len(rows))
    mean = {p: sum(r.get(p, 0.0) for r in rows) / count for p in [*PHASES[1:], "unaccounted", "total"]}
    show(
        f"Profile: {len(rows)} submission(s) of {', '.join(names)}, one worker alone, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        + (f"; {failed} not graded" if failed else "")
    )
    show(
        f"  once a run: gradebook sync and planning {setup_seconds:.2f} s "
        f"(of it the judge's plan {plan_seconds:.2f} s); worker start {start['worker start']:.2f} s"
    )
    show(f"  {'phase (mean per submission)':32} {'seconds':>8} {'share':>6}")
    total = mean["total"] or 1e-9
    for phase in [*PHASES[1:], "unaccounted"]:
        show(f"  {phase:32} {mean[phase]:8.2f} {mean[phase] / total:6.0%}")
    show(f"  {'total':32} {mean['total']:8.2f}")
    return {"worker start": start["worker start"], "setup": setup_seconds, **mean}
