"""Feedback without hidden tests: what a trainee reads shows no test they were not given.

nbgrader's autograded notebook keeps every test cell as the gradebook holds it, hidden tests
included (the instructor's copy, for formgrader). The feedback nbgrader makes from it goes to
the trainee: :class:`HideHiddenTests` takes each test cell's hidden region out of it, as
nbgrader's ``ClearHiddenTests`` does at release. It reads only test cells (their text is the
instructor's, restored by autograde), so what a trainee wrote, delimiters included, cannot
make feedback fail.
"""

from __future__ import annotations

from typing import Any

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests


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
    """nbgrader's feedback steps with hidden tests taken out right after the grades are read."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades

    steps = list(GenerateFeedback.class_traits()["preprocessors"].default())
    at = steps.index(GetGrades) + 1 if GetGrades in steps else 0
    return [*steps[:at], HideHiddenTests, *steps[at:]]
