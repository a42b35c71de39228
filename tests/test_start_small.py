"""The start-small model (module 04): each mechanism's direction, determinism, plain errors,
and the robustness of the answers the exercises grade."""

from __future__ import annotations

import numpy as np
import pytest

from course.scenarios import start_small

SEEDS = range(20)
RUNS = 1000


def run(params: start_small.Params | None = None, **changes) -> start_small.Result:
    return start_small.simulate(
        (params or start_small.TYPICAL).with_(**changes), seed=start_small.SEED, runs=RUNS
    )


# --------------------------------------------------------------------------- retention arithmetic


def test_nrr_and_grr_follow_their_definitions() -> None:
    start, end = [20, 20, 40, 20, 100], [60, 20, 30, 0, 130]
    assert start_small.nrr(start, end) == pytest.approx(100 * 240 / 200)
    assert start_small.grr(start, end) == pytest.approx(100 * (20 + 20 + 30 + 0 + 100) / 200)
    assert start_small.grr([10], [50]) == 100  # expansion never lifts GRR above 100
    assert start_small.nrr([10], [0]) == 0


def test_the_cohort_of_exercise_2_leaves_out_the_account_landed_during_the_year() -> None:
    start = [a for a, _ in start_small.COHORT.values()]
    end = [b for _, b in start_small.COHORT.values()]
    assert start_small.nrr(start, end) == pytest.approx(120.0)
    assert start_small.grr(start, end) == pytest.approx(85.0)
    with_new = start_small.nrr(start + [1e-9], end + [50])  # what counting Fjord would give
    assert with_new > 140


def test_retention_refuses_what_is_not_a_cohort() -> None:
    with pytest.raises(ValueError, match="same length"):
        start_small.nrr([20, 20], [20])
    with pytest.raises(ValueError, match="start must hold amounts above 0"):
        start_small.grr([0, 20], [50, 20])


def test_the_markets_retention_is_near_the_surveys_it_cites() -> None:
    typical_nrr, typical_grr = start_small.cohort_retention(start_small.TYPICAL)
    strong_nrr, strong_grr = start_small.cohort_retention(start_small.STRONG)
    assert 99 <= typical_nrr <= 106 and 86 <= typical_grr <= 92  # saas-capital-2023's medians
    assert 115 <= strong_nrr <= 130  # iconiq-ipo-study's ~120% at IPO
    assert strong_grr == pytest.approx(typical_grr)  # the markets differ only in growth


# --------------------------------------------------------------------------- mechanisms


def test_more_hours_on_a_kind_of_deal_win_more_of_it_but_level_off() -> None:
    assert start_small.expected_wins(10, 60, 0.3) < start_small.expected_wins(20, 60, 0.3)
    gain_first = start_small.expected_wins(20, 60, 0.3) - start_small.expected_wins(0, 60, 0.3)
    gain_last = start_small.expected_wins(50, 60, 0.3) - start_small.expected_wins(30, 60, 0.3)
    assert gain_last < gain_first
    assert start_small.expected_wins(1e6, 60, 0.3) == pytest.approx(0.3 * 60)


def test_small_deals_land_sooner_and_more_often_large_deals_land_later_and_rarely() -> None:
    small, large = run(small_share=1.0), run(small_share=0.0)
    assert small.arr[:, 1].mean() > 0 and large.arr[:, :3].sum() == 0  # large deals close in quarter 4
    assert small.small_accounts.mean() > 50 * large.large_accounts.mean() / 10
    assert large.large_accounts.mean() > 0 and small.large_accounts.sum() == 0


def test_few_large_deals_spread_the_outcomes_wider() -> None:
    small, large = run(small_share=1.0), run(small_share=0.0)
    assert large.year_three.std() > 2 * small.year_three.std()


def test_expansion_grows_revenue_and_the_strong_market_grows_more() -> None:
    assert run(start_small.STRONG).expected_year_three > run().expected_year_three + 200
    assert run(small_expand_chance=0.0).expected_year_three < run().expected_year_three - 100


def test_accounts_that_land_and_die_never_grow() -> None:
    stuck = run(expandable_share=0.0, referral_chance=0.0, small_share=1.0)
    assert stuck.arr_small.max() % start_small.TYPICAL.small_deal_value == 0
    growing = run(expandable_share=1.0, small_share=1.0)
    assert growing.expected_year_three > stuck.expected_year_three


def test_churn_costs_revenue_and_referrals_add_it() -> None:
    assert run(small_churn=0.08).expected_year_three < run().expected_year_three - 100
    assert run(referral_chance=0.0).expected_year_three < run().expected_year_three


