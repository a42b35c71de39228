"""Module 01's tables: the assumptions in plain words, and the sweeps and budget splits the
exercises show, as plain text and as HTML tables. No plotting: the grader and the notebook's
hidden tests read these numbers."""

from __future__ import annotations

import html
from dataclasses import dataclass, fields

from course.scenarios.control.model import (
    BUDGET_REVIEW_OPTIONS,
    NEW_HIRE_TEAM,
    SEED,
    TEAM_HOURS_BUDGET,
    VETERAN_TEAM,
    Params,
    Result,
    budget_plan,
    simulate,
)
from course.scenarios.control.uncertain import PLAUSIBLE
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter


# The assumptions that matter, in everyday words: what assumptions() shows a trainee.
# Each value is computed from Params' defaults and each range from PLAUSIBLE, so the words
# cannot drift from the model.
def _plain_rows(p: Params) -> list[Assumption]:
    selling = p.hours_per_month * p.base_selling_share
    ranges = {item.name: item for item in PLAUSIBLE}

    def span(name: str, scale: float = 1, unit: str = "") -> str:
        low, high = ranges[name].low * scale, ranges[name].high * scale
        return f"plausible {low:,.3g}-{high:,.3g}{unit}"

    share = ranges["base_selling_share"]
    sensitivity = ranges["new_hire_control_sensitivity"]
    hour = ranges["leader_hour_value"]
    review = ranges["hours_per_review"]
    return [
        Assumption(
            "Hours a rep has for selling",
            f"{selling:.0f} of {p.hours_per_month:.0f} a month ({p.base_selling_share:.0%})",
            f"Our assumption (plausible {share.low * 100:.0f}-{share.high:.0%}): reps report selling 38% of "
            "their time, after their reporting [ipg-2006] (Low); 11% in active selling [proudfoot-2005] (Low).",
        ),
        Assumption(
            "What reviews and your hours cost",
            f"{p.hours_per_review:g} rep hours a review; ${p.leader_hour_value:,.0f} an hour of your time",
            f"Our assumption (plausible {review.low:g}-{review.high:g} hours, ${hour.low:,.0f}-"
            f"{hour.high:,.0f}), chosen to show the mechanism.",
        ),
        Assumption(
            "Close tracking lowers morale",
            f"up to {p.hidden_cost:g} on a 0-1 scale ({span('hidden_cost')})",
            "Direction: [falk-kosfeld-2006] (Low), qualified by [ziegelmeyer-2012] (Low) and [landry-2011] "
            "(Medium), section 3. Size: our assumption; a slider.",
        ),
        Assumption(
            "Veterans mind tracking more than new hires",
            f"{1 / p.new_hire_control_sensitivity:g} times as much (plausible "
            f"{1 / sensitivity.high:g}-{1 / sensitivity.low:g})",
            "The course's reading of [kessler-leider-2016] (Low), not the study's finding. Size: our assumption.",
        ),
        Assumption(
            "Field days coach reps and lift morale",
            "about two thirds of the full benefit at 4 field days a month for 8 reps",
            "Professional coaching works [theeboom-2014] (Low); positive feedback raised interest in a task "
            "[deci-koestner-ryan-1999] (Low). That field days do both, and the sizes: our assumption.",
        ),
        Assumption(
            "Reviews help those who know least",
            f"cover up to {p.review_help_max:.0%} of what a rep does not yet know "
            f"({span('review_help_max', 100, '%')})",
            "Loosely related to a weak finding that experienced people gain more from autonomy "
            "[thompson-vecchio-2009] (Low). Size: our assumption.",
        ),
        Assumption(
            "New hires learn the job",
            f"start at {p.new_hire_skill / p.veteran_skill:.0%} of a veteran's skill, 80% of it in about 5 months",
            "SaaS inside-sales reps ramp in under 5 months [bridge-group-ramp] (Low); the rest: our assumption.",
        ),
        Assumption(
            "Reps quit",
            f"{p.annual_attrition:.0%} a year ({span('annual_attrition', 100, '%')}) at the default policy's "
            "veteran morale, more as morale falls (short pay lowers it too); "
            f"a seat stays empty {p.vacancy_months} months",
            "Up to 27% of US salespeople leave a year [hbr-2017-turnover] (Low), for reasons that include "
            "limited earnings and poor management [depaul-2010] (Low). Sizes: our assumption.",
        ),
        Assumption(
            "CRM records are worth something",
            f"with none kept, {p.crm_slip_share:.0%} of sales slip ({span('crm_slip_share', 100, '%')}), a "
            f"leaver's pipeline is lost and you forecast by hand ({p.forecast_hours:g} hours a month); "
            f"{p.crm_record_hours:g} CRM hour a week per rep keeps two thirds of the records",
            "Sales technology's mixed record [hunter-perreault-2007] (Low), section 3. That records save "
            "slipped deals, and the sizes: our assumption.",
        ),
    ]


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter of the model with its default, the comment
            that documents it in :class:`Params` (the single record of each unit,
            source and confidence) and its plausible range (``PLAUSIBLE``).
    """
    if full:
        return every_parameter(Params, PLAUSIBLE)
    return AssumptionTable(_plain_rows(Params()))


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

    def fewest_beating_none(self) -> float:
        """The fewest reviews a month whose split sells more than no reviews (all the hours in
        the field), or 0 when no split with reviews does. Which number of rounds sells *most*
        turns on how long a review keeps helping, which no study has measured; whether a few
        rounds already beat none holds across the plausible ranges (docs/MODEL_VALIDITY.md)."""
        revenue = dict(zip(self.reviews, self.total_revenue, strict=True))
        if 0 not in revenue:
            raise ValueError("this table has no split without reviews to compare with.")
        beating = [v for v in sorted(revenue) if v > 0 and revenue[v] > revenue[0]]
        return beating[0] if beating else 0

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
