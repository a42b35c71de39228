"""Module 03's exercise tables: one more ride-along (Exercise 1) and a plan from the menu (Exercise 4)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.scenarios.coaching.model import (
    CLOSER_PLAN,
    DECIDE_MARGIN,
    DECIDE_SEEDS,
    MENU,
    SEED,
    Params,
    simulate,
)

# --------------------------------------------------------------------------- Exercise 1: a ride-along


@dataclass(frozen=True)
class RideAlongTable:
    """Each rep's change over the year when the leader adds ride-along hours to that rep alone."""

    params: Params
    extra_hours: float
    names: tuple[str, ...]
    months_in_role: tuple[float, ...]
    attainment_change: np.ndarray  # the rep's own attainment over the year, percentage points of quota
    motivation_change: np.ndarray  # the rep's motivation at the end, 0-1 scale
    insight_change: np.ndarray  # what the leader knows about customers at the end, percentage points
    team_change: np.ndarray  # the whole team's attainment over the year, percentage points of quota

    def most(self) -> str:
        """The rep whose own attainment over the year gains most."""
        return self.names[int(np.argmax(self.attainment_change))]

    def most_learned(self) -> str:
        """The rep beside whom the leader learns most about customers."""
        return self.names[int(np.argmax(self.insight_change))]

    def gain(self, name: str) -> int:
        """A rep's change in attainment over the year, whole percentage points, as the table shows it."""
        return int(round(float(self.attainment_change[self.names.index(name)])))

    def rows(self) -> list[tuple[str, str, int, float, int]]:
        return [
            (name, _tenure(months), int(round(float(a))), float(m), int(round(float(k))))
            for name, months, a, m, k in zip(
                self.names,
                self.months_in_role,
                self.attainment_change,
                self.motivation_change,
                self.insight_change,
                strict=True,
            )
        ]

    HEADINGS = (
        "rep",
        "in the role",
        "the rep's attainment over the year, points",
        "the rep's motivation at the end",
        "what you know about customers, points",
    )

    def __str__(self) -> str:
        header = " | ".join(self.HEADINGS)
        lines = [
            f"{self.extra_hours:g} more ride-along hours a month with ONE rep, on top of the default plan:",
            header,
            "-" * len(header),
        ]
        for name, tenure, points, morale, known in self.rows():
            lines.append(f"{name} | {tenure} | {points:+d} | {morale:+.2f} | {known:+d}")
        return "\n".join(lines)

    __repr__ = __str__  # plain text (nbconvert, a terminal) shows the table, not the fields

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in self.HEADINGS)
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{t}</td><td>{a:+d}</td><td>{m:+.2f}</td><td>{k:+d}</td></tr>"
            for n, t, a, m, k in self.rows()
        )
        caption = (
            f"{self.extra_hours:g} more ride-along hours a month with one rep, on top of the default plan, all "
            "year: the change in that rep's outcomes, and in what you know about customers"
        )
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
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
    attainment, motivation, insight, team = [], [], [], []
    for index in range(p.team_size):
        hours = base_hours.copy()
        hours[index, 0] = min(hours[index, 0] + extra_hours, 12.0)
        run = simulate(p.with_(plan=_as_plan(hours)), seed=seed, runs=runs)
        attainment.append(100 * (run.year_by_rep[index] - base.year_by_rep[index]))
        motivation.append(run.motivation_by_rep[index] - base.motivation_by_rep[index])
        insight.append(100 * (run.insight[-1] - base.insight[-1]))
        team.append(100 * (run.year_attainment - base.year_attainment))
    return RideAlongTable(
        p,
        float(extra_hours),
        p.rep_names,
        p.months_in_role,
        np.asarray(attainment),
        np.asarray(motivation),
        np.asarray(insight),
        np.asarray(team),
    )


def _as_plan(hours: np.ndarray) -> tuple[tuple[float, float, float], ...]:
    return tuple((float(o), float(c), float(s)) for o, c, s in hours)


# --------------------------------------------------------------------------- Exercise 4: a plan from the menu


def menu_word(choice: Any) -> Any:
    """A menu choice as the menu spells it: case, spaces and the prose's hyphen ("co-sell",
    "co sell") do not matter; anything that is not text comes back as it was."""
    if not isinstance(choice, str):
        return choice
    word = " ".join(choice.strip().lower().split())
    return word.replace("co-sell", "cosell").replace("co sell", "cosell")


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
        word = menu_word(choice)
        if word not in MENU:
            raise ValueError(
                f"the choice for {name} must be one of {', '.join(repr(k) for k in MENU)}; got {choice!r}."
            )
        plan.append(MENU[word])
    return tuple(plan)


@dataclass(frozen=True)
class PlanComparison:
    """A plan against the co-selling plan (``CLOSER_PLAN``) on the same seeds: the team's attainment
    over the year. (``default`` and ``beats_default`` keep their names from when it was compared with
    the explorer's default plan.)"""

    choices: tuple[str, ...]
    hours_used: float
    budget: float
    yours: np.ndarray  # the team's attainment over the year (share of quota), one per seed
    default: np.ndarray

    @property
    def wins(self) -> int:
        return int((self.yours > self.default).sum())

    @property
    def margin(self) -> float:
        """Mean attainment over the year above the co-selling plan's, share of quota."""
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
            f"{budget}\nThe team's attainment over the year, average of {len(self.yours)} trials with different luck: yours "
            f"{self.yours.mean():.1%}, the co-selling plan {self.default.mean():.1%} "
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
    """Run a plan from the menu and the co-selling plan (``CLOSER_PLAN``) on the same ``seeds``.

    In a notebook a choice that is not on the menu gives one plain line, not an error.
    """
    p = params or Params()
    try:
        plan = plan_from_choices(choices, p)
    except ValueError as error:
        print(f"Not yet: {error}")
        return None
    default = p.with_(plan=plan_from_choices(CLOSER_PLAN, p))  # the plan to beat
    yours = p.with_(plan=plan)
    words = tuple(menu_word(c) for c in (choices.values() if isinstance(choices, dict) else choices))
    return PlanComparison(
        words,
        yours.hours_used(),
        p.field_hours_per_month,
        np.array([simulate(yours, seed=s).year_attainment for s in seeds]),
        np.array([simulate(default, seed=s).year_attainment for s in seeds]),
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
        "Over the year, every plan that passes coaches Dee and Eli, the two new hires: a ride-along, then "
        "question sessions aimed at the gap you saw. Co-selling sells more in the first three months, but the "
        "reps learn little from it: from about month four the coached team sells more, and the gap grows. The best plan on the menu coaches all three "
        "newer reps and gives one veteran question sessions, leaving the other alone: in this model's chosen "
        "sizes a session builds a veteran's ownership faster than it over-directs. The essay says great reps "
        'need "listening and some account call reinforcements"; a question session is mostly listening, '
        'and co-selling one veteran\'s key account ("cosell") also passes. Riding along with a veteran '
        "teaches you most about customers (Exercise 1's last column), and what you know wins deals across the "
        "team; leaving both veterans alone loses that. That experts lose motivation when over-directed is "
        "itself weakly supported [thompson-vecchio-2009]."
    )
