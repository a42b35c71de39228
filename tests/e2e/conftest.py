"""Fixtures of the browser suite: a real JupyterLab on loopback and Debian's Chromium.

The server is what a trainee gets from ``sales-course start``: a throw-away
workspace with the start page and the released notebooks, a random token (no
"token off", no XSRF off: never Galata's test server config), and its own HOME
and Jupyter runtime folder, so nothing leaks between runs or into the machine's
settings. Whatever happens, the browser, the server and its kernels are stopped
when the test module ends (and the server with its kernels also if pytest is killed).

Chromium comes from Debian (``scripts/install-system-deps.sh``), not from
``playwright install``, whose download needs a CDN that closed networks block.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from playwright import sync_api as playwright_sync
except ImportError:  # the browser tests skip; the fast tests here still run
    playwright_sync = None

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 90


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it listens, its token and the trainee's folder."""

    url: str
    token: str
    workspace: Path
    runtime_dir: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(lab: Lab, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            lab.api("GET", "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer in {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def _pids_using(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (our runtime folder): our kernels."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _stop(lab: Lab, server: subprocess.Popen) -> None:
    """Shut kernels and server down politely, then make sure nothing of ours is left."""
    if server.poll() is None:
        try:
            for kernel in lab.api("GET", "/api/kernels") or []:
                lab.api("DELETE", f"/api/kernels/{kernel['id']}")
            lab.api("POST", "/api/shutdown")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
    for pid in _pids_using(str(lab.runtime_dir)):  # kernels that outlived the server
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _die_with_pytest() -> None:
    """Run in the server's process before it starts: on Linux, ask for SIGTERM when pytest
    dies, even by SIGKILL, so that the server still shuts its kernels down and exits."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _test_config(home: Path) -> None:
    """Settings for this throw-away server only, in its own config folder.

    Nothing here weakens the server: the token and XSRF checks stay on. Jupyter refuses
    to run as root (as in many CI containers) unless told it may.
    """
    config = home / ".jupyter"
    config.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"allow_root": True}}))
    # No news or update pop-ups over the notebook (they would need the internet anyway).
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab started with ``sales-course start`` in a temporary workspace."""
    base = tmp_path_factory.mktemp("lab")
    home, workspace, runtime_dir = base / "home", base / "workspace", base / "runtime"
    for folder in (home, runtime_dir):
        folder.mkdir()
    _test_config(home)
    port, token = _free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_RUNTIME_DIR": str(runtime_dir),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / ".jupyter" / "lab" / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / ".jupyter" / "lab" / "workspaces"),
        "IPYTHONDIR": str(home / ".ipython"),
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_TOKEN": token,  # read by jupyter_server; never on the command line
    }
    env.pop("JUPYTER_DATA_DIR", None)
    script = Path(sys.executable).with_name("sales-course")
    command = [
        *([str(script)] if script.exists() else [sys.executable, "-m", "course.cli"]),
        "start",
        "--workspace", str(workspace),
        "--ip", "127.0.0.1",
        "--port", str(port),
        "--no-browser",
    ]  # fmt: skip
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=base,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C reaches pytest, which then stops the server cleanly
            preexec_fn=_die_with_pytest if sys.platform == "linux" else None,
        )
    started = Lab(url=f"http://127.0.0.1:{port}", token=token, workspace=workspace, runtime_dir=runtime_dir)
    try:
        _wait_until_up(started, server, log_path)
        yield started
    finally:
        _stop(started, server)
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        # The server's log, for a failed run; its one-time token blanked out.
        (artifacts / "jupyterlab.log").write_text(
            log_path.read_text(errors="replace").replace(token, "<token>")
        )


def close_quietly(thing) -> None:
    """Close a page, context or browser; after Ctrl+C the Playwright driver may be gone already."""
    try:
        thing.close()
    except Exception:  # noqa: BLE001  (playwright's Error, or its driver's lost connection)
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, skip_or_fail) -> Iterator[object]:
    if playwright_sync is None:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"no Chromium at {CHROMIUM}: run scripts/install-system-deps.sh")
    manager = playwright_sync.sync_playwright().start()
    try:
        home = tmp_path_factory.mktemp("browser-home")  # Chromium's crash and cache folders
        launched = manager.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)},
        )
        try:
            yield launched
        finally:
            close_quietly(launched)
    finally:
        try:
            manager.stop()
        except Exception:  # noqa: BLE001  (the driver already gone after Ctrl+C)
            pass


@pytest.fixture(scope="module")
def context(browser, lab: Lab) -> Iterator[object]:
    """A browser profile logged in with the token (as the link ``jupyter lab`` prints does)."""
    made = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    made.set_default_timeout(30_000)
    try:
        yield made
    finally:
        close_quietly(made)


@pytest.fixture(scope="module")
def page(context) -> Iterator[object]:
    """One browser tab shared by a module's tests, which follow each other like a trainee."""
    opened = context.new_page()
    try:
        yield opened
    finally:
        close_quietly(opened)


@pytest.fixture
def fresh_page(context) -> Iterator[object]:
    """A browser tab of its own for one test."""
    opened = context.new_page()
    try:
        yield opened
    finally:
        close_quietly(opened)


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/screenshots/ (git-ignored), emptied at the start of each run.

    Under pytest-xdist (make test) each worker is a session of its own: the main process
    empties the folder (tests/conftest.py), so no worker deletes another's screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not hasattr(request.config, "workerinput"):
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
    return SCREENSHOTS


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
