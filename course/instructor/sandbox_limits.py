"""Limits per grading kernel, not per process: control groups, a watchdog, and what ran out.

``prlimit`` bounds each process of a kernel, but a kernel can start many: five children of 1 GiB
each held 5.4 GiB under the 3 GiB address-space limit, and without root every kernel runs as the
instructor's user id, so the process limit cannot tell one kernel from another. Here:

- **A control group per kernel** wherever this process may make one under its own (as root on
  a machine with cgroup v1 controllers, as here; or a group delegated to the instructor, v1 or
  v2): a memory limit that counts every process of the kernel and the pages of its private
  ``/tmp`` and ``/dev/shm`` (tmpfs pages are charged to the group that writes them), and a
  process limit (threads included). The kernel's command enters the groups before it runs
  anything (:meth:`KernelGroup.command`), so every child is inside; the groups are emptied and
  removed after it.
- **A watchdog** per kernel (:class:`Watchdog`), in every mode: the bytes and files in the
  kernel's working folder (its home and temp folder are inside), and, where no control group
  bounds processes, the processes in the kernel's PID namespace (bubblewrap gives each kernel its
  own). Over a limit, it kills the kernel and says which limit. It polls (every 0.2 s): a kernel
  can pass a limit by what it writes or forks between two looks (with ``RLIMIT_FSIZE`` bounding
  each file), which is the honest limit of grading without root and without a delegated group.

:func:`exhausted` tells a kernel that ran out of something (the grader retries those once;
a second failure is an error for the instructor to look at, never the trainee's zero).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CGROUPS = Path(os.environ.get("SALES_COURSE_CGROUP_ROOT", "/sys/fs/cgroup"))
_COUNTER = itertools.count()
# What a kernel or its cell says when the machine (or a limit) ran out, whoever caused it.
EXHAUSTION_SIGNS = (
    "can't start new thread",
    "Resource temporarily unavailable",
    "Cannot allocate memory",
    "No space left on device",
    "Too many open files",
    "BlockingIOError",
)


def _own_groups() -> dict[str, str]:
    """This process's control group in each hierarchy: controller (or "" for v2) -> path."""
    found: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            number, controllers, path = line.split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                found[name] = path
    return found


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


@dataclass
class KernelGroup:
    """One kernel's control groups (v1: one in the memory and one in the pids hierarchy; v2: one)."""

    folders: dict[str, Path]  # "memory"/"pids" (v1) or "" (v2) -> the group's folder
    version: int

    @classmethod
    def make(cls, memory_bytes: int, processes: int) -> KernelGroup | None:
        """New groups with these limits under this process's own, or None where it may not."""
        name = f"sales-course-kernel-{os.getpid()}-{next(_COUNTER)}"
        own = _own_groups()
        v1 = {c: CGROUPS / c / own[c].lstrip("/") for c in ("memory", "pids") if c in own}
        if len(v1) == 2 and all(_writable(p) for p in v1.values()):
            group = cls({c: p / name for c, p in v1.items()}, 1)
        elif "" in own and ((CGROUPS / "unified").is_dir() or (CGROUPS / "cgroup.controllers").exists()):
            top = CGROUPS / "unified" if (CGROUPS / "unified").is_dir() else CGROUPS
            parent = top / own.get("", "/").lstrip("/")
            enabled = (parent / "cgroup.subtree_control").read_text().split() if _writable(parent) else []
            if not {"memory", "pids"} <= set(enabled):
                return None
            group = cls({"": parent / name}, 2)
        else:
            return None
        try:
            for folder in group.folders.values():
                folder.mkdir()
            group._limit(memory_bytes, processes)
        except OSError:
            group.remove()
            return None
        return group

    def _limit(self, memory_bytes: int, processes: int) -> None:
        if self.version == 1:
            memory = self.folders["memory"]
            (memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            with contextlib.suppress(OSError):  # swap too, where the kernel accounts it
                (memory / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
            (self.folders["pids"] / "pids.max").write_text(str(processes))
        else:
            folder = self.folders[""]
            (folder / "memory.max").write_text(str(memory_bytes))
            with contextlib.suppress(OSError):
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(processes))

    def command(self, cmd: list[str]) -> list[str]:
        """``cmd`` run after its shell has entered the groups (so every child it makes is inside)."""
        enter = " && ".join(
            f"echo $$ > {shlex.quote(str(p / 'cgroup.procs'))}" for p in self.folders.values()
        )
        return ["/bin/sh", "-c", f'{enter} && exec "$@"', "sh", *cmd]

    def pids(self) -> list[int]:
        found: set[int] = set()
        for folder in self.folders.values():
            with contextlib.suppress(OSError, ValueError):
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
        return sorted(found)

    def ran_out(self) -> list[str]:
        """Which of its limits the kernel reached: "memory", "processes"."""
        found = []
        if self.version == 1:
            oom = _counters(self.folders["memory"] / "memory.oom_control")
            if oom.get("oom_kill", 0) > 0 or oom.get("under_oom", 0) > 0:
                found.append("memory")
            if _counters(self.folders["pids"] / "pids.events").get("max", 0) > 0:
                found.append("processes")
        else:
            folder = self.folders[""]
            if _counters(folder / "memory.events").get("oom_kill", 0) > 0:
                found.append("memory")
            if _counters(folder / "pids.events").get("max", 0) > 0:
                found.append("processes")
        return found

    def remove(self) -> None:
        """Kill everything left in the groups, then remove them (a few tries: zombies linger)."""
        for _ in range(100):
            left = self.pids()
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            _reap_children()
            removed = True
            for folder in self.folders.values():
                if folder.exists():
                    try:
                        folder.rmdir()
                    except OSError:
                        removed = False
            if removed:
                return
            time.sleep(0.05)


def orphan_groups() -> list[KernelGroup]:
    """Kernel control groups whose grading worker has ended without removing them (a worker
    killed mid-submission): each group's name holds the pid of the worker that made it."""
    own = _own_groups()
    parents = [(CGROUPS / c / own[c].lstrip("/"), 1) for c in ("memory", "pids") if c in own]
    if "" in own:
        top = CGROUPS / "unified" if (CGROUPS / "unified").is_dir() else CGROUPS
        parents.append((top / own[""].lstrip("/"), 2))
    found = []
    for parent, version in parents:
        with contextlib.suppress(OSError):
            for group in parent.glob("sales-course-kernel-*"):
                pid = group.name.split("-")[3]
                if group.is_dir() and pid.isdigit() and not Path(f"/proc/{pid}").exists():
                    found.append(KernelGroup({group.name: group}, version))
    return found


def remove_orphan_groups() -> int:
    """Kill what is in every orphan kernel group and remove it; return how many there were."""
    groups = orphan_groups()
    for group in groups:
        group.remove()
    return len(groups)


def _counters(path: Path) -> dict[str, int]:
    found = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            key, _, value = line.partition(" ")
            with contextlib.suppress(ValueError):
                found[key] = int(value)
    return found


def _reap_children() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _namespace(pid: int) -> str:
    with contextlib.suppress(OSError):
        return os.readlink(f"/proc/{pid}/ns/pid")
    return ""


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]
    return []


