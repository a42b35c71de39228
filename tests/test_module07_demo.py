"""Module 07 in the instructor pipeline: synthetic trainees' grades match their answers, and the
debrief report draws the class's quarter-2 choices."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course.instructor import authoring, demo, grading, report

ASSIGNMENT, NOTEBOOK = "07_leap_of_faith", "leap_of_faith"


def test_every_catalogued_mistake_fits_module_07(course_root: Path) -> None:
    answers, _tests = demo.assignment_cells(course_root, ASSIGNMENT)
    known = demo.catalogue(course_root)
    for cell in answers:
        assert demo.usable_mistakes(known, ASSIGNMENT, cell) == known.mistakes[ASSIGNMENT].get(
            cell.grade_id, {}
        )
    assert {cell.grade_id for cell in answers} <= set(known.mistakes[ASSIGNMENT])


@pytest.mark.slow
def test_module_07_grades_match_the_synthetic_answers_and_the_report_plots_decisions(
    tmp_path: Path, course_root: Path
) -> None:
    root = authoring.release_into_copy(course_root, tmp_path / "course")
    answers, tests = demo.assignment_cells(root, ASSIGNMENT)
    known = demo.catalogue(root)
    cohort = demo.make_trainees(known, ASSIGNMENT, answers, 6, seed=5)
    rng, start = random.Random(6), datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    for index, trainee in enumerate(cohort):
        demo.write_submission(root, known, trainee, start + timedelta(minutes=index), rng)
    summary = grading.grade(root, [ASSIGNMENT], progress=None)
    assert not summary.failed and len(summary.graded) == len(cohort)
    totals = []
    with Gradebook(grading.db_url(root)) as gradebook:
        for trainee in cohort:
            notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, trainee.id)
            scores = {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}
            assert scores == trainee.expected_points(tests), f"{trainee.id}: {trainee.choices}"
            totals.append(sum(scores.values()))
    assert totals[0] == sum(t.points for t in tests) >= 10 and totals[-1] == 0
    page = report.write_report(root).read_text(encoding="utf-8")
    assert f'id="plot-decisions-{ASSIGNMENT}"' in page and "Quarter 2 (A keep the timeline" in page
