"""Module 02's tables: the assumptions in plain words, trust's recovery after a violation and the
value of checking each rep, as plain text and HTML. No plotting at import: the grader and the
notebook's hidden tests read these numbers."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.scenarios.trust.model import (
    RESPONSES,
    SEED,
    VIOLATIONS,
    Params,
    quarters_to_recover,
    reliability_estimate,
    simulate,
)
from course.scenarios.trust.uncertain import PLAUSIBLE
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter

# --------------------------------------------------------------------------- violation and repair


@dataclass(frozen=True)
class Recovery:
    """How the team's trust recovers after one violation, for each response."""

    params: Params
    violation: str
    quarter: np.ndarray
    without: np.ndarray  # mean trust each quarter with no violation
    paths: dict[str, np.ndarray]  # response -> mean trust each quarter
    quarters_to_recover: dict[str, int]  # response -> quarters after the violation

    def rows(self) -> list[tuple[str, int, float, float]]:
        """(response, quarters to recover, lowest trust, trust at the end) for each response."""
        return [
            (r, self.quarters_to_recover[r], float(self.paths[r].min()), float(self.paths[r][-1]))
            for r in self.paths
        ]

    def _what(self) -> str:
        return (
            "a broken promise (competence)"
            if self.violation == "competence"
            else "a broken confidence (integrity)"
        )

    def _recovered(self, quarters: int) -> str:
        horizon = len(self.quarter) - self.params.violation_quarter
        return f"{quarters}" if quarters <= horizon else f"more than {horizon}"

    def __str__(self) -> str:
        header = "response     | quarters to recover | lowest trust | trust at the end"
        lines = [f"After {self._what()} in quarter {self.params.violation_quarter}:", header]
        lines.append("-" * len(header))
        for response, quarters, low, end in self.rows():
            lines.append(f"{response:<12} | {self._recovered(quarters):>19} | {low:12.2f} | {end:16.2f}")
        lines.append(
            f"{'no violation':<12} | {'':>19} | {self.without.min():12.2f} | {self.without[-1]:16.2f}"
        )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """The table and the plot of the paths, for a notebook (the view loads matplotlib here)."""
        from course.scenarios.trust.view import plot_recovery
        from course.trainee.plotting import png_bytes

        ax = plot_recovery(self)
        picture = base64.b64encode(png_bytes(ax.get_figure(root=True))).decode("ascii")
        image = f'<img alt="Trust after the violation, one line per response" src="data:image/png;base64,{picture}">'
        return {"text/plain": str(self), "text/html": self._repr_html_() + image}

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("response", "quarters to recover", "lowest trust", "trust at the end")
        )
        body = "".join(
            f"<tr><td>{r}</td><td>{self._recovered(q)}</td><td>{low:.2f}</td><td>{end:.2f}</td></tr>"
            for r, q, low, end in self.rows()
        )
        body += f"<tr><td>no violation</td><td></td><td>{self.without.min():.2f}</td><td>{self.without[-1]:.2f}</td></tr>"
        caption = f"After {self._what()} in quarter {self.params.violation_quarter}"
        return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def recovery(
    params: Params,
    violation: str = "competence",
    *,
    seed: int = SEED,
    runs: int = 400,
    tolerance: float = 0.05,
) -> Recovery:
    """Run the same team with no violation and with ``violation`` under each response.

    Every run uses the same seed, so the responses differ only in the response.
    """
    if violation not in VIOLATIONS[1:]:
        raise ValueError(f"violation must be 'competence' or 'integrity'; got {violation!r}.")
    without = simulate(params.with_(violation="none"), seed=seed, runs=runs).trust
    paths, recovered = {}, {}
    for response in RESPONSES:
        path = simulate(params.with_(violation=violation, response=response), seed=seed, runs=runs).trust
        paths[response] = path
        recovered[response] = quarters_to_recover(
            path, without, params.violation_quarter, tolerance=tolerance
        )
    return Recovery(params, violation, np.arange(1, params.quarters + 1), without, paths, recovered)


# --------------------------------------------------------------------------- checking each rep


