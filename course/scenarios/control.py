"""Leader, not manager: a sales team under a manager's tracking and field time.

Scenario:
    A manager leads a team of account executives, veterans and new hires, for a few
    quarters. The manager sets three things: how many pipeline reviews each rep sits
    through a month, how many hours a week of CRM reporting each rep owes, and how
    many days a month the manager spends in the field with the reps. Month by month
    the model follows every seat on the team: selling time, skill, morale, whether
    the rep quits, how long the seat stays empty, and the revenue the seat brings in.

Covers:
    Module 01, "Leader, not manager": the hidden costs of control, what monitoring
    does and does not do, CRM reporting as no substitute for time in the field, and
    why new hires need different help from veterans.

Used in:
    ``solutions/01_leader_not_manager/leader_not_manager.ipynb`` (the scenario and
    exercises 1-3), ``tests/test_control.py`` and ``benchmarks/module01.py``.

How to read the numbers:
    This is a teaching model, not a forecast. Each assumption below says where it
    comes from and how sure we are, with the confidence labels of
    ``shared/research/evidence.md``: High, Medium, Low, or *illustrative* for a
    number chosen to make the mechanism visible, which no study measured. The
    *directions* of the effects are grounded in published findings; their *sizes*
    are mostly illustrative. Trainees are graded on what this model does, never on
    a claim that the real world works exactly like it.

Mechanisms (one month, one seat):
    1. Reporting time: CRM hours a week times 52/12, plus reviews a month times
       the hours each review costs the rep. It comes out of selling time.
    2. Control felt: reporting_hours / (reporting_hours + control_half_hours),
       from 0 (none) towards 1 (heavy).
    3. Morale moves a third of the way each month towards a target: the baseline,
       minus ``hidden_cost`` x control x the rep's sensitivity to control, plus a
       lift from the manager's field time (hidden costs of control: Falk & Kosfeld
       2006; electronic monitoring adds stress and no performance, Ravid et al.
       2023; positive feedback lifts motivation, Deci, Koestner & Ryan 1999).
       Veterans are more sensitive than new hires: control costs most where a norm
       of high effort already exists (Kessler & Leider 2012).
    4. Skill grows towards 1 with on-the-job learning plus coaching from the
       manager's field time (coaching effects: Theeboom et al. 2014, High).
    5. A pipeline review helps a rep see what they would otherwise miss, and helps
       in proportion to what the rep does not yet know: a veteran gains little, a
       new hire a lot (autonomy x experience: Thompson & Vecchio 2009, a promising
       but small finding).
    6. Revenue = selling hours x productivity x effort x revenue per hour, where
       effort rises with morale (intrinsic motivation predicts performance,
       rho = .21-.45, Cerasoli et al. 2014).
    7. Each month a rep quits with a chance that is the typical attrition rate at
       the reference morale and rises as morale falls (poor management is a top-ranked cause of sales
       turnover: DePaul, Medium). An empty seat is refilled by a new hire after
       ``vacancy_months``.
"""

from __future__ import annotations

import html
import inspect
import math
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from course.trainee.plotting import BAND, BASELINE, POLICY, new_figure, style_axes
from course.trainee.random import make_rng

WEEKS_PER_MONTH = 52 / 12

# The limits of the manager's three levers, in the units the sliders show.
MAX_REVIEWS_PER_MONTH = 8.0
MAX_CRM_HOURS_PER_WEEK = 15.0
MAX_FIELD_DAYS_PER_MONTH = 10.0


