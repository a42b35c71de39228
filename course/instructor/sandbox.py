"""Running a trainee's notebook as untrusted code: the grading kernel's sandbox.

nbgrader runs every submitted notebook in a kernel of its own. By default that kernel
is an ordinary child of the grading process: it runs as the instructor, in the course
folder, with no limits. Here each kernel instead:

- runs as an unprivileged user id of its own (one per grading worker, so two kernels
  that run at the same time cannot signal or read each other), when grading runs as
  root (on a hub, or in a container). The id needs no account: ``setpriv`` switches to
  it, with no supplementary groups and ``no_new_privs``;
- starts in a fresh working folder of its own, owned by that id, holding a copy of the
  assignment's data files: not the scratch course, which it cannot reach (the
  scratch course and the course folder are root's, mode 0700);
- runs under ``prlimit``: address space (a memory bomb gets ``MemoryError``), processes
  (a fork bomb stops at the limit; the limit binds because the id is not root), CPU
  seconds, file size, open files, no core dumps;
- has no network, as root: it runs in a network namespace of its own with nothing in
  it (``unshare --net``) and talks to nbgrader over Unix sockets in its working folder;
- has its output capped per cell (:class:`SandboxedExecute`), so the autograded
  notebook cannot balloon;
- is followed, when the notebook is done, by a sweep that kills every process left
  with its user id (daemons, forks), and by the removal of its working folder.

Without root (an instructor's laptop) the user switch is impossible: the kernel runs
as the instructor, with the network, with the same limits (but processes) and working
folder, and the grading summary says so. What the sandbox cannot stop, even as root:
reading files that are world-readable on the machine (the Python environment must be
readable by the kernel, so keep the course folder mode 0700), filling the disk with
many files under the per-file limit, and CPU shared with the other kernels.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Integer

# Kernel user ids: one per worker slot, from this base. They need no passwd entry.
UID_BASE = int(os.environ.get("SALES_COURSE_SANDBOX_UID", "1900000000"))
SLOTS = 64
SANDBOX_ENV = "SALES_COURSE_SANDBOX"  # "off": no user switch, no limits (not for untrusted work)


@dataclass(frozen=True)
class Limits:
    """OS limits for one grading kernel."""

    memory_bytes: int = 3 * 1024**3  # address space; a kernel with the course loaded uses ~1.2 GiB
    processes: int = 96  # threads count too (RLIMIT_NPROC), per kernel user id
    cpu_seconds: int = 900
    file_bytes: int = 64 * 1024**2
    open_files: int = 512
    output_bytes: int = 2 * 1024**2  # per cell, in the autograded notebook
    notebook_seconds: int = 900  # a whole submission, wall clock


def can_switch_user() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


@dataclass
class Sandbox:
    """One grading worker's sandbox: its kernel user id and its working folders."""

    base: Path  # root's, mode 0711: kernels can reach their own folder but not list others
    uid: int | None  # None: no user switch (not root)
    limits: Limits
    enabled: bool = True
    workspace: Path | None = None
    _slot_lock: Any = None
    network_off: bool = True  # as root: no network for the kernel (its own, empty, network namespace)

    @classmethod
    def for_worker(cls, base: Path, limits: Limits | None = None) -> Sandbox:
        """Claim a free slot (a user id) for this worker process, for as long as it lives."""
        limits = limits or Limits()
        if os.environ.get(SANDBOX_ENV, "").lower() == "off":
            return cls(base, None, limits, enabled=False)
        if not can_switch_user():
            return cls(base, None, limits)
        slots = slot_folder()
        for slot in range(SLOTS):
            handle = open(slots / f"{slot}.lock", "w")  # noqa: SIM115  (held for the process's life)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            sandbox = cls(base, UID_BASE + slot, limits, _slot_lock=handle)
            _become_subreaper()
            sandbox.kill_all()  # anything a previous worker left behind
            return sandbox
        raise RuntimeError(f"no free sandbox slot in {slots}")

    @property
    def mode(self) -> str:
        if not self.enabled:
            return "off"
        return f"uid {self.uid}" if self.uid is not None else f"limits only, as {os.getuid()}"

    # ----------------------------------------------------------------- working folder

    def new_workspace(self, data_from: str | None) -> Path:
        """A fresh working folder for one kernel, with the regular files of ``data_from``
        (nbgrader's autograded folder: the assignment's data files), notebooks left out."""
        self.remove_workspace()
        work = Path(tempfile.mkdtemp(prefix="work-", dir=self.base))
        if data_from and Path(data_from).is_dir():
            source = Path(data_from)
            for path in sorted(source.rglob("*")):
                relative = path.relative_to(source)
                if path.is_symlink() or path.suffix == ".ipynb" or ".ipynb_checkpoints" in relative.parts:
                    continue
                if path.is_dir():
                    (work / relative).mkdir(parents=True, exist_ok=True)
                elif stat.S_ISREG(path.lstat().st_mode):
                    (work / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, work / relative)
        for name in ("home", "tmp"):
            (work / name).mkdir(exist_ok=True)
        if self.uid is not None:
            for path in [work, *work.rglob("*")]:
                os.lchown(path, self.uid, self.uid)
        work.chmod(0o700)
        self.workspace = work
        return work

    def remove_workspace(self) -> None:
        if self.workspace is not None:
            shutil.rmtree(self.workspace, ignore_errors=True)
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

    def wrap(self, cmd: list[str]) -> list[str]:
        """The kernel command under prlimit and, as root, setpriv."""
        if not self.enabled:
            return cmd
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
        if self.uid is not None and self.network_off:
            wrapped += [shutil.which("unshare") or "unshare", "--net", "--"]
        if self.uid is not None:
            wrapped += [
                shutil.which("setpriv") or "setpriv",
                f"--reuid={self.uid}",
                f"--regid={self.uid}",
                "--clear-groups",
                "--no-new-privs",
                "--inh-caps=-all",
                "--",
            ]
        return wrapped + cmd

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

    def kill_all(self) -> int:
        """Kill every process of this sandbox's user id (a fork bomb's too); return how many were seen.

        ``kill(-1)`` from a process with that id signals all of them in one sweep of the
        process table, so a fork bomb cannot outrun it.
        """
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
    """Kill what any sandbox user id still runs (a worker that died leaves its kernel behind)."""
    if not can_switch_user():
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
            Sandbox(base, uid, Limits()).kill_all()


