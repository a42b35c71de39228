"""Grading untrusted submissions: one batch of broken and hostile notebooks beside honest ones.

One grading run (``sales-course grade``'s Python entry point) of a cohort that holds
each kind of attack the trusted-grading issue lists, and more. Whatever a submission
holds, the run finishes, every trainee gets a result with a reason, the honest trainees
get the grades their answers deserve, every hostile one gets at most what its plain
answers deserve (0 when built on the empty notebook), and nothing outside the
submission is read or written. Per-cell timeout 10 s (in the copy's nbgrader_config.py).

A second, smaller batch runs the grader as an unprivileged user (``setpriv``), where
bubblewrap isolates kernels without root.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

import course
from course.instructor import authoring, demo, grading, report, sandbox

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
GOOD = ("trainee-01", "trainee-02")  # perfect, and empty (as released)


def _autograded_points(notebook: Path) -> float:
    cells = nbformat.read(notebook, as_version=4).cells
    return sum(
        float(c.metadata["nbgrader"]["points"])
        for c in cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    )


# The autograded points of module 01, as its instructor notebook gives them.
FULL = _autograded_points(
    Path(__file__).resolve().parents[1] / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
)
MARKER = f"sales-course-litter-{os.getpid()}"

pytestmark = pytest.mark.slow


def _course(
    folder: Path, course, timeout: int = 10, modules: tuple[str, ...] = (ASSIGNMENT,)
) -> tuple[Path, list[demo.Trainee]]:
    # `course` is tests/conftest.py's course_copy (a released course in milliseconds) or a checkout to release.
    root = course(folder) if callable(course) else authoring.release_into_copy(course, folder)
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(f"\nc.Execute.timeout = {timeout}  # tests: runaway cells stop fast\n")
    cohort = demo.make_cohort(root, count=2, seed=5)
    # Module 01 only (unless asked): the batch is about what submissions do, and one module grades faster.
    for trainee in cohort:
        if trainee.assignment not in modules:
            shutil.rmtree(root / "submitted" / trainee.id / trainee.assignment)
    return root, [t for t in cohort if t.assignment in modules]


def _digest(paths: list[Path]) -> dict[str, str]:
    found = {}
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _code_scores(root: Path, student: str) -> dict[str, float | None]:
    with Gradebook(grading.db_url(root)) as gradebook:
        notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}


def _total(root: Path, student: str) -> float:
    return sum(v or 0 for v in _code_scores(root, student).values())


class Cohort:
    """Writes hostile submissions, each a variation of the perfect or the empty notebook."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.perfect = nbformat.read(self._path("trainee-01"), as_version=4)
        self.empty = nbformat.read(self._path("trainee-02"), as_version=4)
        self.deserves: dict[str, float] = {}

    def _path(self, student: str, name: str = f"{NOTEBOOK}.ipynb") -> Path:
        return self.root / "submitted" / student / ASSIGNMENT / name

    def folder(self, student: str) -> Path:
        folder = self.root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "timestamp.txt").write_text("2026-11-27 09:00:00.000000 UTC", encoding="utf-8")
        return folder

    def raw(self, student: str, content: bytes, name: str = f"{NOTEBOOK}.ipynb") -> Path:
        path = self.folder(student) / name
        path.write_bytes(content)
        return path

    def notebook(
        self,
        student: str,
        *,
        base: str = "perfect",
        append: dict[str, str] | None = None,
        name: str = f"{NOTEBOOK}.ipynb",
        edit: object = None,
        extra_cells: list[str] | None = None,
    ) -> Path:
        """A copy of the perfect (or empty) notebook with code appended to answer cells."""
        nb = nbformat.from_dict(json.loads(json.dumps(getattr(self, base))))
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if append and grade_id in append:
                cell.source += "\n" + append[grade_id]
        for source in extra_cells or []:
            nb.cells.append(nbformat.v4.new_code_cell(source))
        if callable(edit):
            edit(nb)
        path = self.folder(student) / name
        nbformat.write(nb, path)
        self.deserves[student] = FULL if base == "perfect" else 0.0
        return path


def _tests_to(nb: nbformat.NotebookNode, source: str) -> None:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            cell.source = source


