"""Module 07's tables: the trainee's run log and memo, the year's end beside the comparison path,
and the assumptions. Pure: no plotting."""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from course.scenarios.leap_of_faith.model import (
    _CONTROL,
    _SMALL,
    _TRUST,
    COMPARISON,
    LETTERS,
    QUARTERS,
    RULES_LEAVE,
    RUNS,
    SEED,
    Params,
    Result,
    _letters,
    _pull,
    decision_values,
    path,
    simulate,
)
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter


@dataclass(frozen=True, repr=False)
class RunLog:
    """One run of the year (the trainee's), quarter by quarter, as plain rows. The quarters in
    ``told`` were shown before: their numbers are repeated, their story is not ("as above")."""

    decisions: str
    rows: tuple[dict[str, Any], ...]
    told: tuple[int, ...] = ()

    def latest(self) -> RunLog:
        """The last quarter alone: what is new since the previous reveal."""
        return RunLog(self.decisions, self.rows[-1:])

    def _story(self, row: dict[str, Any]) -> str:
        return "as above" if row["quarter"] in self.told else row["what_happened"]

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        lines = [
            f"{'Quarter':<8}{'Decision':<10}{'Revenue $K':>11}{'Gross profit $K':>17}{'Pipeline $K':>13}"
        ]
        for row in self.rows:
            lines.append(
                f"{row['quarter']:<8}{row['decision']:<10}{row['revenue']:>11,}{row['gross_profit']:>17,}{row['pipeline']:>13,}"
            )
            lines.append(f"        {self._story(row)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        head = "".join(
            f"<th>{h}</th>"
            for h in ("Quarter", "Decision", "Revenue $K", "Gross profit $K", "Pipeline $K", "What happened")
        )
        body = "".join(
            f"<tr><td>{r['quarter']}</td><td>{r['decision']}</td><td>{r['revenue']:,}</td><td>{r['gross_profit']:,}</td>"
            f"<td>{r['pipeline']:,}</td><td style='text-align:left'>{html.escape(self._story(r))}</td></tr>"
            for r in self.rows
        )
        return f"<table><tr>{head}</tr>{body}</table>"


TOLD_NAME = "_leap_of_faith_told"


def run_log(
    decisions: Any, *, seed: int = SEED, told: int = 0, session: MutableMapping[str, Any] | None = None
) -> RunLog:
    """The trainee's year so far: one run with ``decisions`` (one to four letters) and ``seed``.
    Numbers are rounded to whole $K, as the memo uses them.

    Each log notes in ``session`` (by default the calling notebook's globals, as for
    :func:`recorded_year`) that its last quarter's story was shown, for these letters. ``told``:
    of the first ``told`` quarters, those whose story an earlier log showed for the same letters
    read "as above" (their numbers stay, for the memo); a quarter never shown in this kernel, or
    shown for letters since changed, keeps its story, so "as above" never points at another year."""
    letters = _letters(decisions)
    if not letters:
        raise ValueError("decisions must hold at least one letter, such as 'A'.")
    if session is None:
        session = sys._getframe(1).f_globals  # the notebook cell's (or its helper's) globals
    shown = session.get(TOLD_NAME)
    if not isinstance(shown, dict):
        shown = session[TOLD_NAME] = {}
    repeated = tuple(
        q for q in range(1, min(told, len(letters)) + 1) if shown.get(q) == f"{letters[:q]}@{seed}"
    )
    shown[len(letters)] = f"{letters}@{seed}"
    # The later quarters, not yet decided, are filled with A; luck is drawn first, so they
    # do not change what the decided quarters brought.
    result = simulate(path(letters.ljust(QUARTERS, "A")), seed=seed, runs=1)
    rows = tuple(
        {
            "quarter": q + 1,
            "decision": letters[q],
            "revenue": round(float(result.revenue[0, q])),
            "gross_profit": round(float(result.profit[0, q])),
            "pipeline": round(float(result.pipeline[0, q])),
            "what_happened": result.events[q][0],
        }
        for q in range(len(letters))
    )
    return RunLog(letters, rows, repeated)


def memo_numbers(decisions: Any, *, seed: int = SEED) -> dict[str, float]:
    """The memo's three numbers from the run log: revenue (sum, $K), margin (gross profit
    over revenue, %, one decimal) and the pipeline at the year's end ($K)."""
    log = run_log(decisions, seed=seed, session={})  # nothing shown
    if len(log.rows) != QUARTERS:
        raise ValueError("the memo needs all four decisions.")
    revenue = sum(r["revenue"] for r in log.rows)
    profit = sum(r["gross_profit"] for r in log.rows)
    return {
        "revenue": revenue,
        "margin": round(100 * profit / revenue, 1),
        "pipeline": log.rows[-1]["pipeline"],
    }


