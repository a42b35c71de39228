"""What every graded module's text promises alike: one time estimate, the same in the facilitator
guide and within the contract's 45 to 75 minutes by the count of ``sales-course timing`` (words a
trainee reads at 180 a minute, plus task minutes), and plain words (no taxonomy labels; formulas typed
as Python, never with × or ÷)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_cells import read_cells

from course.instructor import timing

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    path
    for path in (ROOT / "solutions").glob("*/*.ipynb")
    if not nbformat.read(path, as_version=4).metadata.get("sales_course", {}).get("practice")
)
IDS = [p.parent.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_module_states_one_time_estimate_everywhere(path: Path) -> None:
    intro = read_cells(path)[0].source
    figures = re.findall(r"About (\d+) minutes", intro)
    assert len(figures) == 1
    guide = (ROOT / "docs" / "FACILITATOR_GUIDE.md").read_text(encoding="utf-8")
    section = guide.split(f"## Module {path.parent.name[:2]}")[1].split("\n## ")[0]
    assert set(re.findall(r"(\d+) minutes of individual work", section)) == set(figures)
    assert 45 <= int(figures[0]) <= 75
    assert not re.search(r"\d+ to \d+ minutes", intro)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_plain_words_no_taxonomy_labels_and_formulas_typed_as_python(path: Path) -> None:
    text = "\n".join(c.source for c in read_cells(path) if c.cell_type == "markdown")
    for label in ("(understand)", "(apply)", "(analyse)", "(evaluate)", "illustrative", "×", "÷"):
        assert label not in text, label


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_module_fits_the_contracts_minutes_and_the_guide_states_its_count(path: Path) -> None:
    # The count runs the instructor notebook (a few seconds): slow, so the quick loop skips it.
    measured = timing.measure(ROOT, path.parent.name[:2])
    assert 45 <= measured.minutes <= 75, measured.sentence()
    section = _guide_section(path.parent.name[:2])
    stated_words = int(re.search(r"([\d,]+) words to read", section).group(1).replace(",", ""))
    stated_minutes = float(re.search(r"([\d.]+) min in all", section).group(1))
    # The guide's figures may lag a small edit (2% of the words, half a minute), never a real one.
    assert abs(stated_words - measured.words) <= 0.02 * measured.words, measured.sentence()
    assert abs(stated_minutes - measured.minutes) <= 0.5, measured.sentence()
    about = int(re.findall(r"About (\d+) minutes", read_cells(path)[0].source)[0])
    assert measured.minutes <= about <= measured.minutes + 5, measured.sentence()


def _guide_section(module: str) -> str:
    guide = (ROOT / "docs" / "FACILITATOR_GUIDE.md").read_text(encoding="utf-8")
    return " ".join(guide.split(f"## Module {module}")[1].split("\n## ")[0].split())


def test_words_are_counted_as_a_reader_meets_them() -> None:
    assert timing.count_words("## 1. The scenario") == 3
    assert timing.count_words("See the [glossary](../../docs/GLOSSARY.md#trust) **now**.") == 4
    assert timing.count_words("| a | b |\n|---|---|\n| 1 | 2 |") == 4
    assert timing.count_words("<b>Revenue</b> &amp; quits") == 2


def test_the_count_leaves_out_the_sources_and_the_answer_the_trainee_writes() -> None:
    new = nbformat.v4
    notebook = new.new_notebook(
        cells=[
            new.new_markdown_cell("Read these four words."),
            new.new_code_cell("x = 1  # two words\nprint('not a comment')"),
            new.new_markdown_cell("YOUR ANSWER HERE", metadata={"nbgrader": {"solution": True}}),
            new.new_markdown_cell("## Sources", metadata={"nbgrader": {"grade_id": "sources_intro"}}),
        ]
    )
    assert timing.notebook_words(notebook) == 6


def test_timing_names_the_modules_there_are_when_asked_for_one_that_is_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from course import cli

    assert cli.main(["timing", "99"]) == 1
    said = capsys.readouterr().err
    assert "no module '99'" in said and "there are 00, 01, 02, 03, 04, 05, 06, 07" in said, said


@pytest.mark.slow
def test_timing_says_which_notebook_fails_rather_than_a_traceback(tmp_path: Path) -> None:
    # A kernel runs the tiny notebook (about a second), so the quick loop skips it.
    new = nbformat.v4
    for side in ("solutions", "assignments"):
        folder = tmp_path / side / "09_broken"
        folder.mkdir(parents=True)
        nbformat.write(new.new_notebook(cells=[new.new_code_cell("1 / 0")]), folder / "broken.ipynb")
    with pytest.raises(ValueError, match=r"09_broken/broken.ipynb stops with an error .*ZeroDivisionError"):
        timing.measure(tmp_path, "09")