def _delete_tests(nb: nbformat.NotebookNode) -> None:
    nb.cells = [
        c for c in nb.cells if not (c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade"))
    ]


def _edit_metadata(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "test_q3_reason":
            meta["points"] = 50
        if meta.get("grade_id") == "test_q4_labels":
            meta["grade_id"] = "test_q4_mine"
        if meta.get("grade_id") == "setup":
            cell.id = "my-own-id"
            cell.source += "\nprint('edited setup')"


FIRST = "q1_predictions"
PASS_ALL = "lambda *a, **k: a[0] if a else None"

# --------------------------------------------------------------------------- attacks (answer-cell code)

# Rewrites every later test cell to `pass`, through get_ipython under another name.
TRANSFORMER = (
    "_shell = globals()['get_' + 'ipython']()\n"
    "_shell.input_transformers_post.append(\n"
    "    lambda lines: ['pass\\n'] if lines and lines[0].startswith('# Check') else lines)"
)
# An import hook: every (re)load of the checks, the hidden tests' included, is patched.
META_PATH = f"""
import importlib as _il, importlib.abc as _abc, importlib.machinery as _mach
_system = __import__('s' + 'ys')
class _Hook(_abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != 'course.trainee.checks':
            return None
        spec = _mach.PathFinder.find_spec(name, path)
        real = spec.loader.exec_module
        def patched(module):
            real(module)
            for n in list(vars(module)):
                if n.startswith('expect') or n == 'call_safely':
                    setattr(module, n, {PASS_ALL})
        spec.loader.exec_module = patched
        return spec
_system.meta_path.insert(0, _Hook())
_il.reload(checks)
"""
# A background thread that patches the checks again after every reload.
THREAD = f"""
import threading as _threading, time as _time
_system = __import__('s' + 'ys')
def _again():
    while True:
        module = _system.modules.get('course.trainee.checks')
        if module is not None:
            for n in ('expect_equal', 'expect_choice', 'expect_close', 'expect_number', 'expect_labels'):
                setattr(module, n, {PASS_ALL})
        _time.sleep(0.0002)
_threading.Thread(target=_again, daemon=True).start()
"""
# The checks through an alias and through sys, no `checks.x = ...` for a scan to see.
ALIAS = f"""
_c = checks
_m = __import__('s' + 'ys').modules
for _holder in (_c, _m['course.trainee.checks']):
    for _n in ('expect_equal', 'expect_choice', 'expect_close', 'expect_number', 'expect_labels'):
        _holder.__dict__[_n] = {PASS_ALL}
"""
# Answers built to pass the type checks: a metaclass whose __eq__ is always true.
METACLASS = """
class _Always(type):
    def __eq__(cls, other):
        return True
    def __hash__(cls):
        return 0
class _Anything(metaclass=_Always):
    def __eq__(self, other):  # equal to anything but the placeholders
        return other is not None and not (type(other) is str and other == "?")
    def __ne__(self, other):
        return not self.__eq__(other)
    def __hash__(self):
        return 0
q1_veteran_revenue = q1_veteran_quits = q1_new_hire_revenue = _Anything()
q3_reason = _Anything()
"""
# A float whose __float__ reads the test's reference from the caller's frames.
FLOAT_PEEK = """
_frames = __import__('s' + 'ys')
class _Peek(float):
    def __float__(self):
        frame = _frames._getframe(1)
        while frame is not None:
            for name in ('reference', 'expected'):
                if name in frame.f_locals and type(frame.f_locals[name]) is float:
                    return frame.f_locals[name]
            frame = frame.f_back
        return 0.0
"""


def _reach_out(root: Path, solution: Path, other: Path, victim: Path, port: int) -> str:
    attempts = {
        "write course": f"open({str(root / 'solutions' / 'pwned.txt')!r}, 'w').write('x')",
        "delete gradebook": f"Path({str(root / 'gradebook.db')!r}).unlink()",
        "read solutions": f"print(Path({str(solution)!r}).read_text()[-3000:])",
        "read gradebook": f"print(Path({str(root / 'gradebook.db')!r}).read_bytes()[:3000])",
        "read config": f"print(Path({str(root / 'nbgrader_config.py')!r}).read_text())",
        "read other trainee": f"print(Path({str(other)!r}).read_text()[:3000])",
        "overwrite victim": f"Path({str(victim)!r}).write_text('gotcha')",
        "delete victim": f"Path({str(victim)!r}).unlink()",
        "list course": f"print(list(Path({str(root)!r}).iterdir()))",
        "write package": "open(__import__('course.trainee.checks').trainee.checks.__file__, 'a').write('#')",
        "connect to grader loopback": f"__import__('socket').create_connection(('127.0.0.1', {port}), 3)",
        "litter tmp": f"Path('/tmp/{MARKER}').write_text('x')",
        "litter shm": f"Path('/dev/shm/{MARKER}').write_text('x')",
    }
    code = "from pathlib import Path\n_results = {}\n"
    for label, attempt in attempts.items():
        code += f"try:\n    {attempt}\n    _results[{label!r}] = 'DONE'\nexcept Exception as e:\n"
        code += f"    _results[{label!r}] = type(e).__name__\n"
    return code + "print('REACH', sorted(_results.items()))"


KILL_EVERYTHING = """
import os, signal
_seen = []
for _pid in os.listdir('/proc'):
    if _pid.isdigit() and int(_pid) not in (1, os.getpid()):
        _seen.append(int(_pid))
print('SEEN', _seen)
for _pid in _seen:
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError:
        pass
"""


def _deep_tree(folder: Path, depth: int) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=handle)
            inner = os.open("d", os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle = inner
    finally:
        os.close(handle)


def _package_files() -> dict[str, str]:
    return _digest([Path(course.__file__).parent])


def build_cohort(root: Path, course_root: Path, victim: Path, port: int) -> Cohort:
    """Every hostile and broken submission of the batch, beside the two honest ones."""
    c = Cohort(root)
    solution = root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    other = root / "submitted" / "trainee-01" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"

    # not a notebook
    c.raw("empty-file", b"")
    c.raw("truncated-json", c._path("trainee-01").read_bytes()[:5000])
    c.raw(
        "wrong-nbformat",
        json.dumps({"nbformat": 99, "nbformat_minor": 0, "cells": [], "metadata": {}}).encode(),
    )
    c.raw("other-assignment", (course_root / "START_HERE.ipynb").read_bytes())
    c.notebook("renamed", name=f"{NOTEBOOK} (1).ipynb")
    (c.folder("missing") / "notes.txt").write_text("I forgot the notebook", encoding="utf-8")
    extras = c.notebook("extra-files").parent
    (extras / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (extras / "scratch.ipynb").write_text("{ not json", encoding="utf-8")
    # code beside the notebook: an IPython start-up file, a course/ package of one's own
    startup = c.notebook("beside-startup", base="empty").parent / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-pass.py").write_text(
        TRANSFORMER.replace("globals()['get_' + 'ipython']()", "get_ipython()")
    )
    package = c.notebook("beside-package", base="empty").parent / "course"
    for sub in ("", "trainee", "scenarios"):
        (package / sub).mkdir(exist_ok=True)
        (package / sub / "__init__.py").write_text(
            f"def __getattr__(name):\n    return {PASS_ALL}\nexplore = {PASS_ALL}\n", encoding="utf-8"
        )
    (package / "trainee" / "checks.py").write_text(
        f"class NotYet(AssertionError):\n    pass\ndef __getattr__(name):\n    return {PASS_ALL}\n",
        encoding="utf-8",
    )
    (package / "scenarios" / "control.py").write_text(
        f"def __getattr__(name):\n    return {PASS_ALL}\n", encoding="utf-8"
    )
    # tampering with nbgrader's cells and metadata
    c.notebook("tests-edited", base="empty", edit=lambda nb: _tests_to(nb, "pass"))
    c.notebook("tests-deleted", edit=_delete_tests)
    c.notebook("metadata-edited", edit=_edit_metadata)
    # patching the checks: seen by the scan, or not
    c.notebook(
        "monkeypatch",
        base="empty",
        append={
            FIRST: "import course.trainee.checks as c\nc.NotYet = type('Never', (Exception,), {})\n"
            "checks.expect_equal = lambda *a, **k: None\n"
            "for _n in dir(checks):\n    if _n.startswith('expect'):\n"
            "        setattr(checks, _n, lambda *a, **k: None)"
        },
    )
    c.notebook(
        "rebind",
        base="empty",
        append={
            FIRST: "class _Yes:\n    def __getattr__(self, name):\n        return lambda *a, **k: None\n"
            "checks = _Yes()\ncontrol = _Yes()"
        },
    )
    c.notebook(
        "sys-modules",
        base="empty",
        append={FIRST: "import sys\nsys.modules['course.trainee.checks'].expect_choice = print"},
    )
    c.notebook("alias", base="empty", append={FIRST: ALIAS})
    c.notebook("input-transformer", base="empty", append={FIRST: TRANSFORMER})
    c.notebook("meta-path", base="empty", append={FIRST: META_PATH})
    c.notebook("thread", base="empty", append={FIRST: THREAD})
    c.notebook("metaclass", base="empty", append={FIRST: METACLASS})
    c.notebook("float-peek", base="empty", append={"q2_share_lost": FLOAT_PEEK + "q2_share_lost = _Peek(0)"})
    c.notebook(
        "function-peek",
        base="empty",
        append={
            "q2_share_lost": FLOAT_PEEK
            + "def share_of_selling_time_lost(crm_hours_per_week, reviews_per_month):\n"
            "    return _Peek(0)"
        },
    )
    # runaway code
    c.notebook("infinite-loop", append={FIRST: "while True:\n    pass"})
    c.notebook("sleeps", append={FIRST: "import time\ntime.sleep(3600)"})
    c.notebook("many-sleeps", extra_cells=["import time\ntime.sleep(9)"] * 8)
    c.notebook(
        "memory-bomb",
        append={FIRST: "_hog = []\nwhile True:\n    _hog.append(bytearray(200 * 1024**2))"},
    )
    c.notebook("huge-output", append={FIRST: "for _ in range(300):\n    print('x' * 1_000_000)"})
    c.notebook(
        "display-metadata",
        append={
            FIRST: "from IPython.display import display\nfor _ in range(100):\n"
            "    display({'text/plain': 'x'}, metadata={'big': 'y' * 1_000_000}, raw=True)"
        },
    )
    c.notebook(
        "display-updates",
        append={
            FIRST: "from IPython.display import display\n_h = display('x', display_id=True)\n"
            "for _ in range(300):\n    _h.update('y' * 1_000_000)"
        },
    )
    c.notebook("sys-exit", append={FIRST: "raise SystemExit(1)"})
    c.notebook("os-exit", append={FIRST: "import os\nos._exit(3)"})
    c.notebook("crash", append={FIRST: "import ctypes\nctypes.string_at(0)"})
    c.notebook(
        "fork-bomb",
        append={
            FIRST: "import os, time\n_kids = 0\nfor _ in range(100000):\n    try:\n"
            "        if os.fork() == 0:\n            time.sleep(600)\n            os._exit(0)\n"
            "        _kids += 1\n    except OSError:\n        break\nprint('forked', _kids)"
        },
    )
    # reaching out (the paths are known to this hostile trainee)
    c.notebook("reach-out", append={FIRST: _reach_out(root, solution, other, victim, port)})
    c.notebook("kill-everything", extra_cells=[KILL_EVERYTHING])
    # links and odd shapes
    linked = root / "submitted" / "linked-solutions"
    linked.mkdir()
    (linked / ASSIGNMENT).symlink_to(root / "solutions" / ASSIGNMENT)
    linked = root / "submitted" / "linked-other"
    linked.mkdir()
    (linked / ASSIGNMENT).symlink_to(root / "submitted" / "trainee-01" / ASSIGNMENT)
    (c.notebook("link-inside").parent / "answers").symlink_to(root / "solutions")
    (c.notebook("link-to-zero").parent / "zeros").symlink_to("/dev/zero")
    os.mkfifo(c.notebook("fifo").parent / "pipe")
    c.notebook("macosx")
    stray = root / "submitted" / "macosx" / "__MACOSX" / ASSIGNMENT
    stray.mkdir(parents=True)
    (stray / f"._{NOTEBOOK}.ipynb").write_bytes(b"\x00\x05\x16\x07 resource fork")
    _deep_tree(c.notebook("deep-tree").parent, 1000)
    wide = c.notebook("huge-tree").parent / "many"
    wide.mkdir()
    for index in range(2500):
        (wide / f"{index}.txt").write_text("x", encoding="utf-8")
    c.notebook("garbage-timestamp")
    (c.folder("garbage-timestamp") / "timestamp.txt").write_bytes(b"\xff\xfeyesterday-ish \x00\x01")

    return c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, course_root: Path, course_copy) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("hostile")
    root, trainees = _course(base / "course", course_copy)
    _, tests = demo.assignment_cells(root, ASSIGNMENT)
    expected = {t.id: t.expected_points(tests) for t in trainees}
    listener = socket.create_server(("127.0.0.1", 0))  # something on the grader's loopback
    port = listener.getsockname()[1]
    victim = Path("/tmp") / f"sales-course-victim-{os.getpid()}.txt"
    victim.write_text("someone else's file", encoding="utf-8")
    victim.chmod(0o666)
    c = build_cohort(root, course_root, victim, port)
    protected = [root / "solutions", root / "assignments", root / "nbgrader_config.py"]
    protected += [root / "submitted" / s for s in GOOD]
    before = _digest(protected)
    package_before = _package_files()
    try:
        summary = grading.grade(root, progress=None)
    finally:
        listener.close()
        # Too deep for shutil.rmtree (and so for pytest's own clean-up of old runs): gone now,
        # whatever grading did.
        subprocess.run(["rm", "-rf", str(c.folder("deep-tree") / "d")], check=True)
    yield {
        "root": root,
        "summary": summary,
        "before": before,
        "after": _digest(protected),
        "package": (package_before, _package_files()),
        "expected": expected,
        "deserves": c.deserves,
        "victim": victim,
    }
    victim.unlink(missing_ok=True)


def _result(hostile: dict, student: str) -> dict:
    return hostile["summary"].results[f"{ASSIGNMENT}/{student}"]


def _why(hostile: dict, student: str) -> str:
    return " | ".join(_result(hostile, student)["reasons"])


def _outputs(root: Path, student: str) -> str:
    path = root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    return path.read_text(encoding="utf-8")


def _cell_output(root: Path, student: str, grade_id: str) -> str:
    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return json.dumps(cell.get("outputs", []))


def test_every_trainee_gets_a_result_and_the_honest_ones_their_grades(hostile: dict) -> None:
    root, summary = hostile["root"], hostile["summary"]
    students = sorted(p.name for p in (root / "submitted").iterdir())
    assert sorted(k.split("/")[1] for k in summary.results) == students
    for key, result in summary.results.items():
        assert result["status"] in grading.STATUSES, key
        if result["status"] in ("error", "flagged"):
            assert result["reasons"] and all(result["reasons"]), key
    for student in GOOD:
        assert _code_scores(root, student) == hostile["expected"][student]
        assert _result(hostile, student)["reasons"] == []
    assert _result(hostile, "trainee-01")["status"] == "graded"
    assert _result(hostile, "trainee-02")["status"] == "zero"
    state = json.loads((root / grading.STATE_FOLDER / grading.STATE_FILE).read_text(encoding="utf-8"))
    assert {k: v["result"] for k, v in state.items()} == summary.results


def test_no_hostile_submission_scores_more_than_its_plain_answers(hostile: dict) -> None:
    root = hostile["root"]
    for student, deserved in hostile["deserves"].items():
        result = _result(hostile, student)
        if result["status"] == "error":
            continue  # no grade at all
        assert _total(root, student) <= deserved, (
            student,
            _code_scores(root, student),
            _why(hostile, student),
        )
        assert result["score"] <= deserved, student


def test_tricks_in_the_kernel_earn_nothing_and_are_flagged(hostile: dict) -> None:
    root = hostile["root"]
    for student in (
        "beside-startup",
        "beside-package",
        "alias",
        "input-transformer",
        "meta-path",
        "thread",
        "metaclass",
        "float-peek",
        "function-peek",
        "monkeypatch",
        "rebind",
        "sys-modules",
        "tests-edited",
    ):
        assert _total(root, student) == 0, (student, _code_scores(root, student))
        result = _result(hostile, student)
        assert result["status"] == "flagged", (student, result)
    # No check ran in their kernels (they could have fooled it there): each test cell's output is
    # what the judge's run of it gave, a "Not yet" on these plain answers.
    for student in ("input-transformer", "meta-path", "thread", "metaclass", "float-peek", "function-peek"):
        nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
        tests = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
        assert tests and all(any(o.output_type == "error" for o in c.outputs) for c in tests), student
    assert "not plain data" in _why(hostile, "metaclass")
    assert "not plain data" in _why(hostile, "float-peek")
    for student in ("beside-startup", "beside-package"):
        assert "left out (only the notebook is graded)" in _why(hostile, student), _why(hostile, student)


def test_the_course_folder_and_others_files_are_untouched(hostile: dict) -> None:
    assert hostile["after"] == hostile["before"]
    before, after = hostile["package"]
    assert after == before, "the installed course package changed"
    root = hostile["root"]
    assert not (root / "solutions" / "pwned.txt").exists()
    assert hostile["victim"].read_text(encoding="utf-8") == "someone else's file"
    assert not Path(f"/tmp/{MARKER}").exists() and not Path(f"/dev/shm/{MARKER}").exists()
    with Gradebook(grading.db_url(root)) as gradebook:
        assert len(gradebook.find_assignment(ASSIGNMENT).submissions) >= len(GOOD)
    # Nothing of this run's kernels is left running: no process works in, or was started
    # from, this run's sandbox folder (other grading runs on the machine are not ours to count).
    folder = hostile["summary"].sandboxes
    assert folder and not Path(folder).exists()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        assert folder not in cwd and folder not in command, (entry.name, command)


def test_files_that_are_not_the_notebook_are_errors_with_a_reason(hostile: dict) -> None:
    for student, words in {
        "empty-file": "empty",
        "truncated-json": "not a notebook",
        "wrong-nbformat": "not a notebook",
        "missing": f"no {NOTEBOOK}.ipynb",
    }.items():
        result = _result(hostile, student)
        assert result["status"] == "error", student
        assert words in _why(hostile, student), (student, _why(hostile, student))
    other = _result(hostile, "other-assignment")
    assert other["status"] == "flagged" and other["score"] == 0
    assert "graded cells missing" in _why(hostile, "other-assignment")


def test_links_and_odd_shapes_are_refused_for_that_trainee_alone(hostile: dict) -> None:
    for student, words in {
        "linked-solutions": "the submitted folder is a link",
        "linked-other": "the submitted folder is a link",
        "link-inside": "answers is a link",
        "link-to-zero": "zeros is a link",
        "fifo": "pipe is not a regular file",
        "deep-tree": "nested more than",
        "huge-tree": "more than 2000 files",
    }.items():
        result = _result(hostile, student)
        assert result["status"] == "error", (student, result)
        assert "refused" in _why(hostile, student) and words in _why(hostile, student), _why(hostile, student)
    root = hostile["root"]
    rows = {r["student_id"]: r for r in _csv(root)}
    assert rows["linked-solutions"]["status"] == "failed" and "link" in rows["linked-solutions"]["reason"]
    assert rows["linked-solutions"]["score"] == ""


def test_strays_extra_files_and_a_garbage_timestamp_are_graded_with_a_reason(hostile: dict) -> None:
    root = hostile["root"]
    perfect = _code_scores(root, "trainee-01")
    for student, words in {
        "renamed": "renamed",
        "extra-files": "left out (only the notebook is graded): data.csv",
        "macosx": "left out (not an assignment of this course): __MACOSX",
        "garbage-timestamp": "timestamp.txt is not a date",
    }.items():
        assert _result(hostile, student)["status"] == "flagged", student
        assert words in _why(hostile, student), (student, _why(hostile, student))
        assert _code_scores(root, student) == perfect, student
    assert "scratch.ipynb left out" in _why(hostile, "extra-files")


def test_edited_or_deleted_tests_and_metadata_earn_what_the_answers_deserve(hostile: dict) -> None:
    root = hostile["root"]
    assert set(_code_scores(root, "tests-edited").values()) == {0.0}
    assert "locked cells edited" in _why(hostile, "tests-edited")
    # Deleted test cells: the judge runs the instructor's tests on the (perfect) answers.
    assert "graded cells missing (scored 0): test_q1" in _why(hostile, "tests-deleted")
    assert _total(root, "tests-deleted") == FULL
    assert _result(hostile, "metadata-edited")["status"] == "flagged"
    assert "unknown grade ids made plain: test_q4_mine" in _why(hostile, "metadata-edited")
    scores = _code_scores(root, "metadata-edited")
    perfect = _code_scores(root, "trainee-01")
    assert scores["test_q3_reason"] == perfect["test_q3_reason"]  # the points stay the instructor's
    with Gradebook(grading.db_url(root)) as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "metadata-edited").max_score == (
            gradebook.find_submission(ASSIGNMENT, "trainee-01").max_score
        )


