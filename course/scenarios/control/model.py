"""Leader, not manager: a sales team under a leader's tracking and field time.

Scenario:
    A leader runs a team of account executives, veterans and new hires, for a few
    quarters. The leader sets three things: how many pipeline reviews each rep sits
    through a month, how many hours a week of CRM reporting each rep owes, and how
    many days a month the leader spends in the field with the reps. Month by month
    the model follows every seat on the team: selling time, skill, morale, whether
    the rep quits, how long the seat stays empty, and the revenue the seat brings in.
    Nothing the leader moves is free: reviews and CRM hours come out of the reps'
    selling time, and reviews and field days come out of the leader's own month
    (their own deals, hiring, reporting up), priced at an assumed value per hour.

Covers:
    Module 01, "Leader, not manager": the hidden costs of control, what monitoring
    does and does not do, CRM reporting as no substitute for time in the field, a
    leader's limited time, and why new hires need different help from veterans.

Used in:
    ``solutions/01_leader_not_manager/leader_not_manager.ipynb`` (the scenario and
    exercises 1 and 3), ``tests/test_control.py`` and ``benchmarks/module01.py``.

How to read the numbers:
    This is a teaching model, not a forecast. Each assumption below names its source
    by key in the course bibliography (``course/bibliography.py``, for example
    ``[falk-kosfeld-2006]``) with the course's confidence label, or says that it was
    *chosen to show the mechanism*: a number no study measured. The *directions* of
    the effects are grounded in published findings where a key is given; their
    *sizes* are mostly chosen to show the mechanism. Trainees are graded on what this
    model does, never on a claim that the real world works exactly like it.
    :func:`assumptions` shows the ones that matter in plain words;
    ``assumptions(full=True)`` shows every parameter with its note.

Mechanisms (one month, one seat):
    1. Reporting time: CRM hours a week * 52 / 12, plus reviews a month * the hours
       each review costs the rep. It comes out of selling time.
    2. Control felt: reporting_hours / (reporting_hours + control_half_hours),
       from 0 (none) towards 1 (heavy).
    3. Morale moves a third of the way each month towards a target: the baseline,
       minus ``hidden_cost`` * control * the rep's sensitivity to control, plus a
       lift from the leader's field time. Directions: hidden costs of control
       [falk-kosfeld-2006], real but usually too small to make control a loss in four
       repetitions [ziegelmeyer-2012]; electronic monitoring goes with more stress and
       no better performance [ravid-2023]; positive feedback raised people's interest in
       a task [deci-koestner-ryan-1999] (that field days deliver it is assumed). Veterans are assumed more sensitive than
       new hires: the course's reading of [kessler-leider-2016], not the study's.
    4. Skill grows towards 1 with on-the-job learning plus coaching from the leader's
       field time (coaching works [theeboom-2014]; Medium for a leader's coaching).
    5. A pipeline review helps a rep see what they would otherwise miss, and helps in
       proportion to what the rep does not yet know: a veteran gains little, a new
       hire a lot (an assumption, loosely related to [thompson-vecchio-2009]'s weak
       finding that experienced people gain more from autonomy).
    6. Revenue = selling hours * productivity * effort * revenue per hour, where
       effort rises with morale (wanting to do the work predicts performance
       [cerasoli-2014]).
    7. Each month a rep quits with a chance that is the typical attrition rate at the
       reference morale and rises as morale falls (poor management is one cause of
       sales turnover among several [depaul-2010]). An empty seat is refilled by a
       new hire after ``vacancy_months``.
    8. The leader's time: reviews take ``leader_hours_per_review`` per rep and field
       days ``hours_per_field_day`` each; those hours come out of the leader's other
       work, valued at ``leader_hour_value`` dollars an hour. ``Result.net_revenue``
       is team revenue minus that value.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter
from course.trainee.plotting import (
    BAND,
    BASELINE,
    POLICY,
    new_figure,
    policy_legend,
    settle_layout,
    style_axes,
)
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
    # A rep's working hours a month: 40-hour weeks. Chosen to show the mechanism.
    hours_per_month: float = 160.0
    # Share of a rep's hours left for selling before the leader's own reporting
    # demands. Salespeople report spending 38% of their time selling [ipg-2006]
    # (Low-Medium, self-reports); a stricter count of active selling alone gives 11%
    # [proudfoot-2005]. The model takes the 38%.
    base_selling_share: float = 0.38
    # Rep's hours per pipeline review, preparation included. Chosen to show the mechanism.
    hours_per_review: float = 1.5
    # Leader's hours per field day. Chosen to show the mechanism.
    hours_per_field_day: float = 8.0

    # --- The leader's own time ------------------------------------------------------
    # Leader's hours per rep per review (a 30-minute review with each rep). Chosen to
    # show the mechanism.
    leader_hours_per_review: float = 0.5
    # Dollars an hour of the leader's other work is worth (own deals, hiring, reporting
    # up): what a field day or a review round takes away. Chosen to show the
    # mechanism: at this value a few field days a month pay for themselves and ten do
    # not. A slider in the explorer.
    leader_hour_value: float = 750.0

    # --- Control and morale -------------------------------------------------------
    # Reporting hours a month at which control feels "half way to heavy". Chosen to
    # show the mechanism.
    control_half_hours: float = 15.0
    # Morale lost at full control by a fully sensitive rep. Direction: control lowered
    # effort in the laboratory [falk-kosfeld-2006] (High); four repetitions found the cost
    # real but usually too small to make control a loss [ziegelmeyer-2012] (High). Size: no study maps onto it;
    # the slider's range (0 to 0.6) is chosen to show the range of possible effects.
    hidden_cost: float = 0.35
    # A new hire's sensitivity to control relative to a veteran's (veteran = 1).
    # Control backfired only when several conditions held together, one of them a
    # norm of high effort [kessler-leider-2016] (Medium); that veterans have such a
    # norm more often is the course's reading, not the study's. Size: chosen to show
    # the mechanism.
    new_hire_control_sensitivity: float = 0.4
    # Morale a rep settles at with no control and no field time. Chosen to show the mechanism.
    morale_baseline: float = 0.75
    # Extra morale from the leader's field time at full support. Direction: positive
    # feedback raised people's own interest in a task, d = +0.33 [deci-koestner-ryan-1999]
    # (High for that finding; that field time delivers it is assumed); size chosen to show
    # the mechanism.
    field_morale_gain: float = 0.15
    # Months for morale to close about two thirds of the gap to its target: a
    # published sales-agent model adjusts motivation over 3 months [houghton-2016]
    # (a model's assumption, not data).
    morale_adjust_months: float = 3.0
    # How much effort depends on morale: effort = 1 - w + w * morale. Wanting to do
    # the work predicts performance, clearly but far from completely [cerasoli-2014]
    # (High); a weight of 0.5 is chosen to show the mechanism.
    morale_effort_weight: float = 0.5

    # --- Skill and coaching ------------------------------------------------------
    veteran_skill: float = 0.9  # productivity of a ramped rep, 0-1; chosen to show the mechanism
    new_hire_skill: float = 0.3  # productivity in month one, 0-1; chosen to show the mechanism
    # Monthly share of the remaining skill gap closed by selling alone. Set with
    # field_learning so that a new hire under the default policy reaches 80% of a
    # veteran's skill in about 5 months. Account executives ramp in "just under 5
    # months" [bridge-group-ramp] (Medium); that "ramped" means 80% of a veteran's
    # skill is the course's choice, as the source does not define it.
    on_the_job_learning: float = 0.15
    # Extra monthly share closed at full field coaching. Coaching works
    # [theeboom-2014] (Medium for a leader's coaching); size chosen to show the mechanism.
    field_learning: float = 0.15
    # Coaching hours a month per rep that give about two thirds of full support.
    # Chosen to show the mechanism.
    coaching_scale_hours: float = 4.0
    # Largest share of a rep's skill gap that pipeline reviews can cover, and the
    # reviews a month that give about two thirds of it; both chosen to show the mechanism.
    review_help_max: float = 0.6
    review_help_scale: float = 1.0  # reviews a month for two thirds of the help

    # --- Attrition ----------------------------------------------------------------
    # Annual turnover of US salespeople "as high as 27%" [hbr-2017-turnover]
    # (Medium; an upper estimate); used as the rate at the reference morale.
    annual_attrition: float = 0.27
    # Morale at which reps quit at exactly that rate: about what the default policy
    # produces for veterans. Chosen to show the mechanism.
    attrition_reference_morale: float = 0.65
    # How fast the quit rate moves with morale: the monthly rate is multiplied by
    # exp(slope * (reference morale - morale)), so it rises as morale falls below the
    # reference and falls as morale rises above it. Chosen to show the mechanism.
    attrition_morale_slope: float = 4.0
    # Months a seat stays empty after a rep quits. Chosen to show the mechanism.
    vacancy_months: int = 2

    # --- What the leader sees ----------------------------------------------------
    open_deals_per_rep: float = 8.0  # live deals a rep works at once; chosen to show the mechanism
    deals_seen_per_field_day: float = 2.0  # deals seen first hand a field day; chosen to show the mechanism

    # --- Money --------------------------------------------------------------------
    # Revenue a fully skilled, fully motivated rep brings per selling hour, in
    # dollars. Chosen to show the mechanism. A veteran with NO reporting sells about
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
    def leader_time_cost(self) -> float:
        """What those hours are worth over the whole run, dollars."""
        return self.leader_hours * self.params.leader_hour_value * self.params.months

    @property
    def net_revenue(self) -> float:
        """Team revenue minus the value of the leader's other work given up, dollars."""
        return self.total_revenue - self.leader_time_cost

    def summary(self, baseline: Result | None = None) -> str:
        """The outcomes in plain sentences: the text version of the plot.

        With ``baseline`` (the same team under the default policy), the first sentence
        says how this policy compares, in words and numbers.
        """
        p = self.params
        text = (
            f"Over {p.months} months the team sold ${self.total_revenue / 1e6:,.2f}M. "
            f"Each rep had {self.selling_hours[0]:.0f} selling hours a month "
            f"({self.reporting_hours[0]:.0f} went to reporting). "
            f"Your reviews and field days took {self.leader_hours:.0f} of your hours a month from "
            f"your own deals, hiring and reporting up, worth ${self.leader_time_cost / 1e6:,.2f}M "
            f"over the period at ${p.leader_hour_value:,.0f} an hour. "
            f"Morale ended at {self.final_morale:.2f} on a 0-1 scale, and on average "
            f"{self.total_quits:.1f} of {p.team_size} reps quit. In the field you saw about "
            f"{self.deals_seen_share:.0%} of the team's open deals first hand each month."
        )
        if baseline is None:
            return text
        return f"{self.compare(baseline)} {text}"

    def compare(self, baseline: Result) -> str:
        """One sentence: this policy against ``baseline``, in words and numbers."""
        if baseline.params.with_(**_policy_of(self.params)) != self.params:
            raise ValueError(
                "compare needs a baseline that differs only in the policy (reviews, CRM hours, field days)."
            )
        same_policy = _policy_of(self.params) == _policy_of(baseline.params)
        if same_policy:
            return "This is the default policy: the solid and dashed lines are the same run."

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


