"""The slips a first-time trainee makes, each turned into one plain line with its fix.

A sales leader who has never programmed types ``down`` without quote marks, pastes
“curly quotes” or a ``×`` from a formula, writes ``23,33`` or ``23.33 hours``, or indents
``return`` by 2 spaces. Python answers with a traceback in its own words. :func:`explain`
turns the error into one line in the trainee's words, naming the slip and showing the fix
("a word needs quote marks: "down""); it returns ``None`` for an error it does not know,
which is then shown as Python shows it.

Pure functions only: :mod:`course.trainee.loop` calls them from the kernel's error display,
and :mod:`course.trainee.checks` from a check (``23,33`` is no error in Python: it makes
the pair ``(23, 33)``, which only a check can catch). Nothing here imports IPython.

The catalogue (message first, then what triggers it):

- ``a word needs quote marks: "down"``: a ``NameError`` for a name used as a value.
- ``use straight quote marks, typed with the " key: "down"``: curly quotes “ ” ‘ ’.
- ``use * and / to multiply and divide: 4 * 52 / 12``: ``×``, ``÷`` (and ``x`` between numbers
  or brackets: ``(30 + 20) / 40 x 100``).
- ``use the keyboard's - for minus``: ``−`` or ``–`` copied from a text.
- ``write ** 2 for squared``: ``²``; ``use ** for 'to the power of'``: ``0.72 ^ 4`` (a float);
  ``put * between a number and a bracket``: ``2(0.4 - 0.2)``; ``use round brackets``: ``[1 + 2] / 3``.
- ``write a number without spaces: 1373``: ``1 373``; ``one = per line``: ``q = 1 / 6 = 0.17``.
- ``f gave back nothing: add its return line``: ``f(1) + 1`` when ``f`` has no ``return``.
- ``return gives back a value, not a name``: ``return gain = ...``; ``in a formula, write 25% as
  0.25``; ``write 1 1/3 as 1 + 1/3, or 1.33``; ``put the whole answer in one pair of quote marks:
  door_path = "c, b, a"``: ``door_path = c, b, a``.
- ``use a point for decimals: 23.33``: ``23,33`` (a check sees the pair ``(23, 33)``), ``23,05``.
- ``return starts with 8 spaces: use exactly 4, the same as the line above it``: ``return``
  indented 2 or 8 spaces, or not at all (``return has no spaces in front of it: ...``).
- ``a quote mark is missing: end the text with a second ", as in "down"``: an unclosed quote.
- ``a comma is missing between two items: ...``: ``{1: "E" 2: "F"}``.
- ``a number needs no unit after it: write 23.33``: ``23.33 hours``, ``-0.49M`` (the minus kept).
- ``a number needs no $ sign or unit: write 5.41 ...``: ``$5.41M``, ``$-0.49``, ``-$0.49``, € and £.
- ``a number needs no % sign: write 73``: ``73%`` in a cell that asks for a percentage; ``... 73% is
  0.73`` where it asks for a share (a number between 0 and 1); both where the cell does not say.
- ``a bracket ( is never closed: ...`` / ``... has no opening ...``: unbalanced brackets.
- ``to give q1 a value, use one = sign: q1 = "down"``: ``q1 == "down"``.
- ``to compare two values, use ==; one = gives a name a value``: ``if a = 1:``.
- ``put = between the name and its value: ...``, ``a name has no spaces: use _ instead, ...``,
  ``a colon is missing at the end of the line: ...``, ``write None with a capital N ...``,
  ``write return in small letters, spelled r-e-t-u-r-n``, ``the function uses x, a name it does
  not know: ...``, ``there is no f yet: run the cell that defines it ...``, ``Python does not know
  the name x: ...``, ``the function f needs a value for each name in its def line ...``.

A message names the cell's line ("line 3: ...") when the cell has more than one line.
"""

from __future__ import annotations

import ast
import difflib
import re
import traceback
from typing import Any

from course.trainee import habits

TB_COMMAND = "%tb"
"""What to run in a new cell to see Python's full message for the last error."""

