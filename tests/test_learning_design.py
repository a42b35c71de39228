"""The learning design every module owes its trainee (issue 24), one contract for every module.

- **Predictions are real guesses**: nothing a trainee can read above a prediction (markdown, code,
  and the assumptions table a code cell there would show) holds one of its give-away phrases; and
  each phrase does appear below it, so the list names what the module really teaches.
- **A short start**: about 250 words at most before the first thing a trainee does (the prompt of
  the first answer cell).
- **Feedback before submission**: every visible check judges its answer, except the checks of
  predictions (a point for making one); none says "recorded — graded when you submit".
- **Partial credit**: a labelling check gives each label its share of the points, as its last line
  (nbgrader's partial credit).
- **Validate never says success over a wrong judged answer** (nbgrader's own Validator, called
  through its Python API: ``nbgrader validate`` exits 0 even when validation fails).

A module joins ``DESIGNED`` once its exercises follow the contract; later modules add their
predictions' give-away phrases to ``GIVE_AWAYS``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_cells import cell_id, index_of, read_cells, sealed_why_lines

ROOT = Path(__file__).resolve().parents[1]
DESIGNED = [
    "00_orientation",
    "01_leader_not_manager",
    "02_trust",
    "03_coaching",
    "04_start_small",
    "05_pebbles_and_quarters",
    "06_one_team",
    "07_leap_of_faith",
]
WORDS_BEFORE_FIRST_TASK = 260  # "about 250"

# Each prediction's answer cell, and the phrases that would state or imply its answer.
GIVE_AWAYS: dict[str, dict[str, list[str]]] = {
    "00_orientation": {},
    # The capstone's decisions count as predictions here: nothing above one may rank its options.
    "07_leap_of_faith": {
        "q1_answer": [
            "a small bet that can be tested",
            "one reference in the right industry can matter more than a discount",
        ],
        "q2_answer": [
            "mostly moves an order northwind would sign anyway",
            "one reference in the right industry can matter more than a discount",
            "keeping its timeline gives up some of this year's",
        ],
        "q3_answer": ["seeing the work first hand finds a real stall"],
        "q4_answer": ["written rules turn a partner from a rival into help"],
        "q6_prediction": ["builds northwind's trust"],
    },
    "01_leader_not_manager": {
        "q1_predictions": [
            # veterans' revenue falls with weekly reviews
            "veterans' more than new hires'",
            "veterans mind tracking more",
            "close tracking lowers morale",
            "low morale lowers effort",
            # more veterans quit
            "makes reps quit",
            "more as morale falls",
            # new hires' revenue rises with reviews
            "a new hire more than a veteran",
            "reviews help those who know least",
        ]
    },
    "06_one_team": {
        "q1_predictions": [
            # undermining rises with the prize spread
            "effort and sabotage were both higher",
            "effort and sabotage both rose",
            # revenue falls: what undermining does to morale, effort and leaving
            "undermining hurts morale",
            "low morale means less effort and more leavers",
        ]
    },
    "02_trust": {
        "q1_predictions": [
            # an apology brings trust back fastest after a broken promise
            "an apology repaired trust better",
            "apology repairs a competence failure",
            # a false denial brings it back slowest
            "a denial helps only if it is true",
            "trust falls a second time",
            "the denial is false",
        ]
    },
    "05_pebbles_and_quarters": {
        "q1_predictions": [
            # quarter 5 is lower: the push empties the next quarter
            "15% discount pulls in",
            "leaves a hole in the quarter after it",
            "lower at its start",
            # two years lower: the discount costs more than the deals saved
            "gains only where",
            "cost the vendor 6-8% of revenue",
            "cost more than the few deals the push saved",
        ]
    },
    "04_start_small": {
        "q1_predictions": [
            # the rule lowers revenue and raises the chance of missing the floor
            "lowered average year-three revenue",
            "raised the chance of missing the floor",
            "a rule against small deals cost revenue",
            # why: small accounts grow, and the rule stops paying for the orders that grow them
            "a few grow to many times their first deal",
            "multiplies** what it pays a year",
            "the orders for more that grow an account",
        ]
    },
}
GIVE_AWAYS["03_coaching"] = {
    "q1_predictions": [
        # Eli gains most: a ride-along makes the sessions that follow it hit the gap
        "until you have seen a rep sell",
        "a ride-along pays most where you then coach",
        "his question sessions work at full strength",
        # Ana loses: too much direction lowers an expert's motivation
        "too much lowers an expert's motivation",
        "experts need room",
    ]
}
# The checks that only record a prediction (a point for any valid one).
PREDICTION_CHECKS = {
    "01_leader_not_manager": {"test_q1_veteran_revenue", "test_q1_veteran_quits", "test_q1_new_hire_revenue"},
    "03_coaching": {"test_q1_most", "test_q1_ana"},
    "06_one_team": {"test_q1_sabotage", "test_q1_revenue"},
    # The capstone's four decisions are judgement (issue 24 item 4): a visible check that judged a
    # letter among three would be found by trying them all, so each is graded on its value when
    # submitted, and the feedback shows every option's value with one line of why.
    "07_leap_of_faith": {
        "test_q1_choice",
        "test_q2_choice",
        "test_q3_choice",
        "test_q4_choice",
        "test_q6_trust",
    },
    "02_trust": {"test_q1_fastest", "test_q1_slowest"},
    "05_pebbles_and_quarters": {"test_q1_next_quarter", "test_q1_two_years"},
    "04_start_small": {"test_q1_revenue", "test_q1_risk"},
}
JUDGING = re.compile(
    r"checks\.(expect_close|expect_equal|expect_sealed|score_labels|call_safely)\(|raise checks\.NotYet|"
    r"\[\s*\"[^\"]+\"\s*\],"  # a choice among one answer (module 00's practice)
)


def _notebook(module: str) -> Path:
    return next((ROOT / "solutions" / module).glob("*.ipynb"))


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _shown_by(source: str) -> str:
    """What a code cell would show that a trainee reads: its assumptions table, and the capstone's
    why-each-best-answer-worked text (in the feedback, from the model package)."""
    shown = []
    for model in re.findall(r"(\w+)\.assumptions\(", source):
        module = __import__(f"course.scenarios.{model}", fromlist=["assumptions"])
        shown.append(str(module.assumptions()))
    for model in re.findall(r"(\w+)\.why_best_answers\(", source):
        module = __import__(f"course.scenarios.{model}", fromlist=["why_best_answers"])
        shown.append(module.why_best_answers())
    return "\n".join(shown)


def _visible(source: str) -> str:
    return re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.S)


@pytest.mark.parametrize(
    ("module", "prediction"),
    [(m, p) for m in DESIGNED for p in GIVE_AWAYS[m]] or [pytest.param(None, None, marks=pytest.mark.skip)],
)
def test_nothing_above_a_prediction_gives_its_answer_away(module: str, prediction: str) -> None:
    cells = read_cells(_notebook(module))
    at = index_of(cells, prediction)
    above = _plain("\n".join(c.source + "\n" + _shown_by(c.source) for c in cells[:at]))
    below = _plain("\n".join(c.source + "\n" + _shown_by(c.source) for c in cells[at:]))
    for phrase in GIVE_AWAYS[module][prediction]:
        assert _plain(phrase) not in above, f"{module}: '{phrase}' is above {prediction}"
        assert _plain(phrase) in below, (
            f"{module}: '{phrase}' is taught nowhere below {prediction}: update the list"
        )


def count_words(markdown: str) -> int:
    """Words a trainee reads: link targets, list markers and markup left out."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"^\s*(?:\d+\.|[-*]|#+)\s", " ", text, flags=re.M)
    return len(re.findall(r"[\w$%][\w$%'’.,/-]*", text))


@pytest.mark.parametrize("module", DESIGNED)
def test_about_250_words_at_most_before_the_first_thing_to_do(module: str) -> None:
    cells = read_cells(_notebook(module))
    first = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("solution"))
    prompt = max(i for i in range(first) if cells[i].cell_type == "markdown")
    words = sum(count_words(c.source) for c in cells[:prompt] if c.cell_type == "markdown")
    assert words <= WORDS_BEFORE_FIRST_TASK, f"{module}: {words} words before its first exercise"


