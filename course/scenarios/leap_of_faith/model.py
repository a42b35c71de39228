"""Leap of faith: one year with a large customer, a new technology, and everything at once.

Scenario:
    A large customer, Northwind, is deciding whether to bet on your company's new
    technology: the buyer's leap of faith. The leader makes one decision a quarter
    for a year: how to start (Q1), what to do when an executive wants the quarter
    and a discount (Q2), what to do when the CRM dashboard flags the deal as stalled
    while a star rep and a new rep share the account (Q3), and what to do when a
    partner wants in (Q4). Each decision is a letter, A, B or C. The leader sees
    revenue, margin and pipeline; the customer's trust, the reps' trust and morale,
    their risk of leaving and the account's value as a reference for the next
    customers stay hidden until the year's end.

Covers:
    Module 07, the capstone. It composes the earlier modules' models rather than
    copying them: module 02's trust rule (``trust.Params``: a gain closes a share of
    the gap to full trust, a loss takes ``asymmetry`` times a share of what is there;
    the field gain, the promise gain and the loss of a deal taken away); module 01's
    control felt and morale-driven quit rate (``control.control_felt``,
    ``control.Params``); module 04's large win rate (``start_small.Params``); module
    05's pull-forward of a quarter-end discount (``pebbles.Params``: ``pull_window``
    and ``discount_scale``); module 06's channel conflict and the share of it that
    rules of engagement leave (``one_team.conflict_chances``). Every size is our assumption, each
    uncertain one with its plausible range in ``uncertain.py``. References spread to the next customers by the Bass model
    ([bass-1969], Not rated: a model; [rogers-2003], definitional).

Used in:
    ``solutions/07_leap_of_faith/leap_of_faith.ipynb``, ``tests/test_leap_of_faith.py``,
    ``tests/test_scenario_contract.py`` and ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The directions rest on the findings the
    earlier modules used; every size is our assumption. An order kept on the customer's
    timeline can slip into next year (``slip_chance``), so the best path gives up some of
    this year's bookings for next year's business and the reference. Money is in
    $ thousands. Grading uses the *expected* value of each decision over many runs
    (``decision_values``), with the weights in ``VALUE_WEIGHTS``, never one run's luck.

The year's value (the grading's documented weights, all in $K, see ``VALUE_WEIGHTS``):
    gross profit booked this year
    + next year's gross profit from Northwind: its yearly contract x the chance it
      renews, which rises with the customer's trust, plus any order still open, signed
      next year with the chance the customer's trust gives
    + the next customers the account brings as a reference (Bass, over two years)
      x the gross profit of a first year with each
    - the expected cost of reps who leave in the next year (their risk of leaving,
      from their morale, x the cost of replacing each).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from course.scenarios import control, one_team, pebbles, start_small, trust
from course.trainee.random import make_rng

SEED = 2026  # the luck of the trainee's year, the tables and the explorer
RUNS = 2000  # runs of the year at once for an expected value
QUARTERS = 4
LETTERS = ("A", "B", "C")
BEST = ("C", "A", "B", "A")  # the best decision each quarter in expectation (tests pin it)
# Which earlier module's lesson each quarter's dilemma draws on (the notebook's classify item).
QUARTER_MODULES = {1: 4, 2: 5, 3: 1, 4: 6}
TITLES = {
    1: "The pilot: how Northwind starts",
    2: "The executive wants the quarter",
    3: "The dashboard says stalled",
    4: "A partner wants in",
}
REFERENCE_QUARTERS = 8  # the Bass horizon: the next two years

_TRUST = trust.Params()  # module 02's trust rule and repair shares
_CONTROL = control.Params()  # module 01's morale and quit-rate rule
_SMALL = start_small.Params()  # module 04's large deals
_PEBBLES = pebbles.Params()  # module 05's pull-forward of a quarter-end discount
# Module 06's rules of engagement (a protection window as long as the sales cycle, the renewal's
# owner agreed, direct reps paid the same on partner deals): the share of fights they leave.
_NO_RULES = one_team.Params()
_RULES = _NO_RULES.with_(
    protection_days=_NO_RULES.sales_cycle_days, renewal_owner="direct", comp_neutral=True
)
RULES_LEAVE = one_team.conflict_chances(_RULES)[0] / one_team.conflict_chances(_NO_RULES)[0]

# The grading's documented weights ($K): what each part of the year's value counts.
VALUE_WEIGHTS = {
    "gross profit this year": 1.0,
    "next year from Northwind": 1.0,
    "next customers from the reference": 1.0,
    "pipeline won next year": 1.0,
    "cost of reps who leave": -1.0,
}


@dataclass(frozen=True)
class Params:
    """The four decisions (1 = A, 2 = B, 3 = C) and the model's assumptions; money in $K.

    Change a copy with ``params.with_(q2=1)``; build one from letters with ``path("CABA")``.
    """

    # --- The leader's decisions: the levers (1 = A, 2 = B, 3 = C) ---------------------
    q1: int = 1  # Q1: A whole licence now at 25% off, B free wide pilot, C paid focused pilot
    q2: int = 2  # Q2: A keep the customer's timeline and price, B 20% off to close now, C press the CIO
    q3: int = (
        1  # Q3: A take the deal over and demand daily CRM updates, B two days on site, C ignore the flag
    )
    q4: int = 2  # Q4: A written rules with the partner, B keep it direct, C hand the account over

    # --- The customer --------------------------------------------------------------------
    # Northwind's trust in your company at the start, 0-1: a new vendor and a new
    # technology. Trust as the willingness to be vulnerable [mayer-davis-schoorman-1995]
    # (Not rated: a theory); the size is our assumption.
    customer_trust_start: float = 0.3
    # List price of the whole-company licence, $K a year: module 04's large deal
    # (480) times the divisions; our assumption.
    licence_value: float = 1440.0
    pilot_value: float = 150.0  # $K a focused, paid pilot brings; our assumption
    free_pilot_cost: float = 120.0  # $K of services a free, wide pilot costs; our assumption
    # Chance the focused pilot meets its written success criteria; our assumption.
    focused_pilot_success: float = 0.75
    wide_pilot_success: float = 0.5  # the same for a wide pilot with no criteria; our assumption
    # Chance a whole-company roll-out of unproven technology goes well; our assumption.
    big_bang_success: float = 0.45
    delivery_cost_share: float = 0.3  # delivery cost per $ of list price; our assumption

    # --- The executive and the quarter (module 05's lesson) --------------------------------
    discount: float = 0.2  # discount the executive wants to close the expansion now; our assumption
    # Customer trust lost by a discount to close now (the customer learns to wait for
    # the quarter's end) or by pressing the CIO; our assumption.
    discount_trust_loss: float = 0.08
    # Pressing the CIO costs trust as a discount does (a push the buyer feels), but gives no
    # price away. Our assumption.
    press_trust_loss: float = 0.12
    # Chance an order kept on the customer's own timeline slips into next year (procurement,
    # a budget cycle): the order a quarter-end discount pulls forward [larkin-2014] (module 05)
    # would otherwise often land later. Our assumption.
    slip_chance: float = 0.3

    # --- The stalled flag (module 01's lesson) ------------------------------------------------
    # Chance the flag is a real stall (the sponsor's attention has moved) at zero
    # customer trust; it falls as trust rises. The rest of the time the work goes on
    # on site and the CRM does not show it. Chosen to show the mechanism.
    stall_chance: float = 0.6
    # Chance a real stall is found and saved by: two days on site, taking the deal
    # over from the office, or nobody looking. Chosen to show the mechanism.
    save_on_site: float = 0.8
    save_from_office: float = 0.5
    save_unlooked: float = 0.15
    daily_crm_hours_per_week: float = 6.0  # CRM hours a week daily updates ask of each rep

    # --- The partner (module 06's lesson) ------------------------------------------------------
    partner_fee_share: float = 0.1  # share of Northwind's revenue the partner takes under written rules
    handover_fee_share: float = 0.3  # the same if the account is handed over
    # Chance a partner and your team fight over Northwind with no rules: module 06's
    # conflict_chance (our assumption there); written rules leave RULES_LEAVE of it.
    partner_conflict_chance: float = 0.5
    partner_pipeline: float = 900.0  # $K of pipeline a partner brings when it is in; our assumption

    # --- References to the next customers (Bass) ------------------------------------------
    next_customers: int = 12  # similar large firms watching Northwind; our assumption
    # Bass's coefficients, a quarter: adoption without a reference (innovation) and
    # the pull of a strong reference (imitation) [bass-1969] (Not rated: a model).
    # Both are our assumption: published fits of whole markets report p of about 0.01-0.03
    # and q of about 0.2-0.5 *a year* (0.05-0.125 a quarter); q = 0.3 *a quarter* is above
    # that, for one reference a dozen similar firms watch (plausible 0.1 to 0.5).
    innovation: float = 0.005
    imitation: float = 0.3
    first_year_value: float = 480.0  # $K a new large customer brings in its first year (module 04's)

    # --- The team ----------------------------------------------------------------------------
    other_revenue: float = 1000.0  # $K a quarter from the team's other accounts; our assumption
    other_pipeline: float = 3000.0  # $K of the team's pipeline outside Northwind at the start; our assumption
    pipeline_win_rate: float = 0.25  # share of the year-end pipeline won next year; our assumption
    star_leave_cost: float = 400.0  # $K lost if the star rep leaves (the account's relationship goes too)
    new_leave_cost: float = 120.0  # $K lost if the new rep leaves (hiring and ramp again)
    leader_day_cost: float = 6.0  # $K of the leader's other work a field day costs (8 h x $750, C7)

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy with some values changed (validated)."""
        return replace(self, **changes)

    @property
    def decisions(self) -> str:
        """The four decisions as letters, such as "CABA"."""
        return "".join(LETTERS[int(getattr(self, f"q{q}")) - 1] for q in range(1, QUARTERS + 1))