@dataclass(frozen=True, repr=False)
class YearEnd:
    """The hidden state at the year's end, for the trainee's path and the quarter-first
    comparison path (never the best path: that would give the decisions away)."""

    yours: Result
    comparison: Result

    def rows(self) -> list[tuple[str, str, str]]:
        def line(r: Result) -> list[str]:
            star, new = r.leave_risk
            return [
                f"{r.customer_trust.mean():.2f}",
                f"{r.star_trust.mean():.2f} / {r.new_trust.mean():.2f}",
                f"{r.star_morale.mean():.2f} / {r.new_morale.mean():.2f}",
                f"{100 * star:.0f}% / {100 * new:.0f}%",
                f"{r.next_customers:.1f}",
                f"{r.revenue.sum(axis=1).mean():,.0f}",
                f"{r.value:,.0f}",
            ]

        names = [
            f"Northwind's trust in you (0-1; {self.yours.params.customer_trust_start:.2f} at the start)",
            f"Reps' trust, star / new ({_TRUST.initial_trust:.2f} at the start)",
            f"Reps' morale, star / new ({_CONTROL.morale_baseline:.2f} at the start)",
            "Chance each leaves next year, star / new",
            "Next customers the reference brings in two years",
            "Revenue booked this year, $K",
            "The year's value, $K",
        ]
        return list(zip(names, line(self.yours), line(self.comparison), strict=True))

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        head = f"{'Average over ' + str(self.yours.runs) + ' runs':<58}{'Your path ' + self.yours.params.decisions:>16}{'Path ' + self.comparison.params.decisions:>16}"
        return "\n".join([head] + [f"{a:<58}{b:>16}{c:>16}" for a, b, c in self.rows()])

    def _repr_html_(self) -> str:
        head = f"<tr><th>Average over {self.yours.runs} runs</th><th>Your path {self.yours.params.decisions}</th><th>Quarter-first path {self.comparison.params.decisions}</th></tr>"
        body = "".join(
            f"<tr><td style='text-align:left'>{a}</td><td>{b}</td><td>{c}</td></tr>"
            for a, b, c in self.rows()
        )
        return f"<table>{head}{body}</table>"


def year_end(decisions: Any, *, seed: int = SEED, runs: int = RUNS) -> YearEnd:
    """The hidden state at the year's end: averages over ``runs`` years with these decisions,
    beside those of the quarter-first comparison path (``COMPARISON``, ABAB)."""
    letters = _letters(decisions)
    if len(letters) != QUARTERS:
        raise ValueError("the year's end needs all four decisions, such as 'ABCA'.")
    return YearEnd(simulate(path(letters), seed=seed, runs=runs), simulate(COMPARISON, seed=seed, runs=runs))


# Where ``recorded_year`` keeps the path first shown: a name in the notebook's own globals.
RECORDED_NAME = "_leap_of_faith_year"


