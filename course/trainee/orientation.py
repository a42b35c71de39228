"""Module 00's practice plot: one slider, one line, one sentence that states the number.

It teaches how a course plot works (move a slider, the plot and the sentence under it
follow) with arithmetic a trainee can check by hand: a rep who spends ``h`` hours a week
on the CRM spends ``h * 52 / 12`` hours a month on it (52 weeks in 12 months). Nothing
here is a model of a team, so nothing needs a source.
"""

from __future__ import annotations

import html
from typing import Any

WEEKS_PER_MONTH = 52 / 12


def hours_a_month(hours_a_week: float) -> float:
    """Hours a month for ``hours_a_week`` hours every week (a month has 52 / 12 weeks)."""
    return hours_a_week * WEEKS_PER_MONTH


def sentence(hours_a_week: float) -> str:
    """What the plot shows, in words and numbers."""
    return (
        f"At {hours_a_week:g} CRM hours a week, a rep spends {hours_a_month(hours_a_week):.1f} hours a month "
        f"on the CRM ({hours_a_week:g} * 52 / 12)."
    )


class HoursPlot:
    """A slider (CRM hours a week), a plot of hours a month, and a sentence with the number."""

    def __init__(self, start: int = 3) -> None:
        import ipywidgets as widgets

        from course.trainee import plotting

        self._plotting = plotting
        self.slider = widgets.IntSlider(
            value=start,
            min=0,
            max=10,
            step=1,
            description="CRM hours a week",
            description_allow_html=False,
            tooltip="Hours each rep spends on the CRM every week; drag, or click and use the arrow keys",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="520px", width="100%"))
        self.summary = widgets.HTML()
        self.slider.observe(self.update, names="value")
        self.box = widgets.VBox([self.slider, self.image, self.summary])
        self.update()

    def update(self, change: object = None) -> None:
        plotting = self._plotting
        week = self.slider.value
        figure, (ax,) = plotting.new_figure(width=6.5, height=3.2)
        weeks = list(range(0, 11))
        ax.plot(weeks, [hours_a_month(w) for w in weeks], color=plotting.POLICY, linewidth=2)
        ax.plot([week], [hours_a_month(week)], "o", color=plotting.WARNING, markersize=9)
        ax.annotate(
            f"{hours_a_month(week):.1f} hours a month",
            (week, hours_a_month(week)),
            textcoords="offset points",
            xytext=(8, -14),
        )
        plotting.style_axes(
            ax,
            title="CRM time: hours a week and hours a month",
            ylabel="Hours a month",
            xlabel="Hours a week",
        )
        self.image.value = plotting.png_bytes(figure)
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(sentence(week))}</p>'

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.box._repr_mimebundle_(**kwargs)


def hours_plot(start: int = 3) -> HoursPlot:
    """The practice plot of module 00, starting at ``start`` CRM hours a week."""
    return HoursPlot(start)
