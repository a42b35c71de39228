"""The class debrief: ``sales-course report`` writes one self-contained HTML page.

What the page holds, per assignment: the spread of autograded scores, each exercise's
scores, an item analysis (difficulty and discrimination), the checks trainees failed
most often with the hint they saw, and the spread of the class's decisions (module 01:
the review policies trainees chose).

Everything comes from the course gradebook and the autograded notebooks. Trainee code
is never run here: decisions are read from the answer cells' source with
:func:`ast.literal_eval`. Plots are PNGs drawn with matplotlib's Agg canvas and
embedded as base64, so the page opens offline; each plot has a text summary beside
it. Trainee ids appear only with ``names=True``.
"""

from __future__ import annotations

import ast
import base64
import html
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat

from course.instructor import grading
from course.trainee import plotting

NOT_YET = "✗ Not yet — "

# The decisions worth a plot in the debrief, per assignment: variable -> the options offered.
DECISIONS: dict[str, dict[str, list[Any]]] = {
    "01_leader_not_manager": {
        "q3_veteran_reviews": [0, 1, 2, 4, 8],
        "q3_new_hire_reviews": [0, 1, 2, 4, 8],
    }
}
DECISION_LABELS = {"q3_veteran_reviews": "Team of veterans", "q3_new_hire_reviews": "Team of new hires"}


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
    awaiting_hand_grading: int = 0

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
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                found[node.targets[0].id] = "(computed)"
    return found


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


def read_assignment(root: Path, name: str) -> AssignmentData:
    """The class's grades, failing checks and decisions for one assignment."""
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
        for path in sorted(grading.folder_of(root, "autograded", student, name).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for test, question, problem, hint in failures_in(nb):
                key = (test, question, hint)
                failure = data.failures.setdefault(key, Failure(test, question, problem, hint))
                failure.trainees.add(student)
            answers: dict[str, Any] = {}
            for cell in nb.cells:
                if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                    answers.update(literal_answers(cell.source))
            for variable in variables:
                value = answers.get(variable)
                data.decisions.setdefault(variable, Counter())[_decision_label(value)] += 1
            for variable, value in answers.items():
                data.answers.setdefault(variable, Counter())[_short(_decision_label(value), 60)] += 1
    for path in sorted((root / "solutions" / name).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                data.model_answers.update(literal_answers(cell.source))
    return data


def _decision_label(value: Any) -> str:
    """How a decision shows on the plot: text keeps its quote marks, so "0" is not 0."""
    if value is None:
        return "no answer"
    return repr(value) if isinstance(value, str) and value != "(computed)" else str(value)


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
        i.grade_id
        + (
            f"\n({len(i.scores)} of {len(data.students)} graded)"
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
        part.append(1 - full[-1] - none[-1])
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
            f" ({len(item.scores)} of {len(data.students)} scored so far)"
            if len(item.scores) < len(data.students)
            else ""
        )
        for item, f, p, z in zip(items, full, part, none, strict=True)
    ]
    if data.awaiting_hand_grading:
        lines.append(f"{data.awaiting_hand_grading} hand-graded answer(s) still await grading in formgrader")
    return _png(figure), ". ".join(lines) + "."


def plot_decisions(data: AssignmentData) -> tuple[str, str] | None:
    """Module 01: the review policies trainees chose for each team, against the model's."""
    variables = [v for v in DECISIONS.get(data.name, {}) if v in data.decisions]
    if not variables:
        return None
    options = [str(o) for o in DECISIONS[data.name][variables[0]]]
    extra = sorted({k for v in variables for k in data.decisions[v]} - set(options))
    categories = options + extra
    figure, (ax,) = plotting.new_figure(width=6.5, height=3.6)
    width = 0.8 / len(variables)
    colours = [plotting.POLICY, plotting.BASELINE, plotting.BAND]
    hatches = ["", "//", ".."]
    for index, variable in enumerate(variables):
        counts = [data.decisions[variable].get(c, 0) for c in categories]
        positions = [x + (index - (len(variables) - 1) / 2) * width for x in range(len(categories))]
        ax.bar(
            positions,
            counts,
            width=width,
            color=colours[index % 3],
            hatch=hatches[index % 3],
            edgecolor="white",
            label=DECISION_LABELS.get(variable, variable),
        )
        model = str(data.model_answers.get(variable))
        if model in categories:
            spot = categories.index(model)
            ax.annotate(
                "model",
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
    plotting.style_axes(
        ax, title="Pipeline reviews a month the class chose", ylabel="Trainees", xlabel="Reviews a month"
    )
    ax.set_ylim(top=max(max(c.values()) for c in data.decisions.values()) * 1.15 + 0.2)
    ax.legend(frameon=False)
    parts = []
    for variable in variables:
        counts = data.decisions[variable]
        chosen = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        model = data.model_answers.get(variable)
        parts.append(
            f"{DECISION_LABELS.get(variable, variable)} ({variable}): {chosen}. "
            f"The model backs {model} ({counts.get(str(model), 0)} of {sum(counts.values())} chose it)"
        )
    return _png(figure), ". ".join(parts) + "."


# --------------------------------------------------------------------------- HTML

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; line-height: 1.45; }
h1, h2, h3 { line-height: 1.2; }
figure.plot { display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: flex-start; margin: 1rem 0 2rem; }
figure.plot img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figure.plot figcaption { flex: 1 1 16rem; font-size: 0.95rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9rem; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value))


