"""A hostile submission's feedback page and formgrader page run none of its script (issue #25, item 2).

One trainee of module 01 answers everything right and also writes script everywhere a notebook
lets them: ``<script>`` and ``<img onerror>`` in the markdown reflection, a ``javascript:`` link,
a raw cell marked HTML, and code cells that display HTML, JavaScript and SVG. Every payload sets
``window.__pwned`` and the page title. The submission is graded with ``sales-course grade``'s
entry point, then its feedback HTML and its page in nbgrader's formgrader (a real Jupyter server)
are opened in Debian's Chromium: nothing ran, the trainee's text still shows (as text), and so do
the honest outputs (printed text, the PNG plot). A control renders the submitted notebook with
nbconvert as nbgrader would without the sanitiser, and the script does run there: the payloads
are live, so this test can fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from course.instructor import authoring, demo, grading

# The browser suite's own server helpers (its conftest.py), loaded by path: "conftest" is ambiguous.
_spec = importlib.util.spec_from_file_location("e2e_server_helpers", Path(__file__).with_name("conftest.py"))
helpers = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(helpers)
Lab = helpers.Lab

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
HOSTILE = "script-writer"
PWN = "window.__pwned = (window.__pwned || []).concat(['{0}']); document.title = 'PWNED {0}'"
REFLECTION = (
    "I learned to coach.\n\n<script>" + PWN.format("markdown script") + "</script>\n\n"
    '<img src=x onerror="' + PWN.format("img onerror").replace("'", "&#39;") + '">\n\n'
    "[my notes](javascript:" + PWN.format("link").replace(" ", "") + ")"
)
CELLS = [
    "from IPython.display import HTML, Javascript, SVG, display\n"
    f'display(HTML("<b>bold</b><script>{PWN.format("html output")}</script>"))',
    f'display(Javascript("{PWN.format("javascript output")}"))',
    'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg"><script>'
    + PWN.format("svg").replace("'", "&quot;")
    + "</script></svg>'))",
    "print('honest printed line 4217')",
]


def _hostile(root: Path) -> None:
    perfect = root / "submitted" / "trainee-01" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(perfect, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "reflection":
            cell.source = REFLECTION
    nb.cells += [nbformat.v4.new_code_cell(source) for source in CELLS]
    raw = nbformat.v4.new_raw_cell(f"<script>{PWN.format('raw cell')}</script>")
    raw.metadata["raw_mimetype"] = "text/html"
    tagged = nbformat.v4.new_markdown_cell("tagged")
    tagged.metadata["tags"] = ['x" onmouseover="' + PWN.format("tag") + '" y="']
    nb.cells += [raw, tagged]
    folder = root / "submitted" / HOSTILE / ASSIGNMENT
    folder.mkdir(parents=True)
    shutil.copy2(perfect.parent / "timestamp.txt", folder / "timestamp.txt")
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> dict:
    base = tmp_path_factory.mktemp("hostile-pages")
    root = authoring.release_into_copy(course_root, base / "course")
    demo.make_cohort(root, count=1, seed=5)
    for folder in (root / "submitted").glob("*/*"):
        if folder.name != ASSIGNMENT:
            shutil.rmtree(folder)
    _hostile(root)
    summary = grading.grade(root, progress=None)
    return {"root": root, "summary": summary}


def _ran(page) -> list[str]:  # noqa: ANN001  (a Playwright page)
    page.wait_for_timeout(1500)  # onerror and deferred scripts get their chance
    found = page.evaluate("window.__pwned || []")
    if page.title().startswith("PWNED"):
        found.append(page.title())
    return found


def test_the_feedback_page_runs_no_script_and_still_shows_the_work(graded: dict, browser) -> None:  # noqa: ANN001
    root = graded["root"]
    assert graded["summary"].results[f"{ASSIGNMENT}/{HOSTILE}"]["status"] in ("graded", "flagged")
    feedback = root / "feedback" / HOSTILE / ASSIGNMENT / f"{NOTEBOOK}.html"
    page = browser.new_page()
    try:
        page.goto(feedback.as_uri())
        assert _ran(page) == []
        text = page.inner_text("body")
        assert "I learned to coach." in text and "<script>" in text  # the trainee's words, as text
        assert "honest printed line 4217" in text
        assert page.locator("img[src^='data:image/png']").count() >= 1  # the module's plots
        assert page.locator("a[href^='javascript']").count() == 0
        head = feedback.read_text(encoding="utf-8")[:2000]
        assert "Content-Security-Policy" in head
    finally:
        page.close()


def test_the_same_notebook_unsanitised_does_run_the_script(graded: dict, browser, tmp_path: Path) -> None:  # noqa: ANN001
    # The control: nbconvert as nbgrader's feedback uses it, on the submitted notebook.
    from nbconvert import HTMLExporter

    submitted = graded["root"] / "submitted" / HOSTILE / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(submitted, as_version=4)
    for cell, source in zip(nb.cells[-6:-2], CELLS, strict=True):  # outputs as a kernel would give them
        assert cell.source == source
    nb.cells[-5].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"application/javascript": PWN.format("javascript output")}
        )
    ]
    page_html, _ = HTMLExporter().from_notebook_node(nb)
    path = tmp_path / "unsanitised.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        ran = _ran(page)
        assert "markdown script" in ran and "javascript output" in ran, ran
    finally:
        page.close()


@pytest.fixture(scope="module")
def formgrader(graded: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """nbgrader's formgrader in a Jupyter server on loopback, in the graded course (token on)."""
    root = graded["root"]
    base = tmp_path_factory.mktemp("formgrader")
    home, runtime_dir = base / "home", base / "runtime"
    for folder in (home, runtime_dir):
        folder.mkdir()
    helpers._test_config(home)
    port, token = helpers._free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_RUNTIME_DIR": str(runtime_dir),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTER_TOKEN": token,
    }
    config = home / ".jupyter" / "jupyter_server_config.json"
    settings = json.loads(config.read_text()) if config.exists() else {}
    settings.setdefault("ServerApp", {})["jpserver_extensions"] = {
        "nbgrader.server_extensions.formgrader": True
    }
    config.write_text(json.dumps(settings))
    command = [
        str(Path(sys.executable).with_name("jupyter-server")),
        "--ip=127.0.0.1",
        f"--port={port}",
        "--no-browser",
        f"--ServerApp.root_dir={root}",
    ]
    log_path = base / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=helpers._die_with_pytest,
        )
    lab = Lab(url=f"http://127.0.0.1:{port}", token=token, workspace=root, runtime_dir=runtime_dir)
    try:
        helpers._wait_until_up(lab, server, log_path)
        yield lab
    finally:
        helpers._stop(lab, server)


def test_the_formgrader_page_runs_no_script_and_still_shows_the_work(
    graded: dict,
    formgrader: Lab,
    browser,  # noqa: ANN001
) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(grading.db_url(graded["root"])) as gradebook:
        submission = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, HOSTILE).id
    context = browser.new_context()
    page = context.new_page()
    try:
        url = f"{formgrader.url}/formgrader/submissions/{submission}/?token={formgrader.token}"
        with urllib.request.urlopen(url, timeout=60) as response:  # the page is there, rendered
            assert response.status == 200
        page.goto(url)
        page.wait_for_selector("text=honest printed line 4217", timeout=60_000)
        assert _ran(page) == []
        text = page.inner_text("body")
        assert "I learned to coach." in text and "<script>" in text
        assert page.locator("img[src^='data:image/png']").count() >= 1
        assert page.locator("a[href^='javascript']").count() == 0
    finally:
        page.close()
        context.close()
