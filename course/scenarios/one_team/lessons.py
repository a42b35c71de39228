"""What module 06's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 06``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise exactly as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.scenarios.one_team.model import Params, Result, design_params, simulate
from course.scenarios.one_team.rules import rules_params
from course.scenarios.one_team.tables import PLANS, TODAY
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson

RUNS = 100  # Monte Carlo runs per plan at each sampled point
# The rules of engagement the notebook's model answer writes (Exercise 4).
MODEL_RULES = {
    "direct_only_accounts": ["Acme", "Borealis"],
    "deal_registration": True,
    "protection_days": 120,
    "renewal_owner": "partner",
    "escalation_to": "channel director",
    "escalation_days": 5,
}


def _run(a: Mapping[str, Any], seed: int, design: str, spread: float) -> Result:
    return simulate(design_params(design, spread, Params().with_(**a)), seed=seed, runs=RUNS)


def _spread(a: Mapping[str, Any], seed: int) -> tuple[Result, Result]:
    return _run(a, seed, "winner takes all", 0.2), _run(a, seed, "winner takes all", 0.8)


def _plans(a: Mapping[str, Any], seed: int) -> dict[str, Result]:
    return {letter: _run(a, seed, design, spread) for letter, design, spread in PLANS}


def _c_sells_most(a: Mapping[str, Any], seed: int) -> bool:
    """Plan C sells the most of the plans with no more undermining than plan A, or within 2% of
    the most (about the same, the course's convention C4)."""
    plans = _plans(a, seed)
    today = plans[TODAY]
    fair = [
        r.team_revenue
        for r in plans.values()
        if r.sabotage_per_quarter <= today.sabotage_per_quarter and r.team_revenue > today.team_revenue
    ]
    c = plans["C"]
    return c.sabotage_per_quarter <= today.sabotage_per_quarter and c.team_revenue >= 0.98 * max(
        fair, default=0
    )


def _why_wider_spread_loses(a: Mapping[str, Any], seed: int) -> bool:
    low, high = _spread(a, seed)
    return (
        high.effort.mean() > low.effort.mean()
        and high.helps_per_quarter < low.helps_per_quarter
        and high.sabotage_per_quarter > low.sabotage_per_quarter
        and high.team_revenue < low.team_revenue
    )


def _shared_credit_beats_pool_by_effort(a: Mapping[str, Any], seed: int) -> bool | None:
    """Where plan C sells more than plan D by more than 2%, its reps put in more effort and do
    not help each other far more often (at most 20% more acts): reason A, not B, C or D."""
    plans = _plans(a, seed)
    shared, pool = plans["C"], plans["D"]
    if shared.team_revenue <= 1.02 * pool.team_revenue:
        return None  # the question's premise, that C beats D, does not hold here
    return (
        shared.effort.mean() > pool.effort.mean() and shared.helps_per_quarter <= 1.2 * pool.helps_per_quarter
    )


def _channel_cost(a: Mapping[str, Any], seed: int, **levers: Any) -> float:
    return simulate(Params().with_(**a, **levers), seed=seed, runs=RUNS).channel_cost


def _escalation_pays(a: Mapping[str, Any], seed: int) -> bool:
    return _channel_cost(a, seed, protection_days=90, escalation_days=5) < _channel_cost(
        a, seed, protection_days=90
    )


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q3_plan",
        "plan C (shared credit, half at stake) sells the most, or about the same as the most (within "
        "2%), of the plans with no more undermining than plan A",
        BEST_CHOICE,
        _c_sells_most,
    ),
    Lesson(
        "q1_why",
        "from 20% to 80% at stake, effort rises but help falls and undermining rises, and revenue falls",
        BEST_CHOICE,
        _why_wider_spread_loses,
    ),
    Lesson(
        "q3_reason",
        "where shared credit sells more than the team pool, it is because each rep's own sales still "
        "decide the prize: effort higher, help not far more often",
        BEST_CHOICE,
        _shared_credit_beats_pool_by_effort,
    ),
    Lesson(
        "q4_rules_cost",
        "the model answer's rules of engagement cost the channel less than no rules",
        BEST_CHOICE,
        lambda a, seed: (
            simulate(rules_params(MODEL_RULES, Params().with_(**a)), seed=seed, runs=RUNS).channel_cost
            < _channel_cost(a, seed)
        ),
    ),
    Lesson(
        "q1_sabotage",
        "80% at stake, winner takes all, brings more undermining than 20%",
        LESSON,
        lambda a, seed: (lambda lo, hi: hi.sabotage_per_quarter > lo.sabotage_per_quarter)(*_spread(a, seed)),
    ),
    Lesson(
        "q1_revenue",
        "80% at stake, winner takes all, sells less over the year than 20%",
        LESSON,
        lambda a, seed: (lambda lo, hi: hi.team_revenue < lo.team_revenue)(*_spread(a, seed)),
    ),
    Lesson(
        "several_winners_beat_one",
        "at half the bonus at stake, three winners sell more than one",
        LESSON,
        lambda a, seed: (
            _run(a, seed, "several winners", 0.5).team_revenue
            > _run(a, seed, "winner takes all", 0.5).team_revenue
        ),
    ),
    Lesson(
        "more_at_stake_more_leavers",
        "more of the bonus at stake in a winner-takes-all contest, more reps leave",
        LESSON,
        lambda a, seed: (lambda lo, hi: hi.leavers > lo.leavers)(*_spread(a, seed)),
    ),
    Lesson(
        "registration_beats_escalation_alone",
        "registration for the 90-day cycle costs the channel less than a 1-day escalation with no "
        "registration",
        LESSON,
        lambda a, seed: (
            _channel_cost(a, seed, protection_days=90) < _channel_cost(a, seed, escalation_days=1)
        ),
    ),
    Lesson(
        "all_rules_cost_least",
        "registration for 120 days, a renewal owner and a 5-day escalation together cost the channel "
        "less than registration alone",
        LESSON,
        lambda a, seed: (
            _channel_cost(a, seed, protection_days=120, renewal_owner="partner", escalation_days=5)
            < _channel_cost(a, seed, protection_days=120)
        ),
    ),
    Lesson(
        "year_long_window_costs",
        "a 360-day protection window costs the channel more than a 90-day one (deals stall)",
        LESSON,
        lambda a, seed: (
            _channel_cost(a, seed, protection_days=360) > _channel_cost(a, seed, protection_days=90)
        ),
    ),
    Lesson(
        "escalation_pays_on_top_of_registration",
        "with 90-day registration, adding a 5-day escalation lowers the channel's cost, your hours counted",
        FINDING,
        _escalation_pays,
    ),
    Lesson(
        "shared_credit_holds_revenue",
        "under plan C the team's last quarter sells at least 97% of its first (leavers replaced)",
        FINDING,
        lambda a, seed: (lambda r: r.revenue[-1] >= 0.97 * r.revenue[0])(_run(a, seed, "shared credit", 0.5)),
    ),
)
