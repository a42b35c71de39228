"""Limits per grading kernel, not per process (issue #25, item 5): one batch, as root and without.

Each abuse is one trainee's submission of module 01 (the perfect notebook plus the abuse), graded
in one batch beside two honest trainees whose grades must come out intact: a fork bomb; five
children holding memory; ``/tmp`` and ``/dev/shm`` fillers; a disk writer; 120 outputs of 2 MiB;
a kernel that looks at its own stdout. The limits are set small for the test (the machine is
shared: ``SALES_COURSE_SANDBOX_LIMITS``), the abuses proportionally so: 640 MiB of memory per
kernel against 5 x 300 MiB, 48 MiB temporary folders, 96 MiB of disk against 1.5 GiB asked.

Without root, the grader runs as an unprivileged user (``setpriv``) in a control group root
delegated to it, as an administrator would (a systemd unit's ``Delegate=yes``); the watchdog that
stands in for a control group where there is none is tested on its own, on a real PID namespace.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from test_hostile import (
    ASSIGNMENT,
    FIRST,
    FULL,
    NOBODY,
    NOTEBOOK,
    Cohort,
    _as_nobody,
    _course,
    _total,
)

import course
from course.instructor import grading, sandbox, sandbox_limits

pytestmark = pytest.mark.slow

MiB = 1024**2
LIMITS = {
    "kernel_memory_bytes": 640 * MiB,
    "processes": 96,
    "tmp_bytes": 48 * MiB,
    "disk_bytes": 96 * MiB,
    "notebook_output_bytes": 8 * MiB,
}
HONEST = ("trainee-01", "trainee-02")

FORK_BOMB = (
    "import os, time\n_kids = 0\nfor _ in range(5000):\n    try:\n"
    "        if os.fork() == 0:\n            time.sleep(600)\n            os._exit(0)\n"
    "        _kids += 1\n    except OSError:\n        break\nprint('forked', _kids)"
)
MEMORY_CHILDREN = """
import os, time
_kids = []
for _ in range(5):
    _pid = os.fork()
    if _pid == 0:
        _held = b'x' * (300 * 1024**2)  # written, so resident
        time.sleep(600)
        os._exit(0)
    _kids.append(_pid)
    time.sleep(1)
time.sleep(2)
_alive = [p for p in _kids if os.waitpid(p, os.WNOHANG) == (0, 0)]
print('children alive', len(_alive))
"""
TMP_FILLER = """
_written = {}
for _folder in ('/tmp', '/dev/shm'):
    _written[_folder] = 0
    try:
        with open(_folder + '/filler', 'wb') as _f:
            for _ in range(40):
                _f.write(b'x' * (8 * 1024**2))
                _f.flush()
                _written[_folder] += 8 * 1024**2
    except OSError as _e:
        print('stopped:', type(_e).__name__)
print('TMP', _written)
"""
DISK_WRITER = """
_total = 0
for _i in range(48):  # 1.5 GiB asked, in files of 32 MiB (under the per-file limit)
    with open(f'big-{_i}.bin', 'wb') as _f:
        for _ in range(4):
            _f.write(b'x' * (8 * 1024**2))
            _total += 8 * 1024**2
