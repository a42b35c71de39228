"""The template's view: its dashboard (matplotlib), apart from the model."""

from __future__ import annotations

from matplotlib.axes import Axes

from course.scenarios.template.model import Params, Result
from course.trainee.plotting import BASELINE, POLICY, new_figure, policy_legend, settle_layout, style_axes


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
