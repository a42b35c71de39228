"""Drive a workshop hub over HTTP only, as a browser and JupyterLab would.

Used by the end-to-end test (tests/hub) and the load benchmark (benchmarks/hub_load.py):
the hub's login form and REST API, a single-user server's Jupyter REST API (contents,
sessions, kernels over their websocket) and nbgrader's server-extension handlers
(``/assignments/fetch|submit|fetch_feedback``, ``/assignments/validate``), and the
formgrader service's API for the instructor.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import requests
import websocket

COURSE_ID = "sales-leadership-lab"


class HubClientError(RuntimeError):
    """An HTTP step failed; the message names the step and what came back."""


def _check(
    response: requests.Response, step: str, ok: tuple[int, ...] = (200, 201, 202, 204)
) -> requests.Response:
    if response.status_code not in ok:
        raise HubClientError(f"{step}: HTTP {response.status_code}: {response.text[:500]}")
    return response


def login(hub_url: str, username: str, password: str) -> requests.Session:
    """Log in through /hub/login as a person does (form with the xsrf field); return the session."""
    session = requests.Session()
    page = _check(session.get(f"{hub_url}/hub/login", timeout=30), f"{username}: login page")
    found = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    data = {"username": username, "password": password, "_xsrf": found.group(1) if found else ""}
    answer = session.post(f"{hub_url}/hub/login", data=data, allow_redirects=False, timeout=30)
    if answer.status_code != 302 or "jupyterhub-session-id" not in session.cookies:
        raise HubClientError(f"{username}: login refused (HTTP {answer.status_code})")
    return session


def open_lab(
    hub_url: str, username: str, password: str, *, timeout: float = 300
) -> tuple[requests.Session, float]:
    """Log in through the form and follow the hub as a browser does (spawn if needed, the
    pending page, OAuth into the server) until JupyterLab's page is served and answers its
    first API call; return the session and the seconds from login to lab."""
    started = time.monotonic()
    session = login(hub_url, username, password)
    page = session.get(f"{hub_url}/hub/", timeout=timeout)
    while not (page.status_code == 200 and f"/user/{username}/lab" in page.url):
        if time.monotonic() - started > timeout:
            raise HubClientError(f"{username}: no JupyterLab after {timeout:.0f} s (at {page.url})")
        if page.status_code >= 500:
            raise HubClientError(f"{username}: HTTP {page.status_code} at {page.url}")
        time.sleep(0.5)  # the pending page's progress stream, polled
        page = session.get(f"{hub_url}/hub/spawn-pending/{username}", timeout=timeout)
    # JupyterLab's first call to its server as it starts.
    _check(
        session.get(f"{hub_url}/user/{username}/api/kernelspecs", timeout=timeout), f"{username}: kernelspecs"
    )
    return session, time.monotonic() - started


def create_token(hub_url: str, session: requests.Session, username: str) -> str:
    """An API token for the logged-in user, made through the hub's REST API with the login cookie."""
    xsrf = session.cookies.get("_xsrf", path="/hub/") or session.cookies.get("_xsrf")
    answer = session.post(
        f"{hub_url}/hub/api/users/{username}/tokens",
        json={"note": "workshop client", "expires_in": 3600},
        headers={"X-XSRFToken": xsrf or ""},
        timeout=30,
    )
    return _check(answer, f"{username}: token").json()["token"]


@dataclass
class Api:
    """A token-authenticated client for one base URL (the hub, a user server or a service)."""

    base: str
    token: str

    def request(
        self,
        method: str,
        path: str,
        *,
        step: str = "",
        ok: tuple[int, ...] = (200, 201, 202, 204),
        timeout: float = 120,
        **kwargs: Any,
    ) -> requests.Response:
        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        answer = requests.request(method, f"{self.base}{path}", headers=headers, timeout=timeout, **kwargs)
        return _check(answer, step or f"{method} {path}", ok)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)


