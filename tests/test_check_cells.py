"""Every graded notebook's check cells follow one contract (CONTRIBUTING rule 7): they open with
``# Check:`` and ``from course.trainee import checks``, say what they grade in their grade id,
keep their hidden part short and import the model there themselves, never reload a module, and
read no name from a cell that is not an answer (a name only the set-up cell or the cell itself binds)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from notebook_cells import bound_names, cell_id, index_of, read_cells

ROOT = Path(__file__).resolve().parents[1]
# The graded modules (module 00's practice checks show their answer on purpose: its own tests cover it).
NOTEBOOKS = sorted(
    path
    for path in (ROOT / "solutions").glob("*/*.ipynb")
    if not nbformat.read(path, as_version=4).metadata.get("sales_course", {}).get("practice")
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.parent.name for p in NOTEBOOKS])
def test_check_cells_follow_the_contract_and_stay_short(path: Path) -> None:
    cells = read_cells(path)
    code = [c for c in cells if c.cell_type == "code"]
    setup_source = cells[index_of(cells, "setup")].source
    models = re.findall(r"from course\.scenarios import (\w+)", setup_source)
    answers = set().union(*(bound_names(c.source) for c in code if c.metadata["nbgrader"].get("solution")))
    setup = bound_names(setup_source)
    others = set().union(
        *(
            bound_names(c.source)
            for c in code
            if not c.metadata["nbgrader"].get("solution")
            and not c.metadata["nbgrader"].get("grade")
            and cell_id(c) != "setup"
        )
    )
    for cell in (c for c in code if c.metadata["nbgrader"].get("grade")):
        lines = cell.source.splitlines()
        assert lines[0].startswith("# Check: "), cell_id(cell)
        assert lines[1] == "from course.trainee import checks", cell_id(cell)
        assert "importlib" not in cell.source and "reload" not in cell.source, cell_id(cell)
        assert re.fullmatch(r"test_q\d_[a-z0-9_]+", cell_id(cell)), cell_id(cell)
        if "### BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            assert len([line for line in hidden.splitlines() if line.strip()]) <= 12, cell_id(cell)
            for model in models:
                if f"{model}." in hidden:
                    assert f"from course.scenarios import {model}" in hidden, cell_id(cell)
        used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
        own = bound_names(cell.source)
        borrowed = used & others - setup - own - answers
        assert not borrowed, f"{cell_id(cell)} reads {borrowed} from a cell that is not an answer"
        assert not (used & answers - own), cell_id(cell)