print('wrote', _total)
"""
OUTPUTS = "print('y' * (2 * 1024**2 - 8192))"
OWN_STDOUT = (
    "import os\nprint('STDOUT', os.readlink('/proc/self/fd/1'), os.readlink('/proc/self/fd/2'))\n"
    "print('FDS', sorted(int(f) for f in os.listdir('/proc/self/fd')))"
)


def build(root: Path) -> Cohort:
    c = Cohort(root)
    c.notebook("fork-bomb", append={FIRST: FORK_BOMB})
    c.notebook("memory-children", append={FIRST: MEMORY_CHILDREN})
    c.notebook("tmp-filler", append={FIRST: TMP_FILLER})
    c.notebook("disk-writer", append={FIRST: DISK_WRITER})
    c.notebook("many-outputs", extra_cells=[OUTPUTS] * 120)
    c.notebook("own-stdout", extra_cells=[OWN_STDOUT])
    return c


def _printed(root: Path, student: str) -> str:
    path = root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def check_batch(root: Path, results: dict[str, dict]) -> None:
    """What every batch must show, root or not."""
    status = {k.split("/")[1]: v for k, v in results.items()}
    assert set(status) == {p.name for p in (root / "submitted").iterdir()}
    assert status["trainee-01"]["status"] == "graded" and _total(root, "trainee-01") == FULL
    assert status["trainee-02"]["status"] == "zero" and status["trainee-02"]["reasons"] == []

    def why(student: str) -> str:
        return " | ".join(status[student]["reasons"])

    # A fork bomb stops at the kernel's process limit; the kernel goes on, or it is an error.
    bomb = status["fork-bomb"]
    if bomb["status"] == "error":
        assert "processes" in why("fork-bomb"), why("fork-bomb")
    else:
        forked = int(re.search(r"forked (\d+)", _printed(root, "fork-bomb")).group(1))
        assert forked < LIMITS["processes"], forked
    # Five children of 300 MiB cannot all live in 640 MiB: the memory limit is the kernel's.
    hog = status["memory-children"]
    if hog["status"] == "error":
        assert "memory" in why("memory-children"), why("memory-children")
    else:
        alive = int(re.search(r"children alive (\d)", _printed(root, "memory-children")).group(1))
        assert alive <= 2, alive
    # /tmp and /dev/shm hold at most their size each (the rest of the notebook still graded).
    assert status["tmp-filler"]["status"] == "graded", why("tmp-filler")
    written = re.search(r"TMP (\{.*\})", _printed(root, "tmp-filler")).group(1)
    for folder, size in json.loads(written.replace("'", '"')).items():
        assert size <= LIMITS["tmp_bytes"], (folder, size)
    # 1.5 GiB of disk: stopped, tried again, then an error to look at, never a zero.
    disk = status["disk-writer"]
    assert disk["status"] == "error" and "disk" in why("disk-writer") and "twice" in why("disk-writer")
    # 120 outputs of 2 MiB: kept up to the notebook's cap, graded.
    assert status["many-outputs"]["status"] == "graded", why("many-outputs")
    for kind, suffix in (("autograded", "ipynb"), ("feedback", "html")):
        path = root / kind / "many-outputs" / ASSIGNMENT / f"{NOTEBOOK}.{suffix}"
        assert path.stat().st_size < LIMITS["notebook_output_bytes"] + 4 * MiB, (kind, path.stat().st_size)
    assert "the notebook's cells sent more than 8 MiB" in _printed(root, "many-outputs")
    # A kernel's stdout and stderr are its own, not the worker's log that other kernels write.
    printed = _printed(root, "own-stdout")
    assert "STDOUT" in printed and "worker.log" not in printed, printed


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> str:
    value = ",".join(f"{k}={v}" for k, v in LIMITS.items())
    monkeypatch.setenv(sandbox.LIMITS_ENV, value)
    return value


@pytest.mark.skipif(os.geteuid() != 0, reason="the root batch")
def test_one_trainees_abuse_leaves_the_others_intact_as_root(
    tmp_path: Path, course_root: Path, small_limits: str
) -> None:
    if sandbox.isolation() != "root":
        pytest.skip("no bubblewrap sandbox as root here")
    root, _ = _course(tmp_path / "course", course_root, timeout=20)
    build(root)
    summary = grading.grade(root, progress=None)
    print(summary)  # what each abuse came to, for a failed run's log
    check_batch(root, summary.results)
    assert not list(_kernel_groups()), "every kernel's control group is removed"
    probe = sandbox_limits.KernelGroup.make(64 * MiB, 8)
    assert probe is not None, "control groups expected as root"
    probe.remove()


def _kernel_groups() -> Iterator[Path]:
    """Kernel control groups left behind by grading workers that have ended."""
    own = sandbox_limits._own_groups()
    for controller in ("memory", "pids"):
        if controller in own:
            folder = sandbox_limits.CGROUPS / controller / own[controller].lstrip("/")
            for group in folder.glob("**/sales-course-kernel-*"):
                if not Path(f"/proc/{group.name.split('-')[3]}").exists():
                    yield group


@pytest.fixture
def delegated() -> Iterator[dict[str, Path]]:
    """A control group of each kind, delegated to the unprivileged user (as ``Delegate=yes``)."""
    own = sandbox_limits._own_groups()
    groups = {}
    for controller in ("memory", "pids"):
        if controller not in own:
            pytest.skip("no cgroup v1 memory and pids hierarchies here")
        folder = (
            sandbox_limits.CGROUPS
            / controller
            / own[controller].lstrip("/")
            / f"sales-course-test-{os.getpid()}"
        )
        folder.mkdir()
        groups[controller] = folder
    (groups["pids"] / "pids.max").write_text("600")  # the whole unprivileged grader, kernels included
    (groups["memory"] / "memory.limit_in_bytes").write_text(str(8 * 1024**3))
    for folder in groups.values():
        for path in [folder, folder / "cgroup.procs", folder / "tasks"]:
            os.chown(path, NOBODY, NOBODY)
    try:
        yield groups
    finally:
        sandbox_limits.KernelGroup(groups, 1).remove()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("bwrap"), reason="needs root to make the user")
def test_one_trainees_abuse_leaves_the_others_intact_without_root(
    course_root: Path, small_limits: str, delegated: dict[str, Path]
) -> None:
    tmp_path = Path(tempfile.mkdtemp(prefix="sales-course-nonroot-limits-"))  # reachable by the user
    try:
        root, _ = _course(tmp_path / "course", course_root, timeout=20)
        build(root)
        package = tmp_path / "package"
        shutil.copytree(Path(course.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
        home = tmp_path / "home"
        home.mkdir()
        for path in [tmp_path, *tmp_path.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)
        tmp_path.chmod(0o755)
        enter = " && ".join(f"echo $$ > {g / 'cgroup.procs'}" for g in delegated.values())
        command = ["/bin/sh", "-c", f'{enter} && exec "$@"', "sh", *_as_nobody(root, home, package)]
        env = {**os.environ, sandbox.LIMITS_ENV: small_limits}
        done = subprocess.run(command, capture_output=True, text=True, timeout=1200, env=env)
        found = re.search(r"^SUMMARY (.*)$", done.stdout, re.M)
        assert found, done.stdout[-3000:] + done.stderr[-3000:]
        summary = json.loads(found.group(1))
        assert summary["isolation"] == "user"
        check_batch(root, summary["results"])
        assert not list(delegated["pids"].glob("sales-course-kernel-*")), "kernel groups removed"
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)


def test_the_watchdog_stops_a_fork_bomb_in_its_pid_namespace(tmp_path: Path) -> None:
    """Without any control group: the processes of the kernel's PID namespace are counted."""
    if not shutil.which("bwrap"):
        pytest.skip("no bubblewrap")
    bomb = "import os, time\nfor _ in range(60):\n    os.fork() or (time.sleep(60), os._exit(0))\n    time.sleep(0.02)\n"
    cmd = [shutil.which("bwrap"), "--dev-bind", "/", "/", "--unshare-pid", "--die-with-parent"]
    if os.geteuid() != 0:
        cmd.append("--unshare-user")
    process = subprocess.Popen([*cmd, sys.executable, "-c", bomb + "time.sleep(60)"], start_new_session=True)
    watchdog = sandbox_limits.Watchdog(
        tmp_path, 10 * MiB, 100, 20, lambda: os.killpg(process.pid, 9), interval=0.1, launcher=process.pid
    )
    watchdog.start()
    try:
        assert process.wait(timeout=30) != 0
    finally:
        watchdog.stop()
        if process.poll() is None:
            os.killpg(process.pid, 9)
    assert watchdog.ran_out == ["processes"]


