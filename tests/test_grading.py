"""The instructor pipeline: sales-course grade, report and demo, for every graded module.

Slow tests grade small synthetic cohorts with real kernels and assert on the
gradebook: expected points come from the synthetic trainees' answer choices and the
points in the instructor notebook, not from the pipeline.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.instructor import authoring, demo, grading, report

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"


# --------------------------------------------------------------------------- fast: no kernels


def test_decisions_are_read_without_running_trainee_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    source = (
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n"
        'q3_veteran_reviews = None\nq3_veteran_reviews = 0\nq3_reason = "B"\nq2 = compute(4, 4)\n'
    )
    answers = report.literal_answers(source)
    assert answers == {"q3_veteran_reviews": 0, "q3_reason": "B", "q2": "(computed)"}
    assert not marker.exists()
    assert report.literal_answers("q3 = (") == {}


def test_failing_checks_are_parsed_from_not_yet_outputs() -> None:
    cell = nbformat.v4.new_code_cell("checks...")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_q1", "points": 1}
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="NotYet",
            evalue="q1: empty",
            traceback=[
                "✗ Not yet — q1_veteran_revenue",
                "  this answer is still empty.",
                "  Hint: Write up.",
            ],
        )
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert report.failures_in(nb) == [
        ("test_q1", "q1_veteran_revenue", "this answer is still empty.", "Write up.")
    ]


def test_discrimination_is_the_corrected_item_total_correlation() -> None:
    data = report.AssignmentData("a", students=["s1", "s2", "s3", "s4"])
    good = report.Item("good", "nb", 1, True, {"s1": 1, "s2": 1, "s3": 0, "s4": 0})
    other = report.Item("other", "nb", 2, True, {"s1": 2, "s2": 2, "s3": 0, "s4": 2})
    flat = report.Item("flat", "nb", 1, True, {"s1": 1, "s2": 1, "s3": 1, "s4": 1})
    data.items = [good, other, flat]
    assert good.difficulty == 0.5
    assert report.discrimination(data, good) == pytest.approx(0.57735, rel=1e-4)
    assert report.discrimination(data, flat) is None


def test_answer_regions_are_filled_in_order() -> None:
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n\ny = None\n### BEGIN SOLUTION\ny = f(2)\n### END SOLUTION"
    assert demo.fill_regions(source, None) == "def f(x):\n    return x\n\ny = None\ny = f(2)"
    assert (
        demo.fill_regions(source, ("    return 2 * x", "y = 3"))
        == "def f(x):\n    return 2 * x\n\ny = None\ny = 3"
    )


def test_every_catalogued_mistake_still_fits_the_instructor_notebook(course_root: Path) -> None:
    answers, tests = demo.assignment_cells(course_root, ASSIGNMENT)
    assert tests and all(t.uses for t in tests), "each test cell should read at least one answer"
    known = demo.catalogue(course_root)
    for cell in answers:
        assert demo.usable_mistakes(known, ASSIGNMENT, cell) == known.mistakes[ASSIGNMENT].get(
            cell.grade_id, {}
        )


def test_a_partly_right_labelling_mistake_keeps_the_share_its_check_gives(course_root: Path) -> None:
    # Module 01's labelling checks give each right label its share: the demo's partly right
    # mistakes must expect what the check itself scores, computed here by the check's own rule.
    from course.trainee import checks

    known = demo.catalogue(course_root)
    answers, tests = demo.assignment_cells(course_root, ASSIGNMENT)
    by_id = {a.grade_id: a for a in answers}
    partial = 0
    for cell_id, mistakes in known.mistakes[ASSIGNMENT].items():
        key_scope: dict = {}
        exec(demo.fill_regions(by_id[cell_id].source, None), key_scope)  # noqa: S102 - the solution
        for name, mistake in mistakes.items():
            for answer, share in mistake.partial.items():
                partial += 1
                scope: dict = {}
                exec(mistake.blocks[0], scope)  # noqa: S102 - the demo's own answer
                earned = checks.score_labels(
                    scope[answer], key_scope[answer], question=answer, points=1, quiet=True
                )
                assert earned == pytest.approx(share), (cell_id, name)
    assert partial >= 4, "module 01's label exercises should have partly right mistakes"
    trainee = demo.Trainee("t", ASSIGNMENT, wrong=["q5_labels"], partial={"q4_labels": 0.6})
    points = trainee.expected_points(tests)
    assert points["test_q4_labels"] == 1.2 and points["test_q5_labels"] == 0.0
    assert points["test_q1_revenue_change"] == 2.0
    with pytest.raises(ValueError, match="share between 0 and 1"):
        demo.Mistake.of(["x = 1"], "x", partial={"x": 0.5})
    # The session's demo class (6 trainees, seed 7) and the CLI's (12, seed 2026) both hold
    # someone with some labels right, so the debrief's "some points" bars are not empty.
    for count, seed in ((6, 7), (12, 2026)):
        cohort = demo.make_trainees(known, ASSIGNMENT, answers, count, seed)
        assert any(t.partial for t in cohort), (count, seed)


# --------------------------------------------------------------------------- slow: real grading


def _grades(root: Path) -> dict[tuple[str, ...], tuple]:
    return grading.gradebook_grades(grading.db_url(root))


def _code_scores(root: Path, student: str) -> dict[str, float | None]:
    with Gradebook(grading.db_url(root)) as gradebook:
        notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}


@pytest.fixture(scope="module")
def demo_course(demo_class: demo.Demo) -> demo.Demo:
    """The session's demo class (tests/conftest.py): every module graded once, for every test here."""
    return demo_class


