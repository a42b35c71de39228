"""Reading signs of tampering: what a submission changed in nbgrader's cells and metadata,
and code in its answer cells that could change how the tests judge it (read, never run)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

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
        protected = protected_names(cells)
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or (meta.get("grade_id") in restored and meta.get("grade_id")):
                continue
            where = meta.get("grade_id") or f"cell {index + 1}"
            found += [f"{where}: {sign}" for sign in suspicious_code(cell.source, protected)]
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


# --------------------------------------------------------------------------- reading answer cells

# Calls that reach around the notebook's names: an answer cell has no reason to make them.
SUSPICIOUS_CALLS = frozenset(
    {
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "exec",
        "eval",
        "compile",
        "__import__",
        "get_ipython",
        "breakpoint",
    }
)
SUSPICIOUS_MODULES = frozenset(
    {
        "builtins",
        "importlib",
        "ctypes",
        "gc",
        "inspect",
        "sys",
        "os",
        "subprocess",
        "shutil",
        "signal",
        "socket",
        "multiprocessing",
        "pty",
        "posix",
        "threading",
        "unittest",
        "types",
        "runpy",
    }
)
HARMLESS_DUNDERS = frozenset({"__name__", "__doc__", "__init__", "__repr__", "__str__", "__eq__", "__len__"})


def protected_names(source_cells: list[tuple[str, bool]]) -> set[str]:
    """Names the instructor's locked code cells bind (the checks, the model, test helpers):
    ``source_cells`` holds (source, is_answer_cell) of the instructor notebook's code cells."""
    import ast

    answers: set[str] = set()
    locked: set[str] = set()
    for source, is_answer in source_cells:
        try:
            tree = ast.parse(_python(source))
        except SyntaxError:
            continue
        (answers if is_answer else locked).update(_bound_names(tree))
    return (locked - answers) | {"checks", "control", "explore", "course"}


def _python(source: str) -> str:
    """A cell's source as Python: IPython magics become get_ipython() calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    with contextlib.suppress(Exception):
        return TransformerManager().transform_cell(source)
    return source


def _bound_names(tree: Any) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _root_name(node: Any) -> str | None:
    import ast

    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def suspicious_code(source: str, protected: set[str]) -> list[str]:
    """What in one trainee-run cell could change how the tests judge it (read, never run):
    re-binding the checks or names the tests use, changing attributes of imported modules,
    reaching into ``sys``/``builtins``/``globals()``, dunder attributes, magics."""
    import ast

    try:
        tree = ast.parse(_python(source))
    except (SyntaxError, ValueError):
        return []  # it cannot run either: the tests see the error
    found: list[str] = []

    def note(text: str, node: Any) -> None:
        message = f"{text} (line {getattr(node, 'lineno', '?')})"
        if message not in found:
            found.append(message)

    local: set[int] = set()  # names inside functions are the function's own (unless declared global)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for inner in ast.walk(node):
                if inner is not node and isinstance(inner, ast.Name):
                    local.add(id(inner))
    modules = set(protected)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported = (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            for name in imported:
                if name.split(".")[0] in SUSPICIOUS_MODULES:
                    note(f"imports {name}", node)
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = _root_name(node)
            if root in modules:
                note(f"changes {ast.unparse(node)}", node)
        if isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            if node.attr not in HARMLESS_DUNDERS:
                note(f"uses {node.attr}", node)
        if isinstance(node, ast.Name):
            if node.id in ("__builtins__", "__builtin__"):
                note(f"uses {node.id}", node)
            elif (
                node.id in protected and isinstance(node.ctx, (ast.Store, ast.Del)) and id(node) not in local
            ):
                note(f"re-binds {node.id}, which the tests use", node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in protected:
            note(f"re-defines {node.name}, which the tests use", node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                if bound in protected and not (
                    isinstance(node, ast.ImportFrom)
                    and node.module in ("course", "course.scenarios")
                    and alias.asname is None
                ):
                    note(f"re-binds {bound} by an import", node)
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                if name in protected:
                    note(f"declares {name} global", node)
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name in SUSPICIOUS_CALLS:
                note(f"calls {name}()", node)
    return found
