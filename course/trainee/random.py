"""Random generators for the scenarios: every model owns its generator, made from a seed."""

from __future__ import annotations

import numpy as np


def make_rng(seed: int | None) -> np.random.Generator:
    """A NumPy generator for ``seed``; ``None`` draws fresh entropy from the OS.

    Raises:
        ValueError: if ``seed`` is not a non-negative whole number or ``None``.
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be a whole number of 0 or more, or None; got {seed!r}.")
    return np.random.default_rng(seed)
