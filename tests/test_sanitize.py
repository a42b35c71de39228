"""What the autograded notebook keeps of a trainee's markup and outputs (issue #25, item 2).

The browser test (tests/e2e/test_hostile_pages.py) shows no script runs; these show, fast, what
each rule keeps and drops, and that honest content (markdown, text, PNG plots) survives.
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from course.instructor.grading import sanitize

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n fake but base64").decode()


def _notebook() -> nbformat.NotebookNode:
    honest = new_markdown_cell("## My reflection\n\n- I **coach** now\n- revenue up 3%")
    hostile = new_markdown_cell("fine\n<script>alert(1)</script>")
    entity = new_markdown_cell("[x](jav&#x61;script:alert(1))")
    locked = new_markdown_cell("<b>instructor</b>")
    locked.metadata["nbgrader"] = {"locked": True, "solution": False, "grade_id": "intro"}
    code = new_code_cell("plot()")
    code.outputs = [
        new_output("stream", name="stdout", text="printed\n"),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output("display_data", data={"image/png": '" onerror="alert(1)', "text/plain": "bad image"}),
        new_output("display_data", data={"text/html": "<script>alert(1)</script>", "text/plain": "df"}),
        new_output("display_data", data={"text/html": "<b>only html</b>"}),
        new_output("display_data", data={"application/javascript": "alert(1)"}),
        new_output("display_data", data={"image/svg+xml": "<svg onload=alert(1)/>"}),
        new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "w"},
        ),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=3),
        new_output(
            "execute_result",
            data={
                "text/plain": "table",
                "text/html": f'<table></table><img src="data:image/png;base64,{PNG}">',
            },
            execution_count=4,
        ),
    ]
    code.outputs[1].metadata = {"image/png": {"width": '1" onload="alert(1)'}}
    code.metadata["tags"] = ['x" onmouseover="alert(1)', "fine-tag"]
    raw = new_raw_cell("<script>alert(1)</script>")
    raw.metadata["raw_mimetype"] = "text/html"
    nb = new_notebook(cells=[honest, hostile, entity, locked, code, raw])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["title"] = "</title><script>alert(1)</script>"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_outputs_keep_text_and_images_only() -> None:
    nb = _notebook()
    assert sanitize.sanitize_notebook(nb) > 0
    outputs = nb.cells[4].outputs
    assert outputs[0] == new_output("stream", name="stdout", text="printed\n")
    assert outputs[1].data == {"image/png": PNG, "text/plain": "<Figure>"} and outputs[1].metadata == {}
    assert outputs[2].data == {"text/plain": "bad image"}  # not base64: dropped
    assert outputs[3].data == {"text/plain": "df"}
    assert outputs[4].data == {"text/plain": "<b>only html</b>"}  # the HTML, shown as text
    assert outputs[5].data["text/plain"].startswith("[output removed by the grader")
    assert outputs[6].data["text/plain"] == "[output removed by the grader: image/svg+xml]"
    assert outputs[7].data == {"text/plain": "w"}
    assert outputs[8].data == {"text/plain": "42"} and outputs[8].execution_count == 3
    assert outputs[9].data == {"text/plain": "table"} and outputs[10].data == {"image/png": PNG}
    assert len(outputs) == 11
    for output in outputs:
        assert set(output.get("data", {})) <= set(sanitize.SAFE_TYPES)
    nbformat.validate(nb)


def test_markdown_with_html_or_script_links_is_shown_as_text() -> None:
    nb = _notebook()
    sanitize.sanitize_notebook(nb)
    honest, hostile, entity, locked, code, raw = nb.cells
    assert honest.source == "## My reflection\n\n- I **coach** now\n- revenue up 3%"
    assert "~~~\nfine\n<script>alert(1)</script>\n~~~" in hostile.source
    assert entity.source.startswith("*(Shown as text") and "script link" in entity.source
    assert locked.source == "<b>instructor</b>"  # nbgrader restores locked cells from the source
    assert code.metadata["tags"] == ["xonmouseoveralert1", "fine-tag"]
    assert raw.source == "&lt;script>alert(1)&lt;/script>" and "raw_mimetype" not in raw.metadata
    assert set(nb.metadata) == {"kernelspec"}


def test_a_fence_in_the_trainees_text_cannot_close_the_block() -> None:
    source = "~~~~~\n<script>alert(1)</script>\n~~~~~"
    shown = sanitize.as_text_block(source, "it held HTML")
    fence = "~" * 6
    assert f"\n{fence}\n{source}\n{fence}" in shown


def test_folder_and_feedback_pages(tmp_path: Path) -> None:
    path = tmp_path / "a.ipynb"
    nbformat.write(_notebook(), path)
    path.chmod(0o444)
    assert sanitize.sanitize_folder(tmp_path) > 0
    written = nbformat.read(path, as_version=4)
    assert written.cells[1].source.startswith("*(Shown as text") and "widgets" not in written.metadata
    assert path.stat().st_mode & 0o777 == 0o444
    assert sanitize.sanitize_folder(tmp_path) == 0  # once is enough
    page = tmp_path / "feedback" / "a.html"
    page.parent.mkdir()
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>a</title></head></html>")
    assert sanitize.protect_feedback(tmp_path) == 1
    text = page.read_text()
    assert text.index("Content-Security-Policy") < text.index("<title>")
    assert sanitize.protect_feedback(tmp_path) == 0 and text.count("Content-Security-Policy") == 1
