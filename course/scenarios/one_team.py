"""One team: internal competition between reps, and conflict between a partner and the direct team.

Scenario:
    A sales leader with eight reps for a year (four quarters), and a partner (a
    reseller) that sells into some of the same accounts as the direct team. Part 1:
    each quarter the leader pays a bonus pool; a share of it (the *prize spread*) rides
    on results, paid to the top reps (a contest with one or several winners), to the
    whole team on team revenue (a team pool), or by credited revenue where a rep who
    helps a colleague shares the credit. Each rep chooses how hard to work, and, a
    few times a quarter, whether to help a colleague, undermine one, or just sell.
    Part 2: rules of engagement (deal registration, a protection window, who owns the
    renewal, how disputes escalate, whether direct reps are paid the same on partner
    deals) decide how often partner and direct team fight over an account, and what
    each fight costs in margin, in the partner's investment and in the customer's
    confidence.

Covers:
    Module 06, "One team": how pay and rules of engagement turn reps and channels into
    one team or into rivals.

Used in:
    ``solutions/06_one_team/one_team.ipynb``, ``tests/test_one_team.py``,
    ``tests/test_scenario_contract.py`` and ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The *directions* rest on published work where it
    exists (each comment names its source and confidence); the *sizes* are chosen to
    show the mechanisms, and no study measured them.

Mechanisms (one quarter, one rep):
    1. Pay at stake. ``prize_spread`` of the bonus pool rides on results; the rest is
       paid to all equally. Of the part at stake, ``team_share`` is paid to all on
       team revenue and the rest goes, in equal prizes, to the ``winners`` reps with
       the most credited revenue. A wider gap between winners' and losers' pay raises
       effort (tournament theory, [lazear-rosen-1981], a theory: Not rated).
    2. Effort. Each rep weighs the pay that more effort is expected to bring: in a
       contest, a prize times how likely a little more revenue is to change who wins
       (reps far ahead or far behind gain little). Effort = stake / (stake +
       ``effort_half_stake``): the first dollars at stake move effort most. Each rep
       weighs the stake as if the others behave as usual (no equilibrium is solved;
       the course's assumption).
    3. Help or undermine (logit choice, the course's assumption): a few times a quarter
       each rep chooses to help a colleague, undermine one (a lead kept back, a deal
       poached, a bad word to a customer) or neither, with chances in proportion to
       ``exp(value / choice_noise)``. In a contest, undermining a rival is worth the
       prize times the rival's lost revenue, shared over the ``winners`` places, less
       the rep's unease (``undermine_unease``); helping a rival costs the same way,
       unless ``credit_share`` of the revenue the help brings is credited to the
       helper. Effort and sabotage both higher with a wider spread: lab evidence
       [harbring-irlenbusch-2011] (Low, lab). More than one winner raised sales effort
       and revenue in [lim-2009] (High); here several winners help only by cutting
       undermining (the model leaves Lim's effect on effort out).
    4. Morale and attrition: sabotage suffered lowers a rep's morale ("nothing more
       demoralizing than to lose a sale to someone in your own company": the essay,
       one leader's view); help received raises it. Lower morale lowers effort and
       raises the chance of leaving; so does pay at risk (``risk_leave``, income risk in
       every design). A rep who leaves sells nothing for the rest of the year. Sizes
       chosen to show the mechanism.
    5. Channel conflict (practitioner consensus, [channel-practice], Low): a
       registered deal, protected for a window at least as long as the sales cycle,
       is not fought over; an agreed renewal owner ends renewal fights; paying direct
       reps the same on partner deals (compensation neutrality) removes half of the
       reason to fight, at the cost of double pay; an escalation path settles a fight
       sooner, so it costs less. Each fight costs a price cut, a share of the partner's
       investment and some deals lost to a competitor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter
from course.trainee.plotting import (
    BASELINE,
    POLICY,
    WARNING,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)
from course.trainee.random import make_rng

SEED = 2026  # the luck the notebook's tables and the explorer share
QUARTERS = 4
MOMENTS_PER_QUARTER = 3  # chances a quarter for each rep to help or undermine a colleague
RENEWAL_OWNERS = ("partner", "direct")
DESIGNS = ("winner takes all", "several winners", "team pool", "shared credit")


@dataclass(frozen=True)
class Params:
    """The leader's pay plan and rules of engagement, and the model's assumptions.

    Change a copy with ``params.with_(prize_spread=0.8)``.
    """

    # --- Part 1, the pay plan: the levers -------------------------------------------
    # Share of the bonus pool that rides on results (0-1); the rest is paid to all equally.
    prize_spread: float = 0.5
    # Reps who win a prize from the part at stake (1 = winner takes all; up to reps - 1).
    winners: int = 1
    # Share of the part at stake paid to all on team revenue, not by rank (0-1).
    team_share: float = 0.0
    # Share of the revenue a rep's help brings a colleague that is credited to the helper
    # too (shared credit, counted for both); 0 = none. Chosen to show the mechanism.
    credit_share: float = 0.0

    # --- Part 1, the team --------------------------------------------------------------
    reps: int = 8  # reps on the team
    bonus_pool: float = 80_000.0  # dollars a quarter for the whole team; chosen to show the mechanism
    # Dollars a quarter an average rep sells with no extra effort; chosen to show the mechanism.
    base_revenue: float = 250_000.0
    ability_spread: float = 0.2  # spread of reps' base revenue, a share (sd); chosen to show the mechanism
    quarter_luck: float = 0.15  # spread of a quarter's luck, a share of base revenue; chosen
    effort_gain: float = 0.3  # extra revenue at full effort, a share of base revenue; chosen
    # Dollars of expected pay at stake at which a rep puts in half of the extra effort.
    # Direction: more at stake, more effort ([lazear-rosen-1981], theory). Size chosen.
    effort_half_stake: float = 6_000.0
    help_value: float = 25_000.0  # dollars of revenue one help brings a colleague; chosen
    help_cost: float = 10_000.0  # dollars of revenue the helper gives up (time); chosen
    undermine_damage: float = 30_000.0  # dollars of revenue one act of undermining costs its target; chosen
    undermine_cost: float = 5_000.0  # dollars of revenue it costs the one who does it; chosen
    # Dollars of pay a rep would give up not to undermine a colleague (unease; norms).
    # Chosen to show the mechanism: [harbring-irlenbusch-2011] found naming it "sabotage" reduced it.
    undermine_unease: float = 7_000.0
    help_glow: float = 800.0
    # A team pool pays its part from 0 at (1 - band/2) of the team's target to all of it at
    # (1 + band/2): the band, a share of target. Chosen to show the mechanism.
    team_band: float = 0.4
    # How much a rep values a colleague's pay from the team pool against their own (0-1):
    # team rewards raised performance, on average more than individual incentives (g = .45
    # against .32), in a meta-analysis [garbers-konradt-2014] (Low for sales teams); in real
    # sales teams strong peers helped colleagues under team pay [chan-li-pierce-2014] (Low).
    # This weight is how the model lets them; its size is our assumption (plausible 0-1).
    team_identity: float = 0.5  # dollars of pay a rep would give up to help a colleague; chosen
    choice_noise: float = 2_500.0  # dollars: how loosely reps follow the pay (logit noise); chosen
    morale_start: float = 0.7  # each rep's morale at the start, 0-1; chosen to show the mechanism
    # Morale lost per act of undermining suffered, and gained per help received (0-1 scale).
    # Direction: the essay's claim about losing a sale to a colleague; sizes chosen.
    morale_hit: float = 0.08
    morale_lift: float = 0.03
    # Chance a quarter that a rep at the starting morale leaves: about 20% a year. Chosen to
    # show the mechanism, below US sales turnover "as high as 27%" a year [hbr-2017-turnover] (Low).
    leave_chance: float = 0.055
    # How many times the chance of leaving grows as morale falls from its start to 0; chosen.
    leave_morale_factor: float = 3.0
    # Pay at risk is income risk, whatever the design: the chance of leaving grows by this many
    # times the share at stake (1 = doubles when all pay is at stake). Chosen to show the
    # mechanism; no study we cite measured it.
    risk_leave: float = 1.5

    # --- Part 2, the channel: rules of engagement (levers) --------------------------------
    # Days a deal the partner registers is the partner's alone; 0 = no deal registration.
    protection_days: int = 0
    renewal_owner: str = ""  # "partner", "direct", or "" (not agreed)
    escalation_days: int = 0  # days within which a named person settles a dispute (0 = no path)
    comp_neutral: bool = False  # direct reps paid the same on partner deals in their accounts

    # --- Part 2, the channel: assumptions ------------------------------------------------
    shared_accounts: int = 60  # accounts a year that partner and direct team both work; chosen
    deal_size: float = 90_000.0  # dollars a deal; chosen to show the mechanism
    sales_cycle_days: int = 90  # days from a deal found to signed; chosen
    renewal_share: float = 0.4  # share of shared accounts up for renewal in the year; chosen
    conflict_chance: float = 0.5  # chance a shared account is fought over with no rules; chosen
    registration_effect: float = (
        0.8  # share of new-deal fights a registration that lasts the cycle prevents; chosen
    )
    neutral_effect: float = 0.5  # share of the remaining fights compensation neutrality removes; chosen
    partner_margin: float = 0.2  # share of the price paid to the partner; chosen
    commission: float = 0.08  # share of the price paid to the direct rep; chosen
    conflict_discount: float = 0.1  # price cut when partner and rep bid against each other; chosen
    lost_to_competitor: float = 0.15  # chance a fought-over deal goes to a competitor; chosen
    partner_investment_hit: float = 0.03  # share of the partner's investment lost per fight; chosen
    # Share of a fight's cost still paid when a named person settles it at once (0 days);
    # slower settlement costs more, up to the full cost at 30 days or with no path. Chosen.
    settled_cost: float = 0.4
    # Chance a year that a registered deal stalls because the partner holds it and does not
    # work it, per 365 days of protection: the cost of a long window. Chosen.
    stall_chance: float = 0.2

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)


# --------------------------------------------------------------------------- Part 1: the contest


def design_params(design: str, spread: float, base: Params | None = None) -> Params:
    """The parameters of a named contest design at a prize spread (0-1).

    "winner takes all": one winner; "several winners": three; "team pool": all the
    part at stake on team revenue; "shared credit": a contest with three winners where
    a helper is credited with the revenue the help brings.
    """
    base = base or Params()
    settings = {
        "winner takes all": {"winners": 1, "team_share": 0.0, "credit_share": 0.0},
        "several winners": {"winners": 3, "team_share": 0.0, "credit_share": 0.0},
        "team pool": {"winners": 1, "team_share": 1.0, "credit_share": 0.0},
        "shared credit": {"winners": 3, "team_share": 0.0, "credit_share": 1.0},
    }
    if design not in settings:
        raise ValueError(f"design must be one of {', '.join(repr(d) for d in DESIGNS)}; got {design!r}.")
    return base.with_(prize_spread=spread, **settings[design])


def expected_pay(params: Params, chance_of_prize: float) -> float:
    """A rep's expected bonus a quarter, dollars, in a contest where they win a prize with
    ``chance_of_prize``: the equal part plus the chance times one prize (team part at target)."""
    if not 0 <= chance_of_prize <= 1:
        raise ValueError(f"chance_of_prize must be from 0 to 1; got {chance_of_prize!r}.")
    p = params
    equal = (1 - p.prize_spread) * p.bonus_pool / p.reps
    team = p.prize_spread * p.team_share * p.bonus_pool / p.reps
    prize = p.prize_spread * (1 - p.team_share) * p.bonus_pool / p.winners
    return equal + team + chance_of_prize * prize


def _norm_pdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def _stakes(p: Params, base: np.ndarray, morale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected pay from full effort, from one help and from one act of undermining, dollars.

    ``base``: each rep's base revenue (runs x reps). A rep's chance of a prize moves with
    their credited revenue by the normal density at their distance from the cut-off,
    in units of a quarter's luck.
    """
    n = p.reps
    luck = p.quarter_luck * p.base_revenue * math.sqrt(2.0)  # luck of the gap between two reps
    prize = p.prize_spread * (1 - p.team_share) * p.bonus_pool / p.winners
    expected = base * (1 + p.effort_gain * 0.5)
    ordered = np.sort(expected, axis=1)[:, ::-1]
    cut = 0.5 * (ordered[:, p.winners - 1] + ordered[:, p.winners])  # between the last winner and the next
    density = _norm_pdf((expected - cut[:, None]) / luck) / luck  # chance per dollar of credited revenue
    # Pay per dollar of team revenue, as a rep values it: their own share and, weighted by
    # team_identity, their colleagues' shares.
    team_rate = (p.prize_spread * p.team_share * p.bonus_pool / (p.team_band * n * p.base_revenue)) * (
        1 / n + p.team_identity * (n - 1) / n
    )
    effort = prize * density * p.effort_gain * base + team_rate * p.effort_gain * base
    effort = effort * (morale / p.morale_start)
    rival = 1.0 / p.winners  # one rival's revenue matters less when there are several places
    helping = prize * density * (
        p.credit_share * p.help_value - p.help_cost - rival * p.help_value
    ) + team_rate * (p.help_value - p.help_cost)
    undermining = prize * density * (rival * p.undermine_damage - p.undermine_cost) - team_rate * (
        p.undermine_damage + p.undermine_cost
    )
    return effort, helping, undermining


