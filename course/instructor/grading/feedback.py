"""Feedback for the trainee: no hidden test in it, and honest about what is not graded yet.

nbgrader's autograded notebook keeps every test cell as the gradebook holds it, hidden tests
included (the instructor's copy, for formgrader). The feedback nbgrader makes from it goes to
the trainee: :class:`HideHiddenTests` takes each test cell's hidden region out of it, as
nbgrader's ``ClearHiddenTests`` does at release. It reads only test cells (their text is the
instructor's, restored by autograde), so what a trainee wrote, delimiters included, cannot
make feedback fail.

nbgrader's feedback page also shows ``Score: 0.0 / 5.0`` for a reflection no one has graded yet
(its gradebook gives an answer with neither an automatic nor a manual score 0).
:class:`GetGradesAndPending` is nbgrader's GetGrades plus two notes in the feedback notebook, so
nbgrader's own feedback template shows them: at the top, how many points still wait for the
instructor ("auto-graded, reflection pending"), and on each such answer "Not graded yet". Once
the instructor grades the answer and feedback is remade, the notes are gone.

``sales-course grade`` uses :func:`feedback_preprocessors`; the course's nbgrader_config.py
calls :func:`configure`, so plain ``nbgrader generate_feedback`` makes the same feedback.
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

PENDING_NOTE = (
    "**Not graded yet** (0 to {points:g} points): your instructor grades this answer by hand. "
    "Until then it counts 0 in the score shown here."
)
BANNER = (
    "**Not final yet: auto-graded, reflection pending.** {pending:g} of this notebook's {total:g} points "
    "are for answers your instructor grades by hand; the score below counts only what is graded so far."
)


class GetGradesAndPending(GetGrades):
    """nbgrader's GetGrades, and a note on every answer that waits for a person."""

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        self._pending = 0.0
        nb, resources = super().preprocess(nb, resources)
        if self._pending:
            total = float(resources.get("nbgrader", {}).get("max_score") or 0)
            nb.cells.insert(
                0, nbformat.v4.new_markdown_cell(BANNER.format(pending=self._pending, total=total))
            )
        return nb, resources

    def _get_score(self, cell: Any, resources: Any) -> None:
        super()._get_score(cell, resources)
        grade = self.gradebook.find_grade(
            cell.metadata["nbgrader"]["grade_id"], self.notebook_id, self.assignment_id, self.student_id
        )
        if grade.manual_score is None and grade.auto_score is None:
            points = float(grade.max_score or 0)
            self._pending += points
            if cell.cell_type == "markdown":  # a written answer: the note goes above it
                cell.source = PENDING_NOTE.format(points=points) + "\n\n" + cell.source


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, for test cells only (grade cells that are not answers)."""

    def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> tuple[Any, Any]:
        if utils.is_grade(cell) and not utils.is_solution(cell):
            try:
                self._remove_hidden_test_region(cell)
            except RuntimeError:  # delimiters out of order: show no part of the cell's code
                cell.source = "# (the test's code is not shown)"
        return cell, resources


def feedback_preprocessors() -> list[Any]:
    """nbgrader's feedback steps, with the pending notes in place of its GetGrades and the hidden
    tests taken out right after the grades are read."""
    from nbgrader.converters import GenerateFeedback

    steps = list(GenerateFeedback.class_traits()["preprocessors"].default())
    at = steps.index(GetGrades) + 1 if GetGrades in steps else 0
    steps = [*steps[:at], HideHiddenTests, *steps[at:]]
    return [GetGradesAndPending if step is GetGrades else step for step in steps]


def configure(c: Any) -> None:
    """nbgrader's configuration ``c`` makes feedback as :func:`feedback_preprocessors` says."""
    c.GenerateFeedback.preprocessors = feedback_preprocessors()
