"""Start small, the model: the first sale to an account, and what grows from it.

Scenario:
    A sales team over twelve quarters (three years). Each quarter the team has a fixed
    number of selling hours for new customers, and the leader chooses how to split them
    between two kinds of deal: small first deals (a small contract, won more often,
    closed within a quarter, after which some accounts buy more and bring referrals)
    and large deals (a big contract, won rarely, closed three quarters after the work
    starts). Customers pay a yearly amount that recurs: accounts buy more (expand),
    stay, or leave (churn). A "no small deals" policy gives reps no credit for deals
    under a threshold; reps then move effort from small first deals, and from the small
    follow-up orders that grow an account, to large deals. The model is run many times
    at once with different luck, so it shows the spread of what may happen (a fan of
    recurring revenue and the chance of missing a revenue floor), never one lucky path.

Covers:
    Module 04, "Start small": the arithmetic of land and expand (net and gross revenue
    retention), a portfolio of deals judged by its expected value and its risk, what a
    rule against small deals does to what reps pursue, and the account that lands and
    never grows.

Used in:
    ``solutions/04_start_small/start_small.ipynb`` (the scenario and exercises 1-4),
    ``tests/test_start_small.py``, ``tests/test_scenario_contract.py`` and
    ``benchmarks/modules.py``.

How to read the numbers:
    A teaching model, not a forecast. The definitions of net and gross revenue
    retention are exact. The retention of the two markets is set near what vendor and
    investor surveys report ([saas-capital-2023], Low; [iconiq-ipo-study], Low,
    biased high); those surveys are self-reported and not random samples. Win rates,
    deal sizes, sales cycles, referral and expansion chances are chosen to show the
    mechanism: no source the course trusts gives them by deal size.

Mechanisms (one quarter, every run at once):
    1. Hours. ``selling_hours_per_quarter`` split by ``small_share``; each pursuit
       takes ``small_hours`` or ``large_hours``. Wins are a Poisson count around
       pursuits x win rate; a small deal closes ``small_cycle`` quarters after the work
       starts, a large deal ``large_cycle`` quarters after.
    2. Credit. Deals whose value is under ``credit_threshold`` earn reps no credit; reps
       then put ``reps_follow_credit`` of the effort those deals had into the deals that
       do earn it: hours move from small first deals to large deals, and expansion and
       referral orders under the threshold happen less often by that share.
    3. Accounts. A small first deal can grow only if the account has room to grow (a
       share ``expandable_share``; the others "land and die"). Each quarter a growing
       account places an order for more with ``small_expand_chance``, and each order
       multiplies what it pays a year by ``expansion_multiple`` (another team, then a
       department, then a division), never past ``account_wallet``, the most the customer
       can spend: most lands stay small, a few grow as large as a large deal or larger.
       Every small account churns with ``small_churn`` and brings a referral with
       ``referral_chance``, won at the small win rate without pursuit hours (no more
       referrals a quarter than ``small_prospects``: they come from the same market). Large accounts
       expand by ``large_expansion_value`` with ``large_expand_chance`` (up to
       ``max_large_expansions`` times) and churn with ``large_churn``.
    4. Outcomes. Recurring revenue (ARR, what customers' contracts are worth a year) at
       the end of each quarter; revenue in year three (quarters 9-12, a quarter of ARR
       each quarter); the chance that year-three revenue is under ``revenue_floor``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from course.scenarios import validate
from course.trainee.random import make_rng

SEED = 2026  # the luck the notebook's tables and the explorer share
MAX_LEVELS = 60  # most orders for more one small account can place (a cap on the array, far above any run)
RUNS = 1000  # Monte Carlo runs, all at once (the explorer's and the tables' default)
YEAR = 4  # quarters in a year
NO_SMALL_DEALS = 50.0  # $K: the "no small deals" policy's threshold in the notebook


@dataclass(frozen=True)
class Params:
    """The leader's policy, the deals, the accounts and the market; money in $ thousands.

    Change a copy with ``params.with_(small_share=0.8)``.
    """

    # --- The leader's policy: the levers the trainee moves ---------------------------
    small_share: float = 0.5  # share of the new-business hours spent on small first deals (0-1)
    # Deals worth less than this ($K a year) earn reps no credit; 0 = every deal counts.
    # The "no small deals" policy of the notebook sets it to 50.
    credit_threshold: float = 0.0

    # --- The team's time --------------------------------------------------------------
    # Team hours a quarter for winning new customers (five reps, 300 hours each);
    # chosen to show the mechanism.
    selling_hours_per_quarter: float = 1500.0
    quarters: int = 12  # length of the run; 12 quarters is three years

    # --- Small first deals ---------------------------------------------------------------
    small_hours: float = 30.0  # hours of selling per small pursuit; chosen to show the mechanism
    small_win_rate: float = 0.3  # share of small pursuits won; chosen to show the mechanism
    small_deal_value: float = 20.0  # $K a year a small first deal brings; chosen to show the mechanism
    small_cycle: int = (
        1  # quarters from the start of the work to the signed deal; chosen to show the mechanism
    )
    # Small prospects worth a pursuit each quarter: the more you chase, the more of your
    # pursuits go to weaker ones (wins level off). Chosen to show the mechanism.
    small_prospects: float = 60.0

    # --- Large deals ---------------------------------------------------------------------
    large_hours: float = 300.0  # hours of selling per large pursuit; chosen to show the mechanism
    large_win_rate: float = 0.15  # share of large pursuits won; chosen to show the mechanism
    large_deal_value: float = 480.0  # $K a year a large deal brings; chosen to show the mechanism
    # Quarters from the start of the work to the signed deal. One vendor's enterprise
    # deals took 12-24 months [larkin-2014] (Low for sales teams: one firm); 3 quarters is chosen
    # to show the mechanism.
    large_cycle: int = 3
    large_prospects: float = 8.0  # large prospects worth a pursuit each quarter; chosen to show the mechanism

    # --- How small accounts grow ------------------------------------------------------------
    # Share of small first deals with room to grow (other teams, a champion); the rest
    # "land and die", a failure practitioners describe (evidence.md 1.8). No study we cite
    # measured how common it is: our assumption, plausible 15-60%.
    expandable_share: float = 0.3
    # Chance a quarter that an account with room to grow places an order for more; set with
    # the multiple so that a year-old cohort's NRR is near the private-software median for
    # contracts of this size in [saas-capital-2023] (Low): about 101%. Our assumption,
    # plausible 5-30% a quarter.
    small_expand_chance: float = 0.13
    # Each order for more multiplies what the account pays a year (another team, then a
    # department, then a division: land and expand as a multiplicative process, after the
    # cohort model in evidence.md 3.5). Our assumption, plausible 1.3-2.5.
    expansion_multiple: float = 1.8
    # The most one customer can pay a year for what the team sells ($K): a very large
    # company's whole budget for it. No account grows past it. Our assumption, plausible
    # $300K-$3M a year.
    account_wallet: float = 1000.0
    # Chance a quarter that a small account leaves: about 89% kept a year, near the
    # median gross retention of about 90% in [saas-capital-2023] (Low).
    small_churn: float = 0.03
    # Chance a quarter that a small account brings a referral (won at the small win
    # rate, without pursuit hours); our assumption, plausible 0-8% a quarter.
    referral_chance: float = 0.04

    # --- How large accounts grow ---------------------------------------------------------
    large_expand_chance: float = (
        0.05  # chance a quarter a large account buys more; chosen to show the mechanism
    )
    large_expansion_value: float = 40.0  # $K a year each large expansion adds; chosen to show the mechanism
    max_large_expansions: int = 4  # most expansions one large account makes; chosen to show the mechanism
    large_churn: float = 0.02  # chance a quarter a large account leaves; chosen to show the mechanism

    # --- Reps and credit ---------------------------------------------------------------------
    # Share of the effort reps move away from deals that earn no credit. Pay rules
    # change when reps close and at what price [larkin-2014] (Low, one firm); that they
    # change which deals reps chase is this model's assumption, by extension, and its
    # size is chosen to show the mechanism.
    reps_follow_credit: float = 0.8

    # --- The floor ---------------------------------------------------------------------------
    # Year-three revenue ($K) the business needs; chosen to show the mechanism.
    revenue_floor: float = 2000.0

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes: Any) -> Params:
        """A copy of these parameters with some values changed (validated)."""
        return replace(self, **changes)


# --------------------------------------------------------------------------- retention


def nrr(start: list[float] | tuple[float, ...], end: list[float] | tuple[float, ...]) -> float:
    """Net revenue retention, in percent, of a cohort of accounts.

    ``start[i]`` and ``end[i]`` are what account i paid a year at the start and at the end
    of the period ($K a year); only the accounts that were customers at the start are in
    the cohort. NRR = 100 x (sum of end) / (sum of start): expansion counts, and so do
    contraction and churn (an account that left ends at 0).
    """
    begin, finish = _cohort(start, end)
    return 100.0 * float(finish.sum()) / float(begin.sum())


def grr(start: list[float] | tuple[float, ...], end: list[float] | tuple[float, ...]) -> float:
    """Gross revenue retention, in percent: as :func:`nrr`, but each account counts at most
    what it paid at the start, so expansion is left out and GRR is never above 100."""
    begin, finish = _cohort(start, end)
    return 100.0 * float(np.minimum(finish, begin).sum()) / float(begin.sum())


def _cohort(start: Any, end: Any) -> tuple[np.ndarray, np.ndarray]:
    begin, finish = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    if begin.shape != finish.shape or begin.ndim != 1 or not len(begin):
        raise ValueError(
            f"start and end must be two lists of the same length, one number per account; got {len(start)} and {len(end)}."
        )
    if (begin <= 0).any() or (finish < 0).any():
        raise ValueError(
            "start must hold amounts above 0 (customers at the start) and end amounts of 0 or more."
        )
    return begin, finish


def cohort_retention(params: Params, years: int = 1) -> tuple[float, float]:
    """(NRR, GRR) in percent that the model expects of a cohort of new small accounts after
    ``years``, worked out exactly from the model's chances (no luck)."""
    p = params
    quarters = YEAR * years
    values = small_levels(p)
    grow = growth_chances(p)
    levels = np.zeros(len(values))
    levels[0] = p.expandable_share
    for _ in range(quarters):
        levels = levels * (1 - p.small_churn)
        moved = levels * grow
        levels -= moved
        levels[1:] += moved[:-1]
    kept = (1 - p.small_churn) ** quarters
    end = float((levels * values).sum()) + (1 - p.expandable_share) * kept * p.small_deal_value
    return 100.0 * end / p.small_deal_value, 100.0 * kept