@pytest.mark.slow
def test_demo_grades_match_the_trainees_answers(demo_course: demo.Demo) -> None:
    _, tests = demo.assignment_cells(demo_course.root, ASSIGNMENT)
    assert sum(t.points for t in tests) >= 10
    totals = []
    cohort = [t for t in demo_course.cohort if t.assignment == ASSIGNMENT]  # other modules' have their own
    for trainee in cohort:
        expected = trainee.expected_points(tests)
        assert _code_scores(demo_course.root, trainee.id) == expected, f"{trainee.id}: {trainee.choices}"
        totals.append(sum(expected.values()))
    assert totals[0] == sum(t.points for t in tests), "the first trainee is perfect"
    assert totals[-1] == 0, "the last trainee submitted the notebook untouched"
    assert len(set(totals)) >= 3, "the cohort should spread from perfect to empty"
    assert not demo_course.summary.failed
    assert sorted(demo_course.summary.graded) == sorted(f"{t.assignment}/{t.id}" for t in demo_course.cohort)


# The other graded modules: their notebook, and text each one's decisions plot must show.
MODULES = {
    "02_trust": ("trust", ["Asha (kept 18 of 20)"]),
    "03_coaching": ("coaching", ["Eli (starts now)", "&#39;coach&#39;"]),
    "04_start_small": ("start_small", ["Mix of deals (A 0%"]),
    "05_pebbles_and_quarters": ("pebbles_and_quarters", ["Starves the pilot"]),
    "06_one_team": ("one_team", ["Pay plan (A = today"]),
    "07_leap_of_faith": ("leap_of_faith", ["Quarter 2 (A keep the timeline"]),
}


@pytest.mark.parametrize("assignment", MODULES)
def test_every_catalogued_mistake_fits_its_module(course_root: Path, assignment: str) -> None:
    answers, _tests = demo.assignment_cells(course_root, assignment)
    known = demo.catalogue(course_root)
    for cell in answers:
        assert demo.usable_mistakes(known, assignment, cell) == known.mistakes[assignment].get(
            cell.grade_id, {}
        )
    assert {cell.grade_id for cell in answers} <= set(known.mistakes[assignment])


@pytest.mark.slow
@pytest.mark.parametrize("assignment", MODULES)
def test_each_module_grades_match_the_synthetic_answers_and_the_report_plots_decisions(
    demo_course: demo.Demo, assignment: str
) -> None:
    # The same graded class as module 01's tests above: one grading run of every module, read
    # here module by module (each module used to grade a class of its own).
    notebook_name, shown = MODULES[assignment]
    root = demo_course.root
    _, tests = demo.assignment_cells(root, assignment)
    cohort = [t for t in demo_course.cohort if t.assignment == assignment]
    assert len(cohort) == 6
    assert {f"{assignment}/{t.id}" for t in cohort} <= set(demo_course.summary.graded)
    totals = []
    with Gradebook(grading.db_url(root)) as gradebook:
        for trainee in cohort:
            notebook = gradebook.find_submission_notebook(notebook_name, assignment, trainee.id)
            scores = {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}
            assert scores == trainee.expected_points(tests), f"{trainee.id}: {trainee.choices}"
            totals.append(sum(scores.values()))
    assert totals[0] == sum(t.points for t in tests) >= 10 and totals[-1] == 0
    page = demo_course.report.read_text(encoding="utf-8")
    assert f'id="plot-decisions-{assignment}"' in page
    for text in shown:
        assert text in page, text


