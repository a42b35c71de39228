"""The course as nbgrader sees it: its configuration, folders, gradebook URL and API."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def nbgrader_config(root: Path) -> Any:
    """nbgrader's configuration for the course at ``root``, loaded as the nbgrader
    command loads it (the course's nbgrader_config.py and Jupyter's config folders)."""
    from nbgrader.apps.baseapp import NbGrader

    with working_directory(root):
        app = NbGrader()
        app.load_config_file()
        config = app.config
    config.CourseDirectory.root = str(root)
    return config


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def kernels_find_this_python() -> None:
    """Kernels nbgrader starts must find this interpreter's packages (as authoring.nbgrader does)."""
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = f"{here}{os.pathsep}{os.environ.get('PATH', '')}"


def nbgrader_api(root: Path, database: Path | None = None, *, sandboxed: bool = False) -> Any:
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    config = nbgrader_config(root)
    if database is not None:
        config.CourseDirectory.db_url = f"sqlite:///{database}"
    if sandboxed:
        # No test cell runs in the trainee's kernel: the trusted judge scores them all.
        from course.instructor.grading.judged import JudgedExecute

        steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
        config.Autograde.autograde_preprocessors = [JudgedExecute if p is Execute else p for p in steps]
    # Feedback goes to the trainee: no hidden test in it.
    from course.instructor.grading.feedback import feedback_preprocessors

    config.GenerateFeedback.preprocessors = feedback_preprocessors()
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.INFO)  # capture_log needs the INFO lines to spot warnings
    return api


def course_directory(root: Path) -> Any:
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=nbgrader_config(root))


def db_url(root: Path) -> str:
    """The course gradebook's database URL, as nbgrader's configuration gives it."""
    return course_directory(root).db_url


def folder_of(root: Path, kind: str, student: str, assignment: str) -> Path:
    """nbgrader's folder for one submission: ``kind`` is submitted, autograded or feedback."""
    coursedir = course_directory(root)
    return root / getattr(coursedir, f"{kind}_directory") / student / assignment
