"""The scenario explorer: sliders built from a scenario's controls spec, a plot and a
plain-language summary that follow them.

The model knows nothing of widgets: the explorer reads a scenario module's
``CONTROLS`` (name, label, minimum, maximum, step and an optional tooltip that
explains the lever), ``PRESETS``, ``POLICY_LEVERS`` (the controls that are the leader's
policy; the others are assumptions) and ``SEED``, and calls its ``simulate``,
``dashboard_frame`` and ``plot_dashboard``.

The dashed baseline is the same team under the default policy with the trainee's
assumptions: it differs from the solid line only in the policy. The explorer uses the
scenario's ``SEED`` and ``simulate``'s default runs, the luck the notebook's tables
use, so the same policy gives the same numbers in both.

:func:`reveal` is the gate of a predict-then-reveal cell: it shows the model's answer
only once the trainee's predictions are recorded.

Where no widget front end is running (nbconvert, nbval, nbgrader's feedback), the
same cell shows a static plot of the default settings and its summary, because the
explorer's display offers a PNG and text beside the live widget.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

import ipywidgets as widgets

from course.trainee.checks import normalise
from course.trainee.plotting import BlitDashboard


class Explorer(widgets.VBox):
    """Sliders for a scenario's levers, a team picker, the dashboard and its summary."""

    def __init__(self, scenario: ModuleType, *, seed: int | None = None, **options: Any) -> None:
        self.scenario = scenario
        self.seed = getattr(scenario, "SEED", 0) if seed is None else seed
        self.options = options  # passed on to the scenario's simulate, e.g. runs=
        self.presets: dict[str, Any] = dict(scenario.PRESETS)
        first = next(iter(self.presets.values()))
        self.team = widgets.Dropdown(
            options=list(self.presets),
            # A scenario whose presets are not teams (markets, say) names them itself.
            description=getattr(scenario, "PRESETS_LABEL", "Team"),
            tooltip=getattr(
                scenario,
                "PRESETS_TOOLTIP",
                "Which team you lead. The dashed lines show this team under the default policy.",
            ),
            style={"description_width": "initial"},
        )
        if len(self.presets) == 1:  # a picker with one choice says nothing
            self.team.layout.display = "none"
        self.sliders = {
            name: _slider(label, low, high, step, getattr(first, name), *tip)
            for name, label, low, high, step, *tip in scenario.CONTROLS
        }
        self.policy = tuple(getattr(scenario, "POLICY_LEVERS", self.sliders))
        self._baselines: dict[tuple, Any] = {}
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

        # What the dashed line is, in the scenario's words where "the same team under the default
        # policy" would not be true (the capstone compares paths; module 04 compares markets).
        label = getattr(scenario, "PRESETS_LABEL", "Team").lower()
        legend = getattr(
            scenario,
            "BASELINE_LEGEND",
            f"Solid blue: your policy. Dashed orange: the same {label} under the default policy.",
        )
        heading = widgets.HTML(f"<b>{html.escape(legend)}</b>")
        controls = widgets.VBox([self.team, *self.sliders.values(), self.reset])
        super().__init__([controls, heading, self.image, self.summary])
        self.update()

    def params(self) -> Any:
        """The parameters the controls show now."""
        chosen = {name: slider.value for name, slider in self.sliders.items()}
        return self.presets[self.team.value].with_(**chosen)

    def baseline_params(self) -> Any:
        """The team under the default policy with the assumptions the sliders show now:
        it differs from :meth:`params` only in the policy."""
        preset = self.presets[self.team.value]
        assumed = {name: s.value for name, s in self.sliders.items() if name not in self.policy}
        return preset.with_(**assumed)

    def update(self, change: object = None) -> None:
        """Re-run the model and redraw: what a slider move triggers."""
        if self.dashboard is None:
            preset = self.presets[self.team.value]
            self.dashboard = BlitDashboard(self.scenario.dashboard_frame(preset))
        base = self.baseline_params()
        key = (self.team.value, *(getattr(base, name) for name in self.sliders))
        if key not in self._baselines:  # re-run only when an assumption or the team changed
            if len(self._baselines) >= 16:  # a few recent ones are enough; memory stays flat
                self._baselines.pop(next(iter(self._baselines)))
            self._baselines[key] = self.scenario.simulate(base, seed=self.seed, **self.options)
        self.baseline = self._baselines[key]
        result = self.scenario.simulate(self.params(), seed=self.seed, **self.options)
        self.result = result
        self.image.value = self.dashboard.draw(
            lambda axes: self.scenario.plot_dashboard(result, baseline=self.baseline, axes=axes)
        )
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(self.text())}</p>'

    def text(self) -> str:
        """The summary under the plot: the comparison with the default policy, then the outcomes."""
        try:
            return self.result.summary(baseline=self.baseline)
        except TypeError:  # a scenario whose summary takes no baseline
            return self.result.summary()

    def _on_team(self, change: object) -> None:
        self.dashboard = None  # a new team has its own scales and default policy
        # The assumption sliders take the new team's values (else a slider would hide what
        # makes the team differ); the policy sliders keep the trainee's choice.
        self._set_sliders([name for name in self.sliders if name not in self.policy])
        self.update()

    def _on_reset(self, button: object) -> None:
        self._set_sliders(list(self.sliders))
        self.update()

    def _set_sliders(self, names: list[str]) -> None:
        """Put the named sliders at the chosen team's values, without a redraw for each."""
        preset = self.presets[self.team.value]
        with self.hold_trait_notifications():
            for name in names:
                slider = self.sliders[name]
                slider.unobserve(self.update, names="value")
                slider.value = getattr(preset, name)
                slider.observe(self.update, names="value")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        # The static fallback: the plot and summary of the current settings.
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = self.text()
        return bundle


