"""The progress bar of a grading run."""

from __future__ import annotations

import time
from typing import TextIO

from course.instructor.grading.results import Outcome


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
