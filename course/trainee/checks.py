"""Checks that explain themselves: what the notebooks' set-up and test cells call.

A check that passes prints one friendly line. A check that fails raises
:class:`NotYet`, an ``AssertionError`` that nbgrader counts as a failed test but that
Jupyter shows as three plain lines (what was asked, what came, a hint) instead of a
traceback. Visible tests use these checks with hints; hidden tests use them with
references computed from the model.

The API, as notebooks use it
----------------------------
Set-up cell (grade id ``setup``), once, at the top::

    from course.trainee import checks
    checks.setup()

- :func:`setup`: turns the trainee loop on in this kernel (see :mod:`course.trainee.loop`):
  a known slip in any cell is shown as one plain line with its fix ("a word needs quote
  marks: "down""; ``%tb`` shows Python's full message), and a cell that stops with an
  error loses the names it assigns, so no check shows an old ✓. Idempotent; in a plain
  Python process (the trusted grader) it only notes that set-up ran.

Test cells (they start ``# Check: ...`` then ``from course.trainee import checks``)::

    value = checks.answer("q1_veteran_revenue", hint='Write "up" or "down", with the quote marks.')
    checks.expect_choice(value, ["up", "down"], question="q1_veteran_revenue", hint=...)
    checks.recorded("q1_veteran_revenue")      # ✓ q1_veteran_revenue: recorded — graded when you submit

- :func:`answer` ``(name, *, question=None, hint="")``: the trainee's value, or a plain
  "Not yet" that says what to do: run the set-up cell first (a fresh or restarted kernel),
  "your answer cell stopped with an error: <the slip's plain line>. Fix it and run it
  again", or run the answer cell. ``hint`` is this check's own hint, shown only here.
- :func:`expect_answered`, :func:`expect_choice` (text without case or spaces, so
  ``"Down"`` passes), :func:`expect_number` (says "use a point for decimals: 23.33" for
  ``23,33``, and "without quote marks" for ``"23.33"``), :func:`expect_close`,
  :func:`expect_equal` (plain str/int/float only), :func:`expect_function`,
  :func:`call_safely` (a trainee function's error as a plain line), :func:`expect_labels`.
- :func:`passed` ``(question, message)``: ``✓ question: message``; for what the check
  verified.
- :func:`recorded` ``(question)``: ``✓ question: recorded — graded when you submit``; only where
  nothing can be judged before submission (tests/test_learning_design.py holds modules to that).
- :func:`score_labels` (each label its share of the points, returned for the cell's last line:
  nbgrader's partial credit), :func:`seal` (an answer key a visible check holds without showing
  it), :func:`expect_sealed` (a choice judged with a sealed key, the tries counted),
  :func:`expect_names` (``["Acme, Borealis"]`` is one name), :func:`shown_with` and
  :func:`expect_unchanged` (a table made from an earlier answer that has changed since).
- :class:`NotYet`: the failure every check raises.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import numbers
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from course.trainee import habits, loop, slips


class NotYet(AssertionError):
    """A check did not pass. Shown to the trainee as a short message, not a traceback."""

    def __init__(self, question: str, problem: str, hint: str = "") -> None:
        self.question = question
        self.problem = problem
        self.hint = hint
        super().__init__(f"{question}: {problem}" + (f" Hint: {hint}" if hint else ""))

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing the traceback.
        lines = [f"✗ Not yet — {self.question}", f"  {self.problem}"]
        if self.hint:
            lines.append(f"  Hint: {self.hint}")
        return lines


def setup() -> None:
    """Turn on plain-language errors and stale-answer clearing in this kernel.

    The set-up cell's one explicit call (importing this module changes nothing). Safe to
    call twice; a no-op, apart from noting that set-up ran, where there is no IPython shell.
    """
    loop.install()


def passed(question: str, message: str = "looks right.") -> None:
    """Print the friendly line of a check that passed."""
    print(f"✓ {question}: {message}")


def recorded(question: str) -> None:
    """Print the line of a check that can only see the answer's form, not judge it.

    For decisions read from the model: the visible check must not give the answer away,
    so the ✓ says plainly that the grade comes later.
    """
    print(f"✓ {question}: recorded — graded when you submit")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def is_number(value: Any) -> bool:
    """True for a real, finite number (not a bool, not text)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


