"""Feedback that says what is not graded yet: nbgrader's feedback, with honest pending scores.

nbgrader's feedback page shows ``Score: 0.0 / 5.0`` for a reflection no one has graded yet
(its gradebook gives an answer with neither an automatic nor a manual score 0).
:class:`GetGradesAndPending` is nbgrader's GetGrades plus two notes in the feedback
notebook, so nbgrader's own feedback template shows them: at the top, how many points still
wait for the instructor ("auto-graded, reflection pending"), and on each such answer "Not
graded yet". The course's nbgrader_config.py switches it on with :func:`configure`; once
the instructor grades the answer and feedback is remade, the notes are gone.
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbgrader.preprocessors import GetGrades

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


def configure(c: Any) -> None:
    """Make feedback with :class:`GetGradesAndPending` in place of nbgrader's GetGrades."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

    c.GenerateFeedback.preprocessors = [GetGradesAndPending, CSSHTMLHeaderPreprocessor]
