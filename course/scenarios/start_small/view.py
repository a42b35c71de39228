"""Module 04's dashboard: the fan chart of recurring revenue and the spread of year-three revenue
(matplotlib; the model and the tables never import it)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from course.scenarios.start_small.model import Params, Result
from course.trainee.plotting import BAND, BASELINE, POLICY, WARNING, new_figure, settle_layout, style_axes

ARR_TOP = 6000.0  # $K: the fan chart's fixed scale
YEAR_THREE_TOP = 6000.0  # $K: the histogram's fixed scale


def dashboard_frame(
    params: Params, *, names: tuple[str, str] = ("your policy", "default policy")
) -> list[Axes]:
    """The empty dashboard: the fan chart and the spread of year-three revenue, with fixed
    scales and a legend, so a slider move redraws the data and never rescales an axis.
    ``names`` label the solid and the dashed policy in the legend."""
    figure, axes = new_figure(1, 2, width=10, height=4.4)
    style_axes(
        axes[0],
        title="Recurring revenue (ARR): the spread of runs",
        ylabel="$ thousands a year",
        xlabel="Quarter",
    )
    axes[0].set_xlim(1, params.quarters)
    axes[0].set_ylim(0, ARR_TOP)
    style_axes(
        axes[1], title="Year-three revenue: share of runs", ylabel="share of runs", xlabel="$ thousands"
    )
    axes[1].set_xlim(0, YEAR_THREE_TOP)
    axes[1].set_ylim(0, 0.4)
    axes[1].axvline(params.revenue_floor, color=WARNING, linewidth=1.5)
    axes[1].text(params.revenue_floor, 0.38, " floor", color=WARNING, fontsize=9, va="top")
    axes[0].legend(
        handles=[
            Line2D([], [], color=POLICY, linewidth=2.5, label=f"{names[0]}: middle run"),
            Patch(color=BAND, alpha=0.45, label="half the runs"),
            Patch(color=BAND, alpha=0.2, label="8 in 10 runs"),
            Line2D([], [], color=BASELINE, linestyle="--", linewidth=2, label=f"{names[1]}: middle run"),
        ],
        loc="upper left",
        fontsize=9,
        frameon=False,
    )
    settle_layout(figure)
    return axes


_BINS = np.linspace(0, YEAR_THREE_TOP, 31)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw the fan chart of ARR (percentile bands, the median line) and the histogram of
    year-three revenue, the baseline dashed on top.

    Args:
        result: the policy to show, in blue.
        baseline: an optional comparison policy, as dashed orange lines.
        axes: the two Axes of :func:`dashboard_frame`; a new frame if None.

    Returns:
        The two Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 2:
        raise ValueError(f"plot_dashboard needs the 2 axes of dashboard_frame; got {len(axes)}.")
    bands = result.percentiles()
    x = result.quarter
    axes[0].fill_between(x, bands[10], bands[90], color=BAND, alpha=0.2, linewidth=0)
    axes[0].fill_between(x, bands[25], bands[75], color=BAND, alpha=0.45, linewidth=0)
    axes[0].plot(x, bands[50], color=POLICY, linewidth=2.5)
    share = np.histogram(np.clip(result.year_three, 0, YEAR_THREE_TOP - 1), bins=_BINS)[0] / result.runs
    axes[1].stairs(share, _BINS, color=POLICY, fill=True, alpha=0.5)
    if baseline is not None:
        axes[0].plot(
            baseline.quarter, baseline.percentiles((50,))[50], color=BASELINE, linestyle="--", linewidth=2
        )
        other = (
            np.histogram(np.clip(baseline.year_three, 0, YEAR_THREE_TOP - 1), bins=_BINS)[0] / baseline.runs
        )
        axes[1].stairs(other, _BINS, color=BASELINE, linestyle="--", linewidth=2)
    return axes
