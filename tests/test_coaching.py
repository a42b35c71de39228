"""The coaching model: every mechanism's direction, determinism, plain errors, the open-door
conversation, and the margins module 03's exercises rely on."""

from __future__ import annotations

import numpy as np
import pytest

from course.scenarios import coaching

P = coaching.Params()
SEED = coaching.SEED


def run(**changes) -> coaching.Result:
    return coaching.simulate(P.with_(**changes), seed=SEED)


def plan(*rows) -> tuple[tuple[float, float, float], ...]:
    return tuple(tuple(float(x) for x in row) for row in rows)


NOBODY = plan(*[(0, 0, 0)] * 5)


def only(index: int, row) -> tuple[tuple[float, float, float], ...]:
    rows = [(0.0, 0.0, 0.0)] * 5
    rows[index] = tuple(float(x) for x in row)
    return tuple(rows)


# --------------------------------------------------------------------------- shape and determinism


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    first, again = coaching.simulate(P, seed=7), coaching.simulate(P, seed=7)
    assert np.array_equal(first.attainment, again.attainment) and first.summary() == again.summary()
    assert not np.array_equal(first.attainment, coaching.simulate(P, seed=8).attainment)


def test_the_group_levers_and_the_plan_describe_the_same_hours() -> None:
    explicit = P.with_(plan=coaching._as_plan(P.hours()))
    assert np.array_equal(
        coaching.simulate(explicit, seed=3).attainment, coaching.simulate(P, seed=3).attainment
    )
    assert P.hours_used() == 2 * 3 + 3 * (3 + 2) == 21


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"new_session_hours": -1}, "new_session_hours"),
        ({"veteran_observe_hours": 13}, "veteran_observe_hours"),
        ({"new_cosell_hours": "3"}, "new_cosell_hours"),
        ({"plan": ((1, 1, 1),)}, "plan"),
        ({"plan": plan(*[(0, 0, 20)] * 5)}, "plan"),
        ({"months_in_role": (1.0, 2.0)}, "months_in_role"),
        ({"fit_strength": 1.5}, "fit_strength"),
        ({"novice_skill": 0.9}, "novice_skill"),
        ({"months": 0}, "months"),
        ({"field_hours_per_month": float("nan")}, "field_hours_per_month"),
    ],
)
def test_bad_input_names_the_parameter(changes, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        P.with_(**changes)


def test_bad_runs_seed_and_params_are_plain_errors() -> None:
    with pytest.raises(ValueError, match="runs"):
        coaching.simulate(P, seed=1, runs=0)
    with pytest.raises(ValueError, match="seed"):
        coaching.simulate(P, seed=-1)
    with pytest.raises(TypeError, match="coaching.Params"):
        coaching.simulate({"new_session_hours": 2}, seed=1)
    with pytest.raises(ValueError, match="skill"):
        coaching.session_gain(2, 1.5)


# --------------------------------------------------------------------------- mechanisms


def test_sessions_have_diminishing_returns_and_help_the_weakest_skill_most() -> None:
    assert coaching.session_gain(0, 0.4) == 0
    assert coaching.session_gain(2, 0.4) == pytest.approx(0.25 * 0.6 * 2 / 4)
    assert coaching.session_gain(4, 0.4) < 2 * coaching.session_gain(2, 0.4)
    assert coaching.session_gain(2, 0.2) > coaching.session_gain(2, 0.8)


def test_sessions_build_skill_and_ownership() -> None:
    none, some = run(plan=NOBODY), run(plan=only(4, (0, 0, 4)))
    assert some.skill_by_rep[4] > none.skill_by_rep[4]
    assert some.motivation_by_rep[4] > none.motivation_by_rep[4] - 1e-9


def test_a_ride_along_makes_the_sessions_that_follow_it_work_better() -> None:
    blind = run(plan=only(3, (0, 0, 3)))
    seen = run(plan=only(3, (3, 0, 3)))
    assert seen.skill_by_rep[3] > blind.skill_by_rep[3] + 0.01
    # ... because of what the leader sees: with sessions as good blind as seen, the gain shrinks.
    full = P.with_(blind_session_share=1.0)
    blind_full = coaching.simulate(full.with_(plan=only(3, (0, 0, 3))), seed=SEED)
    seen_full = coaching.simulate(full.with_(plan=only(3, (3, 0, 3))), seed=SEED)
    assert (
        seen_full.skill_by_rep[3] - blind_full.skill_by_rep[3] < seen.skill_by_rep[3] - blind.skill_by_rep[3]
    )


def test_observing_sharpens_the_leaders_read_of_each_gap() -> None:
    none, some = run(plan=NOBODY), run(plan=plan(*[(6, 0, 0)] * 5))
    assert (some.gap_found > none.gap_found).all()


def test_co_selling_wins_this_months_business_but_builds_little_skill() -> None:
    none = run(plan=NOBODY)
    cosell, session = run(plan=only(4, (0, 5, 0))), run(plan=only(4, (0, 0, 5)))
    assert cosell.attainment[0] > none.attainment[0] and cosell.attainment[0] > session.attainment[0]
    # Its own teaching, apart from the direction any time with a new rep gives (fit switched off):
    none, cosell, session = (
        run(plan=rows, fit_strength=0.0) for rows in (NOBODY, only(4, (0, 5, 0)), only(4, (0, 0, 5)))
    )
    assert session.skill_by_rep[4] - none.skill_by_rep[4] > 3 * (
        cosell.skill_by_rep[4] - none.skill_by_rep[4]
    )


def test_too_much_direction_lowers_a_veterans_motivation_only_with_the_assumption_on() -> None:
    heavy = only(0, (8, 8, 0))
    assert run(plan=heavy).motivation_by_rep[0] < run(plan=NOBODY).motivation_by_rep[0] - 0.05
    off_heavy = run(plan=heavy, fit_strength=0.0, cosell_ownership_loss=0.0)
    off_none = run(plan=NOBODY, fit_strength=0.0, cosell_ownership_loss=0.0)
    assert off_heavy.motivation_by_rep[0] == pytest.approx(off_none.motivation_by_rep[0])


def test_too_little_direction_leaves_a_new_hire_stuck_only_with_the_assumption_on() -> None:
    alone, directed = run(plan=NOBODY), run(plan=only(4, (6, 0, 0)))
    assert directed.skill_by_rep[4] > alone.skill_by_rep[4] + 0.02
    off_alone = run(plan=NOBODY, fit_strength=0.0)
    off_directed = run(plan=only(4, (6, 0, 0)), fit_strength=0.0)
    assert off_directed.skill_by_rep[4] == pytest.approx(off_alone.skill_by_rep[4])


def test_riding_along_teaches_the_leader_about_customers_more_than_co_selling() -> None:
    observe, cosell = run(plan=only(2, (5, 0, 0))), run(plan=only(2, (0, 5, 0)))
    assert observe.insight[-1] > cosell.insight[-1] > run(plan=NOBODY).insight[-1] == 0
    assert np.all(np.diff(observe.insight) > 0)


def test_hours_over_the_budget_cost_the_team() -> None:
    rows = plan(*[(0, 0, 6)] * 5)  # 30 hours
    within, over = run(plan=rows), run(plan=rows, field_hours_per_month=20.0)
    assert over.final_attainment < within.final_attainment
    assert "over, taken from your other work" in over.summary()
    assert within.hours_left == -6 and "leaving" not in over.summary()


def test_new_hires_ramp_over_months_and_veterans_start_skilled() -> None:
    none = run(plan=NOBODY)
    assert none.skill_by_rep[0] > none.skill_by_rep[4]
    assert none.skill[-1] > none.skill[0]
    assert coaching.experience(6.0) == pytest.approx(0.5)


def test_the_summary_compares_with_the_default_plan_in_words() -> None:
    base = coaching.simulate(P, seed=SEED)
    other = run(new_session_hours=6.0)
    text = other.summary(baseline=base)
    assert text.startswith("Compared with the default plan: attainment over the 12 months")
    assert "Compared" not in base.summary(baseline=base)
    axes = coaching.plot_dashboard(other, baseline=base)
    assert len(axes) == 4 and len(axes[0].lines) == 2


# --------------------------------------------------------------------------- Exercise 1


def test_exercise_1_the_newest_rep_gains_most_and_ana_loses() -> None:
    table = coaching.ride_along_gains(coaching.TEAM)
    assert table.most() == "Eli"
    gains = dict(zip(table.names, table.attainment_change, strict=True))
    assert gains["Eli"] > gains["Dee"] + 1 > gains["Cam"] + 1  # a clear order, not luck
    assert gains["Ana"] < -1 and gains["Bo"] < -1
    assert table.gain("Eli") == round(gains["Eli"]) > 0
    assert "Eli" in str(table) and "<table>" in table._repr_html_() and repr(table) == str(table)


def test_exercise_1_holds_on_other_seeds() -> None:
    for seed in (1, 2, 3):
        assert coaching.ride_along_gains(coaching.TEAM, seed=seed, runs=200).most() == "Eli"


# --------------------------------------------------------------------------- Exercise 4


SOLUTION = ["leave", "coach", "coach", "coach", "coach"]


def test_exercise_4_the_model_backs_a_plan_that_wins_every_trial_by_a_clear_margin() -> None:
    result = coaching.compare_plan(SOLUTION)
    assert len(coaching.DECIDE_SEEDS) >= 20 and result.hours_used <= 24
    assert result.wins == len(coaching.DECIDE_SEEDS)
    assert (result.yours - result.default).min() >= coaching.DECIDE_MARGIN + 0.015
    assert result.beats_default


@pytest.mark.parametrize(
    "choices",
    [
        ["observe", "observe", "cosell", "cosell", "cosell"],
        ["cosell", "leave", "cosell", "cosell", "cosell"],
        ["observe"] * 5,
        ["leave"] * 5,
        ["coach"] * 5,  # better, but 30 hours: over the budget
    ],
)
def test_exercise_4_plans_that_must_not_pass(choices) -> None:
    assert not coaching.compare_plan(choices).beats_default


# --------------------------------------------------------------------------- issue 22's cases, at their cause


def test_exercise_4_judges_the_whole_year_not_the_last_month() -> None:
    # Before: only month 12 was compared, and the plan that passed sold less over the year than the
    # default. Now the comparison is the year's attainment, and the best plan on the menu sells more
    # over the year than both the co-selling plan it is graded against and the explorer's default.
    result = coaching.compare_plan(SOLUTION)
    yours = P.with_(plan=coaching.plan_from_choices(SOLUTION))
    for seed in coaching.DECIDE_SEEDS[:5]:
        assert coaching.simulate(yours, seed=seed).year_attainment == pytest.approx(
            result.yours[coaching.DECIDE_SEEDS.index(seed)]
        )
    default = np.mean([coaching.simulate(P, seed=s).year_attainment for s in coaching.DECIDE_SEEDS])
    assert result.yours.mean() > default + 0.01
    # Every near-best plan that passes also sells more over the year than the default plan.
    for choices in (
        ["coach", "leave", "coach", "coach", "coach"],
        ["leave", "cosell", "coach", "coach", "coach"],
        ["observe", "observe", "coach", "coach", "coach"],
        ["leave", "leave", "coach", "coach", "coach"],
        ["leave", "coach", "coach", "cosell", "coach"],
        ["leave", "coach", "coach", "coach", "cosell"],
        ["coach", "cosell", "leave", "coach", "coach"],
    ):
        passed = coaching.compare_plan(choices)
        if passed.beats_default:
            assert passed.yours.mean() > default, choices


def test_co_selling_sells_more_at_first_and_coaching_from_about_month_four() -> None:
    # What Exercise 4's note says, on the notebook's 20 trials.
    def monthly(choices) -> np.ndarray:
        params = P.with_(plan=coaching.plan_from_choices(choices))
        return np.mean([coaching.simulate(params, seed=s).attainment for s in coaching.DECIDE_SEEDS], axis=0)

    gap = monthly(SOLUTION) - monthly(coaching.CLOSER_PLAN)
    assert np.all(gap[:3] < 0.005) and np.all(gap[3:] > 0) and np.all(np.diff(gap) > 0)
    # Every plan that passes coaches Dee and Eli: leaving either to co-selling fails.
    for choices in (
        ["leave", "coach", "coach", "cosell", "coach"],
        ["leave", "coach", "coach", "coach", "cosell"],
    ):
        assert not coaching.compare_plan(choices).beats_default, choices


def test_exercise_4s_solution_is_the_best_plan_on_the_menu_over_the_year() -> None:
    best = coaching.compare_plan(SOLUTION).margin
    for choices in (
        ["coach", "leave", "coach", "coach", "coach"],
        ["leave", "cosell", "coach", "coach", "coach"],
        ["observe", "observe", "coach", "coach", "coach"],
        ["cosell", "leave", "coach", "coach", "coach"],
        ["coach", "coach", "leave", "coach", "coach"],
    ):
        assert coaching.compare_plan(choices).margin < best, choices


def test_what_the_leader_learns_about_customers_wins_deals_across_the_team() -> None:
    # Before: the leader's learning about customers fed nothing. Now it lifts every rep's attainment.
    with_it, without = run(), run(insight_win_lift=0.0)
    assert np.all(with_it.year_by_rep > without.year_by_rep)
    assert with_it.insight[-1] > 0.3 and np.array_equal(with_it.insight, without.insight)
    # Nobody beside any rep: nothing learned, no lift.
    alone = run(plan=NOBODY)
    assert np.all(alone.insight == 0) and np.allclose(
        alone.attainment, run(plan=NOBODY, insight_win_lift=0.0).attainment
    )


def test_an_hour_beside_a_veteran_teaches_most_and_what_you_know_goes_stale() -> None:
    beside_ana, beside_eli = run(plan=only(0, (3, 0, 0))), run(plan=only(4, (3, 0, 0)))
    assert beside_ana.insight[-1] > beside_eli.insight[-1] + 0.05
    # Ride along for six months, then stop: what you know fades.
    fading = run(plan=only(0, (6, 0, 0)), months=6).insight[-1]
    assert fading > 0
    assert 0 < (1 - P.insight_decay) ** 6 < 1  # the stale share compounds month by month
    assert (
        run(plan=only(0, (6, 0, 0)), insight_decay=0.0).insight[-1] > run(plan=only(0, (6, 0, 0))).insight[-1]
    )


def test_riding_with_veterans_has_a_value_and_a_cost() -> None:
    # Before: riding with veterans only ever cost. Now it costs the veteran some motivation (an
    # expert over-directed) and the leader's hours, and pays in what the leader learns.
    coach_new = ("coach", "coach", "coach")
    observed = P.with_(plan=coaching.plan_from_choices(("observe", "observe", *coach_new)))
    left = P.with_(plan=coaching.plan_from_choices(("leave", "leave", *coach_new)))
    seeds = (1, 2, 3, 4, 5)
    rides = [coaching.simulate(observed, seed=s) for s in seeds]
    alone = [coaching.simulate(left, seed=s) for s in seeds]
    assert np.mean([r.year_attainment for r in rides]) > np.mean([r.year_attainment for r in alone])
    assert all(r.motivation_by_rep[0] < a.motivation_by_rep[0] for r, a in zip(rides, alone, strict=True))
    # The value is the customer knowledge: without its lift the rides only cost.
    no_lift = [coaching.simulate(observed.with_(insight_win_lift=0.0), seed=s) for s in seeds]
    alone_no_lift = [coaching.simulate(left.with_(insight_win_lift=0.0), seed=s) for s in seeds]
    assert np.mean([r.year_attainment for r in no_lift]) < np.mean([a.year_attainment for a in alone_no_lift])


def test_co_sell_is_read_as_the_prose_spells_it() -> None:
    cosell = coaching.MENU["cosell"]
    for typed in ("co-sell", "Co-Sell", " co sell ", "cosell", "COSELL"):
        assert coaching.menu_word(typed) == "cosell"
        assert coaching.plan_from_choices(["leave", "leave", typed, "leave", "leave"])[2] == cosell
    assert coaching.menu_word(3) == 3


def test_exercise_4_reads_slips_and_refuses_in_plain_words(capsys) -> None:
    assert coaching.plan_from_choices([" Leave", "COACH", "cosell ", "observe", "coach"])[2] == (
        0.0,
        5.0,
        0.0,
    )
    assert coaching.compare_plan(["leave", "coach", "coach", "coach", "chat"]) is None
    assert "the choice for Eli must be one of" in capsys.readouterr().out
    assert coaching.compare_plan([None] * 5) is None
    assert "the choice for Ana is still empty" in capsys.readouterr().out
    with pytest.raises(ValueError, match="one choice for each of the 5 reps"):
        coaching.plan_from_choices(["leave"])


# --------------------------------------------------------------------------- the open door


def test_every_path_ends_and_every_choice_is_a_question_or_an_instruction() -> None:
    paths = coaching.door_paths()
    assert len(paths) == len(set(paths)) > 10
    for path in paths:
        assert coaching.door_walk(path).finished
        # Every path through all four turns counts; "A" alone ends the talk at once.
        assert (coaching.door_problem(path) is None) == (len(path) == len(coaching.DOOR))
    for _title, choices in coaching.DOOR.values():
        assert 2 <= len(choices) <= 3
        assert {c[2] for c in choices} <= {"question", "instruction"}
        assert [c[0] for c in choices] == list("ABC"[: len(choices)])


def test_the_best_path_asks_at_every_stage_and_beats_the_next_clearly() -> None:
    scores = sorted({coaching.door_walk(p).score for p in coaching.door_paths()}, reverse=True)
    best = [p for p in coaching.door_paths() if coaching.door_walk(p).score == scores[0]]
    assert best == [("C", "B", "B", "A")] and scores[0] == coaching.door_best_score()
    assert scores[0] - scores[1] >= 2
    walk = coaching.door_walk("C B B A")
    assert walk.questions == 4 and walk.ownership > 0 and walk.quality > 0
    # An instruction that ends the talk at once leaves the rep owning less and a worse deal.
    assert coaching.door_walk("A").score < 0


def test_a_question_in_form_can_be_an_instruction_in_fact() -> None:
    leading = next(c for c in coaching.DOOR["reality"][1] if "Don't you think" in c[1])
    assert leading[2] == "instruction" and leading[4] < 0


@pytest.mark.parametrize(
    "typed", ["C B B A", "c,b,b,a", "CBBA", " c b  b a ", ["c", "B", "b", "a"], "C-B-B-A", "“C B B A”"]
)
def test_a_path_is_read_whatever_the_spacing_case_or_commas(typed) -> None:
    assert coaching.parse_path(typed) == ("C", "B", "B", "A")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "the path is empty"),
        ("C B D A", "only the letters A, B and C"),
        ("C B B", "not over after 3 steps"),
        ("A B", "ended after step 1"),
        ("C B C A", "at step 3 the choices are A or B"),
        (4, "letters in quote marks"),
        ([1, 2], "a letter in quote marks"),
    ],
)
def test_a_wrong_path_gets_one_plain_sentence(typed, says: str) -> None:
    problem = coaching.door_problem(typed)
    assert problem is not None and says in problem and problem.endswith(".")
    assert "\n" not in problem