# The assumptions that matter, in everyday words: what assumptions() shows a trainee.
# Each value is computed from Params' defaults, so the words cannot drift from the model.
def _plain_rows(p: Params) -> list[Assumption]:
    selling = p.hours_per_month * p.base_selling_share
    return [
        Assumption(
            "Hours a rep has for selling",
            f"{selling:.0f} of {p.hours_per_month:.0f} a month ({p.base_selling_share:.0%})",
            "Salespeople report selling 38% of their time [ipg-2006]; active selling alone was 11% "
            "[proudfoot-2005]. Low-Medium. Every hour of reporting comes out of this.",
        ),
        Assumption(
            "What a pipeline review costs",
            f"{p.hours_per_review:g} hours of each rep's time, {p.leader_hours_per_review * 60:.0f} minutes "
            "of yours per rep",
            "Chosen to show the mechanism.",
        ),
        Assumption(
            "What a field day costs you",
            f"{p.hours_per_field_day:g} of your hours, worth ${p.leader_hour_value:,.0f} an hour "
            "to your own deals, hiring and reporting up",
            "Chosen to show the mechanism; a slider in the explorer.",
        ),
        Assumption(
            "Close tracking lowers morale",
            f"up to {p.hidden_cost:g} on a 0-1 scale at heavy tracking",
            "Direction: the hidden costs of control [falk-kosfeld-2006], High; real but usually too "
            "small to outweigh control in four repetitions [ziegelmeyer-2012], High. Size chosen to "
            "show the mechanism; a slider in the explorer.",
        ),
        Assumption(
            "Veterans mind tracking more than new hires",
            f"{1 / p.new_hire_control_sensitivity:g} times as much",
            "The course's reading of [kessler-leider-2016] (Medium), not the study's finding. Size "
            "chosen to show the mechanism.",
        ),
        Assumption(
            "Field days coach reps and lift morale",
            "about two thirds of the full benefit at 4 coaching hours a month per rep (4 field days "
            "for a team of 8)",
            "Coaching works [theeboom-2014] (Medium for a leader's coaching); positive feedback "
            "raised people's own interest in a task [deci-koestner-ryan-1999] (High for that "
            "finding; that field days deliver it is this course's assumption). Sizes chosen to "
            "show the mechanism.",
        ),
        Assumption(
            "Reviews help those who know least",
            f"cover up to {p.review_help_max:.0%} of what a rep does not yet know",
            "Loosely related to a weak finding that experienced people gain more from autonomy "
            "[thompson-vecchio-2009] (Low-Medium); size chosen to show the mechanism.",
        ),
        Assumption(
            "New hires learn the job",
            f"start at {p.new_hire_skill / p.veteran_skill:.0%} of a veteran's skill, 80% of it in about 5 months",
            "Account executives ramp in just under 5 months [bridge-group-ramp] (Medium).",
        ),
        Assumption(
            "Reps quit",
            f"{p.annual_attrition:.0%} a year at the morale the default policy gives veterans, more "
            f"as morale falls; a seat stays empty {p.vacancy_months} months",
            "27% is an upper estimate of US sales turnover [hbr-2017-turnover] (Medium); the rest "
            "chosen to show the mechanism.",
        ),
        Assumption(
            "CRM reporting brings nothing of its own",
            "no benefit in the model",
            "A simplification: real CRM data helps with products, pricing and forecasts, which the "
            "model leaves out.",
        ),
    ]


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter of the model with its default and the comment
            that documents it in :class:`Params` (the single record of each unit,
            source and confidence).
    """
    if full:
        return every_parameter(Params)
    return AssumptionTable(_plain_rows(Params()))


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

    revenue = np.zeros((months, runs))
    morale_mean = np.zeros(months)
    skill_mean = np.zeros(months)
    headcount = np.zeros(months)
    quits = np.zeros(months)
    quit_count = np.zeros(runs)

    for month in range(months):
        seated = vacant_for == 0
        sensitivity = np.where(is_veteran, 1.0, p.new_hire_control_sensitivity)
        target = (
            p.morale_baseline - p.hidden_cost * sensitivity * control + p.field_morale_gain * field_support
        )
        morale += (np.clip(target, 0.0, 1.0) - morale) / p.morale_adjust_months
        productivity = skill + (1.0 - skill) * review_help
        effort = 1.0 - p.morale_effort_weight + p.morale_effort_weight * morale
        seat_revenue = hours_selling * productivity * effort * p.revenue_per_selling_hour
        revenue[month] = np.where(seated, seat_revenue, 0.0).sum(axis=1)

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

        refilled = vacant_for == 1
        vacant_for = np.where(vacant_for > 0, vacant_for - 1, vacant_for)
        vacant_for = np.where(quitting, p.vacancy_months, vacant_for)
        if p.vacancy_months == 0:
            refilled = quitting
        is_veteran = np.where(refilled, False, is_veteran)
        skill = np.where(refilled, p.new_hire_skill, skill)
        morale = np.where(refilled, p.morale_baseline, morale)

    deals_open = p.open_deals_per_rep * seats
    deals_seen = min(1.0, p.field_days_per_month * p.deals_seen_per_field_day / deals_open)
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
    )


# A lever's name in the words the notebook uses, for table headings.
LEVER_WORDS: dict[str, str] = {
    "reviews_per_month": "reviews a month",
    "crm_hours_per_week": "CRM hours a week",
    "field_days_per_month": "field days a month",
}


@dataclass(frozen=True)
class Sweep:
    """The same team run under several values of one lever, side by side."""

    lever: str
    values: tuple[float, ...]
    results: tuple[Result, ...]

    @property
    def total_revenue(self) -> tuple[float, ...]:
        return tuple(r.total_revenue for r in self.results)

    def rows(self) -> list[tuple[float, float, float, float, float]]:
        """(value, revenue $M, selling hours, final morale, quits) for each value."""
        return [
            (v, r.total_revenue / 1e6, float(r.selling_hours[0]), r.final_morale, r.total_quits)
            for v, r in zip(self.values, self.results, strict=True)
        ]

    @property
    def heading(self) -> str:
        """The lever in plain words, as the table's first heading ("reviews a month")."""
        return LEVER_WORDS.get(self.lever, self.lever)

    def __str__(self) -> str:
        header = f"{self.heading:>22} | revenue ($M) | selling h/month | final morale | quits"
        lines = [header, "-" * len(header)]
        for v, rev, hours, morale, quit in self.rows():
            lines.append(f"{v:>22g} | {rev:12.2f} | {hours:15.0f} | {morale:12.2f} | {quit:5.1f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in (self.heading, "revenue ($M)", "selling h/month", "final morale", "quits")
        )
        body = "".join(
            f"<tr><td>{v:g}</td><td>{rev:.2f}</td><td>{hours:.0f}</td>"
            f"<td>{morale:.2f}</td><td>{quit:.1f}</td></tr>"
            for v, rev, hours, morale, quit in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def sweep(
    params: Params, lever: str, values: list[float] | tuple[float, ...], *, seed: int = SEED, runs: int = 200
) -> Sweep:
    """Run ``params`` once for each value of one lever, all with the same seed.

    Args:
        params: the team and the rest of the policy.
        lever: the name of a field of :class:`Params`, for example ``"reviews_per_month"``.
        values: the values to try.
        seed: one seed for all runs, so that only the lever differs between them.
        runs: Monte Carlo runs per value.
    """
    names = {f.name for f in fields(Params)}
    if lever not in names:
        raise ValueError(
            f"lever must be one of the scenario's parameters, such as 'reviews_per_month'; got {lever!r}."
        )
    values = tuple(values)
    if not values:
        raise ValueError("values must hold at least one value to try; got none.")
    results = tuple(simulate(params.with_(**{lever: v}), seed=seed, runs=runs) for v in values)
    return Sweep(lever=lever, values=values, results=results)


class Tables(tuple):
    """Several labelled sweeps shown one under the other: ``Tables((label, sweep), ...)``;
    ``tables[i]`` is the i-th sweep."""

    def __new__(cls, labelled: tuple[tuple[str, Sweep], ...]) -> Tables:
        table = super().__new__(cls, tuple(sweep for _, sweep in labelled))
        table.labels = tuple(label for label, _ in labelled)
        return table

    def __str__(self) -> str:
        return "\n\n".join(f"{label}:\n{sweep}" for label, sweep in zip(self.labels, self, strict=True))

    __repr__ = __str__  # the notebook's plain-text view shows the tables, not the objects

    def _repr_html_(self) -> str:
        return "".join(
            f"<p><b>{html.escape(label)}</b></p>{sweep._repr_html_()}"
            for label, sweep in zip(self.labels, self, strict=True)
        )


def exercise_1_tables(*, seed: int = SEED, runs: int = 200) -> Tables:
    """Exercise 1's reveal: veterans at 1 and 4 reviews a month, new hires at 0 and 2."""
    return Tables(
        (
            ("8 veterans", sweep(VETERAN_TEAM, "reviews_per_month", [1, 4], seed=seed, runs=runs)),
            ("8 new hires", sweep(NEW_HIRE_TEAM, "reviews_per_month", [0, 2], seed=seed, runs=runs)),
        )
    )


# What the scenario explorer (course.trainee.widgets.explore) reads: one slider per lever,
# as (parameter, label, minimum, maximum, step, tooltip), and the teams to choose from.
# The tooltip says what the lever means, its unit and its default.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "reviews_per_month",
        "Pipeline reviews a month",
        0.0,
        MAX_REVIEWS_PER_MONTH,
        1.0,
        "How often each rep walks you through their open deals, per month. Each review costs the rep "
        "1.5 hours and you 30 minutes per rep. Default: 2.",
    ),
    (
        "crm_hours_per_week",
        "CRM hours a week per rep",
        0.0,
        MAX_CRM_HOURS_PER_WEEK,
        0.5,
        "Hours a week each rep spends updating the CRM for you, taken from selling. Default: 3.",
    ),
    (
        "field_days_per_month",
        "Your field days a month",
        0.0,
        MAX_FIELD_DAYS_PER_MONTH,
        0.5,
        "Days a month you ride along with reps and meet customers: they coach and lift morale, and "
        "each takes 8 of your hours from your own deals, hiring and reporting up. Default: 2.",
    ),
    (
        "hidden_cost",
        "Hidden cost of control (an assumption)",
        0.0,
        0.6,
        0.05,
        "Not a lever: how much close tracking lowers a rep's morale, on a 0-1 scale. No study "
        "measures it; the range is chosen to show weak (0) to strong (0.6) effects. Default: 0.35.",
    ),
    (
        "leader_hour_value",
        "Value of an hour of your other work, $ (an assumption)",
        0.0,
        3000.0,
        250.0,
        "Not a lever: what an hour of your own deals, hiring and reporting up is worth, in dollars. "
        "Reviews and field days take those hours. Chosen to show the mechanism. Default: 750.",
    ),
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