def test_no_credit_for_small_deals_moves_hours_to_large_deals_and_cuts_follow_up() -> None:
    before, after = run(), run(credit_threshold=start_small.NO_SMALL_DEALS)
    assert after.small_pursuits == pytest.approx(before.small_pursuits * 0.2)
    assert after.large_pursuits > before.large_pursuits
    assert after.large_accounts.mean() > before.large_accounts.mean()
    # Reps who ignore the rule do what they did.
    ignored = run(credit_threshold=start_small.NO_SMALL_DEALS, reps_follow_credit=0.0)
    assert ignored.expected_year_three == pytest.approx(before.expected_year_three)
    # A threshold under every deal changes nothing.
    assert run(credit_threshold=10.0).expected_year_three == pytest.approx(before.expected_year_three)
    # Orders for more under the threshold happen less often; the larger ones later still earn credit.
    grow = start_small.model.growth_chances(
        start_small.TYPICAL.with_(credit_threshold=start_small.NO_SMALL_DEALS)
    )
    assert grow[0] == pytest.approx(0.2 * grow[3]) and grow[3] == start_small.TYPICAL.small_expand_chance


def test_every_lever_has_a_cost() -> None:
    # All small is not best: prospects run out. All large is not best: few, slow, risky.
    by_share = {s: run(small_share=s) for s in (0.0, 0.6, 1.0)}
    assert by_share[0.6].expected_year_three > by_share[0.0].expected_year_three
    assert by_share[0.6].expected_year_three > by_share[1.0].expected_year_three
    assert by_share[1.0].expected_final_arr > 0


# --------------------------------------------------------------------------- the exercises' answers


@pytest.mark.parametrize("seed", SEEDS)
def test_exercise_1_the_policy_lowers_year_three_revenue_and_raises_the_risk(seed: int) -> None:
    comparison = start_small.policy_comparison(start_small.TYPICAL, seed=seed)
    assert comparison.change_in_year_three < -150  # $150K lower at least, on every seed
    assert comparison.with_policy.chance_below_floor > comparison.without.chance_below_floor + 0.07
    low, high = np.percentile(comparison.with_policy.year_three, [10, 90])
    low0, high0 = np.percentile(comparison.without.year_three, [10, 90])
    assert high - low > high0 - low0  # the fan widens


@pytest.mark.parametrize("seed", SEEDS)
def test_exercise_3_portfolio_b_earns_most_and_misses_less_often_than_a_on_every_seed(seed: int) -> None:
    table = start_small.compare(start_small.PORTFOLIOS, seed=seed)
    assert table.highest_average() == "B"
    rows = {name: (mean, risk) for name, _share, mean, risk in table.rows()}
    for other in ("A", "C"):
        assert rows["B"][0] > rows[other][0] + 100  # $100K a year more, on average
    assert rows["B"][1] < rows["A"][1] - 0.1  # 10 points less risk than all large
    spread = {r.params.small_share: r.year_three.std() for r in table.results}
    assert spread[0.0] > spread[0.6] > spread[1.0]  # the fewer the deals, the wider the spread


def test_exercise_3s_table_shows_the_spread_its_question_and_note_ask_about() -> None:
    # Review r3: Exercise 3b and the note after it speak of spread ("C's results sit in the
    # narrowest band"), so the table the trainee reads shows each portfolio's 8 runs in 10.
    table = start_small.compare(start_small.PORTFOLIOS)
    widths = {name: high - low for name, (low, high) in zip(table.names, table.spreads(), strict=True)}
    assert min(widths, key=widths.get) == "C" and max(widths, key=widths.get) == "A"
    assert "8 runs in 10 between" in str(table) and "8 runs in 10 between" in table._repr_html_()
    low, high = table.spreads()[2]
    assert f"{low / 1e3:.2f} and {high / 1e3:.2f}" in table._repr_html_()


def test_exercise_4_brook_is_likeliest_to_have_landed_and_died() -> None:
    p = start_small.TYPICAL
    assert start_small.likeliest_land_and_die(p) == "Brook"
    chances = {a.name: start_small.account_land_and_die(p, a) for a in start_small.ACCOUNTS}
    assert chances["Brook"] > max(v for k, v in chances.items() if k != "Brook") + 0.05
    assert chances["Brook"] < 1  # likely, never certain
    assert start_small.chance_land_and_die(p, 0) == pytest.approx(1 - p.expandable_share)
    # An account that ever bought more has room to grow, however long it has been flat since.
    assert chances["Dune"] == 0 and chances["Alder"] == 0
    dune = next(a for a in start_small.ACCOUNTS if a.name == "Dune")
    brook = next(a for a in start_small.ACCOUNTS if a.name == "Brook")
    assert dune.ever_grew and dune.quarters_since_landing == brook.quarters_since_landing == 9
    assert [a.ever_grew for a in start_small.ACCOUNTS] == [True, False, False, True]