class Trainee:
    """One hub user with their own single-user server, driven through its APIs."""

    def __init__(self, hub_url: str, name: str, token: str):
        self.hub_url = hub_url
        self.name = name
        self.hub = Api(f"{hub_url}/hub/api", token)
        self.server = Api(f"{hub_url}/user/{name}", token)

    # -- server lifecycle
    def spawn(self, *, timeout: float = 180) -> float:
        """Ask the hub for this user's server and wait until it answers; return seconds taken."""
        started = time.monotonic()
        self.hub.post(f"/users/{self.name}/server", step=f"{self.name}: spawn", ok=(201, 202, 400))
        while time.monotonic() - started < timeout:
            model = self.hub.get(f"/users/{self.name}", step=f"{self.name}: status").json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                self.server.get("/api/status", step=f"{self.name}: server status")
                return time.monotonic() - started
            if not server and model.get("pending") is None and time.monotonic() - started > 5:
                raise HubClientError(f"{self.name}: the server stopped while starting")
            time.sleep(0.25)
        raise HubClientError(f"{self.name}: server not ready after {timeout:.0f} s")

    # -- contents API
    def read_notebook(self, path: str) -> dict:
        return self.server.get(
            f"/api/contents/{path}", params={"content": 1}, step=f"{self.name}: read {path}"
        ).json()["content"]

    def save_notebook(self, path: str, notebook: dict) -> None:
        self.server.put(
            f"/api/contents/{path}",
            json={"type": "notebook", "format": "json", "content": notebook},
            step=f"{self.name}: save {path}",
        )

    def read_file(self, path: str) -> str:
        return self.server.get(
            f"/api/contents/{path}", params={"content": 1, "format": "text"}, step=f"{self.name}: read {path}"
        ).json()["content"]

    def list_folder(self, path: str) -> list[str]:
        model = self.server.get(f"/api/contents/{path}", step=f"{self.name}: list {path}").json()
        return [item["path"] for item in model["content"]]

    # -- nbgrader's assignment list and validate handlers (what the JupyterLab extension calls)
    def assignment_action(self, action: str, assignment: str) -> Any:
        body = {"course_id": COURSE_ID, "assignment_id": assignment}
        answer = self.server.post(
            f"/assignments/{action}", json=body, step=f"{self.name}: {action} {assignment}"
        )
        result = answer.json()
        if isinstance(result, dict) and result.get("success") is False:
            raise HubClientError(f"{self.name}: {action} {assignment} failed: {result.get('value')}")
        return result

    def assignments(self) -> list[dict]:
        answer = self.server.get(
            "/assignments", params={"course_id": COURSE_ID}, step=f"{self.name}: list"
        ).json()
        if not answer.get("success"):
            raise HubClientError(f"{self.name}: assignment list failed: {answer.get('value')}")
        return answer["value"]

    def validate(self, path: str) -> dict:
        answer = self.server.post(
            "/assignments/validate", data={"path": path}, timeout=300, step=f"{self.name}: validate {path}"
        )
        return answer.json()

    # -- kernels
    def start_kernel(self, path: str) -> str:
        """A session for ``path`` with a python3 kernel, as JupyterLab opens a notebook; the kernel id."""
        model = self.server.post(
            "/api/sessions",
            json={
                "path": path,
                "name": path.rsplit("/", 1)[-1],
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
            step=f"{self.name}: session {path}",
        ).json()
        return model["kernel"]["id"]

    def kernel(self, kernel_id: str) -> Kernel:
        url = self.server.base.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
        return Kernel(url, self.server.token, self.name)

    def run_notebook(self, path: str, *, timeout: float = 120) -> tuple[dict, list[dict]]:
        """Open ``path``, run every code cell in order in the trainee's own kernel, store the
        outputs in the notebook and save it, as "Run All" then "Save" do; return the notebook
        and the errors (one per failing cell)."""
        notebook = self.read_notebook(path)
        kernel_id = self.start_kernel(path)
        errors = []
        with self.kernel(kernel_id) as kernel:
            for number, cell in enumerate(notebook["cells"], 1):
                if cell["cell_type"] != "code":
                    continue
                label = f"{number} ({cell['metadata'].get('nbgrader', {}).get('grade_id') or cell.get('id', '')}) of {path}"
                result = kernel.execute(cell["source"], timeout=timeout, label=label)
                cell["outputs"] = result.outputs
                cell["execution_count"] = result.execution_count
                if result.error:
                    errors.append(result.error)
        self.save_notebook(path, notebook)
        self.server.request("DELETE", f"/api/kernels/{kernel_id}", step=f"{self.name}: stop kernel")
        return notebook, errors


@dataclass
class Execution:
    outputs: list[dict]
    execution_count: int | None
    error: dict | None

    @property
    def stdout(self) -> str:
        return "".join(o.get("text", "") for o in self.outputs if o.get("output_type") == "stream")


class ExecutionLost(HubClientError):
    """A cell's reply or its end (the kernel's ``idle`` status) did not arrive in time."""


class Kernel:
    """A kernel's websocket (Jupyter messaging over JSON), used to execute code.

    Connects as JupyterLab does, with a ``session_id`` of its own (the server uses it as
    the connection's ZeroMQ identity). Every wait has an end: :meth:`execute` checks its
    deadline on every frame, pings included, and the socket's own timeout covers silence,
    so a lost reply raises :class:`ExecutionLost` naming the trainee, the cell and what
    did arrive, instead of waiting on a socket kept alive by the server's pings.
    """

    def __init__(self, url: str, token: str, username: str):
        self.session = uuid.uuid4().hex
        self.url, self.token, self.username = f"{url}?session_id={self.session}", token, username
        self.socket: websocket.WebSocket | None = None

    def __enter__(self) -> Kernel:
        self.socket = websocket.create_connection(
            self.url, header=[f"Authorization: token {self.token}"], timeout=120
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.socket is not None:
            self.socket.close()

    def execute(self, code: str, *, timeout: float = 120, label: str = "") -> Execution:
        """Run ``code``; wait for its ``execute_reply`` (shell) and its ``idle`` status (iopub),
        as JupyterLab does before it clears a cell's ``[*]``. ``label`` names the cell in errors."""
        assert self.socket is not None
        msg_id = uuid.uuid4().hex
        self.socket.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.username,
                        "session": self.session,
                        "date": "",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        outputs: list[dict] = []
        error = None
        count = None
        idle = replied = False
        seen: list[str] = []  # what arrived for this execution, in order (for the error message)
        started = time.monotonic()
        deadline = started + timeout

        def lost(why: str) -> ExecutionLost:
            cell = f" cell {label}" if label else " a cell"
            return ExecutionLost(
                f"{self.username}:{cell}: {why} after {time.monotonic() - started:.0f} s "
                f"(timeout {timeout:.0f} s); arrived: {', '.join(seen) or 'nothing'}; "
                f"missing: {', '.join(m for m, got in (('execute_reply', replied), ('idle', idle)) if not got)}"
            )

        while not (idle and replied):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise lost("no end")
            self.socket.settimeout(remaining)
            try:
                # Control frames too: the server's pings must not reset the clock.
                opcode, data = self.socket.recv_data(control_frame=True)
            except websocket.WebSocketTimeoutException:
                raise lost("silence") from None
            except websocket.WebSocketConnectionClosedException:
                raise lost("websocket closed") from None
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue  # pings, pongs, messages with binary buffers (widget state): no output of ours
            message = json.loads(data)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            seen.append(kind if kind != "status" else content.get("execution_state", "status"))
            if message["channel"] == "shell" and kind == "execute_reply":
                replied = True
                count = content.get("execution_count")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("execute_result", "display_data"):
                output = {
                    "output_type": kind,
                    "data": content["data"],
                    "metadata": content.get("metadata", {}),
                }
                if kind == "execute_result":
                    output["execution_count"] = content.get("execution_count")
                outputs.append(output)
            elif kind == "error":
                error = {
                    "output_type": "error",
                    "ename": content["ename"],
                    "evalue": content["evalue"],
                    "traceback": content["traceback"],
                }
                outputs.append(error)
        return Execution(outputs, count, error)


class Instructor:
    """The instructor: the formgrader service's API (and its kernels) with the instructor's token."""

    def __init__(self, hub_url: str, token: str):
        self.service = Api(f"{hub_url}/services/{COURSE_ID}", token)
        self.token = token
        self.hub = Api(f"{hub_url}/hub/api", token)

    def formgrader(self, action: str, assignment: str, *, timeout: float = 300) -> dict:
        """POST one of formgrader's assignment actions (assign, release, collect, release_feedback ...)."""
        answer = self.service.post(
            f"/formgrader/api/assignment/{assignment}/{action}",
            timeout=timeout,
            step=f"formgrader {action} {assignment}",
        ).json()
        if not answer.get("success"):
            raise HubClientError(f"formgrader {action} {assignment} failed: {answer.get('error') or answer}")
        return answer

    def run(self, code: str, *, timeout: float = 600) -> Execution:
        """Run Python code in a kernel of the formgrader service (the grading account, in the course)."""
        kernel_id = self.service.post("/api/kernels", json={"name": "python3"}, step="grader kernel").json()[
            "id"
        ]
        try:
            url = self.service.base.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
            with Kernel(url, self.token, "instructor") as kernel:
                return kernel.execute(code, timeout=timeout)
        finally:
            self.service.request("DELETE", f"/api/kernels/{kernel_id}", step="stop grader kernel")