# --------------------------------------------------------------------------- assumptions


def test_the_plain_table_says_the_interaction_is_weakly_supported_and_has_a_slider() -> None:
    text = str(coaching.assumptions())
    assert "Weakly supported" in text and "[thompson-vecchio-2009]" in text and "slider" in text
    assert "fit_strength" in {name for name, *_ in coaching.CONTROLS}
    assert "fit_strength" not in coaching.POLICY_LEVERS


def test_a_veterans_hidden_gap_is_smaller_than_a_new_hires() -> None:
    none = run(plan=NOBODY, months=1, luck=0.0)
    assert none.skill_by_rep[0] > none.skill_by_rep[2] > none.skill_by_rep[4]
    depth = P.gap_size * (1 - coaching.experience(np.asarray(P.months_in_role)))
    assert depth[0] < 0.02 < 0.2 < depth[4]


def test_the_plan_comparison_says_whether_it_passes_and_the_notes_wait() -> None:
    assert str(coaching.compare_plan(SOLUTION)).endswith("This passes Exercise 4a.")
    failing = str(coaching.compare_plan(["observe", "observe", "cosell", "coach", "coach"]))
    assert failing.splitlines()[-1].startswith("Not yet: it needs to fit your hours")
    assert coaching.plan_note(SOLUTION).startswith(
        "Over the year"
    ) and "[thompson-vecchio-2009]" in coaching.plan_note(SOLUTION)
    assert coaching.plan_note([None] * 5).startswith("Not yet")
    assert coaching.door_note("C B B A").startswith("In GROW's terms") and coaching.door_note(
        "C B"
    ).startswith("Not yet")