CURLY = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"'}
TIMES_DIVIDE = {"×": "*", "÷": "/", "·": "*", "∙": "*", "⋅": "*"}
MINUS = {"−": "-", "–": "-", "—": "-"}
POWERS = {"²": " ** 2", "³": " ** 3"}
_SPACES = {"\u00a0", "\u2009", "\u202f", "\u200b", "\u2007", "\ufeff"}
_UNIT_AFTER_NUMBER = re.compile(r"(?<![\w.])(\$?)(\d+(?:\.\d+)?)\s*([A-Za-z%$€£][\w%]*)")
# A number with a currency sign before or after it, and its minus sign wherever it was typed:
# $-0.49, -$0.49, -0.49 $M, €5, 5 €.
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 9,000.50 or 9000.50
_MONEY = re.compile(
    rf"(?<![\w.])(?P<minus1>-?)\s*(?P<before>[$€£])\s*(?P<minus2>-?)\s*(?P<number>{_NUMBER})"
    rf"|(?<![\w.])(?P<minus3>-?)\s*(?P<number2>{_NUMBER})\s*(?P<after>[$€£])"
)
_THOUSANDS = re.compile(r"(?<![\w.])([1-9]\d{0,2}(?:,\d{3})+)(?![\d])")  # 9,000 and 40,000 in a sum
# x for times between numbers or brackets: 4 x 52, (30 + 20) x 100, 40 x (1 + 2).
_TIMES_AS_X = re.compile(r"([\d)])\s*[xX]\s*([\d(])")
_PERCENT = re.compile(r"(?<![\w.])(-?)\s*(\d+(?:\.\d+)?)\s*%\s*$")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_SPECIAL_NAMES = {"none": "None", "null": "None", "true": "True", "false": "False"}


def explain(error: BaseException, source: str = "") -> str | None:
    """One plain line that names the slip behind ``error`` and shows its fix, or ``None``.

    ``source`` is the cell's text, which the message quotes from (and which a
    ``NameError`` needs: only a name the cell itself uses as a value is a word
    missing its quote marks).
    """
    if hasattr(error, "_render_traceback_"):  # a check's own message (NotYet) says it already
        return None
    if isinstance(error, KeyboardInterrupt):
        return "the cell was stopped before it finished (interrupted, or it ran too long): run it again"
    if isinstance(error, SyntaxError):
        return _explain_syntax(error, source)
    if isinstance(error, NameError):
        found = _explain_name(error, source)
    elif isinstance(error, TypeError):
        found = _explain_type(error, _source_line(source, _cell_line(error)), source)
    else:
        return None
    return with_line(found, _cell_line(error), source) if found else None


def _cell_line(error: BaseException) -> int | None:
    """The line of the cell where ``error`` was raised (inside a function the cell defines too)."""
    line, cell_file = None, None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "<module>" and cell_file is None:
            cell_file = code.co_filename
        if cell_file is not None and code.co_filename == cell_file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _source_line(source: str, line: int | None) -> str:
    lines = source.splitlines()
    return lines[line - 1].strip() if line and 0 < line <= len(lines) else ""


def headline(error: BaseException, source: str = "") -> str:
    """The plain line for ``error`` if it is a known slip, or Python's own one line."""
    return explain(error, source) or f"{type(error).__name__}: {error}"


def with_line(message: str, line: int | None, source: str) -> str:
    """Prefix the line number when the cell has more than one line."""
    if line and len(source.strip("\n").splitlines()) > 1:
        return f"line {line}: {message}"
    return message


# --- syntax and indentation ------------------------------------------------------------------


def _line_of(error: SyntaxError, source: str) -> str:
    if error.text:
        return error.text.rstrip("\n")
    lines = source.splitlines()
    if error.lineno and 0 < error.lineno <= len(lines):
        return lines[error.lineno - 1]
    return ""


def _explain_syntax(error: SyntaxError, source: str) -> str | None:
    message = error.msg or ""
    text = _line_of(error, source)
    where = error.lineno
    found = _slip_in_line(error, message, text, source)
    return with_line(found, where, source) if found else None


