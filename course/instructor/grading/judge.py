"""The trusted judge: scores a submission in a process that never ran trainee code.

It reads the INSTRUCTOR notebook (from the course's source folder, never the trainee's
copy) and runs, in a plain Python process:

1. the set-up cell, and the locked cells that bind a name a test cell reads (today
   ``review_options``), as the instructor wrote them;
2. with the answer names (those the instructor notebook's answer cells bind, found with
   :mod:`ast`) bound to the plain data the trainee's kernel sent (see
   :mod:`course.instructor.grading.answers`): a function answer is a
   :class:`~course.instructor.grading.answers.Replay` of its recorded results;
3. each test cell's full instructor source, visible and hidden tests, scored as nbgrader
   scores it: an exception is 0, a number as the last expression is partial credit, else
   the cell's points.

:func:`plan` is the dry run that finds the inputs the tests call each function answer
with: the same run, against the instructor's own solution, recording the calls.

``python -m course.instructor.grading.judge`` is the judge process: it reads one JSON
request a line, forks a child per request (so no request sees another's state) and
writes one JSON reply a line. :class:`Judge` is its client.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from course.instructor.grading import answers as plain

CELL_SECONDS = 20  # one instructor test cell, on plain data (the model runs in well under a second)


# --------------------------------------------------------------------------- reading the notebook


def _python(source: str) -> str:
    """A cell's source as Python: IPython magics become get_ipython() calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    with contextlib.suppress(Exception):
        return TransformerManager().transform_cell(source)
    return source


def top_level_names(source: str) -> tuple[list[str], list[str]]:
    """(every name the cell binds at top level, the ones it binds with ``def``), in order."""
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return [], []
    names: list[str] = []
    functions: list[str] = []

    def add(name: str) -> None:
        if name not in names:
            names.append(name)

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            add(node.name)
            functions.append(node.name)
        elif isinstance(node, ast.ClassDef):
            add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for inner in ast.walk(target):
                    if isinstance(inner, ast.Name):
                        add(inner.id)
    return names, functions


def _loaded_names(source: str) -> set[str]:
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return set()
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return loaded - bound - set(dir(builtins))


def read_notebook(path: Path) -> dict[str, Any]:
    """The cells the judge runs, from an instructor notebook (read once per version of the file)."""
    return _read_notebook(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _read_notebook(path: str, version: int) -> dict[str, Any]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    setup, answers, tests, others = "", [], [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            answers.append(cell.source)
        elif meta.get("grade") and not meta.get("solution"):
            tests.append(
                {"grade_id": meta["grade_id"], "points": float(meta.get("points", 0)), "source": cell.source}
            )
        elif meta.get("grade_id") == "setup" and not setup:
            setup = cell.source
        elif meta.get("locked"):
            others.append(cell.source)
    names: list[str] = []
    functions: list[str] = []
    for source in answers:
        found, defs = top_level_names(source)
        names += [n for n in found if n not in names]
        functions += [f for f in defs if f not in functions]
    setup_names = set(top_level_names(setup)[0]) | _imported(setup)
    needed = set().union(*(_loaded_names(t["source"]) for t in tests)) - setup_names - set(names)
    context = [source for source in others if needed & (set(top_level_names(source)[0]) | _imported(source))]
    return {"setup": setup, "context": context, "tests": tests, "names": names, "functions": functions}


def _imported(source: str) -> set[str]:
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return set()
    return {
        (a.asname or a.name).split(".")[0]
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for a in node.names
    }


# --------------------------------------------------------------------------- running cells


class _CellTooSlow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _CellTooSlow(f"the test took more than {CELL_SECONDS} s")


def run_cell(
    source: str, namespace: dict[str, Any], outputs: list[dict[str, Any]] | None = None
) -> tuple[bool, Any, str]:
    """Run one cell as IPython would (the last expression is its result): (ok, result, error).

    With ``outputs``, the cell's outputs as nbformat output dicts are appended to it, as a
    kernel would have shown them: what it printed, then its error or its numeric result
    (what nbgrader reads to score a test cell)."""
    printed = io.StringIO()
    try:
        tree = ast.parse(_python(source))
    except SyntaxError as error:
        _add_error(outputs, error, source)
        return False, None, f"SyntaxError: {error}"
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CELL_SECONDS)
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(tree, "<instructor cell>", "exec"), namespace)  # noqa: S102  (the instructor's own code)
            result = (
                eval(compile(ast.Expression(last.value), "<instructor cell>", "eval"), namespace)
                if last
                else None
            )  # noqa: S307
        _add_printed(outputs, printed)
        if outputs is not None and type(result) in (int, float):
            outputs.append(
                {"output_type": "execute_result", "execution_count": None, "metadata": {},
                 "data": {"text/plain": repr(result)}}
            )  # fmt: skip
        return True, result, ""
    except Exception as error:
        _add_printed(outputs, printed)
        _add_error(outputs, error, source)
        return False, None, f"{type(error).__name__}: {error}"[:300]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


