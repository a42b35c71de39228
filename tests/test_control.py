"""The module 01 team model: bounds, the directions the essay and evidence claim,
determinism and clear errors."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from course.scenarios import control
from course.scenarios.control import NEW_HIRE_QUARTER, NEW_HIRE_TEAM, VETERAN_TEAM, Params, simulate, sweep

REVIEW_OPTIONS = [0, 1, 2, 4, 8]


def test_outcomes_stay_within_their_ranges_at_the_extremes() -> None:
    for reviews in (0, 8):
        for crm in (0, 15):
            for field in (0, 10):
                result = simulate(
                    Params(reviews_per_month=reviews, crm_hours_per_week=crm, field_days_per_month=field),
                    seed=3,
                    runs=50,
                )
                assert np.all(result.revenue >= 0)
                assert np.all((result.morale >= 0) & (result.morale <= 1))
                assert np.all((result.skill >= 0) & (result.skill <= 1))
                assert np.all((result.headcount >= 0) & (result.headcount <= 8))
                assert np.all(np.diff(result.quits) >= 0)
                assert np.all(result.selling_hours >= 0)
                assert np.all(result.revenue_low <= result.revenue + 1e-6)
                assert np.all(result.revenue <= result.revenue_high + 1e-6)


def test_selling_hours_never_go_negative_under_absurd_reporting() -> None:
    params = Params(reviews_per_month=8, crm_hours_per_week=15, hours_per_review=40)
    assert control.selling_hours(params) == 0
    assert simulate(params, seed=0, runs=10).total_revenue == 0


def test_reporting_hours_follow_the_formula_the_notebook_teaches() -> None:
    params = Params(crm_hours_per_week=4, reviews_per_month=4)
    assert control.reporting_hours(params) == pytest.approx(4 * 52 / 12 + 4 * 1.5)
    assert control.selling_hours(params) == pytest.approx(160 * 0.38 - (4 * 52 / 12 + 6))


@pytest.mark.parametrize("lever", ["reviews_per_month", "crm_hours_per_week"])
def test_more_reporting_means_less_selling_time_and_more_felt_control(lever: str) -> None:
    values = [0, 1, 2, 4, 8]
    hours = [control.selling_hours(Params(**{lever: v})) for v in values]
    felt = [control.control_felt(Params(**{lever: v})) for v in values]
    assert hours == sorted(hours, reverse=True) and hours[0] > hours[-1]
    assert felt == sorted(felt) and felt[0] < felt[-1]


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_close_control_lowers_veterans_morale_and_raises_their_attrition(seed: int) -> None:
    # The essay: "exceptional sales people can easily be destroyed by micromanagement".
    light, heavy = sweep(VETERAN_TEAM, "reviews_per_month", [0, 8], seed=seed).results
    assert heavy.final_morale < light.final_morale
    assert heavy.total_quits > light.total_quits
    assert heavy.total_revenue < light.total_revenue


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_field_time_raises_morale_skill_and_revenue(seed: int) -> None:
    # The essay: time in the field with reps, not CRM, is how a leader helps.
    results = sweep(Params(), "field_days_per_month", [0, 2, 4, 8], seed=seed).results
    morale = [r.final_morale for r in results]
    revenue = [r.total_revenue for r in results]
    assert morale == sorted(morale)
    assert revenue == sorted(revenue)


def test_year_revenue_falls_with_review_frequency_for_veterans_at_every_step() -> None:
    revenue = sweep(VETERAN_TEAM, "reviews_per_month", REVIEW_OPTIONS, seed=2026).total_revenue
    assert list(revenue) == sorted(revenue, reverse=True)


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_exercise_one_directions_hold_for_any_seed(seed: int) -> None:
    monthly, weekly = sweep(VETERAN_TEAM, "reviews_per_month", [1, 4], seed=seed).results
    assert weekly.total_revenue < monthly.total_revenue
    assert weekly.total_quits > monthly.total_quits
    none, two = sweep(NEW_HIRE_TEAM, "reviews_per_month", [0, 2], seed=seed).results
    assert two.total_revenue > none.total_revenue


def test_new_hires_ramp_in_about_five_months_under_the_default_policy() -> None:
    # Calibration target: AE ramp "just under 5 months" (Bridge Group, Medium).
    result = simulate(NEW_HIRE_TEAM.with_(annual_attrition=0.0), seed=0, runs=20)
    veteran_skill = Params().veteran_skill
    months_to_80_percent = int(np.argmax(result.skill >= 0.8 * veteran_skill)) + 1
    assert 4 <= months_to_80_percent <= 6


def test_attrition_at_the_default_policy_is_near_the_published_rate() -> None:
    # Calibration target: US sales turnover "as high as 27%" a year (HBR 2017).
    result = simulate(VETERAN_TEAM, seed=0, runs=2000)
    assert 0.2 <= result.total_quits / 8 <= 0.35


def test_the_same_seed_gives_the_same_result_and_another_seed_does_not() -> None:
    first, again, other = (simulate(Params(), seed=s) for s in (7, 7, 8))
    assert np.array_equal(first.revenue, again.revenue)
    assert np.array_equal(first.quits, again.quits)
    assert not np.array_equal(first.revenue, other.revenue)


def test_simulate_does_not_change_its_inputs() -> None:
    params = Params()
    before = dataclasses.asdict(params)
    simulate(params, seed=1)
    assert dataclasses.asdict(params) == before


def test_summary_states_the_outcomes_in_words() -> None:
    result = simulate(Params(), seed=0)
    text = result.summary()
    assert f"{result.total_revenue / 1e6:,.2f}M" in text
    assert "selling hours" in text and "quit" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reviews_per_month": -1}, "reviews_per_month must be from 0 to 8"),
        ({"reviews_per_month": 12}, "got 12"),
        ({"crm_hours_per_week": float("nan")}, "crm_hours_per_week must be a number"),
        ({"field_days_per_month": "two"}, "field_days_per_month must be a number"),
        ({"n_veterans": 2.5}, "n_veterans must be a whole number"),
        ({"n_veterans": 0, "n_new_hires": 0}, "at least one rep"),
        ({"quarters": 0}, "quarters must be from 1 to 12"),
        ({"hidden_cost": 1.5}, "hidden_cost must be from 0 to 1"),
        ({"reviews_per_month": True}, "reviews_per_month must be a number"),
        ({"on_the_job_learning": 0.8, "field_learning": 0.5}, "at most 1"),
    ],
)
def test_bad_parameters_get_a_clear_error(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Params(**changes)


@pytest.mark.parametrize("runs", [0, -3, 2.5, True, 10_001])
def test_bad_run_counts_get_a_clear_error(runs: object) -> None:
    with pytest.raises(ValueError, match="runs must be a whole number"):
        simulate(Params(), seed=0, runs=runs)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [-1, 1.5, "abc"])
def test_bad_seeds_get_a_clear_error(seed: object) -> None:
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulate(Params(), seed=seed)  # type: ignore[arg-type]


def test_sweep_rejects_unknown_levers_and_empty_values() -> None:
    with pytest.raises(ValueError, match="lever must be one of"):
        sweep(Params(), "reveiws", [1, 2])
    with pytest.raises(ValueError, match="at least one value"):
        sweep(Params(), "reviews_per_month", [])


def test_every_control_is_a_parameter_and_its_default_fits_the_slider() -> None:
    names = {f.name for f in dataclasses.fields(Params)}
    for name, label, low, high, step, tooltip in control.CONTROLS:
        assert name in names and label
        assert label not in tooltip and "Default:" in tooltip  # it explains the lever
        for preset in control.PRESETS.values():
            value = getattr(preset, name)
            assert low <= value <= high
            assert math.isclose((value - low) / step, round((value - low) / step))


def test_every_parameter_has_a_comment_in_the_source() -> None:
    # Each assumption is documented where it is defined: its unit and source.
    import inspect

    source = inspect.getsource(Params)
    for f in dataclasses.fields(Params):
        line = next(line for line in source.splitlines() if line.strip().startswith(f"{f.name}:"))
        previous = source.splitlines()[source.splitlines().index(line) - 1].strip()
        assert "#" in line or previous.startswith("#"), f"{f.name} has no comment"


def test_full_assumptions_list_every_parameter_with_its_note() -> None:
    table = control.assumptions(full=True)
    assert [a.name for a in table] == [f.name for f in dataclasses.fields(Params)]
    assert all(a.note for a in table)
    notes = {a.name: a.note for a in table}
    assert "[hbr-2017-turnover]" in notes["annual_attrition"]
    assert "<table>" in table._repr_html_()


def test_plain_assumptions_are_short_in_everyday_words_and_cite_the_bibliography() -> None:
    from course import bibliography

    table = control.assumptions()
    assert 5 <= len(table) <= 10
    text = str(table) + table._repr_html_()
    for jargon in ("illustrative", "rho", "variance explained", " g = ", " d = ", "_"):
        assert jargon not in text, jargon
    assert "chosen to show the mechanism" in text.lower()
    assert not bibliography.unknown_citations(text) and bibliography.cited_keys(text)
    # The plain words are computed from the defaults, so they follow the model.
    assert "61 of 160 a month" in text


def test_the_model_cites_only_the_bibliography_and_no_file_outside_the_repository() -> None:
    import inspect

    from course import bibliography

    source = inspect.getsource(control)
    assert "shared/" + "research" not in source and "../" not in source
    assert not bibliography.unknown_citations(source)
    assert "illustrative" not in source.lower()


# --------------------------------------------------------------------------- the leader's time


def test_leader_hours_count_reviews_per_rep_and_field_days() -> None:
    params = Params(reviews_per_month=2, field_days_per_month=3)  # 8 reps
    assert control.leader_hours(params) == pytest.approx(2 * 8 * 0.5 + 3 * 8)
    result = simulate(params, seed=0, runs=10)
    # Besides reviews and field days: the forecast the CRM records leave to do by hand, and hiring.
    other = control.forecast_hours_by_hand(params) + result.total_quits * params.leader_hours_per_hire / 12
    assert result.other_leader_hours == pytest.approx(other)
    assert result.leader_time_cost == pytest.approx((control.leader_hours(params) + other) * 750 * 12)
    assert result.net_revenue == pytest.approx(result.total_revenue - result.leader_time_cost)


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_field_days_are_not_free_so_ten_is_not_best_once_the_leaders_time_counts(seed: int) -> None:
    days = [0, 2, 4, 6, 8, 10]
    for team in (VETERAN_TEAM, NEW_HIRE_TEAM):
        results = sweep(team, "field_days_per_month", days, seed=seed).results
        revenue = [r.total_revenue for r in results]
        net = [r.net_revenue for r in results]
        assert revenue == sorted(revenue)  # field days still help the team...
        best = days[int(np.argmax(net))]
        assert 0 < best < 10  # ...but they cost the leader's other work: the best is in between
        assert net[-1] < max(net) * 0.995  # ten days lose at least half a percent
        free = sweep(team.with_(leader_hour_value=0), "field_days_per_month", days, seed=seed).results
        assert days[int(np.argmax([r.net_revenue for r in free]))] == 10  # free time: more always wins


def test_a_leader_cannot_spend_more_hours_than_a_month_holds() -> None:
    with pytest.raises(ValueError, match="more than the 160 hours in your month"):
        Params(n_veterans=40, reviews_per_month=8, field_days_per_month=10)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"leader_hour_value": -1}, "leader_hour_value must be from 0"),
        ({"leader_hours_per_review": "half"}, "leader_hours_per_review must be a number"),
    ],
)
def test_bad_leader_time_parameters_get_a_clear_error(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Params(**changes)


# --------------------------------------------------------------------------- Exercise 3: the budget

SEEDS = range(20)
MARGIN = 0.04  # the best split beats every other by at least 4% of team revenue


def test_a_budget_plan_spends_the_rest_of_the_hours_in_the_field() -> None:
    plans = [control.budget_plan(VETERAN_TEAM, r) for r in control.BUDGET_REVIEW_OPTIONS]
    assert [p.field_days_per_month for p in plans] == [3, 2, 1, 0]
    assert all(control.leader_hours(p) == pytest.approx(control.TEAM_HOURS_BUDGET) for p in plans)
    with pytest.raises(ValueError, match="more than the budget of 24"):
        control.budget_plan(VETERAN_TEAM, 8)
    with pytest.raises(ValueError, match="at least one option"):
        control.budget_table(VETERAN_TEAM, [])


@pytest.mark.parametrize(
    ("team", "best"), [(VETERAN_TEAM, 0), (NEW_HIRE_QUARTER, 2)], ids=["veterans", "new hires"]
)
def test_exercise_three_best_split_wins_clearly_for_every_seed(team: Params, best: int) -> None:
    for seed in SEEDS:
        table = control.budget_table(team, seed=seed)
        revenue = dict(zip(table.reviews, table.total_revenue, strict=True))
        assert table.best() == best, (seed, revenue)
        runner_up = max(v for k, v in revenue.items() if k != best)
        assert revenue[best] >= runner_up * (1 + MARGIN), (seed, revenue)


def test_exercise_three_new_hires_fewest_rounds_beating_none_wins_clearly_for_every_seed() -> None:
    # Exercise 3b grades the fewest review rounds that sell more to new hires than none: 2 rounds
    # beat none by a clear margin whatever the luck, and no split is chosen by a hair.
    for seed in SEEDS:
        table = control.budget_table(NEW_HIRE_QUARTER, seed=seed)
        revenue = dict(zip(table.reviews, table.total_revenue, strict=True))
        assert table.fewest_beating_none() == 2, (seed, revenue)
        assert revenue[2] >= revenue[0] * (1 + MARGIN), (seed, revenue)
    # For veterans no split with reviews beats none, so the answer there would be 0.
    assert control.budget_table(VETERAN_TEAM).fewest_beating_none() == 0
    with pytest.raises(ValueError, match="no split without reviews"):
        control.budget_table(NEW_HIRE_QUARTER, [2, 4]).fewest_beating_none()


def test_exercise_three_new_hire_checks_sealed_key_is_the_models_answer() -> None:
    from pathlib import Path

    from notebook_cells import index_of, read_cells

    from course.trainee import checks

    path = (
        Path(__file__).resolve().parents[1]
        / "solutions"
        / "01_leader_not_manager"
        / "leader_not_manager.ipynb"
    )
    cells = read_cells(path)
    visible = cells[index_of(cells, "test_q3_new_hire_reviews")].source.split("### BEGIN HIDDEN TESTS")[0]
    answer = control.budget_table(NEW_HIRE_QUARTER).fewest_beating_none()
    (digest,) = checks.seal({"q3_new_hire_reviews": [answer]}, question="q3_new_hire_reviews")[
        "q3_new_hire_reviews"
    ]
    assert f'["{digest}"]' in visible
    assert "fewest_beating_none" not in visible, (
        "the visible check must not compute the answer in plain sight"
    )


def test_exercise_three_reason_b_is_the_mechanism_that_makes_the_answers_differ() -> None:
    # Without the review help that grows with what a rep lacks, new hires no longer gain from reviews.
    no_help = NEW_HIRE_QUARTER.with_(review_help_max=0.0)
    assert control.budget_table(no_help).best() == 0
    assert control.budget_table(no_help).fewest_beating_none() == 0
    # New hires feel control (A is false) and a review costs everyone the same hours (C is false).
    assert Params().new_hire_control_sensitivity > 0
    assert control.selling_hours(VETERAN_TEAM) == control.selling_hours(NEW_HIRE_TEAM)


# --------------------------------------------------------------------------- Exercise 1: the reveal


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_exercise_one_followup_change_is_clearly_negative_for_every_seed(seed: int) -> None:
    monthly, weekly = control.exercise_1_tables(seed=seed)[0].results
    assert (weekly.total_revenue - monthly.total_revenue) / 1e6 < -0.3


def test_exercise_one_tables_are_the_sweeps_the_notebook_describes() -> None:
    tables = control.exercise_1_tables()
    assert tables.labels == ("8 veterans", "8 new hires")
    assert tables[0].values == (1, 4) and tables[1].values == (0, 2)
    assert "8 veterans" in str(tables) and "<table>" in tables._repr_html_()


# --------------------------------------------------------------------------- the comparison in words


def test_the_summary_states_the_comparison_with_the_default_policy_in_words_and_numbers() -> None:
    base = simulate(VETERAN_TEAM, seed=1)
    heavy = simulate(VETERAN_TEAM.with_(reviews_per_month=8), seed=1)
    text = heavy.summary(baseline=base)
    less = (base.total_revenue - heavy.total_revenue) / 1e6
    assert text.startswith(f"Against the default policy: ${less:,.2f}M less team revenue")
    assert f"{heavy.total_quits - base.total_quits:.1f} more reps quit" in text
    assert "the same run" in base.summary(baseline=base)


def test_the_summary_explains_a_slider_pushed_to_its_end_instead_of_reading_absurd() -> None:
    # Review r1: 15 CRM hours a week left "0 selling hours", "$0.00M" and "9.5 of 8 reps quit"
    # with no word of why; the summary now says reporting took every selling hour, and that
    # quits count the new hires in emptied seats too.
    drowned = simulate(Params(crm_hours_per_week=15), seed=1, runs=20)
    text = drowned.summary()
    assert drowned.total_quits > drowned.params.team_size
    assert "Reporting takes all of the 60.8 selling hours" in text
    assert "quit from a team of 8 (more than the team: new hires in the emptied seats quit too)" in text
    normal = simulate(Params(), seed=1, runs=20).summary()
    assert "Reporting takes all" not in normal and "more than the team" not in normal
    assert "reps quit from a team of 8." in normal


def test_compare_refuses_a_baseline_that_differs_in_more_than_the_policy() -> None:
    result = simulate(VETERAN_TEAM.with_(hidden_cost=0.0), seed=1, runs=10)
    with pytest.raises(ValueError, match="differs only in the policy"):
        result.compare(simulate(VETERAN_TEAM, seed=1, runs=10))
    assert control.default_policy(result.params) == VETERAN_TEAM.with_(hidden_cost=0.0)


def test_assumption_tables_read_as_plain_text_and_tables_use_plain_headings() -> None:
    # Review 02 finding 14 (both modules) and review 01 finding 16.
    table = control.assumptions()
    assert repr(table) == str(table) and repr(table).startswith("Hours a rep has for selling:")
    tables = control.exercise_1_tables(runs=5)
    assert "reviews a month" in str(tables) and "reviews a month" in tables._repr_html_()
    assert "reviews_per_month" not in str(tables) + tables._repr_html_()


# --------------------------------------------------------------------------- issue 22: fixed at the cause


def test_crm_records_have_a_value_so_zero_crm_hours_is_not_best_at_the_defaults() -> None:
    # Issue 22: CRM hours had no value, so "abolish the CRM" was the lesson. Now records keep deals
    # from slipping, hand a leaver's pipeline over and spare the leader's forecast hours.
    hours = [0, 0.5, 1, 2, 3, 5, 15]
    results = sweep(Params(), "crm_hours_per_week", hours, seed=2026).results
    net = [r.net_revenue for r in results]
    best = hours[int(np.argmax(net))]
    assert 0 < best <= 2, net
    assert net[0] < max(net) and net[-1] < net[0]  # none is not best, and heavy CRM is worst
    assert control.forecast_hours_by_hand(Params(crm_hours_per_week=0)) == Params().forecast_hours
    assert control.forecast_hours_by_hand(Params(crm_hours_per_week=3)) < 1


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_a_leavers_pipeline_is_lost_without_records_and_handed_over_with_them(seed: int) -> None:
    none, kept = (simulate(Params(crm_hours_per_week=h), seed=seed) for h in (0, 3))
    assert none.handover_loss > 0 and kept.handover_loss < none.handover_loss / 5
    no_loss = simulate(Params(crm_hours_per_week=0, handover_months=0), seed=seed)
    assert no_loss.handover_loss == 0


@pytest.mark.parametrize("hidden_cost", [0.0, 0.35])
def test_no_selling_time_means_no_revenue_falling_morale_and_more_quits(hidden_cost: float) -> None:
    # Issue 22: with the hidden cost at 0, 8 reviews and 15 CRM hours left reps 0 selling hours and
    # $0 revenue, yet morale ended at 0.81 and quits did not change. Pay follows selling now.
    team = Params(hidden_cost=hidden_cost)
    starved = simulate(team.with_(reviews_per_month=8, crm_hours_per_week=15), seed=4)
    usual = simulate(team, seed=4)
    assert starved.selling_hours[0] == 0 and starved.total_revenue == 0
    assert starved.final_morale < 0.5 < usual.final_morale
    assert starved.total_quits > 2 * usual.total_quits
    no_pay_effect = simulate(
        team.with_(reviews_per_month=8, crm_hours_per_week=15, earnings_morale_weight=0.0), seed=4
    )
    assert starved.final_morale < no_pay_effect.final_morale  # the pay mechanism does it


def test_the_price_of_the_leaders_hour_has_an_honest_break_even_for_field_days() -> None:
    # Issue 22: at a high price of the leader's hour no field days won, unexplained. The break-even
    # is exact (net revenue is linear in the price) and the notebook's note states it.
    none = Params(field_days_per_month=0)
    break_even = control.break_even_hour_value(none, field_days_per_month=2)
    assert 1500 < break_even < 2500
    for price, two_win in ((break_even * 0.9, True), (break_even * 1.1, False)):
        zero, two = (
            simulate(none.with_(leader_hour_value=price, field_days_per_month=d), seed=control.SEED)
            for d in (0, 2)
        )
        assert (two.net_revenue > zero.net_revenue) is two_win
    # What the field gives besides coaching: deals the leader works close more often.
    seen = simulate(Params(field_days_per_month=4), seed=1)
    unseen = simulate(Params(field_days_per_month=4, field_close_lift=0.0), seed=1)
    assert seen.deals_seen_share > 0 and seen.total_revenue > unseen.total_revenue


def test_the_break_even_is_infinite_for_a_change_that_saves_the_leaders_time_and_sells_more() -> None:
    assert control.break_even_hour_value(Params(crm_hours_per_week=0), crm_hours_per_week=0.5) == math.inf


def test_new_hires_gain_from_reviews_in_their_first_quarter_more_than_over_the_year() -> None:
    # Exercise 3 asks about the first quarter: there the answer holds across the plausible space;
    # over a year it depends on how much a review helps (docs/MODEL_VALIDITY.md).
    quarter = control.budget_table(NEW_HIRE_QUARTER).total_revenue
    year = control.budget_table(NEW_HIRE_TEAM).total_revenue
    assert quarter[1] / quarter[0] > year[1] / year[0]


def test_the_notebooks_note_states_the_break_even_price_of_field_days() -> None:
    from pathlib import Path

    from notebook_cells import index_of, read_cells

    path = (
        Path(__file__).resolve().parents[1]
        / "solutions"
        / "01_leader_not_manager"
        / "leader_not_manager.ipynb"
    )
    cells = read_cells(path)
    note = " ".join(cells[index_of(cells, "where_lesson_stops")].source.split())
    break_even = control.break_even_hour_value(Params(field_days_per_month=0), field_days_per_month=2)
    assert f"up to about ${round(break_even / 50) * 50:,.0f} an hour" in note
    prompts = cells[index_of(cells, "explore_prompts")].source
    # The explorer sends the trainee to the note, which waits until Exercise 3 is answered: it
    # states the best splits of the leader's hours that Exercise 3 asks for.
    assert "stop holding" in prompts
    assert index_of(cells, "where_lesson_stops") > index_of(cells, "test_q3_reason")