@dataclass(frozen=True)
class Result:
    """A year under one pay plan and one set of rules, averaged over the Monte Carlo runs.

    Attributes:
        params: the parameters that produced this result.
        quarter: 1-4.
        revenue: the team's revenue each quarter, dollars.
        helps: acts of help each quarter (the team, all reps).
        sabotage: acts of undermining each quarter.
        morale: the team's mean morale at the end of each quarter (0-1).
        effort: the team's mean effort each quarter (0-1).
        leavers: expected reps leaving in the year.
        conflicts: channel fights a year; margin_lost, dollars a year (price cuts and
        double pay); partner_investment, the share of the partner's investment left at
        the end of the year (0-1); deals_lost, deals lost to a competitor a year;
        stalled, registered deals stalled by a partner who did not work them.
        revenue_runs: the year's team revenue in each run (for the spread of outcomes).
    """

    params: Params
    quarter: np.ndarray
    revenue: np.ndarray
    helps: np.ndarray
    sabotage: np.ndarray
    morale: np.ndarray
    effort: np.ndarray
    leavers: float
    conflicts: float
    margin_lost: float
    partner_investment: float
    deals_lost: float
    stalled: float
    revenue_runs: np.ndarray

    @property
    def team_revenue(self) -> float:
        """The team's revenue in the year, dollars."""
        return float(self.revenue.sum())

    @property
    def sabotage_per_quarter(self) -> float:
        """Acts of undermining a quarter, the whole team."""
        return float(self.sabotage.mean())

    @property
    def helps_per_quarter(self) -> float:
        """Acts of help a quarter, the whole team."""
        return float(self.helps.mean())

    @property
    def channel_cost(self) -> float:
        """Dollars a year the channel's fights and stalls cost: margin plus deals lost."""
        p = self.params
        return self.margin_lost + (self.deals_lost + self.stalled) * p.deal_size * (1 - p.partner_margin)

    def summary(self, baseline: Result | None = None) -> str:
        """Plain sentences for the outcomes: the text version of the plot."""
        text = (
            f"The team sold ${self.team_revenue / 1e6:.2f} million in the year, with "
            f"{self.helps_per_quarter:.1f} acts of help and {self.sabotage_per_quarter:.1f} of undermining "
            f"a quarter; morale ended at {self.morale[-1]:.2f} and {self.leavers:.1f} reps are likely to "
            f"leave. The partner channel: {self.conflicts:.0f} fights and {self.stalled:.0f} stalled deals, "
            f"costing ${self.channel_cost / 1e3:,.0f}K; the partner keeps {self.partner_investment:.0%} of its "
            "investment."
        )
        if baseline is None:
            return text
        revenue = (self.team_revenue - baseline.team_revenue) / 1e3
        sabotage = self.sabotage_per_quarter - baseline.sabotage_per_quarter
        cost = (self.channel_cost - baseline.channel_cost) / 1e3
        if abs(revenue) < 5 and abs(sabotage) < 0.05 and abs(cost) < 5:
            return "Your plan gives the same as the default. " + text
        parts = [
            "team revenue the same"
            if abs(revenue) < 5
            else f"team revenue ${abs(revenue):,.0f}K {'higher' if revenue > 0 else 'lower'}",
            "undermining the same"
            if abs(sabotage) < 0.05
            else f"{abs(sabotage):.1f} acts of undermining a quarter {'more' if sabotage > 0 else 'fewer'}",
            "the channel's cost the same"
            if abs(cost) < 5
            else f"the channel's cost ${abs(cost):,.0f}K {'higher' if cost > 0 else 'lower'}",
        ]
        return f"Against the default plan: {', '.join(parts)}. {text}"


