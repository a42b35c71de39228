"""Module 01's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 01``) samples the whole
space at once. The policy levers, the team and the givens the exercises state (a 160-hour month,
an 8-hour field day, a 30-minute review per rep) are not uncertain assumptions and are left out.
"""

from __future__ import annotations

from course.scenarios.control.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible(
        "base_selling_share",
        0.38,
        0.48,
        "measured: 38% of time selling, after the reporting reps already did [ipg-2006]; up to 0.48 "
        "adds back the default policy's reporting, 10% of the month; range ours",
    ),
    Plausible("hours_per_review", 1.0, 2.5, OURS),
    Plausible("leader_hour_value", 150.0, 1500.0, OURS),
    Plausible("leader_hours_per_hire", 10.0, 40.0, OURS),
    Plausible("control_half_hours", 8.0, 30.0, OURS),
    Plausible("hidden_cost", 0.05, 0.6, "direction [falk-kosfeld-2006] [ziegelmeyer-2012]; size ours"),
    Plausible("new_hire_control_sensitivity", 0.2, 0.8, OURS),
    Plausible("morale_baseline", 0.65, 0.85, OURS),
    Plausible("field_morale_gain", 0.05, 0.25, OURS),
    Plausible("earnings_morale_weight", 0.25, 0.7, "direction [depaul-2010]; size ours"),
    Plausible("expected_selling_share", 0.6, 0.9, OURS),
    Plausible("morale_adjust_months", 2.0, 6.0, "3 months in [houghton-2016]'s model; range ours"),
    Plausible("morale_effort_weight", 0.3, 0.7, "direction [cerasoli-2014]; size ours"),
    Plausible("veteran_skill", 0.8, 1.0, OURS),
    Plausible("new_hire_skill", 0.2, 0.45, OURS),
    Plausible("on_the_job_learning", 0.1, 0.25, "ramp of about 5 months [bridge-group-ramp]; range ours"),
    Plausible("field_learning", 0.05, 0.25, "direction [theeboom-2014]; size ours"),
    Plausible("coaching_scale_hours", 2.0, 8.0, OURS),
    Plausible("review_help_max", 0.3, 0.8, OURS),
    Plausible("review_help_scale", 0.5, 2.0, OURS),
    Plausible("annual_attrition", 0.15, 0.3, "up to 27-28% measured [hbr-2017-turnover] [depaul-2010]"),
    Plausible("attrition_reference_morale", 0.55, 0.75, OURS),
    Plausible("attrition_morale_slope", 2.0, 6.0, OURS),
    Plausible("vacancy_months", 1, 4, OURS, whole=True),
    Plausible("crm_record_hours", 0.5, 2.0, OURS),
    Plausible("crm_slip_share", 0.05, 0.25, OURS),
    Plausible("handover_months", 0.5, 2.0, OURS),
    Plausible("forecast_hours", 4.0, 24.0, OURS),
    Plausible("open_deals_per_rep", 5.0, 15.0, OURS),
    Plausible("deals_seen_per_field_day", 1.0, 4.0, OURS),
    Plausible("field_close_lift", 0.0, 0.4, OURS),
    Plausible("revenue_per_selling_hour", 1000.0, 2500.0, OURS),
)
check_plausible(Params, PLAUSIBLE)
