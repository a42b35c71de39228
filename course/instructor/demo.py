"""A throw-away class to try the instructor's tools on: ``sales-course demo``.

Makes a course folder, releases the assignments, writes the submissions of synthetic
trainees who range from perfect to empty, grades them with :func:`course.instructor.grading.grade`
and writes the debrief report.

Each synthetic trainee answers each answer cell in one of three ways: right (the
instructor notebook's own solution), a plausible mistake (from :data:`MISTAKES`, such
as "up" for "down" or a formula with a four-week month), or not at all (the released
cell as it is). Each mistake names the answers it gets wrong, and a test cell names
the answers it reads, so a trainee's expected autograded points are known without
grading: the points of every test cell that reads none of their wrong answers.
"""

from __future__ import annotations

import ast
import json
import random
import re
import shutil
import sys
import tempfile
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
    and the answer names it gets wrong (every test cell that uses one of them fails)."""

    blocks: tuple[str, ...]
    wrong: frozenset[str]


def _m(blocks: list[str], *wrong: str) -> Mistake:
    return Mistake(tuple(blocks), frozenset(wrong))


# Plausible wrong answers, per assignment and answer cell. A mistake whose names or
# regions no longer match the instructor notebook is left out (see usable_mistakes).
MISTAKES: dict[str, dict[str, dict[str, Mistake]]] = {
    "01_leader_not_manager": {
        "q1_predictions": {
            # Any "up" or "down" earns the prediction's point: an honest wrong guess is no mistake.
            "veteran revenue up": _m(
                ['q1_veteran_revenue = "up"\nq1_veteran_quits = "up"\nq1_new_hire_revenue = "up"']
            ),
            "new hires down": _m(
                ['q1_veteran_revenue = "down"\nq1_veteran_quits = "up"\nq1_new_hire_revenue = "down"']
            ),
            "typo": _m(
                ['q1_veteran_revenue = "down"\nq1_veteran_quits = "upp"\nq1_new_hire_revenue = "up"'],
                "q1_veteran_quits",
            ),
        },
        "q1_change": {
            "a rise, not a fall": _m(["q1_revenue_change = 0.49"], "q1_revenue_change"),
            "in dollars": _m(["q1_revenue_change = -490000"], "q1_revenue_change"),
            "new hires' table": _m(["q1_revenue_change = 0.52"], "q1_revenue_change"),
        },
        "q2_hours_lost": {
            "an hour a review": _m(
                [
                    "    return crm_hours_per_week * 52 / 12 + reviews_per_month * 1",
                    "q2_hours_lost = hours_lost_to_reporting(4, 4)",
                ],
                "hours_lost_to_reporting",
                "q2_hours_lost",
            ),
            "four-week month": _m(
                [
                    "    return crm_hours_per_week * 4 + reviews_per_month * 1.5",
                    "q2_hours_lost = hours_lost_to_reporting(4, 4)",
                ],
                "hours_lost_to_reporting",
                "q2_hours_lost",
            ),
            "no return": _m(
                [
                    "    hours = crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5",
                    "q2_hours_lost = 23.33",
                ],
                "hours_lost_to_reporting",
            ),
            "part b by hand": _m(
                [
                    "    return crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5",
                    "q2_hours_lost = 4 + 4 * 1.5",
                ],
                "q2_hours_lost",
            ),
        },
        "q3_policy": {
            "veterans like new hires": _m(
                ['q3_veteran_reviews = 2\nq3_new_hire_reviews = 2\nq3_reason = "B"'], "q3_veteran_reviews"
            ),
            "weekly for new hires": _m(
                ['q3_veteran_reviews = 0\nq3_new_hire_reviews = 4\nq3_reason = "B"'], "q3_new_hire_reviews"
            ),
            "more for veterans": _m(
                ['q3_veteran_reviews = 4\nq3_new_hire_reviews = 0\nq3_reason = "C"'],
                "q3_veteran_reviews",
                "q3_new_hire_reviews",
                "q3_reason",
            ),
            "reason A": _m(['q3_veteran_reviews = 0\nq3_new_hire_reviews = 2\nq3_reason = "A"'], "q3_reason"),
            "numbers as text": _m(
                ['q3_veteran_reviews = "0"\nq3_new_hire_reviews = "2"\nq3_reason = "B"'],
                "q3_veteran_reviews",
                "q3_new_hire_reviews",
            ),
        },
        "q4_labels": {
            "claim as finding": _m(['q4_labels = {1: "F", 2: "F", 3: "M", 4: "F", 5: "E"}'], "q4_labels"),
            "assumption as finding": _m(
                ['q4_labels = {1: "E", 2: "F", 3: "F", 4: "F", 5: "E"}'], "q4_labels"
            ),
            "one missing": _m(['q4_labels = {1: "E", 2: "F", 3: "M", 4: "F"}'], "q4_labels"),
        },
        "q5_questions": {
            "coaching as audit": _m(['q5_labels = {1: "A", 2: "A", 3: "A", 4: "C"}'], "q5_labels"),
            "all coaching": _m(['q5_labels = {1: "C", 2: "C", 3: "C", 4: "C"}'], "q5_labels"),
        },
    },
    "02_trust": {
        "q1_predictions": {
            # Any of the four responses earns the prediction's point: an honest wrong guess is no mistake.
            "silence slowest": _m(['q1_fastest = "apology"\nq1_slowest = "silence"']),
            "explanation fastest": _m(['q1_fastest = "explanation"\nq1_slowest = "denial"']),
            "typo": _m(['q1_fastest = "apologie"\nq1_slowest = "denial"'], "q1_fastest"),
        },
        "q1_followup_answers": {
            "apology and explanation swapped": _m(
                ['q1_apology_quarters = 4\nq1_silence_quarters = 5\nq1_denial_reason = "B"'],
                "q1_apology_quarters",
            ),
            "lowest trust, not quarters": _m(
                ['q1_apology_quarters = 0.51\nq1_silence_quarters = 0.42\nq1_denial_reason = "B"'],
                "q1_apology_quarters",
                "q1_silence_quarters",
            ),
            "denial wins back nothing": _m(
                ['q1_apology_quarters = 3\nq1_silence_quarters = 5\nq1_denial_reason = "A"'],
                "q1_denial_reason",
            ),
        },
        "q2_estimate": {
            "share seen": _m(
                ["    return kept / seen", "q2_maya_estimate = 7 / 9"],
                "estimate_reliability",
                "q2_maya_estimate",
            ),
            "no brackets": _m(
                ["    return kept + 1 / seen + 2", "q2_maya_estimate = 0.73"], "estimate_reliability"
            ),
            "part b by hand, wrong": _m(
                ["    return (kept + 1) / (seen + 2)", "q2_maya_estimate = 8 / 10"], "q2_maya_estimate"
            ),
            "a percentage": _m(
                ["    return (kept + 1) / (seen + 2)", "q2_maya_estimate = 73"], "q2_maya_estimate"
            ),
        },
        "q3_checking": {
            "check everyone lightly": _m(
                ['q3_asha = 2\nq3_ben = 2\nq3_carla = 2\nq3_dev = 2\nq3_reason = "B"'],
                "q3_asha",
                "q3_ben",
                "q3_carla",
                "q3_dev",
            ),
            "blind trust in Ben, close for the unknown": _m(
                ['q3_asha = 0\nq3_ben = 0\nq3_carla = 6\nq3_dev = 2\nq3_reason = "B"'], "q3_dev"
            ),
            "check the short record": _m(
                ['q3_asha = 0\nq3_ben = 6\nq3_carla = 6\nq3_dev = 6\nq3_reason = "A"'], "q3_ben", "q3_reason"
            ),
            "numbers as text": _m(
                ['q3_asha = "0"\nq3_ben = "0"\nq3_carla = "6"\nq3_dev = "6"\nq3_reason = "B"'],
                "q3_asha",
                "q3_ben",
                "q3_carla",
                "q3_dev",
            ),
        },
        "q4_labels": {
            "rumour as competence": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "C"}\n'
                    'q4_repairs = {1: "apology", 4: "denial"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "M", 4: "F", 5: "M"}'
                ],
                "q4_violations",
            ),
            "always apologise": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "I"}\n'
                    'q4_repairs = {1: "apology", 4: "apology"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "M", 4: "F", 5: "M"}'
                ],
                "q4_repairs",
            ),
            "assumption as finding": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "I"}\n'
                    'q4_repairs = {1: "apology", 4: "denial"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "F", 4: "F", 5: "M"}'
                ],
                "q4_labels",
            ),
        },
    },
}

# Reflections of modules other than 01, by assignment; module 01 uses REFLECTIONS.
REFLECTIONS_BY_ASSIGNMENT = {
    "02_trust": [
        "My last manager promised us the new territory split would not touch our accounts, then it did and "
        "she said nothing. We stopped raising risks in forecast calls, which is what the module says happens "
        "when trust is low. In my first 90 days I will keep a written list of my promises and spend a field "
        "day a fortnight with each rep, and check at day 90 how many slipping deals reps flagged themselves.",
        "Trust matters. I will trust my team and keep my promises.",
        "I apologised once for a missed commission deadline and the team moved on within weeks, as the repair "
        "study found for competence. I wonder whether trust really falls three times faster than it builds.",
    ],
}

REFLECTIONS = [
    "My last manager asked for a CRM update on every call. I stopped logging the calls that went badly, "
    "which is the hidden cost of control the module describes. In my first 90 days I will replace the "
    "daily update with one field day a fortnight per rep and check forecast accuracy at day 90.",
    "Close tracking made me feel distrusted. I will trust my veterans more.",
    "I tracked a new hire closely and it helped her ramp up, which fits the model: reviews help those who "
    "do not yet know. I will keep weekly reviews for new hires only and watch their pipeline coverage.",
]


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


def usable_mistakes(assignment: str, cell: AnswerCell) -> dict[str, Mistake]:
    """The catalogue's mistakes for ``cell`` that still fit the notebook (regions and names)."""
    return {
        name: mistake
        for name, mistake in MISTAKES.get(assignment, {}).get(cell.grade_id, {}).items()
        if len(mistake.blocks) == cell.regions and mistake.wrong <= cell.names
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

    def expected_points(self, tests: list[CheckCell]) -> dict[str, float]:
        """Autograded points per test cell: its points if none of the names it uses is wrong."""
        return {t.grade_id: (0.0 if t.uses & set(self.wrong) else t.points) for t in tests}


def make_trainees(assignment: str, answers: list[AnswerCell], count: int, seed: int) -> list[Trainee]:
    """``count`` trainees from perfect (the first) to empty (the last), with mistakes in between."""
    if count < 1:
        raise ValueError(f"--trainees must be at least 1; got {count}.")
    rng = random.Random(seed)
    trainees = []
    for index in range(count):
        ability = 1.0 if count == 1 else 1 - index / (count - 1)
        trainee = Trainee(id=f"trainee-{index + 1:02d}", assignment=assignment)
        wrong: set[str] = set()
        for cell in answers:
            mistakes = usable_mistakes(assignment, cell)
            roll = rng.random()
            if ability == 1.0 or roll < ability:
                trainee.choices[cell.grade_id] = RIGHT
            elif ability > 0 and mistakes and roll < ability + (1 - ability) * 0.75:
                choice = rng.choice(sorted(mistakes))
                trainee.choices[cell.grade_id] = choice
                wrong |= mistakes[choice].wrong
            else:
                trainee.choices[cell.grade_id] = EMPTY
                wrong |= cell.names
        trainee.wrong = sorted(wrong)
        trainee.reflection = ability > 0.25
        trainees.append(trainee)
    return trainees


def write_submission(root: Path, trainee: Trainee, when: datetime, rng: random.Random) -> Path:
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
                    cell.source = rng.choice(REFLECTIONS_BY_ASSIGNMENT.get(trainee.assignment, REFLECTIONS))
                continue
            answer = by_id[meta["grade_id"]]
            choice = trainee.choices.get(answer.grade_id, EMPTY)
            if choice == RIGHT:
                cell.source = fill_regions(answer.source, None)
            elif choice != EMPTY:
                cell.source = fill_regions(
                    answer.source, MISTAKES[trainee.assignment][answer.grade_id][choice].blocks
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
    for assignment in authoring.assignment_names(root):
        if is_practice(root, assignment):
            continue  # module 00: practice that counts towards no grade
        answers, _ = assignment_cells(root, assignment)
        for index, trainee in enumerate(make_trainees(assignment, answers, count, seed)):
            write_submission(root, trainee, start + timedelta(minutes=7 * index), rng)
            cohort.append(trainee)
    key = root / grading.STATE_FOLDER / "demo-cohort.json"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text(json.dumps([asdict(t) for t in cohort], indent=1), encoding="utf-8")
    return cohort


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
    # The demo's trainees are synthetic: graded even where nothing can isolate kernels.
    summary = grading.grade(root, workers=workers, progress=progress, trusted_submissions=True)
    path = report.write_report(root)
    return Demo(root, cohort, summary, path)
