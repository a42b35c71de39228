"""Habits from spreadsheets and paper, each turned into one plain line: the slips of issue 24.

A sales leader who lives in Excel types ``=1150+1000``, ``SUM(1150, 1000)`` or
``ROUND(x, 2)``; one who writes figures on paper types ``$270K``, ``9k`` or ``-490,000``
where the question asks in millions; one who answers a multiple-choice question types
``C)``. Python either stops with its own words or, worse, runs: ``-490,000`` is the pair
``(-490, 0)`` and ``60 + 20 + 130 / 200 * 100`` divides before it adds. These functions
name each habit and show the fix in the unit the question asks for.

Pure functions, called by :mod:`course.trainee.slips` (errors) and
:mod:`course.trainee.checks` (values a check sees). Nothing here imports IPython.
"""

from __future__ import annotations

import ast
import math
import re

# Spreadsheet functions: what Python writes instead.
_SPREADSHEET_SMALL = {"ROUND": "round", "MIN": "min", "MAX": "max", "ABS": "abs"}
_SPREADSHEET_ADD = {"SUM", "AVERAGE", "AVG", "MEAN", "PRODUCT"}

# A number with a k / M / bn suffix, a currency sign and minus wherever typed: $270K, -9k, 1.2bn.
_SUFFIXED = re.compile(
    r"(?<![\w.])(?P<minus>-?)\s*(?P<sign>[$€£]?)\s*(?P<minus2>-?)\s*"
    r"(?P<number>\d+(?:\.\d+)?)\s*(?P<suffix>k|K|m|M|mn|bn|B)(?![\w])"
)
SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "bn": 1e9}
_SUFFIX_SCALE = {"k": "K", "K": "K", "m": "M", "M": "M", "mn": "M", "bn": "bn", "B": "bn"}
SUFFIX_SCALE = _SUFFIX_SCALE  # public: slips.number_slip reads "-310K" in quote marks with it
UNIT_WORDS = {"": "dollars", "K": "thousands of dollars", "M": "millions of dollars"}


def asked_unit(text: str) -> str | None:
    """The money unit an answer cell or question asks for: ``"M"``, ``"K"``, ``""`` (dollars), or None.

    Read from the cell's own words: "$M", "in millions", "$K", "thousands of dollars", "in dollars".
    """
    lowered = text.lower()
    if re.search(r"\$\s?m\b|\bmillions?\b|\bin \$?m\b", lowered):
        return "M"
    if re.search(r"\$\s?k\b|\bthousands? of dollars\b|\bin \$?k\b", lowered):
        return "K"
    if re.search(r"\bin dollars\b|\bdollars a\b|\bin \$\B", lowered):
        return ""
    return None


def as_typed(value: float) -> str:
    """A number as the trainee should type it: 0.27, -0.49, 9000 (no exponent, no commas)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def suffix_slip(text: str, source: str = "") -> str | None:
    """``$270K``, ``9k``, ``-1.2M``: the number in the unit the question asks (``source`` says which).

    A suffix that matches the asked unit (``-0.49M`` where millions are asked) is left to the
    plainer "no unit" line; this one speaks only when the number itself must change.
    """
    found = _SUFFIXED.search(text)
    if not found or text[: found.start()].count('"') % 2 or text[: found.start()].count("'") % 2:
        return None
    suffix = _SUFFIX_SCALE[found.group("suffix")]
    asked = asked_unit(source)
    minus = "-" if "-" in found.group("minus") + found.group("minus2") else ""
    typed = found.group(0).strip()
    if asked is None and suffix == "K":  # 9k, the unit unsaid: the whole number, not 9
        whole = float(minus + found.group("number")) * SCALE[suffix]
        return f"write the whole number: {typed} is {as_typed(whole)}"
    if asked is None or asked == suffix:
        return None
    value = float(minus + found.group("number")) * SCALE[suffix] / SCALE[asked]
    return f"write {as_typed(value)}: the question asks in {UNIT_WORDS[asked]}, and {typed} is {as_typed(value)} there"


def in_asked_unit(value: float, asked: str | None, low: float, high: float) -> str | None:
    """A number typed in dollars where millions (or thousands) are asked: -490000 for -0.49."""
    if not asked:
        return None
    scaled = value / SCALE[asked]
    # Only a figure the size of a dollar amount in that unit (at least $10K where millions are
    # asked, as the tables' two decimals show them): -31 or -1320 there is a percentage or
    # thousands, and "write -0.000031" would mislead.
    if abs(value) >= max(1000.0, SCALE[asked] / 100) and low <= scaled <= high and scaled != value:
        return f"the question asks in {UNIT_WORDS[asked]}: {value:,.0f} is {as_typed(scaled)}; write {as_typed(scaled)}"
    return None


def leading_equals(text: str) -> str | None:
    """``=1150+1000``, ``q = =1150+1000`` or ``return =(a + b) / c``: a spreadsheet's = in front
    of a formula."""
    found = re.match(r"^(?:(return)\s*|([A-Za-z_]\w*)\s*=\s*)?=(?!=)\s*(.+)$", text.strip())
    if not found:
        return None
    returned, name, formula = found.groups()
    fixed = f"return {formula}" if returned else f"{name} = {formula}" if name else formula
    return f"leave out the = in front of the formula (a spreadsheet habit): {fixed}"


def spreadsheet_call(name: str, source: str) -> str | None:
    """``SUM(1150, 1000)``, ``ROUND(x, 2)``: a spreadsheet function, named in Python's words."""
    upper = name.upper()
    if upper not in _SPREADSHEET_SMALL and upper not in _SPREADSHEET_ADD:
        return None
    call = _first_call(source, name)
    if call is None:
        return None
    arguments = [ast.unparse(argument) for argument in call.args]
    if upper in _SPREADSHEET_SMALL:
        small = _SPREADSHEET_SMALL[upper]
        return f"write {small} in small letters: {small}({', '.join(arguments)})"
    added = " + ".join(_bracketed(a) for a in arguments) or "1150 + 1000"
    if len(arguments) == 1:  # SUM(26): nothing to add
        return f"{name} is a spreadsheet's word: write {arguments[0]}"
    if upper == "SUM":
        return f"add with + ({name} is a spreadsheet's word): {added}"
    if upper == "PRODUCT":
        multiplied = " * ".join(_bracketed(a) for a in arguments)
        return f"multiply with * ({name} is a spreadsheet's word): {multiplied}"
    return f"write an average as a sum divided by the count: ({added}) / {len(arguments) or 2}"


