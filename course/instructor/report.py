"""The class debrief: ``sales-course report`` writes one self-contained HTML page.

What the page holds: for a course of several modules, each trainee's progress across
them and who needs help; then, per assignment: the spread of autograded scores, each exercise's
scores, an item analysis (difficulty and discrimination), the checks trainees failed
most often with the hint they saw, and the spread of the class's decisions (module 01:
the review policies trainees chose; module 02: the checking hours for each rep).

Everything comes from the course gradebook and the autograded notebooks. Trainee code
is never run here: decisions are read from the answer cells' source with
:func:`ast.literal_eval`. Plots are PNGs drawn with matplotlib's Agg canvas and
embedded as base64, so the page opens offline; each plot has a text summary beside
it. Trainee ids appear only with ``names=True``.
"""

from __future__ import annotations

import ast
import base64
import json
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import nbformat

from course.instructor import grading
from course.trainee import plotting

NOT_YET = "✗ Not yet — "

# The decisions worth a plot in the debrief, per assignment: variable -> the options offered.
DECISIONS: dict[str, dict[str, list[Any]]] = {
    "01_leader_not_manager": {
        "q3_veteran_reviews": [0, 2, 4, 6],
        "q3_new_hire_reviews": [0, 2, 4, 6],
    },
    "02_trust": {
        "q3_asha": ["C", "L"],
        "q3_ben": ["C", "L"],
        "q3_carla": ["C", "L"],
        "q3_dev": ["C", "L"],
    },
    "03_coaching": {
        "q4_ana": ["leave", "observe", "cosell", "coach"],
        "q4_bo": ["leave", "observe", "cosell", "coach"],
        "q4_cam": ["leave", "observe", "cosell", "coach"],
        "q4_dee": ["leave", "observe", "cosell", "coach"],
        "q4_eli": ["leave", "observe", "cosell", "coach"],
    },
    "04_start_small": {
        "q3_portfolio": ["A", "B", "C"],
    },
    "05_pebbles_and_quarters": {
        "q3_closest": ["first", "last", "equal", "shapley"],
        "q3_starves": ["first", "last", "equal", "shapley"],
    },
    "06_one_team": {
        "q3_plan": ["A", "B", "C", "D", "E"],
    },
    "07_leap_of_faith": {
        "q2_choice": ["A", "B", "C"],
    },
}
DECISION_LABELS = {
    "q3_veteran_reviews": "Team of veterans",
    "q3_new_hire_reviews": "Team of new hires",
    "q3_asha": "Asha (kept 18 of 20)",
    "q3_ben": "Ben (kept 2 of 2)",
    "q3_carla": "Carla (kept 2 of 10)",
    "q3_dev": "Dev (kept 1 of 4)",
    "q4_ana": "Ana (8 years)",
    "q4_bo": "Bo (5 years)",
    "q4_cam": "Cam (18 months)",
    "q4_dee": "Dee (3 months)",
    "q4_eli": "Eli (starts now)",
    "q3_portfolio": "Mix of deals (A 0%, B 60%, C 100% of hours on small first deals)",
    "q3_closest": "Closest to the true contributions",
    "q3_starves": "Starves the pilot",
    "q3_plan": "Pay plan (A = today's winner takes all, 80% at stake)",
    "q2_choice": "Quarter 2 (A keep the timeline and price, B 20% off now, C press the CIO)",
}
# Each decision plot's title and the label under its options.
DECISION_AXES: dict[str, tuple[str, str]] = {
    "01_leader_not_manager": (
        "Review rounds a month the class chose (the rest of 24 hours in the field)",
        "Review rounds a month",
    ),
    "02_trust": ("Whom the class chose to check 2 hours a month (C) or leave (L)", "Check or leave"),
    "03_coaching": ("What the class gave each rep every month (Exercise 4's menu)", "Choice from the menu"),
    "04_start_small": ("The mix of deals the class chose (Exercise 3)", "Portfolio"),
    "05_pebbles_and_quarters": ("The attribution rule the class chose for each question", "Rule"),
    "06_one_team": ("The pay plan the class chose (Exercise 3)", "Plan"),
    "07_leap_of_faith": ("What the class did when the executive wanted the quarter", "Quarter 2 choice"),
}