def test_patching_the_checks_that_a_scan_can_see_is_flagged_for_review(hostile: dict) -> None:
    root = hostile["root"]
    for student, words in {
        "monkeypatch": "changes c.NotYet",
        "rebind": "re-binds checks",
        "sys-modules": "imports sys",
    }.items():
        assert words in _why(hostile, student), (student, _why(hostile, student))
        with Gradebook(grading.db_url(root)) as gradebook:
            notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            assert notebook.needs_manual_grade, f"{student}: formgrader should ask for a review"
    assert "calls setattr()" in _why(hostile, "monkeypatch")


def test_runaway_code_is_stopped_and_graded(hostile: dict) -> None:
    root = hostile["root"]
    # The runaway code comes after the answers in the cell: the answers stand, the cell is stopped.
    for student in ("infinite-loop", "sleeps"):
        assert _result(hostile, student)["status"] == "graded", student
        assert "CellTimeoutError" in _outputs(root, student)
    many = _result(hostile, "many-sleeps")
    assert many["status"] == "error" and "for the whole notebook" in _why(hostile, "many-sleeps"), many
    # At the memory limit the bomb gets MemoryError, unless a kernel thread hits the limit
    # first and the kernel dies, or (on a loaded machine) the per-cell timeout stops it first:
    # either way the result is recorded and nothing else suffers.
    bomb = _result(hostile, "memory-bomb")
    if bomb["status"] == "error":
        assert "kernel died" in _why(hostile, "memory-bomb")
    else:
        stopped = _outputs(root, "memory-bomb")
        assert bomb["status"] == "graded" and ("MemoryError" in stopped or "CellTimeoutError" in stopped)
    for student in ("huge-output", "display-metadata", "display-updates"):
        path = root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        assert path.stat().st_size < 8 * 1024**2, student
        assert _total(root, student) == FULL, student
    assert "Output cut by the grader" in _outputs(root, "huge-output")
    assert "Output cut by the grader" in _outputs(root, "display-metadata")
    assert _result(hostile, "sys-exit")["status"] == "graded"
    for student in ("os-exit", "crash"):
        assert _result(hostile, student)["status"] == "error"
        assert "kernel died" in _why(hostile, student), _why(hostile, student)
    fork = _result(hostile, "fork-bomb")
    assert fork["status"] in ("graded", "partial", "flagged"), fork
    assert "forked" in _outputs(root, "fork-bomb")


