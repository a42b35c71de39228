"""What module 05's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 05``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back). Both
policies of a comparison meet the same luck (one seed). Exercises 2 and 4 are arithmetic, and
Exercise 5's billings are fixed data: they hold by construction and are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.scenarios.pebbles.model import (
    EVERY_QUARTER,
    TEAM,
    Params,
    Result,
    closest_rule,
    pilot_starver,
    simulate,
)
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson

RUNS = 100  # Monte Carlo runs of the team's quarters per policy at each sampled point
PILOT_SHARES = (0.0, 0.2, 0.35, 0.5, 0.7, 0.9)


def _run(team: Params, a: Mapping[str, Any], seed: int, runs: int = RUNS, **policy: Any) -> Result:
    return simulate(team.with_(**a, **policy), seed=seed, runs=runs)


def _credit(a: Mapping[str, Any], seed: int) -> Result:
    return _run(TEAM, a, seed, runs=1)  # the attribution comparison does not depend on runs


def _year_end(a: Mapping[str, Any], seed: int, discount: float) -> tuple[Result, Result]:
    return _run(TEAM, a, seed), _run(TEAM, a, seed, push_discount=discount)


def _small_push_pays(a: Mapping[str, Any], seed: int) -> bool | None:
    if a["wait_loss"] <= 0.07:
        return None  # the note states it only where waiting loses clearly more than the 5% discount
    none, push = _year_end(a, seed, 0.05)
    return push.net_revenue > none.net_revenue


def _best_pilot_share(a: Mapping[str, Any], seed: int) -> float:
    net = [_run(TEAM, a, seed, pilot_share=s).net_revenue for s in PILOT_SHARES]
    return PILOT_SHARES[net.index(max(net))]


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q3_closest",
        "Shapley credit comes closest to the true shares",
        BEST_CHOICE,
        lambda a, seed: closest_rule(_credit(a, seed)) == "shapley",
    ),
    Lesson(
        "q3_starves",
        "first touch gives the pilot the smallest share of the credit",
        BEST_CHOICE,
        lambda a, seed: pilot_starver(_credit(a, seed)) == "first",
    ),
    Lesson(
        "q3_reason",
        "first touch gives the pilot less than its true share (touches before it take the credit)",
        LESSON,
        lambda a, seed: (lambda r: r.share("first", "pilot") < r.share("truth", "pilot"))(_credit(a, seed)),
    ),
    Lesson(
        "q1_next_quarter",
        "a 20% year-end push leaves quarter 5 lower than no push",
        LESSON,
        lambda a, seed: (lambda n, p: p.revenue[4] < n.revenue[4])(*_year_end(a, seed, 0.2)),
    ),
    Lesson(
        "q1_two_years",
        "a 20% year-end push lowers two years' revenue after discounts",
        LESSON,
        lambda a, seed: (lambda n, p: p.net_revenue < n.net_revenue)(*_year_end(a, seed, 0.2)),
    ),
    Lesson(
        "every_quarter_costs_more",
        "a 15% push every quarter lowers revenue over the two years (less what it takes from after "
        "them), and by more than one 15% push at the year's end",
        LESSON,
        lambda a, seed: (lambda n, once, every: every.net_revenue < once.net_revenue < n.net_revenue)(
            _run(TEAM, a, seed),
            _run(TEAM, a, seed, push_discount=0.15),
            _run(EVERY_QUARTER, a, seed, push_discount=0.15),
        ),
    ),
    Lesson(
        "small_push_pays",
        "where waiting loses more than 7% of ready deals, a 5% year-end push beats none",
        FINDING,
        _small_push_pays,
    ),
    Lesson(
        "some_pilots_not_all",
        "revenue after discounts and pilots peaks with some deals, not none and not nine in ten, "
        "offered a pilot",
        FINDING,
        lambda a, seed: 0 < _best_pilot_share(a, seed) < 0.9,
    ),
)
