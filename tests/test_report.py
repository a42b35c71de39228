"""The debrief page: built from a template that escapes everything, with exercises named as
trainees saw them. (The report on a graded class is tested in test_grading.py.)"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from course.instructor import report

ASSIGNMENT = "01_leader_not_manager"


def test_exercises_are_named_as_the_trainee_saw_them(course_root: Path) -> None:
    labels = report.exercise_labels(course_root, ASSIGNMENT)
    assert labels, "no graded cells found"
    for grade_id, label in labels.items():
        assert label != grade_id, f"{grade_id} has no name a trainee would recognise"
    exercises = {label.split(" · ")[0] for label in labels.values()}
    assert "Exercise 1" in exercises and "Reflection" in " ".join(exercises)


def _hostile_class() -> report.AssignmentData:
    hostile = "<script>alert(1)</script>"
    data = report.AssignmentData(ASSIGNMENT, students=["alice-01", "bob<b>-02"], title="Module · <i>01</i>")
    data.items = [
        report.Item("q1_example", "nb", 1, True, {"alice-01": 1, "bob<b>-02": 0}),
        report.Item("reflection", "nb", 5, False, {"alice-01": 3}),
    ]
    data.labels = {"q1_example": f"Exercise 1 · your answer {hostile}"}
    failure = report.Failure("q1_example", "q1_example", f"got {hostile}", f"hint {hostile}", {"bob<b>-02"})
    data.failures = {("q1_example", "q1_example", failure.hint): failure}
    data.answers = {"q1_example": Counter({f"'{hostile}'": 1, "'up'": 1})}
    data.model_answers = {"q1_example": "up"}
    return data


def test_everything_a_trainee_typed_is_escaped_on_the_page() -> None:
    section = report.assignment_context(
        _hostile_class(), names=True, attention=[("bob<b>-02", "flagged", ["answer <img src=x onerror=1>"])]
    )
    page = (
        report._environment()
        .get_template("debrief.html.j2")
        .render(sections=[section], names=True, stamp="now")
    )
    assert "<script" not in page.lower()
    assert "<img src=x" not in page and "<b>" not in page
    assert "bob&lt;b&gt;-02" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Exercise 1 · your answer" in page and "(q1_example)" in page
    assert "Module · &lt;i&gt;01&lt;/i&gt;" in page


def test_without_names_no_trainee_id_reaches_the_page() -> None:
    section = report.assignment_context(_hostile_class(), names=False, attention=[("bob<b>-02", "error", [])])
    page = (
        report._environment()
        .get_template("debrief.html.j2")
        .render(sections=[section], names=False, stamp="now")
    )
    assert "bob&lt;b&gt;-02" not in page and "alice-01" not in page
    assert "not graded" in page


def test_module_02_exercises_are_named_and_its_decisions_plotted(course_root: Path) -> None:
    labels = report.exercise_labels(course_root, "02_trust")
    assert {label.split(" · ")[0] for label in labels.values()} >= {
        "Exercise 1",
        "Exercise 2",
        "Exercise 3",
        "Exercise 4",
    }
    data = report.AssignmentData("02_trust", students=["a", "b", "c"])
    data.decisions = {
        "q3_asha": Counter({"'L'": 2, "'C'": 1}),
        "q3_ben": Counter({"'C'": 3}),
        "q3_carla": Counter({"'C'": 3}),
        "q3_dev": Counter({"'C'": 1, "no answer": 2}),
    }
    data.model_answers = {"q3_asha": "L", "q3_ben": "L", "q3_carla": "C", "q3_dev": "C"}
    picture, summary = report.plot_decisions(data)
    assert picture
    assert "Asha (kept 18 of 20) (q3_asha): 'L': 2, 'C': 1. The model backs 'L' (2 of 3 chose it)" in summary
    assert "Ben (kept 2 of 2) (q3_ben): 'C': 3. The model backs 'L' (0 of 3 chose it)" in summary


def _module(name: str, scores: dict[str, float]) -> report.AssignmentData:
    """A module of 10 autograded points and a reflection, with each trainee's autograded score."""
    data = report.AssignmentData(name, students=sorted(scores))
    data.items = [
        report.Item("q1", "nb", 10, True, dict(scores)),
        report.Item("reflection", "nb", 5, False, {s: 5 for s in scores}),  # never counted
    ]
    return data


