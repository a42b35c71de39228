"""The model of module 02 (pure, seeded, no plotting): trust between a sales leader and each
rep. What the scenario is, covers and is used in: ``course/scenarios/trust/__init__.py``.

How to read the numbers:
    A teaching model, not a forecast. The *directions* of the effects rest on
    published findings (each comment below names its source with the label the
    course's evidence rule computes, docs/EVIDENCE_RULE.md); the *sizes* are our
    assumption, chosen to show the mechanisms, and no study measured them. Trainees are graded on what this model does, never on a claim
    that real teams work exactly like it.

Mechanisms (one quarter, one rep):
    1. Time budget. Field days (8 hours each) and hours checking deals come out of
       the leader's free hours; the promises made to reps need hours too, and they
       are what gets squeezed. Free hours vary from month to month, so promises start
       to break in the tight months well before the average month is full, and more
       break the fuller it gets (a slope, not a cliff).
    2. Trust update (the rule sketched in the course's research notes, after the
       asymmetry principle, [slovic-1993], Low): each positive event closes a
       share of the gap to full trust, ``trust + gain * (1 - trust)``; each negative
       event removes a share of the trust there is, ``trust - loss * trust``, where
       a loss is ``asymmetry`` times the matching gain. Positive events: a kept
       promise, the leader's time in the field listening (psychological safety
       grows with a leader's coaching, [edmondson-1999], Low). Negative events: a
       broken promise, close checking of the rep's deals (control read as distrust,
       [falk-kosfeld-2006], Low for sales teams), a deal taken away.
    3. Reliability. Each rep has a true reliability: the chance that a deal they
       commit to closes. The leader does not see it; each commitment seen in the
       field is kept or missed, and the leader's estimate is the counting rule
       ``(kept + 1) / (seen + 2)`` (Laplace's rule of succession). Before any
       field time, the estimate comes from the record the leader starts with; the
       true reliabilities are drawn to be consistent with that record.
    4. Forecast. A deal that is going to slip is flagged early with a chance that
       rises with the rep's trust and falls, past a point, with close checking (the
       rep stops volunteering what the leader will dig up anyway). Of the slips not
       flagged, the leader finds some: checking reads the records, which hold less of
       the bad news the less the rep trusts the leader; field time sees deals with the
       customer. A slip the rep flags is saved more often than one the leader finds
       (the course's assumption). So light checking helps the forecast, heavy checking
       hurts it, and field time helps it twice (trust, and what the leader sees). At low trust the rep also
       holds back a share of the business that will close, outside the pipeline,
       where checking cannot find it (sandbagging; [gonik-1978] designed bonuses
       to reward honest forecasts, Low). Forecast error = the bad news not
       heard in time plus the business held back, in dollars.
    5. Violation and repair ([kim-2004], Low for sales teams: lab
       experiments): after a competence violation an apology wins back more trust
       than a denial; after an integrity violation a denial wins back more, if it
       is true. A denial that is false may be found out later, and then trust falls
       again. The shares won back are chosen to show this.
    6. Value of a rep (Exercise 3): revenue, minus ``miss_cost`` per dollar of
       forecast error, minus the leader's hours spent on the rep at
       ``leader_hour_value``.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from course.scenarios import validate
from course.trainee.random import make_rng

MONTHS_PER_QUARTER = 3
VIOLATIONS = ("none", "competence", "integrity")
RESPONSES = ("apology", "explanation", "denial", "silence")
MAX_FIELD_DAYS_PER_MONTH = 8.0
MAX_CHECKING_HOURS_PER_MONTH = 40.0
SEED = 2026  # the luck the notebook's tables and the explorer share


@dataclass(frozen=True)
class Params:
    """The leader's policy, the team, and the model's assumptions, each with its unit and source.

    Change a copy with ``params.with_(field_days_per_month=4)``.
    """

    # --- The leader's policy: the levers the trainee moves ------------------------
    field_days_per_month: float = 2.0  # days a month in the field with reps (0-8)
    # Hours a month the leader spends checking reps' deals line by line, the whole
    # team together (0-40). Spread over the reps by how unreliable the leader's
    # estimates say they are, unless checking_plan gives each rep's hours.
    checking_hours_per_month: float = 6.0
    # Hours a month of checking for each rep, in the order of the team; empty = use
    # checking_hours_per_month spread by the leader's estimates.
    checking_plan: tuple[float, ...] = ()

    # --- The team: what the leader has seen of each rep before the run -------------
    rep_names: tuple[str, ...] = ("Gina", "Hugo", "Ines", "Jon", "Kemal", "Lena")
    # Commitments the leader has seen each rep keep, and seen in all, before the run.
    record_kept: tuple[int, ...] = (9, 5, 4, 2, 1, 0)
    record_seen: tuple[int, ...] = (10, 6, 8, 5, 1, 0)
    quarters: int = 8  # length of the run; 8 quarters is two years

    # --- The leader's time ---------------------------------------------------------
    # Hours a month not already taken by the leader's own duties (their manager,
    # hiring, reporting up, their own accounts). Chosen to show the squeeze.
    free_hours_per_month: float = 60.0
    hours_per_field_day: float = 8.0  # a working day; chosen to show the mechanism
    promises_per_quarter: int = (
        2  # promises the leader makes each rep a quarter; chosen to show the mechanism
    )
    hours_per_promise: float = 2.0  # hours it takes to keep one; chosen to show the mechanism
    # Share of promises the leader keeps when time allows; chosen to show the mechanism.
    keep_rate: float = 0.9
    # How much the leader's free hours vary from month to month (a standard deviation,
    # as a share of free_hours_per_month): a month with an escalation or a board deck
    # has fewer, so promises start to break before the average month is full, and more
    # break the fuller it is. Our assumption (0.1-0.4).
    free_hours_spread: float = 0.25
    # Dollars an hour of the leader's other work is worth (their own deals, hiring,
    # reporting up): the price of every hour in the field or checking deals. The
    # course's convention C ($750, CONTRIBUTING.md); no study measured it.
    leader_hour_value: float = 750.0

    # --- Trust: how it is built and lost -------------------------------------------
    initial_trust: float = 0.5  # each rep's trust in a new leader, 0-1; chosen to show the mechanism
    # Share of the gap to full trust a kept promise closes. Direction: trust rests on
    # ability, benevolence and integrity ([mayer-davis-schoorman-1995], Not rated); size
    # chosen to show the mechanism.
    promise_gain: float = 0.06
    # Share of the gap closed in a quarter of full field support (listening, riding
    # along). Direction: a leader's coaching goes with psychological safety
    # ([edmondson-1999], Low); size chosen to show the mechanism.
    field_gain: float = 0.25
    # Field hours a month with one rep that give about two thirds of full support.
    field_scale_hours: float = 6.0
    # Share of trust lost in a quarter of heavy checking, before the asymmetry.
    # Direction: control read as a signal of distrust ([falk-kosfeld-2006], Low);
    # four repetitions found the effect real but usually too small to make control a
    # loss [ziegelmeyer-2012] (Low). Size chosen to show the mechanism.
    control_loss: float = 0.04
    # Checking hours a month on one rep at which control feels half-way to heavy. The
    # feeling grows with the square of the hours, so a light check goes almost unnoticed
    # and heavy checking is felt in full: "past a point". Our assumption (3-10 hours): a
    # half-hour deal review a week (2 hours a month) is ordinary in sales teams, not
    # yet close control.
    control_half_hours: float = 4.0
    # Share of trust lost when the leader takes over a rep's deal, before the asymmetry; chosen to show the mechanism.
    deal_taken_loss: float = 0.1
    deals_taken_per_year: float = 0.0  # deals the leader takes over from the team a year
    # How many times faster trust is lost than built, for events of the same size.
    # Direction: the asymmetry principle ([slovic-1993]), replicated with caveats
    # ([poortinga-pidgeon-2004]): Low. The "about 3 times" comes from a 2025
    # preprint's model [pant-yu-2025]: Not rated. An assumption: set it to 1 to switch it off.
    asymmetry: float = 3.0

    # --- Forecasts -------------------------------------------------------------------
    deals_per_quarter: int = 6  # deals each rep commits to a quarter; chosen to show the mechanism
    deal_size: float = 50_000.0  # dollars a deal; chosen to show the mechanism
    # Commitments the leader sees kept or missed per field day; chosen to show the mechanism.
    commitments_seen_per_field_day: float = 3.0
    # Chance that a rep with no trust in the leader flags a slipping deal early; at
    # full trust the chance is 1. Direction: people speak up where it feels safe
    # ([edmondson-1999], Low); size chosen to show the mechanism.
    honesty_floor: float = 0.2
    # Share of the business that will close a rep holds back at zero trust
    # (sandbagging); chosen to show the mechanism. [gonik-1978] designed bonuses against it (Low).
    sandbag_max: float = 0.25
    # Share of slipping deals a rep flags early that the leader and rep still save; chosen to show the mechanism.
    save_chance: float = 0.4
    # The same for a slipping deal the leader finds by checking, which the rep did not
    # bring: found later and with less of the rep's own plan behind it. This course's
    # assumption; size chosen to show the mechanism.
    found_save_chance: float = 0.2
    # Checking hours a month on one rep that find about two thirds of what the records show.
    checking_scale_hours: float = 3.0
    # Share of a rep's unflagged slipping deals that still show in the records (the CRM,
    # the pipeline notes) when the rep has no trust in the leader; at full trust all do.
    # Checking reads only the records: a rep who fears the leader keeps bad news out of
    # them, so checking finds least where trust is lowest. Our assumption (0.2-0.6).
    records_floor: float = 0.4
    # Share of their early warnings a rep stops volunteering under the heaviest checking
    # (control read as distrust lowers what people give freely, [falk-kosfeld-2006], Low;
    # "the leader will find it anyway"). Size our assumption (0.1-0.5).
    candour_loss: float = 0.3
    # Field hours a month with one rep at which the leader sees, with the customer, about
    # two thirds of the slipping deals the rep has not flagged ("to know what is
    # happening", the essay's claim). Size our assumption (4-16 hours).
    field_see_scale_hours: float = 8.0
    # Dollars of cost per dollar of forecast error (plans, hiring and commitments
    # made on a wrong number); chosen to show the mechanism.
    miss_cost: float = 0.25

    # --- A violation and the leader's response ------------------------------------------
    violation: str = "none"  # "none", "competence" (a broken promise) or "integrity" (a broken confidence)
    response: str = "silence"  # "apology", "explanation", "denial" or "silence"
    violation_quarter: int = 2  # the quarter in which it happens (1 = the first)
    # Share of each rep's trust lost at once; integrity violations weigh more
    # ([kim-2004], Low for sales teams); sizes chosen to show the mechanism.
    competence_drop: float = 0.3
    integrity_drop: float = 0.45
    # Shares of the drop each response wins back at once. Direction: [kim-2004]
    # (apology better for competence, denial better for integrity when true; Low for
    # sales teams: lab experiments); the explanation's place in between is this
    # course's assumption; sizes chosen to show the mechanism.
    apology_repair_competence: float = 0.5
    apology_repair_integrity: float = 0.15
    explanation_repair_competence: float = 0.3
    explanation_repair_integrity: float = 0.2
    denial_repair_competence: float = 0.1
    denial_repair_integrity: float = 0.4
    # True when the leader really did what the team suspects: a denial is then false.
    violation_is_real: bool = True
    # Chance each later quarter that a false denial is found out (trust then drops
    # again by integrity_drop). [kim-2004]: denial did worse when later
    # evidence showed guilt. Size chosen to show the mechanism.
    lie_found_chance: float = 0.25

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)

    @property
    def team_size(self) -> int:
        """Reps on the team."""
        return len(self.rep_names)


def reliability_estimate(kept: int, seen: int) -> float:
    """The leader's estimate of a rep's reliability: (kept + 1) / (seen + 2).

    Laplace's rule of succession: with nothing seen it says 0.5, and each
    commitment seen moves it towards the share actually kept.
    """
    for name, value in (("kept", kept), ("seen", seen)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a whole number of 0 or more; got {value!r}.")
    if kept > seen:
        raise ValueError(f"kept must be at most seen: {kept} kept of {seen} seen is impossible.")
    return (kept + 1) / (seen + 2)


def repair_share(params: Params, violation: str, response: str) -> float:
    """Share of a violation's drop in trust that ``response`` wins back at once."""
    if violation == "none":
        return 0.0
    if response == "silence":
        return 0.0
    return float(getattr(params, f"{response}_repair_{violation}"))


