"""Module 07's controls spec: the sliders the explorer (``course.trainee.widgets.explore``)
builds, read from here and never built inside the model."""

from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace
from typing import Any

from course.scenarios.leap_of_faith.model import (
    COMPARISON,
    RUNS,
    SEED,
    Params,
    Result,
    _letters,
    path,
    simulate,
)

# (parameter, label, minimum, maximum, step, tooltip: what it means, its unit, its default)
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    ("q1", "Q1 choice", 1, 3, 1, "Quarter 1, the pilot: 1 = A, 2 = B, 3 = C. Default: 1 (A)."),
    ("q2", "Q2 choice", 1, 3, 1, "Quarter 2, the executive's quarter: 1 = A, 2 = B, 3 = C. Default: 2 (B)."),
    ("q3", "Q3 choice", 1, 3, 1, "Quarter 3, the stalled flag: 1 = A, 2 = B, 3 = C. Default: 1 (A)."),
    ("q4", "Q4 choice", 1, 3, 1, "Quarter 4, the partner: 1 = A, 2 = B, 3 = C. Default: 2 (B)."),
    (
        "imitation",
        "Pull of a reference (assumption)",
        0.0,
        1.0,
        0.1,
        "How strongly a good reference draws the next customers (Bass's q, a quarter). Default: 0.3, our "
        "assumption (plausible 0.1 to 0.5; whole markets: 0.05-0.125).",
    ),
    (
        "customer_trust_start",
        "Customer's trust at start (assumption)",
        0.1,
        0.7,
        0.1,
        "Northwind's trust in you at the start, 0 to 1. Default: 0.3.",
    ),
)
POLICY_LEVERS: tuple[str, ...] = ("q1", "q2", "q3", "q4")
PRESETS: dict[str, Params] = {"Northwind's year": COMPARISON}
PRESETS_LABEL = "Case"
PRESETS_TOOLTIP = "One case in this module: Northwind's year."
BASELINE_LEGEND = "Solid blue: your path. Dashed orange: the path ABAB, under the same assumptions."


# The assumption sliders alone, and one the robustness run found to matter (the slip).
ASSUMPTION_CONTROLS = tuple(c for c in CONTROLS if c[0] not in POLICY_LEVERS) + (
    (
        "slip_chance",
        "Chance the order slips to next year (assumption)",
        0.0,
        1.0,
        0.1,
        "Chance an order kept on Northwind's timeline lands next year. Default: 0.3, our assumption "
        "(plausible 0.2 to 0.5).",
    ),
)


def own_path(decisions: Any) -> SimpleNamespace:
    """The explorer on the trainee's own path only: the assumption sliders move, the four decisions
    do not, so exploring never shows what another option is worth before the year is submitted
    (issue 24: the capstone grades the decisions as made). Dashed, and in the summary: the
    quarter-first path ABAB under the same assumptions. Pass it to ``explore``."""
    from course.scenarios import leap_of_faith

    letters = _letters(decisions)
    if len(letters) != 4:
        raise ValueError("the explorer needs your four decisions, such as 'ABCA'.")
    mine = path(letters)
    compared: dict[tuple[Any, ...], Result] = {}

    def comparison(result: Result) -> Result:
        # The explorer's own baseline is this same path; compare with ABAB under the same assumptions.
        assumed = {name: getattr(result.params, name) for name, *_ in ASSUMPTION_CONTROLS}
        key = tuple(assumed.values())
        if key not in compared:
            if len(compared) >= 16:  # a few recent ones are enough; memory stays flat
                compared.pop(next(iter(compared)))
            compared[key] = simulate(COMPARISON.with_(**assumed), seed=SEED)
        return compared[key]

    class OwnPathResult(Result):
        def summary(self, baseline: Result | None = None) -> str:
            return Result.summary(self, baseline=comparison(self))

    def simulate_own(params: Params, *, seed: int | None = None, runs: int = RUNS) -> Result:
        result = simulate(params, seed=seed, runs=runs)
        return OwnPathResult(**{f.name: getattr(result, f.name) for f in fields(result)})

    def plot_dashboard(result: Result, *, baseline: Result | None = None, axes: Any = None) -> Any:
        return leap_of_faith.plot_dashboard(result, baseline=comparison(result), axes=axes)

    return SimpleNamespace(
        SEED=SEED,
        CONTROLS=ASSUMPTION_CONTROLS,
        POLICY_LEVERS=(),
        PRESETS={f"Your path {letters}": mine},
        PRESETS_LABEL="Path",
        PRESETS_TOOLTIP=f"Your own path, {letters}, as you decided it.",
        simulate=simulate_own,
        dashboard_frame=leap_of_faith.dashboard_frame,
        plot_dashboard=plot_dashboard,
    )
