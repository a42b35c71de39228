"""Hand-grading one module's reflections in one sitting: ``sales-course handgrade MODULE``.

formgrader shows one notebook at a time, with the reflection as the last answer of a long
page and the rubric only in ``solutions/``. Here, for one module:

1. ``sales-course handgrade MODULE`` writes ``reports/handgrade-MODULE.html``: the rubric and
   model answer (from the instructor notebook) beside every trainee's answer to each
   hand-graded question, one after another, and ``reports/handgrade-MODULE.csv``, a sheet
   with one row per trainee and question (points possible, an empty score and comment).
   A sheet already holding scores is never overwritten.
2. The instructor fills in the sheet (any spreadsheet; save as CSV).
3. ``sales-course handgrade MODULE --apply reports/handgrade-MODULE.csv`` checks every row
   (trainee, question, a score from 0 to the points possible) and, only if all are right,
   writes the scores and comments through nbgrader's :class:`~nbgrader.api.Gradebook`
   exactly as formgrader does (``manual_score``, ``needs_manual_grade``,
   ``manual_comment``), then remakes the module's feedback with nbgrader and the grades
   file. formgrader shows the same scores; a blank score leaves that answer ungraded.

Everything a trainee wrote is escaped on the page (Jinja autoescape) and shown as text, never
as markdown or HTML, and the page's Content-Security-Policy allows no script.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.instructor.exports import safe_text, write_rows

SHEET_HEADER = ("trainee_id", "name", "notebook", "question", "points_possible", "score", "comment")
MAX_ANSWER_CHARS = 20_000  # a longer answer is cut on the page (the notebook keeps it all)


@dataclass
class Question:
    grade_id: str
    notebook: str
    points: float
    rubric: str  # the instructor notebook's cell: model answer and rubric
    answers: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Prepared:
    page: Path
    sheet: Path
    answers: int
    graded: int
    sheet_kept: bool

    def __str__(self) -> str:
        lines = [
            f"Hand-grading page: {self.page}",
            f"Sheet to fill in:  {self.sheet}"
            + (" (kept: it already holds scores)" if self.sheet_kept else ""),
            f"{self.answers} answer(s), {self.graded} already graded. At about 3 minutes an answer, "
            f"about {_duration((self.answers - self.graded) * 3)} to go.",
            f"Then: sales-course handgrade {self.page.stem.removeprefix('handgrade-')} --apply {self.sheet}",
        ]
        return "\n".join(lines)


def _duration(minutes: int) -> str:
    return f"{minutes} minutes" if minutes < 90 else f"{math.ceil(minutes / 30) / 2:g} hours"


def _manual_cells(gradebook, module: str) -> list[tuple[str, str, float]]:  # noqa: ANN001
    assignment = gradebook.find_assignment(module)
    return [
        (cell.name, notebook.name, float(cell.max_score))
        for notebook in assignment.notebooks
        for cell in notebook.grade_cells
        if cell.cell_type == "markdown"
    ]


def _cell_text(path: Path, grade_id: str) -> str:
    if not path.is_file():
        return ""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return str(cell.source)
    return ""


def _trainees(root: Path, gradebook, module: str) -> list[tuple[str, str]]:  # noqa: ANN001
    """(id, name) of each trainee with a submission of ``module``; only the roster's when there is one."""
    from course.instructor import roster

    on_roster = roster.load(root)
    found = []
    for submission in gradebook.find_assignment(module).submissions:
        student = submission.student
        if on_roster is not None and student.id not in on_roster:
            continue
        name = " ".join(p for p in (student.first_name, student.last_name) if p) or student.id
        found.append((student.id, name))
    return sorted(found, key=lambda t: (t[1].lower(), t[0]))


def _known_module(root: Path, module: str) -> None:
    from course.instructor import report

    graded = report.graded_assignments(root)
    if module not in graded:
        raise ValueError(
            f"No graded submissions for {safe_text(module, 80)}. Graded modules: "
            f"{', '.join(graded) or '(none yet: run sales-course grade first)'}."
        )


