"""The model of module 01 (pure, seeded, no plotting): a sales team under a leader's tracking
and field time. What the scenario is, covers and is used in: ``course/scenarios/control/__init__.py``.

How to read the numbers:
    This is a teaching model, not a forecast. Each assumption in :class:`Params` names its
    source by key in the course bibliography (``course/bibliography.py``, for example
    ``[falk-kosfeld-2006]``) with the label the course's evidence rule computes
    (docs/EVIDENCE_RULE.md) and what the source measured, or says that it is *our
    assumption*: a number no study measured. Every uncertain one has a plausible range,
    declared once in ``PLAUSIBLE``; the robustness run (``python -m
    course.scenarios.robustness 01``) measures how much of that space each lesson holds in
    (docs/MODEL_VALIDITY.md).

Mechanisms (one month, one seat):
    1. Reporting time: CRM hours a week * 52 / 12, plus reviews a month * the hours
       each review costs the rep. It comes out of selling time.
    2. Control felt: reporting_hours / (reporting_hours + control_half_hours),
       from 0 (none) towards 1 (heavy).
    3. Morale moves a third of the way each month towards a target: the baseline,
       minus ``hidden_cost`` * control * the rep's sensitivity to control, plus a
       lift from the leader's field time, minus ``earnings_morale_weight`` * the share
       by which the rep's selling (and so their commission) falls short of a normal
       month. Directions: hidden costs of control [falk-kosfeld-2006], real but usually
       too small to make control a loss in four repetitions [ziegelmeyer-2012]; electronic
       monitoring goes with more stress and no better performance [ravid-2023]; positive
       feedback raised people's interest in a task [deci-koestner-ryan-1999] (that field
       days deliver it is assumed); limited earnings is one of the causes salespeople give
       for leaving [depaul-2010]. Veterans are assumed more sensitive to control than new
       hires: the course's reading of [kessler-leider-2016], not the study's.
    4. Skill grows towards 1 with on-the-job learning plus coaching from the leader's
       field time (coaching by professional coaches works [theeboom-2014], Low for sales
       teams; that a leader's coaching works as well is our assumption).
    5. A pipeline review helps a rep see what they would otherwise miss, and helps in
       proportion to what the rep does not yet know: a veteran gains little, a new
       hire a lot (an assumption, loosely related to [thompson-vecchio-2009]'s weak
       finding that experienced people gain more from autonomy).
    6. CRM records have a value as well as a cost. How complete they are rises with CRM
       hours, 1 - exp(-hours / crm_record_hours). Incomplete records cost three ways: deals
       slip through forgotten follow-ups (revenue), a leaver's pipeline is lost at the
       hand-over, and the leader builds the forecast by hand (the leader's hours). Among
       salespeople, sales technology used to communicate went with better relationship-building,
       and used to analyse information with worse administrative work [hunter-perreault-2007]; that
       records save slipped deals, and every size here, is our assumption.
    7. Revenue = selling hours * productivity * effort * (1 - deals slipped) * (1 + the
       lift on deals the leader sees in the field) * revenue per hour, where effort rises
       with morale (wanting to do the work predicts performance [cerasoli-2014]).
    8. Each month a rep quits with a chance that is the typical attrition rate at the
       reference morale and rises as morale falls (poor management and limited earnings
       are among the causes of sales turnover [depaul-2010]). An empty seat is refilled
       by a new hire after ``vacancy_months``; each hire takes ``leader_hours_per_hire``
       of the leader's time.
    9. The leader's time: reviews take ``leader_hours_per_review`` per rep, field days
       ``hours_per_field_day`` each, the forecast what the CRM records leave undone, and
       each hire its interviews; those hours come out of the leader's other work, valued
       at ``leader_hour_value`` dollars an hour. ``Result.net_revenue`` is team revenue
       minus that value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from course.scenarios import validate
from course.trainee.random import make_rng

WEEKS_PER_MONTH = 52 / 12

# The limits of the leader's three levers, in the units the sliders show.
MAX_REVIEWS_PER_MONTH = 8.0
MAX_CRM_HOURS_PER_WEEK = 15.0
MAX_FIELD_DAYS_PER_MONTH = 10.0

# One seed for the notebook's tables and the explorer, so both show the same luck.
SEED = 2026


@dataclass(frozen=True)
class Params:
    """Everything the scenario depends on: the leader's policy, the team, and the
    model's assumptions, each with its unit and source.

    Change a copy with ``dataclasses.replace(params, reviews_per_month=4)`` or
    ``params.with_(reviews_per_month=4)``.
    """

    # --- The leader's policy: the three levers the trainee moves ----------------
    reviews_per_month: float = 2.0  # pipeline reviews each rep attends a month (0-8)
    crm_hours_per_week: float = 3.0  # CRM reporting each rep owes a week, hours (0-15)
    field_days_per_month: float = 2.0  # leader's days in the field with reps (0-10)

    # --- The team -----------------------------------------------------------------
    n_veterans: int = 6  # reps already fully ramped
    n_new_hires: int = 2  # reps in their first month
    quarters: int = 4  # length of the run; 4 quarters is one year

    # --- Time ---------------------------------------------------------------------
    # A rep's working hours a month: 40-hour weeks. Our assumption, and a given the exercises
    # state, so it has no plausible range to sample.
    hours_per_month: float = 160.0
    # Share of a rep's hours left for selling before the leader's own reporting
    # demands. Our assumption, set from measured figures that count something else:
    # salespeople (North American manufacturing and distribution) reported selling 38% of
    # their time [ipg-2006] (Low: self-reports, seen second-hand), but that 38% is what was
    # left after all the reporting they already did, so taking it as the share *before*
    # reporting counts reporting twice. A stricter count gives 11% of active selling, 21%
    # with prospecting [proudfoot-2005] (Low: a consultancy's figures, seen second-hand).
    # The model takes the 38%; its plausible range runs from that 38% (as if IPG's reps had
    # reported nothing) to 48% (the 38% plus the 16 of 160 hours the default policy's
    # reporting takes), so it stays consistent with what IPG measured.
    base_selling_share: float = 0.38
    # Rep's hours per pipeline review, preparation included. Our assumption.
    hours_per_review: float = 1.5
    # Leader's hours per field day: a working day. Our assumption, and a given the exercises
    # state, so it has no plausible range to sample.
    hours_per_field_day: float = 8.0

    # --- The leader's own time ------------------------------------------------------
    # Leader's hours per rep per review (a 30-minute review with each rep). Our assumption,
    # and a given the exercises state, so it has no plausible range to sample.
    leader_hours_per_review: float = 0.5
    # Dollars an hour of the leader's other work is worth (own deals, hiring, reporting
    # up): what a field day or a review round takes away. Our assumption (plausible
    # $150-1,500; see PLAUSIBLE): at this value a few field days a month pay for
    # themselves and ten do not. A slider in the explorer.
    leader_hour_value: float = 750.0
    # Leader's hours per new hire: sourcing, interviews, onboarding. Our assumption.
    leader_hours_per_hire: float = 20.0

    # --- Control and morale -------------------------------------------------------
    # Reporting hours a month at which control feels "half way to heavy". Our
    # assumption; no study measured it.
    control_half_hours: float = 15.0
    # Morale lost at full control by a fully sensitive rep. Direction: control lowered
    # effort in the laboratory [falk-kosfeld-2006] (Low for sales teams: one lab game with
    # students); four repetitions found the cost real but usually too small to make control
    # a loss [ziegelmeyer-2012] (Low: lab games with students); a field experiment found
    # little sign of it [landry-2011] (Medium). Size: our assumption, no study maps onto it;
    # the slider's range (0 to 0.6) is chosen to show weak to strong effects.
    hidden_cost: float = 0.35
    # A new hire's sensitivity to control relative to a veteran's (veteran = 1).
    # Control backfired only when several conditions held together, one of them a
    # norm of high effort [kessler-leider-2016] (Low: one lab experiment with students);
    # that veterans have such a norm more often is the course's reading, not the study's.
    # Size: our assumption.
    new_hire_control_sensitivity: float = 0.4
    # Morale a rep settles at with no control and no field time. Our assumption.
    morale_baseline: float = 0.75
    # Extra morale from the leader's field time at full support. Direction: positive
    # feedback raised people's own interest in a task [deci-koestner-ryan-1999] (Low for
    # sales teams: experiments with students; d = 0.33 there is for rewards lowering
    # free-choice behaviour, not this lift); that field time delivers it is our assumption,
    # and so is the size.
    field_morale_gain: float = 0.15
    # Morale lost when a rep sells nothing at all, in proportion to the share by which
    # their selling (and so their commission) falls short of a normal month. Direction:
    # limited earnings is among the causes salespeople give for leaving [depaul-2010]
    # (Low: one survey, seen second-hand); a published sales-agent model has agents quit
    # when selling time is too short to earn [houghton-2016] (a model's assumption). Size:
    # our assumption.
    earnings_morale_weight: float = 0.5
    # Share of the hours available for selling (before the leader's demands) that a rep counts
    # as a normal month's selling, and so a normal month's pay: about what the default policy
    # leaves (45 of 61 hours). Relative, because where reps sell less of their time, quotas and
    # pay are set for it. Our assumption.
    expected_selling_share: float = 0.75
    # Months for morale to close about two thirds of the gap to its target: a
    # published sales-agent model adjusts motivation over 3 months [houghton-2016]
    # (a model's assumption, not data); taking it here, and the range, is our assumption.
    morale_adjust_months: float = 3.0
    # How much effort depends on morale: effort = 1 - w + w * morale. Wanting to do
    # the work predicts performance, clearly but far from completely [cerasoli-2014]
    # (Low for sales teams: correlational studies of employees outside sales); a weight of
    # 0.5 is our assumption.
    morale_effort_weight: float = 0.5

    # --- Skill and coaching ------------------------------------------------------
    veteran_skill: float = 0.9  # productivity of a ramped rep, 0-1; our assumption
    new_hire_skill: float = 0.3  # productivity in month one, 0-1; our assumption
    # Monthly share of the remaining skill gap closed by selling alone. Set with
    # field_learning so that a new hire under the default policy reaches 80% of a
    # veteran's skill in about 5 months: our assumption, not a measurement. The nearest
    # figure: SaaS inside-sales account executives (deals of about $25-35K) ramp in "just
    # under 5 months" [bridge-group-ramp] (Low: a vendor's survey, seen second-hand), a
    # different kind of rep; the source does not define "ramped", and the 80% is ours.
    on_the_job_learning: float = 0.15
    # Extra monthly share closed at full field coaching. Coaching by professional coaches
    # works [theeboom-2014] (Low for sales teams); that a leader's coaching does is our
    # assumption, and so is the size.
    field_learning: float = 0.15
    # Coaching hours a month per rep that give about two thirds of full support.
    # Our assumption.
    coaching_scale_hours: float = 4.0
    # Largest share of a rep's skill gap that pipeline reviews can cover, and the
    # reviews a month that give about two thirds of it; both our assumption.
    review_help_max: float = 0.6
    review_help_scale: float = 1.0  # reviews a month for two thirds of the help

    # --- Attrition ----------------------------------------------------------------
    # Annual turnover of US salespeople "as high as 27%" [hbr-2017-turnover]
    # (Low: a magazine's upper estimate); 28% for outside salespeople [depaul-2010] (Low).
    # Using it as the rate at the reference morale is our assumption.
    annual_attrition: float = 0.27
    # Morale at which reps quit at exactly that rate: about what the default policy
    # produces for veterans. Our assumption, set from the model's own default run.
    attrition_reference_morale: float = 0.65
    # How fast the quit rate moves with morale: the monthly rate is multiplied by
    # exp(slope * (reference morale - morale)), so it rises as morale falls below the
    # reference and falls as morale rises above it. Our assumption; no study we cite
    # measured how quits move with morale.
    attrition_morale_slope: float = 4.0
    # Months a seat stays empty after a rep quits. Our assumption.
    vacancy_months: int = 2

    # --- What CRM records are worth ------------------------------------------------
    # CRM hours a week per rep that make the records about two thirds complete. Our assumption.
    crm_record_hours: float = 1.0
    # Share of a rep's revenue lost to forgotten follow-ups and dropped deals when they keep
    # no records at all. Direction and size are our assumption: no study we cite measured deals
    # lost for want of records ([hunter-perreault-2007], Low, linked sales technology used to
    # communicate with better relationship-building).
    crm_slip_share: float = 0.15
    # Months of a leaver's revenue lost with their pipeline when they leave no records (the
    # successor starts again with those customers). Our assumption.
    handover_months: float = 1.0
    # Leader's hours a month to build the forecast for their VP with no CRM records; complete
    # records leave none of it to do by hand. Our assumption.
    forecast_hours: float = 12.0

    # --- What the leader sees ----------------------------------------------------
    open_deals_per_rep: float = 8.0  # live deals a rep works at once; our assumption
    deals_seen_per_field_day: float = 2.0  # deals seen first hand a field day; our assumption
    # Extra revenue on the deals the leader works in the field: a leader on a team call can
    # help close [practice guidance; no controlled study of ride-alongs found]. Our assumption.
    field_close_lift: float = 0.2

    # --- Money --------------------------------------------------------------------
    # Revenue a fully skilled, fully motivated rep brings per selling hour, in
    # dollars. Our assumption (no study we cite measured it). A veteran with NO reporting sells about
    # $0.95M a year (61 selling hours a month); under the default policy (2 reviews,
    # 3 CRM hours a week) about $0.65M, because reporting takes 16 of those hours.
    revenue_per_selling_hour: float = 1500.0

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)

    @property
    def team_size(self) -> int:
        """Seats on the team."""
        return self.n_veterans + self.n_new_hires

    @property
    def months(self) -> int:
        """Months in the run."""
        return 3 * self.quarters


@dataclass(frozen=True)
class Result:
    """What one policy produced, month by month, averaged over the Monte Carlo runs.

    Attributes:
        params: the parameters that produced this result.
        month: 1, 2, ... months.
        revenue: team revenue each month, dollars (mean over runs).
        revenue_low, revenue_high: 10th and 90th percentile of monthly team revenue.
        selling_hours: selling hours per rep each month (policy-driven, same for all).
        reporting_hours: reporting hours per rep each month.
        morale: mean morale (0-1) of the reps in their seats.
        skill: mean skill (0-1) of the reps in their seats.
        headcount: reps in their seats (mean over runs).
        quits: cumulative number of reps who quit (mean over runs).
        deals_seen_share: share of the team's open deals the leader sees first hand
            in the field each month (0-1).
        total_revenue_runs: revenue of each Monte Carlo run over the whole period, dollars.
        handover_loss: revenue lost with leavers' pipelines over the whole run, dollars (mean).
    """

    params: Params
    month: np.ndarray
    revenue: np.ndarray
    revenue_low: np.ndarray
    revenue_high: np.ndarray
    selling_hours: np.ndarray
    reporting_hours: np.ndarray
    morale: np.ndarray
    skill: np.ndarray
    headcount: np.ndarray
    quits: np.ndarray
    deals_seen_share: float
    total_revenue_runs: np.ndarray
    handover_loss: float = 0.0

    @property
    def total_revenue(self) -> float:
        """Mean team revenue over the whole run, dollars."""
        return float(self.total_revenue_runs.mean())

    @property
    def total_quits(self) -> float:
        """Mean number of reps who quit during the run."""
        return float(self.quits[-1])

    @property
    def final_morale(self) -> float:
        """Mean morale in the last month, 0-1."""
        return float(self.morale[-1])

    @property
    def leader_hours(self) -> float:
        """Hours a month the leader's reviews and field days take from their other work."""
        return leader_hours(self.params)

    @property
    def other_leader_hours(self) -> float:
        """Hours a month the forecast (what the CRM leaves to do by hand) and hiring take, on average."""
        p = self.params
        return forecast_hours_by_hand(p) + self.total_quits * p.leader_hours_per_hire / p.months

    @property
    def leader_time_cost(self) -> float:
        """What the leader's reviews, field days, forecast and hiring hours are worth over the run, dollars."""
        p = self.params
        return (self.leader_hours + self.other_leader_hours) * p.leader_hour_value * p.months

    @property
    def net_revenue(self) -> float:
        """Team revenue minus the value of the leader's other work given up, dollars."""
        return self.total_revenue - self.leader_time_cost

    def summary(self, baseline: Result | None = None) -> str:
        """The outcomes in plain sentences (:func:`course.scenarios.control.words.summary`)."""
        from course.scenarios.control.words import summary  # the words live apart from the model

        return summary(self, baseline)

    def compare(self, baseline: Result) -> str:
        """One sentence: this policy against ``baseline``, in words and numbers."""
        if baseline.params.with_(**_policy_of(self.params)) != self.params:
            raise ValueError(
                "compare needs a baseline that differs only in the policy (reviews, CRM hours, field days)."
            )
        same_policy = _policy_of(self.params) == _policy_of(baseline.params)
        if same_policy:
            return "The default policy: both lines are the same run."

        def money(change: float) -> str:
            amount = abs(change) / 1e6
            if round(amount, 2) == 0:
                return "the same"
            return f"${amount:,.2f}M {'more' if change > 0 else 'less'}"

        def reps(change: float) -> str:
            if round(abs(change), 1) == 0:
                return "about as many reps quit"
            return f"{abs(change):.1f} {'more' if change > 0 else 'fewer'} reps quit"

        revenue = money(self.total_revenue - baseline.total_revenue)
        net = money(self.net_revenue - baseline.net_revenue)
        return (
            f"Against the default policy: {revenue} team revenue ({net} once your time is counted), "
            f"and {reps(self.total_quits - baseline.total_quits)}."
        )