def slot_folder() -> Path:
    """The machine-wide locks of the sandbox user ids, so that two grading runs (two
    courses) never share one."""
    folder = Path(tempfile.gettempdir()) / ".sales-course-sandbox-slots"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise RuntimeError(f"{folder} is not a private folder of this user: remove it and grade again")
    return folder


# The sandbox of this worker process: the kernel manager reads it (nbclient makes the
# kernel manager itself, with no way to hand it arguments).
CURRENT: Sandbox | None = None


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel in the current sandbox: its working folder, environment, limits and user."""

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        sandbox = CURRENT
        if sandbox is None or not sandbox.enabled:
            return await super()._async_pre_start_kernel(**kw)
        work = sandbox.new_workspace(kw.get("cwd"))
        kw["cwd"] = str(work)
        kw["env"] = sandbox.environment(work)
        self.connection_file = str(work / ".kernel.json")
        if sandbox.uid is not None and sandbox.network_off:
            # Unix sockets in the workspace: the kernel has no network namespace to talk over TCP.
            self.transport = "ipc"
            self.ip = str(work / ".kernel-ipc")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if sandbox.uid is not None:
            os.chown(self.connection_file, sandbox.uid, sandbox.uid)
        return sandbox.wrap(cmd), kw


class SandboxedExecute(Execute):
    """nbgrader's Execute with the sandbox's kernel manager and a cap on each cell's output."""

    max_output_bytes = Integer(
        Limits().output_bytes, help="Most bytes of output kept per cell; the rest is dropped."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self._output_bytes: dict[int, int] = {}

    def preprocess(self, nb: Any, resources: Any = None, km: Any = None) -> Any:
        self._output_bytes = {}
        if CURRENT is not None:
            self.max_output_bytes = CURRENT.limits.output_bytes
        return super().preprocess(nb, resources, km)

    def output(self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int) -> Any:
        size = _message_size(msg)
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size <= self.max_output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        if used <= self.max_output_bytes:  # the first output over the cap: say so, once
            from nbformat.v4 import new_output

            note = new_output(
                "stream",
                name="stderr",
                text=f"\n[Output cut by the grader: this cell printed more than "
                f"{self.max_output_bytes // 1024} KiB.]\n",
            )
            outs.append(note)
            return note
        return None


def _message_size(msg: dict[str, Any]) -> int:
    content = msg.get("content", {})
    if msg.get("msg_type") == "stream":
        return len(content.get("text", ""))
    size = sum(len(str(v)) for v in (content.get("data") or {}).values())
    size += sum(len(str(line)) for line in content.get("traceback") or [])
    return size + len(str(content.get("evalue", "")))


# --------------------------------------------------------------------------- tampering

# Calls that reach around the notebook's names: an answer cell has no reason to make them.
SUSPICIOUS_CALLS = frozenset(
    {
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "exec",
        "eval",
        "compile",
        "__import__",
        "get_ipython",
        "breakpoint",
    }
)
SUSPICIOUS_MODULES = frozenset(
    {
        "builtins",
        "importlib",
        "ctypes",
        "gc",
        "inspect",
        "sys",
        "os",
        "subprocess",
        "shutil",
        "signal",
        "socket",
        "multiprocessing",
        "pty",
        "posix",
        "threading",
        "unittest",
        "types",
        "runpy",
    }
)
HARMLESS_DUNDERS = frozenset({"__name__", "__doc__", "__init__", "__repr__", "__str__", "__eq__", "__len__"})


def protected_names(source_cells: list[tuple[str, bool]]) -> set[str]:
    """Names the instructor's locked code cells bind (the checks, the model, test helpers):
    ``source_cells`` holds (source, is_answer_cell) of the instructor notebook's code cells."""
    import ast

    answers: set[str] = set()
    locked: set[str] = set()
    for source, is_answer in source_cells:
        try:
            tree = ast.parse(_python(source))
        except SyntaxError:
            continue
        (answers if is_answer else locked).update(_bound_names(tree))
    return (locked - answers) | {"checks", "control", "explore", "course"}


def _python(source: str) -> str:
    """A cell's source as Python: IPython magics become get_ipython() calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    with contextlib.suppress(Exception):
        return TransformerManager().transform_cell(source)
    return source


def _bound_names(tree: Any) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _root_name(node: Any) -> str | None:
    import ast

    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def suspicious_code(source: str, protected: set[str]) -> list[str]:
    """What in one trainee-run cell could change how the tests judge it (read, never run):
    re-binding the checks or names the tests use, changing attributes of imported modules,
    reaching into ``sys``/``builtins``/``globals()``, dunder attributes, magics."""
    import ast

    try:
        tree = ast.parse(_python(source))
    except (SyntaxError, ValueError):
        return []  # it cannot run either: the tests see the error
    found: list[str] = []

    def note(text: str, node: Any) -> None:
        message = f"{text} (line {getattr(node, 'lineno', '?')})"
        if message not in found:
            found.append(message)

    local: set[int] = set()  # names inside functions are the function's own (unless declared global)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for inner in ast.walk(node):
                if inner is not node and isinstance(inner, ast.Name):
                    local.add(id(inner))
    modules = set(protected)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported = (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            for name in imported:
                if name.split(".")[0] in SUSPICIOUS_MODULES:
                    note(f"imports {name}", node)
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = _root_name(node)
            if root in modules:
                note(f"changes {ast.unparse(node)}", node)
        if isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr.endswith("__"):
            if node.attr not in HARMLESS_DUNDERS:
                note(f"uses {node.attr}", node)
        if isinstance(node, ast.Name):
            if node.id in ("__builtins__", "__builtin__"):
                note(f"uses {node.id}", node)
            elif (
                node.id in protected and isinstance(node.ctx, (ast.Store, ast.Del)) and id(node) not in local
            ):
                note(f"re-binds {node.id}, which the tests use", node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in protected:
            note(f"re-defines {node.name}, which the tests use", node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                if bound in protected and not (
                    isinstance(node, ast.ImportFrom)
                    and node.module in ("course", "course.scenarios")
                    and alias.asname is None
                ):
                    note(f"re-binds {bound} by an import", node)
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                if name in protected:
                    note(f"declares {name} global", node)
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name in SUSPICIOUS_CALLS:
                note(f"calls {name}()", node)
    return found
