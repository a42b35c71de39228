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
        "Days a month you spend in the field with your reps, listening and riding along. They build "
        "trust and show you how reliable each rep is; each takes 8 of your free hours. Default: 2.",
    ),
    (
        "checking_hours_per_month",
        "Hours a month checking deals",
        0.0,
        MAX_CHECKING_HOURS_PER_MONTH,
        1.0,
        "Hours a month you spend checking reps' deals line by line, spread towards the reps you "
        "think least reliable. It finds hidden bad news, reads as distrust, and takes your free "
        "hours. Default: 6.",
    ),
    (
        "asymmetry",
        "Trust lost faster than built, times (an assumption)",
        1.0,
        5.0,
        0.5,
        "Not a lever: how many times more a bad event costs in trust than a good event of the same "
        "size builds. Research finds the direction; the size is uncertain. Default: 3.",
    ),
    (
        "leader_hour_value",
        "Your hour is worth, $ (an assumption)",
        0.0,
        1500.0,
        50.0,
        "Not a lever: what an hour of your other work (own deals, hiring, reporting up) is worth, "
        "the price of every hour in the field or checking deals. The course's convention is $750; "
        "0 treats your time as free. It changes the price in the sentence under the plot, not what "
        "happens to the team. Default: 750.",
    ),
)

# The controls that are the leader's policy; the others are assumptions.
