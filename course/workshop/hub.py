"""A workshop hub on this machine: JupyterHub, one operating-system account per trainee,
nbgrader's exchange between them and the instructor, and formgrader as a hub service.

``sales-course hub`` calls :func:`serve`; the end-to-end test (tests/hub) and the load
benchmark (benchmarks/hub_load.py) call :func:`prepare`, :func:`start` and :func:`stop`.
It is for a trial run on loopback: a real workshop uses The Littlest JupyterHub or
Zero to JupyterHub (deploy/, docs/WORKSHOPS.md) with the same nbgrader set-up.

What it sets up, all under one state folder (``--state``):

- ``hub/``: JupyterHub's database, cookie secret, generated ``jupyterhub_config.py``,
  logs and ``passwords.json`` (root only). Each trainee logs in with a password of their
  own, generated per roster name and stored hashed (:mod:`course.workshop.auth`); the
  instructor is a hub admin with a longer one. Failed logins are slowed per name and per
  address. The passwords in clear are only on the class sheet, ``class-sheet.txt``
  (mode 600: root, and a copy in the instructor's home when they have an account).
- Each trainee's server runs in control groups of its own, with a private ``/tmp``
  (:mod:`course.workshop.limits`): memory, CPU share, processes and file size are capped.
- ``course/``: a copy of the course (nbgrader_config.py, solutions/, assignments/),
  owned by the grading account and closed to everyone else (``0o700``): solutions,
  submissions and the gradebook are the instructor's alone.
- ``exchange/``: nbgrader's exchange. Its root is ``0o1777`` like /tmp (nbgrader
  insists on a world-writable root; the sticky bit stops trainees removing the
  course's folder); the course's folder belongs to the grading account, with
  ``outbound/`` readable, ``inbound/`` write-only, set-group-id and sticky (no trainee
  renames or removes another's submission), ``feedback/``
  traverse-only, and the private submit, private feedback and hostile-entry-proof collect
  of :mod:`course.workshop.exchange`.
- ``config/trainee`` and ``config/grader``: the Jupyter and nbgrader configuration
  each kind of server reads (``JUPYTER_CONFIG_PATH``). Trainees get the assignment
  list and validate button, not formgrader or the authoring tools. Each trainee's
  home gets the course's start page; the modules come through the exchange.

Formgrader runs as a hub-managed service named after the course (nbgrader's demos),
under the grading account, reached at ``/services/sales-leadership-lab/formgrader``
by the instructor only (RBAC role ``access:services!service=sales-leadership-lab``).
JupyterHub (>= 4.1) sends ``Content-Security-Policy: frame-ancestors 'none'`` from
every single-user server and service, so formgrader's JupyterLab panel (an iframe)
stays blank: we keep that protection and open formgrader as its own page (the
service's default URL), which the CSP does not affect.

Single-user servers need a Python every trainee account can run. If this
interpreter's environment is not readable by other users (a virtualenv made from a
Python under /root, say), :func:`ensure_runtime` builds a shared one from the
system's Python under /opt/sales-leadership-lab, once per set of dependencies.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from course.workshop import auth

COURSE_ID = "sales-leadership-lab"
# Pinned together: the hub and every single-user server run the same JupyterHub.
JUPYTERHUB_VERSION = "5.5.4"
PROXY_VERSION = "4.6.3"
RUNTIME_BASE = Path("/opt/sales-leadership-lab")
FORMGRADER_GROUP = f"formgrade-{COURSE_ID}"
TRAINEE_GROUP = f"trainees-{COURSE_ID}"
# Trainee-facing nbgrader: assignment list and validate, not the instructor's tools.
TRAINEE_DISABLED_LAB = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
TRAINEE_DISABLED_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
# What a trainee's server loads that trainees never use (measured by benchmarks/hub_load.py):
# the language-server bridge (it scans the machine for language servers at start), the
# terminal (a shell is no part of the course), Notebook 7's own pages and the shim that
# serves classic-notebook extensions. Trainees keep JupyterLab, nbgrader's assignment
# list and Validate; the instructor's service keeps everything.
TRAINEE_LIGHT_SERVER = ("jupyter_lsp", "jupyter_server_terminals", "notebook", "notebook_shim")
TRAINEE_LIGHT_LAB = (
    "@jupyterlab/terminal-extension",
    "@jupyter-notebook/lab-extension",
    # JupyterLab's news feed and update check ask the internet at every page load.
    "@jupyterlab/apputils-extension:announcements",
)
# ipykernel 7.0-7.3 sends shell replies raw on the ROUTER socket its ZMQStream reads from,
# which can drain the socket's edge-triggered wake-up: an execute_request arriving in that
# window stays unread (kernel idle, no reply, a cell at [*]) until the next connection
# (ipykernel#1554; fixed in 7.4.0 by #1529). jupyter_server's nudge of every new websocket
# provokes such a reply to a closed peer, so under a class's load it is hit.
MIN_IPYKERNEL = (7, 4, 0)
PRESTART_SERVICE = "workshop-prestart"
CULLER_SERVICE = "idle-culler"
# A workshop-friendly idle timeout: a lunch break keeps a server, a closed laptop does not.
CULL_IDLE_SECONDS = 3600
COURSE_FILES = ("nbgrader_config.py", "START_HERE.ipynb")
COURSE_FOLDERS = ("solutions", "assignments")


class HubError(RuntimeError):
    """The hub cannot be set up or started; the message says what to do."""


@dataclass
class Workshop:
    """Everything one workshop hub needs: where it lives, who is in it, how to reach it."""

    state: Path
    project: Path
    trainees: list[str]
    instructor: str = "instructor"
    grader: str = "slab-grader"
    # Each trainee's own password (generated per name when not given); no password is shared.
    passwords: dict[str, str] = field(default_factory=dict)
    instructor_password: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    ip: str = "127.0.0.1"
    port: int = 8000
    runtime: Path | None = None
    # Whether the instructor also gets an OS account (to start a server of their own).
    instructor_account: bool = False
    # Users (OS accounts) this workshop created, removed again by remove_accounts().
    created_accounts: list[str] = field(default_factory=list)
    # Per-trainee limits (course/workshop/limits.py): memory (incl. the private /tmp), at most
    # this many cores, processes and threads, the largest file written, the private /tmp's size.
    mem_limit: str = "1G"
    cpu_limit: float = 1.0
    pids_limit: int = 256
    file_limit: str = "512M"
    tmp_size: str = "256M"
    # Failed logins: wrong tries allowed before slowing, then the first wait (seconds), doubling.
    free_failures: int = auth.FREE_FAILURES
    base_delay: float = auth.BASE_DELAY
    # Stop a trainee's server after this long without activity (0: never); checked every cull_every s.
    cull_idle: int = CULL_IDLE_SECONDS
    cull_every: int = 0
    # Whose servers the culler may see and stop (a JupyterHub scope filter): the trainees.
    cull_filter: str = f"group={TRAINEE_GROUP}"
    # Trainees' servers without what trainees never use (False: JupyterLab's defaults, for comparison).
    light_servers: bool = True
    # Refuse a trainees' environment whose ipykernel can lose a request (False: warn only,
    # to reproduce the loss with benchmarks/hub_load.py --runtime).
    require_fixed_kernel: bool = True
    # The token of the hub service that starts the roster's servers ahead of the session.
    prestart_token: str = field(default_factory=lambda: secrets.token_hex(32))

    def __post_init__(self) -> None:
        for name in self.trainees:
            self.passwords.setdefault(name, auth.new_password())

    def password(self, name: str) -> str:
        """The password of ``name`` (a trainee or the instructor)."""
        return self.instructor_password if name == self.instructor else self.passwords[name]

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @property
    def hub_dir(self) -> Path:
        return self.state / "hub"

    @property
    def course_dir(self) -> Path:
        return self.state / "course"

    @property
    def exchange_dir(self) -> Path:
        return self.state / "exchange"

    @property
    def formgrader_url(self) -> str:
        return f"{self.url}/services/{COURSE_ID}/formgrader"

    @property
    def log_file(self) -> Path:
        return self.hub_dir / "jupyterhub.log"

    @property
    def password_file(self) -> Path:
        return self.hub_dir / "passwords.json"

    @property
    def class_sheet(self) -> Path:
        return self.hub_dir / "class-sheet.txt"


# --------------------------------------------------------------------------- tools


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_proxy() -> str:
    """configurable-http-proxy: the project's own npm install (scripts/install-system-deps.sh
    puts it in ``<venv>/node``), else one on PATH."""
    local = Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise HubError(
        "configurable-http-proxy is not installed: run scripts/install-system-deps.sh "
        f"(npm install configurable-http-proxy@{PROXY_VERSION} into {local.parent.parent.parent})."
    )


def require_root() -> None:
    if os.geteuid() != 0:
        raise HubError(
            "The workshop hub runs each trainee as their own operating-system user, which needs root: "
            "run it with sudo (on loopback only)."
        )


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        raise HubError(
            f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip() or done.stdout}"
        )
    return done


# --------------------------------------------------------------------------- accounts


def account_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


# The highest uid the workshop hub ever gave an account on this machine: a new account gets a
# higher one, never the uid of an account removed earlier (whose files may still be about).
UID_HIGH_WATER = RUNTIME_BASE / "uid-high-water"
FIRST_UID = 20000
TEMP_FOLDERS = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
# What each trainee's server sees as its own (course/workshop/limits.py: a fresh tmpfs each).
PRIVATE_TEMP = (Path("/tmp"), Path("/dev/shm"))


def next_uid(high_water: Path = UID_HIGH_WATER) -> int:
    """A uid no account has now and the workshop hub never gave before (recorded in ``high_water``)."""
    used = {entry.pw_uid for entry in pwd.getpwall()}
    try:
        last = int(high_water.read_text().strip())
    except (OSError, ValueError):
        last = FIRST_UID - 1
    uid = max(last + 1, FIRST_UID)
    while uid in used:
        uid += 1
    high_water.parent.mkdir(parents=True, exist_ok=True)
    high_water.write_text(f"{uid}\n")
    return uid


def remove_temp_files_of(uid: int, folders: tuple[Path, ...] = TEMP_FOLDERS) -> list[Path]:
    """Remove what ``uid`` left at the top of the machine's temporary folders (never through a
    link); return what was removed."""
    removed = []
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                with contextlib.suppress(OSError):
                    info = entry.lstat()
                    if info.st_uid != uid:
                        continue
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
                    removed.append(entry)
    return removed


def ensure_account(name: str) -> bool:
    """Make an OS account ``name`` with a private home (0o700) and a uid never used before;
    True if it was made now."""
    made = False
    if not account_exists(name):
        uid = next_uid()
        _run(["useradd", "--create-home", "--user-group", "--uid", str(uid), "--shell", "/bin/bash", name])
        remove_temp_files_of(uid)
        made = True
    home = Path(pwd.getpwnam(name).pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    entry = pwd.getpwnam(name)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return made


def processes_of(uid: int) -> list[int]:
    """Process ids owned by ``uid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
    return found