def recorded_year(decisions: Any, *, session: MutableMapping[str, Any] | None = None) -> str:
    """The four decisions the year's end and the explorer show: the first complete path either was
    shown for in this notebook session. Later changes to the letters do not move them, so neither
    can be used to try the other options and read each path's value before the year is graded
    (issue 24; the grade uses the letters in the answer cells when submitted). When the letters now
    differ it prints one line saying so.

    ``session`` holds the record; by default the calling notebook's globals, so it lasts as long as
    the trainee's kernel and never leaks between notebooks or grading runs."""
    letters = _letters(decisions)
    if len(letters) != QUARTERS:
        raise ValueError("the year's end needs all four decisions, such as 'ABCA'.")
    if session is None:
        session = sys._getframe(1).f_globals  # the notebook cell's (or its helper's) globals
    first = session.get(RECORDED_NAME)
    if not (isinstance(first, str) and len(first) == QUARTERS and set(first) <= set(LETTERS)):
        first = session[RECORDED_NAME] = letters
    if first != letters:
        print(
            f"Your year was recorded as {first} when its year's end was first shown: the table and the "
            f"explorer stay on it, so they cannot try other paths. Your letters now, {letters}, are the "
            "ones graded when you submit."
        )
    return first


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False, *, decisions: bool = False) -> AssumptionTable:
    """The assumptions that matter, in everyday words; each row says whether it is measured (with
    its source) or our assumption. ``decisions=True`` gives instead the rows that rank the options
    (the pilots, the discount, the stall, the partner): shown only after the year is decided, since
    they would give the decisions away. ``full=True`` for every parameter with its plausible range."""
    if full:
        from course.scenarios.leap_of_faith.uncertain import PLAUSIBLE

        return every_parameter(Params, PLAUSIBLE)
    p = Params()
    rows = [
        Assumption(
            "Northwind's trust at the start",
            f"{p.customer_trust_start:.2f} of 1",
            "Our assumption (plausible 0.15 to 0.5); trust as vulnerability [mayer-davis-schoorman-1995] (Not rated: a theory).",
        ),
        Assumption(
            "Trust is built slowly and lost fast",
            f"losses {_TRUST.asymmetry:g} times gains",
            "Module 02's rule: the direction from the asymmetry principle [slovic-1993] (Low); the size is our assumption.",
        ),
        Assumption(
            "References spread to the next customers",
            f"{p.next_customers} firms; Bass p = {p.innovation:g}, q = {p.imitation:g} x the reference's strength, a quarter",
            "The Bass model [bass-1969] (Not rated: a model). Fits of whole markets: p about 0.01-0.03, q about "
            "0.2-0.5 a year (0.05-0.125 a quarter); our sizes are our assumption (q plausible 0.1 to 0.5 a quarter).",
        ),
    ]
    if decisions:  # the base rows were shown above them
        rows = [
            Assumption(
                "A pilot meets its success criteria",
                f"{p.focused_pilot_success:.0%} focused and paid, {p.wide_pilot_success:.0%} wide and free",
                "Our assumption (plausible 60-90% and 30-65%).",
            ),
            Assumption(
                "The whole licence signs / goes well",
                f"{_SMALL.large_win_rate:.0%} + more with trust / {p.big_bang_success:.0%}",
                "Module 04's win rate; both our assumptions.",
            ),
            Assumption(
                "A discount to close now",
                f"{p.discount:.0%} off pulls about {_pull(p):.0%} of the order forward; trust falls; "
                f"other deals expect it too (${p.discount * 0.1 * p.other_revenue:.0f}K)",
                "Module 05's pull-forward; reps time deals [larkin-2014] (Low, one firm); sizes our assumption.",
            ),
            Assumption(
                "An order on Northwind's timeline slips into next year",
                f"{p.slip_chance:.0%} of the time",
                "Our assumption (plausible 20-50%).",
            ),
            Assumption(
                "Pressing the CIO: trust lost / a discount's",
                f"{p.press_trust_loss:g} / {p.discount_trust_loss:g} (module 02's loss rule)",
                "Our assumption (plausible 0.05-0.25 / 0.03-0.15).",
            ),
            Assumption(
                "The stalled flag is a real stall",
                f"up to {p.stall_chance:.0%}, less when trust is high",
                "Our assumption (plausible 40-80%).",
            ),
            Assumption(
                "A real stall is found and saved",
                f"{p.save_on_site:.0%} on site, {p.save_from_office:.0%} from the office, {p.save_unlooked:.0%} unlooked",
                "Module 01's field days; sizes our assumption.",
            ),
            Assumption(
                "Daily CRM updates and a deal taken over",
                "morale and reps' trust fall",
                "Control read as distrust, module 01 [falk-kosfeld-2006] (Low for sales teams, a lab game); sizes our assumption.",
            ),
            Assumption(
                "A partner and your team fight over Northwind",
                f"{p.partner_conflict_chance:.0%} chance with no rules; written rules leave {RULES_LEAVE:.0%} of it",
                "Module 06's rules of engagement [sa-vinhas-anderson-2005]; sizes our assumption.",
            ),
            Assumption(
                "A leader's field day",
                f"${p.leader_day_cost:g}K (8 hours at $750, C7)",
                "Our assumption (plausible $150 to $1,500 an hour).",
            ),
        ]
    return AssumptionTable(rows)


# Why each option is worth what it is, in one line (the notebook shows these after the year).
WHY: dict[int, dict[str, str]] = {
    1: {
        "A": "the whole licence signs one time in four; a poor roll-out costs trust and the reference",
        "B": "a free, wide pilot costs services and, without written criteria, often falls short",
        "C": "a small paid bet with written criteria mostly meets them, builds trust and can grow",
    },
    2: {
        "A": "keeps the price; the order may slip into next year, but trust, next year and the reference gain",
        "B": "books most of the order now at 20% off, paid in margin, other deals and Northwind's trust",
        "C": "signs now half the time, at full price; the push costs trust but here beats the discount, as "
        "no price is given away (a costlier push would not)",
    },
    3: {
        "A": "from the office a real stall is saved half the time; daily updates cost morale and trust",
        "B": "on site a real stall is mostly found and saved, for two of your days",
        "C": "nobody looks, so a real stall is rarely saved; the new rep's morale falls",
    },
    4: {
        "A": "rules leave few fights and bring the partner's pipeline and better delivery, for a 10% fee",
        "B": "no fee, but with no rules the partner works against you half the time",
        "C": "30% of the revenue goes to the partner; your star rep's morale and Northwind's trust fall",
    },
}