def reporting_hours(params: Params) -> float:
    """Hours a month each rep spends on CRM reporting and pipeline reviews."""
    return params.crm_hours_per_week * WEEKS_PER_MONTH + params.reviews_per_month * params.hours_per_review


def selling_hours(params: Params) -> float:
    """Hours a month each rep has left for selling once the leader's reporting is done."""
    return max(0.0, params.hours_per_month * params.base_selling_share - reporting_hours(params))


def leader_hours(params: Params) -> float:
    """Hours a month the leader's reviews and field days take from their other work."""
    reviews = params.reviews_per_month * params.team_size * params.leader_hours_per_review
    return reviews + params.field_days_per_month * params.hours_per_field_day


def crm_records(params: Params) -> float:
    """How complete the CRM records are, from 0 (none kept) towards 1, given the CRM hours."""
    return 1.0 - math.exp(-params.crm_hours_per_week / params.crm_record_hours)


def forecast_hours_by_hand(params: Params) -> float:
    """The leader's hours a month building the forecast by hand: what the records leave undone."""
    return params.forecast_hours * (1.0 - crm_records(params))


def control_felt(params: Params) -> float:
    """How controlled a rep feels, from 0 (not at all) towards 1 (heavily)."""
    hours = reporting_hours(params)
    return hours / (hours + params.control_half_hours)


