"""Start small: the first sale to an account, and what grows from it (module 04).

Scenario:
    A sales team over twelve quarters splits its hours for new customers between small first
    deals (won often, signed the next quarter; some accounts grow by a multiple with each order
    for more, up to the customer's budget, most never grow) and large deals (won rarely, signed
    three quarters on). A "no small deals" rule gives reps no credit under a threshold, and reps
    move effort away. Many runs at once show the spread of recurring revenue and the chance of
    missing a floor.

Covers:
    Module 04, "Start small": net and gross revenue retention, a portfolio of deals judged by its
    average and its risk, what a rule against small deals does, and the account that lands and
    never grows.

The parts:
    ``model.py`` (``Params``, ``simulate``, retention arithmetic, the accounts to read; pure,
    seeded, no plotting), ``controls.py`` (the explorer's sliders), ``uncertain.py`` (each
    assumption's plausible range), ``lessons.py`` (what the notebook grades and teaches, as
    tests the robustness run applies), ``tables.py`` (the exercises' tables and the
    assumptions table) and ``view.py`` (the dashboard, matplotlib). Importing this package
    loads no plotting: ``dashboard_frame`` and ``plot_dashboard`` load ``view.py`` when first
    called.

Used in:
    ``solutions/04_start_small/start_small.ipynb``, ``tests/test_start_small.py``,
    ``tests/test_extreme_conditions.py``, ``course/scenarios/robustness.py`` and
    ``benchmarks/modules.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.start_small.controls import CONTROLS
from course.scenarios.start_small.lessons import LESSONS
from course.scenarios.start_small.model import (
    ACCOUNTS,
    COHORT,
    NEW_DURING_YEAR,
    NO_SMALL_DEALS,
    POLICY_LEVERS,
    PORTFOLIOS,
    PRESETS,
    PRESETS_LABEL,
    PRESETS_TOOLTIP,
    RUNS,
    SEED,
    STRONG,
    TYPICAL,
    YEAR,
    Account,
    Params,
    Result,
    account_land_and_die,
    chance_land_and_die,
    cohort_retention,
    expected_wins,
    grr,
    likeliest_land_and_die,
    nrr,
    simulate,
)
from course.scenarios.start_small.tables import (
    PolicyComparison,
    PortfolioTable,
    accounts_table,
    assumptions,
    compare,
    policy_comparison,
)
from course.scenarios.start_small.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(
    params: Params, *, names: tuple[str, str] = ("your policy", "default policy")
) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.start_small.view.dashboard_frame`)."""
    from course.scenarios.start_small import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params, names=names)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.start_small.view.plot_dashboard`)."""
    from course.scenarios.start_small import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "ACCOUNTS",
    "COHORT",
    "CONTROLS",
    "LESSONS",
    "NEW_DURING_YEAR",
    "NO_SMALL_DEALS",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PORTFOLIOS",
    "PRESETS",
    "PRESETS_LABEL",
    "PRESETS_TOOLTIP",
    "RUNS",
    "SEED",
    "STRONG",
    "TYPICAL",
    "YEAR",
    "Account",
    "Params",
    "PolicyComparison",
    "PortfolioTable",
    "Result",
    "account_land_and_die",
    "accounts_table",
    "assumptions",
    "chance_land_and_die",
    "cohort_retention",
    "compare",
    "dashboard_frame",
    "expected_wins",
    "grr",
    "likeliest_land_and_die",
    "nrr",
    "plot_dashboard",
    "policy_comparison",
    "simulate",
]
