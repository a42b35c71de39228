"""Every scenario module keeps the house shape, so a trainee or author who has met one
can read the next, and the explorer can drive any of them."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import course.scenarios
from course.trainee.widgets import explore

SCENARIOS = [
    importlib.import_module(f"course.scenarios.{info.name}")
    for info in pkgutil.iter_modules(course.scenarios.__path__)
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_scenario_has_the_house_shape(scenario) -> None:
    doc = scenario.__doc__ or ""
    for heading in ("Scenario:", "Covers:", "Used in:"):
        assert heading in doc, f"{scenario.__name__} docstring lacks {heading!r}"
    params = scenario.Params
    assert dataclasses.is_dataclass(params) and params.__dataclass_params__.frozen
    assert list(inspect.signature(scenario.simulate).parameters)[:2] == ["params", "seed"]
    assert inspect.signature(scenario.simulate).parameters["seed"].kind is inspect.Parameter.KEYWORD_ONLY
    names = {f.name for f in dataclasses.fields(params)}
    assert {name for name, *_ in scenario.CONTROLS} <= names
    assert scenario.PRESETS and all(isinstance(p, params) for p in scenario.PRESETS.values())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_scenario_is_deterministic_and_drives_the_explorer(scenario) -> None:
    preset = next(iter(scenario.PRESETS.values()))
    first, again = scenario.simulate(preset, seed=5), scenario.simulate(preset, seed=5)
    assert first.summary() == again.summary()
    explorer = explore(scenario)
    name, _, low, high, *_ = scenario.CONTROLS[0]
    before = explorer.image.value
    explorer.sliders[name].value = high if explorer.sliders[name].value != high else low
    assert explorer.image.value != before
    assert explorer.result.summary() in explorer._repr_mimebundle_()["text/plain"]
