"""Grading untrusted submissions: a cohort of broken and hostile notebooks beside two good ones.

One grading run (``sales-course grade``'s Python entry point) of a small but complete
hostile cohort. Whatever a submission holds, the run finishes, every trainee gets a
result with a reason, the good trainees get the grades they get alone, and the course
folder (instructor notebooks, release, config, other trainees' work) is byte-identical
afterwards. Per-cell timeout 10 s (in the copy's nbgrader_config.py) to keep it fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.instructor import authoring, demo, grading, report, sandbox

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
GOOD = ("trainee-01", "trainee-02")  # perfect, and empty (as released)

pytestmark = pytest.mark.slow


def _course(folder: Path, course_root: Path) -> Path:
    root = authoring.release_into_copy(course_root, folder)
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Execute.timeout = 10  # tests: runaway cells stop fast\n")
    demo.make_cohort(root, count=2, seed=5)
    return root


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


class Cohort:
    """Writes hostile submissions, each a variation of the perfect trainee's notebook."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.perfect = nbformat.read(self._path("trainee-01"), as_version=4)
        self.empty = nbformat.read(self._path("trainee-02"), as_version=4)

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
    ) -> Path:
        """A copy of the perfect (or empty) notebook with code appended to answer cells."""
        nb = nbformat.from_dict(json.loads(json.dumps(getattr(self, base))))
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if append and grade_id in append:
                cell.source += "\n" + append[grade_id]
        if callable(edit):
            edit(nb)
        path = self.folder(student) / name
        nbformat.write(nb, path)
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


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    # The good trainees graded alone, for comparison.
    alone = _course(base / "alone", course_root)
    grading.grade(alone, progress=None)
    alone_scores = {s: _code_scores(alone, s) for s in GOOD}

    root = _course(base / "course", course_root)
    listener = socket.create_server(("127.0.0.1", 0))  # something on the grader's loopback
    port = listener.getsockname()[1]
    victim = Path("/tmp") / f"sales-course-victim-{os.getpid()}.txt"
    victim.write_text("someone else's file", encoding="utf-8")
    victim.chmod(0o644)
    c = Cohort(root)
    first = "q1_predictions"
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
    (extras / "answers").symlink_to(root / "solutions")
    (extras / "zeros").symlink_to("/dev/zero")
    # tampering
    c.notebook("tests-edited", base="empty", edit=lambda nb: _tests_to(nb, "pass"))
    c.notebook("tests-deleted", edit=_delete_tests)
    c.notebook("metadata-edited", edit=_edit_metadata)
    c.notebook(
        "monkeypatch",
        base="empty",
        append={
            first: "import course.trainee.checks as c\nc.NotYet = type('Never', (Exception,), {})\n"
            "checks.expect_equal = lambda *a, **k: None\n"
            "for _n in dir(checks):\n    if _n.startswith('expect'):\n"
            "        setattr(checks, _n, lambda *a, **k: None)"
        },
    )
    c.notebook(
        "rebind",
        base="empty",
        append={
            first: "class _Yes:\n    def __getattr__(self, name):\n        return lambda *a, **k: None\n"
            "checks = _Yes()\ncontrol = _Yes()"
        },
    )
    c.notebook(
        "sys-modules",
        base="empty",
        append={first: "import sys\nsys.modules['course.trainee.checks'].expect_choice = print"},
    )
    # runaway code
    c.notebook("infinite-loop", append={first: "while True:\n    pass"})
    c.notebook("sleeps", append={first: "import time\ntime.sleep(3600)"})
    c.notebook(
        "memory-bomb",
        append={first: "_hog = []\nwhile True:\n    _hog.append(bytearray(200 * 1024**2))"},
    )
    c.notebook("huge-output", append={first: "for _ in range(300):\n    print('x' * 1_000_000)"})
    c.notebook("sys-exit", append={first: "raise SystemExit(1)"})
    c.notebook("os-exit", append={first: "import os\nos._exit(3)"})
    c.notebook("crash", append={first: "import ctypes\nctypes.string_at(0)"})
    c.notebook(
        "fork-bomb",
        append={
            first: "import os, time\n_kids = 0\nfor _ in range(100000):\n    try:\n"
            "        if os.fork() == 0:\n            time.sleep(600)\n            os._exit(0)\n"
            "        _kids += 1\n    except OSError:\n        break\nprint('forked', _kids)"
        },
    )
    # reaching out (the paths are known to this hostile trainee)
    attempts = {
        "write course": f"open({str(root / 'solutions' / 'pwned.txt')!r}, 'w').write('x')",
        "delete gradebook": f"Path({str(root / 'gradebook.db')!r}).unlink()",
        "read solutions": f"Path({str(solution)!r}).read_text()",
        "read other trainee": f"Path({str(other)!r}).read_text()",
        "overwrite victim": f"Path({str(victim)!r}).write_text('gotcha')",
        "delete victim": f"Path({str(victim)!r}).unlink()",
        "list scratch": "list(Path('..').iterdir())",
        "connect to grader loopback": f"__import__('socket').create_connection(('127.0.0.1', {port}), 3)",
    }
    reach = "from pathlib import Path\n_results = {}\n"
    for label, code in attempts.items():
        reach += f"try:\n    {code}\n    _results[{label!r}] = 'DONE'\nexcept Exception as e:\n"
        reach += f"    _results[{label!r}] = type(e).__name__\n"
    reach += "print('REACH', sorted(_results.items()))"
    c.notebook("reach-out", append={first: reach})

    protected = [root / "solutions", root / "assignments", root / "nbgrader_config.py"]
    protected += [root / "submitted" / s for s in GOOD]
    before = _digest(protected)
    summary = grading.grade(root, progress=None)
    listener.close()
    return {
        "root": root,
        "summary": summary,
        "before": before,
        "after": _digest(protected),
        "alone": alone_scores,
        "victim": victim,
    }


