"""The answers as plain data: what may cross from a trainee's kernel to the trusted judge.

A trainee's kernel runs untrusted code, so nothing it holds is trusted: not its objects
(a float whose ``__float__`` peeks into the caller's frame, a class whose ``__eq__`` is
always true), not its modules. What crosses is text, checked here on arrival:

- JSON, at most :data:`MAX_BYTES`, decoded by :func:`decode`, which accepts only
  ``str``, ``int``, ``float``, ``bool``, ``None``, lists, and two tagged forms that JSON
  lacks: ``{"tuple": [...]}`` and ``{"dict": [[key, value], ...]}`` (keys stay ints,
  as in ``q4_labels = {1: "E"}``). Anything else is refused for that answer alone.
- For an answer that is a function: its results on the inputs the tests call it with
  (found by the judge's dry run against the instructor's own solution), each a plain
  value or the name of the error it raised. Before it is called, every function of the
  course's models in the kernel has its code swapped for a tripwire: a function answer
  that calls the course's own model (``course.scenarios``) gets no credit, flagged. (The
  kernel is untrusted, so this is a tripwire for the obvious route, not a proof: see
  docs/GRADING_SECURITY.md.)
- numpy scalars and arrays are converted to plain numbers and lists in the kernel
  (``np.float64(1.5)`` is sent as ``1.5``); on arrival they are plain data like any other.

:data:`KERNEL_CODE` is what runs in the kernel, after the notebook's own cells, to send
them: it is a best effort for honest notebooks, and whatever a hostile one sends instead
is only data that :func:`read_payload` validates.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

MAX_BYTES = 1024**2  # every answer of one notebook, encoded
MAX_DEPTH = 16
MAX_ITEMS = 20_000
MIME = "application/x-sales-course-answers"
# What a function answer raises, in the kernel, when it calls a function of the course's models.
MODEL_CALLED = "it calls the course's own model (course.scenarios) instead of computing its result"


class NotPlain(ValueError):
    """A value that is not plain data."""


def encode(value: Any, depth: int = 0) -> Any:
    """A plain value as JSON-able data (trusted side: the judge's dry run)."""
    if depth > MAX_DEPTH:
        raise NotPlain("nested too deep")
    kind = type(value)  # compared by identity: a metaclass can make == say anything
    if value is None or kind is bool or kind is int or kind is str:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if kind is list:
        return [encode(v, depth + 1) for v in value]
    if kind is tuple:
        return {"tuple": [encode(v, depth + 1) for v in value]}
    if kind is dict:
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    raise NotPlain(f"a {kind.__name__}, not plain data")


def decode(data: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """Plain data from JSON-decoded ``data``, checked by exact type; raises :class:`NotPlain`."""
    budget = budget if budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    if budget[0] < 0:
        raise NotPlain("too many items")
    if depth > MAX_DEPTH:
        raise NotPlain("nested too deep")
    kind = type(data)
    if data is None or kind is bool or kind is int or kind is float or kind is str:
        return data
    if kind is list:
        return [decode(v, depth + 1, budget) for v in data]
    if kind is dict and len(data) == 1:
        ((tag, body),) = data.items()
        if tag == "tuple" and type(body) is list:
            return tuple(decode(v, depth + 1, budget) for v in body)
        if tag == "float" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag == "dict" and type(body) is list:
            found: dict[Any, Any] = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2:
                    raise NotPlain("a dictionary entry is not a pair")
                key = decode(pair[0], depth + 1, budget)
                if type(key) not in (str, int, float, bool, type(None)):
                    raise NotPlain("a dictionary key is not text or a number")
                found[key] = decode(pair[1], depth + 1, budget)
            return found
    raise NotPlain(f"unexpected {kind.__name__} in the data")


def args_key(args: tuple[Any, ...]) -> str:
    """The canonical text of a call's arguments (how recorded results are looked up)."""
    return json.dumps(encode(tuple(args)), sort_keys=True)


def read_payload(
    text: Any, names: list[str], functions: dict[str, list[Any]]
) -> tuple[dict[str, Any], list[str]]:
    """Check what a kernel sent. Returns (answers, problems): ``answers`` maps each answer
    name to a plain value or a :class:`Replay` of a function's recorded results; an answer
    that is missing or not plain is left out (its tests fail), with a problem that says why."""
    problems: list[str] = []
    if not isinstance(text, str):
        return {}, ["the kernel sent no answers (the notebook stopped them from being read)"]
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        return {}, [f"the answers are over {MAX_BYTES // 1024} KiB: none were read"]
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        return {}, [f"the answers sent were not readable data ({type(error).__name__})"]
    if type(data) is not dict:
        return {}, ["the answers sent were not readable data"]
    values = data.get("values") if type(data.get("values")) is dict else {}
    calls = data.get("functions") if type(data.get("functions")) is dict else {}
    answers: dict[str, Any] = {}
    for name in names:
        if name in functions:
            recorded = calls.get(name)
            if recorded is None and name in values:
                try:  # a plain value where the tests expect a function: the tests say so
                    answers[name] = decode(values[name])
                except NotPlain as error:
                    problems.append(f"{name}: not plain data ({error}): not graded")
                continue
            if type(recorded) is not list:
                continue  # missing: the tests report it
            if any(
                type(entry) is list and len(entry) == 2 and MODEL_CALLED in str(entry[1])
                for entry in recorded[: len(functions[name]) + 1]
            ):
                problems.append(f"{name}: {MODEL_CALLED}: not graded")
                continue
            try:
                answers[name] = Replay(name, recorded, functions[name])
            except NotPlain as error:
                problems.append(f"{name}: its results are not plain data ({error}): not graded")
            continue
        if name not in values:
            continue
        try:
            answers[name] = decode(values[name])
        except (NotPlain, RecursionError) as error:
            problems.append(f"{name}: not plain data ({error}): not graded")
    unplain = data.get("unplain")
    if type(unplain) is dict:
        for name, kind in unplain.items():
            if name in names and name not in answers:
                problems.append(f"{name} is a {str(kind)[:40]}, not plain data: not graded")
    return answers, problems


class Replay:
    """A function answer in the judge: replays the results the trainee's function gave on
    the inputs the tests use. An input that was not recorded fails the test that uses it."""

    def __init__(self, name: str, recorded: list[Any], inputs: list[Any]) -> None:
        self.__name__ = self.__qualname__ = name
        allowed = {json.dumps(args, sort_keys=True) for args in inputs}
        self._results: dict[str, tuple[str, Any]] = {}
        for entry in recorded[: len(inputs) + 1]:
            if type(entry) is not list or len(entry) != 2 or type(entry[1]) is not dict:
                raise NotPlain("a recorded call is not [arguments, result]")
            key = json.dumps(entry[0], sort_keys=True)
            if key not in allowed:
                continue
            result = entry[1]
            if "ok" in result:
                self._results[key] = ("ok", decode(result["ok"]))
            else:
                self._results[key] = ("error", str(result.get("error", "an error"))[:200])

    def __call__(self, *args: Any) -> Any:
        try:
            key = args_key(args)
        except NotPlain:
            key = ""
        kind, value = self._results.get(key, ("missing", None))
        if kind == "ok":
            return value
        if kind == "error":
            raise _as_raised(value)
        raise RuntimeError(f"{self.__name__} was not run on these inputs when the notebook was graded")

    def __repr__(self) -> str:
        return f"<function {self.__name__}>"


def _as_raised(text: str) -> Exception:
    """The error a function answer raised in the kernel, from its text ("ZeroDivisionError:
    division by zero"): a built-in exception of that name, so the checks explain it as they
    would have in the kernel; anything else a RuntimeError with the text."""
    import builtins

    name, _, message = text.partition(": ")
    kind = getattr(builtins, name, None) if name.isidentifier() else None
    if isinstance(kind, type) and issubclass(kind, Exception) and not issubclass(kind, OSError):
        with contextlib.suppress(Exception):
            return kind(message)
    return RuntimeError(text)


# What runs in the trainee's kernel once its cells have run (see the module's docstring).
# It reads the answer names from the kernel's namespace, calls a function answer on the
# recorded inputs (two seconds each at most), and publishes one display message.
KERNEL_CODE = r"""
def __sales_course_send_answers__(plan, namespace):
    import json as _json, math as _math, signal as _signal, sys as _sys
    from IPython.display import publish_display_data as _publish

    _np = _sys.modules.get("numpy")

    def _encode(value, depth=0):
        if depth > 16:
            raise ValueError("nested too deep")
        if _np is not None and isinstance(value, (_np.generic, _np.ndarray)):
            if isinstance(value, _np.ndarray) and value.size > 20000:
                raise ValueError("array too large")
            value = value.tolist() if isinstance(value, _np.ndarray) else value.item()
        kind = type(value)  # compared by identity: a metaclass can make == say anything
        if value is None or kind is bool or kind is int or kind is str:
            return value
        if kind is float:
            return value if _math.isfinite(value) else {"float": repr(value)}
        if kind is list:
            return [_encode(v, depth + 1) for v in value]
        if kind is tuple:
            return {"tuple": [_encode(v, depth + 1) for v in value]}
        if kind is dict:
            return {"dict": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]}
        raise ValueError(kind.__name__)

    def _decode(data):
        if type(data) is list:
            return [_decode(v) for v in data]
        if type(data) is dict:
            ((tag, body),) = data.items()
            if tag == "tuple":
                return tuple(_decode(v) for v in body)
            if tag == "float":
                return float(body)
            return {_decode(k): _decode(v) for k, v in body}
        return data

    class _Slow(BaseException):
        pass

    def _alarm(signum, frame):
        raise _Slow()

    def _tripwire(*args, **kwargs):
        raise RuntimeError("%(marker)s")

    def _model_off():
        # Every function of the course's models, in place (its code swapped, so a reference
        # kept under another name trips too): a function answer must compute its result itself.
        for module_name, module in list(_sys.modules.items()):
            if not module_name.startswith("course.scenarios") or module is None:
                continue
            for item in list(vars(module).values()):
                for inner in [item, *vars(item).values()] if isinstance(item, type) else [item]:
                    inner = getattr(inner, "__func__", inner)
                    if type(inner) is type(_tripwire) and getattr(inner, "__module__", "") == module_name:
                        try:  # a closure keeps its code (its cells would not fit)
                            inner.__code__ = _tripwire.__code__
                        except Exception:
                            pass

    values, unplain, functions = {}, {}, {}
    if any(name in plan["functions"] for name in plan["names"]):
        _model_off()
    for name in plan["names"]:
        if name not in namespace:
            continue
        value = namespace[name]
        if name in plan["functions"] and callable(value):
            results = []
            for args in plan["functions"][name]:
                previous = _signal.signal(_signal.SIGALRM, _alarm)
                _signal.setitimer(_signal.ITIMER_REAL, 2.0)
                try:
                    results.append([args, {"ok": _encode(value(*_decode(args)))}])
                except _Slow:
                    results.append([args, {"error": "it took more than 2 seconds"}])
                except BaseException as error:
                    results.append([args, {"error": type(error).__name__ + ": " + str(error)[:150]}])
                finally:
                    _signal.setitimer(_signal.ITIMER_REAL, 0)
                    _signal.signal(_signal.SIGALRM, previous)
            functions[name] = results
            continue
        try:
            values[name] = _encode(value)
        except Exception:
            unplain[name] = type(value).__name__
    text = _json.dumps({"values": values, "unplain": unplain, "functions": functions})
    _publish({"%(mime)s": text})


try:
    __sales_course_send_answers__(%(plan)s, globals())
finally:
    del __sales_course_send_answers__
"""


def kernel_code(names: list[str], functions: dict[str, list[Any]]) -> str:
    """The code that sends a notebook's answers, for the names and function inputs of its plan."""
    plan = json.dumps({"names": names, "functions": functions})
    return KERNEL_CODE % {
        "mime": MIME,
        "plan": f"__import__('json').loads({plan!r})",
        "marker": MODEL_CALLED,
    }