def simulate(params: Params, *, seed: int | None = None, runs: int = 400) -> Result:
    """A year of the team under the pay plan, and of the channel under the rules."""
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 100_000:
        raise ValueError(f"runs must be a whole number from 1 to 100,000; got {runs!r}.")
    p = _ints(params)
    rng = make_rng(seed)
    n = p.reps
    base = p.base_revenue * np.maximum(0.3, 1 + p.ability_spread * rng.standard_normal((runs, n)))
    morale = np.full((runs, n), p.morale_start)
    staying = np.ones((runs, n))
    revenue = np.zeros(QUARTERS)
    helps = np.zeros(QUARTERS)
    sabotage = np.zeros(QUARTERS)
    morale_q = np.zeros(QUARTERS)
    effort_q = np.zeros(QUARTERS)
    leavers = 0.0
    reps = np.arange(n)
    for q in range(QUARTERS):
        stake, help_value, undermine_value = _stakes(p, base, morale)
        effort = stake / (stake + p.effort_half_stake)
        values = np.stack(
            [np.zeros_like(stake), help_value + p.help_glow, undermine_value - p.undermine_unease], axis=-1
        )
        weights = np.exp((values - values.max(axis=-1, keepdims=True)) / p.choice_noise)
        chances = weights / weights.sum(axis=-1, keepdims=True)
        given_help = np.zeros((runs, n))
        given_harm = np.zeros((runs, n))
        got_help = np.zeros((runs, n))
        got_harm = np.zeros((runs, n))
        rows = np.arange(runs)[:, None]
        for _ in range(MOMENTS_PER_QUARTER):
            u = rng.random((runs, n))
            is_help = u < chances[..., 1]
            is_harm = (u >= chances[..., 1]) & (u < chances[..., 1] + chances[..., 2])
            target = (reps[None, :] + rng.integers(1, n, size=(runs, n))) % n
            given_help += is_help
            given_harm += is_harm
            np.add.at(got_help, (np.broadcast_to(rows, target.shape), target), is_help)
            np.add.at(got_harm, (np.broadcast_to(rows, target.shape), target), is_harm)
        luck = 1 + p.quarter_luck * rng.standard_normal((runs, n))
        rep_revenue = (
            base * (1 + p.effort_gain * effort) * luck
            + p.help_value * got_help
            - p.help_cost * given_help
            - p.undermine_damage * got_harm
            - p.undermine_cost * given_harm
        )
        rep_revenue = np.maximum(0.0, rep_revenue)
        rep_revenue = rep_revenue * staying  # a rep who has left sells nothing (no replacement in the year)
        morale = np.clip(
            morale + p.morale_lift * got_help - p.morale_hit * got_harm,
            0.0,
            1.0,
        )
        leave = p.leave_chance * (1 + (p.leave_morale_factor - 1) * (1 - morale / p.morale_start).clip(0, 1))
        leave = np.minimum(1.0, leave * (1 + p.risk_leave * p.prize_spread))
        leavers += float((staying * leave).sum(axis=1).mean())
        staying = staying * (1 - leave)
        revenue[q] = rep_revenue.sum(axis=1).mean()
        helps[q] = given_help.sum(axis=1).mean()
        sabotage[q] = given_harm.sum(axis=1).mean()
        morale_q[q] = morale.mean()
        effort_q[q] = effort.mean()
        if q == 0:
            revenue_runs = rep_revenue.sum(axis=1)
        else:
            revenue_runs = revenue_runs + rep_revenue.sum(axis=1)
    channel = _channel(p, rng, runs)
    return Result(
        p,
        np.arange(1, QUARTERS + 1),
        revenue,
        helps,
        sabotage,
        morale_q,
        effort_q,
        leavers,
        *channel,
        revenue_runs,
    )


