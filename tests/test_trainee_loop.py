"""The trainee loop in a real IPython kernel: each common slip gets one plain line, no stale ✓.

A kernel is started with jupyter_client, as JupyterLab starts one, and cells are sent to
it as a trainee runs them. What comes back is what JupyterLab would show: the error's
``traceback`` lines (the plain message), stdout, and the value of the last line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager

from course.trainee import slips

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SETUP = "from course.trainee import checks\nchecks.setup()"
TB_LINE = "  (Python's full message: run %tb in a new cell.)"


@dataclass
class Ran:
    """What one cell showed."""

    error: list[str] = field(default_factory=list)  # the error's traceback lines, colours removed
    ename: str = ""
    stdout: str = ""
    result: str = ""

    @property
    def shown(self) -> str:
        return "\n".join(self.error) + self.stdout + self.result


class Kernel:
    """A real ipykernel, driven cell by cell."""

    def __init__(self) -> None:
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel()
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str, *, cell_id: str | None = None, interrupt_after: float | None = None) -> Ran:
        """Run ``code``; with ``cell_id``, as JupyterLab sends a cell (its id in the metadata);
        with ``interrupt_after``, press the stop button after that many seconds."""
        ran = Ran()
        if interrupt_after is not None:
            msg_id = self.client.execute(code)
            time.sleep(interrupt_after)
            self.manager.interrupt_kernel()
        elif cell_id is None:
            msg_id = self.client.execute(code)
        else:
            content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
            request = self.client.session.msg("execute_request", content, metadata={"cellId": cell_id})
            self.client.shell_channel.send(request)
            msg_id = request["header"]["msg_id"]
        while True:
            msg = self.client.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                break
            if kind == "error":
                ran.error = [ANSI.sub("", line) for line in content["traceback"]]
                ran.ename = content["ename"]
            elif kind == "stream":
                ran.stdout += content["text"]
            elif kind == "execute_result":
                ran.result += content["data"].get("text/plain", "")
        self.client.get_shell_msg(timeout=60)
        return ran

    def restart(self) -> None:
        self.manager.restart_kernel(now=True)
        self.client.wait_for_ready(timeout=60)

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    started = Kernel()
    try:
        assert not started.run(SETUP).error
        yield started
    finally:
        started.stop()


def plain(ran: Ran) -> str:
    """The one plain line of a slip, after checking that nothing else was shown."""
    assert ran.error, f"the cell did not stop with an error: {ran.shown!r}"
    assert len(ran.error) == 2, ran.error
    assert ran.error[1] == TB_LINE
    for noise in ("Traceback", "File ", "---->", "^", "Cell In"):
        assert noise not in ran.error[0], ran.error
    return ran.error[0]


EXERCISE_2 = """def hours_lost_to_reporting(crm_hours_per_week, reviews_per_month):
    "Hours a month one rep spends on CRM reporting and pipeline reviews."
{indent}return crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5
"""

# (what the trainee typed, the exact line they see): every slip of issue 9, section 1.
SLIPS = {
    "word without quote marks": ("q1_veteran_revenue = down", '✗ A word needs quote marks: "down"'),
    "curly double quotes": (
        "q1_veteran_revenue = “down”",
        '✗ Use straight quote marks, typed with the " key: "down"',
    ),
    "curly single quotes": (
        "q1_veteran_revenue = ‘down’",
        "✗ Use straight quote marks, typed with the \" key: 'down'",
    ),
    "times sign from the formula": (
        "hours = 4 × 52 / 12",
        "✗ Use * and / to multiply and divide: 4 * 52 / 12",
    ),
    "divide sign from the formula": (
        "hours = 4 * 52 ÷ 12 + 4 × 1.5",
        "✗ Use * and / to multiply and divide: 4 * 52 / 12 + 4 * 1.5",
    ),
    "x as a times sign": ("hours = 4 x 52 / 12", "✗ Use * and / to multiply and divide: 4 * 52 / 12"),
    "comma for decimals with a leading zero": ("q2_hours_lost = 23,05", "✗ Use a point for decimals: 23.05"),
    "return indented 2 spaces": (
        EXERCISE_2.format(indent="  "),
        "✗ Line 3: return starts with 2 spaces: use exactly 4, the same as the line above it",
    ),
    # Review 01 finding 11: a trainee who added 4 spaces to the 4 there must learn it is 8 now.
    "return indented 8 spaces": (
        EXERCISE_2.format(indent="        "),
        "✗ Line 3: return starts with 8 spaces: use exactly 4, the same as the line above it",
    ),
    "return not indented": (
        EXERCISE_2.format(indent=""),
        "✗ Line 3: return has no spaces in front of it: indent it by exactly 4, the same as the line above it",
    ),
    "return not indented, no docstring": (
        "def f(a, b):\nreturn a + b",
        "✗ Line 2: return has no spaces in front of it: indent it by exactly 4 under def",
    ),
    "unclosed quote": (
        'q1_veteran_revenue = "down',
        '✗ A quote mark is missing: end the text with a second ", as in "down"',
    ),
    "mismatched quotes": (
        "q1_veteran_revenue = \"down'",
        '✗ Start and end the text with the same quote mark: "down"',
    ),
    "missing comma in a dictionary": (
        'q4_labels = {1: "E" 2: "F", 3: "M", 4: "F", 5: "E"}',
        '✗ A comma is missing between two items: write a comma after each item, as in {1: "E", 2: "F"}',
    ),
    "missing comma in a dictionary over lines": (
        'q4_labels = {\n    1: "E",\n    2: "F"\n    3: "M",\n}',
        '✗ Line 3: a comma is missing between two items: write a comma after each item, as in {1: "E", 2: "F"}',
    ),
    "unit after a number": ("q2_hours_lost = 23.33 hours", "✗ A number needs no unit after it: write 23.33"),
    "unit stuck to a number": ("q2_hours_lost = 23.33h", "✗ A number needs no unit after it: write 23.33"),
    "dollars and millions": (
        "q3_revenue = $5.41M",
        "✗ A number needs no $ sign or unit: write 5.41 (the question says the unit)",
    ),
    # Review 01 findings 2 and 3: the minus sign is kept, and a $ before or after it is named.
    "a fall in millions": ("q1_revenue_change = -0.49M", "✗ A number needs no unit after it: write -0.49"),
    "a fall in millions, spaced": (
        "q1_revenue_change = -0.49 M",
        "✗ A number needs no unit after it: write -0.49",
    ),
    "a fall in $M": (
        "q1_revenue_change = -0.49 $M",
        "✗ A number needs no $ sign or unit: write -0.49 (the question says the unit)",
    ),
    "dollar sign before the minus": (
        "q1_revenue_change = $-0.49",
        "✗ A number needs no $ sign: write -0.49 (the question says the unit)",
    ),
    "minus before the dollar sign": (
        "q1_revenue_change = -$0.49",
        "✗ A number needs no $ sign: write -0.49 (the question says the unit)",
    ),
    "euro sign": (
        "q1_revenue_change = -€0.49",
        "✗ A number needs no € sign: write -0.49 (the question says the unit)",
    ),
    "pound sign after": (
        "q1_revenue_change = -0.49 £",
        "✗ A number needs no £ sign: write -0.49 (the question says the unit)",
    ),
    # Review 02 finding 3 and review 04 finding 2: the % goes, and the number becomes what the
    # answer cell asks for (a share or a percentage), in one step.
    "a percentage where a share is asked": (
        "# Replace None with a number between 0 and 1.\nq2_maya_estimate = 73%",
        "✗ Line 2: a number needs no % sign: a percentage is written as a share here, 73% is 0.73",
    ),
    "a percentage where a percentage is asked": (
        "# A percentage, such as 95.\nq2_grr = 85 %",
        "✗ Line 2: a number needs no % sign: write 85",
    ),
    "a negative percentage, the cell silent": (
        "q1_revenue_change = -49%",
        "✗ A number needs no % sign: write -49 if the question asks for a percentage, -0.49 if it asks "
        "for a share",
    ),
    "x for times after a bracket": (
        "q2_nrr = (30 + 0 + 20) / (10 + 10 + 20) x 100",
        "✗ Use * and / to multiply and divide: (30 + 0 + 20) / (10 + 10 + 20) * 100",
    ),
    # Review 05 finding 10: the slips of a formula typed as on paper.
    "a number before a bracket": (
        "q2_pilot_credit = 2(0.496 - 0.280) / 6",
        "✗ Put * between a number and a bracket: 2 * (0.496 - 0.280) / 6",
    ),
    "^ for a power, with a decimal": (
        "q4_chance = 1 - (0.72)^4",
        "✗ Use ** for 'to the power of': 1 - (0.72)**4",
    ),
    "² for squared": (
        "q4_chance = (1 - 0.47)²",
        "✗ Write ** 2 for squared (** 3 for cubed): (1 - 0.47) ** 2",
    ),
    "a name with a space in a function": (
        "def chance_of_zero(win_rate, deals):\n    return (1 - win rate) ** deals",
        "✗ Line 2: a name has no spaces: use _ instead, as in win_rate",
    ),
    "Return with a capital": (
        "def chance_of_zero(win_rate, deals):\n    Return (1 - win_rate) ** deals\n\nq = chance_of_zero(0.5, 2)",
        "✗ Line 2: write return in small letters, spelled r-e-t-u-r-n",
    ),
    "a dict key without quote marks": ('q5_cases = {A: "pricing"}', '✗ A word needs quote marks: "A"'),
    "a comma missing between texts": (
        'q5_cases = {"A": "pricing" "B": "product"}',
        '✗ A comma is missing between "pricing" and "B": put a comma after "pricing"',
    ),
    "a number with a space": ("q1_hole = 1 373", "✗ Write a number without spaces: 1373"),
    "the arithmetic and its result": (
        "q2_pilot_credit = (0.2 + 0.3) / 6 = 0.08",
        "✗ One = per line: keep either the arithmetic or the number it gives, not both",
    ),
    "square brackets for arithmetic": (
        "q2_pilot_credit = [2 * 0.2 + 0.3] / 6",
        "✗ Use round brackets ( ) for arithmetic, not square ones [ ]",
    ),
    "a function with no return": (
        "def chance_of_zero(win_rate, deals):\n    (1 - win_rate) ** deals\n\nq = 1 - chance_of_zero(0.5, 2)",
        "✗ Line 4: chance_of_zero gave back nothing: add its return line, run its cell again, then this one",
    ),
    # Review 03 finding 12.
    "return with a name and =": (
        "def gain(hours, skill):\n    return gain = 0.25 * (1 - skill) * hours",
        "✗ Line 2: return gives back a value, not a name: write return 0.25 * (1 - skill) * hours",
    ),
    "a percentage inside a formula": (
        "def gain(hours, skill):\n    return 25% * (1 - skill) * hours",
        "✗ Line 2: in a formula, write 25% as 0.25",
    ),
    "a mixed number": ("q2_ratio = 1 1/3", "✗ Write 1 1/3 as 1 + 1/3, or 1.33"),
    "several letters without quote marks": (
        "door_path = c, b, b, a",
        '✗ Put the whole answer in one pair of quote marks: door_path = "c, b, b, a"',
    ),
    # Review 06 finding 10.
    "dollars with a thousands comma": (
        "q2_pay = $9,000",
        "✗ A number needs no $ sign: write 9000 (the question says the unit)",
    ),
    "a comma missing at a line's end in a dictionary": (
        'rules = {\n    "renewal_owner": "partner"\n    "escalation_to": "director",\n}',
        '✗ Line 3: a comma is missing between "partner" and "escalation_to": put a comma after "partner"',
    ),
    "= for : in a dictionary": (
        'rules = {"deal_registration" = True}',
        '✗ Inside { }, put a colon between a key and its value: "deal_registration": ...',
    ),
    "a unit after a number in a dictionary": (
        'rules = {"protection_days": 120 days, "x": 1}',
        "✗ A number needs no unit after it: write 120",
    ),
    "words without quote marks as a value": (
        'rules = {"escalation_to": channel director, "x": 1}',
        '✗ Text needs quote marks: "channel director"',
    ),
    "= for : in labels": (
        'q5_labels = {1= "E", 2: "F"}',
        "✗ Inside { }, put a colon between a key and its value: 1: ...",
    ),
    "two answers on one line": (
        'q1_sabotage = "higher", q1_revenue = "lower"',
        "✗ Put each answer on its own line: one name = value per line",
    ),
    "a sum left unfinished": ("q2_pay = 9666.67 +", "✗ The line ends with +: finish the sum or delete the +"),
    "square brackets times a number": (
        "q2_pay = 5000 + 0.35 * [40000 / 3]",
        "✗ Use round brackets ( ) for arithmetic, not square ones [ ]",
    ),
    "a unit in brackets": (
        "q1_revenue_change = -1.06 (million)",
        "✗ A number needs no unit after it: write -1.06",
    ),
    "bracket never closed": (
        "hours = (4 * 52 / 12",
        "✗ A bracket ( is never closed: add ) where it should end",
    ),
    "dictionary never closed": (
        'q4_labels = {1: "E", 2: "F"',
        "✗ A bracket { is never closed: add } where it should end",
    ),
    "closing bracket without an opening one": (
        "hours = 4 * 52) / 12",
        "✗ The bracket ) has no opening ( before it: add the ( or delete the )",
    ),
    "brackets that do not pair": (
        "hours = (4 * 52] / 12",
        "✗ The brackets do not pair up: ( closes with ), [ with ] and { with }",
    ),
    "== instead of =": (
        'q9_never_set == "down"',
        '✗ To give q9_never_set a value, use one = sign: q9_never_set = "down"',
    ),
    "= instead of == in an if": (
        "def f(a):\n    if a = 1:\n        return 2\n    return 3",
        "✗ Line 2: to compare two values, use ==; one = gives a name a value",
    ),
    "no = at all": (
        'q1_veteran_revenue "down"',
        '✗ Put = between the name and its value: q1_veteran_revenue = "down"',
    ),
    "spaces in a name": (
        'q1 veteran revenue = "down"',
        "✗ A name has no spaces: use _ instead, as in q1_veteran_revenue",
    ),
    "missing colon after def": (
        "def f(a, b)\n    return a + b",
        "✗ Line 1: a colon is missing at the end of the line: def f(a, b):",
    ),
    "return misspelled": (
        "def f(a, b):\n    retrun a + b",
        "✗ Line 2: write return in small letters, spelled r-e-t-u-r-n",
    ),
    "return with a capital": (
        "def f(a, b):\n    Return a + b",
        "✗ Line 2: write return in small letters, spelled r-e-t-u-r-n",
    ),
    "a function used before its cell ran": (
        "q2_hours_lost = hours_not_defined_yet(4, 4)",
        "✗ There is no hours_not_defined_yet yet: run the cell that defines it "
        "(def hours_not_defined_yet...) first, and check the spelling",
    ),
    "a misspelled name in a formula": (
        "q2_hours_lost = crm_hourz * 52 / 12",
        "✗ Python does not know the name crm_hourz: check its spelling, or run the cell that sets it first",
    ),
    "a misspelled name as the answer": (
        "q2_hours_lost = hours_lost",
        "✗ Python does not know the name hours_lost: check its spelling, or run the cell that sets it first",
    ),
    "none in lower case": ("q1_veteran_revenue = none", "✗ Write None with a capital N, and no quote marks"),
    "minus sign copied from a text": ("hours = 5 − 3", "✗ Use the keyboard's - for minus: 5 - 3"),
    "a function called without its values": (
        "def f(a, b):\n    return a + b\n\nq = f(4)",
        "✗ Line 4: the function f needs a value for each name in its def line, in the brackets: as in f(4, 4)",
    ),
    "a misspelled name inside the function": (
        "def hours(crm_hours_per_week, reviews):\n    return crm_hour_per_week * 52 / 12\n\nq = hours(4, 4)",
        "✗ Line 2: the function uses crm_hour_per_week, a name it does not know: "
        "check its spelling against the def line (crm_hours_per_week, reviews)",
    ),
    # Issue 24: spreadsheet and paper habits, each in the unit the question asks.
    "an answer typed after None": (
        'q1_veteran_revenue = None "down"',
        '✗ Replace None with your answer, do not add it after None: q1_veteran_revenue = "down"',
    ),
    "a spreadsheet's = before a formula": (
        "=1150+1000",
        "✗ Leave out the = in front of the formula (a spreadsheet habit): 1150+1000",
    ),
    "a spreadsheet's = after the name's": (
        "q2_total = =1150+1000",
        "✗ Leave out the = in front of the formula (a spreadsheet habit): q2_total = 1150+1000",
    ),
    "a spreadsheet's = after return": (
        "def f(a, b):\n    return =(a + b) / 60.8",
        "✗ Line 2: leave out the = in front of the formula (a spreadsheet habit): return (a + b) / 60.8",
    ),
    "SUM": (
        "q2_total = SUM(1150, 1000, 2440)",
        "✗ Add with + (SUM is a spreadsheet's word): 1150 + 1000 + 2440",
    ),
    "ROUND": ("q2_total = ROUND(1150 / 7, 2)", "✗ Write round in small letters: round(1150 / 7, 2)"),
    "sum of three numbers": ("q2_total = sum(1150, 1000, 2440)", "✗ Add with +: 1150 + 1000 + 2440"),
    "sum of two numbers": ("q2_total = sum(1150, 1000)", "✗ Add with +: 1150 + 1000"),
    "thousands where millions are asked": (
        "# Your answer: the change in $M, such as -0.25.\nq1_revenue_change = $270K",
        "✗ Line 2: write 0.27: the question asks in millions of dollars, and $270K is 0.27 there",
    ),
    "a fall in thousands where millions are asked": (
        "# Your answer: in millions of dollars.\nq1_revenue_change = -490k",
        "✗ Line 2: write -0.49: the question asks in millions of dollars, and -490k is -0.49 there",
    ),
    "a unit after a formula": (
        "practice_hours = 3 * 52 / 12 hours",
        "✗ A number needs no unit after it: write 3 * 52 / 12",
    ),
    "PRODUCT": (
        "practice_hours = PRODUCT(3, 52) / 12",
        "✗ Multiply with * (PRODUCT is a spreadsheet's word): 3 * 52",
    ),
    "SUM of one number": ("practice_slider = SUM(26)", "✗ SUM is a spreadsheet's word: write 26"),
    "k for thousands, the unit unsaid": ("q2_pay = 9k", "✗ Write the whole number: 9k is 9000"),
    "a letter with a bracket": ("q3_reason = C)", '✗ Write only the letter, in quote marks: q3_reason = "C"'),
    "a letter with a bracket in quote marks": (
        'q3_reason = "C)',
        '✗ Write only the letter, in quote marks: q3_reason = "C"',
    ),
}


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_each_slip_gets_one_plain_line_with_its_fix(kernel: Kernel, slip: str) -> None:
    source, expected = SLIPS[slip]
    assert plain(kernel.run(source)) == expected


def test_a_name_whose_answer_cell_failed_says_so_where_it_is_used(kernel: Kernel) -> None:
    # Review 03 finding 12: "run the cell that sets it" sent the trainee back to a cell they had run.
    kernel.run('q8_plan = "A"\n    q8_other = "B"')
    ran = kernel.run("tried = q8_other.lower()")
    assert plain(ran).startswith("✗ Q8_other has no value: its answer cell stopped with an error (line 2:")


def test_a_word_for_a_letter_label_says_write_the_letter(kernel: Kernel) -> None:
    kernel.run('q8_labels = {1: "Goal", 2: "R"}')
    ran = kernel.run('checks.expect_labels(q8_labels, [1, 2], ["G", "R", "O", "W"], question="q8_labels")')
    assert ran.error[1] == '  write only the letter: "G" for Goal.'


def test_two_texts_side_by_side_run_but_are_named(kernel: Kernel) -> None:
    ran = kernel.run('q4_accounts = ["Acme" "Borealis"]')
    assert ran.error == []
    assert (
        ran.stdout == '✗ A comma is missing between "Acme" and "Borealis": Python joined them into one text\n'
    )


def test_no_course_notebook_sets_off_the_side_by_side_note(course_root: Path) -> None:
    # Locked cells split long messages over lines on purpose; only one line's pair is a slip.
    for path in sorted((course_root / "solutions").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "%" not in cell.source.lstrip()[:1]:
                assert slips.adjacent_texts(cell.source, same_line=True) is None, (
                    path.name,
                    cell.source[:80],
                )


def test_big_numbers_with_commas_get_one_line(kernel: Kernel) -> None:
    for typed, fixed in (
        ("9,000", "9000"),
        ("5,000 + 0.10 * 40,000", "5000 + 0.10 * 40000"),
        ("9,666.67", "9666.67"),
    ):
        kernel.run(f"q9_pay = {typed}")
        ran = kernel.run('checks.expect_number(checks.answer("q9_pay"), question="q9_pay")')
        assert (
            ran.error[1]
            == f"  expected a number; got {kernel.run('q9_pay').result}: write big numbers without commas: {fixed}."
        ), ran.error


def test_a_second_answer_on_the_same_line_is_cleared_when_the_line_fails(kernel: Kernel) -> None:
    kernel.run('q7_one = "a"\nq7_two = "b"')
    kernel.run('q7_one = "higher", q7_two = "lower"')
    assert "stopped with an error" in kernel.run('checks.answer("q7_two")').error[1]


def test_a_caret_between_whole_numbers_runs_but_is_named(kernel: Kernel) -> None:
    # 2 ^ 4 is 6 in Python, no error: the loop says it all the same.
    ran = kernel.run("q4_chance = 1 - 2 ^ 4")
    assert (
        ran.error == [] and ran.stdout == "✗ ^ is not 'to the power of' in Python: use **, as in 1 - 2 ** 4\n"
    )


def test_a_big_number_is_shown_as_typed_in_a_check(kernel: Kernel) -> None:
    kernel.run("q9_hole = 1373000")
    ran = kernel.run('checks.expect_number(q9_hole, low=0, high=5000, question="q9_hole")')
    assert "got 1,373,000." in "\n".join(ran.error)


def test_a_comma_for_decimals_is_no_error_but_the_check_says_use_a_point(kernel: Kernel) -> None:
    # Python reads 23,33 as the pair (23, 33): no error in the cell, so the check must say it.
    assert kernel.run("q2_hours_lost = 23,33").error == []
    ran = kernel.run(
        "# Check: part b\nfrom course.trainee import checks\n"
        'checks.expect_number(checks.answer("q2_hours_lost"), question="q2_hours_lost", low=0, high=200)'
    )
    assert ran.error == [
        "✗ Not yet — q2_hours_lost",
        "  expected a number; got (23, 33): use a point for decimals: 23.33.",
    ]


def test_a_comma_inside_the_functions_formula_is_named_by_the_check(kernel: Kernel) -> None:
    kernel.run(EXERCISE_2.format(indent="    ").replace("* 1.5", "* 1,5"))  # valid Python: a pair
    ran = kernel.run(
        "h = checks.call_safely(hours_lost_to_reporting, 0, 2, question='f')\n"
        "checks.expect_number(h, question='hours_lost_to_reporting(0, 2)')"
    )
    assert ran.error == [
        "✗ Not yet — hours_lost_to_reporting(0, 2)",
        "  expected a number; got (2.0, 5): a comma split a number in two: use a point for decimals (1.5, not 1,5).",
    ]


def test_a_number_in_quote_marks_or_with_its_unit_gets_a_plain_check(kernel: Kernel) -> None:
    for typed, said in (
        ('"23.33"', "write the number without quote marks: 23.33"),
        ('"23.33 hours"', "write the number alone, without quote marks or a unit: 23.33"),
    ):
        kernel.run(f"q2_hours_lost = {typed}")
        ran = kernel.run('checks.expect_number(checks.answer("q2_hours_lost"), question="q2_hours_lost")')
        assert said in ran.error[1], ran.error


@pytest.mark.parametrize("typed", ['"Down"', '"DOWN"', '" down "', '"down."'])
def test_capitals_and_spaces_pass_a_choice_check(kernel: Kernel, typed: str) -> None:
    kernel.run(f"q1_veteran_revenue = {typed}")
    ran = kernel.run(CHECK_Q1)
    assert ran.error == [] and ran.stdout.startswith("✓ q1_veteran_revenue"), ran.shown


def test_an_answer_name_typed_with_capitals_is_pointed_out(kernel: Kernel) -> None:
    # Review 04 finding 13: Q1_veteran_revenue ran cleanly; "run its answer cell" would mislead.
    kernel.run("Q9_Team_Size = 4")
    ran = kernel.run('checks.answer("q9_team_size")')
    assert ran.error[1].startswith("  q9_team_size has no value yet, but Q9_Team_Size has")
    assert "capital letters count in a name" in ran.error[1]


def test_a_number_typed_as_text_in_a_choice_of_numbers_says_so(kernel: Kernel) -> None:
    kernel.run('q3_veteran_reviews = "2"')
    ran = kernel.run(
        'checks.expect_choice(checks.answer("q3_veteran_reviews"), [0, 1, 2, 4, 8], question="q3")'
    )
    assert ran.error[1] == "  write 2 without quote marks: it is a number, not text."


def test_comparing_instead_of_assigning_a_known_name_gets_a_note(kernel: Kernel) -> None:
    kernel.run("q1_new_hire_revenue = None")
    ran = kernel.run('q1_new_hire_revenue == "up"')
    assert ran.stdout.startswith(
        '✗ q1_new_hire_revenue == "up" only compares: to give q1_new_hire_revenue a value, '
        'use one = sign: q1_new_hire_revenue = "up"'
    ), ran.shown


CHECK_Q1 = """# Check: your prediction for the veterans' revenue is "up" or "down".
from course.trainee import checks