def test_reaching_out_is_refused_by_the_sandbox(hostile: dict) -> None:
    root = hostile["root"]
    text = _outputs(root, "reach-out")
    printed = re.search(r"REACH \[(.*?)\]", text)
    assert printed, "the attempts should have run"
    attempts = dict(re.findall(r"\('([^']+)', '([^']+)'\)", printed.group(1)))
    assert len(attempts) == 13, attempts
    # Its own private /tmp and /dev/shm, gone with it (the real victim is checked above).
    private = {"litter tmp", "litter shm", "overwrite victim", "delete victim"}
    assert all(v != "DONE" for k, v in attempts.items() if k not in private), attempts
    assert attempts["connect to grader loopback"] in ("OSError", "ConnectionRefusedError"), attempts
    assert _code_scores(root, "reach-out") == _code_scores(root, "trainee-01")
    # Nothing from the instructor notebook, the gradebook or the config reached its output.
    printed = _cell_output(root, "reach-out", FIRST)
    for secret in (
        "BEGIN HIDDEN TESTS",
        "_sensitivity_ratio",
        "SQLite format",
        "c.Execute.timeout",
        "trainee-01",
    ):
        assert secret not in printed, secret
    # Killing every process it can see kills only its own sandbox.
    killer = _outputs(root, "kill-everything")
    seen = re.search(r"SEEN \[(.*?)\]", killer)
    assert seen and all(int(p) < 100 for p in seen.group(1).split(",") if p.strip()), seen