@dataclass
class Item:
    """One graded cell across the class."""

    grade_id: str
    notebook: str
    max_points: float
    autograded: bool
    scores: dict[str, float] = field(default_factory=dict)  # student -> score (graded ones only)

    @property
    def difficulty(self) -> float | None:
        """Mean score as a fraction of the points (1 = everyone got it)."""
        if not self.scores or not self.max_points:
            return None
        return statistics.fmean(self.scores.values()) / self.max_points


@dataclass
class Failure:
    """A failing check, counted over trainees."""

    test: str
    question: str
    problem: str
    hint: str
    trainees: set[str] = field(default_factory=set)


@dataclass
class AssignmentData:
    name: str
    students: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    failures: dict[tuple[str, str, str], Failure] = field(default_factory=dict)
    decisions: dict[str, Counter] = field(default_factory=dict)
    answers: dict[str, Counter] = field(default_factory=dict)  # every literal answer, for the table
    model_answers: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # grade id -> what the trainee saw
    title: str = ""  # the notebook's first heading
    awaiting_hand_grading: int = 0
    unreadable: dict[str, str] = field(default_factory=dict)  # trainee -> why their notebook was not read

    def autograded_total(self, student: str) -> float:
        return sum(i.scores.get(student, 0.0) for i in self.items if i.autograded)

    @property
    def autograded_max(self) -> float:
        return sum(i.max_points for i in self.items if i.autograded)


# --------------------------------------------------------------------------- reading