checks.expect_choice(
    checks.answer("q1_veteran_revenue", hint='Write "up" or "down", with the quote marks.'),
    ["up", "down"],
    question="q1_veteran_revenue",
    hint='Write "up" or "down", with the quote marks.',
)
checks.recorded("q1_veteran_revenue")
"""
Q1_STOPPED = "  your answer cell stopped with an error: {message}. Fix it and run it again."


@pytest.mark.parametrize(
    "broken, message",
    [
        ("q1_veteran_revenue = “down”", 'line 1: use straight quote marks, typed with the " key: "down"'),
        ("q1_veteran_revenue = down", 'line 1: a word needs quote marks: "down"'),
        (
            'q1_veteran_revenue = "down',
            'line 1: a quote mark is missing: end the text with a second ", as in "down"',
        ),
    ],
    ids=["curly quotes", "no quote marks", "unclosed quote"],
)
def test_no_stale_tick_after_the_answer_cell_fails(kernel: Kernel, broken: str, message: str) -> None:
    answer_cell = 'q1_veteran_revenue = "down"\nq1_veteran_quits = "up"'
    assert kernel.run(answer_cell).error == []
    assert kernel.run(CHECK_Q1).stdout == "✓ q1_veteran_revenue: recorded — graded when you submit\n"

    kernel.run(broken + '\nq1_veteran_quits = "up"')  # the trainee breaks the answer and reruns the cell
    ran = kernel.run(CHECK_Q1)
    assert "✓" not in ran.shown
    assert ran.error == ["✗ Not yet — q1_veteran_revenue", Q1_STOPPED.format(message=message)]
    # Every name the failed cell assigns is cleared, the line that was fine too.
    assert "stopped with an error" in kernel.run('checks.answer("q1_veteran_quits")').error[1]

    assert kernel.run(answer_cell).error == []  # fixed and run again: the record goes
    assert kernel.run(CHECK_Q1).stdout.startswith("✓ q1_veteran_revenue")
    assert kernel.run('checks.answer("q1_veteran_quits")').result == "'up'"


@pytest.mark.parametrize(
    "broken",
    [
        'q1_veteran_revenue = "up"\n    q1_veteran_quits = "down"',
        '  q1_veteran_revenue = "up"\nq1_veteran_quits = "down"',
    ],
    ids=["second line indented", "first line indented"],
)
def test_no_stale_tick_after_an_answer_line_indented_by_accident(kernel: Kernel, broken: str) -> None:
    # Review 04 finding 1: a cell that does not parse must still lose the names on its indented lines.
    assert kernel.run('q1_veteran_revenue = "down"\nq1_veteran_quits = "up"').error == []
    assert kernel.run(CHECK_Q1).stdout.startswith("✓")
    kernel.run(broken)
    ran = kernel.run(CHECK_Q1)
    assert "✓" not in ran.shown and "stopped with an error" in ran.error[1]
    if "quits" in broken:
        assert "stopped with an error" in kernel.run('checks.answer("q1_veteran_quits")').error[1]


def test_a_placeholder_then_a_slip_says_stopped_not_still_empty(kernel: Kernel) -> None:
    kernel.run("q1_veteran_revenue = None")
    assert "still empty" in "\n".join(kernel.run(CHECK_Q1).error)
    kernel.run("q1_veteran_revenue = down")
    ran = kernel.run(CHECK_Q1)
    assert "still empty" not in ran.shown
    assert ran.error[1] == Q1_STOPPED.format(message='a word needs quote marks: "down"')


def test_a_broken_function_cell_clears_the_old_function(kernel: Kernel) -> None:
    good = EXERCISE_2.format(indent="    ") + "\nq2_hours_lost = hours_lost_to_reporting(4, 4)"
    assert kernel.run(good).error == []
    kernel.run(EXERCISE_2.format(indent="  ") + "\nq2_hours_lost = hours_lost_to_reporting(4, 4)")
    for name in ("hours_lost_to_reporting", "q2_hours_lost"):
        ran = kernel.run(f'checks.answer("{name}")')
        assert ran.error[1] == Q1_STOPPED.format(
            message="line 3: return starts with 2 spaces: use exactly 4, the same as the line above it"
        ), ran.error
    assert kernel.run(good).error == []
    assert float(kernel.run('checks.answer("q2_hours_lost")').result) == pytest.approx(4 * 52 / 12 + 6)


def test_a_cell_that_runs_cleanly_drops_its_old_records_even_for_names_it_no_longer_sets(
    kernel: Kernel,
) -> None:
    kernel.run("q7_first_try = down", cell_id="answer-cell-7")
    assert "stopped with an error" in kernel.run('checks.answer("q7_first_try")').error[1]
    kernel.run('q7_answer = "down"', cell_id="answer-cell-7")  # the same cell, rewritten and fixed
    ran = kernel.run('checks.answer("q7_first_try")')
    assert "has no value yet" in ran.error[1], ran.error


def test_names_a_failed_run_did_assign_keep_their_new_values(kernel: Kernel) -> None:
    # Line 1 ran and gave a new answer; line 2 stopped the cell: line 2's name is cleared, line 1's
    # is the trainee's current answer (not a stale one), so its check may pass.
    kernel.run('q8_first = "old"\nq8_second = "old"')
    kernel.run('q8_first = "new answer"\nq8_second = up')
    assert kernel.run('checks.answer("q8_first")').result == "'new answer'"
    assert kernel.run('checks.answer("q8_second")').error[1] == Q1_STOPPED.format(
        message='line 2: a word needs quote marks: "up"'
    )


def test_a_cell_stopped_while_it_runs_keeps_the_answers_it_set(kernel: Kernel) -> None:
    # Runaway code after the answers (the grader's timeout interrupts it, or the stop button).
    ran = kernel.run('q8_kept = "down"\nimport time\nwhile True:\n    time.sleep(0.1)', interrupt_after=2)
    assert plain(ran) == (
        "✗ The cell was stopped before it finished (interrupted, or it ran too long): run it again"
    )
    assert kernel.run('checks.answer("q8_kept")').result == "'down'"


def test_an_error_that_is_no_known_slip_shows_pythons_message_and_is_remembered(kernel: Kernel) -> None:
    ran = kernel.run("q5_ratio = 1 / 0")
    assert ran.ename == "ZeroDivisionError" and any("Traceback" in line for line in ran.error)
    ran = kernel.run('checks.answer("q5_ratio")')
    assert ran.error[1] == Q1_STOPPED.format(message="ZeroDivisionError: division by zero")


def test_a_mistyped_answer_name_is_pointed_out(kernel: Kernel) -> None:
    kernel.run('q1_veteren_revenue = "down"')
    ran = kernel.run('checks.answer("q1_veteran_revenue_x")')
    assert ran.error[1] == (
        "  q1_veteran_revenue_x has no value yet, but q1_veteren_revenue has: keep the answer's name "
        "exactly as given, q1_veteran_revenue_x = ..., and run the answer cell again."
    )


def test_each_check_gives_its_own_hint_only(kernel: Kernel) -> None:
    ran = kernel.run('checks.answer("q9_not_run_yet", hint="Start the last line with return.")')
    assert ran.error == [
        "✗ Not yet — q9_not_run_yet",
        "  q9_not_run_yet has no value yet: run its answer cell (marked Your answer), then this check.",
        "  Hint: Start the last line with return.",
    ]
    assert "quote marks" not in kernel.run('checks.answer("q9_not_run_yet")').shown


@pytest.mark.parametrize("slip", ["q1_veteran_revenue = down", "q1_veteran_revenue = “down”", "x = 1 / 0"])
def test_percent_tb_shows_pythons_full_message(kernel: Kernel, slip: str) -> None:
    first = kernel.run(slip)
    full = "\n".join(kernel.run("%tb").error)
    assert first.ename in full
    assert ("Traceback" in full) or ("SyntaxError" in full), full
    assert len(full.splitlines()) > 2


def test_set_up_twice_changes_nothing(kernel: Kernel) -> None:
    count = "len(get_ipython().events.callbacks['post_run_cell'])"
    before = kernel.run(count).result
    assert kernel.run(SETUP).error == []
    assert kernel.run(count).result == before
    assert plain(kernel.run("q1_veteran_revenue = down")) == '✗ A word needs quote marks: "down"'


def test_a_check_before_set_up_and_after_a_restart_says_what_to_run_first() -> None:
    fresh = Kernel()
    try:
        expected = [
            "✗ Not yet — q1_veteran_revenue",
            "  the set-up cell has not run since this notebook was opened or its kernel restarted.",
            "  Hint: Run the set-up cell at the top of the notebook first, then your answer cell, then this check.",
        ]
        assert fresh.run(CHECK_Q1).error == expected  # a check cell run first: no NameError
        fresh.run('q1_veteran_revenue = "down"')  # even with an answer, until set-up has run
        assert fresh.run(CHECK_Q1).error == expected
        assert fresh.run(SETUP).error == []
        fresh.run('q1_veteran_revenue = "down"')
        assert fresh.run(CHECK_Q1).stdout.startswith("✓")

        fresh.restart()
        assert fresh.run(CHECK_Q1).error == expected
        fresh.run(SETUP)
        assert fresh.run(CHECK_Q1).error[1] == (
            "  q1_veteran_revenue has no value yet: run its answer cell (marked Your answer), then this check."
        )
    finally:
        fresh.stop()


def test_set_up_is_a_no_op_in_plain_python() -> None:
    # The trusted grader runs the set-up cell and the checks in a plain Python process.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom course.trainee import checks\nchecks.setup()\nchecks.setup()\n"
            "assert 'IPython' not in sys.modules\nq1 = 'down'\nprint(checks.answer('q1'))\n"
            "try:\n    checks.answer('q2', hint='own hint')\nexcept checks.NotYet as e:\n    print(e)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "down",
        "q2: q2 has no value yet: run its answer cell (marked Your answer), then this check. Hint: own hint",
    ]


def test_importing_checks_turns_nothing_on() -> None:
    fresh = Kernel()
    try:
        fresh.run("from course.trainee import checks, explore")
        ran = fresh.run("q1_veteran_revenue = down")
        assert ran.ename == "NameError" and any("Traceback" in line for line in ran.error)
    finally:
        fresh.stop()


# --- review fixes (07:05): each slip message a reviewer found wrong, in a real kernel -----------


@pytest.mark.parametrize(
    "typed, said",
    [
        ("-0,49", "use a point for decimals: -0.49"),
        ("-0,487", "use a point for decimals: -0.487"),
        ("0,487", "use a point for decimals: 0.487"),
        ("-12,5", "use a point for decimals: -12.5"),
    ],
)
def test_a_comma_for_decimals_keeps_the_minus_sign(kernel: Kernel, typed: str, said: str) -> None:
    # -0,49 runs as the pair (0, 49): the minus is only in the text the trainee typed.
    assert kernel.run(f"q1_revenue_change = {typed}").error == []
    ran = kernel.run(
        "from course.trainee import checks\n"
        'checks.expect_number(checks.answer("q1_revenue_change"), question="q1_revenue_change", low=-10, high=10)'
    )
    assert ran.error[1].startswith("  expected a number; got "), ran.error
    assert ran.error[1].endswith(f": {said}."), ran.error


def test_a_check_names_the_latest_error_of_its_answer_cell(kernel: Kernel) -> None:
    # Review 01 finding 1: an unclosed quote, then == instead of =, in the same cell.
    kernel.run('q1_veteran_revenue = "down', cell_id="q1-predictions")
    first = kernel.run(CHECK_Q1)
    assert "a quote mark is missing" in first.error[1], first.error
    kernel.run('q1_veteran_revenue == "down"', cell_id="q1-predictions")
    ran = kernel.run(CHECK_Q1)
    assert ran.error[1] == Q1_STOPPED.format(
        message='to give q1_veteran_revenue a value, use one = sign: q1_veteran_revenue = "down"'
    ), ran.error
    kernel.run('q1_veteran_revenue = "down"', cell_id="q1-predictions")
    assert kernel.run(CHECK_Q1).stdout.startswith("✓ q1_veteran_revenue")


def test_a_cells_older_failure_goes_when_it_fails_for_a_name_it_no_longer_sets(kernel: Kernel) -> None:
    kernel.run("q7_old_name = down", cell_id="answer-cell-71")
    kernel.run("q7_new_name = up", cell_id="answer-cell-71")
    assert "has no value yet" in kernel.run('checks.answer("q7_old_name")').error[1]
    assert "stopped with an error" in kernel.run('checks.answer("q7_new_name")').error[1]


HOURS_CHECK = (
    "from course.trainee import checks\n"
    "f = checks.expect_function(checks.answer('hours_lost_to_reporting'), question='hours_lost_to_reporting')\n"
    "checks.expect_number(checks.call_safely(f, 0, 2, question='hours_lost_to_reporting'), question='x')"
)


@pytest.mark.parametrize(
    "body",
    ["print(crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5)", "crm_hours_per_week * 52 / 12"],
    ids=["print instead of return", "no return"],
)
def test_a_function_that_gives_back_nothing_says_return(kernel: Kernel, body: str) -> None:
    # Review 01 finding 10, review 02 finding 10a: not "this answer is still empty".
    assert (
        kernel.run(
            EXERCISE_2.format(indent="    ").replace(
                "return crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5", body
            )
        ).error
        == []
    )
    ran = kernel.run(HOURS_CHECK)
    assert "still empty" not in ran.shown
    assert ran.error[1] == (
        "  hours_lost_to_reporting(0, 2) gave back nothing: its last line must start with return, then the "
        "formula (print only shows a number, it does not give it back)."
    ), ran.error


def test_a_division_by_zero_without_brackets_says_put_brackets(kernel: Kernel) -> None:
    # Review 02 finding 10b.
    kernel.run('def estimate_reliability(kept, seen):\n    "Estimate."\n    return kept + 1 / seen + 2')
    ran = kernel.run(
        "from course.trainee import checks\n"
        "checks.call_safely(estimate_reliability, 0, 0, question='estimate_reliability')"
    )
    assert ran.error[1] == (
        "  calling it with 0, 0 stopped: it divided by zero: put brackets around the top and the bottom, "
        "(kept + 1) / (seen + 2); without them Python divides before it adds."
    ), ran.error


def test_a_comma_for_a_decimal_point_inside_a_function_says_use_a_point(kernel: Kernel) -> None:
    # Review r1 (module 01, exercise 2a): 1,5 in the formula gave "TypeError: unsupported
    # operand type(s) for /: 'tuple' and 'int'".
    kernel.run('def share(crm, reviews):\n    "Share."\n    return (crm * 4 + reviews * 1,5) / 60,8')
    ran = kernel.run("from course.trainee import checks\nchecks.call_safely(share, 0, 2, question='share')")
    assert ran.error[1] == (
        "  calling it with 0, 2 stopped: use a point for decimals, not a comma: "
        "return (crm * 4 + reviews * 1.5) / 60.8."
    ), ran.error


def test_label_keys_in_quote_marks_are_named(kernel: Kernel) -> None:
    # Review 01 finding 12: not "statement(s) 1, 2, 3, 4 have no label".
    kernel.run('q5_labels = {"1": "A", "2": "C", "3": "A", "4": "C"}')
    ran = kernel.run(
        "from course.trainee import checks\n"
        'checks.expect_labels(checks.answer("q5_labels"), [1, 2, 3, 4], ["A", "C"], question="q5_labels")'
    )
    assert ran.error[1] == '  write the numbers 1, 2, 3, 4 without quote marks: {1: "A", 2: "C", ...}.', (
        ran.error
    )


def test_labels_are_shown_as_typed_and_items_by_their_name(kernel: Kernel) -> None:
    # Review 02 finding 11.
    kernel.run('q4_repairs = {1: "apologise", 4: "denial"}\nq4_violations = {1: "C", 2: "x", 3: "C", 4: "I"}')
    ran = kernel.run(
        "from course.trainee import checks\n"
        'checks.expect_labels(checks.answer("q4_repairs"), [1, 4], ["apology", "denial"], question="q4_repairs", item="violation")'
    )
    assert ran.error[1] == "  violation 1 needs one of apology, denial.", ran.error
    ran = kernel.run(
        'checks.expect_labels(checks.answer("q4_violations"), [1, 2, 3, 4], ["C", "I"], question="q4_violations", item="violation")'
    )
    assert ran.error[1] == "  violation 2 needs one of C, I.", ran.error


def test_the_reveal_names_a_prediction_that_is_not_one_of_the_choices(kernel: Kernel) -> None:
    # Review 02 finding 11: "apologize" is filled in, just not one of the four words.
    kernel.run('q1_fastest = "apologize"\nq1_slowest = "denial"')
    ran = kernel.run(
        "from course.trainee.widgets import reveal\n"
        "reveal(lambda: 'SHOWN', after={'q1_fastest': ['apology', 'explanation', 'denial', 'silence'], "
        "'q1_slowest': ['apology', 'explanation', 'denial', 'silence']})"
    )
    assert "SHOWN" not in ran.shown and "Fill in" not in ran.stdout
    assert "q1_fastest is 'apologize', not one of 'apology', 'explanation', 'denial', 'silence'" in ran.stdout


def test_a_whole_number_answer_says_so(kernel: Kernel) -> None:
    kernel.run("q1_apology_quarters = 3.5")
    ran = kernel.run(
        "from course.trainee import checks\n"
        'checks.expect_equal(checks.answer("q1_apology_quarters"), 3, question="q1_apology_quarters")'
    )
    assert ran.error[1] == "  3.5 is not the answer the model backs, which is a whole number.", ran.error


# --- the released check cells themselves, run as a trainee runs them (review fixes, 07:05) --------

ASSIGNMENTS = Path(__file__).resolve().parents[1] / "assignments"


def released_cell(module: str, grade_id: str) -> str:
    """The source of a released notebook's cell, as the trainee has it."""
    notebook = next((ASSIGNMENTS / module).glob("*.ipynb"))
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return "".join(cell["source"])
    raise KeyError(grade_id)


