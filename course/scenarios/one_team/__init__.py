"""One team: internal competition between reps, and conflict between a partner and the direct team.

Scenario:
    A sales leader with eight reps for a year (four quarters), and a partner that sells into
    some of the same accounts as the direct team. The leader sets how the bonus pool is paid
    (how much rides on results, to how many winners, on team revenue or with credit for
    helping) and the rules of engagement with the partner (deal registration and its window,
    the renewal owner, escalation). Reps choose effort and whether to help or undermine a
    colleague; leavers are replaced after a hiring gap and a ramp; channel fights cost margin,
    deals, the partner's investment and the leader's hours.

Covers:
    Module 06, "One team": how pay and rules of engagement turn reps and channels into one team
    or into rivals.

Used in:
    ``solutions/06_one_team/one_team.ipynb``, ``tests/test_one_team.py``,
    ``tests/test_extreme_conditions.py``, ``course/scenarios/robustness.py`` and
    ``benchmarks/modules.py``.

The parts:
    ``model.py`` (``Params``, ``simulate``, the channel; pure, seeded, no plotting; its docstring
    lists the mechanisms and their sources), ``rules.py`` (the rules-of-engagement dictionary a
    trainee writes), ``controls.py`` (the explorer's sliders), ``uncertain.py`` (each
    assumption's plausible range), ``lessons.py`` (what the notebook grades and teaches, as tests
    the robustness run applies), ``tables.py`` (the exercises' tables and the assumptions) and
    ``view.py`` (the dashboard, matplotlib). Importing this package loads no plotting:
    ``dashboard_frame`` and ``plot_dashboard`` load ``view.py`` when first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.one_team.channel import RENEWAL_OWNERS, conflict_chances, conflict_margin_cost, settling
from course.scenarios.one_team.controls import CONTROLS, DEFAULT, POLICY_LEVERS, PRESETS
from course.scenarios.one_team.lessons import LESSONS
from course.scenarios.one_team.model import (
    DESIGNS,
    MOMENTS_PER_QUARTER,
    QUARTERS,
    SEED,
    Params,
    Result,
    design_params,
    expected_pay,
    seat_capacity,
    simulate,
)
from course.scenarios.one_team.rules import RULES, check_rules, rules_params
from course.scenarios.one_team.tables import (
    CHANNEL_RULES,
    PLANS,
    TODAY,
    ChannelTable,
    PlanTable,
    assumptions,
    best_plan,
    channel_table,
    plan_table,
    spread_table,
)
from course.scenarios.one_team.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.one_team.view.dashboard_frame`)."""
    from course.scenarios.one_team import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.one_team.view.plot_dashboard`)."""
    from course.scenarios.one_team import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "CHANNEL_RULES",
    "CONTROLS",
    "DEFAULT",
    "DESIGNS",
    "LESSONS",
    "MOMENTS_PER_QUARTER",
    "PLANS",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "QUARTERS",
    "RENEWAL_OWNERS",
    "RULES",
    "SEED",
    "TODAY",
    "ChannelTable",
    "Params",
    "PlanTable",
    "Result",
    "assumptions",
    "best_plan",
    "channel_table",
    "check_rules",
    "conflict_chances",
    "conflict_margin_cost",
    "dashboard_frame",
    "design_params",
    "expected_pay",
    "plan_table",
    "plot_dashboard",
    "rules_params",
    "seat_capacity",
    "settling",
    "simulate",
    "spread_table",
]
