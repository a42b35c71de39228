"""Module 07's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 07``) samples the whole
space at once. The four decisions and the givens the options state (the licence's list price, the
25% and 20% discounts, the partner's 10% and 30% fees) are not uncertain assumptions and are left out.
"""

from __future__ import annotations

from course.scenarios.leap_of_faith.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("customer_trust_start", 0.15, 0.5, "direction [mayer-davis-schoorman-1995]; size ours"),
    Plausible("pilot_value", 80.0, 250.0, OURS),
    Plausible("free_pilot_cost", 60.0, 200.0, OURS),
    Plausible("focused_pilot_success", 0.6, 0.9, OURS),
    Plausible("wide_pilot_success", 0.3, 0.65, OURS),
    Plausible("big_bang_success", 0.3, 0.6, OURS),
    Plausible("delivery_cost_share", 0.2, 0.4, OURS),
    Plausible("discount_trust_loss", 0.03, 0.15, "direction [larkin-2014]; size ours"),
    Plausible("press_trust_loss", 0.05, 0.25, OURS),
    Plausible("slip_chance", 0.2, 0.5, "direction [larkin-2014] (module 05's pull-forward); size ours"),
    Plausible("stall_chance", 0.4, 0.8, OURS),
    Plausible("save_on_site", 0.65, 0.95, OURS),
    Plausible("save_from_office", 0.3, 0.65, OURS),
    Plausible("save_unlooked", 0.05, 0.3, OURS),
    Plausible("partner_conflict_chance", 0.3, 0.7, OURS),
    Plausible("partner_pipeline", 500.0, 1300.0, OURS),
    Plausible("next_customers", 8, 16, OURS, whole=True),
    Plausible(
        "innovation",
        0.0025,
        0.0075,
        "published fits: p about 0.01-0.03 a year (secondary compilations); a quarter's share ours",
    ),
    Plausible(
        "imitation",
        0.1,
        0.5,
        "published fits: q about 0.2-0.5 a year (secondary compilations), 0.05-0.125 a quarter; "
        "higher for one reference a dozen firms watch: our assumption",
    ),
    Plausible("first_year_value", 300.0, 700.0, OURS),
    Plausible("pipeline_win_rate", 0.15, 0.35, OURS),
    Plausible("star_leave_cost", 250.0, 600.0, OURS),
    Plausible("new_leave_cost", 80.0, 200.0, OURS),
    Plausible("leader_day_cost", 1.2, 12.0, "the leader's hour at $150-1,500 (8 h a day), C7; ours"),
)
check_plausible(Params, PLAUSIBLE)
