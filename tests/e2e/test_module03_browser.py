"""Module 03 in a real browser: predictions typed in, Run All Cells, the reveal, the follow-up
checks, the explorer, the first open exercise stopping with a plain message, and the open-door
conversation played with its buttons.

Uses the fixtures of conftest.py (its own JupyterLab from ``sales-course start``) and the
helpers of the module 01 suite.
"""

from __future__ import annotations

import pytest
from test_trainee_browser import (
    RUN_TIMEOUT_MS,
    code_cell,
    exercise_cells,
    expect,
    fill_answer_cell,
    shoot,
    slider,
    wait_for_idle_kernel,
)

from course.scenarios import coaching

NOTEBOOK = "03_coaching/coaching.ipynb"
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def notebook(page, lab):
    """Module 03 opened in JupyterLab, Exercise 1 answered, then Run > Run All Cells (which
    stops at Exercise 2's first check, after the explorer)."""
    page.goto(f"{lab.url}/lab/workspaces/module03/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Python 3 (ipykernel)").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    page.keyboard.press("Control+B")
    fill_answer_cell(page, {"q1_most": '"Eli"', "q1_ana": '"down"'})
    table = coaching.ride_along_gains(coaching.TEAM)
    fill_answer_cell(page, {"q1_points": str(table.gain(table.most())), "q1_reason": '"C"'})
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".widget-slider").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    return page


@slow
def test_module_03_runs_all_cells_to_the_first_open_exercise(notebook, screenshots):
    for name in ("q1_most", "q1_points"):
        _answer, checks = exercise_cells(notebook, name)
        for check in checks:
            check.scroll_into_view_if_needed()  # cells far off screen are not rendered
            text = check.locator(".jp-OutputArea").text_content().strip()
            assert text.startswith("✓"), f"{name}: {text}"
    reveal = code_cell(notebook, "reveal(")
    reveal.scroll_into_view_if_needed()
    expect(reveal.locator(".jp-OutputArea")).to_contain_text("the rep's attainment over the year, points")
    _answer, q2_checks = exercise_cells(notebook, "q2_ratio")
    q2_checks[0].scroll_into_view_if_needed()
    first_open = q2_checks[0].locator(".jp-OutputArea").text_content()
    assert first_open.startswith("✗ Not yet"), first_open
    assert "Traceback" not in notebook.locator(".jp-NotebookPanel").inner_text()
    shoot(notebook, screenshots, "m03-run-all")


@slow
def test_module_03_explorer_follows_a_slider_moved_by_keyboard(notebook, screenshots):
    explorer = notebook.locator(".jp-OutputArea-output").filter(has=notebook.locator(".widget-slider"))
    explorer.scroll_into_view_if_needed()
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    handle = slider(explorer, "Question sessions with each newer rep, hours a month")
    src, text = image.get_attribute("src"), summary.inner_text()
    handle.focus()
    handle.press("ArrowRight")
    expect(image).not_to_have_attribute("src", src, timeout=RUN_TIMEOUT_MS)
    expect(summary).not_to_have_text(text, timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    # One step from the default: the summary compares with it ("about the same" below the
    # precision shown, CONTRIBUTING convention 4).
    moved = summary.inner_text()
    assert "Compared with the default plan" in moved or moved.startswith("About the same as the default plan")
    shoot(notebook, screenshots, "m03-explorer")


@slow
def test_module_03_open_door_is_played_with_buttons(notebook, screenshots):
    cell = code_cell(notebook, "talk(coaching)")
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    notebook.keyboard.press("Shift+Enter")
    status = cell.locator('p[role="status"]')
    expect(status).to_contain_text("Your path: (none yet)", timeout=RUN_TIMEOUT_MS)
    for letter in "CBBA":
        cell.get_by_role("button", name=f"Say {letter}").click()
    expect(status).to_contain_text("Your path: C B B A", timeout=RUN_TIMEOUT_MS)
    expect(status).to_contain_text("The conversation is over")
    assert cell.get_by_role("button", name="Say A").count() == 0
    cell.get_by_role("button", name="Start again").click()
    expect(status).to_contain_text("Your path: (none yet)", timeout=RUN_TIMEOUT_MS)
    shoot(notebook, screenshots, "m03-open-door")