def test_the_report_lists_flagged_and_failed_submissions(hostile: dict) -> None:
    page = report.render(hostile["root"], [ASSIGNMENT], names=True)
    assert "Submissions to look at" in page
    for student in ("monkeypatch", "crash", "empty-file", "linked-solutions"):
        assert student in page
    anonymous = report.render(hostile["root"], [ASSIGNMENT])
    assert "Submissions to look at" in anonymous and "monkeypatch" not in anonymous


def _csv(root: Path) -> list[dict[str, str]]:
    import csv

    rows = csv.DictReader((root / "reports" / "grades.csv").open(encoding="utf-8"))
    return [row for row in rows if row["assignment"] == ASSIGNMENT]  # other modules: "not submitted"


def test_every_trainee_who_submitted_is_in_the_export_with_a_status(hostile: dict) -> None:
    root = hostile["root"]
    rows = _csv(root)
    students = {p.name for p in (root / "submitted").iterdir()}
    assert {r["student_id"] for r in rows} == students
    statuses = {r["student_id"]: r["status"] for r in rows}
    # i27: a graded submission whose reflection waits for hand-grading says so (issue 27 item 3)
    graded = {"graded", "auto-graded, reflection pending"}
    assert statuses["trainee-01"] in graded and statuses["empty-file"] == "failed"
    assert statuses["input-transformer"] == "flagged"
    assert set(statuses.values()) <= graded | {"flagged", "failed"}
    for row in rows:
        assert (row["status"] in graded) == (row["reason"] == ""), row


