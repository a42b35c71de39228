"""The robustness run: Latin-hypercube samples over every declared assumption, each lesson's share
of the plausible space, and (slow) module 01's lessons at or above their targets."""

from __future__ import annotations

import functools
import types

import pytest

from course.scenarios import control, robustness
from course.scenarios.robustness import BEST_CHOICE, FINDING, LESSON, Lesson
from course.trainee.assumptions import Plausible

SPACE = (Plausible("a", 0.0, 1.0, "ours"), Plausible("months", 1, 4, "ours", whole=True))


def test_samples_cover_each_range_once_per_stratum_and_round_whole_numbers() -> None:
    drawn = robustness.sample(SPACE, 50, seed=3)
    values = sorted(d["a"] for d in drawn)
    assert len(drawn) == 50 and 0 <= values[0] < 0.02 and 0.98 < values[-1] <= 1
    # A Latin hypercube: one sample in each fiftieth of the range.
    assert sorted(int(v * 50) for v in values) == list(range(50))
    assert {d["months"] for d in drawn} == {1, 2, 3, 4}
    assert robustness.sample(SPACE, 50, seed=3) == drawn != robustness.sample(SPACE, 50, seed=4)
    with pytest.raises(ValueError, match="points must be a whole number of at least 2"):
        robustness.sample(SPACE, 1, seed=0)


def test_measure_counts_the_share_where_a_lesson_holds_and_names_where_it_breaks() -> None:
    toy = types.SimpleNamespace(
        PLAUSIBLE=SPACE,
        LESSONS=(
            Lesson("always", "always holds", LESSON, lambda a, seed: True),
            Lesson("low_a", "holds while a is below 0.7", BEST_CHOICE, lambda a, seed: a["a"] < 0.7),
            Lesson(
                "half",
                "speaks only of a above 0.5",
                FINDING,
                lambda a, seed: None if a["a"] <= 0.5 else a["a"] > 0.75,
            ),
        ),
    )
    rows = {row.lesson.name: row for row in robustness.measure(toy, points=200, seeds=(0, 1))}
    assert rows["always"].share == 1 and rows["always"].meets_target and rows["always"].breaks_when == ""
    assert rows["low_a"].share == pytest.approx(0.7, abs=0.01) and not rows["low_a"].meets_target
    assert rows["low_a"].breaks_when.startswith("a above 0.667")
    assert rows["half"].points == pytest.approx(200, abs=2) and rows["half"].share == pytest.approx(
        0.5, abs=0.02
    )
    assert rows["half"].meets_target  # a finding has no target
    text = robustness.table(list(rows.values()))
    assert "| low_a: holds while a is below 0.7 | best choice | 70% **below target** | 90% |" in text


def test_a_note_check_names_each_share_the_run_does_not_bear_out() -> None:
    from notebook_cells import note_share_failures, share_tolerance

    def row(name: str, share: float, points: int = 200) -> robustness.Row:
        return robustness.Row(Lesson(name, name, LESSON, lambda a, seed: True), share, points, "")

    note = (
        "Apology fastest in 100% of runs; Asha in 79%,\n  and six hours held in only 63%. Q1 held everywhere."
    )
    rows = [row("apology", 0.98), row("asha", 0.70), row("six", 0.50), row("q1", 0.94)]
    phrases = {
        "apology": "fastest in {}% of runs",
        "asha": "Asha in {}%, and",
        "six": "held in only {}%",
        "q1": "held everywhere",
        "gone": "gone in {}%",
    }
    failures = note_share_failures(note, phrases, rows)
    assert [f.split(":")[0] for f in failures] == ["six", "q1", "gone"]
    assert "the note says 63% ('held in only 63%') but the run measured 50.0% of 200 points" in failures[0]
    assert "the note says 100% ('held everywhere') but the run measured 94.0%" in failures[1]
    assert failures[2].startswith("gone: no such lesson in the run")
    assert note_share_failures(note, {"six": "held in about {}%"}, rows) == [
        "six: the note no longer says 'held in about {}%'"
    ]
    # About three standard errors plus a point for rounding, never under 4 points.
    assert share_tolerance(1.0, 120) == share_tolerance(0.99, 900) == 4.0
    assert share_tolerance(0.5, 200) == pytest.approx(100 * 3 * (0.25 * (1 / 200 + 1 / 900)) ** 0.5 + 1)
    assert 12 < share_tolerance(0.5, 200) < 13