def test_module_00s_concept_question_is_judged_with_its_reason(kernel: Kernel) -> None:
    # Review 01 finding 14: practice, so the check judges it instead of "recorded".
    check = released_cell("00_orientation", "test_q0_meaning")
    kernel.run('practice_meaning = "A"')
    ran = kernel.run(check)
    assert "✓" not in ran.shown and "recorded" not in ran.shown
    assert ran.error[1] == (
        "  'A' is not it: 70% is a share of the differences between units, not a cause, nor a size of change."
    ), ran.error
    kernel.run('practice_meaning = "B"')
    assert kernel.run(check).stdout == (
        "✓ practice_meaning: B: a share of the differences between units, not a cause.\n"
    )


def test_module_02s_estimate_check_names_the_rule_and_rounding(kernel: Kernel) -> None:
    # Review 02 finding 10 (c, d): 0.72 is 0.727... cut off, not rounded.
    check = released_cell("02_trust", "test_q2_maya_estimate")
    kernel.run("q2_maya_estimate = 0.72")
    ran = kernel.run(check)
    assert ran.error[1] == "  0.72 is not what the rule gives.", ran.error
    assert "round to two decimals (0.456 rounds to 0.46, not 0.45)" in ran.error[2], ran.error
    kernel.run("q2_maya_estimate = 0.73")
    assert kernel.run(check).stdout.startswith("✓ Exercise 2b")