def _figure(plot_id: str, png: str, summary: str, alt: str) -> str:
    return (
        f'<figure class="plot" id="{_e(plot_id)}"><img src="data:image/png;base64,{png}" alt="{_e(alt)}">'
        f"<figcaption><strong>In words:</strong> {_e(summary)}</figcaption></figure>"
    )


def _fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def _item_table(data: AssignmentData) -> str:
    rows = []
    for item in data.items:
        rows.append(
            "<tr>"
            f"<td>{_e(item.grade_id)}</td><td>{'auto' if item.autograded else 'by hand'}</td>"
            f"<td class='num'>{item.max_points:g}</td><td class='num'>{len(item.scores)}</td>"
            f"<td class='num'>{_fmt(item.difficulty)}</td>"
            f"<td class='num'>{_fmt(discrimination(data, item))}</td>"
            f"<td class='num'>{_fmt(upper_lower(data, item))}</td>"
            "</tr>"
        )
    return (
        "<table><tr><th>Exercise (grade id)</th><th>Graded</th><th>Points</th><th>Scored</th>"
        "<th>Difficulty</th><th>Discrimination (r)</th><th>Upper − lower</th></tr>"
        + "".join(rows)
        + "</table>"
        "<p class='note'>Difficulty is the mean score as a share of the points (1.00: everyone got it). "
        "Discrimination is the correlation of the exercise's score with the total of the other exercises: "
        "near 0 or negative means the exercise does not separate stronger from weaker work, so look at its "
        "wording. Upper − lower is the share of points of the top 27% minus that of the bottom 27%. "
        "n/a: no spread to measure (everyone scored alike) or too few trainees.</p>"
    )


def _failure_tables(data: AssignmentData) -> str:
    ranked = sorted(data.failures.values(), key=lambda f: (-len(f.trainees), f.test, f.question))
    hinted = [f for f in ranked if f.hint][:10]
    hidden = [f for f in ranked if not f.hint][:10]
    out = ["<h3>Most common failing checks, with the hint trainees saw</h3>"]
    if hinted:
        out.append(
            "<table><tr><th>Trainees</th><th>Test cell</th><th>Check</th><th>Message (an example)</th>"
            "<th>Hint shown</th></tr>"
        )
        out += [
            f"<tr><td class='num'>{len(f.trainees)}</td><td>{_e(f.test)}</td><td>{_e(f.question)}</td>"
            f"<td>{_e(f.problem)}</td><td>{_e(f.hint)}</td></tr>"
            for f in hinted
        ]
        out.append("</table>")
    else:
        out.append("<p>No visible check failed.</p>")
    out.append("<h3>Failing checks without a hint (hidden tests and errors)</h3>")
    if hidden:
        out.append(
            "<table><tr><th>Trainees</th><th>Test cell</th><th>Check</th><th>Message (an example)</th></tr>"
        )
        out += [
            f"<tr><td class='num'>{len(f.trainees)}</td><td>{_e(f.test)}</td><td>{_e(f.question)}</td>"
            f"<td>{_e(f.problem)}</td></tr>"
            for f in hidden
        ]
        out.append("</table>")
    else:
        out.append("<p>None.</p>")
    return "".join(out)


def _answers_table(data: AssignmentData) -> str:
    """Every answer given as a plain value, with how many trainees gave it."""
    rows = []
    for variable in sorted(data.answers):
        if variable not in data.model_answers:
            continue
        counts = sorted(data.answers[variable].items(), key=lambda kv: (-kv[1], kv[0]))
        given = "; ".join(f"{value} ({count})" for value, count in counts)
        model = _short(_decision_label(data.model_answers[variable]), 60)
        rows.append(f"<tr><td>{_e(variable)}</td><td>{_e(model)}</td><td>{_e(given)}</td></tr>")
    if not rows:
        return ""
    return (
        "<h3>Every answer the class gave</h3><table><tr><th>Answer</th><th>Model answer</th>"
        "<th>What the class gave (trainees)</th></tr>" + "".join(rows) + "</table>"
        "<p class='note'>Read from the answer cells' text, not by running them: an answer computed "
        "by code shows as (computed); no answer means the placeholder None was left.</p>"
    )


