"""Coaching: a leader's field hours across a team, and the open door.

Scenario:
    A sales leader and a team of five: two veterans (Ana, Bo), a rep in their second
    year (Cam) and two new hires (Dee, Eli). Each rep has three skills (discovery,
    qualification, negotiation) on a 0-1 scale, and each has one hidden gap: one of the
    three is weaker than the rest (less so the more experienced the rep), and the
    leader does not know which. Each month the
    leader splits a limited number of field hours across the reps, repeated for a
    year: **observe** on a ride-along (the leader sees the rep's gaps, with noise, and
    learns what customers say), **co-sell** (the leader helps win this month's deal;
    the rep learns little), a one-to-one **question session** (builds the skill the
    leader believes weakest, and the rep's ownership), or **leave alone** (autonomy).
    Part 2, the open door: a short branching conversation in which a new rep bounces
    a risky idea (a large discount to close this quarter) off the leader, who at each
    turn asks a question or gives an instruction.

Covers:
    Module 03, "Coaching: the open door and riding shotgun": where to spend limited
    coaching hours; what a ride-along is for (the rep's coaching, or the leader's own
    learning about customers); diminishing returns of coaching; experts and novices
    needing different amounts of direction (weakly supported: an assumption with a
    slider); questions rather than instructions in an open-door conversation (GROW).

Used in:
    ``solutions/03_coaching/coaching.ipynb`` (the scenario, exercises 1-4),
    ``tests/test_coaching.py``, ``tests/test_scenario_contract.py`` and
    ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The *directions* rest on published findings
    where there are any (each comment below names its source and confidence: High,
    Medium, Low); the *sizes* are chosen to show the mechanisms, and no study measured
    them. Trainees are graded on what this model does, never on a claim that real
    teams work exactly like it.

Mechanisms (one month, one rep):
    1. Time. The plan's hours (observe + co-sell + sessions, over all reps) come from
       the leader's field hours; what is left goes to the leader's other work. Hours
       beyond the budget are taken from that work, and the whole team's attainment
       pays ``over_budget_loss`` per hour over.
    2. Seeing the gaps. The leader's read of each skill is the truth plus noise whose
       spread falls with the hours observed so far:
       ``estimate_noise / sqrt(1 + hours_observed / hours_per_look)``.
    3. Question sessions build the skill the leader *believes* weakest, with
       diminishing returns: ``session_max_gain * (1 - skill) * h / (h + session_half_hours)``,
       times how much of the rep's selling the leader has seen: ``blind_session_share``
       with nothing seen (generic advice), rising to 1 with hours observed.
       They also build the rep's ownership (motivation). Direction: coaching at work
       helps ([theeboom-2014], Low for sales teams: professional coaches, not managers); sizes chosen.
    4. Co-selling adds to this month's attainment with diminishing returns, builds a
       little skill spread over all three, and costs a little ownership (the leader
       took the deal). Sizes chosen to show the mechanism.
    5. Direction and experience (an assumption with a slider, ``fit_strength``): a rep
       needs direction in proportion to inexperience, ``1 - experience``. The leader's
       hours with the rep give direction ``1 - exp(-hours / involvement_scale)``
       (observing and sessions count at ``light_direction_weight``). Too much lowers an expert's
       motivation; too little leaves a novice stuck (learning on the job slows).
       Weakly supported: [thompson-vecchio-2009] found only an autonomy x experience
       idea promising, and it added little. ``fit_strength = 0`` switches it off.
    6. Learning on the job: each skill closes ``practice_rate`` of its gap to 1 a
       month, times motivation, times how unstuck the rep is.
    7. Attainment (share of quota) = ``quota_at_full_skill * selling skill *
       (1 - motivation_weight + motivation_weight * motivation)`` plus co-selling,
       minus the over-budget loss, plus monthly luck. The selling skill weighs the
       weakest of the three skills by ``weakest_weight`` (a sale is a chain).
    8. What the leader learns about customers: ``1 - exp(-hours / insight_scale)``
       over the hours observed (co-selling counts at ``cosell_listening_share``).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, replace
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

SEED = 2026  # the luck the notebook's tables and the explorer share
SKILLS = ("discovery", "qualification", "negotiation")
MAX_HOURS = 12.0  # most hours a month of one action with one rep
# Exercise 4: what the leader can give each rep a month, as (observe, co-sell, session) hours.
MENU: dict[str, tuple[float, float, float]] = {
    "leave": (0.0, 0.0, 0.0),
    "observe": (3.0, 0.0, 0.0),
    "cosell": (0.0, 5.0, 0.0),
    "coach": (2.0, 0.0, 4.0),
}
DECIDE_SEEDS = tuple(range(1, 21))  # Exercise 4: the 20 seeds a plan must win on
DECIDE_MARGIN = 0.02  # ... and by at least 2 percentage points of quota on average


@dataclass(frozen=True)
class Params:
    """The leader's plan, the team and the model's assumptions, each with its unit and source.

    Change a copy with ``params.with_(new_session_hours=3)``.
    """

    # --- The leader's plan: hours a month with EACH rep of a group (the explorer's levers) ---
    veteran_observe_hours: float = 3.0  # ride-alongs to observe, each veteran (Ana, Bo)
    veteran_session_hours: float = 0.0  # one-to-one question sessions, each veteran
    new_observe_hours: float = 0.0  # ride-alongs to observe, each newer rep (Cam, Dee, Eli)
    new_cosell_hours: float = 3.0  # co-selling, each newer rep
    new_session_hours: float = 2.0  # question sessions, each newer rep
    # Hours a month for each rep, in the order of the team, as (observe, co-sell,
    # session); empty = use the group levers above.
    plan: tuple[tuple[float, float, float], ...] = ()

    # --- The team ---------------------------------------------------------------------
    rep_names: tuple[str, ...] = ("Ana", "Bo", "Cam", "Dee", "Eli")
    months_in_role: tuple[float, ...] = (96.0, 60.0, 18.0, 3.0, 0.0)  # at the start of the run
    veterans: int = 2  # the first reps of the team are the veterans
    months: int = 12  # length of the run
    # The leader's field hours a month for coaching and riding along. Chosen to show
    # the squeeze (a fifth of a 120-hour month of the leader's own).
    field_hours_per_month: float = 24.0

    # --- Skill and experience ------------------------------------------------------------
    # Months in the role at which a rep is half-way from novice to expert on the
    # experience scale (0-1). Our assumption (plausible range 3-12 months). The nearest
    # figure: SaaS inside-sales account executives take "just under 5 months" to ramp
    # ([bridge-group-ramp], Low, via a secondary page), a different kind of rep.
    experience_half_months: float = 6.0
    novice_skill: float = 0.35  # each skill of a rep on day one, 0-1; chosen to show the mechanism
    expert_skill: float = 0.85  # each skill of a fully experienced rep, 0-1; chosen to show the mechanism
    # How much weaker the hidden gap is than a new rep's other skills; a rep's gap
    # shrinks with experience, ``gap_size * (1 - experience)``. Chosen to show the mechanism.
    gap_size: float = 0.25
    skill_spread: float = 0.05  # spread of each skill around the rep's level; chosen to show the mechanism
    # Share of each skill's gap to 1 a rep closes a month on the job, at full
    # motivation. Chosen so a new hire with little help takes several months to ramp.
    practice_rate: float = 0.07

    # --- Seeing the gaps (observe) -----------------------------------------------------------
    estimate_noise: float = 0.3  # spread of the leader's read of a skill before any ride-along; chosen
    # Share of a question session's effect when the leader has never seen the rep
    # sell (generic advice); it rises to all of it with hours observed. Chosen.
    blind_session_share: float = 0.4
    seen_scale_hours: float = 6.0  # hours observed with a rep that take it two thirds of the way; chosen
    hours_per_look: float = 2.0  # observed hours that shrink the spread by sqrt(2); chosen
    # Hours observed (all reps together) at which the leader has learned about two
    # thirds of what customers are saying. The essay's point; size chosen.
    insight_scale: float = 60.0
    cosell_listening_share: float = (
        0.3  # a co-selling hour teaches the leader this share of an observed one; chosen
    )

    # --- Question sessions and co-selling --------------------------------------------------------
    # Most of a skill's gap to 1 a month of sessions can close. Direction: coaching at
    # work improves skills ([theeboom-2014], Low when applied to a manager's
    # coaching); size chosen to show the mechanism.
    session_max_gain: float = 0.25
    session_half_hours: float = 2.0  # hours a month of sessions that give half the most; chosen
    ownership_gain: float = 0.04  # motivation a month from full sessions (the rep owns the plan); chosen
    cosell_deal_max: float = 0.3  # most share of quota co-selling adds in a month; chosen
    cosell_half_hours: float = 4.0  # co-selling hours a month that give half of that; chosen
    cosell_skill_gain: float = 0.02  # most of each skill's gap co-selling closes a month; chosen
    cosell_ownership_loss: float = 0.02  # motivation a month lost at full co-selling; chosen

    # --- Direction and experience (an assumption) ---------------------------------------------
    # How strongly direction must fit experience: 1 = the model's default, 0 = off
    # (every rep reacts to your hours alike). Weakly supported: only an autonomy x
    # experience idea looked promising in [thompson-vecchio-2009] (Low).
    fit_strength: float = 1.0
    involvement_scale: float = 4.0  # hours a month with a rep that give two thirds of full direction; chosen
    # An hour observing or asking questions directs this share of an hour spent
    # selling beside the rep; chosen to show the mechanism.
    light_direction_weight: float = 0.5
    over_direction_cost: float = 0.06  # motivation lost a month at full over-direction; chosen
    stuck_cost: float = 0.8  # share of on-the-job learning lost at full under-direction; chosen

    # --- Motivation and attainment -------------------------------------------------------------
    initial_motivation: float = 0.8  # each rep's motivation at the start, 0-1; chosen
    motivation_recovery: float = 0.1  # share of the way back to the start a month; chosen
    quota_at_full_skill: float = 1.15  # attainment (share of quota) of a rep at skill 1, motivation 1; chosen
    motivation_weight: float = 0.5  # share of attainment that rides on motivation; chosen
    # Weight of the weakest skill in the skill that sells (the rest is the mean of the
    # three): a sale is a chain, and the weakest link costs most. Chosen to show the mechanism.
    weakest_weight: float = 0.5
    luck: float = 0.08  # spread of a month's attainment by luck, share of quota; chosen
    over_budget_loss: float = 0.005  # team attainment lost a month per hour over the budget; chosen

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)

    @property
    def team_size(self) -> int:
        """Reps on the team."""
        return len(self.rep_names)

    def hours(self) -> np.ndarray:
        """Hours a month for each rep as rows of (observe, co-sell, session)."""
        if self.plan:
            return np.asarray(self.plan, dtype=float)
        rows = []
        for index in range(self.team_size):
            if index < self.veterans:
                rows.append((self.veteran_observe_hours, 0.0, self.veteran_session_hours))
            else:
                rows.append((self.new_observe_hours, self.new_cosell_hours, self.new_session_hours))
        return np.asarray(rows, dtype=float)

    def hours_used(self) -> float:
        """The plan's hours a month, all reps together."""
        return float(self.hours().sum())


