"""The progress of a grading run: what is done, and an honest estimate of what is left.

Two things made the old estimate wrong (issue #28: "about 5497 s left" after 32 silent
seconds for a run that took 11 minutes). It said nothing until the first submission was
done, and it divided the time since the start by the submissions done, as if one worker
graded them one after another, with the start-up (the judge's plan, the workers' first
kernels) counted as grading time.

:class:`Estimate` is the arithmetic, pure and testable with made-up timings:

- Before anything is done it guesses from a prior: seconds of one worker per submission
  (:data:`PRIOR_SECONDS`, or what the last run on this course measured) times the
  submissions, shared among the workers, plus the start-up.
- Once submissions are done, the workers' throughput is ``workers / mean seconds per
  submission`` (every worker is busy while work is left), checked against the rate the
  results actually arrive at once enough have come (the main process merges results one
  at a time and can be the bottleneck). What is left is then the submissions left at that
  rate, counted from the latest result.

:class:`Progress` prints it: a first line at once, one line per submission, and, while
nothing finishes, a line every :data:`QUIET_SECONDS` so the instructor never waits in
silence.
"""

from __future__ import annotations

import json
import os
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from course.instructor.grading.results import Outcome

# One worker's seconds for one submission when nothing was measured yet: a kernel's start,
# the notebook, the judge and the feedback of module 01 to 07, with 3 workers sharing
# 2 cores (measured: 1.4 s of wall time per submission, so about 4.2 s of a worker's time).
PRIOR_SECONDS = 4.2
# Seconds before the first submission can finish: the judge's plan and the workers' start.
STARTUP_SECONDS = 6.0
# The gradebook sync of one module before the run (nbgrader's generate_assignment; about a
# second on an idle machine): the first estimate comes before it (s28, #28 item 4).
SYNC_SECONDS = 1.0
# While nothing finishes, a line at least this often (and never later than 10 s after the start).
QUIET_SECONDS = 8.0
# Where the last run's measured seconds per submission are kept, inside the course's state folder.
SPEED_FILE = "grading-speed.json"


