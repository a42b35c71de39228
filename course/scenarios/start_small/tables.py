"""Module 04's tables: the portfolios compared, the "no small deals" rule with and without, the
accounts to read and the assumptions table. Plotting is loaded only when a notebook draws a table."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.scenarios.start_small.model import (
    ACCOUNTS,
    NO_SMALL_DEALS,
    RUNS,
    SEED,
    STRONG,
    Account,
    Params,
    Result,
    cohort_retention,
    simulate,
    small_levels,
)
from course.scenarios.start_small.uncertain import PLAUSIBLE
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter

# --------------------------------------------------------------------------- comparing portfolios


@dataclass(frozen=True)
class PortfolioTable:
    """Several portfolios run with the same seed: their expected year-three revenue and risk."""

    params: Params
    names: tuple[str, ...]
    results: tuple[Result, ...]

    def rows(self) -> list[tuple[str, float, float, float]]:
        """(name, share of hours on small deals, expected year-three revenue $K, chance below floor)."""
        return [
            (n, r.params.small_share, r.expected_year_three, r.chance_below_floor)
            for n, r in zip(self.names, self.results, strict=True)
        ]

    def highest_average(self) -> str:
        """The portfolio with the highest expected year-three revenue (Exercise 3a)."""
        return max(self.rows(), key=lambda r: r[2])[0]

    def best(self) -> str | None:
        """The portfolio with both the highest expected revenue and the lowest chance of
        missing the floor, or None if no portfolio is best on both."""
        rows = self.rows()
        top = max(rows, key=lambda r: r[2])
        safest = min(rows, key=lambda r: r[3])
        return top[0] if top[0] == safest[0] else None

    def __repr__(self) -> str:
        return str(self)

    def spreads(self) -> list[tuple[float, float]]:
        """Each portfolio's 10th and 90th percentile of year-three revenue, $K: the spread that
        Exercise 3b and the note after it ask about, shown so the trainee can see it."""
        return [tuple(float(v) for v in np.percentile(r.year_three, [10, 90])) for r in self.results]

    def __str__(self) -> str:
        header = (
            "portfolio | hours on small deals | year-three revenue, $M (mean) | 8 runs in 10 between, $M "
            "| chance of missing the floor"
        )
        lines = [f"Year-three revenue against a ${self.params.revenue_floor / 1e3:g} million floor:", header]
        lines.append("-" * len(header))
        for (name, share, mean, risk), (low, high) in zip(self.rows(), self.spreads(), strict=True):
            band = f"{low / 1e3:.2f} and {high / 1e3:.2f}"
            lines.append(f"{name:<9} | {share:>19.0%} | {mean / 1e3:>29.2f} | {band:>24} | {risk:>27.0%}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "portfolio",
                "hours on small deals",
                "year-three revenue, $M (mean)",
                "8 runs in 10 between, $M",
                "chance of missing the floor",
            )
        )
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{s:.0%}</td><td>{m / 1e3:.2f}</td>"
            f"<td>{low / 1e3:.2f} and {high / 1e3:.2f}</td><td>{r:.0%}</td></tr>"
            for (n, s, m, r), (low, high) in zip(self.rows(), self.spreads(), strict=True)
        )
        caption = f"Year-three revenue against a ${self.params.revenue_floor / 1e3:g} million floor"
        return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def compare(portfolios: dict[str, Params], *, seed: int = SEED, runs: int = RUNS) -> PortfolioTable:
    """Run each portfolio with the same seed and runs; a table of expected revenue and risk."""
    if not portfolios:
        raise ValueError("portfolios must hold at least one named Params; got none.")
    first = next(iter(portfolios.values()))
    results = tuple(simulate(p, seed=seed, runs=runs) for p in portfolios.values())
    return PortfolioTable(first, tuple(portfolios), results)


@dataclass(frozen=True)
class PolicyComparison:
    """The same team with and without the "no small deals" policy (Exercise 1's reveal)."""

    without: Result
    with_policy: Result

    def rows(self) -> list[tuple[str, float, float, float, float]]:
        """(policy, expected year-three revenue $K, 10th and 90th percentile $K, chance below floor)."""
        out = []
        for name, r in (
            ("every deal earns credit", self.without),
            ("no credit under $50K", self.with_policy),
        ):
            low, high = np.percentile(r.year_three, [10, 90])
            out.append((name, r.expected_year_three, float(low), float(high), r.chance_below_floor))
        return out

    @property
    def change_in_year_three(self) -> float:
        """Expected year-three revenue with the policy minus without, $K."""
        return self.with_policy.expected_year_three - self.without.expected_year_three

    def __str__(self) -> str:
        header = "policy                  | year-three revenue $M: mean | 8 runs in 10 between | chance of missing the floor"
        lines = [header, "-" * len(header)]
        for name, mean, low, high, risk in self.rows():
            lines.append(
                f"{name:<23} | {mean / 1e3:>27.2f} | {low / 1e3:>8.2f} and {high / 1e3:<6.2f} | {risk:>27.0%}"
            )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """The table and the two fan charts, for a notebook."""
        from course.scenarios.start_small.view import dashboard_frame, plot_dashboard
        from course.trainee.plotting import png_bytes  # matplotlib only when the table is drawn

        axes = dashboard_frame(self.without.params, names=("with the rule", "without the rule"))
        plot_dashboard(self.with_policy, baseline=self.without, axes=axes)
        picture = base64.b64encode(png_bytes(axes[0].get_figure(root=True))).decode("ascii")
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "policy",
                "year-three revenue, $M (mean)",
                "8 runs in 10 between, $M",
                "chance of missing the floor",
            )
        )
        body = "".join(
            f"<tr><td>{n}</td><td>{m / 1e3:.2f}</td><td>{lo / 1e3:.2f} and {hi / 1e3:.2f}</td><td>{r:.0%}</td></tr>"
            for n, m, lo, hi, r in self.rows()
        )
        image = (
            '<img alt="Recurring revenue quarter by quarter: the fan of runs with the policy (blue) '
            f'and the median without it (orange, dashed)" src="data:image/png;base64,{picture}">'
        )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        return {"text/plain": str(self), "text/html": table + image}


