"""Module 06's tables: the exercises' plan tables and the assumptions table."""

from __future__ import annotations

from dataclasses import dataclass

from course.scenarios.one_team.model import MOMENTS_PER_QUARTER, SEED, Params, Result, design_params, simulate
from course.trainee.assumptions import Assumption, AssumptionTable, every_parameter


@dataclass(frozen=True)
class PlanTable:
    """Team revenue, undermining, help, morale and leavers for several pay plans."""

    labels: tuple[str, ...]
    results: tuple[Result, ...]

    def rows(self) -> list[tuple[str, float, float, float, float, float, float]]:
        return [
            (
                label,
                r.team_revenue / 1e6,
                float(r.effort.mean()),
                r.sabotage_per_quarter,
                r.helps_per_quarter,
                float(r.morale[-1]),
                r.leavers,
            )
            for label, r in zip(self.labels, self.results, strict=True)
        ]

    def __str__(self) -> str:
        lines = [
            f"{'plan':<34}{'revenue $M':>11}{'effort':>8}{'undermining':>12}{'help':>7}{'morale':>8}{'leavers':>9}",
        ]
        for label, revenue, effort, harm, helped, morale, leavers in self.rows():
            lines.append(
                f"{label:<34}{revenue:>11.2f}{effort:>8.2f}{harm:>12.1f}{helped:>7.1f}{morale:>8.2f}{leavers:>9.1f}"
            )
        lines.append(
            "Revenue: the team's year. Effort: 0-1, the team's average. Undermining and help: acts a"
        )
        lines.append("quarter, whole team.")
        lines.append("Morale: end of year, 0-1. Leavers: reps of 8 expected to leave in the year, each")
        lines.append("replaced after an empty seat and a ramp. Averages over 400 runs with the same luck.")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "plan",
                "team revenue in the year, $M",
                "effort (0-1)",
                "acts of undermining a quarter",
                "acts of help a quarter",
                "year-end morale (0-1)",
                "reps expected to leave (each replaced)",
            )
        )
        body = "".join(
            f"<tr><td>{label}</td><td>{revenue:.2f}</td><td>{effort:.2f}</td><td>{harm:.1f}</td>"
            f"<td>{helped:.1f}</td><td>{morale:.2f}</td><td>{leavers:.1f}</td></tr>"
            for label, revenue, effort, harm, helped, morale, leavers in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def spread_table(
    spreads: tuple[float, ...] = (0.2, 0.5, 0.8), *, seed: int = SEED, runs: int = 400
) -> PlanTable:
    """Exercise 1: a winner-takes-all contest at each prize spread."""
    labels = tuple(f"winner takes all, {s:.0%} at stake" for s in spreads)
    results = tuple(simulate(design_params("winner takes all", s), seed=seed, runs=runs) for s in spreads)
    return PlanTable(labels, results)


# Exercise 3: the plans to choose from, as (letter, design, spread).
PLANS: tuple[tuple[str, str, float], ...] = (
    ("A", "winner takes all", 0.8),
    ("B", "several winners", 0.5),
    ("C", "shared credit", 0.5),
    ("D", "team pool", 0.5),
    ("E", "winner takes all", 0.3),
)
TODAY = "A"  # the plan the team has today


def plan_table(*, seed: int = SEED, runs: int = 400) -> PlanTable:
    """Exercise 3: each plan of PLANS over the same year."""
    labels = tuple(f"{letter}. {design}, {spread:.0%} at stake" for letter, design, spread in PLANS)
    results = tuple(simulate(design_params(d, s), seed=seed, runs=runs) for _, d, s in PLANS)
    return PlanTable(labels, results)


def best_plan(*, seed: int = SEED, runs: int = 400) -> str:
    """The letter of the plan with the highest team revenue among those with no more undermining
    than today's plan and more revenue than it."""
    table = plan_table(seed=seed, runs=runs)
    today = dict(zip((p[0] for p in PLANS), table.results, strict=True))[TODAY]
    fair = [
        (r.team_revenue, letter)
        for (letter, _, _), r in zip(PLANS, table.results, strict=True)
        if r.sabotage_per_quarter <= today.sabotage_per_quarter and r.team_revenue > today.team_revenue
    ]
    return max(fair)[1] if fair else TODAY


# --------------------------------------------------------------------------- assumptions


def assumptions(full: bool = False) -> AssumptionTable:
    """The model's assumptions that matter, in plain words: each says whether it was measured (with
    its source) or is our assumption, with its plausible range (``PLAUSIBLE``).

    Args:
        full: if True, every parameter of the model with its default, the comment that documents
            it in :class:`Params` and its plausible range.
    """
    from course.scenarios.one_team.uncertain import PLAUSIBLE

    if full:
        return every_parameter(Params, PLAUSIBLE)
    p = Params()
    ours = "Our assumption"
    return AssumptionTable(
        [
            Assumption(
                "More pay at stake, more effort",
                f"half the extra effort at ${p.effort_half_stake:,.0f} of expected pay at stake",
                f"Direction: a theory [lazear-rosen-1981]. Size: {ours.lower()}, $3,000 to $12,000.",
            ),
            Assumption(
                "Several winners",
                "less reason to undermine, a little less effort",
                "They raised sales in field experiments [lim-2009]; the model leaves that out.",
            ),
            Assumption(
                "Help or undermine",
                f"{MOMENTS_PER_QUARTER} chances a quarter; help +${p.help_value / 1e3:.0f}K to a colleague, "
                f"undermining -${p.undermine_damage / 1e3:.0f}K; unease worth ${p.undermine_unease:,.0f}",
                f"{ours}: help $15K-40K, undermining $15K-45K, unease $3,500-14,000. Naming it "
                '"sabotage" reduced it in the lab [harbring-irlenbusch-2011].',
            ),
            Assumption(
                "Morale and earnings",
                f"-{p.morale_hit:.2f} per act of undermining suffered; earning below "
                f"${p.market_earnings / 1e3:.0f}K a quarter lowers it and raises leaving",
                f"{ours}: -0.04 to -0.12 per act; 0.1-0.3 a quarter for earning nothing. Direction: "
                "limited earnings is a ranked cause of sales turnover [depaul-2010].",
            ),
            Assumption(
                "Leavers",
                f"about {1 - (1 - p.leave_chance * (1 + 0.5 * p.risk_leave)) ** 4:.0%} a year; seat empty "
                f"{p.vacancy_months:.0f} months, then a {p.ramp_months:.0f}-month ramp",
                "Measured: turnover up to 27% a year [hbr-2017-turnover]; a ramp of just under 5 months in "
                f"SaaS inside sales [bridge-group-ramp]. {ours} here: 12-25%, 1-5 months, 3-9 months.",
            ),
            Assumption(
                "Channel fights",
                f"{p.conflict_chance:.0%} of {p.shared_accounts} shared accounts with no rules; registration "
                f"prevents {p.registration_effect:.0%} of new-deal fights",
                f"Rules of engagement curb conflict [sa-vinhas-anderson-2005] [channel-practice]. {ours}: "
                "30-70%, 60-95%.",
            ),
            Assumption(
                "A fight's cost",
                f"a {p.conflict_discount:.0%} price cut (not won back by settling), double pay, "
                f"{p.lost_to_competitor:.0%} of deals lost",
                f"Kinds of cost: [channel-practice]. {ours}: 5-15% cut, 5-25% lost.",
            ),
            Assumption(
                "The rules' cost",
                f"{p.escalation_hours:.0f} of your hours a dispute at ${p.leader_hour_value:,.0f}; "
                f"{p.registration_hours:.1f} hours a registration; long windows stall deals",
                f"{ours}: 1-8 hours, $150-1,500 an hour (the course's $750), 0.1-1 hour.",
            ),
        ]
    )


# --------------------------------------------------------------------------- the channel's rules

# Rules to compare, as (label, the levers they set).
CHANNEL_RULES: tuple[tuple[str, dict[str, object]], ...] = (
    ("no rules", {}),
    ("escalation in 1 day, no registration", {"escalation_days": 1}),
    ("registration for 90 days, no escalation", {"protection_days": 90}),
    (
        "registration for 120 days, renewal owner, escalation in 5 days",
        {"protection_days": 120, "renewal_owner": "partner", "escalation_days": 5},
    ),
    ("registration for 360 days", {"protection_days": 360}),
)


@dataclass(frozen=True)
class ChannelTable:
    """What each set of channel rules costs in a year: fights, the leader's hours, and dollars."""

    labels: tuple[str, ...]
    results: tuple[Result, ...]

    def __str__(self) -> str:
        lines = [f"{'rules':<64}{'fights':>7}{'hours':>7}{'cost $K':>9}"]
        for label, r in zip(self.labels, self.results, strict=True):
            lines.append(f"{label:<64}{r.conflicts:>7.0f}{r.leader_hours:>7.0f}{r.channel_cost / 1e3:>9.0f}")
        lines.append(
            "Fights a year; your hours a year that the rules take (at $750 each, counted in the cost);"
        )
        lines.append("cost: price cuts, double pay, deals lost or stalled, and your hours, a year.")
        return "\n".join(lines)

    __repr__ = __str__

    def cost(self, label: str) -> float:
        """The channel's cost a year under the rules ``label``, dollars."""
        return dict(zip(self.labels, self.results, strict=True))[label].channel_cost


def channel_table(params: Params | None = None, *, seed: int = SEED, runs: int = 400) -> ChannelTable:
    """The channel's year under each of CHANNEL_RULES, the same luck for each."""
    base = params or Params()
    results = tuple(simulate(base.with_(**levers), seed=seed, runs=runs) for _, levers in CHANNEL_RULES)
    return ChannelTable(tuple(label for label, _ in CHANNEL_RULES), results)