def simulate(params: Params, *, seed: int | None = None, runs: int = 200) -> Result:
    """Run the team under the leader's policy, month by month.

    Args:
        params: the policy, the team and the assumptions.
        seed: seed of the random generator. The same seed gives the same result;
            two policies run with the same seed face the same luck, so their
            difference shows the policy, not the dice.
        runs: Monte Carlo runs to average over (1-10,000).

    Returns:
        A :class:`Result` with monthly averages over the runs.
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be control.Params; got {type(params).__name__}.")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 10_000:
        raise ValueError(f"runs must be a whole number from 1 to 10,000; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    seats = p.team_size
    months = p.months

    # Luck, drawn up front so that every policy run with this seed meets the same dice.
    quit_draws = rng.random((months, runs, seats))
    skill_noise = rng.uniform(-0.05, 0.05, (runs, seats))

    is_veteran = np.zeros((runs, seats), dtype=bool)
    is_veteran[:, : p.n_veterans] = True
    skill = np.where(is_veteran, p.veteran_skill, p.new_hire_skill) + skill_noise
    skill = np.clip(skill, 0.0, 1.0)
    morale = np.full((runs, seats), p.morale_baseline)
    vacant_for = np.zeros((runs, seats), dtype=int)  # months until an empty seat is filled

    hours_reporting = reporting_hours(p)
    hours_selling = selling_hours(p)
    control = control_felt(p)
    coaching_hours = p.field_days_per_month * p.hours_per_field_day / seats
    field_support = 1.0 - math.exp(-coaching_hours / p.coaching_scale_hours)
    review_help = p.review_help_max * (1.0 - math.exp(-p.reviews_per_month / p.review_help_scale))
    learning = p.on_the_job_learning + p.field_learning * field_support
    base_monthly_quit = 1.0 - (1.0 - p.annual_attrition) ** (1.0 / 12.0)
    records = crm_records(p)
    kept = 1.0 - p.crm_slip_share * (1.0 - records)  # share of the revenue not lost to slipped deals
    deals_open = p.open_deals_per_rep * seats
    deals_seen = min(1.0, p.field_days_per_month * p.deals_seen_per_field_day / deals_open)
    field_lift = 1.0 + p.field_close_lift * deals_seen
    # A normal month's pay, for the earnings the rep compares theirs with: the expected
    # selling hours at the effort of the reference morale.
    normal_effort = 1.0 - p.morale_effort_weight + p.morale_effort_weight * p.attrition_reference_morale
    normal_selling = max(
        p.expected_selling_share * p.hours_per_month * p.base_selling_share * normal_effort, 1e-9
    )
    handover_loss = np.zeros(runs)

    revenue = np.zeros((months, runs))
    morale_mean = np.zeros(months)
    skill_mean = np.zeros(months)
    headcount = np.zeros(months)
    quits = np.zeros(months)
    quit_count = np.zeros(runs)

    for month in range(months):
        seated = vacant_for == 0
        sensitivity = np.where(is_veteran, 1.0, p.new_hire_control_sensitivity)
        # Pay follows selling: a rep who sells far less than a normal month earns less, and minds.
        effort_now = 1.0 - p.morale_effort_weight + p.morale_effort_weight * morale
        short_of_pay = np.clip(1.0 - hours_selling * effort_now / normal_selling, 0.0, 1.0)
        target = (
            p.morale_baseline
            - p.hidden_cost * sensitivity * control
            + p.field_morale_gain * field_support
            - p.earnings_morale_weight * short_of_pay
        )
        morale += (np.clip(target, 0.0, 1.0) - morale) / p.morale_adjust_months
        productivity = skill + (1.0 - skill) * review_help
        effort = 1.0 - p.morale_effort_weight + p.morale_effort_weight * morale
        seat_revenue = np.where(
            seated,
            hours_selling * productivity * effort * kept * field_lift * p.revenue_per_selling_hour,
            0.0,
        )

        n_seated = seated.sum()
        morale_mean[month] = morale[seated].mean() if n_seated else math.nan
        skill_mean[month] = skill[seated].mean() if n_seated else math.nan
        headcount[month] = n_seated / runs

        # Skill grows only while someone sits in the seat and sells.
        skill = np.where(seated, skill + learning * (1.0 - skill), skill)

        # Quits at the end of the month; quitters' seats go empty, then a new hire.
        shortfall = p.attrition_reference_morale - morale
        quit_chance = np.minimum(1.0, base_monthly_quit * np.exp(p.attrition_morale_slope * shortfall))
        quitting = seated & (quit_draws[month] < quit_chance)
        quit_count += quitting.sum(axis=1)
        quits[month] = quit_count.mean()
        # A leaver's pipeline goes with them, except what the CRM records hand over.
        lost = np.minimum(
            (quitting * seat_revenue).sum(axis=1) * p.handover_months * (1.0 - records),
            seat_revenue.sum(axis=1),
        )
        handover_loss += lost
        revenue[month] = seat_revenue.sum(axis=1) - lost

        refilled = vacant_for == 1
        vacant_for = np.where(vacant_for > 0, vacant_for - 1, vacant_for)
        vacant_for = np.where(quitting, p.vacancy_months, vacant_for)
        if p.vacancy_months == 0:
            refilled = quitting
        is_veteran = np.where(refilled, False, is_veteran)
        skill = np.where(refilled, p.new_hire_skill, skill)
        morale = np.where(refilled, p.morale_baseline, morale)

    return Result(
        params=p,
        month=np.arange(1, months + 1),
        revenue=revenue.mean(axis=1),
        revenue_low=np.percentile(revenue, 10, axis=1),
        revenue_high=np.percentile(revenue, 90, axis=1),
        selling_hours=np.full(months, hours_selling),
        reporting_hours=np.full(months, hours_reporting),
        morale=morale_mean,
        skill=skill_mean,
        headcount=headcount,
        quits=quits,
        deals_seen_share=deals_seen,
        total_revenue_runs=revenue.sum(axis=0),
        handover_loss=float(handover_loss.mean()),
    )


# The controls that are the leader's policy; the others are assumptions. The explorer's
# dashed baseline keeps the trainee's assumptions and changes only these to the defaults.
POLICY_LEVERS: tuple[str, ...] = ("reviews_per_month", "crm_hours_per_week", "field_days_per_month")


def _policy_of(params: Params) -> dict[str, float]:
    return {name: getattr(params, name) for name in POLICY_LEVERS}


def default_policy(params: Params) -> Params:
    """``params`` with the leader's policy put back to the defaults and everything else kept:
    the baseline that differs from ``params`` only in the policy."""
    defaults = Params()
    return params.with_(**{name: getattr(defaults, name) for name in POLICY_LEVERS})


def break_even_hour_value(
    params: Params, *, seed: int | None = SEED, runs: int = 200, **change: float
) -> float:
    """The value of an hour of the leader's other work, dollars, above which ``change`` to the
    policy (for example ``field_days_per_month=2`` from ``params``'s 0) stops paying, once the
    leader's time is counted; ``math.inf`` if it pays at any price, 0 if at none.

    Net revenue is team revenue minus the leader's hours times their value, so the break-even
    is exact: the revenue the change adds over the leader's hours it adds (hiring included).
    """
    before = simulate(params, seed=seed, runs=runs)
    after = simulate(params.with_(**change), seed=seed, runs=runs)
    months = params.months
    gained = after.total_revenue - before.total_revenue
    hours = (
        after.leader_hours + after.other_leader_hours - before.leader_hours - before.other_leader_hours
    ) * months
    if hours <= 0:
        return math.inf if gained >= 0 else 0.0
    return max(0.0, gained / hours)


# Exercise 3: a fixed time budget for the team, split between review rounds and field days.
TEAM_HOURS_BUDGET = 24.0  # leader's hours a month for the team in Exercise 3; chosen to show the mechanism
BUDGET_REVIEW_OPTIONS: tuple[int, ...] = (0, 2, 4, 6)


def budget_plan(team: Params, reviews_per_month: float, *, budget_hours: float = TEAM_HOURS_BUDGET) -> Params:
    """``team`` with ``reviews_per_month`` reviews and the rest of the leader's
    ``budget_hours`` a month spent in the field.

    Raises:
        ValueError: if the reviews alone take more than the budget.
    """
    review_hours = reviews_per_month * team.team_size * team.leader_hours_per_review
    if isinstance(reviews_per_month, bool) or review_hours > budget_hours + 1e-9:
        raise ValueError(
            f"{reviews_per_month!r} reviews a month take {review_hours:g} of your hours, more than the "
            f"budget of {budget_hours:g}."
        )
    field_days = (budget_hours - review_hours) / team.hours_per_field_day
    return team.with_(reviews_per_month=reviews_per_month, field_days_per_month=field_days)


def _validate(p: Params) -> None:
    number_between = partial(validate.number_between, p)
    whole_between = partial(validate.whole_between, p)

    number_between("reviews_per_month", 0, MAX_REVIEWS_PER_MONTH, "reviews a month")
    number_between("crm_hours_per_week", 0, MAX_CRM_HOURS_PER_WEEK, "hours a week")
    number_between("field_days_per_month", 0, MAX_FIELD_DAYS_PER_MONTH, "days a month")
    whole_between("n_veterans", 0, 50, "reps")
    whole_between("n_new_hires", 0, 50, "reps")
    if p.n_veterans + p.n_new_hires == 0:
        raise ValueError("The team needs at least one rep: n_veterans + n_new_hires is 0.")
    whole_between("quarters", 1, 12, "quarters")
    number_between("hours_per_month", 1, 400, "hours")
    for share in (
        "base_selling_share",
        "hidden_cost",
        "new_hire_control_sensitivity",
        "morale_baseline",
        "field_morale_gain",
        "morale_effort_weight",
        "veteran_skill",
        "new_hire_skill",
        "on_the_job_learning",
        "field_learning",
        "review_help_max",
        "annual_attrition",
        "attrition_reference_morale",
    ):
        number_between(share, 0, 1, "(a share)")
    if p.on_the_job_learning + p.field_learning > 1:
        raise ValueError(
            "on_the_job_learning + field_learning must be at most 1 (a monthly share); "
            f"got {p.on_the_job_learning + p.field_learning:g}."
        )
    number_between("hours_per_review", 0, 40, "hours")
    number_between("hours_per_field_day", 0, 24, "hours")
    number_between("leader_hours_per_review", 0, 8, "hours")
    number_between("leader_hour_value", 0, 1e5, "dollars an hour")
    if leader_hours(p) > p.hours_per_month:
        raise ValueError(
            f"Your reviews and field days would take {leader_hours(p):g} hours a month, more than the "
            f"{p.hours_per_month:g} hours in your month: fewer field days or reviews."
        )
    number_between("control_half_hours", 0.01, 1000, "hours")
    number_between("morale_adjust_months", 1, 60, "months")
    number_between("coaching_scale_hours", 0.01, 1000, "hours")
    number_between("review_help_scale", 0.01, 100, "reviews a month")
    number_between("attrition_morale_slope", 0, 50, "(a rate)")
    whole_between("vacancy_months", 0, 24, "months")
    number_between("open_deals_per_rep", 0.01, 1000, "deals")
    number_between("deals_seen_per_field_day", 0, 100, "deals")
    number_between("revenue_per_selling_hour", 0, 1e7, "dollars")
    number_between("earnings_morale_weight", 0, 1, "(a share)")
    number_between("expected_selling_share", 0.01, 1, "(a share)")
    number_between("leader_hours_per_hire", 0, 400, "hours")
    number_between("crm_record_hours", 0.01, 100, "hours a week")
    number_between("crm_slip_share", 0, 1, "(a share)")
    number_between("handover_months", 0, 12, "months")
    number_between("forecast_hours", 0, 400, "hours")
    number_between("field_close_lift", 0, 5, "(a share)")


# Presets the notebook and the exercises use.
VETERAN_TEAM = Params(n_veterans=8, n_new_hires=0)
NEW_HIRE_TEAM = Params(n_veterans=0, n_new_hires=8)
# Exercise 3 asks about new hires in their first quarter, while they ramp: over a whole year the
# best split depends on how much a review helps, which no study has measured.
NEW_HIRE_QUARTER = NEW_HIRE_TEAM.with_(quarters=1)


PRESETS = {
    "6 veterans and 2 new hires": Params(),
    "8 veterans": VETERAN_TEAM,
    "8 new hires": NEW_HIRE_TEAM,
}
