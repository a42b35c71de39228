"""Coaching: a leader's field hours across a team, and the open door.

Scenario:
    A sales leader and a team of five: two veterans (Ana, Bo), a rep in their second
    year (Cam) and two new hires (Dee, Eli). Each rep has three skills (discovery,
    qualification, negotiation) on a 0-1 scale, and each has one hidden gap: one of the
    three is weaker than the rest (less so the more experienced the rep), and the
    leader does not know which. Each month the leader splits a limited number of field
    hours across the reps, repeated for a year: **observe** on a ride-along (the leader
    sees the rep's gaps, with noise, and learns what customers say), **co-sell** (the
    leader helps win this month's deal; the rep learns little), a one-to-one **question
    session** (builds the skill the leader believes weakest, and the rep's ownership), or
    **leave alone** (autonomy). Part 2, the open door: a short branching conversation in
    which a new rep bounces a risky idea (a large discount to close this quarter) off the
    leader, who at each turn asks a question or gives an instruction.

Covers:
    Module 03, "Coaching: the open door and riding shotgun": where to spend limited
    coaching hours; what a ride-along is for (the rep's coaching, and the leader's own
    learning about customers, which wins deals across the team); diminishing returns of
    coaching; experts and novices needing different amounts of direction (weakly
    supported: an assumption with a slider); questions rather than instructions in an
    open-door conversation (GROW).

Used in:
    ``solutions/03_coaching/coaching.ipynb`` (the scenario, exercises 1-4),
    ``tests/test_coaching.py``, ``tests/test_scenario_contract.py``,
    ``tests/test_extreme_conditions.py``, ``course/scenarios/robustness.py`` and
    ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The *directions* rest on published findings where
    there are any (each comment in ``model.py`` names its source and confidence); the
    *sizes* are our assumptions, each with a plausible range (``uncertain.py``), chosen to
    show the mechanisms. Trainees are graded on what this model does, never on a claim
    that real teams work exactly like it.

Mechanisms (one month, one rep):
    1. Time. The plan's hours (observe + co-sell + sessions, over all reps) come from
       the leader's field hours; hours beyond the budget are taken from the leader's
       other work, and the whole team's attainment pays ``over_budget_loss`` per hour over.
    2. Seeing the gaps. The leader's read of each skill is the truth plus noise whose
       spread falls with the hours observed so far:
       ``estimate_noise / sqrt(1 + hours_observed / hours_per_look)``.
    3. Question sessions build the skill the leader *believes* weakest, with
       diminishing returns: ``session_max_gain * (1 - skill) * h / (h + session_half_hours)``,
       times how much of the rep's selling the leader has seen: ``blind_session_share``
       with nothing seen (generic advice), rising to 1 with hours observed. They also
       build the rep's ownership. Direction: coaching at work helps ([theeboom-2014], Low
       for sales teams: professional coaches, not managers); sizes our assumption.
    4. Co-selling adds to this month's attainment with diminishing returns, builds a
       little skill spread over all three, and costs a little ownership.
    5. Direction and experience (``fit_strength``, weakly supported
       [thompson-vecchio-2009]): a rep needs direction ``1 - experience``; the leader's
       hours give ``1 - exp(-hours / involvement_scale)``. Too much lowers an expert's
       motivation; too little leaves a novice stuck.
    6. Learning on the job: each skill closes ``practice_rate`` of its gap to 1 a
       month, times motivation, times how unstuck the rep is.
    7. What the leader knows about customers (0-1): each month the hours beside reps
       (co-selling counts at ``cosell_listening_share``), weighted by what customers
       tell a rep of that experience (``novice_listening_share`` on day one, 1 for an
       expert), close ``1 - exp(-hours / insight_scale)`` of what is left to learn, and
       ``insight_decay`` of it goes stale. It multiplies every rep's attainment by
       ``1 + insight_win_lift * knowledge``: the essay's claim, sizes our assumption.
    8. Attainment (share of quota) = ``quota_at_full_skill * selling skill *
       (1 - motivation_weight + motivation_weight * motivation) * (1 + insight lift)``
       plus co-selling, minus the over-budget loss, plus monthly luck. Plans are judged
       on the year's attainment (the mean over the months), not the last month's.

The parts:
    ``model.py`` (``Params``, ``simulate``; pure, seeded, no plotting), ``exercises.py``
    (exercises 1 and 4), ``door.py`` (the open-door conversation), ``tables.py`` (the
    assumptions table), ``uncertain.py`` (plausible ranges), ``lessons.py`` (what the
    notebook grades and teaches, for the robustness run), ``controls.py`` (the explorer's
    sliders) and ``view.py`` (the dashboard, matplotlib, loaded when first drawn).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.coaching.controls import CONTROLS
from course.scenarios.coaching.door import (
    DOOR,
    DOOR_OPENING,
    DOOR_START,
    DOOR_WEIGHTS,
    DoorWalk,
    door_best_score,
    door_note,
    door_paths,
    door_problem,
    door_walk,
    parse_path,
)
from course.scenarios.coaching.exercises import (
    PlanComparison,
    RideAlongTable,
    _as_plan,
    compare_plan,
    menu_word,
    plan_from_choices,
    plan_note,
    ride_along_gains,
)
from course.scenarios.coaching.lessons import LESSONS
from course.scenarios.coaching.model import (
    CLOSER_PLAN,
    DECIDE_MARGIN,
    DECIDE_SEEDS,
    MAX_HOURS,
    MENU,
    POLICY_LEVERS,
    PRESETS,
    PRESETS_LABEL,
    PRESETS_TOOLTIP,
    SEED,
    SKILLS,
    TEAM,
    Params,
    Result,
    experience,
    listening_weights,
    session_gain,
    simulate,
)
from course.scenarios.coaching.tables import assumptions
from course.scenarios.coaching.uncertain import PLAUSIBLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The explorer's empty dashboard (see :func:`course.scenarios.coaching.view.dashboard_frame`)."""
    from course.scenarios.coaching import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result on the dashboard (see :func:`course.scenarios.coaching.view.plot_dashboard`)."""
    from course.scenarios.coaching import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "CLOSER_PLAN",
    "CONTROLS",
    "DECIDE_MARGIN",
    "DECIDE_SEEDS",
    "DOOR",
    "DOOR_OPENING",
    "DOOR_START",
    "DOOR_WEIGHTS",
    "LESSONS",
    "MAX_HOURS",
    "MENU",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "PRESETS_LABEL",
    "PRESETS_TOOLTIP",
    "SEED",
    "SKILLS",
    "TEAM",
    "DoorWalk",
    "Params",
    "PlanComparison",
    "Result",
    "RideAlongTable",
    "_as_plan",
    "assumptions",
    "compare_plan",
    "dashboard_frame",
    "door_best_score",
    "door_note",
    "door_paths",
    "door_problem",
    "door_walk",
    "experience",
    "listening_weights",
    "menu_word",
    "parse_path",
    "plan_from_choices",
    "plan_note",
    "plot_dashboard",
    "ride_along_gains",
    "session_gain",
    "simulate",
]