def small_levels(params: Params) -> np.ndarray:
    """What a small account pays a year ($K) after 0, 1, 2, ... orders for more: the first
    deal times ``expansion_multiple`` per order, never above ``account_wallet`` (the last
    level is the wallet, or the first deal if that is larger)."""
    p = params
    first, top = p.small_deal_value, max(p.account_wallet, p.small_deal_value)
    if p.expansion_multiple <= 1.0 or first <= 0 or top <= first:
        return np.array([first])
    steps = min(MAX_LEVELS, math.ceil(math.log(top / first) / math.log(p.expansion_multiple)))
    return np.minimum(first * p.expansion_multiple ** np.arange(steps + 1), top)


def growth_chances(params: Params) -> np.ndarray:
    """Chance a quarter that an account with room to grow moves up from each level of
    :func:`small_levels`: ``small_expand_chance`` times how much effort reps give an order
    of that size (an order under the credit threshold gets less); 0 at the top."""
    p = params
    values = small_levels(p)
    orders = np.append(values[1:] - values[:-1], 0.0)  # $K a year each order for more adds
    chances = np.array([p.small_expand_chance * _follow(p, float(order)) for order in orders])
    chances[-1] = 0.0
    return chances


def chance_land_and_die(params: Params, quarters_without_growth: int) -> float:
    """The chance that a small account which has bought nothing more for
    ``quarters_without_growth`` quarters since it landed has no room to grow.

    Bayes' rule on the model's numbers: an account with room to grow goes a quarter
    without buying more with chance ``1 - small_expand_chance``.
    """
    if isinstance(quarters_without_growth, bool) or not isinstance(
        quarters_without_growth, (int, np.integer)
    ):
        raise ValueError(f"quarters_without_growth must be a whole number; got {quarters_without_growth!r}.")
    if quarters_without_growth < 0:
        raise ValueError(f"quarters_without_growth must be 0 or more; got {quarters_without_growth}.")
    p = params
    still = p.expandable_share * (1 - p.small_expand_chance) ** quarters_without_growth
    dead = 1 - p.expandable_share
    return dead / (dead + still) if dead + still else 0.0


