"""What module 04's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 04``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise exactly as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson
from course.scenarios.start_small.model import (
    ACCOUNTS,
    PORTFOLIOS,
    TYPICAL,
    Params,
    Result,
    chance_land_and_die,
    cohort_retention,
    likeliest_land_and_die,
    simulate,
)
from course.scenarios.start_small.tables import PolicyComparison, policy_comparison

RUNS = 200  # Monte Carlo runs per policy at each sampled point


def _rule(a: Mapping[str, Any], seed: int) -> PolicyComparison:
    return policy_comparison(TYPICAL.with_(**a), seed=seed, runs=RUNS)


def _portfolios(a: Mapping[str, Any], seed: int) -> dict[str, Result]:
    return {name: simulate(p.with_(**a), seed=seed, runs=RUNS) for name, p in PORTFOLIOS.items()}


def _highest_average(a: Mapping[str, Any], seed: int) -> str:
    results = _portfolios(a, seed)
    return max(results, key=lambda name: results[name].expected_year_three)


def _mix_steadier_than_all_large(a: Mapping[str, Any], seed: int) -> bool:
    results = _portfolios(a, seed)
    mix, large = results["B"], results["A"]
    return bool(
        mix.chance_below_floor < large.chance_below_floor
        and np.std(mix.year_three) < np.std(large.year_three)
    )


def _hours_move_and_orders_fall(a: Mapping[str, Any], seed: int) -> bool:
    rule = _rule(a, seed)
    moved = rule.with_policy.large_pursuits > rule.without.large_pursuits
    return bool(moved and rule.change_in_year_three < 0)


def _one_quarter_says_little(a: Mapping[str, Any], seed: int) -> bool:
    p = Params().with_(**a)
    rise = chance_land_and_die(p, 1) - chance_land_and_die(p, 0)
    return p.small_expand_chance < 0.5 and rise < 0.05


def _some_lands_grow_large(a: Mapping[str, Any], seed: int) -> bool:
    result = simulate(TYPICAL.with_(**a), seed=seed, runs=RUNS)
    return bool(np.median(result.largest_small) >= 2 * result.params.small_deal_value)


def _lands_reach_a_large_deal(a: Mapping[str, Any], seed: int) -> bool:
    result = simulate(TYPICAL.with_(**a, quarters=40), seed=seed, runs=RUNS)
    return bool(np.median(result.largest_small) >= result.params.large_deal_value)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q1_revenue",
        "no credit for deals under $50K lowers average year-three revenue",
        LESSON,
        lambda a, seed: _rule(a, seed).change_in_year_three < 0,
    ),
    Lesson(
        "q1_risk",
        "no credit for deals under $50K raises the chance of missing the floor",
        LESSON,
        lambda a, seed: (lambda r: r.with_policy.chance_below_floor > r.without.chance_below_floor)(
            _rule(a, seed)
        ),
    ),
    Lesson(
        "q1_reason",
        "the rule moves hours to large deals and revenue falls (reason C)",
        BEST_CHOICE,
        _hours_move_and_orders_fall,
    ),
    Lesson(
        "q3_portfolio",
        "of the three portfolios, B (60% of hours on small first deals) earns the most on average",
        BEST_CHOICE,
        lambda a, seed: _highest_average(a, seed) == "B",
    ),
    Lesson(
        "q3_reason",
        "B misses the floor less often than A and its year-three revenue spreads less (reason A)",
        BEST_CHOICE,
        _mix_steadier_than_all_large,
    ),
    Lesson(
        "q4_account",
        "Brook, flat for nine quarters, is the account likeliest to have landed and died",
        BEST_CHOICE,
        lambda a, seed: likeliest_land_and_die(Params().with_(**a), ACCOUNTS) == "Brook",
    ),
    Lesson(
        "q4_one_quarter",
        "one quarter without an order for more tells you very little (reason D)",
        BEST_CHOICE,
        _one_quarter_says_little,
    ),
    Lesson(
        "lands_grow_two_fold",
        "in the middle run, by year three the largest account landed with a small first deal pays twice "
        "that deal or more",
        LESSON,
        _some_lands_grow_large,
    ),
    Lesson(
        "lands_reach_a_large_deal",
        "over ten years, in the middle run the largest account landed small pays as much as a large deal",
        FINDING,
        _lands_reach_a_large_deal,
    ),
    Lesson(
        "q1_revenue_slow_small_deals",
        "with small deals signed two quarters after the work starts, the rule still lowers revenue",
        FINDING,
        lambda a, seed: _rule({**a, "small_cycle": 2}, seed).change_in_year_three < 0,
    ),
    Lesson(
        "q3_portfolio_likelier_large_deals",
        "with large deals won 22 in 100 times, B still earns the most on average",
        FINDING,
        lambda a, seed: _highest_average({**a, "large_win_rate": 0.22}, seed) == "B",
    ),
    Lesson(
        "q3_portfolio_strong_market",
        "in a strong expansion market (NRR above 115%), B still earns the most on average",
        FINDING,
        lambda a, seed: (
            _highest_average(a, seed) == "B" if cohort_retention(TYPICAL.with_(**a))[0] > 115 else None
        ),
    ),
)
