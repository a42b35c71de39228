"""Reading signs of tampering: what a submission changed in nbgrader's cells and metadata,
and code in its answer cells that could change how the tests judge it (read, never run)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from course.instructor.grading.results import short

# nbgrader log warnings that an instructor should look at: tampered or missing cells,
# missing notebooks, late work.
FLAG_PATTERNS = (
    re.compile(r"has changed!"),
    re.compile(r"Missing grade cell"),
    re.compile(r"exists multiple times"),
    re.compile(r"does not exist in the database"),
    re.compile(r"No submitted file"),
    re.compile(r"Skipping unknown notebook"),
    re.compile(r"seconds late"),
)


# What a submission's result can be: every autograded point, some, none, a score that


def unknown_cells(submitted: Path, source: Path) -> list[str]:
    """Strip nbgrader's metadata from cells whose grade id the instructor notebook does not
    have (renamed ids, cells pasted from elsewhere): nbgrader refuses such a notebook; without
    the metadata the cell is plain code that earns nothing."""
    import nbformat

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        known = {
            c.metadata.get("nbgrader", {}).get("grade_id")
            for c in nbformat.read(instructor, as_version=4).cells
        }
        nb = nbformat.read(path, as_version=4)
        stripped = []
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if "nbgrader" in cell.metadata and grade_id not in known:
                del cell.metadata["nbgrader"]
                stripped.append(str(grade_id))
        if stripped:
            nbformat.write(nb, path)
            found.append(f"{path.name}: cells with unknown grade ids made plain: {', '.join(stripped)}")
    return found


def missing_cells(submitted: Path, source: Path) -> list[str]:
    """Graded and answer cells of the instructor notebooks that a submission lacks (deleted,
    or their ids edited): nbgrader scores a missing test cell 0."""
    import nbformat

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        ids = lambda nb: {  # noqa: E731
            c.metadata["nbgrader"]["grade_id"]
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") or c.metadata.get("nbgrader", {}).get("solution")
        }
        missing = sorted(
            ids(nbformat.read(instructor, as_version=4)) - ids(nbformat.read(path, as_version=4))
        )
        if missing:
            found.append(f"{path.name}: graded cells missing (scored 0): {', '.join(missing)}")
    return found


def tampering_signs(submitted: Path, source: Path) -> list[str]:
    """Signs, in the cells a submission runs (all but the locked cells nbgrader restores),
    of code that could change how the tests judge the answers."""
    import nbformat

    from course.instructor import sandbox

    found = []
    for path in sorted(submitted.glob("*.ipynb")):
        instructor = source / path.name
        if not instructor.exists():
            continue
        model = nbformat.read(instructor, as_version=4)
        restored = set()
        cells = []
        for cell in model.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code":
                cells.append((cell.source, bool(meta.get("solution"))))
            if meta.get("locked") or (meta.get("grade") and not meta.get("solution")):
                restored.add(meta.get("grade_id"))
        protected = sandbox.protected_names(cells)
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or (meta.get("grade_id") in restored and meta.get("grade_id")):
                continue
            where = meta.get("grade_id") or f"cell {index + 1}"
            found += [f"{where}: {sign}" for sign in sandbox.suspicious_code(cell.source, protected)]
    return found


def nbgrader_flags(log: str) -> list[str]:
    """nbgrader's warnings worth an instructor's look, one line each.

    A changed *checksum* is left out: nbgrader reports it for every test cell with
    hidden tests (the gradebook holds them, the trainee's copy does not); see
    :func:`edited_locked_cells` for real edits.
    """
    found: list[str] = []
    for line in log.splitlines():
        if not line.startswith("[WARNING]") or "Attribute 'checksum'" in line:
            continue
        if any(p.search(line) for p in FLAG_PATTERNS):
            message = short(line.removeprefix("[WARNING]").strip(), 160)
            found += [message] if message not in found else []
    return found


def edited_locked_cells(folder: Path) -> list[str]:
    """Locked cells whose content no longer matches the checksum nbgrader gave them at
    release: edited outside JupyterLab (nbgrader restores them when grading)."""
    import nbformat
    from nbgrader import utils

    edited = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue  # nbgrader reports a notebook it cannot read
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("locked") and meta.get("checksum") and "grade_id" in meta:
                with contextlib.suppress(Exception):
                    if utils.compute_checksum(cell) != meta["checksum"]:
                        edited.append(meta["grade_id"])
    return edited
