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
        "The share of the quarter's $80K bonus pool that rides on results; the rest is paid to all "
        "equally. 0 = everyone gets the same. Default: 0.5.",
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
        "The share of the part at stake paid to everyone on the team's revenue instead of by rank "
        "(1 = a team pool). Default: 0.",
    ),
    (
        "credit_share",
        "Credit for helping a colleague",
        0.0,
        1.0,
        0.1,
        "The share of the revenue a rep's help brings a colleague that counts for the helper too "
        "(shared credit; both are counted). Default: 0.",
    ),
    (
        "protection_days",
        "Channel: days a registered deal is protected",
        0.0,
        360.0,
        15.0,
        "With deal registration, how many days a deal the partner registered is theirs alone. "
        "Shorter than the 90-day sales cycle leaves fights; longer lets deals stall. Default: 0 "
        "(no registration).",
    ),
    (
        "escalation_days",
        "Channel: days to settle a dispute",
        0.0,
        30.0,
        1.0,
        "Within how many days a named person settles a fight between partner and direct rep "
        "(0 = no escalation path: fights run their course). Each dispute takes about 3 of your hours. "
        "Default: 0.",
    ),
    (
        "leader_hour_value",
        "Value of an hour of your other work, $ (an assumption)",
        0.0,
        3000.0,
        250.0,
        "Not a lever: what an hour of your own deals, hiring and reporting up is worth, in dollars. "
        "Settling disputes and checking registrations take those hours. Our assumption, the course's "
        "$750 (plausibly $150 to $1,500); 0 treats your time as free. Default: 750.",
    ),
)
# The sliders that are the leader's choices; the last is an assumption.
POLICY_LEVERS: tuple[str, ...] = tuple(c[0] for c in CONTROLS if c[0] != "leader_hour_value")

DEFAULT = Params()
PRESETS = {"Your team": DEFAULT}  # one preset: the explorer hides its picker
