"""The module 01 explorer's outcomes in plain sentences: the words apart from the model, so
that the model file holds only the model (issue 22 item 5) and the words can say what a slider at
its end means."""

from __future__ import annotations

from course.scenarios.control.model import Result


def summary(result: Result, baseline: Result | None = None) -> str:
    """The outcomes in plain sentences: the text version of the plot.

    With ``baseline`` (the same team under the default policy), the first sentence
    says how this policy compares, in words and numbers.
    """
    p = result.params
    before = p.hours_per_month * p.base_selling_share
    # Pushed to its end, reporting can take more than the selling hours there are: say so,
    # or "0 selling hours" and "$0.00M" read as a broken model.
    none_left = (
        f"Reporting takes all of the {before:.1f} selling hours a rep's month holds before "
        "your demands (our assumption), so nothing is left to sell. "
        if result.selling_hours[0] <= 0
        else ""
    )
    # Quits count every rep who leaves, the new hires in emptied seats too, so they can
    # exceed the team's size ("9.5 of 8 reps" read as an error).
    refilled = (
        " (more than the team: new hires in the emptied seats quit too)"
        if result.total_quits > p.team_size
        else ""
    )
    text = (
        f"Over {p.months} months the team sold ${result.total_revenue / 1e6:,.2f}M. "
        f"Each rep had {result.selling_hours[0]:.0f} selling hours a month "
        f"({result.reporting_hours[0]:.0f} went to reporting). {none_left}"
        f"Reviews and field days took {result.leader_hours:.0f} of your hours a month, forecasting and "
        f"hiring {result.other_leader_hours:.0f} more: ${result.leader_time_cost / 1e6:,.2f}M of your other "
        f"work at ${p.leader_hour_value:,.0f} an hour. "
        f"Morale ended at {result.final_morale:.2f} (0-1), and on average "
        f"{result.total_quits:.1f} reps quit from a team of {p.team_size}{refilled}. In the field you saw "
        f"{result.deals_seen_share:.0%} of the open deals a month."
    )
    if baseline is None:
        return text
    return f"{result.compare(baseline)} {text}"
