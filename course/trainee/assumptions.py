"""The assumptions table every scenario shows a trainee: a few plain rows, or every parameter.

A scenario builds its plain rows (:class:`Assumption`: what, the value, where it comes from)
and returns them as an :class:`AssumptionTable`, a table in JupyterLab and plain text
elsewhere; :func:`every_parameter` reads the full table from the comments of the
scenario's ``Params``, the single record of each unit, source and confidence.

A scenario also declares, once, the plausible range of each uncertain assumption
(:class:`Plausible`, in its model's ``PLAUSIBLE``): the full table shows the range, the
tests push the model to both ends, and the robustness run (``python -m
course.scenarios.robustness``) samples the whole space (after EMA Workbench and SALib,
which declare a model's uncertainties apart from the model).
"""

from __future__ import annotations

import html
import inspect
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Assumption:
    """One row: what is assumed, its value, and the note on where it comes from."""

    name: str
    value: Any
    note: str


class AssumptionTable(tuple):
    """The model's assumptions, shown as a table in a notebook."""

    headings: tuple[str, str, str] = ("assumption", "value", "where it comes from")

    def __str__(self) -> str:
        return "\n".join(f"{a.name}: {a.value}. {a.note}" for a in self)

    __repr__ = __str__  # plain text (a terminal, nbconvert to text) shows the table, not tuples

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in self.headings)
        rows = "".join(
            f"<tr><td style='text-align:left'>{html.escape(str(a.name))}</td>"
            f"<td style='text-align:left'>{html.escape(str(a.value))}</td>"
            f"<td style='text-align:left'>{html.escape(a.note)}</td></tr>"
            for a in self
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


@dataclass(frozen=True)
class Plausible:
    """One uncertain assumption's plausible range, declared once beside the model.

    Attributes:
        name: the field of the scenario's ``Params``.
        low, high: the ends of the range, in the field's unit (the default lies inside).
        basis: why this range: a measured range with its bibliography key, or "our assumption".
        whole: True for a whole number (months, reps): samples are rounded.
    """

    name: str
    low: float
    high: float
    basis: str
    whole: bool = False

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(
                f"{self.name}: a plausible range needs low < high; got {self.low} to {self.high}."
            )

    def words(self) -> str:
        """The range in words, for the assumptions table: "plausible 0.1 to 0.6 (our assumption)"."""
        return f"plausible {self.low:g} to {self.high:g} ({self.basis})"


def check_plausible(params_class: type, plausible: tuple[Plausible, ...]) -> None:
    """Refuse a declaration that names no field, names one twice, leaves the default outside its
    range, or gives a range the model itself rejects (each end is built as ``Params``)."""
    names = {f.name for f in fields(params_class)}
    seen: set[str] = set()
    defaults = params_class()
    for item in plausible:
        if item.name not in names or item.name in seen:
            raise ValueError(f"{item.name!r} is not a parameter, or is declared twice.")
        seen.add(item.name)
        default = getattr(defaults, item.name)
        if not item.low <= default <= item.high:
            raise ValueError(f"{item.name}: the default {default} lies outside {item.low} to {item.high}.")
        for end in (item.low, item.high):
            defaults.with_(**{item.name: round(end) if item.whole else end})


class FullAssumptionTable(AssumptionTable):
    """Every parameter of a model, its default and the comment that documents it."""

    headings = ("parameter", "default", "what it is, and its source")


def every_parameter(params_class: type, plausible: tuple[Plausible, ...] = ()) -> FullAssumptionTable:
    """Every field of a scenario's ``Params`` with its default and its comment: the lines of
    ``#`` comment right above the field (up to a ``---`` section rule) and the one after it,
    then the field's plausible range where ``plausible`` declares one."""
    ranges = {item.name: item for item in plausible}
    lines = inspect.getsource(params_class).splitlines()
    defaults = params_class()
    found = []
    for field_ in fields(params_class):
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field_.name}:"))
        note = []
        above = index - 1
        while above >= 0 and lines[above].strip().startswith("#") and "---" not in lines[above]:
            note.insert(0, lines[above].strip().lstrip("#").strip())
            above -= 1
        if "#" in lines[index]:
            note.append(lines[index].split("#", 1)[1].strip())
        if field_.name in ranges:
            note.append(f"Range: {ranges[field_.name].words()}.")
        found.append(Assumption(field_.name, getattr(defaults, field_.name), " ".join(note)))
    return FullAssumptionTable(found)
