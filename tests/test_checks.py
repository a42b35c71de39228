"""The trainee's checks: friendly messages, no traceback walls, no false passes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from course.trainee import checks, habits, loop, slips
from course.trainee.checks import NotYet


def test_a_failed_check_renders_as_a_few_plain_lines() -> None:
    with pytest.raises(NotYet) as caught:
        checks.expect_choice("sideways", ["up", "down"], question="q1", hint="Write up or down.")
    lines = caught.value._render_traceback_()
    assert lines[0] == "✗ Not yet — q1"
    assert "'sideways'" in lines[1] and "'up'" in lines[1]
    assert lines[2] == "  Hint: Write up or down."
    assert isinstance(caught.value, AssertionError)  # nbgrader and plain assert-style tests see a failure


def test_empty_answers_say_so() -> None:
    for empty in (None, "?", ...):
        with pytest.raises(NotYet, match="still empty"):
            checks.expect_answered(empty, question="q")


def test_choices_ignore_case_and_spaces() -> None:
    checks.expect_choice(" Up ", ["up", "down"], question="q")
    checks.expect_choice(2, [0, 1, 2], question="q")
    with pytest.raises(NotYet):
        checks.expect_choice("2", [0, 1, 2], question="q")


def test_numbers_must_be_real_finite_numbers() -> None:
    checks.expect_number(np.float64(2.5), question="q")
    checks.expect_number(3, question="q", low=0, high=5)
    for bad in ("3", True, float("nan"), float("inf"), [1]):
        with pytest.raises(NotYet):
            checks.expect_number(bad, question="q")
    with pytest.raises(NotYet, match="from 0 to 5"):
        checks.expect_number(6, question="q", low=0, high=5)


def test_close_uses_the_tolerance() -> None:
    checks.expect_close(23.3, 23.333, question="q", rel=0.005)
    with pytest.raises(NotYet, match="not what the model gives"):
        checks.expect_close(23.0, 23.333, question="q", rel=0.005)


def test_a_function_that_raises_gets_a_message_not_a_traceback() -> None:
    def broken(a: float, b: float) -> float:
        return a / 0

    with pytest.raises(NotYet, match="it divided by zero"):
        checks.call_safely(broken, 1, 2, question="f")


def test_a_function_that_gives_back_nothing_is_told_to_return() -> None:
    def printed(a: float, b: float) -> None:
        print(a + b)

    with pytest.raises(NotYet, match=r"printed\(1, 2\) gave back nothing: .* must start with return"):
        checks.call_safely(printed, 1, 2, question="f")


def test_the_message_names_what_backs_the_reference() -> None:
    with pytest.raises(NotYet, match="0.78 is not what the rule gives"):
        checks.expect_close(0.78, 0.727, question="q", by="the rule")
    with pytest.raises(NotYet, match="'apology' is not the answer the study backs"):
        checks.expect_equal("apology", "denial", question="q", by="the study")
    with pytest.raises(NotYet, match="3.5 is not the answer the model backs, which is a whole number"):
        checks.expect_equal(3.5, 3, question="q")
    with pytest.raises(NotYet, match=r"^q: 4 is not the answer the model backs\.$"):
        checks.expect_equal(4, 3, question="q")


def test_labels_need_every_key_and_a_known_label() -> None:
    checks.expect_labels({1: "e", 2: "F"}, [1, 2], ["E", "F", "M"], question="q")
    with pytest.raises(NotYet, match="statement 2 has no label"):
        checks.expect_labels({1: "E"}, [1, 2], ["E", "F"], question="q")
    with pytest.raises(NotYet, match="statements 1, 2 have no label"):
        checks.expect_labels({3: "E"}, [1, 2], ["E", "F"], question="q")
    with pytest.raises(NotYet, match="statement 2 needs one of E, F"):
        checks.expect_labels({1: "E", 2: "?"}, [1, 2], ["E", "F"], question="q")
    with pytest.raises(NotYet, match="violation 4 needs one of apology, denial"):
        checks.expect_labels(
            {1: "apology", 4: "sorry"}, [1, 4], ["apology", "denial"], question="q", item="violation"
        )
    with pytest.raises(NotYet, match="write the numbers 1, 2 without quote marks"):
        checks.expect_labels({"1": "E", "2": "F"}, [1, 2], ["E", "F"], question="q")
    with pytest.raises(NotYet, match="dictionary"):
        checks.expect_labels("EF", [1, 2], ["E", "F"], question="q")


def test_passed_prints_a_friendly_line(capsys: pytest.CaptureFixture[str]) -> None:
    checks.passed("Exercise 1", "recorded.")
    assert capsys.readouterr().out == "✓ Exercise 1: recorded.\n"


def test_answer_reads_the_callers_variable_or_explains_why_it_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Plain Python, no kernel: an earlier test in this process may have started an IPython
    # shell (the explorer does), which would make this look like a kernel without set-up.
    monkeypatch.setattr(checks.loop, "shell", lambda: None)
    notebook = {"checks": checks, "q_example": "up"}  # a notebook's global names
    exec("seen = checks.answer('q_example')", notebook)
    assert notebook["seen"] == "up"
    with pytest.raises(NotYet, match="has no value yet") as caught:
        exec("checks.answer('q_never_set')", notebook)
    assert caught.value.hint == ""  # no other exercise's hint
    with pytest.raises(NotYet) as caught:
        exec("checks.answer('q_never_set', hint='Start the last line with return.')", notebook)
    assert caught.value.hint == "Start the last line with return."


def test_recorded_says_the_grade_comes_later(capsys: pytest.CaptureFixture[str]) -> None:
    checks.recorded("q3_veteran_reviews")
    assert capsys.readouterr().out == "✓ q3_veteran_reviews: recorded — graded when you submit\n"


@pytest.mark.parametrize(
    "value, said",
    [
        ((23, 33), "use a point for decimals: 23.33"),
        ((12, 5), "use a point for decimals: 12.5"),
        ((5, 410, 0), "write a number without commas: 54100 (and a point for decimals, as in 23.33)"),
        ("23.33", "write the number without quote marks: 23.33"),
        ("23,33", "write the number without quote marks: 23.33"),
        ("23.33 hours", "write the number alone, without quote marks or a unit: 23.33"),
        # Review 07: thousands commas in quote marks were read as a decimal comma (3.900).
        ("3,900", "write the number alone, without quote marks, $ or commas: 3900"),
        ("$5,590", "write the number alone, without quote marks, $ or commas: 5590"),
        ((12.99, 5), "a comma split a number in two: use a point for decimals (1.5, not 1,5)"),
        (
            "hours_lost_to_reporting(4, 4)",
            "a formula goes without quote marks: hours_lost_to_reporting(4, 4)",
        ),
        ("4 * 52 / 12", "a formula goes without quote marks: 4 * 52 / 12"),
        ("lots", None),
        ([1], None),
    ],
)
def test_number_slips_are_named(value: object, said: str | None) -> None:
    assert slips.number_slip(value) == said


def test_assigned_names_are_found_even_when_the_cell_does_not_parse() -> None:
    good = "import math\nq1 = 'down'\na, b = 1, 2\nq2: int = 3\nq3 += 1\ndef f(x):\n    inner = x\n    return inner\n"
    assert loop.assigned_names(good) == ["q1", "a", "b", "q2", "q3", "f"]
    broken = "q1 = “down”\nq2 = 'up'\ndef hours(a, b):\n  return a\n    x = 1\nq3==2\nfor_real = (\n"
    assert loop.assigned_names(broken) == ["q1", "q2", "hours", "for_real"]


def test_an_error_that_is_no_known_slip_is_left_to_python() -> None:
    assert slips.explain(ZeroDivisionError("division by zero"), "x = 1 / 0") is None
    assert slips.explain(NotYet("q", "p"), "") is None
    assert slips.headline(ZeroDivisionError("division by zero")) == "ZeroDivisionError: division by zero"


def test_a_number_check_keeps_the_callers_hint_for_an_empty_answer() -> None:
    with pytest.raises(NotYet) as caught:
        checks.expect_number(None, question="f(0, 2)", hint="Start the last line with return.")
    assert caught.value.hint == "Start the last line with return."


def test_equal_refuses_objects_that_claim_to_equal_anything() -> None:
    class EqualsAnything(str):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = str.__hash__

    checks.expect_equal("B", "b", question="q")
    checks.expect_equal(2, 2, question="q")
    for sneaky in (EqualsAnything("x"), type("AlwaysEqual", (), {"__eq__": lambda s, o: True})()):
        with pytest.raises(NotYet):
            checks.expect_equal(sneaky, "B", question="q")
    with pytest.raises(NotYet):
        checks.expect_equal(True, 1, question="q")


def test_a_choice_check_keeps_the_callers_hint_for_an_empty_answer() -> None:
    # The notebook's hint speaks plainly ("with the quote marks"); Python's repr does not.
    with pytest.raises(NotYet) as caught:
        checks.expect_choice(None, ["up", "down"], question="q1", hint='Write "up" or "down".')
    assert caught.value.hint == 'Write "up" or "down".'


def test_the_orientation_plot_states_the_number_it_draws() -> None:
    from course.trainee import orientation

    assert orientation.hours_a_month(6) == pytest.approx(26.0)
    assert orientation.sentence(6) == (
        "At 6 CRM hours a week, a rep spends 26.0 hours a month on the CRM (6 * 52 / 12)."
    )
    plot = orientation.hours_plot(start=3)
    first = plot.image.value
    assert "13.0 hours a month" in plot.summary.value and 'role="status"' in plot.summary.value
    plot.slider.value = 6
    assert plot.image.value != first and "26.0 hours a month" in plot.summary.value


# Review r3 (modules 04, 05): slips whose message misled a sales leader in every module.


@pytest.mark.parametrize(
    "typed, asked, said",
    [
        ("-310K", "M", "write -0.31: the question asks in millions of dollars, and -310K is -0.31 there"),
        ("290K", "M", "write 0.29: the question asks in millions of dollars, and 290K is 0.29 there"),
        ("-$0.31M", "M", "write the number alone, without quote marks or a unit: -0.31"),
        ("-310K", None, "write the number alone, without quote marks or a unit: -310"),
    ],
)
def test_a_quoted_number_with_a_unit_keeps_its_sign_and_scale(
    typed: str, asked: str | None, said: str
) -> None:
    assert slips.number_slip(typed, asked=asked) == said


@pytest.mark.parametrize("value", [-31, -13.5, -1320, 290])
def test_a_small_number_is_not_read_as_dollars_where_millions_are_asked(value: float) -> None:
    # -31 is not "-0.000031 million": it is a percentage or thousands; the plain range message speaks.
    assert habits.in_asked_unit(value, "M", -5, 5) is None
    with pytest.raises(NotYet) as caught:
        checks.expect_number(value, question="q_change", low=-5, high=5, unit="M")
    assert "0.000" not in str(caught.value) and "from -5 to 5" in str(caught.value)


def test_a_dictionary_slip_shows_this_questions_keys_and_labels_without_an_answer() -> None:
    with pytest.raises(NotYet) as caught:
        checks.expect_labels("G D D G D", [1, 2, 3, 4, 5], ["G", "D"], question="q4_signs")
    said = str(caught.value)
    assert '{1: "?", 2: "?", ...}' in said and '"G" or "D"' in said and "'E'" not in said
    with pytest.raises(NotYet) as caught:
        checks.expect_labels(["pricing"], ["A", "B"], ["product", "pricing", "positioning"], question="q5")
    assert '{"A": "?", "B": "?"}' in str(caught.value) and '"product", "pricing" or "positioning"' in str(
        caught.value
    )


def test_sealed_why_lines_open_only_for_the_choice_typed_and_hide_which_choice_has_none() -> None:
    # With plain lines for A, C and D, the letter without a line was the answer: sealed, the cell
    # shows neither which letters have a line nor what they say.
    why = {"a": "read the table again.", "c": "compare the two rows.", "d": "hours, not words."}
    sealed = checks.seal_why(why, question="q9_reason")
    assert sealed.startswith("sealed:")
    assert not any(text in sealed for text in ("table", "compare", '"a"', '"c"', '"d"'))
    key = checks.seal({"q9_reason": "B"}, question="q9_reason")["q9_reason"]
    for typed, line in (
        ("A", "read the table again."),
        ("(c)", "compare the two rows."),
        (" d. ", "hours, not words."),
    ):
        with pytest.raises(checks.NotYet, match=re.escape(line)):
            checks.expect_sealed(typed, key, question="q9_reason", why=sealed)
    with pytest.raises(checks.NotYet) as missed:
        checks.expect_sealed("E", key, question="q9_reason", why=sealed)
    assert "is not it." in str(missed.value)
    checks.expect_sealed("b", key, question="q9_reason", why=sealed)
    # Another question's seal opens nothing; a damaged seal costs the line, never the verdict.
    assert checks._why_line(sealed, "q8_reason", "a") is None
    with pytest.raises(checks.NotYet, match="is not it"):
        checks.expect_sealed("A", key, question="q9_reason", why="sealed:not base64!")
