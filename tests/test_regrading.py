"""Regrading: sales-course grade grades only what is new or changed, keeps hand grades, and gives
a broken or tampered submission its result without touching the rest.

Its own file so that, under pytest-xdist's loadfile, it runs beside tests/test_grading.py's
demo-class tests on the other worker instead of after them.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from test_grading import ASSIGNMENT, NOTEBOOK, _code_scores, _grades

from course import cli
from course.instructor import demo, grading


@pytest.mark.slow
def test_regrading_is_idempotent_and_grades_only_new_or_changed_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], course_copy
) -> None:
    root = course_copy(tmp_path / "course")
    everyone = demo.make_cohort(root, count=3, seed=11)  # 3 trainees for each graded module
    # Module 01 and one other are enough to show that unchanged work of every module is skipped;
    # grading the other five as well took the suite 20 s and showed nothing more.
    kept = {ASSIGNMENT, "02_trust"}
    for trainee in everyone:
        if trainee.assignment not in kept:
            shutil.rmtree(root / "submitted" / trainee.id / trainee.assignment)
    everyone = [t for t in everyone if t.assignment in kept]
    cohort = [t for t in everyone if t.assignment == ASSIGNMENT]
    first = grading.grade(root, progress=None)
    assert len(first.graded) == len(everyone) and not first.failed
    before = _grades(root)
    autograded = root / "autograded" / cohort[0].id / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    stamp = autograded.stat().st_mtime_ns

    # The second run, through the command line: nothing to do, nothing changes.
    monkeypatch.chdir(root)
    assert cli.main(["grade"]) == 0
    assert f"Graded 0, skipped {len(everyone)} unchanged, failed 0" in capsys.readouterr().out
    assert cli.main(["report", ASSIGNMENT, "--out", str(tmp_path / "debrief.html")]) == 0
    assert "data:image/png;base64," in (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert _grades(root) == before
    assert autograded.stat().st_mtime_ns == stamp

    # A late submission (the empty one, with its test cells edited outside JupyterLab to
    # pass) and a broken one: only they are graded, the edit is flagged and earns nothing.
    late = root / "submitted" / "late-trainee" / ASSIGNMENT
    shutil.copytree(root / "submitted" / cohort[-1].id / ASSIGNMENT, late)
    (late / "timestamp.txt").write_text("2026-11-28 08:00:00.000000 UTC", encoding="utf-8")
    tampered = nbformat.read(late / f"{NOTEBOOK}.ipynb", as_version=4)
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "pass"
    nbformat.write(tampered, late / f"{NOTEBOOK}.ipynb")
    broken = root / "submitted" / "broken-trainee" / ASSIGNMENT
    broken.mkdir(parents=True)
    (broken / f"{NOTEBOOK}.ipynb").write_text("{ this is not a notebook", encoding="utf-8")
    third = grading.grade(root, progress=None)
    assert third.graded == [f"{ASSIGNMENT}/late-trainee"]
    assert list(third.failed) == [f"{ASSIGNMENT}/broken-trainee"]
    assert third.failed[f"{ASSIGNMENT}/broken-trainee"]
    assert set(_code_scores(root, "late-trainee").values()) == {0.0}
    assert "locked cells edited" in " ".join(third.flagged[f"{ASSIGNMENT}/late-trainee"])
    after = _grades(root)
    assert {k: v for k, v in after.items() if k[1] in {t.id for t in cohort}} == before
    rows = [
        row
        for row in csv.DictReader((root / "reports" / "grades.csv").open(encoding="utf-8"))
        if row["assignment"] == ASSIGNMENT  # the other modules' rows say "not submitted"
    ]
    assert {r["student_id"] for r in rows} == {t.id for t in cohort} | {"late-trainee", "broken-trainee"}
    broken_row = next(r for r in rows if r["student_id"] == "broken-trainee")
    assert broken_row["status"] == "failed" and broken_row["reason"] and broken_row["score"] == ""
    assert next(r for r in rows if r["student_id"] == "late-trainee")["status"] == "flagged"

    # A resubmission that changes an answer is graded again; the broken one stays failed, unchanged.
    resubmitted = root / "submitted" / cohort[-1].id / ASSIGNMENT
    for name in (f"{NOTEBOOK}.ipynb", "timestamp.txt"):
        shutil.copy2(root / "submitted" / cohort[0].id / ASSIGNMENT / name, resubmitted / name)
    fourth = grading.grade(root, progress=None)
    assert fourth.graded == [f"{ASSIGNMENT}/{cohort[-1].id}"]
    assert f"{ASSIGNMENT}/broken-trainee" in fourth.failed
    assert _code_scores(root, cohort[-1].id) == _code_scores(root, cohort[0].id)
    state = json.loads((root / grading.STATE_FOLDER / grading.STATE_FILE).read_text(encoding="utf-8"))
    assert state[f"{ASSIGNMENT}/broken-trainee"]["status"] == "failed"

    # Hand-grading in formgrader, then fresh feedback: the hand grade shows and survives.
    with Gradebook(grading.db_url(root)) as gradebook:
        gradebook.find_grade("reflection", NOTEBOOK, ASSIGNMENT, cohort[0].id).manual_score = 4
        gradebook.db.commit()
    fifth = grading.grade(root, refresh_feedback=True, progress=None)
    assert fifth.graded == []
    feedback = root / "feedback" / cohort[0].id / ASSIGNMENT / f"{NOTEBOOK}.html"
    points = sum(t.points for t in demo.assignment_cells(root, ASSIGNMENT)[1])
    assert f"Score: {points + 4:.1f} / " in feedback.read_text(encoding="utf-8")
    with Gradebook(grading.db_url(root)) as gradebook:
        assert gradebook.find_grade("reflection", NOTEBOOK, ASSIGNMENT, cohort[0].id).manual_score == 4

    # The instructor edits the assignment (here the wording of the first cell): all of it is graded
    # again, with the same scores, and the hand grade stays.
    scores = {t.id: _code_scores(root, t.id) for t in cohort}
    instructor = root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(instructor, as_version=4)
    nb.cells[0].source += "\n\n*Revised.*"
    nbformat.write(nb, instructor)
    sixth = grading.grade(root, progress=None)
    assert sorted(sixth.graded) == sorted(f"{ASSIGNMENT}/{s}" for s in [*scores, "late-trainee"])
    assert f"{ASSIGNMENT}/broken-trainee" in sixth.failed
    assert {t.id: _code_scores(root, t.id) for t in cohort} == scores
    with Gradebook(grading.db_url(root)) as gradebook:
        assert gradebook.find_grade("reflection", NOTEBOOK, ASSIGNMENT, cohort[0].id).manual_score == 4
