"""Module 03, part 2: the open door, a short branching conversation scored on the rep's ownership
and the deal's quality (plain data the conversation widget, ``course.trainee.conversation``, reads)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# --------------------------------------------------------------------------- Part 2: the open door

# A branching conversation: each node is a turn; each choice is (letter, what the leader
# says, "question" or "instruction", the rep's reply, ownership change, deal quality
# change, the next node or None where the conversation ends). Ownership and deal
# quality start at 0. Sizes chosen to show the mechanism.
DOOR_OPENING = (
    "Dee knocks on your open door: \"Northwind says they'll sign this quarter if we take 25% off. "
    'Can I offer it?"'
)
# fmt: off
DOOR: dict[str, tuple[str, tuple[tuple[str, str, str, str, int, int, str | None], ...]]] = {
    'goal': ('Goal: what does Dee want from this deal?', (
        ('A', '"Yes, do it. We need the number this quarter."', 'instruction',
         '"Great, I\'ll send it today." (Northwind signs at 25% off; nobody asks why they wanted it.)',
         -1, -2, None),
        ('B', '"Why on earth would we give away 25%?"', 'question',
         '"Because they asked, and I need this deal." (A question, but Dee hears blame and defends.)',
         -1, 0, 'reality'),
        ('C', '"What would a good result look like, for you and for Northwind?"', 'question',
         '"Honestly? Signed this quarter, and a customer who renews next year. A big discount now makes next year\'s renewal harder."',
         1, 0, 'reality'),
    )),
    'reality': ('Reality: what is really going on at Northwind?', (
        ('A', '"Don\'t you think 25% is far too much?"', 'instruction',
         '"I suppose so." (A question in form, an instruction in fact: Dee now guesses what you want.)',
         -1, 0, 'options'),
        ('B', '"What has their team actually said about price?"', 'question',
         '"Their finance lead asked for \'a better number\'. The buyer never mentioned price: she is worried about the roll-out."',
         1, 1, 'options'),
        ('C', '"Find out who really decides, then come back to me."', 'instruction',
         '"Fine, I\'ll ask around." (Dee goes to look for what you asked for.)',
         -1, 1, 'options'),
    )),
    'options': ('Options: what could Dee offer instead?', (
        ('A', '"Offer 10% for a two-year term. Take it or leave it."', 'instruction',
         '"OK, I\'ll send that." (A sound offer, but it is yours, not Dee\'s.)',
         -1, 1, 'will'),
        ('B', '"What could you offer them instead of a discount?"', 'question',
         '"A phased roll-out with our onboarding team... and if they still need a better number, we tie it to a two-year term."',
         1, 2, 'will'),
    )),
    'will': ('Will: what happens next?', (
        ('A', '"What will you do next, and what do you need from me?"', 'question',
         '"I\'ll call the buyer tomorrow and take what we discussed to finance. Could you join the call with their finance lead on Thursday?"',
         2, 1, None),
        ('B', '"Send me the proposal by Friday so I can check it."', 'instruction',
         '"Will do." (Dee waits for your approval before moving.)',
         -1, 0, None),
    )),
}
# fmt: on
DOOR_START = "goal"
# How a path is scored (documented in the instructor notebook): ownership and deal
# quality at the end, weighted; chosen to show the mechanism.
DOOR_WEIGHTS = {"ownership": 1.0, "quality": 1.0}


@dataclass(frozen=True)
class DoorWalk:
    """One path through the open-door conversation."""

    steps: tuple[str, ...]
    said: tuple[str, ...]
    kinds: tuple[str, ...]
    replies: tuple[str, ...]
    ownership: int
    quality: int
    finished: bool

    @property
    def score(self) -> float:
        """The path's score: ``DOOR_WEIGHTS`` applied to ownership and deal quality at the end."""
        return DOOR_WEIGHTS["ownership"] * self.ownership + DOOR_WEIGHTS["quality"] * self.quality

    @property
    def questions(self) -> int:
        return sum(kind == "question" for kind in self.kinds)


