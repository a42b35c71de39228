"""Module 03's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 03``) samples the whole
space at once. The plan (the levers), the team, the 24 field hours and the exercise's menu are
givens the notebook states, not uncertain assumptions, and are left out.
"""

from __future__ import annotations

from course.scenarios.coaching.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible(
        "experience_half_months",
        3.0,
        12.0,
        "SaaS inside-sales account executives ramp in just under 5 months [bridge-group-ramp]; range ours",
    ),
    Plausible("novice_skill", 0.25, 0.45, OURS),
    Plausible("expert_skill", 0.75, 0.95, OURS),
    Plausible("gap_size", 0.15, 0.35, OURS),
    Plausible("skill_spread", 0.0, 0.1, OURS),
    Plausible(
        "practice_rate",
        0.04,
        0.12,
        "a ramp of several months, as [bridge-group-ramp] measured for SaaS inside sales; range ours",
    ),
    Plausible("estimate_noise", 0.15, 0.5, OURS),
    Plausible("blind_session_share", 0.2, 0.6, OURS),
    Plausible("seen_scale_hours", 3.0, 12.0, OURS),
    Plausible("hours_per_look", 1.0, 4.0, OURS),
    Plausible("insight_scale", 30.0, 120.0, OURS),
    Plausible("cosell_listening_share", 0.1, 0.5, OURS),
    Plausible("novice_listening_share", 0.1, 0.8, OURS),
    Plausible("insight_decay", 0.03, 0.2, OURS),
    Plausible("insight_win_lift", 0.03, 0.2, "direction: the essay's claim; size ours"),
    Plausible("session_max_gain", 0.15, 0.35, "direction [theeboom-2014]; size ours"),
    Plausible("session_half_hours", 1.0, 4.0, OURS),
    Plausible("ownership_gain", 0.02, 0.06, OURS),
    Plausible("cosell_deal_max", 0.1, 0.3, OURS),
    Plausible("cosell_half_hours", 2.0, 6.0, OURS),
    Plausible("cosell_skill_gain", 0.0, 0.04, OURS),
    Plausible("cosell_ownership_loss", 0.0, 0.04, OURS),
    Plausible("fit_strength", 0.0, 1.0, "weakly supported [thompson-vecchio-2009]; 0 switches it off"),
    Plausible("involvement_scale", 2.0, 8.0, OURS),
    Plausible("light_direction_weight", 0.25, 0.75, OURS),
    Plausible("over_direction_cost", 0.02, 0.1, OURS),
    Plausible("stuck_cost", 0.5, 1.0, OURS),
    Plausible("initial_motivation", 0.7, 0.9, OURS),
    Plausible("motivation_recovery", 0.05, 0.2, OURS),
    Plausible("quota_at_full_skill", 1.0, 1.3, OURS),
    Plausible("motivation_weight", 0.3, 0.7, OURS),
    Plausible("weakest_weight", 0.3, 0.7, OURS),
    Plausible("luck", 0.04, 0.12, OURS),
    Plausible("over_budget_loss", 0.002, 0.01, OURS),
)
check_plausible(Params, PLAUSIBLE)
