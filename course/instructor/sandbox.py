"""Running a trainee's notebook as untrusted code: the grading kernel's sandbox.

nbgrader runs every submitted notebook in a kernel of its own. By default that kernel
is an ordinary child of the grading process: it runs as the instructor, in the course
folder, with no limits. Here each kernel instead runs in a bubblewrap (``bwrap``)
sandbox that shows it only what it needs:

- the system's ``/usr`` and ``/etc`` and the Python environment, read-only (Python's own
  folder, the virtual environment, the ``course`` package): nothing else of the machine,
  so not the course folder (``solutions/``, the gradebook, other trainees' work, the
  course's config), wherever the course and the environment live and whatever their
  modes (the bind mounts reach a Python under ``/root/.pyenv`` even with ``/root`` 0700);
- a fresh working folder of its own (its HOME and temp folder inside), holding the
  assignment's data files from the instructor's source folder and nothing from the
  submission; private ``/tmp`` and ``/dev/shm`` that vanish with it;
- its own PID, network, IPC and UTS namespaces: it cannot see or signal the grader or
  other kernels, and has no network (nbgrader talks to it over Unix sockets in its
  working folder);
- OS limits (``prlimit``): address space, CPU seconds, file size, open files, no core
  dumps; and a whole-notebook wall-clock limit that kills it, in every mode;
- limits per kernel, not per process (:mod:`course.instructor.sandbox_limits`): a control
  group of its own where this process may make one (as root; or delegated to the instructor)
  bounding the memory of all its processes with its ``/tmp`` and ``/dev/shm`` pages, and its
  processes; ``/tmp`` and ``/dev/shm`` of a fixed size; a watchdog on its working folder's
  size (and, without a control group, on the processes of its PID namespace); its own log for
  stdout and stderr (nothing of the worker's); output capped per cell and per notebook. A
  submission whose kernel ran out of something is graded once more (:func:`grade_retrying`);
- as root, also a user id of its own per worker slot (``setpriv`` inside the sandbox; no
  account needed), so the process limit binds and a sweep by user id kills what is left.
  Without root, bubblewrap makes an unprivileged user namespace where the machine allows
  it (Debian does): the kernel runs as the instructor's id, but the sandbox still hides
  and protects everything above.

:func:`isolation` says which of these the machine offers ("root", "user", or "none":
no bubblewrap, or no user namespaces); grading refuses to run untrusted work with
"none" (see ``sales-course grade --trusted-submissions``). :class:`SandboxedExecute` caps
every message a kernel sends (outputs, display metadata, display updates, widget
messages) and, once the notebook has run, asks the kernel for its answers as plain data
for the trusted judge (:mod:`course.instructor.grading.answers`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from course.instructor.sandbox_limits import KernelGroup, Watchdog

# Kernel user ids: one per worker slot, from this base. They need no passwd entry. (Earlier
# versions used 1900000000 with their slot locks in /tmp: a different base keeps a grading run
# of this version and one of an earlier version on the same machine from sharing an id.)
UID_BASE = int(os.environ.get("SALES_COURSE_SANDBOX_UID", "1910000000"))
SLOTS = 64
SANDBOX_ENV = "SALES_COURSE_SANDBOX"  # "off": no sandbox, no limits (tests of trusted work only)


LIMITS_ENV = "SALES_COURSE_SANDBOX_LIMITS"  # "name=value,...": the instructor's (or a test's) limits


def _limit(name: str, default: int) -> Any:
    """A limit's default, unless ``SALES_COURSE_SANDBOX_LIMITS`` (``kernel_memory_bytes=...,``) sets it."""

    def read() -> int:
        for item in os.environ.get(LIMITS_ENV, "").split(","):
            key, _, value = item.partition("=")
            if key.strip() == name and value.strip().isdigit():
                return int(value)
        return default

    return field(default_factory=read)


