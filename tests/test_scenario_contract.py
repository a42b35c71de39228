"""Every scenario module keeps the house shape, so a trainee or author who has met one
can read the next, and the explorer can drive any of them."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import course.scenarios
from course import bibliography
from course.trainee.widgets import explore

NOT_SCENARIOS = {"robustness", "validate"}  # the robustness run and the shared parameter checks
SCENARIOS = [
    importlib.import_module(f"course.scenarios.{info.name}")
    for info in pkgutil.iter_modules(course.scenarios.__path__)
    if info.name not in NOT_SCENARIOS
]
# Scenarios split into a model and a view (issue 22): a package with model.py and view.py.
SPLIT = [s for s in SCENARIOS if hasattr(s, "__path__")]


def source_of(scenario) -> str:
    """The whole source of a scenario: its module, or every file of its package."""
    if hasattr(scenario, "__path__"):
        return "\n".join(
            p.read_text(encoding="utf-8") for p in sorted(Path(scenario.__path__[0]).glob("*.py"))
        )
    return inspect.getsource(scenario)


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
    # Tooltips explain each control (meaning, unit, default) rather than repeat its label.
    for name, label, _low, _high, _step, tooltip in scenario.CONTROLS:
        assert label not in tooltip and "Default:" in tooltip, name
    assert set(scenario.POLICY_LEVERS) <= {name for name, *_ in scenario.CONTROLS}
    assert isinstance(scenario.SEED, int)
    assert "baseline" in inspect.signature(scenario.Result.summary).parameters


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_scenario_shows_plain_assumptions_and_cites_only_the_bibliography(scenario) -> None:
    plain, full = scenario.assumptions(), scenario.assumptions(full=True)
    assert 1 <= len(plain) <= 10 and len(full) == len(dataclasses.fields(scenario.Params))
    assert "<table>" in plain._repr_html_()
    source = source_of(scenario)
    assert not bibliography.unknown_citations(source)
    assert "illustrative" not in source.lower(), "say 'chosen to show the mechanism'"


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
    # The explorer's luck is the scenario's SEED, and its baseline differs only in the policy.
    assert explorer.seed == scenario.SEED
    changed = {
        n
        for n in names_of(scenario)
        if getattr(explorer.baseline.params, n) != getattr(explorer.result.params, n)
    }
    assert changed <= set(scenario.POLICY_LEVERS)


def names_of(scenario) -> list[str]:
    return [f.name for f in dataclasses.fields(scenario.Params)]


BLOCK_MATPLOTLIB = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("matplotlib is blocked: the model must not need it")
sys.meta_path.insert(0, Block())
"""


@pytest.mark.parametrize("scenario", SPLIT, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_split_scenario_runs_its_model_without_matplotlib(scenario) -> None:
    # The judge, the robustness run and the tests import the model alone (issue 22).
    probe = BLOCK_MATPLOTLIB + (
        f"import {scenario.__name__} as s\n"
        "preset = next(iter(s.PRESETS.values()))\n"
        "print(s.simulate(preset, seed=1).summary())\n"
        "print(len(getattr(s, 'PLAUSIBLE', ())), 'matplotlib' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("False"), run.stdout


@pytest.mark.parametrize("scenario", SPLIT, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_split_scenario_keeps_its_files_short_and_its_view_apart(scenario) -> None:
    folder = Path(scenario.__path__[0])
    assert {"model.py", "view.py"} <= {p.name for p in folder.glob("*.py")}
    for path in folder.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 700, f"{path.name} has {lines} lines; the house limit is 700"


def test_the_shared_parameter_checks_say_what_was_expected_and_what_came() -> None:
    from types import SimpleNamespace

    from course.scenarios import validate

    team = SimpleNamespace(share=1.5, reps=8.0, hours=float("nan"), flag=True)
    with pytest.raises(ValueError, match=r"share must be from 0 to 1 \(a share\); got 1\.5\."):
        validate.number_between(team, "share", 0, 1, "(a share)")
    with pytest.raises(ValueError, match="hours must be a number from 0 to 40 hours; got nan"):
        validate.number_between(team, "hours", 0, 40, "hours")
    with pytest.raises(ValueError, match="flag must be a number"):
        validate.number_between(team, "flag", 0, 1, "(a share)")
    with pytest.raises(ValueError, match="reps must be a whole number of reps; got 8.0"):
        validate.whole_between(team, "reps", 1, 30, "reps")
    validate.whole_between(team, "reps", 1, 30, "reps", whole_floats=True)
