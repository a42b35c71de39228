"""A throw-away class to try the instructor's tools on: ``sales-course demo``.

Makes a course folder, releases the assignments, writes the submissions of synthetic
trainees who range from perfect to empty, grades them with :func:`course.instructor.grading.grade`
and writes the debrief report.

Each synthetic trainee answers each answer cell in one of three ways: right (the
instructor notebook's own solution), a plausible mistake (from ``solutions/demo_answers.py``, such
as "up" for "down" or a formula with a four-week month), or not at all (the released
cell as it is). Each mistake names the answers it gets wrong, and a test cell names
the answers it reads, so a trainee's expected autograded points are known without
grading: the points of every test cell that reads none of their wrong answers. A mistake
in a labelling answer can be partly right (3 of 5 labels): it names the share of the
points its check still gives, as the check's partial credit does.
"""

from __future__ import annotations

import ast
import json
import random
import re
import runpy
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

import nbformat

from course.instructor import authoring, grading, report

RIGHT, EMPTY = "right", "empty"
_BEGIN = re.compile(r"^\s*### BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*### END SOLUTION\s*$")


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer: the code for each solution region of the answer cell,
    the answer names it gets wrong (every test cell that uses one of them fails), and the
    answer names it gets partly right, each with the share of its check's points still earned
    (``{"q4_labels": 0.6}``: 3 of 5 labels right, as the labelling check's partial credit)."""

    blocks: tuple[str, ...]
    wrong: frozenset[str]
    partial: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, share in self.partial.items():
            if name in self.wrong or not 0 < share < 1:
                raise ValueError(
                    f"partial credit for {name!r} must be a share between 0 and 1 of an answer not also "
                    f"named wrong; got {share!r}."
                )

    @classmethod
    def of(cls, blocks: list[str], *wrong: str, partial: Mapping[str, float] | None = None) -> Mistake:
        """A mistake from its regions' code, the answer names it gets wrong, and those it gets
        partly right with the share of the points they keep."""
        return cls(tuple(blocks), frozenset(wrong), dict(partial or {}))


# The synthetic class's mistakes and reflections: beside the instructor notebooks, never in
# the installed package (a mistake that is wrong in one place shows every other answer).
DEMO_ANSWERS = "demo_answers.py"


@dataclass(frozen=True)
class Catalogue:
    """Plausible mistakes (assignment -> answer cell -> name -> Mistake) and reflections."""

    mistakes: dict[str, dict[str, dict[str, Mistake]]]
    reflections: dict[str, list[str]]


def catalogue(root: Path) -> Catalogue:
    """The demo's answers, read from ``solutions/demo_answers.py`` of the course at ``root``.

    Raises:
        FileNotFoundError: if the course has no such file (the demo then has no mistakes to make).
    """
    path = root / "solutions" / DEMO_ANSWERS
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the demo's synthetic answers live there.")
    found = runpy.run_path(str(path))
    return Catalogue(found["MISTAKES"], found["REFLECTIONS"])


@dataclass
class AnswerCell:
    """An answer (solution) code cell of an instructor notebook."""

    grade_id: str
    source: str  # the instructor's source, solution markers included
    names: frozenset[str]  # the names it defines (variables and functions)

    @property
    def regions(self) -> int:
        return sum(bool(_BEGIN.match(line)) for line in self.source.splitlines())


@dataclass
class CheckCell:
    grade_id: str
    points: float
    uses: frozenset[str]  # the answer names its visible and hidden tests read


def defined_names(source: str) -> frozenset[str]:
    """Top-level variables and functions a cell defines (read with ast, never run)."""
    tree = ast.parse(source)
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
    return frozenset(names)


def used_names(source: str) -> frozenset[str]:
    """Every name and string constant in a cell (``checks.answer("x")`` names x as text)."""
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return frozenset(found)


def read_cells(notebook: Path) -> tuple[list[AnswerCell], list[CheckCell]]:
    """The answer cells and autograded test cells of an instructor notebook."""
    nb = nbformat.read(notebook, as_version=4)
    answers, tests = [], []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if meta.get("solution"):
            answers.append(AnswerCell(meta["grade_id"], cell.source, defined_names(cell.source)))
        elif meta.get("grade"):
            tests.append(CheckCell(meta["grade_id"], float(meta["points"]), used_names(cell.source)))
    defined = frozenset().union(*(a.names for a in answers)) if answers else frozenset()
    tests = [CheckCell(t.grade_id, t.points, t.uses & defined) for t in tests]
    return answers, tests


def usable_mistakes(known: Catalogue, assignment: str, cell: AnswerCell) -> dict[str, Mistake]:
    """The catalogue's mistakes for ``cell`` that still fit the notebook (regions and names)."""
    return {
        name: mistake
        for name, mistake in known.mistakes.get(assignment, {}).get(cell.grade_id, {}).items()
        if len(mistake.blocks) == cell.regions and mistake.wrong | set(mistake.partial) <= cell.names
    }


def fill_regions(source: str, blocks: tuple[str, ...] | None) -> str:
    """The instructor's answer cell with each solution region replaced by a block
    (``None``: the instructor's own solution, markers removed)."""
    lines, region, inside = [], 0, False
    for line in source.splitlines():
        if _BEGIN.match(line):
            inside = True
            if blocks is not None:
                lines.append(blocks[region])
            region += 1
        elif _END.match(line):
            inside = False
        elif not inside or blocks is None:
            lines.append(line)
    return "\n".join(lines)


@dataclass
class Trainee:
    """One synthetic trainee: how they answered each answer cell of one assignment."""

    id: str
    assignment: str
    choices: dict[str, str] = field(default_factory=dict)  # answer grade id -> right, empty or a mistake
    wrong: list[str] = field(default_factory=list)  # answer names they got wrong or left empty
    reflection: bool = False
    # answer names they got partly right -> share of the points each check reading it still gives
    partial: dict[str, float] = field(default_factory=dict)

    def expected_points(self, tests: list[CheckCell]) -> dict[str, float]:
        """Autograded points per test cell: none if it uses a wrong name; its points times the
        share kept if it uses a partly right one (rounded to 2 places, as the check rounds); else
        all its points."""
        out = {}
        for t in tests:
            if t.uses & set(self.wrong):
                out[t.grade_id] = 0.0
            else:
                share = min((self.partial[n] for n in t.uses if n in self.partial), default=1.0)
                out[t.grade_id] = round(t.points * share, 2)
        return out


def make_trainees(
    known: Catalogue, assignment: str, answers: list[AnswerCell], count: int, seed: int
) -> list[Trainee]:
    """``count`` trainees from perfect (the first) to empty (the last), with mistakes in between."""
    if count < 1:
        raise ValueError(f"--trainees must be at least 1; got {count}.")
    rng = random.Random(seed)
    trainees = []
    for index in range(count):
        ability = 1.0 if count == 1 else 1 - index / (count - 1)
        trainee = Trainee(id=f"trainee-{index + 1:02d}", assignment=assignment)
        wrong: set[str] = set()
        partial: dict[str, float] = {}
        for cell in answers:
            mistakes = usable_mistakes(known, assignment, cell)
            roll = rng.random()
            if ability == 1.0 or roll < ability:
                trainee.choices[cell.grade_id] = RIGHT
            elif ability > 0 and mistakes and roll < ability + (1 - ability) * 0.75:
                choice = rng.choice(sorted(mistakes))
                trainee.choices[cell.grade_id] = choice
                wrong |= mistakes[choice].wrong
                partial |= mistakes[choice].partial
            else:
                trainee.choices[cell.grade_id] = EMPTY
                wrong |= cell.names
        trainee.wrong = sorted(wrong)
        trainee.partial = {name: share for name, share in sorted(partial.items()) if name not in wrong}
        trainee.reflection = ability > 0.25
        trainees.append(trainee)
    return trainees


def write_submission(
    root: Path, known: Catalogue, trainee: Trainee, when: datetime, rng: random.Random
) -> Path:
    """Fill a copy of each released notebook with the trainee's answers in submitted/."""
    folder = root / "submitted" / trainee.id / trainee.assignment
    folder.mkdir(parents=True, exist_ok=True)
    for released in sorted((root / "assignments" / trainee.assignment).glob("*.ipynb")):
        answers, _ = read_cells(root / "solutions" / trainee.assignment / released.name)
        by_id = {a.grade_id: a for a in answers}
        nb = nbformat.read(released, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("solution"):
                continue
            if cell.cell_type == "markdown":
                if trainee.reflection:
                    cell.source = rng.choice(known.reflections[trainee.assignment])
                continue
            answer = by_id[meta["grade_id"]]
            choice = trainee.choices.get(answer.grade_id, EMPTY)
            if choice == RIGHT:
                cell.source = fill_regions(answer.source, None)
            elif choice != EMPTY:
                cell.source = fill_regions(
                    answer.source, known.mistakes[trainee.assignment][answer.grade_id][choice].blocks
                )
        nbformat.write(nb, folder / released.name)
    (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
    return folder


def assignment_cells(root: Path, assignment: str) -> tuple[list[AnswerCell], list[CheckCell]]:
    """The answer and test cells of every instructor notebook of an assignment."""
    answers, tests = [], []
    for path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        found = read_cells(path)
        answers += found[0]
        tests += found[1]
    return answers, tests


def is_practice(root: Path, assignment: str) -> bool:
    """True for a practice assignment (module 00) that counts towards no grade: its instructor
    notebook's metadata says ``"sales_course": {"practice": true}``."""
    return any(
        nbformat.read(path, as_version=4).metadata.get("sales_course", {}).get("practice", False)
        for path in (root / "solutions" / assignment).glob("*.ipynb")
    )


def make_cohort(root: Path, count: int = 12, seed: int = 2026) -> list[Trainee]:
    """Write ``count`` synthetic submissions for every assignment of the course at ``root``."""
    rng = random.Random(seed + 1)
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    cohort = []
    known = catalogue(root)
    for assignment in authoring.assignment_names(root):
        if is_practice(root, assignment):
            continue  # module 00: practice that counts towards no grade
        answers, _ = assignment_cells(root, assignment)
        for index, trainee in enumerate(make_trainees(known, assignment, answers, count, seed)):
            write_submission(root, known, trainee, start + timedelta(minutes=7 * index), rng)
            cohort.append(trainee)
    key = root / grading.STATE_FOLDER / "demo-cohort.json"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text(json.dumps([asdict(t) for t in cohort], indent=1), encoding="utf-8")
    return cohort


EXAMPLE_ROSTER = "roster-example.csv"
_FIRST = ("Ana", "Ben", "Carla", "Dev", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jo", "Kemal", "Lina")
_LAST = ("Lima", "Okafor", "Chen", "Patel", "Novak", "Haddad", "Berg", "Sato", "Petrov", "Smith", "Demir")


def write_example_roster(path: Path, ids: list[str]) -> Path:
    """A made-up roster for the demo's trainees (id, name, email, lms_id), as an LMS export
    would give it: what ``sales-course roster import`` reads."""
    lines = ["id,name,email,lms_id"]
    for index, trainee in enumerate(ids):
        first, last = _FIRST[index % len(_FIRST)], _LAST[(index * 7) % len(_LAST)]
        lines.append(f"{trainee},{first} {last},{first.lower()}.{last.lower()}@example.com,{1001 + index}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Demo:
    """What ``sales-course demo`` made: the course folder, its trainees, the grading summary, the report."""

    root: Path
    cohort: list[Trainee]
    summary: grading.Summary
    report: Path


def run_demo(
    out: Path | None = None,
    *,
    trainees: int = 12,
    seed: int = 2026,
    workers: int | None = None,
    progress: TextIO | None = sys.stderr,
) -> Demo:
    """Make, grade and report on a synthetic class in ``out`` (a new temp folder if None)."""
    source = authoring.course_root()
    root = Path(out) if out else Path(tempfile.mkdtemp(prefix="sales-course-demo-"))
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty: give --out a new or empty folder.")
    authoring.release_into_copy(source, root)
    if (source / "START_HERE.ipynb").exists():
        shutil.copy2(source / "START_HERE.ipynb", root / "START_HERE.ipynb")
    cohort = make_cohort(root, trainees, seed)
    write_example_roster(root / EXAMPLE_ROSTER, sorted({t.id for t in cohort}))
    # The demo's trainees are synthetic: graded even where nothing can isolate kernels.
    summary = grading.grade(root, workers=workers, progress=progress, trusted_submissions=True)
    path = report.write_report(root)
    return Demo(root, cohort, summary, path)
