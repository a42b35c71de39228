"""Module 02's controls spec: the sliders the explorer (``course.trainee.widgets.explore``) builds."""

from __future__ import annotations

from course.scenarios.trust.model import MAX_CHECKING_HOURS_PER_MONTH, MAX_FIELD_DAYS_PER_MONTH

CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "field_days_per_month",
        "Your field days a month",
        0.0,
        MAX_FIELD_DAYS_PER_MONTH,
        0.5,
        "Days with your reps, listening and riding along; 8 hours each. Default: 2.",
    ),
    (
        "checking_hours_per_month",
        "Hours a month checking deals, whole team",
        0.0,
        MAX_CHECKING_HOURS_PER_MONTH,
        1.0,
        "Your hours for the whole team, going through deals line by line, most on the reps you think least reliable. Default: 6.",
    ),
    (
        "asymmetry",
        "Trust lost faster than built, times (an assumption)",
        1.0,
        5.0,
        0.5,
        "How many times more trust a bad event costs than an equal good one builds. "
        "The size is uncertain. Default: 3.",
    ),
    (
        "leader_hour_value",
        "Your hour is worth, $ (an assumption)",
        0.0,
        1500.0,
        50.0,
        "What an hour of your other work (own deals, hiring) is worth: it prices your hours in the "
        "sentence under the plot, nothing else. Default: 750, the course's convention.",
    ),
)

# The controls that are the leader's policy; the others are assumptions.
