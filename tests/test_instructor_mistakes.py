"""The instructor's mistakes stop with a clear message and a non-zero exit (issue 27 item 5):
outside a course folder, nothing to grade, a folder in submitted/ that matches no trainee
or no assignment. None of these starts a kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

from course import cli


def _course(root: Path) -> Path:
    (root / "solutions" / "01_first").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa: F821\nc.CourseDirectory.source_directory = "solutions"\n', encoding="utf-8"
    )
    return root


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("command", [["grade"], ["report"], ["export", "canvas"], ["handgrade", "01_first"]])
def test_outside_a_course_folder_nothing_falls_back_to_the_installed_checkout(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = _run(command, capsys)
    assert code == 1
    assert f"sales-course {command[0]}: {tmp_path} is not inside a course folder" in said
    assert "cd into your course folder" in said


def test_no_submitted_folder_or_an_empty_one_is_nothing_to_grade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _course(tmp_path / "course")
    monkeypatch.chdir(root)
    code, said = _run(["grade"], capsys)
    assert code == 1 and f"Nothing to grade: {root / 'submitted'} does not exist" in said
    assert "nbgrader collect" in said
    (root / "submitted").mkdir()
    code, said = _run(["grade"], capsys)
    assert code == 1 and "is empty" in said
    (root / "submitted" / "ana").mkdir()
    code, said = _run(["grade"], capsys)
    assert code == 1 and "submitted/ana holds no assignment folder" in said


def test_folders_that_match_no_trainee_or_no_assignment_are_named_and_not_graded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _course(tmp_path / "course")
    for folder in ("Smith, Jo/01_first", '=HYPERLINK("http://x","y")/01_first', "ana/01_frist"):
        (root / "submitted" / folder).mkdir(parents=True)
    (root / "solutions" / "01_first" / "first.ipynb").write_text("{}", encoding="utf-8")
    for name in ("first.ipynb", "first (1).ipynb"):  # names only: nothing is opened before grading
        (root / "submitted" / "Smith, Jo" / "01_first" / name).write_text("{}", encoding="utf-8")
    monkeypatch.chdir(root)
    code, said = _run(["grade"], capsys)
    assert code == 1
    assert "submitted/Smith, Jo: 'Smith, Jo' is not a trainee id" in said
    assert "submitted/'=HYPERLINK" in said, "the id is shown neutralised"
    assert "submitted/ana/01_frist matches no assignment (did you mean 01_first?)" in said
    assert "nothing was graded" in said
    assert "first (1).ipynb is a second notebook" not in said, "an id refused is not read further"
    from course.instructor import intake

    (root / "submitted" / "bo" / "01_first").mkdir(parents=True)
    for name in ("first.ipynb", "first (1).ipynb"):
        (root / "submitted" / "bo" / "01_first" / name).write_text("{}", encoding="utf-8")
    found = intake.check(root)
    assert found.students == ["bo"], "the assignment's own notebook is still graded"
    assert (
        "submitted/bo/01_first/first (1).ipynb is a second notebook: only first.ipynb is graded"
        in "\n".join(found.problems)
    )
    assert "/tmp/" not in "\n".join(p for p in found.problems if "second notebook" in p)
    assert not (root / "autograded").exists()


def test_a_submitter_not_on_the_roster_is_kept_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _course(tmp_path / "course")
    (tmp_path / "roster.csv").write_text(
        "id,name,email,lms_id\nana,Ana Lima,ana@example.com,1001\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    assert cli.main(["roster", "import", str(tmp_path / "roster.csv")]) == 0
    assert "1 trainee(s) imported" in capsys.readouterr().out
    (root / "submitted" / "anna" / "01_first").mkdir(parents=True)
    code, said = _run(["grade"], capsys)
    assert code == 1
    assert "anna is not on the roster (did you mean ana?): kept apart" in said
    assert "sales-course roster import" in said


def test_a_roster_with_bad_rows_is_refused_with_each_row_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _course(tmp_path / "course")
    (tmp_path / "roster.csv").write_text("id,name\n@ana,Ana\nbo,Bo Chen\nbo,Bo again\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code, said = _run(["roster", "import", str(tmp_path / "roster.csv")], capsys)
    assert (
        code == 1
        and 'row 2: "\'@ana" is not a trainee id' in said
        and "row 4: bo is on the roster twice" in said
    )
    code, said = _run(["roster", "list"], capsys)
    assert code == 1 and "No roster yet" in said