def session_gain(hours: float, skill: float, params: Params | None = None) -> float:
    """A month's gain in the skill a question session targets:
    ``session_max_gain * (1 - skill) * hours / (hours + session_half_hours)``."""
    p = params or Params()
    for name, value, high in (("hours", hours, 1000.0), ("skill", skill, 1.0)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= high:
            raise ValueError(f"{name} must be a number from 0 to {high:g}; got {value!r}.")
    if hours == 0:
        return 0.0
    return p.session_max_gain * (1.0 - skill) * hours / (hours + p.session_half_hours)


def experience(months: float | np.ndarray, params: Params | None = None) -> Any:
    """Experience on a 0-1 scale: ``months / (months + experience_half_months)``."""
    p = params or Params()
    return np.asarray(months, dtype=float) / (np.asarray(months, dtype=float) + p.experience_half_months)


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Result:
    """What one plan produced, month by month, averaged over the Monte Carlo runs.

    Attributes:
        params: the parameters that produced this result.
        month: 1, 2, ... months.
        attainment: the team's mean attainment (share of quota) each month.
        attainment_low, attainment_high: 10th and 90th percentile of it.
        skill: the team's mean skill each month (0-1).
        motivation: the team's mean motivation each month (0-1).
        insight: what the leader has learned about customers each month (0-1).
        attainment_by_rep: each rep's attainment in the last month.
        skill_by_rep, motivation_by_rep: each rep's skill and motivation at the end.
        gap_found: share of runs in which the leader's read of each rep's weakest skill
            is right at the end.
        final_runs: the team's attainment in the last month, run by run.
    """

    params: Params
    month: np.ndarray
    attainment: np.ndarray
    attainment_low: np.ndarray
    attainment_high: np.ndarray
    skill: np.ndarray
    motivation: np.ndarray
    insight: np.ndarray
    attainment_by_rep: np.ndarray
    skill_by_rep: np.ndarray
    motivation_by_rep: np.ndarray
    gap_found: np.ndarray
    final_runs: np.ndarray

    @property
    def final_attainment(self) -> float:
        """The team's attainment in the last month (share of quota)."""
        return float(self.attainment[-1])

    @property
    def hours_left(self) -> float:
        """The field hours a month the plan leaves for the leader's other work (negative: over)."""
        return self.params.field_hours_per_month - self.params.hours_used()

    def summary(self, baseline: Result | None = None) -> str:
        """Plain sentences for the outcomes: the text version of the plot."""
        p = self.params
        left = self.hours_left
        time = (
            f"Your plan uses {p.hours_used():g} of your {p.field_hours_per_month:g} field hours a month"
            + (
                f", leaving {left:g} for your other work."
                if left >= 0
                else f": {-left:g} over, taken from your other work (the team pays for it)."
            )
        )
        text = (
            f"{time} Month {p.months}: the team at {self.final_attainment:.0%} of quota, skill "
            f"{self.skill[-1]:.2f}, motivation {self.motivation[-1]:.2f} (0-1); you have heard "
            f"{self.insight[-1]:.0%} of what customers say."
        )
        if baseline is not None and baseline.params != p:
            change = 100 * (self.final_attainment - baseline.final_attainment)
            morale = self.motivation[-1] - baseline.motivation[-1]
            if abs(change) < 0.5 and abs(morale) < 0.005:
                return "About the same as the default plan. " + text
            text = (
                f"Compared with the default plan: month-{p.months} attainment {abs(change):.0f} percentage "
                f"point{'' if round(abs(change)) == 1 else 's'} {'higher' if change >= 0 else 'lower'}, "
                f"motivation {abs(morale):.2f} "
                f"{'higher' if morale >= 0 else 'lower'}. " + text
            )
        return text


def simulate(params: Params, *, seed: int | None = None, runs: int = 200) -> Result:
    """Run the team for ``params.months`` months under the leader's plan.

    Args:
        params: the plan, the team and the assumptions.
        seed: seed of the random generator. The same seed gives the same result, and
            two plans run with the same seed meet the same luck and the same gaps.
        runs: Monte Carlo runs to average over (1-10,000).

    Returns:
        A :class:`Result` with monthly averages over the runs.
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be coaching.Params; got {type(params).__name__}.")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 10_000:
        raise ValueError(f"runs must be a whole number from 1 to 10,000; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    n, months, s = p.team_size, p.months, len(SKILLS)

    # Luck, drawn up front so that every plan run with this seed meets the same dice.
    gap = rng.integers(0, s, size=(runs, n))
    spread = rng.standard_normal((runs, n, s))
    read_noise = rng.standard_normal((months, runs, n, s))
    month_luck = rng.standard_normal((months, runs, n))

    start = np.asarray(p.months_in_role, dtype=float)
    level = p.novice_skill + (p.expert_skill - p.novice_skill) * experience(start, p)
    skill = level[None, :, None] + p.skill_spread * spread
    gap_depth = p.gap_size * (1.0 - experience(start, p))
    skill = skill - gap_depth[None, :, None] * (np.arange(s)[None, None, :] == gap[:, :, None])
    skill = np.clip(skill, 0.02, 0.98)
    motivation = np.full((runs, n), p.initial_motivation)

    hours = p.hours()
    observe, cosell, session = hours[:, 0], hours[:, 1], hours[:, 2]
    session_effect = p.session_max_gain * session / (session + p.session_half_hours)
    cosell_skill = p.cosell_skill_gain * cosell / (cosell + p.cosell_half_hours)
    cosell_share = cosell / (cosell + p.cosell_half_hours)
    direction = 1.0 - np.exp(-(cosell + p.light_direction_weight * (observe + session)) / p.involvement_scale)
    over_hours = max(0.0, p.hours_used() - p.field_hours_per_month)
    listened = observe.sum() + p.cosell_listening_share * cosell.sum()

    out = {k: np.zeros((months, runs)) for k in ("attainment", "skill", "motivation")}
    insight = np.zeros(months)
    observed = np.zeros(n)
    attainment = np.zeros((runs, n))
    for m in range(months):
        need = 1.0 - experience(start + m, p)
        under = np.maximum(0.0, need - direction)
        over = np.maximum(0.0, direction - need)

        # The leader's read of the gaps, and the skill the sessions go to.
        observed += observe
        noise = p.estimate_noise / np.sqrt(1.0 + observed / p.hours_per_look)
        believed = skill + noise[None, :, None] * read_noise[m]
        target = np.arange(s)[None, None, :] == np.argmin(believed, axis=2)[:, :, None]

        unstuck = 1.0 - p.fit_strength * p.stuck_cost * under
        seen = p.blind_session_share + (1.0 - p.blind_session_share) * (
            1.0 - np.exp(-observed / p.seen_scale_hours)
        )
        skill = skill + target * (seen * session_effect)[None, :, None] * (1.0 - skill)
        skill = skill + cosell_skill[None, :, None] * (1.0 - skill)
        skill = skill + p.practice_rate * (1.0 - skill) * (motivation * unstuck[None, :])[:, :, None]
        skill = np.clip(skill, 0.0, 1.0)

        motivation = (
            motivation
            + p.ownership_gain * session / (session + p.session_half_hours)
            - p.fit_strength * p.over_direction_cost * over
            - p.cosell_ownership_loss * cosell_share
            + p.motivation_recovery * (p.initial_motivation - motivation)
        )
        motivation = np.clip(motivation, 0.0, 1.0)

        attainment = (
            p.quota_at_full_skill
            * ((1.0 - p.weakest_weight) * skill.mean(axis=2) + p.weakest_weight * skill.min(axis=2))
            * (1.0 - p.motivation_weight + p.motivation_weight * motivation)
            + p.cosell_deal_max * cosell_share
            - p.over_budget_loss * over_hours
            + p.luck * month_luck[m]
        )
        attainment = np.maximum(attainment, 0.0)
        out["attainment"][m] = attainment.mean(axis=1)
        out["skill"][m] = skill.mean(axis=(1, 2))
        out["motivation"][m] = motivation.mean(axis=1)
        insight[m] = 1.0 - math.exp(-listened * (m + 1) / p.insight_scale)

    final_read = np.argmin(skill + noise[None, :, None] * read_noise[-1], axis=2)
    return Result(
        params=p,
        month=np.arange(1, months + 1),
        attainment=out["attainment"].mean(axis=1),
        attainment_low=np.percentile(out["attainment"], 10, axis=1),
        attainment_high=np.percentile(out["attainment"], 90, axis=1),
        skill=out["skill"].mean(axis=1),
        motivation=out["motivation"].mean(axis=1),
        insight=insight,
        attainment_by_rep=attainment.mean(axis=0),
        skill_by_rep=skill.mean(axis=(0, 2)),
        motivation_by_rep=motivation.mean(axis=0),
        gap_found=(final_read == np.argmin(skill, axis=2)).mean(axis=0),
        final_runs=out["attainment"][-1],
    )


# --------------------------------------------------------------------------- Exercise 1: a ride-along


@dataclass(frozen=True)
class RideAlongTable:
    """Each rep's change at month 12 when the leader adds ride-along hours to that rep alone."""

    params: Params
    extra_hours: float
    names: tuple[str, ...]
    months_in_role: tuple[float, ...]
    attainment_change: np.ndarray  # the rep's own month-12 attainment, percentage points
    motivation_change: np.ndarray  # the rep's motivation at the end, 0-1 scale
    insight_change: float  # what the leader learns about customers, percentage points

    def most(self) -> str:
        """The rep whose own month-12 attainment gains most."""
        return self.names[int(np.argmax(self.attainment_change))]

    def gain(self, name: str) -> int:
        """A rep's change in month-12 attainment, whole percentage points, as the table shows it."""
        return int(round(float(self.attainment_change[self.names.index(name)])))

    def rows(self) -> list[tuple[str, str, int, float]]:
        return [
            (name, _tenure(months), int(round(float(a))), float(m))
            for name, months, a, m in zip(
                self.names, self.months_in_role, self.attainment_change, self.motivation_change, strict=True
            )
        ]

    def __str__(self) -> str:
        header = "rep  | in the role     | month-12 attainment, points | motivation at the end"
        lines = [
            f"{self.extra_hours:g} more ride-along hours a month with ONE rep, on top of the default plan:",
            header,
            "-" * len(header),
        ]
        for name, tenure, points, morale in self.rows():
            lines.append(f"{name:<4} | {tenure:<15} | {points:>+27d} | {morale:>+21.2f}")
        lines.append(
            f"Either way you hear more from customers: +{self.insight_change:.0f} points of what there is to learn."
        )
        return "\n".join(lines)

    __repr__ = __str__  # plain text (nbconvert, a terminal) shows the table, not the fields

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>"
            for h in ("rep", "in the role", "month-12 attainment, points", "motivation at the end")
        )
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{t}</td><td>{a:+d}</td><td>{m:+.2f}</td></tr>"
            for n, t, a, m in self.rows()
        )
        caption = (
            f"{self.extra_hours:g} more ride-along hours a month with one rep, on top of the default plan: "
            "the change in that rep's outcomes"
        )
        note = (
            f"<p>Whichever rep you ride with, you hear more from customers: +{self.insight_change:.0f} "
            "points of what there is to learn.</p>"
        )
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            + note
        )


