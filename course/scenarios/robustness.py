"""How much of the plausible space each lesson holds in: the course's robustness run.

Each scenario declares its uncertain assumptions with plausible ranges (``PLAUSIBLE``, a tuple of
:class:`course.trainee.assumptions.Plausible`) and what its notebook grades and teaches
(``LESSONS``, a tuple of :class:`Lesson`). This module samples all the assumptions at once with a
Latin hypercube (SALib's ``latin.sample``), several hundred points for each of several seeds, runs
each lesson's test at every point with that seed's luck, and reports the share of points where
it holds, against its target: a graded best choice must hold in at least 90% of the space, a
stated lesson in at least 80% (issue 22; the method is in docs/MODEL_VALIDITY.md, after Sterman
2000, ch. 21 [sterman-2000] and Barlas 1996 [barlas-1996]).

Run it for one module: ``python -m course.scenarios.robustness 01`` (options: ``--points``,
``--seeds``). SALib is loaded only when the run starts: a trainee's kernel never needs it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.trainee.assumptions import Plausible

BEST_CHOICE = "best choice"  # a graded decision: the answer the hidden test expects
LESSON = "lesson"  # a sentence the notebook states as what the model shows
FINDING = "finding"  # measured for the "where this lesson stops holding" note; no target
TARGETS: dict[str, float | None] = {BEST_CHOICE: 0.9, LESSON: 0.8, FINDING: None}

# The modules whose models declare PLAUSIBLE and LESSONS, by the number the course gives them.
MODULES: dict[str, str] = {
    "01": "course.scenarios.control",
    "02": "course.scenarios.trust",
    "03": "course.scenarios.coaching",
    "04": "course.scenarios.start_small",
    "05": "course.scenarios.pebbles",
    "06": "course.scenarios.one_team",
    "07": "course.scenarios.leap_of_faith",
}


@dataclass(frozen=True)
class Lesson:
    """One thing a notebook grades or states, as a test of the model.

    Attributes:
        name: a short id, such as the grade id it backs (``q3_veteran_reviews``).
        words: the lesson in the notebook's plain words.
        kind: :data:`BEST_CHOICE`, :data:`LESSON` or :data:`FINDING`.
        holds: ``holds(assumptions, seed)``: True where the lesson holds with these values of the
            assumptions (a mapping of ``Params`` field to value) and this seed's luck; None where
            it does not apply (a lesson stated for part of the space: "when your hour is worth
            up to $1,000, ..."), so that the share counts only the points it speaks of.
    """

    name: str
    words: str
    kind: str
    holds: Callable[[Mapping[str, Any], int], bool | None]

    def __post_init__(self) -> None:
        if self.kind not in TARGETS:
            raise ValueError(f"{self.name}: kind must be one of {sorted(TARGETS)}; got {self.kind!r}.")

    @property
    def target(self) -> float | None:
        return TARGETS[self.kind]


@dataclass(frozen=True)
class Row:
    """One lesson's result: where it holds and, if it breaks, the assumption most to blame."""

    lesson: Lesson
    share: float  # share of the sampled points it applies to (all seeds) where it holds, 0-1
    points: int  # the sampled points it applies to
    breaks_when: str  # "" or, e.g., "leader_hour_value above 1,210 (holds in 41% there)"

    @property
    def meets_target(self) -> bool:
        target = self.lesson.target
        return target is None or self.share >= target


def sample(plausible: Sequence[Plausible], points: int, seed: int) -> list[dict[str, float]]:
    """``points`` Latin-hypercube samples of every assumption at once, as ``Params`` overrides."""
    from SALib.sample import latin  # only the robustness run needs SALib

    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number of at least 2; got {points!r}.")
    problem = {
        "num_vars": len(plausible),
        "names": [p.name for p in plausible],
        "bounds": [[p.low, p.high] for p in plausible],
    }
    matrix = latin.sample(problem, points, seed=seed)
    return [
        {
            p.name: (round(float(value)) if p.whole else float(value))
            for p, value in zip(plausible, row, strict=True)
        }
        for row in matrix
    ]


def _breaks_when(plausible: Sequence[Plausible], samples: list[dict[str, float]], held: np.ndarray) -> str:
    """The assumption whose low or high third of its range holds the lesson least often."""
    if held.all():
        return ""
    worst = (1.0, "")
    for p in plausible:
        values = np.array([s[p.name] for s in samples])
        for side, mask, edge in (
            ("below", values <= p.low + (p.high - p.low) / 3, p.low + (p.high - p.low) / 3),
            ("above", values >= p.high - (p.high - p.low) / 3, p.high - (p.high - p.low) / 3),
        ):
            if mask.sum() and held[mask].mean() < worst[0]:
                number = f"{edge:,.0f}" if abs(edge) >= 100 else f"{edge:.3g}"
                worst = (
                    float(held[mask].mean()),
                    f"{p.name} {side} {number} (holds in {held[mask].mean():.0%} there)",
                )
    return worst[1]


def measure(scenario: Any, *, points: int = 300, seeds: Sequence[int] = (0, 1, 2)) -> list[Row]:
    """Every lesson of ``scenario`` (a module with ``PLAUSIBLE`` and ``LESSONS``) over the space."""
    plausible, lessons = scenario.PLAUSIBLE, scenario.LESSONS
    samples: list[dict[str, float]] = []
    results: dict[str, list[bool | None]] = {lesson.name: [] for lesson in lessons}
    for seed in seeds:
        drawn = sample(plausible, points, seed)
        samples += drawn
        for lesson in lessons:
            results[lesson.name] += [lesson.holds(values, seed) for values in drawn]
    rows = []
    for lesson in lessons:
        applies = [i for i, held in enumerate(results[lesson.name]) if held is not None]
        if not applies:
            raise ValueError(f"{lesson.name} applied to none of the {len(samples)} sampled points.")
        held = np.array([bool(results[lesson.name][i]) for i in applies])
        where = _breaks_when(plausible, [samples[i] for i in applies], held)
        rows.append(Row(lesson, float(held.mean()), len(held), where))
    return rows


def table(rows: Sequence[Row]) -> str:
    """The robustness table in Markdown, as docs/MODEL_VALIDITY.md shows it."""
    lines = [
        "| what the notebook grades or states | kind | holds in | target | where it breaks most |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        mark = "" if row.meets_target else " **below target**"
        target = "none" if row.lesson.target is None else f"{row.lesson.target:.0%}"
        lines.append(
            f"| {row.lesson.name}: {row.lesson.words} | {row.lesson.kind} | {row.share:.0%}{mark} | "
            f"{target} | {row.breaks_when or 'holds everywhere sampled'} |"
        )
    return "\n".join(lines)


def scenario_for(module: str) -> Any:
    """The scenario package for a module number ("01") or a scenario's name ("control")."""
    key = module.zfill(2) if module.isdigit() else module
    path = MODULES.get(key, f"course.scenarios.{key}")
    try:
        scenario = importlib.import_module(path) if key.isidentifier() or key in MODULES else None
    except ImportError:
        scenario = None
    if scenario is None or not hasattr(scenario, "PLAUSIBLE") or not hasattr(scenario, "LESSONS"):
        raise ValueError(
            f"No robustness declaration (PLAUSIBLE and LESSONS) for module {module!r}: the modules with "
            f"one are {', '.join(sorted(MODULES))}."
        )
    return scenario


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.scenarios.robustness",
        description="Share of the plausible space where each graded choice and stated lesson holds.",
    )
    parser.add_argument("module", nargs="?", default="01", help="module number, such as 01 (default)")
    parser.add_argument("--points", type=int, default=300, help="Latin-hypercube points per seed (300)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds, each its own sample and luck (3)")
    args = parser.parse_args(argv)
    try:
        scenario = scenario_for(args.module)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    rows = measure(scenario, points=args.points, seeds=tuple(range(args.seeds)))
    print(f"Module {args.module}: {args.points} points x {args.seeds} seeds, all assumptions at once.\n")
    print(table(rows))
    return 0 if all(row.meets_target for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