def path(letters: str, base: Params | None = None) -> Params:
    """Parameters with the decisions ``letters`` (such as "CABA"; fewer than four
    letters keep the rest of ``base``'s decisions)."""
    base = base or Params()
    letters = _letters(letters)
    return base.with_(**{f"q{i + 1}": LETTERS.index(letter) + 1 for i, letter in enumerate(letters)})


def _letters(letters: Any) -> str:
    if isinstance(letters, (list, tuple)):
        letters = "".join(str(x) for x in letters)
    if not isinstance(letters, str):
        raise ValueError(f"decisions must be letters such as 'CABA'; got {letters!r}.")
    # As the checks read a letter: without case, spaces, commas or a closing full stop ("b.").
    text = "".join(ch for ch in letters if ch not in " ,.!").upper()
    if len(text) > QUARTERS or any(x not in LETTERS for x in text):
        raise ValueError(f"decisions must be up to four letters, each A, B or C; got {letters!r}.")
    return text


# --------------------------------------------------------------------------- composed rules


def _gain(level: np.ndarray, share: float | np.ndarray) -> np.ndarray:
    """Module 02's rule for a positive event: close a share of the gap to full trust."""
    return level + share * (1.0 - level)


def _lose(level: np.ndarray, share: float | np.ndarray) -> np.ndarray:
    """Module 02's rule for a negative event: lose ``asymmetry`` times the share of what is there."""
    return level - np.minimum(1.0, _TRUST.asymmetry * share) * level


