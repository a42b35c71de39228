"""nbgrader end to end in a throw-away course folder: release, submit, autograde.

The instructor notebook submitted as a trainee gets full autograded marks; the
untouched released notebook gets zero; and in the released notebook every cell that
is not an exercise or a test runs without error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from course.instructor import authoring

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory, course_copy) -> Path:
    root = course_copy(tmp_path_factory.mktemp("course"))  # released once a session (tests/conftest.py)
    for assignment in authoring.assignment_names(root):
        for source in (root / "solutions" / assignment).glob("*.ipynb"):
            for trainee, original in (
                ("perfect", source),
                ("untouched", root / "assignments" / assignment / source.name),
            ):
                target = root / "submitted" / trainee / assignment / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(original, target)
        done = authoring.nbgrader(root, "autograde", assignment, "--force")
        assert done.returncode == 0, done.stdout + done.stderr
    return root


def _scores(root: Path, trainee: str) -> list[tuple[str, float, float]]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        found = []
        for assignment in authoring.assignment_names(root):
            submission = gradebook.find_submission(assignment, trainee)
            for notebook in submission.notebooks:
                found.append((f"{assignment}/{notebook.name}", notebook.code_score, notebook.max_code_score))
        return found


def test_the_instructor_notebook_earns_every_autograded_point(graded_course: Path) -> None:
    scores = _scores(graded_course, "perfect")
    assert scores
    for name, score, maximum in scores:
        assert maximum >= 10, f"{name} should offer at least 10 autograded points"
        assert score == maximum, f"{name}: the instructor's own answers scored {score} of {maximum}"


def test_the_untouched_released_notebook_earns_nothing(graded_course: Path) -> None:
    for name, score, maximum in _scores(graded_course, "untouched"):
        assert maximum > 0
        assert score == 0, f"{name}: an empty notebook scored {score}"


def test_the_untouched_notebook_fails_with_friendly_messages_not_tracebacks(graded_course: Path) -> None:
    for notebook in (graded_course / "autograded" / "untouched").rglob("*.ipynb"):
        nb = nbformat.read(notebook, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert errors
        for error in errors:
            assert error.ename == "NotYet", (
                f"{notebook.name}: a test failed with {error.ename}: {error.evalue}"
            )
            assert error.traceback[0].startswith("✗ Not yet")


def _released_notebooks(root: Path) -> list[Path]:
    return sorted((root / "assignments").rglob("*.ipynb"))


@pytest.mark.parametrize(
    "notebook", _released_notebooks(Path(__file__).resolve().parent.parent), ids=lambda p: p.parent.name
)
def test_released_notebook_runs_except_for_exercises_and_tests(notebook: Path, tmp_path: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        is_exercise_or_test = meta.get("solution") or meta.get("grade")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if not is_exercise_or_test:
            assert not errors, (
                f"{notebook.name} cell {meta.get('grade_id')}: {errors[0].ename}: {errors[0].evalue}"
            )
