"""The trainee loop inside an IPython kernel: plain-language errors and no stale answers.

:func:`install` is what ``checks.setup()`` calls. In an IPython shell it

- shows a known slip (see :mod:`course.trainee.slips`) as one plain line with its fix,
  plus a second line saying that ``%tb`` shows Python's full message; an error that is
  not a known slip is shown as Python shows it;
- after a cell stops with an error (a syntax error included), removes the names the cell
  assigns at top level (``name = ...``, ``def name``) from the notebook and remembers the
  failure's plain line for each; when a cell that assigns the name later runs cleanly, the
  record goes. A name the failed run did assign before it stopped (it holds a new object)
  keeps its new value: it is the trainee's current answer, not a stale one. ``checks.answer`` reads these records, so a check never shows an old ✓ for
  an answer whose cell has since failed;
- notes a top-level ``q1 == "down"`` that compares instead of giving a value.

In a plain Python process (the trusted grader runs set-up cells there) it only records
that set-up ran. Calling it twice changes nothing.

The state lives in this module's globals and survives ``importlib.reload`` (the code
re-runs in the same module dictionary), and it is per process, so a kernel restart
starts from nothing, as the trainee's notebook does.
"""

from __future__ import annotations

import ast
import keyword
import re
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

from course.trainee import habits, slips

MARKER = "_sales_course_trainee_loop"


@dataclass
class Failure:
    """An answer name whose cell last stopped with an error, and why in plain words."""

    message: str
    cell_id: str | None = None


@dataclass
class LoopState:
    setup_ran: bool = False
    installed_in: int | None = None  # id() of the shell the hooks are installed in
    failures: dict[str, Failure] = field(default_factory=dict)
    cell: str = ""  # the source of the cell now running
    cell_id: str | None = None
    message: str | None = None  # the plain line shown for the running cell's error
    before: dict[str, Any] = field(default_factory=dict)  # the cell's names' values before it ran
    typed: dict[str, str] = field(default_factory=dict)  # the text last typed for ``name = ...``
    cells: dict[str, str] = field(default_factory=dict)  # the cell that last set ``name`` cleanly
    shown: dict[str, tuple[str, str]] = field(default_factory=dict)  # name: (value used, by what)
    tries: dict[str, list[str]] = field(default_factory=dict)  # question: the answers checked


try:  # keep the state across importlib.reload (hidden tests of older notebooks reload checks)
    STATE  # type: ignore[used-before-def]  # noqa: B018
except NameError:
    STATE = LoopState()


def shell() -> Any:
    """The running IPython shell, or ``None`` in a plain Python process."""
    if "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    return get_ipython()


def install() -> bool:
    """Turn the loop on in this kernel; True if an IPython shell now has it."""
    STATE.setup_ran = True
    ip = shell()
    if ip is None:
        return False
    if getattr(ip, MARKER, False):
        return True
    original_showtraceback = ip.showtraceback
    original_showsyntaxerror = ip.showsyntaxerror

    def showtraceback(
        exc_tuple=None, filename=None, tb_offset=None, exception_only=False, running_compiled_code=False
    ):
        if not _full_requested() and _show_plainly(ip, exc_tuple):
            return None
        return original_showtraceback(
            exc_tuple,
            filename=filename,
            tb_offset=tb_offset,
            exception_only=exception_only,
            running_compiled_code=running_compiled_code,
        )

    def showsyntaxerror(filename=None, running_compiled_code=False):
        if not _full_requested() and _show_plainly(ip, None):
            return None
        return original_showsyntaxerror(filename, running_compiled_code)

    ip.showtraceback = showtraceback
    ip.showsyntaxerror = showsyntaxerror
    # 0.35(40000 / 3) warns before it fails; the failure's own plain line says it all.
    warnings.filterwarnings("ignore", message=r".*perhaps you missed a comma", category=SyntaxWarning)
    ip.events.register("pre_run_cell", _pre_run_cell)
    ip.events.register("post_run_cell", _post_run_cell)
    setattr(ip, MARKER, True)
    STATE.installed_in = id(ip)
    return True


def active() -> bool:
    """True once set-up ran in this process (kernel)."""
    return STATE.setup_ran


def typed(name: str) -> str | None:
    """The text the trainee typed after ``name =`` in the cell that last set it cleanly, if known.

    ``-0,49`` runs as the pair ``(0, 49)``: only the text keeps the minus sign.
    """
    return getattr(STATE, "typed", {}).get(name)


def cell_text(name: str) -> str:
    """The text of the cell that last set ``name`` cleanly ("" if unknown): its words say the
    unit asked for ("in $M")."""
    return getattr(STATE, "cells", {}).get(name, "")


def failure(name: str) -> Failure | None:
    """Why the cell that assigns ``name`` last stopped, if it did and has not run cleanly since."""
    return STATE.failures.get(name)


# --- showing errors -------------------------------------------------------------------------


