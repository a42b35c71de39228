"""Speed and memory of every module: prints numbers and ratios to targets, asserts nothing.

    python benchmarks/modules.py          # every module in solutions/
    python benchmarks/modules.py 02_trust # one module (or several)

For each module:

1. Whole notebook: kernel start plus every cell of the instructor notebook, in a fresh
   kernel (target: under 10 s on a 2-core machine).
2. Slider change: the median time from a slider's new value to a new plot and summary,
   i.e. a model run plus the redraw (target: under 100 ms). A policy slider (the scenario's
   first lever) runs the model once; an assumption slider (the first control not in
   ``POLICY_LEVERS``) runs it twice, because the dashed baseline keeps the trainee's
   assumptions and is run again with them (measured cold: the explorer's cache of
   baselines is cleared before each move).
3. Kernel memory: the kernel's resident memory after all cells ran (target: under 200 MB).
"""

from __future__ import annotations

import importlib
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET_NOTEBOOK_S, TARGET_SLIDER_MS, TARGET_MEMORY_MB = 10.0, 100.0, 200.0

# Each module's scenario (the model its explorer drives), by assignment folder.
SCENARIOS = {
    "01_leader_not_manager": "course.scenarios.control",
    "02_trust": "course.scenarios.trust",
    "03_coaching": "course.scenarios.coaching",
    "04_start_small": "course.scenarios.start_small",
    "05_pebbles_and_quarters": "course.scenarios.pebbles",
    "06_one_team": "course.scenarios.one_team",
    "07_leap_of_faith": "course.scenarios.leap_of_faith",
}


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def whole_notebook(notebook: Path) -> tuple[float, float]:
    nb = nbformat.read(notebook, as_version=4)
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


def slider_changes(
    scenario_name: str, *, assumption: bool = False, moves: int = 40
) -> tuple[str, list[float]]:
    """Move one slider ``moves`` times: the first policy lever, or the first assumption."""
    from course.trainee.widgets import explore

    scenario = importlib.import_module(scenario_name)
    policy = getattr(scenario, "POLICY_LEVERS", ())
    controls = [c for c in scenario.CONTROLS if (c[0] not in policy) == assumption] or [scenario.CONTROLS[0]]
    name, _label, low, high, step, *_ = controls[0]
    explorer = explore(scenario)
    slider = explorer.sliders[name]
    values = [low + step * k for k in range(int(round((high - low) / step)) + 1)]
    times = []
    for move in range(moves):
        value = values[(move + 1) % len(values)]
        if slider.value == value:
            value = values[move % len(values)]
        if assumption:
            explorer._baselines.clear()  # the worst case: the baseline is not cached yet
        start = time.perf_counter()
        slider.value = value  # runs the model and redraws, as a trainee's move does
        times.append((time.perf_counter() - start) * 1000)
    return name, times


def bench(assignment: str) -> None:
    notebooks = sorted((ROOT / "solutions" / assignment).glob("*.ipynb"))
    if not notebooks:
        raise SystemExit(f"no instructor notebook in solutions/{assignment}")
    print(f"module {assignment}")
    for notebook in notebooks:
        elapsed, memory = whole_notebook(notebook)
        print(f"  {notebook.relative_to(ROOT)}")
        print(
            f"  whole notebook in a fresh kernel: {elapsed:6.2f} s   target {TARGET_NOTEBOOK_S:g} s   "
            f"ratio {elapsed / TARGET_NOTEBOOK_S:.2f}"
        )
        print(
            f"  kernel memory after all cells:    {memory:6.1f} MB  target {TARGET_MEMORY_MB:g} MB  "
            f"ratio {memory / TARGET_MEMORY_MB:.2f}"
        )
    if assignment in SCENARIOS:
        for kind, assumption in (
            ("slider change (model + redraw):", False),
            ("assumption slider (two runs):", True),
        ):
            lever, times = slider_changes(SCENARIOS[assignment], assumption=assumption)
            median = statistics.median(times)
            print(
                f"  {kind:<33} {median:6.1f} ms  target {TARGET_SLIDER_MS:g} ms  "
                f"ratio {median / TARGET_SLIDER_MS:.2f}   ({lever}; p90 "
                f"{statistics.quantiles(times, n=10)[-1]:.1f} ms over {len(times)} moves)"
            )
    else:
        print(f"  slider change: no scenario listed for {assignment} in SCENARIOS")


def main(assignments: list[str] | None = None) -> None:
    chosen = assignments or sorted(
        p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
    )
    for assignment in chosen:
        bench(assignment)


if __name__ == "__main__":
    main(sys.argv[1:])
