"""Extreme-condition tests (Forrester & Senge 1980; Sterman 2000, ch. 21; Barlas 1996): push every
lever and every uncertain assumption to its ends and check what a sales leader would insist on:
no revenue without selling time, nobody content while earning nothing, nothing grows without limit,
a free leader's hour is free and a priceless one is not spent.

The shared cases run over every model in ``MODELS``: a small adapter says, for each, what its
levers, its selling time, its team and its leader's hour are. Each model's own cases follow.
Models join ``MODELS`` as they are split from their views (issue 22); module 01 is first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from course.scenarios import control


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
