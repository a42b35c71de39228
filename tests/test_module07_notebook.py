"""Module 07's notebook keeps the house shape: a decision a quarter, each followed by a reveal that
waits for it; decisions graded by their expected value given the trainee's own earlier decisions;
a memo checked against the trainee's own run; the prediction before the year-end reveal; test cells
that follow the contract; released checks that answer slips in plain words; one time estimate."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import cell_id, index_of, run_check

from course.scenarios import leap_of_faith
from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "07_leap_of_faith" / "leap_of_faith.ipynb"
RELEASE = ROOT / "assignments" / "07_leap_of_faith" / "leap_of_faith.ipynb"
CHOICES = ("higher", "lower", "about the same")


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def _text(grade_id: str) -> str:
    return " ".join(next(c.source for c in _cells() if cell_id(c) == grade_id).split())


def _decisions(letters: str) -> dict[str, str]:
    return {f"q{i}_choice": letter for i, letter in enumerate(letters, start=1)}


def test_objectives_time_and_setup_open_the_notebook() -> None:
    cells = _cells()
    intro = cells[0].source
    assert "By the end of this module you will be able to" in intro
    assert len(re.findall(r"About (\d+) minutes", intro)) == 1
    setup = cells[index_of(cells, "setup")]
    assert setup.metadata["nbgrader"]["locked"]
    assert setup.source.splitlines()[1:4] == [
        "from course.scenarios import leap_of_faith",
        "from course.trainee import checks, explore",
        "",
    ]
    assert cells[-1].source.strip().endswith('sources("07_leap_of_faith")')
    assert any(c.source.strip().endswith("\nleap_of_faith.assumptions()") for c in cells)


def test_each_quarter_is_decided_checked_then_revealed_before_the_next_begins() -> None:
    cells = _cells()
    for q in (1, 2, 3, 4):
        answer, check, reveal = (
            index_of(cells, g) for g in (f"q{q}_answer", f"test_q{q}_choice", f"q{q}_reveal")
        )
        assert index_of(cells, f"q{q}_intro") < answer < check < reveal
        if q < 4:
            assert reveal < index_of(cells, f"q{q + 1}_intro")
        cell = cells[reveal]
        assert cell.metadata["nbgrader"]["locked"] and not cell.metadata["nbgrader"].get("grade")
        for earlier in range(1, q + 1):
            assert f'"q{earlier}_choice"' in cell.source
        assert "run_log" in cell.source
    explorer = index_of(cells, "scenario_explorer")
    assert index_of(cells, "q6_reveal") < explorer
    # The explorer would find the best path: it opens only once the year is decided, and then only
    # on the trainee's own path (issue 24: the decisions are graded as made).
    gate = cells[explorer].source
    assert "reveal(" in gate and "explore(leap_of_faith.own_path(" in gate
    assert "leap_of_faith.recorded_year(" in gate  # the path the year's end first showed, no other
    for name in ("q1_choice", "q2_choice", "q3_choice", "q4_choice", "q6_trust"):
        assert f'"{name}"' in gate
    # Nothing before the year-end reveal shows the hidden state or the best path.
    before = "\n".join(c.source for c in cells[: index_of(cells, "q6_reveal")] if cell_id(c) != "reflection")
    assert "year_end" not in before.replace("q6_followup_answer", "")
    assert "decision_values" not in "\n".join(
        c.source.split("### BEGIN HIDDEN TESTS")[0] for c in cells if cell_id(c) != "reflection"
    )


def test_the_year_end_reveal_waits_for_the_prediction_and_the_four_decisions() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q6_reveal")]
    assert (
        index_of(cells, "test_q6_trust")
        < index_of(cells, "q6_reveal")
        < index_of(cells, "q6_followup_answer")
    )
    for name in ("q6_trust", "q1_choice", "q2_choice", "q3_choice", "q4_choice"):
        assert f'"{name}"' in reveal.source


@pytest.mark.parametrize("guess", CHOICES)
def test_the_prediction_earns_its_point_for_any_valid_choice(guess: str) -> None:
    run_check(SOLUTION, "test_q6_trust", q6_trust=guess)


@pytest.mark.parametrize("slip", [None, "up", "hihger", 1])
def test_a_prediction_that_is_not_an_answer_earns_nothing(slip: object) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q6_trust", q6_trust=slip)


def test_each_decision_is_graded_by_its_expected_value_given_the_trainees_own_history() -> None:
    for q, key in enumerate(leap_of_faith.BEST, start=1):
        for history in ("CAB"[: q - 1], "ABA"[: q - 1]):
            values = leap_of_faith.decision_values(q, history)
            best = max(values, key=values.get)
            run_check(SOLUTION, f"test_q{q}_choice", **_decisions(history + best))
            for other in set("ABC") - {best}:
                with pytest.raises(checks.NotYet):
                    run_check(SOLUTION, f"test_q{q}_choice", **_decisions(history + other))
        assert max(leap_of_faith.decision_values(q, "CAB"[: q - 1]).items(), key=lambda kv: kv[1])[0] == key


def test_the_keys_are_not_one_letter_and_not_the_longest_option() -> None:
    assert len(set(leap_of_faith.BEST)) >= 3
    for q, key in enumerate(leap_of_faith.BEST, start=1):
        options = {
            line[4]: len(line)
            for line in _text(f"q{q}_intro").replace(" - **", "\n- **").splitlines()
            if line.startswith("- **")
        }
        assert set(options) == set("ABC"), options
        assert options[key] < max(options.values()) or list(options.values()).count(options[key]) > 1, (
            q,
            options,
        )


@pytest.mark.parametrize("letters", ["CABA", "ABAB", "BCCC"])
def test_the_memo_is_checked_against_the_trainees_own_run(letters: str) -> None:
    memo = leap_of_faith.memo_numbers(letters)
    log = leap_of_faith.run_log(letters)
    answers = _decisions(letters)
    # C1: a year's revenue and the pipeline in $M with two decimals, read from a log in $K.
    revenue = sum(r["revenue"] for r in log.rows) / 1000
    run_check(SOLUTION, "test_q5_revenue", q5_revenue=round(revenue, 2), **answers)
    profit = sum(r["gross_profit"] for r in log.rows)
    run_check(SOLUTION, "test_q5_margin", q5_margin=profit / memo["revenue"] * 100, **answers)
    run_check(SOLUTION, "test_q5_pipeline", q5_pipeline=round(log.rows[-1]["pipeline"] / 1000, 2), **answers)
    for name, wrong, right in (
        ("q5_revenue", log.rows[-1]["revenue"] / 1000, revenue),  # the last quarter only
        ("q5_revenue", memo["revenue"], revenue),  # in $K, not $M
        ("q5_margin", profit / memo["revenue"], memo["margin"]),  # a share
        ("q5_pipeline", log.rows[0]["pipeline"] / 1000, memo["pipeline"] / 1000),  # the first quarter's
    ):
        if abs(wrong - right) > 0.01:
            with pytest.raises(checks.NotYet):
                run_check(SOLUTION, f"test_{name}", **{name: wrong}, **answers)
    other = "CABA" if letters != "CABA" else "ABAB"
    if abs(leap_of_faith.memo_numbers(other)["revenue"] - memo["revenue"]) > 10:
        with pytest.raises(checks.NotYet):  # another trainee's memo does not fit this run
            run_check(SOLUTION, "test_q5_revenue", q5_revenue=revenue, **_decisions(other))


def test_the_follow_up_needs_the_revealed_number_for_the_trainees_path() -> None:
    for letters in ("CABA", "ABAB"):
        shown = round(leap_of_faith.year_end(letters).yours.next_customers, 1)
        run_check(SOLUTION, "test_q6_customers", q6_customers=shown, **_decisions(letters))
    other = round(leap_of_faith.year_end("CABA").comparison.next_customers, 1)
    with pytest.raises(checks.NotYet):  # the comparison column, not the trainee's
        run_check(SOLUTION, "test_q6_customers", q6_customers=other, **_decisions("CABA"))


def _points(grade_id: str, *, visible_only: bool = False, **answers: object) -> float:
    """The points a labelling check gives, as nbgrader reads them (the cell's last value), from the
    whole cell as the grader runs it or from what the trainee sees (hidden tests removed)."""
    cells = _cells()
    source = cells[index_of(cells, grade_id)].source
    if visible_only:
        source = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.S)
    scope = dict(answers)
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102 - the course's own cells
    exec(source, scope)  # noqa: S102
    return float(scope["points"])


def test_the_lessons_and_labels_earn_partial_credit_and_accept_every_defensible_label() -> None:
    right = {1: "start small", 2: "pebbles", 3: "control", 4: "one team"}
    defensible = (
        right,
        {**right, 1: "trust"},
        {**right, 2: "trust"},  # issue 24: a discount or a push costs trust, module 02
        {**right, 3: "coaching"},
        {**right, 3: "trust"},
    )
    for answer in defensible:
        for visible_only in (True, False):
            assert _points("test_q7_lessons", visible_only=visible_only, q7_lessons=answer) == 2
    for wrong in ({**right, 1: "one team"}, {**right, 4: "control"}, {**right, 2: "coaching"}):
        for visible_only in (True, False):
            assert _points("test_q7_lessons", visible_only=visible_only, q7_lessons=wrong) == 1.5
    assert _points("test_q7_lessons", q7_lessons=dict.fromkeys(range(1, 5), "coaching")) == 0.5
    assert _points("test_q7_labels", q7_labels={1: "M", 2: "E", 3: "F"}) == 1
    for wrong, share in (({1: "E", 2: "F", 3: "M"}, 0), ({1: "M", 2: "E", 3: "E"}, 0.67)):
        for visible_only in (True, False):
            assert _points("test_q7_labels", visible_only=visible_only, q7_labels=wrong) == share


def test_a_later_check_says_when_a_decision_changed_since_its_table() -> None:
    from course.trainee import loop

    letters = "CABA"
    memo = leap_of_faith.memo_numbers(letters)
    shown = loop.STATE.__dict__.setdefault("shown", {})
    try:
        shown["q2_choice"] = (repr("B"), "your run log (the cell after Exercise 4)")
        with pytest.raises(checks.NotYet, match="q2_choice changed since your run log"):
            run_check(SOLUTION, "test_q5_revenue", q5_revenue=memo["revenue"] / 1000, **_decisions(letters))
        shown["q2_choice"] = (repr("A"), "the year's-end table")
        run_check(SOLUTION, "test_q5_revenue", q5_revenue=memo["revenue"] / 1000, **_decisions(letters))
    finally:
        shown.pop("q2_choice", None)


def test_the_scenario_text_states_the_models_numbers() -> None:
    p = leap_of_faith.Params()
    text = _text("scenario_intro")
    assert f"starts at {p.customer_trust_start:.2f} of 1" in text
    assert (
        f"{leap_of_faith.RUNS:,} times" in text
        and f"for {p.next_customers} similar firms" in text.replace("reference** for", "for")
    )
    assert f"about ${p.other_revenue:,.0f}K a quarter" in text
    assert f"offering {p.discount:.0%} off" in _text("q2_intro")
    assert f"{p.handover_fee_share:.0%} of Northwind's revenue" in _text("q4_intro")
    assert "half the time" in _text("q7_intro") and p.partner_conflict_chance == 0.5


def test_the_readings_say_what_is_and_is_not_known() -> None:
    text = _text("reading_essay")
    assert "**One experienced leader's view**" in text
    assert "*defined* by cut-offs on a bell curve, not measured" in text
    assert "it is our assumption" in text
    assert "cannot [be] put into a data entry screen on a computer" in text  # the essay's words, [be] marked
    assert "about **250 words**" in _text("reflection_prompt")


def test_points_and_the_rubric_only_the_instructor_sees() -> None:
    cells = _cells()
    graded = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = sum(c.metadata["nbgrader"]["points"] for c in graded if c.cell_type == "code")
    assert auto >= 10 and len([c for c in graded if c.cell_type == "code"]) >= 4
    reflection = cells[index_of(cells, "reflection")]
    assert reflection.metadata["nbgrader"]["points"] == 10 and "Rubric (10 points" in reflection.source
    assert "documented grading weights" in reflection.source
    released = "\n".join(c.source for c in _cells(RELEASE))
    assert "Rubric (10 points" not in released and "Model answer" not in released
    assert "documented grading weights" not in released
    assert "How it is graded, in plain words" in released


# --------------------------------------------------------------------------- in a real kernel


def _output(cell) -> str:
    return "".join(o.get("text", "") + "".join(o.get("traceback", [])) for o in cell.outputs)


@pytest.mark.slow
def test_the_released_checks_answer_slips_and_wrong_answers_in_plain_words(tmp_path: Path) -> None:
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
        return _output(cell)

    def execute(grade_id: str) -> object:
        index = index_of(cells, grade_id)
        cells[index].outputs = []
        client.execute_cell(cells[index], index)
        return cells[index]

    def check(grade_id: str) -> str:
        return _output(execute(grade_id))

    with client.setup_kernel():
        assert "set-up cell" in check("test_q1_choice")
        execute("setup")

        # The explorer would find the best path: it refuses until the year is decided.
        assert check("scenario_explorer").startswith("Not yet:")

        # The quarter's reveal refuses in one line until the choice is in; then shows the run log.
        refused = check("q1_reveal")
        assert refused.startswith("Not yet:") and "q1_choice" in refused, refused
        out = run("q1_choice = C")
        assert "Traceback" not in out and out.strip(), out
        run('q1_choice = "c"')
        assert "your decision is in" in check("test_q1_choice")
        shown = [o for o in execute("q1_reveal").outputs if o.output_type == "execute_result"]
        assert shown and "Revenue $K" in shown[0]["data"]["text/plain"]

        run('q2_choice = "A"\nq3_choice = "B"\nq4_choice = "A"')
        assert "your decision is in" in check("test_q4_choice")

        # The memo: a comma for a decimal point, a share for a percentage, the arithmetic typed.
        memo = leap_of_faith.memo_numbers("CABA")
        run("q5_margin = 69,9")
        out = check("test_q5_margin")
        assert "Not yet" in out and "use a point for decimals" in out and "Traceback" not in out
        run(f"q5_margin = {memo['margin'] / 100}")
        out = check("test_q5_margin")
        assert "Not yet" in out and "Traceback" not in out
        log = leap_of_faith.run_log("CABA")
        run("q5_revenue = (" + " + ".join(str(r["revenue"]) for r in log.rows) + ") / 1000")
        assert check("test_q5_revenue").startswith("✓ q5_revenue")

        # The year-end reveal waits for the prediction.
        refused = check("q6_reveal")
        assert refused.startswith("Not yet:") and "q6_trust" in refused, refused
        run('q6_trust = "higher"')
        shown = [o for o in execute("q6_reveal").outputs if o.output_type == "execute_result"]
        assert shown and "Next customers" in shown[0]["data"]["text/plain"]

        # Changing a letter after the year's end cannot read another path's value: the table stays on
        # the path first shown and says so; the follow-up says the letters differ from the table's
        # (the grade reads the submitted letters' table), never passes here to fail when submitted.
        run('q2_choice = "B"')
        cell = execute("q6_reveal")
        shown = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert "Your path CABA" in shown[0]["data"]["text/plain"], shown
        assert "recorded as CABA" in _output(cell) and "CBBA, are the ones graded" in _output(cell)
        customers = leap_of_faith.year_end("CABA").yours.next_customers
        run(f"q6_customers = {customers:.1f}")
        out = check("test_q6_customers")
        assert "Not yet" in out and "not the year the table shows (CABA)" in out, out
        run('q2_choice = "A"')
        assert "✓ Exercise 6b" in check("test_q6_customers")

        # Why each best answer worked is in the feedback only: here it would give the letters away.
        out = check("q7_reveal")
        assert "in your feedback" in out and "Quarter 1" not in out and "paid pilot" not in out
        run('q7_lessons = {1: "start small", 2: "pebbles", 3: "control", 4: "one teem"}')
        out = check("test_q7_lessons")
        assert "Not yet" in out and "quarter 4" in out and "Traceback" not in out
