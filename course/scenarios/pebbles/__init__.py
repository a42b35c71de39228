"""Pebbles in a puddle and the quarterly trap: who gets the credit, when deals land, what billings say.

Scenario:
    A team of enterprise reps sells large deals to buying groups of several people.
    Each deal meets some of six "touches" (pebbles): a marketing event, a partner
    introduction, a demo, a pilot, a reference call and an executive meeting. Each
    touch raises the deal's chance of being won by a hidden amount. Three linked parts:

    1. Pebbles. The won deals are credited to their touches by four rules: first
       touch, last touch, equal shares and Shapley credit. Each rule's shares are
       compared with the touches' true contributions, which the model knows.
    2. The quarter. At a quarter's end the company pushes: reps offer a discount to
       close now deals due in the next quarter. It saves the deals that waiting would
       have lost; it gives margin away, leaves a hole in the next quarter, and trains
       buyers to wait for the next push. With few large deals, a good rep can also
       close nothing in a quarter by luck.
    3. Monthly billings. A year of billings by product, price tier and segment in
       which one of product, pricing or positioning is off; each leaves its own mark.

Covers:
    Module 05, "Pebbles in a puddle and the quarterly trap": attribution rules against
    the truth, exact Shapley credit, the quarter-end push's upside and costs, the
    binomial arithmetic of few large deals, and reading monthly billings.

Used in:
    ``solutions/05_pebbles_and_quarters/pebbles_and_quarters.ipynb``,
    ``tests/test_pebbles.py``, ``tests/test_module05_notebook.py``,
    ``tests/test_extreme_conditions.py``, ``tests/test_scenario_contract.py``,
    ``course/scenarios/robustness.py``, ``course/scenarios/leap_of_faith.py`` (the pull-forward
    rule) and ``benchmarks/modules.py``.

The parts:
    ``model.py`` (``Params``, ``simulate``, Shapley credit; pure, seeded, no plotting),
    ``billings.py`` (the year of billings), ``tables.py`` (the notebook's tables and the
    assumptions), ``controls.py`` (the explorer's sliders), ``uncertain.py`` (each assumption's
    plausible range), ``lessons.py`` (what the notebook grades and teaches, as tests the
    robustness run applies) and ``view.py`` (the dashboard and the billings' plot, matplotlib).
    Importing this package loads no plotting: the drawing functions load ``view.py`` when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.pebbles.billings import (
    BILLING_CASES,
    DIMENSIONS,
    PROBLEMS,
    PRODUCTS,
    SEGMENTS,
    TIERS,
    Billings,
    billing_case,
    billings,
)
from course.scenarios.pebbles.controls import CONTROLS
from course.scenarios.pebbles.lessons import LESSONS
from course.scenarios.pebbles.model import (
    _SIZE,
    EVERY_QUARTER,
    EXECUTIVE,
    N_MASKS,
    N_TOUCHES,
    PILOT,
    POLICY_LEVERS,
    PRESETS,
    PRESETS_LABEL,
    PRESETS_TOOLTIP,
    REFERENCE_GROUP,
    RULE_LABELS,
    RULES,
    SEED,
    TEAM,
    TOUCH_LABELS,
    TOUCHES,
    Params,
    Result,
    ValueTable,
    _journeys,
    closest_rule,
    pilot_starver,
    shapley,
    shapley_table,
    simulate,
    value_table,
    win_chances,
    zero_quarter_chance,
)
from course.scenarios.pebbles.tables import (
    CreditTable,
    PushTable,
    assumptions,
    credit_table,
    push_table,
    quarter_assumptions,
)
from course.scenarios.pebbles.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.pebbles.view.dashboard_frame`)."""
    from course.scenarios.pebbles import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.pebbles.view.plot_dashboard`)."""
    from course.scenarios.pebbles import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


def plot_billings(result: Billings, *, axes: list[Axes] | None = None) -> list[Axes]:
    """Monthly billings, one panel per dimension (see :func:`course.scenarios.pebbles.view.plot_billings`)."""
    from course.scenarios.pebbles import view

    return view.plot_billings(result, axes=axes)


__all__ = [
    "BILLING_CASES",
    "CONTROLS",
    "DIMENSIONS",
    "EVERY_QUARTER",
    "EXECUTIVE",
    "LESSONS",
    "N_MASKS",
    "N_TOUCHES",
    "PILOT",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "PRESETS_LABEL",
    "PRESETS_TOOLTIP",
    "PROBLEMS",
    "PRODUCTS",
    "REFERENCE_GROUP",
    "RULES",
    "RULE_LABELS",
    "SEED",
    "SEGMENTS",
    "TEAM",
    "TIERS",
    "TOUCHES",
    "TOUCH_LABELS",
    "Billings",
    "CreditTable",
    "Params",
    "PushTable",
    "Result",
    "ValueTable",
    "_SIZE",
    "_journeys",
    "assumptions",
    "billing_case",
    "billings",
    "closest_rule",
    "credit_table",
    "dashboard_frame",
    "pilot_starver",
    "plot_billings",
    "plot_dashboard",
    "push_table",
    "quarter_assumptions",
    "shapley",
    "shapley_table",
    "simulate",
    "value_table",
    "win_chances",
    "zero_quarter_chance",
]
