"""Pebbles in a puddle and the quarterly trap: who gets the credit, when deals land, what billings say.

Scenario:
    A team of enterprise reps sells large deals to buying groups of several people.
    Each deal meets some of six "touches" (pebbles): a marketing event, a partner
    introduction, a demo, a pilot, a reference call and an executive meeting. Each
    touch raises the deal's chance of being won by a hidden amount. Three linked parts:

    1. Pebbles. The won deals are credited to their touches by four rules: first
       touch, last touch, equal shares and Shapley credit. Each rule's shares are
       compared with the touches' true contributions, which the model knows.
    2. The quarter. At a quarter's end the company pushes: reps offer a discount to
       close now deals that would have closed in the next quarter. Revenue moves
       forward, the discount is margin given away, and the next quarter has a hole.
       With few large deals, a good rep can also close nothing in a quarter by luck.
    3. Monthly billings. A year of billings by product, price tier and segment in
       which one of product, pricing or positioning is off; each leaves its own mark.

Covers:
    Module 05, "Pebbles in a puddle and the quarterly trap": attribution rules against
    the truth, exact Shapley credit, quarter-end pull-forward and discounting, the
    binomial arithmetic of few large deals, and reading monthly billings.

Used in:
    ``solutions/05_pebbles_and_quarters/pebbles_and_quarters.ipynb``,
    ``tests/test_pebbles.py``, ``tests/test_scenario_contract.py`` and
    ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The Shapley value and the binomial arithmetic are
    exact mathematics ([shapley-1953]). The *directions* of the quarter's effects rest
    on published findings ([oyer-1998], [larkin-2014], both Low); the *sizes* are
    chosen to show the mechanisms, with the discount's cost set to land near Larkin's
    6-8% of revenue when the push happens every quarter.

Mechanisms:
    1. Win chance of a deal (a "noisy OR"): with no touch a deal is won with chance
       ``base_win``; each touch present independently wins over a share ``lift`` of
       the rest: ``p(S) = 1 - (1 - base_win) * prod(1 - lift[t] for t in S)``. The
       executive meeting's lift is higher when a pilot came before it (the pilot gave
       the executive something to see). Buying groups larger than 8 people see more
       touches, each of which moves less of the group.
    2. The truth. A touch's *true contribution* to one deal is the drop in that deal's
       win chance if the touch were removed and all else stayed the same:
       ``p(S) - p(S without t)``. Summed over all deals, it is the number of wins the
       touch caused; each touch's *true share* is its sum over the sum for all touches.
    3. The rules, on won deals only (what a CRM sees): first touch gives the whole win
       to the earliest touch, last touch to the latest, equal splits it evenly, and
       Shapley splits it by each touch's average added win chance over every order in
       which the deal's touches could have come (exact: every coalition enumerated).
    4. The quarter. Each rep has ``deals_per_quarter`` deals a quarter, each with a
       natural closing date in its quarter and a journey of touches that sets its win
       chance. At the end of a push quarter, every won deal due in the first
       ``pull_window`` of the next quarter is pulled in with chance
       ``1 - exp(-push_discount / discount_scale)`` and booked now at the discounted
       price. Pulling a deal in does not change whether it is won.
    5. Billings: see :func:`billings` for the three signatures.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter
from course.trainee.plotting import (
    BAND,
    BASELINE,
    NEUTRAL,
    POLICY,
    WARNING,
    new_figure,
    png_bytes,
    policy_legend,
    settle_layout,
    style_axes,
)
from course.trainee.random import make_rng

SEED = 2026  # the luck the notebook's tables and the explorer share

# The touches, in the order they usually come in a journey.
TOUCHES = ("event", "partner", "demo", "pilot", "reference", "executive")
TOUCH_LABELS = {
    "event": "marketing event",
    "partner": "partner introduction",
    "demo": "demo",
    "pilot": "pilot",
    "reference": "reference call",
    "executive": "executive meeting",
}
RULES = ("first", "last", "equal", "shapley")
RULE_LABELS = {"first": "first touch", "last": "last touch", "equal": "equal shares", "shapley": "Shapley"}
REFERENCE_GROUP = 8.0  # the buying-group size at which the touch rates and lifts below hold
PILOT = TOUCHES.index("pilot")
EXECUTIVE = TOUCHES.index("executive")
N_TOUCHES = len(TOUCHES)
N_MASKS = 2**N_TOUCHES
_ALL = np.arange(N_MASKS)
_HAS = ((_ALL[:, None] >> np.arange(N_TOUCHES)) & 1).astype(bool)  # (mask, touch)
_SIZE = _HAS.sum(axis=1)


def _shapley_weights() -> np.ndarray:
    """W[t, S, T]: the weight of T's marginal gain from t in S's Shapley value of t.

    Shapley 1953: phi_t(S) = sum over T in S without t of |T|! (|S|-|T|-1)! / |S|! * (v(T+t) - v(T)).
    """
    weights = np.zeros((N_TOUCHES, N_MASKS, N_MASKS))
    for s in range(N_MASKS):
        n = _SIZE[s]
        for t in range(N_TOUCHES):
            if not _HAS[s, t]:
                continue
            for sub in range(N_MASKS):
                if sub & ~s or _HAS[sub, t]:
                    continue
                k = _SIZE[sub]
                weights[t, s, sub] = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
    return weights


_WEIGHTS = _shapley_weights()


@dataclass(frozen=True)
class Params:
    """The leader's policy, the deals and the model's assumptions, each with its unit and source.

    Change a copy with ``params.with_(push_discount=0.2)``.
    """

    # --- The leader's policy: the levers the trainee moves ------------------------
    # Discount offered at a push quarter's end to close now a deal due next quarter
    # (a share of the price, 0-0.4). 0 = no push. Direction: [larkin-2014] (Low).
    push_discount: float = 0.0
    # The quarters (1, 2, ...) at whose end the company pushes: the first year's end by
    # default (sales bunch at the fiscal year's end, [oyer-1998]); (1, ..., 7) is a push every
    # quarter, this model's illustration ([larkin-2014] found discounts in the quarters in
    # which reps had a reason to close). A push at the run's last quarter reaches nothing.
    push_quarters: tuple[int, ...] = (4,)
    # Share of deals offered a pilot (0-0.9). Pilots win deals and cost money.
    pilot_share: float = 0.35
    pilot_cost: float = 30_000.0  # dollars a pilot; chosen to show the mechanism
    # How fast a pilot's average lift falls as more deals get one: the deals that need a pilot
    # most get one first. The pilot's lift is lifts[pilot] * (1 - pilot_crowding * pilot_share):
    # 0.30 at the default share. Chosen to show the mechanism (a best share near one half).
    pilot_crowding: float = 0.6

    # --- The deals -----------------------------------------------------------------
    # People in a deal's buying group: 6-10 in Gartner's surveys [gartner-buying-group]
    # (a vendor's figure: Low). The rates and lifts below hold for 8.
    buying_group_size: float = 8.0
    # Win chance of a deal with no touch at all; chosen so that the average deal is won
    # about 46% of the time, near the 46.6% of forecast deals won [cso-insights-2016] (Low).
    base_win: float = 0.28
    # Chance that a deal meets each touch, in the order event, partner, demo, pilot,
    # reference, executive (the pilot's place is unused: pilot_share sets it); chosen to
    # show the mechanism.
    touch_rates: tuple[float, ...] = (0.6, 0.3, 0.8, 0.0, 0.45, 0.5)
    # Share of the not-yet-won a touch wins over (the hidden truth), in the same order;
    # the pilot matters most (its value here is for the first deals to get one: see
    # pilot_crowding). Chosen to show the mechanism; no study measured them.
    lifts: tuple[float, ...] = (0.03, 0.05, 0.08, 0.38, 0.08, 0.05)
    # The executive meeting's lift when a pilot came before it; chosen to show the mechanism.
    executive_after_pilot: float = 0.20
    # Spread of a touch's timing around its usual place in the journey, in places;
    # chosen to show the mechanism (touches mostly come in order, sometimes not).
    order_jitter: float = 0.6
    journeys: int = 4000  # deals simulated for the attribution comparison

    # --- The quarter -----------------------------------------------------------------
    reps: int = 10  # reps on the team
    # Deals each rep has a quarter: few and large, as in enterprise sales; chosen to show the mechanism.
    deals_per_quarter: int = 2
    deal_size: float = 250_000.0  # dollars a deal at list price; chosen to show the mechanism
    quarters: int = 8  # length of the run; 8 quarters is two years
    # Share of the next quarter whose deals a push can reach: the first two months.
    pull_window: float = 2 / 3
    # The discount at which about 63% of reachable deals are pulled in. Our assumption,
    # set so that a 15% push every quarter gives away about 6-8% of revenue (plausible range
    # 2-10%). [larkin-2014] found 6-8% too, but for something else: what one vendor lost to
    # its own reps' timing and discounts under an accelerating commission, not to a leader's push.
    discount_scale: float = 0.10

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)


# --------------------------------------------------------------------------- win chances and Shapley


def win_chances(params: Params) -> np.ndarray:
    """The win chance of a deal for each of the 64 sets of touches (bit t = touch t)."""
    scale = REFERENCE_GROUP / params.buying_group_size
    lifts = np.asarray(params.lifts, dtype=float).copy()
    lifts[PILOT] *= 1.0 - params.pilot_crowding * params.pilot_share
    lifts = np.minimum(lifts * scale, 0.95)
    keep = np.where(_HAS, 1.0 - lifts, 1.0)
    with_pilot_exec = min(params.executive_after_pilot * scale, 0.95)
    exec_keep = np.where(_HAS[:, PILOT], 1.0 - with_pilot_exec, 1.0 - lifts[EXECUTIVE])
    keep[:, EXECUTIVE] = np.where(_HAS[:, EXECUTIVE], exec_keep, 1.0)
    return 1.0 - (1.0 - params.base_win) * keep.prod(axis=1)


def shapley_table(values: np.ndarray) -> np.ndarray:
    """Shapley values of each touch (columns) in the game of each set of touches (rows).

    ``values[mask]`` is the win chance with that set; the row for a set sums to
    ``values[set] - values[empty]`` (exact: every coalition enumerated).
    """
    gains = values[_ALL[:, None] | (1 << np.arange(N_TOUCHES))[None, :]] - values[:, None]  # (sub, t)
    return np.einsum("tsu,ut->st", _WEIGHTS, gains)


@dataclass(frozen=True)
class ValueTable:
    """A small game: the win chance of a deal for every set of a few touches."""

    touches: tuple[str, ...]
    values: dict[tuple[str, ...], float]  # sorted touch names -> win chance

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        lines = ["Touches the deal had               | win chance", "-" * 48]
        for combo, value in self.values.items():
            lines.append(f"{' + '.join(combo) if combo else '(none)':<35} | {value:10.3f}")
        return "\n".join(lines)

    def added(self, touch: str, *, after: tuple[str, ...] = ()) -> float:
        """What ``touch`` adds to the win chance when it arrives after the touches ``after``."""
        before = tuple(t for t in self.touches if t in after)
        with_it = tuple(t for t in self.touches if t in after or t == touch)
        if touch not in self.touches or len(before) != len(after) or touch in after:
            raise ValueError(f"touch and after must be different touches of {', '.join(self.touches)}.")
        return self.values[with_it] - self.values[before]

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(' + '.join(c) if c else '(none)')}</td><td>{v:.3f}</td></tr>"
            for c, v in self.values.items()
        )
        return (
            "<table><thead><tr><th>Touches the deal had</th><th>win chance</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def value_table(params: Params, touches: tuple[str, ...] = ("pilot", "reference", "executive")) -> ValueTable:
    """The win chance of a deal for every set of ``touches`` (no other touch), rounded to 3 decimals."""
    for touch in touches:
        if touch not in TOUCHES:
            raise ValueError(f"touches must be among {', '.join(TOUCHES)}; got {touch!r}.")
    if len(set(touches)) != len(touches) or not touches:
        raise ValueError(f"touches must name at least one touch, each once; got {touches!r}.")
    chances = win_chances(params)
    values = {}
    for size in range(len(touches) + 1):
        for combo in combinations(touches, size):
            mask = sum(1 << TOUCHES.index(t) for t in combo)
            values[combo] = round(float(chances[mask]), 3)
    return ValueTable(tuple(touches), values)


def shapley(table: ValueTable) -> dict[str, float]:
    """Each touch's exact Shapley credit in ``table``'s game: its added win chance,
    averaged over every order in which the touches could come."""
    players = table.touches
    value = {frozenset(c): v for c, v in table.values.items()}
    n = len(players)
    credit = {}
    for player in players:
        others = [p for p in players if p != player]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for combo in combinations(others, size):
                coalition = frozenset(combo)
                total += weight * (value[coalition | {player}] - value[coalition])
        credit[player] = total
    return credit


# --------------------------------------------------------------------------- the zero quarter


def zero_quarter_chance(win_rate: float, deals: int) -> float:
    """The chance that a rep who wins each deal with ``win_rate`` closes none of ``deals``: (1 - p) ** n."""
    if isinstance(win_rate, bool) or not isinstance(win_rate, (int, float)) or not 0 <= win_rate <= 1:
        raise ValueError(f"win_rate must be a number from 0 to 1; got {win_rate!r}.")
    if isinstance(deals, bool) or not isinstance(deals, (int, np.integer)) or deals < 0:
        raise ValueError(f"deals must be a whole number of 0 or more; got {deals!r}.")
    return (1.0 - win_rate) ** deals


# --------------------------------------------------------------------------- simulate


@dataclass(frozen=True)
class Result:
    """What one policy produced.

    Attributes:
        params: the parameters that produced this result.
        truth: each touch's true share of the wins the touches caused (sums to 1).
        credit: each rule's share of the credit for won deals, per touch (each sums to 1).
        win_rate: the share of deals won.
        quarter: 1, 2, ... quarters.
        revenue: team revenue booked each quarter after discounts, dollars (mean over runs).
        list_revenue: the same at list price, dollars.
        discounts: margin given away each quarter, dollars.
        pilot_costs: money spent on pilots each quarter, dollars.
        revenue_low, revenue_high: 10th and 90th percentile of revenue each quarter.
        wins_per_rep: share of rep-quarters with 0, 1, 2, ... deals booked.
    """

    params: Params
    truth: np.ndarray
    credit: dict[str, np.ndarray]
    win_rate: float
    quarter: np.ndarray
    revenue: np.ndarray
    list_revenue: np.ndarray
    discounts: np.ndarray
    pilot_costs: np.ndarray
    revenue_low: np.ndarray
    revenue_high: np.ndarray
    wins_per_rep: np.ndarray

    def error(self, rule: str) -> float:
        """Share of the credit a rule puts in the wrong place: half the summed gaps to the truth (0-1)."""
        return float(np.abs(self.credit[rule] - self.truth).sum() / 2)

    def share(self, rule: str, touch: str) -> float:
        """A rule's share of the credit for one touch (``rule="truth"`` for the true share)."""
        shares = self.truth if rule == "truth" else self.credit[rule]
        return float(shares[TOUCHES.index(touch)])

    @property
    def total_revenue(self) -> float:
        """Revenue over the run after discounts, dollars."""
        return float(self.revenue.sum())

    @property
    def zero_quarter_share(self) -> float:
        """Share of rep-quarters in which a rep booked no deal."""
        return float(self.wins_per_rep[0])

    def summary(self, baseline: Result | None = None) -> str:
        """Plain sentences for the outcomes: the text version of the plot."""
        p = self.params
        given = self.discounts.sum()
        discounts = f"after {_money(given)} of discounts" if given else "with no discounts"
        text = (
            f"Deals won: {self.win_rate:.0%}. Shapley credit puts {self.error('shapley'):.0%} of the credit in "
            f"the wrong place; first touch {self.error('first'):.0%}, last touch {self.error('last'):.0%}. "
            f"The pilot's true share is {self.share('truth', 'pilot'):.0%}; first touch gives it "
            f"{self.share('first', 'pilot'):.0%}. Over {p.quarters} quarters the team booked "
            f"{_money(self.total_revenue)} {discounts} and spent {_money(self.pilot_costs.sum())} on pilots. "
            f"A rep booked nothing in {self.zero_quarter_share:.0%} of quarters."
        )
        if baseline is not None and baseline.params != p:
            net = (self.total_revenue - self.pilot_costs.sum()) - (
                baseline.total_revenue - baseline.pilot_costs.sum()
            )
            words = (
                "the same as the default policy"
                if abs(net) < 500
                else f"{_money(abs(net))} {'higher' if net > 0 else 'lower'} than under the default policy"
            )
            text = f"Revenue after discounts and pilots over the run: {words}. " + text
        return text


