"""The course as a whole: releasable, in sync with nbgrader, and clean in git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from course.instructor import authoring


def test_instructor_notebooks_have_consistent_nbgrader_metadata(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_metadata(course_root, report)
    assert report.ok, report.problems


def test_no_committed_notebook_holds_outputs(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_no_outputs(course_root, report)
    assert report.ok, report.problems


def test_released_notebooks_hold_no_solutions_hidden_tests_or_rubrics(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_released_clean(course_root, report)
    assert report.ok, report.problems
    for notebook in (course_root / "assignments").rglob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        # The solutions themselves, not only their markers.
        assert "Model answer and rubric" not in text
        assert 'q3_reason = "B"' not in text
        assert "return crm_hours_per_week * 52 / 12" not in text


def test_every_assignment_is_released(course_root: Path) -> None:
    released = sorted(p.name for p in (course_root / "assignments").iterdir() if p.is_dir())
    assert released == authoring.assignment_names(course_root)


def test_assignments_equal_what_nbgrader_generates_from_solutions_now(course_root: Path) -> None:
    report = authoring.Report()
    authoring.check_release_in_sync(course_root, report)
    assert report.ok, report.problems


def test_the_check_command_reports_a_stale_release(tmp_path: Path, course_copy) -> None:
    copy = course_copy(tmp_path / "course")  # released once a session (tests/conftest.py)
    notebook = next((copy / "solutions").rglob("*.ipynb"))
    text = notebook.read_text()
    assert "# Module" in text, notebook.name  # every module's notebook opens with its heading
    notebook.write_text(text.replace("# Module", "# Changed module", 1))
    report = authoring.Report()
    authoring.check_release_in_sync(copy, report)
    assert not report.ok and "out of date" in report.problems[0]


def test_runtime_folders_are_ignored_by_git(course_root: Path) -> None:
    for runtime in ("submitted/x", "autograded/x", "feedback/x", "gradebook.db", "workspace/x"):
        ignored = subprocess.run(["git", "check-ignore", "-q", runtime], cwd=course_root)
        assert ignored.returncode == 0, f"{runtime} is not git-ignored"


def test_nbgrader_config_maps_solutions_and_assignments(course_root: Path) -> None:
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.release_directory == "assignments"
    assert config.CourseDirectory.course_id
    assert config.Execute.timeout >= 30


def test_every_released_module_is_listed_on_the_start_page_and_in_the_readme(course_root: Path) -> None:
    import re

    import nbformat

    start = nbformat.read(course_root / "START_HERE.ipynb", as_version=4)
    table = "\n".join(c.source for c in start.cells if c.cell_type == "markdown")
    readme = (course_root / "README.md").read_text(encoding="utf-8")
    for folder in sorted(p for p in (course_root / "assignments").iterdir() if p.is_dir()):
        (notebook,) = folder.glob("*.ipynb")
        stated = re.findall(r"About (\d+) minutes", notebook.read_text(encoding="utf-8"))
        assert len(set(stated)) == 1, f"{notebook.name} states its time {len(stated)} times"
        row = next(
            (line for line in table.splitlines() if f"**`{folder.name}`** · **`{notebook.name}`**" in line),
            None,
        )
        assert row is not None, f"the start page does not list {folder.name}"
        assert f"about {stated[0]} minutes" in row and row.endswith("| available |"), row
        number = folder.name.split("_", 1)[0]
        assert re.search(rf"^\| {number} \|.*\| ready \|$", readme, re.MULTILINE), (
            f"README: {number} not ready"
        )


def test_every_locked_cell_imports_what_it_uses_so_it_runs_after_a_restart(course_root: Path) -> None:
    # Review 05 finding 11: after a restart, a display cell run before the set-up cell showed a
    # raw NameError. Each locked cell imports the model (and explore) it uses itself.
    import re

    import nbformat

    for path in sorted((course_root / "solutions").rglob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        setup = [c.source for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"]
        models = re.findall(r"from course.scenarios import (\w+)", "".join(setup)) + ["explore", "reveal"]
        for cell in cells:
            nbgrader = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or nbgrader.get("solution") or nbgrader.get("grade"):
                continue
            code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("#"))
            for name in models:
                used = re.search(rf"\b{name}\b", re.sub(rf"import [\w, ]*\b{name}\b", "", code))
                assert not used or re.search(rf"import [\w, ]*\b{name}\b", code), (
                    f"{path.name} {nbgrader.get('grade_id')}: uses {name} without importing it"
                )