def test_module_02s_repairs_check_shows_the_words_as_typed(kernel: Kernel) -> None:
    # Review 02 finding 11.
    check = released_cell("02_trust", "test_q4_repairs")
    kernel.run('q4_repairs = {1: "apologise", 4: "denial"}')
    ran = kernel.run(check)
    assert ran.error[1] == "  violation 1 needs one of apology, denial.", ran.error


# --- issue 24: slips still missed ----------------------------------------------------------------

CHECK_CHANGE = (
    'checks.expect_number(checks.answer("q1_revenue_change"), question="q1_revenue_change", low=-10, high=10)'
)
CHANGE_CELL = "# Your answer: replace None with the change in $M (negative if revenue fell), such as -0.25.\n"


@pytest.mark.parametrize("broken", ['q1_veteran_revenue "down"', 'q1_veteran_revenue = None "down"'])
def test_a_deleted_or_kept_placeholder_clears_the_old_answer(kernel: Kernel, broken: str) -> None:
    # The = deleted (or None kept) must not leave the old "up" to be judged or ticked.
    assert kernel.run('q1_veteran_revenue = "up"').error == []
    assert kernel.run(CHECK_Q1).stdout.startswith("✓")
    kernel.run(broken)
    ran = kernel.run(CHECK_Q1)
    assert "✓" not in ran.shown
    assert ran.error[0] == "✗ Not yet — q1_veteran_revenue"
    assert "stopped with an error" in ran.error[1] and '= "down"' in ran.error[1]
    assert kernel.run("q1_veteran_revenue").ename == "NameError"