def _answer_cell_stopped(error: BaseException) -> str | None:
    """A name this cell uses is missing because its own answer cell failed: say that, since
    "run the cell that sets it" would send the trainee back to a cell they just ran."""
    name = getattr(error, "name", None) if isinstance(error, NameError) else None
    stopped = STATE.failures.get(name) if name else None
    if stopped is None or name in assigned_names(STATE.cell) + compared_names(STATE.cell):
        return None  # the failed answer cell itself, run again: its own slip is the news
    return f"{name} has no value: its answer cell stopped with an error ({stopped.message}); fix it and run it again"


def _show_plainly(ip: Any, exc_tuple: Any) -> bool:
    try:
        etype, value, _tb = ip._get_exc_info(exc_tuple)  # also sets sys.last_* for %tb
    except ValueError:
        return False
    try:
        message = _answer_cell_stopped(value) or slips.explain(value, STATE.cell)
    except Exception:  # noqa: BLE001  (never let the explainer hide the real error)
        message = None
    if message is None:
        return False
    STATE.message = message
    ip._showtraceback(
        etype,
        value,
        [
            f"✗ {message[0].upper()}{message[1:]}",
            f"  (Python's full message: run {slips.TB_COMMAND} in a new cell.)",
        ],
    )
    return True


_TB_REQUEST = re.compile(r"^\s*%(tb|debug)\b", re.MULTILINE)


def _full_requested() -> bool:
    """True while a ``%tb`` cell runs: Python's full message, syntax errors included."""
    return bool(_TB_REQUEST.search(STATE.cell))


# --- no stale answers -----------------------------------------------------------------------


_UNSET = object()


def _pre_run_cell(info: Any) -> None:
    STATE.cell = getattr(info, "raw_cell", "") or ""
    STATE.cell_id = getattr(info, "cell_id", None)
    STATE.message = None
    ip = shell()
    namespace = ip.user_ns if ip is not None else {}
    # What each name the cell assigns holds now: after an error, a name still holding it was
    # not assigned by this run (its old value would be stale).
    meant = [*assigned_names(STATE.cell), *deleted_equals(STATE.cell)]
    STATE.before = {name: namespace.get(name, _UNSET) for name in meant}


def _post_run_cell(result: Any) -> None:
    ip = shell()
    source = getattr(result.info, "raw_cell", STATE.cell) or ""
    cell_id = getattr(result.info, "cell_id", None)
    error = result.error_before_exec or result.error_in_exec
    names = assigned_names(source)
    lost_equals = deleted_equals(source)
    if error is None:
        for name in names:
            STATE.failures.pop(name, None)
        if cell_id is not None:
            for name in [n for n, f in STATE.failures.items() if f.cell_id == cell_id]:
                del STATE.failures[name]
        _note_typed(source)
        _note_comparisons(source)
        namespace = ip.user_ns if ip is not None else {}
        for name, message in lost_equals.items():
            # q -0.64 runs (it subtracts), so the old q would pass its check: clear it, say why.
            print(f"✗ {message[0].upper()}{message[1:]}")
            namespace.pop(name, None)
            STATE.failures[name] = Failure(message, cell_id)
        return
    if hasattr(error, "_render_traceback_"):  # a check cell that said "Not yet": nothing to clear
        return
    message = STATE.message or slips.headline(error, source)
    namespace = ip.user_ns if ip is not None else {}
    before, STATE.before = STATE.before, {}
    # A name the cell compares (q1 == "down") is one it meant to set: its record is this failure.
    names = list(dict.fromkeys(names + compared_names(source) + list(lost_equals)))
    if cell_id is not None:  # this cell's older failures say nothing about what it holds now
        for name in [n for n, f in STATE.failures.items() if f.cell_id == cell_id and n not in names]:
            del STATE.failures[name]
    for name in names:
        now = namespace.get(name, _UNSET)
        if result.error_before_exec is None and now is not _UNSET and now is not before.get(name, _UNSET):
            # Assigned by this run before it stopped: the trainee's current answer, not a stale one
            # (runaway code after the answers, stopped by the grader's timeout, keeps them).
            STATE.failures.pop(name, None)
            continue
        namespace.pop(name, None)
        # q -0.64 with q already cleared stops with a NameError: the lost = is still the slip.
        STATE.failures[name] = Failure(lost_equals.get(name, message), cell_id)


def deleted_equals(source: str) -> dict[str, str]:
    """Answers whose ``=`` was deleted on a line that still parses (``q -0.64``, ``q (4, 4)``):
    each name, typed before as ``name = ...``, with the plain line that says so."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    lines = source.splitlines()
    found: dict[str, str] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.Expr) or statement.lineno != statement.end_lineno:
            continue
        line = lines[statement.lineno - 1].strip()
        match = _MISSING_EQUALS.match(line)
        rest = line[len(match.group(1)) :].strip() if match else ""
        if rest.startswith("-") and not re.match(r"-[\d.]", rest):
            continue  # total - 5 is arithmetic someone meant; q -0.64 is an answer that lost its =
        if match and match.group(1) in STATE.typed and match.group(1) not in _NOT_ANSWERS:
            name = match.group(1)
            found[name] = f"the = is missing after {name}: write {name} = {rest}"
    return found


def compared_names(source: str) -> list[str]:
    """Names a cell compares at top level with ``==`` (``q1 == "down"``): meant as answers."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        statement.value.left.id
        for statement in tree.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Compare)
        and isinstance(statement.value.left, ast.Name)
        and len(statement.value.ops) == 1
        and isinstance(statement.value.ops[0], ast.Eq)
    ]