# --------------------------------------------------------------------------- the simulation


@dataclass(frozen=True)
class Result:
    """What one portfolio produced over every run.

    Attributes:
        params: the parameters that produced this result.
        quarter: 1, 2, ... quarters.
        arr: recurring revenue (ARR, $K a year) at the end of each quarter, shape (runs, quarters).
        arr_small: the part of it from accounts landed with a small first deal.
        small_pursuits, large_pursuits: pursuits started each quarter (the same every quarter).
        small_accounts: small accounts landed over the run, per run (first deals and referrals).
        large_accounts: large accounts won over the run, per run.
        largest_small: what the largest account landed with a small first deal pays a year at
            the end of the run ($K), per run (0 if none is left).
    """

    params: Params
    quarter: np.ndarray
    arr: np.ndarray
    arr_small: np.ndarray
    small_pursuits: float
    large_pursuits: float
    small_accounts: np.ndarray
    large_accounts: np.ndarray
    largest_small: np.ndarray

    @property
    def runs(self) -> int:
        """How many runs (each with its own luck)."""
        return int(self.arr.shape[0])

    @property
    def year_three(self) -> np.ndarray:
        """Revenue in year three, $K, each run: a quarter of ARR in each of quarters 9-12
        (or the last four quarters of the run)."""
        return self.arr[:, -YEAR:].sum(axis=1) / YEAR

    @property
    def expected_year_three(self) -> float:
        """Mean revenue in year three over the runs, $K."""
        return float(self.year_three.mean())

    @property
    def chance_below_floor(self) -> float:
        """Share of runs whose year-three revenue is under the floor (0-1)."""
        return float((self.year_three < self.params.revenue_floor).mean())

    @property
    def expected_final_arr(self) -> float:
        """Mean ARR at the end of the last quarter, $K a year."""
        return float(self.arr[:, -1].mean())

    def percentiles(self, levels: tuple[int, ...] = (10, 25, 50, 75, 90)) -> dict[int, np.ndarray]:
        """ARR each quarter at each percentile of the runs: the bands of the fan chart."""
        values = np.percentile(self.arr, levels, axis=0)
        return dict(zip(levels, values, strict=True))

    def summary(self, baseline: Result | None = None) -> str:
        """Plain sentences for the outcomes: the text version of the plot."""
        p = self.params
        low, high = np.percentile(self.year_three, [10, 90])
        text = (
            f"Year-three revenue averages ${self.expected_year_three / 1e3:,.2f} million; in 8 runs in 10 "
            f"it lands between ${low / 1e3:,.2f} and ${high / 1e3:,.2f} million. The chance of missing the "
            f"${p.revenue_floor / 1e3:g} million floor is {self.chance_below_floor:.0%}. Small first deals "
            f"and referrals landed {self.small_accounts.mean():.0f} accounts, large deals "
            f"{self.large_accounts.mean():.1f}, on average."
        )
        if self.small_accounts.any():
            middle, top = np.percentile(self.largest_small, [50, 90], method="lower")
            text += (
                f" By the end, the largest account landed with a small first deal pays ${middle:,.0f}K a "
                f"year in the middle run, ${top:,.0f}K or more in 1 run in 10."
            )
        if baseline is not None and baseline.params != p:
            change = self.expected_year_three - baseline.expected_year_three
            risk = 100 * (self.chance_below_floor - baseline.chance_below_floor)
            if abs(change) < 5 and abs(risk) < 0.5:
                return "The same as the default policy, in this model. " + text
            text = (
                f"Compared with the default policy: year-three revenue ${abs(change) / 1e3:,.2f} million "
                f"{'higher' if change >= 0 else 'lower'} on average, and the chance of missing the floor "
                f"{abs(risk):.0f} percentage points {'higher' if risk >= 0 else 'lower'}. " + text
            )
        return text


