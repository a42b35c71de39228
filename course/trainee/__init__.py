"""What a trainee's notebook imports: the checks, the scenario explorer and the plotting style.

Everything here runs inside the trainee's kernel, so it imports nothing from
``course.instructor`` or ``course.workshop`` (``tests/test_layout.py`` keeps it so).
A notebook's set-up cell reads::

    from course.scenarios import control
    from course.trainee import checks, explore

    checks.setup()

``checks.setup()`` is the one explicit call that turns the trainee loop on in the kernel
(plain-language slips, no stale answers; see ``checks`` and ``loop``); importing changes
nothing. Module 00's set-up cell imports ``orientation`` (its practice plot) instead of a
scenario.

``explore`` is loaded on first use: a check cell that imports ``checks`` alone does not
pay for ipywidgets and matplotlib.
"""

from __future__ import annotations

from typing import Any

from course.trainee import checks

__all__ = ["checks", "explore"]


def __getattr__(name: str) -> Any:
    if name == "explore":
        from course.trainee.widgets import explore

        return explore
    raise AttributeError(f"module 'course.trainee' has no attribute {name!r}")
