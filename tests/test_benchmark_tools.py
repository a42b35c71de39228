"""The benchmark scripts' own arithmetic (no grading here: the benchmarks time that)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_differing_grades_are_each_named_with_both_sides() -> None:
    bench = _load("grading")
    same = {("01", "ann", "nb", "test_q1"): (1.0, False)}
    assert bench.differences(same, dict(same)) == []
    pipeline = {**same, ("01", "bo", "nb", "test_q1"): (2.0, False)}
    plain = {**same, ("01", "bo", "nb", "test_q1"): (0.0, False), ("01", "cy", "nb", "test_q1"): (1.0, False)}
    lines = bench.differences(pipeline, plain)
    assert lines == [
        "  01 / bo / nb / test_q1: pipeline (2.0, False), nbgrader (0.0, False)",
        "  01 / cy / nb / test_q1: pipeline missing, nbgrader (1.0, False)",
    ]
    many = {("01", f"t{i:03d}", "nb", "q"): (1.0,) for i in range(50)}
    cut = bench.differences(many, {}, limit=5)
    assert len(cut) == 6 and cut[-1] == "  … and 45 more"


def test_the_graded_modules_leave_out_the_practice_module(course_root: Path) -> None:
    bench = _load("grading")
    modules = bench.graded_modules(course_root)
    assert modules and "01_leader_not_manager" in modules
    assert not any(m.startswith("00_") for m in modules)


def test_suite_durations_add_up_per_file(tmp_path: Path) -> None:
    tool = _load("suite_durations")
    output = tmp_path / "run.txt"
    output.write_text(
        "============ slowest durations ============\n"
        "445.11s setup    tests/test_module_demos.py::test_grades[02_trust]@demo-class\n"
        "0.28s call     tests/test_module_demos.py::test_grades[02_trust]@demo-class\n"
        "12.00s call     tests/e2e/test_trainee_browser.py::test_start_page\n"
        "1.50s teardown tests/e2e/test_trainee_browser.py::test_start_page\n",
        encoding="utf-8",
    )
    found = tool.durations(output.read_text(encoding="utf-8"))
    assert found["tests/test_module_demos.py"]["setup"] == 445.11
    assert round(sum(found["tests/test_module_demos.py"].values()), 2) == 445.39
    assert sum(found["tests/e2e/test_trainee_browser.py"].values()) == 13.5