@dataclass(frozen=True)
class Params:
    """Everything the scenario depends on: the manager's policy, the team, and the
    model's assumptions, each with its unit and source.

    Change a copy with ``dataclasses.replace(params, reviews_per_month=4)`` or
    ``params.with_(reviews_per_month=4)``.
    """

    # --- The manager's policy: the three levers the trainee moves ---------------
    reviews_per_month: float = 2.0  # pipeline reviews each rep attends a month (0-8)
    crm_hours_per_week: float = 3.0  # CRM reporting each rep owes a week, hours (0-15)
    field_days_per_month: float = 2.0  # manager's days in the field with reps (0-10)

    # --- The team -----------------------------------------------------------------
    n_veterans: int = 6  # reps already fully ramped
    n_new_hires: int = 2  # reps in their first month
    quarters: int = 4  # length of the run; 4 quarters is one year

    # --- Time ---------------------------------------------------------------------
    # 40-hour weeks; illustrative.
    hours_per_month: float = 160.0
    # Share of a rep's hours left for selling before the manager's own reporting
    # demands: an assumption. Measured selling time is 11-45% of the week depending
    # on definition (Proudfoot 2005; IPG 2006; a review of such studies; Low-Medium);
    # we take the top of that range as the ceiling.
    base_selling_share: float = 0.45
    # Rep's hours per pipeline review, preparation included; illustrative.
    hours_per_review: float = 1.5
    # Manager's hours with reps per field day; illustrative.
    hours_per_field_day: float = 8.0

    # --- Control and morale -------------------------------------------------------
    # Reporting hours a month at which control feels "half way to heavy"; illustrative.
    control_half_hours: float = 15.0
    # Morale lost at full control by a fully sensitive rep. Direction: Falk & Kosfeld
    # 2006 (High); a replication found the hidden cost real but usually smaller
    # (Ziegelmeyer et al. 2012, High). Size: illustrative; try 0.6 for a stronger,
    # "original study" reading and 0.15 for a weak one.
    hidden_cost: float = 0.35
    # A new hire's sensitivity to control relative to a veteran's (veteran = 1).
    # Kessler & Leider 2012: control backfired only under some conditions, one of
    # them a norm of high effort, which veterans have more often (the course's
    # reading). Size: illustrative.
    new_hire_control_sensitivity: float = 0.4
    # Morale a rep settles at with no control and no field time; illustrative.
    morale_baseline: float = 0.75
    # Extra morale from the manager's field time at full support; direction from
    # Deci, Koestner & Ryan 1999 (positive feedback d = +0.33, High); size illustrative.
    field_morale_gain: float = 0.15
    # Months for morale to close about two thirds of the gap to its target: the
    # sales-agent motivation model adjusts motivation over 3 months (Houghton et al.,
    # ISDC 2016, as shipped in EMAworkbench; illustrative, not data).
    morale_adjust_months: float = 3.0
    # How much effort depends on morale: effort = 1 - w + w * morale. Intrinsic
    # motivation predicts performance with rho = .21-.45 (Cerasoli et al. 2014, High);
    # a weight of 0.5 keeps morale important but not everything. Illustrative.
    morale_effort_weight: float = 0.5

    # --- Skill and coaching ------------------------------------------------------
    veteran_skill: float = 0.9  # productivity of a ramped rep, 0-1; illustrative
    new_hire_skill: float = 0.3  # productivity in month one, 0-1; illustrative
    # Monthly share of the remaining skill gap closed by selling alone. Calibrated
    # with field_learning so that a new hire under the default policy reaches about
    # 80% of a veteran's skill in 5 months: AE ramp is "just under 5 months"
    # (Bridge Group via a secondary page, Medium).
    on_the_job_learning: float = 0.15
    # Extra monthly share closed at full field coaching; coaching works
    # (Theeboom et al. 2014, g = .43-.74, High); size illustrative.
    field_learning: float = 0.15
    # Coaching hours a month per rep that give about two thirds of full support;
    # illustrative.
    coaching_scale_hours: float = 4.0
    # Largest share of a rep's skill gap that pipeline reviews can cover, and the
    # reviews a month that give about two thirds of it; both illustrative.
    review_help_max: float = 0.5
    review_help_scale: float = 2.0  # reviews a month for two thirds of the help

    # --- Attrition ----------------------------------------------------------------
    # Annual turnover of US salespeople "as high as 27%" (HBR 2017, Medium-High);
    # used as the rate at baseline morale.
    annual_attrition: float = 0.27
    # Morale at which reps quit at exactly that rate: about what the default policy
    # produces for veterans. Illustrative.
    attrition_reference_morale: float = 0.65
    # How fast the quit rate moves with morale: the monthly rate is multiplied by
    # exp(slope x (reference morale - morale)), so it rises as morale falls below the
    # reference and falls as morale rises above it. Illustrative.
    attrition_morale_slope: float = 4.0
    # Months a seat stays empty after a rep quits; illustrative.
    vacancy_months: int = 2

    # --- What the manager sees ---------------------------------------------------
    open_deals_per_rep: float = 8.0  # live deals a rep works at once; illustrative
    deals_seen_per_field_day: float = 2.0  # deals a manager sees first hand a day; illustrative

    # --- Money --------------------------------------------------------------------
    # Revenue a fully skilled, fully motivated rep brings per selling hour, in
    # dollars. Illustrative: chosen so a veteran sells about $1M a year.
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
        deals_seen_share: share of the team's open deals the manager sees first hand
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
        """Mean revenue over the whole run, dollars."""
        return float(self.total_revenue_runs.mean())

    @property
    def total_quits(self) -> float:
        """Mean number of reps who quit during the run."""
        return float(self.quits[-1])

    @property
    def final_morale(self) -> float:
        """Mean morale in the last month, 0-1."""
        return float(self.morale[-1])

    def summary(self) -> str:
        """One plain-language sentence per outcome: the text version of the plot."""
        p = self.params
        return (
            f"Over {p.months} months the team sold ${self.total_revenue / 1e6:,.2f}M. "
            f"Each rep had {self.selling_hours[0]:.0f} selling hours a month "
            f"({self.reporting_hours[0]:.0f} went to reporting). "
            f"Morale ended at {self.final_morale:.2f} on a 0-1 scale, and on average "
            f"{self.total_quits:.1f} of {p.team_size} reps quit. In the field you saw about "
            f"{self.deals_seen_share:.0%} of the team's open deals first hand each month."
        )


