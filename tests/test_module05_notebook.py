"""Module 05's notebook keeps the house shape: predictions before the reveal, a reveal that waits,
graded follow-ups that need the revealed result, test cells that follow the contract, plain hints for
the slips a new trainee makes, and one time estimate shared with the facilitator guide."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import index_of, read_cells, run_check, sealed_why_lines

from course.scenarios import pebbles
from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "05_pebbles_and_quarters" / "pebbles_and_quarters.ipynb"
RELEASE = ROOT / "assignments" / "05_pebbles_and_quarters" / "pebbles_and_quarters.ipynb"
PREDICTIONS = ("q1_next_quarter", "q1_two_years")
WORDS = ("higher", "same", "the same", "lower")


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def test_predictions_come_before_the_reveal_and_the_explorer_after_it() -> None:
    cells = _cells()
    answer, reveal, follow_up = (
        index_of(cells, g) for g in ("q1_predictions", "q1_reveal", "q1_followup_answers")
    )
    explorer = next(i for i, c in enumerate(cells) if c.source.strip().endswith("explore(pebbles)"))
    prediction_checks = [index_of(cells, f"test_{name}") for name in PREDICTIONS]
    assert answer < min(prediction_checks) and max(prediction_checks) < reveal < follow_up < explorer
    # Nothing before the predictions shows the push's effect on the next quarter.
    before = "\n".join(c.source for c in cells[:answer])
    assert "push_table" not in before and not re.search(r"\bhole\b", before.lower())


def test_the_reveal_cell_is_locked_and_gated_on_both_predictions() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q1_reveal")]
    assert reveal.metadata["nbgrader"]["locked"] and not reveal.metadata["nbgrader"].get("grade")
    assert "reveal(" in reveal.source
    for name in PREDICTIONS:
        assert f'"{name}"' in reveal.source


@pytest.mark.parametrize("guesses", list(itertools.product(WORDS, repeat=2)))
def test_predictions_earn_their_points_for_any_valid_choice(guesses: tuple[str, str]) -> None:
    for name, guess in zip(PREDICTIONS, guesses, strict=True):
        run_check(SOLUTION, f"test_{name}", **{name: guess})


@pytest.mark.parametrize("slip", [None, "down", "similar", 1, "?"])
def test_a_prediction_that_is_not_one_of_the_words_earns_nothing(slip: object) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q1_next_quarter", q1_next_quarter=slip)


def test_the_follow_up_needs_the_revealed_numbers_in_millions_with_the_sign_of_the_change() -> None:
    # C1: money in $M with two decimals; C3: the change is new minus old, a fall negative.
    table = pebbles.push_table(pebbles.TEAM, 0.2, (4,))
    change, given = table.change(5), table.given_away(4)
    assert change < 0 < given
    run_check(SOLUTION, "test_q1_change", q1_change=change)
    run_check(SOLUTION, "test_q1_given_away", q1_given_away=given)
    for wrong in (-change, table.change(4), given, change * 1000, "-1.32"):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_change", q1_change=wrong)
    for wrong in (table.change(4), -table.total_change() + 0.1, change, given * 1000):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_given_away", q1_given_away=wrong)


def test_the_solutions_typed_numbers_are_the_tables() -> None:
    # The instructor notebook types the numbers a trainee reads; they must still be the model's.
    table = pebbles.push_table(pebbles.TEAM, 0.2, (4,))
    scope: dict = {}
    exec(_cells()[index_of(_cells(), "q1_followup_answers")].source, scope)  # noqa: S102
    assert scope["q1_change"] == table.change(5) and scope["q1_given_away"] == table.given_away(4)
    v = pebbles.value_table(pebbles.TEAM).values
    intro = _cells()[index_of(_cells(), "q2_intro")].source
    shown = {
        "first": v[("pilot",)] - v[()],
        "after the reference call": v[("pilot", "reference")] - v[("reference",)],
        "last": v[("pilot", "reference", "executive")] - v[("reference", "executive")],
    }
    for where, value in shown.items():
        assert f"| {value:.3f} |" in intro, where
    source = _cells()[index_of(_cells(), "q2_shapley")].source
    assert f"{v[('pilot', 'executive')]:.3f} - {v[('executive',)]:.3f}" in source
    exec(source, scope)  # noqa: S102
    assert scope["q2_pilot_credit"] == pytest.approx(
        pebbles.shapley(pebbles.value_table(pebbles.TEAM))["pilot"]
    )


# Review r3: the pilot's value the wrong way round, or the sum without brackets, was told
# "not a percentage"; each now hears what it did.
@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("q2_pilot_in_order", 0.316 - 0.597, "not the other way round"),
        ("q2_pilot_credit", 0.216 + 0.216 + 0.198 + 0.281 + 0.258 + 0.258 / 6, "Put brackets around"),
    ],
)
def test_the_shapley_slips_are_told_what_went_wrong(name: str, value: float, said: str) -> None:
    with pytest.raises(checks.NotYet) as caught:
        run_check(SOLUTION, f"test_{name}", **{name: value})
    assert said in str(caught.value) + caught.value.hint


@pytest.mark.parametrize(
    ("value", "passes"),
    [
        (pebbles.shapley(pebbles.value_table(pebbles.TEAM))["pilot"], True),
        (round(pebbles.shapley(pebbles.value_table(pebbles.TEAM))["pilot"], 3), True),
        (0.496 - 0.280, False),  # the pilot first only
        (0.629 - 0.371, False),  # the pilot last only
        (0.597 - 0.316, False),  # one order only
        (24, False),  # a percentage
    ],
)
def test_the_shapley_check_takes_the_six_orders(value: float, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q2_pilot_credit", q2_pilot_credit=value)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q2_pilot_credit", q2_pilot_credit=value)


@pytest.mark.parametrize(
    ("value", "passes"), [(0.53**3, True), (0.149, True), (0.47**3, False), (0.28, False), (14.9, False)]
)
def test_the_zero_quarter_must_be_the_arithmetic(value: float, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q4_zero_quarter", q4_zero_quarter=value)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q4_zero_quarter", q4_zero_quarter=value)


@pytest.mark.parametrize(
    ("value", "passes"),
    [
        (1 - (1 - 0.53**3) ** 4, True),
        (0.475, True),
        (0.149, False),
        (4 * 0.149, False),
        (0.733, False),
        (47.5, False),
    ],
)
def test_the_year_chance_must_be_the_arithmetic(value: float, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q4_year_chance", q4_year_chance=value)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q4_year_chance", q4_year_chance=value)


def test_decisions_are_graded_against_the_model() -> None:
    result = pebbles.simulate(pebbles.TEAM, seed=pebbles.SEED, runs=1)
    for name, best in (
        ("q3_closest", pebbles.closest_rule(result)),
        ("q3_starves", pebbles.pilot_starver(result)),
    ):
        run_check(SOLUTION, f"test_{name}", **{name: best})
        run_check(SOLUTION, f"test_{name}", **{name: best.upper()})
        for other in (r for r in pebbles.RULES if r != best):
            with pytest.raises(checks.NotYet):
                run_check(SOLUTION, f"test_{name}", **{name: other})


def _points(grade_id: str, **answers) -> float:
    """The points a labelling check gives (its last line), run as the grader runs it."""
    cells = read_cells(SOLUTION)
    scope = dict(answers)
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102 - the course's own set-up cell
    exec(cells[index_of(cells, grade_id)].source, scope)  # noqa: S102
    return scope["points"]


def test_billing_cases_are_graded_against_the_model_with_partial_credit() -> None:
    right = {letter: pebbles.billing_case(letter).problem for letter in "AB"}
    assert _points("test_q5_cases", q5_cases=right) == 2
    swapped = dict(right, A=right["B"], B=right["A"])
    assert _points("test_q5_cases", q5_cases=swapped) == 0
    assert _points("test_q5_cases", q5_cases=dict(right, B="positioning")) == 1
    with pytest.raises(checks.NotYet, match="case B"):
        run_check(SOLUTION, "test_q5_cases", q5_cases={"A": "pricing", "B": "?"})
    # Review r3: one label for both businesses earned a point by guessing; the question says they differ.
    with pytest.raises(checks.NotYet, match="different problems"):
        run_check(SOLUTION, "test_q5_cases", q5_cases={"A": "pricing", "B": "Pricing"})


def test_each_right_label_earns_its_share_before_submission() -> None:
    key = {1: "E", 2: "F", 3: "M", 4: "E", 5: "M"}
    assert _points("test_q5_labels", q5_labels=key) == 2
    assert _points("test_q5_labels", q5_labels={**key, 4: "F"}) == pytest.approx(1.6)
    assert _points("test_q5_labels", q5_labels={1: "F", 2: "M", 3: "E", 4: "F", 5: "E"}) == 0


@pytest.mark.parametrize(
    ("answer", "passes"), [("D", True), ("d", True), ("A", False), ("B", False), ("C", False)]
)
def test_the_reason_is_judged_before_submission(answer: str, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q3_reason", q3_reason=answer)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q3_reason", q3_reason=answer)


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
        assert refused.startswith("Not yet:") and "q1_next_quarter" in refused
        assert not [o for o in cells[reveal].outputs if o.output_type in ("error", "execute_result")]
        client.execute_cell(nbformat.v4.new_code_cell('q1_next_quarter = "Same"\nq1_two_years = "higher"'), 0)
        client.execute_cell(cells[reveal], reveal)
        shown = [o for o in cells[reveal].outputs if o.output_type == "execute_result"]
        assert shown and "discounts given" in shown[0]["data"]["text/plain"]
        assert "<table>" in shown[0]["data"]["text/html"]


def _text(grade_id: str) -> str:
    return " ".join(
        next(c.source for c in _cells() if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id).split()
    )


def test_the_points_add_up_and_the_rubric_stays_with_the_instructor() -> None:
    cells = _cells()
    graded = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = sum(c.metadata["nbgrader"]["points"] for c in graded if c.cell_type == "code")
    assert auto >= 10 and len([c for c in graded if c.cell_type == "code"]) >= 4
    assert _cells()[index_of(cells, "reflection")].metadata["nbgrader"]["points"] == 5
    released = "\n".join(c.source for c in nbformat.read(RELEASE, as_version=4).cells)
    assert "Model answer and rubric" not in released and "critical reflection" not in released
    assert "How it is graded, in plain words" in released


def test_the_sentences_a_trainee_reads_say_what_the_sources_and_the_model_say() -> None:
    quarter = _text("reading_quarter")
    assert "6-8% of revenue [larkin-2014]" in quarter and "one observational study, in one company" in quarter
    assert "[steenburgh-2008]" in quarter and "[kishore-2013]" in quarter
    assert "higher at the end of their fiscal year, and lower at its start" in quarter
    assert "401 senior financial executives" in quarter and "55%" in quarter
    assert "46.6% across 675 firms" in quarter
    assert "6 to 10 people [gartner-buying-group]" in _text("reading_pebbles")
    assert "*Confidence: low* (a vendor's surveys" in _text("reading_pebbles")
    assert "No study we cite tested this" in _text("reading_billings")
    assert "something a published study measured" in _text("q5_question")
    result = pebbles.simulate(pebbles.TEAM, seed=pebbles.SEED)
    assert f"About {round(result.win_rate * 100)} deals in 100 are won" in _text("scenario_intro")
    assert f"${pebbles.TEAM.pilot_cost / 1e3:.0f}K" in _text("scenario_touches")
    assert "Oyer reads this as" in quarter and "executives said they would" in quarter
    assert "one fair definition" in _text("scenario_touches")
    # Larkin's 6-8% is cited for what it measured, not as the size of the model's push (issue 23).
    assert "not by that figure" in quarter and "measured for bonuses, not discounts" in quarter
    assert "about 9 in 100" in _text("q4_after") and "about half" in _text("q4_after")
    assert "Shapley comes closest" not in _text("q3_after")  # no answer under the question
    assert "In 100 to 150 words" in _text("reflection_prompt")


def _outputs_text(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append("\n".join(output.get("traceback", [])))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_a_new_trainees_slips_get_plain_one_line_messages_in_a_real_kernel(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    client = NotebookClient(
        nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(tmp_path)}}
    )
    slips = [
        # (answer typed, the check to run, what the trainee must read)
        (
            'q1_next_quarter = lower\nq1_two_years = "lower"',
            "test_q1_next_quarter",
            'needs quote marks: "lower"',
        ),
        ("q1_change = 1.32\nq1_given_away = 0.29", "test_q1_change", "a fall is a negative number"),
        ("q1_change = -1.32\nq1_given_away = 1.16", "test_q1_given_away", "discounts given"),
        (
            "q2_pilot_in_order = 0.281\nq2_pilot_credit = 0,238",
            "test_q2_pilot_credit",
            "use a point for decimals",
        ),
        ("q2_pilot_in_order = 0.281\nq2_pilot_credit = 0.216", "test_q2_pilot_credit", "divide by 6"),
        ("q2_pilot_in_order = 28.1\nq2_pilot_credit = 0.238", "test_q2_pilot_in_order", "not a percentage"),
        (
            "q2_pilot_in_order = 0.281\nq2_pilot_credit = 0.238 × 1",
            "test_q2_pilot_credit",
            "stopped with an error",
        ),
        (
            'q3_closest = “shapley”\nq3_starves = "first"\nq3_reason = "D"',
            "test_q3_closest",
            "stopped with an error",
        ),
        ("q4_zero_quarter = 0.47 ** 3\nq4_year_chance = 0.5", "test_q4_zero_quarter", "winning all 3"),
        ("q4_zero_quarter = 0.149\nq4_year_chance = 4 * 0.149", "test_q4_year_chance", "not 4 times a)"),
        ('q5_cases = {"A": "pricing", "B": "?"}\nq5_labels = {1: "E"}', "test_q5_cases", "case B"),
    ]
    with client.setup_kernel():
        client.execute_cell(cells[index_of(cells, "setup")], 0)
        for typed, check, expected in slips:
            answer = nbformat.v4.new_code_cell(typed)
            try:
                client.execute_cell(answer, 1)
            except Exception:  # noqa: BLE001 - a slip stops the answer cell, as it would the trainee's
                assert "Traceback" not in _outputs_text(answer), typed
            cell = cells[index_of(cells, check)]
            try:
                client.execute_cell(cell, index_of(cells, check))
            except Exception:  # noqa: BLE001 - a failed check is what this test expects
                pass
            text = _outputs_text(cell)
            assert "✓" not in text, (typed, text)
            assert "Not yet" in text and expected in text, (typed, text)
            assert "Traceback" not in text and "File " not in text, (typed, text)


def test_the_quarters_numbers_after_the_reveal_are_the_models() -> None:
    # Issue 22: the push's upside and cost, stated after the reveal, computed here from the model.
    p = pebbles.TEAM
    after = rule = _text("q1_after")
    pulled = 1 - math.exp(-0.15 / p.discount_scale)
    ends = [1 - math.exp(-0.15 / x.high) for x in pebbles.PLAUSIBLE if x.name == "discount_scale"]
    ends += [1 - math.exp(-0.15 / x.low) for x in pebbles.PLAUSIBLE if x.name == "discount_scale"]
    assert f"a 15% discount pulls in {pulled:.0%}" in after and f"{ends[0]:.0%} to {ends[1]:.0%}" in after
    assert f"with the model's {p.wait_loss:.0%}" in rule

    def gain(discount: float) -> float:
        return (
            sum(
                pebbles.simulate(p.with_(push_discount=discount), seed=s).net_revenue
                - pebbles.simulate(p, seed=s).net_revenue
                for s in range(20)
            )
            / 20
        )

    assert f"gains about ${round(gain(0.05) / 1e4) * 10:.0f}K" in rule
    assert f"loses about ${round(-gain(0.2) / 1e4) * 10:.0f}K" in rule


def test_the_retrieval_questions_draw_on_module_04_and_are_not_another_modules() -> None:
    recap = _text("recap")
    ours = recap[recap.index("*Retrieval practice") :]
    assert "module 04" in ours and "net revenue retention" in ours
    for other in ("04_start_small", "06_one_team"):
        path = next((ROOT / "solutions" / other).glob("*.ipynb"))
        theirs = " ".join(c.source for c in read_cells(path) if "Retrieval practice" in c.source)
        for line in (q.strip() for q in ours.split("?")[:-1]):
            assert line[-40:] not in " ".join(theirs.split()), line


# Review r3: a why= line for every wrong choice but not the right one gave the answer away to
# anyone reading the check cell; these checks now have a sealed line for every choice.
@pytest.mark.parametrize(
    ("grade_id", "choices"),
    [("test_q3_closest", pebbles.RULES), ("test_q3_starves", pebbles.RULES)],
)
def test_the_why_lines_do_not_give_the_answer_away(grade_id: str, choices: tuple[str, ...]) -> None:
    source = read_cells(RELEASE)[index_of(read_cells(RELEASE), grade_id)].source
    lines = sealed_why_lines(source, choices)
    assert all(lines.values()), lines  # a line for every choice, sealed: none stands out
