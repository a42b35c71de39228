"""``sales-course start`` (``make start``) as root: JupyterLab gets ``--allow-root`` instead of exiting.

As root (a container, a cloud VM's default user) Jupyter prints "Running as root is not
recommended" and exits unless told ``--allow-root``. The command line is checked for both
users; where these tests run as root, a real JupyterLab is started the README's way, with
no allow_root in any Jupyter config, and must answer.
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
from pathlib import Path

import pytest

from course.workshop import local


def _command(tmp_path: Path, *, allow_root: bool, as_root: bool) -> list[str]:
    return local.start_command(
        tmp_path, ip="127.0.0.1", port=8888, open_browser=False, allow_root=allow_root, as_root=as_root
    )


def test_as_root_the_command_line_allows_root(tmp_path: Path) -> None:
    assert "--allow-root" in _command(tmp_path, allow_root=False, as_root=True)
    assert "--allow-root" in _command(tmp_path, allow_root=True, as_root=False)
    assert "--allow-root" not in _command(tmp_path, allow_root=False, as_root=False)


def test_running_as_root_reads_the_real_user() -> None:
    assert local.running_as_root() == (os.geteuid() == 0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs to run as root")
def test_start_as_root_serves_jupyterlab(tmp_path: Path) -> None:
    home, port, token = tmp_path / "home", _free_port(), secrets.token_hex(16)
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),  # empty: no allow_root from any config
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_TOKEN": token,
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    script = Path(sys.executable).with_name("sales-course")
    log = tmp_path / "start.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(script), "start", "--workspace", str(tmp_path / "ws"), "--no-browser", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline, answered = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None and answered is None:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/status", headers={"Authorization": f"token {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    answered = json.loads(response.read())
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        text = log.read_text(errors="replace")
        assert answered is not None, f"JupyterLab did not answer as root:\n{text[-3000:]}"
        assert "starting JupyterLab with --allow-root" in text
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
