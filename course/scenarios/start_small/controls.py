"""The explorer's sliders for module 04 (what course.trainee.widgets.explore reads)."""

from __future__ import annotations

# What the scenario explorer (course.trainee.widgets.explore) reads.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "small_share",
        "Share of hours on small first deals",
        0.0,
        1.0,
        0.05,
        "The share of the team's new-business hours you point at small first deals; the rest goes to "
        "large deals. Small deals are won more often and sooner, and some accounts grow; large deals are "
        "big, rare and slow. Default: 0.5.",
    ),
    (
        "credit_threshold",
        "Smallest deal that earns credit, $K a year",
        0.0,
        100.0,
        10.0,
        "Deals and orders worth less than this earn reps no credit. At 30 or more small first deals "
        "($20K) earn nothing, and reps move most of that effort to large deals; orders for more and "
        "referrals under it happen less. The 'no small deals' policy is 50. Default: 0.",
    ),
    (
        "small_churn",
        "Chance a quarter a small account leaves (an assumption)",
        0.0,
        0.1,
        0.01,
        "Not a lever: the chance each quarter that a small account stops paying. At 0.03 about 89% "
        "stay a year, near a survey's median gross retention of about 90%. Default: 0.03.",
    ),
    (
        "expansion_multiple",
        "Each order for more multiplies what the account pays by (an assumption)",
        1.0,
        2.5,
        0.1,
        "Not a lever: how much an account that orders more grows each time (another team, then a "
        "department). 1 = orders add nothing; 2 = each order doubles it. Never past the customer's "
        "budget of $1 million a year. Our assumption, plausible 1.5 to 2.2. Default: 1.8.",
    ),
    (
        "reps_follow_credit",
        "Share of effort reps move away from uncredited deals (an assumption)",
        0.0,
        1.0,
        0.1,
        "Not a lever: how strongly reps follow the credit rule. 0 = reps ignore it; 1 = they drop every "
        "deal that earns no credit. Default: 0.8.",
    ),
)
