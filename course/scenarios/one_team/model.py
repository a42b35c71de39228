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
    exists (each comment names its source); the *sizes* are our assumptions, chosen to
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
    4. Morale, earnings and leaving: sabotage suffered lowers a rep's morale ("nothing more
       demoralizing than to lose a sale to someone in your own company": the essay, one
       leader's view); help received raises it. Each quarter a rep's earnings (commission
       on their own sales plus their bonus) move morale against what a rep expects to earn:
       a shortfall lowers it, a windfall raises it half as much (our assumption; limited
       earnings is a ranked cause of sales turnover [depaul-2010]). A rep who sells nothing
       earns little and loses heart. Lower morale lowers effort and raises the chance of
       leaving; so do a shortfall in earnings and pay at risk (``risk_leave``, income risk
       in every design). A leaver's seat is empty for ``vacancy_months``, then the
       replacement ramps up to full sales over ``ramp_months`` ("just under 5 months" for
       SaaS inside-sales account executives [bridge-group-ramp]; our range 3 to 9 months
       for other sales) and starts at the starting morale.
    5. Channel conflict: a registered deal, protected for a window at least as long as
       the sales cycle, is not fought over; an agreed renewal owner ends renewal fights;
       paying direct reps the same on partner deals (compensation neutrality) removes
       half of the reason to fight, at the cost of double pay; an escalation path settles
       a fight sooner. Suppliers curb such conflict with rules of engagement and by
       paying both channels [sa-vinhas-anderson-2005] (a survey of firms); the sizes are
       our assumptions. Each fight costs a price cut (already quoted: settling it does not
       win the price back), double pay, a share of the partner's investment and some
       deals lost to a competitor. Every rule has a cost: each escalated dispute takes
       ``escalation_hours`` of the leader's hours at ``leader_hour_value`` ($750, the
       course's convention), each registration ``registration_hours`` to check and
       record, and a long window lets deals the partner holds stall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import Any

import numpy as np

from course.scenarios import validate
from course.scenarios.one_team.channel import RENEWAL_OWNERS, _channel
from course.trainee.random import make_rng