def _slider(
    label: str, low: float, high: float, step: float, value: float, tooltip: str = ""
) -> widgets.Widget:
    whole = all(float(x).is_integer() for x in (low, high, step))
    kind = widgets.IntSlider if whole else widgets.FloatSlider
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        tooltip=tooltip or f"{label}: from {low:g} to {high:g}",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="480px"),
    )


def explore(scenario: ModuleType, *, seed: int | None = None, **options: Any) -> Explorer:
    """The interactive explorer for a scenario module, such as ``course.scenarios.control``.

    ``seed`` defaults to the scenario's ``SEED`` (the notebook's tables use it too);
    ``options`` go to the scenario's ``simulate`` (``runs=50`` for a faster control model).
    """
    return Explorer(scenario, seed=seed, **options)


def _user_namespace() -> dict[str, Any] | None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there in a kernel
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns


def _plain(value: Any) -> Any:
    return normalise(value)  # as the checks read it: "C." and " c " are "C"


def _are(noun: str) -> str:
    return "are" if noun.endswith("s") else "is"


def reveal(
    show: Callable[[], Any],
    *,
    after: Mapping[str, Iterable[Any]],
    namespace: Mapping[str, Any] | None = None,
    shows: str = "the model's answer",
    waits_for: str = "predictions",
) -> Any:
    """Show the model's answer, but only once the trainee's predictions are recorded.

    Args:
        show: what to run and display once every prediction is in, such as
            ``lambda: control.sweep(...)``.
        after: each prediction's answer name and the choices it may take, such as
            ``{"q1_veteran_revenue": ["up", "down"]}``.
        namespace: where the answers live; the notebook's own variables if None.
        shows, waits_for: how the refusal names what the cell shows and what it waits
            for, e.g. ``shows="what the quarter brought", waits_for="decision"``.

    Returns:
        What ``show`` returns (the notebook displays it), or None after printing one
        friendly line that names the predictions still missing. It never raises for a
        missing prediction, so "run the cells in order" is the only rule.
    """
    names = namespace if namespace is not None else (_user_namespace() or {})
    missing, wrong = [], []
    for name, choices in after.items():
        choices = list(choices)
        allowed = [_plain(choice) for choice in choices]
        value = names.get(name)
        if value is not None and value != "?" and _plain(value) not in allowed:
            wrong.append(f"{name} is {value!r}, not one of {', '.join(repr(c) for c in choices)}")
        elif _plain(value) not in allowed:
            missing.append(name)
    if wrong:
        print(
            f"Not yet: this cell shows {shows} once your {waits_for} {_are(waits_for)} recorded. "
            f"{'; '.join(wrong)}. Change it in the answer cell above, run it and its checks, "
            "then run this cell again."
        )
        return None
    if missing:
        print(
            f"Not yet: this cell shows {shows} once your {waits_for} {_are(waits_for)} recorded. "
            f"Fill in {', '.join(missing)} in the answer cell above, run it and its checks, "
            "then run this cell again."
        )
        return None
    return show()
