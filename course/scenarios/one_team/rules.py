"""Module 06's rules of engagement: the dictionary a trainee writes, its gaps, and the levers it sets."""

from __future__ import annotations

import re
from typing import Any

from course.scenarios.one_team.model import RENEWAL_OWNERS, Params

# What splits a list typed as one text: a comma, a semicolon or a new line.
_SEPARATOR = re.compile(r"[,;\n]")

RULES = {
    "direct_only_accounts": "the accounts only the direct team sells to: a list of names, such as "
    '["Acme", "Borealis"]',
    "deal_registration": "True if a partner registers a deal it finds, so that it is protected",
    "protection_days": "how many days a registered deal is the partner's alone, a whole number such as 120",
    "renewal_owner": 'who sells the renewal: "partner" or "direct"',
    "escalation_to": 'who settles a dispute, such as "VP of sales"',
    "escalation_days": "within how many days that person decides, a whole number such as 5",
}


def check_rules(rules: Any, params: Params | None = None) -> list[str]:
    """Every gap in a rules-of-engagement dictionary, one plain sentence each; [] if none."""
    p = params or Params()
    if not isinstance(rules, dict):
        return [
            'Write the rules as a dictionary in curly brackets, such as {"deal_registration": True, ...}; '
            f"got {type(rules).__name__}."
        ]
    gaps = []
    for key, meaning in RULES.items():
        if key not in rules:
            gaps.append(f"{key} is missing: {meaning}.")
    for key in rules:
        if key not in RULES:
            gaps.append(f"{key!r} is not one of the rules: check its spelling against {', '.join(RULES)}.")
    accounts = rules.get("direct_only_accounts")
    if "direct_only_accounts" in rules:
        if not isinstance(accounts, list) or not all(isinstance(a, str) and a.strip() for a in accounts):
            gaps.append(
                'direct_only_accounts must be a list of account names in quote marks, such as ["Acme"].'
            )
        elif not accounts:
            gaps.append(
                "direct_only_accounts is empty: name at least one account only the direct team sells to."
            )
        elif any(_SEPARATOR.search(a) for a in accounts):
            # A list typed as one text, with commas or (a spreadsheet habit) semicolons or new lines.
            # "and" and "&" stay: real company names hold them (Procter & Gamble).
            joined = next(a for a in accounts if _SEPARATOR.search(a))
            names = ", ".join(f'"{part.strip()}"' for part in _SEPARATOR.split(joined) if part.strip())
            gaps.append(
                f'direct_only_accounts holds "{joined}": one text in quote marks is one account, commas '
                f"and all. Put each name in its own quote marks: [{names}]."
            )
        elif any(a.strip() == "?" for a in accounts):
            gaps.append(
                'direct_only_accounts still holds "?": replace it with account names, such as ["Acme"].'
            )
        elif len({a.strip().lower() for a in accounts}) < len(accounts):
            gaps.append("direct_only_accounts names an account twice.")
    registration = rules.get("deal_registration")
    if "deal_registration" in rules:
        if not isinstance(registration, bool):
            gaps.append(
                f"deal_registration must be True or False, without quote marks; got {registration!r}."
            )
        elif not registration:
            gaps.append(
                "deal_registration is False: then nothing records who found a deal first, and every "
                "shared deal can be fought over; set it to True."
            )
    days = rules.get("protection_days")
    if isinstance(days, float) and days.is_integer():
        days = int(days)
    if "protection_days" in rules:
        if isinstance(days, bool) or not isinstance(days, int):
            gaps.append(
                f"protection_days must be a whole number of days without quote marks, such as 120; got {days!r}."
            )
        elif days < p.sales_cycle_days:
            gaps.append(
                f"protection_days is {days}: shorter than the {p.sales_cycle_days}-day sales cycle, so the "
                "protection runs out before a registered deal can close."
            )
        elif days > 365:
            gaps.append(
                f"protection_days is {days}: over a year, a registration becomes a claim on the account "
                "that the partner need not work; keep it to a year or less."
            )
    owner = rules.get("renewal_owner")
    if "renewal_owner" in rules and (
        not isinstance(owner, str) or owner.strip().lower() not in RENEWAL_OWNERS
    ):
        gaps.append(f'renewal_owner must be "partner" or "direct"; got {owner!r}.')
    who = rules.get("escalation_to")
    if "escalation_to" in rules and (not isinstance(who, str) or not who.strip() or who.strip() == "?"):
        gaps.append('escalation_to must name who settles a dispute, in quote marks, such as "VP of sales".')
    elif isinstance(who, str) and _one_side(who):
        gaps.append(
            f"escalation_to is {who.strip()!r}: name someone above both sides of the dispute, such as "
            '"VP of sales", not one side or nobody.'
        )
    limit = rules.get("escalation_days")
    if isinstance(limit, float) and limit.is_integer():
        limit = int(limit)
    if "escalation_days" in rules:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            gaps.append(
                f"escalation_days must be a whole number of days, 1 or more, without quote marks; got {limit!r}."
            )
        elif isinstance(days, int) and not isinstance(days, bool) and limit >= days:
            gaps.append(
                f"escalation_days ({limit}) is not shorter than protection_days ({days}): a dispute settled "
                "after the protection has run out settles nothing."
            )
    return gaps


def _one_side(who: str) -> bool:
    """True for an escalation to one side of a partner-direct dispute, or to nobody."""
    words = set(who.lower().replace("-", " ").split())
    sides = {"partner", "reseller", "rep", "reps", "direct", "nobody", "none", "no", "one", "noone"}
    return bool(words) and words <= sides | {"the", "our", "a", "sales", "account", "team"}


def rules_params(rules: dict[str, Any], params: Params | None = None) -> Params:
    """The channel levers a complete rules dictionary sets (check it with check_rules first)."""
    p = params or Params()
    gaps = check_rules(rules, p)
    if gaps:
        raise ValueError("The rules have gaps: " + " ".join(gaps))
    return p.with_(
        protection_days=int(rules["protection_days"]),
        renewal_owner=rules["renewal_owner"].strip().lower(),
        escalation_days=int(rules["escalation_days"]),
    )
