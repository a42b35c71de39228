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
    share = ranges["base_selling_share"]
    review = ranges["hours_per_review"]
    hour = ranges["leader_hour_value"]
    return [
        Assumption(
            "Hours a rep has for selling",
            f"{selling:.0f} of {p.hours_per_month:.0f} a month ({p.base_selling_share:.0%})",
            f"Our assumption (plausible {share.low * 100:.0f}-{share.high:.0%}). Salespeople report selling 38% "
            "of their time [ipg-2006], but that is after the reporting they already do, so the model "
            "counts reporting twice; the range runs from that 38% up to 38% plus the default policy's "
            "reporting. Active selling alone was 11% [proudfoot-2005]. Both Low for sales teams. Every "
            "hour of reporting comes out of this.",
        ),
        Assumption(
            "What a pipeline review costs",
            f"{p.hours_per_review:g} hours of each rep's time, {p.leader_hours_per_review * 60:.0f} minutes "
            "of yours per rep",
            f"Our assumption (plausible {review.low:g}-{review.high:g} hours for the rep), chosen to show "
            "the mechanism.",
        ),
        Assumption(
            "What a field day costs you",
            f"{p.hours_per_field_day:g} of your hours, worth ${p.leader_hour_value:,.0f} an hour "
            "to your own deals, hiring and reporting up",
            f"Our assumption (plausible ${hour.low:,.0f}-{hour.high:,.0f} an hour), chosen to show the "
            "mechanism; a slider in the explorer.",
        ),
        Assumption(
            "Close tracking lowers morale",
            f"up to {p.hidden_cost:g} on a 0-1 scale at heavy tracking",
            "Direction: the hidden costs of control [falk-kosfeld-2006], Low for sales teams (one lab "
            "game with students); real but usually too small to outweigh control in four repetitions "
            "[ziegelmeyer-2012], Low; little sign of them in a field experiment [landry-2011], Medium. "
            "Size: our assumption; a slider in the explorer.",
        ),
        Assumption(
            "Veterans mind tracking more than new hires",
            f"{1 / p.new_hire_control_sensitivity:g} times as much",
            "The course's reading of [kessler-leider-2016] (Low: one lab experiment with students), "
            "not the study's finding. Size: our assumption.",
        ),
        Assumption(
            "Field days coach reps and lift morale",
            "about two thirds of the full benefit at 4 coaching hours a month per rep (4 field days "
            "for a team of 8)",
            "Coaching by professional coaches works [theeboom-2014] (Low for sales teams); positive "
            "feedback raised people's own interest in a task [deci-koestner-ryan-1999] (Low: "
            "experiments with students). That field days deliver both is our assumption, and so are "
            "the sizes.",
        ),
        Assumption(
            "Reviews help those who know least",
            f"cover up to {p.review_help_max:.0%} of what a rep does not yet know",
            "Loosely related to a weak finding that experienced people gain more from autonomy "
            "[thompson-vecchio-2009] (Low); size: our assumption.",
        ),
        Assumption(
            "New hires learn the job",
            f"start at {p.new_hire_skill / p.veteran_skill:.0%} of a veteran's skill, 80% of it in about 5 months",
            "Our assumption. SaaS inside-sales account executives ramp in just under 5 months "
            "[bridge-group-ramp] (Low), a different kind of rep; the 80% is ours.",
        ),
        Assumption(
            "Reps quit",
            f"{p.annual_attrition:.0%} a year at the morale the default policy gives veterans, more "
            f"as morale falls, and morale falls when too little selling time leaves pay short; a seat "
            f"stays empty {p.vacancy_months} months",
            "27% is an upper estimate of US sales turnover [hbr-2017-turnover] (Low); limited "
            "earnings and poor management are among the reasons reps give for leaving [depaul-2010] "
            "(Low). Using the 27% here, and the sizes, is our assumption.",
        ),
        Assumption(
            "CRM records are worth something",
            f"with none kept, {p.crm_slip_share:.0%} of sales slip, a leaver's pipeline is lost and you "
            f"build the forecast by hand ({p.forecast_hours:g} of your hours a month); about "
            f"{p.crm_record_hours:g} CRM hour a week per rep keeps two thirds of the records",
            "Sales technology used to communicate went with better relationship-building, and used "
            "to analyse information with worse administrative work [hunter-perreault-2007] (Low). "
            "That records save slipped deals, and the sizes, are our assumption.",
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