@pytest.mark.parametrize("broken", ["q1_revenue_change -0.64", "q1_revenue_change (0.64)"])
def test_a_deleted_equals_that_still_runs_clears_the_old_number(kernel: Kernel, broken: str) -> None:
    # q -0.64 is a subtraction and q (0.64) a call: the old answer must not be judged or ticked.
    assert kernel.run(CHANGE_CELL + "q1_revenue_change = -0.25").error == []
    assert kernel.run(CHECK_CHANGE).error == []
    ran = kernel.run(CHANGE_CELL + broken)
    assert "✓" not in ran.shown
    ran = kernel.run(CHECK_CHANGE)
    assert "✓" not in ran.shown and ran.error[0] == "✗ Not yet — q1_revenue_change"
    assert kernel.run("q1_revenue_change").ename == "NameError"
    assert kernel.run(CHANGE_CELL + "q1_revenue_change = -0.64").error == []
    assert kernel.run(CHECK_CHANGE).error == []


def test_a_deleted_equals_is_said_in_one_plain_line(kernel: Kernel) -> None:
    assert kernel.run(CHANGE_CELL + "q1_revenue_change = -0.25").error == []
    ran = kernel.run(CHANGE_CELL + "q1_revenue_change -0.64")
    assert ran.stdout.strip() == "✗ The = is missing after q1_revenue_change: write q1_revenue_change = -0.64"
    assert kernel.run("total = 10").error == []
    assert kernel.run("total - 5").stdout == ""  # not an answer typed with =: left alone


