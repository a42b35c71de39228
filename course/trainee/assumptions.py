"""The assumptions table every scenario shows a trainee: a few plain rows, or every parameter.

A scenario builds its plain rows (:class:`Assumption`: what, the value, where it comes from)
and returns them as an :class:`AssumptionTable`, a table in JupyterLab and plain text
elsewhere; :func:`every_parameter` reads the full table from the comments of the
scenario's ``Params``, the single record of each unit, source and confidence.
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


class FullAssumptionTable(AssumptionTable):
    """Every parameter of a model, its default and the comment that documents it."""

    headings = ("parameter", "default", "what it is, and its source")


def every_parameter(params_class: type) -> FullAssumptionTable:
    """Every field of a scenario's ``Params`` with its default and its comment: the lines of
    ``#`` comment right above the field (up to a ``---`` section rule) and the one after it."""
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
        found.append(Assumption(field_.name, getattr(defaults, field_.name), " ".join(note)))
    return FullAssumptionTable(found)
