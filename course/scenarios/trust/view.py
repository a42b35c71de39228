"""Module 02's view: the explorer's dashboard and the recovery plot (matplotlib), apart from the
model (``model.py``) and its tables (``tables.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from course.scenarios.trust.model import Params, Result
from course.trainee.plotting import (
    BAND,
    BASELINE,
    POLICY,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)

if TYPE_CHECKING:
    from course.scenarios.trust.tables import Recovery


def plot_recovery(result: Recovery, *, ax: Axes | None = None) -> Axes:
    """Trust quarter by quarter after the violation, one line per response."""
    if ax is None:
        _, (ax,) = new_figure(width=8, height=4)
    style_axes(
        ax,
        title=f"Trust after {result._what()}, by response",
        ylabel="trust (0-1)",
        xlabel="Quarter",
    )
    ax.plot(result.quarter, result.without, color="#555555", linewidth=2, label="no violation")
    styles = {"apology": "-", "explanation": "--", "denial": "-.", "silence": ":"}
    colours = {"apology": POLICY, "explanation": BAND, "denial": BASELINE, "silence": "#D55E00"}
    for response, path in result.paths.items():
        ax.plot(
            result.quarter,
            path,
            linestyle=styles[response],
            color=colours[response],
            linewidth=2.2,
            label=response,
        )
    ax.axvline(result.params.violation_quarter, color="#999999", linewidth=1)
    ax.set_ylim(0, 1)
    ax.set_xlim(1, result.quarter[-1])
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    return ax


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard: four titled panels with fixed scales and a legend, so a slider
    move redraws the lines and never rescales an axis."""
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    panels = (
        ("Reps' trust in you (0 = none, 1 = full)", "trust", 1.0),
        ("Forecast error (share of revenue)", "share", 0.4),
        ("Slipping deals you heard of in time", "share", 1.0),
        ("How far off your read of each rep is", "0-1 scale", 0.3),
    )
    for ax, (title, ylabel, top) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel, xlabel="Quarter")
        ax.set_xlim(1, max(2, params.quarters))
        ax.set_ylim(0, top)
    policy_legend(axes[0])
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw trust, forecast error, bad news heard in time and the leader's read of the reps.

    Args:
        result: the policy to show, as solid blue lines with the spread of trust.
        baseline: an optional comparison policy, as dashed orange lines.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.

    Returns:
        The four Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    series = (
        lambda r: r.trust,
        lambda r: r.forecast_error,
        lambda r: r.heard_early,
        lambda r: r.estimate_error,
    )
    axes[0].fill_between(
        result.quarter, result.trust_low, result.trust_high, color=BAND, alpha=0.25, linewidth=0
    )
    for ax, values in zip(axes, series, strict=True):
        if baseline is not None:
            ax.plot(baseline.quarter, values(baseline), color=BASELINE, linestyle="--", linewidth=2)
        ax.plot(result.quarter, values(result), color=POLICY, linewidth=2.5)
    return axes


# What the scenario explorer (course.trainee.widgets.explore) reads: one slider per lever,
# as (parameter, label, minimum, maximum, step, tooltip), and the teams to choose from.
