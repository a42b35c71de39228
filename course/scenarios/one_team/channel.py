"""Module 06's partner channel: how often partner and direct team fight over a shared account under
the rules of engagement, and what the fights and the rules cost in a year (see model.py's docstring,
mechanism 5, for the sources)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from course.scenarios.one_team.model import Params

RENEWAL_OWNERS = ("partner", "direct")


def conflict_chances(p: Params) -> tuple[float, float]:
    """The chance that a new deal, and a renewal, in a shared account is fought over."""
    cover = min(1.0, p.protection_days / p.sales_cycle_days)
    new = p.conflict_chance * (1 - p.registration_effect * cover)
    renewal = p.conflict_chance * (0.1 if p.renewal_owner in RENEWAL_OWNERS else 1.0)
    if p.comp_neutral:
        new, renewal = new * (1 - p.neutral_effect), renewal * (1 - p.neutral_effect)
    return new, renewal


def conflict_margin_cost(p: Params) -> float:
    """Dollars of margin one fought-over deal loses, against the same deal sold cleanly
    by the partner: the price cut, plus the direct rep's commission paid on top of the
    partner's margin (both claim it, both are paid)."""
    clean = p.deal_size * (1 - p.partner_margin)
    price = p.deal_size * (1 - p.conflict_discount)
    fought = price * (1 - p.partner_margin - p.commission)
    return clean - fought


def settling(p: Params) -> float:
    """The share of a fight's double pay, lost deals and lost partner investment still paid under
    the escalation path: 1 with no path, ``settled_cost`` if settled at once, rising to 1 at 30 days."""
    if p.escalation_days <= 0:
        return 1.0
    return p.settled_cost + (1 - p.settled_cost) * min(1.0, p.escalation_days / 30)


def _channel(
    p: Params, rng: np.random.Generator, runs: int
) -> tuple[float, float, float, float, float, float]:
    new_chance, renewal_chance = conflict_chances(p)
    accounts = p.shared_accounts
    renewals = rng.binomial(accounts, p.renewal_share, size=runs)
    fights = rng.binomial(accounts - renewals, new_chance) + rng.binomial(renewals, renewal_chance)
    speed = settling(p)
    # The price cut is made when both quote; settling a fight saves the double pay only.
    price_cut = p.deal_size * p.conflict_discount * (1 - p.partner_margin)
    margin = fights * (price_cut + (conflict_margin_cost(p) - price_cut) * speed)
    # Compensation neutrality pays the direct rep's commission on partner deals in their accounts.
    if p.comp_neutral:
        margin = margin + (accounts - renewals) * 0.5 * p.deal_size * p.commission
    # The customer saw both quote (the essay: "the left hand doesn't know what the right hand is
    # doing"): settling at once saves at most half the deals a fight would lose (our assumption).
    lost = rng.binomial(fights, min(1.0, p.lost_to_competitor * (0.5 + 0.5 * speed)))
    registered = ((accounts - renewals) * 0.5).astype(int) if p.protection_days > 0 else np.zeros(runs, int)
    stalled = rng.binomial(registered, min(1.0, p.stall_chance * p.protection_days / 365))
    investment = (1 - p.partner_investment_hit * speed) ** fights
    hours = registered * p.registration_hours + (fights * p.escalation_hours if p.escalation_days > 0 else 0)
    return (
        float(fights.mean()),
        float(margin.mean()),
        float(investment.mean()),
        float(lost.mean()),
        float(np.mean(stalled)),
        float(np.mean(hours)),
    )
