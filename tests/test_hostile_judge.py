"""No test cell runs in a trainee's kernel: the judge alone scores, and feedback hides hidden tests.

One grading run of modules 01 and 02, honest trainees beside submissions that attack the
tests through the kernel (issue #25, item 1): a ``pre_run_cell`` hook that reads each test
cell as it is about to run, runs it against a recorder of the checks and binds the values the
test expects (on the old pipeline: full marks for all-wrong answers); hooks through
``get_ipython().events`` and input transformers; a hook that counts the test cells it sees.
Also (items 6 and 7): honest answers computed with numpy, a function answer that calls the
course's own model, and extra and renamed notebooks graded once, not on every run.

Helpers and the cohort writer are the hostile batch's (tests/test_hostile.py).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from test_hostile import (  # the non-root batch's unprivileged user
    ASSIGNMENT,
    FULL,
    NOBODY,
    NOTEBOOK,
    Cohort,
    _as_nobody,
    _code_scores,
    _course,
    _total,
)

import course
from course.instructor import authoring, demo, grading

TRUST = "02_trust"
TRUST_NOTEBOOK = "trust"

# The attack of issue #25: before each cell runs, a hook looks for a check cell, runs its source
# in a scratch namespace where the checks only record what the test compares each answer with,
# and binds those values (and a function that answers the recorded inputs) in the notebook.
PEEK = """
import IPython as _IP, sys as _sys, types as _types
_shell = _IP.get_ipython()

class _Marker:
    def __init__(self, name, args=None, key=None):
        self.name, self.args, self.key = name, args, key
    def __getitem__(self, key):
        return _Marker(self.name, key=key)

def _peek(info):
    source = getattr(info, "raw_cell", "") or ""
    if "checks" not in source or "_peek" in source:
        return
    namespace = _shell.user_ns
    found, table = {}, {}
    def bind(value, expected, weak=False):
        if isinstance(value, _Marker):
            if value.args is not None:
                table.setdefault(value.name, {})[value.args] = expected
            elif value.key is not None:  # labels[number]: one entry of a dictionary answer
                found.setdefault(value.name, {})[value.key] = expected
            elif weak:
                found.setdefault(value.name, expected)
            else:
                found[value.name] = expected
    recorder = _types.ModuleType("course.trainee.checks")
    recorder.answer = lambda name, **k: _Marker(name)
    recorder.expect_function = lambda value, **k: value
    recorder.call_safely = lambda f, *a, **k: _Marker(f.name, a) if isinstance(f, _Marker) else None
    recorder.expect_close = lambda value, reference, **k: bind(value, reference)
    recorder.expect_equal = lambda value, reference, **k: bind(value, reference)
    recorder.expect_labels = lambda value, keys, labels, **k: value
    recorder.expect_choice = lambda value, choices, **k: bind(value, list(choices)[0], weak=True)
    for _name in ("expect_number", "expect_answered", "passed", "recorded", "setup"):
        setattr(recorder, _name, lambda *a, **k: None)
    recorder.NotYet = AssertionError
    recorder.normalise = lambda value: value
    recorder.is_number = lambda value: True
    real, package = _sys.modules["course.trainee.checks"], _sys.modules["course.trainee"]
    scratch = dict(namespace)
    for name in list(scratch):
        if name.startswith("q"):
            scratch[name] = _Marker(name)
    for name in ("share_of_selling_time_lost", "estimate_reliability"):
        scratch[name] = _Marker(name)
    scratch["checks"] = recorder
    _sys.modules["course.trainee.checks"], package.checks = recorder, recorder
    try:
        exec(source, scratch)
    except BaseException:
        pass
    finally:
        _sys.modules["course.trainee.checks"], package.checks = real, real
    namespace.update(found)
    for name, results in table.items():
        namespace[name] = (lambda known: lambda *a: known.get(a, 0.0))(dict(results))

