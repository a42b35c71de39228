"""Module 01 speed and memory: prints numbers and ratios to targets, asserts nothing.

    python benchmarks/module01.py

1. Whole notebook: kernel start plus every cell of the instructor notebook, in a fresh
   kernel (target: under 10 s on a 2-core machine).
2. Slider change: the median time from a slider's new value to a new plot and summary,
   i.e. a model run plus the redraw (target: under 100 ms). A policy slider runs the model
   once; an assumption slider (the hidden cost) runs it twice, because the dashed baseline
   keeps the trainee's assumptions and is run again with them.
3. Kernel memory: the kernel's resident memory after all cells ran (target: under 200 MB).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "solutions" / "01_leader_not_manager" / "leader_not_manager.ipynb"
TARGET_NOTEBOOK_S, TARGET_SLIDER_MS, TARGET_MEMORY_MB = 10.0, 100.0, 200.0


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def whole_notebook() -> tuple[float, float]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        memory = resident_mb(client.km.provisioner.process.pid)
    return elapsed, memory


def slider_changes(moves: int = 40, name: str = "reviews_per_month", cold: bool = False) -> list[float]:
    from course.scenarios import control
    from course.trainee.widgets import explore

    explorer = explore(control)
    slider = explorer.sliders[name]
    values = [slider.min + (slider.max - slider.min) * k / 8 for k in range(9)]
    times = []
    for move in range(moves):
        value = values[move % 9] if slider.value != values[move % 9] else values[(move + 4) % 9]
        value = round(value / slider.step) * slider.step
        if cold:
            explorer._baselines.clear()  # the worst case: the baseline is not cached yet
        start = time.perf_counter()
        slider.value = value  # runs the model and redraws, as a trainee's move does
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    elapsed, memory = whole_notebook()
    times = slider_changes()
    median = statistics.median(times)
    assumption = statistics.median(slider_changes(name="hidden_cost", cold=True))
    print(f"module 01, {NOTEBOOK.relative_to(ROOT)}")
    print(
        f"whole notebook in a fresh kernel: {elapsed:6.2f} s   target {TARGET_NOTEBOOK_S:g} s   ratio {elapsed / TARGET_NOTEBOOK_S:.2f}"
    )
    print(
        f"slider change (model + redraw):   {median:6.1f} ms  target {TARGET_SLIDER_MS:g} ms  ratio {median / TARGET_SLIDER_MS:.2f}"
        f"   (p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms over {len(times)} moves)"
    )
    print(
        f"assumption slider (two runs):     {assumption:6.1f} ms  target {TARGET_SLIDER_MS:g} ms  ratio {assumption / TARGET_SLIDER_MS:.2f}"
    )
    print(
        f"kernel memory after all cells:    {memory:6.1f} MB  target {TARGET_MEMORY_MB:g} MB  ratio {memory / TARGET_MEMORY_MB:.2f}"
    )


if __name__ == "__main__":
    main()