def sum_of_numbers(source: str) -> str | None:
    """``sum(1150, 1000, 2440)``: Python's sum wants a list, so add with +."""
    call = _first_call(source, "sum")
    if call is None or len(call.args) < 2 or isinstance(call.args[0], (ast.List, ast.Tuple)):
        return None
    return f"add with +: {' + '.join(_bracketed(ast.unparse(a)) for a in call.args)}"


def _bracketed(text: str) -> str:
    return f"({text})" if re.search(r"[-+]", text.lstrip("-")) else text


def _first_call(source: str, name: str) -> ast.Call | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            return node
    return None


def lettered_choice(text: str) -> str | None:
    """``q = C)`` or ``q = (C)``: a letter written as on a multiple-choice sheet."""
    found = re.match(r"^([A-Za-z_]\w*)\s*=\s*[\"']?\(?([A-Za-z])[).][\"']?\s*$", text.strip())
    if not found:
        return None
    return f'write only the letter, in quote marks: {found.group(1)} = "{found.group(2).upper()}"'


def none_kept(text: str) -> str | None:
    """``q = None "down"``: the answer typed after the placeholder instead of in its place."""
    found = re.match(r"^([A-Za-z_]\w*)\s*=\s*None\s+(\S.*)$", text.strip())
    if not found:
        return None
    return f"replace None with your answer, do not add it after None: {found.group(1)} = {found.group(2)}"


def one_text_for_several(value: object) -> str | None:
    """``["Acme, Borealis, Cygnus"]``: one text in quote marks that reads as several names."""
    if not isinstance(value, (list, tuple)) or len(value) != 1 or not isinstance(value[0], str):
        return None
    parts = [part.strip() for part in value[0].split(",") if part.strip()]
    if len(parts) < 2:
        return None
    listed = ", ".join(f'"{part}"' for part in parts)
    return f"that is one text with commas inside: put each name in its own quote marks, [{listed}]"


# --- missing brackets, found by comparing with the expected value ------------------------------

_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?|[-+*/])")
_MAX_OPERANDS = 8  # a hand-typed formula; beyond this the search would cost more than it helps


def missing_brackets(typed: str | None, expected: float, *, rel: float = 1e-3) -> str | None:
    """A formula typed without brackets (``60 + 20 + 130 / 200 * 100``) whose bracketed form
    gives ``expected``: say where the brackets go. Only plain numbers and + - * /."""
    if not typed or "(" in typed or not math.isfinite(expected):
        return None
    tokens = _tokens(typed.strip())
    if tokens is None or len(tokens) < 5:
        return None
    operands = tokens[0::2]
    if len(operands) > _MAX_OPERANDS:
        return None
    for width in range(2, len(operands)):  # the smallest bracket that gives the value
        for start in range(0, len(operands) - width + 1):
            end = start + width - 1
            text = _with_brackets(tokens, start, end)
            try:
                value = eval(compile(text, "<formula>", "eval"), {"__builtins__": {}})  # noqa: S307  (digits and + - * / only)
            except ZeroDivisionError:
                continue
            if math.isclose(value, expected, rel_tol=rel, abs_tol=1e-9):
                inside = " ".join(tokens[2 * start : 2 * end + 1])
                return (
                    "Python multiplies and divides before it adds and subtracts: put brackets around "
                    f"what comes first, ({inside}), as in {text}"
                )
    return None


def _tokens(text: str) -> list[str] | None:
    position, tokens = 0, []
    while position < len(text):
        found = _TOKEN.match(text, position)
        if not found:
            return None
        tokens.append(found.group(1))
        position = found.end()
    numbers_at_even = all(
        re.fullmatch(r"\d+(?:\.\d+)?", t) if i % 2 == 0 else t in "+-*/" for i, t in enumerate(tokens)
    )
    return tokens if numbers_at_even and len(tokens) % 2 == 1 else None


def _with_brackets(tokens: list[str], start: int, end: int) -> str:
    pieces = list(tokens)
    pieces[2 * start] = "(" + pieces[2 * start]
    pieces[2 * end] = pieces[2 * end] + ")"
    return " ".join(pieces)