def policy_comparison(params: Params, *, seed: int = SEED, runs: int = RUNS) -> PolicyComparison:
    """The team as it is, and with the "no small deals" policy (no credit under $50K)."""
    return PolicyComparison(
        simulate(params.with_(credit_threshold=0.0), seed=seed, runs=runs),
        simulate(params.with_(credit_threshold=NO_SMALL_DEALS), seed=seed, runs=runs),
    )


def accounts_table(accounts: tuple[Account, ...] = ACCOUNTS) -> str:
    """The accounts' ARR history, one line each, as the billing system shows it."""
    lines = ["ARR ($K a year) at the end of each quarter since the account landed:"]
    for a in accounts:
        lines.append(f"{a.name:<7} " + " ".join(f"{v:>3g}" for v in a.arr_by_quarter))
    return "\n".join(lines)


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words: each row says whether its number was
    measured (with the source) or is our assumption, with its plausible range (``PLAUSIBLE``).

    Args:
        full: if True, every parameter of the model with its default, the comment that
            documents it in :class:`Params` and its plausible range.
    """
    if full:
        return every_parameter(Params, PLAUSIBLE)
    return AssumptionTable(_plain_rows(Params()))


def _plain_rows(p: Params) -> list[Assumption]:
    """The rows a trainee reads, each value computed from ``Params`` and each range from
    ``PLAUSIBLE``, so the words cannot drift from the model."""
    r = {item.name: item for item in PLAUSIBLE}
    net, gross = cohort_retention(p)
    strong_net, _ = cohort_retention(STRONG)
    levels = small_levels(p)
    scenario = "Our assumption: the scenario's given, not measured"

    def pct(name: str) -> str:
        return f"{r[name].low * 100:g}-{r[name].high * 100:g}%"

    return [
        Assumption(
            "Team hours a quarter for new customers",
            f"{p.selling_hours_per_quarter:,.0f}",
            f"{scenario}; five reps, 300 hours each.",
        ),
        Assumption(
            "Small first deal",
            f"${p.small_deal_value:g}K a year; {p.small_hours:g} hours; won {p.small_win_rate:.0%}; "
            f"signed {p.small_cycle} quarter after the work starts",
            f"{scenario}; no source the course trusts gives win rates and cycles by deal size.",
        ),
        Assumption(
            "Large deal",
            f"${p.large_deal_value:g}K a year; {p.large_hours:g} hours; won {p.large_win_rate:.0%}; "
            f"signed {p.large_cycle} quarters after the work starts",
            f"{scenario}. Measured elsewhere: one vendor's enterprise deals took 12-24 months "
            "([larkin-2014], low: one firm). At the first sale, an hour here brings a fifth more than on "
            "a small deal.",
        ),
        Assumption(
            "Prospects worth a pursuit each quarter",
            f"{p.small_prospects:g} small, {p.large_prospects:g} large",
            f"{scenario}. The more of them you chase, the weaker the rest: wins level off.",
        ),
        Assumption(
            "Small accounts with room to grow",
            f"{p.expandable_share:.0%}; the rest land and never buy more",
            f"Our assumption (plausible {pct('expandable_share')}). 'Land and die' is a failure "
            "practitioners describe; no study we cite measured how common it is.",
        ),
        Assumption(
            "A small account with room to grow orders more",
            f"{p.small_expand_chance:.0%} chance a quarter; each order multiplies what it pays a year by "
            f"{p.expansion_multiple:g} (${levels[0]:g}K, then ${levels[1]:.0f}K, ${levels[2]:.0f}K, ...), "
            f"never past the customer's budget of ${p.account_wallet / 1e3:g} million a year",
            f"Our assumptions (plausible {pct('small_expand_chance')} a quarter, "
            f"{r['expansion_multiple'].low:g}-{r['expansion_multiple'].high:g} times, budget "
            f"${r['account_wallet'].low / 1e3:g}-{r['account_wallet'].high / 1e3:g} million). Together "
            f"they give a year-old group of small accounts an NRR of {net:.0f}%, near a survey's median "
            f"([saas-capital-2023], low); {strong_net:.0f}% in the strong market, near the median at IPO "
            "([iconiq-ipo-study], low, biased high): optimistic.",
        ),
        Assumption(
            "Small accounts that leave",
            f"{p.small_churn:.0%} a quarter (GRR about {gross:.0f}% a year)",
            f"Measured: median gross retention of about 90% in a survey of private software firms "
            f"([saas-capital-2023], low); our range {pct('small_churn')} a quarter.",
        ),
        Assumption(
            "Referrals",
            f"{p.referral_chance:.0%} chance a quarter per small account, won {p.small_win_rate:.0%} of the time",
            f"Our assumption (plausible {pct('referral_chance')} a quarter).",
        ),
        Assumption(
            "Large accounts",
            f"buy more {p.large_expand_chance:.0%} a quarter (+${p.large_expansion_value:g}K a year, "
            f"{p.max_large_expansions} times at most); leave {p.large_churn:.0%} a quarter",
            f"Our assumptions (plausible {pct('large_expand_chance')} and {pct('large_churn')} a quarter, "
            f"+${r['large_expansion_value'].low:g}-{r['large_expansion_value'].high:g}K).",
        ),
        Assumption(
            "Reps follow the credit",
            f"{p.reps_follow_credit:.0%} of the effort moves away from deals that earn no credit",
            "Pay rules change when reps close and at what price ([larkin-2014], low); that they change "
            f"which deals reps chase is our assumption (plausible {pct('reps_follow_credit')}).",
        ),
    ]