def _slip_in_line(error: SyntaxError, message: str, text: str, source: str) -> str | None:
    stripped = text.strip()
    if any(c in text for c in CURLY) and ("invalid character" in message or "invalid syntax" in message):
        return f'use straight quote marks, typed with the " key: {_example(_replace(stripped, CURLY))}'
    if any(c in text for c in TIMES_DIVIDE) and "invalid" in message:
        return f"use * and / to multiply and divide: {_example(_replace(stripped, TIMES_DIVIDE))}"
    if any(c in text for c in POWERS) and "invalid character" in message:
        return f"write ** 2 for squared (** 3 for cubed): {_example(_replace(stripped, POWERS))}"
    if any(c in text for c in MINUS) and "invalid character" in message:
        return f"use the keyboard's - for minus: {_example(_replace(stripped, MINUS))}"
    if any(c in text for c in "€£") and "invalid character" in message:
        money = _money_slip(stripped)
        if money:
            return money
    habit = _habit_in_line(stripped, source)
    if habit and message != "incomplete input":
        return habit
    if "non-printable character" in message or any(c in text for c in _SPACES):
        return "a special space crept in (often when copying): delete the spaces on this line and type them again"
    if isinstance(error, IndentationError) or message in {
        "'return' outside function",
        "unexpected indent",
    }:
        return _explain_indentation(message, text, source, error.lineno)
    if message == "incomplete input":
        return _explain_incomplete(source)
    if message.startswith("unterminated string literal") or message.startswith(
        "unterminated triple-quoted string"
    ):
        return _explain_unclosed_quote(text)
    if "forgot a comma" in message:
        unit = _UNIT_AFTER_NUMBER.search(stripped)
        if unit and unit.group(3) and not _inside_quotes(stripped, unit.start()):  # 120 days
            return f"a number needs no unit after it: write {_signed(stripped, unit.start(2), unit.group(2))}"
        words = _words_as_value(stripped)
        if words:
            return f'text needs quote marks: "{words}"'
        spaced = _spaced_name(text)
        if spaced:
            return f"a name has no spaces: use _ instead, as in {spaced}"
        if "{" in source:
            return (
                'a comma is missing between two items: write a comma after each item, as in {1: "E", 2: "F"}'
            )
        return "a comma is missing between two items: write a comma after each item, as in (4, 4)"
    if message.startswith("leading zeros in decimal integer literals") and re.search(r"\d,\s*0\d", text):
        return f"use a point for decimals: {_comma_to_point(stripped)}"
    if "was never closed" in message:
        opened = message[1]
        return f"a bracket {opened} is never closed: add {_BRACKETS.get(opened, ')')} where it should end"
    if message.startswith("unmatched"):
        closing = message.split("'")[1] if "'" in message else ")"
        opening = {v: k for k, v in _BRACKETS.items()}.get(closing, "(")
        return f"the bracket {closing} has no opening {opening} before it: add the {opening} or delete the {closing}"
    if message.startswith("closing parenthesis"):
        return "the brackets do not pair up: ( closes with ), [ with ] and { with }"
    in_braces = re.search(r"[{,]\s*([\w\"']+)\s*=[^=]", stripped)
    if "Maybe you meant '=='" in message and in_braces and "{" in source:
        return f"inside {{ }}, put a colon between a key and its value: {in_braces.group(1)}: ..."
    if "Maybe you meant '=='" in message and len(re.findall(r"(?:^|,)\s*[A-Za-z_]\w*\s*=[^=]", stripped)) > 1:
        return "put each answer on its own line: one name = value per line"
    if "Maybe you meant '=='" in message:
        return "to compare two values, use ==; one = gives a name a value"
    if "':' expected after dictionary key" in message:
        key = re.search(r"([\"'][^\"']*[\"']|\w+)\s*=", stripped)
        shown = f"{key.group(1)}: ..." if key else '"key": value'
        return f"inside {{ }}, put a colon between a key and its value: {shown}"
    if message.startswith("expected ':'"):
        return f"a colon is missing at the end of the line: {_example(stripped.rstrip() + ':')}"
    if message == "invalid decimal literal" or message == "invalid syntax":
        return _explain_invalid_syntax(error, text, source)
    if message.startswith("cannot assign to expression") and text.count("=") - 2 * text.count("==") >= 2:
        return "one = per line: keep either the arithmetic or the number it gives, not both"
    if message.startswith("cannot assign to literal"):
        return 'the name goes on the left of =, its value on the right: q1_answer = "down"'
    return None


def _habit_in_line(stripped: str, source: str) -> str | None:
    """Spreadsheet and paper habits (see :mod:`course.trainee.habits`) on the failing line."""
    return (
        habits.none_kept(stripped)
        or habits.leading_equals(stripped)
        or habits.lettered_choice(stripped)
        or habits.suffix_slip(stripped, source)
    )