def test_a_path_copied_from_the_buttons_is_read_and_one_that_ends_at_once_is_refused() -> None:
    assert coaching.parse_path("Say C, Say B, Say B, Say A") == ("C", "B", "B", "A")
    assert "you decided for Dee at once" in coaching.door_problem("A")
    assert "are not letters of the path" in coaching.door_problem("the end")


def test_a_plan_no_different_from_the_default_is_called_the_same() -> None:
    base = coaching.simulate(P, seed=SEED)
    same = coaching.simulate(
        P.with_(veteran_session_hours=0.0, fit_strength=1.0, luck=P.luck, plan=()), seed=SEED
    )
    assert base.summary(baseline=same) == base.summary()  # same params: no comparison
    nudged = coaching.simulate(P.with_(practice_rate=P.practice_rate + 1e-9), seed=SEED)
    assert nudged.summary(baseline=base).startswith("About the same as the default plan.")


def test_each_part_of_the_comparison_below_its_precision_is_about_the_same() -> None:
    """Review r2: eight session hours read "motivation at the end 0.00 higher"."""
    base = coaching.simulate(P, seed=SEED)
    more = coaching.simulate(P.with_(new_session_hours=8.0), seed=SEED)
    morale = more.motivation[-1] - base.motivation[-1]
    text = more.summary(baseline=base)
    assert ("motivation at the end about the same" in text) == (abs(morale) < 0.005)
    assert "0.00 higher" not in text and "0.00 lower" not in text