# --------------------------------------------------------------------------- no trainee code runs here


def test_the_judge_reads_only_plain_data() -> None:
    from course.instructor.grading import answers

    plain = {"a": [1, 2.5, None, True, "x"], "b": (1, "y"), "c": {1: "E", "two": [None]}}
    for value in plain.values():
        assert answers.decode(json.loads(json.dumps(answers.encode(value)))) == value
    with pytest.raises(answers.NotPlain):
        answers.encode(type("Peek", (float,), {})(1.0))
    for hostile in ({"dict": [[[1], 2]]}, {"tuple": "x"}, {"evil": 1}, {"dict": [[1]]}):
        with pytest.raises(answers.NotPlain):
            answers.decode(hostile)
    nested = "[" * 5000 + "]" * 5000
    found, problems = answers.read_payload(json.dumps({"values": {"q": nested}}), ["q"], {})
    assert found == {"q": nested}  # text stays text
    found, problems = answers.read_payload('{"values": {"q": ' + nested + "}}", ["q"], {})
    assert found == {} and problems
    found, problems = answers.read_payload("x" * (answers.MAX_BYTES + 1), ["q"], {})
    assert found == {} and "KiB" in problems[0]
    replay = answers.Replay(
        "f", [[{"tuple": [1, 2]}, {"ok": 3.0}], [{"tuple": [9, 9]}, {"ok": 1}]], [{"tuple": [1, 2]}]
    )
    assert replay(1, 2) == 3.0
    with pytest.raises(RuntimeError, match="not run on these inputs"):
        replay(9, 9)  # not an input the tests use: not replayed