@dataclass(frozen=True)
class Limits:
    """OS limits for one grading kernel (bytes, seconds, counts)."""

    memory_bytes: int = _limit("memory_bytes", 3 * 1024**3)  # address space, per process
    # Every process of the kernel together, with its /tmp and /dev/shm (control group, where allowed);
    # a kernel grading module 01 peaked at 250-340 MiB (measured in its group).
    kernel_memory_bytes: int = _limit("kernel_memory_bytes", 3 * 1024**3)
    processes: int = _limit("processes", 96)  # threads count too; per kernel (control group or watchdog)
    cpu_seconds: int = _limit("cpu_seconds", 900)
    file_bytes: int = _limit("file_bytes", 64 * 1024**2)
    open_files: int = _limit("open_files", 512)
    output_bytes: int = _limit("output_bytes", 2 * 1024**2)  # per cell, every message counted
    notebook_output_bytes: int = _limit("notebook_output_bytes", 16 * 1024**2)  # all cells together
    notebook_seconds: int = _limit("notebook_seconds", 900)  # a whole submission, wall clock
    tmp_bytes: int = _limit("tmp_bytes", 256 * 1024**2)  # each of the private /tmp and /dev/shm
    disk_bytes: int = _limit("disk_bytes", 512 * 1024**2)  # the working folder (home, temp folder)
    disk_files: int = _limit("disk_files", 20_000)


def can_switch_user() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


# --------------------------------------------------------------------------- what the machine offers


def _system_binds() -> list[str]:
    """bwrap arguments for the system folders, read-only (merged-/usr links kept as links)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return [*args, "--ro-bind", "/etc", "/etc"]


def environment_paths() -> list[Path]:
    """The folders a kernel must read: Python's own, the virtual environment's, the course package's."""
    import course

    found: list[Path] = []
    for path in (Path(sys.base_prefix), Path(sys.prefix), Path(course.__file__).parent):
        path = path.resolve()
        if path.is_dir() and not any(path == p or p in path.parents for p in found):
            found = [p for p in found if path not in p.parents] + [path]
    return [p for p in found if not _is_system(p)]


def _is_system(path: Path) -> bool:
    return any(path == Path(top) or Path(top) in path.parents for top in ("/usr", "/etc"))


def _bwrap_args(work: Path, *, as_root: bool, tmp_bytes: int | None = None) -> list[str]:
    args = [
        shutil.which("bwrap") or "bwrap",
        "--die-with-parent",  # the kernel goes when the grader kills its bwrap
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
    ]
    if not as_root:
        args.append("--unshare-user")
    args += _system_binds()
    args += ["--proc", "/proc", "--dev", "/dev"]
    # The private /tmp comes before the environment's binds: a course cloned under /tmp (its
    # .venv there too) stays visible, read-only, instead of hidden under the new /tmp.
    # Each of a fixed size (their pages count in the kernel's memory group, where there is one).
    size = ["--size", str(tmp_bytes)] if tmp_bytes else []
    args += ["--perms", "1777", *size, "--tmpfs", "/tmp", "--perms", "1777", *size, "--tmpfs", "/dev/shm"]
    made = {Path("/"), Path("/tmp")}
    for path in environment_paths():
        args += [*_folders_to(path, made), "--ro-bind", str(path), str(path)]
    args += [*_folders_to(work, made), "--bind", str(work), str(work), "--chdir", str(work)]
    # In its own PID namespace the kernel's parent is not the grader's pid: without this,
    # ipykernel would think its parent died and stop.
    return [*args, "--unsetenv", "JPY_PARENT_PID"]


def _folders_to(path: Path, made: set[Path]) -> list[str]:
    """bwrap arguments that make the folders above ``path`` in the sandbox, mode 0755 (bwrap
    would make them 0700, which a kernel's own user id cannot pass)."""
    args = []
    for parent in reversed(path.parents):
        if parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


