"""Every wait of the workshop client ends: a reply that does not come is named, not waited
for forever. A real Jupyter server and kernel: the server pings the websocket every half
second (as the hub's servers do every 30 s) while a cell outlives the client's timeout,
exactly the situation in which the old client, which checked its deadline only after a data
frame, never returned. No hub, no root: quick enough for every run of tests/hub."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests

from course.workshop import hub
from course.workshop.client import ExecutionLost, Kernel

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("client-timeouts")
    token = secrets.token_hex(16)
    port = hub.free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            # Pings twice a second: they must not keep the client waiting.
            "--ServerApp.tornado_settings={'ws_ping_interval': 500}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=root,
        env={**os.environ, "JUPYTER_CONFIG_PATH": str(root), "JUPYTER_RUNTIME_DIR": str(root / "runtime")},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/api/status", params={"token": token}, timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("the Jupyter server did not start")
        yield base, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_reply_that_does_not_come_in_time_is_named_not_waited_for(server: tuple[str, str]) -> None:
    base, token = server
    headers = {"Authorization": f"token {token}"}
    kernel_id = requests.post(
        f"{base}/api/kernels", json={"name": "python3"}, headers=headers, timeout=60
    ).json()["id"]
    try:
        url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        with Kernel(url, token, "ann") as kernel:
            assert kernel.execute("1 + 1", timeout=60).outputs[0]["data"]["text/plain"] == "2"
            with pytest.raises(ExecutionLost) as lost:
                kernel.execute("import time\ntime.sleep(30)", timeout=3, label="7 (q1_predictions)")
        message = str(lost.value)
        assert "ann" in message and "cell 7 (q1_predictions)" in message
        assert "missing: execute_reply, idle" in message and "arrived: busy" in message
        # It gave up at its deadline, pings notwithstanding, not when the cell ended: the
        # kernel is still running it.
        state = requests.get(f"{base}/api/kernels/{kernel_id}", headers=headers, timeout=60).json()
        assert state["execution_state"] == "busy"
    finally:
        requests.delete(f"{base}/api/kernels/{kernel_id}", headers=headers, timeout=60)
