"""A trainee's first hour, in a real browser: start page, module 01, explorer, checks, a slip, Validate.

Drives Debian's Chromium with Playwright against the JupyterLab that
``sales-course start`` opens (see conftest.py). Each step leaves a screenshot in
test-artifacts/screenshots/; with UPDATE_DOCS_SCREENSHOTS=1 the two the README
shows are copied to docs/screenshots/.

The palette test at the end needs no browser and runs with the fast tests.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests skip (see conftest.py); the palette test still runs
    expect = None

from course.scenarios import control
from course.trainee import plotting

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "01_leader_not_manager/leader_not_manager.ipynb"
ORIENTATION = "00_orientation/orientation.ipynb"
# One slider per lever of the scenario's controls spec, labelled as the spec says.
SLIDER_LABELS = [label for _name, label, *_range in control.CONTROLS]
# How long a whole-notebook step may take on a slow 2-core machine.
RUN_TIMEOUT_MS = 120_000
# Exercise 1: the answer cell sets these three names; the check cells after it start "# Check".
Q1_ANSWERS = {"q1_veteran_revenue": "down", "q1_veteran_quits": "up", "q1_new_hire_revenue": "up"}
# Okabe & Ito (2008), "Color Universal Design": the eight colours, black included.
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}

slow = pytest.mark.slow


def shoot(page, screenshots: Path, name: str, *, docs: str = "") -> Path:
    """Save a screenshot of the page; copy it to docs/screenshots/``docs`` when asked
    to update the README's pictures (UPDATE_DOCS_SCREENSHOTS=1)."""
    path = screenshots / f"{name}.png"
    page.screenshot(path=path)
    if docs and os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        target = ROOT / "docs" / "screenshots" / docs
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return path


def wait_for_idle_kernel(page) -> None:
    """Wait until no cell is queued or running and the kernel says it is idle."""
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')];
            const busy = prompts.some(p => p.textContent.includes('*'));
            const indicator = document.querySelector(
                '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
            return !busy && indicator && indicator.dataset.status === 'idle';
        }""",
        timeout=RUN_TIMEOUT_MS,
    )


def code_cell(page, marker: str):
    """The code cell whose text holds ``marker``."""
    return page.locator(".jp-NotebookPanel .jp-CodeCell").filter(has_text=marker).first


def exercise_cells(page, answer_name: str):
    """The answer cell that sets ``answer_name`` and the check cells that follow it."""
    cells = page.locator(".jp-NotebookPanel .jp-Notebook-cell")
    sources = cells.evaluate_all(
        """cells => cells.map(cell => cell.classList.contains('jp-CodeCell')
            ? [...cell.querySelectorAll('.jp-InputArea .cm-line')].map(line => line.textContent).join('\\n')
            : null)"""
    )
    setter = re.compile(rf"^{answer_name}\s*=", re.MULTILINE)
    first = next(i for i, source in enumerate(sources) if source is not None and setter.search(source))
    checks = []
    for i in range(first + 1, len(sources)):
        if sources[i] is None or not sources[i].startswith("# Check"):
            break
        checks.append(cells.nth(i))
    assert checks, f"no check cell follows the answer cell of {answer_name}"
    return cells.nth(first), checks


def cell_source(cell) -> str:
    return "\n".join(line.text_content() for line in cell.locator(".jp-InputArea .cm-line").all())


def replace_source(page, cell, source: str) -> None:
    """Type ``source`` into a cell's editor in place of what it holds, as a trainee would."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)  # as typed, without the editor's auto-closed quotes


def answer_exercise_1(page, answers: dict[str, str], expected: str) -> list[str]:
    """Put ``answers`` in place of the answer cell's values, run it and its checks
    (Shift+Enter on each, as the notebook asks), and return the checks' outputs."""
    answer_cell, checks = exercise_cells(page, next(iter(answers)))
    source = cell_source(answer_cell)
    for name, value in answers.items():
        source = re.sub(rf"^({name}\s*=\s*).*$", rf'\g<1>"{value}"', source, flags=re.MULTILINE)
    replace_source(page, answer_cell, source)
    for _ in range(1 + len(checks)):
        page.keyboard.press("Shift+Enter")
    checks[0].locator(".jp-OutputArea").filter(has_text=expected).wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    answer_cell.evaluate("cell => cell.scrollIntoView({block: 'start'})")
    return [check.locator(".jp-OutputArea").text_content() for check in checks]


def slider(explorer, label: str):
    """The handle (role=slider) of the explorer's slider labelled ``label``."""
    return explorer.locator(".widget-slider").filter(has_text=label).get_by_role("slider")