_MISSING = object()


RUN_SETUP_FIRST = (
    "Run the set-up cell at the top of the notebook first, then your answer cell, then this check."
)


def answer(name: str, *, question: str | None = None, hint: str = "") -> Any:
    """The value the trainee gave ``name`` in the notebook, or a plain "Not yet" saying what to do.

    Check cells call ``checks.answer("q1_veteran_revenue", hint=...)`` instead of naming the
    variable: in a kernel where set-up has not run (a fresh start, a restart) it says to run
    the set-up cell first; if the answer cell last stopped with an error it says so, with
    that error's plain line, never an old value; if the answer cell has not run it says to
    run it. ``hint`` is this check's own hint (no other exercise's).
    """
    question = question or name
    in_kernel = loop.shell() is not None
    if in_kernel and not loop.active():
        raise NotYet(
            question,
            "the set-up cell has not run since this notebook was opened or its kernel restarted.",
            RUN_SETUP_FIRST,
        )
    stopped = loop.failure(name)
    if stopped is not None:
        raise NotYet(
            question,
            f"your answer cell stopped with an error: {stopped.message}. Fix it and run it again.",
        )
    notebook = sys._getframe(1).f_globals
    value = notebook.get(name, _MISSING)
    if value is _MISSING:
        typo = slips.misnamed(name, list(notebook))
        if typo is not None:
            case = " (capital letters count in a name)" if typo.lower() == name.lower() else ""
            raise NotYet(
                question,
                f"{name} has no value yet, but {typo} has: keep the answer's name exactly as given{case}, "
                f"{name} = ..., and run the answer cell again.",
                hint,
            )
        raise NotYet(
            question,
            f"{name} has no value yet: run its answer cell (marked Your answer), then this check.",
            hint,
        )
    return value


def expect_answered(value: Any, *, question: str, hint: str = "") -> None:
    """Fail if the trainee has not replaced the placeholder yet."""
    if value is None or value == "?" or value is Ellipsis:
        raise NotYet(
            question,
            "this answer is still empty.",
            hint or "Replace the placeholder, then run the answer cell again.",
        )


def expect_choice(value: Any, choices: Iterable[Any], *, question: str, hint: str = "") -> None:
    """Fail unless ``value`` is one of ``choices`` (text is compared without case or spaces)."""
    choices = list(choices)
    expect_answered(
        value, question=question, hint=hint or f"Write one of {', '.join(_show(c) for c in choices)}."
    )
    if not any(same(value, c) for c in choices):
        if isinstance(value, str) and value.strip() in [str(c) for c in choices if is_number(c)]:
            raise NotYet(question, f"write {value.strip()} without quote marks: it is a number, not text.")
        raise NotYet(
            question,
            f"expected one of {', '.join(_show(c) for c in choices)}; got {_show(value)}.",
            hint,
        )


def expect_number(
    value: Any,
    *,
    question: str,
    low: float = -math.inf,
    high: float = math.inf,
    hint: str = "",
    unit: str | None = None,
) -> None:
    """Fail unless ``value`` is a finite number between ``low`` and ``high``.

    ``unit`` is the money unit the question asks for, ``"M"`` (millions of dollars), ``"K"``
    or ``""`` (dollars); by default it is read from the answer cell's words ("in $M"). It
    turns ``-490,000`` or ``270000`` into "write -0.49" in one step.
    """
    expect_answered(value, question=question, hint=hint or "Replace None with a number.")
    asked = unit if unit is not None else habits.asked_unit(loop.cell_text(question))
    if not is_number(value):
        slip = (asked is None and _percent_for_a_share(value, low, high)) or slips.number_slip(
            value, loop.typed(question), asked=asked
        )
        if slip:
            raise NotYet(question, f"expected a number; got {_show(value)}: {slip}.")
        raise NotYet(
            question,
            f"expected a number; got {_show(value)}.",
            hint or "Write a number, such as 12.5, without quotes.",
        )
    if not low <= float(value) <= high:
        scaled = habits.in_asked_unit(float(value), asked, low, high)
        if scaled:
            raise NotYet(question, f"{scaled}.", hint)
        share = asked is None and _percent_for_a_share(value, low, high)
        if share:
            raise NotYet(question, f"expected {_range(low, high)}; got {_as_read(value)}: {share}.", hint)
        raise NotYet(question, f"expected {_range(low, high)}; got {_as_read(value)}.", hint)


