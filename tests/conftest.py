"""Shared fixtures, and the rule for suites whose prerequisites are missing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("SALES_COURSE_REQUIRE_ALL") == "1":
        pytest.fail(f"prerequisite missing under make test: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def skip_or_fail() -> Callable[[str], None]:
    """Skip a suite whose prerequisite is missing, or fail it under ``make test``.

    ``make test`` installs every prerequisite and sets SALES_COURSE_REQUIRE_ALL=1, so
    there a missing browser or proxy is a broken set-up, never a silent skip.
    """
    return _skip_or_fail
