"""Limits per trainee on the trial hub: memory, CPU share, processes, file size and a private
``/tmp``, so one trainee's runaway cell (a fork bomb, a memory hog) cannot slow the others.

Where systemd runs, TLJH's SystemdSpawner gives each server a systemd unit with these limits
(deploy/tljh/sales_leadership_lab.py); on Kubernetes the pod's limits do (deploy/config.yaml).
The trial hub runs where neither may exist (a container without systemd), so
:class:`LimitedSpawner` does what systemd would, with the kernel's own interfaces:

- control groups (v1, as mounted at /sys/fs/cgroup/{memory,pids,cpu}): one group per
  trainee under ``sales-leadership-lab/``, with ``memory.limit_in_bytes`` (and the same for
  memory plus swap, so swap is no way round), ``pids.max`` and ``cpu.shares`` (an equal
  share when the machine is busy) plus ``cpu.cfs_quota_us`` (at most ``cpu_limit`` cores
  even when it is idle). The trainee's server joins its group before it runs any trainee
  code, and every process it starts stays in it; the hub's own processes are not in it.
- a private ``/tmp`` and ``/dev/shm``: the server starts in a mount namespace of its own,
  where both are a fresh tmpfs of ``tmp_size`` bytes (counted in the trainee's memory), gone
  when the server stops: no trainee sees another's temporary files, and no uid reused by a
  later run finds an old trainee's leftovers.
- resource limits: ``RLIMIT_FSIZE`` (no single file written larger than ``file_limit``),
  ``RLIMIT_NPROC`` (a second bound on processes, per uid), no core files.

A total cap on a trainee's home needs filesystem quotas (``setquota``), which this spawner
does not set; TLJH and Z2JH sections of docs/WORKSHOPS.md say how each platform bounds disk.
Without writable control groups (not root, cgroup v2 only) the spawner refuses to start a
server unless ``require_cgroups`` is False, in which case it logs what is missing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import signal
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_PARENT = "sales-leadership-lab"
CONTROLLERS = ("memory", "pids", "cpu")
# Linux's mount(2) and unshare(2) flags (linux/mount.h, linux/sched.h).
CLONE_NEWNS = 0x00020000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
CFS_PERIOD_US = 100_000

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


class LimitError(RuntimeError):
    """A limit could not be put in place; the message says which and why."""


def parse_bytes(text: str | int) -> int:
    """``"1G"``, ``"512M"``, ``"64K"`` or a number of bytes, as bytes (powers of 1024)."""
    if isinstance(text, int):
        return text
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def cgroup_paths(name: str, root: Path = CGROUP_ROOT) -> dict[str, Path]:
    """The trainee's control group in each controller."""
    return {controller: root / controller / CGROUP_PARENT / name for controller in CONTROLLERS}


def cgroups_available(root: Path = CGROUP_ROOT) -> str:
    """'' if per-trainee control groups can be made here, else why not."""
    if os.geteuid() != 0:
        return "not root"
    for controller in CONTROLLERS:
        folder = root / controller
        if not (folder / "cgroup.procs").exists():
            return f"no cgroup v1 {controller} controller at {folder}"
        if not os.access(folder, os.W_OK):
            return f"{folder} is not writable"
    return ""


def _set(path: Path, value: str | int) -> None:
    try:
        path.write_text(str(value))
    except OSError as error:
        raise LimitError(f"cannot write {value} to {path}: {error.strerror}") from None


def make_cgroups(
    name: str, *, memory: int, pids: int, cpu_limit: float, cpu_shares: int = 1024, root: Path = CGROUP_ROOT
) -> dict[str, Path]:
    """Make (or reset) the trainee's control groups with their limits; return their paths."""
    paths = cgroup_paths(name, root)
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True)
    memory_group = paths["memory"]
    _set(memory_group / "memory.limit_in_bytes", memory)
    swap = memory_group / "memory.memsw.limit_in_bytes"
    if swap.exists():  # present when the kernel accounts swap: the same cap, so no swapping round it
        _set(swap, memory)
    _set(paths["pids"] / "pids.max", pids)
    _set(paths["cpu"] / "cpu.shares", cpu_shares)
    if cpu_limit > 0:
        _set(paths["cpu"] / "cpu.cfs_period_us", CFS_PERIOD_US)
        _set(paths["cpu"] / "cpu.cfs_quota_us", int(cpu_limit * CFS_PERIOD_US))
    return paths


def members(paths: dict[str, Path]) -> set[int]:
    """Process ids in any of the trainee's groups."""
    found: set[int] = set()
    for path in paths.values():
        with contextlib.suppress(OSError):
            found.update(int(line) for line in (path / "cgroup.procs").read_text().split())
    return found