MAX_PRINTED = 64 * 1024  # characters of one test cell's printed output kept for the feedback


def _add_printed(outputs: list[dict[str, Any]] | None, printed: io.StringIO) -> None:
    text = printed.getvalue()
    if outputs is not None and text:
        if len(text) > MAX_PRINTED:
            text = text[:MAX_PRINTED] + "\n[cut]\n"
        outputs.append({"output_type": "stream", "name": "stdout", "text": text})


def _add_error(outputs: list[dict[str, Any]] | None, error: BaseException, source: str) -> None:
    """The error output a trainee's kernel with the course's set-up would show: a check's own
    plain lines (its ``_render_traceback_``), else the course's plain line for the slip."""
    if outputs is None:
        return
    lines: list[str] = []
    with contextlib.suppress(Exception):
        render = getattr(error, "_render_traceback_", None)
        if callable(render):
            lines = [str(line) for line in render()]
    if not lines:
        message = None
        with contextlib.suppress(Exception):
            from course.trainee import slips

            message = slips.explain(error, source)
        text = message or f"{type(error).__name__}: {error}"
        lines = [f"✗ {text[0].upper()}{text[1:]}" if message else text]
    outputs.append(
        {"output_type": "error", "ename": type(error).__name__, "evalue": str(error)[:2000],
         "traceback": [line[:2000] for line in lines[:40]]}
    )  # fmt: skip


def _score(ok: bool, result: Any, points: float) -> float:
    """nbgrader's rule for a code test cell: error 0, a number as its result partial credit, else full."""
    if not ok:
        return 0.0
    if type(result) in (int, float) and result == result:
        return max(0.0, min(float(result), points))
    return points


def _fresh_namespace() -> dict[str, Any]:
    return {"__name__": "__main__", "__builtins__": builtins}


class _Recorder:
    """The instructor's own function, noting the inputs the tests give it (dry run)."""

    def __init__(self, function: Any, calls: list[Any]) -> None:
        self.function, self.calls = function, calls

    def __call__(self, *args: Any) -> Any:
        with contextlib.suppress(plain.NotPlain):
            encoded = plain.encode(tuple(args))
            if encoded not in self.calls:
                self.calls.append(encoded)
        return self.function(*args)


def plan(path: Path) -> dict[str, Any]:
    """Run the instructor notebook against its own solution and record what the judge needs:
    the answer names, the inputs each function answer is called with, and the instructor's
    own scores (every test should pass against the solution)."""
    import nbformat

    cells = read_notebook(path)
    namespace = _fresh_namespace()
    problems = []
    ok, _, error = run_cell(cells["setup"], namespace)
    if not ok:
        problems.append(f"set-up cell: {error}")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            ok, _, error = run_cell(cell.source, namespace)
            if not ok:
                problems.append(f"answer cell {meta.get('grade_id')}: {error}")
    for source in cells["context"]:
        run_cell(source, namespace)
    calls: dict[str, list[Any]] = {name: [] for name in cells["functions"]}
    for name in cells["functions"]:
        if callable(namespace.get(name)):
            namespace[name] = _Recorder(namespace[name], calls[name])
    scores = {}
    for test in cells["tests"]:
        ok, result, error = run_cell(test["source"], namespace)
        scores[test["grade_id"]] = _score(ok, result, test["points"])
        if not ok:
            problems.append(f"{test['grade_id']} fails against the instructor's solution: {error}")
    return {"names": cells["names"], "functions": calls, "scores": scores, "problems": problems}


