"""Module 04's notebook keeps the house shape: predictions before the reveal, a reveal that waits,
graded follow-ups that need the revealed result, test cells that follow the contract, tables in the
text that match the model, released checks that answer slips in plain words, and one time estimate
shared with the facilitator guide."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import cell_id, index_of, run_check, sealed_why_lines

from course.scenarios import start_small
from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "04_start_small" / "start_small.ipynb"
RELEASE = ROOT / "assignments" / "04_start_small" / "start_small.ipynb"
PREDICTIONS = ("q1_revenue", "q1_risk")
CHOICES = ("up", "down", "about the same")


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def _text(grade_id: str) -> str:
    return " ".join(next(c.source for c in _cells() if cell_id(c) == grade_id).split())


def test_objectives_time_and_setup_open_the_notebook() -> None:
    cells = _cells()
    intro = cells[0].source
    assert "By the end of this module you will be able to" in intro
    assert len(re.findall(r"About (\d+) minutes", intro)) == 1
    setup = cells[index_of(cells, "setup")]
    assert setup.metadata["nbgrader"]["locked"]
    assert setup.source.splitlines()[1:4] == [
        "from course.scenarios import start_small",
        "from course.trainee import checks, explore",
        "",
    ]
    assert cells[-1].source.strip().endswith('sources("04_start_small")')
    assert any(c.source.strip().endswith("\nstart_small.assumptions()") for c in cells)


def test_predictions_come_before_the_reveal_and_the_explorer_after_it() -> None:
    cells = _cells()
    answer, reveal, follow_up = (
        index_of(cells, g) for g in ("q1_predictions", "q1_reveal", "q1_followup_answers")
    )
    explorer = next(i for i, c in enumerate(cells) if c.source.strip().endswith("\nexplore(start_small)"))
    prediction_checks = [index_of(cells, f"test_{name}") for name in PREDICTIONS]
    assert answer < min(prediction_checks) and max(prediction_checks) < reveal < follow_up < explorer
    assert "start_small.policy_comparison" not in "\n".join(c.source for c in cells[:reveal])


def test_the_reveal_cell_is_locked_and_gated_on_both_predictions() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q1_reveal")]
    assert reveal.metadata["nbgrader"]["locked"] and not reveal.metadata["nbgrader"].get("grade")
    assert "reveal(" in reveal.source
    for name in PREDICTIONS:
        assert f'"{name}"' in reveal.source


@pytest.mark.parametrize("guesses", list(itertools.product(CHOICES, repeat=2)))
def test_predictions_earn_their_points_for_any_valid_choice(guesses: tuple[str, str]) -> None:
    for name, guess in zip(PREDICTIONS, guesses, strict=True):
        run_check(SOLUTION, f"test_{name}", **{name: guess})


@pytest.mark.parametrize("slip", [None, "lower", "dwn", 1])
def test_a_prediction_that_is_not_an_answer_earns_nothing(slip: object) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q1_revenue", q1_revenue=slip)


def test_the_follow_up_needs_the_revealed_numbers() -> None:
    shown = start_small.policy_comparison(start_small.TYPICAL)
    risk = round(100 * shown.with_policy.chance_below_floor)
    without, with_rule = (round(r.expected_year_three / 1000, 2) for r in (shown.without, shown.with_policy))
    run_check(SOLUTION, "test_q1_policy_risk", q1_policy_risk=risk)
    run_check(SOLUTION, "test_q1_revenue_change", q1_revenue_change=with_rule - without)  # as the table shows
    run_check(SOLUTION, "test_q1_revenue_change", q1_revenue_change=shown.change_in_year_three / 1000)
    for wrong in (round(100 * shown.without.chance_below_floor), risk / 100, f"{risk}"):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_policy_risk", q1_policy_risk=wrong)
    # The mean with the rule, the sign turned round (a positive "drop"), thousands for millions.
    for wrong in (with_rule, without - with_rule, 1000 * (with_rule - without)):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_revenue_change", q1_revenue_change=wrong)
    with pytest.raises(checks.NotYet, match="a fall is a negative number"):
        run_check(SOLUTION, "test_q1_revenue_change", q1_revenue_change=without - with_rule)


def test_letter_keys_are_spread_and_not_all_one_letter() -> None:
    keys = {"q1_reason": "C", "q3_reason": "A", "q4_one_quarter": "D"}
    for name, key in keys.items():
        run_check(SOLUTION, f"test_{name}", **{name: key})
    assert len(set(keys.values())) == len(keys)


@pytest.mark.parametrize(
    ("nrr", "grr", "passes"),
    [
        (120, 85, True),
        ((60 + 20 + 30 + 0 + 130) / 200 * 100, 170 / 200 * 100, True),
        (145, 85, False),  # Fjord counted
        (1.2, 0.85, False),  # shares
    ],
)
def test_retention_checks_follow_the_definitions(nrr: float, grr: float, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q2_nrr", q2_nrr=nrr)
        run_check(SOLUTION, "test_q2_grr", q2_grr=grr)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q2_nrr", q2_nrr=nrr)


def test_retention_hints_name_the_slip_each_wrong_value_suggests() -> None:
    with pytest.raises(checks.NotYet, match="GRR is never above 100"):
        run_check(SOLUTION, "test_q2_grr", q2_grr=120)
    no_brackets = 60 + 20 + 30 + 0 + 130 / 20 + 20 + 40 + 20 + 100 * 100
    with pytest.raises(checks.NotYet, match="Put brackets around the top and the bottom"):
        run_check(SOLUTION, "test_q2_nrr", q2_nrr=no_brackets)
    with pytest.raises(checks.NotYet, match="not a share such as 0.95"):
        run_check(SOLUTION, "test_q2_grr", q2_grr=0.85)


def test_decisions_and_classifications_are_judged_before_submission() -> None:
    best = start_small.compare(start_small.PORTFOLIOS).highest_average()
    run_check(SOLUTION, "test_q3_portfolio", q3_portfolio=best)
    for other in set("ABC") - {best}:
        with pytest.raises(checks.NotYet, match="highest number in the column"):
            run_check(SOLUTION, "test_q3_portfolio", q3_portfolio=other)
    answer = start_small.likeliest_land_and_die(start_small.TYPICAL)
    run_check(SOLUTION, "test_q4_account", q4_account=answer)
    for other, why in (("Cobalt", "one quarter ago"), ("Dune", "ordered more once"), ("Alder", "twice")):
        with pytest.raises(checks.NotYet, match=why):
            run_check(SOLUTION, "test_q4_account", q4_account=other)
    for name, key in {"q1_reason": "C", "q3_reason": "A", "q4_one_quarter": "D"}.items():
        for wrong in set("ABCD") - {key}:
            with pytest.raises(checks.NotYet, match="is not it: "):
                run_check(SOLUTION, f"test_{name}", **{name: wrong})


@pytest.mark.parametrize(
    ("signs", "points"),
    [
        ({1: "G", 2: "D", 3: "D", 4: "G", 5: "D"}, 2.0),
        ({1: "G", 2: "D", 3: "D", 4: "G", 5: "G"}, 1.6),  # one wrong: its share lost, not all
        ({1: "D", 2: "G", 3: "G", 4: "D", 5: "G"}, 0.0),
    ],
)
def test_the_signs_earn_partial_credit(signs: dict, points: float) -> None:
    cells = _cells()
    check = cells[index_of(cells, "test_q4_signs")]
    assert check.metadata["nbgrader"]["points"] == 2 and check.source.rstrip().endswith("\npoints")
    namespace: dict = {"q4_signs": signs}
    visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", check.source, flags=re.S)
    exec(compile(visible, "test_q4_signs", "exec"), namespace)
    assert namespace["points"] == pytest.approx(points)
    exec(compile(check.source, "test_q4_signs", "exec"), namespace)  # the hidden recount agrees
    assert namespace["points"] == pytest.approx(points)


def test_the_cohort_table_in_the_text_is_the_models() -> None:
    text = next(c.source for c in _cells() if cell_id(c) == "q2_intro")
    for name, (start, end) in start_small.COHORT.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[1]) == start and float(cells[2].split()[0]) == end, row
    assert "| Fjord (won during the year) | none | 50 |" in text


def test_the_scenario_text_states_the_models_numbers() -> None:
    p = start_small.TYPICAL
    text = _text("scenario_intro")
    assert f"**{p.selling_hours_per_quarter:,.0f} hours a quarter**" in text
    assert f"${p.small_deal_value:g}K a year, 3 in 10 won, signed the next quarter" in text
    assert f"${p.large_deal_value:g}K a year, 15 in 100 won, signed three quarters" in text
    assert p.large_win_rate == 0.15 and p.small_win_rate == 0.3
    assert p.small_cycle == 1 and p.large_cycle == 3 and p.small_churn > p.large_churn
    assert f"about {p.small_prospects:g} small and {p.large_prospects:g} large" in text
    # "a fifth more yearly revenue" an hour at first
    per_hour = (p.large_win_rate * p.large_deal_value / p.large_hours) / (
        p.small_win_rate * p.small_deal_value / p.small_hours
    )
    assert abs(per_hour - 1.2) < 1e-9 and "a fifth more yearly revenue" in text
    assert f"{start_small.RUNS:,}" in text and "$2 million" in text and p.revenue_floor == 2000
    # How accounts grow: stated after the predictions, in the model's numbers.
    growth = _text("model_mechanisms")
    assert p.expandable_share == 0.3 and "3 in 10 small first deals" in growth
    assert abs(p.small_expand_chance - 1 / 8) < 0.01 and "about 1 quarter in 8" in growth
    levels = start_small.model.small_levels(p)
    assert "$" + ", $".join(f"{v:.0f}K" for v in levels[:5]) + ", ..." in growth.replace("then ", "")
    assert f"multiplies** what it pays a year by {p.expansion_multiple:g}" in growth
    assert f"(${p.account_wallet / 1e3:g} million a year)" in growth
    assert f"{p.small_churn:.0%} chance a quarter" in growth and f"{p.referral_chance:.0%} chance" in growth
    net, _ = start_small.cohort_retention(start_small.TYPICAL)
    strong, _ = start_small.cohort_retention(start_small.STRONG)
    assert f"NRR of about {net:.0f}%" in growth and f"about {strong:.0f}%, near the median at IPO" in growth
    assert "an optimistic case" in growth


def test_the_readings_say_what_is_and_is_not_known() -> None:
    text = _text("reading_retention")
    assert "exact: definitions, not findings" in text
    assert "is this module's assumption; the nearest evidence" in text and "[kishore-2013]" in text
    assert "for firms whose contracts average under $12K a year" in text
    assert "*Confidence: low for sales teams*: firms report" in text and "**biased high**" in text
    assert "[steenburgh-2008]" in text  # the counter-evidence on bonuses and timing
    assert "We found no study that compares" in text
    assert "one experienced leader's view" in _text("reading_essay")
    assert "in the terms of section 4" in _text("q4_labels_intro")
    assert "In 100 to 150 words" in _text("reflection_prompt")


def test_points_and_the_rubric_only_the_instructor_sees() -> None:
    cells = _cells()
    graded = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = sum(c.metadata["nbgrader"]["points"] for c in graded if c.cell_type == "code")
    assert auto >= 10 and len([c for c in graded if c.cell_type == "code"]) >= 4
    reflection = cells[index_of(cells, "reflection")]
    assert reflection.metadata["nbgrader"]["points"] == 5 and "Rubric (5 points" in reflection.source
    released = "\n".join(c.source for c in _cells(RELEASE))
    assert "Rubric (5 points" not in released and "Model answer" not in released
    assert "How it is graded, in plain words" in released


# --------------------------------------------------------------------------- in a real kernel


def _output(cell) -> str:
    return "".join(o.get("text", "") + "".join(o.get("traceback", [])) for o in cell.outputs)


@pytest.mark.slow
def test_the_released_checks_answer_slips_and_wrong_answers_in_plain_words(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=60,
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )

    def run(source: str) -> str:
        cell = nbformat.v4.new_code_cell(source)
        client.execute_cell(cell, 0)
        return _output(cell)

    def check(grade_id: str) -> str:
        index = index_of(cells, grade_id)
        cells[index].outputs = []
        client.execute_cell(cells[index], index)
        return _output(cells[index])

    with client.setup_kernel():
        # Before set-up: one line that says what to run first.
        assert "set-up cell" in check("test_q2_nrr")
        client.execute_cell(cells[index_of(cells, "setup")], index_of(cells, "setup"))

        # The reveal refuses in a friendly line until the predictions are in.
        reveal = index_of(cells, "q1_reveal")
        client.execute_cell(cells[reveal], reveal)
        refused = _output(cells[reveal])
        assert refused.startswith("Not yet:") and "q1_revenue" in refused, refused
        run('q1_revenue = "down"\nq1_risk = "up"')
        cells[reveal].outputs = []
        client.execute_cell(cells[reveal], reveal)
        shown = [o for o in cells[reveal].outputs if o.output_type == "execute_result"]
        assert shown and "chance of missing the floor" in shown[0]["data"]["text/plain"]
        assert "image/png" in shown[0]["data"]["text/html"]

        # A share for a percentage, a comma for a decimal point, the row without the rule.
        run("q1_policy_risk = 0.54")
        out = check("test_q1_policy_risk")
        assert "Not yet" in out and "not a share such as 0.12" in out and "Traceback" not in out
        run("q1_revenue_change = -0,31")
        out = check("test_q1_revenue_change")
        assert "Not yet" in out and "use a point for decimals" in out and "Traceback" not in out
        run("q1_revenue_change = 0.31")
        out = check("test_q1_revenue_change")
        assert "a fall is a negative number" in out
        # Units as a leader writes them on paper: thousands or dollars where $M is asked.
        answer_cell = cells[index_of(cells, "q1_followup_answers")].source
        for typed in ("-301000", "-301,000", "-301K"):
            run(answer_cell.replace("q1_revenue_change = None", f"q1_revenue_change = {typed}"))
            out = check("test_q1_revenue_change")
            assert "-0.3" in out and "Traceback" not in out, out

        # Fjord counted in NRR; expansion counted in GRR; × typed for *.
        run("q2_nrr = (60 + 20 + 30 + 0 + 130 + 50) / 200 * 100\nq2_grr = 120")
        assert "leave out Fjord" in check("test_q2_nrr")
        assert "never above 100" in check("test_q2_grr")
        out = run("q2_nrr = 240 / 200 × 100")
        assert "Traceback" not in out and out.strip(), out
        assert "stopped with an error" in check("test_q2_nrr")
        run("q2_nrr = 240 / 200 * 100")
        assert check("test_q2_nrr").startswith("✓ Exercise 2a")

        # A name without quote marks; a label typed as a word.
        out = run("q4_account = Brook")
        assert "Traceback" not in out and out.strip()
        run('q4_account = "brook "')
        assert check("test_q4_account").startswith("✓ q4_account")
        run('q4_signs = {1: "G", 2: "D", 3: "D", 4: "G", 5: "G"}')
        out = check("test_q4_signs")
        assert "4 of 5 right" in out and "Sign 5:" in out and "Traceback" not in out
        # A GRR above 100 is told why, not "a number from -inf to 100".
        run("q2_grr = 110")
        out = check("test_q2_grr")
        assert "never above 100" in out and "inf" not in out


@pytest.mark.slow
def test_validate_does_not_say_success_over_a_wrong_letter_or_sign(tmp_path: Path) -> None:
    from test_learning_design import _answered, _validate

    module = "04_start_small"
    (tmp_path / "wrong").mkdir()
    wrong = _validate(
        _answered(
            module,
            tmp_path / "wrong",
            q3_choice='q3_portfolio = "B"\nq3_reason = "C"',
            q4_answers='q4_account = "Brook"\nq4_one_quarter = "D"\n'
            'q4_signs = {1: "G", 2: "D", 3: "D", 4: "G", 5: "G"}',
        )
    )
    failed = {cell["source"].splitlines()[0]: cell["raw_error"] for cell in wrong.get("failed", [])}
    assert len(failed) == 2, failed
    assert any("Not yet — q3_reason" in error for error in failed.values())
    assert "Partial credit; passed some but not all of the tests" in failed.values()


def test_the_accounts_why_lines_do_not_give_the_answer_away() -> None:
    # Review r3: a why= line for every wrong account but not the right one gave the answer away to
    # anyone reading the check cell; every account now has a line.
    cells = nbformat.read(SOLUTION, as_version=4).cells
    source = next(c.source for c in cells if cell_id(c) == "test_q4_account")
    lines = sealed_why_lines(source, [account.name for account in start_small.ACCOUNTS])
    assert all(lines.values()), lines  # a line for every account, sealed: none stands out
