"""A branching conversation played with buttons: module 03's open door.

The model holds the conversation as plain data (``coaching.DOOR``: turns, choices, the
rep's replies and their effects; ``DOOR_START``; ``DOOR_OPENING``) and walks a path with
``door_walk``; this widget only shows it. Each click adds a letter to the path, shows
what the leader said and the rep's reply, and the running ownership and deal quality.
The path is shown as the letters to type into the graded answer cell: the widget's
state is never graded.

Where no widget front end runs (nbconvert, nbval, nbgrader's feedback), the cell shows
the opening and the first turn's choices as text.
"""

from __future__ import annotations

import html
from types import ModuleType
from typing import Any

import ipywidgets as widgets


class Conversation(widgets.VBox):
    """Buttons for each turn's choices, the transcript so far, ownership and deal quality."""

    def __init__(self, scenario: ModuleType) -> None:
        self.scenario = scenario
        self.path: list[str] = []
        self.transcript = widgets.HTML()
        self.status = widgets.HTML()
        self.buttons = widgets.HBox()
        self.restart = widgets.Button(description="Start again", tooltip="Clear the path and start over")
        self.restart.on_click(self._on_restart)
        super().__init__([self.transcript, self.status, self.buttons, self.restart])
        self.update()

    def node(self) -> str | None:
        """The turn the conversation is at, or None once it has ended."""
        node: str | None = self.scenario.DOOR_START
        for letter in self.path:
            node = next(c for c in self.scenario.DOOR[node][1] if c[0] == letter)[6]
        return node

    def choose(self, letter: str) -> None:
        """Take the choice ``letter`` at the current turn (what a button click does)."""
        node = self.node()
        if node is None or letter not in [c[0] for c in self.scenario.DOOR[node][1]]:
            return
        self.path.append(letter)
        self.update()

    def text(self) -> str:
        """The conversation so far in plain text, with the choices at the current turn."""
        walk = self.scenario.door_walk(self.path) if self.path else None
        lines = [self.scenario.DOOR_OPENING]
        if walk is not None:
            for letter, said, reply in zip(walk.steps, walk.said, walk.replies, strict=True):
                lines += [f"You ({letter}): {said}", f"Dee: {reply}"]
            lines.append(f"Ownership {walk.ownership:+d}, deal quality {walk.quality:+d}.")
        node = self.node()
        if node is None:
            lines.append(f'The conversation is over. Your path: "{" ".join(self.path)}".')
        else:
            title, choices = self.scenario.DOOR[node]
            lines.append(title)
            lines += [f"  {c[0]}. {c[1]}" for c in choices]
        return "\n".join(lines)

    def update(self) -> None:
        """Redraw the transcript, the meters and the buttons for the current turn."""
        walk = self.scenario.door_walk(self.path) if self.path else None
        parts = [f"<p><b>{html.escape(self.scenario.DOOR_OPENING)}</b></p>"]
        if walk is not None:
            for letter, said, reply in zip(walk.steps, walk.said, walk.replies, strict=True):
                parts.append(
                    f"<p>You ({letter}): {html.escape(said)}<br><i>Dee: {html.escape(reply)}</i></p>"
                )
        node = self.node()
        if node is not None:
            title, choices = self.scenario.DOOR[node]
            items = "".join(f"<li><b>{c[0]}</b>. {html.escape(c[1])}</li>" for c in choices)
            parts.append(f"<p><b>{html.escape(title)}</b></p><ul>{items}</ul>")
        self.transcript.value = "".join(parts)
        ownership = walk.ownership if walk else 0
        quality = walk.quality if walk else 0
        path = " ".join(self.path) or "(none yet)"
        ended = " The conversation is over: type this path in the answer cell below." if node is None else ""
        self.status.value = (
            f'<p role="status" aria-live="polite">Dee\'s ownership: {ownership:+d} · Deal quality: '
            f"{quality:+d} · Your path: <b>{html.escape(path)}</b>.{ended}</p>"
        )
        if node is None:
            self.buttons.children = ()
        else:
            self.buttons.children = tuple(self._button(c[0], c[1]) for c in self.scenario.DOOR[node][1])

    def _button(self, letter: str, said: str) -> widgets.Button:
        button = widgets.Button(description=f"Say {letter}", tooltip=said.strip('"'))
        button.on_click(lambda _b: self.choose(letter))
        return button

    def _on_restart(self, _button: object) -> None:
        self.path = []
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.text()
        return bundle


def talk(scenario: ModuleType) -> Conversation:
    """The open-door conversation of a scenario module, such as ``course.scenarios.coaching``."""
    return Conversation(scenario)