@dataclass(frozen=True)
class Result:
    """What one policy produced, quarter by quarter, averaged over the Monte Carlo runs.

    Attributes:
        params: the parameters that produced this result.
        quarter: 1, 2, ... quarters.
        trust: mean trust of the reps in the leader at the end of each quarter (0-1).
        trust_low, trust_high: 10th and 90th percentile of the team's mean trust.
        trust_by_rep: mean trust of each rep at the end of the run (0-1).
        forecast_error: the team's forecast error each quarter, as a share of revenue.
        heard_early: share of slipping deals the leader knew about in time, each quarter.
        estimate_error: how far the leader's estimates of the reps' reliability are
            from the truth, on average (0-1 scale), at the end of each quarter.
        estimates: the leader's mean estimate of each rep's reliability at the end.
        revenue: team revenue each quarter, dollars.
        promises_kept: share of promises kept each quarter.
        hours_used: the leader's hours a month in the field and checking deals.
        checking_by_rep: checking hours a month on each rep (mean over the run).
        value_by_rep: each rep's revenue minus the cost of forecast error and of the
            leader's hours spent on them, over the run, dollars (mean over runs).
        forecast_error_runs: each run's forecast error over the run, dollars.
        error_by_rep: each rep's forecast error over the run, dollars (mean over runs).
    """

    params: Params
    quarter: np.ndarray
    trust: np.ndarray
    trust_low: np.ndarray
    trust_high: np.ndarray
    trust_by_rep: np.ndarray
    forecast_error: np.ndarray
    heard_early: np.ndarray
    estimate_error: np.ndarray
    estimates: np.ndarray
    revenue: np.ndarray
    promises_kept: np.ndarray
    hours_used: float
    checking_by_rep: np.ndarray
    value_by_rep: np.ndarray
    forecast_error_runs: np.ndarray
    error_by_rep: np.ndarray

    @property
    def final_trust(self) -> float:
        """Mean trust at the end of the run, 0-1."""
        return float(self.trust[-1])

    @property
    def mean_forecast_error(self) -> float:
        """The forecast error over the whole run, as a share of revenue."""
        return float(self.forecast_error.mean())

    @property
    def total_revenue(self) -> float:
        """Team revenue over the run, dollars."""
        return float(self.revenue.sum())

    def summary(self, baseline: Result | None = None) -> str:
        """The outcomes in plain sentences (:func:`course.scenarios.trust.words.summary`)."""
        from course.scenarios.trust.words import summary  # the words live apart from the model

        return summary(self, baseline)


