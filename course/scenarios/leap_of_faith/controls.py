"""Module 07's controls spec: the sliders the explorer (``course.trainee.widgets.explore``)
builds, read from here and never built inside the model."""

from __future__ import annotations

from course.scenarios.leap_of_faith.model import COMPARISON, Params

# (parameter, label, minimum, maximum, step, tooltip: what it means, its unit, its default)
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    ("q1", "Q1 choice", 1, 3, 1, "Quarter 1, the pilot: 1 = A, 2 = B, 3 = C. Default: 1 (A)."),
    ("q2", "Q2 choice", 1, 3, 1, "Quarter 2, the executive's quarter: 1 = A, 2 = B, 3 = C. Default: 2 (B)."),
    ("q3", "Q3 choice", 1, 3, 1, "Quarter 3, the stalled flag: 1 = A, 2 = B, 3 = C. Default: 1 (A)."),
    ("q4", "Q4 choice", 1, 3, 1, "Quarter 4, the partner: 1 = A, 2 = B, 3 = C. Default: 2 (B)."),
    (
        "imitation",
        "Pull of a reference (assumption)",
        0.0,
        1.0,
        0.1,
        "Bass's imitation coefficient a quarter: how strongly a good reference draws the next customers. Default: 0.3, "
        "our assumption (plausible 0.1 to 0.5): published fits report q of about 0.2-0.5 a year, about 0.05-0.125 "
        "a quarter, for whole markets; one reference a dozen similar firms watch may pull harder.",
    ),
    (
        "customer_trust_start",
        "Customer's trust at start (assumption)",
        0.1,
        0.7,
        0.1,
        "Northwind's trust in your company at the start, 0 to 1. Default: 0.3.",
    ),
)
POLICY_LEVERS: tuple[str, ...] = ("q1", "q2", "q3", "q4")
PRESETS: dict[str, Params] = {"Northwind's year": COMPARISON}
PRESETS_LABEL = "Case"
PRESETS_TOOLTIP = "One case in this module: Northwind's year."
