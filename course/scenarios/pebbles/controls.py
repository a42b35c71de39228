"""Module 05's explorer sliders: (field, label, low, high, step, tooltip)."""

from __future__ import annotations

# What the scenario explorer (course.trainee.widgets.explore) reads.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "push_discount",
        "Quarter-end discount to close early",
        0.0,
        0.4,
        0.05,
        "The discount reps may offer at a push quarter's end to close now a deal due in the next two "
        "months. It saves deals that waiting would lose, and gives margin away, empties the next "
        "quarter and teaches buyers to wait. 0 means no push. Default: 0.",
    ),
    (
        "pilot_share",
        "Share of deals offered a pilot",
        0.0,
        0.9,
        0.05,
        "How many deals in 100 get a pilot. Pilots win deals, and each costs $30K; the first pilots go where they help most. Default: 0.35 "
        "(35 in 100).",
    ),
    (
        "buying_group_size",
        "People in the buying group (an assumption)",
        4.0,
        14.0,
        1.0,
        "Not a lever: how many people decide. Larger groups meet more touches, each moving fewer "
        "people, so credit is harder to pin on one. Gartner reports 6-10. Default: 8.",
    ),
    (
        "wait_loss",
        "Deals lost by waiting (an assumption)",
        0.0,
        0.3,
        0.01,
        "Not a lever: the share of ready deals lost if they wait for their date; a push saves them. "
        "Our assumption, 0.02 to 0.15. Default: 0.08.",
    ),
)