def _explain_indentation(message: str, text: str, source: str = "", lineno: int | None = None) -> str:
    stripped = text.strip()
    if stripped.startswith("return"):
        spaces = len(text) - len(text.lstrip(" "))
        above = _line_above(source, lineno)
        same = (
            ", the same as the line above it"
            if above is not None and len(above) - len(above.lstrip(" ")) == 4
            else " under def"
        )
        if spaces == 0:
            return f"return has no spaces in front of it: indent it by exactly 4{same}"
        return f"return starts with {spaces} spaces: use exactly 4{same}"
    if message.startswith("expected an indented block"):
        return "the lines under def (or if, for) need 4 spaces in front of them"
    if message == "unexpected indent":
        return "this line starts with spaces it should not have: line it up with the line above"
    return "the lines of this block are not lined up: start each with the same number of spaces (4 under def)"


def _line_above(source: str, lineno: int | None) -> str | None:
    """The last line with text before line ``lineno`` of the cell, or None."""
    if not lineno:
        return None
    lines = source.splitlines()[: lineno - 1]
    for line in reversed(lines):
        if line.strip():
            return line
    return None


def _explain_incomplete(source: str) -> str | None:
    """IPython's "incomplete input": a bracket or a triple quote that never closes, or an empty def."""
    stack: list[str] = []
    quote = ""
    i = 0
    while i < len(source):
        c = source[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if source.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        elif c == "#":
            while i < len(source) and source[i] != "\n":
                i += 1
        elif source.startswith(('"""', "'''"), i):
            quote = source[i : i + 3]
            i += 3
            continue
        elif c in "\"'":
            quote = c
        elif c in _BRACKETS:
            stack.append(c)
        elif c in _BRACKETS.values() and stack and _BRACKETS[stack[-1]] == c:
            stack.pop()
        i += 1
    if quote:
        return f"a quote mark is missing: the text that starts with {quote} never ends"
    if stack:
        opened = stack[-1]
        return f"a bracket {opened} is never closed: add {_BRACKETS[opened]} where it should end"
    if source.rstrip().endswith(":"):
        return "the lines under def (or if, for) need 4 spaces in front of them"
    return None


def _explain_unclosed_quote(text: str) -> str:
    start = next((i for i, c in enumerate(text) if c in "\"'"), -1)
    if start < 0:
        return 'a quote mark is missing: text starts and ends with ", as in "down"'
    quote, rest = text[start], text[start + 1 :]
    word = rest.rstrip().rstrip("\"'")
    if rest.rstrip().endswith("'" if quote == '"' else '"'):
        return f"start and end the text with the same quote mark: {quote}{word}{quote}"
    return f"a quote mark is missing: end the text with a second {quote}, as in {quote}{word}{quote}"


def _explain_invalid_syntax(error: SyntaxError, text: str, source: str = "") -> str | None:
    stripped = text.strip()
    if re.match(r"^return\s+[A-Za-z_]\w*\s*=[^=]", stripped):
        formula = stripped.split("=", 1)[1].strip()
        return f"return gives back a value, not a name: write return {formula}"
    percent_in_formula = re.search(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%\s*[*/+\-(]", stripped)
    if percent_in_formula:
        number = percent_in_formula.group(1)
        return f"in a formula, write {number}% as {float(number) / 100:g}"
    mixed = re.search(r"(?<![\w.])(\d+)\s+(\d+)\s*/\s*(\d+)(?![\w.])", stripped)
    if mixed:
        whole, top, bottom = mixed.groups()
        return f"write {whole} {top}/{bottom} as {whole} + {top}/{bottom}, or {int(whole) + int(top) / int(bottom):.2f}"
    first = stripped.split(maxsplit=1)[0] if stripped else ""
    if first != "return" and difflib.get_close_matches(first.lower(), ["return"], n=1, cutoff=0.7):
        return "write return in small letters, spelled r-e-t-u-r-n"
    if _TIMES_AS_X.search(stripped):
        fixed = _TIMES_AS_X.sub(r"\1 * \2", stripped)
        return f"use * and / to multiply and divide: {_example(fixed)}"
    money = _money_slip(stripped, source)
    if money:
        return money
    side_by_side = adjacent_texts(source)
    if side_by_side:
        first, second = side_by_side[1], side_by_side[2]
        return f"a comma is missing between {first} and {second}: put a comma after {first}"
    if re.search(r"[-+*/]\s*$", stripped) and not stripped.startswith("#"):
        return f"the line ends with {stripped[-1]}: finish the sum or delete the {stripped[-1]}"
    spaced_number = re.search(r"(?<![\w.])\d{1,3}(?:\s\d{3})+(?![\w.])", stripped)
    if spaced_number:
        return f"write a number without spaces: {''.join(spaced_number.group(0).split())}"
    unit = _UNIT_AFTER_NUMBER.search(stripped)
    if unit and (unit.group(1) or unit.group(3)):
        number = _signed(stripped, unit.start(2), unit.group(2))
        before = stripped[: unit.start(2)].split("=", 1)[-1].strip()
        if re.search(r"[\d)]\s*[-+*/]\s*$", before):  # 3 * 52 / 12 hours: the whole formula, not 12
            number = f"{before} {unit.group(2)}"
        if (
            stripped.count('"') % 2 == 0
            and stripped.count("'") % 2 == 0
            and not _inside_quotes(stripped, unit.start())
        ):
            return f"a number needs no unit after it: write {number}"
    spaced_name = re.match(r"^([A-Za-z_]\w*)((?:\s+[A-Za-z_]\w*)+)\s*=[^=]", stripped)
    if spaced_name:
        joined = "_".join(stripped.split("=", 1)[0].split())
        return f"a name has no spaces: use _ instead, as in {joined}"
    no_equals = re.match(r"^([A-Za-z_]\w*)\s+([\"'\d\[{(-].*)$", stripped)
    if no_equals and not re.match(
        r"^(return|print|del|assert|import|from|not|lambda|yield|raise|if|for|while)$", no_equals.group(1)
    ):
        return f"put = between the name and its value: {no_equals.group(1)} = {no_equals.group(2)}"
    words = re.match(r"^([A-Za-z_]\w*)\s*=\s*([A-Za-z][\w,]*(?:[\s,]+[A-Za-z]\w*)+)\s*$", stripped)
    if words:  # several words after =, with no quote marks: text such as a path of letters
        return f'text with spaces needs quote marks around all of it: {words.group(1)} = "{words.group(2)}"'
    return None


def _signed(text: str, start: int, number: str) -> str:
    """``number`` with the minus sign typed just before it (``-0.49M`` is -0.49, not 0.49)."""
    return f"-{number}" if text[:start].rstrip().endswith("-") else number


def _money_slip(text: str, source: str = "") -> str | None:
    """A currency sign or a per cent sign typed with a number: ``$-0.49``, ``-0.49 $M``, ``73%``.

    Whether ``73%`` should become 73 or 0.73 depends on the question: the answer cell's own
    words (``source``) say which ("a percentage, such as 12" or "a number between 0 and 1").
    """
    if text.count('"') % 2 or text.count("'") % 2:
        return None
    value = text.split("=", 1)[1] if re.match(r"^[A-Za-z_]\w*\s*=[^=]", text) else text
    money = _MONEY.search(value)
    if money and not _inside_quotes(value, money.start()):
        sign = money.group("before") or money.group("after")
        number = (money.group("number") or money.group("number2")).replace(",", "")
        minus = (
            "-"
            if "-"
            in (money.group("minus1") or "") + (money.group("minus2") or "") + (money.group("minus3") or "")
            else ""
        )
        unit = " or unit" if re.match(r"\s*[A-Za-z]", value[money.end() :]) else ""
        return f"a number needs no {sign} sign{unit}: write {minus}{number} (the question says the unit)"
    percent = _PERCENT.search(value)
    if percent and not _inside_quotes(value, percent.start()):
        minus, number = percent.group(1), percent.group(2)
        share = f"{float(minus + number) / 100:g}"
        asked = source.lower()
        wants_percentage = "percentage" in asked or "per cent" in asked
        wants_share = "share" in asked or "between 0 and 1" in asked
        if wants_percentage and not wants_share:
            return f"a number needs no % sign: write {minus}{number}"
        if wants_share and not wants_percentage:
            return f"a number needs no % sign: a percentage is written as a share here, {minus}{number}% is {share}"
        return (
            f"a number needs no % sign: write {minus}{number} if the question asks for a percentage, "
            f"{share} if it asks for a share"
        )
    return None


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


# --- names ----------------------------------------------------------------------------------


def _explain_name(error: NameError, source: str) -> str | None:
    name = getattr(error, "name", None)
    if name is None:
        found = re.search(r"name '([^']+)' is not defined", str(error))
        name = found.group(1) if found else None
    if not name:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    unit = re.search(rf"(-?\d+(?:\.\d+)?)\s*\(\s*{re.escape(name)}\s*\)", source)
    if unit:  # -1.06 (million)
        return f"a number needs no unit after it: write {unit.group(1)}"
    if name != "return" and difflib.get_close_matches(name.lower(), ["return"], n=1, cutoff=0.7):
        return "write return in small letters, spelled r-e-t-u-r-n"
    spreadsheet = habits.spreadsheet_call(name, source)
    if spreadsheet:
        return spreadsheet
    compared = _compared_instead_of_assigned(tree, name)
    if compared is not None:
        return f"to give {name} a value, use one = sign: {name} = {compared}"
    if name.lower() in _SPECIAL_NAMES and _used_as_value(tree, name):
        right = _SPECIAL_NAMES[name.lower()]
        return f"write {right} with a capital {right[0]}, and no quote marks"
    several = _bare_words_answer(tree, name)
    if several:
        return f"put the whole answer in one pair of quote marks: {several}"
    if _used_as_value(tree, name) and not _inside_a_function(tree, name) and name.isalpha():
        return f'a word needs quote marks: "{name}"'
    if _inside_a_function(tree, name):
        parameters = _parameters_using(tree, name)
        if parameters:
            return (
                f"the function uses {name}, a name it does not know: "
                f"check its spelling against the def line ({', '.join(parameters)})"
            )
    if any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        for node in ast.walk(tree)
    ):
        return f"there is no {name} yet: run the cell that defines it (def {name}...) first, and check the spelling"
    if any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(tree)):
        return f"Python does not know the name {name}: check its spelling, or run the cell that sets it first"
    return None


def _bare_words_answer(tree: ast.Module, name: str) -> str | None:
    """``door_path = c, b, b, a``: several bare words after =, one of them ``name``."""
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Tuple)
            and len(statement.value.elts) > 1
            and all(isinstance(e, ast.Name) for e in statement.value.elts)
            and any(e.id == name for e in statement.value.elts)
        ):
            words = ", ".join(e.id for e in statement.value.elts)
            return f'{statement.targets[0].id} = "{words}"'
    return None


