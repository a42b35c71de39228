"""Checks every scenario model runs on its parameters before simulating, so that a bad value
stops with one plain line (what was expected, what came) rather than a wrong result or a
traceback from deep inside numpy. Shared by the models' ``_validate`` functions."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def number_between(params: Any, name: str, low: float, high: float, unit: str) -> None:
    """``params.<name>`` is a finite number (not True or False) from ``low`` to ``high``."""
    value = getattr(params, name)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not math.isfinite(value)
    ):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g} {unit}; got {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g} {unit}; got {value:g}.")


def whole_between(
    params: Any, name: str, low: int, high: int, unit: str, *, whole_floats: bool = False
) -> None:
    """``params.<name>`` is a whole number from ``low`` to ``high``; with ``whole_floats``, a
    float such as 8.0 counts as whole (what a slider or a spreadsheet hands over)."""
    value = getattr(params, name)
    whole = isinstance(value, (int, np.integer)) or (
        whole_floats and isinstance(value, float) and value.is_integer()
    )
    if isinstance(value, bool) or not whole:
        raise ValueError(f"{name} must be a whole number of {unit}; got {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high} {unit}; got {value}.")
