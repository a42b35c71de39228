"""The grading sandbox's bubblewrap command, checked without running it (the hostile suite runs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.instructor import sandbox


def test_an_environment_under_tmp_stays_visible_under_the_private_tmp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A course cloned under /tmp keeps its .venv there: bwrap applies mounts in order, so the
    # private /tmp must come first or it hides the environment and no kernel can start.
    venv = Path("/tmp/some-clone/.venv")
    monkeypatch.setattr(sandbox, "environment_paths", lambda: [venv])
    args = sandbox._bwrap_args(Path("/tmp/sales-course-work-1"), as_root=True)
    tmpfs = args.index("--tmpfs", args.index("--perms"))
    assert args[tmpfs + 1] == "/tmp"
    bind = next(i for i in range(len(args) - 2) if args[i] == "--ro-bind" and args[i + 1] == str(venv))
    assert tmpfs < bind, "the private /tmp is mounted over the environment"
    work = args.index("--bind")
    assert tmpfs < work and args[work + 1] == "/tmp/sales-course-work-1"
