"""Module 05's model: credit for enterprise wins, the quarter-end push and the zero quarter.

Pure and seeded; no plotting (``view.py`` draws). See the package's docstring for the scenario.

How to read the numbers:
    A teaching model, not a forecast. The Shapley value and the binomial arithmetic are
    exact mathematics ([shapley-1953]). The *directions* of the quarter's effects rest
    on published findings: sales bunch at the fiscal year's end and dip after it
    ([oyer-1998]); reps time deals and give deeper discounts in the quarters they have a
    reason to close ([larkin-2014]; [kishore-2013] found timing games under a quota bonus);
    and not every end-of-period sale is borrowed: some are real extra sales
    ([steenburgh-2008], for bonuses rather than discounts). Every *size* of the quarter is
    our assumption, with its plausible range in ``uncertain.py``.

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
       chance. The run simulates one quarter past its end too, so a push in the last
       quarter reaches real deals (and the debt it leaves is counted: ``borrowed``).
       At the end of a push quarter, each deal due in the first ``pull_window`` of the
       next quarter that the customer would sign now is pulled in with chance
       ``1 - exp(-push_discount / discount_scale)`` and booked now at the discounted price.
       - *The upside*: a deal that waits for its date can still be lost (a competitor,
         a budget cut, a champion who leaves): of the deals a customer would sign now, a
         share ``wait_loss`` is lost by waiting. A pulled deal cannot be lost that way.
         So a push gains only where ``wait_loss`` beats the discount it gives.
       - *The costs*: the discount on every pulled deal; the hole in the next quarter;
         and buyers trained to wait: after each push, a further share ``wait_learning``
         of the customers whose deal is due in a push quarter hold their signature for
         the quarter-end discount and get it.
    5. Billings: see :func:`course.scenarios.pebbles.billings.billings`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace
from functools import partial
from itertools import combinations
from typing import Any

import numpy as np

from course.scenarios import validate
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
    # default (sales bunch at the fiscal year's end, [oyer-1998]); (1, ..., 8) is a push every
    # quarter ([larkin-2014] found discounts in the quarters in which reps had a reason to close).
    # A push at the run's last quarter reaches the deals of the quarter after the run.
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
    # Every touch's lift (the executive's after a pilot too) times this: the whole table of
    # lifts may be too high or too low. Our assumption (no study measured them): 0.7 to 1.3.
    lift_scale: float = 1.0
    # The pilot's lift times this, on top of lift_scale: how far the pilot stands out.
    # Our assumption: 0.7 to 1.3.
    pilot_lift_scale: float = 1.0
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
    # The discount at which about 63% of reachable deals are pulled in (a share of the price):
    # our assumption, 0.05 to 0.2. No study measured how buyers answer a leader's discount; the
    # 6-8% of revenue in [larkin-2014] is what one vendor lost to its own reps' timing and
    # discounts under an accelerating commission, not the size of a leader's push.
    discount_scale: float = 0.10
    # Of the deals due next quarter whose customer would sign now, the share lost if they wait
    # for their date (a competitor, a budget cut, a champion who leaves): the push's upside, a
    # deal saved. Our assumption: 0.02 to 0.15 (no study measured it). A push gains only where
    # this beats its discount.
    wait_loss: float = 0.08
    # Buyers trained to wait: after each push, this further share of the customers whose deal is
    # due in a later push quarter hold their signature for its quarter-end discount (after n
    # pushes, 1 - (1 - wait_learning) ** n of them). Our assumption: 0 to 0.25; the direction is
    # the same as the deeper quarter-end discounts in [larkin-2014], a study of reps, not buyers.
    wait_learning: float = 0.10

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)


# --------------------------------------------------------------------------- win chances and Shapley


def win_chances(params: Params) -> np.ndarray:
    """The win chance of a deal for each of the 64 sets of touches (bit t = touch t)."""
    scale = REFERENCE_GROUP / params.buying_group_size * params.lift_scale
    lifts = np.asarray(params.lifts, dtype=float).copy()
    lifts[PILOT] *= (1.0 - params.pilot_crowding * params.pilot_share) * params.pilot_lift_scale
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
        saved_deals: deals a push closed that waiting would have lost, over the run (mean).
        waited_deals: deals whose buyers, trained by earlier pushes, held out for a quarter-end
            discount and got it, over the run (mean).
        borrowed: list value of the deals pulled into the run's last quarter from the quarter
            after it, dollars (mean): revenue the run took from after its end.
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
    saved_deals: float = 0.0
    waited_deals: float = 0.0
    borrowed: float = 0.0

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
    def net_revenue(self) -> float:
        """Revenue over the run after discounts and pilots, less what it borrowed from after its end, dollars."""
        return float(self.revenue.sum() - self.pilot_costs.sum() - self.borrowed)

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
        if given:
            text += (
                f" Deals saved from waiting: {self.saved_deals:.1f}; deals whose buyers waited for the "
                f"discount: {self.waited_deals:.1f}."
            )
        if self.borrowed:
            text += f" Taken from the quarter after the run: {_money(self.borrowed)}."
        if baseline is not None and baseline.params != p:
            net = self.net_revenue - baseline.net_revenue
            words = (
                "the same as the default policy"
                if abs(net) < 500
                else f"{_money(abs(net))} {'higher' if net > 0 else 'lower'} than under the default policy"
            )
            text = (
                f"Revenue after discounts and pilots, less what the run took from after it: {words}. " + text
            )
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

    # One quarter past the run is simulated too: a push in the run's last quarter reaches real
    # deals, and what it takes from after the run is counted (``borrowed``), not lost at the edge.
    q_all = p.quarters + 1
    shape = (runs, q_all, p.reps, p.deals_per_quarter)
    mask, _ = _journeys(p, shape, rng)
    chance = win_chances(p)[mask]
    luck = rng.random(shape)
    won = luck < chance  # won at its date, as with no push
    # The customer would sign now: every deal won at its date, and those lost only by waiting.
    ready = luck < np.minimum(chance / (1.0 - p.wait_loss), 1.0)
    due = rng.random(shape)  # when in its quarter each deal is due (0 = first day, 1 = last)
    pull_draw = rng.random(shape)
    patience = rng.random(shape)  # how readily a buyer learns to wait for the discount
    pull_chance = 1.0 - math.exp(-p.push_discount / p.discount_scale)
    pushes = np.zeros(q_all, dtype=bool)
    if p.push_discount > 0:  # a push with no discount is no push
        for q in p.push_quarters:
            pushes[q - 1] = True
    # A deal due in quarter q+1 can be pulled into q if q ends with a push.
    pull_from_previous = np.concatenate([[False], pushes[:-1]])
    pulled = (
        ready & (due < p.pull_window) & (pull_draw < pull_chance) & pull_from_previous[None, :, None, None]
    )
    # Buyers trained to wait: after n pushes, 1 - (1 - wait_learning) ** n of the deals due in a
    # push quarter (and not pulled out of it) hold out for its quarter-end discount.
    taught = 1.0 - (1.0 - p.wait_learning) ** np.concatenate([[0], np.cumsum(pushes)[:-1]])
    waited = won & ~pulled & pushes[None, :, None, None] & (patience < taught[None, :, None, None])
    booked_q = np.arange(q_all)[None, :, None, None] - pulled
    counted = (won | pulled) & (booked_q < p.quarters)  # booked within the run
    price = np.where(pulled | waited, p.deal_size * (1.0 - p.push_discount), p.deal_size)
    booked = np.zeros((runs, p.quarters))
    listed = np.zeros((runs, p.quarters))
    given = np.zeros((runs, p.quarters))
    run_index = np.broadcast_to(np.arange(runs)[:, None, None, None], shape)
    where = (run_index[counted], booked_q[counted])
    np.add.at(booked, where, price[counted])
    np.add.at(listed, where, p.deal_size)
    np.add.at(given, where, p.deal_size - price[counted])
    counts = np.zeros((runs, p.quarters, p.reps), dtype=int)
    rep_index = np.broadcast_to(np.arange(p.reps)[None, None, :, None], shape)
    np.add.at(counts, (*where, rep_index[counted]), 1)
    most = max(p.deals_per_quarter * 2, 1)
    per_rep = np.bincount(np.minimum(counts.ravel(), most), minlength=most + 1) / counts.size
    in_run = np.arange(q_all) < p.quarters
    pilots = (mask[:, in_run] & (1 << PILOT)).astype(bool).sum(axis=(2, 3)) * p.pilot_cost
    from_after = pulled[:, p.quarters].sum(axis=(1, 2))  # deals the last push took from after the run
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
        saved_deals=float((pulled & ~won).sum() / runs),
        waited_deals=float(waited[:, in_run].sum() / runs),
        borrowed=float(from_after.mean() * p.deal_size),
    )


def closest_rule(result: Result) -> str:
    """The rule whose credit is closest to the truth."""
    return min(RULES, key=result.error)


def pilot_starver(result: Result) -> str:
    """The rule that gives the pilot the smallest share of credit for its true share."""
    return min(RULES, key=lambda rule: result.share(rule, "pilot"))


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    number_between = partial(validate.number_between, p)
    whole_between = partial(validate.whole_between, p)

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
    number_between("wait_loss", 0, 0.9, "(a share of deals)")
    number_between("wait_learning", 0, 1, "(a share of buyers)")
    number_between("lift_scale", 0, 2, "(times the table's lifts)")
    number_between("pilot_lift_scale", 0, 2, "(times the pilot's lift)")


# The controls that are the leader's policy; the others are assumptions.
POLICY_LEVERS: tuple[str, ...] = ("push_discount", "pilot_share")

TEAM = Params()
EVERY_QUARTER = Params(push_quarters=(1, 2, 3, 4, 5, 6, 7, 8))
PRESETS = {
    "A push at the first year's end": TEAM,
    "A push at every quarter's end": EVERY_QUARTER,
}
PRESETS_LABEL = "Case"
PRESETS_TOOLTIP = "When the discount applies: at the first year's end only, or at every quarter's end."