def _percent_for_a_share(value: Any, low: float, high: float) -> str | None:
    """ "73%" or 73 where a share from 0 to 1 is asked (a range within -1 to 1 and no money unit:
    the course's convention for shares): the share to write, in one step."""
    if high > 1 or low < -1:
        return None
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        try:
            percent = float(text[:-1].strip().replace(",", "."))
        except ValueError:
            return None
    elif is_number(value) and 1 < abs(float(value)) <= 100 and text is None:
        percent = float(value)
    else:
        return None
    share = percent / 100
    if not low <= share <= high:
        return None
    return f"write {share:g}: this question asks for a share from {_as_read(low)} to {_as_read(high)}, and {percent:g}% is {share:g}"


def _range(low: float, high: float) -> str:
    """ "a number from 0 to 100", "a number of at most 100", "a number of at least 0"."""
    if math.isinf(low) and math.isinf(high):
        return "a finite number"
    if math.isinf(low):
        return f"a number of at most {_as_read(high)}"
    if math.isinf(high):
        return f"a number of at least {_as_read(low)}"
    return f"a number from {_as_read(low)} to {_as_read(high)}"


def expect_close(
    value: Any,
    reference: float,
    *,
    question: str,
    rel: float = 0.01,
    abs_tol: float = 1e-6,
    hint: str = "",
    by: str = "the model",
) -> None:
    """Fail unless ``value`` is within ``rel`` (relative) or ``abs_tol`` of ``reference``.

    ``by`` names what gives the reference in the message: "the model", or "the rule".
    """
    expect_number(value, question=question, hint=hint)
    if not math.isclose(float(value), reference, rel_tol=rel, abs_tol=abs_tol):
        brackets = habits.missing_brackets(loop.typed(question), reference, rel=max(rel, 1e-6))
        if brackets:
            raise NotYet(question, f"{_as_read(value)} is not what {by} gives: {brackets}.")
        raise NotYet(question, f"{_as_read(value)} is not what {by} gives.", hint)


def expect_equal(value: Any, reference: Any, *, question: str, hint: str = "", by: str = "the model") -> None:
    """Fail unless ``value`` equals ``reference`` (text without case or spaces).

    Only plain text and plain numbers count: an object made to equal anything (its
    ``__eq__`` always true) must not pass a hidden test. ``by`` names what backs the
    answer in the message: "the model", or "the study".
    """
    expect_answered(value, question=question)
    plain = (str,) if isinstance(reference, str) else (int, float)
    if type(value) not in plain or not same(value, reference):
        whole = (
            isinstance(reference, int)
            and not isinstance(reference, bool)
            and is_number(value)
            and not float(value).is_integer()
        )
        problem = f"{_show(value)} is not the answer {by} backs" + (
            ", which is a whole number." if whole else "."
        )
        raise NotYet(question, problem, hint)


def expect_function(value: Any, *, question: str, hint: str = "") -> Callable[..., Any]:
    """Fail unless ``value`` is a function; return it."""
    if not callable(value):
        raise NotYet(
            question,
            f"expected a function; got {_show(value)}.",
            hint or "Run the cell that defines the function first.",
        )
    return value


def call_safely(function: Callable[..., Any], *args: Any, question: str) -> Any:
    """Call the trainee's function; turn an exception into a plain message."""
    called = f"{getattr(function, '__name__', 'the function')}({', '.join(_show(a) for a in args)})"
    try:
        result = function(*args)
    except Exception as error:  # the trainee's code may raise anything
        source = _source_of(function)
        plain = slips.explain(error, source)
        if plain is None and isinstance(error, ZeroDivisionError):
            plain = _divided_by_zero(source)
        raise NotYet(
            question,
            f"calling it with {', '.join(_show(a) for a in args)} stopped: "
            + (plain if plain else f"{type(error).__name__}: {error}")
            + ".",
            "Fix the function, run its cell again, then this check.",
        ) from None
    if result is None:
        raise NotYet(
            question,
            f"{called} gave back nothing: its last line must start with return, then the formula "
            "(print only shows a number, it does not give it back).",
            "Fix the function, run its cell again, then this check.",
        )
    return result