def value(handle) -> float:
    """A slider's value as its handle announces it to a screen reader."""
    return float(handle.get_attribute("aria-valuetext"))


def readout(row) -> float:
    """The value a slider row shows as text beside its handle."""
    return float(row.locator(".widget-readout").text_content())


def reporting(crm_hours_per_week: float, reviews_per_month: float) -> float:
    """Hours a month a rep reports, by the formula the notebook teaches (Exercise 2)."""
    return crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5


def reporting_hours_shown(summary) -> float:
    """The hours a month each rep spends reporting, as the summary paragraph states them."""
    found = re.search(r"\((\d+(?:\.\d+)?) went to reporting\)", summary.inner_text())
    assert found, f"no reporting hours in the summary: {summary.inner_text()!r}"
    return float(found.group(1))


def press_and_wait_for_redraw(page, handle, key: str, image, summary) -> None:
    """Press ``key`` on a slider handle and wait for a new plot and a new summary."""
    src, text = image.get_attribute("src"), summary.text_content()
    handle.focus()
    handle.press(key)
    expect(image).not_to_have_attribute("src", src, timeout=RUN_TIMEOUT_MS)
    expect(summary).not_to_have_text(text, timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)


def fill_answer_cell(page, answers: dict[str, str]) -> None:
    """Put ``answers`` (name -> the code typed after ``=``) in place of the values in the answer
    cell that sets the first name, as a trainee types them, without running it."""
    answer_cell, _checks = exercise_cells(page, next(iter(answers)))
    answer_cell.scroll_into_view_if_needed()
    source = cell_source(answer_cell)
    for name, typed in answers.items():
        source = re.sub(
            rf"^({name}\s*=\s*).*$", lambda m, t=typed: m.group(1) + t, source, flags=re.MULTILINE
        )
    replace_source(page, answer_cell, source)
    page.keyboard.press("Escape")  # leave the editor, as after typing


def revenue_change_shown() -> str:
    """Exercise 1b's answer as the trainee reads it off the revealed veterans' table, in $M."""
    monthly, weekly = control.exercise_1_tables()[0].results
    return f"{(weekly.total_revenue - monthly.total_revenue) / 1e6:.2f}"


@pytest.fixture(scope="module")
def notebook(page, lab):
    """Module 01 opened in JupyterLab, its predictions and their follow-up typed in, then run
    with Run > Run All Cells (which stops at Exercise 2's first check, after the explorer)."""
    # A workspace of its own, so the start page's tab is not restored beside it.
    page.goto(f"{lab.url}/lab/workspaces/module01/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Python 3 (ipykernel)").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    page.keyboard.press("Control+B")  # hide the file browser: more room for the notebook
    # Predictions come before the model's answer: the reveal and the explorer wait for them.
    fill_answer_cell(page, {name: f'"{value}"' for name, value in Q1_ANSWERS.items()})
    fill_answer_cell(page, {"q1_revenue_change": revenue_change_shown()})
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".widget-slider").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    return page


@pytest.fixture(scope="module")
def explorer(notebook):
    """The scenario explorer's output area."""
    return notebook.locator(".jp-OutputArea-output").filter(has=notebook.locator(".widget-slider"))


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, screenshots) -> Iterator[None]:
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for name in ("fresh_page", "page"):
            if name in request.fixturenames:
                shoot(request.getfixturevalue(name), screenshots, f"FAILED-{request.node.name}")
                break


@slow
def test_start_page_opens_with_its_heading(fresh_page, lab, screenshots):
    start = fresh_page
    start.goto(f"{lab.url}/?token={lab.token}")  # sales-course start's default URL
    start.wait_for_url(re.compile(r"/lab/tree/START_HERE\.ipynb"))
    heading = start.locator(".jp-NotebookPanel .jp-MarkdownOutput h1").first
    heading.wait_for(timeout=RUN_TIMEOUT_MS)
    assert "Welcome to Sales Leadership Lab" in heading.inner_text()
    assert start.get_by_role("heading", name="Where to begin").is_visible()
    start.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    shoot(start, screenshots, "01-start-page")