@pytest.mark.parametrize(
    "typed, said",
    [
        (
            "-490,000",
            "expected a number; got (-490, 0): write -0.49: the question asks in millions of dollars, "
            "and -490,000 is -0.49 there.",
        ),
        ("-490000", "the question asks in millions of dollars: -490,000 is -0.49; write -0.49."),
        ("270000", "the question asks in millions of dollars: 270,000 is 0.27; write 0.27."),
    ],
)
def test_dollars_where_millions_are_asked_get_one_message_in_millions(
    kernel: Kernel, typed: str, said: str
) -> None:
    assert kernel.run(CHANGE_CELL + f"q1_revenue_change = {typed}").error == []
    ran = kernel.run(CHECK_CHANGE)
    assert ran.error == ["✗ Not yet — q1_revenue_change", f"  {said}"]


def test_a_range_open_at_one_end_is_said_in_words(kernel: Kernel) -> None:
    kernel.run("q2_grr = 110")
    ran = kernel.run('checks.expect_number(checks.answer("q2_grr"), question="q2_grr", high=100)')
    assert ran.error[1] == "  expected a number of at most 100; got 110."
    assert "inf" not in ran.shown


def test_missing_brackets_are_found_by_comparing_with_the_expected_value(kernel: Kernel) -> None:
    kernel.run("q2_share = 60 + 20 + 130 / 200 * 100")
    ran = kernel.run(
        'checks.expect_close(checks.answer("q2_share"), (60 + 20 + 130) / 200 * 100, question="q2_share")'
    )
    assert ran.error[1] == (
        "  145 is not what the model gives: Python multiplies and divides before it adds and subtracts: "
        "put brackets around what comes first, (60 + 20 + 130), as in (60 + 20 + 130) / 200 * 100."
    )
    kernel.run("q2_share = 60 + 20 + 130 / 100")  # a plain wrong formula: no bracket advice
    assert (
        "brackets"
        not in kernel.run('checks.expect_close(checks.answer("q2_share"), 105, question="q2_share")').shown
    )


