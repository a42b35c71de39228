"""Module 03's assumptions table: what the model assumes, in plain words, each row saying whether
a study measured it (with its key) or it is our assumption (with its plausible range)."""

from __future__ import annotations

from course.scenarios.coaching.model import Params
from course.scenarios.coaching.uncertain import PLAUSIBLE
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter

_RANGES = {item.name: item for item in PLAUSIBLE}


def _ours(*names: str) -> str:
    """ "our assumption, no study measured it; plausible range ..." for the named fields (``PLAUSIBLE``)."""
    spans = [f"{name} {_RANGES[name].low:g} to {_RANGES[name].high:g}" for name in names]
    return "our assumption, no study measured it; plausible range " + "; ".join(spans) + "."


def _Ours(*names: str) -> str:
    """:func:`_ours` at the start of a sentence."""
    text = _ours(*names)
    return text[0].upper() + text[1:]


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter of the model with its default, the comment that
            documents it in :class:`Params` and its plausible range (``PLAUSIBLE``).
    """
    if full:
        return every_parameter(Params, PLAUSIBLE)
    p = Params()
    return AssumptionTable(
        [
            Assumption(
                "Your field hours for coaching",
                f"{p.field_hours_per_month:g} a month; each hour over costs the team "
                f"{100 * p.over_budget_loss:.1f} points of quota that month",
                "A given of the exercise (a fifth of the leader's month). The cost of an hour over is "
                + _ours("over_budget_loss"),
            ),
            Assumption(
                "A ride-along shows you a rep's gaps",
                f"until you have seen a rep sell, your sessions have {p.blind_session_share:.0%} of their "
                "effect and may miss the gap",
                _Ours("blind_session_share", "seen_scale_hours"),
            ),
            Assumption(
                "A question session builds skill and ownership, with diminishing returns",
                f"up to {p.session_max_gain:.0%} of a skill's gap to full a month (half of that at "
                f"{p.session_half_hours:g} hours); up to +{p.ownership_gain:g} motivation",
                "Direction measured: coaching at work helps ([theeboom-2014], low for a manager as coach). "
                "Sizes: " + _ours("session_max_gain", "session_half_hours"),
            ),
            Assumption(
                "Co-selling wins this month's deal, teaches little",
                f"up to +{p.cosell_deal_max:.0%} of quota that month; a little skill; a little lost ownership",
                _Ours("cosell_deal_max", "cosell_skill_gain", "cosell_ownership_loss"),
            ),
            Assumption(
                "New reps need direction; experts need room",
                f"too much lowers an expert's motivation (up to -{p.over_direction_cost:g} a month); too "
                "little slows a novice's learning",
                "Weakly supported ([thompson-vecchio-2009], low). A slider: 0 switches it off. Sizes: "
                + _ours("fit_strength", "over_direction_cost"),
            ),
            Assumption(
                "New hires ramp over months",
                f"half-way from novice to expert after {p.experience_half_months:g} months; on the job each "
                f"skill closes {p.practice_rate:.0%} of its gap a month",
                "The nearest measure is of another kind of rep: SaaS inside-sales account executives take "
                "'just under 5 months' to ramp, by a vendor's survey on a secondary page ([bridge-group-ramp], "
                "low). The model's ramp is "
                + _ours("experience_half_months", "practice_rate")[0].lower()
                + _ours("experience_half_months", "practice_rate")[1:],
            ),
            Assumption(
                "Attainment",
                f"{p.quota_at_full_skill:.0%} of quota at full skill and motivation; the weakest skill weighs most",
                "Plus luck. " + _ours("quota_at_full_skill", "weakest_weight"),
            ),
            Assumption(
                "Riding along teaches you about customers, and that wins deals",
                f"an hour beside a veteran teaches you most (beside a rep on day one, "
                f"{p.novice_listening_share:.0%} as much); {p.insight_decay:.0%} of what you know goes stale "
                f"a month; full knowledge of customers wins {p.insight_win_lift:.0%} more of every rep's deals",
                "Direction: the essay's claim (riding along is 'time for ... understanding what customers "
                "really think'). Sizes: "
                + _ours("novice_listening_share", "insight_decay", "insight_win_lift"),
            ),
        ]
    )
