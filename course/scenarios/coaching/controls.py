"""Module 03's explorer sliders: (field, label, low, high, step, tooltip)."""

from __future__ import annotations

CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "new_session_hours",
        "Question sessions with each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "One-to-one sessions with Cam, Dee and Eli in which you ask rather than tell. They build the "
        "skill you believe weakest, with diminishing returns, and the rep's ownership. Default: 2.",
    ),
    (
        "new_observe_hours",
        "Ride-alongs to observe each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours riding along with Cam, Dee and Eli, watching, not selling. You see their gaps (so "
        "sessions hit the right skill) and hear customers. Default: 0.",
    ),
    (
        "new_cosell_hours",
        "Co-selling with each newer rep, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours selling beside Cam, Dee and Eli. It wins some of this month's business; they learn "
        "little from it, and it is your deal more than theirs. Default: 3.",
    ),
    (
        "veteran_observe_hours",
        "Ride-alongs to observe each veteran, hours a month",
        0.0,
        8.0,
        0.5,
        "Hours riding along with Ana and Bo. You hear customers; an expert may feel over-directed. "
        "Default: 3.",
    ),
    (
        "veteran_session_hours",
        "Question sessions with each veteran, hours a month",
        0.0,
        8.0,
        0.5,
        "One-to-one sessions with Ana and Bo: little skill left to build, some ownership. Default: 0.",
    ),
    (
        "fit_strength",
        "Direction must fit experience (an assumption)",
        0.0,
        1.0,
        0.1,
        "Not a lever: how strongly too much direction demotivates an expert and too little leaves a "
        "novice stuck. Research support is weak; 0 switches it off. Default: 1.",
    ),
)