def _allocate_checking(p: Params, estimates: np.ndarray) -> np.ndarray:
    """Checking hours a month on each rep: the plan, or the total spread by estimated unreliability."""
    if p.checking_plan:
        return np.broadcast_to(np.asarray(p.checking_plan, dtype=float), estimates.shape)
    weight = 1.0 - estimates
    return p.checking_hours_per_month * weight / weight.sum(axis=1, keepdims=True)


def simulate(params: Params, *, seed: int | None = None, runs: int = 400) -> Result:
    """Run the team under the leader's policy, quarter by quarter.

    Args:
        params: the policy, the team and the assumptions.
        seed: seed of the random generator. The same seed gives the same result, and
            two policies run with the same seed meet the same luck.
        runs: Monte Carlo runs to average over (1-10,000).

    Returns:
        A :class:`Result` with quarterly averages over the runs.
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be trust.Params; got {type(params).__name__}.")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 10_000:
        raise ValueError(f"runs must be a whole number from 1 to 10,000; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    n, quarters = p.team_size, p.quarters
    kept0 = np.asarray(p.record_kept, dtype=float)
    seen0 = np.asarray(p.record_seen, dtype=float)

    # Luck, drawn up front so that every policy run with this seed meets the same dice.
    true_reliability = rng.beta(kept0 + 1, seen0 - kept0 + 1, size=(runs, n))
    deal_draws = rng.random((quarters, runs, n, p.deals_per_quarter))
    promise_draws = rng.random((quarters, runs, n, p.promises_per_quarter))
    cap = _commitment_cap(p)
    seen_uniform = rng.random((quarters, runs, n))
    kept_uniform = rng.random((quarters, runs, n, cap))
    taken_draws = rng.random((quarters, runs, n))
    lie_draws = rng.random((quarters, runs))

    trust = np.full((runs, n), p.initial_trust)
    kept = np.broadcast_to(kept0, (runs, n)).copy()
    seen = np.broadcast_to(seen0, (runs, n)).copy()
    lie_pending = np.zeros(runs, dtype=bool)

    gain, loss = p.promise_gain, p.asymmetry * p.promise_gain
    field_hours = p.field_days_per_month * p.hours_per_field_day
    support = 1.0 - math.exp(-(field_hours / n) / p.field_scale_hours)
    seen_in_field = 1.0 - math.exp(-(field_hours / n) / p.field_see_scale_hours)
    promise_hours = p.promises_per_quarter * n * p.hours_per_promise / MONTHS_PER_QUARTER
    seen_per_quarter = p.field_days_per_month * MONTHS_PER_QUARTER * p.commitments_seen_per_field_day / n
    taken_chance = min(1.0, p.deals_taken_per_year / 4 / n)

    out_trust = np.zeros((quarters, runs))
    forecast_error = np.zeros((quarters, runs))
    revenue = np.zeros((quarters, runs))
    heard = np.zeros(quarters)
    estimate_error = np.zeros(quarters)
    promises_kept = np.zeros(quarters)
    checking_total = np.zeros((runs, n))
    value = np.zeros((runs, n))
    error_by_rep = np.zeros((runs, n))
    hours_used = 0.0

    for q in range(quarters):
        estimates = (kept + 1) / (seen + 2)
        checking = _allocate_checking(p, estimates)
        checking_total += checking
        used = field_hours + checking.sum(axis=1)  # hours a month, per run
        hours_used += float(used.mean()) / quarters
        time_share = _promise_time_share(p, used, promise_hours)
        keep_chance = p.keep_rate * time_share[:, None, None]

        # The deals of the quarter and what the leader hears of them.
        closes = (deal_draws[q] < true_reliability[:, :, None]).sum(axis=2)
        slips = p.deals_per_quarter - closes
        control = checking**2 / (checking**2 + p.control_half_hours**2)  # light checks pass unnoticed
        honesty = (p.honesty_floor + (1.0 - p.honesty_floor) * trust) * (1.0 - p.candour_loss * control)
        in_records = p.records_floor + (1.0 - p.records_floor) * trust
        checked = in_records * (1.0 - np.exp(-checking / p.checking_scale_hours))
        found = 1.0 - (1.0 - seen_in_field) * (1.0 - checked)
        hidden_share = (1.0 - honesty) * (1.0 - found)
        flagged = slips * honesty
        found_by_checking = slips * (1.0 - honesty) * found
        known = flagged + found_by_checking
        saved = flagged * p.save_chance + found_by_checking * p.found_save_chance
        held_back = (
            p.sandbag_max * (1.0 - trust) * closes
        )  # kept out of the pipeline: checking cannot find it
        rep_revenue = (closes + saved) * p.deal_size
        rep_error = (slips * hidden_share + held_back) * p.deal_size
        revenue[q] = rep_revenue.sum(axis=1)
        forecast_error[q] = rep_error.sum(axis=1)
        total_slips = slips.sum()
        heard[q] = known.sum() / total_slips if total_slips else 1.0
        hours_cost = MONTHS_PER_QUARTER * (checking + field_hours / n) * p.leader_hour_value
        value += rep_revenue - p.miss_cost * rep_error - hours_cost
        error_by_rep += rep_error

        # What the leader sees in the field updates the record.
        seen_now = _poisson(seen_uniform[q], seen_per_quarter, cap)
        each_kept = kept_uniform[q] < true_reliability[:, :, None]
        kept_now = (each_kept & (np.arange(cap) < seen_now[:, :, None])).sum(axis=2)
        seen += seen_now
        kept += kept_now
        estimate_error[q] = float(np.abs((kept + 1) / (seen + 2) - true_reliability).mean())

        # Trust: gains close the gap to 1, losses take a share of what is there.
        kept_promises = (promise_draws[q] < keep_chance).sum(axis=2)
        broken = p.promises_per_quarter - kept_promises
        promises_kept[q] = kept_promises.mean() / p.promises_per_quarter if p.promises_per_quarter else 1.0
        taken = taken_draws[q] < taken_chance
        trust = 1.0 - (1.0 - trust) * (1.0 - gain) ** kept_promises * (1.0 - p.field_gain * support)
        trust = trust * (1.0 - loss) ** broken
        trust = trust * (1.0 - p.asymmetry * p.control_loss * control)
        trust = trust * np.where(taken, 1.0 - min(1.0, p.asymmetry * p.deal_taken_loss), 1.0)

        if p.violation != "none" and q + 1 == p.violation_quarter:
            drop = p.competence_drop if p.violation == "competence" else p.integrity_drop
            trust = trust * (1.0 - drop * (1.0 - repair_share(p, p.violation, p.response)))
            lie_pending[:] = p.response == "denial" and p.violation_is_real
        elif lie_pending.any():
            found_out = lie_pending & (lie_draws[q] < p.lie_found_chance)
            trust = np.where(found_out[:, None], trust * (1.0 - p.integrity_drop), trust)
            lie_pending &= ~found_out
        trust = np.clip(trust, 0.0, 1.0)
        out_trust[q] = trust.mean(axis=1)

    share_error = forecast_error / np.maximum(revenue, 1.0)
    return Result(
        params=p,
        quarter=np.arange(1, quarters + 1),
        trust=out_trust.mean(axis=1),
        trust_low=np.percentile(out_trust, 10, axis=1),
        trust_high=np.percentile(out_trust, 90, axis=1),
        trust_by_rep=trust.mean(axis=0),
        forecast_error=share_error.mean(axis=1),
        heard_early=heard,
        estimate_error=estimate_error,
        estimates=((kept + 1) / (seen + 2)).mean(axis=0),
        revenue=revenue.mean(axis=1),
        promises_kept=promises_kept,
        hours_used=hours_used,
        checking_by_rep=(checking_total / quarters).mean(axis=0),
        value_by_rep=value.mean(axis=0),
        forecast_error_runs=forecast_error.sum(axis=0),
        error_by_rep=error_by_rep.mean(axis=0),
    )


# Standard normal quantiles at the middles of 41 equal slices: the months the leader may have.
_NORMAL_SLICES = np.array([statistics.NormalDist().inv_cdf((k + 0.5) / 41) for k in range(41)])


def _promise_time_share(p: Params, used: np.ndarray, promise_hours: float) -> np.ndarray:
    """Share of the promise hours the leader finds, averaged over the months they may have.

    A month's free hours are ``free_hours_per_month * (1 + free_hours_spread * z)``, z a
    standard normal: what is left after field days and checking goes to the promises. So
    promises start to break in the tight months before the average month is full, and
    keep breaking more as it fills: a slope, not a cliff.
    """
    if not promise_hours:
        return np.ones_like(used, dtype=float)
    free = p.free_hours_per_month * np.maximum(0.0, 1.0 + p.free_hours_spread * _NORMAL_SLICES)
    spare = free[None, :] - np.asarray(used, dtype=float)[:, None]
    return np.clip(spare / promise_hours, 0.0, 1.0).mean(axis=1)


def _poisson(uniform: np.ndarray, mean: float, cap: int) -> np.ndarray:
    """Poisson counts from uniform draws (inverse CDF, at most ``cap``), so the dice do
    not depend on the mean: a policy with more field days meets the same luck."""
    counts = np.zeros(uniform.shape)
    if mean <= 0:
        return counts
    term = math.exp(-mean)
    cdf = term
    for k in range(1, cap + 1):
        counts += uniform > cdf
        term *= mean / k
        cdf += term
    return counts


def _commitment_cap(params: Params) -> int:
    """Most commitments one rep can be seen making in a quarter (at the most field days)."""
    most = (
        MAX_FIELD_DAYS_PER_MONTH
        * MONTHS_PER_QUARTER
        * params.commitments_seen_per_field_day
        / params.team_size
    )
    return int(math.ceil(most + 6 * math.sqrt(most) + 5))


# --------------------------------------------------------------------------- violation and repair


def quarters_to_recover(
    path: np.ndarray, without: np.ndarray, violation_quarter: int, *, tolerance: float = 0.05
) -> int:
    """Quarters after the violation until trust is back within ``tolerance`` of where it
    would have been without it (one more than the run's remaining quarters if never)."""
    after = np.arange(violation_quarter - 1, len(path))
    close = np.abs(path[after] - without[after]) <= tolerance
    if close.all():
        return 0
    # the first quarter from which trust stays close
    last_far = int(np.nonzero(~close)[0].max())
    return last_far + 1 if last_far + 1 < len(after) else len(after)


# --------------------------------------------------------------------------- checking each rep


# --------------------------------------------------------------------------- assumptions


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    number_between = partial(validate.number_between, p)
    whole_between = partial(validate.whole_between, p)

    def choice(name: str, options: tuple[str, ...]) -> None:
        value = getattr(p, name)
        if value not in options:
            raise ValueError(f"{name} must be one of {', '.join(repr(o) for o in options)}; got {value!r}.")

    number_between("field_days_per_month", 0, MAX_FIELD_DAYS_PER_MONTH, "days a month")
    number_between("checking_hours_per_month", 0, MAX_CHECKING_HOURS_PER_MONTH, "hours a month")
    if (
        not isinstance(p.rep_names, tuple)
        or not p.rep_names
        or not all(isinstance(r, str) for r in p.rep_names)
    ):
        raise ValueError(
            f"rep_names must be a tuple of at least one name, such as ('Asha',); got {p.rep_names!r}."
        )
    if len(p.rep_names) > 30:
        raise ValueError(f"rep_names must name at most 30 reps; got {len(p.rep_names)}.")
    for name in ("record_kept", "record_seen", "checking_plan"):
        value = getattr(p, name)
        if not isinstance(value, tuple):
            raise ValueError(f"{name} must be a tuple, such as (3, 4); got {value!r}.")
    for name in ("record_kept", "record_seen"):
        value = getattr(p, name)
        if len(value) != p.team_size:
            raise ValueError(f"{name} needs one number per rep ({p.team_size}); got {len(value)}.")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (int, np.integer)) or not 0 <= item <= 1000:
                raise ValueError(f"{name} must hold whole numbers from 0 to 1,000; got {item!r}.")
    for name, kept, seen in zip(p.rep_names, p.record_kept, p.record_seen, strict=True):
        if kept > seen:
            raise ValueError(f"record_kept for {name} is {kept}, more than the {seen} seen in record_seen.")
    if p.checking_plan:
        if len(p.checking_plan) != p.team_size:
            raise ValueError(
                f"checking_plan needs one number of hours per rep ({p.team_size}); got {len(p.checking_plan)}."
            )
        for item in p.checking_plan:
            if (
                isinstance(item, bool)
                or not isinstance(item, (int, float))
                or not 0 <= item <= MAX_CHECKING_HOURS_PER_MONTH
            ):
                raise ValueError(f"checking_plan must hold hours a month from 0 to 40; got {item!r}.")
    whole_between("quarters", 1, 40, "quarters")
    number_between("free_hours_per_month", 0, 400, "hours")
    number_between("hours_per_field_day", 0, 24, "hours")
    whole_between("promises_per_quarter", 0, 20, "promises")
    number_between("hours_per_promise", 0, 40, "hours")
    number_between("leader_hour_value", 0, 10_000, "dollars")
    for share in (
        "keep_rate",
        "initial_trust",
        "promise_gain",
        "field_gain",
        "control_loss",
        "deal_taken_loss",
        "honesty_floor",
        "sandbag_max",
        "save_chance",
        "found_save_chance",
        "records_floor",
        "candour_loss",
        "miss_cost",
        "competence_drop",
        "integrity_drop",
        "apology_repair_competence",
        "apology_repair_integrity",
        "explanation_repair_competence",
        "explanation_repair_integrity",
        "denial_repair_competence",
        "denial_repair_integrity",
        "lie_found_chance",
    ):
        number_between(share, 0, 1, "(a share)")
    number_between("asymmetry", 0, 10, "(times)")
    for name in ("promise_gain", "control_loss"):
        if p.asymmetry * getattr(p, name) > 1:
            raise ValueError(
                f"asymmetry x {name} must be at most 1 (a share of trust lost); got {p.asymmetry * getattr(p, name):g}."
            )
    number_between("field_scale_hours", 0.01, 1000, "hours")
    number_between("control_half_hours", 0.01, 1000, "hours")
    number_between("checking_scale_hours", 0.01, 1000, "hours")
    number_between("field_see_scale_hours", 0.01, 1000, "hours")
    number_between("free_hours_spread", 0, 1, "(a share of the free hours)")
    number_between("deals_taken_per_year", 0, 100, "deals")
    whole_between("deals_per_quarter", 1, 100, "deals")
    number_between("deal_size", 0, 1e9, "dollars")
    number_between("commitments_seen_per_field_day", 0, 50, "commitments")
    choice("violation", VIOLATIONS)
    choice("response", RESPONSES)
    whole_between(
        "violation_quarter", 1, p.quarters if p.violation != "none" else 40, "quarters (within the run)"
    )
    if not isinstance(p.violation_is_real, bool):
        raise ValueError(f"violation_is_real must be True or False; got {p.violation_is_real!r}.")


POLICY_LEVERS: tuple[str, ...] = ("field_days_per_month", "checking_hours_per_month")

TEAM = Params()
FOUR_REPS = Params(
    rep_names=("Asha", "Ben", "Carla", "Dev"),
    record_kept=(18, 2, 2, 1),
    record_seen=(20, 2, 10, 4),
)
# Exercise 1: the team over four years, a violation in quarter 2.
REPAIR_TEAM = Params(quarters=16)
# Exercise 3: hours a month of checking to choose from for each of FOUR_REPS.
CHECKING_OPTIONS: tuple[int, ...] = (0, 2, 6)

PRESETS = {
    "Your team of six": TEAM,
    "Six reps you have never seen": Params(record_kept=(0,) * 6, record_seen=(0,) * 6),
    "A leader who takes over big deals": Params(deals_taken_per_year=4.0),
}
