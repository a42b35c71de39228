"""Plot style for every scenario: colour-blind-safe colours, applied per figure.

Nothing here changes matplotlib's global settings: each function styles only the
figure or axes it is given.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

# Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
# Lines also differ by style, so a plot printed in grey still reads.
POLICY = "#0072B2"  # blue: the trainee's policy
BASELINE = "#E69F00"  # orange: the comparison policy
BAND = "#56B4E9"  # sky blue: the spread of outcomes
WARNING = "#D55E00"  # vermillion
NEUTRAL = "#555555"


def new_figure(
    rows: int = 1, cols: int = 1, *, width: float = 9.0, height: float = 5.5
) -> tuple[Figure, list[Axes]]:
    """A figure on its own Agg canvas, not registered with pyplot, so it never shows
    twice in a notebook and never stays in memory after its last use."""
    figure = Figure(figsize=(width, height), dpi=80, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, cols, squeeze=False).ravel().tolist()
    return figure, axes


def style_axes(ax: Axes, *, title: str, ylabel: str, xlabel: str = "Month") -> None:
    """The house look: a plain-language title, labelled axes, a light grid."""
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)


def policy_legend(
    ax: Axes,
    *,
    policy: str = "your policy",
    baseline: str = "default policy",
    band: str | None = "8 in 10 runs",
    loc: str = "lower right",
    fontsize: int = 9,
) -> None:
    """The dashboard's legend: the trainee's line, the comparison's dashed line, and the band of
    outcomes (``band=None`` where a dashboard draws no band)."""
    handles = [
        Line2D([], [], color=POLICY, linewidth=2.5, label=policy),
        Line2D([], [], color=BASELINE, linestyle="--", linewidth=2, label=baseline),
    ]
    if band is not None:
        handles.append(Patch(color=BAND, alpha=0.25, label=band))
    ax.legend(handles=handles, loc=loc, fontsize=fontsize, frameon=False)


def settle_layout(figure: Figure) -> None:
    """Lay the frame out once and keep it, so each slider move redraws only the data."""
    figure.canvas.draw()
    figure.set_layout_engine("none")


def png_bytes(figure: Figure) -> bytes:
    """The figure rendered as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """What the canvas holds now, as PNG bytes, without drawing it again.

    A fast PNG setting: the explorer redraws on every slider move.
    """
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class BlitDashboard:
    """Redraws only the data of a figure whose frame (axes, labels, legend) stays put.

    ``draw(plot)`` removes the data artists of the last call, lets ``plot`` add new
    ones to the axes, and paints them over a saved picture of the empty frame: a
    tenth of the cost of drawing the whole figure again.
    """

    def __init__(self, axes: list[Axes]) -> None:
        self.axes = axes
        self.figure = axes[0].get_figure(root=True)
        self.canvas = self.figure.canvas
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.artists: list = []

    def draw(self, plot) -> bytes:
        for artist in self.artists:
            artist.remove()
        before = {id(child) for ax in self.axes for child in ax.get_children()}
        plot(self.axes)
        self.artists = [child for ax in self.axes for child in ax.get_children() if id(child) not in before]
        self.canvas.restore_region(self.background)
        for artist in self.artists:
            artist.axes.draw_artist(artist)
        return canvas_png(self.canvas)