def parse_path(path: Any) -> tuple[str, ...]:
    """The letters of a typed path: "B A C", "b,a,c", "BAC" or ["B", "A", "C"].

    Raises:
        ValueError: in plain words, for anything that is not letters.
    """
    if isinstance(path, (list, tuple)):
        if not all(isinstance(step, str) for step in path):
            raise ValueError(f'write each step as a letter in quote marks, such as ["C", "A"]; got {path!r}')
        path = " ".join(path)
    if not isinstance(path, str):
        raise ValueError(f'write the path as letters in quote marks, such as "C A"; got {path!r}')
    text = path.replace("“", "").replace("”", "").replace('"', "").replace("'", "")
    text = re.sub(r"(?i)\bsay\b", " ", text)  # copied from the buttons: "Say C, Say B"
    letters = re.sub(r"[\s,;>\-.→/]+", "", text).upper()
    if not letters:
        raise ValueError('the path is empty: write the letters you chose, such as "C A"')
    wrong = sorted({ch for ch in letters if ch not in "ABC"})
    if wrong:
        raise ValueError(
            f"a path uses only the letters A, B and C; {', '.join(repr(w) for w in wrong)} "
            f"{'is' if len(wrong) == 1 else 'are'} not letters of the path"
        )
    return tuple(letters)


def door_walk(path: Any) -> DoorWalk:
    """Walk the conversation along ``path`` (see :func:`parse_path`).

    Raises:
        ValueError: in plain words, when a letter is not a choice at its turn, or the
            path goes on after the conversation ended.
    """
    steps = parse_path(path)
    node: str | None = DOOR_START
    said, kinds, replies = [], [], []
    ownership = quality = 0
    for turn, letter in enumerate(steps, start=1):
        if node is None:
            raise ValueError(
                f"the conversation ended after step {turn - 1}; your path has {len(steps)} steps. "
                f"Keep the first {turn - 1}"
            )
        _, choices = DOOR[node]
        chosen = next((c for c in choices if c[0] == letter), None)
        if chosen is None:
            offered = " or ".join(c[0] for c in choices)
            raise ValueError(f"at step {turn} the choices are {offered}; got {letter}")
        _, words, kind, reply, d_own, d_quality, node = chosen
        said.append(words)
        kinds.append(kind)
        replies.append(reply)
        ownership += d_own
        quality += d_quality
    return DoorWalk(steps, tuple(said), tuple(kinds), tuple(replies), ownership, quality, node is None)


def door_paths() -> list[tuple[str, ...]]:
    """Every complete path through the conversation."""
    found: list[tuple[str, ...]] = []

    def walk(node: str | None, path: tuple[str, ...]) -> None:
        if node is None:
            found.append(path)
            return
        for choice in DOOR[node][1]:
            walk(choice[6], (*path, choice[0]))

    walk(DOOR_START, ())
    return found


def door_best_score() -> float:
    """The highest score any complete path earns."""
    return max(door_walk(path).score for path in door_paths())


def door_problem(path: Any) -> str | None:
    """None for a complete path; otherwise what is wrong with it, in one plain sentence."""
    try:
        walk = door_walk(path)
    except ValueError as error:
        return f"{error}."
    if not walk.finished:
        node = _node_after(walk.steps)
        return (
            f"the conversation is not over after {len(walk.steps)} step{'s' if len(walk.steps) != 1 else ''}: "
            f"add your choice at the next turn ({' or '.join(c[0] for c in DOOR[node][1])})."
        )
    if len(walk.steps) < len(DOOR):
        return (
            f"the conversation ended after {len(walk.steps)} step{'s' if len(walk.steps) != 1 else ''}: "
            "you decided for Dee at once. Play it with the buttons and find a path that hears her out "
            f"through all {len(DOOR)} turns."
        )
    return None


def door_note(path: Any) -> str:
    """What Exercise 3 teaches, shown once the trainee's path goes through every turn."""
    if door_problem(path) is not None:
        return "Not yet: this note appears once your door_path goes through all four turns (check above)."
    return (
        "In GROW's terms the four turns were Goal, Reality, Options and Will. Two traps sat on the way: a "
        '"why" question that Dee hears as blame, and a question that is an instruction in disguise ("Don\'t '
        "you think 25% is far too much?\"). The best path ends with Dee's own plan and a clear request of you."
    )


def _node_after(steps: tuple[str, ...]) -> str:
    node = DOOR_START
    for letter in steps:
        node = next(c for c in DOOR[node][1] if c[0] == letter)[6]
    return node