@functools.lru_cache(maxsize=1)
def isolation() -> str:
    """What isolates a kernel here: "root" (bubblewrap as root, a user id per kernel), "user"
    (bubblewrap in an unprivileged user namespace), "none", or "off" (switched off)."""
    if os.environ.get(SANDBOX_ENV, "").lower() == "off":
        return "off"
    if not shutil.which("bwrap") or not shutil.which("prlimit"):
        return "none"
    with tempfile.TemporaryDirectory(prefix="sales-course-probe-") as work:
        os.chmod(work, 0o777)
        python = [sys.executable, "-c", "import course.trainee.checks"]
        tries = []
        if can_switch_user():
            tries.append(
                ("root", [*_bwrap_args(Path(work), as_root=True), *_setpriv(UID_BASE + SLOTS - 1), *python])
            )
        tries.append(("user", [*_bwrap_args(Path(work), as_root=False), *python]))
        for mode, cmd in tries:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                done = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
                if done.returncode == 0:
                    return mode
    return "none"


def _setpriv(uid: int) -> list[str]:
    return [
        shutil.which("setpriv") or "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--no-new-privs",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
    ]


def exposed(sensitive: list[Path]) -> list[str]:
    """Which of ``sensitive`` (the course's solutions, gradebook, submissions, config) a
    kernel could read through the folders the sandbox shows it: each as "what (via where)"."""
    shown = [Path("/usr"), Path("/etc"), *environment_paths()]
    found = []
    for path in sensitive:
        path = path.resolve()
        for folder in shown:
            if path == folder or folder in path.parents or path in folder.parents:
                found.append(f"{path} (the kernel must read {folder})")
                break
    return found


# --------------------------------------------------------------------------- one worker's sandbox