def _money(dollars: float) -> str:
    """Dollars in plain words: $37K, $1.2M."""
    return f"${dollars / 1e6:,.1f}M" if abs(dollars) >= 1e6 else f"${dollars / 1e3:,.0f}K"


def _journeys(
    params: Params, shape: tuple[int, ...], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random journeys: the set of touches of each deal (as a mask) and each touch's time."""
    rates = np.minimum(
        np.asarray(params.touch_rates, dtype=float) * params.buying_group_size / REFERENCE_GROUP, 0.95
    )
    rates[PILOT] = params.pilot_share  # the leader's lever: not scaled by the group's size
    present = rng.random((*shape, N_TOUCHES)) < rates
    mask = (present * (1 << np.arange(N_TOUCHES))).sum(axis=-1)
    times = np.arange(N_TOUCHES) + params.order_jitter * rng.standard_normal((*shape, N_TOUCHES))
    return mask, np.where(present, times, np.nan)


def _attribution(params: Params, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    chances = win_chances(params)
    mask, times = _journeys(params, (params.journeys,), rng)
    p = chances[mask]
    won = rng.random(params.journeys) < p
    present = _HAS[mask]
    # The truth: the drop in each deal's win chance without the touch, summed over all deals.
    without = chances[mask[:, None] & ~(1 << np.arange(N_TOUCHES))[None, :]]
    removal = np.where(present, p[:, None] - without, 0.0).sum(axis=0)
    truth = removal / removal.sum() if removal.sum() > 0 else np.zeros(N_TOUCHES)
    touched = won & (mask > 0)
    credit = {}
    order = np.where(np.isnan(times), np.inf, times)[touched]
    first = np.zeros(N_TOUCHES)
    np.add.at(first, order.argmin(axis=1), 1.0)
    latest = np.where(np.isinf(order), -np.inf, order)
    last = np.zeros(N_TOUCHES)
    np.add.at(last, latest.argmax(axis=1), 1.0)
    equal = (present[touched] / present[touched].sum(axis=1, keepdims=True)).sum(axis=0)
    phi = shapley_table(chances)[mask[touched]]
    gained = phi.sum(axis=1, keepdims=True)
    # A won deal whose touches added nothing (possible only with zero lifts) has no credit to share.
    shap = np.divide(phi, gained, out=np.zeros_like(phi), where=gained > 0).sum(axis=0)
    for rule, values in zip(RULES, (first, last, equal, shap), strict=True):
        credit[rule] = values / values.sum() if values.sum() > 0 else np.zeros(N_TOUCHES)
    return truth, credit, float(won.mean())


def simulate(params: Params, *, seed: int | None = None, runs: int = 300) -> Result:
    """Run the attribution comparison and the team's quarters under the leader's policy.

    Args:
        params: the policy, the deals and the assumptions.
        seed: seed of the random generator. The same seed gives the same result, and two
            policies run with the same seed meet the same luck.
        runs: Monte Carlo runs of the team's quarters to average over (1-10,000).
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be pebbles.Params; got {type(params).__name__}.")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 10_000:
        raise ValueError(f"runs must be a whole number from 1 to 10,000; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    truth, credit, win_rate = _attribution(p, rng)

    q_all = p.quarters
    shape = (runs, q_all, p.reps, p.deals_per_quarter)
    mask, _ = _journeys(p, shape, rng)
    won = rng.random(shape) < win_chances(p)[mask]
    due = rng.random(shape)  # when in its quarter each deal is due (0 = first day, 1 = last)
    pull_draw = rng.random(shape)
    pull_chance = 1.0 - math.exp(-p.push_discount / p.discount_scale)
    pushes = np.zeros(q_all, dtype=bool)
    for q in p.push_quarters:
        pushes[q - 1] = True
    # A deal due in quarter q+1 can be pulled into q if q ends with a push.
    pull_from_previous = np.concatenate([[False], pushes[:-1]])
    pulled = won & (due < p.pull_window) & (pull_draw < pull_chance) & pull_from_previous[None, :, None, None]
    booked_q = np.arange(q_all)[None, :, None, None] - pulled
    price = np.where(pulled, p.deal_size * (1.0 - p.push_discount), p.deal_size)
    booked = np.zeros((runs, q_all))
    listed = np.zeros((runs, q_all))
    given = np.zeros((runs, q_all))
    run_index = np.broadcast_to(np.arange(runs)[:, None, None, None], shape)
    np.add.at(booked, (run_index[won], booked_q[won]), price[won])
    np.add.at(listed, (run_index[won], booked_q[won]), p.deal_size)
    np.add.at(given, (run_index[won], booked_q[won]), p.deal_size - price[won])
    counts = np.zeros((runs, q_all, p.reps), dtype=int)
    rep_index = np.broadcast_to(np.arange(p.reps)[None, None, :, None], shape)
    np.add.at(counts, (run_index[won], booked_q[won], rep_index[won]), 1)
    most = max(p.deals_per_quarter * 2, 1)
    per_rep = np.bincount(np.minimum(counts.ravel(), most), minlength=most + 1) / counts.size
    pilots = (mask & (1 << PILOT)).astype(bool).sum(axis=(2, 3)) * p.pilot_cost
    return Result(
        params=p,
        truth=truth,
        credit=credit,
        win_rate=win_rate,
        quarter=np.arange(1, p.quarters + 1),
        revenue=booked.mean(axis=0),
        list_revenue=listed.mean(axis=0),
        discounts=given.mean(axis=0),
        pilot_costs=pilots.mean(axis=0),
        revenue_low=np.percentile(booked, 10, axis=0),
        revenue_high=np.percentile(booked, 90, axis=0),
        wins_per_rep=per_rep,
    )


# --------------------------------------------------------------------------- tables the notebook shows


@dataclass(frozen=True)
class PushTable:
    """Revenue quarter by quarter without a push and with one, same luck."""

    discount: float
    push_quarters: tuple[int, ...]
    quarter: np.ndarray
    without: np.ndarray  # revenue after discounts, dollars
    with_push: np.ndarray
    discounts: np.ndarray  # margin given away each quarter with the push, dollars

    def rows(self) -> list[tuple[int, int, int, int, int]]:
        """(quarter, without, with the push, difference, discounts given), $ thousands, rounded."""
        return [
            (int(q), round(w / 1e3), round(x / 1e3), round(x / 1e3) - round(w / 1e3), round(d / 1e3))
            for q, w, x, d in zip(self.quarter, self.without, self.with_push, self.discounts, strict=True)
        ]

    def change(self, quarter: int) -> int:
        """With the push minus without, in quarter ``quarter``, $ thousands as the table shows it."""
        return self.rows()[quarter - 1][3]

    def given_away(self, quarter: int) -> int:
        """Discounts given in quarter ``quarter``, $ thousands as the table shows it."""
        return self.rows()[quarter - 1][4]

    def total_change(self) -> int:
        """The difference over the whole run, $ thousands (from the unrounded sums)."""
        return round((self.with_push.sum() - self.without.sum()) / 1e3)

    def _totals(self) -> tuple[int, int, int, int]:
        """The "all" row: no push, with the push, difference, discounts; from the unrounded sums."""
        return (
            round(self.without.sum() / 1e3),
            round(self.with_push.sum() / 1e3),
            self.total_change(),
            round(self.discounts.sum() / 1e3),
        )

    def _caption(self) -> str:
        when = ", ".join(str(q) for q in self.push_quarters)
        return (
            f"Team revenue after discounts, $ thousands: no push, and a {self.discount:.0%} discount "
            f"at the end of quarter {when}"
        )

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        header = "quarter | no push | with the push | difference | discounts given"
        lines = [self._caption(), header, "-" * len(header)]
        for q, w, x, d, g in self.rows():
            lines.append(f"{q:>7} | {w:>7,} | {x:>13,} | {d:>+10,} | {g:>15,}")
        total = self._totals()
        lines.append(f"{'all':>7} | {total[0]:>7,} | {total[1]:>13,} | {total[2]:>+10,} | {total[3]:>15,}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("quarter", "no push", "with the push", "difference", "discounts given")
        )
        body = "".join(
            f"<tr><td>{q}</td><td>{w:,}</td><td>{x:,}</td><td>{d:+,}</td><td>{g:,}</td></tr>"
            for q, w, x, d, g in self.rows()
        )
        total = self._totals()
        body += (
            f"<tr><td>all</td><td>{total[0]:,}</td><td>{total[1]:,}</td>"
            f"<td>{total[2]:+,}</td><td>{total[3]:,}</td></tr>"
        )
        return (
            f"<table><caption>{html.escape(self._caption())}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


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


def closest_rule(result: Result) -> str:
    """The rule whose credit is closest to the truth."""
    return min(RULES, key=result.error)


def pilot_starver(result: Result) -> str:
    """The rule that gives the pilot the smallest share of credit for its true share."""
    return min(RULES, key=lambda rule: result.share(rule, "pilot"))


# --------------------------------------------------------------------------- billings

PRODUCTS = ("Core", "Insight")
TIERS = ("Standard", "Premium")
SEGMENTS = ("Enterprise", "Mid-market", "Small business")
PROBLEMS = ("product", "pricing", "positioning")
DIMENSIONS = {"product": PRODUCTS, "tier": TIERS, "segment": SEGMENTS}


@dataclass(frozen=True)
class Billings:
    """A year of monthly billings by product, price tier and segment, dollars.

    ``values`` has the shape (month, product, tier, segment). ``problem`` is what is off
    (the notebook does not show it).
    """

    values: np.ndarray
    problem: str

    def by(self, dimension: str) -> dict[str, np.ndarray]:
        """Monthly billings summed over the other two dimensions, per item of ``dimension``."""
        axis = {"product": 1, "tier": 2, "segment": 3}[dimension]
        other = tuple(a for a in (1, 2, 3) if a != axis)
        summed = self.values.sum(axis=other)
        return {name: summed[:, i] for i, name in enumerate(DIMENSIONS[dimension])}

    def changes(self) -> list[tuple[str, str, float, float, float]]:
        """(dimension, item, first three months, last three months, change) for every item."""
        rows = []
        for dimension in DIMENSIONS:
            for name, series in self.by(dimension).items():
                first, last = float(series[:3].sum()), float(series[-3:].sum())
                rows.append((dimension, name, first, last, last / first - 1))
        return rows

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        header = f"{'by':<8} | {'item':<15} | months 1-3 | months 10-12 | change"
        lines = ["Billings, $ thousands:", header, "-" * len(header)]
        for dimension, name, first, last, change in self.changes():
            lines.append(
                f"{dimension:<8} | {name:<15} | {first / 1e3:>10,.0f} | {last / 1e3:>12,.0f} | {change:>+6.0%}"
            )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """The table and the plot of the monthly lines, for a notebook."""
        axes = plot_billings(self)
        picture = base64.b64encode(png_bytes(axes[0].get_figure(root=True))).decode("ascii")
        rows = "".join(
            f"<tr><td>{d}</td><td>{html.escape(n)}</td><td>{f / 1e3:,.0f}</td><td>{la / 1e3:,.0f}</td>"
            f"<td>{c:+.0%}</td></tr>"
            for d, n, f, la, c in self.changes()
        )
        table = (
            "<table><caption>Billings, $ thousands</caption><thead><tr><th>by</th><th>item</th>"
            "<th>months 1-3</th><th>months 10-12</th><th>change</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        image = f'<img alt="Monthly billings by product, price tier and segment" src="data:image/png;base64,{picture}">'
        return {"text/plain": str(self), "text/html": table + image}


def billings(
    problem: str,
    *,
    seed: int = SEED,
    monthly_total: float = 2_000_000.0,
    growth: float = 0.01,
    decline: float = 0.05,
    noise: float = 0.03,
) -> Billings:
    """A year of monthly billings with one thing off. The three signatures:

    - ``"product"``: one product (it no longer beats the competition's) falls month after
      month in every segment and both price tiers; the other product holds.
    - ``"pricing"``: the Premium tier falls in every product and segment while the
      Standard tier grows (buyers trade down: the premium price is out of line).
    - ``"positioning"``: one segment falls across every product and tier (the message
      does not land with those buyers); the other segments hold.

    Which product or segment is hit depends on the seed. Everything else grows by
    ``growth`` a month, with a little noise. Sizes chosen to show the mechanism.

    Args:
        problem: ``"product"``, ``"pricing"`` or ``"positioning"``.
        seed: seed of the random generator.
        monthly_total: billings in the first month, dollars.
        growth: monthly growth where nothing is off (a share).
        decline: monthly fall of what is off (a share).
        noise: spread of each month's luck (a share).
    """
    if problem not in PROBLEMS:
        raise ValueError(f"problem must be one of {', '.join(repr(x) for x in PROBLEMS)}; got {problem!r}.")
    for name, value, high in (("growth", growth, 0.2), ("decline", decline, 0.5), ("noise", noise, 0.2)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= high:
            raise ValueError(f"{name} must be a number from 0 to {high:g} (a share); got {value!r}.")
    if not isinstance(monthly_total, (int, float)) or not 0 < monthly_total <= 1e10:
        raise ValueError(f"monthly_total must be a positive number of dollars; got {monthly_total!r}.")
    rng = make_rng(seed)
    weights = (
        np.array([0.6, 0.4])[:, None, None]
        * np.array([0.55, 0.45])[None, :, None]
        * np.array([0.5, 0.3, 0.2])
    )
    month = np.arange(12)[:, None, None, None]
    rate = np.full((1, 2, 2, 3), growth)
    if problem == "product":
        rate[:, rng.integers(2)] = -decline
    elif problem == "pricing":
        rate[:, :, 1] = -decline
        rate[:, :, 0] = growth + decline / 4
    else:
        rate[:, :, :, rng.integers(3)] = -decline
    luck = np.exp(noise * rng.standard_normal((12, 2, 2, 3)))
    return Billings(monthly_total * weights[None] * (1.0 + rate) ** month * luck, problem)


# The three cases of the notebook's billing exercise.
BILLING_CASES = {"A": ("pricing", 41), "B": ("product", 43)}


def billing_case(letter: str) -> Billings:
    """One of the notebook's cases, "A" or "B"."""
    if letter not in BILLING_CASES:
        raise ValueError(f"letter must be one of {', '.join(BILLING_CASES)}; got {letter!r}.")
    problem, seed = BILLING_CASES[letter]
    return billings(problem, seed=seed)


def plot_billings(result: Billings, *, axes: list[Axes] | None = None) -> list[Axes]:
    """Monthly billings by product, by price tier and by segment: one panel each."""
    if axes is None:
        _, axes = new_figure(1, 3, width=11, height=3.4)
    styles = ("-", "--", ":")
    colours = (POLICY, BASELINE, WARNING)
    top = max(series.max() for d in DIMENSIONS for series in result.by(d).values()) / 1e3 * 1.1
    for ax, dimension in zip(axes, DIMENSIONS, strict=True):
        style_axes(
            ax, title=f"By {'price tier' if dimension == 'tier' else dimension}", ylabel="$ thousands a month"
        )
        for (name, series), style, colour in zip(result.by(dimension).items(), styles, colours, strict=False):
            ax.plot(np.arange(1, 13), series / 1e3, linestyle=style, color=colour, linewidth=2.2, label=name)
        ax.set_ylim(0, top)
        ax.set_xlim(1, 12)
        ax.legend(fontsize=8, frameon=False, loc="lower left")
    return axes


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words, with their sources.

    Args:
        full: if True, every parameter with its default and the comment that documents it.
    """
    if full:
        return every_parameter(Params)
    p = Params()
    chosen = "chosen to show the mechanism (our assumption)"
    lift = dict(zip(TOUCHES, p.lifts, strict=True))
    lift["pilot"] *= 1 - p.pilot_crowding * p.pilot_share  # at the default share of deals
    return AssumptionTable(
        [
            Assumption(
                "People in a buying group",
                f"{p.buying_group_size:g}",
                "Gartner reports 6-10 decision makers [gartner-buying-group] (a vendor's figure, low). "
                "Larger groups meet more touches, each moving fewer people.",
            ),
            Assumption(
                "A deal's win chance with no touch",
                f"{p.base_win:.0%}",
                "Set so that about 46% of deals are won, near the 46.6% of forecast deals won across 675 "
                "firms [cso-insights-2016] (low).",
            ),
            Assumption(
                "What each touch adds (the hidden truth)",
                f"pilot {lift['pilot']:.0%} of the not-yet-won (at 35 deals in 100 with one); demo and reference {lift['demo']:.0%}; "
                f"others {lift['event']:.0%}-{lift['partner']:.0%}",
                f"Each touch wins over a share of the buyers not yet won; {chosen}. No study measured these.",
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
                f"Few and large, as in enterprise sales; {chosen}.",
            ),
            Assumption(
                "A quarter-end discount pulls deals forward",
                f"a {0.15:.0%} discount pulls in {1 - math.exp(-0.15 / p.discount_scale):.0%} of the won deals "
                "due in the next two months",
                "Direction: reps time deals and discount to hit a quarter ([larkin-2014], low), and sales "
                "bunch at the fiscal year's end ([oyer-1998], low). Size: our assumption, set so a 15% push "
                "every quarter costs about 6-8% of revenue; Larkin's 6-8% measured reps' own gaming, not a push.",
            ),
            Assumption(
                "Pulling a deal in does not make it more likely to be won",
                "it only moves and discounts it",
                "This course's assumption: it leaves out deals a push might save or lose.",
            ),
            Assumption(
                "A pilot costs money, and helps less as more deals get one",
                f"${p.pilot_cost / 1e3:,.0f}K each; its lift falls by {p.pilot_crowding:.0%} of itself from "
                "no deals to all",
                f"The deals that need a pilot most get one first. Both {chosen}.",
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

    def whole_between(name: str, low: int, high: int, unit: str) -> None:
        value = getattr(p, name)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be a whole number of {unit}; got {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"{name} must be from {low} to {high} {unit}; got {value}.")

    def shares(name: str) -> None:
        value = getattr(p, name)
        if not isinstance(value, tuple) or len(value) != N_TOUCHES:
            raise ValueError(f"{name} must be a tuple of {N_TOUCHES} shares, one per touch; got {value!r}.")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (int, float)) or not 0 <= item <= 1:
                raise ValueError(f"{name} must hold shares from 0 to 1; got {item!r}.")

    number_between("push_discount", 0, 0.4, "(a share of the price)")
    whole_between("quarters", 1, 40, "quarters")
    if not isinstance(p.push_quarters, tuple) or not all(
        isinstance(q, (int, np.integer)) and not isinstance(q, bool) and 1 <= q <= p.quarters
        for q in p.push_quarters
    ):
        raise ValueError(
            f"push_quarters must be a tuple of quarter numbers from 1 to {p.quarters}, such as (4, 8); "
            f"got {p.push_quarters!r}."
        )
    number_between("pilot_share", 0, 0.9, "(a share of deals)")
    number_between("pilot_cost", 0, 1e7, "dollars")
    number_between("pilot_crowding", 0, 1, "(a share)")
    number_between("buying_group_size", 1, 30, "people")
    number_between("base_win", 0, 0.95, "(a chance)")
    shares("touch_rates")
    shares("lifts")
    number_between("executive_after_pilot", 0, 1, "(a share)")
    number_between("order_jitter", 0, 5, "places")
    whole_between("journeys", 100, 100_000, "deals")
    whole_between("reps", 1, 200, "reps")
    whole_between("deals_per_quarter", 1, 50, "deals")
    number_between("deal_size", 0, 1e9, "dollars")
    number_between("pull_window", 0, 1, "(a share of a quarter)")
    number_between("discount_scale", 0.001, 1, "(a share of the price)")


# --------------------------------------------------------------------------- the explorer's dashboard

_BAR = 0.2


def dashboard_frame(params: Params) -> list[Axes]:
    """The empty dashboard: four titled panels with fixed scales and legends."""
    figure, axes = new_figure(2, 2, height=6.2)
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    style_axes(axes[0], title="Share of the credit for won deals", ylabel="share", xlabel="")
    axes[0].set_xticks(range(N_TOUCHES), [TOUCH_LABELS[t].replace(" ", "\n", 1) for t in TOUCHES], fontsize=8)
    axes[0].set_ylim(0, 0.8)
    axes[0].set_xlim(-0.6, N_TOUCHES - 0.4)
    axes[0].legend(
        handles=[
            Patch(color=NEUTRAL, label="true share"),
            Patch(color=BAND, label="first touch"),
            Patch(color=BASELINE, label="last touch"),
            Patch(color=POLICY, label="Shapley"),
        ],
        fontsize=8,
        frameon=False,
        loc="upper left",
        ncols=2,
    )
    top = params.reps * params.deals_per_quarter * params.deal_size / 1e6
    style_axes(axes[1], title="Team revenue after discounts", ylabel="$ millions", xlabel="Quarter")
    axes[1].set_xlim(1, max(2, params.quarters))
    axes[1].set_ylim(0, top * 0.9)
    policy_legend(axes[1], loc="lower left", fontsize=8)
    style_axes(axes[2], title="Margin given away in discounts", ylabel="$ thousands", xlabel="Quarter")
    axes[2].set_xlim(0.5, params.quarters + 0.5)
    axes[2].set_ylim(0, top * 1e3 * 0.25)
    most = max(params.deals_per_quarter * 2, 1)
    style_axes(axes[3], title="Deals a rep books in a quarter", ylabel="share of quarters", xlabel="deals")
    axes[3].set_xticks(range(most + 1), [str(k) if k < most else f"{k}+" for k in range(most + 1)])
    axes[3].set_xlim(-0.6, most + 0.6)
    axes[3].set_ylim(0, 1)
    axes[3].legend(
        handles=[Patch(color=POLICY, label="your policy"), Patch(color=BASELINE, label="default policy")],
        fontsize=8,
        frameon=False,
        loc="upper right",
    )
    settle_layout(figure)
    return axes


def plot_dashboard(
    result: Result, *, baseline: Result | None = None, axes: list[Axes] | None = None
) -> list[Axes]:
    """Draw the credit by rule, revenue by quarter, discounts by quarter and deals a rep books.

    Args:
        result: the policy to show, in solid blue.
        baseline: an optional comparison policy, dashed orange.
        axes: the four Axes of :func:`dashboard_frame`; a new frame if None.
    """
    if axes is None:
        axes = dashboard_frame(result.params)
    if len(axes) != 4:
        raise ValueError(f"plot_dashboard needs the 4 axes of dashboard_frame; got {len(axes)}.")
    x = np.arange(N_TOUCHES)
    for offset, shares, colour in (
        (-1.5, result.truth, NEUTRAL),
        (-0.5, result.credit["first"], BAND),
        (0.5, result.credit["last"], BASELINE),
        (1.5, result.credit["shapley"], POLICY),
    ):
        # Bars drawn as thick vertical lines: one artist per series keeps a slider move fast.
        axes[0].vlines(x + offset * _BAR, 0, shares, color=colour, linewidth=8, capstyle="butt")
    axes[1].fill_between(
        result.quarter,
        result.revenue_low / 1e6,
        result.revenue_high / 1e6,
        color=BAND,
        alpha=0.25,
        linewidth=0,
    )
    axes[1].plot(result.quarter, result.revenue / 1e6, color=POLICY, linewidth=2.5)
    if baseline is not None:  # dashed on top, so it shows where the two coincide
        axes[1].plot(
            baseline.quarter, baseline.revenue / 1e6, color=BASELINE, linestyle="--", linewidth=2, zorder=3
        )
    axes[2].vlines(result.quarter, 0, result.discounts / 1e3, color=WARNING, linewidth=18, capstyle="butt")
    k = np.arange(len(result.wins_per_rep))
    if baseline is not None:
        axes[3].vlines(k + 0.2, 0, baseline.wins_per_rep, color=BASELINE, linewidth=18, capstyle="butt")
    axes[3].vlines(k - 0.2, 0, result.wins_per_rep, color=POLICY, linewidth=18, capstyle="butt")
    return axes


# What the scenario explorer (course.trainee.widgets.explore) reads.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "push_discount",
        "Quarter-end discount to close early",
        0.0,
        0.4,
        0.05,
        "The discount reps may offer at each quarter's end to close now a deal due in the next two "
        "months. It pulls revenue forward and gives margin away. 0 means no push. Default: 0.",
    ),
    (
        "pilot_share",
        "Share of deals offered a pilot",
        0.0,
        0.9,
        0.05,
        "How many deals in 100 get a pilot. Pilots win deals, and each costs $30K; the first pilots go where they help most. Default: 0.35 "
        "(35 in 100).",
    ),
    (
        "buying_group_size",
        "People in the buying group (an assumption)",
        4.0,
        14.0,
        1.0,
        "Not a lever: how many people decide. Larger groups meet more touches, each moving fewer "
        "people, so credit is harder to pin on one. Gartner reports 6-10. Default: 8.",
    ),
)

# The controls that are the leader's policy; the others are assumptions.
POLICY_LEVERS: tuple[str, ...] = ("push_discount", "pilot_share")

TEAM = Params()
EVERY_QUARTER = Params(push_quarters=(1, 2, 3, 4, 5, 6, 7))
PRESETS = {
    "A push at the first year's end": TEAM,
    "A push at every quarter's end": EVERY_QUARTER,
}
PRESETS_LABEL = "Case"
PRESETS_TOOLTIP = "When the discount applies: at the first year's end only, or at every quarter's end."
