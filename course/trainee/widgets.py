"""The scenario explorer: sliders built from a scenario's controls spec, a plot and a
plain-language summary that follow them.

The model knows nothing of widgets: the explorer reads a scenario module's
``CONTROLS`` and ``PRESETS`` and calls its ``simulate`` and ``plot_dashboard``.

Where no widget front end is running (nbconvert, nbval, nbgrader's feedback), the
same cell shows a static plot of the default settings and its summary, because the
explorer's display offers a PNG and text beside the live widget.
"""

from __future__ import annotations

import base64
import html
from types import ModuleType
from typing import Any

import ipywidgets as widgets

from course.trainee.plotting import BlitDashboard


class Explorer(widgets.VBox):
    """Sliders for a scenario's levers, a team picker, the dashboard and its summary."""

    def __init__(self, scenario: ModuleType, *, seed: int = 0, **options: Any) -> None:
        self.scenario = scenario
        self.seed = seed
        self.options = options  # passed on to the scenario's simulate, e.g. runs=
        self.presets: dict[str, Any] = dict(scenario.PRESETS)
        first = next(iter(self.presets.values()))
        self.team = widgets.Dropdown(
            options=list(self.presets),
            description="Team",
            tooltip="Which team you lead: the dashed lines show it under the default policy",
            style={"description_width": "initial"},
        )
        self.sliders = {
            name: _slider(label, low, high, step, getattr(first, name))
            for name, label, low, high, step in scenario.CONTROLS
        }
        self.reset = widgets.Button(
            description="Reset to defaults", tooltip="Put every slider back to its default"
        )
        self.dashboard: BlitDashboard | None = None
        self.baseline = None
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px", width="100%"))
        self.summary = widgets.HTML()
        self.result = None

        self.team.observe(self._on_team, names="value")
        for slider in self.sliders.values():
            slider.observe(self.update, names="value")
        self.reset.on_click(self._on_reset)

        heading = widgets.HTML(
            "<b>Solid blue: your policy. Dashed orange: the same team under the default policy.</b>"
        )
        controls = widgets.VBox([self.team, *self.sliders.values(), self.reset])
        super().__init__([controls, heading, self.image, self.summary])
        self.update()

    def params(self) -> Any:
        """The parameters the controls show now."""
        chosen = {name: slider.value for name, slider in self.sliders.items()}
        return self.presets[self.team.value].with_(**chosen)

    def update(self, change: object = None) -> None:
        """Re-run the model and redraw: what a slider move triggers."""
        if self.dashboard is None:
            preset = self.presets[self.team.value]
            self.baseline = self.scenario.simulate(preset, seed=self.seed, **self.options)
            self.dashboard = BlitDashboard(self.scenario.dashboard_frame(preset))
        result = self.scenario.simulate(self.params(), seed=self.seed, **self.options)
        self.result = result
        self.image.value = self.dashboard.draw(
            lambda axes: self.scenario.plot_dashboard(result, baseline=self.baseline, axes=axes)
        )
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(result.summary())}</p>'

    def _on_team(self, change: object) -> None:
        self.dashboard = None  # a new team has its own scales and default policy
        self.update()

    def _on_reset(self, button: object) -> None:
        preset = self.presets[self.team.value]
        with self.hold_trait_notifications():
            for name, slider in self.sliders.items():
                slider.unobserve(self.update, names="value")
                slider.value = getattr(preset, name)
                slider.observe(self.update, names="value")
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        # The static fallback: the plot and summary of the current settings.
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = self.result.summary()
        return bundle


def _slider(label: str, low: float, high: float, step: float, value: float) -> widgets.Widget:
    whole = all(float(x).is_integer() for x in (low, high, step))
    kind = widgets.IntSlider if whole else widgets.FloatSlider
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        tooltip=f"{label}: from {low:g} to {high:g}",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="480px"),
    )


def explore(scenario: ModuleType, *, seed: int = 0, **options: Any) -> Explorer:
    """The interactive explorer for a scenario module, such as ``course.scenarios.control``.

    ``options`` go to the scenario's ``simulate`` (``runs=50`` for a faster control model).
    """
    return Explorer(scenario, seed=seed, **options)
