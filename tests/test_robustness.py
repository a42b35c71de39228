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
    """Module 01's run, 300 points x 3 seeds as the CLI and the note: measured once for both tests."""
    return tuple(robustness.measure(control, points=300, seeds=(0, 1, 2)))


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

    from notebook_cells import index_of, read_cells

    path = (
        Path(__file__).resolve().parents[1]
        / "solutions"
        / "01_leader_not_manager"
        / "leader_not_manager.ipynb"
    )
    cells = read_cells(path)
    note = " ".join(cells[index_of(cells, "where_lesson_stops")].source.split())
    rows = {row.lesson.name: row for row in _module_01_rows()}
    for name, phrase in NOTE_PHRASES.items():
        assert phrase.format(round(rows[name].share * 100)) in note, (name, rows[name].share)


# --------------------------------------------------------------------------- module 06

# The phrase of module 06's "Where this lesson stops holding" note that states each lesson's share
# (measured at 300 points x 3 seeds; the slow test below uses 200, so it allows 10 percentage points,
# about three standard errors).
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
    import re
    from pathlib import Path

    from notebook_cells import index_of, read_cells

    from course.scenarios import one_team

    rows = {row.lesson.name: row for row in robustness.measure(one_team, points=100, seeds=(0, 1))}
    below = [
        f"{r.lesson.name}: {r.share:.0%} < {r.lesson.target:.0%}" for r in rows.values() if not r.meets_target
    ]
    assert not below, "lessons below their targets:\n" + "\n".join(below)
    path = Path(__file__).resolve().parents[1] / "solutions" / "06_one_team" / "one_team.ipynb"
    cells = read_cells(path)
    note = " ".join(cells[index_of(cells, "where_lesson_stops")].source.split())
    for name, phrase in NOTE_PHRASES_06.items():
        found = re.search(re.escape(phrase).replace(re.escape("{}"), r"(\d+)"), note)
        assert found, (name, phrase)
        assert abs(int(found.group(1)) - rows[name].share * 100) <= 10, (
            name,
            found.group(1),
            rows[name].share,
        )


@pytest.mark.slow
def test_module_02_lessons_hold_across_the_plausible_space() -> None:
    # Fewer points than the CLI's 300 x 3 (under 40 s on one core); the full run's table is in
    # docs/MODEL_VALIDITY.md. A best choice must hold in >= 90% of the space, a lesson in >= 80%.
    from course.scenarios import trust

    rows = robustness.measure(trust, points=60, seeds=(0, 1))
    below = [
        f"{row.lesson.name}: {row.share:.0%} < {row.lesson.target:.0%}"
        for row in rows
        if not row.meets_target
    ]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)


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
# (measured there at 300 points x 3 seeds; here at fewer, so within a few points).
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
    import re
    from pathlib import Path

    from notebook_cells import index_of, read_cells

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
    cells = read_cells(path)
    note = " ".join(cells[index_of(cells, "where_lesson_stops")].source.split())
    shares = {row.lesson.name: row.share for row in rows}
    for name, phrase in NOTE_PHRASES_05.items():
        found = re.search(re.escape(phrase).replace(r"\{\}", r"(\d+)"), note)
        assert found, (name, phrase)
        assert abs(int(found.group(1)) - shares[name] * 100) <= 6, (name, found.group(1), shares[name])