def _names_table(data: AssignmentData) -> str:
    tests = [i for i in data.items if i.autograded]
    rows = []
    for student in data.students:
        missed = [i.grade_id for i in tests if i.scores.get(student, 0.0) < i.max_points]
        rows.append(
            f"<tr><td>{_e(student)}</td><td class='num'>{data.autograded_total(student):g}</td>"
            f"<td>{_e(', '.join(missed) or '—')}</td></tr>"
        )
    return (
        "<h3>Trainees</h3><table><tr><th>Trainee</th><th>Autograded points</th><th>Not yet</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def grading_results(root: Path, assignment: str) -> list[tuple[str, str, list[str]]]:
    """(trainee, result, reasons) of each submission of ``assignment`` that was flagged for
    review or could not be graded, from the last grading run's record."""
    path = root / grading.STATE_FOLDER / grading.STATE_FILE
    if not path.exists():
        return []
    import json

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


def _attention_table(rows: list[tuple[str, str, list[str]]], *, names: bool) -> str:
    if not rows:
        return ""
    label = {"flagged": "flagged for review", "error": "not graded"}
    body = "".join(
        "<tr>"
        + (f"<td>{_e(student)}</td>" if names else "")
        + f"<td>{_e(label.get(status, status))}</td>"
        + f"<td>{'<br>'.join(_e(_short(r, 300)) for r in reasons) or '—'}</td></tr>"
        for student, status, reasons in rows
    )
    flagged = sum(status == "flagged" for _, status, _ in rows)
    return (
        "<h3>Submissions to look at</h3>"
        f"<p>{flagged} flagged for review (their autograded score is in the gradebook; those whose "
        "code could change the checks show in formgrader as needing grading), "
        f"{len(rows) - flagged} not graded (no score in the gradebook).</p>"
        "<table><tr>"
        + ("<th>Trainee</th>" if names else "")
        + "<th>Result</th><th>Why</th></tr>"
        + body
        + "</table>"
    )


def assignment_section(
    data: AssignmentData, *, names: bool = False, attention: list[tuple[str, str, list[str]]] | None = None
) -> str:
    """The HTML of one assignment's debrief."""
    out = [f"<section id='{_e(data.name)}'><h2>{_e(data.name)}</h2>"]
    if attention:
        out.append(_attention_table(attention, names=names))
    if not data.students:
        return "".join(out) + "<p>No graded submissions yet.</p></section>"
    out.append(f"<p>{len(data.students)} graded submission(s).</p>")
    png, summary = plot_scores(data)
    out.append(_figure(f"plot-scores-{data.name}", png, summary, "Histogram of autograded scores"))
    png, summary = plot_items(data)
    out.append(
        _figure(f"plot-exercises-{data.name}", png, summary, "Share of full, some and no points per exercise")
    )
    out.append("<h3>Item analysis</h3>" + _item_table(data))
    out.append(_failure_tables(data))
    decisions = plot_decisions(data)
    if decisions:
        out.append("<h3>The class's decisions</h3>")
        png, summary = decisions
        out.append(_figure(f"plot-decisions-{data.name}", png, summary, "Review policies the class chose"))
    out.append(_answers_table(data))
    if names:
        out.append(_names_table(data))
    out.append("</section>")
    return "".join(out)


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
    sections = [
        assignment_section(read_assignment(root, name), names=names, attention=grading_results(root, name))
        for name in chosen
    ]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    privacy = "Trainee ids are shown (--names)." if names else "No trainee names or ids are shown."
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Sales Leadership Lab · class debrief</title><style>{CSS}</style></head><body>"
        "<h1>Sales Leadership Lab · class debrief</h1>"
        f"<p class='note'>Made {stamp} from the course gradebook and the autograded notebooks. {privacy} "
        "Scores are autograded points; hand-graded answers count once graded in formgrader.</p>"
        + "".join(sections)
        + "</body></html>"
    )


def write_report(
    root: Path, assignments: list[str] | None = None, *, names: bool = False, out: Path | None = None
) -> Path:
    """Write the debrief to ``out`` (default: reports/debrief[-<assignment>].html); return its path."""
    suffix = f"-{assignments[0]}" if assignments and len(assignments) == 1 else ""
    path = out or root / grading.REPORTS_FOLDER / f"debrief{suffix}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(root, assignments, names=names), encoding="utf-8")
    return path
