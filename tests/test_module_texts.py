"""What every graded module's text promises alike: one time estimate, the same in the facilitator
guide and within the contract's 45 to 75 minutes, and plain words (no taxonomy labels; formulas typed
as Python, never with × or ÷)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_cells import read_cells

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
