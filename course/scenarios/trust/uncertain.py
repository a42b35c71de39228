"""Module 02's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, and tests/test_extreme_conditions.py pushes the
model to both ends. The policy levers, the team, the givens the exercises state (60 free hours,
an 8-hour field day, two promises of 2 hours, 6 deals of $50K, the leader hour of $750 of
convention C) and the repair shares of Exercise 1 (set from [kim-2004]'s direction) are left out.
"""

from __future__ import annotations

from course.scenarios.trust.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("keep_rate", 0.8, 0.97, OURS),
    Plausible("free_hours_spread", 0.1, 0.4, OURS),
    Plausible("initial_trust", 0.3, 0.7, OURS),
    Plausible("promise_gain", 0.03, 0.12, "direction [mayer-davis-schoorman-1995]; size ours"),
    Plausible("field_gain", 0.1, 0.4, "direction [edmondson-1999]; size ours"),
    Plausible("field_scale_hours", 3.0, 12.0, OURS),
    Plausible("control_loss", 0.01, 0.08, "direction [falk-kosfeld-2006] [ziegelmeyer-2012]; size ours"),
    Plausible("control_half_hours", 3.0, 10.0, OURS),
    Plausible("asymmetry", 1.0, 5.0, "direction [slovic-1993]; 3 in [pant-yu-2025]; range ours"),
    Plausible("honesty_floor", 0.1, 0.4, "direction [edmondson-1999]; size ours"),
    Plausible("sandbag_max", 0.1, 0.4, "direction [gonik-1978]; size ours"),
    Plausible("save_chance", 0.25, 0.6, OURS),
    Plausible("found_save_chance", 0.05, 0.3, OURS),
    Plausible("checking_scale_hours", 1.5, 6.0, OURS),
    Plausible("records_floor", 0.2, 0.6, OURS),
    Plausible("candour_loss", 0.1, 0.5, "direction [falk-kosfeld-2006]; size ours"),
    Plausible("field_see_scale_hours", 4.0, 16.0, "direction: the essay's claim; size ours"),
    Plausible("commitments_seen_per_field_day", 1.0, 5.0, OURS),
    Plausible("miss_cost", 0.1, 0.6, OURS),
)
check_plausible(Params, PLAUSIBLE)
