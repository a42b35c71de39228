"""Shared fixtures, the rule for suites whose prerequisites are missing, and how the suite
runs in parallel.

Fixtures to reuse (each is made at most once per test session, so once per xdist worker):

``course_root``
    The checkout (read only).
``released_course``
    A copy of the course with every assignment released by nbgrader (``solutions/``,
    ``assignments/``, ``nbgrader_config.py``, ``gradebook.db``), made once. Releasing
    runs ``nbgrader generate_assignment`` for every module: about 25 s of CPU. Never
    change it; take a copy.
``course_copy``
    ``course_copy(folder) -> folder``: a private copy of ``released_course`` at ``folder``,
    in milliseconds, the same as ``authoring.release_into_copy(course_root, folder)``.
    Use it wherever a test needs a released course of its own to change or grade.
``demo_class``
    The demo class, ``sales-course demo`` (``demo.run_demo``) with 6 synthetic trainees a
    module (seed 7), graded by the real pipeline once per session: its folder, cohort,
    grading summary and debrief report. Read it, never change it (copy what you need).
``graded_demo``
    ``graded_demo(trainees=..., seed=...) -> demo.Demo``: another class, made once per
    session for each (trainees, seed), for tests that need a class of another size.
``skip_or_fail``
    Skip a suite whose prerequisite is missing, or fail it under ``make test``.

Parallel runs (``make test``: pytest-xdist, ``-n auto --dist loadfile``). Each test file
runs whole on one worker, so a module-scoped fixture is made once, and each worker is a
test session of its own, so a session fixture is made once per worker that uses it: the
demo class is read only by tests/test_grading.py, so it is graded once. A new file that
asks for ``demo_class`` may land on the other worker and grade it a second time; put
tests of the demo class in test_grading.py, or use ``course_copy`` and a class of your own.
(``--dist loadgroup`` would let files share a worker by mark, but pytest-xdist 3.8 cannot
mark tests under pytest 9.2: it writes the group into ``item._nodeid``, which pytest 9.2 no
longer reads.) Ports are always free ones (port 0), and OS accounts and sandbox uids carry
a random or per-process tag, so suites in two workers never collide. ``--durations=20``
lists the slowest tests at the end of every run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("SALES_COURSE_REQUIRE_ALL") == "1":
        pytest.fail(f"prerequisite missing under make test: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def skip_or_fail() -> Callable[[str], None]:
    """Skip a suite whose prerequisite is missing, or fail it under ``make test``.

    ``make test`` installs every prerequisite and sets SALES_COURSE_REQUIRE_ALL=1, so
    there a missing browser or proxy is a broken set-up, never a silent skip.
    """
    return _skip_or_fail


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> Path:
    """The course with every assignment released, once per session: copy it, never change it."""
    from course.instructor import authoring

    return authoring.release_into_copy(course_root, tmp_path_factory.mktemp("released") / "course")


@pytest.fixture(scope="session")
def course_copy(released_course: Path) -> Callable[[Path], Path]:
    """``course_copy(folder)``: a released course of the test's own at ``folder``."""

    def copy(folder: Path) -> Path:
        shutil.copytree(released_course, folder, symlinks=True, dirs_exist_ok=True)
        return folder

    return copy


@pytest.fixture(scope="session")
def graded_demo(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., object]:
    """``graded_demo(trainees=6, seed=7)``: ``sales-course demo``'s class, graded once per key."""
    from course.instructor import demo

    made: dict[tuple[int, int], demo.Demo] = {}

    def get(trainees: int = 6, seed: int = 7) -> demo.Demo:
        key = (trainees, seed)
        if key not in made:
            folder = tmp_path_factory.mktemp(f"demo-{trainees}x{seed}") / "course"
            made[key] = demo.run_demo(folder, trainees=trainees, seed=seed, progress=None)
        return made[key]

    return get


@pytest.fixture(scope="session")
def demo_class(graded_demo: Callable[..., object]) -> object:
    """The demo class (6 trainees a module, seed 7), graded once per session: read only."""
    return graded_demo(trainees=6, seed=7)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the main process empties the browser suite's screenshots once
    (each worker's own session must not delete another's)."""
    if config.pluginmanager.hasplugin("xdist") and getattr(config.option, "numprocesses", None):
        if not hasattr(config, "workerinput"):
            for old in (ROOT / "test-artifacts" / "screenshots").glob("*.png"):
                old.unlink()


# The files that take longest, longest first (from `--durations=0` runs on 2 cores; see
# benchmarks/suite_durations.py). `make test` passes `--no-loadscope-reorder`, so pytest-xdist
# hands out files in this order: the long ones start at once on both workers and the many short
# files fill in at the end, and the two workers finish together. (xdist's own order, files with
# the most tests first, left the longest files for last on one worker: a minute of idle core.)
LONGEST_FIRST = (
    "test_grading.py",  # 188 s of work in the fresh-clone run of 2026-12-06, 20:17
    "test_hostile.py",  # 169 s
    "hub/test_hostile_trainees.py",  # 98 s
    "hub/test_workshop_hub.py",  # 93 s
    "test_kernel_limits.py",  # 79 s
    "test_nbgrader_roundtrip.py",  # 74 s
    "test_hostile_judge.py",  # 68 s
    "test_regrading.py",  # 63 s
    "test_robustness.py",  # 40 s
    "e2e/test_trainee_browser.py",  # 31 s
    "e2e/test_hostile_pages.py",  # 31 s
    "test_exports.py",  # 27 s
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}

    def place(item: pytest.Item) -> int:
        file = item.nodeid.split("::")[0].removeprefix("tests/")
        return rank.get(file, len(rank))

    items.sort(key=place)  # stable: every file keeps its own order, the rest keep pytest's