def yearly_leave_risk(morale: np.ndarray | float) -> np.ndarray:
    """Module 01's quit rule over a year: the typical monthly rate, multiplied by
    ``exp(slope x (reference morale - morale))``."""
    c = _CONTROL
    monthly = 1.0 - (1.0 - c.annual_attrition) ** (1.0 / 12.0)
    rate = np.minimum(
        1.0, monthly * np.exp(c.attrition_morale_slope * (c.attrition_reference_morale - np.asarray(morale)))
    )
    return 1.0 - (1.0 - rate) ** 12


def bass_adopters(
    params: Params, reference: float | np.ndarray, quarters: int | np.ndarray = REFERENCE_QUARTERS
) -> np.ndarray:
    """Expected next customers who adopt within ``quarters`` (Bass 1969): the share
    ``F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t)`` of ``next_customers``, with the
    imitation ``q`` scaled by the reference's strength (0-1)."""
    p = params.innovation
    q = params.imitation * np.asarray(reference, dtype=float)
    decay = np.exp(-(p + q) * quarters)
    return params.next_customers * (1.0 - decay) / (1.0 + (q / p) * decay)


def partner_fee(params: Params) -> float:
    """Share of Northwind's revenue the partner takes from the fourth quarter on (0 if kept direct)."""
    return {1: params.partner_fee_share, 2: 0.0, 3: params.handover_fee_share}[int(params.q4)]