def _tenure(months: float) -> str:
    if months < 1:
        return "starts now"
    if months < 24:
        return f"{months:g} months"
    return f"{months / 12:g} years"


def ride_along_gains(
    params: Params | None = None, extra_hours: float = 3.0, *, seed: int = SEED, runs: int = 400
) -> RideAlongTable:
    """Add ``extra_hours`` of observing to one rep at a time; all else (and the luck) equal."""
    p = params or Params()
    if (
        isinstance(extra_hours, bool)
        or not isinstance(extra_hours, (int, float))
        or not 0 < extra_hours <= 12
    ):
        raise ValueError(f"extra_hours must be a number above 0 and at most 12; got {extra_hours!r}.")
    base_hours = p.hours()
    base = simulate(p.with_(plan=_as_plan(base_hours)), seed=seed, runs=runs)
    attainment, motivation = [], []
    insight = 0.0
    for index in range(p.team_size):
        hours = base_hours.copy()
        hours[index, 0] += extra_hours
        run = simulate(p.with_(plan=_as_plan(hours)), seed=seed, runs=runs)
        attainment.append(100 * (run.attainment_by_rep[index] - base.attainment_by_rep[index]))
        motivation.append(run.motivation_by_rep[index] - base.motivation_by_rep[index])
        insight = 100 * (run.insight[-1] - base.insight[-1])
    return RideAlongTable(
        p,
        float(extra_hours),
        p.rep_names,
        p.months_in_role,
        np.asarray(attainment),
        np.asarray(motivation),
        insight,
    )