def oom_kills(paths: dict[str, Path]) -> int:
    """How many processes the kernel's OOM killer ended in the trainee's memory group."""
    for line in (paths["memory"] / "memory.oom_control").read_text().splitlines():
        if line.startswith("oom_kill "):
            return int(line.split()[1])
    return 0


def empty_and_remove(paths: dict[str, Path], *, timeout: float = 10) -> bool:
    """End every process in the trainee's groups (each by id, KILL: a fork bomb ignores TERM
    and forks faster than it is asked nicely), then remove the groups. True if all are gone."""
    deadline = time.monotonic() + timeout
    while (pids := members(paths)) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    removed = True
    for path in paths.values():
        for _ in range(50):
            try:
                path.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.1)  # exiting processes leave the group a moment later
        else:
            removed = False
    return removed


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def private_tmp(size: int) -> None:
    """In the calling process (a server about to start, still root): a mount namespace of its
    own with a fresh tmpfs of ``size`` bytes on /tmp and on /dev/shm."""
    _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    # Mounts made here must not propagate back to the machine's namespace.
    _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    options = f"size={size},mode=1777".encode()
    for target in (b"/tmp", b"/dev/shm"):
        _check(
            _libc.mount(b"tmpfs", target, b"tmpfs", MS_NOSUID | MS_NODEV, options), f"mount tmpfs {target}"
        )


def join(paths: dict[str, Path]) -> None:
    """Move the calling process into the trainee's groups (its children follow it)."""
    pid = str(os.getpid()).encode()
    for path in paths.values():
        descriptor = os.open(path / "cgroup.procs", os.O_WRONLY)
        try:
            os.write(descriptor, pid)
        finally:
            os.close(descriptor)


def set_rlimits(*, processes: int, file_size: int) -> None:
    for which, value in (
        (resource.RLIMIT_NPROC, processes),
        (resource.RLIMIT_FSIZE, file_size),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(which, (value, value))


try:
    from jupyterhub.spawner import LocalProcessSpawner
    from traitlets import Bool, Float, Integer, Unicode
except ImportError:  # the course without the hub extra
    LocalProcessSpawner = None  # type: ignore[assignment,misc]

if LocalProcessSpawner is not None:

    class LimitedSpawner(LocalProcessSpawner):  # type: ignore[misc,valid-type]
        """JupyterHub's LocalProcessSpawner (each trainee their own OS user), each server in
        control groups of its own with a private /tmp (module docstring)."""

        pids_limit = Integer(256, config=True, help="processes and threads per trainee (pids.max)")
        cpu_shares = Integer(1024, config=True, help="relative CPU weight when the machine is busy")
        file_limit = Unicode("512M", config=True, help="largest file a trainee may write (RLIMIT_FSIZE)")
        tmp_size = Unicode("256M", config=True, help="size of the private /tmp and /dev/shm (each)")
        require_cgroups = Bool(True, config=True, help="refuse to start a server without its limits")
        cgroup_root = Unicode(str(CGROUP_ROOT), config=True, help="where cgroup v1 controllers are mounted")
        stop_grace = Float(5.0, config=True, help="seconds between TERM to the server and KILL to its group")

        _paths: dict[str, Path] | None = None

        def _limits_paths(self) -> dict[str, Path] | None:
            missing = cgroups_available(Path(self.cgroup_root))
            if missing:
                if self.require_cgroups:
                    raise LimitError(
                        f"Cannot limit {self.user.name}'s server ({missing}); the trial hub needs root "
                        "and cgroup v1 memory, pids and cpu controllers."
                    )
                self.log.warning("No per-trainee limits for %s: %s", self.user.name, missing)
                return None
            memory = parse_bytes(self.mem_limit or "1G")
            cpu = float(self.cpu_limit or 0)
            return make_cgroups(
                self.user.name,
                memory=memory,
                pids=self.pids_limit,
                cpu_limit=cpu,
                cpu_shares=self.cpu_shares,
                root=Path(self.cgroup_root),
            )

        def make_preexec_fn(self, name):
            become_user = super().make_preexec_fn(name)
            paths = self._paths
            tmp_size = parse_bytes(self.tmp_size)
            file_size = parse_bytes(self.file_limit)
            processes = self.pids_limit

            def preexec() -> None:
                # Still root here: join the groups, make the private /tmp, then become the trainee.
                if paths is not None:
                    join(paths)
                private_tmp(tmp_size)
                set_rlimits(processes=processes, file_size=file_size)
                become_user()

            return preexec

        async def start(self):
            if self._paths is not None:  # a previous server's group: empty it first
                empty_and_remove(self._paths)
            self._paths = self._limits_paths()
            return await super().start()

        async def stop(self, now=False):
            await super().stop(now=now)
            if self._paths is not None:
                if not empty_and_remove(self._paths):
                    self.log.warning("Control groups of %s not removed: %s", self.user.name, self._paths)
                self._paths = None
