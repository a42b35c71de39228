"""Template: copy this module to start a new scenario.

Scenario:
    One rep's year: the hours the manager's reporting takes from selling, and the
    revenue the remaining hours bring in. Deliberately tiny: it shows the shape every
    scenario module has, not a lesson.

Covers:
    Nothing in the course; it is the starting point for a new module's model.

Used in:
    ``tests/test_scenario_contract.py``, which checks that every scenario module keeps
    this shape. Copy it to ``course/scenarios/<name>.py``, add
    ``tests/test_<name>.py`` and ``solutions/<NN>_<module>/<module>.ipynb``, and list the
    module in ``course/scenarios/__init__.py``.

The shape:
    ``Params`` (frozen; every number with its unit and source in a comment, validated
    in ``__post_init__``), ``simulate(params, *, seed)`` (pure: same seed, same
    result), a ``Result`` with a ``summary()`` in words, ``dashboard_frame(params)``
    and ``plot_dashboard(result, *, baseline, axes)`` for the explorer, and
    ``CONTROLS`` and ``PRESETS`` that :func:`course.trainee.widgets.explore` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from course.trainee.plotting import BASELINE, POLICY, new_figure, style_axes
from course.trainee.random import make_rng


@dataclass(frozen=True)
class Params:
    """The rep's month and the manager's reporting demand."""

    reporting_hours_per_month: float = 10.0  # hours the manager's reporting takes; the lever
    selling_hours_per_month: float = 72.0  # hours for selling before reporting; illustrative
    revenue_per_hour: float = 1500.0  # dollars per selling hour; illustrative
    monthly_noise: float = 0.1  # spread of a month's luck, as a share of revenue; illustrative

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

    def summary(self) -> str:
        return f"Over 12 months the rep sold ${self.revenue.sum() / 1e3:,.0f}K."


def simulate(params: Params, *, seed: int | None = None) -> Result:
    """Twelve months of one rep's revenue, with a little monthly luck."""
    rng = make_rng(seed)
    hours = max(0.0, params.selling_hours_per_month - params.reporting_hours_per_month)
    luck = 1.0 + params.monthly_noise * rng.standard_normal(12)
    return Result(params, np.arange(1, 13), np.maximum(0.0, hours * params.revenue_per_hour * luck))


def dashboard_frame(params: Params) -> list[Axes]:
    """One panel with a fixed scale, so a slider move never rescales it."""
    _, axes = new_figure(1, 1, height=3.5)
    style_axes(axes[0], title="Revenue per month", ylabel="$ thousands")
    axes[0].set_xlim(1, 12)
    axes[0].set_ylim(0, params.selling_hours_per_month * params.revenue_per_hour * 1.5 / 1e3)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Revenue per month: the policy solid, the baseline dashed."""
    axes = axes or dashboard_frame(result.params)
    if baseline is not None:
        axes[0].plot(baseline.month, baseline.revenue / 1e3, color=BASELINE, linestyle="--", linewidth=2)
    axes[0].plot(result.month, result.revenue / 1e3, color=POLICY, linewidth=2.5)
    return axes


CONTROLS: tuple[tuple[str, str, float, float, float], ...] = (
    ("reporting_hours_per_month", "Reporting hours a month", 0.0, 40.0, 1.0),
)
PRESETS = {"One rep": Params()}