def test_the_judge_scores_the_instructor_tests_on_plain_answers(course_root: Path) -> None:
    from course.instructor.grading import answers
    from course.instructor.grading.judge import Judge

    path = course_root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    judge = Judge()
    try:
        plan = judge.plan(path)
        assert plan["problems"] == [] and sum(plan["scores"].values()) == FULL
        assert "review_options" not in plan["names"] and "q4_labels" in plan["names"]
        assert len(plan["functions"]["share_of_selling_time_lost"]) >= 5
        values = {"q1_veteran_revenue": "down", "q1_veteran_quits": "up", "q1_new_hire_revenue": "up"}
        values |= {
            "q2_share_lost": (4 * 52 / 12 + 6) / 60.8,
            "q3_veteran_reviews": 0,
            "q3_new_hire_reviews": 2,
        }
        values |= {"q3_reason": "B", "q4_labels": {1: "E", 2: "F", 3: "M", 4: "F", 5: "E"}}
        from course.scenarios import control

        monthly, weekly = control.exercise_1_tables()[0].results  # the model's own answer to 1b
        change = round((weekly.total_revenue - monthly.total_revenue) / 1e6, 2)
        values |= {"q1_revenue_change": change, "q5_labels": {1: "A", 2: "C", 3: "A", 4: "C"}}
        calls = [
            [args, {"ok": (answers.decode(args)[0] * 52 / 12 + answers.decode(args)[1] * 1.5) / 60.8}]
            for args in plan["functions"]["share_of_selling_time_lost"]
        ]
        payload = {"values": {k: answers.encode(v) for k, v in values.items()}}
        payload["functions"] = {"share_of_selling_time_lost": calls}
        verdict = judge.judge(path, plan, json.dumps(payload))
        assert sum(verdict["scores"].values()) == FULL, verdict
        payload["values"]["q4_labels"] = answers.encode({"1": "E", "2": "F", "3": "M", "4": "F", "5": "E"})
        payload["functions"]["share_of_selling_time_lost"] = calls[:2]  # the hidden inputs missing
        verdict = judge.judge(path, plan, json.dumps(payload))
        assert verdict["scores"]["test_q4_labels"] == 0 and verdict["scores"]["test_q2_function"] == 0
        assert verdict["scores"]["test_q3_reason"] == 2
        assert sum(judge.judge(path, plan, None)["scores"].values()) == 0
    finally:
        judge.close()


def test_copy_is_safe_for_links(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ipynb").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("a", encoding="utf-8")
    assert grading.copy_submission(folder, tmp_path / "out") == [
        "left out (only the notebook is graded): notes.txt"
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.ipynb"]
    (folder / "zero").symlink_to("/dev/zero")
    with pytest.raises(grading.Refused, match="zero is a link"):
        grading.copy_submission(folder, tmp_path / "again")
    (tmp_path / "link").symlink_to(folder)
    with pytest.raises(grading.Refused, match="is a link"):
        grading.scan(tmp_path / "link")


def test_a_kernel_could_read_the_course_is_refused_before_grading(tmp_path: Path) -> None:
    inside = Path(sys.prefix) / f"course-under-the-venv-{os.getpid()}"
    assert sandbox.exposed([tmp_path / "solutions", tmp_path / "gradebook.db"]) == []
    assert sandbox.exposed([inside / "solutions"])
    if sandbox.isolation() in ("root", "user") and os.access(sys.prefix, os.W_OK):
        root = authoring.release_into_copy(authoring.course_root(), inside)
        try:
            with pytest.raises(RuntimeError, match="could read"):
                grading.grade(root, progress=None)
        finally:
            shutil.rmtree(inside)


@pytest.mark.skipif(os.geteuid() != 0, reason="the slot locks are root's")
def test_slot_locks_live_where_only_root_can_make_them() -> None:
    folder = sandbox.slot_folder()
    info = folder.stat()
    assert folder.parent == Path("/run") and info.st_uid == 0 and not info.st_mode & 0o077


def test_without_isolation_grading_refuses_unless_the_work_is_trusted(tmp_path: Path, course_copy) -> None:
    root, _ = _course(tmp_path / "course", course_copy)
    tools = tmp_path / "tools"  # prlimit, but no bwrap: nothing can isolate kernels
    tools.mkdir()
    (tools / "prlimit").symlink_to(shutil.which("prlimit"))
    env = {k: v for k, v in os.environ.items() if k != sandbox.SANDBOX_ENV}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{tools}"
    code = (
        "import json, sys; from pathlib import Path; from course.instructor import grading\n"
        "try:\n    grading.grade(Path(sys.argv[1]), progress=None)\nexcept RuntimeError as e:\n    print('REFUSED', e)\n"
        "s = grading.grade(Path(sys.argv[1]), progress=None, trusted_submissions=True)\n"
        "print('SUMMARY', json.dumps({'results': s.results, 'isolation': s.isolation, 'text': str(s)}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, timeout=600
    )
    assert "REFUSED" in done.stdout and "--trusted-submissions" in done.stdout, done.stdout + done.stderr
    summary = json.loads(re.search(r"^SUMMARY (.*)$", done.stdout, re.M).group(1))
    assert summary["isolation"] == "none" and "nothing isolated the trainee kernels" in summary["text"]
    assert {k.split("/")[1]: v["status"] for k, v in summary["results"].items()} == {
        "trainee-01": "graded",
        "trainee-02": "zero",
    }
    assert _total(root, "trainee-01") == FULL


# --------------------------------------------------------------------------- without root


NOBODY = 1950000000 + os.getpid() % 1000  # an unprivileged user id of this test run's own


def _as_nobody(root: Path, home: Path, package: Path) -> list[str]:
    """The command that runs ``sales-course grade``'s entry point as an unprivileged user:
    root's mount namespace shows it Python (under /root) and a copy of the course package
    it owns (as an instructor's own clone would be), nothing else changes."""
    code = (
        "import json, sys; from pathlib import Path; from course.instructor import grading\n"
        f"s = grading.grade(Path({str(root)!r}), progress=None)\n"
        "print('SUMMARY', json.dumps({'results': s.results, 'isolation': s.isolation}))"
    )
    return [
        shutil.which("bwrap") or "bwrap",
        "--dev-bind", "/", "/",
        "--tmpfs", "/root",
        *sandbox._folders_to(Path(sys.base_prefix).resolve(), {Path("/"), Path("/root")}),
        "--ro-bind", str(Path(sys.base_prefix).resolve()), str(Path(sys.base_prefix).resolve()),
        "--bind", str(package), str(Path(course.__file__).parent),
        "--",
        shutil.which("setpriv") or "setpriv",
        f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
        "env", f"HOME={home}", f"PATH={Path(sys.executable).parent}:/usr/bin:/bin",
        sys.executable, "-c", code,
    ]  # fmt: skip


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("bwrap"), reason="needs root to make the user")
def test_without_root_bubblewrap_protects_the_package_the_grader_and_the_network(
    tmp_path_factory: pytest.TempPathFactory, course_copy
) -> None:
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(prefix="sales-course-nonroot-"))  # reachable by the user
    try:
        _grade_without_root(tmp_path, course_copy)
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)