@pytest.mark.parametrize("typed", ['"C)"', '"(c)"', '"C."'])
def test_a_letter_as_a_multiple_choice_sheet_writes_it_passes(kernel: Kernel, typed: str) -> None:
    kernel.run(f"q3_reason = {typed}")
    ran = kernel.run(
        'checks.expect_choice(checks.answer("q3_reason"), ["A", "B", "C"], question="q3_reason")'
    )
    assert ran.error == []


@pytest.mark.parametrize("typed", ['"co-sell"', '"co sell"', '"Cosell"'])
def test_a_hyphen_or_space_inside_a_word_is_not_counted(kernel: Kernel, typed: str) -> None:
    kernel.run(f"q5_plan = {typed}")
    for check in (
        'checks.expect_choice(checks.answer("q5_plan"), ["observe", "cosell"], question="q5_plan")',
        'checks.expect_equal(checks.answer("q5_plan"), "cosell", question="q5_plan")',
    ):
        assert kernel.run(check).error == []
    kernel.run('q5_plan = "observe"')
    assert kernel.run('checks.expect_equal(checks.answer("q5_plan"), "cosell", question="q5_plan")').error


def test_one_text_that_reads_as_several_names_is_named(kernel: Kernel) -> None:
    ran = kernel.run('q4_accounts = ["Acme, Borealis, Cygnus"]')
    expected = 'put each name in its own quote marks, ["Acme", "Borealis", "Cygnus"]'
    assert ran.stdout == f"✗ That is one text with commas inside: {expected}\n"
    ran = kernel.run('checks.expect_names(checks.answer("q4_accounts"), question="q4_accounts")')
    assert ran.error[1] == f"  that is one text with commas inside: {expected}."
    kernel.run('q4_accounts = ["Acme", "Borealis"]')
    assert kernel.run('checks.expect_names(checks.answer("q4_accounts"), question="q4_accounts")').error == []


