"""Module 05's view: the explorer's dashboard and the billings' plot (matplotlib)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from course.scenarios.pebbles.billings import DIMENSIONS, Billings
from course.scenarios.pebbles.model import N_TOUCHES, TOUCH_LABELS, TOUCHES, Params, Result
from course.trainee.plotting import (
    BAND,
    BASELINE,
    NEUTRAL,
    POLICY,
    WARNING,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)


def plot_billings(result: Billings, *, axes: list[Axes] | None = None) -> list[Axes]:
    """Monthly billings by product, by price tier and by segment: one panel each."""
    if axes is None:
        _, axes = new_figure(1, 3, width=11, height=3.4)
    styles = ("-", "--", ":")
    colours = (POLICY, BASELINE, WARNING)
    top = max(series.max() for d in DIMENSIONS for series in result.by(d).values()) / 1e3 * 1.1
    for ax, dimension in zip(axes, DIMENSIONS, strict=True):
        style_axes(
            ax, title=f"By {'price tier' if dimension == 'tier' else dimension}", ylabel="$ thousands a month"
        )
        for (name, series), style, colour in zip(result.by(dimension).items(), styles, colours, strict=False):
            ax.plot(np.arange(1, 13), series / 1e3, linestyle=style, color=colour, linewidth=2.2, label=name)
        ax.set_ylim(0, top)
        ax.set_xlim(1, 12)
        ax.legend(fontsize=8, frameon=False, loc="lower left")
    return axes


_BAR = 0.2


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard: four titled panels with fixed scales and legends."""
    figure, axes = new_figure(2, 2, height=6.2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    style_axes(axes[0], title="Share of the credit for won deals", ylabel="share", xlabel="")
    axes[0].set_xticks(range(N_TOUCHES), [TOUCH_LABELS[t].replace(" ", "\n", 1) for t in TOUCHES], fontsize=8)
    axes[0].set_ylim(0, 0.8)
    axes[0].set_xlim(-0.6, N_TOUCHES - 0.4)
    axes[0].legend(
        handles=[
            Patch(color=NEUTRAL, label="true share"),
            Patch(color=BAND, label="first touch"),
            Patch(color=BASELINE, label="last touch"),
            Patch(color=POLICY, label="Shapley"),
        ],
        fontsize=8,
        frameon=False,
        loc="upper left",
        ncols=2,
    )
    top = params.reps * params.deals_per_quarter * params.deal_size / 1e6
    style_axes(axes[1], title="Team revenue after discounts", ylabel="$ millions", xlabel="Quarter")
    axes[1].set_xlim(1, max(2, params.quarters))
    axes[1].set_ylim(0, top * 0.9)
    policy_legend(axes[1], loc="lower left", fontsize=8)
    style_axes(axes[2], title="Margin given away in discounts", ylabel="$ thousands", xlabel="Quarter")
    axes[2].set_xlim(0.5, params.quarters + 0.5)
    axes[2].set_ylim(0, top * 1e3 * 0.25)
    most = max(params.deals_per_quarter * 2, 1)
    style_axes(axes[3], title="Deals a rep books in a quarter", ylabel="share of quarters", xlabel="deals")
    axes[3].set_xticks(range(most + 1), [str(k) if k < most else f"{k}+" for k in range(most + 1)])
    axes[3].set_xlim(-0.6, most + 0.6)
    axes[3].set_ylim(0, 1)
    axes[3].legend(
        handles=[Patch(color=POLICY, label="your policy"), Patch(color=BASELINE, label="default policy")],
        fontsize=8,
        frameon=False,
        loc="upper right",
    )
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw the credit by rule, revenue by quarter, discounts by quarter and deals a rep books.

    Args:
        result: the policy to show, in solid blue.
        baseline: an optional comparison policy, dashed orange.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    x = np.arange(N_TOUCHES)
    for offset, shares, colour in (
        (-1.5, result.truth, NEUTRAL),
        (-0.5, result.credit["first"], BAND),
        (0.5, result.credit["last"], BASELINE),
        (1.5, result.credit["shapley"], POLICY),
    ):
        # Bars drawn as thick vertical lines: one artist per series keeps a slider move fast.
        axes[0].vlines(x + offset * _BAR, 0, shares, color=colour, linewidth=8, capstyle="butt")
    axes[1].fill_between(
        result.quarter,
        result.revenue_low / 1e6,
        result.revenue_high / 1e6,
        color=BAND,
        alpha=0.25,
        linewidth=0,
    )
    axes[1].plot(result.quarter, result.revenue / 1e6, color=POLICY, linewidth=2.5)
    if baseline is not None:  # dashed on top, so it shows where the two coincide
        axes[1].plot(
            baseline.quarter, baseline.revenue / 1e6, color=BASELINE, linestyle="--", linewidth=2, zorder=3
        )
    axes[2].vlines(result.quarter, 0, result.discounts / 1e3, color=WARNING, linewidth=18, capstyle="butt")
    k = np.arange(len(result.wins_per_rep))
    if baseline is not None:
        axes[3].vlines(k + 0.2, 0, baseline.wins_per_rep, color=BASELINE, linewidth=18, capstyle="butt")
    axes[3].vlines(k - 0.2, 0, result.wins_per_rep, color=POLICY, linewidth=18, capstyle="butt")
    return axes