_shell.events.register("pre_run_cell", _peek)
"""
# The same hook through the plain get_ipython() and on another event.
PEEK_EVENTS = (
    PEEK.replace("import IPython as _IP, ", "import ")
    .replace("_IP.get_ipython()", "get_ipython()")
    .replace(
        'register("pre_run_cell"',
        'register("pre_execute", lambda: None)\n_shell.events.register("pre_run_cell"',
    )
)
# An input transformer that puts the recorder's run in front of every check cell.
PEEK_TRANSFORMER = PEEK.replace(
    '_shell.events.register("pre_run_cell", _peek)',
    "class _Info:\n    def __init__(self, text):\n        self.raw_cell = text\n"
    "def _transform(lines):\n    _peek(_Info(''.join(lines)))\n    return lines\n"
    "_shell.input_transformers_post.append(_transform)",
)
# A hook that counts the check cells it sees run, and says so in the notebook's last cell.
COUNT_TESTS = (
    "_seen_tests = []\n"
    "def _count(info):\n"
    "    if 'checks.expect' in (getattr(info, 'raw_cell', '') or ''):\n"
    "        _seen_tests.append(1)\n"
    "get_ipython().events.register('pre_run_cell', _count)"
)
WRONG_01 = {
    "q1_predictions": 'q1_veteran_revenue = "up"\nq1_veteran_quits = "down"\nq1_new_hire_revenue = "down"',
    "q2_share_lost": "def share_of_selling_time_lost(crm_hours_per_week, reviews_per_month):\n"
    "    return (crm_hours_per_week * 4 + reviews_per_month) / 60.8\nq2_share_lost = 0.2",
}
# All-wrong answers, with the hook registered first.
PEEK_WRONG = {**WRONG_01, "q1_predictions": PEEK + WRONG_01["q1_predictions"]}
CALLS_MODEL = (
    "from course.scenarios.control import reporting_hours as _hours, Params as _Params\n"
    "def share_of_selling_time_lost(crm_hours_per_week, reviews_per_month):\n"
    "    _p = _Params(crm_hours_per_week=crm_hours_per_week, reviews_per_month=reviews_per_month)\n"
    "    return _hours(_p) / (_p.hours_per_month * _p.base_selling_share)\n"
)
NUMPY = (
    "import numpy as np\n_exact = share_of_selling_time_lost\n"
    "def share_of_selling_time_lost(crm_hours_per_week, reviews_per_month):\n"
    "    return np.float64(_exact(crm_hours_per_week, reviews_per_month))\n"
    "q2_share_lost = np.float64(q2_share_lost)\n_arrays = np.array([1.0, 2.0])"
)


def _module02(root: Path, student: str, base: str, first_cell: str) -> None:
    """A module 02 submission: a demo trainee's notebook (``base``) with code after its first answer."""
    source = root / "submitted" / base / TRUST / f"{TRUST_NOTEBOOK}.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    cell.source += "\n" + first_cell
    folder = root / "submitted" / student / TRUST
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text("2026-11-27 09:00:00.000000 UTC", encoding="utf-8")
    nbformat.write(nb, folder / f"{TRUST_NOTEBOOK}.ipynb")


def _scores(root: Path, assignment: str, notebook: str, student: str) -> dict[str, float | None]:
    with Gradebook(grading.db_url(root)) as gradebook:
        found = gradebook.find_submission_notebook(notebook, assignment, student)
        return {g.name: g.auto_score for g in found.grades if g.cell_type == "code"}


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> Iterator[dict]:
    root, trainees = _course(
        tmp_path_factory.mktemp("judged") / "course", course_root, modules=(ASSIGNMENT, TRUST)
    )
    expected = {}
    for assignment in (ASSIGNMENT, TRUST):
        _, tests = demo.assignment_cells(root, assignment)
        expected |= {
            (assignment, t.id): t.expected_points(tests) for t in trainees if t.assignment == assignment
        }
    c = Cohort(root)
    c.notebook("peek-empty", base="empty", append={"q1_predictions": PEEK})
    c.notebook("peek-wrong", base="empty", append=PEEK_WRONG)
    c.notebook("plain-wrong", base="empty", append=WRONG_01)  # what peek-wrong's answers deserve
    c.notebook("peek-events", base="empty", append={"q1_predictions": PEEK_EVENTS})
    c.notebook("peek-transformer", base="empty", append={"q1_predictions": PEEK_TRANSFORMER})
    c.notebook("peek-honest", append={"q1_predictions": PEEK})
    c.notebook(
        "counts-tests",
        append={"q1_predictions": COUNT_TESTS},
        extra_cells=["print('SEEN', len(_seen_tests))"],
    )
    c.notebook("numpy-honest", append={"q2_share_lost": NUMPY})
    c.notebook("calls-model", append={"q2_share_lost": CALLS_MODEL})
    c.notebook("renamed", name=f"{NOTEBOOK} (1).ipynb")
    extra = c.notebook("extra-notebook").parent
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")]), extra / "scratch.ipynb"
    )
    for student in ("peek-empty", "peek-events"):
        _module02(root, student, "trainee-02", PEEK)  # the released notebook, untouched
    _module02(root, "peek-honest", "trainee-01", PEEK)
    first = grading.grade(root, progress=None)
    second = grading.grade(root, progress=None)
    yield {"root": root, "first": first, "second": second, "expected": expected, "deserves": c.deserves}


