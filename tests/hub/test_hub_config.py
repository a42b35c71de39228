"""What `sales-course hub` writes for JupyterHub and the trainees' servers, checked without
starting anything: the pre-start service and the idle culler with their least-privilege
roles, and a trainee server that keeps what trainees and nbgrader need and nothing else.
The slow end-to-end test (test_workshop_hub.py) proves the same on a running hub."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from traitlets.config import Config

from course.workshop import hub

ROOT = Path(__file__).resolve().parent.parent.parent


def _load(workshop: hub.Workshop, tmp_path: Path) -> Config:
    workshop.runtime = Path(sys.prefix)
    text = hub.hub_config(
        workshop,
        {"trainee": tmp_path / "trainee", "grader": tmp_path / "grader"},
        proxy="configurable-http-proxy",
        service_port=8101,
        hub_port=8102,
        proxy_api_port=8103,
    )
    config = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    return config


def _workshop(tmp_path: Path, **kwargs) -> hub.Workshop:
    return hub.Workshop(state=tmp_path, project=ROOT, trainees=["ann", "bob"], **kwargs)


def test_the_hub_runs_the_idle_culler_with_a_workshop_friendly_default(tmp_path: Path) -> None:
    config = _load(_workshop(tmp_path), tmp_path)
    services = {s["name"]: s for s in config.JupyterHub.services}
    culler = services[hub.CULLER_SERVICE]["command"]
    assert culler[1:3] == ["-m", "jupyterhub_idle_culler"]
    assert f"--timeout={hub.CULL_IDLE_SECONDS}" in culler and hub.CULL_IDLE_SECONDS >= 1800
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    # It may see and stop the trainees' servers only (not the instructor's, not the service).
    for scope in roles[hub.CULLER_SERVICE]["scopes"]:
        assert scope.endswith(f"!group={hub.TRAINEE_GROUP}"), scope
    assert {"ann", "bob"} == set(config.JupyterHub.load_groups[hub.TRAINEE_GROUP]["users"])


def test_culling_can_be_switched_off(tmp_path: Path) -> None:
    config = _load(_workshop(tmp_path, cull_idle=0), tmp_path)
    assert hub.CULLER_SERVICE not in {s["name"] for s in config.JupyterHub.services}


def test_the_prestart_service_may_start_only_the_trainees_servers(tmp_path: Path) -> None:
    workshop = _workshop(tmp_path)
    config = _load(workshop, tmp_path)
    services = {s["name"]: s for s in config.JupyterHub.services}
    assert services[hub.PRESTART_SERVICE]["api_token"] == workshop.prestart_token
    assert len(workshop.prestart_token) >= 32
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    scopes = roles[hub.PRESTART_SERVICE]["scopes"]
    assert f"servers!group={hub.TRAINEE_GROUP}" in scopes
    assert all(scope.endswith(f"!group={hub.TRAINEE_GROUP}") for scope in scopes)
    assert hub.default_prestart_concurrency() >= 1


def test_a_light_trainee_server_keeps_what_trainees_and_nbgrader_need() -> None:
    light = hub.trainee_server_config(light=True)
    off = {name for name, on in light["ServerApp"]["jpserver_extensions"].items() if not on}
    assert {"jupyter_lsp", "jupyter_server_terminals"} <= off
    # The assignment list, Validate and JupyterLab itself stay on.
    for needed in (
        "jupyterlab",
        "nbgrader.server_extensions.assignment_list",
        "nbgrader.server_extensions.validate_assignment",
    ):
        assert needed not in off
    assert light["ServerApp"]["terminals_enabled"] is False
    default = hub.trainee_server_config(light=False)
    assert set(default["ServerApp"]["jpserver_extensions"]) == set(hub.TRAINEE_DISABLED_SERVER)


def test_trainees_kernels_cannot_lose_a_request() -> None:
    """ipykernel before 7.4.0 can strand an execute_request unread (a cell at [*], kernel idle)."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["hub"]
    assert any(re.fullmatch(r"ipykernel>=7\.(4|[5-9])\.\d+", pin) for pin in extra), extra
    pinned = re.search(r"^ipykernel==([\d.]+)$", (ROOT / "deploy" / "requirements.txt").read_text(), re.M)
    assert pinned and tuple(int(p) for p in pinned.group(1).split(".")) >= hub.MIN_IPYKERNEL
    assert hub.kernel_version(Path(sys.prefix)) >= hub.MIN_IPYKERNEL


def test_each_trainee_has_their_own_password_and_the_config_holds_none(tmp_path: Path) -> None:
    workshop = _workshop(tmp_path)
    assert workshop.password("ann") != workshop.password("bob")
    config = _load(workshop, tmp_path)
    assert config.JupyterHub.authenticator_class == "course.workshop.auth.RosterAuthenticator"
    assert config.RosterAuthenticator.password_file == str(workshop.password_file)
    assert config.Authenticator.allowed_users == {"ann", "bob", workshop.instructor}
    text = hub.hub_config(
        workshop,
        {"trainee": tmp_path / "trainee", "grader": tmp_path / "grader"},
        proxy="configurable-http-proxy",
        service_port=8101,
        hub_port=8102,
        proxy_api_port=8103,
    )
    for secret in (workshop.password("ann"), workshop.password("bob"), workshop.instructor_password):
        assert secret not in text


def test_each_trainees_server_is_limited(tmp_path: Path) -> None:
    config = _load(_workshop(tmp_path, mem_limit="768M", pids_limit=128), tmp_path)
    assert config.JupyterHub.spawner_class == "course.workshop.limits.LimitedSpawner"
    assert config.Spawner.mem_limit == "768M" and config.Spawner.cpu_limit == 1.0
    assert config.LimitedSpawner.pids_limit == 128
    assert config.LimitedSpawner.tmp_size and config.LimitedSpawner.file_limit


def test_a_state_folder_under_a_private_tmp_is_refused(tmp_path: Path) -> None:
    import os

    import pytest

    if os.geteuid() != 0:
        pytest.skip("prepare() needs root")
    with pytest.raises(hub.HubError, match="private one"):
        hub.prepare(hub.Workshop(state=Path("/tmp/slab-state"), project=ROOT, trainees=["ann"]))
    assert not Path("/tmp/slab-state").exists()