# --------------------------------------------------------------------------- Part 2: the channel


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


def _channel(p: Params, rng: np.random.Generator, runs: int) -> tuple[float, float, float, float, float]:
    new_chance, renewal_chance = conflict_chances(p)
    accounts = p.shared_accounts
    renewals = rng.binomial(accounts, p.renewal_share, size=runs)
    fights = rng.binomial(accounts - renewals, new_chance) + rng.binomial(renewals, renewal_chance)
    speed = (
        1.0
        if p.escalation_days <= 0
        else p.settled_cost + (1 - p.settled_cost) * min(1.0, p.escalation_days / 30)
    )
    margin = fights * conflict_margin_cost(p) * speed
    # Compensation neutrality pays the direct rep's commission on partner deals in their accounts.
    if p.comp_neutral:
        margin = margin + (accounts - renewals) * 0.5 * p.deal_size * p.commission
    lost = rng.binomial(fights, min(1.0, p.lost_to_competitor * speed))
    registered = ((accounts - renewals) * 0.5).astype(int) if p.protection_days > 0 else np.zeros(runs, int)
    stalled = rng.binomial(registered, min(1.0, p.stall_chance * p.protection_days / 365))
    investment = (1 - p.partner_investment_hit * speed) ** fights
    return (
        float(fights.mean()),
        float(margin.mean()),
        float(investment.mean()),
        float(lost.mean()),
        float(np.mean(stalled)),
    )


