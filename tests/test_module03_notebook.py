"""Module 03's notebook keeps the house shape: predictions before the reveal, a reveal that waits,
graded follow-ups that need the revealed result, an open-door path graded by the model's weights,
a plan graded against the default plan, test cells that follow the contract, and one time estimate
shared with the facilitator guide."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import cell_id, index_of, run_check

from course.scenarios import coaching
from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "03_coaching" / "coaching.ipynb"
RELEASE = ROOT / "assignments" / "03_coaching" / "coaching.ipynb"
PREDICTIONS = ("q1_most", "q1_ana")
REPS = ["Ana", "Bo", "Cam", "Dee", "Eli"]


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def _text(grade_id: str) -> str:
    return " ".join(next(c.source for c in _cells() if cell_id(c) == grade_id).split())


# --------------------------------------------------------------------------- shape


def test_predictions_come_before_the_reveal_and_the_explorer_after_it() -> None:
    cells = _cells()
    answer, reveal, follow_up = (
        index_of(cells, g) for g in ("q1_predictions", "q1_reveal", "q1_followup_answers")
    )
    explorer = next(i for i, c in enumerate(cells) if c.source.strip().endswith("\nexplore(coaching)"))
    prediction_checks = [index_of(cells, f"test_{name}") for name in PREDICTIONS]
    assert answer < min(prediction_checks) and max(prediction_checks) < reveal < follow_up < explorer
    assert "ride_along_gains" not in "\n".join(c.source for c in cells[:reveal])


def test_the_reveal_cell_is_locked_and_gated_on_both_predictions() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q1_reveal")]
    assert reveal.metadata["nbgrader"]["locked"] and not reveal.metadata["nbgrader"].get("grade")
    assert "reveal(" in reveal.source
    for name in PREDICTIONS:
        assert f'"{name}"' in reveal.source


def test_the_module_has_enough_autograded_points_and_a_hand_graded_reflection() -> None:
    cells = _cells()
    graded = [c.metadata["nbgrader"] for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = [m for m in graded if m["grade_id"].startswith("test_")]
    assert len({m["grade_id"].split("_")[1] for m in auto}) >= 4 and sum(m["points"] for m in auto) >= 10
    reflection = next(m for m in graded if m["grade_id"] == "reflection")
    assert reflection["points"] == 5 and reflection["solution"]


def test_the_rubric_and_the_door_weights_are_only_in_the_instructor_notebook() -> None:
    solution = "\n".join(c.source for c in _cells())
    release = "\n".join(c.source for c in _cells(RELEASE))
    # door_best_score() is in the visible check (it judges the path before submission) but its
    # number is never shown; the weights, the best path and the rubric stay hidden.
    for secret in ("Critical reflection", "DOOR_WEIGHTS", "C B B A"):
        assert secret in solution and secret not in release, secret
    assert "How it is graded, in plain words" in release


# --------------------------------------------------------------------------- Exercise 1


@pytest.mark.parametrize(("most", "ana"), list(itertools.product(REPS, ["up", "down"])))
def test_predictions_earn_their_points_for_any_valid_choice(most: str, ana: str) -> None:
    run_check(SOLUTION, "test_q1_most", q1_most=most)
    run_check(SOLUTION, "test_q1_ana", q1_ana=ana)


@pytest.mark.parametrize("slip", [None, "Elie", "Eli and Dee", 5])
def test_a_prediction_that_is_not_a_rep_earns_nothing(slip: object) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q1_most", q1_most=slip)


def test_the_follow_up_needs_the_revealed_numbers() -> None:
    table = coaching.ride_along_gains(coaching.TEAM)
    run_check(SOLUTION, "test_q1_points", q1_points=table.gain("Eli"))
    run_check(SOLUTION, "test_q1_points", q1_points=float(table.gain("Eli")))
    for wrong in (table.gain("Dee"), table.gain("Ana"), str(table.gain("Eli")), 0.07):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_points", q1_points=wrong)
    run_check(SOLUTION, "test_q1_reason", q1_reason="c")
    for wrong in ("A", "B", "D"):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_reason", q1_reason=wrong)


# --------------------------------------------------------------------------- Exercise 2


def test_the_gains_and_their_ratio_are_graded_on_the_formula() -> None:
    run_check(SOLUTION, "test_q2_gain_2h", q2_gain_2h=0.25 * (1 - 0.4) * 2 / (2 + 2))
    run_check(SOLUTION, "test_q2_gain_2h", q2_gain_2h=0.075)
    run_check(SOLUTION, "test_q2_gain_4h", q2_gain_4h=0.1)
    run_check(SOLUTION, "test_q2_ratio", q2_ratio=1.33)
    run_check(SOLUTION, "test_q2_ratio", q2_ratio=4 / 3)
    slips = {
        "test_q2_gain_2h": ("q2_gain_2h", [0.25 * 1 - 0.4 * 2 / 2 + 2, 0.15, 7.5, "0.075"]),
        "test_q2_gain_4h": ("q2_gain_4h", [0.15, 0.075 * 2, 10]),
        "test_q2_ratio": ("q2_ratio", [2, 0.75, "1.33", 133]),
    }
    for grade_id, (name, wrongs) in slips.items():
        for wrong in wrongs:
            with pytest.raises(checks.NotYet):
                run_check(SOLUTION, grade_id, **{name: wrong})
    # Review r2: a formula typed without its brackets lands outside 0-1; the line says where they go.
    for grade_id, name, wrong, brackets in (
        ("test_q2_gain_2h", "q2_gain_2h", 0.25 * 1 - 0.4 * 2 / 2 + 2, "(2 + 2)"),
        ("test_q2_gain_4h", "q2_gain_4h", 0.25 * (1 - 0.4) * 4 / 4 + 2, "(4 + 2)"),
    ):
        with pytest.raises(checks.NotYet) as refused:
            run_check(SOLUTION, grade_id, **{name: wrong})
        assert "(1 - 0.4)" in str(refused.value) and brackets in str(refused.value)


# --------------------------------------------------------------------------- Exercise 3


@pytest.mark.parametrize("path", ["C B B A", "c, b, b, a", "cbba", ["C", "B", "B", "A"]])
def test_the_best_path_earns_every_point_however_it_is_typed(path) -> None:
    run_check(SOLUTION, "test_q3_door_path", door_path=path)
    run_check(SOLUTION, "test_q3_door_score", door_path=path)


def test_a_complete_but_weaker_path_earns_only_the_first_point() -> None:
    run_check(SOLUTION, "test_q3_door_path", door_path="C A B A")
    with pytest.raises(checks.NotYet) as caught:
        run_check(SOLUTION, "test_q3_door_score", door_path="C A B A")
    assert "ownership +3 and deal quality +3, a total of 6; another path reaches more" in caught.value.problem
    assert "9" not in caught.value.problem  # the best total is not handed out


def test_a_path_that_ends_at_once_or_the_format_example_earns_nothing() -> None:
    for path in ("A", "A B C"):
        for grade_id in ("test_q3_door_path", "test_q3_door_score"):
            with pytest.raises(checks.NotYet):
                run_check(SOLUTION, grade_id, door_path=path)
    assert '"A B C"' in _text("q3_intro") and coaching.door_problem("A B C") is not None


@pytest.mark.parametrize(
    ("path", "says"),
    [(None, "still empty"), ("C B", "not over"), ("C B D A", "only the letters"), (7, "quote marks")],
)
def test_an_unfinished_or_mistyped_path_gets_a_plain_line(path, says: str) -> None:
    with pytest.raises(checks.NotYet) as caught:
        run_check(SOLUTION, "test_q3_door_path", door_path=path)
    assert says in caught.value.problem


def test_the_door_score_is_computed_by_the_model_not_typed_in() -> None:
    cells = _cells()
    hidden = cells[index_of(cells, "test_q3_door_score")].source.split("### BEGIN HIDDEN TESTS")[1]
    assert "coaching.door_best_score()" in hidden and "coaching.door_walk(path)" in hidden


# --------------------------------------------------------------------------- Exercise 4


def _plan(choices) -> dict[str, object]:
    return {f"q4_{rep.lower()}": choice for rep, choice in zip(REPS, choices, strict=True)}


def test_a_plan_that_beats_the_default_plan_earns_the_points() -> None:
    run_check(SOLUTION, "test_q4_plan", **_plan(["leave", "coach", "coach", "coach", "coach"]))
    run_check(SOLUTION, "test_q4_plan", **_plan(["Leave", "leave", " coach", "COACH", "coach"]))


def test_the_visible_check_says_when_a_plan_falls_short() -> None:
    with pytest.raises(checks.NotYet) as caught:
        run_check(SOLUTION, "test_q4_plan", **_plan(["observe", "observe", "cosell", "coach", "coach"]))
    assert (
        "yours is higher in 20 of 20 trials, by +3.7 points" in caught.value.problem
        and "at least +4.5" in caught.value.problem
    )


def test_co_sell_as_the_prose_spells_it_is_a_choice_from_the_menu() -> None:
    run_check(SOLUTION, "test_q4_plan", **_plan(["leave", "co-sell", "coach", "coach", "coach"]))
    run_check(SOLUTION, "test_q4_plan", **_plan(["leave", "Co-sell", "coach", "coach", "coach"]))


@pytest.mark.parametrize(
    "choices",
    [
        ["observe", "observe", "cosell", "cosell", "cosell"],
        ["coach"] * 5,  # over the 24 hours
        ["leave", "leave", "leave", "leave", "leave"],
        ["leave", "coach", "coach", "coach", "chat"],
        [None] * 5,
    ],
)
def test_plans_that_do_not_beat_it_or_do_not_fit_earn_nothing(choices) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q4_plan", **_plan(choices))


# --------------------------------------------------------------------------- Exercise 5


def _score(grade_id: str, **answers) -> float:
    """The points a labelling check's last line gives (nbgrader's partial credit)."""
    cells = _cells()
    scope = dict(answers)
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102 - the course's own set-up cell
    exec(cells[index_of(cells, grade_id)].source, scope)  # noqa: S102
    return scope["points"]


def test_the_labels_are_graded_and_slips_named() -> None:
    run_check(SOLUTION, "test_q5_lines", q5_lines={1: "w", 2: "I", 3: "G", 4: "R", 5: "I"})
    run_check(SOLUTION, "test_q5_rides", q5_rides={1: "L", 2: "C"})
    run_check(SOLUTION, "test_q5_sources", q5_sources={1: "E", 2: "F", 3: "M"})
    # The disguised instruction taken for a question: 4 of 5 right, 4/5 of the 2 points.
    assert _score("test_q5_lines", q5_lines={1: "W", 2: "O", 3: "G", 4: "R", 5: "I"}) == 1.6
    assert _score("test_q5_lines", q5_lines={1: "W", 2: "I", 3: "G", 4: "R", 5: "I"}) == 2
    assert _score("test_q5_rides", q5_rides={1: "C", 2: "C"}) == 0.5
    assert _score("test_q5_sources", q5_sources={1: "F", 2: "F", 3: "M"}) == pytest.approx(1.33)
    with pytest.raises(checks.NotYet) as caught:
        run_check(SOLUTION, "test_q5_sources", q5_sources={"1": "E", "2": "F", "3": "M"})
    assert "without quote marks" in caught.value.problem


# --------------------------------------------------------------------------- the contract


def test_the_sentences_say_what_their_sources_and_the_model_say() -> None:
    evidence = _text("reading_evidence")
    assert "over a third of the feedback interventions *lowered* it [kluger-denisi-1996]" in evidence
    assert "*practitioner's framework*" in evidence and "*low as evidence*" in evidence
    assert "**assumption with a slider**" in evidence and "supports the open door by analogy" in evidence
    assert "no study we cite tests GROW itself" in evidence
    assert "one experienced leader's view" in _text("reading_essay")
    assert "something a published study measured" in _text("q5_intro")
    assert "In 100 to 150 words" in _text("reflection_prompt")
    scenario = _text("scenario_intro")
    p = coaching.TEAM
    assert f"**{p.field_hours_per_month:g} field hours a month**" in scenario
    assert (p.veteran_observe_hours, p.new_cosell_hours, p.new_session_hours) == (3, 3, 2)
    menu = _text("q4_intro")
    for word, hours in coaching.MENU.items():
        assert f'| `"{word}"`' in menu and f"| {sum(hours):g} |" in menu
    assert '`"co-sell"`' in menu  # the prose's spelling is accepted too
    assert f"{100 * coaching.DECIDE_MARGIN:g} percentage points" in menu
    assert len(coaching.DECIDE_SEEDS) == 20 and "20 trials" in menu


def test_the_explore_prompts_match_the_model() -> None:
    # Co-selling with the newer reps, 3 hours to 0: attainment down, motivation up; to 4 (24 hours
    # in all): motivation down, attainment about the same.
    base = coaching.simulate(coaching.TEAM, seed=coaching.SEED)
    none, more = (
        coaching.simulate(coaching.TEAM.with_(new_cosell_hours=h), seed=coaching.SEED) for h in (0.0, 4.0)
    )
    assert none.year_attainment < base.year_attainment - 0.02 and none.motivation[-1] > base.motivation[-1]
    assert (
        more.motivation[-1] < base.motivation[-1] and abs(more.year_attainment - base.year_attainment) < 0.01
    )
    # Riding with the veterans, 3 hours to 0: you know less about customers, the team sells less.
    alone = coaching.simulate(coaching.TEAM.with_(veteran_observe_hours=0.0), seed=coaching.SEED)
    assert alone.insight[-1] < base.insight[-1] / 2 and alone.year_attainment < base.year_attainment
    assert more.params.hours_used() == coaching.TEAM.field_hours_per_month
    assert "from 3 hours down to 0, then up to 4 (the most your 24 hours allow)" in _text("explore_prompts")


@pytest.mark.slow
def test_the_reveal_refuses_in_a_friendly_line_until_the_predictions_are_recorded(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    reveal = index_of(cells, "q1_reveal")
    client = NotebookClient(
        nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(tmp_path)}}
    )
    with client.setup_kernel():
        for index in (index_of(cells, "setup"), index_of(cells, "q1_predictions"), reveal):
            client.execute_cell(cells[index], index)
        refused = "".join(o.get("text", "") for o in cells[reveal].outputs)
        assert refused.startswith("Not yet:") and "q1_most" in refused
        assert not [o for o in cells[reveal].outputs if o.output_type in ("error", "execute_result")]
        client.execute_cell(nbformat.v4.new_code_cell('q1_most = "ana"\nq1_ana = "up"'), 0)
        client.execute_cell(cells[reveal], reveal)
        shown = [o for o in cells[reveal].outputs if o.output_type == "execute_result"]
        assert shown and "the rep's attainment over the year, points" in shown[0]["data"]["text/plain"]
        assert "<table>" in shown[0]["data"]["text/html"]


@pytest.mark.slow
def test_released_cells_answer_slips_with_plain_lines_in_a_real_kernel(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=60,
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )

    def run(source: str) -> str:
        cell = nbformat.v4.new_code_cell(source)
        client.execute_cell(cell, 0)
        parts = []
        for o in cell.outputs:
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type == "error":
                parts.append("\n".join(o.traceback))
            elif "data" in o:
                parts.append(o["data"].get("text/plain", ""))
        return "".join(parts)

    with client.setup_kernel():
        # Before the set-up cell: a check says to run it first.
        before = run(cells[index_of(cells, "test_q3_door_path")].source)
        assert "set-up cell" in before and "Traceback" not in before
        run(cells[index_of(cells, "setup")].source)
        # The untouched answer cells: plain "still empty" lines, never a traceback.
        for grade_id in ("q3_answer", "q4_plan"):
            run(cells[index_of(cells, grade_id)].source)
        empty = run(cells[index_of(cells, "test_q3_door_path")].source)
        assert "still empty" in empty and "Traceback" not in empty
        tried = run(cells[index_of(cells, "q4_try")].source)
        assert tried.startswith("Not yet:") and "still empty" in tried
        # Curly quotes (pasted from a document): one plain line, then the check refuses, never an old ✓.
        curly = run("door_path = “C B B A”")
        assert "quote" in curly and "Traceback" not in curly
        refused = run(cells[index_of(cells, "test_q3_door_path")].source)
        assert "✗ Not yet" in refused and "✓" not in refused
        # Lower case with commas is read.
        run('door_path = "c, b, b, a"')
        assert "a path through all four turns: C B B A" in run(
            cells[index_of(cells, "test_q3_door_path")].source
        )
        # A missing quote mark: one plain line, and the check then says the answer cell stopped.
        slip = run("door_path = C B B A")
        assert 'needs quote marks around all of it: door_path = "C B B A"' in slip and "Traceback" not in slip
        after = run(cells[index_of(cells, "test_q3_door_path")].source)
        assert "✗ Not yet" in after and "✓" not in after
        # A mixed number, and a percentage inside a formula.
        assert "rite 1 1/3 as 1 + 1/3, or 1.33" in run("q2_ratio = 1 1/3")
        assert "write 25% as 0.25" in run("q2_gain_2h = 25% * (1 - 0.4) * 2 / (2 + 2)")
        # Letters with commas and no quote marks: one pair of quote marks, said once.
        commas = run("door_path = c, b, b, a")
        assert 'one pair of quote marks: door_path = "c, b, b, a"' in commas and "Traceback" not in commas
        # The plan's answer cell stops on an indented line: the trial cell says so, not "unknown name".
        answer_cell = cells[index_of(cells, "q4_plan")]
        answer_cell.source = 'q4_ana = "leave"\n  q4_bo = "coach"'
        client.execute_cell(answer_cell, index_of(cells, "q4_plan"))
        tried = run(cells[index_of(cells, "q4_try")].source)
        assert "your answer cell stopped with an error: line 2: this line starts with spaces" in tried, tried
        assert "Traceback" not in tried
        # An over-budget plan.
        run('q4_ana = q4_bo = q4_cam = q4_dee = q4_eli = "coach"')
        over = run(cells[index_of(cells, "test_q4_plan")].source)
        assert "uses 30 hours a month; you have 24" in over and "Traceback" not in over


def test_the_conversation_widget_walks_the_models_data_and_shows_the_path_to_type() -> None:
    from course.trainee.conversation import talk

    widget = talk(coaching)
    assert [b.description for b in widget.buttons.children] == ["Say A", "Say B", "Say C"]
    assert "(none yet)" in widget.status.value and coaching.DOOR_OPENING in widget.text()
    widget.choose("C")
    widget.choose("Z")  # not a choice at this turn: ignored
    assert widget.path == ["C"] and len(widget.buttons.children) == 3
    for letter in "BBA":
        widget.buttons.children[ord(letter) - ord("A")].click()
    walk = coaching.door_walk("C B B A")
    assert widget.path == list("CBBA") and not widget.buttons.children
    assert f"ownership: {walk.ownership:+d}" in widget.status.value and "C B B A" in widget.status.value
    assert walk.replies[-1] in widget.text() and "The conversation is over" in widget.text()
    assert widget._repr_mimebundle_()["text/plain"] == widget.text()
    widget.restart.click()
    assert widget.path == [] and len(widget.buttons.children) == 3


def test_the_notes_that_give_answers_away_wait_for_the_answer() -> None:
    markdown = "\n".join(c.source for c in _cells(RELEASE) if c.cell_type == "markdown")
    for answer in ("Two traps", "every plan that passes coaches", "coaches all three"):
        assert answer not in markdown, answer
    cells = _cells()
    assert 'coaching.door_note(checks.answer("door_path"' in cells[index_of(cells, "q3_after")].source
    assert "coaching.plan_note(" in cells[index_of(cells, "q4_after")].source
    assert coaching.door_note("A").startswith("Not yet") and "Two traps" in coaching.door_note("C A A A")
    assert coaching.plan_note(["observe"] * 5).startswith("Not yet")
    assert "every plan that passes coaches Dee and Eli" in coaching.plan_note(
        ["leave", "coach", "coach", "coach", "coach"]
    )


def test_the_letter_answers_are_not_all_the_same_letter() -> None:
    cells = _cells()
    keys = {
        grade_id: re.search(
            r'expect_equal\(reason, "([A-D])"', cells[index_of(cells, grade_id)].source
        ).group(1)
        for grade_id in ("test_q1_reason", "test_q4_reason")
    }
    assert len(set(keys.values())) == 2 and "B" not in keys.values(), keys