def processes_in(namespace: str) -> int:
    """How many processes (threads counted) the machine runs in PID namespace ``namespace``."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and _namespace(int(entry.name)) == namespace:
            with contextlib.suppress(OSError):
                count += len(os.listdir(f"/proc/{entry.name}/task"))
    return count


def disk_used(folder: Path, most_files: int) -> tuple[int, int]:
    """Bytes (allocated) and entries under ``folder``, counting stops past ``most_files``."""
    size = files = 0
    stack = [str(folder)]
    while stack and files <= most_files:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
            for entry in entries:
                files += 1
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    size += info.st_blocks * 512
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
    return size, files


@dataclass
class Watchdog:
    """Watches one kernel: its working folder's size and files, and (without a control group)
    the processes of its PID namespace; kills it over a limit, and says which."""

    workspace: Path
    disk_bytes: int
    files: int
    processes: int | None  # None: a control group bounds them
    kill: Callable[[], None]
    interval: float = 0.2
    launcher: int | None = None  # the kernel's bubblewrap (its PID namespace's parent)
    ran_out: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, daemon=True, name="kernel-watchdog")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _kernel_namespace(self) -> str:
        if self.launcher is None:
            return ""
        mine = _namespace(os.getpid())
        todo = [self.launcher]
        while todo:  # the first process below the launcher in another PID namespace
            pid = todo.pop(0)
            found = _namespace(pid)
            if found and found != mine:
                return found
            todo += _children(pid)
        return ""

    def _watch(self) -> None:
        namespace = ""
        while not self._stop.wait(self.interval):
            size, files = disk_used(self.workspace, self.files)
            if size > self.disk_bytes or files > self.files:
                self._over(f"disk ({size // 1024**2} MiB in {files} files)")
                return
            if self.processes is None:
                continue
            namespace = namespace or self._kernel_namespace()
            if namespace and processes_in(namespace) > self.processes:
                self._over("processes")
                return

    def _over(self, what: str) -> None:
        self.ran_out.append(what)
        with contextlib.suppress(Exception):
            self.kill()


def exhausted(reason: str, ran_out: list[str]) -> bool:
    """Whether a failed submission failed because something ran out (its own limits, or the
    machine's, which another kernel may have used up): worth one more try."""
    return bool(ran_out) or any(sign in reason for sign in EXHAUSTION_SIGNS)


def grade_retrying(submission: Any) -> Any:
    """Grade one submission in this worker (:func:`~course.instructor.grading.worker.grade_in_worker`);
    if it failed because something ran out (its kernel's memory, processes or disk, or the
    machine's, which another kernel may have used up), grade it once more. A second such failure
    is an error for the instructor to look at, with what ran out: never the trainee's zero."""
    from course.instructor import sandbox
    from course.instructor.grading.worker import grade_in_worker

    def once() -> tuple[Any, list[str]]:
        if sandbox.CURRENT is not None:
            sandbox.CURRENT.ran_out = []  # not the previous submission's
        outcome = grade_in_worker(submission)
        return outcome, list(sandbox.CURRENT.ran_out) if sandbox.CURRENT is not None else []

    outcome, ran_out = once()
    if outcome.ok or not exhausted(outcome.reason, ran_out):
        return outcome
    outcome, again = once()
    if not outcome.ok and exhausted(outcome.reason, again):
        what = (
            ", ".join(dict.fromkeys(r.split(" (")[0] for r in ran_out + again)) or "the machine's resources"
        )
        outcome.reason = (
            f"ran out of {what} twice (the grader's limits per kernel, or the machine's); "
            f"no grade, look at this submission: {outcome.reason}"
        )
    return outcome