def sign_chance(trust: np.ndarray) -> np.ndarray:
    """Chance Northwind signs an open order in a quarter (or next year), rising with its trust."""
    return np.clip(0.2 + 0.7 * np.asarray(trust, dtype=float), 0.0, 0.95)


def reference_curve(result: Result, quarters: np.ndarray) -> np.ndarray:
    """Next customers the reference brings by each of ``quarters`` after this year: the average over
    the runs of adopters with the reference minus those with none (the table's row is its value at
    ``REFERENCE_QUARTERS``; the explorer's right panel draws it, so the two always agree)."""
    p = result.params
    t = np.asarray(quarters, dtype=float)
    with_reference = bass_adopters(p, result.reference[:, None], t[None, :]).mean(axis=0)
    return np.maximum(0.0, with_reference - bass_adopters(p, 0.0, t))  # a reference never repels


def _pull(params: Params) -> float:
    """Module 05's rule: the share of next quarter's orders a quarter-end discount brings forward,
    ``pull_window x (1 - exp(-discount / discount_scale))``."""
    return _PEBBLES.pull_window * (1.0 - math.exp(-params.discount / _PEBBLES.discount_scale))


# --------------------------------------------------------------------------- the year


@dataclass(frozen=True)
class Result:
    """The year, run ``runs`` times: per-quarter visible numbers and the hidden state at its end."""

    params: Params
    revenue: np.ndarray  # (runs, 4) $K booked each quarter, the whole team
    profit: np.ndarray  # (runs, 4) $K gross profit each quarter
    pipeline: np.ndarray  # (runs, 4) $K of the team's pipeline at each quarter's end
    customer_trust: np.ndarray  # (runs,) at the year's end
    star_trust: np.ndarray
    new_trust: np.ndarray
    star_morale: np.ndarray
    new_morale: np.ndarray
    contract: np.ndarray  # (runs,) Northwind's yearly contract at the year's end, $K
    reference: np.ndarray  # (runs,) the reference's strength, 0-1
    quality: np.ndarray  # (runs,) how well the technology works at Northwind, 0-1
    northwind_open: np.ndarray  # (runs,) $K list of Northwind's order still open at the year's end
    events: tuple[tuple[str, ...], ...]  # what happened each quarter, in the first run

    @property
    def runs(self) -> int:
        return int(self.revenue.shape[0])

    @property
    def leave_risk(self) -> tuple[float, float]:
        """Mean chance the star rep and the new rep leave in the next year."""
        return float(yearly_leave_risk(self.star_morale).mean()), float(
            yearly_leave_risk(self.new_morale).mean()
        )

    @property
    def next_customers(self) -> float:
        """Expected next customers from the reference over two years, beyond those with no reference."""
        return float(reference_curve(self, np.array([REFERENCE_QUARTERS]))[0])

    def parts(self) -> dict[str, float]:
        """The year's value in its four parts ($K, means over the runs), each as an amount;
        ``VALUE_WEIGHTS`` says how each counts (the cost of reps who leave is subtracted)."""
        p = self.params
        margin = 1.0 - p.delivery_cost_share
        renew = 0.3 + 0.35 * self.customer_trust + 0.35 * self.quality
        star, new = (yearly_leave_risk(self.star_morale), yearly_leave_risk(self.new_morale))
        # Northwind's open order signs next year with the chance its trust gives, at list, less
        # the partner's fee; the rest of the pipeline is won at the team's usual rate.
        keep = 1.0 - partner_fee(p)
        open_next = self.northwind_open * sign_chance(self.customer_trust) * keep
        team_pipeline = self.pipeline[:, -1] - self.northwind_open
        return {
            "gross profit this year": float(self.profit.sum(axis=1).mean()),
            "next year from Northwind": float((self.contract * renew + open_next).mean() * margin),
            "next customers from the reference": self.next_customers * p.first_year_value * margin,
            "pipeline won next year": float(team_pipeline.mean()) * p.pipeline_win_rate * margin,
            "cost of reps who leave": float((star * p.star_leave_cost + new * p.new_leave_cost).mean()),
        }

    @property
    def value(self) -> float:
        """The year's value ($K, mean over runs) under ``VALUE_WEIGHTS``."""
        return sum(VALUE_WEIGHTS[name] * amount for name, amount in self.parts().items())

    @property
    def memo(self) -> dict[str, float]:
        """The CEO memo's three numbers (first run): revenue $K, margin %, pipeline $K at the end."""
        revenue, profit = float(self.revenue[0].sum()), float(self.profit[0].sum())
        return {
            "revenue": round(revenue),
            "margin": round(100 * profit / revenue, 1),
            "pipeline": round(float(self.pipeline[0, -1])),
        }

    def summary(self, baseline: Result | None = None) -> str:
        rev = self.revenue.sum(axis=1).mean()
        text = (
            f"Decisions {self.params.decisions}: on average ${rev:,.0f}K booked, "
            f"Northwind's trust {self.customer_trust.mean():.2f}, {self.next_customers:.1f} next customers "
            f"from the reference, the year's value ${self.value:,.0f}K."
        )
        if baseline is None or baseline.params == self.params:
            return text
        change = self.value - baseline.value
        if abs(change) < 5:
            return "About the same as the comparison path, in this model. " + text
        return (
            f"Compared with the path {baseline.params.decisions}: the year's value ${abs(change):,.0f}K "
            f"{'higher' if change > 0 else 'lower'} on average, revenue booked "
            f"${abs(rev - baseline.revenue.sum(axis=1).mean()):,.0f}K "
            f"{'higher' if rev >= baseline.revenue.sum(axis=1).mean() else 'lower'}. " + text
        )


