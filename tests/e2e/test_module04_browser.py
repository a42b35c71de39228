"""Module 04 in a real browser: predictions typed in, Run All Cells, the reveal with its fan chart,
the follow-up checks, the explorer, and the first open exercise stopping with a plain message.

Uses the fixtures of conftest.py (its own JupyterLab from ``sales-course start``) and the
helpers of the module 01 suite.
"""

from __future__ import annotations

import pytest
from test_trainee_browser import (
    RUN_TIMEOUT_MS,
    exercise_cells,
    expect,
    fill_answer_cell,
    shoot,
    slider,
    wait_for_idle_kernel,
)

from course.scenarios import start_small

NOTEBOOK = "04_start_small/start_small.ipynb"
slow = pytest.mark.slow


def revealed() -> tuple[str, str]:
    """Exercise 1b's answers as the trainee reads them off the revealed table."""
    shown = start_small.policy_comparison(start_small.TYPICAL)
    return (
        f"{100 * shown.with_policy.chance_below_floor:.0f}",
        f"{shown.change_in_year_three / 1000:.2f}",
    )


@pytest.fixture(scope="module")
def notebook(page, lab):
    """Module 04 opened in JupyterLab, Exercise 1 answered, then Run > Run All Cells (which
    stops at Exercise 2's first check, after the explorer)."""
    page.goto(f"{lab.url}/lab/workspaces/module04/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Python 3 (ipykernel)").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    page.keyboard.press("Control+B")
    fill_answer_cell(page, {"q1_revenue": '"down"', "q1_risk": '"up"'})
    risk, change = revealed()
    fill_answer_cell(page, {"q1_policy_risk": risk, "q1_revenue_change": change, "q1_reason": '"C"'})
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".widget-slider").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    return page


@slow
def test_module_04_runs_all_cells_to_the_first_open_exercise(notebook, screenshots):
    for name in ("q1_revenue", "q1_policy_risk"):
        _answer, checks = exercise_cells(notebook, name)
        for check in checks:
            check.scroll_into_view_if_needed()  # cells far off screen are not rendered
            text = check.locator(".jp-OutputArea").text_content().strip()
            assert text.startswith("✓"), f"{name}: {text}"
    reveal = notebook.locator(".jp-NotebookPanel .jp-CodeCell").filter(has_text="reveal(").first
    reveal.scroll_into_view_if_needed()
    shown = reveal.locator(".jp-OutputArea")
    expect(shown).to_contain_text("chance of missing the floor")
    assert reveal.locator(".jp-OutputArea img").count() == 1  # the fan chart and the histogram
    _answer, q2_checks = exercise_cells(notebook, "q2_nrr")
    q2_checks[0].scroll_into_view_if_needed()
    first_open = q2_checks[0].locator(".jp-OutputArea").text_content()
    assert first_open.startswith("✗ Not yet"), first_open
    assert "Traceback" not in notebook.locator(".jp-NotebookPanel").inner_text()
    shoot(notebook, screenshots, "m04-run-all")


@slow
def test_module_04_explorer_follows_a_slider_moved_by_keyboard(notebook, screenshots):
    explorer = notebook.locator(".jp-OutputArea-output").filter(has=notebook.locator(".widget-slider"))
    explorer.scroll_into_view_if_needed()
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    handle = slider(explorer, "Smallest deal that earns credit, $K a year")
    src, text = image.get_attribute("src"), summary.inner_text()
    for _ in range(3):  # 0 -> 30: small first deals ($20K) now earn no credit
        handle.focus()
        handle.press("ArrowRight")
    expect(image).not_to_have_attribute("src", src, timeout=RUN_TIMEOUT_MS)
    expect(summary).not_to_have_text(text, timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    expect(summary).to_contain_text("lower on average", timeout=RUN_TIMEOUT_MS)
    assert "Compared with the default policy" in summary.inner_text()
    shoot(notebook, screenshots, "m04-explorer")
