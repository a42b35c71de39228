"""What module 07's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 07``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
decision exactly as the hidden tests do (``decision_values``: the earlier quarters as the model's
best, the later ones at the best), with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course.scenarios.leap_of_faith.model import BEST, LETTERS, QUARTERS, Params, path, simulate
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson

RUNS = 200  # Monte Carlo runs per path at each sampled point


def _result(letters: str, a: Mapping[str, Any], seed: int) -> Any:
    return simulate(path(letters, Params().with_(**a)), seed=seed, runs=RUNS)


def _best_at(quarter: int, a: Mapping[str, Any], seed: int) -> bool:
    values = {}
    for letter in LETTERS:
        letters = "".join(BEST[: quarter - 1]) + letter + "".join(BEST[quarter:])
        values[letter] = _result(letters, a, seed).value
    return max(values, key=values.__getitem__) == BEST[quarter - 1]


def _best_books_less(a: Mapping[str, Any], seed: int) -> bool:
    """The best path books less revenue this year than the same year with a quarter-first
    second quarter (the discount, B, or pressing the CIO, C): what the best path gives up."""
    best = "".join(BEST)
    first = max(_result(best[0] + x + best[2:], a, seed).revenue.sum(axis=1).mean() for x in "BC")
    return bool(_result(best, a, seed).revenue.sum(axis=1).mean() < first)


def _discount_quarter_looks_better(a: Mapping[str, Any], seed: int) -> bool:
    """The discount books more in quarter 2 and is worth less over the year's value."""
    best = "".join(BEST)
    mine, discount = _result(best, a, seed), _result(best[0] + "B" + best[2:], a, seed)
    return bool(discount.revenue[:, 1].mean() > mine.revenue[:, 1].mean() and discount.value < mine.value)


def _discount_books_more(a: Mapping[str, Any], seed: int) -> bool:
    """The discount booked more this year than the best path (at the defaults; not stated as a lesson)."""
    best = "".join(BEST)
    return bool(
        _result(best[0] + "B" + best[2:], a, seed).revenue.sum(axis=1).mean()
        > _result(best, a, seed).revenue.sum(axis=1).mean()
    )


def _best_path_with_a_weak_pull(a: Mapping[str, Any], seed: int) -> bool | None:
    """The note: with a weak reference (q up to 0.15 a quarter) the same four decisions stay best."""
    if a["imitation"] > 0.15:
        return None
    return all(_best_at(q, a, seed) for q in range(1, QUARTERS + 1))


def _press_beats_discount(a: Mapping[str, Any], seed: int) -> bool:
    best = "".join(BEST)
    return bool(
        _result(best[0] + "C" + best[2:], a, seed).value > _result(best[0] + "B" + best[2:], a, seed).value
    )


def _trust_rises(a: Mapping[str, Any], seed: int) -> bool:
    result = _result("".join(BEST), a, seed)
    return bool(result.customer_trust.mean() > result.params.customer_trust_start)


LESSONS: tuple[Lesson, ...] = tuple(
    Lesson(
        f"q{q}_choice",
        f"quarter {q}'s best option, after the best earlier ones, is {BEST[q - 1]}",
        BEST_CHOICE,
        lambda a, seed, q=q: _best_at(q, a, seed),
    )
    for q in range(1, QUARTERS + 1)
) + (
    Lesson(
        "gives_up_this_year",
        "the best path books less revenue this year than the same path with the discount or the CIO pressed",
        LESSON,
        _best_books_less,
    ),
    Lesson(
        "discount_borrows",
        "the discount books more in quarter 2 and is worth less over the year's value",
        LESSON,
        _discount_quarter_looks_better,
    ),
    Lesson(
        "discount_books_more",
        "the discount even booked a little more this year than the best path, and was worth less",
        FINDING,
        lambda a, seed: _discount_books_more(a, seed) and _discount_quarter_looks_better(a, seed),
    ),
    Lesson(
        "weak_pull_same_best",
        "with a weak reference (q up to 0.15 a quarter) the same four decisions stay best",
        LESSON,
        _best_path_with_a_weak_pull,
    ),
    Lesson(
        "press_beats_discount",
        "pressing the CIO with no discount is worth more than the 20% discount (the price kept)",
        FINDING,
        _press_beats_discount,
    ),
    Lesson(
        "trust_rises_on_best",
        "on the best path, Northwind's trust ends the year above where it started",
        FINDING,
        _trust_rises,
    ),
)
