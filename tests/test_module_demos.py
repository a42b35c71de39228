"""Each graded module in the instructor pipeline: a synthetic class's grades match their answers,
and the debrief report draws the class's decisions for that module.

The class is the session's demo class (``demo_class`` in tests/conftest.py, shared with
test_grading.py, which checks module 01): one grading run of every module, read here per module."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course.instructor import demo, grading

# Each module: its notebook, and text its decisions plot must show.
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
def test_grades_match_the_synthetic_answers_and_the_report_plots_decisions(
    demo_class: demo.Demo, assignment: str
) -> None:
    # The session's demo class (tests/conftest.py): graded once for every module, not once a module.
    notebook_name, shown = MODULES[assignment]
    root = demo_class.root
    _, tests = demo.assignment_cells(root, assignment)
    cohort = [t for t in demo_class.cohort if t.assignment == assignment]
    assert len(cohort) == 6
    assert {f"{assignment}/{t.id}" for t in cohort} <= set(demo_class.summary.graded)
    assert not [key for key in demo_class.summary.failed if key.startswith(f"{assignment}/")]
    totals = []
    with Gradebook(grading.db_url(root)) as gradebook:
        for trainee in cohort:
            notebook = gradebook.find_submission_notebook(notebook_name, assignment, trainee.id)
            scores = {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}
            assert scores == trainee.expected_points(tests), f"{trainee.id}: {trainee.choices}"
            totals.append(sum(scores.values()))
    assert totals[0] == sum(t.points for t in tests) >= 10 and totals[-1] == 0
    page = demo_class.report.read_text(encoding="utf-8")
    assert f'id="plot-decisions-{assignment}"' in page
    for text in shown:
        assert text in page, text
