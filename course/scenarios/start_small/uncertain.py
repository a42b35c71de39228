"""Module 04's uncertain assumptions, each with its plausible range, declared once.

The full assumptions table shows each range, tests/test_extreme_conditions.py pushes the model to
both ends, and the robustness run (``python -m course.scenarios.robustness 04``) samples the whole
space at once. The policy levers (the share of hours on small deals, the credit threshold) and the
deals the notebook states as the scenario (1,500 hours a quarter; a $20K first deal, 30 hours, won
3 in 10, signed the next quarter; a $480K large deal, 300 hours, won 15 in 100, signed three
quarters on; 60 small and 8 large prospects; a $2 million floor; three years) are the trainee's
situation, not uncertain assumptions, and are left out: what follows from other deals is measured
as findings in ``lessons.py`` (a slower small deal, a likelier large one).
"""

from __future__ import annotations

from course.scenarios.start_small.model import Params
from course.trainee.assumptions import Plausible, check_plausible

OURS = "our assumption"
PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("expandable_share", 0.2, 0.45, OURS),
    Plausible(
        "small_expand_chance", 0.08, 0.18, "set to give NRR near 100-110% [saas-capital-2023]; range ours"
    ),
    Plausible("expansion_multiple", 1.5, 2.2, OURS),
    Plausible("account_wallet", 300.0, 3000.0, OURS),
    Plausible("small_churn", 0.015, 0.05, "median GRR 90-93% measured [saas-capital-2023]; range ours"),
    Plausible("referral_chance", 0.0, 0.08, OURS),
    Plausible("large_expand_chance", 0.02, 0.1, OURS),
    Plausible("large_expansion_value", 20.0, 80.0, OURS),
    Plausible("large_churn", 0.01, 0.04, OURS),
    Plausible("reps_follow_credit", 0.4, 0.95, "direction [kishore-2013] [larkin-2014]; size ours"),
)
check_plausible(Params, PLAUSIBLE)