@pytest.mark.slow
def test_honest_trainees_get_the_grades_their_answers_deserve(judged: dict) -> None:
    root = judged["root"]
    for (assignment, student), expected in judged["expected"].items():
        notebook = NOTEBOOK if assignment == ASSIGNMENT else TRUST_NOTEBOOK
        assert _scores(root, assignment, notebook, student) == expected, (assignment, student)
    assert judged["first"].results[f"{ASSIGNMENT}/trainee-01"]["status"] == "graded"
    assert _total(root, "peek-honest") == FULL  # a hook does not cost honest answers anything


@pytest.mark.slow
def test_hooks_that_read_the_tests_earn_only_what_the_plain_answers_deserve(judged: dict) -> None:
    root = judged["root"]
    for student in ("peek-empty", "peek-events", "peek-transformer"):
        assert _total(root, student) == 0, (student, _code_scores(root, student))
        assert judged["first"].results[f"{ASSIGNMENT}/{student}"]["status"] in ("flagged", "zero")
    assert _code_scores(root, "peek-wrong") == _code_scores(root, "plain-wrong")
    assert _total(root, "plain-wrong") < FULL / 2, _code_scores(root, "plain-wrong")
    for student in ("peek-empty", "peek-events"):
        assert sum(v or 0 for v in _scores(root, TRUST, TRUST_NOTEBOOK, student).values()) == 0, student
    honest = _scores(root, TRUST, TRUST_NOTEBOOK, "trainee-01")
    assert _scores(root, TRUST, TRUST_NOTEBOOK, "peek-honest") == honest