def _note_typed(source: str) -> None:
    """Remember the text after ``name =`` for each one-name assignment the cell makes."""
    for kept in ("typed", "cells", "shown"):  # a state kept across a reload from an older version
        if not hasattr(STATE, kept):
            setattr(STATE, kept, {})
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            text = ast.get_source_segment(source, statement.value)
            if text is not None:
                STATE.typed[statement.targets[0].id] = text
                STATE.cells[statement.targets[0].id] = source


def _note_comparisons(source: str) -> None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    # "Acme" "Borealis" runs (it is "AcmeBorealis"), so only the text says the slip.
    side_by_side = slips.adjacent_texts(source, same_line=True)
    if side_by_side:
        _line, first, second = side_by_side
        print(f"✗ A comma is missing between {first} and {second}: Python joined them into one text")
    # ["Acme, Borealis"] runs (one name with a comma in it), so only the text says the slip.
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and len(node.elts) == 1 and isinstance(node.elts[0], ast.Constant):
            several = habits.one_text_for_several([node.elts[0].value])
            if several:
                print(f"✗ {several[0].upper()}{several[1:]}")
                break
    # 2 ^ 4 runs (it is 6, a bitwise operation), so only the text says the slip.
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
            typed = ast.get_source_segment(source, node) or "2 ^ 4"
            print(f"✗ ^ is not 'to the power of' in Python: use **, as in {typed.replace('^', '**')}")
            break
    for statement in tree.body:
        value = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(value, ast.Compare)
            and isinstance(value.left, ast.Name)
            and len(value.ops) == 1
            and isinstance(value.ops[0], ast.Eq)
        ):
            name, right = value.left.id, ast.unparse(value.comparators[0]).replace("'", '"')
            print(
                f"✗ {name} == {right} only compares: to give {name} a value, use one = sign: {name} = {right}"
            )


_ASSIGNED_LINE = re.compile(
    r"^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]*)?(?:[-+*/%]|//|\*\*)?=(?!=)"
)
# A name, then a value where = should be: q "down", q 12, q [1, 2].
_MISSING_EQUALS = re.compile(r"^([A-Za-z_]\w*)\s+[\"'\d\[{(-]")
_NOT_ANSWERS = {*keyword.kwlist, *keyword.softkwlist, "print"}
_DEF_LINE = re.compile(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)")


def assigned_names(source: str) -> list[str]:
    """The names a cell binds at top level: assignments and ``def``/``class`` names.

    Read with :mod:`ast`; a cell that does not parse (a syntax error) is read line by
    line instead, so its names are found all the same. Imports are left out.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _assigned_names_by_line(source)
    found: list[str] = []
    _collect(tree.body, found)
    return list(dict.fromkeys(found))


def _collect(statements: list[ast.stmt], found: list[str]) -> None:
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append(statement.name)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                _targets(target, found)
        elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
            _targets(statement.target, found)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            _targets(statement.target, found)
        for block in ("body", "orelse", "finalbody"):
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                _collect(getattr(statement, block, []) or [], found)
        for handler in getattr(statement, "handlers", []) or []:
            _collect(handler.body, found)


def _targets(target: ast.AST, found: list[str]) -> None:
    if isinstance(target, ast.Name):
        found.append(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _targets(element, found)
    elif isinstance(target, ast.Starred):
        _targets(target.value, found)


def _assigned_names_by_line(source: str) -> list[str]:
    """Names a cell that does not parse would bind, read line by line.

    An indented line counts too (``    q2_grr = 75``, indented by accident, is often the
    very slip), unless it sits in the body of a ``def`` or ``class``, whose names are local.
    """
    found: list[str] = []
    in_body = False
    for line in source.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indented = line[0].isspace()
        if not indented:
            in_body = bool(_DEF_LINE.match(line)) or line.startswith("@")
        elif in_body:
            continue
        definition = _DEF_LINE.match(line.lstrip())
        if definition:
            found.append(definition.group(1))
            in_body = True
            continue
        assignment = _ASSIGNED_LINE.match(line.lstrip())
        missing_equals = _MISSING_EQUALS.match(line.lstrip())
        if missing_equals and missing_equals.group(1) not in _NOT_ANSWERS:
            # q "down": the = deleted; the old value of q must not pass for this answer.
            found.append(missing_equals.group(1))
        if assignment:
            found += [name.strip() for name in assignment.group(1).split(",")]
            # q1 = "higher", q2 = "lower": the second answer on the same line
            found += re.findall(r",\s*([A-Za-z_]\w*)\s*=(?!=)", line)
    return list(dict.fromkeys(found))
