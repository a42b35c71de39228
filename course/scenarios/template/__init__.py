"""Template: copy this module to start a new scenario.

Scenario:
    One rep's year: the hours the leader's reporting takes from selling, and the
    revenue the remaining hours bring in. Deliberately tiny: it shows the shape every
    scenario module has, not a lesson.

Covers:
    Nothing in the course; it is the starting point for a new module's model.

Used in:
    ``tests/test_scenario_contract.py``, which checks that every scenario keeps this
    shape. Copy the folder to ``course/scenarios/<name>/``, add ``tests/test_<name>.py``
    and ``solutions/<NN>_<module>/<module>.ipynb``, list the module in
    ``course/scenarios/__init__.py`` and in ``course.scenarios.robustness.MODULES``.

The parts (model apart from view, issue 22):
    ``model.py``: ``Params``, ``simulate``, ``Result``, the controls spec, ``PLAUSIBLE``
    (each uncertain assumption's plausible range, declared once: the full assumptions
    table shows it, the extreme-condition tests push to its ends, the robustness run
    samples it) and ``LESSONS`` (what the notebook grades and states, as tests the
    robustness run applies); pure, seeded, no plotting import. A larger model splits
    these over several files, as ``course/scenarios/control/`` does; none above 700 lines.
    ``view.py``: the dashboard (matplotlib). This ``__init__`` re-exports both; its
    ``dashboard_frame`` and ``plot_dashboard`` load the view only when first called, so
    the judge, the robustness run and the tests load no plotting.

The shape of the model:
    ``Params`` (frozen; every number with its unit and its source in a comment, as a key
    of the course bibliography such as ``[ipg-2006]`` with a confidence label, or the
    words "chosen to show the mechanism"; validated in ``__post_init__``),
    ``simulate(params, *, seed)`` (pure: same seed, same result; no plotting import), a ``Result`` whose
    ``summary(baseline=None)`` says the outcomes in words and, given the baseline, how
    the policy compares in words and numbers; ``assumptions()`` (the assumptions that
    matter, at most about 10 rows in everyday words) and ``assumptions(full=True)``
    (every parameter); ``dashboard_frame(params)`` and
    ``plot_dashboard(result, *, baseline, axes)`` (baseline dashed, drawn on top);
    ``CONTROLS`` (one slider per lever or assumption, each with a tooltip that says what
    it means, its unit and its default), ``POLICY_LEVERS`` (the controls that are the
    leader's policy: the explorer's baseline resets only these), ``SEED`` (the luck the
    notebook's tables and the explorer share) and ``PRESETS``. Nothing the trainee
    moves is free: every lever has a cost in the model.

The shape of the module's notebook (module 01 is the worked example):
    a locked set-up cell that imports and calls ``checks.setup()``; short readings that
    cite bibliography keys with a confidence label; ``<model>.assumptions()``;
    predictions (credit for any valid choice) BEFORE anything shows the answer; a locked
    reveal cell, ``reveal(show, after={...})`` from ``course.trainee.widgets``, that
    refuses in one friendly line until the predictions are in; a graded follow-up that
    needs the revealed result; then the explorer and the other exercises. Test cells:
    ``# Check: ...``, ``from course.trainee import checks``, answers read with
    ``checks.answer(name, hint=...)``, hidden references from the model imported in the
    hidden part (``from course.scenarios import <model>``), ``checks.recorded(...)``
    where the visible part cannot say more without giving the answer away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.scenarios.template.model import (
    CONTROLS,
    LESSONS,
    PLAUSIBLE,
    POLICY_LEVERS,
    PRESETS,
    SEED,
    Params,
    Result,
    assumptions,
    simulate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def dashboard_frame(params: Params) -> list[Axes]:
    """The dashboard's empty frame (see :func:`course.scenarios.template.view.dashboard_frame`)."""
    from course.scenarios.template import view  # matplotlib only when something is drawn

    return view.dashboard_frame(params)


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw a result (see :func:`course.scenarios.template.view.plot_dashboard`)."""
    from course.scenarios.template import view

    return view.plot_dashboard(result, baseline=baseline, axes=axes)


__all__ = [
    "CONTROLS",
    "LESSONS",
    "PLAUSIBLE",
    "POLICY_LEVERS",
    "PRESETS",
    "SEED",
    "Params",
    "Result",
    "assumptions",
    "dashboard_frame",
    "plot_dashboard",
    "simulate",
]