class Estimate:
    """Seconds left in a grading run of ``total`` submissions on ``workers`` workers.

    Times are seconds on one monotonic clock (``time.perf_counter`` in use, anything in tests).
    """

    def __init__(
        self,
        total: int,
        workers: int,
        *,
        started: float,
        prior_seconds: float = PRIOR_SECONDS,
        startup_seconds: float = STARTUP_SECONDS,
    ) -> None:
        self.total, self.workers = total, max(1, workers)
        self.started = started
        self.prior_seconds, self.startup_seconds = prior_seconds, startup_seconds
        self.finished_at: list[float] = []  # when each submission's result arrived
        self.worker_seconds: list[float] = []  # how long a worker spent on it
        # The same for each worker's first submission, which holds the worker's own start: the
        # mean leaves these out once any other is done (measured, s28: with them in, the estimate
        # after a tenth of a 10x7 cohort was 74% too long).
        self.first_seconds: list[float] = []

    @property
    def done(self) -> int:
        return len(self.finished_at)

    def finished(self, at: float, seconds: float, *, first: bool = False) -> None:
        """One submission done at time ``at``, after ``seconds`` of a worker's time (``first``:
        the worker's first, its own start included)."""
        self.finished_at.append(at)
        (self.first_seconds if first else self.worker_seconds).append(max(0.0, seconds))

    def per_submission(self) -> float:
        """Mean seconds of one worker per submission once it runs: measured (a worker's first
        only while nothing else is), else the prior."""
        measured = self.worker_seconds or self.first_seconds
        if not measured:
            return self.prior_seconds
        return sum(measured) / len(measured)

    def rate(self) -> float:
        """Submissions finished per second while every worker is busy."""
        busy = min(self.workers, max(1, self.total))
        rate = busy / max(self.per_submission(), 1e-6)
        # The results' own pace, once a few rounds of workers have reported: slower when
        # the main process (merging into the gradebook) or the machine holds them back.
        if self.done >= 2 * self.workers + 1:
            span = self.finished_at[-1] - self.finished_at[0]
            if span > 0:
                rate = min(rate, (self.done - 1) / span)
        return rate

    def left(self, now: float) -> float:
        """Seconds until the last submission is done, from ``now``."""
        remaining = self.total - self.done
        if remaining <= 0:
            return 0.0
        mean = self.per_submission()
        if not self.done:
            # Nothing finished yet: the start-up, then every submission shared among the workers,
            # less the time already spent (the first ones are under way).
            lanes = min(self.workers, remaining)
            guess = self.startup_seconds + mean * self._rounds(remaining, lanes)
            return max(guess - (now - self.started), mean / 2)
        # Results arrive one every 1/rate seconds: the last of them that long after the
        # latest, counted from when the latest came.
        rate = self.rate()
        return max(remaining / rate - (now - self.finished_at[-1]), 0.5 / rate)

    @staticmethod
    def _rounds(remaining: int, lanes: int) -> float:
        """Submissions per worker, the last worker's share counted whole (no worker splits one)."""
        return -(-remaining // lanes)


def last_speed(state_folder: Path | None) -> float | None:
    """Seconds of a worker per submission the last run on this course measured, if any."""
    if state_folder is None:
        return None
    try:
        seconds = float(json.loads((state_folder / SPEED_FILE).read_text(encoding="utf-8"))["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return seconds if 0 < seconds < 3600 else None


def save_speed(state_folder: Path | None, estimate: Estimate) -> None:
    """Keep this run's measured seconds per submission, the next run's first guess."""
    if state_folder is None or estimate.done < 3:
        return
    try:
        state_folder.mkdir(parents=True, exist_ok=True)
        (state_folder / SPEED_FILE).write_text(
            json.dumps({"seconds": round(estimate.per_submission(), 3), "workers": estimate.workers}),
            encoding="utf-8",
        )
    except OSError:
        pass  # only a better first guess is lost


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


# Bars whose quiet-time thread may be printing. The grading pool forks its workers while that
# thread runs: a fork in the middle of a print would leave the child's copy of the stream's
# lock taken, so a fork waits for any print to finish (each bar's lock held across it).
_LIVE: weakref.WeakSet[Progress] = weakref.WeakSet()


def _before_fork() -> None:
    for bar in list(_LIVE):
        bar._lock.acquire()


def _after_fork() -> None:
    for bar in list(_LIVE):
        bar._lock.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


class Progress:
    """A text progress bar on a stream (one line per submission when it is not a terminal).

    Args:
        total: submissions to grade.
        stream: where the lines go (None: silence, and no thread).
        workers: worker processes grading in parallel.
        state_folder: the course's state folder, for the last run's speed (the first guess).
        startup_seconds: seconds before the first submission can finish (the gradebook sync,
            the judge's plan, the workers' start).
        clock: the clock (tests give their own).
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None,
        *,
        workers: int = 1,
        state_folder: Path | None = None,
        startup_seconds: float = STARTUP_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.total, self.failed = total, 0
        self.stream = stream
        self.clock = clock
        self.state_folder = state_folder
        prior = last_speed(state_folder)
        self.estimate = Estimate(
            total,
            workers,
            started=clock(),
            prior_seconds=prior or PRIOR_SECONDS,
            startup_seconds=startup_seconds,
        )
        self.guess_from = "the last run on this course" if prior else "a typical run"
        self.live = bool(stream) and stream.isatty()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last_line = self.estimate.started
        self._ticker: threading.Thread | None = None
        if stream and total:
            self._print(
                f"Grading {total} submission{'s' if total != 1 else ''} with {self.estimate.workers} "
                f"worker{'s' if self.estimate.workers != 1 else ''}: about "
                f"{_duration(self.estimate.left(self.estimate.started))} (a first guess, from "
                f"{self.guess_from})",
                final=True,
            )
            self._ticker = threading.Thread(target=self._tick, name="grading-progress", daemon=True)
            _LIVE.add(self)
            self._ticker.start()

    @property
    def done(self) -> int:
        return self.estimate.done

    def found(self, total: int, workers: int) -> None:
        """How many of the submissions counted at the start are to be graded, on how many workers
        (known after the gradebook sync: the others are up to date); said in a line if fewer."""
        with self._lock:
            before, self.total = self.total, total
            self.estimate.total, self.estimate.workers = total, max(1, workers)
            if not self.stream or total == before:
                return
            if total == 0:
                self._print(f"All {before} submissions are up to date: nothing to grade.", final=True)
            else:
                self._print(
                    f"{before - total} of them up to date: grading {total} with {self.estimate.workers} "
                    f"worker{'s' if self.estimate.workers != 1 else ''}, about "
                    f"{_duration(self.estimate.left(self.clock()))} left",
                    final=True,
                )
        if total == 0:
            self.close()

    def step(self, outcome: Outcome) -> None:
        """One submission done (its outcome says how long its worker took)."""
        with self._lock:
            self.estimate.finished(self.clock(), outcome.seconds, first=outcome.first)
            self.failed += not outcome.ok
            if not self.stream:
                return
            mark = "✓" if outcome.ok else "✗"
            self._print(self._line(f"{mark} {outcome.assignment}/{outcome.student}"))
            if self.done >= self.total:
                self.close()

    def close(self) -> None:
        """Stop the quiet-time lines and keep the measured speed for the next run's first guess."""
        if self._stop.is_set():
            return
        self._stop.set()
        _LIVE.discard(self)
        save_speed(self.state_folder, self.estimate)

    def _line(self, what: str) -> str:
        width = 24
        filled = round(width * self.done / max(self.total, 1))
        now = self.clock()
        elapsed = now - self.estimate.started
        left = self.estimate.left(now)
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {what} · "
            f"{_duration(elapsed)}, about {_duration(left)} left"
        )

    def _print(self, line: str, final: bool = False) -> None:
        self._last_line = self.clock()
        if self.live and not final:
            end = "\n" if self.done >= self.total else ""
            print(f"\r{line}\033[K", end=end, file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)

    def _tick(self) -> None:
        """While nothing finishes: a line every QUIET_SECONDS (every second on a terminal)."""
        every = 1.0 if self.live else QUIET_SECONDS
        while not self._stop.wait(every):
            with self._lock:
                if self._stop.is_set() or self.done >= self.total:
                    return
                if self.clock() - self._last_line >= every - 0.05:
                    self._print(self._line("grading…"))
