"""Nothing a trainee wrote runs in the instructor's browser: autograded notebooks made inert.

The instructor opens every submission in nbgrader's formgrader (with a session that can change
every grade) and the feedback pages are HTML files. Both are rendered by nbconvert from the
autograded notebook, and nbconvert (7.x) passes a markdown cell's raw HTML, a raw cell marked
``text/html``, ``text/html``/``application/javascript``/SVG outputs, ``javascript:`` links and
the notebook's widget state through as live markup. nbconvert's own ``sanitize_html`` switch
covers only its exporter (formgrader makes its own, without it), so the notebook itself is made
inert once, at autograde time, before formgrader or feedback ever read it:

- outputs keep only ``text/plain``, ``image/png`` and ``image/jpeg`` (images checked to be
  base64, nothing else); an output that had only HTML keeps that HTML as plain text, so the
  instructor still sees what came, and PNG/JPEG pictures embedded in HTML (the course's tables
  with a plot) become picture outputs of their own; output metadata (sizes a template writes
  into attributes) is dropped;
- a markdown cell the trainee could write (every cell nbgrader does not restore from the
  instructor's source) that holds a ``<`` or a script link is shown as text, in a fenced code
  block, exactly as written; one without stays markdown (headings, lists, emphasis);
- raw cells are shown as escaped text; cell tags are cut to safe characters; attachments keep
  only PNG/JPEG; the notebook's widget state and title are dropped.

Feedback pages also get a Content-Security-Policy (:func:`protect_feedback`) that forbids every
script, so anything this misses still cannot run there. Plots (PNG) and printed text show as
before.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import nbformat

SAFE_TYPES = ("text/plain", "image/png", "image/jpeg")
IMAGES = ("image/png", "image/jpeg")
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
_TAG = re.compile(r"[^A-Za-z0-9_\-]")
_SCRIPT_LINK = re.compile(r"(javascript|vbscript|livescript):", re.IGNORECASE)
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info", "nbgrader")
# Every script forbidden; inline styles and data: images (plots) allowed; no form, no base.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _restored(cell: Any) -> bool:
    """A cell nbgrader overwrites with the instructor's source at autograde (locked, not an answer)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(meta, dict) and bool(meta.get("locked")) and not meta.get("solution")


def as_text_block(source: str, why: str) -> str:
    """``source`` in a fenced code block (markdown renders it as escaped text), with a note."""
    longest = max((len(run) for run in re.findall(r"~+", source)), default=0)
    fence = "~" * max(3, longest + 1)
    return f"*(Shown as text by the grader: {why}.)*\n\n{fence}\n{source}\n{fence}"


def _shown_as_text(source: str) -> bool:
    """Whether ``source`` is already one block made by :func:`as_text_block` (a second pass)."""
    head, _, rest = source.partition("\n\n")
    fence, _, body = rest.partition("\n")
    why = re.fullmatch(r"\*\(Shown as text by the grader: (.*)\.\)\*", head)
    inner = body.removesuffix(f"\n{fence}")
    return bool(why and re.fullmatch("~{3,}", fence)) and as_text_block(inner, why.group(1)) == source


def _markdown(source: str) -> str:
    if _shown_as_text(source):
        return source
    probe = re.sub(r"[\s\x00-\x1f]", "", html.unescape(source))
    if "<" in source or "<" in probe:
        return as_text_block(source, "it held HTML")
    if _SCRIPT_LINK.search(probe):  # nbconvert's markdown keeps [x](javascript:...) links
        return as_text_block(source, "it held a script link")
    return source


def _output(output: Any) -> Any | None:
    """The output reduced to safe types, or None to drop it."""
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return nbformat.v4.new_output("stream", name=name, text=_text(output.get("text")))
    if kind == "error":
        return nbformat.v4.new_output(
            "error",
            ename=_text(output.get("ename")),
            evalue=_text(output.get("evalue")),
            traceback=[t for t in output.get("traceback", []) if isinstance(t, str)],
        )
    if kind not in ("display_data", "execute_result"):
        return None
    data = output.get("data") or {}
    kept: dict[str, str] = {}
    for mime in SAFE_TYPES:
        value = _text(data.get(mime))
        if mime in data and (mime not in IMAGES or (value and _BASE64.match(value))):
            kept[mime] = value
    dropped = sorted(k for k in data if k not in kept)
    if "text/plain" not in kept and not any(m in kept for m in IMAGES):
        html_source = _text(data.get("text/html")) or _text(data.get("text/markdown"))
        kept["text/plain"] = (
            html_source if html_source else f"[output removed by the grader: {', '.join(dropped) or 'empty'}]"
        )
    if kind == "execute_result":
        count = output.get("execution_count")
        return nbformat.v4.new_output(
            "execute_result", data=kept, execution_count=count if isinstance(count, int) else None
        )
    return nbformat.v4.new_output("display_data", data=kept)


