"""Module 06's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 06``) samples the whole
space at once. The levers (the pay plan, the rules of engagement) and the givens the scenario
states (8 reps, an $80,000 pool, a team pool paid from 80% to 120% of target, 60 shared accounts, a $90,000 deal, a 90-day cycle, the partner's
20% margin and the rep's 8% commission) are not uncertain assumptions and are left out.
"""

from __future__ import annotations

from course.scenarios.one_team.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("ability_spread", 0.1, 0.3, OURS),
    Plausible("quarter_luck", 0.1, 0.25, OURS),
    Plausible("effort_gain", 0.15, 0.45, OURS),
    Plausible("effort_half_stake", 3_000.0, 12_000.0, "direction [lazear-rosen-1981] (theory); size ours"),
    Plausible("help_value", 15_000.0, 40_000.0, OURS),
    Plausible("help_cost", 5_000.0, 15_000.0, OURS),
    Plausible("undermine_damage", 15_000.0, 45_000.0, OURS),
    Plausible("undermine_cost", 2_000.0, 10_000.0, OURS),
    Plausible("undermine_unease", 3_500.0, 14_000.0, "direction [harbring-irlenbusch-2011] (lab); size ours"),
    Plausible("help_glow", 0.0, 2_000.0, OURS),
    Plausible("team_identity", 0.2, 0.8, "direction [garbers-konradt-2014] [chan-li-pierce-2014]; size ours"),
    Plausible("choice_noise", 1_500.0, 4_000.0, OURS),
    Plausible("morale_hit", 0.04, 0.12, "direction: the essay (one leader's view); size ours"),
    Plausible("morale_lift", 0.01, 0.05, OURS),
    Plausible(
        "leave_chance",
        0.03,
        0.065,
        "12-25% a year; measured up to 27-28% [hbr-2017-turnover] [depaul-2010]; range ours",
    ),
    Plausible("leave_morale_factor", 2.0, 4.0, OURS),
    Plausible("risk_leave", 0.0, 1.0, OURS),
    Plausible("earnings_morale", 0.1, 0.3, "direction [depaul-2010]; size ours"),
    Plausible("earnings_leave", 0.5, 2.0, "direction [depaul-2010]; size ours"),
    Plausible("market_earnings", 28_000.0, 40_000.0, OURS),
    Plausible("vacancy_months", 1.0, 5.0, OURS),
    Plausible(
        "ramp_months",
        3.0,
        9.0,
        "just under 5 months measured for SaaS inside sales [bridge-group-ramp]; range ours",
    ),
    Plausible("conflict_chance", 0.3, 0.7, OURS),
    Plausible("registration_effect", 0.6, 0.95, OURS),
    Plausible("conflict_discount", 0.05, 0.15, OURS),
    Plausible("lost_to_competitor", 0.05, 0.25, OURS),
    Plausible("partner_investment_hit", 0.01, 0.05, OURS),
    Plausible("settled_cost", 0.2, 0.7, OURS),
    Plausible("stall_chance", 0.1, 0.4, OURS),
    Plausible("escalation_hours", 1.0, 8.0, OURS),
    Plausible("registration_hours", 0.1, 1.0, OURS),
    Plausible("leader_hour_value", 150.0, 1_500.0, "the course's $750 (C7); range ours"),
)
check_plausible(Params, PLAUSIBLE)