SEED = 2026  # the luck the notebook's tables and the explorer share
QUARTERS = 4
MOMENTS_PER_QUARTER = 3  # chances a quarter for each rep to help or undermine a colleague
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
    # too (shared credit, counted for both); 0 = none. Our assumption.
    credit_share: float = 0.0

    # --- Part 1, the team --------------------------------------------------------------
    reps: int = 8  # reps on the team
    quarters: int = QUARTERS  # quarters the model runs: the notebook's year (longer runs test the model)
    bonus_pool: float = 80_000.0  # dollars a quarter for the whole team; our assumption
    # Dollars a quarter an average rep sells with no extra effort; our assumption.
    base_revenue: float = 250_000.0
    ability_spread: float = 0.2  # spread of reps' base revenue, a share (sd); our assumption
    quarter_luck: float = 0.15  # spread of a quarter's luck, a share of base revenue; our assumption
    effort_gain: float = 0.3  # extra revenue at full effort, a share of base revenue; our assumption
    # Dollars of expected pay at stake at which a rep puts in half of the extra effort.
    # Direction: more at stake, more effort ([lazear-rosen-1981], theory). Size: our assumption.
    effort_half_stake: float = 6_000.0
    help_value: float = 25_000.0  # dollars of revenue one help brings a colleague; our assumption
    help_cost: float = 10_000.0  # dollars of revenue the helper gives up (time); our assumption
    undermine_damage: float = (
        30_000.0  # dollars of revenue one act of undermining costs its target; our assumption
    )
    undermine_cost: float = 5_000.0  # dollars of revenue it costs the one who does it; our assumption
    # Dollars of pay a rep would give up not to undermine a colleague (unease; norms).
    # Our assumption; direction: [harbring-irlenbusch-2011] found naming it "sabotage" reduced it.
    undermine_unease: float = 7_000.0
    help_glow: float = 800.0  # dollars of pay a rep would give up for the glow of helping; our assumption
    # A team pool pays its part from 0 at (1 - band/2) of the team's target to all of it at
    # (1 + band/2): the band, a share of target. The plan's design, a given: 80% to 120% of target.
    team_band: float = 0.4
    # How much a rep values a colleague's pay from the team pool against their own (0-1):
    # team rewards raised performance, on average more than individual incentives (g = .45
    # against .32), in a meta-analysis [garbers-konradt-2014] (Low for sales teams); in real
    # sales teams strong peers helped colleagues under team pay [chan-li-pierce-2014] (Low).
    # This weight is how the model lets them; its size is our assumption (plausible 0.2-0.8).
    team_identity: float = 0.5
    choice_noise: float = 2_500.0  # dollars: how loosely reps follow the pay (logit noise); our assumption
    morale_start: float = 0.7  # each rep's morale at the start, 0-1; our assumption
    # Morale lost per act of undermining suffered, and gained per help received (0-1 scale).
    # Direction: the essay's claim about losing a sale to a colleague; sizes: our assumption.
    morale_hit: float = 0.08
    morale_lift: float = 0.03
    # Chance a quarter that a rep at the starting morale, earning as expected, with nothing at
    # stake, leaves: about 17% a year (about 22% with half the bonus at stake). Our assumption
    # (plausible 0.03-0.065), below US sales turnover "as high as 27%" a year [hbr-2017-turnover].
    leave_chance: float = 0.045
    # How many times the chance of leaving grows as morale falls from its start to 0. Our assumption
    # (plausible 2-4).
    leave_morale_factor: float = 3.0
    # Pay at risk is income risk, whatever the design: the chance of leaving grows by this many
    # times the share at stake (1 = doubles when all pay is at stake). Our assumption (plausible
    # 0-1); no study we cite measured it.
    risk_leave: float = 0.5
    # Morale a quarter per unit of earnings shortfall against what a rep expects (earning nothing
    # = a shortfall of 1); a windfall lifts it half as much. Our assumption (plausible 0.1-0.3);
    # direction: limited earnings is a ranked cause of sales turnover [depaul-2010].
    earnings_morale: float = 0.2
    # How many times the chance of leaving grows per unit of earnings shortfall (earning nothing
    # = 1 + this). Our assumption (plausible 0.5-2); direction [depaul-2010].
    earnings_leave: float = 1.0
    # Dollars a quarter a rep expects to earn in this job (commission on an average quarter's sales
    # and an even share of the bonus at the default: 0.08 x $287.5K + $10K); earnings against it
    # move morale. Our assumption (plausible $28K-40K).
    market_earnings: float = 33_000.0
    # Months a leaver's seat stays empty before the replacement starts. Our assumption (plausible 1-5).
    vacancy_months: float = 3.0
    # Months a replacement takes to reach full sales, rising evenly: "just under 5 months" for SaaS
    # inside-sales account executives [bridge-group-ramp]; for other sales our range 3-9.
    ramp_months: float = 5.0

    # --- Part 2, the channel: rules of engagement (levers) --------------------------------
    # Days a deal the partner registers is the partner's alone; 0 = no deal registration.
    protection_days: int = 0
    renewal_owner: str = ""  # "partner", "direct", or "" (not agreed)
    escalation_days: int = 0  # days within which a named person settles a dispute (0 = no path)
    comp_neutral: bool = False  # direct reps paid the same on partner deals in their accounts

    # --- Part 2, the channel: assumptions ------------------------------------------------
    shared_accounts: int = 60  # accounts a year that partner and direct team both work; our assumption
    deal_size: float = 90_000.0  # dollars a deal; our assumption
    sales_cycle_days: int = 90  # days from a deal found to signed; our assumption
    renewal_share: float = 0.4  # share of shared accounts up for renewal in the year; our assumption
    conflict_chance: float = 0.5  # chance a shared account is fought over with no rules; our assumption
    registration_effect: float = (
        0.8  # share of new-deal fights a registration that lasts the cycle prevents; our assumption
    )
    neutral_effect: float = (
        0.5  # share of the remaining fights compensation neutrality removes; our assumption
    )
    partner_margin: float = 0.2  # share of the price paid to the partner; our assumption
    commission: float = 0.08  # share of the price paid to the direct rep; our assumption
    conflict_discount: float = 0.1  # price cut when partner and rep bid against each other; our assumption
    lost_to_competitor: float = 0.15  # chance a fought-over deal goes to a competitor; our assumption
    partner_investment_hit: float = 0.03  # share of the partner's investment lost per fight; our assumption
    # Share of a fight's double pay and lost partner investment still paid when a named person
    # settles it at once (0 days); slower settlement costs more, up to the full cost at 30 days or
    # with no path. The price cut is not won back, and at most half the deals a fight would lose to
    # a competitor are saved: the customer has seen both quotes.
    # Our assumption (plausible 0.2-0.7).
    settled_cost: float = 0.4
    # Chance a year that a registered deal stalls because the partner holds it and does not
    # work it, per 365 days of protection: the cost of a long window. Our assumption (0.1-0.4).
    stall_chance: float = 0.2
    # Hours of the leader's time one escalated dispute takes: hearing both sides, the customer's
    # history, the decision and telling both. Our assumption (plausible 1-8).
    escalation_hours: float = 3.0
    # Hours of the leader's team's time to check and record one deal registration (priced as the
    # leader's hour). Our assumption (plausible 0.1-1).
    registration_hours: float = 0.3
    # Dollars an hour of the leader's other work is worth (own deals, hiring, reporting up): the
    # course's convention C7, chosen to show the mechanism, never measured.
    leader_hour_value: float = 750.0

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def months(self) -> int:
        """The months the model runs."""
        return 3 * self.quarters

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
    # The luck of the gap between two reps, dollars; a team that sells little still has the luck of
    # the acts of help and undermining, so the chance of a prize never turns on a dollar.
    scale = max(p.base_revenue, p.help_value, p.undermine_damage, 1_000.0)
    luck = max(p.quarter_luck, 0.05) * scale * math.sqrt(2.0)
    prize = p.prize_spread * (1 - p.team_share) * p.bonus_pool / p.winners
    expected = base * (1 + p.effort_gain * 0.5)
    ordered = np.sort(expected, axis=1)[:, ::-1]
    cut = 0.5 * (ordered[:, p.winners - 1] + ordered[:, p.winners])  # between the last winner and the next
    density = _norm_pdf((expected - cut[:, None]) / luck) / luck  # chance per dollar of credited revenue
    # Pay per dollar of team revenue, as a rep values it: their own share and, weighted by
    # team_identity, their colleagues' shares.
    team_rate = (
        p.prize_spread * p.team_share * p.bonus_pool / (p.team_band * n * max(1.0, p.base_revenue))
    ) * (1 / n + p.team_identity * (n - 1) / n)
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
        leavers: expected reps leaving in the year (replacements who leave count too).
        staffed: the team's selling capacity each quarter, in full-strength reps (empty seats
        and replacements still ramping count less).
        conflicts: channel fights a year; margin_lost, dollars a year (price cuts and
        double pay); partner_investment, the share of the partner's investment left at
        the end of the year (0-1); deals_lost, deals lost to a competitor a year;
        stalled, registered deals stalled by a partner who did not work them;
        leader_hours, the leader's (and their team's) hours a year that the rules take.
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
    staffed: np.ndarray
    conflicts: float
    margin_lost: float
    partner_investment: float
    deals_lost: float
    stalled: float
    leader_hours: float
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
        """Dollars a year the channel's fights and rules cost: margin, deals lost or stalled, and
        the leader's hours the rules take (at ``leader_hour_value``)."""
        p = self.params
        deals = (self.deals_lost + self.stalled) * p.deal_size * (1 - p.partner_margin)
        return self.margin_lost + deals + self.leader_hours * p.leader_hour_value

    def summary(self, baseline: Result | None = None) -> str:
        """Plain sentences for the outcomes: the text version of the plot."""
        text = (
            f"The team sold ${self.team_revenue / 1e6:.2f} million in the year, with "
            f"{self.helps_per_quarter:.1f} acts of help and {self.sabotage_per_quarter:.1f} of undermining "
            f"a quarter; morale ended at {self.morale[-1]:.2f}; {self.leavers:.1f} reps are likely to "
            f"leave. The channel cost ${self.channel_cost / 1e3:,.0f}K in all ({self.conflicts:.0f} fights, "
            f"{self.stalled:.0f} stalled deals, {self.leader_hours:.0f} of your hours); the partner keeps "
            f"{self.partner_investment:.0%} of its investment."
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


def seat_capacity(p: Params, quarters_since: int) -> float:
    """The share of a full rep's sales a seat brings in, ``quarters_since`` quarters after its rep
    left at the end of a quarter (1 = the next quarter): nothing while the seat is empty
    (``vacancy_months``), then rising evenly to full over ``ramp_months``; averaged over the quarter."""
    edges = np.linspace(3 * (quarters_since - 1), 3 * quarters_since, 61)
    months = (edges[:-1] + edges[1:]) / 2  # the middle of each of 60 slices of the quarter
    ramping = (months - p.vacancy_months) / max(p.ramp_months, 1e-9)
    return float(np.clip(ramping, 0.0, 1.0).mean())


def _bonus(p: Params, credited: np.ndarray, team_revenue: np.ndarray) -> np.ndarray:
    """Each rep's bonus for the quarter, dollars: the equal part, the team part on the team's
    revenue against its target, and a prize to each of the ``winners`` with the most credited revenue."""
    n = p.reps
    equal = (1 - p.prize_spread) * p.bonus_pool / n
    target = n * p.base_revenue * (1 + 0.5 * p.effort_gain)
    reached = np.clip((team_revenue / max(target, 1e-9) - (1 - p.team_band / 2)) / p.team_band, 0.0, 1.0)
    team = p.prize_spread * p.team_share * p.bonus_pool / n * reached
    prize = p.prize_spread * (1 - p.team_share) * p.bonus_pool / p.winners
    rank = np.argsort(np.argsort(-credited, axis=1), axis=1)
    return equal + team[:, None] + prize * (rank < p.winners)


def simulate(params: Params, *, seed: int | None = None, runs: int = 400) -> Result:
    """A year of the team under the pay plan, and of the channel under the rules."""
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 100_000:
        raise ValueError(f"runs must be a whole number from 1 to 100,000; got {runs!r}.")
    p = _ints(params)
    rng = make_rng(seed)
    n = p.reps
    base = p.base_revenue * np.maximum(0.3, 1 + p.ability_spread * rng.standard_normal((runs, n)))
    morale = np.full((runs, n), p.morale_start)
    # Each seat's occupants as cohorts: (the quarter their predecessor left, their share of the
    # seat); None for a rep at full strength. A team does not start the year fresh: seats left in
    # each of the last three quarters, at the rate of a team with half its bonus at stake, are
    # still empty or ramping.
    usual = min(0.25, p.leave_chance * (1 + 0.5 * p.risk_leave))
    before = [(-k, np.full((runs, n), usual)) for k in (3, 2, 1)]
    cohorts: list[tuple[int | None, np.ndarray]] = [(None, np.full((runs, n), 1 - 3 * usual)), *before]
    revenue = np.zeros(p.quarters)
    helps = np.zeros(p.quarters)
    sabotage = np.zeros(p.quarters)
    morale_q = np.zeros(p.quarters)
    effort_q = np.zeros(p.quarters)
    staffed = np.zeros(p.quarters)
    revenue_runs = np.zeros(runs)
    leavers = 0.0
    reps = np.arange(n)
    rows = np.arange(runs)[:, None]
    for q in range(p.quarters):
        capacity = [1.0 if start is None else seat_capacity(p, q - start) for start, _ in cohorts]
        seat = sum(c * share for c, (_, share) in zip(capacity, cohorts, strict=True))
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
        for _ in range(MOMENTS_PER_QUARTER):
            u = rng.random((runs, n))
            is_help = (u < chances[..., 1]) * seat
            is_harm = ((u >= chances[..., 1]) & (u < chances[..., 1] + chances[..., 2])) * seat
            target = (reps[None, :] + rng.integers(1, n, size=(runs, n))) % n
            given_help += is_help
            given_harm += is_harm
            np.add.at(got_help, (np.broadcast_to(rows, target.shape), target), is_help)
            np.add.at(got_harm, (np.broadcast_to(rows, target.shape), target), is_harm)
        luck = 1 + p.quarter_luck * rng.standard_normal((runs, n))
        own = base * (1 + p.effort_gain * effort) * luck * seat  # an empty or ramping seat sells less
        rep_revenue = np.maximum(
            0.0,
            own
            + p.help_value * got_help
            - p.help_cost * given_help
            - p.undermine_damage * got_harm
            - p.undermine_cost * given_harm,
        )
        team_revenue = rep_revenue.sum(axis=1)
        credited = rep_revenue + p.credit_share * p.help_value * given_help
        # What the rep in the seat earns, as if at full strength: a ramping newcomer is paid a
        # draw while learning (our simplification), so earnings read the rep's selling, not the gap.
        full = np.where(seat > 1e-9, rep_revenue / np.maximum(seat, 1e-9), 0.0)
        earned = p.commission * full + _bonus(p, credited, team_revenue)
        gap = earned / p.market_earnings - 1
        shortfall = np.clip(-gap, 0.0, 1.0)
        windfall = np.clip(gap, 0.0, 1.0)
        morale = np.clip(
            morale
            + p.morale_lift * got_help
            - p.morale_hit * got_harm
            - p.earnings_morale * shortfall
            + 0.5 * p.earnings_morale * windfall,
            0.0,
            1.0,
        )
        leave = p.leave_chance * (1 + (p.leave_morale_factor - 1) * (1 - morale / p.morale_start).clip(0, 1))
        leave = leave * (1 + p.earnings_leave * shortfall) * (1 + p.risk_leave * p.prize_spread)
        leave = np.minimum(1.0, leave)
        # Leaving: only occupants already in the seat can leave; their share starts a new cohort.
        gone = np.zeros((runs, n))
        kept = []
        for (start, share), c in zip(cohorts, capacity, strict=True):
            out = share * leave if c > 0 else np.zeros_like(share)
            gone += out
            kept.append((start, share - out))
        cohorts = [*kept, (q, gone)]
        leavers += float(gone.sum(axis=1).mean())
        # A newcomer starts at the starting morale: the seat's morale is the mix of who is in it.
        morale = morale * (1 - leave) + p.morale_start * leave
        revenue[q] = team_revenue.mean()
        revenue_runs = revenue_runs + team_revenue
        helps[q] = given_help.sum(axis=1).mean()
        sabotage[q] = given_harm.sum(axis=1).mean()
        morale_q[q] = morale.mean()
        effort_q[q] = effort.mean()
        staffed[q] = seat.sum(axis=1).mean()
    channel = _channel(p, rng, runs)
    return Result(
        p,
        np.arange(1, p.quarters + 1),
        revenue,
        helps,
        sabotage,
        morale_q,
        effort_q,
        leavers,
        staffed,
        *channel,
        revenue_runs,
    )


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    number = partial(validate.number_between, p)
    whole = partial(validate.whole_between, p, whole_floats=True)

    if isinstance(p.reps, (int, float, np.integer)) and not isinstance(p.reps, bool) and p.reps < 1:
        raise ValueError(f"reps: a team needs at least one rep; got {p.reps}.")
    whole("reps", 3, 30, "reps")
    whole("quarters", 1, 40, "quarters")
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
    number("earnings_morale", 0, 1, "(morale a quarter)")
    number("market_earnings", 100, 1e8, "dollars a quarter")
    number("earnings_leave", 0, 10, "(times)")
    number("vacancy_months", 0, 24, "months")
    number("ramp_months", 0, 36, "months")
    number("escalation_hours", 0, 100, "hours")
    number("registration_hours", 0, 40, "hours")
    number("leader_hour_value", 0, 1e6, "dollars an hour")
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
        if f.name in ("winners", "protection_days", "escalation_days", "quarters")
        and not isinstance(getattr(p, f.name), int)
    }
    return p.with_(**changes) if changes else p
