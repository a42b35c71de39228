"""What the trainee loop costs per cell: prints numbers and ratios to targets, asserts nothing.

    python benchmarks/trainee_loop.py

In a real kernel, the median round trip (execute request to idle) of

1. an answer cell (three assignments) before and after ``checks.setup()``: the loop parses
   each cell to find the names it assigns (target: under 5 ms added per cell);
2. a slip (``q1 = down``) shown as Python's traceback, and as the loop's plain line;
3. a check cell (``checks.answer`` and ``expect_choice``);
4. the loop's own processor time per answer cell, in an in-process IPython shell: the round
   trips above move by several ms with the machine's load, processor time does not.
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


def cpu_ms(shell, code: str, runs: int = 300) -> float:
    """Mean processor time of running ``code`` in ``shell``, in ms."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        shell.run_cell(code, store_history=False)
        times.append((time.process_time() - start) * 1000)
    return statistics.mean(times)


def loop_cpu() -> tuple[float, float]:
    """Processor time per answer cell without and with the loop (an in-process IPython shell)."""
    from IPython.core.interactiveshell import InteractiveShell

    from course.trainee import checks

    shell = InteractiveShell.instance()
    cpu_ms(shell, ANSWER, 50)
    before = cpu_ms(shell, ANSWER)
    checks.setup()
    cpu_ms(shell, ANSWER, 50)
    return before, cpu_ms(shell, ANSWER)


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
    cpu_before, cpu_after = loop_cpu()
    print(
        f"processor time per answer cell: {cpu_before:.3f} ms before set-up, {cpu_after:.3f} ms after "
        f"(the loop's own cost: {cpu_after - cpu_before:.3f} ms; target under {TARGET_ADDED_MS:g} ms)"
    )


if __name__ == "__main__":
    main()
