"""What module 01's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 01``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise exactly as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.scenarios.control.model import (
    NEW_HIRE_QUARTER,
    NEW_HIRE_TEAM,
    VETERAN_TEAM,
    Params,
    break_even_hour_value,
    simulate,
)
from course.scenarios.control.tables import budget_table
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson

RUNS = 100  # Monte Carlo runs per policy at each sampled point
# The value of an hour of the leader's other work up to which the note says field days pay.
FIELD_DAYS_PAY_UP_TO = 1000.0


def _revenue(team: Params, a: Mapping[str, Any], seed: int, **policy: float) -> float:
    return simulate(team.with_(**a, **policy), seed=seed, runs=RUNS).total_revenue


def _net(team: Params, a: Mapping[str, Any], seed: int, **policy: float) -> float:
    return simulate(team.with_(**a, **policy), seed=seed, runs=RUNS).net_revenue


def _best_split(team: Params, a: Mapping[str, Any], seed: int) -> float:
    return budget_table(team.with_(**a), seed=seed, runs=RUNS).best()


def _veterans_review_more(a: Mapping[str, Any], seed: int) -> tuple[Any, Any]:
    monthly = simulate(VETERAN_TEAM.with_(**a, reviews_per_month=1), seed=seed, runs=RUNS)
    weekly = simulate(VETERAN_TEAM.with_(**a, reviews_per_month=4), seed=seed, runs=RUNS)
    return monthly, weekly


def _best_field_days(
    a: Mapping[str, Any], seed: int, days: tuple[float, ...] = (0, 1, 2, 3, 4, 6, 8, 10)
) -> float:
    net = [_net(Params(), a, seed, field_days_per_month=d) for d in days]
    return days[net.index(max(net))]


def _field_days_pay(a: Mapping[str, Any], seed: int) -> bool | None:
    if a["leader_hour_value"] > FIELD_DAYS_PAY_UP_TO:
        return None  # the note states this lesson only for an hour worth up to $1,000
    return _net(Params(), a, seed, field_days_per_month=2) > _net(Params(), a, seed, field_days_per_month=0)


def _field_break_even(a: Mapping[str, Any], seed: int) -> float:
    return break_even_hour_value(
        Params().with_(**a, field_days_per_month=0), seed=seed, runs=RUNS, field_days_per_month=2
    )


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q3_veteran_reviews",
        "with 24 hours a month for a year, 8 veterans sell most with no review rounds and 3 field days",
        BEST_CHOICE,
        lambda a, seed: _best_split(VETERAN_TEAM, a, seed) == 0,
    ),
    Lesson(
        "q3_new_hire_reviews",
        "with 24 hours a month in their first quarter, 2 review rounds (and 2 field days) are the "
        "fewest that sell more to 8 new hires than no reviews (and 3 field days)",
        BEST_CHOICE,
        lambda a, seed: (
            budget_table(NEW_HIRE_QUARTER.with_(**a), seed=seed, runs=RUNS).fewest_beating_none() == 2
        ),
    ),
    Lesson(
        "q1_veteran_revenue",
        "weekly reviews instead of monthly lower a veteran team's revenue for the year",
        LESSON,
        lambda a, seed: (lambda m, w: w.total_revenue < m.total_revenue)(*_veterans_review_more(a, seed)),
    ),
    Lesson(
        "q1_veteran_quits",
        "weekly reviews instead of monthly make more veterans quit",
        LESSON,
        lambda a, seed: (lambda m, w: w.total_quits > m.total_quits)(*_veterans_review_more(a, seed)),
    ),
    Lesson(
        "new_hire_reviews_first_quarter",
        "two reviews a month instead of none raise a new-hire team's revenue in its first quarter",
        LESSON,
        lambda a, seed: (
            _revenue(NEW_HIRE_QUARTER, a, seed, reviews_per_month=2)
            > _revenue(NEW_HIRE_QUARTER, a, seed, reviews_per_month=0)
        ),
    ),
    Lesson(
        "tracking_costs_without_hidden_cost",
        "with no hidden cost of control, heavy tracking (8 reviews, 8 CRM hours a week) still sells "
        "less than the default policy",
        LESSON,
        lambda a, seed: (
            _revenue(Params(), {**a, "hidden_cost": 0.0}, seed, reviews_per_month=8, crm_hours_per_week=8)
            < _revenue(Params(), {**a, "hidden_cost": 0.0}, seed)
        ),
    ),
    Lesson(
        "heavy_crm_loses",
        "8 CRM hours a week sell less than 1",
        LESSON,
        lambda a, seed: (
            _revenue(Params(), a, seed, crm_hours_per_week=8)
            < _revenue(Params(), a, seed, crm_hours_per_week=1)
        ),
    ),
    Lesson(
        "field_days_pay",
        "when an hour of your other work is worth up to $1,000, 2 field days a month beat none once "
        "your time is counted",
        LESSON,
        _field_days_pay,
    ),
    Lesson(
        "q1_new_hire_revenue",
        "two reviews a month instead of none raise a new-hire team's revenue over the whole year",
        FINDING,
        lambda a, seed: (
            _revenue(NEW_HIRE_TEAM, a, seed, reviews_per_month=2)
            > _revenue(NEW_HIRE_TEAM, a, seed, reviews_per_month=0)
        ),
    ),
    Lesson(
        "new_hire_best_split_first_quarter",
        "with 24 hours a month in their first quarter, 8 new hires sell most with 2 review rounds and "
        "2 field days (Exercise 3 asks for the fewest rounds that beat none instead)",
        FINDING,
        lambda a, seed: _best_split(NEW_HIRE_QUARTER, a, seed) == 2,
    ),
    Lesson(
        "field_break_even_above_1500",
        "2 field days pay even at $1,500 an hour (the break-even is above $1,500)",
        FINDING,
        lambda a, seed: _field_break_even(a, seed) > 1500,
    ),
    Lesson(
        "ten_field_days_too_many",
        "once your time is counted, the best number of field days is more than none and fewer than ten",
        FINDING,
        lambda a, seed: 0 < _best_field_days(a, seed) < 10,
    ),
    Lesson(
        "some_crm_pays",
        "an hour a week of CRM records beats none, once your time is counted",
        FINDING,
        lambda a, seed: (
            _net(Params(), a, seed, crm_hours_per_week=1) > _net(Params(), a, seed, crm_hours_per_week=0)
        ),
    ),
)