def kill_processes_of(name: str) -> None:
    """End every process of account ``name``, one by one by id (TERM, then KILL)."""
    with contextlib.suppress(KeyError):
        uid = pwd.getpwnam(name).pw_uid
        if uid == 0:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = processes_of(uid)
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 5
            while processes_of(uid) and time.monotonic() < deadline:
                time.sleep(0.1)


def remove_account(name: str) -> None:
    """End the account's processes and delete it with its home (``userdel -r``)."""
    if not account_exists(name):
        return
    kill_processes_of(name)
    remove_temp_files_of(pwd.getpwnam(name).pw_uid)
    done = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True, check=False)
    # 12: the mail spool was missing, the account is gone all the same.
    if done.returncode not in (0, 12) and account_exists(name):
        raise HubError(f"userdel --remove {name} failed: {done.stderr.strip()}")


def remove_accounts(workshop: Workshop) -> None:
    for name in reversed(workshop.created_accounts):
        remove_account(name)
    workshop.created_accounts.clear()


# --------------------------------------------------------------------------- runtime


def _readable_by_others(path: Path) -> bool:
    """Every folder from / down to ``path`` lets others in, and ``path`` lets them read."""
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            return False
    return bool(path.stat().st_mode & 0o004) or path.is_dir()


def environment_is_shared(prefix: Path) -> bool:
    """Whether other OS users can run the Python environment at ``prefix``."""
    python = prefix / "bin" / "python"
    try:
        real = python.resolve()
        return (
            _readable_by_others(real)
            and _readable_by_others(Path(sys.base_prefix))
            and _readable_by_others(prefix / "lib")
        )
    except OSError:
        return False