def _pictures(output: Any) -> list[Any]:
    """The PNG and JPEG pictures an HTML output embedded (the course's tables with a plot do),
    each as an output of its own: the text stays beside them (a page shows one type per output)."""
    data = output.get("data") or {}
    if output.get("output_type") not in ("display_data", "execute_result") or any(m in data for m in IMAGES):
        return []
    found = re.findall(r"data:(image/(?:png|jpeg));base64,([A-Za-z0-9+/=]+)", _text(data.get("text/html")))
    return [nbformat.v4.new_output("display_data", data={mime: value}) for mime, value in found[:20]]


def sanitize_notebook(nb: Any) -> int:
    """Make ``nb`` (an autograded notebook, changed in place) inert; return how many parts changed."""
    changed = 0
    for key in list(nb.metadata):
        if key not in KEPT_NOTEBOOK_METADATA:
            del nb.metadata[key]
            changed += 1
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        if tags is not None:
            safe = [_TAG.sub("", t) for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
            if safe != tags:
                cell.metadata["tags"] = safe
                changed += 1
        for name in ("raw_mimetype", "format"):
            if cell.cell_type == "raw" and name in cell.metadata:
                del cell.metadata[name]
        if "attachments" in cell:
            for file_name in list(cell.attachments):
                bundle = cell.attachments[file_name]
                safe_bundle = {
                    m: v
                    for m, v in (bundle.items() if isinstance(bundle, dict) else [])
                    if m in IMAGES and isinstance(v, str) and _BASE64.match(v)
                }
                if safe_bundle != bundle:
                    changed += 1
                if safe_bundle:
                    cell.attachments[file_name] = safe_bundle
                else:
                    del cell.attachments[file_name]
        if cell.cell_type == "raw":  # nbconvert writes a raw cell's source into the page as it is
            escaped = cell.source.replace("<", "&lt;")
            changed += escaped != cell.source
            cell.source = escaped
        elif cell.cell_type == "markdown" and not _restored(cell):
            safe_source = _markdown(cell.source)
            changed += safe_source != cell.source
            cell.source = safe_source
        elif cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                safe_output = _output(output)
                outputs += ([safe_output] if safe_output is not None else []) + _pictures(output)
            changed += outputs != cell.get("outputs", [])
            cell.outputs = outputs
            if not isinstance(cell.get("execution_count"), (int, type(None))):
                cell.execution_count = None
    return changed


def sanitize_folder(folder: Path) -> int:
    """Make every autograded notebook in ``folder`` inert (rewritten in place); return the changes.
    nbgrader leaves autograded files read-only: each is written anew with the same mode."""
    changed = 0
    for path in sorted(folder.glob("*.ipynb")):
        # nbformat's v4 reader and writer without its schema check (nbgrader wrote and checked
        # the notebook; the check costs ~0.2 s a notebook).
        nb = nbformat.v4.reads(path.read_text(encoding="utf-8"))
        count = sanitize_notebook(nb)
        if count:
            mode = path.stat().st_mode & 0o777
            path.chmod(mode | 0o200)
            path.write_text(nbformat.v4.writes(nb) + "\n", encoding="utf-8")
            path.chmod(mode)
            changed += count
    return changed


def protect_feedback(folder: Path) -> int:
    """Put the Content-Security-Policy at the top of every feedback page's ``<head>`` in
    ``folder``: no script runs there, whatever the page holds. Return how many pages."""
    done = 0
    for path in sorted(folder.rglob("*.html")):
        page = path.read_text(encoding="utf-8", errors="replace")
        if CSP_META in page:
            continue
        head = re.search(r"<head[^>]*>", page, re.IGNORECASE)
        page = (page[: head.end()] + CSP_META + page[head.end() :]) if head else CSP_META + page
        mode = path.stat().st_mode & 0o777
        path.chmod(mode | 0o200)
        path.write_text(page, encoding="utf-8")
        path.chmod(mode)
        done += 1
    return done
