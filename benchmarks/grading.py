"""Grading speed: the parallel pipeline against plain sequential nbgrader, same cohort.

    python benchmarks/grading.py [--trainees 30] [--workers N] [--rounds 1]

Makes two identical course copies with the same synthetic cohort (module 01), then
times, on one, ``course.instructor.grading.grade`` (autograde, feedback and CSV export, in
parallel) and, on the other, the same work done with plain sequential nbgrader
commands (``nbgrader autograde``, ``nbgrader generate_feedback``, ``nbgrader export``).
Prints both wall times, their ratio (target: at least 1.7 on 2 cores) and whether the
two gradebooks hold identical grades, and the share of the pipeline's time spent on
the trusted check (target: at most a fifth). Asserts nothing. Other work on the machine
slows the runs unevenly: ``--rounds 2`` alternates the two ways and keeps the best
time of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from course.instructor import authoring, demo, grading

ASSIGNMENT = "01_leader_not_manager"
TARGET_RATIO = 1.7
TRUSTED_SHARE = 0.2  # the trusted check may cost at most a fifth of the grading time


def trusted_share(summary: grading.Summary, workers: int) -> tuple[float, float]:
    """(share, seconds) of the pipeline's wall time spent on the trusted check: the judge's
    plan (once, before the workers start) and, spread over the workers, each submission's
    sending of its answers and its judging."""
    seconds = summary.plan_seconds + summary.judge_seconds / max(1, min(workers, len(summary.graded) or 1))
    return seconds / max(summary.seconds, 1e-9), seconds


def cohort_courses(scratch: Path, trainees: int, seed: int) -> tuple[Path, Path]:
    """Two copies of the course, released, with the same synthetic submissions."""
    first = authoring.release_into_copy(authoring.course_root(), scratch / "pipeline")
    demo.make_cohort(first, trainees, seed)
    second = scratch / "sequential"
    second.mkdir()
    for name in ("nbgrader_config.py", "gradebook.db"):
        shutil.copy2(first / name, second / name)
    for folder in ("solutions", "assignments", "submitted"):
        shutil.copytree(first / folder, second / folder)
    return first, second


def timed(step: str, run) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    # Other work on the machine slows the parallel run most: show the load it ran under.
    print(f"  {step}: {elapsed:.1f} s (load average after: {os.getloadavg()[0]:.1f})", flush=True)
    return elapsed


def sequential(root: Path) -> dict[str, float]:
    def command(*args: str):
        def run() -> None:
            done = authoring.nbgrader(root, *args, timeout=3600)
            if done.returncode != 0:
                raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}{done.stderr}")

        return run

    return {
        "autograde": timed("nbgrader autograde", command("autograde", ASSIGNMENT, "--force")),
        "feedback": timed("nbgrader generate_feedback", command("generate_feedback", ASSIGNMENT, "--force")),
        "export": timed("nbgrader export", command("export", "--to", str(root / "grades.csv"))),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--rounds", type=int, default=1, help="time each way this many times, alternating; keep the best"
    )
    args = parser.parse_args(argv)
    workers = args.workers or grading.default_workers()
    print(f"{args.trainees} trainees, module 01, {os.cpu_count()} cores, {workers} workers", flush=True)
    plain_times: list[float] = []
    alone_times: list[float] = []
    fast_times: list[float] = []
    trusted: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="sales-course-bench-") as scratch:
        pipeline_root, sequential_root = cohort_courses(Path(scratch), args.trainees, args.seed)
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}. Sequential nbgrader:", flush=True)
            steps = sequential(sequential_root)
            plain_times.append(sum(steps.values()))
            alone_times.append(steps["autograde"])
            print(f"Round {round_number}. Pipeline (sales-course grade):", flush=True)
            summary = None

            def run_pipeline() -> None:
                nonlocal summary
                summary = grading.grade(pipeline_root, workers=workers, force=True, progress=None)

            fast_times.append(timed("grade", run_pipeline))
            print(summary)
            trusted.append(trusted_share(summary, workers))
        same = grading.gradebook_grades(grading.db_url(pipeline_root)) == grading.gradebook_grades(
            grading.db_url(sequential_root)
        )
    plain, alone, fast = min(plain_times), min(alone_times), min(fast_times)
    best = " (best of each)" if args.rounds > 1 else ""
    print()
    print(f"sequential nbgrader (autograde + feedback + export): {plain:6.1f} s{best}")
    print(f"sequential nbgrader autograde alone:                  {alone:6.1f} s{best}")
    print(f"pipeline (autograde + feedback + export):            {fast:6.1f} s{best}")
    print(
        f"speed-up: {plain / fast:.2f}x (target {TARGET_RATIO}x); "
        f"against nbgrader autograde alone: {alone / fast:.2f}x"
    )
    print(f"grades identical: {'yes' if same else 'NO'}")
    share, seconds = min(trusted)
    print(
        f"trusted check (answers sent by each kernel + the judge, + the judge's plan): {seconds:.1f} s of the "
        f"pipeline's wall time, {share:.0%} (target at most {TRUSTED_SHARE:.0%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
