"""Module 06's explorer sliders: the levers of the pay plan and the rules, and the leader's hour."""

from __future__ import annotations

from course.scenarios.one_team.model import Params

CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "prize_spread",
        "Share of the bonus at stake",
        0.0,
        1.0,
        0.1,
        "The part of the $80K quarterly bonus pool that rides on results; the rest is paid to all "
        "equally. Default: 0.5.",
    ),
    (
        "winners",
        "Winners of the contest",
        1.0,
        7.0,
        1.0,
        "How many reps share the prize part (1 = winner takes all). Default: 1.",
    ),
    (
        "team_share",
        "Share of the stake paid on team revenue",
        0.0,
        1.0,
        0.1,
        "The part of the stake paid to all on team revenue, not by rank (1 = a team pool). Default: 0.",
    ),
    (
        "credit_share",
        "Credit for helping a colleague",
        0.0,
        1.0,
        0.1,
        "The part of the revenue a rep's help brings a colleague that also counts for the helper "
        "(shared credit). Default: 0.",
    ),
    (
        "protection_days",
        "Channel: days a registered deal is protected",
        0.0,
        360.0,
        15.0,
        "How long a deal the partner registered is theirs alone (0 = no registration). Shorter than "
        "the 90-day sales cycle leaves fights; longer lets deals stall. Default: 0.",
    ),
    (
        "escalation_days",
        "Channel: days to settle a dispute",
        0.0,
        30.0,
        1.0,
        "Within how many days a named person settles a partner-versus-direct fight (0 = no path: "
        "fights run their course). Each takes about 3 of your hours. Default: 0.",
    ),
    (
        "leader_hour_value",
        "Value of an hour of your other work, $ (an assumption)",
        0.0,
        3000.0,
        250.0,
        "Not a lever: what an hour of your deals, hiring and reporting is worth; disputes and "
        "registrations take such hours. Our assumption: plausibly $150 to $1,500. Default: 750.",
    ),
)
# The sliders that are the leader's choices; the last is an assumption.
POLICY_LEVERS: tuple[str, ...] = tuple(c[0] for c in CONTROLS if c[0] != "leader_hour_value")

DEFAULT = Params()
PRESETS = {"Your team": DEFAULT}  # one preset: the explorer hides its picker
