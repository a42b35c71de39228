"""A grading worker's kernels: the next one started while the current notebook runs (issue #28).

Before, each submission waited for its kernel to start (a sandbox made, the kernel's Python
booted: 12-17% of a submission's time in the profile, docs/GRADING_SPEED.md) and then for it
to stop politely (nbclient asks the kernel to shut down and waits: 10-15%). Here a worker
holds two sandboxes (:class:`~course.instructor.sandbox.Sandbox`, each as root with a user id
of its own) and alternates between them:

- while a submission's notebook runs in one sandbox, the next kernel is started in the other,
  a **warm kernel**: a fresh workspace, fresh control groups, a fresh process that has run
  nothing yet; the next submission takes it (:meth:`Kernels.take`) instead of starting one;
- a finished kernel is killed at once (:func:`stop_now`), not asked to shut down: its
  sandbox is thrown away with everything in it, and the worker's clean-up
  (:meth:`~course.instructor.sandbox.Sandbox.clean_up`) kills what is left of its user id,
  notes what it ran out of, removes its control groups and its workspace, as before.

What stays true (docs/GRADING_SECURITY.md): every submission's notebook runs in a kernel
started for it alone, in a sandbox made for it alone, and a kernel is taken at most once
(:meth:`Kernels.take` forgets it as it hands it out). The warm kernel waits in the other
sandbox: another user id (as root) in its own PID, mount, network and IPC namespaces, its
workspace not mounted in the running kernel's sandbox, so the trainee whose notebook runs
meanwhile can neither see nor signal nor write to it. A submission whose first kernel is not
warm (the worker's first, or a warm kernel that died) starts one as before.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from jupyter_core.utils import run_sync

from course.instructor import sandbox
from course.instructor.sandbox import Sandbox, SandboxKernelManager


@dataclass(frozen=True)
class Key:
    """What a kernel is started with: a warm kernel serves a notebook that asks for the same."""

    kernel_name: str
    arguments: tuple[str, ...]  # nbclient's extra arguments to the kernel
    history_file: str  # nbclient's IPython history file (":memory:")


@dataclass
class Warm:
    """A started kernel that has run nothing yet, in its own sandbox."""

    box: Sandbox
    km: SandboxKernelManager
    key: Key


class Kernels:
    """One grading worker's two sandboxes and its warm kernel."""

    def __init__(self, boxes: list[Sandbox]) -> None:
        self.boxes = boxes
        self.warm: Warm | None = None
        self.started = 0  # kernels started by this worker (warm or not)
        self.taken = 0  # warm kernels taken by a notebook

    def begin(self) -> Sandbox | None:
        """A new submission: it runs in the sandbox that holds the warm kernel, if there is one."""
        if self.warm is not None:
            sandbox.CURRENT = self.warm.box
        return sandbox.CURRENT

    def take(self, key: Key) -> SandboxKernelManager | None:
        """The warm kernel, if it is alive, in the current sandbox and started as ``key`` asks;
        never the same kernel twice (it is forgotten here whatever happens next)."""
        warm, self.warm = self.warm, None
        if warm is None:
            return None
        process = warm.box.kernel
        if (
            warm.box is not sandbox.CURRENT
            or warm.key != key
            or process is None
            or process.poll() is not None
        ):
            discard(warm)
            return None
        warm.box.add_data()  # the assignment's data files (the worker set data_from)
        self.taken += 1
        return warm.km

    def start(self, key: Key, config: Any, box: Sandbox | None = None) -> SandboxKernelManager:
        """A kernel started now in ``box`` (the current sandbox by default); not waited for."""
        self.started += 1
        return _launch(box or sandbox.CURRENT, key, config)

    def start_next(self, key: Key, config: Any) -> None:
        """Start the next submission's kernel in the other sandbox, while this notebook runs."""
        if self.warm is not None or len(self.boxes) < 2 or sandbox.CURRENT is None:
            return
        box = next(b for b in self.boxes if b is not sandbox.CURRENT)
        box.clean_up()  # empty already (the last submission there was cleaned up): made sure
        box.data_from = None  # the data files come when a notebook takes it
        try:
            km = _launch(box, key, config)
        except Exception:  # no warm kernel: the next submission starts its own, as before
            box.clean_up()
            return
        self.started += 1
        self.warm = Warm(box, km, key)

    def close(self) -> None:
        """The worker ends: the warm kernel killed, both sandboxes emptied."""
        warm, self.warm = self.warm, None
        if warm is not None:
            discard(warm)
        for box in self.boxes:
            with contextlib.suppress(Exception):
                box.clean_up()


def _launch(box: Sandbox | None, key: Key, config: Any) -> SandboxKernelManager:
    """A kernel launched in ``box`` (its process started, not waited for)."""
    km = SandboxKernelManager(config=config, **({"kernel_name": key.kernel_name} if key.kernel_name else {}))
    km.box = box
    arguments = list(key.arguments)
    # As nbclient does: IPython's history in memory, not in a file of the workspace.
    if (
        km.ipykernel
        and key.history_file
        and not any(a.startswith("--HistoryManager.hist_file") for a in arguments)
    ):
        arguments.append(f"--HistoryManager.hist_file={key.history_file}")
    run_sync(km.start_kernel)(extra_arguments=arguments)
    return km


def discard(warm: Warm) -> None:
    """A warm kernel no notebook will use: killed, its sandbox emptied."""
    stop_now(warm.km, None)
    warm.box.clean_up()


def stop_now(km: Any, kc: Any) -> None:
    """Kill a finished notebook's kernel at once: its sandbox is thrown away with everything in
    it, so nothing in it needs a clean exit (nbclient's polite shutdown waited for one). The
    sandbox's clean-up (``Sandbox.clean_up``) still kills what is left and removes its groups."""
    if kc is not None:
        with contextlib.suppress(Exception):
            kc.stop_channels()
    box = getattr(km, "box", None)
    if box is not None and box.kernel is getattr(km.provisioner, "process", None):
        box.kill_kernel()
    else:
        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(km.cleanup_resources)()


# This worker's kernels (None outside a grading worker: nbclient starts the kernel as before).
KERNELS: Kernels | None = None