def _as_plan(hours: np.ndarray) -> tuple[tuple[float, float, float], ...]:
    return tuple((float(o), float(c), float(s)) for o, c, s in hours)


# --------------------------------------------------------------------------- Exercise 4: a plan from the menu


def plan_from_choices(choices: Any, params: Params | None = None) -> tuple[tuple[float, float, float], ...]:
    """Hours a month per rep from one menu word per rep ("leave", "observe", "cosell", "coach").

    Text is read without case or surrounding spaces; anything else is a ValueError in
    plain words.
    """
    p = params or Params()
    if isinstance(choices, dict):
        choices = [choices.get(name, choices.get(name.lower())) for name in p.rep_names]
    if not isinstance(choices, (list, tuple)) or len(choices) != p.team_size:
        raise ValueError(
            f"the plan needs one choice for each of the {p.team_size} reps ({', '.join(p.rep_names)}); "
            f"got {choices!r}."
        )
    plan = []
    for name, choice in zip(p.rep_names, choices, strict=True):
        if choice is None or choice == "?":
            raise ValueError(
                f"the choice for {name} is still empty: write {', '.join(repr(k) for k in MENU)} "
                "in the answer cell and run it."
            )
        word = choice.strip().lower() if isinstance(choice, str) else choice
        if word not in MENU:
            raise ValueError(
                f"the choice for {name} must be one of {', '.join(repr(k) for k in MENU)}; got {choice!r}."
            )
        plan.append(MENU[word])
    return tuple(plan)


