"""Module 02's notebook keeps the house shape: predictions before the reveal, a reveal that waits,
graded follow-ups that need the revealed result, test cells that follow the contract, and one time
estimate shared with the facilitator guide."""

from __future__ import annotations

import itertools
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import index_of, run_check

from course.scenarios import trust
from course.trainee import checks

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "02_trust" / "trust.ipynb"
RELEASE = ROOT / "assignments" / "02_trust" / "trust.ipynb"
PREDICTIONS = ("q1_fastest", "q1_slowest")


def _cells(path: Path = SOLUTION) -> list:
    return nbformat.read(path, as_version=4).cells


def test_predictions_come_before_the_reveal_and_the_explorer_after_it() -> None:
    cells = _cells()
    answer, reveal, follow_up = (
        index_of(cells, g) for g in ("q1_predictions", "q1_reveal", "q1_followup_answers")
    )
    explorer = next(i for i, c in enumerate(cells) if c.source.strip().endswith("\nexplore(trust)"))
    prediction_checks = [index_of(cells, f"test_{name}") for name in PREDICTIONS]
    assert answer < min(prediction_checks) and max(prediction_checks) < reveal < follow_up < explorer
    assert "Run All" not in "\n".join(c.source for c in cells[:answer])


def test_the_reveal_cell_is_locked_and_gated_on_both_predictions() -> None:
    cells = _cells()
    reveal = cells[index_of(cells, "q1_reveal")]
    assert reveal.metadata["nbgrader"]["locked"] and not reveal.metadata["nbgrader"].get("grade")
    assert "reveal(" in reveal.source
    for name in PREDICTIONS:
        assert f'"{name}"' in reveal.source


@pytest.mark.parametrize("guesses", list(itertools.product(trust.RESPONSES, repeat=2)))
def test_predictions_earn_their_points_for_any_valid_choice(guesses: tuple[str, str]) -> None:
    for name, guess in zip(PREDICTIONS, guesses, strict=True):
        run_check(SOLUTION, f"test_{name}", **{name: guess})


@pytest.mark.parametrize("slip", [None, "sorry", "apologie", 1])
def test_a_prediction_that_is_not_a_response_earns_nothing(slip: object) -> None:
    with pytest.raises(checks.NotYet):
        run_check(SOLUTION, "test_q1_fastest", q1_fastest=slip)


def test_the_follow_up_needs_the_revealed_numbers() -> None:
    recovered = trust.recovery(trust.REPAIR_TEAM, "competence").quarters_to_recover
    run_check(SOLUTION, "test_q1_apology_quarters", q1_apology_quarters=recovered["apology"])
    run_check(SOLUTION, "test_q1_silence_quarters", q1_silence_quarters=float(recovered["silence"]))
    for wrong in (recovered["explanation"], 0.51, "3"):
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q1_apology_quarters", q1_apology_quarters=wrong)


@pytest.mark.parametrize(
    ("rule", "passes"),
    [
        (lambda kept, seen: (kept + 1) / (seen + 2), True),
        (lambda kept, seen: kept / seen, False),
        (lambda kept, seen: kept + 1 / seen + 2, False),
        (lambda kept, seen: (kept + 1) / (seen + 1), False),
    ],
)
def test_the_visible_check_checks_the_taught_arithmetic(rule, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q2_function", estimate_reliability=rule)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q2_function", estimate_reliability=rule)


@pytest.mark.parametrize(("value", "passes"), [(8 / 11, True), (0.73, True), (7 / 9, False), (73, False)])
def test_the_estimate_must_be_the_counting_rule(value: float, passes: bool) -> None:
    if passes:
        run_check(SOLUTION, "test_q2_maya_estimate", q2_maya_estimate=value)
    else:
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, "test_q2_maya_estimate", q2_maya_estimate=value)


def test_decisions_are_graded_against_the_model() -> None:
    labels = trust.checking_table(trust.FOUR_REPS, trust.CHECKING_OPTIONS).to_check()
    assert labels == {"Asha": "L", "Ben": "L", "Carla": "C", "Dev": "C"}
    for rep, label in labels.items():
        name = f"q3_{rep.lower()}"
        run_check(SOLUTION, f"test_{name}", **{name: label})
        with pytest.raises(checks.NotYet):
            run_check(SOLUTION, f"test_{name}", **{name: "L" if label == "C" else "C"})