def _divided_by_zero(source: str) -> str:
    """What a division by zero in a trainee's formula most likely means: brackets left out."""
    for line in source.splitlines():
        text = line.strip()
        if text.startswith("return ") and text.count("/") == 1 and "(" not in text:
            top, bottom = (part.strip() for part in text[len("return ") :].split("/"))
            if "+" in top or "-" in top or "+" in bottom or "-" in bottom:
                return (
                    "it divided by zero: put brackets around the top and the bottom, "
                    f"({top}) / ({bottom}); without them Python divides before it adds"
                )
    return "it divided by zero: check what the formula divides by when the values are 0"


def _source_of(function: Callable[..., Any]) -> str:
    try:
        import inspect
        import textwrap

        return textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return ""


def _items(item: str, keys: list[Any], verb: str) -> str:
    """ "statement 2 needs", "statements 1, 3 need" ("violation" for ``item="violation"``)."""
    plural = len(keys) > 1
    verbs = {"need": ("needs", "need"), "have": ("has", "have")}[verb]
    return f"{item}{'s' if plural else ''} {', '.join(map(str, keys))} {verbs[1] if plural else verbs[0]}"


def expect_labels(
    value: Any,
    keys: Iterable[Any],
    labels: Iterable[str],
    *,
    question: str,
    hint: str = "",
    item: str = "statement",
) -> Mapping[Any, Any]:
    """Fail unless ``value`` maps every key to one of ``labels``; return it.

    ``item`` is what the keys number in the message: "statement", "question", "violation".
    """
    keys, shown = list(keys), list(labels)
    labels = [normalise(label) for label in shown]
    if not isinstance(value, Mapping):
        # The shape in this question's own keys and labels (not another module's E and F), with
        # no pairing that could give an answer away.
        shape = ", ".join([f'{_quoted(k)}: "?"' for k in keys[:2]] + (["..."] if len(keys) > 2 else []))
        quoted = [_quoted(label) for label in shown]
        choices = " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)
        raise NotYet(
            question,
            f'expected a dictionary such as {{{shape}}}, each "?" replaced by {choices}; got {_show(value)}.',
            hint,
        )
    missing = [k for k in keys if k not in value]
    if missing:
        quoted = [k for k in missing if is_number(k) and str(k) in value]
        if quoted:
            example = ", ".join(f"{k}: {_quoted(value[str(k)])}" for k in keys[:2] if str(k) in value)
            raise NotYet(
                question,
                f"write the numbers {', '.join(map(str, keys))} without quote marks: {{{example}, ...}}.",
                hint,
            )
        raise NotYet(question, f"{_items(item, missing, 'have')} no label.", hint)
    unlabelled = [k for k in keys if normalise(value[k]) not in labels]
    if unlabelled and all(len(label) == 1 for label in labels):
        # {1: "Goal"} where the labels are letters: the word's first letter is meant.
        word = value[unlabelled[0]]
        if isinstance(word, str) and len(word.strip()) > 1 and normalise(word.strip()[0]) in labels:
            letter = word.strip()[0].upper()
            raise NotYet(question, f'write only the letter: "{letter}" for {word.strip()}.', hint)
    if unlabelled:
        raise NotYet(
            question,
            f"{_items(item, unlabelled, 'need')} one of {', '.join(shown)}.",
            hint,
        )
    return value


def expect_names(value: Any, *, question: str, hint: str = "") -> list[str]:
    """Fail unless ``value`` is a list of names, each in its own quote marks; return it.

    ``["Acme, Borealis, Cygnus"]`` is one text that reads as three names: it is named, not passed.
    """
    several = habits.one_text_for_several(value)
    if several:
        raise NotYet(question, f"{several}.", hint)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise NotYet(
            question,
            f'expected names in quote marks, such as ["Acme", "Borealis"]; got {_show(value)}.',
            hint,
        )
    return list(value)