@dataclass(frozen=True)
class PlanComparison:
    """A plan against the default plan on the same seeds: month-12 team attainment."""

    choices: tuple[str, ...]
    hours_used: float
    budget: float
    yours: np.ndarray  # month-12 team attainment, one per seed
    default: np.ndarray

    @property
    def wins(self) -> int:
        return int((self.yours > self.default).sum())

    @property
    def margin(self) -> float:
        """Mean month-12 attainment above the default plan's, share of quota."""
        return float((self.yours - self.default).mean())

    @property
    def beats_default(self) -> bool:
        """Within the hours, better on every seed, and by the exercise's margin on average."""
        return (
            self.hours_used <= self.budget
            and self.wins == len(self.yours)
            and self.margin >= DECIDE_MARGIN - 1e-12
        )

    def __str__(self) -> str:
        budget = (
            f"Your plan uses {self.hours_used:g} of your {self.budget:g} field hours a month."
            if self.hours_used <= self.budget
            else f"Your plan uses {self.hours_used:g} hours a month: more than your {self.budget:g}. Cut it back."
        )
        return (
            f"{budget}\nMonth-12 team attainment, average of {len(self.yours)} trials with different luck: yours "
            f"{self.yours.mean():.1%}, the default plan {self.default.mean():.1%} "
            f"({100 * self.margin:+.1f} points).\nYours is higher in {self.wins} of {len(self.yours)} trials.\n"
            + (
                "This passes Exercise 4a."
                if self.beats_default
                else f"Not yet: it needs to fit your hours, be higher in all {len(self.yours)} trials, and by at "
                f"least {100 * DECIDE_MARGIN:.1f} points on average."
            )
        )

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def compare_plan(choices: Any, params: Params | None = None, *, seeds: tuple[int, ...] = DECIDE_SEEDS) -> Any:
    """Run a plan from the menu and the default plan on the same ``seeds``.

    In a notebook a choice that is not on the menu gives one plain line, not an error.
    """
    p = params or Params()
    try:
        plan = plan_from_choices(choices, p)
    except ValueError as error:
        print(f"Not yet: {error}")
        return None
    default = p.with_(plan=())  # the group levers: the default plan unless changed
    yours = p.with_(plan=plan)
    words = tuple(c.strip().lower() for c in (choices.values() if isinstance(choices, dict) else choices))
    return PlanComparison(
        words,
        yours.hours_used(),
        p.field_hours_per_month,
        np.array([simulate(yours, seed=s).final_attainment for s in seeds]),
        np.array([simulate(default, seed=s).final_attainment for s in seeds]),
    )


def plan_note(choices: Any, params: Params | None = None) -> str:
    """What Exercise 4 teaches, shown once the trainee's plan passes."""
    try:
        result = compare_plan(choices, params) if plan_from_choices(choices, params) else None
    except ValueError:
        result = None
    if result is None or not result.beats_default:
        return "Not yet: this note appears once your plan passes (the cell above says when)."
    return (
        "In the model, every plan that passes coaches at least two of the three newer reps: a ride-along, then "
        "question sessions aimed at the gap you saw. Watching alone, or co-selling with every new rep, does not "
        "pass. The best plans also coach one veteran: question sessions build a veteran's ownership faster than "
        "they over-direct, in this model's chosen sizes. The essay says great reps need \"listening and some account call "
        'reinforcements", and a question session is mostly listening. Which fits your veterans? That experts lose motivation when '
        "over-directed is itself weakly supported [thompson-vecchio-2009]."
    )


# --------------------------------------------------------------------------- Part 2: the open door