def test_a_lesson_needs_a_known_kind_and_a_module_needs_a_declaration() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        Lesson("x", "x", "hunch", lambda a, seed: True)
    with pytest.raises(ValueError, match="No robustness declaration"):
        robustness.scenario_for("98")
    assert robustness.scenario_for("1") is control and robustness.scenario_for("control") is control
    assert robustness.main(["99"]) == 2


def test_module_01_declares_a_range_for_every_uncertain_assumption_and_a_test_for_every_graded_choice() -> (
    None
):
    declared = {a.name for a in control.PLAUSIBLE}
    for name in ("hidden_cost", "leader_hour_value", "earnings_morale_weight", "crm_slip_share"):
        assert name in declared
    assert not declared & set(control.POLICY_LEVERS), "a lever is the trainee's, not an assumption"
    graded = {lesson.name for lesson in control.LESSONS if lesson.kind == BEST_CHOICE}
    assert graded == {"q3_veteran_reviews", "q3_new_hire_reviews"}
    full = {a.name: a.note for a in control.assumptions(full=True)}
    assert "Range: plausible 0.05 to 0.6" in full["hidden_cost"]


@functools.lru_cache(maxsize=1)
def _module_01_rows() -> tuple[robustness.Row, ...]:
    """Module 01's run, measured once for both tests: 100 points x 2 seeds (the CLI and the note use
    300 x 3; the note's shares are checked within the sampling error of the smaller run)."""
    return tuple(robustness.measure(control, points=100, seeds=(0, 1)))


@pytest.mark.slow
def test_module_01_lessons_hold_across_the_plausible_space() -> None:
    # Issue 22's targets: each graded best choice in >= 90% of the space, each stated lesson in >= 80%,
    # with the selling-share range consistent with what IPG measured (38% after reporting).
    share = next(a for a in control.PLAUSIBLE if a.name == "base_selling_share")
    assert (share.low, share.high) == (0.38, 0.48)
    rows = list(_module_01_rows())
    below = [
        f"{row.lesson.name}: {row.share:.0%} < {row.lesson.target:.0%}"
        for row in rows
        if not row.meets_target
    ]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)


# The phrase of module 01's "Where this lesson stops holding" note that states each lesson's share.
NOTE_PHRASES = {
    "q1_veteran_revenue": "cost veterans revenue in {}%",
    "q1_veteran_quits": "quit in {}%",
    "q3_veteran_reviews": "did best in {}%",
    "q3_new_hire_reviews": "fewest that sold more than none in {}%",
    "new_hire_best_split_first_quarter": "two did in {}%",
    "q1_new_hire_revenue": "beat none in {}% of runs, fewer than",
    "field_days_pay": "beat none in {}%",
    "heavy_crm_loses": "less than one in {}%",
    "some_crm_pays": "it did in {}%",
}


@pytest.mark.slow
def test_module_01_note_states_the_shares_the_robustness_run_measures() -> None:
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    path = (
        Path(__file__).resolve().parents[1]
        / "solutions"
        / "01_leader_not_manager"
        / "leader_not_manager.ipynb"
    )
    failures = note_share_failures(stops_holding_note(path), NOTE_PHRASES, _module_01_rows())
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- module 06

# The phrase of module 06's "Where this lesson stops holding" note that states each lesson's share
# (measured at 300 points x 3 seeds; the slow test below uses 100 x 2, so it allows about three
# standard errors: notebook_cells.share_tolerance).
NOTE_PHRASES_06 = {
    "q3_plan": "than plan A in {}% of runs",
    "q1_sabotage": "more undermining than 20% in {}% of runs",
    "q1_revenue": "sold less in {}%",
    "several_winners_beat_one": "more than one in {}%",
    "registration_beats_escalation_alone": "escalation alone in {}%",
    "escalation_pays_on_top_of_registration": "paid in only {}%",
    "shared_credit_holds_revenue": "the first in {}% of runs",
}


@pytest.mark.slow
def test_module_06_lessons_hold_across_the_plausible_space_and_its_note_states_their_shares() -> None:
    # 100 points x 2 seeds (about 20 s on one core); the CLI's default is 300 x 3.
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    from course.scenarios import one_team

    rows = robustness.measure(one_team, points=100, seeds=(0, 1))
    below = [f"{r.lesson.name}: {r.share:.0%} < {r.lesson.target:.0%}" for r in rows if not r.meets_target]
    assert not below, "lessons below their targets:\n" + "\n".join(below)
    path = Path(__file__).resolve().parents[1] / "solutions" / "06_one_team" / "one_team.ipynb"
    wrong = note_share_failures(stops_holding_note(path), NOTE_PHRASES_06, rows)
    assert not wrong, "module 06's note and the robustness run disagree:\n" + "\n".join(wrong)