def expected_wins(pursuits: float, prospects: float, win_rate: float) -> float:
    """Expected wins a quarter from ``pursuits`` among ``prospects`` worth a pursuit:
    ``win_rate x prospects x (1 - exp(-pursuits / prospects))``. Few pursuits win at
    about ``win_rate`` each; many level off, as the best prospects are taken first."""
    if prospects <= 0:
        return 0.0
    return win_rate * prospects * (1.0 - math.exp(-pursuits / prospects))


def _follow(p: Params, value: float) -> float:
    """How much of their usual effort reps give a deal or an order worth ``value`` ($K a year).

    Under the threshold reps give ``1 - reps_follow_credit`` of it; but a threshold above every
    first deal, large ones included, leaves no deal to chase instead, so credit steers nothing.
    """
    if p.credit_threshold > max(p.large_deal_value, p.small_deal_value):
        return 1.0
    return 1.0 - p.reps_follow_credit if value < p.credit_threshold else 1.0


def simulate(params: Params, *, seed: int | None = None, runs: int = RUNS) -> Result:
    """Run the team's portfolio for ``params.quarters`` quarters, ``runs`` times at once.

    Args:
        params: the policy, the deals, the accounts and the market.
        seed: seed of the random generator. The same seed gives the same result.
        runs: Monte Carlo runs (1-20,000), each with its own luck, computed together.

    Returns:
        A :class:`Result` holding every run's recurring revenue, quarter by quarter.
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be start_small.Params; got {type(params).__name__}.")
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not 1 <= runs <= 20_000:
        raise ValueError(f"runs must be a whole number from 1 to 20,000; got {runs!r}.")
    p = params
    rng = make_rng(seed)
    quarters = p.quarters

    # Hours: what the leader plans, and what reps do once credit is taken into account.
    small_hours = p.selling_hours_per_quarter * p.small_share
    large_hours = p.selling_hours_per_quarter - small_hours
    if p.small_deal_value < p.credit_threshold:
        moved = small_hours * p.reps_follow_credit
        small_hours, large_hours = small_hours - moved, large_hours + moved
    if p.large_deal_value < p.credit_threshold:  # a threshold above every deal: reps go back to the plan
        small_hours = p.selling_hours_per_quarter * p.small_share
        large_hours = p.selling_hours_per_quarter - small_hours
    small_pursuits = small_hours / p.small_hours
    large_pursuits = large_hours / p.large_hours
    grow = growth_chances(p)
    large_grow = p.large_expand_chance * _follow(p, p.large_expansion_value)
    referral = p.referral_chance * _follow(p, p.small_deal_value)

    # Wins of every quarter's pursuits, drawn up front: (runs, quarters) each.
    small_wins = rng.poisson(
        expected_wins(small_pursuits, p.small_prospects, p.small_win_rate), size=(runs, quarters)
    )
    large_wins = rng.poisson(
        expected_wins(large_pursuits, p.large_prospects, p.large_win_rate), size=(runs, quarters)
    )

    small_values = small_levels(p)
    growing = np.zeros((runs, len(small_values)), dtype=np.int64)  # room to grow, by orders placed
    stuck = np.zeros(runs, dtype=np.int64)  # small accounts that landed and will not grow
    large = np.zeros((runs, p.max_large_expansions + 1), dtype=np.int64)
    referred = np.zeros(runs, dtype=np.int64)  # referrals won last quarter, landing now
    large_values = p.large_deal_value + p.large_expansion_value * np.arange(p.max_large_expansions + 1)
    arr = np.zeros((runs, quarters))
    arr_small = np.zeros((runs, quarters))
    small_total = np.zeros(runs, dtype=np.int64)
    large_total = np.zeros(runs, dtype=np.int64)

    for q in range(quarters):
        # Accounts already there: churn, then growth, then referrals.
        growing -= rng.binomial(growing, p.small_churn)
        stuck -= rng.binomial(stuck, p.small_churn)
        large -= rng.binomial(large, p.large_churn)
        up = rng.binomial(growing, grow)  # grow is 0 at the wallet: nothing grows past it
        growing -= up
        growing[:, 1:] += up[:, :-1]
        up = rng.binomial(large[:, :-1], large_grow)
        large[:, :-1] -= up
        large[:, 1:] += up
        live = growing.sum(axis=1) + stuck
        # A referral is a small prospect too: the market holds no more than small_prospects a
        # quarter, so referrals cannot snowball past it (extreme-condition test: nothing grows
        # without limit).
        introduced = np.minimum(rng.binomial(live, referral), math.floor(p.small_prospects))
        new_referrals = rng.binomial(introduced, p.small_win_rate)

        # New accounts: deals whose cycle ends this quarter, and last quarter's referrals.
        landed = referred.copy()
        if q >= p.small_cycle:
            landed += small_wins[:, q - p.small_cycle]
        room = rng.binomial(landed, p.expandable_share)
        growing[:, 0] += room
        stuck += landed - room
        small_total += landed
        if q >= p.large_cycle:
            won = large_wins[:, q - p.large_cycle]
            large[:, 0] += won
            large_total += won
        referred = new_referrals

        arr_small[:, q] = growing @ small_values + stuck * p.small_deal_value
        arr[:, q] = arr_small[:, q] + large @ large_values

    top_level = np.where(growing > 0, np.arange(len(small_values)), -1).max(axis=1)
    largest = np.where(top_level >= 0, small_values[np.maximum(top_level, 0)], 0.0)
    largest = np.where((top_level <= 0) & (stuck > 0), np.maximum(largest, p.small_deal_value), largest)
    return Result(
        params=p,
        quarter=np.arange(1, quarters + 1),
        arr=arr,
        arr_small=arr_small,
        small_pursuits=small_pursuits,
        large_pursuits=large_pursuits,
        small_accounts=small_total,
        large_accounts=large_total,
        largest_small=largest,
    )


# --------------------------------------------------------------------------- accounts to read


@dataclass(frozen=True)
class Account:
    """One small account as a leader sees it in the billing system."""

    name: str
    arr_by_quarter: tuple[float, ...]  # $K a year at the end of each quarter since it landed

    @property
    def ever_grew(self) -> bool:
        """True if the account has ever bought more since it landed."""
        values = self.arr_by_quarter
        return any(later > earlier for earlier, later in zip(values[:-1], values[1:], strict=True))

    @property
    def quarters_since_landing(self) -> int:
        """Quarters since the quarter it landed."""
        return len(self.arr_by_quarter) - 1


def account_land_and_die(params: Params, account: Account) -> float:
    """The chance the model gives that ``account`` has no room to grow: 0 once it has ever
    bought more (only an account with room to grow does), else :func:`chance_land_and_die`
    of the quarters since it landed."""
    if account.ever_grew:
        return 0.0
    return chance_land_and_die(params, account.quarters_since_landing)


# Exercise 4a: four accounts landed with a small first deal, as the billing system shows them.
# Dune is flat now, but it bought more once; Cobalt is flat, but new.
ACCOUNTS: tuple[Account, ...] = (
    Account("Alder", (20, 20, 36, 36, 36, 65)),
    Account("Brook", (20, 20, 20, 20, 20, 20, 20, 20, 20, 20)),
    Account("Cobalt", (20, 20)),
    Account("Dune", (20, 36, 36, 36, 36, 36, 36, 36, 36, 36)),
)


def likeliest_land_and_die(params: Params, accounts: tuple[Account, ...] = ACCOUNTS) -> str:
    """The account the model gives the highest chance of having no room to grow."""
    return max(accounts, key=lambda a: account_land_and_die(params, a)).name


# --------------------------------------------------------------------------- validation


def _validate(p: Params) -> None:
    number_between = partial(validate.number_between, p)
    whole_between = partial(validate.whole_between, p)

    shares = (
        "small_share",
        "small_win_rate",
        "large_win_rate",
        "expandable_share",
        "small_expand_chance",
        "small_churn",
        "referral_chance",
        "large_expand_chance",
        "large_churn",
        "reps_follow_credit",
    )
    for name in shares:
        number_between(name, 0, 1, "(a share)")
    number_between("credit_threshold", 0, 10_000, "($K a year)")
    number_between("selling_hours_per_quarter", 0, 100_000, "hours")
    number_between("small_hours", 1, 10_000, "hours")
    number_between("large_hours", 1, 10_000, "hours")
    for name in ("small_deal_value", "large_deal_value", "large_expansion_value", "account_wallet"):
        number_between(name, 0, 100_000, "($K a year)")
    number_between("expansion_multiple", 1, 10, "(times what the account paid)")
    number_between("revenue_floor", 0, 1e7, "($K)")
    number_between("small_prospects", 0.1, 100_000, "prospects a quarter")
    number_between("large_prospects", 0.1, 100_000, "prospects a quarter")
    whole_between("quarters", YEAR, 40, "quarters")
    whole_between("small_cycle", 0, 12, "quarters")
    whole_between("large_cycle", 0, 12, "quarters")
    whole_between("max_large_expansions", 0, 50, "expansions")


# The controls that are the leader's policy; the others are assumptions.
POLICY_LEVERS: tuple[str, ...] = ("small_share", "credit_threshold")

TYPICAL = Params()
# A strong expansion market: more accounts with room to grow (70%), ordering more a little
# more often (14% a quarter), and more referrals; a year-old cohort's NRR near the ~120%
# median of software firms at IPO ([iconiq-ipo-study], Low, biased high, firms with larger
# contracts): an optimistic case, not a benchmark for small deals. Our assumption.
STRONG = Params(expandable_share=0.7, small_expand_chance=0.14, referral_chance=0.06)

# The markets' names say they are examples: set near survey figures, not facts about a market.
PRESETS = {
    "Typical market (an example: NRR about 101%)": TYPICAL,
    "Strong expansion market (an optimistic example: NRR about 121%)": STRONG,
}
PRESETS_LABEL = "Market"
PRESETS_TOOLTIP = "Which market you sell in. The dashed lines show this market under the default policy."

# Exercise 3: three ways to split the same hours, in the typical market.
PORTFOLIOS: dict[str, Params] = {
    "A": TYPICAL.with_(small_share=0.0),
    "B": TYPICAL.with_(small_share=0.6),
    "C": TYPICAL.with_(small_share=1.0),
}

# Exercise 2: a cohort of five accounts that were customers at the start of the year
# ($K a year at the start and at the end of the year), and one landed during the year.
COHORT: dict[str, tuple[float, float]] = {
    "Aspen": (20, 60),
    "Birch": (20, 20),
    "Cedar": (40, 30),
    "Delta": (20, 0),
    "Elm": (100, 130),
}
NEW_DURING_YEAR: dict[str, tuple[float, float]] = {"Fjord": (0, 50)}
