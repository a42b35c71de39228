"""What module 02's notebook grades and states, each as a test of the model that the robustness
run (``python -m course.scenarios.robustness 02``) applies across the plausible space.

Each test takes the sampled assumptions (``Params`` fields to values) and a seed, and runs the
exercise exactly as the notebook does, with fewer Monte Carlo runs (the seeds add the luck back).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson
from course.scenarios.trust.model import CHECKING_OPTIONS, FOUR_REPS, REPAIR_TEAM, Params, simulate
from course.scenarios.trust.tables import CheckingTable, checking_table, recovery

RUNS = 100  # Monte Carlo runs per policy at each sampled point


def _table(a: Mapping[str, Any], seed: int, **changes: Any) -> CheckingTable:
    return _cached_table(tuple(sorted({**a, **changes}.items())), seed)


@lru_cache(maxsize=2048)  # several lessons read the same exercise at the same point
def _cached_table(values: tuple[tuple[str, Any], ...], seed: int) -> CheckingTable:
    return checking_table(FOUR_REPS.with_(**dict(values)), CHECKING_OPTIONS, seed=seed, runs=RUNS)


def _error(a: Mapping[str, Any], seed: int, **policy: float) -> float:
    return simulate(Params().with_(**a, **policy), seed=seed, runs=RUNS).mean_forecast_error


def _repair(a: Mapping[str, Any], seed: int) -> dict[str, int]:
    return _cached_repair(tuple(sorted(a.items())), seed)


@lru_cache(maxsize=2048)
def _cached_repair(values: tuple[tuple[str, Any], ...], seed: int) -> dict[str, int]:
    return recovery(REPAIR_TEAM.with_(**dict(values)), "competence", seed=seed, runs=RUNS).quarters_to_recover


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "q3_asha",
        "with 2 hours of checking a month for two of the four reps, Asha (kept 18 of 20) is not one of "
        "the two whose forecast error it lowers most",
        BEST_CHOICE,
        lambda a, seed: _table(a, seed).to_check()["Asha"] == "L",
    ),
    Lesson(
        "q3_ben",
        "with 2 hours of checking a month for two of the four reps, Ben (kept 2 of 2) is not one of "
        "the two whose forecast error it lowers most",
        BEST_CHOICE,
        lambda a, seed: _table(a, seed).to_check()["Ben"] == "L",
    ),
    Lesson(
        "q3_carla",
        "with 2 hours of checking a month for two of the four reps, Carla (kept 2 of 10) is one of "
        "the two whose forecast error it lowers most",
        BEST_CHOICE,
        lambda a, seed: _table(a, seed).to_check()["Carla"] == "C",
    ),
    Lesson(
        "q3_dev",
        "with 2 hours of checking a month for two of the four reps, Dev (kept 1 of 4) is one of "
        "the two whose forecast error it lowers most",
        BEST_CHOICE,
        lambda a, seed: _table(a, seed).to_check()["Dev"] == "C",
    ),
    Lesson(
        "q1_apology_fastest",
        "after a broken promise, trust comes back fastest after an apology (ties allowed)",
        LESSON,
        lambda a, seed: (lambda q: q["apology"] <= min(q.values()))(_repair(a, seed)),
    ),
    Lesson(
        "q1_denial_slowest",
        "after a broken promise, a false denial brings trust back slowest",
        LESSON,
        lambda a, seed: (lambda q: q["denial"] >= max(q.values()))(_repair(a, seed)),
    ),
    Lesson(
        "no_checking_pays_at_750",
        "at $750 an hour no checking pays for any of the four reps",
        FINDING,
        lambda a, seed: set(_table(a, seed).best().values()) == {0.0},
    ),
    Lesson(
        "no_checking_pays_asha_ben_at_750",
        "at $750 an hour no checking pays for Asha or Ben",
        LESSON,
        lambda a, seed: (lambda best: best["Asha"] == 0 and best["Ben"] == 0)(_table(a, seed).best()),
    ),
    Lesson(
        "desk_leader_worse",
        "the leader who never goes to the field and checks 40 hours has a worse forecast than the "
        "default (2 field days, 6 hours)",
        LESSON,
        lambda a, seed: (
            _error(a, seed, field_days_per_month=0.0, checking_hours_per_month=40.0) > _error(a, seed)
        ),
    ),
    Lesson(
        "field_days_improve_forecast",
        "2 field days a month give a better forecast than none",
        LESSON,
        lambda a, seed: _error(a, seed, field_days_per_month=2.0) < _error(a, seed, field_days_per_month=0.0),
    ),
    Lesson(
        "six_hours_past_the_point",
        "6 hours of checking a month give each of the four a worse forecast than 2",
        FINDING,
        lambda a, seed: bool((_table(a, seed).errors[:, 2] > _table(a, seed).errors[:, 1]).all()),
    ),
    Lesson(
        "light_checking_helps_team",
        "6 hours of checking a month, spread by your estimates, give the team a better forecast than none",
        FINDING,
        lambda a, seed: (
            _error(a, seed, checking_hours_per_month=6.0) < _error(a, seed, checking_hours_per_month=0.0)
        ),
    ),
    Lesson(
        "free_hour_checking_pays_for_carla",
        "with your hours free, some checking pays for Carla",
        FINDING,
        lambda a, seed: _table(a, seed, leader_hour_value=0.0).best()["Carla"] > 0,
    ),
)
