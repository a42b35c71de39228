"""What module 03's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 03``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.scenarios.coaching.exercises import plan_from_choices, ride_along_gains
from course.scenarios.coaching.model import CLOSER_PLAN, Params, simulate
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson

RUNS = 100  # Monte Carlo runs per plan at each sampled point
# Exercise 4's solution: coach the three newer reps and one veteran; leave the other.
BEST_PLAN = ("leave", "coach", "coach", "coach", "coach")
# The most co-selling adds to a rep's month (share of quota), up to which the notebook states
# that coaching the newer reps beats co-selling with them over one year.
COSELL_UP_TO = 0.25


def _year(a: Mapping[str, Any], seed: int, plan: tuple[str, ...] | None = None) -> float:
    params = Params().with_(**a)
    if plan is not None:
        params = params.with_(plan=plan_from_choices(plan, params))
    return simulate(params, seed=seed, runs=RUNS).year_attainment


def _best_plan_beats_closer(a: Mapping[str, Any], seed: int) -> bool | None:
    if a["cosell_deal_max"] > COSELL_UP_TO:
        return None  # the note says co-selling may pay over one year where it adds more
    return _year(a, seed, BEST_PLAN) > _year(a, seed, CLOSER_PLAN)


def _best_plan_beats_default(a: Mapping[str, Any], seed: int) -> bool:
    return _year(a, seed, BEST_PLAN) > _year(a, seed)


def _coaching_beats_cosell(a: Mapping[str, Any], seed: int) -> bool | None:
    if a["cosell_deal_max"] > COSELL_UP_TO:
        return None
    coached = _year(a, seed, ("leave", "coach", "coach", "coach", "coach"))
    cosold = _year(a, seed, ("leave", "coach", "cosell", "cosell", "cosell"))
    return coached > cosold


def _veteran_rides_pay(a: Mapping[str, Any], seed: int) -> bool:
    observed = _year(a, seed, ("observe", "observe", "coach", "coach", "coach"))
    left = _year(a, seed, ("leave", "leave", "coach", "coach", "coach"))
    return observed > left


def _newest_gains_most(a: Mapping[str, Any], seed: int) -> bool:
    return ride_along_gains(Params().with_(**a), seed=seed, runs=RUNS).most() == "Eli"


def _learn_most_beside_a_veteran(a: Mapping[str, Any], seed: int) -> bool:
    return ride_along_gains(Params().with_(**a), seed=seed, runs=RUNS).most_learned() in ("Ana", "Bo")


def _ana_loses(a: Mapping[str, Any], seed: int) -> bool:
    return ride_along_gains(Params().with_(**a), seed=seed, runs=RUNS).gain("Ana") <= 0


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q4_plan",
        "where co-selling adds at most 25% of quota a month: coaching all three newer reps and one veteran "
        "sells more over the year than the co-selling plan",
        BEST_CHOICE,
        _best_plan_beats_closer,
    ),
    Lesson(
        "best_beats_default",
        "the best plan on the menu sells more over the year than the explorer's default plan",
        FINDING,
        _best_plan_beats_default,
    ),
    Lesson(
        "q1_reason",
        "one more ride-along gains most for Eli, the newest rep (his sessions then hit his gap)",
        BEST_CHOICE,
        _newest_gains_most,
    ),
    Lesson(
        "q4_reason",
        "where co-selling adds at most 25% of quota a month: coaching the newer reps sells more over the "
        "year than co-selling with them",
        LESSON,
        _coaching_beats_cosell,
    ),
    Lesson(
        "learn_from_veterans",
        "a ride-along beside a veteran teaches you most about customers",
        LESSON,
        _learn_most_beside_a_veteran,
    ),
    Lesson(
        "veteran_rides_pay",
        "riding along with both veterans sells more over the year than leaving them alone",
        FINDING,
        _veteran_rides_pay,
    ),
    Lesson(
        "ana_loses",
        "one more ride-along with Ana lowers her own attainment over the year",
        FINDING,
        _ana_loses,
    ),
)