@pytest.mark.parametrize("module", DESIGNED)
def test_every_visible_check_judges_its_answer_but_a_predictions(module: str) -> None:
    cells = read_cells(_notebook(module))
    predictions = PREDICTION_CHECKS.get(module, set())
    for cell in cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("grade"):
            continue
        visible = _visible(cell.source)
        assert "checks.recorded(" not in visible, f"{module} {cell_id(cell)} only records its answer"
        if cell_id(cell) not in predictions:
            assert JUDGING.search(visible), f"{module} {cell_id(cell)}: the visible check judges nothing"


@pytest.mark.parametrize("module", DESIGNED)
def test_labelling_checks_give_each_label_its_share_of_the_points(module: str) -> None:
    for cell in read_cells(_notebook(module)):
        if cell.cell_type == "code" and "checks.expect_labels(" in cell.source:
            points = cell.metadata["nbgrader"]["points"]
            assert f"points={points}" in _visible(cell.source), cell_id(cell)
            assert "checks.score_labels(" in _visible(cell.source), cell_id(cell)
            assert cell.source.rstrip().splitlines()[-1] == "points", (
                f"{cell_id(cell)}: the score is not its last line"
            )


def test_the_glossary_is_module_00s_and_every_module_links_to_it() -> None:
    glossary = (ROOT / "docs" / "GLOSSARY.md").read_text(encoding="utf-8").rstrip("\n")
    cells = read_cells(_notebook("00_orientation"))
    assert cells[index_of(cells, "glossary")].source == glossary
    assert glossary.startswith("## Glossary\n")
    for term in (
        "seed",
        "cohort",
        "median",
        "arr",
        "nrr",
        "grr",
        "logit",
        "bass",
        "preprint",
        "meta-analysis",
    ):
        assert f"**{term}" in glossary.lower() or f" {term}" in glossary.lower(), term
    for notebook in sorted((ROOT / "solutions").glob("0[1-7]*/*.ipynb")):
        assert "](../00_orientation/orientation.ipynb#Glossary)" in read_cells(notebook)[0].source, notebook