# A branching conversation: each node is a turn; each choice is (letter, what the leader
# says, "question" or "instruction", the rep's reply, ownership change, deal quality
# change, the next node or None where the conversation ends). Ownership and deal
# quality start at 0. Sizes chosen to show the mechanism.
DOOR_OPENING = (
    "Dee knocks on your open door: \"Northwind says they'll sign this quarter if we take 25% off. "
    'Can I offer it?"'
)
# fmt: off
DOOR: dict[str, tuple[str, tuple[tuple[str, str, str, str, int, int, str | None], ...]]] = {
    'goal': ('Goal: what does Dee want from this deal?', (
        ('A', '"Yes, do it. We need the number this quarter."', 'instruction',
         '"Great, I\'ll send it today." (Northwind signs at 25% off; nobody asks why they wanted it.)',
         -1, -2, None),
        ('B', '"Why on earth would we give away 25%?"', 'question',
         '"Because they asked, and I need this deal." (A question, but Dee hears blame and defends.)',
         -1, 0, 'reality'),
        ('C', '"What would a good result look like, for you and for Northwind?"', 'question',
         '"Honestly? Signed this quarter, and a customer who renews next year. A big discount now makes next year\'s renewal harder."',
         1, 0, 'reality'),
    )),
    'reality': ('Reality: what is really going on at Northwind?', (
        ('A', '"Don\'t you think 25% is far too much?"', 'instruction',
         '"I suppose so." (A question in form, an instruction in fact: Dee now guesses what you want.)',
         -1, 0, 'options'),
        ('B', '"What has their team actually said about price?"', 'question',
         '"Their finance lead asked for \'a better number\'. The buyer never mentioned price: she is worried about the roll-out."',
         1, 1, 'options'),
        ('C', '"Find out who really decides, then come back to me."', 'instruction',
         '"Fine, I\'ll ask around." (Dee goes to look for what you asked for.)',
         -1, 1, 'options'),
    )),
    'options': ('Options: what could Dee offer instead?', (
        ('A', '"Offer 10% for a two-year term. Take it or leave it."', 'instruction',
         '"OK, I\'ll send that." (A sound offer, but it is yours, not Dee\'s.)',
         -1, 1, 'will'),
        ('B', '"What could you offer them instead of a discount?"', 'question',
         '"A phased roll-out with our onboarding team... and if they still need a better number, we tie it to a two-year term."',
         1, 2, 'will'),
    )),
    'will': ('Will: what happens next?', (
        ('A', '"What will you do next, and what do you need from me?"', 'question',
         '"I\'ll call the buyer tomorrow and take what we discussed to finance. Could you join the call with their finance lead on Thursday?"',
         2, 1, None),
        ('B', '"Send me the proposal by Friday so I can check it."', 'instruction',
         '"Will do." (Dee waits for your approval before moving.)',
         -1, 0, None),
    )),
}
# fmt: on
DOOR_START = "goal"
# How a path is scored (documented in the instructor notebook): ownership and deal
# quality at the end, weighted; chosen to show the mechanism.
DOOR_WEIGHTS = {"ownership": 1.0, "quality": 1.0}


@dataclass(frozen=True)
class DoorWalk:
    """One path through the open-door conversation."""

    steps: tuple[str, ...]
    said: tuple[str, ...]
    kinds: tuple[str, ...]
    replies: tuple[str, ...]
    ownership: int
    quality: int
    finished: bool

    @property
    def score(self) -> float:
        """The path's score: ``DOOR_WEIGHTS`` applied to ownership and deal quality at the end."""
        return DOOR_WEIGHTS["ownership"] * self.ownership + DOOR_WEIGHTS["quality"] * self.quality

    @property
    def questions(self) -> int:
        return sum(kind == "question" for kind in self.kinds)


def parse_path(path: Any) -> tuple[str, ...]:
    """The letters of a typed path: "B A C", "b,a,c", "BAC" or ["B", "A", "C"].

    Raises:
        ValueError: in plain words, for anything that is not letters.
    """
    if isinstance(path, (list, tuple)):
        if not all(isinstance(step, str) for step in path):
            raise ValueError(f'write each step as a letter in quote marks, such as ["C", "A"]; got {path!r}')
        path = " ".join(path)
    if not isinstance(path, str):
        raise ValueError(f'write the path as letters in quote marks, such as "C A"; got {path!r}')
    text = path.replace("“", "").replace("”", "").replace('"', "").replace("'", "")
    text = re.sub(r"(?i)\bsay\b", " ", text)  # copied from the buttons: "Say C, Say B"
    letters = re.sub(r"[\s,;>\-.→/]+", "", text).upper()
    if not letters:
        raise ValueError('the path is empty: write the letters you chose, such as "C A"')
    wrong = sorted({ch for ch in letters if ch not in "ABC"})
    if wrong:
        raise ValueError(
            f"a path uses only the letters A, B and C; {', '.join(repr(w) for w in wrong)} "
            f"{'is' if len(wrong) == 1 else 'are'} not letters of the path"
        )
    return tuple(letters)


def door_walk(path: Any) -> DoorWalk:
    """Walk the conversation along ``path`` (see :func:`parse_path`).

    Raises:
        ValueError: in plain words, when a letter is not a choice at its turn, or the
            path goes on after the conversation ended.
    """
    steps = parse_path(path)
    node: str | None = DOOR_START
    said, kinds, replies = [], [], []
    ownership = quality = 0
    for turn, letter in enumerate(steps, start=1):
        if node is None:
            raise ValueError(
                f"the conversation ended after step {turn - 1}; your path has {len(steps)} steps. "
                f"Keep the first {turn - 1}"
            )
        _, choices = DOOR[node]
        chosen = next((c for c in choices if c[0] == letter), None)
        if chosen is None:
            offered = " or ".join(c[0] for c in choices)
            raise ValueError(f"at step {turn} the choices are {offered}; got {letter}")
        _, words, kind, reply, d_own, d_quality, node = chosen
        said.append(words)
        kinds.append(kind)
        replies.append(reply)
        ownership += d_own
        quality += d_quality
    return DoorWalk(steps, tuple(said), tuple(kinds), tuple(replies), ownership, quality, node is None)


