"""Leap of faith: one year with a large customer, a new technology, and everything at once.

Scenario:
    A large customer, Northwind, is deciding whether to bet on your company's new technology: the
    buyer's leap of faith. The leader makes one decision a quarter for a year (A, B or C) and sees
    revenue, margin and pipeline; the customer's trust, the reps' trust and morale, their risk of
    leaving and the account's value as a reference for the next customers stay hidden until the
    year's end.

Covers:
    Module 07, the capstone: it composes the earlier modules' models (see ``model.py``).

Used in:
    ``solutions/07_leap_of_faith/leap_of_faith.ipynb``, ``tests/test_leap_of_faith.py``,
    ``tests/test_module07_notebook.py``, ``tests/test_extreme_conditions.py``,
    ``course/scenarios/robustness.py`` and ``benchmarks/modules.py``.

The parts:
    ``model.py`` (``Params``, ``simulate``, ``decision_values``; pure, seeded, no plotting),
    ``tables.py`` (the run log, the memo, the year's end, every option's value and the assumptions),
    ``controls.py`` (the explorer's sliders), ``uncertain.py`` (each assumption's plausible range),
    ``lessons.py`` (what the notebook grades and states, as tests the robustness run applies) and
    ``view.py`` (the dashboard, matplotlib). Importing this package loads no plotting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.leap_of_faith.controls import (
    ASSUMPTION_CONTROLS,
    BASELINE_LEGEND,
    CONTROLS,
    POLICY_LEVERS,
    PRESETS,
    PRESETS_LABEL,
    PRESETS_TOOLTIP,
    own_path,
)
from course.scenarios.leap_of_faith.lessons import LESSONS
from course.scenarios.leap_of_faith.model import (
    BEST,
    COMPARISON,
    LETTERS,
    QUARTER_MODULES,
    QUARTERS,
    REFERENCE_QUARTERS,
    RULES_LEAVE,
    RUNS,
    SEED,
    TITLES,
    VALUE_WEIGHTS,
    Params,
    Result,
    bass_adopters,
    decision_points,
    decision_values,
    path,
    reference_curve,
    simulate,
    yearly_leave_risk,
)
from course.scenarios.leap_of_faith.tables import (
    RECORDED_NAME,
    WHY,
    OptionValues,
    RunLog,
    YearEnd,
    assumptions,
    lesson_key,
    memo_numbers,
    option_values,
    recorded_year,
    run_log,
    why_best_answers,
    year_end,
)
from course.scenarios.leap_of_faith.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.leap_of_faith.view.dashboard_frame`)."""
    from course.scenarios.leap_of_faith import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.leap_of_faith.view.plot_dashboard`)."""
    from course.scenarios.leap_of_faith import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "ASSUMPTION_CONTROLS",
    "BEST",
    "COMPARISON",
    "CONTROLS",
    "LESSONS",
    "LETTERS",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "BASELINE_LEGEND",
    "PRESETS_LABEL",
    "PRESETS_TOOLTIP",
    "QUARTERS",
    "QUARTER_MODULES",
    "RECORDED_NAME",
    "REFERENCE_QUARTERS",
    "RULES_LEAVE",
    "RUNS",
    "SEED",
    "TITLES",
    "VALUE_WEIGHTS",
    "WHY",
    "OptionValues",
    "Params",
    "Result",
    "RunLog",
    "YearEnd",
    "assumptions",
    "bass_adopters",
    "reference_curve",
    "dashboard_frame",
    "decision_points",
    "decision_values",
    "memo_numbers",
    "option_values",
    "own_path",
    "path",
    "plot_dashboard",
    "recorded_year",
    "run_log",
    "simulate",
    "year_end",
    "lesson_key",
    "why_best_answers",
    "yearly_leave_risk",
]