# --- Validate, through nbgrader's own Validator -----------------------------------------------------


def _answered(module: str, tmp_path: Path, **changes: str) -> Path:
    """The released notebook with the instructor's answers typed in; ``changes`` replaces the
    source of answer cells by grade id (a wrong answer)."""
    release = next((ROOT / "assignments" / module).glob("*.ipynb"))
    solution = {cell_id(c): c for c in read_cells(_notebook(module))}
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        source = solution[meta["grade_id"]].source
        source = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", source, flags=re.M)
        cell.source = changes.get(meta["grade_id"], source)
    target = tmp_path / release.name
    nbformat.write(nb, target)
    return target


def _validate(path: Path) -> dict:
    from nbgrader.validator import Validator
    from traitlets.config import Config

    config = Config()
    config.Execute.timeout = 120
    return Validator(config=config).validate(str(path))


@pytest.mark.slow
def test_validate_never_says_success_over_a_wrong_judged_answer(tmp_path: Path) -> None:
    module = "01_leader_not_manager"
    for folder in ("right", "wrong"):
        (tmp_path / folder).mkdir()
    right = _validate(_answered(module, tmp_path / "right"))
    assert right == {}, right
    wrong = _validate(
        _answered(
            module,
            tmp_path / "wrong",
            q3_policy='q3_veteran_reviews = 2\nq3_new_hire_reviews = 2\nq3_reason = "B"',
            q4_labels='q4_labels = {1: "E", 2: "F", 3: "F", 4: "F", 5: "E"}',
        )
    )
    failed = {cell["source"].splitlines()[0]: cell["raw_error"] for cell in wrong.get("failed", [])}
    assert len(failed) == 2, failed
    veterans = next(e for s, e in failed.items() if "veterans' best" in s)
    assert "Not yet — q3_veteran_reviews" in veterans
    labels = next(e for s, e in failed.items() if "each statement's label" in s)
    assert labels == "Partial credit; passed some but not all of the tests"


@pytest.mark.slow
def test_validate_lists_module_00s_wrong_practice_answer(tmp_path: Path) -> None:
    module = "00_orientation"
    wrong = _validate(_answered(module, tmp_path, q0_meaning='practice_meaning = "A"'))
    failed = [cell["raw_error"] for cell in wrong.get("failed", [])]
    assert len(failed) == 1 and "Not yet — practice_meaning" in failed[0], failed


@pytest.mark.parametrize("module", DESIGNED)
def test_no_check_cell_shows_which_choice_has_no_why_line(module: str) -> None:
    # Review r3: with plain why= lines for the wrong letters only, the letter without a line was
    # the answer to anyone reading the cell. Every sealed choice's lines are sealed too.
    for cell in read_cells(_notebook(module)):
        if "checks.expect_sealed(" in cell.source and "why=" in cell.source:
            assert "why={" not in cell.source, cell_id(cell)
            sealed_why_lines(cell.source, [])