@dataclass(frozen=True)
class Assumption:
    """One parameter of the model: its default value and the note on its source."""

    name: str
    value: Any
    note: str


class AssumptionTable(tuple):
    """The model's assumptions, shown as a table in a notebook."""

    def __str__(self) -> str:
        return "\n".join(f"{a.name} = {a.value!r}: {a.note}" for a in self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{a.name}</code></td><td>{a.value!r}</td><td style='text-align:left'>{html.escape(a.note)}</td></tr>"
            for a in self
        )
        return f"<table><thead><tr><th>parameter</th><th>default</th><th>what it is, and its source</th></tr></thead><tbody>{rows}</tbody></table>"


def assumptions() -> AssumptionTable:
    """Every parameter of the model with its default and the comment that documents it.

    The comments beside :class:`Params`' fields are the single record of each unit,
    source and confidence; this reads them, so a trainee can see them in a notebook.
    """
    lines = inspect.getsource(Params).splitlines()
    defaults = Params()
    found = []
    for field_ in fields(Params):
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field_.name}:"))
        note = []
        above = index - 1
        while above >= 0 and lines[above].strip().startswith("#") and "---" not in lines[above]:
            note.insert(0, lines[above].strip().lstrip("#").strip())
            above -= 1
        if "#" in lines[index]:
            note.append(lines[index].split("#", 1)[1].strip())
        found.append(Assumption(field_.name, getattr(defaults, field_.name), " ".join(note)))
    return AssumptionTable(found)


def reporting_hours(params: Params) -> float:
    """Hours a month each rep spends on CRM reporting and pipeline reviews."""
    return params.crm_hours_per_week * WEEKS_PER_MONTH + params.reviews_per_month * params.hours_per_review


def selling_hours(params: Params) -> float:
    """Hours a month each rep has left for selling once the manager's reporting is done."""
    return max(0.0, params.hours_per_month * params.base_selling_share - reporting_hours(params))


def control_felt(params: Params) -> float:
    """How controlled a rep feels, from 0 (not at all) towards 1 (heavily)."""
    hours = reporting_hours(params)
    return hours / (hours + params.control_half_hours)


def simulate(params: Params, *, seed: int | None = None, runs: int = 200) -> Result:
    """Run the team under the manager's policy, month by month.

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

    def __str__(self) -> str:
        header = f"{self.lever:>22} | revenue ($M) | selling h/month | final morale | quits"
        lines = [header, "-" * len(header)]
        for v, rev, hours, morale, quit in self.rows():
            lines.append(f"{v:>22g} | {rev:12.2f} | {hours:15.0f} | {morale:12.2f} | {quit:5.1f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in (self.lever, "revenue ($M)", "selling h/month", "final morale", "quits")
        )
        body = "".join(
            f"<tr><td>{v:g}</td><td>{rev:.2f}</td><td>{hours:.0f}</td>"
            f"<td>{morale:.2f}</td><td>{quit:.1f}</td></tr>"
            for v, rev, hours, morale, quit in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def sweep(
    params: Params, lever: str, values: list[float] | tuple[float, ...], *, seed: int = 0, runs: int = 200
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


# What the scenario explorer (course.trainee.widgets.explore) reads: one slider per lever,
# as (parameter, label, minimum, maximum, step), and the teams to choose from.
CONTROLS: tuple[tuple[str, str, float, float, float], ...] = (
    ("reviews_per_month", "Pipeline reviews a month", 0.0, MAX_REVIEWS_PER_MONTH, 1.0),
    ("crm_hours_per_week", "CRM hours a week per rep", 0.0, MAX_CRM_HOURS_PER_WEEK, 0.5),
    ("field_days_per_month", "Your field days a month", 0.0, MAX_FIELD_DAYS_PER_MONTH, 0.5),
    ("hidden_cost", "Size of the hidden cost of control", 0.0, 0.6, 0.05),
)


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
    axes[0].legend(
        handles=[
            Line2D([], [], color=POLICY, linewidth=2.5, label="your policy"),
            Line2D([], [], color=BASELINE, linestyle="--", linewidth=2, label="default policy"),
            Patch(color=BAND, alpha=0.25, label="8 in 10 runs"),
        ],
        loc="lower right",
        fontsize=9,
        frameon=False,
    )
    figure.canvas.draw()  # settle the layout once, so later redraws can reuse it
    figure.set_layout_engine("none")
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
        if baseline is not None:
            ax.plot(baseline.month, values(baseline), color=BASELINE, linestyle="--", linewidth=2)
        ax.plot(result.month, values(result), color=POLICY, linewidth=2.5)
    return axes


PRESETS = {
    "6 veterans and 2 new hires": Params(),
    "8 veterans": VETERAN_TEAM,
    "8 new hires": NEW_HIRE_TEAM,
}