def test_the_course_progress_names_who_needs_help_and_why() -> None:
    progress = report.course_progress(
        [
            _module("01_leader_not_manager", {"ann": 9, "bo": 4, "cy": 10, "di": 10}),
            _module("02_trust", {"ann": 10, "bo": 5, "cy": 10}),  # di has not handed in
            _module("03_coaching", {"ann": 8}),  # most have not: no one is chased for it
        ]
    )
    assert progress.trainees == ["ann", "bo", "cy", "di"]
    assert progress.shares[("bo", "01_leader_not_manager")] == 0.4
    assert progress.shares[("di", "02_trust")] is None
    # Most in need first (a module not handed in weighs 1, a module at 40% weighs 0.6), each
    # naming the exercises missed.
    assert progress.needs_help() == [
        ("di", ["02_trust: not handed in (3 of 4 have)"]),
        (
            "bo",
            ["01_leader_not_manager: 40% of the autograded points; missed q1"],
        ),  # 5 of 10 is not below half
    ]
    picture, summary = report.plot_progress(progress)
    assert picture
    assert "4 trainee(s) across 3 module(s); handed in per module: 01 4, 02 3, 03 1" in summary
    assert "2 trainee(s) need help" in summary


def test_the_course_section_says_who_only_on_the_instructors_copy() -> None:
    progress = report.course_progress(
        [
            _module("01_leader_not_manager", {"ann<i>": 2, "bo": 9}),
            _module("02_trust", {"ann<i>": 9, "bo": 9}),
        ]
    )
    template = report._environment().get_template("debrief.html.j2")
    shared = template.render(
        sections=[], course=report.course_context(progress, names=False), names=False, stamp="now"
    )
    assert 'id="plot-progress"' in shared and "1 trainee(s) need help" in shared
    assert "ann" not in shared and "sales-course report --names" in shared
    private = template.render(
        sections=[], course=report.course_context(progress, names=True), names=True, stamp="now"
    )
    assert (
        "<td>ann&lt;i&gt;</td>" in private
        and "01_leader_not_manager: 20% of the autograded points" in private
    )


def test_the_guide_names_every_graded_cell_as_the_report_does(course_root: Path) -> None:
    """The facilitator guide's points tables list each graded cell by the id the report shows
    beside its exercise name, so guide, report and notebook can be read side by side."""
    guide = (course_root / "docs" / "FACILITATOR_GUIDE.md").read_text(encoding="utf-8")
    modules = sorted(
        p.name
        for p in (course_root / "solutions").iterdir()
        if p.name[:2] in {"01", "02", "03", "04", "05", "06", "07"}
    )
    assert len(modules) == 7
    for module in modules:
        for grade_id in report.exercise_labels(course_root, module):
            assert f"`{grade_id}`" in guide, f"{module}: {grade_id} is not in the guide's points table"


def test_a_decision_spelled_another_accepted_way_counts_as_its_option() -> None:
    # Module 03's checks accept "co-sell", "Co-Sell" and "co sell" for cosell: one bar, not three.
    options = report.DECISIONS["03_coaching"]["q4_ana"]
    for spelled in ("cosell", "co-sell", "Co-Sell", " co sell ", "“cosell”"):
        assert report._decision_as_option(spelled, options) == "'cosell'"
    assert report._decision_as_option("coach me", options) == "'coach me'"
    assert (
        report._decision_as_option(2, report.DECISIONS["01_leader_not_manager"]["q3_veteran_reviews"]) == "2"
    )
    assert report._decision_as_option(None, options) == "no answer"