@dataclass(frozen=True)
class BudgetTable:
    """Exercise 3's table: each way to split the leader's hours, and what it gives."""

    team: Params
    reviews: tuple[float, ...]
    results: tuple[Result, ...]

    @property
    def total_revenue(self) -> tuple[float, ...]:
        return tuple(r.total_revenue for r in self.results)

    def best(self) -> float:
        """The reviews a month that give the highest team revenue."""
        revenue = self.total_revenue
        return self.reviews[revenue.index(max(revenue))]

    def rows(self) -> list[tuple[float, float, float, float, float]]:
        """(reviews, field days, revenue $M, final morale, quits) for each split."""
        return [
            (v, r.params.field_days_per_month, r.total_revenue / 1e6, r.final_morale, r.total_quits)
            for v, r in zip(self.reviews, self.results, strict=True)
        ]

    def __str__(self) -> str:
        header = "reviews a month | field days a month | revenue ($M) | final morale | quits"
        lines = [header, "-" * len(header)]
        for v, days, rev, morale, quit in self.rows():
            lines.append(f"{v:>15g} | {days:>18g} | {rev:12.2f} | {morale:12.2f} | {quit:5.1f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        heads = ("reviews a month", "field days a month", "revenue ($M)", "final morale", "quits")
        head = "".join(f"<th>{h}</th>" for h in heads)
        body = "".join(
            f"<tr><td>{v:g}</td><td>{days:g}</td><td>{rev:.2f}</td><td>{morale:.2f}</td><td>{quit:.1f}</td></tr>"
            for v, days, rev, morale, quit in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def budget_table(
    team: Params,
    reviews: tuple[float, ...] | list[float] = BUDGET_REVIEW_OPTIONS,
    *,
    budget_hours: float = TEAM_HOURS_BUDGET,
    seed: int = SEED,
    runs: int = 200,
) -> BudgetTable:
    """Run ``team`` under each split of the leader's ``budget_hours`` between review
    rounds and field days, all with the same seed (the same luck)."""
    reviews = tuple(reviews)
    if not reviews:
        raise ValueError("reviews must hold at least one option to try; got none.")
    plans = [budget_plan(team, r, budget_hours=budget_hours) for r in reviews]
    return BudgetTable(team, reviews, tuple(simulate(plan, seed=seed, runs=runs) for plan in plans))


def _validate(p: Params) -> None:
    def number_between(name: str, low: float, high: float, unit: str) -> None:
        value = getattr(p, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{name} must be a number from {low:g} to {high:g} {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low:g} to {high:g} {unit}; got {value:g}.")

    def whole_between(name: str, low: int, high: int, unit: str) -> None:
        value = getattr(p, name)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be a whole number of {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low} to {high} {unit}; got {value}.")

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


# Presets the notebook and the exercises use.
VETERAN_TEAM = Params(n_veterans=8, n_new_hires=0)
NEW_HIRE_TEAM = Params(n_veterans=0, n_new_hires=8)


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard for a team: four titled panels with fixed scales and a legend.

    The scales depend only on the team, so moving a lever redraws the lines and
    never rescales an axis under the trainee's eyes.
    """
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    top_hours = params.hours_per_month * params.base_selling_share
    top_revenue = params.team_size * top_hours * params.revenue_per_selling_hour / 1e3
    panels = (
        ("Team revenue per month", "$ thousands", top_revenue),
        ("Selling hours per rep per month", "hours", top_hours * 1.05),
        ("Morale (0 = none, 1 = full)", "morale", 1.0),
        ("Reps in their seats", "reps", params.team_size + 0.5),
    )
    for ax, (title, ylabel, top) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel)
        ax.set_xlim(1, params.months)
        ax.set_ylim(0, top)
    policy_legend(axes[0])
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw revenue, selling time, morale and reps in their seats, month by month.

    Args:
        result: the policy to show, as solid blue lines with the spread of revenue.
        baseline: an optional comparison policy, as dashed orange lines.
        axes: the four Axes of :func:`dashboard_frame` to draw into; a new frame if None.

    Returns:
        The four Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    series = (
        lambda r: r.revenue / 1e3,
        lambda r: r.selling_hours,
        lambda r: r.morale,
        lambda r: r.headcount,
    )
    axes[0].fill_between(
        result.month, result.revenue_low / 1e3, result.revenue_high / 1e3, color=BAND, alpha=0.25, linewidth=0
    )
    for ax, values in zip(axes, series, strict=True):
        ax.plot(result.month, values(result), color=POLICY, linewidth=2.5)
        if baseline is not None:
            # Drawn on top, dashed, so it stays visible where the two policies coincide.
            ax.plot(baseline.month, values(baseline), color=BASELINE, linestyle="--", linewidth=2, zorder=3)
    return axes


PRESETS = {
    "6 veterans and 2 new hires": Params(),
    "8 veterans": VETERAN_TEAM,
    "8 new hires": NEW_HIRE_TEAM,
}