def _compared_instead_of_assigned(tree: ast.Module, name: str) -> str | None:
    for statement in tree.body:
        value = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(value, ast.Compare)
            and isinstance(value.left, ast.Name)
            and value.left.id == name
            and len(value.ops) == 1
            and isinstance(value.ops[0], ast.Eq)
        ):
            return ast.unparse(value.comparators[0]).replace("'", '"')
    return None


def _values(node: ast.AST) -> list[ast.AST]:
    """The expressions that are an answer's value: the right of =, and the items inside it."""
    found = [node]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            found += _values(element)
    if isinstance(node, ast.Dict):  # keys too: {A: "pricing"} wants "A"
        for element in [*node.keys, *node.values]:
            found += _values(element) if element is not None else []
    return found


def _used_as_value(tree: ast.Module, name: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            for value in _values(node.value):
                if isinstance(value, ast.Name) and value.id == name:
                    return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Name) and node.value.id == name:
            return True
    return False


def _inside_a_function(tree: ast.Module, name: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Name) and inner.id == name:
                    return True
    return False


def _parameters_using(tree: ast.Module, name: str) -> list[str]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(node)):
                return [argument.arg for argument in node.args.args]
    return []


# --- calls ----------------------------------------------------------------------------------


_NOT_CALLABLE = re.compile(r"'(int|float)' object is not callable")
_OPERANDS = re.compile(r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'")
_BUILTINS = {"round", "abs", "min", "max", "sum", "float", "int", "len", "print"}


def _explain_type(error: TypeError, line: str = "", source: str = "") -> str | None:
    message = str(error)
    if message.startswith("sum()") or message.startswith("sum expected") or "is not iterable" in message:
        added = habits.sum_of_numbers(line or source)
        if added:
            return added
    if _NOT_CALLABLE.match(message) and re.search(r"\d\s*\(", line):
        fixed = re.sub(r"(\d)\s*\(", r"\1 * (", line)
        return f"put * between a number and a bracket: {_example(fixed)}"
    operands = _OPERANDS.match(message)
    if operands:
        operator, left, right = operands.groups()
        if operator.strip() == "^":
            return f"use ** for 'to the power of': {_example(line.replace('^', '**'))}" if line else None
        if "list" in (left, right):
            return "use round brackets ( ) for arithmetic, not square ones [ ]"
        if "NoneType" in (left, right):
            return _nothing_given_back(source)
        if "str" in (left, right):
            return "a number in quote marks is text: take the quote marks away to calculate with it"
        # 1,5 for 1.5 in a formula: Python reads the pair (…, 5), and arithmetic on it fails.
        comma = next((t for t in (line or source).splitlines() if re.search(r"\d,\d", t)), "")
        if "tuple" in (left, right) and comma:
            fixed = re.sub(r"(\d),(\d)", r"\1.\2", comma.strip())
            return f"use a point for decimals, not a comma: {_example(fixed)}"
    if message.startswith("can't multiply sequence") and "[" in line:
        return "use round brackets ( ) for arithmetic, not square ones [ ]"
    found = re.match(r"(\w+)\(\) missing (\d+) required positional argument", str(error))
    if found:
        return f"the function {found.group(1)} needs a value for each name in its def line, in the brackets: as in {found.group(1)}(4, 4)"
    found = re.match(r"(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:was|were) given", str(error))
    if found:
        return f"the function {found.group(1)} takes {found.group(2)} values in its brackets, separated by commas"
    return None


def _nothing_given_back(source: str) -> str:
    """A sum with None in it: a function with no ``return`` line, or an answer still None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    called = (
        sorted(
            {
                node.func.id
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id not in _BUILTINS
            }
        )
        if tree
        else []
    )
    if len(called) == 1:
        return f"{called[0]} gave back nothing: add its return line, run its cell again, then this one"
    return (
        "a value here is None: a function without a return line gives back nothing, "
        "and an answer left at None is still empty"
    )


def adjacent_texts(source: str, *, same_line: bool = False) -> tuple[int, str, str] | None:
    """Two texts in quote marks side by side (``"Acme" "Borealis"``, or ``"partner"`` at a line's
    end and ``"escalation_to"`` at the next one's start): Python joins them into one text, so
    it is a missing comma. The line of the first, and the two texts as typed. ``same_line``:
    only texts on one line (a long message split over lines is joined on purpose)."""
    import io
    import tokenize

    previous = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (
                tokenize.NL,
                tokenize.NEWLINE,
                tokenize.COMMENT,
                tokenize.INDENT,
                tokenize.DEDENT,
            ):
                if token.type == tokenize.NEWLINE:
                    previous = None
                continue
            if (
                token.type == tokenize.STRING
                and previous is not None
                and previous.type == tokenize.STRING
                and (not same_line or previous.start[0] == token.start[0])
            ):
                return previous.start[0], previous.string, token.string
            previous = token
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return None


def _words_as_value(text: str) -> str | None:
    """``"escalation_to": channel director,``: words without quote marks where a value goes."""
    found = re.search(r"[:=]\s*([A-Za-z][A-Za-z ]*[A-Za-z])\s*(?:,|}|$)", text)
    if (
        found
        and " " in found.group(1)
        and not re.search(r"\b(and|or|not|in|is|if|else|for)\b", found.group(1))
    ):
        return found.group(1)
    return None


def _spaced_name(text: str) -> str | None:
    """``win rate`` in ``(1 - win rate)``: two names side by side, most likely one with a space."""
    keywords = {"and", "or", "not", "in", "is", "if", "else", "for", "lambda", "return", "def", "None"}
    for match in re.finditer(r"(?<![\w.\"'])([A-Za-z_]\w*)\s+([A-Za-z_]\w*)(?![\w\"'(])", text):
        first, second = match.groups()
        if first not in keywords and second not in keywords and not _inside_quotes(text, match.start()):
            return f"{first}_{second}"
    return None


def misnamed(name: str, names: list[str]) -> str | None:
    """A name the notebook holds that looks like a mistyped ``name`` (``q1_veteren_revenue``)."""
    candidates = [n for n in names if not n.startswith("_") and n != name]
    same_letters = [n for n in candidates if n.lower() == name.lower()]  # Q2_nrr for q2_nrr
    if same_letters:
        return same_letters[0]
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.85)
    return found[0] if found else None


# --- values a check sees ----------------------------------------------------------------------


def number_slip(value: Any, typed: str | None = None, *, asked: str | None = None) -> str | None:
    """What is wrong with a value that should be a number, in plain words, or ``None``.

    ``23,33`` is valid Python (the pair ``(23, 33)``), so only the check can say
    "use a point for decimals: 23.33". ``typed`` is the text the trainee typed for the
    value, if known: ``-0,49`` gives the pair ``(0, 49)``, and only the text keeps the minus.
    """
    if isinstance(value, tuple) and typed is not None and _THOUSANDS.search(typed):
        # 9,000 or 5,000 + 0.10 * 40,000: commas that group thousands, as on paper.
        whole = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), typed.strip())
        if asked and re.fullmatch(r"-?\d+(?:\.\d+)?", whole):  # -490,000 where millions are asked
            scaled = float(whole) / habits.SCALE[asked]
            return f"write {habits.as_typed(scaled)}: the question asks in {habits.UNIT_WORDS[asked]}, and {typed.strip()} is {habits.as_typed(scaled)} there"
        return f"write big numbers without commas: {_THOUSANDS.sub(lambda m: m.group(1).replace(',', ''), typed.strip())}"
    if isinstance(value, tuple) and len(value) >= 2 and all(type(part) is int for part in value):
        parts = [str(part) for part in value]
        if typed is not None and typed.strip().startswith("-") and not parts[0].startswith("-"):
            parts[0] = "-" + parts[0]
        if len(value) == 2 and (len(parts[1]) != 3 or parts[0].lstrip("-") == "0"):
            return f"use a point for decimals: {parts[0]}.{parts[1]}"
        return f"write a number without commas: {''.join(parts)} (and a point for decimals, as in 23.33)"
    if (
        isinstance(value, tuple)
        and len(value) >= 2
        and all(isinstance(part, (int, float)) and not isinstance(part, bool) for part in value)
    ):
        return "a comma split a number in two: use a point for decimals (1.5, not 1,5)"
    if isinstance(value, str):
        text = value.strip()
        if re.search(r"[*/+()]", text) and re.search(r"\d", text):
            return f"a formula goes without quote marks: {text}"
        bare = text.lstrip("$€£").rstrip("$€£").strip()
        if _THOUSANDS.fullmatch(bare.split(".")[0]) and re.fullmatch(r"[\d,]+(?:\.\d+)?", bare):
            # "3,900" or "$5,590": thousands commas, a currency sign, quote marks: all go.
            return f"write the number alone, without quote marks, $ or commas: {bare.replace(',', '')}"
        try:
            float(text.replace(",", "."))
        except ValueError:
            unit = _UNIT_AFTER_NUMBER.search(text)
            if unit:
                # "-310K" keeps its minus, and its K or M where the question asks in other units.
                number = ("-" if "-" in text[: unit.start()] else "") + unit.group(2)
                if asked is not None and unit.group(3) in habits.SUFFIX_SCALE:
                    shown = habits.SUFFIX_SCALE[unit.group(3)]
                    if shown != asked:
                        scaled = habits.as_typed(float(number) * habits.SCALE[shown] / habits.SCALE[asked])
                        return f"write {scaled}: the question asks in {habits.UNIT_WORDS[asked]}, and {text} is {scaled} there"
                return f"write the number alone, without quote marks or a unit: {number}"
            return None
        return f"write the number without quote marks: {text.replace(',', '.')}"
    return None


# --- helpers --------------------------------------------------------------------------------


def _replace(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in text)


def _comma_to_point(text: str) -> str:
    return re.sub(r"(\d),\s*(\d)", r"\1.\2", text.split("=", 1)[-1].strip())


def _example(text: str) -> str:
    """The fixed line, or its value when it is an assignment: what the trainee should type."""
    if "=" in text and not text.startswith(("def ", "if ", "return")) and "==" not in text:
        value = text.split("=", 1)[1].strip()
        if value:
            return value
    return text


def full_message(error: BaseException) -> str:
    """Python's own message for ``error``, as a string (for tests and logs)."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))