def _quoted(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else _show(value)


def _as_read(number: Any) -> str:
    """A number as a trainee reads it: 1,373,000 rather than 1.373e+06; 0.2378 as typed."""
    return f"{float(number):,.10g}"


def normalise(value: Any) -> Any:
    """Text compared without case, surrounding spaces, doubled spaces or a closing full stop
    (``"B."``, ``"about  the same"``), and a letter as a multiple-choice sheet writes it
    (``"C)"``, ``"(c)"``); anything else as it is."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()).rstrip(".!").strip().lower()
    lettered = re.fullmatch(r"\(?([a-z])\)", text)
    return lettered.group(1) if lettered else text


def same(value: Any, reference: Any) -> bool:
    """``value`` is ``reference`` as a trainee means it: text by :func:`normalise`, and with
    hyphens, underscores and spaces inside words not counted ("co-sell" is "cosell")."""
    if normalise(value) == normalise(reference):
        return True
    if isinstance(value, str) and isinstance(reference, str):
        squash = re.compile(r"[-_\s]+")
        return squash.sub("", normalise(value)) == squash.sub("", normalise(reference))
    return False


# --- judged before submission: multi-part answers with partial credit --------------------------


def _digest(question: str, item: Any, label: Any) -> str:
    if isinstance(label, float) and label.is_integer():  # 2.0 is the whole number 2, not "2.0"
        label = int(label)
    text = f"{question}|{item}|{normalise(label)}"
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def seal(key: Mapping[Any, Any], *, question: str) -> dict[Any, list[str]]:
    """An answer key a visible check can hold without showing it: each item's accepted labels
    (one label, or a list of every defensible one) as digests. For authors: paste the result
    into the visible check; the notebook's test checks it against the hidden key."""
    sealed = {}
    for item, accepted in key.items():
        labels = [accepted] if isinstance(accepted, str) else list(accepted)
        sealed[item] = sorted(_digest(question, item, label) for label in labels)
    return sealed


def seal_why(why: Mapping[Any, str], *, question: str) -> str:
    """The lines :func:`expect_sealed` gives for wrong choices, sealed like its key: with the
    lines in plain sight, the one choice without a line was the answer. Each line is kept under
    its choice's digest and masked with it, so the cell shows neither which choices have a line
    nor what they say; the trainee's own answer opens its line. For authors: paste the result
    into the visible check as ``why=``."""
    sealed = {}
    for choice, line in why.items():
        key = _digest(question, "why", choice)
        sealed[key] = base64.b64encode(_mask(line.encode(), key)).decode()
    return "sealed:" + base64.b64encode(json.dumps(sealed, sort_keys=True).encode()).decode()


def _mask(data: bytes, key: str) -> bytes:
    stream = b""
    while len(stream) < len(data):
        stream += hashlib.sha256(f"{key}|{len(stream)}".encode()).digest()
    return bytes(a ^ b for a, b in zip(data, stream, strict=False))


def _why_line(why: Mapping[Any, str] | str | None, question: str, value: Any) -> str | None:
    """The line for a wrong choice ``value``, from a plain mapping or a :func:`seal_why` seal."""
    if not why:
        return None
    if isinstance(why, str):
        try:
            sealed = json.loads(base64.b64decode(why.removeprefix("sealed:")))
            key = _digest(question, "why", value)
            masked = sealed.get(key)
            return _mask(base64.b64decode(masked), key).decode() if masked else None
        except (ValueError, TypeError, UnicodeDecodeError):
            return None  # a damaged seal loses only the extra line, never the verdict
    return why.get(normalise(value)) or why.get(value)


def _accepts(accepted: Any, question: str, item: Any, label: Any) -> bool:
    labels = [accepted] if isinstance(accepted, str) else list(accepted)
    for right in labels:
        if isinstance(right, str) and right.startswith("sha256:"):
            if right == _digest(question, item, label):
                return True
        elif same(label, right):
            return True
    return False


def _tries(question: str, value: Any) -> int:
    """How many different answers to ``question`` this kernel has checked, this one included
    (always 1 outside a trainee's kernel: the grader judges many trainees in one process)."""
    if loop.shell() is None:
        return 1
    seen = loop.STATE.__dict__.setdefault("tries", {}).setdefault(question, [])
    # "B", "b" and "B)" are one answer typed three ways, not three tries.
    shown = repr(sorted(value.items(), key=repr)) if isinstance(value, Mapping) else repr(normalise(value))
    if shown not in seen:
        seen.append(shown)
    return len(seen)


def score_labels(
    value: Mapping[Any, Any],
    key: Mapping[Any, Any],
    *,
    question: str,
    points: float,
    item: str = "statement",
    why: Mapping[Any, str] | None = None,
    quiet: bool = False,
) -> float:
    """Each item of a labelling answer earns its share of ``points``; the points are returned.

    Make it the check cell's **last line**: nbgrader reads a number shown by a test cell as
    partial credit (and its Validate reports any score below the cell's points as a failed
    cell, so a wrong label is never called success). ``key`` maps each item to its label, or
    to a list of every defensible label; in a visible check, pass it through :func:`seal` so
    the trainee's notebook does not show it. ``why`` gives a line per item, shown when that
    item is wrong (the reason, never the label). Prints which items are right and how many
    different answers this kernel has checked; ``quiet`` prints nothing (a hidden test's
    recount with the key in clear).
    """
    items = list(key)
    wrong = [k for k in items if not _accepts(key[k], question, k, value.get(k))]
    right = len(items) - len(wrong)
    earned = round(points * right / len(items), 2) if items else float(points)
    if quiet:
        return float(earned)
    tries = _tries(question, value)
    tried = "" if tries == 1 else f" ({tries} different answers checked so far)"
    if not wrong:
        print(
            f"✓ {question}: all {len(items)} right: {_as_read(earned)} of {_as_read(points)} points{tried}."
        )
    else:
        print(f"✗ Not yet — {question}")
        print(
            f"  {right} of {len(items)} right, {_as_read(earned)} of {_as_read(points)} points: "
            f"{_items(item, wrong, 'need')} another look.{tried}"
        )
        for k in wrong:
            if why and k in why:
                print(f"  {item.capitalize()} {k}: {why[k]}")
    return float(earned)


def expect_sealed(
    value: Any,
    sealed: Any,
    *,
    question: str,
    hint: str = "",
    why: Mapping[Any, str] | str | None = None,
) -> None:
    """Fail unless ``value`` is an accepted answer whose key is sealed (see :func:`seal`, with
    the item ``question``): a choice judged before submission without showing the answer.
    ``why`` gives a line per wrong choice (its flaw, not the answer), sealed by :func:`seal_why`
    so that the choice without a line does not show itself; the message counts the
    different answers tried, so a ✓ found by trying every letter says so."""
    expect_answered(value, question=question, hint=hint)
    tries = _tries(question, value)
    if not _accepts(sealed, question, question, value):
        reason = _why_line(why, question, value)
        problem = f"{_show(value)} is not it" + (f": {reason}" if reason else ".")
        raise NotYet(question, problem, hint)
    tried = f" (found on answer {tries}: read why the others are wrong before you go on)" if tries > 2 else ""
    passed(question, f"right{tried}.")


# --- answers that depend on an earlier one -------------------------------------------------------


def shown_with(name: str, value: Any, *, by: str) -> None:
    """Note that ``by`` (a table, a reveal) was made from the answer ``name`` = ``value``.

    A later check calls :func:`expect_unchanged` so that, if the trainee changed ``name``
    since, it says so instead of judging the answer against the old table.
    """
    loop.STATE.__dict__.setdefault("shown", {})[name] = (repr(value), by)


def expect_unchanged(name: str, *, question: str) -> None:
    """Fail, saying what to re-run, if the answer ``name`` changed since the table made from it
    was shown (see :func:`shown_with`)."""
    shown = loop.STATE.__dict__.get("shown", {}).get(name)
    if shown is None:
        return
    before, by = shown
    notebook = sys._getframe(1).f_globals
    now = notebook.get(name, _MISSING)
    if now is not _MISSING and repr(now) != before:
        raise NotYet(
            question,
            f"{name} changed since {by} was made from it (it was {before}, it is now {_show(now)}): "
            f"run {by} again, check this answer against it, then run this check.",
        )