def door_paths() -> list[tuple[str, ...]]:
    """Every complete path through the conversation."""
    found: list[tuple[str, ...]] = []

    def walk(node: str | None, path: tuple[str, ...]) -> None:
        if node is None:
            found.append(path)
            return
        for choice in DOOR[node][1]:
            walk(choice[6], (*path, choice[0]))

    walk(DOOR_START, ())
    return found


def door_best_score() -> float:
    """The highest score any complete path earns."""
    return max(door_walk(path).score for path in door_paths())


def door_problem(path: Any) -> str | None:
    """None for a complete path; otherwise what is wrong with it, in one plain sentence."""
    try:
        walk = door_walk(path)
    except ValueError as error:
        return f"{error}."
    if not walk.finished:
        node = _node_after(walk.steps)
        return (
            f"the conversation is not over after {len(walk.steps)} step{'s' if len(walk.steps) != 1 else ''}: "
            f"add your choice at the next turn ({' or '.join(c[0] for c in DOOR[node][1])})."
        )
    if len(walk.steps) < len(DOOR):
        return (
            f"the conversation ended after {len(walk.steps)} step{'s' if len(walk.steps) != 1 else ''}: "
            "you decided for Dee at once. Play it with the buttons and find a path that hears her out "
            f"through all {len(DOOR)} turns."
        )
    return None


def door_note(path: Any) -> str:
    """What Exercise 3 teaches, shown once the trainee's path goes through every turn."""
    if door_problem(path) is not None:
        return "Not yet: this note appears once your door_path goes through all four turns (check above)."
    return (
        "In GROW's terms the four turns were Goal, Reality, Options and Will. Two traps sat on the way: a "
        '"why" question that Dee hears as blame, and a question that is an instruction in disguise ("Don\'t '
        "you think 25% is far too much?\"). The best path ends with Dee's own plan and a clear request of you."
    )


