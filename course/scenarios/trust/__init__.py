"""Trust: built, spent, lost and repaired between a sales leader and each rep.

Scenario:
    A sales leader and a small team of reps over several quarters. Trust runs both
    ways. Each rep has a level of trust in the leader (0 = none, 1 = full), built by
    promises the leader keeps and by the leader's time in the field listening, and
    worn down, faster, by broken promises, close checking of the rep's deals and
    deals taken away. The leader, for their part, knows each rep only as well as
    they have seen them: every commitment seen in the field, kept or missed, updates
    the leader's estimate of how reliable the rep is. Each quarter the reps forecast
    their deals. A rep who trusts the leader flags a slipping deal early, when there
    is still time to save it; a rep who does not hides bad news and holds business
    back (sandbagging), so the forecast is off. The leader has a fixed number of
    free hours: field days and checking deals use them, and what is left is needed
    to keep the promises made to the reps. Optionally, the leader breaks a promise
    (a competence violation) or a confidence (an integrity violation) and chooses
    how to respond: apology, explanation, denial or silence.

Covers:
    Module 02, "Trust": trust as a stock on both sides, calibrated by evidence
    rather than blind or withheld; the counting rule for a rep's reliability; what
    trust does to a forecast; control read as distrust; a violation and its repair.

Used in:
    ``solutions/02_trust/trust.ipynb`` (the scenario and exercises 1-3),
    ``tests/test_trust.py``, ``tests/test_scenario_contract.py`` and
    ``benchmarks/modules.py``.

The parts:
    ``model.py`` (``Params``, ``simulate``, the mechanisms; pure, seeded, no plotting),
    ``controls.py`` (the explorer's sliders), ``tables.py`` (the assumptions, the recovery and
    checking tables) and ``view.py`` (the dashboard and the recovery plot, matplotlib).
    Importing this package loads no plotting: ``dashboard_frame``, ``plot_dashboard`` and
    ``plot_recovery`` load ``view.py`` when first called, and so does a recovery table when a
    notebook shows it with its plot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.trust.controls import CONTROLS
from course.scenarios.trust.lessons import LESSONS  # noqa: E402  (after the model it tests)
from course.scenarios.trust.model import (
    CHECKING_OPTIONS,
    FOUR_REPS,
    MAX_CHECKING_HOURS_PER_MONTH,
    MAX_FIELD_DAYS_PER_MONTH,
    MONTHS_PER_QUARTER,
    POLICY_LEVERS,
    PRESETS,
    REPAIR_TEAM,
    RESPONSES,
    SEED,
    TEAM,
    VIOLATIONS,
    Params,
    Result,
    quarters_to_recover,
    reliability_estimate,
    repair_share,
    simulate,
)
from course.scenarios.trust.tables import CheckingTable, Recovery, assumptions, checking_table, recovery
from course.scenarios.trust.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.trust.view.dashboard_frame`)."""
    from course.scenarios.trust import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.trust.view.plot_dashboard`)."""
    from course.scenarios.trust import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


def plot_recovery(result: Recovery, *, ax: Axes | None = None) -> Axes:
    """Trust after a violation, one line per response (see :func:`course.scenarios.trust.view.plot_recovery`)."""
    from course.scenarios.trust import view

    return view.plot_recovery(result, ax=ax)


__all__ = [
    "CHECKING_OPTIONS",
    "CONTROLS",
    "FOUR_REPS",
    "LESSONS",
    "MAX_CHECKING_HOURS_PER_MONTH",
    "MAX_FIELD_DAYS_PER_MONTH",
    "MONTHS_PER_QUARTER",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "REPAIR_TEAM",
    "RESPONSES",
    "SEED",
    "TEAM",
    "VIOLATIONS",
    "CheckingTable",
    "Params",
    "Recovery",
    "Result",
    "assumptions",
    "checking_table",
    "dashboard_frame",
    "plot_dashboard",
    "plot_recovery",
    "quarters_to_recover",
    "recovery",
    "reliability_estimate",
    "repair_share",
    "simulate",
]
