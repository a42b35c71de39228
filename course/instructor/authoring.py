"""The author's side of the course: where things live, releasing trainee notebooks
with nbgrader, and the checks that keep the course releasable.

Used by ``sales-course release`` and ``sales-course check`` and by the tests, so the
command an author runs and the check CI runs are the same code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SOLUTION_MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
)


class NoCourse(Exception):
    """The command was run outside a course folder."""


def instructor_root(command: str) -> Path:
    """The course folder the instructor is in: the nearest folder from here up that holds
    nbgrader_config.py and solutions/. Never the installed checkout: grading there would
    write its gradebook and reports into the package.

    Raises:
        NoCourse: with where it looked and what to do.
    """
    from course.instructor.grading.coursedir import kernels_find_this_python

    kernels_find_this_python()  # nbgrader's Gradebook runs this environment's alembic
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "solutions").is_dir():
            return folder
    raise NoCourse(
        f"sales-course {command}: {here} is not inside a course folder (one holding nbgrader_config.py "
        "and solutions/). cd into your course folder first (for the demo: the 'Demo course' folder "
        "sales-course demo printed)."
    )


def course_root(start: Path | None = None) -> Path:
    """The course folder: the nearest folder, from ``start`` up, that holds nbgrader_config.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "solutions").is_dir():
            return folder
    packaged = Path(__file__).resolve().parents[2]
    if (packaged / "nbgrader_config.py").is_file():
        return packaged
    raise FileNotFoundError(
        f"No course folder found from {here}: run this inside the course, where nbgrader_config.py "
        "and solutions/ are."
    )


def assignment_names(root: Path) -> list[str]:
    """Every assignment: one folder of instructor notebooks under solutions/."""
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run an nbgrader command in the course folder with this Python's nbgrader."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=_with_this_python(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def release(root: Path, assignments: list[str] | None = None) -> list[Path]:
    """Regenerate the trainee notebooks of ``assignments`` (all if None) in assignments/.

    Returns the released notebook paths.

    Raises:
        RuntimeError: with nbgrader's own message if it refuses a notebook.
    """
    names = assignments or assignment_names(root)
    unknown = sorted(set(names) - set(assignment_names(root)))
    if unknown:
        raise ValueError(f"No such assignment in solutions/: {', '.join(unknown)}.")
    # One Python for every assignment: nbgrader's own `generate_assignment` (its Python API, the
    # code of the command), without paying nbgrader's 3 s import once per assignment (#28).
    done = subprocess.run(
        [sys.executable, "-c", _RELEASE_ALL, *names],
        cwd=root,
        env=_with_this_python(),
        capture_output=True,
        text=True,
        timeout=600 + 120 * len(names),
    )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith(_RELEASED):
            result = json.loads(line.removeprefix(_RELEASED))
            results[result["name"]] = result
    released = []
    for name in names:
        result = results.get(name)
        if result is None or not result["success"]:
            why = (result or {}).get("log", "") + (result or {}).get("error", "") or done.stdout + done.stderr
            raise RuntimeError(f"nbgrader could not release {name}:\n{why}")
        released += sorted((root / "assignments" / name).glob("*.ipynb"))
    return released


_RELEASED = "sales-course-released "
# Run in the course folder: nbgrader's configuration as the `nbgrader` command finds it there.
_RELEASE_ALL = f"""
import json, sys
from nbgrader.apps import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader

app = NbGrader()
app.load_config_file()  # nbgrader_config.py here, and the user's and system's, as the command does
api = NbGraderAPI(config=app.config)
for name in sys.argv[1:]:
    result = api.generate_assignment(name, force=True)
    result = {{"name": name, "success": bool(result["success"]), "log": result.get("log") or "",
              "error": result.get("error") or ""}}
    print({_RELEASED!r} + json.dumps(result), flush=True)
"""


def _with_this_python() -> dict[str, str]:
    env = dict(os.environ)
    # The kernels nbgrader starts must find this interpreter's packages.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def release_into_copy(root: Path, destination: Path) -> Path:
    """Release every assignment in a copy of the course at ``destination``; return the copy."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", destination / "nbgrader_config.py")
    shutil.copytree(root / "solutions", destination / "solutions", dirs_exist_ok=True)
    release(destination)
    return destination


def comparable(path: Path) -> dict:
    """A notebook as JSON, for comparing what nbgrader generates with what is committed."""
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Report:
    """What ``check`` found: problems block a release; notes are for information."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        lines = [f"  ✓ {note}" for note in self.notes] + [f"  ✗ {problem}" for problem in self.problems]
        verdict = (
            "Course check passed." if self.ok else f"Course check failed: {len(self.problems)} problem(s)."
        )
        return "\n".join([*lines, verdict])