def prepare(root: Path, module: str) -> Prepared:
    """Write the hand-grading page and sheet for ``module``; see the module docstring.

    Raises:
        ValueError: the module has no graded submissions, or no hand-graded question.
    """
    import jinja2
    from nbgrader.api import Gradebook

    from course.instructor import grading

    _known_module(root, module)
    questions: list[Question] = []
    sheet_rows: list[list[str]] = []
    graded = 0
    with Gradebook(grading.db_url(root)) as gradebook:
        cells = _manual_cells(gradebook, module)
        if not cells:
            raise ValueError(f"{module} has no hand-graded question: nothing to hand-grade.")
        people = _trainees(root, gradebook, module)
        for grade_id, notebook, points in cells:
            rubric = _cell_text(root / "solutions" / module / f"{notebook}.ipynb", grade_id)
            question = Question(grade_id, notebook, points, rubric)
            for student, name in people:
                grade = gradebook.find_grade(grade_id, notebook, module, student)
                try:
                    comment = gradebook.find_comment(grade_id, notebook, module, student).manual_comment or ""
                except Exception:  # noqa: BLE001 - nbgrader's MissingEntry: no comment cell
                    comment = ""
                path = grading.folder_of(root, "autograded", student, module) / f"{notebook}.ipynb"
                try:
                    text = _cell_text(path, grade_id)
                except Exception as error:  # noqa: BLE001 - one unreadable notebook stops nothing
                    text = f"(this notebook could not be read: {type(error).__name__})"
                if len(text) > MAX_ANSWER_CHARS:
                    text = text[:MAX_ANSWER_CHARS] + " … (cut here; the notebook has the rest)"
                score = "" if grade.manual_score is None else f"{grade.manual_score:g}"
                graded += grade.manual_score is not None
                question.answers.append(
                    {
                        "student": student,
                        "name": name,
                        "text": text.strip() or "(no answer)",
                        "words": str(len(text.split())),
                        "score": score,
                        "comment": comment,
                    }
                )
                sheet_rows.append(
                    [
                        safe_text(student),
                        safe_text(name),
                        safe_text(notebook),
                        safe_text(grade_id),
                        f"{points:g}",
                        score,
                        safe_text(comment),
                    ]
                )
            questions.append(question)
    folder = root / grading.REPORTS_FOLDER
    page = folder / f"handgrade-{module}.html"
    sheet = folder / f"handgrade-{module}.csv"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,  # every trainee's text is escaped
        undefined=jinja2.StrictUndefined,
    )
    folder.mkdir(parents=True, exist_ok=True)
    page.write_text(
        environment.get_template("handgrade.html.j2").render(
            module=module, questions=questions, sheet=sheet.name
        ),
        encoding="utf-8",
    )
    kept = sheet.is_file() and _has_scores(sheet)
    if not kept:
        write_rows(sheet, SHEET_HEADER, sheet_rows)
    return Prepared(page, sheet, sum(len(q.answers) for q in questions), graded, kept)


def _has_scores(sheet: Path) -> bool:
    try:
        rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError, csv.Error):
        return True  # unreadable: keep it rather than lose work
    return any((row.get("score") or "").strip() for row in rows)


def _unquote(text: str) -> str:
    """A cell as the sheet wrote it: the apostrophe that neutralised a formula comes off."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass
class Applied:
    scores: int
    cleared: int
    module: str
    feedback: bool

    def __str__(self) -> str:
        return (
            f"{self.module}: {self.scores} score(s) written to the gradebook"
            + (f", {self.cleared} left ungraded (blank)" if self.cleared else "")
            + (
                "; feedback remade"
                if self.feedback
                else "; feedback NOT remade (nbgrader failed): run sales-course grade --refresh-feedback"
            )
            + ". formgrader shows the same scores; export again for the LMS."
        )


def apply_sheet(root: Path, module: str, sheet: Path) -> Applied:
    """Write a filled-in sheet's scores and comments into the gradebook (all rows or none).

    Raises:
        ValueError: naming every row that is wrong (unknown trainee or question, a score
            that is not a number from 0 to the points possible); nothing is written then.
    """
    from nbgrader.api import Gradebook, MissingEntry

    from course.instructor import grading
    from course.instructor.grading.coursedir import nbgrader_api
    from course.instructor.grading.submissions import load_state

    _known_module(root, module)
    try:
        text = sheet.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{sheet} does not exist: run sales-course handgrade {module} first.") from None
    except UnicodeDecodeError:
        raise ValueError(
            f"{sheet} is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'."
        ) from None
    rows = list(csv.DictReader(text.splitlines()))
    missing = [h for h in ("trainee_id", "question", "score") if h not in (rows[0] if rows else {})]
    if missing:
        raise ValueError(f"{sheet} lacks the column(s) {', '.join(missing)}: use the sheet handgrade wrote.")
    problems: list[str] = []
    plan: list[tuple[str, str, str, float | None, str]] = []
    with Gradebook(grading.db_url(root)) as gradebook:
        cells = {
            grade_id: (notebook, points) for grade_id, notebook, points in _manual_cells(gradebook, module)
        }
        for number, row in enumerate(rows, start=2):
            student = _unquote((row.get("trainee_id") or "").strip())
            grade_id = _unquote((row.get("question") or "").strip())
            raw = (row.get("score") or "").strip()
            comment = _unquote((row.get("comment") or "").strip())
            if grade_id not in cells:
                problems.append(
                    f"row {number}: question {safe_text(grade_id, 60)!r} is not hand-graded in {module}"
                )
                continue
            notebook, points = cells[grade_id]
            try:
                gradebook.find_submission(module, student)
            except MissingEntry:
                problems.append(f"row {number}: {safe_text(student, 60)!r} has no submission of {module}")
                continue
            score: float | None = None
            if raw:
                try:
                    score = float(raw.replace(",", "."))
                except ValueError:
                    score = math.nan
                if not (math.isfinite(score) and 0 <= score <= points):
                    problems.append(
                        f"row {number}: score {safe_text(raw, 20)!r} for {student} should be a number from 0 to {points:g}"
                    )
                    continue
            plan.append((student, notebook, grade_id, score, comment))
        if problems:
            raise ValueError(f"{sheet} was not applied (nothing changed):\n  " + "\n  ".join(problems))
        for student, notebook, grade_id, score, comment in plan:
            grade = gradebook.find_grade(grade_id, notebook, module, student)
            grade.manual_score = score
            # as formgrader does: an answer with no score at all still needs grading
            grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
            try:
                gradebook.find_comment(grade_id, notebook, module, student).manual_comment = comment or None
            except MissingEntry:
                pass
        gradebook.db.commit()
    result = nbgrader_api(root).generate_feedback(module, force=True)
    grading.export_csv(root, grading.db_url(root), load_state(root))
    scored = sum(score is not None for *_, score, _ in plan)
    return Applied(scored, len(plan) - scored, module, bool(result.get("success")))
