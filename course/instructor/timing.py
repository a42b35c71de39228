"""How long a module takes a first-timer, by arithmetic: the words a trainee reads at a careful
speed, plus the minutes each task takes beyond its reading.

The words are counted, not estimated, so the figure follows every edit:

- the notebook's own text, from the trainee's released notebook: markdown (the reflection's empty
  answer cell and the optional Sources section left out) and the comments in code cells;
- what the code shows, from the instructor notebook run in a fresh kernel (the answers a trainee
  who gets them right would give): tables, reveals and check messages;
- the explorers' words: slider names, their tooltips and the written summaries.

Tooltips are counted whole, as if every one were read: the figure errs long, not short.

The task minutes are the author's estimates, kept beside the notebook in its metadata
(``"sales_course": {"task_minutes": [["Exercise 1 with the reveal", 10], ...]}``, in the order a
trainee meets them), so that the facilitator guide, this count and ``sales-course timing`` use one
set. The reading speed, 180 words a minute, is our choice: slower than fluent reading of plain
prose, because these texts carry numbers to hold and instructions to follow.

Used by ``sales-course timing`` and by tests/test_module_texts.py, which holds every module to the
contract's 45-75 minutes and the facilitator guide to this count.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_A_MINUTE = 180
LEFT_OUT = ("sources_intro", "sources")  # the optional Sources section (grade ids)
_WORD = re.compile(r"\w")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@dataclass(frozen=True)
class Timing:
    """One module's minutes: words read in three places, and the tasks beyond reading."""

    module: str
    notebook_words: int
    shown_words: int
    explorer_words: int
    task_minutes: dict[str, float]

    @property
    def words(self) -> int:
        return self.notebook_words + self.shown_words + self.explorer_words

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_A_MINUTE

    @property
    def minutes(self) -> float:
        return self.reading_minutes + sum(self.task_minutes.values())

    def sentence(self) -> str:
        """The arithmetic in one sentence, as the facilitator guide states it."""
        tasks = "; ".join(f"{what}, {minutes:g} min" for what, minutes in self.task_minutes.items())
        return (
            f"{self.words:,} words to read ({self.notebook_words:,} in the notebook's text and code "
            f"comments, {self.shown_words:,} in what the code shows, {self.explorer_words:,} in the "
            f"explorers' slider names, tooltips and summaries; the optional Sources left out) at a "
            f"careful {WORDS_A_MINUTE} words a minute, {self.reading_minutes:.1f} min; {tasks}: "
            f"{self.minutes:.1f} min in all."
        )


def count_words(text: str) -> int:
    """Words as a reader meets them: link targets, HTML tags and markdown punctuation (#, |, ---,
    **) are not words; anything with a letter or a digit is."""
    text = re.sub(r"\]\([^)]*\)", "]", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return sum(1 for token in text.split() if _WORD.search(token))


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def notebook_words(release: nbformat.NotebookNode) -> int:
    """The trainee's notebook as it opens: markdown and code comments, Sources and empty answer
    cells left out."""
    total = 0
    for cell in release.cells:
        if _grade_id(cell) in LEFT_OUT:
            continue
        if cell.cell_type == "markdown":
            if cell.metadata.get("nbgrader", {}).get("solution"):
                continue  # the reflection's answer cell: the trainee writes it
            total += count_words(cell.source)
        elif cell.cell_type == "code":
            total += sum(count_words(comment) for comment in re.findall(r"#(.*)", cell.source))
    return total


def _output_words(output: dict) -> int:
    if output.get("output_type") == "stream":
        return count_words(output.get("text", ""))
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return 0  # the widget's words are counted once, from its state
    for kind in ("text/html", "text/markdown", "text/plain"):
        if kind in data:
            return count_words(data[kind])
    return 0


def shown_words(executed: nbformat.NotebookNode) -> int:
    """What the code cells show when run: tables, reveals and check messages."""
    return sum(
        _output_words(output)
        for cell in executed.cells
        if cell.cell_type == "code" and _grade_id(cell) not in LEFT_OUT
        for output in cell.get("outputs", [])
    )


def explorer_words(executed: nbformat.NotebookNode) -> int:
    """The widgets' words, from the widget state the run saved: slider names, tooltips, written
    summaries and anything printed into an output area."""
    state = executed.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    total = 0
    for model in state.values():
        fields = model.get("state", {})
        for key in ("description", "tooltip", "description_tooltip"):
            if isinstance(fields.get(key), str):
                total += count_words(fields[key])
        if model.get("model_name") in ("HTMLModel", "HTMLMathModel", "LabelModel"):
            total += count_words(str(fields.get("value", "")))
        total += sum(_output_words(output) for output in fields.get("outputs", []) or [])
    return total


def run(path: Path) -> nbformat.NotebookNode:
    """The notebook run top to bottom in a fresh kernel, widget state kept."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The kernel's start-up warnings are noise here; a cell's error still stops the run.
    client.execute(stderr=subprocess.DEVNULL)
    return notebook


def measure(root: Path, module: str) -> Timing:
    """One module's timing: ``module`` is its folder name (``02_trust``) or number (``02``)."""
    folders = sorted(path for path in (root / "solutions").glob(f"{module}*") if path.is_dir())
    if len(folders) != 1:
        known = ", ".join(
            path.name[:2] for path in sorted((root / "solutions").glob("[0-9]*")) if path.is_dir()
        )
        raise ValueError(f"no module {module!r} in {root / 'solutions'}; there are {known}")
    (solution,) = sorted(folders[0].glob("*.ipynb"))
    release = nbformat.read(root / "assignments" / folders[0].name / solution.name, as_version=4)
    from nbclient.exceptions import CellExecutionError

    try:
        executed = run(solution)
    except CellExecutionError as error:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip()  # the traceback's colours
        last = plain.splitlines()[-1] if plain else type(error).__name__
        raise ValueError(
            f"{solution.relative_to(root)} stops with an error when run, so what it shows cannot be "
            f"counted: {last} (run `sales-course check` for the cell)"
        ) from error
    tasks = executed.metadata.get("sales_course", {}).get("task_minutes")
    if not tasks:
        raise ValueError(
            f"{solution.relative_to(root)} states no task minutes: add "
            '"sales_course": {"task_minutes": [["a task", minutes], ...]} to its notebook metadata'
        )
    return Timing(
        module=folders[0].name,
        notebook_words=notebook_words(release),
        shown_words=shown_words(executed),
        explorer_words=explorer_words(executed),
        task_minutes={str(what): float(minutes) for what, minutes in tasks},
    )


def table(timings: list[Timing]) -> str:
    lines = [
        f"{'module':<26}{'notebook':>9}{'shown':>7}{'explorer':>9}{'reading':>9}{'tasks':>7}{'total':>7}",
        f"{'':<26}{'words':>9}{'words':>7}{'words':>9}{'min':>9}{'min':>7}{'min':>7}",
    ]
    for t in timings:
        flag = "  over the contract's 75 min" if t.minutes > 75 else ""
        lines.append(
            f"{t.module:<26}{t.notebook_words:>9,}{t.shown_words:>7,}{t.explorer_words:>9,}"
            f"{t.reading_minutes:>9.1f}{sum(t.task_minutes.values()):>7.1f}{t.minutes:>7.1f}{flag}"
        )
    return "\n".join(lines)