def committed_notebooks(root: Path) -> list[Path]:
    """Every notebook of the course outside runtime folders."""
    found = [root / "START_HERE.ipynb"] if (root / "START_HERE.ipynb").exists() else []
    for folder in ("solutions", "assignments"):
        found += sorted((root / folder).rglob("*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def check_no_outputs(root: Path, report: Report) -> None:
    """Committed notebooks hold no outputs and no execution counts."""
    dirty = []
    for path in committed_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and (c.outputs or c.execution_count) for c in nb.cells):
            dirty.append(path.relative_to(root).as_posix())
    if dirty:
        report.problems.append(f"notebooks saved with outputs (clear them): {', '.join(dirty)}")
    else:
        report.notes.append("no committed notebook holds outputs")


def check_metadata(root: Path, report: Report) -> None:
    """Instructor notebooks: unique grade ids, points on graded cells, named tests."""
    for name in assignment_names(root):
        for path in sorted((root / "solutions" / name).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            seen: set[str] = set()
            points = 0.0
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader")
                if not meta:
                    continue
                grade_id = meta.get("grade_id", "")
                if grade_id in seen:
                    report.problems.append(f"{path.name}: grade id {grade_id!r} is used twice")
                seen.add(grade_id)
                if meta.get("grade"):
                    if not meta.get("points"):
                        report.problems.append(f"{path.name}: graded cell {grade_id!r} has no points")
                    points += float(meta.get("points", 0))
                    if cell.cell_type == "code" and not grade_id.startswith("test_"):
                        report.problems.append(
                            f"{path.name}: test cell {grade_id!r} should be named test_..."
                        )
            report.notes.append(f"{name}/{path.name}: {len(seen)} nbgrader cells, {points:g} points")


def check_released_clean(root: Path, report: Report) -> None:
    """No released notebook gives away a solution, a hidden test or a rubric."""
    leaks = []
    for path in sorted((root / "assignments").rglob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        leaks += [f"{path.relative_to(root).as_posix()} ({m})" for m in SOLUTION_MARKERS if m in text]
    if leaks:
        report.problems.append(f"released notebooks contain instructor material: {', '.join(leaks)}")
    else:
        report.notes.append("released notebooks hold no solutions, hidden tests or rubrics")


def check_release_in_sync(root: Path, report: Report) -> None:
    """assignments/ equals what nbgrader generates from solutions/ now."""
    with tempfile.TemporaryDirectory(prefix="sales-course-release-") as scratch:
        fresh = release_into_copy(root, Path(scratch))
        stale = []
        for name in assignment_names(root):
            expected = sorted(p.name for p in (fresh / "assignments" / name).glob("*.ipynb"))
            committed = sorted(p.name for p in (root / "assignments" / name).glob("*.ipynb"))
            if expected != committed:
                stale.append(name)
                continue
            for notebook in expected:
                if comparable(fresh / "assignments" / name / notebook) != comparable(
                    root / "assignments" / name / notebook
                ):
                    stale.append(f"{name}/{notebook}")
    if stale:
        report.problems.append(
            f"assignments/ is out of date for {', '.join(stale)}: run `sales-course release` and commit"
        )
    else:
        report.notes.append("assignments/ matches what nbgrader generates from solutions/")


def check_instructor_notebooks_pass(root: Path, report: Report) -> None:
    """Each instructor notebook runs top to bottom in a fresh kernel with no error,
    so its own answers pass every visible and hidden test."""
    from nbclient import NotebookClient

    for name in assignment_names(root):
        for path in sorted((root / "solutions" / name).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb,
                timeout=120,
                kernel_name="python3",
                allow_errors=True,
                resources={"metadata": {"path": str(path.parent)}},
            )
            client.execute()
            failed = [
                f"{cell.metadata.get('nbgrader', {}).get('grade_id', index)} ({output.ename})"
                for index, cell in enumerate(nb.cells)
                if cell.cell_type == "code"
                for output in cell.outputs
                if output.output_type == "error"
            ]
            if failed:
                report.problems.append(
                    f"{name}/{path.name}: cells fail with the instructor's answers: {', '.join(failed)}"
                )
            else:
                report.notes.append(f"{name}/{path.name}: runs clean and passes its own tests")


def check_citations(root: Path, report: Report) -> None:
    """Every citation key (``[falk-kosfeld-2006]``) in the notebooks, the models and the
    guides is an entry of the course bibliography (course/bibliography.py), and every label
    stated beside one ("[larkin-2014] (Low)") is the one the appraisal rule computes."""
    from course import bibliography

    unknown = []
    mislabelled = []
    cited = 0
    for path in bibliography.files_that_cite(root):
        if path.suffix == ".ipynb":
            text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        else:
            text = path.read_text(encoding="utf-8")
        cited += len(bibliography.cited_keys(text))
        unknown += [
            f"{path.relative_to(root).as_posix()} [{key}]" for key in bibliography.unknown_citations(text)
        ]
        mislabelled += [
            f"{path.relative_to(root).as_posix()}: {wrong}" for wrong in bibliography.wrong_labels(text)
        ]
    unshown = []  # cited in a notebook, missing from its closing Sources cell
    for assignment in assignment_names(root):
        listed = set(bibliography.READING_LISTS.get(assignment, ()))
        unknown += [
            f"reading list of {assignment} [{key}]" for key in sorted(listed - bibliography.BY_KEY.keys())
        ]
        for path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
            text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
            missing = sorted(set(bibliography.cited_keys(text)) - listed)
            if missing:
                unshown.append(
                    f"{path.relative_to(root).as_posix()} cites {', '.join(missing)}, which its Sources cell "
                    f"does not show: add them to READING_LISTS[{assignment!r}] in course/bibliography.py"
                )
            if f'sources("{assignment}")' not in text:
                unshown.append(
                    f"{path.relative_to(root).as_posix()} has no closing Sources cell "
                    f'(sources("{assignment}") from course.bibliography)'
                )
    if unknown:
        report.problems.append(
            f"citations not in the course bibliography (add them to course/bibliography.py): {', '.join(unknown)}"
        )
    else:
        report.notes.append(f"all {cited} citations are in the course bibliography")
    report.problems += unshown
    if mislabelled:
        report.problems.append(
            "labels that differ from the ones the appraisal rule computes (docs/EVIDENCE_RULE.md; "
            f"state the computed label or none): {'; '.join(mislabelled)}"
        )


def check_course(root: Path, *, execute: bool = True) -> Report:
    """All of the course checks; ``execute=False`` skips the ones that start a kernel."""
    report = Report()
    check_metadata(root, report)
    check_citations(root, report)
    check_no_outputs(root, report)
    check_released_clean(root, report)
    check_release_in_sync(root, report)
    if execute:
        check_instructor_notebooks_pass(root, report)
    return report