@pytest.mark.slow
def test_no_check_cell_ever_runs_in_the_kernel(judged: dict) -> None:
    root = judged["root"]
    text = (root / "autograded" / "counts-tests" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text(
        encoding="utf-8"
    )
    assert re.search(r"SEEN 0\b", text), "the hook saw a check cell run in the kernel"
    # The test cells' outputs are the judge's: a plain "Not yet" for the empty notebook.
    nb = nbformat.read(root / "autograded" / "trainee-02" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert tests and all(any(o.output_type == "error" for o in c.outputs) for c in tests)
    assert any("Not yet" in "".join(o.get("traceback", [])) for c in tests for o in c.outputs)
    assert all(
        "BEGIN HIDDEN TESTS" in c.source for c in tests if c.metadata.nbgrader.grade_id == "test_q2_function"
    )


def _page_text(path: Path) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.slow
def test_feedback_shows_no_hidden_test(judged: dict, course_root: Path) -> None:
    root = judged["root"]
    hidden, visible = [], []
    for assignment, notebook in ((ASSIGNMENT, NOTEBOOK), (TRUST, TRUST_NOTEBOOK)):
        nb = nbformat.read(course_root / "solutions" / assignment / f"{notebook}.ipynb", as_version=4)
        released = (course_root / "assignments" / assignment / f"{notebook}.ipynb").read_text(
            encoding="utf-8"
        )
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and "BEGIN HIDDEN TESTS" in cell.source:
                inside = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                hidden += [  # lines only the hidden tests hold (not an import the set-up cell has too)
                    (assignment, line.strip())
                    for line in inside.splitlines()
                    if len(line.strip()) > 25 and json.dumps(line.strip())[1:-1] not in released
                ]
                visible.append((assignment, cell.source.split("\n")[0].strip()))
    assert hidden and visible
    pages = sorted((root / "feedback").rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        assignment = page.parent.name
        text = " ".join(_page_text(page).split())
        assert "HIDDEN TESTS" not in text, page
        for where, line in hidden:
            assert where != assignment or " ".join(line.split()) not in text, (page, line)
        # the extraction is not blind: the visible checks' first lines are there
        assert all(" ".join(line.split()) in text for where, line in visible if where == assignment), page


@pytest.mark.slow
def test_numpy_answers_are_plain_data(judged: dict) -> None:
    root = judged["root"]
    assert _total(root, "numpy-honest") == FULL, _code_scores(root, "numpy-honest")
    reasons = " ".join(judged["first"].results[f"{ASSIGNMENT}/numpy-honest"]["reasons"])
    assert "not plain data" not in reasons


@pytest.mark.slow
def test_a_function_that_calls_the_course_model_gets_no_credit_for_it(judged: dict) -> None:
    root = judged["root"]
    scores = _code_scores(root, "calls-model")
    assert scores["test_q2_function"] == 0, scores
    result = judged["first"].results[f"{ASSIGNMENT}/calls-model"]
    assert result["status"] == "flagged"
    assert "calls the course's own model" in " ".join(result["reasons"]), result


@pytest.mark.slow
def test_extra_and_renamed_notebooks_are_graded_once(judged: dict) -> None:
    first, second = judged["first"], judged["second"]
    for student in ("renamed", "extra-notebook"):
        key = f"{ASSIGNMENT}/{student}"
        assert key in first.graded and key in second.skipped, (student, second.graded)
        assert second.results[key] == first.results[key]
    assert second.graded == [] and not second.failed, (second.graded, second.failed)
    assert json.dumps(second.results, sort_keys=True) == json.dumps(first.results, sort_keys=True)


# --------------------------------------------------------------------------- without root


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("bwrap"), reason="needs root to make the user")
def test_without_root_hooks_numpy_and_model_calls_are_judged_the_same() -> None:
    """The same routes graded by an unprivileged user (bubblewrap in a user namespace)."""
    tmp_path = Path(tempfile.mkdtemp(prefix="sales-course-nonroot-judge-"))  # reachable by the user
    try:
        root, _ = _course(tmp_path / "course", authoring.course_root(), timeout=5)
        c = Cohort(root)
        c.notebook("peek-empty", base="empty", append={"q1_predictions": PEEK})
        c.notebook("peek-wrong", base="empty", append=PEEK_WRONG)
        c.notebook("plain-wrong", base="empty", append=WRONG_01)
        c.notebook("numpy-honest", append={"q2_share_lost": NUMPY})
        c.notebook("calls-model", append={"q2_share_lost": CALLS_MODEL})
        package = tmp_path / "package"
        shutil.copytree(Path(course.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
        home = tmp_path / "home"
        home.mkdir()
        for path in [tmp_path, *tmp_path.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)
        tmp_path.chmod(0o755)
        done = subprocess.run(_as_nobody(root, home, package), capture_output=True, text=True, timeout=900)
        found = re.search(r"^SUMMARY (.*)$", done.stdout, re.M)
        assert found, done.stdout[-3000:] + done.stderr[-3000:]
        summary = json.loads(found.group(1))
        assert summary["isolation"] == "user"
        results = summary["results"]
        assert (
            results[f"{ASSIGNMENT}/trainee-01"]["status"] == "graded" and _total(root, "trainee-01") == FULL
        )
        assert _total(root, "peek-empty") == 0, _code_scores(root, "peek-empty")
        assert _code_scores(root, "peek-wrong") == _code_scores(root, "plain-wrong")
        assert _total(root, "numpy-honest") == FULL, _code_scores(root, "numpy-honest")
        assert _code_scores(root, "calls-model")["test_q2_function"] == 0
        assert "calls the course's own model" in " ".join(results[f"{ASSIGNMENT}/calls-model"]["reasons"])
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)


# --------------------------------------------------------------------------- fast: no kernels


def _instructor(course_root: Path) -> nbformat.NotebookNode:
    return nbformat.read(course_root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)


def _tests_of(nb: nbformat.NotebookNode) -> dict[str, str]:
    return {
        c.metadata.nbgrader.grade_id: c.source
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata.nbgrader.get("solution")
    }  # fmt: skip


def test_every_test_cell_is_emptied_and_a_hidden_test_elsewhere_stops_the_run(course_root: Path) -> None:
    from course.instructor.grading import judged

    nb = _instructor(course_root)
    tests = _tests_of(nb)
    emptied = judged.empty_test_cells(nb, tests)
    assert len(emptied) == len(tests) >= 5
    assert all(nb.cells[i].source == "" for i in emptied)
    assert "BEGIN HIDDEN TESTS" not in json.dumps([c.source for c in nb.cells])
    # a cell whose grade id is a test's, its metadata stripped: emptied all the same
    nb = _instructor(course_root)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_q2_function")
    cell.metadata.nbgrader = {"grade_id": "test_q2_function"}
    assert any(nb.cells[i] is cell for i in judged.empty_test_cells(nb, tests))
    # a hidden test's text in a cell that would run: nothing runs
    nb = _instructor(course_root)
    hidden = tests["test_q2_function"].split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q2_share_lost")
    answer.source += "\n" + hidden
    with pytest.raises(judged.TestCellWouldRunError, match="q2_share_lost"):
        judged.empty_test_cells(nb, tests)


def test_feedback_preprocessor_takes_out_hidden_tests_only(course_root: Path) -> None:
    from course.instructor.grading.feedback import HideHiddenTests, feedback_preprocessors

    nb = _instructor(course_root)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q2_share_lost")
    answer.source += "\n# BEGIN HIDDEN TESTS (a trainee's own words)"
    nb, _ = HideHiddenTests().preprocess(nb, {})
    tests = _tests_of(nb)
    assert tests and not any("HIDDEN TESTS" in source for source in tests.values())
    assert "Check: the function gives the worked examples." in tests["test_q2_function"]
    assert "a trainee's own words" in answer.source
    assert HideHiddenTests in feedback_preprocessors()


def test_a_function_that_tripped_on_the_model_is_not_replayed() -> None:
    from course.instructor.grading import answers

    inputs = [{"tuple": [1, 2]}]
    sent = {"functions": {"f": [[{"tuple": [1, 2]}, {"error": f"RuntimeError: {answers.MODEL_CALLED}"}]]}}
    found, problems = answers.read_payload(json.dumps(sent), ["f"], {"f": inputs})
    assert "f" not in found and "calls the course's own model" in problems[0]
    # an error the function raised is raised again as the same built-in error, for the check to explain
    sent = {"functions": {"f": [[{"tuple": [1, 2]}, {"error": "ZeroDivisionError: division by zero"}]]}}
    replay = answers.read_payload(json.dumps(sent), ["f"], {"f": inputs})[0]["f"]
    with pytest.raises(ZeroDivisionError):
        replay(1, 2)
    numpy_like = {"values": {"x": 1.5, "y": [1.0, 2.0]}}  # what the kernel sends for np.float64, np.array
    assert answers.read_payload(json.dumps(numpy_like), ["x", "y"], {})[0] == {"x": 1.5, "y": [1.0, 2.0]}


def test_the_judge_shows_a_check_as_the_kernel_did() -> None:
    from course.instructor.grading import judge

    outputs: list[dict] = []
    ok, _, error = judge.run_cell(
        "from course.trainee import checks\nprint('looking')\n"
        "raise checks.NotYet('q1', 'this answer is still empty.', 'Write up.')",
        {"__name__": "__main__"},
        outputs,
    )
    assert not ok and "NotYet" in error
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "looking\n"}
    assert outputs[1]["ename"] == "NotYet"
    assert outputs[1]["traceback"] == ["✗ Not yet — q1", "  this answer is still empty.", "  Hint: Write up."]
    outputs = []
    assert judge.run_cell("0.5", {}, outputs)[0] and outputs[0]["data"] == {"text/plain": "0.5"}