def simulate(params: Params, *, seed: int | None = None, runs: int = RUNS) -> Result:
    """Run the year ``runs`` times at once. All luck is drawn first, so a later decision
    never changes what an earlier quarter brought (common random numbers)."""
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a whole number of 1 or more; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    luck = rng.random((QUARTERS, 4, runs))  # (quarter, event, run)
    n = runs
    ct = np.full(n, p.customer_trust_start)
    star_t = np.full(n, _TRUST.initial_trust)
    new_t = np.full(n, _TRUST.initial_trust)
    star_m = np.full(n, _CONTROL.morale_baseline)
    new_m = np.full(n, _CONTROL.morale_baseline)
    revenue = np.full((n, QUARTERS), p.other_revenue)
    profit = revenue * (1.0 - p.delivery_cost_share)
    pipeline = np.zeros((n, QUARTERS))
    contract = np.zeros(n)
    open_value = np.zeros(n)  # the open opportunity at Northwind, $K list
    quality = np.zeros(n)  # how well the technology works at Northwind, 0-1
    events: list[tuple[str, ...]] = []

    def book(q: int, mask: np.ndarray, list_value: np.ndarray | float, price: float = 1.0) -> None:
        value = np.where(mask, list_value, 0.0)
        revenue[:, q] += value * price
        profit[:, q] += value * (price - p.delivery_cost_share)

    # Q1: how the customer starts.
    u = luck[0]
    if p.q1 == 1:  # the whole licence now, 25% off: a leap before any evidence
        sign = u[0] < _SMALL.large_win_rate + 0.35 * ct
        book(0, sign, p.licence_value, 0.75)
        contract = np.where(sign, 0.75 * p.licence_value, 0.0)
        works = u[1] < p.big_bang_success
        quality = np.where(sign, np.where(works, 0.7, 0.2), 0.0)
        ct = np.where(sign, np.where(works, _gain(ct, 0.2), _lose(ct, 0.15)), _lose(ct, 0.08))
        # Signed: an add-on order for the rest of the roll-out is next; unsigned: the licence stays open.
        open_value = np.where(sign, 0.25 * p.licence_value, p.licence_value)
        e1 = (
            "Northwind signed the whole licence at 25% off."
            if sign[0]
            else "Northwind would not sign the whole licence yet."
        )
        if sign[0]:
            e1 += (
                " The roll-out went well."
                if works[0]
                else " The roll-out struggled: users went back to the old tools."
            )
    else:
        focused = p.q1 == 3
        if focused:
            book(0, np.ones(n, bool), p.pilot_value)
            contract = np.full(n, p.pilot_value)
        else:
            profit[:, 0] -= p.free_pilot_cost
        success = u[1] < (p.focused_pilot_success if focused else p.wide_pilot_success)
        quality = np.where(success, 0.8 if focused else 0.6, 0.3)
        promise = _TRUST.promise_gain * (4 if focused else 2)
        ct = np.where(success, _gain(ct, promise + 0.15), _lose(ct, 0.05))
        open_value = np.where(success, p.licence_value, 0.5 * p.licence_value)
        kind = "paid pilot in one division" if focused else "free pilot across three divisions"
        e1 = f"The {kind} " + (
            "met its success criteria." if success[0] else "fell short: the CIO wants a smaller next step."
        )
    pipeline[:, 0] = p.other_pipeline + open_value
    events.append((e1,))

    # Q2: the executive wants the quarter. Whether Northwind will sign at all is drawn first
    # (the same luck for every option); the options change when, at what price, and the trust.
    u = luck[1]
    chance = sign_chance(ct)
    will = (open_value > 0) & (u[0] < chance)
    if p.q2 == 1:  # keep the customer's timeline and price: it signs next quarter
        now = np.zeros(n, bool)
        ct = _gain(ct, _TRUST.promise_gain)  # the customer's timeline kept: a promise kept
        e2 = "You kept Northwind's timeline and your price, and told the executive the number you believe."
    elif p.q2 == 2:  # 20% off to close now: module 05's pull-forward rule
        now = will & (u[1] < _pull(p))
        book(1, now, open_value, 1.0 - p.discount)
        contract = contract + np.where(now, open_value * (1.0 - p.discount), 0.0)
        ct = _lose(ct, p.discount_trust_loss)
        # The team's other deals hear of it and expect the same.
        profit[:, 1] -= p.discount * 0.1 * p.other_revenue
        e2 = "You offered 20% off to close now." + (
            " Northwind signed this quarter." if now[0] else " Northwind did not sign this quarter."
        )
    else:  # press the CIO for a signature this quarter
        now = will & (u[1] < 0.5)
        book(1, now, open_value)
        contract = contract + np.where(now, open_value, 0.0)
        ct = _lose(ct, p.press_trust_loss)
        star_m = star_m - 0.05
        e2 = "Your star rep pressed the CIO to sign by the quarter's end." + (
            " Northwind signed." if now[0] else " Northwind did not sign this quarter."
        )
    open_value = np.where(now, 0.0, open_value)
    # The rest signs in quarter 3 at list price, unless the customer's own timeline slips into
    # next year (drawn here, the same luck for every option) or a stall gets in the way.
    slipped = will & ~now & (u[2] < p.slip_chance)  # lands next year whatever the fourth quarter brings
    later = will & ~now & ~slipped
    pipeline[:, 1] = p.other_pipeline * (0.9 if p.q2 == 2 else 1.0) + open_value
    events.append((e2,))

    # Q3: the CRM flags the deal as stalled; the star and the new rep share the account.
    u = luck[2]
    real = u[0] < p.stall_chance * (1.0 - ct)
    if p.q3 == 1:  # take it over, daily CRM updates
        saved = u[1] < p.save_from_office
        felt = control.control_felt(
            _CONTROL.with_(crm_hours_per_week=p.daily_crm_hours_per_week, reviews_per_month=4.0)
        )
        hit = _CONTROL.hidden_cost * felt
        star_m, new_m = star_m - hit, new_m - hit * _CONTROL.new_hire_control_sensitivity
        star_t, new_t = _lose(star_t, _TRUST.deal_taken_loss), _lose(new_t, _TRUST.deal_taken_loss)
        e3 = "You took the deal over and asked both reps for daily CRM updates."
    elif p.q3 == 2:  # two days on site with the new rep; the star coaches the new rep
        saved = u[1] < p.save_on_site
        support = _TRUST.field_gain * 0.6
        star_t, new_t = _gain(star_t, support * 0.5), _gain(new_t, support)
        star_m, new_m = star_m + 0.03, new_m + _CONTROL.field_morale_gain * 0.6
        profit[:, 2] -= 2 * p.leader_day_cost
        e3 = "You spent two days on site with the new rep, whom the star rep coached."
    else:  # ignore the flag, trust the star, move the new rep to a smaller account
        saved = u[1] < p.save_unlooked
        star_m, new_m = star_m + 0.02, new_m - 0.15
        new_t = _lose(new_t, 0.05)
        e3 = "You trusted the star rep's word and moved the new rep to a smaller account."
    hurt = real & ~saved
    ct = np.where(hurt, _lose(ct, 0.1), np.where(real & saved, _gain(ct, 0.1), ct))
    quality = np.where(hurt, quality * 0.7, quality)
    closes = later & ~hurt
    book(2, closes, open_value)
    contract = contract + np.where(closes, open_value, 0.0)
    open_value = np.where(closes, 0.0, np.where(hurt, 0.5 * open_value, open_value))
    e3 += (
        (
            " The flag was a real stall"
            + (", and it was found and saved." if saved[0] else ", and nobody caught it in time.")
        )
        if real[0]
        else " The flag was false: the new rep's site work had not been logged."
    )
    if closes[0]:
        e3 += " Northwind signed the expansion at list price."
    pipeline[:, 2] = p.other_pipeline + open_value
    events.append((e3,))

    # Q4: a partner wants in.
    u = luck[3]
    if p.q4 in (1, 2):
        # Written rules (A) leave module 06's share of the fights; keeping it direct (B) has no rules.
        conflict = u[0] < p.partner_conflict_chance * (RULES_LEAVE if p.q4 == 1 else 1.0)
        ct = np.where(conflict, _lose(ct, 0.08), ct)
        quality = np.where(conflict, quality * 0.85, quality)
    if p.q4 == 1:  # written rules: the partner implements, your rep keeps the relationship
        fee = p.partner_fee_share
        quality = np.minimum(1.0, quality + 0.15)
        partner = np.where(conflict, 0.0, p.partner_pipeline)
        e4 = (
            "You wrote the rules with the partner: it implements, your rep keeps the relationship, both get credit."
            + (" Even so, the partner and your rep fought over the next phase." if conflict[0] else "")
        )
    elif p.q4 == 2:  # keep it direct
        fee = 0.0
        star_m = star_m + 0.03
        partner = np.where(conflict, -0.5 * p.partner_pipeline, 0.0)
        e4 = "You kept the account direct." + (
            " The partner began steering Northwind to a rival."
            if conflict[0]
            else " The partner let it go, this time."
        )
    else:  # hand the account to the partner
        fee = p.handover_fee_share
        ct = _lose(ct, 0.08)
        quality = np.minimum(1.0, quality + 0.1)
        star_m, new_m = star_m - 0.12, new_m - 0.05
        star_t = _lose(star_t, 0.08)
        partner = p.partner_pipeline
        e4 = "You handed Northwind to the partner for 30% of its revenue."
        conflict = np.zeros(n, bool)
    last = (open_value > 0) & ~slipped
    closes = last & (u[1] < 0.6 * sign_chance(ct)) & ~conflict
    book(3, closes, open_value)
    contract = contract + np.where(closes, open_value, 0.0)
    open_value = np.where(closes, 0.0, open_value)
    if closes[0]:
        e4 += " Northwind signed the expansion before the year's end."
    # The partner's fee on Northwind's revenue from the fourth quarter on.
    profit[:, 3] -= fee * (revenue[:, 3] - p.other_revenue)
    contract = contract * (1.0 - fee)
    pipeline[:, 3] = p.other_pipeline + open_value + partner
    # What Northwind still has open at the year's end signs next year with the chance its trust gives,
    # less any partner fee: counted in next year's value from Northwind, not in the team's pipeline.
    events.append((e4,))

    reference = np.clip(ct * quality / 0.8, 0.0, 1.0)
    reference = np.where(contract > 0, reference, 0.0)
    return Result(
        p,
        revenue,
        profit,
        pipeline,
        np.clip(ct, 0, 1),
        np.clip(star_t, 0, 1),
        np.clip(new_t, 0, 1),
        np.clip(star_m, 0, 1),
        np.clip(new_m, 0, 1),
        contract,
        reference,
        quality,
        open_value,
        tuple(events),
    )