# The phrase of module 02's "Where this lesson stops holding" note that states each lesson's share
# ("Carla and Dev were the two" is all four of Exercise 3's picks at once).
NOTE_PHRASES_02 = {
    **dict.fromkeys(("q3_carla", "q3_dev", "q3_asha", "q3_ben"), "lowered most in {}% of runs"),
    "field_days_improve_forecast": "a better forecast than none in {}% of runs",
    "desk_leader_worse": "worse forecast than the default in {}%",
    "no_checking_pays_asha_ben_at_750": "for Asha or Ben in {}% of runs",
    "no_checking_pays_at_750": "for none of the four in {}%",
    "six_hours_past_the_point": "held in only {}%",
    **dict.fromkeys(("q1_apology_fastest", "q1_denial_slowest"), "slowest, in {}% of runs"),
}


@pytest.mark.slow
def test_module_02_lessons_hold_across_the_plausible_space() -> None:
    # Fewer points than the CLI's 300 x 3 (under 40 s on one core); the full run's table is in
    # docs/MODEL_VALIDITY.md. A best choice must hold in >= 90% of the space, a lesson in >= 80%;
    # and the note states each share the full run measured, within this run's sampling error.
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    from course.scenarios import trust

    rows = robustness.measure(trust, points=60, seeds=(0, 1))
    below = [
        f"{row.lesson.name}: {row.share:.0%} < {row.lesson.target:.0%}"
        for row in rows
        if not row.meets_target
    ]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)
    note = stops_holding_note(Path(__file__).resolve().parents[1] / "solutions" / "02_trust" / "trust.ipynb")
    wrong = note_share_failures(note, NOTE_PHRASES_02, rows)
    assert not wrong, "module 02's note and the robustness run disagree:\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- module 05


def test_module_05_declares_a_range_for_every_uncertain_assumption_and_a_test_for_every_graded_choice() -> (
    None
):
    from course.scenarios import pebbles

    declared = {a.name for a in pebbles.PLAUSIBLE}
    for name in ("wait_loss", "wait_learning", "discount_scale", "pull_window", "lift_scale"):
        assert name in declared
    assert not declared & set(pebbles.POLICY_LEVERS), "a lever is the trainee's, not an assumption"
    graded = {lesson.name for lesson in pebbles.LESSONS if lesson.kind == BEST_CHOICE}
    assert graded == {"q3_closest", "q3_starves"}
    full = {a.name: a.note for a in pebbles.assumptions(full=True)}
    assert "Range: plausible 0.02 to 0.15 (our assumption)" in full["wait_loss"]
    assert robustness.scenario_for("05") is pebbles


# The phrase of module 05's "Where this lesson stops holding" note that states each lesson's share
# (measured there at 300 points x 3 seeds; here at fewer, so within about three standard errors:
# notebook_cells.share_tolerance).
NOTE_PHRASES_05 = {
    "q1_two_years": "two years' revenue lower, in {}%",
    "every_quarter_costs_more": "at the year's end, in {}%",
    "small_push_pays": "beat no push in {}%",
    "q3_closest": "share, in {}%",
    "some_pilots_not_all": "offered a pilot in {}%",
}


@pytest.mark.slow
def test_module_05_lessons_hold_across_the_plausible_space_and_the_note_says_so() -> None:
    # 100 points x 2 seeds (the CLI's default is 300 x 3): about 15 s on one core.
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    from course.scenarios import pebbles

    rows = robustness.measure(pebbles, points=100, seeds=(0, 1))
    below = [
        f"{row.lesson.name}: {row.share:.0%} < {row.lesson.target:.0%}"
        for row in rows
        if not row.meets_target
    ]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)
    path = (
        Path(__file__).resolve().parents[1]
        / "solutions"
        / "05_pebbles_and_quarters"
        / "pebbles_and_quarters.ipynb"
    )
    wrong = note_share_failures(stops_holding_note(path), NOTE_PHRASES_05, rows)
    assert not wrong, "module 05's note and the robustness run disagree:\n" + "\n".join(wrong)
