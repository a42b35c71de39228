"""The scenario explorer and the reveal gate: the baseline differs from the trainee's policy only
in the policy, the explorer shows the tables' numbers, and a reveal waits for the predictions."""

from __future__ import annotations

import html

import pytest

from course.scenarios import control
from course.trainee.widgets import explore, reveal


@pytest.fixture()
def explorer():
    return explore(control)


def test_the_baseline_keeps_the_trainees_assumptions_and_only_the_policy_differs(explorer) -> None:
    explorer.team.value = "8 veterans"
    explorer.sliders["hidden_cost"].value = 0.0
    explorer.sliders["leader_hour_value"].value = 0.0
    explorer.sliders["reviews_per_month"].value = 6
    base, mine = explorer.baseline.params, explorer.result.params
    assert base.hidden_cost == mine.hidden_cost == 0.0
    assert base.leader_hour_value == mine.leader_hour_value == 0.0
    assert base == control.default_policy(mine)
    assert base.reviews_per_month == control.Params().reviews_per_month
    # With the policy back at the defaults, the two lines are the same run (not $6.78M against $6.06M).
    explorer.sliders["reviews_per_month"].value = int(control.Params().reviews_per_month)
    assert explorer.result.total_revenue == explorer.baseline.total_revenue
    assert "the same run" in explorer.text()


def test_the_explorer_and_the_tables_use_the_same_luck(explorer) -> None:
    explorer.team.value = "8 veterans"
    explorer.sliders["reviews_per_month"].value = 0
    table = control.sweep(control.VETERAN_TEAM, "reviews_per_month", [0, 1])
    assert explorer.result.total_revenue == table.results[0].total_revenue
    assert explorer.result.total_quits == table.results[0].total_quits
    explorer.sliders["reviews_per_month"].value = 1
    tables = control.exercise_1_tables()
    assert explorer.result.total_revenue == tables[0].results[0].total_revenue


def test_the_summary_compares_with_the_default_policy_in_words_and_numbers(explorer) -> None:
    explorer.team.value = "8 veterans"
    explorer.sliders["reviews_per_month"].value = 8
    text = explorer.text()
    less = (explorer.baseline.total_revenue - explorer.result.total_revenue) / 1e6
    assert text.startswith(f"Against the default policy: ${less:,.2f}M less team revenue")
    assert "more reps quit" in text
    assert html.escape(text) in explorer.summary.value
    assert explorer._repr_mimebundle_()["text/plain"] == text


def test_tooltips_explain_each_lever_rather_than_repeat_its_label(explorer) -> None:
    for name, label, *_range, tooltip in control.CONTROLS:
        slider = explorer.sliders[name]
        assert slider.tooltip == tooltip
        assert label not in slider.tooltip and "Default:" in slider.tooltip


def test_the_baseline_line_is_drawn_over_the_policy_line() -> None:
    result = control.simulate(control.VETERAN_TEAM, seed=0, runs=10)
    axes = control.plot_dashboard(result, baseline=result)
    for ax in axes:
        policy, baseline = ax.get_lines()[-2:]
        assert baseline.get_linestyle() == "--"
        assert baseline.get_zorder() > policy.get_zorder()


