"""The template's model: pure, seeded, no plotting (see ``__init__.py`` for the shape)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from course.scenarios import validate
from course.scenarios.robustness import LESSON, Lesson
from course.trainee.assumptions import (
    Assumption,
    AssumptionTable,
    Plausible,
    check_plausible,
    every_parameter,
)
from course.trainee.random import make_rng

SEED = 2026  # one seed for the notebook's tables and the explorer: the same luck in both


@dataclass(frozen=True)
class Params:
    """The rep's month and the leader's reporting demand."""

    reporting_hours_per_month: float = 10.0  # hours the leader's reporting takes; the lever
    # Hours for selling before reporting: 38% of a 160-hour month [ipg-2006] (Low).
    selling_hours_per_month: float = 61.0
    revenue_per_hour: float = 1500.0  # dollars per selling hour; chosen to show the mechanism
    monthly_noise: float = (
        0.1  # spread of a month's luck, as a share of revenue; chosen to show the mechanism
    )

    def __post_init__(self) -> None:
        # Every model checks its values the same way (course/scenarios/validate.py): a bad one
        # stops with one plain line saying what was expected and what came.
        for name in ("reporting_hours_per_month", "selling_hours_per_month", "revenue_per_hour"):
            validate.number_between(self, name, 0, 1e6, "(hours or dollars)")
        validate.number_between(self, "monthly_noise", 0, 1, "(a share)")

    def with_(self, **changes: Any) -> Params:
        """A copy with some values changed (validated)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Result:
    """Revenue month by month."""

    params: Params
    month: np.ndarray
    revenue: np.ndarray

    def summary(self, baseline: Result | None = None) -> str:
        text = f"Over 12 months the rep sold ${self.revenue.sum() / 1e3:,.0f}K."
        if baseline is None:
            return text
        change = (self.revenue.sum() - baseline.revenue.sum()) / 1e3
        words = (
            "the same as"
            if round(change) == 0
            else f"${abs(change):,.0f}K {'more' if change > 0 else 'less'} than"
        )
        return f"That is {words} the default policy. {text}"


def assumptions(full: bool = False) -> AssumptionTable:
    """The assumptions that matter in everyday words; ``full=True`` for every parameter."""
    p = Params()
    if full:
        return every_parameter(Params, PLAUSIBLE)  # every field, its comment in Params and its range
    return AssumptionTable(
        [
            Assumption(
                "Hours a rep has for selling",
                f"{p.selling_hours_per_month:g} a month",
                "Salespeople report selling 38% of their time [ipg-2006] (Low).",
            ),
            Assumption(
                "What an hour of selling brings",
                f"${p.revenue_per_hour:,.0f}",
                "Chosen to show the mechanism.",
            ),
        ]
    )


def simulate(params: Params, *, seed: int | None = None) -> Result:
    """Twelve months of one rep's revenue, with a little monthly luck."""
    rng = make_rng(seed)
    hours = max(0.0, params.selling_hours_per_month - params.reporting_hours_per_month)
    luck = 1.0 + params.monthly_noise * rng.standard_normal(12)
    return Result(params, np.arange(1, 13), np.maximum(0.0, hours * params.revenue_per_hour * luck))


# (parameter, label, minimum, maximum, step, tooltip: what it means, its unit, its default)
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "reporting_hours_per_month",
        "Reporting hours a month",
        0.0,
        40.0,
        1.0,
        "Hours a month the rep spends reporting to you, taken from selling. Default: 10.",
    ),
)
POLICY_LEVERS: tuple[str, ...] = ("reporting_hours_per_month",)
PRESETS = {"One rep": Params()}
# Optional: PRESETS_LABEL = "Market" and PRESETS_TOOLTIP = "..." when the presets are not teams.

# Each uncertain assumption's plausible range, declared once (the policy lever is not one).
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible(
        "selling_hours_per_month", 35.0, 72.0, "22-45% of 160 hours measured [ipg-2006] [proudfoot-2005]"
    ),
    Plausible("revenue_per_hour", 800.0, 2500.0, "our assumption"),
    Plausible("monthly_noise", 0.0, 0.3, "our assumption"),
)
check_plausible(Params, PLAUSIBLE)

# What the notebook states, as tests the robustness run applies at each sampled point and seed.
LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "less_reporting_sells_more",
        "5 reporting hours a month sell more than 20",
        LESSON,
        lambda a, seed: (
            simulate(Params(reporting_hours_per_month=5, **a), seed=seed).revenue.sum()
            > simulate(Params(reporting_hours_per_month=20, **a), seed=seed).revenue.sum()
        ),
    ),
)
