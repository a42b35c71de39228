"""Module 05's tables: the push and the credit as the notebook shows them, and the assumptions."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.scenarios.pebbles.model import (
    RULE_LABELS,
    RULES,
    SEED,
    TOUCH_LABELS,
    TOUCHES,
    Params,
    Result,
    simulate,
)
from course.scenarios.pebbles.uncertain import PLAUSIBLE
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter


@dataclass(frozen=True)
class PushTable:
    """Revenue quarter by quarter without a push and with one, same luck."""

    discount: float
    push_quarters: tuple[int, ...]
    quarter: np.ndarray
    without: np.ndarray  # revenue after discounts, dollars
    with_push: np.ndarray
    discounts: np.ndarray  # margin given away each quarter with the push, dollars

    def rows(self) -> list[tuple[int, float, float, float, float]]:
        """(quarter, without, with the push, difference, discounts given), $M to two decimals
        (C1: money in an answer is in $M; the difference is with the push minus without, C3)."""
        return [
            (int(q), _m(w), _m(x), round(_m(x) - _m(w), 2), _m(d))
            for q, w, x, d in zip(self.quarter, self.without, self.with_push, self.discounts, strict=True)
        ]

    def change(self, quarter: int) -> float:
        """With the push minus without, in quarter ``quarter``, $M as the table shows it."""
        return self.rows()[quarter - 1][3]

    def given_away(self, quarter: int) -> float:
        """Discounts given in quarter ``quarter``, $M as the table shows it."""
        return self.rows()[quarter - 1][4]

    def total_change(self) -> float:
        """The difference over the whole run, $M (from the unrounded sums)."""
        return _m(self.with_push.sum() - self.without.sum())

    def _totals(self) -> tuple[float, float, float, float]:
        """The "all" row: no push, with the push, difference, discounts; from the unrounded sums."""
        return (
            _m(self.without.sum()),
            _m(self.with_push.sum()),
            self.total_change(),
            _m(self.discounts.sum()),
        )

    def _caption(self) -> str:
        when = ", ".join(str(q) for q in self.push_quarters)
        return (
            f"Team revenue after discounts, $M: no push, and a {self.discount:.0%} discount "
            f"at the end of quarter {when}"
        )

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        header = "quarter | no push | with the push | difference | discounts given"
        lines = [self._caption(), header, "-" * len(header)]
        for q, w, x, d, g in self.rows():
            lines.append(f"{q:>7} | {w:>7.2f} | {x:>13.2f} | {d:>+10.2f} | {g:>15.2f}")
        total = self._totals()
        lines.append(
            f"{'all':>7} | {total[0]:>7.2f} | {total[1]:>13.2f} | {total[2]:>+10.2f} | {total[3]:>15.2f}"
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("quarter", "no push", "with the push", "difference", "discounts given")
        )
        body = "".join(
            f"<tr><td>{q}</td><td>{w:.2f}</td><td>{x:.2f}</td><td>{d:+.2f}</td><td>{g:.2f}</td></tr>"
            for q, w, x, d, g in self.rows()
        )
        total = self._totals()
        body += (
            f"<tr><td>all</td><td>{total[0]:.2f}</td><td>{total[1]:.2f}</td>"
            f"<td>{total[2]:+.2f}</td><td>{total[3]:.2f}</td></tr>"
        )
        return (
            f"<table><caption>{html.escape(self._caption())}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


def _m(dollars: float) -> float:
    """Dollars as $M to two decimals, as the table shows them (+0.0 for -0.0)."""
    return round(float(dollars) / 1e6, 2) + 0.0


def push_table(
    params: Params, discount: float = 0.2, push_quarters: tuple[int, ...] = (4,), *, seed: int = SEED
) -> PushTable:
    """The same team with no push and with a push of ``discount`` at the end of ``push_quarters``."""
    without = simulate(params.with_(push_discount=0.0), seed=seed)
    pushed = simulate(params.with_(push_discount=discount, push_quarters=tuple(push_quarters)), seed=seed)
    return PushTable(
        discount, tuple(push_quarters), pushed.quarter, without.revenue, pushed.revenue, pushed.discounts
    )


@dataclass(frozen=True)
class CreditTable:
    """Each rule's share of the credit per touch, beside the true share."""

    result: Result

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        r = self.result
        head = f"{'touch':<22} | {'true share':>10} | " + " | ".join(f"{RULE_LABELS[x]:>12}" for x in RULES)
        lines = ["Share of the credit for won deals, by touch:", head, "-" * len(head)]
        for i, touch in enumerate(TOUCHES):
            cells = " | ".join(f"{r.credit[x][i]:>12.0%}" for x in RULES)
            lines.append(f"{TOUCH_LABELS[touch]:<22} | {r.truth[i]:>10.0%} | {cells}")
        lines.append("-" * len(head))
        cells = " | ".join(f"{r.error(x):>12.0%}" for x in RULES)
        lines.append(f"{'credit misplaced':<22} | {'':>10} | {cells}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        r = self.result
        head = "<th>touch</th><th>true share</th>" + "".join(f"<th>{RULE_LABELS[x]}</th>" for x in RULES)
        body = "".join(
            f"<tr><td>{TOUCH_LABELS[t]}</td><td>{r.truth[i]:.0%}</td>"
            + "".join(f"<td>{r.credit[x][i]:.0%}</td>" for x in RULES)
            + "</tr>"
            for i, t in enumerate(TOUCHES)
        )
        body += "<tr><td><b>credit misplaced</b></td><td></td>" + "".join(
            f"<td><b>{r.error(x):.0%}</b></td>" for x in RULES
        )
        return (
            "<table><caption>Share of the credit for won deals, by touch</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tr></tbody></table>"
        )


def credit_table(params: Params, *, seed: int = SEED) -> CreditTable:
    """The attribution comparison of :func:`simulate` as a table."""
    return CreditTable(simulate(params, seed=seed, runs=1))


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions about deals and credit, in plain words, with their sources.

    The quarter's assumptions are apart (:func:`quarter_assumptions`): the notebook shows them
    after Exercise 1's reveal, since they would give its predictions away.

    Args:
        full: if True, every parameter with its default, the comment that documents it and its
            plausible range.
    """
    if full:
        return every_parameter(Params, PLAUSIBLE)
    p = Params()
    chosen = "chosen to show the mechanism (our assumption)"
    lift = dict(zip(TOUCHES, p.lifts, strict=True))
    lift["pilot"] *= 1 - p.pilot_crowding * p.pilot_share  # at the default share of deals
    return AssumptionTable(
        [
            Assumption(
                "People in a buying group",
                f"{p.buying_group_size:g}",
                "Measured: 6-10 decision makers [gartner-buying-group] (a vendor's figure, low). Larger "
                "groups meet more touches, each moving fewer people.",
            ),
            Assumption(
                "A deal's win chance with no touch",
                f"{p.base_win:.0%}",
                "Set so that about 46% of deals are won, near the measured 46.6% of forecast deals won "
                "[cso-insights-2016] (low).",
            ),
            Assumption(
                "What each touch adds (the hidden truth)",
                f"pilot {lift['pilot']:.0%} of the not-yet-won (at 35 deals in 100 with one); demo and reference "
                f"{lift['demo']:.0%}; others {lift['event']:.0%}-{lift['partner']:.0%}",
                f"Each touch wins over a share of the buyers not yet won; {chosen}, 0.7 to 1.3 times these.",
            ),
            Assumption(
                "A pilot makes the executive meeting count",
                f"{lift['executive']:.0%} alone, {p.executive_after_pilot:.0%} after a pilot",
                f"Touches work together, so credit cannot simply be added up; {chosen}.",
            ),
            Assumption(
                "Touches mostly come in order",
                "event, partner, demo, pilot, reference, executive",
                f"With some shuffling; {chosen}.",
            ),
            Assumption(
                "Deals a rep has a quarter",
                f"{p.deals_per_quarter}, each worth ${p.deal_size / 1e3:,.0f}K",
                "Few and large, as in enterprise sales; a given of the scenario (our assumption).",
            ),
            Assumption(
                "A pilot costs money, and helps less as more deals get one",
                f"${p.pilot_cost / 1e3:,.0f}K each; its lift falls by {p.pilot_crowding:.0%} of itself from "
                "no deals to all",
                f"The deals that need a pilot most get one first. Both {chosen}.",
            ),
        ]
    )


def quarter_assumptions() -> AssumptionTable:
    """The quarter-end push's assumptions, each measured-with-source or our assumption with its range."""
    p = Params()
    pulled = 1 - math.exp(-0.15 / p.discount_scale)
    return AssumptionTable(
        [
            Assumption(
                "Which deals a push can reach",
                f"those due in the first {p.pull_window * 3:.0f} months of the next quarter",
                f"Our assumption: {_plausible('pull_window').low * 3:.0f} to {_plausible('pull_window').high * 3:.0f} "
                "months.",
            ),
            Assumption(
                "How many of them a discount pulls in",
                f"a 15% discount pulls in {pulled:.0%} of them",
                f"Our assumption: {1 - math.exp(-0.15 / _plausible('discount_scale').high):.0%} to "
                f"{1 - math.exp(-0.15 / _plausible('discount_scale').low):.0%} at 15%.",
            ),
            Assumption(
                "The upside: a deal that waits can be lost",
                f"{p.wait_loss:.0%} of the deals a customer would sign now are lost by waiting for their date",
                f"Our assumption: {_range('wait_loss', '.0%')} (a competitor, a budget cut). A pulled deal is "
                "saved. Not every end-of-period sale is borrowed [steenburgh-2008] (low; bonuses, not discounts).",
            ),
            Assumption(
                "A cost: buyers learn to wait",
                f"after each push, {p.wait_learning:.0%} more of the next push quarter's buyers hold out for "
                "the discount",
                f"Our assumption: {_range('wait_learning', '.0%')}; direction as the deeper quarter-end "
                "discounts of [larkin-2014] (low; reps, not buyers).",
            ),
        ]
    )


def _plausible(name: str) -> Any:
    return next(item for item in PLAUSIBLE if item.name == name)


def _range(name: str, spec: str) -> str:
    item = _plausible(name)
    return f"{format(item.low, spec)} to {format(item.high, spec)}"
