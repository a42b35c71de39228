"""Module 03's dashboard for the explorer (matplotlib: loaded only when something is drawn)."""

from __future__ import annotations

from matplotlib.axes import Axes

from course.scenarios.coaching.model import Params, Result
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
    """The empty dashboard: four titled panels with fixed scales and a legend."""
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    panels = (
        ("Team attainment (share of quota)", "share of quota", 1.4),
        ("Team skill (0-1)", "skill", 1.0),
        ("Team motivation (0-1)", "motivation", 1.0),
        ("What you learned about customers", "share", 1.0),
    )
    for ax, (title, ylabel, top) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel)
        ax.set_xlim(1, max(2, params.months))
        ax.set_ylim(0, top)
    policy_legend(axes[0], policy="your plan", baseline="default plan")
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw attainment (with its spread), skill, motivation and the leader's learning.

    Args:
        result: the plan to show, as solid blue lines.
        baseline: an optional comparison plan, as dashed orange lines.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.

    Returns:
        The four Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    axes[0].fill_between(
        result.month, result.attainment_low, result.attainment_high, color=BAND, alpha=0.25, linewidth=0
    )
    series = (lambda r: r.attainment, lambda r: r.skill, lambda r: r.motivation, lambda r: r.insight)
    for ax, values in zip(axes, series, strict=True):
        if baseline is not None:
            ax.plot(baseline.month, values(baseline), color=BASELINE, linestyle="--", linewidth=2)
        ax.plot(result.month, values(result), color=POLICY, linewidth=2.5)
    return axes


# What the scenario explorer (course.trainee.widgets.explore) reads.