def test_the_watchdog_stops_a_disk_writer(tmp_path: Path) -> None:
    import threading

    killed = threading.Event()
    watchdog = sandbox_limits.Watchdog(tmp_path, 4 * MiB, 100, None, killed.set, interval=0.05)
    watchdog.start()
    try:
        for index in range(40):
            if killed.is_set():
                break
            (tmp_path / f"{index}.bin").write_bytes(os.urandom(MiB))
            killed.wait(0.02)
        assert killed.wait(5)
    finally:
        watchdog.stop()
    assert watchdog.ran_out and watchdog.ran_out[0].startswith("disk")


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sandbox.LIMITS_ENV, "kernel_memory_bytes=1234, processes=7,bogus=1,tmp_bytes=x")
    limits = sandbox.Limits(notebook_seconds=60)
    assert (limits.kernel_memory_bytes, limits.processes, limits.notebook_seconds) == (1234, 7, 60)
    assert limits.tmp_bytes == 256 * MiB
    args = sandbox._bwrap_args(Path("/tmp/w"), as_root=True, tmp_bytes=limits.tmp_bytes)
    for target in ("/tmp", "/dev/shm"):
        at = args.index(target, args.index("--tmpfs"))
        assert args[at - 3 : at] == ["--size", str(256 * MiB), "--tmpfs"], target
