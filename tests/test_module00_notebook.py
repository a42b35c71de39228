"""Module 00's checks speak of what the trainee has in front of them: module 00 has no model."""

from __future__ import annotations

from pathlib import Path

import pytest
from notebook_cells import read_cells, run_check

from course.trainee import checks

SOLUTION = Path(__file__).resolve().parents[1] / "solutions" / "00_orientation" / "orientation.ipynb"


@pytest.mark.parametrize(
    ("grade_id", "answer", "says"),
    [
        ("test_q0_number", {"practice_hours": 3 * 4}, "12 is not what 3 * 52 / 12 gives"),
        ("test_q0_slider", {"practice_slider": 24}, "24 is not what the sentence under the plot gives"),
    ],
)
def test_a_wrong_number_is_compared_with_the_formula_or_the_plot_not_a_model(
    grade_id: str, answer: dict, says: str
) -> None:
    # Review r1: "12 is not what the model gives" in the one module without a model.
    with pytest.raises(checks.NotYet) as raised:
        run_check(SOLUTION, grade_id, **answer)
    assert says in str(raised.value)
    assert "model" not in " ".join(c.source for c in read_cells(SOLUTION) if "expect_close" in c.source)