@dataclass
class Sandbox:
    """One grading worker's sandbox: its mode, kernel user id and working folder."""

    base: Path  # root's, mode 0711: kernels can reach their own folder but not list others
    uid: int | None  # as root: the kernel's user id
    limits: Limits
    mode_name: str = "user"  # see isolation()
    workspace: Path | None = None
    data_from: Path | None = None  # the assignment's data files (the instructor's source folder)
    kernel: Any = None  # the kernel's process (its bwrap), as jupyter_client started it
    _slot_lock: Any = None
    group: KernelGroup | None = None  # the current kernel's control groups, where allowed
    watchdog: Watchdog | None = None
    ran_out: list[str] = field(default_factory=list)  # what the last kernel ran out of
    kernel_log: int | None = None  # the kernel's own stdout and stderr (never the worker's)

    @property
    def enabled(self) -> bool:
        return self.mode_name != "off"

    @property
    def network_off(self) -> bool:
        return self.mode_name in ("root", "user")

    @classmethod
    def for_worker(cls, base: Path, limits: Limits | None = None) -> Sandbox:
        """This worker's sandbox; as root, with a free slot (a user id) for as long as it lives."""
        limits = limits or Limits()
        mode = isolation()
        if mode != "root":
            return cls(base, None, limits, mode)
        slots = slot_folder()
        for slot in range(SLOTS - 1):  # the last id is the probe's
            handle = open(slots / f"{slot}.lock", "w")  # noqa: SIM115  (held for the process's life)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            sandbox = cls(base, UID_BASE + slot, limits, mode, _slot_lock=handle)
            _become_subreaper()
            sandbox.kill_all()  # anything a previous worker left behind
            return sandbox
        raise RuntimeError(f"no free sandbox slot in {slots}")

    @property
    def mode(self) -> str:
        if self.mode_name == "root":
            return f"bubblewrap, uid {self.uid}"
        if self.mode_name == "user":
            return f"bubblewrap, as {os.getuid()}"
        if self.mode_name == "off":
            return "off"
        return f"limits only, as {os.getuid()}"

    # ----------------------------------------------------------------- working folder

    def new_workspace(self) -> Path:
        """A fresh working folder for one kernel, with the assignment's data files (from the
        instructor's source folder: nothing of the submission), notebooks left out."""
        self.remove_workspace()
        work = Path(tempfile.mkdtemp(prefix="work-", dir=self.base))
        self._copy_data(work)
        for name in ("home", "tmp"):
            (work / name).mkdir(exist_ok=True)
        if self.uid is not None:
            for path in [work, *work.rglob("*")]:
                os.lchown(path, self.uid, self.uid)
        work.chmod(0o700)
        self.workspace = work
        return work

    def add_data(self) -> None:
        """Copy the assignment's data files into the workspace of a kernel started before the
        assignment was known (a warm kernel, :mod:`course.instructor.sandbox_warm`): it has
        run nothing yet, and sees the files in its working folder from now on."""
        if self.workspace is None or not self._copy_data(self.workspace):
            return
        if self.uid is not None:
            for path in self.workspace.rglob("*"):
                os.lchown(path, self.uid, self.uid)

    def _copy_data(self, work: Path) -> bool:
        """The data files of ``data_from`` (notebooks left out) into ``work``; whether any were."""
        source, copied = self.data_from, False
        if source and source.is_dir():
            for path in sorted(source.rglob("*")):
                relative = path.relative_to(source)
                if path.is_symlink() or path.suffix == ".ipynb" or ".ipynb_checkpoints" in relative.parts:
                    continue
                if path.is_dir():
                    (work / relative).mkdir(parents=True, exist_ok=True)
                elif stat.S_ISREG(path.lstat().st_mode):
                    (work / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, work / relative)
                    copied = True
        return copied

    def remove_workspace(self) -> None:
        if self.workspace is not None:
            shutil.rmtree(self.workspace, ignore_errors=True)
            with contextlib.suppress(OSError):
                (self.workspace.parent / f"{self.workspace.name}.log").unlink()
            self.workspace = None

    def environment(self, work: Path) -> dict[str, str]:
        """A small, clean environment: no instructor variables, home and temp in the workspace."""
        env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "HOME": str(work / "home"),
            "TMPDIR": str(work / "tmp"),
            "MPLCONFIGDIR": str(work / "home" / ".matplotlib"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "NBGRADER_EXECUTION": "autograde",
        }
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
            env[name] = "1"
        # matplotlib's font cache, so each kernel does not rebuild it (about 2 s)
        cache = Path.home() / ".cache" / "matplotlib"
        if cache.is_dir():
            target = work / "home" / ".matplotlib"
            shutil.copytree(cache, target, dirs_exist_ok=True)
            if self.uid is not None:
                for path in [target, *target.rglob("*")]:
                    os.lchown(path, self.uid, self.uid)
        return env

    def wrap(self, cmd: list[str], work: Path) -> list[str]:
        """The kernel command under prlimit and, where available, bubblewrap (and setpriv as root)."""
        if not self.enabled or not shutil.which("prlimit"):
            return cmd  # "off", or "none" on a machine without prlimit: no limits to set
        limits = self.limits
        wrapped = [
            shutil.which("prlimit") or "prlimit",
            f"--as={limits.memory_bytes}",
            f"--cpu={limits.cpu_seconds}",
            f"--fsize={limits.file_bytes}",
            f"--nofile={limits.open_files}",
            "--core=0",
        ]
        if self.uid is not None:  # RLIMIT_NPROC counts every process of the user id: only its own
            wrapped.insert(1, f"--nproc={limits.processes}")
        wrapped.append("--")
        if self.mode_name in ("root", "user"):
            wrapped += _bwrap_args(work, as_root=self.mode_name == "root", tmp_bytes=limits.tmp_bytes)
            wrapped.append("--")
        if self.uid is not None:
            wrapped += _setpriv(self.uid)
        wrapped += cmd
        return self.group.command(wrapped) if self.group is not None else wrapped

    # ----------------------------------------------------------------- limits per kernel

    def start_limits(self, work: Path) -> None:
        """Before the kernel starts: its control groups (memory with its /tmp and /dev/shm, and
        processes), where this process may make them, and its own log for stdout and stderr."""
        self.stop_limits()
        self.ran_out = []
        if self.mode_name in ("root", "user"):
            self.group = KernelGroup.make(self.limits.kernel_memory_bytes, self.limits.processes)
        self.kernel_log = os.open(
            work.parent / f"{work.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
        )

    def watch(self) -> None:
        """Once the kernel runs: its watchdog (disk; processes, where no control group bounds them)."""
        if self.kernel_log is not None:
            os.close(self.kernel_log)  # the kernel holds its own copy
            self.kernel_log = None
        if self.workspace is None or self.mode_name not in ("root", "user"):
            return
        self.watchdog = Watchdog(
            self.workspace,
            self.limits.disk_bytes,
            self.limits.disk_files,
            None if self.group is not None else self.limits.processes,
            self.kill_kernel,
            launcher=getattr(self.kernel, "pid", None),
        )
        self.watchdog.start()

    def stop_limits(self) -> None:
        """After the kernel: note what it ran out of, kill what is left in its groups, remove them."""
        if self.watchdog is not None:
            self.watchdog.stop()
            self.ran_out += self.watchdog.ran_out
            self.watchdog = None
        if self.group is not None:
            self.ran_out += [r for r in self.group.ran_out() if r not in self.ran_out]
            self.group.remove()
            self.group = None
        if self.kernel_log is not None:
            os.close(self.kernel_log)
            self.kernel_log = None

    # ----------------------------------------------------------------- clean-up

    def processes(self) -> list[int]:
        """Every process that runs as this sandbox's user id."""
        if self.uid is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == self.uid:
                    found.append(int(entry.name))
        return found

    def kill_kernel(self) -> None:
        """Kill the current kernel and its process group (its sandbox goes with it: bubblewrap's
        PID namespace ends). Only while it is an unreaped child of this process: its pid (and
        group id, as jupyter_client makes it a session leader) cannot belong to anyone else."""
        process, self.kernel = self.kernel, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()

    def kill_all(self) -> int:
        """Kill the kernel and every process of this sandbox's user id (a fork bomb's too);
        return how many were seen. ``kill(-1)`` from a process with that id signals all of
        them in one sweep of the process table, so a fork bomb cannot outrun it."""
        self.kill_kernel()
        if self.uid is None:
            return 0
        seen = len(self.processes())
        for _ in range(50):
            if not self.processes():
                break
            pid = os.fork()
            if pid == 0:  # the child: become the sandbox user and kill everything it owns
                try:
                    os.setgroups([])
                    os.setgid(self.uid)
                    os.setuid(self.uid)
                    os.kill(-1, signal.SIGKILL)
                except BaseException:
                    os._exit(1)
                os._exit(0)
            os.waitpid(pid, 0)
            _reap()
            time.sleep(0.05)
        return seen

    def clean_up(self) -> None:
        self.kill_all()
        self.stop_limits()
        _reap()
        self.remove_workspace()