@slow
def test_orientation_slider_moves_and_its_answer_checks(fresh_page, lab, screenshots):
    """Module 00: the practice answers typed, Run All, then the slider moved by keyboard to 6."""
    page = fresh_page
    page.goto(f"{lab.url}/lab/workspaces/module00/tree/{ORIENTATION}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    fill_answer_cell(page, {"practice_word": '"down"'})
    fill_answer_cell(page, {"practice_slip": '"down"'})
    fill_answer_cell(page, {"practice_hours": "3 * 52 / 12"})
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    plot = page.locator(".jp-OutputArea-output").filter(has=page.locator(".widget-slider"))
    plot.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    image, summary = plot.locator("img.widget-image"), plot.locator('p[role="status"]')
    handle = plot.locator(".widget-slider").filter(has_text="CRM hours a week").get_by_role("slider")
    plot.scroll_into_view_if_needed()  # Run All ends at the Sources cell, far below
    # text_content: JupyterLab may leave cells far off screen unlaid, and their inner_text reads empty.
    expect(summary).to_contain_text("13.0 hours a month", timeout=RUN_TIMEOUT_MS)
    assert value(handle) == 3 and "13.0 hours a month" in summary.text_content()
    for _ in range(3):
        press_and_wait_for_redraw(page, handle, "ArrowRight", image, summary)
    assert value(handle) == 6
    assert "26.0 hours a month" in summary.text_content()
    plot.evaluate("output => output.scrollIntoView({block: 'start'})")
    shoot(page, screenshots, "00-orientation-slider")
    fill_answer_cell(page, {"practice_slider": "26.0"})  # the number, as the sentence gives it
    _answer, (check,) = exercise_cells(page, "practice_slider")
    page.keyboard.press("Shift+Enter")  # the answer cell (still the active cell)
    page.keyboard.press("Shift+Enter")  # its check
    check.locator(".jp-OutputArea").filter(has_text="practice_slider").wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    said = check.locator(".jp-OutputArea").inner_text().strip()
    assert said == "✓ practice_slider: read from the plot.", said


@slow
def test_predictions_then_run_all_shows_the_reveal_and_the_explorer(notebook, explorer, screenshots):
    assert notebook.locator("#jp-main-statusbar").get_by_text("Idle").is_visible()
    assert explorer.locator("img.widget-image").is_visible()
    _answer, q1_checks = exercise_cells(notebook, "q1_veteran_revenue")
    for check in q1_checks:
        check.scroll_into_view_if_needed()  # cells far off screen are not rendered
        assert check.locator(".jp-OutputArea").text_content().strip().startswith("✓"), "Exercise 1"
    # Run All stops at the first check whose answer is still empty: friendly, no traceback.
    _answer, q2_checks = exercise_cells(notebook, "q2_share_lost")
    q2_checks[0].scroll_into_view_if_needed()
    first_open = q2_checks[0].locator(".jp-OutputArea").text_content()
    assert first_open.startswith("✗ Not yet"), first_open
    assert "Traceback" not in first_open
    explorer.scroll_into_view_if_needed()
    shoot(notebook, screenshots, "02-notebook-run-all")


@slow
def test_keyboard_moves_a_slider_and_the_plot_and_summary_follow(notebook, explorer, screenshots):
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    reviews, crm = slider(explorer, "Pipeline reviews a month"), slider(explorer, "CRM hours a week per rep")
    start_reviews, start_crm = value(reviews), value(crm)
    # The summary states the model's numbers: reporting = CRM hours × 52 / 12 + reviews × 1.5
    # (shown rounded to whole hours).
    assert reporting_hours_shown(summary) == pytest.approx(reporting(start_crm, start_reviews), abs=0.51)

    press_and_wait_for_redraw(notebook, reviews, "ArrowRight", image, summary)
    assert value(reviews) == start_reviews + 1
    assert reporting_hours_shown(summary) == pytest.approx(reporting(start_crm, start_reviews + 1), abs=0.51)

    press_and_wait_for_redraw(notebook, crm, "End", image, summary)
    assert value(crm) == float(crm.get_attribute("aria-valuemax"))
    assert reporting_hours_shown(summary) == pytest.approx(reporting(value(crm), start_reviews + 1), abs=0.51)

    press_and_wait_for_redraw(notebook, crm, "Home", image, summary)
    assert value(crm) == 0
    assert reporting_hours_shown(summary) == pytest.approx(reporting(0, start_reviews + 1), abs=0.51)

    code_cell(notebook, "explore(control)").evaluate("cell => cell.scrollIntoView({block: 'start'})")
    shoot(notebook, screenshots, "03-scenario-explorer", docs="scenario-explorer.png")


@slow
def test_exercise_1_check_is_friendly(notebook, screenshots):
    outputs = answer_exercise_1(notebook, Q1_ANSWERS, "✓")
    for output in outputs:
        assert output.strip().startswith("✓ "), outputs
        assert "Not yet" not in output
    assert any("Exercise 1" in output or "q1_" in output for output in outputs), outputs
    shoot(notebook, screenshots, "04-check-passed", docs="check-passed.png")

    outputs = answer_exercise_1(notebook, {**Q1_ANSWERS, "q1_veteran_revenue": "sideways"}, "sideways")
    text = outputs[0]
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    assert lines[0] == "✗ Not yet — q1_veteran_revenue", lines
    assert any(line.startswith("Hint:") for line in lines), lines
    assert len(lines) <= 4, f"expected a short message, got {len(lines)} lines: {lines}"
    for noise in ("Traceback", "NotYet", "AssertionError", 'File "', "---->"):
        assert noise not in text
    shoot(notebook, screenshots, "05-check-not-yet")


@slow
def test_a_slip_gets_one_plain_line_and_its_check_no_stale_tick(notebook, screenshots):
    # A sales leader types down without quote marks into Exercise 1's answer cell and runs it.
    answer_cell, q1_checks = exercise_cells(notebook, "q1_veteran_revenue")
    typed = {**{name: f'"{value}"' for name, value in Q1_ANSWERS.items()}, "q1_veteran_revenue": "down"}
    source = cell_source(answer_cell)
    for name, value in typed.items():
        source = re.sub(
            rf"^({name}\s*=\s*).*$", lambda m, v=value: m.group(1) + v, source, flags=re.MULTILINE
        )
    line = 1 + source.splitlines().index("q1_veteran_revenue = down")
    replace_source(notebook, answer_cell, source)
    notebook.keyboard.press("Shift+Enter")
    shown = answer_cell.locator(".jp-OutputArea")
    shown.filter(has_text="quote marks").wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    text = shown.inner_text()
    lines = [row.strip() for row in text.strip().splitlines() if row.strip()]
    assert lines == [
        f'✗ Line {line}: a word needs quote marks: "down"',
        "(Python's full message: run %tb in a new cell.)",
    ], lines
    for noise in ("Traceback", "NameError", 'File "', "---->", "Cell In"):
        assert noise not in text
    answer_cell.evaluate("cell => cell.scrollIntoView({block: 'start'})")
    shoot(notebook, screenshots, "05b-slip-plain-message", docs="slip-plain-message.png")

    # Its check (the next cell) says the answer cell stopped, never the old ✓.
    notebook.keyboard.press("Shift+Enter")
    check = q1_checks[0].locator(".jp-OutputArea")
    check.filter(has_text="stopped with an error").wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    said = check.inner_text()
    assert "✓" not in said
    assert said.strip().startswith("✗ Not yet — q1_veteran_revenue"), said
    assert (
        f'your answer cell stopped with an error: line {line}: a word needs quote marks: "down". '
        "Fix it and run it again." in " ".join(said.split())
    ), said
    shoot(notebook, screenshots, "05c-slip-check-says-stopped")

    # Fixed as the message says, the ✓ comes back (and the notebook is as before for the next tests).
    outputs = answer_exercise_1(notebook, Q1_ANSWERS, "✓")
    assert all(output.strip().startswith("✓ ") for output in outputs), outputs


@slow
def test_validate_button_shows_its_result(notebook, screenshots):
    button = notebook.locator(".jp-NotebookPanel .validate-button")
    assert button.inner_text().strip() == "Validate"
    button.click()
    dialog = notebook.locator(".jp-Dialog").filter(has_text="Validation Results")
    dialog.wait_for(timeout=RUN_TIMEOUT_MS)
    message = dialog.locator("#validation-message")
    # Exercises 2 to 4 are still unanswered, so nbgrader lists failing checks,
    # and their errors are the checks' plain lines, not a traceback.
    assert "failed" in message.inner_text()
    assert "Not yet" in message.inner_text()
    assert "Traceback" not in message.inner_text()
    shoot(notebook, screenshots, "06-validate-result")
    dialog.get_by_role("button", name="Ok").click()
    dialog.wait_for(state="detached")


@slow
def test_controls_have_visible_labels_and_keyboard_access(notebook, explorer):
    code_cell(notebook, "explore(control)").evaluate("cell => cell.scrollIntoView({block: 'start'})")
    dropdown = explorer.locator(".widget-dropdown")
    assert dropdown.locator(".widget-label").inner_text() == "Team"
    assert explorer.get_by_label("Team").evaluate("e => e.tagName") == "SELECT"  # label for= the select

    sliders = explorer.locator(".widget-slider")
    assert sliders.count() == len(SLIDER_LABELS)
    assert {"Pipeline reviews a month", "CRM hours a week per rep", "Your field days a month"} <= set(
        SLIDER_LABELS
    )
    for row, label in zip(sliders.all(), SLIDER_LABELS, strict=True):
        shown = row.locator(".widget-label")
        assert shown.is_visible() and shown.inner_text() == label
        box = shown.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 5, f"{label!r} is not really visible"
        handle = row.get_by_role("slider")
        assert handle.get_attribute("tabindex") == "0", f"{label!r} cannot be reached with Tab"
        for attribute in ("aria-valuemin", "aria-valuemax", "aria-valuenow"):
            assert handle.get_attribute(attribute) is not None

    # Tab walks from the team picker to the first slider, and the keyboard moves it.
    explorer.get_by_label("Team").focus()
    notebook.keyboard.press("Tab")
    focused = notebook.evaluate("document.activeElement.getAttribute('role')")
    assert focused == "slider"
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    first = slider(explorer, SLIDER_LABELS[0])
    key = "End" if value(first) < float(first.get_attribute("aria-valuemax")) else "Home"
    press_and_wait_for_redraw(notebook, first, key, image, summary)

    # The reset button works from the keyboard too: Enter puts every slider back.
    press_and_wait_for_redraw(
        notebook, explorer.get_by_role("button", name="Reset to defaults"), "Enter", image, summary
    )
    defaults = control.PRESETS[explorer.get_by_label("Team").input_value()]
    for (name, label, *_range), row in zip(control.CONTROLS, sliders.all(), strict=True):
        assert readout(row) == pytest.approx(getattr(defaults, name)), label

    # The plot has a text summary beside it, announced when it changes.
    status = explorer.locator('p[role="status"]')
    assert status.get_attribute("aria-live") == "polite"
    assert re.search(r"\$[\d.]+M", status.inner_text())
    assert explorer.locator("img.widget-image + * p[role='status']").count() == 1


@slow
@pytest.mark.xfail(
    reason="ipywidgets 8 draws the slider's description as a <label> without for= and gives the "
    "role=slider handle no aria-labelledby, so a screen reader announces it without its name; "
    "strict, so that an ipywidgets release that fixes it makes this test fail and get unmarked",
    strict=True,
)
def test_slider_handles_have_an_accessible_name(explorer):
    for label in SLIDER_LABELS:
        assert explorer.get_by_role("slider", name=label).count() == 1


@slow
def test_control_labels_show_no_null_tooltip(explorer):
    # ipywidgets 8.1 sets title="null" on a label without a tooltip; every control has one.
    titles = explorer.locator(".widget-slider .widget-label, .widget-dropdown .widget-label").evaluate_all(
        "labels => labels.map(label => [label.textContent, label.getAttribute('title')])"
    )
    assert [text for text, title in titles if title == "null"] == []


@slow
def test_slider_handles_announce_the_value_they_show(explorer):
    # A screen reader reads aria-valuetext; it must match the readout beside the slider.
    # (aria-valuenow is rounded to one decimal by the slider library: 0.35 gives 0.3.)
    for row in explorer.locator(".widget-slider").all():
        label = row.locator(".widget-label").inner_text()
        assert value(row.get_by_role("slider")) == pytest.approx(readout(row)), label


def test_plot_colours_come_from_the_okabe_ito_palette():
    named = {name: getattr(plotting, name) for name in ("POLICY", "BASELINE", "BAND", "WARNING")}
    for name, colour in named.items():
        assert colour.lower() in OKABE_ITO, f"plotting.{name} = {colour} is not an Okabe-Ito colour"

    preset = control.PRESETS["6 veterans and 2 new hires"]
    result = control.simulate(preset.with_(reviews_per_month=4), seed=0, runs=20)
    baseline = control.simulate(preset, seed=0, runs=20)
    axes = control.plot_dashboard(result, baseline=baseline)
    used = set()
    for ax in axes:
        used |= {to_hex(line.get_color()) for line in ax.get_lines()}
        used |= {to_hex(tuple(c[:3])) for coll in ax.collections for c in coll.get_facecolors()}
        legend = ax.get_legend()
        if legend is not None:
            used |= {to_hex(h.get_color()) for h in legend.legend_handles if hasattr(h, "get_color")}
            used |= {
                to_hex(h.get_facecolor()[:3]) for h in legend.legend_handles if hasattr(h, "get_facecolor")
            }
    assert used, "the dashboard drew no coloured lines"
    assert used <= OKABE_ITO, f"colours outside the Okabe-Ito palette: {sorted(used - OKABE_ITO)}"
