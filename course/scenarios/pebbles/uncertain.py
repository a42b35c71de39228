"""Module 05's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 05``) samples the whole
space at once. The policy levers, the team (10 reps, 2 deals of $250K a quarter, 8 quarters) and
the touches' rates are givens the notebook states, not uncertain assumptions, and are left out.
"""

from __future__ import annotations

from course.scenarios.pebbles.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("buying_group_size", 6.0, 10.0, "measured: 6-10 decision makers [gartner-buying-group]"),
    Plausible(
        "base_win",
        0.2,
        0.36,
        "set near the 46.6% of forecast deals won [cso-insights-2016]; range ours",
    ),
    Plausible("lift_scale", 0.7, 1.3, OURS),
    Plausible("pilot_lift_scale", 0.7, 1.3, OURS),
    Plausible("executive_after_pilot", 0.1, 0.3, OURS),
    Plausible("order_jitter", 0.3, 1.0, OURS),
    Plausible("pilot_cost", 15_000.0, 60_000.0, OURS),
    Plausible("pilot_crowding", 0.3, 0.8, OURS),
    Plausible("pull_window", 1 / 3, 1.0, OURS),
    Plausible("discount_scale", 0.05, 0.2, OURS),
    Plausible("wait_loss", 0.02, 0.15, OURS),
    Plausible("wait_learning", 0.0, 0.25, "direction as in [larkin-2014] (reps, not buyers); size ours"),
)
check_plausible(Params, PLAUSIBLE)
