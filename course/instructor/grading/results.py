"""What grading gives: one submission's outcome, and the run's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# What a submission's result can be: every autograded point, some, none, a score that
# needs an instructor's look first, or no grade at all (with the reason).
STATUSES = ("graded", "partial", "zero", "flagged", "error")
# A notebook larger than this is not read (nbgrader would hold it all in memory, twice).


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
    judge_seconds: float = 0.0  # the trusted check: answers sent by the kernel, and the judge
    # The worker's first submission: its time holds the worker's own start (the judge's imports,
    # nbgrader's first load, a kernel started cold), so the estimate leaves it out of the mean.
    first: bool = False
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
    judge_seconds: float = 0.0  # summed over submissions (workers run in parallel)
    worker_seconds: float = 0.0
    plan_seconds: float = 0.0  # the judge's dry run of each instructor notebook, once a run
    sandboxes: str = ""  # the folder of this run's kernel workspaces (removed at the end)
    isolation: str = ""  # how kernels were isolated: see course.instructor.sandbox.isolation

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
        if self.isolation == "none":
            lines.append(
                "  Note: nothing isolated the trainee kernels (no bubblewrap or user namespaces here): "
                "they ran as this user, with limits only, because you said the work is trusted."
            )
        if self.csv:
            lines.append(f"Grades: {self.csv}")
        return "\n".join(lines)


def short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
