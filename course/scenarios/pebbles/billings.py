"""Module 05's billings: a year of monthly billings by product, price tier and segment, one thing off.

Pure and seeded; the plot is drawn by ``view.plot_billings`` only when a notebook shows a table.
The three signatures are this module's model, chosen to show the idea (no study tested them).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.scenarios.pebbles.model import SEED
from course.trainee.random import make_rng

PRODUCTS = ("Core", "Insight")
TIERS = ("Standard", "Premium")
SEGMENTS = ("Enterprise", "Mid-market", "Small business")
PROBLEMS = ("product", "pricing", "positioning")
DIMENSIONS = {"product": PRODUCTS, "tier": TIERS, "segment": SEGMENTS}


@dataclass(frozen=True)
class Billings:
    """A year of monthly billings by product, price tier and segment, dollars.

    ``values`` has the shape (month, product, tier, segment). ``problem`` is what is off
    (the notebook does not show it).
    """

    values: np.ndarray
    problem: str

    def by(self, dimension: str) -> dict[str, np.ndarray]:
        """Monthly billings summed over the other two dimensions, per item of ``dimension``."""
        axis = {"product": 1, "tier": 2, "segment": 3}[dimension]
        other = tuple(a for a in (1, 2, 3) if a != axis)
        summed = self.values.sum(axis=other)
        return {name: summed[:, i] for i, name in enumerate(DIMENSIONS[dimension])}

    def changes(self) -> list[tuple[str, str, float, float, float]]:
        """(dimension, item, first three months, last three months, change) for every item."""
        rows = []
        for dimension in DIMENSIONS:
            for name, series in self.by(dimension).items():
                first, last = float(series[:3].sum()), float(series[-3:].sum())
                rows.append((dimension, name, first, last, last / first - 1))
        return rows

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        header = f"{'by':<8} | {'item':<15} | months 1-3 | months 10-12 | change"
        lines = ["Billings, $ thousands:", header, "-" * len(header)]
        for dimension, name, first, last, change in self.changes():
            lines.append(
                f"{dimension:<8} | {name:<15} | {first / 1e3:>10,.0f} | {last / 1e3:>12,.0f} | {change:>+6.0%}"
            )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """The table and the plot of the monthly lines, for a notebook."""
        from course.scenarios.pebbles import view  # matplotlib only when a notebook draws it
        from course.trainee.plotting import png_bytes

        axes = view.plot_billings(self)
        picture = base64.b64encode(png_bytes(axes[0].get_figure(root=True))).decode("ascii")
        rows = "".join(
            f"<tr><td>{d}</td><td>{html.escape(n)}</td><td>{f / 1e3:,.0f}</td><td>{la / 1e3:,.0f}</td>"
            f"<td>{c:+.0%}</td></tr>"
            for d, n, f, la, c in self.changes()
        )
        table = (
            "<table><caption>Billings, $ thousands</caption><thead><tr><th>by</th><th>item</th>"
            "<th>months 1-3</th><th>months 10-12</th><th>change</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        image = f'<img alt="Monthly billings by product, price tier and segment" src="data:image/png;base64,{picture}">'
        return {"text/plain": str(self), "text/html": table + image}


def billings(
    problem: str,
    *,
    seed: int = SEED,
    monthly_total: float = 2_000_000.0,
    growth: float = 0.01,
    decline: float = 0.05,
    noise: float = 0.03,
) -> Billings:
    """A year of monthly billings with one thing off. The three signatures:

    - ``"product"``: one product (it no longer beats the competition's) falls month after
      month in every segment and both price tiers; the other product holds.
    - ``"pricing"``: the Premium tier falls in every product and segment while the
      Standard tier grows (buyers trade down: the premium price is out of line).
    - ``"positioning"``: one segment falls across every product and tier (the message
      does not land with those buyers); the other segments hold.

    Which product or segment is hit depends on the seed. Everything else grows by
    ``growth`` a month, with a little noise. Sizes chosen to show the mechanism.

    Args:
        problem: ``"product"``, ``"pricing"`` or ``"positioning"``.
        seed: seed of the random generator.
        monthly_total: billings in the first month, dollars.
        growth: monthly growth where nothing is off (a share).
        decline: monthly fall of what is off (a share).
        noise: spread of each month's luck (a share).
    """
    if problem not in PROBLEMS:
        raise ValueError(f"problem must be one of {', '.join(repr(x) for x in PROBLEMS)}; got {problem!r}.")
    for name, value, high in (("growth", growth, 0.2), ("decline", decline, 0.5), ("noise", noise, 0.2)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= high:
            raise ValueError(f"{name} must be a number from 0 to {high:g} (a share); got {value!r}.")
    if not isinstance(monthly_total, (int, float)) or not 0 < monthly_total <= 1e10:
        raise ValueError(f"monthly_total must be a positive number of dollars; got {monthly_total!r}.")
    rng = make_rng(seed)
    weights = (
        np.array([0.6, 0.4])[:, None, None]
        * np.array([0.55, 0.45])[None, :, None]
        * np.array([0.5, 0.3, 0.2])
    )
    month = np.arange(12)[:, None, None, None]
    rate = np.full((1, 2, 2, 3), growth)
    if problem == "product":
        rate[:, rng.integers(2)] = -decline
    elif problem == "pricing":
        rate[:, :, 1] = -decline
        rate[:, :, 0] = growth + decline / 4
    else:
        rate[:, :, :, rng.integers(3)] = -decline
    luck = np.exp(noise * rng.standard_normal((12, 2, 2, 3)))
    return Billings(monthly_total * weights[None] * (1.0 + rate) ** month * luck, problem)


# The three cases of the notebook's billing exercise.
BILLING_CASES = {"A": ("pricing", 41), "B": ("product", 43)}


def billing_case(letter: str) -> Billings:
    """One of the notebook's cases, "A" or "B"."""
    if letter not in BILLING_CASES:
        raise ValueError(f"letter must be one of {', '.join(BILLING_CASES)}; got {letter!r}.")
    problem, seed = BILLING_CASES[letter]
    return billings(problem, seed=seed)
