"""Checks that explain themselves: what the notebooks' test cells call.

A check that passes prints one friendly line. A check that fails raises
:class:`NotYet`, an ``AssertionError`` that nbgrader counts as a failed test but that
Jupyter shows as three plain lines (what was asked, what came, a hint) instead of a
traceback. Visible tests use these checks with hints; hidden tests use them with
references computed from the model.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


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


def passed(question: str, message: str = "looks right.") -> None:
    """Print the friendly line of a check that passed."""
    print(f"✓ {question}: {message}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def is_number(value: Any) -> bool:
    """True for a real, finite number (not a bool, not text)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


_MISSING = object()


def answer(name: str) -> Any:
    """The value the trainee gave ``name`` in the notebook, or a plain message if there is none.

    Check cells call ``checks.answer("q1_veteran_revenue")`` instead of naming the
    variable directly: if the answer cell stopped with an error (typically text typed
    without quote marks), the trainee reads what to do instead of a ``NameError``.
    """
    value = sys._getframe(1).f_globals.get(name, _MISSING)
    if value is _MISSING:
        raise NotYet(
            name,
            f"{name} has no value yet: its answer cell has not run, or it stopped with an error.",
            'Run the answer cell and read its message. Text answers need quote marks, as in "up".',
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
    if normalise(value) not in [normalise(c) for c in choices]:
        raise NotYet(
            question,
            f"expected one of {', '.join(_show(c) for c in choices)}; got {_show(value)}.",
            hint,
        )


def expect_number(
    value: Any, *, question: str, low: float = -math.inf, high: float = math.inf, hint: str = ""
) -> None:
    """Fail unless ``value`` is a finite number between ``low`` and ``high``."""
    expect_answered(value, question=question, hint=hint or "Replace None with a number.")
    if not is_number(value):
        raise NotYet(
            question,
            f"expected a number; got {_show(value)}.",
            hint or "Write a number, such as 12.5, without quotes.",
        )
    if not low <= float(value) <= high:
        raise NotYet(question, f"expected a number from {low:g} to {high:g}; got {float(value):g}.", hint)


def expect_close(
    value: Any, reference: float, *, question: str, rel: float = 0.01, abs_tol: float = 1e-6, hint: str = ""
) -> None:
    """Fail unless ``value`` is within ``rel`` (relative) or ``abs_tol`` of ``reference``."""
    expect_number(value, question=question, hint=hint)
    if not math.isclose(float(value), reference, rel_tol=rel, abs_tol=abs_tol):
        raise NotYet(question, f"{float(value):g} is not what the model gives.", hint)


def expect_equal(value: Any, reference: Any, *, question: str, hint: str = "") -> None:
    """Fail unless ``value`` equals ``reference`` (text without case or spaces).

    Only plain text and plain numbers count: an object made to equal anything (its
    ``__eq__`` always true) must not pass a hidden test.
    """
    expect_answered(value, question=question)
    plain = (str,) if isinstance(reference, str) else (int, float)
    if type(value) not in plain or normalise(value) != normalise(reference):
        raise NotYet(question, f"{_show(value)} is not the answer the model backs.", hint)


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
    try:
        return function(*args)
    except Exception as error:  # the trainee's code may raise anything
        raise NotYet(
            question,
            f"calling it with {', '.join(_show(a) for a in args)} raised {type(error).__name__}: {error}",
            "Run the function's cell again after fixing it; the message above says where it went wrong.",
        ) from None


def expect_labels(
    value: Any, keys: Iterable[Any], labels: Iterable[str], *, question: str, hint: str = ""
) -> Mapping[Any, Any]:
    """Fail unless ``value`` maps every key to one of ``labels``; return it."""
    keys, labels = list(keys), [normalise(label) for label in labels]
    if not isinstance(value, Mapping):
        raise NotYet(question, f"expected a dictionary such as {{1: 'E', 2: 'F'}}; got {_show(value)}.", hint)
    missing = [k for k in keys if k not in value]
    if missing:
        raise NotYet(question, f"statement(s) {', '.join(map(str, missing))} have no label.", hint)
    unlabelled = [k for k in keys if normalise(value[k]) not in labels]
    if unlabelled:
        raise NotYet(
            question,
            f"statement(s) {', '.join(map(str, unlabelled))} need one of {', '.join(label.upper() for label in labels)}.",
            hint,
        )
    return value


def normalise(value: Any) -> Any:
    """Text compared without case and surrounding spaces; anything else as it is."""
    return value.strip().lower() if isinstance(value, str) else value
