"""Leader, not manager: a sales team under a leader's tracking and field time.

Scenario:
    A leader runs a team of account executives, veterans and new hires, for a few
    quarters. The leader sets three things: how many pipeline reviews each rep sits
    through a month, how many hours a week of CRM reporting each rep owes, and how
    many days a month the leader spends in the field with the reps. Month by month
    the model follows every seat on the team: selling time, skill, morale, pay,
    whether the rep quits, how long the seat stays empty, and the revenue the seat
    brings in. Nothing the leader moves is free, and nothing is worthless: reviews and
    CRM hours come out of the reps' selling time but help new hires and keep the records
    (hand-overs, the forecast); reviews and field days come out of the leader's own
    month (their own deals, hiring, reporting up), priced at an assumed value per hour.

Covers:
    Module 01, "Leader, not manager": the hidden costs of control, what monitoring
    does and does not do, CRM reporting as no substitute for time in the field, a
    leader's limited time, and why new hires need different help from veterans.

Used in:
    ``solutions/01_leader_not_manager/leader_not_manager.ipynb`` (the scenario and
    exercises 1 and 3), ``tests/test_control.py``, ``tests/test_extreme_conditions.py``,
    ``course/scenarios/robustness.py`` and ``benchmarks/module01.py``.

The parts:
    ``model.py`` (``Params``, ``simulate``; pure, seeded, no plotting), ``controls.py`` (the
    explorer's sliders),
    ``uncertain.py`` (each assumption's plausible range), ``lessons.py`` (what the notebook
    grades and teaches, as tests the robustness run applies), ``tables.py`` (the
    assumptions and the exercises' tables) and ``view.py`` (the dashboard, matplotlib).
    Importing this package loads no plotting: ``dashboard_frame`` and ``plot_dashboard``
    load ``view.py`` when first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.control.controls import CONTROLS
from course.scenarios.control.lessons import LESSONS
from course.scenarios.control.model import (
    BUDGET_REVIEW_OPTIONS,
    MAX_CRM_HOURS_PER_WEEK,
    MAX_FIELD_DAYS_PER_MONTH,
    MAX_REVIEWS_PER_MONTH,
    NEW_HIRE_QUARTER,
    NEW_HIRE_TEAM,
    POLICY_LEVERS,
    PRESETS,
    SEED,
    TEAM_HOURS_BUDGET,
    VETERAN_TEAM,
    WEEKS_PER_MONTH,
    Params,
    Result,
    break_even_hour_value,
    budget_plan,
    control_felt,
    crm_records,
    default_policy,
    forecast_hours_by_hand,
    leader_hours,
    reporting_hours,
    selling_hours,
    simulate,
)
from course.scenarios.control.tables import (
    LEVER_WORDS,
    BudgetTable,
    Sweep,
    Tables,
    assumptions,
    budget_table,
    exercise_1_tables,
    sweep,
)
from course.scenarios.control.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard for a team (see :func:`course.scenarios.control.view.dashboard_frame`)."""
    from course.scenarios.control import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.control.view.plot_dashboard`)."""
    from course.scenarios.control import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "BUDGET_REVIEW_OPTIONS",
    "CONTROLS",
    "LESSONS",
    "LEVER_WORDS",
    "MAX_CRM_HOURS_PER_WEEK",
    "MAX_FIELD_DAYS_PER_MONTH",
    "MAX_REVIEWS_PER_MONTH",
    "NEW_HIRE_QUARTER",
    "NEW_HIRE_TEAM",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "SEED",
    "TEAM_HOURS_BUDGET",
    "VETERAN_TEAM",
    "WEEKS_PER_MONTH",
    "BudgetTable",
    "Params",
    "Result",
    "Sweep",
    "Tables",
    "assumptions",
    "break_even_hour_value",
    "budget_plan",
    "budget_table",
    "control_felt",
    "crm_records",
    "dashboard_frame",
    "default_policy",
    "exercise_1_tables",
    "forecast_hours_by_hand",
    "leader_hours",
    "plot_dashboard",
    "reporting_hours",
    "selling_hours",
    "simulate",
    "sweep",
]