@dataclass(frozen=True, repr=False)
class OptionValues:
    """Every option's value at each quarter, given the trainee's earlier decisions (as graded),
    with one line of why: shown only after the year is decided."""

    decisions: str
    rows: tuple[tuple[int, str, float, float, str], ...]  # quarter, letter, value $K, vs best $K, why

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        lines = [f"{'Quarter':<8}{'Option':<7}{'Value $K':>10}{'vs best $K':>12}  Why"]
        for q, letter, value, gap, why in self.rows:
            mark = "*" if letter == self.decisions[q - 1] else " "
            lines.append(f"{q:<8}{letter + mark:<7}{value:>10,.0f}{gap:>12,.0f}  {why}")
        return "\n".join(
            lines
            + [
                "* your choice. Each value: the year's value on average, with your earlier "
                "choices as made and the later ones at the best."
            ]
        )

    def _repr_html_(self) -> str:
        import html

        quarters = sorted({q for q, *_ in self.rows})
        one = len(quarters) == 1  # one quarter: its number heads the options, not every row

        body = "".join(
            "<tr>"
            + ("" if one else f"<td>{q}</td>")
            + f"<td>{letter}{' (yours)' if letter == self.decisions[q - 1] else ''}</td>"
            f"<td>{value:,.0f}</td><td>{gap:,.0f}</td><td style='text-align:left'>{html.escape(why)}</td></tr>"
            for q, letter, value, gap, why in self.rows
        )
        first = f"<th>Quarter {quarters[0]}</th>" if one else "<th>Quarter</th><th>Option</th>"
        head = f"<tr>{first}<th>Value $K</th><th>vs best $K</th><th>Why</th></tr>"
        return f"<table>{head}{body}</table>"


def option_values(
    decisions: Any, *, quarters: Any = None, seed: int = SEED, runs: int = RUNS
) -> OptionValues:
    """Every option's expected value ($K) at each of ``quarters`` (all four by default), with the
    trainee's earlier decisions as made (``decision_values``, the grade's basis) and one line of
    why. ``decisions`` holds at least as many letters as the last quarter shown."""
    letters = _letters(decisions)
    shown = tuple(range(1, QUARTERS + 1)) if quarters is None else tuple(quarters)
    if not shown or any(q not in range(1, QUARTERS + 1) for q in shown):
        raise ValueError(f"quarters must be among 1, 2, 3 and 4; got {quarters!r}.")
    if len(letters) < max(shown):
        raise ValueError(f"the option values of quarter {max(shown)} need its decision; got {decisions!r}.")
    rows = []
    for q in shown:
        values = decision_values(q, letters[: q - 1], seed=seed, runs=runs)
        top = max(values.values())
        rows += [(q, x, values[x], values[x] - top, WHY[q][x]) for x in LETTERS]
    return OptionValues(letters, tuple(rows))


def why_best_answers() -> str:
    """Why each quarter's best answer worked, in Markdown: shown in the trainee's feedback once
    the year is submitted (the hidden test of Exercise 7a), never before the letters are graded."""
    return (
        "- **Quarter 1**: a paid pilot is a small bet that can be tested, and builds Northwind's trust.\n"
        "- **Quarter 2**: a discount mostly moves an order Northwind would sign anyway; keeping its "
        "timeline gives up some of this year's bookings for trust and the reference.\n"
        "- **Quarter 3**: seeing the work first hand finds a real stall; control costs the reps' trust and morale.\n"
        "- **Quarter 4**: written rules turn a partner from a rival into help, at a price you can see."
    )


LESSON_NAMES = ("control", "trust", "coaching", "start small", "pebbles", "one team")


def lesson_key() -> dict[int, list[str]]:
    """Exercise 7a's key: each quarter's earlier module (``QUARTER_MODULES``) and every other
    defensible one. The buyer's leap of faith is trust as vulnerability (02, quarter 1); a
    discount or a push costs trust (02, quarter 2); two days on site apply 01, coach (03) and
    build the reps' trust (02, quarter 3)."""
    from course.scenarios.leap_of_faith.model import QUARTER_MODULES

    key = {quarter: [LESSON_NAMES[module - 1]] for quarter, module in QUARTER_MODULES.items()}
    key[1].append("trust")
    key[2].append("trust")
    key[3] += ["coaching", "trust"]
    return key