def _result(hostile: dict, student: str) -> dict:
    return hostile["summary"].results[f"{ASSIGNMENT}/{student}"]


def _why(hostile: dict, student: str) -> str:
    return " | ".join(_result(hostile, student)["reasons"])


def _outputs(root: Path, student: str) -> str:
    path = root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    return path.read_text(encoding="utf-8")


def test_every_trainee_gets_a_result_and_the_good_ones_are_unchanged(hostile: dict) -> None:
    root, summary = hostile["root"], hostile["summary"]
    students = sorted(p.name for p in (root / "submitted").iterdir())
    assert sorted(k.split("/")[1] for k in summary.results) == students
    for key, result in summary.results.items():
        assert result["status"] in grading.STATUSES, key
        if result["status"] in ("error", "flagged"):
            assert result["reasons"] and all(result["reasons"]), key
    for student in GOOD:
        assert _code_scores(root, student) == hostile["alone"][student]
    assert _result(hostile, "trainee-01")["status"] == "graded"
    assert _result(hostile, "trainee-02")["status"] == "zero"
    state = json.loads((root / grading.STATE_FOLDER / grading.STATE_FILE).read_text(encoding="utf-8"))
    assert {k: v["result"] for k, v in state.items()} == summary.results


def test_the_course_folder_and_others_files_are_untouched(hostile: dict) -> None:
    assert hostile["after"] == hostile["before"]
    root = hostile["root"]
    assert not (root / "solutions" / "pwned.txt").exists()
    assert hostile["victim"].read_text(encoding="utf-8") == "someone else's file"
    hostile["victim"].unlink()
    with Gradebook(grading.db_url(root)) as gradebook:
        assert len(gradebook.find_assignment(ASSIGNMENT).submissions) >= len(GOOD)
    if sandbox.can_switch_user():
        for slot in range(4):  # nothing of any kernel is left running
            assert not sandbox.Sandbox(Path("/"), sandbox.UID_BASE + slot, sandbox.Limits()).processes()


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


def test_a_renamed_notebook_and_extra_files_are_graded_and_flagged(hostile: dict) -> None:
    perfect = _code_scores(hostile["root"], "trainee-01")
    for student, words in {"renamed": "renamed", "extra-files": "links or special files left out"}.items():
        assert _result(hostile, student)["status"] == "flagged"
        assert words in _why(hostile, student)
        assert _code_scores(hostile["root"], student) == perfect
    assert "scratch.ipynb left out" in _why(hostile, "extra-files")