@dataclass(frozen=True)
class CheckingTable:
    """Each rep's value over the run at each level of checking, all else equal."""

    params: Params
    options: tuple[float, ...]
    names: tuple[str, ...]
    records: tuple[tuple[int, int], ...]
    values: np.ndarray  # (reps, options), dollars
    errors: np.ndarray  # (reps, options), dollars of forecast error over the run

    def best(self) -> dict[str, float]:
        """The checking hours that give each rep the highest value."""
        return {
            name: self.options[int(np.argmax(row))] for name, row in zip(self.names, self.values, strict=True)
        }

    def lowest_error(self) -> dict[str, float]:
        """The checking hours that give each rep the smallest forecast error."""
        return {
            name: self.options[int(np.argmin(row))] for name, row in zip(self.names, self.errors, strict=True)
        }

    def to_check(self, hours: float = 2.0, reps: int = 2) -> dict[str, str]:
        """Each rep labelled "C" (check) or "L" (leave): the ``reps`` reps whose forecast error
        ``hours`` of checking a month, instead of none, lower most (or raise least) are "C"."""
        row_none, row_checked = (
            self.errors[:, self.options.index(0.0)],
            self.errors[:, self.options.index(hours)],
        )
        order = np.argsort(row_checked - row_none, kind="stable")
        chosen = {self.names[i] for i in order[:reps]}
        return {name: "C" if name in chosen else "L" for name in self.names}

    def _blocks(self) -> list[tuple[str, np.ndarray]]:
        return [
            ("Forecast error of each rep over two years, $ thousands (lower is better)", self.errors),
            (
                f"Value of each rep, $ thousands (higher is better): revenue, minus the cost of "
                f"forecast error, minus your hours at ${self.params.leader_hour_value:,.0f}",
                self.values,
            ),
        ]

    def __str__(self) -> str:
        cells = " | ".join(f"{o:>5g} h" for o in self.options)
        header = f"{'rep':<6} | {'record':>14} | estimate | {cells}"
        short = f"{'rep':<6} | {cells}"  # the second table: the records and estimates are above
        lines = []
        for first, (title, table) in zip((True, False), self._blocks(), strict=True):
            lines += [f"{title}, by checking hours a month:", header if first else short]
            lines.append("-" * len(lines[-1]))
            for name, (kept, seen), row in zip(self.names, self.records, table, strict=True):
                values = " | ".join(f"{v / 1e3:7.0f}" for v in row)
                record = f" | {f'kept {kept} of {seen}':>14} | {reliability_estimate(kept, seen):8.2f}"
                lines.append(f"{name:<6}{record if first else ''} | {values}")
            lines.append("")
        return "\n".join(lines[:-1])

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in ("rep", "record", "estimate")) + "".join(
            f"<th>{o:g} h</th>" for o in self.options
        )
        tables = []
        for title, table in self._blocks():
            body = ""
            for name, (kept, seen), row in zip(self.names, self.records, table, strict=True):
                cells = "".join(f"<td>{v / 1e3:,.0f}</td>" for v in row)
                body += (
                    f"<tr><td>{html.escape(name)}</td><td>kept {kept} of {seen}</td>"
                    f"<td>{reliability_estimate(kept, seen):.2f}</td>{cells}</tr>"
                )
            caption = html.escape(f"{title}, by checking hours a month")
            tables.append(
                f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
        return "".join(tables)


def checking_table(
    params: Params, options: tuple[float, ...] | list[float] = (0, 2, 6), *, seed: int = SEED, runs: int = 400
) -> CheckingTable:
    """Run the team once per option, every rep checked that many hours a month, same seed.

    A rep's value is their revenue minus the cost of their forecast error and of the
    leader's hours spent on them (see :class:`Result`).
    """
    options = tuple(float(o) for o in options)
    if not options:
        raise ValueError("options must hold at least one number of hours; got none.")
    results = [
        simulate(params.with_(checking_plan=(o,) * params.team_size), seed=seed, runs=runs) for o in options
    ]
    records = tuple(zip(params.record_kept, params.record_seen, strict=True))
    values = np.column_stack([r.value_by_rep for r in results])
    errors = np.column_stack([r.error_by_rep for r in results])
    return CheckingTable(params, options, params.rep_names, records, values, errors)


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter of the model with its default and the comment
            that documents it in :class:`Params` (the single record of each unit,
            source and confidence).
    """
    if full:
        return every_parameter(Params, PLAUSIBLE)
    p = Params()
    # "plausible 1 to 5": each row's note names its source, so the range alone is enough here.
    ours = {item.name: f"plausible {item.low:g} to {item.high:g}" for item in PLAUSIBLE}
    # A share's range in percent, as the row's value shows it: "+6% ...; plausible 0.03 to 0.12"
    # read as two numbers that disagree.
    share = {item.name: f"plausible {item.low:.0%} to {item.high:.0%}" for item in PLAUSIBLE}
    # The checking row shows the loss with the asymmetry applied (3 x 4% = 12%): so does its range.
    loss = next(item for item in PLAUSIBLE if item.name == "control_loss")
    felt = f"plausible {p.asymmetry * loss.low:.0%} to {p.asymmetry * loss.high:.0%}"
    return AssumptionTable(
        [
            Assumption(
                "Trust is lost faster than it is built",
                f"{p.asymmetry:g} times",
                "Direction: [slovic-1993], [poortinga-pidgeon-2004] (low). Size: a 2025 preprint "
                f"[pant-yu-2025] (not rated); {ours['asymmetry']}, range ours.",
            ),
            Assumption(
                "A kept promise builds trust; a broken one costs more",
                f"+{p.promise_gain:.0%} of the gap; -{p.asymmetry * p.promise_gain:.0%} of the trust",
                f"Direction: [mayer-davis-schoorman-1995] (not rated). Size ours, {share['promise_gain']}.",
            ),
            Assumption(
                "Field time builds trust",
                f"up to {p.field_gain:.0%} of the gap a quarter",
                f"By analogy: [edmondson-1999] (low). Size ours, {share['field_gain']}.",
            ),
            Assumption(
                "Close checking reads as distrust, past a point",
                f"up to {p.asymmetry * p.control_loss:.0%} of trust a quarter; half-felt at "
                f"{p.control_half_hours:g} hours a month on one rep",
                "Direction: [falk-kosfeld-2006], [ziegelmeyer-2012] (low). Sizes ours, "
                f"{felt}; {ours['control_half_hours']} hours.",
            ),
            Assumption(
                "Reps who trust you flag slipping deals early; checked closely, fewer",
                f"{p.honesty_floor:.0%} at no trust, 100% at full; up to {p.candour_loss:.0%} fewer "
                "under the heaviest checking",
                "By analogy: [edmondson-1999], [falk-kosfeld-2006] (low). Sizes ours, "
                f"{share['honesty_floor']}; {share['candour_loss']}.",
            ),
            Assumption(
                "Checking reads the records; the field shows the deal",
                f"records hold {p.records_floor:.0%} of hidden bad news at no trust, all at full; "
                f"{p.field_see_scale_hours:g} field hours a month per rep show about two thirds",
                f"Records: our assumption, {share['records_floor']}. Field: the essay's claim, size ours, "
                f"{ours['field_see_scale_hours']} hours.",
            ),
            Assumption(
                "Reps who do not trust you hold business back",
                f"up to {p.sandbag_max:.0%} of what will close",
                f"Sandbagging: [gonik-1978] (low). Size ours, {share['sandbag_max']}.",
            ),
            Assumption(
                "A slipping deal heard of early can be saved",
                f"{p.save_chance:.0%} if the rep brings it; {p.found_save_chance:.0%} if you find it",
                f"Our assumption, {share['save_chance']}; {share['found_save_chance']}.",
            ),
            Assumption(
                "Your time",
                f"{p.free_hours_per_month:g} free hours a month, give or take {p.free_hours_spread:.0%}; "
                f"${p.leader_hour_value:,.0f} an hour",
                f"With time to spare you keep {p.keep_rate * 10:.0f} promises in 10 (ours). The price: the "
                f"course's convention. The spread: ours, {share['free_hours_spread']}.",
            ),
        ]
    )