def _become_subreaper() -> None:
    """Orphans of this worker's kernels (a fork bomb's children) become its children, so
    that :meth:`Sandbox.kill_all` can reap them: a zombie still counts against the user
    id's process limit, and the next kernel of that id could not start."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap() -> None:
    """Collect every child of this process that has ended (nbgrader's kernel included)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_leftovers(base: Path) -> None:
    """Kill what any sandbox user id still runs whose slot no live worker holds (a worker
    that died leaves its kernel behind)."""
    if isolation() != "root":
        return
    uids = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and UID_BASE <= entry.stat().st_uid < UID_BASE + SLOTS:
                uids.add(entry.stat().st_uid)
    for uid in sorted(uids):
        with open(slot_folder() / f"{uid - UID_BASE}.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live worker (of this or another grading run) holds it
            Sandbox(base, uid, Limits(), "root").kill_all()


def slot_folder() -> Path:
    """The machine-wide locks of the sandbox user ids, so that two grading runs (two
    courses) never share one. In ``/run``, where only root can make a folder: another
    local user cannot make it first and block grading."""
    top = Path("/run") if os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
    folder = top / "sales-course-sandbox-slots"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise RuntimeError(f"{folder} is not a private folder of this user: remove it and grade again")
    return folder


# The sandbox of this worker process: the kernel manager reads it (nbclient makes the
# kernel manager itself, with no way to hand it arguments).
CURRENT: Sandbox | None = None
# The answer plan of each notebook being graded (notebook name -> names and function
# inputs), and what each kernel sent back (notebook name -> text, or None).
PLANS: dict[str, dict[str, Any]] = {}
SENT: dict[str, Any] = {}
SENDING_SECONDS: list[float] = [0.0]  # time spent sending answers, for the benchmark


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel in a sandbox: its working folder, environment, limits and user.

    The sandbox is ``box`` where the worker set one (a warm kernel's, see
    :mod:`course.instructor.sandbox_warm`), else the current one."""

    box: Sandbox | None = None

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        sandbox = self.box or CURRENT
        if sandbox is None or not sandbox.enabled:
            return await super()._async_pre_start_kernel(**kw)
        work = sandbox.new_workspace()
        kw["cwd"] = str(work)
        kw["env"] = sandbox.environment(work)
        self.connection_file = str(work / ".kernel.json")
        if sandbox.network_off:
            # Unix sockets in the workspace: the kernel has no network namespace to talk over TCP.
            self.transport = "ipc"
            self.ip = str(work / ".kernel-ipc")
        sandbox.start_limits(work)
        if sandbox.kernel_log is not None:  # not the worker's log, which other kernels write
            kw["stdout"] = kw["stderr"] = sandbox.kernel_log
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if self.kernel_spec is not None:
            # Interrupts (a cell's timeout) as a message the kernel acts on inside its sandbox,
            # never as a signal to a process group.
            self.kernel_spec.interrupt_mode = "message"
        if sandbox.uid is not None:
            os.chown(self.connection_file, sandbox.uid, sandbox.uid)
        return sandbox.wrap(cmd, work), kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        sandbox = self.box or CURRENT
        if sandbox is not None:
            sandbox.kernel = getattr(self.provisioner, "process", None)
            sandbox.watch()


CUT = "Output cut by the grader"
CAPPED = frozenset(
    {"stream", "display_data", "update_display_data", "execute_result", "error", "comm_open", "comm_msg"}
)


class SandboxedExecute(Execute):
    """nbgrader's Execute with the sandbox's kernel manager, a cap on every message a cell
    sends, and, after the last cell, the answers sent as plain data for the trusted judge."""

    # A kernel that floods its output leaves messages behind after its reply: they are
    # dropped (past the cap they are dropped anyway), not a reason to fail the notebook.
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    max_output_bytes = Integer(
        Limits().output_bytes, help="Most bytes of messages kept per cell; the rest is dropped."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self._output_bytes: dict[int, int] = {}
        self._kept_bytes = 0  # of every cell's messages, those kept
        self._notebook = ""
        self._sending = False
        self._next_kernel: Any = None  # the key of the kernel to start while this notebook runs

    max_notebook_output_bytes = Integer(
        Limits().notebook_output_bytes, help="Most bytes of messages kept for all cells of a notebook."
    ).tag(config=True)

    def preprocess(self, nb: Any, resources: Any = None, km: Any = None) -> Any:
        self._output_bytes = {}
        self._kept_bytes = 0
        self._notebook = ((resources or {}).get("nbgrader") or {}).get("notebook", "")
        if CURRENT is not None:
            self.max_output_bytes = CURRENT.limits.output_bytes
            self.max_notebook_output_bytes = CURRENT.limits.notebook_output_bytes
        from course.instructor import sandbox_warm

        kernels = sandbox_warm.KERNELS
        if km is not None or kernels is None or CURRENT is None or not CURRENT.enabled:
            if CURRENT is not None and CURRENT.enabled:  # its sandbox is thrown away: no polite wait
                self.shutdown_kernel = "immediate"
            return super().preprocess(nb, resources, km)
        # A grading worker's kernel (s28, #28 item 1): the warm one if it suits, else one started
        # now; the next one starts while this notebook runs; this one is killed once it is done.
        key = sandbox_warm.Key(
            self.kernel_name or nb.metadata.get("kernelspec", {}).get("name", ""),
            tuple(self.extra_arguments),
            self.ipython_hist_file or "",
        )
        km = kernels.take(key) or kernels.start(key, self.config)
        self._next_kernel = key
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self._next_kernel = None
            sandbox_warm.stop_now(km, self.kc)
            self.kc = self.km = None

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> Any:
        if index == 0 and self._next_kernel is not None:
            from course.instructor import sandbox_warm

            if sandbox_warm.KERNELS is not None:  # this kernel is ready: the next one boots meanwhile
                sandbox_warm.KERNELS.start_next(self._next_kernel, self.config)
        result = super().preprocess_cell(cell, resources, index)
        if index == len(self.nb.cells) - 1 and self._notebook in PLANS:
            self._send_answers(index + 1)
        return result

    def _send_answers(self, index: int) -> None:
        """Run the answer-sending code in the kernel; keep only what it published."""
        from nbformat.v4 import new_code_cell

        from course.instructor.grading import answers

        plan = PLANS[self._notebook]
        self._sending = True
        started = time.perf_counter()
        cell = new_code_cell(answers.kernel_code(plan["names"], plan["functions"]))
        SENT[self._notebook] = None
        self.nb.cells.append(cell)  # nbclient writes the cell back by its index
        try:
            self.execute_cell(cell, index, store_history=False)
        except Exception:  # a dead or stuck kernel: nothing was sent
            return
        finally:
            del self.nb.cells[index:]
            self._sending = False
            SENDING_SECONDS[0] += time.perf_counter() - started
        for output in cell.get("outputs", []):
            if output.get("output_type") == "display_data" and answers.MIME in output.get("data", {}):
                SENT[self._notebook] = output["data"][answers.MIME]

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        if msg.get("msg_type") not in CAPPED:
            return super().process_message(msg, cell, cell_index)
        from course.instructor.grading import answers

        size = _size(msg.get("content")) + _size(msg.get("metadata"))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        last = self._sending  # the answers, sent after the notebook's cells
        cap = answers.MAX_BYTES + 64 * 1024 if last else self.max_output_bytes
        # All cells together too (the answers aside): 120 cells of 2 MiB would each pass the cell's cap.
        whole = not last and self._kept_bytes + size > self.max_notebook_output_bytes
        if used + size <= cap and not whole:
            self._kept_bytes += 0 if last else size
            return super().process_message(msg, cell, cell_index)
        if last:
            return None
        from nbformat.v4 import new_output

        if used <= cap and not whole:  # the first message over the cell's cap: say so, once
            text = f"this cell sent more than {cap // 1024} KiB"
        elif whole and not any(o.get("name") == "stderr" and CUT in o.get("text", "") for o in cell.outputs):
            text = f"the notebook's cells sent more than {self.max_notebook_output_bytes // 1024**2} MiB"
        else:
            return None
        note = new_output("stream", name="stderr", text=f"\n[{CUT}: {text}.]\n")
        cell.outputs.append(note)
        return note


def _size(value: Any, depth: int = 0) -> int:
    """About how many bytes ``value`` (a message's content) holds: every string and key counted."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if depth > 20:
        return 1024
    if isinstance(value, dict):
        return sum(len(str(k)) + _size(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(_size(v, depth + 1) for v in value) + len(value)
    return 8