def test_edited_or_deleted_tests_and_metadata_earn_nothing_extra(hostile: dict) -> None:
    root = hostile["root"]
    assert set(_code_scores(root, "tests-edited").values()) == {0.0}
    assert "locked cells edited" in _why(hostile, "tests-edited")
    assert "graded cells missing (scored 0): test_q1" in _why(hostile, "tests-deleted")
    assert sum(v or 0 for v in _code_scores(root, "tests-deleted").values()) == 0
    assert _result(hostile, "metadata-edited")["status"] == "flagged"
    assert "unknown grade ids made plain: test_q4_mine" in _why(hostile, "metadata-edited")
    scores = _code_scores(root, "metadata-edited")
    perfect = _code_scores(root, "trainee-01")
    assert scores["test_q3_reason"] == perfect["test_q3_reason"]  # the points stay the instructor's
    with Gradebook(grading.db_url(root)) as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "metadata-edited").max_score == (
            gradebook.find_submission(ASSIGNMENT, "trainee-01").max_score
        )


def test_patching_the_checks_is_flagged_for_review(hostile: dict) -> None:
    root = hostile["root"]
    for student, words in {
        "monkeypatch": "changes c.NotYet",
        "rebind": "re-binds checks",
        "sys-modules": "imports sys",
    }.items():
        result = _result(hostile, student)
        assert result["status"] == "flagged", student
        assert words in _why(hostile, student), (student, _why(hostile, student))
        with Gradebook(grading.db_url(root)) as gradebook:
            notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            assert notebook.needs_manual_grade, f"{student}: formgrader should ask for a review"
    assert "calls setattr()" in _why(hostile, "monkeypatch")
    for student in GOOD:
        assert _result(hostile, student)["reasons"] == []


def test_runaway_code_is_stopped_and_graded(hostile: dict) -> None:
    root = hostile["root"]
    # The runaway code comes after the answers in the cell: the answers stand, the cell is stopped.
    for student in ("infinite-loop", "sleeps"):
        assert _result(hostile, student)["status"] == "graded", student
        assert "CellTimeoutError" in _outputs(root, student)
    # At the memory limit the bomb gets MemoryError, unless a kernel thread hits the limit
    # first and the kernel dies: either way the result is recorded and nothing else suffers.
    bomb = _result(hostile, "memory-bomb")
    if bomb["status"] == "error":
        assert "kernel died" in _why(hostile, "memory-bomb")
    else:
        assert bomb["status"] == "graded" and "MemoryError" in _outputs(root, "memory-bomb")
    huge = root / "autograded" / "huge-output" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert huge.stat().st_size < 8 * 1024**2
    assert "Output cut by the grader" in huge.read_text(encoding="utf-8")
    assert _result(hostile, "sys-exit")["status"] == "graded"
    for student in ("os-exit", "crash"):
        assert _result(hostile, student)["status"] == "error"
        assert "kernel died" in _why(hostile, student), _why(hostile, student)
    fork = _result(hostile, "fork-bomb")
    assert fork["status"] in ("graded", "partial", "flagged"), fork
    if sandbox.can_switch_user():
        assert "forked" in _outputs(root, "fork-bomb")


@pytest.mark.skipif(not sandbox.can_switch_user(), reason="the kernel user switch needs root")
def test_reaching_out_is_refused_by_the_os(hostile: dict) -> None:
    text = _outputs(hostile["root"], "reach-out")
    printed = re.search(r"REACH \[(.*?)\]", text)
    assert printed, "the attempts should have run"
    attempts = dict(re.findall(r"\('([^']+)', '([^']+)'\)", printed.group(1)))
    assert len(attempts) == 8 and "DONE" not in attempts.values(), attempts
    files = {k: v for k, v in attempts.items() if not k.startswith("connect")}
    assert set(files.values()) == {"PermissionError"}, attempts
    assert attempts["connect to grader loopback"] in ("OSError", "ConnectionRefusedError"), attempts
    assert _code_scores(hostile["root"], "reach-out") == _code_scores(hostile["root"], "trainee-01")


def test_the_report_lists_flagged_and_failed_submissions(hostile: dict) -> None:
    page = report.render(hostile["root"], [ASSIGNMENT], names=True)
    assert "Submissions to look at" in page
    for student in ("monkeypatch", "crash", "empty-file"):
        assert student in page
    anonymous = report.render(hostile["root"], [ASSIGNMENT])
    assert "Submissions to look at" in anonymous and "monkeypatch" not in anonymous


def test_copy_is_safe_for_links(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("a", encoding="utf-8")
    (folder / "zero").symlink_to("/dev/zero")
    flags = grading.copy_submission(folder, tmp_path / "out")
    assert (tmp_path / "out" / "a.txt").exists() and not (tmp_path / "out" / "zero").exists()
    assert flags and "zero" in flags[0]
    shutil.rmtree(tmp_path / "out")