def test_a_check_says_when_the_answer_its_table_was_made_from_changed(kernel: Kernel) -> None:
    kernel.run('q7_quarter1 = "A"')
    table = 'checks.shown_with("q7_quarter1", q7_quarter1, by="the quarter 2 table")'
    check = 'checks.expect_unchanged("q7_quarter1", question="q7_quarter2")'
    kernel.run(table)
    assert kernel.run(check).error == []
    kernel.run('q7_quarter1 = "B"')
    ran = kernel.run(check)
    assert ran.error == [
        "✗ Not yet — q7_quarter2",
        "  q7_quarter1 changed since the quarter 2 table was made from it (it was 'A', it is now 'B'): "
        "run the quarter 2 table again, check this answer against it, then run this check.",
    ]
    kernel.run(table)
    assert kernel.run(check).error == []


LABELS = '{1: "E", 2: "F", 3: "M", 4: "F", 5: "E"}'


def test_labels_earn_partial_credit_as_nbgrader_reads_it(kernel: Kernel) -> None:
    sealed = f'checks.seal({LABELS}, question="q4_labels")'
    score = f'checks.score_labels(q4_labels, {sealed}, question="q4_labels", points=2, why={{2: "it was measured."}})'
    kernel.run('q4_labels = {1: "E", 2: "E", 3: "M", 4: "F", 5: "E"}')
    ran = kernel.run(score)
    assert ran.result == "1.6"  # the number nbgrader reads as the cell's points
    assert ran.stdout == (
        "✗ Not yet — q4_labels\n  4 of 5 right, 1.6 of 2 points: statement 2 needs another look.\n"
        "  Statement 2: it was measured.\n"
    )
    kernel.run(f"q4_labels = {LABELS}")
    ran = kernel.run(score)
    assert ran.result == "2.0"
    assert ran.stdout == "✓ q4_labels: all 5 right: 2 of 2 points (2 different answers checked so far).\n"
    # every defensible label accepted: item 3 may be "M" or "F"
    either = 'checks.score_labels({1: "F", 2: "x"}, checks.seal({1: ["M", "F"], 2: "x"}, question="q"), question="q", points=1)'
    assert kernel.run(either).result == "1.0"


def test_a_sealed_choice_is_judged_and_counts_the_answers_tried(kernel: Kernel) -> None:
    check = (
        'checks.expect_sealed(checks.answer("q3_reason"), checks.seal({"q3_reason": "B"}, question="q3_reason")'
        '["q3_reason"], question="q3_reason", why={"a": "the model gives new hires some sensitivity."})'
    )
    kernel.run('q3_reason = "A"')
    assert kernel.run(check).error[1] == "  'A' is not it: the model gives new hires some sensitivity."
    kernel.run('q3_reason = "C"')
    assert kernel.run(check).error[1] == "  'C' is not it."
    kernel.run('q3_reason = "B"')
    assert kernel.run(check).stdout == (
        "✓ q3_reason: right (found on answer 3: read why the others are wrong before you go on).\n"
    )


def test_a_sealed_whole_number_accepts_its_decimal_form_and_spellings_are_one_try(kernel: Kernel) -> None:
    # Review r1 (module 01, exercise 3b): 2.0 for the sealed 2 was told "2.0 is not it", and
    # "b", "B)" and "B." after "B" were counted as tries ("found on answer 3") though one answer.
    number = (
        'checks.expect_sealed(checks.answer("q3_count"), checks.seal({"q3_count": [2]}, question="q3_count")'
        '["q3_count"], question="q3_count")'
    )
    kernel.run("q3_count = 2.0")
    assert kernel.run(number).stdout == "✓ q3_count: right.\n"
    letter = (
        'checks.expect_sealed(checks.answer("q3_letter"), checks.seal({"q3_letter": "B"}, question="q3_letter")'
        '["q3_letter"], question="q3_letter")'
    )
    for typed in ['"B"', '"b"', '"B)"', '"b."']:
        kernel.run(f"q3_letter = {typed}")
        assert kernel.run(letter).stdout == "✓ q3_letter: right.\n", typed


@pytest.mark.parametrize("typed", ['"73%"', "73"])
def test_a_percentage_where_a_share_is_asked_is_turned_into_the_share_in_one_step(
    kernel: Kernel, typed: str
) -> None:
    kernel.run(f"q2_share_lost = {typed}")
    ran = kernel.run(
        'checks.expect_number(checks.answer("q2_share_lost"), question="q2_share_lost", low=0, high=1)'
    )
    assert "write 0.73: this question asks for a share from 0 to 1, and 73% is 0.73" in ran.error[1], (
        ran.error
    )