# --------------------------------------------------------------------------- decision quality


def decision_values(
    quarter: int, earlier: Any = "", *, seed: int = SEED, runs: int = RUNS
) -> dict[str, float]:
    """Expected value of the year ($K) for each option at ``quarter``, with the earlier
    decisions as made and the later ones at the model's best (``BEST``): the grade's basis."""
    if quarter not in range(1, QUARTERS + 1):
        raise ValueError(f"quarter must be 1, 2, 3 or 4; got {quarter!r}.")
    earlier = _letters(earlier)
    if len(earlier) != quarter - 1:
        raise ValueError(f"quarter {quarter} needs the {quarter - 1} earlier decisions; got {earlier!r}.")
    values = {}
    for letter in LETTERS:
        letters = earlier + letter + "".join(BEST[quarter:])
        values[letter] = simulate(path(letters), seed=seed, runs=runs).value
    return values


def decision_points(quarter: int, decisions: Any, *, seed: int = SEED, runs: int = RUNS) -> int:
    """Points for the decision at ``quarter``: 2 for the best option in expectation, 1 for the
    second, 0 for the worst (given the trainee's own earlier decisions)."""
    letters = _letters(decisions)
    values = decision_values(quarter, letters[: quarter - 1], seed=seed, runs=runs)
    order = sorted(values, key=values.get, reverse=True)
    return 2 - order.index(letters[quarter - 1])