def _fingerprint(project: Path, *, code: bool) -> str:
    """A short hash of what the runtime holds: the dependencies (and the course code if ``code``)."""
    import tomllib

    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            [JUPYTERHUB_VERSION, meta["dependencies"], meta.get("optional-dependencies", {}).get("hub", [])]
        ).encode()
    )
    if code:
        for path in sorted((project / "course").rglob("*.py")):
            digest.update(path.relative_to(project).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _package_copy(project: Path, scratch: Path) -> Path:
    """The bits pip needs to build the course package, copied so the checkout stays untouched."""
    copy = scratch / "project"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(project / name, copy / name)
    shutil.copytree(project / "course", copy / "course", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _system_python() -> str:
    for candidate in ("/usr/bin/python3.11", "/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).exists() and _readable_by_others(Path(candidate)):
            check = subprocess.run(
                [candidate, "-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"],
                capture_output=True,
                check=False,
            )
            if check.returncode == 0:
                return candidate
    raise HubError(
        "No Python >= 3.11 that every user can run was found for the trainees' servers: "
        "install Debian's python3 and python3-venv."
    )


def ensure_runtime(project: Path, base: Path = RUNTIME_BASE, *, log=print) -> Path:
    """The prefix of a Python environment with the course, JupyterLab, nbgrader and
    JupyterHub that every trainee account can run.

    This interpreter's own environment if other users can read it; otherwise a virtualenv
    made from the system's Python under ``base``, one per set of dependencies, with the
    course package installed as a copy (never a link into the project's checkout).
    """
    if environment_is_shared(Path(sys.prefix)):
        return Path(sys.prefix)
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    runtime = base / f"runtime-{_fingerprint(project, code=False)}"
    with open(base / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = runtime / ".course-stamp"
        wanted = _fingerprint(project, code=True)
        pip = [
            str(runtime / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        with tempfile.TemporaryDirectory(prefix="sales-course-runtime-") as scratch:
            package = _package_copy(project, Path(scratch))
            if not (runtime / "bin" / "jupyterhub-singleuser").exists():
                log(f"Building the trainees' Python environment in {runtime} (once; about a minute) ...")
                shutil.rmtree(runtime, ignore_errors=True)
                _run([_system_python(), "-m", "venv", str(runtime)])
                _run([*pip, f"{package}[hub]", f"jupyterhub=={JUPYTERHUB_VERSION}"], cwd=scratch)
            elif not stamp.exists() or stamp.read_text() != wanted:
                log(f"Updating the course package in {runtime} ...")
                _run([*pip, "--no-deps", "--force-reinstall", str(package)], cwd=scratch)
        stamp.write_text(wanted)
        _run(["chmod", "-R", "a+rX,go-w", str(runtime)])
    return runtime


def warm_runtime(runtime: Path, *, log=print) -> Path:
    """Do once per machine what every trainee's first kernel would otherwise do under load:
    byte-compile the environment (trainees cannot write its ``__pycache__``) and build
    matplotlib's font cache (a scan of every font on the machine), which
    :func:`give_font_cache` copies into each trainee's home. Returns the font cache folder."""
    fonts = runtime / "share" / "sales-leadership-lab" / "matplotlib"
    stamp = runtime / ".warm-stamp"
    wanted = f"{_fingerprint_of(runtime)}"
    if stamp.exists() and stamp.read_text() == wanted and any(fonts.glob("fontlist-*.json")):
        return fonts
    log("Warming the trainees' environment once: byte-compiling it, building matplotlib's font cache ...")
    python = str(runtime / "bin" / "python")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", site], capture_output=True, check=False)
    shutil.rmtree(fonts, ignore_errors=True)
    fonts.mkdir(parents=True)
    _run(
        [python, "-c", "import matplotlib.font_manager"],
        env={**os.environ, "MPLCONFIGDIR": str(fonts), "HOME": str(fonts)},
    )
    if not any(fonts.glob("fontlist-*.json")):
        raise HubError(f"matplotlib wrote no font cache in {fonts}")
    _run(["chmod", "-R", "a+rX,go-w", str(fonts.parent)])
    stamp.write_text(wanted)
    return fonts


def _fingerprint_of(runtime: Path) -> str:
    """What the warm caches depend on: the installed matplotlib and the machine's fonts."""
    digest = hashlib.sha256()
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
        if folder.exists():
            for font in sorted(folder.rglob("*")):
                digest.update(str(font).encode())
    for dist in sorted(runtime.glob("lib/python3*/site-packages/*.dist-info")):
        digest.update(dist.name.encode())
    return digest.hexdigest()[:16]


def give_font_cache(workshop: Workshop, name: str) -> None:
    """Matplotlib's font cache, built once per machine (:func:`warm_runtime`), in the trainee's
    own cache folder, so their first ``import matplotlib`` does not scan the fonts again."""
    assert workshop.runtime is not None
    fonts = workshop.runtime / "share" / "sales-leadership-lab" / "matplotlib"
    entry = pwd.getpwnam(name)
    target = Path(entry.pw_dir) / ".cache" / "matplotlib"
    for folder in (target.parent, target):
        if not folder.exists():
            folder.mkdir(mode=0o700)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
    for cache in fonts.glob("fontlist-*.json"):
        copy = target / cache.name
        if not copy.exists():
            shutil.copy(cache, copy)
            os.chown(copy, entry.pw_uid, entry.pw_gid)
            os.chmod(copy, 0o600)


# --------------------------------------------------------------------------- set-up


def _chown_tree(top: Path, name: str) -> None:
    entry = pwd.getpwnam(name)
    for folder, dirs, files in os.walk(top):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for item in dirs + files:
            os.chown(os.path.join(folder, item), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)


def _nbgrader_config(workshop: Workshop, *, grader: bool) -> str:
    lines = [
        '"""nbgrader settings of the workshop hub, written by course/workshop/hub.py."""',
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(workshop.exchange_dir)!r}",
        "c.ExchangeFactory.submit = 'course.workshop.exchange.PrivateSubmit'",
        "c.ExchangeFactory.release_feedback = 'course.workshop.exchange.PrivateReleaseFeedback'",
    ]
    if grader:
        lines.append("c.ExchangeFactory.collect = 'course.workshop.exchange.OwnerCheckedCollect'")
        lines.append("c.Execute.timeout = 120")
    return "\n".join(lines) + "\n"


def prepare_course(workshop: Workshop) -> None:
    """Copy the course into the state folder, owned by the grading account, closed to others."""
    course = workshop.course_dir
    if not (course / "nbgrader_config.py").exists():
        course.mkdir(parents=True, exist_ok=True)
        for name in COURSE_FILES:
            if (workshop.project / name).exists():
                shutil.copy2(workshop.project / name, course / name)
        for name in COURSE_FOLDERS:
            shutil.copytree(
                workshop.project / name,
                course / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
            )
    _chown_tree(course, workshop.grader)
    os.chmod(course, 0o700)


def give_start_page(workshop: Workshop, name: str) -> None:
    """The course's start page in the trainee's home, unless one is there already; the
    modules come through nbgrader (Assignments > Fetch)."""
    source = workshop.project / "START_HERE.ipynb"
    entry = pwd.getpwnam(name)
    target = Path(entry.pw_dir) / "START_HERE.ipynb"
    if source.exists() and not target.exists():
        shutil.copy(source, target)
        os.chown(target, entry.pw_uid, entry.pw_gid)
        os.chmod(target, 0o644)


def prepare_exchange(workshop: Workshop) -> None:
    """nbgrader's exchange with the course's folders made in advance, owned by the grading account."""
    grader = pwd.getpwnam(workshop.grader)
    root = workshop.exchange_dir
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, 0)
    os.chmod(root, 0o1777)
    course = root / COURSE_ID
    modes = {
        course: 0o755,
        course / "outbound": 0o755,
        # Sticky: a trainee may add a folder but not rename or remove another's.
        course / "inbound": 0o3733,
        course / "feedback": 0o711,
    }
    for folder, mode in modes.items():
        folder.mkdir(exist_ok=True)
        os.chown(folder, grader.pw_uid, grader.pw_gid)
        os.chmod(folder, mode)


def trainee_server_config(*, light: bool) -> dict:
    """The Jupyter server settings of a trainee's server: nbgrader's instructor tools off
    and, if ``light``, what trainees never use (:data:`TRAINEE_LIGHT_SERVER`)."""
    off = TRAINEE_DISABLED_SERVER + (TRAINEE_LIGHT_SERVER if light else ())
    config: dict = {"ServerApp": {"jpserver_extensions": dict.fromkeys(off, False)}}
    if light:
        config["ServerApp"]["terminals_enabled"] = False
        # No news feed, no update check: nothing a trainee's page load waits for from outside.
        config["LabApp"] = {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}
    return config


def prepare_config(workshop: Workshop) -> dict[str, Path]:
    """The Jupyter configuration folders of trainee servers and of the formgrader service."""
    folders = {}
    for kind in ("trainee", "grader"):
        folder = workshop.state / "config" / kind
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / "nbgrader_config.py", _nbgrader_config(workshop, grader=kind == "grader"))
        folders[kind] = folder
    trainee = folders["trainee"]
    _write(
        trainee / "jupyter_server_config.json",
        json.dumps(trainee_server_config(light=workshop.light_servers), indent=2),
    )
    # The formgrader service keeps everything but the language-server bridge, whose scan of the
    # machine at start can push the service past the ten seconds JupyterHub waits for it on a
    # busy machine (it then stops: "Cannot connect to ... service").
    _write(
        folders["grader"] / "jupyter_server_config.json",
        json.dumps({"ServerApp": {"jpserver_extensions": {"jupyter_lsp": False}}}, indent=2),
    )
    lab_off = TRAINEE_DISABLED_LAB + (TRAINEE_LIGHT_LAB if workshop.light_servers else ())
    _write(
        trainee / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": dict.fromkeys(lab_off, True)}, indent=2),
    )
    for folder in (workshop.state / "config", *folders.values(), trainee / "labconfig"):
        os.chmod(folder, 0o755)
    return folders


def hub_config(
    workshop: Workshop,
    config: dict[str, Path],
    *,
    proxy: str,
    service_port: int,
    hub_port: int,
    proxy_api_port: int,
) -> str:
    """The text of jupyterhub_config.py for this workshop."""
    runtime = workshop.runtime
    assert runtime is not None
    path = f"{runtime / 'bin'}:/usr/local/bin:/usr/bin:/bin"
    settings = {
        "ip": workshop.ip,
        "port": workshop.port,
        "hub_port": hub_port,
        "proxy_api_port": proxy_api_port,
        "proxy": proxy,
        "hub_dir": str(workshop.hub_dir),
        "trainees": sorted(workshop.trainees),
        "instructor": workshop.instructor,
        "password_file": str(workshop.password_file),
        "free_failures": workshop.free_failures,
        "base_delay": workshop.base_delay,
        "singleuser": str(runtime / "bin" / "jupyterhub-singleuser"),
        "trainee_env": {"PATH": path, "JUPYTER_CONFIG_PATH": str(config["trainee"])},
        "grader_env": {
            "PATH": path,
            "JUPYTER_CONFIG_PATH": str(config["grader"]),
            # formgrader opens as a page of its own: JupyterHub's CSP forbids it in an iframe.
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
        "grader": workshop.grader,
        "course_dir": str(workshop.course_dir),
        "course_id": COURSE_ID,
        "service_port": service_port,
        "group": FORMGRADER_GROUP,
        "mem_limit": workshop.mem_limit,
        "cpu_limit": workshop.cpu_limit,
        "pids_limit": workshop.pids_limit,
        "file_limit": workshop.file_limit,
        "tmp_size": workshop.tmp_size,
        "trainee_group": TRAINEE_GROUP,
        "prestart_service": PRESTART_SERVICE,
        "prestart_token": workshop.prestart_token,
        "culler_service": CULLER_SERVICE,
        "culler": culler_command(workshop),
        "cull_filter": workshop.cull_filter,
    }
    return f'''"""JupyterHub configuration of the Sales Leadership Lab workshop hub (written by course/workshop/hub.py)."""
import json

s = json.loads({json.dumps(json.dumps(settings))})
c = get_config()  # noqa: F821

# Loopback only: this is a trial hub.
c.JupyterHub.ip = s["ip"]
c.JupyterHub.port = s["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hub_port"]
c.ConfigurableHTTPProxy.command = [s["proxy"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{{s['proxy_api_port']}}"
c.ConfigurableHTTPProxy.pid_file = s["hub_dir"] + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + s["hub_dir"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = s["hub_dir"] + "/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = s["hub_dir"] + "/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# A password of their own for each trainee and the instructor (an admin), checked against
# hashes in a root-only file; wrong tries slowed per name and per address.
c.JupyterHub.authenticator_class = "course.workshop.auth.RosterAuthenticator"
c.RosterAuthenticator.password_file = s["password_file"]
c.RosterAuthenticator.free_failures = s["free_failures"]
c.RosterAuthenticator.base_delay = s["base_delay"]
c.Authenticator.admin_users = {{s["instructor"]}}
c.Authenticator.allowed_users = set(s["trainees"]) | {{s["instructor"]}}

# Each trainee is their own operating-system user, in JupyterLab in their home folder, in
# control groups of their own with a private /tmp (course/workshop/limits.py).
c.JupyterHub.spawner_class = "course.workshop.limits.LimitedSpawner"
c.Spawner.cmd = [s["singleuser"]]
c.Spawner.default_url = "/lab/tree/START_HERE.ipynb"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = s["trainee_env"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# Enforced per trainee: memory, CPU, processes and threads, file size, private /tmp's size.
c.Spawner.mem_limit = s["mem_limit"]
c.Spawner.cpu_limit = s["cpu_limit"]
c.LimitedSpawner.pids_limit = s["pids_limit"]
c.LimitedSpawner.file_limit = s["file_limit"]
c.LimitedSpawner.tmp_size = s["tmp_size"]

# The instructor reaches formgrader, a hub-managed service named after the course
# (nbgrader's demos), which runs as the grading account in the course folder.
c.JupyterHub.load_groups = {{
    s["group"]: {{"users": [s["instructor"]]}},
    s["trainee_group"]: {{"users": s["trainees"]}},
}}
c.JupyterHub.load_roles = [
    {{
        "name": s["group"],
        "groups": [s["group"]],
        "scopes": [
            f"access:services!service={{s['course_id']}}",
            "list:services",
            f"read:services!service={{s['course_id']}}",
        ],
    }},
]
c.JupyterHub.services = [
    {{
        "name": s["course_id"],
        "url": f"http://127.0.0.1:{{s['service_port']}}",
        "command": [s["singleuser"]],
        "user": s["grader"],
        "cwd": s["course_dir"],
        "environment": s["grader_env"],
        "oauth_no_confirm": True,
        "display": True,
    }},
]

# Servers ready before the class: `sales-course hub` starts the trainees' servers ahead of
# the session through the REST API (POST /hub/api/users/<name>/server), a few at a time,
# with this service's token; it may start, stop and read the trainees' servers, nothing else.
c.JupyterHub.services.append({{"name": s["prestart_service"], "api_token": s["prestart_token"]}})
c.JupyterHub.load_roles.append(
    {{
        "name": s["prestart_service"],
        "services": [s["prestart_service"]],
        "scopes": [
            f"servers!group={{s['trainee_group']}}",
            f"read:servers!group={{s['trainee_group']}}",
            f"read:users:name!group={{s['trainee_group']}}",
        ],
    }}
)

# Idle servers stopped: JupyterHub's idle culler (as TLJH and Z2JH ship it), so a long
# workshop does not run out of memory. Files stay in the trainee's home; logging in again
# starts a new server on them.
if s["culler"]:
    c.JupyterHub.services.append({{"name": s["culler_service"], "command": s["culler"]}})
    c.JupyterHub.load_roles.append(
        {{
            "name": s["culler_service"],
            "services": [s["culler_service"]],
            "scopes": [
                f"{{scope}}!{{s['cull_filter']}}"
                for scope in ("list:users", "read:users:activity", "read:servers", "delete:servers")
            ],
        }}
    )
'''


def close_checkout(workshop: Workshop, *, log=print) -> None:
    """Close the project's ``solutions/`` to other accounts: trainees are accounts on this
    machine, and the model answers must not be one ``cat`` away (their servers use the closed
    copy in the state folder)."""
    solutions = workshop.project / "solutions"
    if solutions.exists() and solutions.stat().st_mode & 0o007:
        os.chmod(solutions, solutions.stat().st_mode & ~0o007)
        log(f"Closed {solutions} to other accounts (it was open to every account on this machine).")


def issue_passwords(workshop: Workshop) -> None:
    """The hashes the hub checks (root only) and the class sheet (mode 600): root's in the hub
    folder, and a copy in the instructor's home when they have an account."""
    passwords = {**{n: workshop.passwords[n] for n in workshop.trainees}}
    passwords[workshop.instructor] = workshop.instructor_password
    auth.write_password_file(workshop.password_file, passwords)
    sheet = auth.class_sheet(passwords, url=f"{workshop.url}/hub/login", instructor=workshop.instructor)
    auth.write_class_sheet(workshop.class_sheet, sheet)
    if workshop.instructor_account and account_exists(workshop.instructor):
        entry = pwd.getpwnam(workshop.instructor)
        auth.write_class_sheet(
            Path(entry.pw_dir) / "class-sheet.txt", sheet, owner=(entry.pw_uid, entry.pw_gid)
        )


def kernel_version(runtime: Path) -> tuple[int, ...]:
    """The ipykernel version of the trainees' environment."""
    done = _run([str(runtime / "bin" / "python"), "-c", "import ipykernel; print(ipykernel.__version__)"])
    return tuple(int(part) for part in re.findall(r"\d+", done.stdout)[:3])


def check_kernel(workshop: Workshop, *, log=print) -> None:
    """Refuse (or, if ``workshop.require_fixed_kernel`` is False, warn about) an ipykernel that
    can lose a cell's execute_request (:data:`MIN_IPYKERNEL`)."""
    assert workshop.runtime is not None
    found = kernel_version(workshop.runtime)
    if found >= MIN_IPYKERNEL:
        return
    message = (
        f"ipykernel {'.'.join(map(str, found))} in {workshop.runtime} can leave a cell's request unread "
        f"(a cell stuck at [*], kernel idle: ipykernel#1554); install ipykernel>="
        f"{'.'.join(map(str, MIN_IPYKERNEL))} there."
    )
    if workshop.require_fixed_kernel:
        raise HubError(message)
    log(f"WARNING: {message}")


def culler_command(workshop: Workshop) -> list[str]:
    """The idle culler's command line (empty when culling is off)."""
    if not workshop.cull_idle:
        return []
    import importlib.util

    if importlib.util.find_spec("jupyterhub_idle_culler") is None:
        raise HubError(
            "jupyterhub-idle-culler is not installed in the hub's environment: "
            "pip install -e '.[hub]' (or pass --cull-idle 0 to run without it)."
        )
    every = workshop.cull_every or max(1, min(300, workshop.cull_idle // 4))
    return [
        sys.executable,
        "-m",
        "jupyterhub_idle_culler",
        f"--timeout={workshop.cull_idle}",
        f"--cull-every={every}",
        "--concurrency=2",
    ]


def prepare(workshop: Workshop, *, log=print) -> Path:
    """Make accounts, runtime, course copy, exchange and configuration; return the config file."""
    require_root()
    proxy = find_proxy()
    resolved = workshop.state.resolve()
    for private in PRIVATE_TEMP:
        if resolved == private or private in resolved.parents:
            raise HubError(
                f"The state folder {workshop.state} is under {private}, which each trainee's server "
                "replaces with a private one: it could not reach the exchange. Choose a folder "
                "elsewhere, e.g. /var/lib/sales-leadership-lab/hub."
            )
    workshop.state.mkdir(parents=True, exist_ok=True)
    os.chmod(workshop.state, 0o711)
    workshop.hub_dir.mkdir(exist_ok=True)
    os.chmod(workshop.hub_dir, 0o700)
    if workshop.runtime is None:
        workshop.runtime = ensure_runtime(workshop.project, log=log)
    accounts = [workshop.grader, *workshop.trainees]
    if workshop.instructor_account:
        accounts.append(workshop.instructor)
    for name in accounts:
        if ensure_account(name):
            workshop.created_accounts.append(name)
    check_kernel(workshop, log=log)
    close_checkout(workshop, log=log)
    issue_passwords(workshop)
    warm_runtime(workshop.runtime, log=log)
    for name in workshop.trainees:
        give_start_page(workshop, name)
        give_font_cache(workshop, name)
    prepare_course(workshop)
    prepare_exchange(workshop)
    config = prepare_config(workshop)
    text = hub_config(
        workshop,
        config,
        proxy=proxy,
        service_port=free_port(),
        hub_port=free_port(),
        proxy_api_port=free_port(),
    )
    path = workshop.hub_dir / "jupyterhub_config.py"
    _write(path, text, mode=0o600)
    return path


# --------------------------------------------------------------------------- run


@dataclass
class RunningHub:
    workshop: Workshop
    process: subprocess.Popen
    log: object


def start(workshop: Workshop, config: Path, *, timeout: float = 60, attempts: int = 5) -> RunningHub:
    """Start JupyterHub (its own process group) and wait until its API answers.

    JupyterHub gives a managed service ten seconds to answer at start, then exits ("Cannot
    connect to managed service"); on a loaded machine formgrader's server can take longer
    to import, so that case is tried again (its modules are then in the page cache)."""
    import requests

    for attempt in range(1, attempts + 1):
        log = open(workshop.log_file, "ab")
        offset = log.tell()
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=workshop.hub_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        running = RunningHub(workshop, process, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{workshop.url}/hub/api/", timeout=2).status_code == 200:
                    return running
            time.sleep(0.3)
        else:
            stop(running)
            raise HubError(f"JupyterHub did not answer within {timeout:.0f} s; see {workshop.log_file}")
        stop(running)
        with open(workshop.log_file, "rb") as read:
            read.seek(offset)
            text = read.read().decode(errors="replace")
        why = [line for line in text.splitlines() if " JupyterHub " in line and line[:3] in ("[C ", "[E ")]
        if attempt < attempts and any("Cannot connect to" in line for line in why):
            print(f"JupyterHub: a service was slow to start ({why[-1]}); starting again ...", flush=True)
            continue
        raise HubError(
            f"JupyterHub stopped at start; see {workshop.log_file}:\n"
            + "\n".join(why or [tail(workshop.log_file)])
        )
    raise AssertionError("unreachable")


def tail(path: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _ancestors() -> set[int]:
    """This process and its parents (a shell or sudo whose command line names the state folder)."""
    found, pid = set(), os.getpid()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return found


def _pids_mentioning(marker: str) -> list[int]:
    """Processes whose command line contains ``marker``, except this one and its parents."""
    found = []
    mine = _ancestors()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) not in mine:
            with contextlib.suppress(OSError):
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
    return found


def stop(running: RunningHub, *, timeout: float = 30) -> None:
    """Stop the hub (which stops the proxy, servers and service), then end whatever is left:
    the hub's process group, the proxy by its pid file, and every process of the
    workshop's accounts or naming its state folder, each by its id."""
    workshop, process = running.workshop, running.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    pid_file = workshop.hub_dir / "proxy.pid"
    with contextlib.suppress(OSError, ValueError, ProcessLookupError):
        pid = int(pid_file.read_text().strip())
        if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)
    # Accounts this workshop made run nothing else; accounts that were there before are
    # left to the hub's own clean-up (their owners may be running other things).
    for name in workshop.created_accounts:
        if account_exists(name) and pwd.getpwnam(name).pw_uid != 0:
            kill_processes_of(name)
    # The trainees' control groups, had the hub not removed them (a fork bomb outliving its server).
    from course.workshop import limits

    for name in workshop.trainees:
        limits.empty_and_remove(limits.cgroup_paths(name), timeout=5)
    for pid in _pids_mentioning(str(workshop.state)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        running.log.close()


@contextlib.contextmanager
def running_hub(workshop: Workshop, *, log=print) -> Iterator[RunningHub]:
    """Set up and start the hub; on leaving, stop everything and remove the accounts it made."""
    try:
        config = prepare(workshop, log=log)
        hub = start(workshop, config)
        try:
            yield hub
        finally:
            stop(hub)
    finally:
        remove_accounts(workshop)


def default_prestart_concurrency() -> int:
    """Servers started at once ahead of a session: half the cores (a start costs ~4 CPU-seconds),
    so the hub and trainees already working stay responsive."""
    return max(1, (os.cpu_count() or 2) // 2)


def prestart(
    url: str,
    token: str,
    names: list[str],
    *,
    concurrency: int | None = None,
    timeout: float = 300,
    log=print,
) -> dict[str, float | str]:
    """Start each user's server through JupyterHub's REST API (POST /hub/api/users/<name>/server),
    at most ``concurrency`` at a time, each waited on until ready, so a trainee's login finds it
    running. Returns, per user, the seconds it took or what went wrong (never raises for one user)."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    headers = {"Authorization": f"token {token}"}
    api = f"{url}/hub/api"

    def one(name: str) -> float | str:
        started = time.monotonic()
        try:
            answer = requests.post(f"{api}/users/{name}/server", headers=headers, timeout=60)
            if answer.status_code not in (201, 202, 400):  # 400: already running
                return f"HTTP {answer.status_code}: {answer.text[:200]}"
            while time.monotonic() - started < timeout:
                model = requests.get(f"{api}/users/{name}", headers=headers, timeout=60).json()
                server = (model.get("servers") or {}).get("", {})
                if server.get("ready"):
                    return time.monotonic() - started
                if not server and time.monotonic() - started > 5:
                    return "the server stopped while starting"
                time.sleep(0.5)
            return f"not ready after {timeout:.0f} s"
        except requests.RequestException as error:
            return f"{type(error).__name__}: {error}"

    workers = concurrency or default_prestart_concurrency()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(names, pool.map(one, names), strict=True))
    ready = [v for v in results.values() if isinstance(v, float)]
    failed = {n: v for n, v in results.items() if isinstance(v, str)}
    log(
        f"Pre-started {len(ready)}/{len(names)} trainee servers, {workers} at a time"
        + (f"; failed: {failed}" if failed else "")
    )
    return results


def serve(
    project: Path,
    *,
    state: Path,
    port: int,
    trainees: list[str],
    instructor: str,
    keep_accounts: bool,
    prestart_servers: bool = True,
    prestart_concurrency: int | None = None,
    cull_idle: int = CULL_IDLE_SECONDS,
) -> int:
    """``sales-course hub``: run a trial workshop hub until Ctrl-C; start the trainees' servers
    in the background, a few at a time, unless ``prestart_servers`` is False."""
    try:
        trainees = auth.expand_names(trainees)
    except (OSError, auth.RosterError) as error:
        raise HubError(f"Cannot read the roster: {error}") from None
    bad = [name for name in [*trainees, instructor] if not auth.NAME.match(name)]
    if bad:
        raise HubError(
            f"Not usable as account names: {', '.join(map(repr, bad))}; expected lower-case letters, "
            "digits, '-' or '_', starting with a letter."
        )
    workshop = Workshop(
        cull_idle=cull_idle,
        state=state,
        project=project,
        trainees=trainees,
        instructor=instructor,
        port=port,
        instructor_account=True,
        instructor_password=os.environ.get("SALES_HUB_INSTRUCTOR_PASSWORD") or secrets.token_urlsafe(32),
    )
    if instructor in trainees:
        raise HubError(f"The instructor {instructor!r} cannot also be a trainee.")
    config = prepare(workshop)
    if not keep_accounts:
        print(f"Made accounts {', '.join(workshop.created_accounts) or '(none new)'}; removed again on exit.")
    hub = start(workshop, config)
    stopping = False

    def _stop(signum, frame):  # noqa: ARG001
        nonlocal stopping
        stopping = True

    # Ctrl-C, a closed terminal or a service manager's stop: all end the same way.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    print(
        f"\nWorkshop hub: {workshop.url}/hub/login  (loopback only)\n"
        f"  trainees:    {', '.join(trainees)}  (each their own password)\n"
        f"  class sheet: {workshop.class_sheet} and ~{instructor}/class-sheet.txt (mode 600: "
        "print it, cut it, hand each trainee their slip)\n"
        f"  instructor:  {instructor}  password: {workshop.instructor_password}\n"
        f"  formgrader:  {workshop.formgrader_url}  (instructor; opens in its own tab)\n"
        f"  exchange:    {workshop.exchange_dir}\n  course:      {workshop.course_dir}\n"
        f"  log:         {workshop.log_file}\n"
        + (f"  idle servers stop after {cull_idle} s without activity (files stay)\n" if cull_idle else "")
        + "Ctrl-C stops the hub and every server."
    )
    if prestart_servers:
        concurrency = prestart_concurrency or default_prestart_concurrency()
        print(
            f"Starting the {len(trainees)} trainees' servers in the background, {concurrency} at a time ..."
        )
        threading.Thread(
            target=prestart,
            args=(workshop.url, workshop.prestart_token, sorted(trainees)),
            kwargs={"concurrency": concurrency},
            daemon=True,
        ).start()
    try:
        while not stopping and hub.process.poll() is None:
            time.sleep(0.5)
    finally:
        print("Stopping the hub ...")
        stop(hub)
        if not keep_accounts:
            remove_accounts(workshop)
    return 0
