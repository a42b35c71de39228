"""Module 07 in a real browser: the four decisions, the memo and the prediction typed in, Run All
Cells, each quarter's run log and the year-end table, the explorer, and the first open exercise
stopping with a plain message.

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

from course.scenarios import leap_of_faith

NOTEBOOK = "07_leap_of_faith/leap_of_faith.ipynb"
PATH = "CABA"
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def notebook(page, lab):
    """Module 07 opened in JupyterLab, the decisions, memo and Exercise 6 answered, then Run > Run
    All Cells (which stops at Exercise 7's first check, after the explorer)."""
    page.goto(f"{lab.url}/lab/workspaces/module07/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Python 3 (ipykernel)").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=RUN_TIMEOUT_MS)
    page.keyboard.press("Control+B")
    for quarter, letter in enumerate(PATH, start=1):
        fill_answer_cell(page, {f"q{quarter}_choice": f'"{letter}"'})
    memo = leap_of_faith.memo_numbers(PATH)
    fill_answer_cell(
        page,
        {
            "q5_revenue": f"{memo['revenue'] / 1000:.2f}",  # in $M (C1)
            "q5_margin": str(memo["margin"]),
            "q5_pipeline": f"{memo['pipeline'] / 1000:.2f}",
        },
    )
    fill_answer_cell(page, {"q6_trust": '"higher"'})
    fill_answer_cell(page, {"q6_customers": f"{leap_of_faith.year_end(PATH).yours.next_customers:.1f}"})
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".widget-slider").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(page)
    return page


@slow
def test_module_07_runs_all_cells_to_the_first_open_exercise(notebook, screenshots):
    for name in ("q1_choice", "q4_choice", "q5_revenue", "q6_trust", "q6_customers"):
        _answer, checks = exercise_cells(notebook, name)
        for check in checks:
            check.scroll_into_view_if_needed()  # cells far off screen are not rendered
            text = check.locator(".jp-OutputArea").text_content().strip()
            # A decision is only recorded (graded on its value when submitted); the rest are judged.
            ok = "your decision is in" in text if name.endswith("_choice") else text.startswith("✓")
            assert ok, f"{name}: {text}"
    year_end = (
        notebook.locator(".jp-NotebookPanel .jp-CodeCell").filter(has_text="leap_of_faith.year_end(").first
    )
    year_end.scroll_into_view_if_needed()
    expect(year_end.locator(".jp-OutputArea")).to_contain_text("Next customers")
    _answer, q7_checks = exercise_cells(notebook, "q7_lessons")
    q7_checks[0].scroll_into_view_if_needed()
    first_open = q7_checks[0].locator(".jp-OutputArea").text_content()
    assert first_open.startswith("✗ Not yet"), first_open
    assert "Traceback" not in notebook.locator(".jp-NotebookPanel").inner_text()
    shoot(notebook, screenshots, "m07-run-all")


@slow
def test_module_07_explorer_follows_a_slider_moved_by_keyboard(notebook, screenshots):
    explorer = notebook.locator(".jp-OutputArea-output").filter(has=notebook.locator(".widget-slider"))
    explorer.scroll_into_view_if_needed()
    image, summary = explorer.locator("img.widget-image"), explorer.locator('p[role="status"]')
    # The explorer shows the trainee's own path: only the assumptions move (issue 24).
    assert not explorer.get_by_text("Q1 choice").count()
    handle = slider(explorer, "Pull of a reference (assumption)")
    src, text = image.get_attribute("src"), summary.inner_text()
    for _ in range(2):  # the reference's pull: 0.3 -> 0.5 a quarter
        handle.focus()
        handle.press("ArrowRight")
    expect(image).not_to_have_attribute("src", src, timeout=RUN_TIMEOUT_MS)
    expect(summary).not_to_have_text(text, timeout=RUN_TIMEOUT_MS)
    wait_for_idle_kernel(notebook)
    expect(summary).to_contain_text("higher on average", timeout=RUN_TIMEOUT_MS)
    assert "Compared with the path ABAB" in summary.inner_text()
    shoot(notebook, screenshots, "m07-explorer")
