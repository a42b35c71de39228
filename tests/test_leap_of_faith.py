"""The capstone's model: each mechanism's direction, determinism, clear errors, the composition of
the earlier modules' rules, and decisions whose best option wins in expectation on every seed."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from course.scenarios import control, leap_of_faith, start_small, trust
from course.scenarios.leap_of_faith import BEST, LETTERS, Params, path, simulate

SEEDS = range(20)


def _value(letters: str, seed: int = leap_of_faith.SEED, **changes) -> float:
    return simulate(path(letters, Params(**changes)), seed=seed).value


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_the_best_option_wins_in_expectation_for_every_earlier_history_on_20_seeds(quarter: int) -> None:
    key = BEST[quarter - 1]
    for history in itertools.product(LETTERS, repeat=quarter - 1):
        for seed in SEEDS:
            values = leap_of_faith.decision_values(quarter, "".join(history), seed=seed)
            margin = values[key] - max(v for letter, v in values.items() if letter != key)
            assert margin > 80, (quarter, history, seed, values)


def test_the_keys_are_varied_and_the_grade_is_the_best_in_expectation() -> None:
    assert BEST == ("C", "A", "B", "A") and len(set(BEST)) == 3
    assert [leap_of_faith.decision_points(q, "CABA") for q in range(1, 5)] == [2, 2, 2, 2]
    assert leap_of_faith.decision_points(2, "CB") < 2 and leap_of_faith.decision_points(4, "CABC") < 2


def test_the_discount_books_no_more_revenue_over_the_year_and_is_worth_far_less() -> None:
    best, push = (simulate(path(p), seed=leap_of_faith.SEED) for p in ("CABA", "CBBA"))
    kept, pushed = (r.revenue.sum(axis=1).mean() for r in (best, push))
    assert 0 < kept - pushed < 200  # the discount only moves the order, at a lower price
    assert push.revenue[:, 1].mean() > best.revenue[:, 1].mean()  # but the quarter looks better
    assert best.value - push.value > 300
    assert (
        best.next_customers > push.next_customers and best.customer_trust.mean() > push.customer_trust.mean()
    )


# --------------------------------------------------------------------------- mechanisms


def test_a_focused_paid_pilot_builds_more_customer_trust_than_the_whole_licence_at_once() -> None:
    pilot, licence = (simulate(path(p), seed=3) for p in ("CABA", "AABA"))
    assert pilot.customer_trust.mean() > licence.customer_trust.mean()
    assert pilot.next_customers > licence.next_customers


def test_the_discount_pulls_orders_forward_by_module_05s_rule() -> None:
    from course.scenarios import pebbles

    q = pebbles.Params()
    pull = q.pull_window * (1 - np.exp(-Params().discount / q.discount_scale))
    push = simulate(path("CBBA"), seed=9, runs=20000)
    keep = simulate(path("CABA"), seed=9, runs=20000)
    signed_now = (push.revenue[:, 1] > Params().other_revenue).mean()
    signed_later = (keep.revenue[:, 1:3].sum(axis=1) > 2 * Params().other_revenue).mean()
    assert signed_now == pytest.approx(pull * signed_later, abs=0.05)


def test_a_discount_to_close_now_lowers_margin_trust_and_the_pipeline() -> None:
    keep, discount = (simulate(path(p), seed=4) for p in ("CABA", "CBBA"))
    margin = lambda r: r.profit.sum() / r.revenue.sum()  # noqa: E731
    assert margin(discount) < margin(keep)
    assert discount.customer_trust.mean() < keep.customer_trust.mean()
    assert discount.pipeline[:, 1].mean() < keep.pipeline[:, 1].mean()


def test_taking_the_deal_over_costs_the_reps_trust_and_morale_and_field_days_build_them() -> None:
    over, field, ignore = (simulate(path(p), seed=5) for p in ("CAAA", "CABA", "CACA"))
    assert over.star_morale.mean() < field.star_morale.mean()
    assert over.star_trust.mean() < trust.Params().initial_trust < field.star_trust.mean()
    assert ignore.new_morale.mean() < field.new_morale.mean()
    assert over.leave_risk[0] > field.leave_risk[0]


def test_a_real_stall_is_caught_more_often_on_site() -> None:
    certain = {"stall_chance": 1.0}
    site, office, nobody = (_value(p, 6, **certain) for p in ("CABA", "CAAA", "CACA"))
    assert site > office and site > nobody
    assert _value("CABA", 6, stall_chance=0.0) > _value("CABA", 6, **certain)


def test_a_partner_left_out_can_work_against_you() -> None:
    base = simulate(path("CABB"), seed=7)
    calm = simulate(path("CABB", Params(partner_conflict_chance=0.0)), seed=7)
    assert calm.value > base.value and calm.pipeline[:, -1].mean() > base.pipeline[:, -1].mean()


def test_references_follow_the_bass_curve_and_scale_with_the_pull() -> None:
    p = Params()
    assert leap_of_faith.bass_adopters(p, 0.0, 0) == 0
    curve = [float(leap_of_faith.bass_adopters(p, 1.0, t)) for t in range(9)]
    assert all(b > a for a, b in itertools.pairwise(curve)) and curve[-1] < p.next_customers
    # With no imitation only innovation: 1 - e^-pt of the firms.
    assert leap_of_faith.bass_adopters(p, 0.0, 8) == pytest.approx(p.next_customers * (1 - np.exp(-0.08)))
    weak, strong = (simulate(path("CABA", Params(imitation=q)), seed=8) for q in (0.1, 0.9))
    assert strong.next_customers > weak.next_customers


def test_the_model_composes_the_earlier_modules_rules() -> None:
    t = trust.Params()
    level = np.array([0.5])
    assert leap_of_faith._gain(level, 0.2)[0] == pytest.approx(0.5 + 0.2 * 0.5)
    assert leap_of_faith._lose(level, 0.1)[0] == pytest.approx(0.5 - t.asymmetry * 0.1 * 0.5)
    c = control.Params()
    assert float(leap_of_faith.yearly_leave_risk(c.attrition_reference_morale)) == pytest.approx(
        c.annual_attrition
    )
    assert float(leap_of_faith.yearly_leave_risk(0.3)) > c.annual_attrition
    assert leap_of_faith._SMALL.large_win_rate == start_small.Params().large_win_rate


# --------------------------------------------------------------------------- the trainee's run


def test_the_run_log_is_plain_data_and_earlier_quarters_never_change_with_later_choices() -> None:
    one = leap_of_faith.run_log("C")
    for later in ("CA", "CB", "CC"):
        assert leap_of_faith.run_log(later).rows[0] == one.rows[0]
    for row in leap_of_faith.run_log("CABA").rows:
        assert all(isinstance(v, (int, str)) for v in row.values())
    assert "Revenue $K" in str(one) and "<table>" in one._repr_html_()


def test_the_statements_of_exercise_7_match_the_model() -> None:
    assert Params().partner_conflict_chance == 0.5  # "half the time" in the notebook


def test_letters_are_read_as_the_checks_read_them() -> None:
    assert leap_of_faith.run_log(["c", " A ", "b.", "A"]).decisions == "CABA"
    assert leap_of_faith.memo_numbers(["c", "a", "B.", "a"]) == leap_of_faith.memo_numbers("CABA")


def test_the_memo_adds_up_the_run_log() -> None:
    log = leap_of_faith.run_log("BCAB")
    memo = leap_of_faith.memo_numbers("BCAB")
    revenue = sum(r["revenue"] for r in log.rows)
    assert memo["revenue"] == revenue
    assert memo["margin"] == round(100 * sum(r["gross_profit"] for r in log.rows) / revenue, 1)
    assert memo["pipeline"] == log.rows[-1]["pipeline"]


def test_the_year_end_table_shows_the_hidden_state_beside_the_quarter_first_path() -> None:
    table = leap_of_faith.year_end("ABAB")
    text = str(table)
    assert "Your path ABAB" in text and "Next customers" in text
    best = leap_of_faith.year_end("CABA")
    assert "Your path CABA" in str(best) and "Path ABAB" in str(best)
    assert best.yours.value > best.comparison.value
    assert "Best" not in str(best)  # the best path is never shown beside the trainee's


def test_same_seed_same_year_and_the_seed_matters() -> None:
    a, b, c = (simulate(Params(), seed=s) for s in (1, 1, 2))
    assert a.summary() == b.summary() and np.array_equal(a.revenue, b.revenue)
    assert not np.array_equal(a.revenue, c.revenue)


def test_the_explorer_summary_compares_with_the_comparison_path() -> None:
    best, base = simulate(path("CABA"), seed=1), simulate(Params(), seed=1)
    assert "higher on average" in best.summary(baseline=base)
    assert best.summary(baseline=best).startswith("About the same")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"q1": 4}, "q1 must be 1, 2 or 3"),
        ({"q2": "A"}, "q2 must be 1, 2 or 3"),
        ({"discount": 1.5}, "discount must be from 0 to 1"),
        ({"licence_value": -1.0}, "licence_value must be 0 or more"),
        ({"innovation": 0.0}, "innovation must be above 0"),
        ({"next_customers": 2.5}, "next_customers must be a whole number"),
    ],
)
def test_bad_parameters_raise_a_clear_error(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Params(**changes)


@pytest.mark.parametrize("bad", ["ABCD", "AAAAA", 7, "Z"])
def test_bad_decisions_raise_a_clear_error(bad: object) -> None:
    with pytest.raises(ValueError, match="decisions must"):
        leap_of_faith.run_log(bad)


def test_bad_quarters_and_histories_raise_a_clear_error() -> None:
    with pytest.raises(ValueError, match="quarter must be 1, 2, 3 or 4"):
        leap_of_faith.decision_values(5, "AAAA")
    with pytest.raises(ValueError, match="needs the 2 earlier decisions"):
        leap_of_faith.decision_values(3, "A")
    with pytest.raises(ValueError, match="runs must be"):
        simulate(Params(), seed=1, runs=0)
    with pytest.raises(ValueError, match="needs all four"):
        leap_of_faith.year_end("AB")
