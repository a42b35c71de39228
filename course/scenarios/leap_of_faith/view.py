"""Module 07's view: the explorer's dashboard (matplotlib). The model and its tables stand
apart (``model.py``, ``tables.py``) and import no plotting."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from course.scenarios.leap_of_faith.model import (
    REFERENCE_QUARTERS,
    VALUE_WEIGHTS,
    Params,
    Result,
    reference_curve,
)
from course.trainee.plotting import BASELINE, POLICY, new_figure, style_axes

_SHORT = (
    "profit\nthis year",
    "next year\nNorthwind",
    "reference\ncustomers",
    "pipeline\nnext year",
    "reps who\nleave",
)


def dashboard_frame(params: Params) -> list[Axes]:
    """Two panels with fixed scales, labels and legends: the year's value in parts, and the
    reference's pull. Only the data is redrawn on a slider move."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    _, axes = new_figure(1, 2, height=3.8)
    style_axes(axes[0], title="The year's value in parts, $K (average)", ylabel="$ thousands", xlabel="")
    axes[0].set_ylim(-600, 4200)
    axes[0].set_xlim(-0.6, len(_SHORT) - 0.4)
    axes[0].set_xticks(np.arange(len(_SHORT)), _SHORT, fontsize=8)
    axes[0].axhline(0, color="#555555", linewidth=0.8)
    axes[0].legend(
        handles=[
            Patch(color=POLICY, label="the path on the sliders"),
            Patch(
                facecolor="none",
                edgecolor=BASELINE,
                linestyle="--",
                linewidth=2,
                label="comparison path ABAB",
            ),
        ],
        loc="upper right",
        fontsize=8,
    )
    style_axes(
        axes[1],
        title="Next customers the reference brings (average)",
        ylabel="customers",
        xlabel="Quarter after this year",
    )
    axes[1].set_xlim(0, REFERENCE_QUARTERS)
    axes[1].set_ylim(0, params.next_customers / 2)  # half the watching firms: room for a strong pull
    axes[1].legend(
        handles=[
            Line2D([], [], color=POLICY, linewidth=2.5, label="the path on the sliders"),
            Line2D([], [], color=BASELINE, linestyle="--", linewidth=2, label="comparison path"),
        ],
        loc="upper left",
        fontsize=8,
    )
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Blue: the path set by the sliders; dashed orange: the comparison path, on top."""
    axes = axes or dashboard_frame(result.params)
    x = np.arange(len(_SHORT))
    values = [VALUE_WEIGHTS[k] * v for k, v in result.parts().items()]
    axes[0].bar(x - 0.2, values, width=0.4, color=POLICY)
    if baseline is not None:
        axes[0].bar(
            x + 0.2,
            [VALUE_WEIGHTS[k] * v for k, v in baseline.parts().items()],
            width=0.4,
            color="none",
            edgecolor=BASELINE,
            linestyle="--",
            linewidth=2,
        )
    t = np.arange(REFERENCE_QUARTERS + 1)
    for r, colour, style in ((result, POLICY, "-"), (baseline, BASELINE, "--")):
        if r is None:
            continue
        curve = reference_curve(r, t)
        axes[1].plot(
            t,
            curve,
            color=colour,
            linestyle=style,
            linewidth=2.5 if style == "-" else 2,
            zorder=3 if style == "--" else 2,
        )
    return axes