# --------------------------------------------------------------------------- robustness (issue 22)


def test_every_uncertain_assumption_has_a_range_and_every_graded_choice_a_lesson() -> None:
    from course.scenarios import robustness

    declared = {a.name for a in coaching.PLAUSIBLE}
    assert not declared & set(coaching.POLICY_LEVERS), "a lever is the trainee's, not an assumption"
    assert {"insight_win_lift", "cosell_deal_max", "fit_strength", "experience_half_months"} <= declared
    assert all(a.basis for a in coaching.PLAUSIBLE)
    graded = {lesson.name for lesson in coaching.LESSONS if lesson.kind == robustness.BEST_CHOICE}
    assert graded == {"q4_plan", "q1_reason"}
    assert robustness.scenario_for("03") is coaching
    full = {a.name: a.note for a in coaching.assumptions(full=True)}
    assert (
        "Range: plausible 0.03 to 0.2 (direction: the essay's claim; size ours)" in full["insight_win_lift"]
    )


def test_every_row_of_the_plain_table_says_measured_with_its_source_or_our_assumption() -> None:
    for row in coaching.assumptions():
        note = row.note
        assert "our assumption" in note.lower() or "[" in note, row.name
        if "our assumption" in note.lower():
            assert "plausible range" in note, row.name
    ramp = next(row for row in coaching.assumptions() if row.name == "New hires ramp over months")
    assert "SaaS inside-sales" in ramp.note and "[bridge-group-ramp]" in ramp.note


