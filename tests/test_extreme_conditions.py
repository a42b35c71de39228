"""Extreme-condition tests (Forrester & Senge 1980; Sterman 2000, ch. 21; Barlas 1996): push every
lever and every uncertain assumption to its ends and check what a sales leader would insist on:
no revenue without selling time, nobody content while earning nothing, nothing grows without limit,
a free leader's hour is free and a priceless one is not spent.

The shared cases run over the models in ``MODELS`` (those with monthly teams, selling time, morale
and leavers: 01 and 06): a small adapter says, for each, what its levers, its selling time, its team
and its leader's hour are. Each model's own cases follow here or in its own test file (02, 05 and
07). Last, a guard over all seven models: every slider at either end and every uncertain
assumption at either end of its range gives finite numbers and a summary a trainee can read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from course.scenarios import control, one_team


@dataclass(frozen=True)
class Model:
    """What the shared cases need to know about one model."""

    scenario: Any
    team: Any  # Params of the usual team
    starve: Callable[[Any], Any]  # the params with no selling time left
    no_control_cost: dict[str, float]  # the changes that make checking itself cost no morale
    max_checking: dict[str, float]  # the levers of checking up on reps, at their limits
    revenue: Callable[[Any], np.ndarray]  # monthly team revenue
    morale: Callable[[Any], np.ndarray]  # monthly mean morale, 0-1
    quits: Callable[[Any], float]  # reps who left over the run
    seats: Callable[[Any], int]  # seats on the team
    ceiling: Callable[[Any], float]  # the most a month could ever bring in, dollars
    empty_team: dict[str, Any] | None  # the changes that leave nobody on the team, if meaningful
    hour_value: str | None  # the parameter that prices the leader's hour
    field_lever: str | None  # a lever that spends the leader's hours
    net: Callable[[Any], float] | None  # revenue minus the value of the leader's hours


def _control_ceiling(p: control.Params) -> float:
    # Every seat at full skill, full effort, every hour of the month selling, every lift at its top.
    return p.team_size * p.hours_per_month * p.revenue_per_selling_hour * (1 + p.field_close_lift)


MODELS = {
    "control": Model(
        scenario=control,
        team=control.Params(),
        starve=lambda p: p.with_(reviews_per_month=8, crm_hours_per_week=15),
        no_control_cost={"hidden_cost": 0.0},
        max_checking={"reviews_per_month": control.MAX_REVIEWS_PER_MONTH, "crm_hours_per_week": 15.0},
        revenue=lambda r: r.revenue,
        morale=lambda r: r.morale,
        quits=lambda r: r.total_quits,
        seats=lambda p: p.team_size,
        ceiling=_control_ceiling,
        empty_team={"n_veterans": 0, "n_new_hires": 0},
        hour_value="leader_hour_value",
        field_lever="field_days_per_month",
        net=lambda r: r.net_revenue,
    ),
    # Module 06 runs in quarters: its revenue is spread evenly over each quarter's three months.
    "one_team": Model(
        scenario=one_team,
        team=one_team.Params(prize_spread=0.2),  # a usual plan: a fifth of the bonus at stake
        # No selling time: nothing sold, no help to give, and no bonus pool funded by sales.
        starve=lambda p: p.with_(base_revenue=0.0, help_value=0.0, bonus_pool=0.0),
        no_control_cost={"morale_hit": 0.0},
        max_checking={"prize_spread": 1.0},  # the most pressure: all the bonus on rank
        revenue=lambda r: np.repeat(r.revenue / 3, 3),
        morale=lambda r: r.morale,
        quits=lambda r: r.leavers,
        seats=lambda p: p.reps,
        ceiling=lambda p: (
            (p.reps * p.base_revenue * 1.3 * (1 + p.effort_gain) + p.reps * 3 * p.help_value) / 3
        ),
        empty_team={"reps": 0},
        hour_value=None,  # the leader's hours price the channel's rules: module 06's own cases below
        field_lever=None,
        net=None,
    ),
}
NAMES = sorted(MODELS)


def run(model: Model, params: Any, seed: int = 11) -> Any:
    return model.scenario.simulate(params, seed=seed, runs=60)


def assert_sane(model: Model, params: Any, result: Any) -> None:
    revenue, morale = model.revenue(result), model.morale(result)
    assert np.all(np.isfinite(revenue)) and np.all(revenue >= 0)
    assert np.all(revenue <= model.ceiling(params) + 1e-6), "a month brought in more than every hour could"
    finite = morale[np.isfinite(morale)]
    assert np.all((finite >= 0) & (finite <= 1))
    assert 0 <= model.quits(result)


def levers(model: Model) -> list[tuple[str, float, float]]:
    return [
        (name, low, high)
        for name, _, low, high, *_ in model.scenario.CONTROLS
        if name in model.scenario.POLICY_LEVERS
    ]


def lever_cases() -> list[tuple[str, str, float]]:
    return [(n, lever, end) for n in NAMES for lever, low, high in levers(MODELS[n]) for end in (low, high)]


def assumption_cases() -> list[tuple[str, str, float]]:
    return [
        (n, a.name, round(end) if a.whole else end)
        for n in NAMES
        for a in MODELS[n].scenario.PLAUSIBLE
        for end in (a.low, a.high)
    ]


# --------------------------------------------------------------------------- shared cases


@pytest.mark.parametrize(("name", "lever", "value"), lever_cases())
def test_every_lever_at_zero_and_at_its_maximum_stays_sane(name: str, lever: str, value: float) -> None:
    model = MODELS[name]
    params = model.team.with_(**{lever: value})
    assert_sane(model, params, run(model, params))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("end", ["low", "high"])
def test_every_lever_at_once_at_an_end_stays_sane(name: str, end: str) -> None:
    model = MODELS[name]
    params = model.team.with_(**{lever: low if end == "low" else high for lever, low, high in levers(model)})
    assert_sane(model, params, run(model, params))


@pytest.mark.parametrize(("name", "assumption", "value"), assumption_cases())
def test_every_assumption_at_either_end_of_its_plausible_range_stays_sane(
    name: str, assumption: str, value: float
) -> None:
    model = MODELS[name]
    for policy in ({}, dict.fromkeys(model.max_checking, 0.0), model.max_checking):
        params = model.team.with_(**policy, **{assumption: value})
        assert_sane(model, params, run(model, params))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("control_costs_morale", [True, False])
def test_no_selling_time_means_no_revenue_and_nobody_content(
    name: str, seed: int, control_costs_morale: bool
) -> None:
    # Issue 22 found module 01 at 0 selling hours, $0 revenue and morale 0.81 once checking itself
    # cost no morale: earning nothing must hurt whatever the hidden cost of control.
    model = MODELS[name]
    team = model.team if control_costs_morale else model.team.with_(**model.no_control_cost)
    starved, usual = run(model, model.starve(team), seed), run(model, team, seed)
    assert np.all(model.revenue(starved) == 0), "revenue without selling time"
    # Nobody stays content earning nothing: morale falls well below the usual team's, more leave.
    assert model.morale(starved)[-1] < model.morale(usual)[-1] - 0.15
    assert model.quits(starved) > 2 * model.quits(usual)


@pytest.mark.parametrize("name", NAMES)
def test_infinite_checking_never_beats_the_usual_policy(name: str) -> None:
    model = MODELS[name]
    checked, usual = run(model, model.team.with_(**model.max_checking)), run(model, model.team)
    assert model.revenue(checked).sum() < model.revenue(usual).sum()
    assert model.morale(checked)[-1] < model.morale(usual)[-1]


@pytest.mark.parametrize("name", NAMES)
def test_nothing_grows_without_limit_over_the_longest_run(name: str) -> None:
    model = MODELS[name]
    for policy in ({}, dict.fromkeys(model.max_checking, 0.0)):
        params = model.team.with_(quarters=12, **policy)
        result = run(model, params)
        assert_sane(model, params, result)
        revenue = model.revenue(result)
        # The last year sells no more than 1.25 times the second: growth levels off.
        assert revenue[-12:].sum() <= 1.25 * revenue[12:24].sum()
        assert model.quits(result) <= model.seats(params) * params.months


@pytest.mark.parametrize("name", [n for n in NAMES if MODELS[n].empty_team is not None])
def test_an_empty_team_is_refused_with_a_clear_error(name: str) -> None:
    model = MODELS[name]
    with pytest.raises(ValueError, match="at least one rep"):
        model.team.with_(**model.empty_team)


@pytest.mark.parametrize("name", [n for n in NAMES if MODELS[n].hour_value])
def test_a_free_leader_hour_costs_nothing_and_a_priceless_one_is_not_spent(name: str) -> None:
    model = MODELS[name]
    free = model.team.with_(**{model.hour_value: 0.0})
    result = run(model, free)
    assert model.net(result) == pytest.approx(model.revenue(result).sum())
    lever = model.field_lever
    low, high = next((lo, hi) for n, lo, hi in levers(model) if n == lever)
    values = np.linspace(low, high, 5)
    # Free: more of the leader's time never sells less. Priceless: every hour spent is a loss.
    free_net = [model.net(run(model, free.with_(**{lever: v}))) for v in values]
    assert free_net == sorted(free_net)
    priceless = model.team.with_(**{model.hour_value: 1e5})
    dear_net = [model.net(run(model, priceless.with_(**{lever: v}))) for v in values]
    assert dear_net == sorted(dear_net, reverse=True)


# --------------------------------------------------------------------------- module 01's own


def test_control_with_no_attrition_nobody_quits_and_no_pipeline_is_lost() -> None:
    result = control.simulate(
        control.Params(annual_attrition=0.0, attrition_morale_slope=0.0), seed=1, runs=50
    )
    assert result.total_quits == 0 and result.handover_loss == 0
    assert np.all(result.headcount == 8)


def test_control_with_no_review_help_reviews_only_cost() -> None:
    team = control.NEW_HIRE_TEAM.with_(review_help_max=0.0)
    revenue = [control.simulate(team.with_(reviews_per_month=r), seed=2).total_revenue for r in (0, 2, 4, 8)]
    assert revenue == sorted(revenue, reverse=True)


def test_control_with_perfect_records_or_no_slip_crm_hours_only_cost_selling_time() -> None:
    team = control.Params(crm_slip_share=0.0, handover_months=0.0, forecast_hours=0.0)
    revenue = [control.simulate(team.with_(crm_hours_per_week=h), seed=3).total_revenue for h in (0, 1, 3, 8)]
    assert revenue == sorted(revenue, reverse=True)


def test_control_a_seat_refilled_at_once_is_never_empty() -> None:
    result = control.simulate(control.Params(vacancy_months=0), seed=4, runs=50)
    assert result.total_quits > 0 and np.all(result.headcount == 8)


def test_control_a_leader_cannot_spend_more_hours_than_a_month_holds() -> None:
    with pytest.raises(ValueError, match="more than the 160 hours in your month"):
        control.Params(n_veterans=50, reviews_per_month=8, field_days_per_month=10)


def test_control_a_whole_team_of_new_hires_ramps_and_a_whole_team_of_veterans_does_not_need_to() -> None:
    hires = control.simulate(control.NEW_HIRE_TEAM, seed=5, runs=50)
    veterans = control.simulate(control.VETERAN_TEAM, seed=5, runs=50)
    assert hires.skill[-1] > hires.skill[0] + 0.3
    assert abs(veterans.skill[-1] - veterans.skill[0]) < 0.2
    assert math.isfinite(hires.total_revenue) and hires.total_revenue < veterans.total_revenue


# --------------------------------------------------------------------------- module 03's own (coaching)
# Module 03's model has no selling time, quits or leader-hour price of module 01's kind, so it does
# not join MODELS: its levers are hours with each rep, its leader's hour is priced by what an hour
# over the field budget costs the team (``over_budget_loss``). Its own cases push every lever and
# every assumption to its ends.

from course.scenarios import coaching  # noqa: E402 - module 03's block

COACHING_LEVERS = [
    (name, low, high) for name, _, low, high, *_ in coaching.CONTROLS if name in coaching.POLICY_LEVERS
]


def _coaching_run(params: coaching.Params, seed: int = 11) -> coaching.Result:
    return coaching.simulate(params, seed=seed, runs=60)


def _coaching_sane(params: coaching.Params, result: coaching.Result) -> None:
    # The most a month could bring in: every skill at 1, full motivation and customer knowledge, the
    # most co-selling adds, and a generous allowance for luck.
    ceiling = (
        params.quota_at_full_skill * (1 + params.insight_win_lift) + params.cosell_deal_max + params.luck
    )
    for series in (result.attainment, result.year_by_rep, result.attainment_by_rep):
        assert np.all(np.isfinite(series)) and np.all(series >= 0) and np.all(series <= ceiling + 1e-9)
    for share in (
        result.skill,
        result.motivation,
        result.insight,
        result.skill_by_rep,
        result.motivation_by_rep,
    ):
        assert np.all((share >= 0) & (share <= 1))


@pytest.mark.parametrize(
    ("lever", "value"), [(lever, end) for lever, low, high in COACHING_LEVERS for end in (low, high)]
)
def test_coaching_every_lever_at_zero_and_at_its_maximum_stays_sane(lever: str, value: float) -> None:
    params = coaching.Params().with_(**{lever: value})
    _coaching_sane(params, _coaching_run(params))


COACHING_POLICIES = {
    "nobody": coaching.Params().with_(plan=((0.0, 0.0, 0.0),) * 5),
    "default": coaching.Params(),
    "everything": coaching.Params().with_(plan=((coaching.MAX_HOURS,) * 3,) * 5),
}


@pytest.mark.parametrize(
    ("assumption", "value"), [(a.name, end) for a in coaching.PLAUSIBLE for end in (a.low, a.high)]
)
def test_coaching_every_assumption_at_either_end_of_its_range_stays_sane(
    assumption: str, value: float
) -> None:
    for policy in COACHING_POLICIES.values():
        params = policy.with_(**{assumption: value})
        _coaching_sane(params, _coaching_run(params))


def test_coaching_every_hour_at_its_maximum_costs_the_team_more_than_it_gives() -> None:
    # 180 hours a month against a budget of 24: the leader's other work pays, and the team with it.
    everything = _coaching_run(COACHING_POLICIES["everything"])
    _coaching_sane(COACHING_POLICIES["everything"], everything)
    assert everything.year_attainment < _coaching_run(coaching.Params()).year_attainment - 0.3


def test_coaching_with_no_field_hours_the_default_plan_is_all_over_budget_and_costs() -> None:
    none = _coaching_run(coaching.Params(field_hours_per_month=0.0))
    assert none.hours_left == -coaching.Params().hours_used()
    assert none.year_attainment < _coaching_run(coaching.Params()).year_attainment


def test_coaching_a_free_hour_over_budget_is_worth_spending_and_a_priceless_one_is_not() -> None:
    best = coaching.plan_from_choices(["leave", "coach", "coach", "coach", "coach"])
    everyone = coaching.plan_from_choices(["coach"] * 5)  # 30 hours: 6 over the budget
    free = coaching.Params(over_budget_loss=0.0)
    assert (
        _coaching_run(free.with_(plan=everyone)).year_attainment
        > _coaching_run(free.with_(plan=best)).year_attainment
    )
    priceless = coaching.Params(over_budget_loss=1.0)
    over = _coaching_run(priceless.with_(plan=everyone))
    assert over.year_attainment < 0.05 < _coaching_run(priceless.with_(plan=best)).year_attainment


def test_coaching_an_empty_team_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="rep_names must be a tuple of at least one name"):
        coaching.Params(rep_names=(), months_in_role=())


def test_coaching_with_no_coaching_new_reps_still_learn_on_the_job_but_slower() -> None:
    nobody = _coaching_run(COACHING_POLICIES["nobody"])
    coached = _coaching_run(
        coaching.Params().with_(plan=coaching.plan_from_choices(["leave"] * 2 + ["coach"] * 3))
    )
    assert nobody.skill_by_rep[4] > coaching.Params().novice_skill  # Eli learns something alone
    assert coached.skill_by_rep[4] > nobody.skill_by_rep[4] + 0.05
    assert np.all(nobody.insight == 0)  # beside nobody, nothing learned about customers


def test_coaching_nothing_grows_without_limit_over_the_longest_run() -> None:
    for policy in COACHING_POLICIES.values():
        params = policy.with_(months=60, practice_rate=0.12, session_max_gain=0.35)
        result = _coaching_run(params)
        _coaching_sane(params, result)
        assert result.insight.max() < 1 and result.skill[-1] <= 1


def test_coaching_with_no_lift_from_customer_knowledge_riding_with_veterans_only_costs() -> None:
    # The old case, kept as the model's boundary: without the customer knowledge's lift, an hour
    # observing a veteran buys the team nothing and costs the veteran motivation.
    params = coaching.Params(insight_win_lift=0.0)
    rides = [_coaching_run(params.with_(veteran_observe_hours=h)).year_attainment for h in (0.0, 3.0, 8.0)]
    assert rides == sorted(rides, reverse=True)


# --------------------------------------------------------------------------- module 06's own


def _team(**changes: Any) -> one_team.Result:
    return one_team.simulate(one_team.Params(**changes), seed=6, runs=80)


def test_one_team_with_nobody_leaving_every_seat_stays_full_after_last_years_gaps_fill() -> None:
    result = _team(leave_chance=0.0)
    assert result.leavers == 0 and np.all(result.staffed == 8)


def test_one_team_a_seat_refilled_at_once_at_full_strength_is_never_short() -> None:
    result = _team(vacancy_months=0.0, ramp_months=0.0)
    assert result.leavers > 0 and np.allclose(result.staffed, 8)


def test_one_team_a_seat_never_refilled_in_the_year_loses_what_its_rep_sold() -> None:
    slow, usual = _team(vacancy_months=24.0), _team()
    assert slow.staffed[-1] < usual.staffed[-1] and slow.team_revenue < usual.team_revenue


@pytest.mark.parametrize("lever", ["protection_days", "escalation_days"])
def test_one_team_channel_levers_at_their_ends_stay_sane(lever: str) -> None:
    low, high = next((lo, hi) for name, _, lo, hi, *_ in one_team.CONTROLS if name == lever)
    for value in (low, high):
        result = _team(**{lever: int(value)})
        assert math.isfinite(result.channel_cost) and result.channel_cost >= 0
        assert 0 <= result.partner_investment <= 1 and result.conflicts <= 60


def test_one_team_no_shared_accounts_no_fights_and_no_cost_whatever_the_rules() -> None:
    result = _team(shared_accounts=0, protection_days=120, escalation_days=5, renewal_owner="partner")
    assert result.conflicts == 0 and result.channel_cost == 0 and result.leader_hours == 0


def test_one_team_a_free_leader_hour_makes_faster_settling_cheaper_and_a_priceless_one_no_path_best() -> None:
    free = [_team(leader_hour_value=0.0, escalation_days=d).channel_cost for d in (1, 5, 15, 30)]
    assert free == sorted(free)
    dear = [_team(leader_hour_value=1e5, escalation_days=d).channel_cost for d in (0, 1, 5, 30)]
    assert dear[0] == min(dear)


def test_one_team_nothing_at_stake_means_no_extra_effort_and_no_reason_to_undermine() -> None:
    result = _team(prize_spread=0.0)
    assert np.all(result.effort == 0) and result.sabotage_per_quarter < _team().sabotage_per_quarter


# --------------------------------------------------------------------------- module 04's own (start_small)
# Module 04's model has no morale, quits or leader's hour, so it does not fit the shared adapter
# above; its cases follow the same list: every lever and assumption at its ends, no selling time,
# an empty team, nothing grows without limit.

from course.scenarios import start_small  # noqa: E402


def _small_run(params: start_small.Params, seed: int = 11) -> start_small.Result:
    return start_small.simulate(params, seed=seed, runs=60)


def _small_sane(result: start_small.Result) -> None:
    p = result.params
    assert np.all(np.isfinite(result.arr)) and np.all(result.arr >= 0)
    assert np.all(result.arr_small <= result.arr + 1e-9)
    # No small account pays more than the customer's budget (or its first deal, if that is more).
    top = max(p.account_wallet, p.small_deal_value)
    assert np.all(result.largest_small <= top + 1e-9)
    # Every account ever landed at its largest: no revenue from nowhere.
    ceiling = result.small_accounts * top + result.large_accounts * (
        p.large_deal_value + p.max_large_expansions * p.large_expansion_value
    )
    assert np.all(result.arr[:, -1] <= ceiling + 1e-6)


_SMALL_LEVERS = [
    (n, low, high) for n, _, low, high, *_ in start_small.CONTROLS if n in start_small.POLICY_LEVERS
]


@pytest.mark.parametrize(
    ("lever", "value"),
    [
        (n, end)
        for n, low, high in _SMALL_LEVERS
        for end in (low, high, 10_000.0 if n == "credit_threshold" else high)
    ],
)
def test_start_small_every_lever_at_its_ends_stays_sane(lever: str, value: float) -> None:
    _small_sane(_small_run(start_small.TYPICAL.with_(**{lever: value})))


@pytest.mark.parametrize(
    ("assumption", "value"),
    [(a.name, round(end) if a.whole else end) for a in start_small.PLAUSIBLE for end in (a.low, a.high)],
)
def test_start_small_every_assumption_at_either_end_stays_sane(assumption: str, value: float) -> None:
    for policy in ({}, {"small_share": 0.0}, {"small_share": 1.0, "credit_threshold": 50.0}):
        _small_sane(_small_run(start_small.TYPICAL.with_(**policy, **{assumption: value})))


def test_start_small_no_selling_time_or_no_team_means_no_revenue() -> None:
    for hours in (0.0,):
        result = _small_run(start_small.TYPICAL.with_(selling_hours_per_quarter=hours))
        assert np.all(result.arr == 0) and result.chance_below_floor == 1.0
    # With no prospects' worth of hours for one kind of deal, none of that kind is won.
    assert _small_run(start_small.TYPICAL.with_(small_share=0.0)).small_accounts.sum() == 0
    assert _small_run(start_small.TYPICAL.with_(small_share=1.0)).large_accounts.sum() == 0


def test_start_small_a_threshold_above_every_deal_steers_nothing() -> None:
    base = _small_run(start_small.TYPICAL)
    for threshold in (481.0, 10_000.0):
        same = _small_run(start_small.TYPICAL.with_(credit_threshold=threshold))
        assert np.array_equal(same.arr, base.arr)


def test_start_small_nothing_grows_without_limit_even_at_every_end() -> None:
    # Every account grows every quarter by ten times, never leaves, refers every quarter, all won.
    wild = start_small.TYPICAL.with_(
        small_share=1.0,
        expandable_share=1.0,
        small_expand_chance=1.0,
        expansion_multiple=10.0,
        small_churn=0.0,
        referral_chance=1.0,
        small_win_rate=1.0,
        quarters=40,
    )
    result = _small_run(wild)
    _small_sane(result)
    new_a_quarter = wild.small_prospects * 2  # first deals plus referrals, each at most the market
    assert result.small_accounts.max() <= new_a_quarter * wild.quarters
    # Growth levels off at the budget: the last year's ARR per account is the wallet, no more.
    per_account = result.arr_small[:, -1] / np.maximum(result.small_accounts, 1)
    assert per_account.max() <= wild.account_wallet


def test_start_small_churn_at_its_ends() -> None:
    kept = _small_run(start_small.TYPICAL.with_(small_churn=0.0, large_churn=0.0))
    gone = _small_run(start_small.TYPICAL.with_(small_churn=1.0, large_churn=1.0))
    # Everyone leaves the quarter after landing: ARR is only what landed this quarter.
    assert gone.expected_year_three < 0.2 * kept.expected_year_three
    assert start_small.cohort_retention(gone.params) == (0.0, 0.0)


# --------------------------------------------------------------------------- every model, every slider

# The guard under every model's own cases: each slider a trainee can move (``CONTROLS``) at either
# end, and each uncertain assumption (``PLAUSIBLE``) at either end of its range, on every preset,
# runs and gives finite numbers and a summary a trainee can read. What each end should *mean* is in
# the cases above and in each model's own test file; this makes sure no slider end was forgotten.


def _every_slider_end() -> list[tuple[str, str, str, float]]:
    import importlib

    from course.scenarios.robustness import MODULES

    cases = []
    for number, module_name in MODULES.items():
        scenario = importlib.import_module(module_name)
        for preset in scenario.PRESETS:
            for name, _label, low, high, *_ in scenario.CONTROLS:
                cases += [(number, preset, name, low), (number, preset, name, high)]
            for assumption in scenario.PLAUSIBLE:
                cases += [(number, preset, assumption.name, assumption.low)]
                cases += [(number, preset, assumption.name, assumption.high)]
    return cases


def _finite_numbers(value: Any, where: str) -> list[str]:
    """Where a result holds a number that is not finite (NaN or infinite)."""
    if isinstance(value, (bool, str)) or value is None:
        return []
    if isinstance(value, (int, float, np.integer, np.floating)):
        return [] if math.isfinite(value) else [f"{where} = {value}"]
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        return [] if np.isfinite(value).all() else [f"{where} holds {value[~np.isfinite(value)][:3]}"]
    return []


@pytest.mark.parametrize(("module", "preset", "name", "value"), _every_slider_end())
def test_every_model_at_every_slider_end_gives_finite_numbers_and_a_readable_summary(
    module: str, preset: str, name: str, value: float
) -> None:
    import dataclasses
    import importlib

    from course.scenarios.robustness import MODULES

    scenario = importlib.import_module(MODULES[module])
    params = scenario.PRESETS[preset].with_(**{name: value})
    result = scenario.simulate(params, seed=3, runs=40)  # 40 runs: the ends' sanity, not their averages
    bad = [
        problem
        for field in dataclasses.fields(result)
        for problem in _finite_numbers(getattr(result, field.name), field.name)
    ]
    assert not bad, bad
    # The explorer's comparison: the same assumptions under the default policy.
    policy = getattr(scenario, "POLICY_LEVERS", ())
    baseline = scenario.PRESETS[preset] if name in policy else params
    words = result.summary(baseline=scenario.simulate(baseline, seed=3, runs=40))
    assert words and "None" not in words, words
    assert not re.search(r"\b(?:nan|-?inf)\b", words, re.IGNORECASE), words