def test_a_baseline_is_simulated_once_per_set_of_assumptions(explorer, monkeypatch) -> None:
    calls = []
    real = control.simulate
    monkeypatch.setattr(control, "simulate", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    explorer.sliders["reviews_per_month"].value = 5
    explorer.sliders["crm_hours_per_week"].value = 4
    assert len(calls) == 2  # only the trainee's policy: the baseline's assumptions did not change
    explorer.sliders["hidden_cost"].value = 0.1
    assert len(calls) == 4  # a new assumption: the baseline is run again, with it


# --------------------------------------------------------------------------- the reveal gate

AFTER = {"q1_a": ["up", "down"], "q1_b": ["up", "down"]}


@pytest.mark.parametrize(
    "answers",
    [{}, {"q1_a": None, "q1_b": None}, {"q1_a": "up", "q1_b": None}, {"q1_a": "up", "q1_b": "sideways"}],
)
def test_the_reveal_refuses_in_one_friendly_line_until_every_prediction_is_in(answers, capsys) -> None:
    shown = []
    assert reveal(lambda: shown.append(1), after=AFTER, namespace=answers) is None
    assert not shown
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and out.count("\n") == 1
    assert "q1_b" in out


def test_a_decisions_reveal_says_so_and_reads_answers_as_the_checks_do(capsys) -> None:
    # Review 07: "C." passed the check but not the reveal; a decision is no prediction.
    after = {"q1_choice": ["A", "B", "C"]}
    assert reveal(lambda: "quarter", after=after, namespace={"q1_choice": "c."}) == "quarter"
    reveal(lambda: None, after=after, namespace={}, shows="what the quarter brought", waits_for="decision")
    assert capsys.readouterr().out.startswith(
        "Not yet: this cell shows what the quarter brought once your decision is recorded."
    )


@pytest.mark.parametrize("first", ["up", "down", " Down "])
def test_the_reveal_shows_the_answer_for_any_valid_prediction(first, capsys) -> None:
    assert reveal(lambda: "table", after=AFTER, namespace={"q1_a": first, "q1_b": "up"}) == "table"
    assert capsys.readouterr().out == ""


def test_the_reveal_reads_the_notebooks_own_variables_in_a_kernel() -> None:
    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython()
    shell.user_ns.pop("q1_a", None)
    assert reveal(lambda: "table", after={"q1_a": ["up", "down"]}) is None
    shell.user_ns["q1_a"] = "down"
    assert reveal(lambda: "table", after={"q1_a": ["up", "down"]}) == "table"
    del shell.user_ns["q1_a"]


def test_the_baseline_cache_stays_small(explorer) -> None:
    for step in range(13):
        explorer.sliders["hidden_cost"].value = round(step * 0.05, 2)
    assert len(explorer._baselines) <= 16
    for step in range(13):
        explorer.sliders["leader_hour_value"].value = step * 250.0
    assert len(explorer._baselines) == 16


def test_a_new_team_brings_its_assumptions_and_keeps_the_trainees_policy() -> None:
    # Review 05: a preset that differs in an assumption with a slider did nothing, because the
    # slider's old value won. The policy the trainee set stays.
    import types

    cautious = control.Params().with_(hidden_cost=0.05)
    scenario = types.SimpleNamespace(**vars(control))
    scenario.PRESETS = {"Usual": control.Params(), "Cautious": cautious}
    explorer = explore(scenario)
    explorer.sliders["reviews_per_month"].value = 6
    explorer.team.value = "Cautious"
    assert explorer.sliders["hidden_cost"].value == pytest.approx(0.05)
    assert explorer.result.params.hidden_cost == pytest.approx(0.05)
    assert explorer.result.params.reviews_per_month == 6
    explorer.team.value = "Usual"
    assert explorer.sliders["hidden_cost"].value == pytest.approx(control.Params().hidden_cost)


def test_a_scenario_with_one_team_shows_no_picker() -> None:
    import types

    scenario = types.SimpleNamespace(**vars(control))
    scenario.PRESETS = {"Your team": control.Params()}
    assert explore(scenario).team.layout.display == "none"
    assert explore(control).team.layout.display != "none"


def test_the_heading_says_what_the_dashed_line_is_in_the_scenarios_words() -> None:
    from course.scenarios import leap_of_faith, start_small

    def heading(scenario) -> str:
        return html.unescape(explore(scenario).children[1].value)

    assert "Dashed orange: the same team under the default policy." in heading(control)
    assert "Dashed orange: the same market under the default policy." in heading(start_small)
    assert "Solid blue: your path. Dashed orange: the path ABAB" in heading(leap_of_faith)
