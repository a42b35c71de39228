"""nbgrader's machinery kept warm in a grading worker: the same results, without repeated work.

A profile of a worker (cProfile over module 01's submissions, 2026-12-06, docs/GRADING_SPEED.md)
found three costs that are not the trainee's code and repeat for every submission:

- **The worker's scratch gradebook waits on the disk.** Every nbgrader commit (about 50 a
  submission) asks SQLite to flush it to disk: about 20 ms each on the shared machine. The
  worker's gradebook is a throwaway copy in its scratch course (a worker that dies is replaced
  by one with a fresh copy, and its submission graded again); the course's own gradebook,
  which the main process merges each result into, keeps SQLite's default, durable writes.
- **nbgrader checks its own metadata schema again for every cell.** ``CheckCellMetadata``
  validates each cell's nbgrader metadata with ``jsonschema.validate``, which first checks
  that the *schema* is a valid JSON schema, every time (about 90% of the step). Here each
  schema is checked once, then reused: the cells are validated exactly as before, and a
  cell that fails raises the same error (``jsonschema``'s ``best_match``, as ``validate``).
- **The feedback page's templates are compiled for every submission.** nbconvert's HTML
  exporter builds a new Jinja environment for each feedback page; here they share an
  in-memory bytecode cache (Jinja's own, keyed by each template's name, file and source
  checksum: an edited template is compiled again).

:func:`install` applies all three in a grading worker (never in the main process, and never
to plain ``nbgrader`` commands, which the benchmark compares against).
"""

from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path
from typing import Any

_installed: list[bool] = []


def install(scratch_course: Path) -> None:
    """Apply the three fast paths in this (worker) process; ``scratch_course`` holds its
    throwaway gradebook (only databases under it lose the flush to disk)."""
    if _installed:
        return
    _installed.append(True)
    _scratch_sqlite(scratch_course.resolve())
    _schema_checked_once()
    _templates_compiled_once()


def _scratch_sqlite(folder: Path) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _no_flush(connection: Any, _record: Any) -> None:
        if not isinstance(connection, sqlite3.Connection):
            return
        files = [row[2] for row in connection.execute("PRAGMA database_list").fetchall() if row[2]]
        if files and all(Path(f).resolve().is_relative_to(folder) for f in files):
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("PRAGMA journal_mode=MEMORY")


_VALIDATORS: dict[str, Any] = {}


def validate(instance: Any, schema: dict[str, Any]) -> None:
    """``jsonschema.validate``, the schema itself checked once per distinct schema."""
    import jsonschema
    from jsonschema.exceptions import best_match

    key = json.dumps(schema, sort_keys=True)
    validator = _VALIDATORS.get(key)
    if validator is None:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[key] = cls(schema)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def _schema_checked_once() -> None:
    import jsonschema
    from nbgrader.nbgraderformat import common

    # nbgrader's metadata validator calls ``jsonschema.validate`` through this module name only.
    common.jsonschema = types.SimpleNamespace(validate=validate, ValidationError=jsonschema.ValidationError)


def _templates_compiled_once() -> None:
    import jinja2
    from nbconvert.exporters.templateexporter import TemplateExporter

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    cache = MemoryBytecodeCache()
    create = TemplateExporter._create_environment

    def create_with_cache(self: Any) -> Any:
        environment = create(self)
        environment.bytecode_cache = cache
        return environment

    TemplateExporter._create_environment = create_with_cache
