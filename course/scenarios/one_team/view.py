"""Module 06's dashboard for the explorer (matplotlib: loaded only when something is drawn)."""

from __future__ import annotations

from matplotlib.axes import Axes

from course.scenarios.one_team.model import MOMENTS_PER_QUARTER, QUARTERS, Params, Result
from course.trainee.plotting import (
    BASELINE,
    POLICY,
    WARNING,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)


def dashboard_frame(params: Params) -> list[Axes]:
    """Four titled panels with fixed scales, so a slider move never rescales an axis."""
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    top = params.reps * params.base_revenue * (1 + params.effort_gain) * 1.15 / 1e6
    panels = (
        ("Team revenue a quarter", "$ million", top, "Quarter"),
        (
            "Help (solid), undermining (dotted)",
            "acts",
            params.reps * MOMENTS_PER_QUARTER * 0.8,
            "Quarter",
        ),
        ("Team morale (0-1)", "morale", 1.0, "Quarter"),
        ("Channel: fights, stalls and your hours", "$ thousands a year", 1_200.0, ""),
    )
    for ax, (title, ylabel, high, xlabel) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel, xlabel=xlabel)
        ax.set_ylim(0, high)
    for ax in axes[:3]:
        ax.set_xlim(1, QUARTERS)
        ax.set_xticks(range(1, QUARTERS + 1))
    axes[3].set_xlim(-0.6, 1.6)
    axes[3].set_xticks([0, 1], ["default", "your rules"])
    axes[0].set_ylim(top * 0.5, top)
    policy_legend(axes[0], policy="your plan", baseline="default plan", band=None)
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Team revenue, help and undermining, morale, and the channel's cost.

    Args:
        result: your plan, solid blue.
        baseline: the default plan, dashed orange, drawn on top.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    runs = [(result, POLICY, "-", 2.5)]
    if baseline is not None:
        runs.append((baseline, BASELINE, "--", 2))
    for r, color, style, width in runs:
        axes[0].plot(r.quarter, r.revenue / 1e6, color=color, linestyle=style, linewidth=width)
        axes[1].plot(r.quarter, r.helps, color=color, linestyle=style, linewidth=width)
        axes[1].plot(r.quarter, r.sabotage, color=color, linestyle=":", linewidth=width)
        axes[2].plot(r.quarter, r.morale, color=color, linestyle=style, linewidth=width)
    bars = [baseline.channel_cost / 1e3 if baseline is not None else 0.0, result.channel_cost / 1e3]
    axes[3].bar([0, 1], bars, color=[BASELINE, WARNING if bars[1] > bars[0] else POLICY], width=0.6)
    return axes


# What the explorer (course.trainee.widgets.explore) reads.