@pytest.mark.slow
def test_the_reveal_refuses_in_a_friendly_line_until_the_predictions_are_recorded(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    cells = nb.cells
    reveal = index_of(cells, "q1_reveal")
    client = NotebookClient(
        nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(tmp_path)}}
    )
    with client.setup_kernel():
        for index in (index_of(cells, "setup"), index_of(cells, "q1_predictions"), reveal):
            client.execute_cell(cells[index], index)
        refused = "".join(o.get("text", "") for o in cells[reveal].outputs)
        assert refused.startswith("Not yet:") and "q1_fastest" in refused
        assert not [o for o in cells[reveal].outputs if o.output_type in ("error", "execute_result")]
        client.execute_cell(nbformat.v4.new_code_cell('q1_fastest = "silence"\nq1_slowest = "apology"'), 0)
        client.execute_cell(cells[reveal], reveal)
        shown = [o for o in cells[reveal].outputs if o.output_type == "execute_result"]
        assert shown and "quarters to recover" in shown[0]["data"]["text/plain"]
        assert "image/png" in shown[0]["data"]["text/html"]


def _text(grade_id: str) -> str:
    return " ".join(
        next(c.source for c in _cells() if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id).split()
    )


def test_the_reviewed_sentences_say_what_their_sources_and_the_model_say() -> None:
    # Review 02 (07:00), findings 2, 4, 5, 6, 7, 9, 13.
    prompts = _text("explore_prompts")
    assert "and it lowers trust. Which wins for the forecast error" in prompts
    assert "What does it do to trust, and so to the forecast?" not in prompts
    assert "usually too small to make control a loss [ziegelmeyer-2012]" in _text("reading_trust")
    repair = _text("reading_repair")
    assert "This module's model adds an assumption of its own" in repair
    assert (
        "people rated news events" in repair and "for undecided people bad news still weighed more" in repair
    )
    assert "keep 9 promises in 10" in _text("scenario_intro")
    assert "something a published study measured" in _text("q4_intro")
    assert "to come back, for good, within 0.05" in _text("q1_reveal_intro")
    assert "In 100 to 150 words" in _text("reflection_prompt")


def test_the_checking_prompt_matches_the_model() -> None:
    # Forecast error falls with light checking, then rises past a point; the desk leader
    # (no field days, 40 hours of checking) has a worse forecast than the default.
    from course.scenarios import trust

    p = trust.Params()
    error = {
        h: trust.simulate(p.with_(checking_hours_per_month=h), seed=trust.SEED).mean_forecast_error
        for h in (0, 6, 40)
    }
    assert error[6] < error[0] and error[40] > error[0]
    desk = p.with_(field_days_per_month=0.0, checking_hours_per_month=40.0)
    assert trust.simulate(desk, seed=trust.SEED).mean_forecast_error > error[6] + 0.05
    assert "up to 6 hours and beyond" in _text("explore_prompts")


def test_the_cut_sentences_keep_their_scope_their_units_and_their_hedges() -> None:
    # Review rv02 of the cut from 82 to 74 minutes: what the shorter sentences had lost.
    after = _text("q3_after")
    assert after.startswith("In the model, checking lowers the error")
    # "$45K saved ... cost $36K" read as a saving bigger than its cost; a dollar of error is not one.
    assert "$45K saved" not in after and "$45K less error is worth less than $36K" in after
    assert "bad news tends to outweigh good [slovic-1993]" in _text("recap")
    # Free hours vary around 60 from month to month (free_hours_spread), above it too.
    assert "60 free hours in an average month" in _text("scenario_intro")
    # Checking is spread by estimated unreliability, every rep gets some: "most on", not "aimed at".
    assert "most on the reps you think least reliable" in _text("scenario_intro")
    assert all("most on the reps" in c[5] for c in trust.CONTROLS if c[0] == "checking_hours_per_month")
    # Convention C2: the answer cell says a share is a number between 0 and 1.
    assert "# Your answer, part b: a number between 0 and 1." in _text("q2_estimate")
    # The reveal runs REPAIR_TEAM, longer than the scenario's eight quarters: the text says so.
    assert trust.REPAIR_TEAM.quarters == 16 and "over four years" in _text("q1_reveal_intro")