# --------------------------------------------------------------------------- rules of engagement

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


# --------------------------------------------------------------------------- tables for the notebook


@dataclass(frozen=True)
class PlanTable:
    """Team revenue, undermining, help, morale and leavers for several pay plans."""

    labels: tuple[str, ...]
    results: tuple[Result, ...]

    def rows(self) -> list[tuple[str, float, float, float, float, float, float]]:
        return [
            (
                label,
                r.team_revenue / 1e6,
                float(r.effort.mean()),
                r.sabotage_per_quarter,
                r.helps_per_quarter,
                float(r.morale[-1]),
                r.leavers,
            )
            for label, r in zip(self.labels, self.results, strict=True)
        ]

    def __str__(self) -> str:
        lines = [
            f"{'plan':<34}{'revenue $M':>11}{'effort':>8}{'undermining':>12}{'help':>7}{'morale':>8}{'leavers':>9}",
        ]
        for label, revenue, effort, harm, helped, morale, leavers in self.rows():
            lines.append(
                f"{label:<34}{revenue:>11.2f}{effort:>8.2f}{harm:>12.1f}{helped:>7.1f}{morale:>8.2f}{leavers:>9.1f}"
            )
        lines.append(
            "Revenue: the team's year. Effort: 0-1, the team's average. Undermining and help: acts a"
        )
        lines.append("quarter, whole team.")
        lines.append("Morale: end of year, 0-1. Leavers: reps of 8 expected to leave in the year.")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "plan",
                "team revenue in the year, $M",
                "effort (0-1)",
                "acts of undermining a quarter",
                "acts of help a quarter",
                "morale at year end (0-1)",
                "reps expected to leave",
            )
        )
        body = "".join(
            f"<tr><td>{label}</td><td>{revenue:.2f}</td><td>{effort:.2f}</td><td>{harm:.1f}</td>"
            f"<td>{helped:.1f}</td><td>{morale:.2f}</td><td>{leavers:.1f}</td></tr>"
            for label, revenue, effort, harm, helped, morale, leavers in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def spread_table(
    spreads: tuple[float, ...] = (0.2, 0.5, 0.8), *, seed: int = SEED, runs: int = 400
) -> PlanTable:
    """Exercise 1: a winner-takes-all contest at each prize spread."""
    labels = tuple(f"winner takes all, {s:.0%} at stake" for s in spreads)
    results = tuple(simulate(design_params("winner takes all", s), seed=seed, runs=runs) for s in spreads)
    return PlanTable(labels, results)


# Exercise 3: the plans to choose from, as (letter, design, spread).
PLANS: tuple[tuple[str, str, float], ...] = (
    ("A", "winner takes all", 0.8),
    ("B", "several winners", 0.5),
    ("C", "shared credit", 0.5),
    ("D", "team pool", 0.5),
    ("E", "winner takes all", 0.3),
)
TODAY = "A"  # the plan the team has today


def plan_table(*, seed: int = SEED, runs: int = 400) -> PlanTable:
    """Exercise 3: each plan of PLANS over the same year."""
    labels = tuple(f"{letter}. {design}, {spread:.0%} at stake" for letter, design, spread in PLANS)
    results = tuple(simulate(design_params(d, s), seed=seed, runs=runs) for _, d, s in PLANS)
    return PlanTable(labels, results)


def best_plan(*, seed: int = SEED, runs: int = 400) -> str:
    """The letter of the plan with the highest team revenue among those with no more undermining
    than today's plan and more revenue than it."""
    table = plan_table(seed=seed, runs=runs)
    today = dict(zip((p[0] for p in PLANS), table.results, strict=True))[TODAY]
    fair = [
        (r.team_revenue, letter)
        for (letter, _, _), r in zip(PLANS, table.results, strict=True)
        if r.sabotage_per_quarter <= today.sabotage_per_quarter and r.team_revenue > today.team_revenue
    ]
    return max(fair)[1] if fair else TODAY


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources."""
    if full:
        return every_parameter(Params)
    p = Params()
    chosen = "chosen to show the mechanism (our assumption)"
    return AssumptionTable(
        [
            Assumption(
                "More pay at stake, more effort; reps far ahead or behind try less",
                f"half the extra effort at ${p.effort_half_stake:,.0f} of expected pay at stake",
                f"Direction: tournament theory [lazear-rosen-1981] (a theory). Size {chosen}.",
            ),
            Assumption(
                "Several winners",
                "fewer reps to beat for a prize: less reason to undermine, a little less effort",
                "Here several winners do better only because they cut undermining. Field experiments found "
                "more than one winner raised sales effort and revenue themselves [lim-2009] (high), an "
                "effect this model leaves out.",
            ),
            Assumption(
                "Reps choose to help, undermine or just sell",
                f"{MOMENTS_PER_QUARTER} chances a quarter each; help +${p.help_value / 1e3:.0f}K to a colleague, "
                f"undermining -${p.undermine_damage / 1e3:.0f}K; a rep dislikes undermining as if it cost "
                f"${p.undermine_unease:,.0f} of pay",
                "A logit choice rule (the course's assumption), sizes chosen. In the lab, effort and sabotage "
                "were both higher with a wider prize gap, and naming it sabotage reduced it "
                "[harbring-irlenbusch-2011] (low, laboratory).",
            ),
            Assumption(
                "Morale and leaving",
                f"-{p.morale_hit:.2f} morale per act of undermining suffered; about 20% of reps leave a year "
                "at the start, more with low morale and with more pay at risk; a rep who leaves sells nothing",
                "The essay's view of losing a sale to a colleague (one leader's). US sales turnover is "
                f"'as high as 27%' a year [hbr-2017-turnover] (low). Sizes {chosen}.",
            ),
            Assumption(
                "Channel fights, and what stops them",
                f"{p.conflict_chance:.0%} of {p.shared_accounts} shared accounts a year with no rules",
                "Deal registration with a protection window, a renewal owner and an escalation path: practitioner "
                f"consensus [channel-practice] (low). Sizes {chosen}.",
            ),
            Assumption(
                "What a fight costs",
                f"a {p.conflict_discount:.0%} price cut and both paid; {p.lost_to_competitor:.0%} of deals lost; "
                f"{p.partner_investment_hit:.0%} of the partner's investment",
                f"The kinds of cost: [channel-practice] (low). Sizes {chosen}.",
            ),
            Assumption(
                "What the rules cost",
                "a long protection window lets deals the partner holds stall",
                "In this model a renewal owner and a fast escalation cost nothing; in practice they take a "
                f"manager's time. Sizes {chosen}.",
            ),
        ]
    )


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    def number(name: str, low: float, high: float, unit: str) -> None:
        value = getattr(p, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not math.isfinite(value)
        ):
            raise ValueError(f"{name} must be a number from {low:g} to {high:g} {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low:g} to {high:g} {unit}; got {value:g}.")

    def whole(name: str, low: int, high: int, unit: str) -> None:
        value = getattr(p, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            and not (isinstance(value, float) and value.is_integer())
        ):
            raise ValueError(f"{name} must be a whole number of {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low} to {high} {unit}; got {value}.")

    whole("reps", 3, 30, "reps")
    whole("winners", 1, p.reps - 1, "reps (fewer than the team)")
    for share in (
        "prize_spread",
        "team_share",
        "credit_share",
        "ability_spread",
        "team_identity",
        "quarter_luck",
        "effort_gain",
        "morale_start",
        "morale_hit",
        "morale_lift",
        "leave_chance",
        "renewal_share",
        "conflict_chance",
        "registration_effect",
        "neutral_effect",
        "partner_margin",
        "commission",
        "conflict_discount",
        "lost_to_competitor",
        "partner_investment_hit",
        "settled_cost",
        "stall_chance",
    ):
        number(share, 0, 1, "(a share)")
    if p.morale_start <= 0:
        raise ValueError(f"morale_start must be above 0; got {p.morale_start:g}.")
    if p.partner_margin + p.commission >= 1:
        raise ValueError("partner_margin + commission must be below 1 (a share of the price).")
    for money in (
        "bonus_pool",
        "base_revenue",
        "help_value",
        "help_cost",
        "undermine_damage",
        "undermine_cost",
        "undermine_unease",
        "help_glow",
        "deal_size",
    ):
        number(money, 0, 1e9, "dollars")
    number("effort_half_stake", 1, 1e9, "dollars")
    number("team_band", 0.01, 2, "(a share of target)")
    number("choice_noise", 1, 1e9, "dollars")
    number("leave_morale_factor", 1, 20, "(times)")
    number("risk_leave", 0, 10, "(times)")
    whole("protection_days", 0, 1000, "days")
    whole("escalation_days", 0, 365, "days")
    whole("shared_accounts", 0, 100_000, "accounts")
    whole("sales_cycle_days", 1, 1000, "days")
    if not isinstance(p.comp_neutral, (bool, np.bool_)):
        raise ValueError(f"comp_neutral must be True or False; got {p.comp_neutral!r}.")
    if p.renewal_owner not in ("", *RENEWAL_OWNERS):
        raise ValueError(
            f'renewal_owner must be "partner", "direct" or "" (not agreed); got {p.renewal_owner!r}.'
        )


def _ints(p: Params) -> Params:
    """Slider values arrive as floats: whole-number fields back to int."""
    changes = {
        f.name: int(getattr(p, f.name))
        for f in fields(p)
        if f.name in ("winners", "protection_days", "escalation_days")
        and not isinstance(getattr(p, f.name), int)
    }
    return p.with_(**changes) if changes else p


# --------------------------------------------------------------------------- the explorer's dashboard


def dashboard_frame(params: Params) -> list[Axes]:
    """Four titled panels with fixed scales, so a slider move never rescales an axis."""
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    top = params.reps * params.base_revenue * (1 + params.effort_gain) * 1.15 / 1e6
    panels = (
        ("Team revenue a quarter", "$ million", top, "Quarter"),
        (
            "Help (solid), undermining (dotted)",
            "acts",
            params.reps * MOMENTS_PER_QUARTER * 0.8,
            "Quarter",
        ),
        ("Team morale (0-1)", "morale", 1.0, "Quarter"),
        ("Channel: cost of fights and stalls", "$ thousands a year", 1_200.0, ""),
    )
    for ax, (title, ylabel, high, xlabel) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel, xlabel=xlabel)
        ax.set_ylim(0, high)
    for ax in axes[:3]:
        ax.set_xlim(1, QUARTERS)
        ax.set_xticks(range(1, QUARTERS + 1))
    axes[3].set_xlim(-0.6, 1.6)
    axes[3].set_xticks([0, 1], ["default", "your rules"])
    axes[0].set_ylim(top * 0.5, top)
    policy_legend(axes[0], policy="your plan", baseline="default plan", band=None)
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Team revenue, help and undermining, morale, and the channel's cost.

    Args:
        result: your plan, solid blue.
        baseline: the default plan, dashed orange, drawn on top.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    runs = [(result, POLICY, "-", 2.5)]
    if baseline is not None:
        runs.append((baseline, BASELINE, "--", 2))
    for r, color, style, width in runs:
        axes[0].plot(r.quarter, r.revenue / 1e6, color=color, linestyle=style, linewidth=width)
        axes[1].plot(r.quarter, r.helps, color=color, linestyle=style, linewidth=width)
        axes[1].plot(r.quarter, r.sabotage, color=color, linestyle=":", linewidth=width)
        axes[2].plot(r.quarter, r.morale, color=color, linestyle=style, linewidth=width)
    bars = [baseline.channel_cost / 1e3 if baseline is not None else 0.0, result.channel_cost / 1e3]
    axes[3].bar([0, 1], bars, color=[BASELINE, WARNING if bars[1] > bars[0] else POLICY], width=0.6)
    return axes


# What the explorer (course.trainee.widgets.explore) reads.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "prize_spread",
        "Share of the bonus at stake",
        0.0,
        1.0,
        0.1,
        "The share of the quarter's $80K bonus pool that rides on results; the rest is paid to all "
        "equally. 0 = everyone gets the same. Default: 0.5.",
    ),
    (
        "winners",
        "Winners of the contest",
        1.0,
        7.0,
        1.0,
        "How many reps share the prize part (1 = winner takes all). Default: 1.",
    ),
    (
        "team_share",
        "Share of the stake paid on team revenue",
        0.0,
        1.0,
        0.1,
        "The share of the part at stake paid to everyone on the team's revenue instead of by rank "
        "(1 = a team pool). Default: 0.",
    ),
    (
        "credit_share",
        "Credit for helping a colleague",
        0.0,
        1.0,
        0.1,
        "The share of the revenue a rep's help brings a colleague that counts for the helper too "
        "(shared credit; both are counted). Default: 0.",
    ),
    (
        "protection_days",
        "Channel: days a registered deal is protected",
        0.0,
        360.0,
        15.0,
        "With deal registration, how many days a deal the partner registered is theirs alone. "
        "Shorter than the 90-day sales cycle leaves fights; longer lets deals stall. Default: 0 "
        "(no registration).",
    ),
    (
        "escalation_days",
        "Channel: days to settle a dispute",
        0.0,
        30.0,
        1.0,
        "Within how many days a named person settles a fight between partner and direct rep "
        "(0 = no escalation path: fights run their course). Default: 0.",
    ),
)
POLICY_LEVERS: tuple[str, ...] = tuple(c[0] for c in CONTROLS)

DEFAULT = Params()
PRESETS = {"Your team": DEFAULT}  # one preset: the explorer hides its picker