def _grade_without_root(tmp_path: Path, course_copy) -> None:
    root, trainees = _course(tmp_path / "course", course_copy, timeout=5)
    c = Cohort(root)
    c.notebook(
        "write-package", extra_cells=["open(checks.__file__, 'a').write('\\nexpect_equal = print\\n')"]
    )
    c.notebook("kill-everything", extra_cells=[KILL_EVERYTHING])
    c.notebook("input-transformer", base="empty", append={FIRST: TRANSFORMER})
    c.notebook("many-sleeps", extra_cells=["import time\ntime.sleep(4.5)"] * 8)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    c.notebook(
        "reach-out",
        append={FIRST: _reach_out(root, root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb",
                                  c._path("trainee-01"), tmp_path / "victim", port)},
    )  # fmt: skip
    secret = c.notebook("unreadable")
    package = tmp_path / "package"
    shutil.copytree(Path(course.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    home = tmp_path / "home"
    home.mkdir()
    for path in [tmp_path, *tmp_path.rglob("*")]:
        os.lchown(path, NOBODY, NOBODY)
    secret.chmod(0o600)
    os.lchown(secret, 0, 0)  # a notebook the grading user cannot read
    tmp_path.chmod(0o755)
    before = _digest([package])
    done = subprocess.run(_as_nobody(root, home, package), capture_output=True, text=True, timeout=900)
    listener.close()
    found = re.search(r"^SUMMARY (.*)$", done.stdout, re.M)
    assert found, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads(found.group(1))
    results = summary["results"]
    assert summary["isolation"] == "user"
    assert _digest([package]) == before, "a kernel changed the grader's course package"
    assert sorted(k.split("/")[1] for k in results) == sorted(p.name for p in (root / "submitted").iterdir())
    assert results[f"{ASSIGNMENT}/trainee-01"]["status"] == "graded"
    assert _total(root, "trainee-01") == FULL and _total(root, "write-package") == FULL
    assert _total(root, "input-transformer") == 0
    assert results[f"{ASSIGNMENT}/input-transformer"]["status"] == "flagged"
    sleeps = results[f"{ASSIGNMENT}/many-sleeps"]
    assert sleeps["status"] == "error" and "for the whole notebook" in " ".join(sleeps["reasons"]), sleeps
    unreadable = results[f"{ASSIGNMENT}/unreadable"]
    assert unreadable["status"] == "error" and "cannot be read" in " ".join(unreadable["reasons"]), unreadable
    text = _outputs(root, "reach-out")
    attempts = dict(re.findall(r"\('([^']+)', '([^']+)'\)", re.search(r"REACH \[(.*?)\]", text).group(1)))
    private = {"litter tmp", "litter shm", "overwrite victim", "delete victim"}
    assert all(v != "DONE" for k, v in attempts.items() if k not in private), attempts
    killer = _outputs(root, "kill-everything")
    assert re.search(r"SEEN \[(.*?)\]", killer), "the kill attempt should have run"
    assert not stat.S_ISLNK(os.lstat(root / "submitted").st_mode)
