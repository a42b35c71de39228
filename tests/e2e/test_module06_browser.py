"""Module 06 in a real browser: predictions typed in, Run All Cells, the reveal, the follow-up
checks, the explorer, and the first open exercise stopping with a plain message.

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

from course.scenarios import one_team

NOTEBOOK = "06_one_team/one_team.ipynb"
slow = pytest.mark.slow


def revealed() -> tuple[float, float]:
    """Exercise 1b's answers as the trainee reads them off the revealed table."""
    low, high = one_team.spread_table().results[0], one_team.spread_table().results[-1]
    return round(high.sabotage_per_quarter, 1), round((high.team_revenue - low.team_revenue) / 1e6, 2)


@pytest.fixture(scope="module")
def notebook(page, lab):
    """Module 06 opened in JupyterLab, Exercise 1 answered, then Run > Run All Cells (which
    stops at Exercise 2's first check, after the explorer)."""
    page.goto(f"{lab.url}/lab/workspaces/module06/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Python 3 (ipykernel)").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    page.keyboard.press("Control+B")
    fill_answer_cell(page, {"q1_sabotage": '"up"', "q1_revenue": '"about the same"'})
    undermining, change = revealed()
    fill_answer_cell(
        page,
        {"q1_undermining_80": str(undermining), "q1_revenue_change": str(change), "q1_why": '"D"'},
    )
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".widget-slider").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    return page


@slow
def test_module_06_runs_all_cells_to_the_first_open_exercise(notebook, screenshots):
    for name in ("q1_sabotage", "q1_undermining_80"):
        _answer, checks = exercise_cells(notebook, name)
        for check in checks:
            check.scroll_into_view_if_needed()  # cells far off screen are not rendered
            text = check.locator(".jp-OutputArea").text_content().strip()
            assert text.startswith("✓"), f"{name}: {text}"
    reveal = notebook.locator(".jp-NotebookPanel .jp-CodeCell").filter(has_text="reveal(").first
    reveal.scroll_into_view_if_needed()
    shown = reveal.locator(".jp-OutputArea")
    expect(shown).to_contain_text("80% at stake")
    _answer, q2_checks = exercise_cells(notebook, "q2_pay_one_winner")
    q2_checks[0].scroll_into_view_if_needed()
    first_open = q2_checks[0].locator(".jp-OutputArea").text_content()
    assert first_open.startswith("✗ Not yet"), first_open
    assert "Traceback" not in notebook.locator(".jp-NotebookPanel").inner_text()
    shoot(notebook, screenshots, "m06-run-all")


@slow
def test_module_06_explorer_follows_a_slider_moved_by_keyboard(notebook, screenshots):
    explorer = notebook.locator(".jp-OutputArea-output").filter(has=notebook.locator(".widget-slider"))
    explorer.scroll_into_view_if_needed()
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    handle = slider(explorer, "Share of the bonus at stake")
    src, text = image.get_attribute("src"), summary.inner_text()
    handle.focus()
    handle.press("ArrowRight")
    expect(image).not_to_have_attribute("src", src, timeout=RUN_TIMEOUT_MS)
    expect(summary).not_to_have_text(text, timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    assert "Against the default plan" in summary.inner_text()
    shoot(notebook, screenshots, "m06-explorer")