def literal_answers(source: str) -> dict[str, Any]:
    """Top-level ``name = <literal>`` assignments of a cell, without running it.

    The last assignment of a name wins, as it would in the kernel; a name bound to
    anything that is not a literal maps to the text "(computed)".
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = _literal(node.value)
    return found


# A literal answer longer than this (in source characters) is not converted: a 4,000-digit
# hex literal parses, then fails when turned into decimal text (Python's integer digit limit).
MAX_LITERAL_CHARS = 200


def _literal(node: ast.expr) -> Any:
    """The value of a short literal; "(computed)" for anything else, "(long answer)" for a long one."""
    end, start = getattr(node, "end_col_offset", None), getattr(node, "col_offset", 0)
    if node.lineno != getattr(node, "end_lineno", node.lineno) or end is None:
        span = MAX_LITERAL_CHARS + 1 if node.lineno != getattr(node, "end_lineno", node.lineno) else 0
    else:
        span = end - start
    if span > MAX_LITERAL_CHARS:
        return "(long answer)"
    try:
        value = ast.literal_eval(node)
        _bounded(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError, OverflowError):
        return "(computed)"
    return value


def _bounded(value: Any) -> str:
    """``repr`` of a value, or ValueError when it cannot be shown (too many digits, say)."""
    text = repr(value)
    if len(text) > 4 * MAX_LITERAL_CHARS:
        raise ValueError("too long")
    return text


def failures_in(notebook: nbformat.NotebookNode) -> list[tuple[str, str, str, str]]:
    """(test cell, question, problem, hint) of each error output of a graded cell."""
    found = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade"):
            continue
        for output in cell.get("outputs", []):
            if output.output_type != "error":
                continue
            lines = list(output.get("traceback", []))
            if lines and lines[0].startswith(NOT_YET):
                question = lines[0].removeprefix(NOT_YET).strip()
                problem = (
                    lines[1].strip() if len(lines) > 1 and not lines[1].strip().startswith("Hint:") else ""
                )
                hints = [
                    line.strip().removeprefix("Hint:").strip()
                    for line in lines
                    if line.strip().startswith("Hint:")
                ]
                found.append((meta["grade_id"], question, problem, hints[0] if hints else ""))
            else:
                found.append((meta["grade_id"], output.ename, _short(output.evalue), ""))
    return found


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_assignment(root: Path, name: str, only: set[str] | None = None) -> AssignmentData:
    """The class's grades, failing checks and decisions for one assignment (of the trainees
    in ``only``, when given: the roster's)."""
    from nbgrader.api import Gradebook

    data = AssignmentData(name)
    with Gradebook(grading.db_url(root)) as gradebook:
        assignment = gradebook.find_assignment(name)
        items: dict[tuple[str, str], Item] = {}
        for notebook in assignment.notebooks:
            for cell in notebook.grade_cells:
                items[(notebook.name, cell.name)] = Item(
                    cell.name, notebook.name, float(cell.max_score), cell.cell_type == "code"
                )
        for submission in sorted(assignment.submissions, key=lambda s: s.student.id):
            student = submission.student.id
            if only is not None and student not in only:
                continue
            data.students.append(student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    item = items.get((notebook.name, grade.name))
                    if item is None:
                        continue
                    if grade.manual_score is not None or grade.auto_score is not None:
                        item.scores[student] = float(grade.score)
                    elif not item.autograded:
                        data.awaiting_hand_grading += 1
        data.items = list(items.values())

    variables = DECISIONS.get(name, {})
    for student in data.students:
        try:  # one trainee's notebook never stops the class's report
            _read_trainee(root, data, student, variables)
        except Exception as error:  # noqa: BLE001 - anything a hostile notebook can raise
            data.unreadable[student] = _short(f"{type(error).__name__}: {error}", 200)
    for path in sorted((root / "solutions" / name).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                data.model_answers.update(literal_answers(cell.source))
            elif cell.cell_type == "markdown" and not data.title:
                data.title = next(
                    (line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("# ")),
                    "",
                )
    data.labels = exercise_labels(root, name)
    return data


MAX_NOTEBOOK_BYTES = 64 * 1024**2  # an autograded notebook larger than this is not read


def _read_trainee(root: Path, data: AssignmentData, student: str, variables: dict[str, list[Any]]) -> None:
    """One trainee's failing checks, answers and decisions, from their autograded notebooks."""
    found_failures: list[tuple[str, str, str, str]] = []
    decisions: dict[str, str] = {}
    given: list[tuple[str, str]] = []
    for path in sorted(grading.folder_of(root, "autograded", student, data.name).glob("*.ipynb")):
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise ValueError(f"{path.name} is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB")
        nb = nbformat.read(path, as_version=4)
        found_failures += failures_in(nb)
        answers: dict[str, Any] = {}
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                answers.update(literal_answers(cell.source))
        for variable in variables:
            decisions[variable] = _decision_as_option(answers.get(variable), variables[variable])
        given += [(variable, _short(_decision_label(value), 60)) for variable, value in answers.items()]
    # Only once every step for this trainee worked is anything counted.
    for test, question, problem, hint in found_failures:
        failure = data.failures.setdefault((test, question, hint), Failure(test, question, problem, hint))
        failure.trainees.add(student)
    for variable, label in decisions.items():
        data.decisions.setdefault(variable, Counter())[label] += 1
    for variable, label in given:
        data.answers.setdefault(variable, Counter())[label] += 1


def _decision_as_option(value: Any, options: list[Any]) -> str:
    """A decision's bar: the option it names, however the trainee spelled it (the checks accept
    "co-sell", "Co-Sell" and "co sell" for ``cosell``; the plot counts them as one), else its
    own label."""
    if isinstance(value, str):
        spelled = _spelling(value)
        for option in options:
            if isinstance(option, str) and _spelling(option) == spelled:
                return _decision_label(option)
    return _decision_label(value)


def _spelling(text: str) -> str:
    return re.sub(r"[\s\-_'\"‘’“”]", "", text).lower()


def _decision_label(value: Any) -> str:
    """How a decision shows on the plot and in tables. A number and the same number typed as
    text are one answer (``0`` and ``'0'`` are one bar); other text keeps its quote marks."""
    if value is None:
        return "no answer"
    if isinstance(value, str):
        if value in ("(computed)", "(long answer)"):
            return value
        stripped = value.strip()
        try:
            number = float(stripped) if len(stripped) < 30 else None
        except ValueError:
            number = None
        if number is not None and math.isfinite(number):
            return f"{number:g}"
        return _short(repr(value), 80)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return _short(_bounded(value), 80)
        except ValueError:
            return "(long answer)"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    try:
        return f"{value:g}"
    except (ValueError, OverflowError):
        return "(long answer)"


# --------------------------------------------------------------------------- statistics


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when either list has no spread (or fewer than 3 values)."""
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def discrimination(data: AssignmentData, item: Item) -> float | None:
    """Corrected item-total correlation: the item's score against the total of the other items."""
    students = [s for s in data.students if s in item.scores]
    others = [sum(i.scores.get(s, 0.0) for i in data.items if i is not item and i.scores) for s in students]
    return correlation([item.scores[s] for s in students], others)


def upper_lower(data: AssignmentData, item: Item) -> float | None:
    """Mean score fraction of the top 27% minus that of the bottom 27% (by the other items' total)."""
    students = [s for s in data.students if s in item.scores]
    if len(students) < 4 or not item.max_points:
        return None
    ranked = sorted(students, key=lambda s: sum(i.scores.get(s, 0.0) for i in data.items if i is not item))
    size = max(1, round(0.27 * len(ranked)))
    low, high = ranked[:size], ranked[-size:]

    def fraction(group: list[str]) -> float:
        return statistics.fmean(item.scores[s] for s in group) / item.max_points

    return fraction(high) - fraction(low)


# --------------------------------------------------------------------------- plots


def _png(figure: Any) -> str:
    return base64.b64encode(plotting.png_bytes(figure)).decode("ascii")


def plot_scores(data: AssignmentData) -> tuple[str, str]:
    """Histogram of autograded totals, and its text summary."""
    totals = [data.autograded_total(s) for s in data.students]
    maximum = data.autograded_max
    figure, (ax,) = plotting.new_figure(width=6.5, height=3.6)
    bins = [x - 0.5 for x in range(0, int(math.ceil(maximum)) + 2)]
    ax.hist(totals, bins=bins, color=plotting.POLICY, edgecolor="white", hatch="//")
    plotting.style_axes(
        ax, title=f"Autograded score ({maximum:g} points)", ylabel="Trainees", xlabel="Points"
    )
    ax.yaxis.get_major_locator().set_params(integer=True)
    summary = (
        f"{len(totals)} trainee(s). Autograded scores run from {min(totals):g} to {max(totals):g} of "
        f"{maximum:g} points; median {statistics.median(totals):g}, mean {statistics.fmean(totals):.1f}. "
        f"{sum(t == maximum for t in totals)} earned every autograded point and "
        f"{sum(t == 0 for t in totals)} earned none."
    )
    return _png(figure), summary


def plot_items(data: AssignmentData) -> tuple[str, str]:
    """Per exercise: the share of trainees with full, part and no points (stacked bars)."""
    items = [i for i in data.items if i.scores]
    figure, (ax,) = plotting.new_figure(width=6.5, height=0.6 * len(items) + 1.6)
    names = [
        " · ".join(part for part in (data.labels.get(i.grade_id, "").split(" · ")[0], i.grade_id) if part)
        + (
            f"\n({len(i.scores)} of {len(data.students)} graded, {len(data.students) - len(i.scores)} pending)"
            if len(i.scores) < len(data.students)
            else ""
        )
        for i in items
    ]
    full, part, none = [], [], []
    for item in items:
        values = list(item.scores.values())
        n = len(values)
        full.append(sum(v >= item.max_points for v in values) / n)
        none.append(sum(v <= 0 for v in values) / n)
        part.append(max(0.0, 1 - full[-1] - none[-1]) + 0.0)  # never "-0%"
    ax.barh(names, full, color=plotting.POLICY, label="full points")
    ax.barh(names, part, left=full, color=plotting.BAND, hatch="..", label="some points")
    ax.barh(
        names,
        none,
        left=[f + p for f, p in zip(full, part, strict=True)],
        color=plotting.BASELINE,
        hatch="//",
        label="no points",
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    plotting.style_axes(ax, title="Scores per exercise", ylabel="", xlabel="Share of trainees")
    figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    lines = [
        f"{item.grade_id}: {f:.0%} full points, {p:.0%} some, {z:.0%} none"
        + (
            f" ({len(item.scores)} of {len(data.students)} graded so far; "
            f"{len(data.students) - len(item.scores)} auto-graded, reflection pending)"
            if len(item.scores) < len(data.students)
            else ""
        )
        for item, f, p, z in zip(items, full, part, none, strict=True)
    ]
    if data.awaiting_hand_grading:
        lines.append(f"{data.awaiting_hand_grading} hand-graded answer(s) still await grading in formgrader")
    return _png(figure), ". ".join(lines) + "."


def plot_decisions(data: AssignmentData) -> tuple[str, str] | None:
    """The class's decisions against the model's: module 01's review policies for each team,
    module 02's checking hours for each rep, module 04's mix of deals."""
    variables = [v for v in DECISIONS.get(data.name, {}) if v in data.decisions]
    if not variables:
        return None
    options = [_decision_label(o) for o in DECISIONS[data.name][variables[0]]]
    extra = sorted({k for v in variables for k in data.decisions[v]} - set(options))
    categories = options + extra
    figure, (ax,) = plotting.new_figure(width=6.5, height=3.6)
    width = 0.8 / len(variables)
    # Five looks for module 03's five reps: no two bars in one group alike.
    colours = [plotting.POLICY, plotting.BASELINE, plotting.BAND, plotting.WARNING, plotting.NEUTRAL]
    hatches = ["", "//", "..", "xx", "\\\\"]
    for index, variable in enumerate(variables):
        counts = [data.decisions[variable].get(c, 0) for c in categories]
        positions = [x + (index - (len(variables) - 1) / 2) * width for x in range(len(categories))]
        ax.bar(
            positions,
            counts,
            width=width,
            color=colours[index % len(colours)],
            hatch=hatches[index % len(hatches)],
            edgecolor="white",
            label=DECISION_LABELS.get(variable, variable),
        )
        model = _decision_label(data.model_answers.get(variable))
        if model in categories:
            spot = categories.index(model)
            ax.annotate(
                "★",
                (positions[spot], counts[spot]),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=plotting.NEUTRAL,
            )
    ax.set_xticks(range(len(categories)), categories)
    ax.yaxis.get_major_locator().set_params(integer=True)
    title, xlabel = DECISION_AXES.get(data.name, ("Decisions the class made", "Options"))
    plotting.style_axes(ax, title=title, ylabel="Trainees", xlabel=xlabel)
    ax.set_ylim(top=max(max(c.values()) for c in data.decisions.values()) * 1.15 + 0.2)
    # Below the axes, never over a bar; the star marks the model's answer for each row of bars.
    figure.legend(loc="outside lower center", ncols=min(3, len(variables)), frameon=False, fontsize=8)
    parts = []
    for variable in variables:
        counts = data.decisions[variable]
        chosen = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        model = data.model_answers.get(variable)
        parts.append(
            f"{DECISION_LABELS.get(variable, variable)} ({variable}): {chosen}. "
            f"The model backs {_decision_label(model)} ({counts.get(_decision_label(model), 0)} of {sum(counts.values())} chose it)"
        )
    return _png(figure), ". ".join(parts) + "."


# --------------------------------------------------------------------------- page

TEMPLATES = Path(__file__).with_name("templates")
CHECK_LINE = re.compile(r"^#\s*Check:\s*(?P<text>.+?)\.?\s*$")
EXERCISE_HEADING = re.compile(r"^#{1,4}\s*(?P<title>.+?)\s*(\(\d+(\.\d+)? points?[^)]*\))?\s*$")


# --------------------------------------------------------------------------- the course


NEEDS_HELP_BELOW = 0.5
"""A trainee below this share of a module's autograded points is listed as needing help."""


@dataclass
class Progress:
    """Each trainee's autograded share of each module: ``None`` where nothing was submitted."""

    modules: list[str]
    trainees: list[str]
    shares: dict[tuple[str, str], float | None]
    # (trainee, module) -> the exercises they missed points on, as the trainee saw them named
    missed: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def needs_help(self) -> list[tuple[str, list[str]]]:
        """Trainees to talk to, most in need first, each with why: a module below
        :data:`NEEDS_HELP_BELOW` of its autograded points (naming the exercises they missed),
        or a module most of the class has handed in and they have not. Need is the sum, over
        those modules, of the share of points missed (a module not handed in counts 1)."""
        handed_in = {
            module: sum(self.shares[(t, module)] is not None for t in self.trainees)
            for module in self.modules
        }
        ranked = []
        for trainee in self.trainees:
            reasons, need = [], 0.0
            for module in self.modules:
                share = self.shares[(trainee, module)]
                if share is None and handed_in[module] * 2 > len(self.trainees):
                    need += 1.0
                    reasons.append(
                        f"{module}: not handed in ({handed_in[module]} of {len(self.trainees)} have)"
                    )
                elif share is not None and share < NEEDS_HELP_BELOW:
                    need += 1.0 - share
                    missed = self.missed.get((trainee, module), [])
                    reasons.append(
                        f"{module}: {share:.0%} of the autograded points"
                        + (f"; missed {', '.join(missed)}" if missed else "")
                    )
            if reasons:
                ranked.append((-need, trainee, reasons))
        return [(trainee, reasons) for _, trainee, reasons in sorted(ranked)]


def course_progress(assignments: list[AssignmentData]) -> Progress:
    """Every trainee who handed in any of ``assignments``, across all of them."""
    trainees = sorted({s for data in assignments for s in data.students})
    shares: dict[tuple[str, str], float | None] = {}
    missed: dict[tuple[str, str], list[str]] = {}
    for data in assignments:
        submitted = set(data.students)
        for trainee in trainees:
            shares[(trainee, data.name)] = (
                data.autograded_total(trainee) / data.autograded_max
                if trainee in submitted and data.autograded_max
                else None
            )
            if trainee in submitted:
                missed[(trainee, data.name)] = [
                    data.labels.get(i.grade_id, i.grade_id).split(" · ")[0]
                    for i in data.items
                    if i.autograded and i.scores.get(trainee, 0.0) < i.max_points
                ]
                # one name per exercise, in the notebook's order
                missed[(trainee, data.name)] = list(dict.fromkeys(missed[(trainee, data.name)]))
    return Progress([data.name for data in assignments], trainees, shares, missed)


def plot_progress(progress: Progress, *, names: bool = False) -> tuple[str, str]:
    """A grid of trainees (rows) by modules (columns), shaded by the share of autograded points."""
    import numpy as np

    rows = len(progress.trainees)
    grid = np.full((rows, len(progress.modules)), np.nan)
    for i, trainee in enumerate(progress.trainees):
        for j, module in enumerate(progress.modules):
            share = progress.shares[(trainee, module)]
            grid[i, j] = np.nan if share is None else share
    figure, (ax,) = plotting.new_figure(width=6.5, height=min(0.28 * rows + 1.8, 14))
    shown = ax.imshow(np.ma.masked_invalid(grid), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_facecolor("#f2f2f2")  # nothing handed in: the grey behind the grid
    ax.set_xticks(range(len(progress.modules)), [m.split("_", 1)[0] for m in progress.modules])
    labels = progress.trainees if names else [f"Trainee {i + 1}" for i in range(rows)]
    ax.set_yticks(range(rows), labels, fontsize=7 if rows > 20 else 9)
    figure.colorbar(shown, ax=ax, label="Share of autograded points")
    plotting.style_axes(ax, title="Each trainee's progress across the modules", ylabel="", xlabel="Module")
    ax.grid(False)
    for (i, j), share in np.ndenumerate(grid):  # the number in each cell: shades alone mislead
        ax.text(
            j,
            i,
            "not in" if np.isnan(share) else f"{share:.0%}",
            ha="center",
            va="center",
            fontsize=7,
            color="white" if share > 0.6 else "#333",
        )
    helped = progress.needs_help()
    handed = [sum(progress.shares[(t, m)] is not None for t in progress.trainees) for m in progress.modules]
    summary = (
        f"{rows} trainee(s) across {len(progress.modules)} module(s); handed in per module: "
        + ", ".join(f"{m.split('_', 1)[0]} {n}" for m, n in zip(progress.modules, handed, strict=True))
        + f". Darker is more points; 'not in' is not handed in. {len(helped)} trainee(s) need help "
        f"(below {NEEDS_HELP_BELOW:.0%} of a module's autograded points, or missing a module most "
        "of the class has handed in)."
    )
    return _png(figure), summary


def exercise_labels(root: Path, assignment: str) -> dict[str, str]:
    """Each graded cell's name as the trainee saw it, from the instructor notebook.

    The exercise comes from the last heading above the cell ("Exercise 1 · Predict, then
    run" gives "Exercise 1") and the check from the test cell's first line
    ("# Check: your prediction for the veterans' revenue ..."). A graded cell with neither
    keeps its grade id.
    """
    labels: dict[str, str] = {}
    for path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        heading = ""
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    found = EXERCISE_HEADING.match(line) if line.startswith("#") else None
                    if found:
                        heading = found["title"].split("·")[0].strip()
            if not meta.get("grade") or "grade_id" not in meta:
                continue
            first = cell.source.splitlines()[0] if cell.source.strip() else ""
            check = CHECK_LINE.match(first) if cell.cell_type == "code" else None
            parts = [part for part in (heading, check["text"] if check else "") if part]
            labels[meta["grade_id"]] = " · ".join(parts) or meta["grade_id"]
    return labels


def _fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def _plot(plot_id: str, drawn: tuple[str, str], alt: str) -> dict[str, str]:
    png, summary = drawn
    return {"id": plot_id, "png": png, "summary": summary, "alt": alt}


def _failures(data: AssignmentData, *, hinted: bool) -> list[dict[str, Any]]:
    ranked = sorted(data.failures.values(), key=lambda f: (-len(f.trainees), f.test, f.question))
    return [
        {
            "count": len(f.trainees),
            "exercise": data.labels.get(f.test, f.test),
            "question": f.question,
            "problem": f.problem,
            "hint": f.hint,
        }
        for f in ranked
        if bool(f.hint) == hinted
    ][:10]


def _answers(data: AssignmentData) -> list[dict[str, str]]:
    """Every answer given as a plain value, with how many trainees gave it."""
    rows = []
    for variable in sorted(data.answers):
        if variable not in data.model_answers:
            continue
        counts = sorted(data.answers[variable].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            {
                "variable": variable,
                "model": _short(_decision_label(data.model_answers[variable]), 60),
                "given": "; ".join(f"{value} ({count})" for value, count in counts),
            }
        )
    return rows


def grading_results(root: Path, assignment: str) -> list[tuple[str, str, list[str]]]:
    """(trainee, result, reasons) of each submission of ``assignment`` that was flagged for
    review or could not be graded, from the last grading run's record."""
    path = root / grading.STATE_FOLDER / grading.STATE_FILE
    if not path.exists():
        return []
    state = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for key, entry in sorted(state.items()):
        name, _, student = key.partition("/")
        result = entry.get("result") or {
            "status": "error" if entry.get("status") == "failed" else "graded",
            "reasons": [entry.get("reason", "")] if entry.get("reason") else [],
        }
        if name == assignment and result.get("status") in ("flagged", "error"):
            found.append((student, result["status"], list(result.get("reasons", []))))
    return found


def assignment_context(
    data: AssignmentData, *, names: bool = False, attention: list[tuple[str, str, list[str]]] | None = None
) -> dict[str, Any]:
    """What the template shows of one assignment: plain values, escaped by the template."""
    result_names = {
        "flagged": "flagged for review",
        "error": "not graded",
        "unreadable": "graded, but left out of this page",
    }
    section: dict[str, Any] = {
        "name": data.name,
        "title": data.title or data.name,
        "students": len(data.students),
        "attention": [
            {
                "student": student,
                "result": result_names.get(status, status),
                "reasons": [_short(r, 300) for r in reasons],
            }
            for student, status, reasons in attention or []
        ],
        "flagged": sum(status == "flagged" for _, status, _ in attention or []),
        "unreadable": sum(status == "unreadable" for _, status, _ in attention or []),
    }
    if not data.students:
        return section
    title = data.title or data.name
    section["scores"] = _plot(
        f"plot-scores-{data.name}", plot_scores(data), f"Histogram of autograded scores, {title}"
    )
    section["exercises"] = _plot(
        f"plot-exercises-{data.name}",
        plot_items(data),
        f"Share of full, some and no points per exercise, {title}",
    )
    section["item_rows"] = [
        {
            "label": data.labels.get(item.grade_id, item.grade_id),
            "grade_id": item.grade_id,
            "graded_by": "auto" if item.autograded else "by hand",
            "points": f"{item.max_points:g}",
            "scored": len(item.scores),
            "difficulty": _fmt(item.difficulty),
            "discrimination": _fmt(discrimination(data, item)),
            "upper_lower": _fmt(upper_lower(data, item)),
        }
        for item in data.items
    ]
    section["hinted"] = _failures(data, hinted=True)
    section["hidden"] = _failures(data, hinted=False)
    decisions = plot_decisions(data)
    section["decisions"] = (
        _plot(
            f"plot-decisions-{data.name}",
            decisions,
            DECISION_AXES.get(data.name, ("Decisions the class made", ""))[0]
            + " (★ marks the model's answer)",
        )
        if decisions
        else None
    )
    section["answers"] = _answers(data)
    section["trainees"] = [
        {
            "student": student,
            "points": f"{data.autograded_total(student):g}",
            "missed": ", ".join(
                data.labels.get(i.grade_id, i.grade_id)
                for i in data.items
                if i.autograded and i.scores.get(student, 0.0) < i.max_points
            ),
        }
        for student in (data.students if names else [])
    ]
    return section


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value a trainee could have typed is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def graded_assignments(root: Path) -> list[str]:
    from nbgrader.api import Gradebook

    with Gradebook(grading.db_url(root)) as gradebook:
        return sorted(a.name for a in gradebook.assignments if a.submissions)


def render(root: Path, assignments: list[str] | None = None, *, names: bool = False) -> str:
    """The debrief page as HTML text."""
    names_in_book = graded_assignments(root)
    chosen = assignments or names_in_book
    unknown = sorted(set(chosen) - set(names_in_book))
    if unknown:
        raise ValueError(
            f"No graded submissions for {', '.join(unknown)}. Graded assignments: "
            f"{', '.join(names_in_book) or '(none yet: run sales-course grade first)'}."
        )
    from course.instructor import roster

    on_roster = roster.load(root)  # a submitter not on the roster is kept apart: not on this page
    datas = [
        read_assignment(root, name, set(on_roster) if on_roster is not None else None) for name in chosen
    ]
    sections = [
        assignment_context(
            data,
            names=names,
            attention=[
                row
                for row in grading_results(root, data.name)
                + [(student, "unreadable", [why]) for student, why in sorted(data.unreadable.items())]
                if on_roster is None or row[0] in on_roster
            ],
        )
        for data in datas
    ]
    course = course_context(course_progress(datas), names=names) if len(datas) > 1 else None
    if on_roster is not None and names:  # the instructor's copy: names from the roster, id beside
        shown = {t: f"{e.name} ({t})" if e.name != t else t for t, e in on_roster.items()}
        rows = [r for section in sections for r in section["attention"] + section.get("trainees", [])]
        for row in rows + (course["helped"] if course else []):
            row["student"] = shown.get(row["student"], row["student"])
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        _environment()
        .get_template("debrief.html.j2")
        .render(sections=sections, course=course, names=names, stamp=stamp)
    )


def course_context(progress: Progress, *, names: bool = False) -> dict[str, Any]:
    """The course section: the progress grid, and who needs help (ids only with ``names``)."""
    helped = progress.needs_help()
    return {
        "progress": _plot(
            "plot-progress",
            plot_progress(progress, names=names),
            "Grid of each trainee's share of autograded points in each module",
        ),
        "needs_help": len(helped),
        "helped": [{"student": s, "reasons": reasons} for s, reasons in helped] if names else [],
    }


def write_report(
    root: Path, assignments: list[str] | None = None, *, names: bool = False, out: Path | None = None
) -> Path:
    """Write the debrief to ``out`` (default: reports/debrief[-<assignment>].html); return its path."""
    suffix = f"-{assignments[0]}" if assignments and len(assignments) == 1 else ""
    path = out or root / grading.REPORTS_FOLDER / f"debrief{suffix}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(root, assignments, names=names), encoding="utf-8")
    return path
