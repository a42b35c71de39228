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
        "q3_asha": Counter({"0": 2, "6": 1}),
        "q3_ben": Counter({"2": 3}),
        "q3_carla": Counter({"6": 3}),
        "q3_dev": Counter({"6": 1, "no answer": 2}),
    }
    data.model_answers = {"q3_asha": 0, "q3_ben": 0, "q3_carla": 6, "q3_dev": 6}
    picture, summary = report.plot_decisions(data)
    assert picture
    assert "Asha (kept 18 of 20) (q3_asha): 0: 2, 6: 1. The model backs 0 (2 of 3 chose it)" in summary
    assert "Ben (kept 2 of 2) (q3_ben): 2: 3. The model backs 0 (0 of 3 chose it)" in summary