def _validate(p: Params) -> None:
    for q in range(1, QUARTERS + 1):
        value = getattr(p, f"q{q}")
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer, float))
            or value not in (1, 2, 3)
        ):
            raise ValueError(f"q{q} must be 1, 2 or 3 (A, B or C); got {value!r}.")
    shares = (
        "customer_trust_start",
        "focused_pilot_success",
        "wide_pilot_success",
        "big_bang_success",
        "delivery_cost_share",
        "discount",
        "discount_trust_loss",
        "press_trust_loss",
        "stall_chance",
        "save_on_site",
        "save_from_office",
        "save_unlooked",
        "partner_fee_share",
        "handover_fee_share",
        "partner_conflict_chance",
        "innovation",
        "imitation",
    )
    for f in fields(p):
        value = getattr(p, f.name)
        if f.name.startswith("q") and f.name[1:].isdigit():
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not math.isfinite(value)
        ):
            raise ValueError(f"{f.name} must be a number; got {value!r}.")
        if f.name in shares and not 0 <= value <= 1:
            raise ValueError(f"{f.name} must be from 0 to 1 (a share); got {value!r}.")
        if value < 0:
            raise ValueError(f"{f.name} must be 0 or more; got {value!r}.")
    if p.innovation <= 0:
        raise ValueError(f"innovation must be above 0; got {p.innovation!r}.")
    if isinstance(p.next_customers, float) and not p.next_customers.is_integer():
        raise ValueError(f"next_customers must be a whole number; got {p.next_customers!r}.")


COMPARISON = Params()  # the explorer's comparison: the quarter-first path ABAB
