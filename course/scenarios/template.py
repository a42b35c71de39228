"""Template: copy this module to start a new scenario.

Scenario:
    One rep's year: the hours the leader's reporting takes from selling, and the
    revenue the remaining hours bring in. Deliberately tiny: it shows the shape every
    scenario module has, not a lesson.

Covers:
    Nothing in the course; it is the starting point for a new module's model.

Used in:
    ``tests/test_scenario_contract.py``, which checks that every scenario module keeps
    this shape. Copy it to ``course/scenarios/<name>.py``, add
    ``tests/test_<name>.py`` and ``solutions/<NN>_<module>/<module>.ipynb``, and list the
    module in ``course/scenarios/__init__.py``.

The shape of the model:
    ``Params`` (frozen; every number with its unit and its source in a comment, as a key
    of the course bibliography such as ``[ipg-2006]`` with a confidence label, or the
    words "chosen to show the mechanism"; validated in ``__post_init__``),
    ``simulate(params, *, seed)`` (pure: same seed, same result), a ``Result`` whose
    ``summary(baseline=None)`` says the outcomes in words and, given the baseline, how
    the policy compares in words and numbers; ``assumptions()`` (the assumptions that
    matter, at most about 10 rows in everyday words) and ``assumptions(full=True)``
    (every parameter); ``dashboard_frame(params)`` and
    ``plot_dashboard(result, *, baseline, axes)`` (baseline dashed, drawn on top);
    ``CONTROLS`` (one slider per lever or assumption, each with a tooltip that says what
    it means, its unit and its default), ``POLICY_LEVERS`` (the controls that are the
    leader's policy: the explorer's baseline resets only these), ``SEED`` (the luck the
    notebook's tables and the explorer share) and ``PRESETS``. Nothing the trainee
    moves is free: every lever has a cost in the model.

The shape of the module's notebook (module 01 is the worked example):
    a locked set-up cell that imports and calls ``checks.setup()``; short readings that
    cite bibliography keys with a confidence label; ``<model>.assumptions()``;
    predictions (credit for any valid choice) BEFORE anything shows the answer; a locked
    reveal cell, ``reveal(show, after={...})`` from ``course.trainee.widgets``, that
    refuses in one friendly line until the predictions are in; a graded follow-up that
    needs the revealed result; then the explorer and the other exercises. Test cells:
    ``# Check: ...``, ``from course.trainee import checks``, answers read with
    ``checks.answer(name, hint=...)``, hidden references from the model imported in the
    hidden part (``from course.scenarios import <model>``), ``checks.recorded(...)``
    where the visible part cannot say more without giving the answer away.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter
from course.trainee.plotting import BASELINE, POLICY, new_figure, policy_legend, settle_layout, style_axes
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
        for name in ("reporting_hours_per_month", "selling_hours_per_month", "revenue_per_hour"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1e6:
                raise ValueError(f"{name} must be a number from 0 to 1,000,000; got {value!r}.")
        if not 0 <= self.monthly_noise <= 1:
            raise ValueError(f"monthly_noise must be from 0 to 1 (a share); got {self.monthly_noise!r}.")

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
        return every_parameter(Params)  # every field, with the comment above it in Params
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


def dashboard_frame(params: Params) -> list[Axes]:
    """One panel with a fixed scale and its legend, laid out once, so a slider move never rescales it."""
    figure, axes = new_figure(1, 1, height=3.5)
    style_axes(axes[0], title="Revenue per month", ylabel="$ thousands")
    axes[0].set_xlim(1, 12)
    axes[0].set_ylim(0, params.selling_hours_per_month * params.revenue_per_hour * 1.5 / 1e3)
    policy_legend(axes[0], band=None)
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Revenue per month: the policy solid, the baseline dashed on top (visible where they coincide)."""
    axes = axes or dashboard_frame(result.params)
    axes[0].plot(result.month, result.revenue / 1e3, color=POLICY, linewidth=2.5)
    if baseline is not None:
        axes[0].plot(
            baseline.month, baseline.revenue / 1e3, color=BASELINE, linestyle="--", linewidth=2, zorder=3
        )
    return axes


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
