"""Module 01's view: the explorer's dashboard (matplotlib). The model and its tables stand
apart (``model.py``, ``tables.py``) and import no plotting."""

from __future__ import annotations

from matplotlib.axes import Axes

from course.scenarios.control.model import Params, Result
from course.trainee.plotting import (
    BAND,
    BASELINE,
    POLICY,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard for a team: four titled panels with fixed scales and a legend.

    The scales depend only on the team, so moving a lever redraws the lines and
    never rescales an axis under the trainee's eyes.
    """
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    top_hours = params.hours_per_month * params.base_selling_share
    top_revenue = params.team_size * top_hours * params.revenue_per_selling_hour / 1e3
    panels = (
        ("Team revenue per month", "$ thousands", top_revenue),
        ("Selling hours per rep per month", "hours", top_hours * 1.05),
        ("Morale (0 = none, 1 = full)", "morale", 1.0),
        ("Reps in their seats", "reps", params.team_size + 0.5),
    )
    for ax, (title, ylabel, top) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel)
        ax.set_xlim(1, params.months)
        ax.set_ylim(0, top)
    policy_legend(axes[0])
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw revenue, selling time, morale and reps in their seats, month by month.

    Args:
        result: the policy to show, as solid blue lines with the spread of revenue.
        baseline: an optional comparison policy, as dashed orange lines.
        axes: the four Axes of :func:`dashboard_frame` to draw into; a new frame if None.

    Returns:
        The four Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    series = (
        lambda r: r.revenue / 1e3,
        lambda r: r.selling_hours,
        lambda r: r.morale,
        lambda r: r.headcount,
    )
    axes[0].fill_between(
        result.month, result.revenue_low / 1e3, result.revenue_high / 1e3, color=BAND, alpha=0.25, linewidth=0
    )
    for ax, values in zip(axes, series, strict=True):
        ax.plot(result.month, values(result), color=POLICY, linewidth=2.5)
        if baseline is not None:
            # Drawn on top, dashed, so it stays visible where the two policies coincide.
            ax.plot(baseline.month, values(baseline), color=BASELINE, linestyle="--", linewidth=2, zorder=3)
    return axes