@pytest.mark.slow
def test_every_trainee_gets_feedback_and_an_autograded_notebook(demo_course: demo.Demo) -> None:
    _, tests = demo.assignment_cells(demo_course.root, ASSIGNMENT)
    for trainee in [t for t in demo_course.cohort if t.assignment == ASSIGNMENT]:
        feedback = demo_course.root / "feedback" / trainee.id / ASSIGNMENT / f"{NOTEBOOK}.html"
        assert feedback.is_file(), f"no feedback for {trainee.id}"
        page = feedback.read_text(encoding="utf-8")
        total = sum(trainee.expected_points(tests).values())
        assert re.search(rf"Score: {total:.1f} / \d", page), (
            f"{trainee.id}: feedback should show {total:g} points"
        )
        assert ("✗ Not yet" in page) == bool(trainee.wrong or trainee.partial), trainee.id
        assert (demo_course.root / "autograded" / trainee.id / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()


@pytest.mark.slow
def test_grades_csv_matches_the_gradebook(demo_course: demo.Demo) -> None:
    every = list(csv.DictReader((demo_course.root / "reports" / "grades.csv").open(encoding="utf-8")))
    # nbgrader lists every released assignment for every student: module 00 (practice, no demo
    # submissions) shows too, with no score.
    graded = {t.assignment for t in demo_course.cohort}
    practice = {
        a for a in authoring.assignment_names(demo_course.root) if demo.is_practice(demo_course.root, a)
    }
    assert {r["assignment"] for r in every} - graded <= practice
    assert all(not r["timestamp"] for r in every if r["assignment"] in practice)
    rows = [r for r in every if r["assignment"] in graded]
    assert len(rows) == len(demo_course.cohort)
    # Every demo trainee wrote a reflection (or left it as released, which nbgrader scores 0):
    # until it is hand-graded the row says so.
    assert {row["status"] for row in rows} <= {"graded", "auto-graded, reflection pending"}
    assert "auto-graded, reflection pending" in {row["status"] for row in rows}
    assert {row["reason"] for row in rows} == {""}
    with Gradebook(grading.db_url(demo_course.root)) as gradebook:
        for row in rows:
            submission = gradebook.find_submission(row["assignment"], row["student_id"])
            assert float(row["raw_score"]) == pytest.approx(submission.score)
            assert float(row["max_score"]) == pytest.approx(submission.max_score)


@pytest.mark.slow
def test_report_is_self_contained_with_every_plot_and_no_names(demo_course: demo.Demo) -> None:
    page = demo_course.report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", page, re.I)
    assert "<script" not in page.lower()
    for plot in ("scores", "exercises", "decisions"):
        figure = re.search(rf'<figure class="plot" id="plot-{plot}-{ASSIGNMENT}">(.*?)</figure>', page, re.S)
        assert figure, f"no {plot} plot"
        assert 'src="data:image/png;base64,' in figure.group(1)
        assert "In words:" in figure.group(1)
    assert "Most common failing checks" in page and "Difficulty" in page
    for trainee in demo_course.cohort:
        assert trainee.id not in page
    assert "Every answer the class gave" in page and "q3_reason" in page
    named = report.render(demo_course.root, [ASSIGNMENT], names=True)
    assert all(trainee.id in named for trainee in demo_course.cohort)


@pytest.mark.slow
def test_parallel_grading_equals_sequential_nbgrader(
    demo_course: demo.Demo, tmp_path: Path, course_copy
) -> None:
    plain = course_copy(tmp_path / "plain")  # released as the demo's course was
    # Every other trainee of every module: plain nbgrader one submission after another is the
    # slowest step of the suite (131 s for the whole class), and half the class still holds
    # every module and both full and partial marks.
    students = sorted({t.id for t in demo_course.cohort})[::2]
    for student in students:
        shutil.copytree(demo_course.root / "submitted" / student, plain / "submitted" / student)
    for assignment in sorted({t.assignment for t in demo_course.cohort}):
        done = authoring.nbgrader(plain, "autograde", assignment)
        assert done.returncode == 0, done.stdout + done.stderr
    sequential = _grades(plain)
    parallel = {key: grade for key, grade in _grades(demo_course.root).items() if key[1] in students}
    assert {key[0] for key in sequential} == {t.assignment for t in demo_course.cohort}
    assert len(sequential) > 10 * len(students)
    assert parallel == sequential