# The phrase of module 03's "Where this lesson stops holding" note that states each lesson's share.
NOTE_PHRASES = {
    "q1_reason": "the newest rep, in {}% of runs",
    "learn_from_veterans": "learn most about customers, in {}%",
    "q4_plan": "beat the co-selling plan in {}% of runs",
    "veteran_rides_pay": "than leaving them alone in {}% of runs",
    "best_beats_default": "in only {}% of runs",
}


@pytest.mark.slow
def test_module_03_lessons_hold_across_the_plausible_space() -> None:
    # Issue 22's targets: each graded best choice in >= 90% of the space, each stated lesson in >= 80%;
    # and the note states each share the full run measured, within this run's sampling error.
    # 150 points x 2 seeds here (about 15 s of one core); the CLI's default is 300 x 3.
    from pathlib import Path

    from notebook_cells import note_share_failures, stops_holding_note

    from course.scenarios import robustness

    rows = robustness.measure(coaching, points=150, seeds=(0, 1))
    below = [f"{r.lesson.name}: {r.share:.0%} < {r.lesson.target:.0%}" for r in rows if not r.meets_target]
    assert not below, "lessons below their targets:\n" + "\n".join(below) + "\n\n" + robustness.table(rows)
    path = Path(__file__).resolve().parents[1] / "solutions" / "03_coaching" / "coaching.ipynb"
    wrong = note_share_failures(stops_holding_note(path), NOTE_PHRASES, rows)
    assert not wrong, "module 03's note and the robustness run disagree:\n" + "\n".join(wrong)
