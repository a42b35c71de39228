"""Module 01's notebook keeps the house shape: predictions before the reveal, a reveal that waits,
a graded follow-up, short test cells that follow the test-cell contract, and one time estimate."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import index_of

from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "01_leader_not_manager" / "leader_not_manager.ipynb"
RELEASE = ROOT / "assignments" / "01_leader_not_manager" / "leader_not_manager.ipynb"
PREDICTIONS = ("q1_veteran_revenue", "q1_veteran_quits", "q1_new_hire_revenue")


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def _tests(cells: list) -> list:
    return [c for c in cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]


def test_predictions_come_before_the_reveal_and_the_explorer_after_it() -> None:
    cells = _cells()
    answer, reveal, follow_up = (index_of(cells, g) for g in ("q1_predictions", "q1_reveal", "q1_change"))
    explorer = next(i for i, c in enumerate(cells) if c.source.strip().endswith("\nexplore(control)"))
    checks_of_predictions = [index_of(cells, f"test_{name}") for name in PREDICTIONS]
    assert answer < min(checks_of_predictions) and max(checks_of_predictions) < reveal
    assert reveal < follow_up < explorer
    text = "\n".join(c.source for c in cells[:answer])
    assert "Run All" not in text


def test_the_reveal_cell_is_locked_and_gated_on_every_prediction() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q1_reveal")]
    assert reveal.metadata["nbgrader"]["locked"] and not reveal.metadata["nbgrader"].get("grade")
    assert "reveal(" in reveal.source
    for name in PREDICTIONS:
        assert f'"{name}"' in reveal.source


@pytest.mark.parametrize("guesses", list(itertools.product(["up", "down"], repeat=3)))
def test_predictions_earn_their_points_for_any_valid_choice(guesses: tuple[str, ...]) -> None:
    # As the trusted grader runs them: the set-up cell, then each test cell with the answers bound.
    cells = _cells()
    setup = cells[index_of(cells, "setup")].source
    for name, guess in zip(PREDICTIONS, guesses, strict=True):
        scope = {name: guess}
        exec(setup, scope)  # noqa: S102 - the course's own set-up cell
        exec(cells[index_of(cells, f"test_{name}")].source, scope)  # noqa: S102


@pytest.mark.parametrize("slip", [None, "sideways", "upp", 1])
def test_a_prediction_that_is_not_up_or_down_earns_nothing(slip: object) -> None:
    cells = _cells()
    scope = {"q1_veteran_revenue": slip}
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102
    with pytest.raises(checks.NotYet):
        exec(cells[index_of(cells, "test_q1_veteran_revenue")].source, scope)  # noqa: S102


@pytest.mark.parametrize(("value", "passes"), [(-0.64, True), (-0.65, True), (0.64, False), (-640000, False)])
def test_the_follow_up_needs_the_revealed_number(value: float, passes: bool) -> None:
    cells = _cells()
    scope = {"q1_revenue_change": value}
    exec(cells[index_of(cells, "setup")].source, scope)  # noqa: S102
    source = cells[index_of(cells, "test_q1_revenue_change")].source
    if passes:
        exec(source, scope)  # noqa: S102
    else:
        with pytest.raises(checks.NotYet):
            exec(source, scope)  # noqa: S102


def test_the_module_states_one_time_estimate_everywhere() -> None:
    intro = _cells()[0].source
    figures = re.findall(r"About (\d+) minutes", intro)
    assert len(figures) == 1
    guide = (ROOT / "docs" / "FACILITATOR_GUIDE.md").read_text(encoding="utf-8")
    section = guide.split("## Module 01")[1].split("\n## ")[0]
    stated = set(re.findall(r"(\d+) minutes of individual work", section))
    assert stated == set(figures)
    assert not re.search(r"\d+ to \d+ minutes", intro + section)


@pytest.mark.slow
def test_the_reveal_refuses_in_a_friendly_line_until_the_predictions_are_recorded(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    reveal = index_of(cells, "q1_reveal")
    wanted = [index_of(cells, "setup"), index_of(cells, "q1_predictions"), reveal]
    client = NotebookClient(
        nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(tmp_path)}}
    )
    with client.setup_kernel():
        for index in wanted:
            client.execute_cell(cells[index], index)
        refused = "".join(o.get("text", "") for o in cells[reveal].outputs)
        assert refused.startswith("Not yet:") and "q1_veteran_revenue" in refused
        assert not [o for o in cells[reveal].outputs if o.output_type in ("error", "execute_result")]
        answered = nbformat.v4.new_code_cell(
            'q1_veteran_revenue = "up"\nq1_veteran_quits = "down"\nq1_new_hire_revenue = "up"'
        )
        client.execute_cell(answered, 0)
        client.execute_cell(cells[reveal], reveal)
        shown = [o for o in cells[reveal].outputs if o.output_type == "execute_result"]
        assert shown and "8 veterans" in shown[0]["data"]["text/plain"]


def _text(grade_id: str) -> str:
    return " ".join(
        next(c.source for c in _cells() if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id).split()
    )


def test_the_reviewed_sentences_say_what_their_sources_say() -> None:
    # Review 01 (07:00), findings 5, 8, 9, 13, 17.
    assert "about 70% of those differences go along with differences in their managers" in _text(
        "reading_leaders"
    )
    assert "better-rated managers" not in _text("reading_leaders")
    assert "A review of 94 samples, 23,461 people in all" in _text("reading_control")
    recap = _text("recap")
    assert "goes with more stress [ravid-2023]" in recap and "adds stress" not in recap
    assert "usually less than first found" not in recap
    assert "Each prediction earns 1 point just for being made" in _text("q1_intro")
    assert "There is no wrong prediction" not in _text("q1_intro")
    assert "An illustration, not a finding" in _text("reading_leading")


def test_the_reflection_asks_for_100_to_150_words_and_for_everything_its_rubric_rewards() -> None:
    prompt = _text("reflection_prompt")
    assert "In 100 to 150 words" in prompt
    for asked in (
        "What happened",
        "Why",
        "how often",
        "how you will know it worked",
        "question one assumption",
    ):
        assert asked in prompt, asked


def test_exercise_2_asks_for_a_share_no_model_function_returns() -> None:
    # docs/GRADING_SECURITY.md: a function answer that calls the model must give wrong answers, so
    # the exercise asks for the share of the selling hours reporting takes, which the model never
    # returns; the hidden tests compute it from the model, and the recipe the text gives matches.
    import inspect

    from course.scenarios import control

    cells = _cells()
    answer = cells[index_of(cells, "q2_share_lost")].source
    hidden = cells[index_of(cells, "test_q2_function")].source.split("### BEGIN HIDDEN TESTS")[1]
    scope: dict = {}
    exec(answer, scope)  # noqa: S102 - the course's own solution
    recipe = scope["share_of_selling_time_lost"]
    formula = "control.reporting_hours(policy)/(policy.hours_per_month*policy.base_selling_share)"
    assert formula in "".join(hidden.split())
    model_functions = [
        f
        for name, f in inspect.getmembers(control, inspect.isfunction)
        if list(inspect.signature(f).parameters)[:1] == ["params"] and not name.startswith("_")
    ]
    assert len(model_functions) >= 5
    for crm, reviews in [(0.0, 0.0), (3.0, 2.0), (7.5, 1.0), (6.0, 8.0), (4.0, 0.0), (4.0, 4.0)]:
        policy = control.Params(crm_hours_per_week=crm, reviews_per_month=reviews)
        share = control.reporting_hours(policy) / (policy.hours_per_month * policy.base_selling_share)
        assert recipe(crm, reviews) == pytest.approx(share, rel=1e-9)
        if share == 0:
            continue
        for function in model_functions:
            try:
                given = function(policy)
            except TypeError:  # needs more than the policy
                continue
            if isinstance(given, int | float):
                assert given != pytest.approx(share, rel=1e-3), (function.__name__, crm, reviews)
    assert scope["q2_share_lost"] == pytest.approx((4 * 52 / 12 + 6) / 60.8)
    assert "hours_lost_to_reporting" not in "\n".join(c.source for c in cells)


def test_exercise_2b_names_missing_brackets_instead_of_a_range(monkeypatch: pytest.MonkeyPatch) -> None:
    # Review r1: a 0-to-1 range check ran first, so 4 * 52 / 12 + 4 * 1.5 / 60.8 (17.4) was told
    # "expected a number from 0 to 1" and never where its brackets go.
    from notebook_cells import run_check

    from course.trainee import loop

    typed = "4 * 52 / 12 + 4 * 1.5 / 60.8"
    monkeypatch.setattr(loop.STATE, "typed", {"q2_share_lost": typed}, raising=False)
    with pytest.raises(
        checks.NotYet, match=r"put brackets around what comes first, \(4 \* 52 / 12 \+ 4 \* 1.5\)"
    ):
        run_check(SOLUTION, "test_q2_share_lost", q2_share_lost=eval(typed))  # noqa: S307 - digits only
    monkeypatch.setattr(loop.STATE, "typed", {"q2_share_lost": "38"}, raising=False)
    with pytest.raises(checks.NotYet, match="A share is a decimal between 0 and 1"):
        run_check(SOLUTION, "test_q2_share_lost", q2_share_lost=38)
    run_check(SOLUTION, "test_q2_share_lost", q2_share_lost=(4 * 52 / 12 + 4 * 1.5) / 60.8)