def judge(path: Path, the_plan: dict[str, Any], payload: Any) -> dict[str, Any]:
    """Score one submission's answers (``payload``: the text its kernel sent)."""
    cells = read_notebook(path)
    found, problems = plain.read_payload(payload, the_plan["names"], the_plan["functions"])
    namespace = _fresh_namespace()
    ok, _, error = run_cell(cells["setup"], namespace)
    if not ok:
        problems.append(f"the instructor's set-up cell failed in the judge: {error}")
    namespace.update(found)
    for source in cells["context"]:
        run_cell(source, namespace)
        namespace.update(found)  # a locked cell never re-binds an answer
    scores, errors, outputs = {}, {}, {}
    for test in cells["tests"]:
        shown: list[dict[str, Any]] = []
        ok, result, error = run_cell(test["source"], namespace, shown)
        scores[test["grade_id"]] = _score(ok, result, test["points"])
        outputs[test["grade_id"]] = shown
        if error:
            errors[test["grade_id"]] = error
    return {
        "scores": scores,
        "errors": errors,
        "outputs": outputs,
        "problems": problems,
        "read": sorted(found),
    }


# --------------------------------------------------------------------------- the judge process


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    path = Path(request["notebook"])
    os.chdir(path.parent)
    if request["do"] == "plan":
        return plan(path)
    return judge(path, request["plan"], request.get("payload"))


def serve() -> None:
    """Answer requests from stdin, one child process each; replies on stdout."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # prints of the instructor's cells go nowhere
    # Imported once here, for every child: a child only runs cells.
    import importlib
    import pkgutil

    import nbformat  # noqa: F401
    from IPython.core.inputtransformer2 import TransformerManager  # noqa: F401

    import course.scenarios
    import course.trainee.checks  # noqa: F401

    for scenario in pkgutil.iter_modules(course.scenarios.__path__):  # every module's model
        with contextlib.suppress(ImportError):
            importlib.import_module(f"course.scenarios.{scenario.name}")
    for line in sys.stdin:
        with contextlib.suppress(Exception):  # the notebook parsed here, once, for every child
            read_notebook(Path(json.loads(line)["notebook"]))
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                sys.stdout = io.StringIO()
                reply = {"ok": True, "reply": _answer(json.loads(line))}
            except BaseException as error:  # noqa: BLE001  (reported to the grader)
                reply = {"ok": False, "error": f"{type(error).__name__}: {error}"[:500]}
            with os.fdopen(write, "w", encoding="utf-8") as out:
                out.write(json.dumps(reply))
            os._exit(0)
        os.close(write)
        with os.fdopen(read, encoding="utf-8") as got:
            text = got.read()
        os.waitpid(pid, 0)
        replies.write((text or json.dumps({"ok": False, "error": "the judge stopped"})) + "\n")
        replies.flush()


class Judge:
    """A judge process of its own (started lazily, kept for the worker's life)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from course.instructor.grading.judge import serve; serve()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        self.start()
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError("the trusted judge stopped")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise RuntimeError(f"the trusted judge failed: {reply.get('error')}")
        return reply["reply"]

    def plan(self, notebook: Path) -> dict[str, Any]:
        return self.ask({"do": "plan", "notebook": str(notebook)})

    def judge(self, notebook: Path, the_plan: dict[str, Any], payload: Any) -> dict[str, Any]:
        return self.ask({"do": "judge", "notebook": str(notebook), "plan": the_plan, "payload": payload})

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.process.stdin.close()  # type: ignore[union-attr]
                self.process.wait(timeout=10)
            with contextlib.suppress(Exception):
                self.process.kill()
                self.process.wait()
            self.process = None


if __name__ == "__main__":
    serve()
