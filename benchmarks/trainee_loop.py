"""What the trainee loop costs per cell: prints numbers and ratios to targets, asserts nothing.

    python benchmarks/trainee_loop.py

In a real kernel, the median round trip (execute request to idle) of

1. an answer cell (three assignments) before and after ``checks.setup()``: the loop parses
   each cell to find the names it assigns (target: under 5 ms added per cell);
2. a slip (``q1 = down``) shown as Python's traceback, and as the loop's plain line;
3. a check cell (``checks.answer`` and ``expect_choice``).
"""

from __future__ import annotations

import statistics
import time

from jupyter_client.manager import start_new_kernel

ANSWER = 'q1_veteran_revenue = "down"\nq1_veteran_quits = "up"\nq1_new_hire_revenue = "up"'
SLIP = "q1_veteran_revenue = down"
CHECK = (
    "from course.trainee import checks\n"
    'checks.expect_choice(checks.answer("q1_veteran_quits"), ["up", "down"], question="q")'
)
RUNS = 60
TARGET_ADDED_MS = 5.0


def median_ms(client, code: str, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive("from course.trainee import checks", timeout=60)
        median_ms(client, ANSWER, 10)  # warm up
        before = median_ms(client, ANSWER)
        slip_before = median_ms(client, SLIP)
        client.execute_interactive("checks.setup()", timeout=60)
        after = median_ms(client, ANSWER)
        slip_after = median_ms(client, SLIP)
        client.execute_interactive(ANSWER, timeout=60)
        check = median_ms(client, CHECK)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    added = after - before
    print(f"answer cell, median of {RUNS}: {before:.2f} ms before set-up, {after:.2f} ms after")
    print(
        f"  added by the loop: {added:.2f} ms (target under {TARGET_ADDED_MS:g} ms: {added / TARGET_ADDED_MS:.2f}x)"
    )
    print(f"slip cell: {slip_before:.2f} ms with Python's traceback, {slip_after:.2f} ms with the plain line")
    print(f"check cell: {check:.2f} ms")


if __name__ == "__main__":
    main()