def _node_after(steps: tuple[str, ...]) -> str:
    node = DOOR_START
    for letter in steps:
        node = next(c for c in DOOR[node][1] if c[0] == letter)[6]
    return node


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter of the model with its default and the comment
            that documents it in :class:`Params`.
    """
    if full:
        return every_parameter(Params)
    p = Params()
    chosen = "chosen to show the mechanism (our assumption)"
    return AssumptionTable(
        [
            Assumption(
                "Your field hours for coaching",
                f"{p.field_hours_per_month:g} a month",
                f"Hours over it come from your other work, and the team pays. Size {chosen}.",
            ),
            Assumption(
                "A ride-along shows you a rep's gaps",
                f"until you have seen a rep sell, your sessions have {p.blind_session_share:.0%} of their "
                "effect and may miss the gap",
                f"Sizes {chosen}.",
            ),
            Assumption(
                "A question session builds skill and ownership, with diminishing returns",
                f"up to {p.session_max_gain:.0%} of a skill's gap to full a month (half of that at "
                f"{p.session_half_hours:g} hours); up to +{p.ownership_gain:g} motivation",
                f"Direction: coaching at work helps ([theeboom-2014], low for a manager). Sizes {chosen}.",
            ),
            Assumption(
                "Co-selling wins this month's deal, teaches little",
                f"up to +{p.cosell_deal_max:.0%} of quota that month; a little skill; a little lost ownership",
                f"Sizes {chosen}.",
            ),
            Assumption(
                "New reps need direction; experts need room",
                f"too much lowers an expert's motivation (up to -{p.over_direction_cost:g} a month); too "
                "little slows a novice's learning",
                "Weakly supported ([thompson-vecchio-2009], low). A slider: 0 switches it off.",
            ),
            Assumption(
                "New hires ramp over months",
                f"half-way from novice to expert after {p.experience_half_months:g} months; on the job each "
                f"skill closes {p.practice_rate:.0%} of its gap a month",
                "SaaS inside-sales account executives take 'just under 5 months' to ramp, by a vendor's survey on a "
                "secondary page ([bridge-group-ramp], "
                f"low). The model's ramp is its own, {chosen}.",
            ),
            Assumption(
                "Attainment",
                f"{p.quota_at_full_skill:.0%} of quota at full skill and motivation; the weakest skill weighs most",
                f"Plus luck. Sizes {chosen}.",
            ),
            Assumption(
                "Riding along teaches you about customers",
                f"two thirds of what there is to hear after {p.insight_scale:g} hours observed",
                f"A co-selling hour counts for {p.cosell_listening_share:.0%} of one. Sizes {chosen}.",
            ),
        ]
    )


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    def number_between(name: str, low: float, high: float, unit: str) -> None:
        value = getattr(p, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not math.isfinite(value)
        ):
            raise ValueError(f"{name} must be a number from {low:g} to {high:g} {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low:g} to {high:g} {unit}; got {value:g}.")

    for name in (
        "veteran_observe_hours",
        "veteran_session_hours",
        "new_observe_hours",
        "new_cosell_hours",
        "new_session_hours",
    ):
        number_between(name, 0, MAX_HOURS, "hours a month")
    if (
        not isinstance(p.rep_names, tuple)
        or not p.rep_names
        or not all(isinstance(r, str) for r in p.rep_names)
    ):
        raise ValueError(
            f"rep_names must be a tuple of at least one name, such as ('Ana',); got {p.rep_names!r}."
        )
    if len(p.rep_names) > 30:
        raise ValueError(f"rep_names must name at most 30 reps; got {len(p.rep_names)}.")
    if not isinstance(p.months_in_role, tuple) or len(p.months_in_role) != p.team_size:
        raise ValueError(
            f"months_in_role needs one number per rep ({p.team_size}); got {p.months_in_role!r}."
        )
    for item in p.months_in_role:
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not 0 <= item <= 600:
            raise ValueError(f"months_in_role must hold numbers of months from 0 to 600; got {item!r}.")
    if isinstance(p.veterans, bool) or not isinstance(p.veterans, int) or not 0 <= p.veterans <= p.team_size:
        raise ValueError(f"veterans must be a whole number from 0 to {p.team_size}; got {p.veterans!r}.")
    if not isinstance(p.plan, tuple):
        raise ValueError(
            f"plan must be a tuple of (observe, co-sell, session) hours per rep; got {p.plan!r}."
        )
    if p.plan:
        if len(p.plan) != p.team_size:
            raise ValueError(
                f"plan needs one (observe, co-sell, session) per rep ({p.team_size}); got {len(p.plan)}."
            )
        for row in p.plan:
            if not isinstance(row, tuple) or len(row) != 3:
                raise ValueError(f"each row of plan must be (observe, co-sell, session) hours; got {row!r}.")
            for item in row:
                if isinstance(item, bool) or not isinstance(item, (int, float)) or not 0 <= item <= MAX_HOURS:
                    raise ValueError(f"plan must hold hours a month from 0 to {MAX_HOURS:g}; got {item!r}.")
    if isinstance(p.months, bool) or not isinstance(p.months, int) or not 1 <= p.months <= 60:
        raise ValueError(f"months must be a whole number from 1 to 60; got {p.months!r}.")
    number_between("field_hours_per_month", 0, 200, "hours")
    number_between("experience_half_months", 0.1, 120, "months")
    number_between("hours_per_look", 0.1, 100, "hours")
    number_between("insight_scale", 0.1, 10_000, "hours")
    number_between("session_half_hours", 0.1, 100, "hours")
    number_between("cosell_half_hours", 0.1, 100, "hours")
    number_between("involvement_scale", 0.1, 100, "hours")
    number_between("seen_scale_hours", 0.1, 100, "hours")
    number_between("quota_at_full_skill", 0, 5, "(share of quota)")
    number_between("estimate_noise", 0, 2, "(0-1 scale)")
    for share in (
        "novice_skill",
        "expert_skill",
        "gap_size",
        "skill_spread",
        "practice_rate",
        "cosell_listening_share",
        "blind_session_share",
        "session_max_gain",
        "ownership_gain",
        "cosell_deal_max",
        "cosell_skill_gain",
        "cosell_ownership_loss",
        "fit_strength",
        "light_direction_weight",
        "weakest_weight",
        "over_direction_cost",
        "stuck_cost",
        "initial_motivation",
        "motivation_recovery",
        "motivation_weight",
        "luck",
        "over_budget_loss",
    ):
        number_between(share, 0, 1, "(a share)")
    if p.novice_skill > p.expert_skill:
        raise ValueError(
            f"novice_skill ({p.novice_skill:g}) must be at most expert_skill ({p.expert_skill:g})."
        )


# --------------------------------------------------------------------------- the explorer's dashboard


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard: four titled panels with fixed scales and a legend."""
    figure, axes = new_figure(2, 2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    panels = (
        ("Team attainment (share of quota)", "share of quota", 1.4),
        ("Team skill (0-1)", "skill", 1.0),
        ("Team motivation (0-1)", "motivation", 1.0),
        ("What you learned about customers", "share", 1.0),
    )
    for ax, (title, ylabel, top) in zip(axes, panels, strict=True):
        style_axes(ax, title=title, ylabel=ylabel)
        ax.set_xlim(1, max(2, params.months))
        ax.set_ylim(0, top)
    policy_legend(axes[0], policy="your plan", baseline="default plan")
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw attainment (with its spread), skill, motivation and the leader's learning.

    Args:
        result: the plan to show, as solid blue lines.
        baseline: an optional comparison plan, as dashed orange lines.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.

    Returns:
        The four Axes.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    axes[0].fill_between(
        result.month, result.attainment_low, result.attainment_high, color=BAND, alpha=0.25, linewidth=0
    )
    series = (lambda r: r.attainment, lambda r: r.skill, lambda r: r.motivation, lambda r: r.insight)
    for ax, values in zip(axes, series, strict=True):
        if baseline is not None:
            ax.plot(baseline.month, values(baseline), color=BASELINE, linestyle="--", linewidth=2)
        ax.plot(result.month, values(result), color=POLICY, linewidth=2.5)
    return axes


# What the scenario explorer (course.trainee.widgets.explore) reads.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "new_session_hours",
        "Question sessions with each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "One-to-one sessions with Cam, Dee and Eli in which you ask rather than tell. They build the "
        "skill you believe weakest, with diminishing returns, and the rep's ownership. Default: 2.",
    ),
    (
        "new_observe_hours",
        "Ride-alongs to observe each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours riding along with Cam, Dee and Eli, watching, not selling. You see their gaps (so "
        "sessions hit the right skill) and hear customers. Default: 0.",
    ),
    (
        "new_cosell_hours",
        "Co-selling with each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours selling beside Cam, Dee and Eli. It wins some of this month's business; they learn "
        "little from it, and it is your deal more than theirs. Default: 3.",
    ),
    (
        "veteran_observe_hours",
        "Ride-alongs to observe each veteran, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours riding along with Ana and Bo. You hear customers; an expert may feel over-directed. "
        "Default: 3.",
    ),
    (
        "veteran_session_hours",
        "Question sessions with each veteran, hours a month",
        0.0,
        8.0,
        0.5,
        "One-to-one sessions with Ana and Bo: little skill left to build, some ownership. Default: 0.",
    ),
    (
        "fit_strength",
        "Direction must fit experience (an assumption)",
        0.0,
        1.0,
        0.1,
        "Not a lever: how strongly too much direction demotivates an expert and too little leaves a "
        "novice stuck. Research support is weak; 0 switches it off. Default: 1.",
    ),
)
POLICY_LEVERS: tuple[str, ...] = (
    "new_session_hours",
    "new_observe_hours",
    "new_cosell_hours",
    "veteran_observe_hours",
    "veteran_session_hours",
)

TEAM = Params()
PRESETS = {"Your team of five": TEAM}
PRESETS_LABEL = "Team"
PRESETS_TOOLTIP = "The one team of this module: Ana, Bo, Cam, Dee and Eli."
