"""Warm kernels (s28, #28 item 1): each trainee's notebook in a kernel of its own, nothing left.

The grading worker starts the next kernel, in a second sandbox, while the current notebook
runs, and kills a finished kernel at once (course/instructor/sandbox_warm.py). One batch of
module 01 on one worker (so every kernel after the first is a warm one) shows that:

- no kernel serves two trainees: each marked submission's kernel has a session of its own and
  finds none of the marks the trainees before it left (a global, a builtin, files in its working
  folder, home, /tmp and /dev/shm); as root, consecutive submissions run as the worker's two
  sandbox user ids in turn (the warm kernel, started in the other sandbox, was the one used);
- the grades are intact (perfect notebooks score full marks, the empty one zero);
- nothing is left after the batch: no process of a sandbox user id that no live worker holds,
  no process started in this run's sandbox folder, which is removed, and no kernel control
  group left for the run's clean-up to sweep.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from test_hostile import ASSIGNMENT, FULL, NOTEBOOK, Cohort, _course, _total

from course.instructor import grading, sandbox, sandbox_limits

pytestmark = pytest.mark.slow

MARKED = ("marks-a", "marks-b", "marks-c")  # graded in this order (by name), before trainee-01/02
MARKS = """
import builtins, json, os, pathlib
_folders = ('.', os.environ['HOME'], '/tmp', '/dev/shm')
_before = {{
    'builtins': list(getattr(builtins, '_sales_course_marks', [])),
    'globals': sorted(k for k in globals() if k.startswith('_mark_')),
    'files': sorted(n for f in _folders for n in os.listdir(f) if n.startswith('mark-')),
}}
builtins._sales_course_marks = _before['builtins'] + [{name!r}]
globals()['_mark_' + {name!r}.replace('-', '_')] = True
for _folder in _folders:
    pathlib.Path(_folder, 'mark-' + {name!r}).write_text('here')
print('KERNEL', json.dumps({{'session': get_ipython().kernel.session.session, 'uid': os.getuid(),
                            'before': _before}}))
"""


def _printed(root: Path, student: str) -> str:
    path = root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def _orphan_uids() -> list[int]:
    """Sandbox user ids that run a process while no live worker holds their slot."""
    uids = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            uid = entry.stat().st_uid
            if entry.name.isdigit() and sandbox.UID_BASE <= uid < sandbox.UID_BASE + sandbox.SLOTS:
                uids.add(uid)
    orphans = []
    for uid in sorted(uids):
        with open(sandbox.slot_folder() / f"{uid - sandbox.UID_BASE}.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live worker (another grading run on this machine) holds it
            orphans.append(uid)
    return orphans


def _processes_under(folder: str) -> list[str]:
    """Command lines that name ``folder`` (a kernel's bubblewrap binds its workspace there)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit():
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if folder in line:
                    found.append(f"{entry.name}: {line[:200]}")
    return found


def test_no_kernel_serves_two_trainees_and_nothing_is_left(
    tmp_path: Path, course_copy, monkeypatch: pytest.MonkeyPatch
) -> None:
    mode = sandbox.isolation()
    if mode not in ("root", "user"):
        pytest.skip(f"no bubblewrap sandbox here ({mode})")
    root, _ = _course(tmp_path / "course", course_copy)
    cohort = Cohort(root)
    for name in MARKED:
        cohort.notebook(name, extra_cells=[MARKS.format(name=name)])
    before = {str(g.folders) for g in sandbox_limits.orphan_groups()}
    swept: list[str] = []
    real_sweep = sandbox_limits.remove_orphan_groups

    def watched_sweep() -> int:  # what the run's clean-up would have had to remove
        swept.extend(str(g.folders) for g in sandbox_limits.orphan_groups() if str(g.folders) not in before)
        return real_sweep()

    monkeypatch.setattr(sandbox_limits, "remove_orphan_groups", watched_sweep)

    summary = grading.grade(root, workers=1, progress=None)

    status = {key.split("/")[1]: result for key, result in summary.results.items()}
    for name in (*MARKED, "trainee-01"):  # the marks touch builtins: flagged for review, still scored
        assert status[name]["status"] in ("graded", "flagged"), (name, status[name])
        assert _total(root, name) == FULL, name
    assert status["trainee-02"]["status"] == "zero"
    seen = {}
    for name in MARKED:
        found = re.search(r"^KERNEL (.*)$", _printed(root, name), re.M)
        assert found, _printed(root, name)
        seen[name] = json.loads(found.group(1))
    # A kernel of its own for each trainee: another session, and nothing of the trainees before.
    assert len({s["session"] for s in seen.values()}) == len(MARKED)
    for name, kernel in seen.items():
        assert kernel["before"] == {"builtins": [], "globals": [], "files": []}, (name, kernel)
    if mode == "root":  # the warm kernel ran: it waits in the worker's other sandbox
        uids = [seen[name]["uid"] for name in MARKED]
        assert uids[0] != uids[1] and uids[0] == uids[2], uids
    # Nothing left behind.
    assert not _orphan_uids(), "a sandbox user id still runs a process after the batch"
    assert not _processes_under(summary.sandboxes), _processes_under(summary.sandboxes)
    assert not os.path.exists(summary.sandboxes)
    assert not swept, f"kernel control groups the workers left behind: {swept}"
