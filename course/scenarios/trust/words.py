"""The module 02 explorer's outcomes in plain sentences: the words apart from the model, so
that the model file holds only the model (issue 22 item 5) and the words can say what a slider at
its end means."""

from __future__ import annotations

from course.scenarios.trust.model import Result


def summary(result: Result, baseline: Result | None = None) -> str:
    """Plain sentences for the outcomes: the text version of the plot."""
    p = result.params
    free = p.free_hours_per_month
    worth = result.hours_used * 3 * p.quarters * p.leader_hour_value / 1e3  # $K over the run
    # More hours than the month has is the point of the top slider ends: say it as
    # "N more than your 60", never "70 of your 60" (the promises pay for the excess).
    time = (
        f"You used {result.hours_used:.0f} of your {free:.0f} free hours a month in the field and checking"
        if result.hours_used <= free + 0.5
        else (
            f"You put {result.hours_used:.0f} hours a month into the field and checking deals, "
            f"{result.hours_used - free:.0f} more than your {free:.0f} free hours, taking the time your promises need"
        )
    )
    text = (
        f"After {p.quarters} quarters: the reps' trust in you {result.final_trust:.2f} (0-1); forecasts "
        f"off by {result.mean_forecast_error:.0%} of revenue on average; {result.heard_early.mean():.0%} of "
        f"slipping deals heard in time. {time} "
        f"(worth {'$0' if worth < 0.5 else f'${worth:,.0f}K'} of your other work over the run), and "
        f"kept {result.promises_kept.mean():.0%} of your promises. "
        f"Your read of the reps ended {result.estimate_error[-1]:.2f} off on average."
    )
    if baseline is not None and baseline.params != p:
        trust_change = result.final_trust - baseline.final_trust
        error_change = 100 * (result.mean_forecast_error - baseline.mean_forecast_error)
        # Below the shown precision a change reads "about the same" (CONTRIBUTING, convention 4),
        # never "0.00 lower": the hour's price slider changes no outcome at all.
        trust_words = (
            "about the same"
            if abs(trust_change) < 0.005
            else f"{abs(trust_change):.2f} {'higher' if trust_change >= 0 else 'lower'}"
        )
        error_words = (
            "about the same"
            if abs(error_change) < 0.5
            else f"{abs(error_change):.0f} percentage point{'' if round(abs(error_change)) == 1 else 's'} "
            f"{'higher' if error_change >= 0 else 'lower'}"
        )
        text += f" Compared with the default policy: trust {trust_words}, forecast error {error_words}."
    return text