def test_chance_land_and_die_refuses_what_is_not_a_count() -> None:
    with pytest.raises(ValueError, match="whole number"):
        start_small.chance_land_and_die(start_small.TYPICAL, 2.5)
    with pytest.raises(ValueError, match="0 or more"):
        start_small.chance_land_and_die(start_small.TYPICAL, -1)


# --------------------------------------------------------------------------- determinism and errors


def test_same_seed_same_result_and_another_seed_other_luck() -> None:
    a, b = (
        start_small.simulate(start_small.TYPICAL, seed=7, runs=200),
        start_small.simulate(start_small.TYPICAL, seed=7, runs=200),
    )
    assert np.array_equal(a.arr, b.arr)
    assert not np.array_equal(a.arr, start_small.simulate(start_small.TYPICAL, seed=8, runs=200).arr)


def test_the_runs_are_computed_together_and_their_count_is_kept() -> None:
    result = start_small.simulate(start_small.TYPICAL, seed=1, runs=37)
    assert result.arr.shape == (37, 12) and result.runs == 37
    assert len(result.percentiles()[50]) == 12


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"small_share": 1.5}, "small_share must be from 0 to 1"),
        ({"small_share": "half"}, "small_share must be a number"),
        ({"credit_threshold": -5}, "credit_threshold must be from 0"),
        ({"quarters": 2}, "quarters must be from 4"),
        ({"large_cycle": 1.5}, "large_cycle must be a whole number"),
        ({"small_churn": True}, "small_churn must be a number"),
    ],
)
def test_bad_parameters_are_refused_with_the_parameters_name(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        start_small.Params(**changes)


def test_bad_runs_and_params_are_refused() -> None:
    with pytest.raises(ValueError, match="runs must be a whole number"):
        start_small.simulate(start_small.TYPICAL, seed=1, runs=0)
    with pytest.raises(TypeError, match="params must be start_small.Params"):
        start_small.simulate({"small_share": 0.5}, seed=1)


def test_a_change_that_changes_nothing_is_said_so() -> None:
    base = run()
    same = run(credit_threshold=16.0)  # every deal and order is $16K or more: all still earn credit
    assert same.summary(baseline=base).startswith("The same as the default policy, in this model.")


def test_the_portfolio_table_reads_as_a_table() -> None:
    table = start_small.compare(start_small.PORTFOLIOS, runs=50)
    assert repr(table) == str(table) and "Params(" not in repr(table)


def test_the_summary_states_the_spread_the_floor_and_the_difference() -> None:
    base, policy = run(), run(credit_threshold=start_small.NO_SMALL_DEALS)
    text = policy.summary(baseline=base)
    assert text.startswith("Compared with the default policy: year-three revenue $")
    assert "lower on average" in text and "8 runs in 10" in text and "$2 million floor" in text
    assert "Compared" not in base.summary(baseline=base)


def test_the_dashboard_draws_the_fan_and_the_histogram_on_fixed_scales() -> None:
    axes = start_small.dashboard_frame(start_small.TYPICAL)
    limits = [ax.get_ylim() for ax in axes]
    start_small.plot_dashboard(run(small_share=1.0), baseline=run(), axes=axes)
    assert [ax.get_ylim() for ax in axes] == limits
    assert len(axes[0].collections) >= 2 and axes[0].lines  # two bands and the median
    with pytest.raises(ValueError, match="2 axes"):
        start_small.plot_dashboard(run(), axes=axes[:1])


def test_the_team_menu_switches_market_no_slider_holds_it_back() -> None:
    # The explorer keeps the sliders' values when the team changes: the presets must differ only in
    # parameters that have no slider, or the strong market would show the typical one's numbers.
    sliders = {name for name, *_ in start_small.CONTROLS}
    typical, strong = start_small.PRESETS.values()
    differ = {f for f in start_small.Params.__dataclass_fields__ if getattr(typical, f) != getattr(strong, f)}
    assert differ and not differ & sliders
    for name, preset in start_small.PRESETS.items():
        assert f"NRR about {start_small.cohort_retention(preset)[0]:.0f}%" in name and "example" in name


def test_the_plain_assumptions_table_is_short_and_cites_its_sources() -> None:
    table = start_small.assumptions()
    assert len(table) <= 10
    text = str(table)
    assert "[saas-capital-2023]" in text and "[larkin-2014]" in text
    for row in table:  # issue 23: measured with its source, or our assumption
        assert row.note.startswith(("Our assumption", "Measured", "Pay rules")), row
        assert "our assumption" in row.note.lower() or "[" in row.note, row
    for item in start_small.PLAUSIBLE:  # every uncertain assumption's range is shown
        full = next(a for a in start_small.assumptions(full=True) if a.name == item.name)
        assert "Range: plausible" in full.note, item.name
    assert len(start_small.assumptions(full=True)) == len(start_small.Params.__dataclass_fields__)


# --------------------------------------------------------------------------- issue 22: a land can grow large


def test_a_small_first_deal_can_grow_large_most_stay_small_and_none_past_the_wallet() -> None:
    p = start_small.TYPICAL
    levels = start_small.model.small_levels(p)
    assert levels[0] == p.small_deal_value and levels[-1] == p.account_wallet
    assert np.all(np.diff(levels) > 0) and levels[1] == pytest.approx(
        p.small_deal_value * p.expansion_multiple
    )
    result = run(small_share=1.0)
    largest = result.largest_small
    # Before: +$20K steps, six at most ($140K). Now a spread with a long tail.
    assert np.median(largest) >= 5 * p.small_deal_value
    assert 0.05 < (largest >= 10 * p.small_deal_value).mean() < 0.5  # a few runs hold a $200K+ account
    assert largest.max() <= p.account_wallet
    # Most lands stay at their first deal: 70% have no room, and those with room order rarely.
    assert start_small.chance_land_and_die(p, 0) == pytest.approx(0.7)
    # Over ten years the middle run's largest land is as large as a large deal, and capped.
    decade = run(small_share=1.0, quarters=40)
    assert np.median(decade.largest_small) >= p.large_deal_value
    assert decade.largest_small.max() <= p.account_wallet


def test_nothing_grows_without_limit_even_when_every_account_grows_every_quarter() -> None:
    extreme = run(
        small_share=1.0,
        expandable_share=1.0,
        small_expand_chance=1.0,
        expansion_multiple=10.0,
        small_churn=0.0,
        quarters=40,
    )
    per_account = extreme.arr_small[:, -1] / extreme.small_accounts
    assert per_account.max() <= extreme.params.account_wallet + 1e-9
    assert start_small.cohort_retention(extreme.params)[0] <= 100 * extreme.params.account_wallet / 20 + 1e-9


def test_no_growth_at_a_multiple_of_one_or_a_wallet_under_the_first_deal() -> None:
    for changes in ({"expansion_multiple": 1.0}, {"account_wallet": 10.0}):
        result = run(small_share=1.0, referral_chance=0.0, **changes)
        assert result.arr_small.max() % start_small.TYPICAL.small_deal_value == 0
        assert start_small.cohort_retention(result.params)[0] <= 100


def test_the_model_loads_without_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import course.scenarios.start_small as s; "
        "s.simulate(s.TYPICAL, seed=1, runs=5); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- robustness (issue 22)


def test_every_uncertain_assumption_has_a_range_and_every_graded_choice_a_lesson() -> None:
    from course.scenarios.robustness import BEST_CHOICE, scenario_for

    assert scenario_for("04") is start_small
    declared = {a.name for a in start_small.PLAUSIBLE}
    for name in ("expandable_share", "small_expand_chance", "expansion_multiple", "account_wallet"):
        assert name in declared
    assert not declared & set(start_small.POLICY_LEVERS), "a lever is the trainee's, not an assumption"
    graded = {lesson.name for lesson in start_small.LESSONS if lesson.kind == BEST_CHOICE}
    assert graded == {"q1_reason", "q3_portfolio", "q3_reason", "q4_account", "q4_one_quarter"}


# The phrase of module 04's "Where this lesson stops holding" note that states each lesson's share
# (words without {} say it held everywhere).
NOTE_PHRASES = {
    "q1_revenue": "year-three revenue in {}% of them",
    "q1_risk": "missing the floor in {}%",
    "q3_portfolio": "in over {}% of them",
    "q3_reason": "less often than A in all",
    "q3_portfolio_likelier_large_deals": "stayed first in only {}% of the space",
    "q3_portfolio_strong_market": "B stayed first in {}%.",
    "lands_grow_two_fold": "in the middle run in every setting",
    "lands_reach_a_large_deal": "a large deal's $480K in {}%",
}


@pytest.mark.slow
def test_module_04_lessons_hold_across_the_plausible_space() -> None:
    # Issue 22's targets: each graded best choice in >= 90% of the space, each stated lesson in >= 80%;
    # and the note states each share the full run measured, within this run's sampling error.
    # 100 points x 2 seeds here (about 10 s on one core); the documented table is 300 x 3.
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    from course.scenarios import robustness

    rows = robustness.measure(start_small, points=100, seeds=(0, 1))
    below = [f"{r.lesson.name}: {r.share:.0%} < {r.lesson.target:.0%}" for r in rows if not r.meets_target]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)
    path = Path(__file__).resolve().parents[1] / "solutions" / "04_start_small" / "start_small.ipynb"
    wrong = note_share_failures(stops_holding_note(path), NOTE_PHRASES, rows)
    assert not wrong, "module 04's note and the robustness run disagree:\n" + "\n".join(wrong)
