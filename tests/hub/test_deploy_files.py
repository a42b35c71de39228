"""The deployment files for real workshops (deploy/): what can be checked without a cluster.

The Zero to JupyterHub values load and hold the keys the workshop relies on; the image's
pinned requirements resolve on the package index; the hub, the image and the project pin
the same JupyterHub and nbgrader; every config file the image and TLJH copy is valid.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from course.workshop import hub

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"


def _pins() -> dict[str, str]:
    pins = {}
    for line in (DEPLOY / "requirements.txt").read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line)
        if found:
            pins[found.group(1).lower()] = found.group(2)
    return pins


def test_z2jh_values_load_and_hold_the_keys_the_workshop_relies_on() -> None:
    values = yaml.safe_load((DEPLOY / "config.yaml").read_text())
    single = values["singleuser"]
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    assert float(single["cpu"]["limit"]) >= float(single["cpu"]["guarantee"]) > 0
    assert single["defaultUrl"] == "/lab"
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    volumes = {v["name"] for v in single["storage"]["extraVolumes"]}
    assert mounts["nbgrader-exchange"] == "/srv/nbgrader/exchange" and "nbgrader-exchange" in volumes
    assert "START_HERE.ipynb" in " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    hub_config = values["hub"]["config"]
    assert hub_config["JupyterHub"]["authenticator_class"] == "generic-oauth"
    assert hub_config["GenericOAuthenticator"]["allowed_groups"]
    assert hub_config["GenericOAuthenticator"]["admin_groups"]
    extra = "\n".join(values["hub"]["extraConfig"].values())
    compile(extra, "extraConfig", "exec")  # the Python the hub runs must at least parse
    assert "c.KubeSpawner.uid" in extra and "pre_spawn_hook" in extra


def test_memory_limits_cover_what_a_trainee_was_measured_to_use() -> None:
    memory = yaml.safe_load((DEPLOY / "config.yaml").read_text())["singleuser"]["memory"]
    measured_mib = 265  # benchmarks/hub_load.py: server + kernel after running module 01

    def mib(value: str) -> float:
        number, unit = re.match(r"([\d.]+)([MG])", value).groups()
        return float(number) * (1024 if unit == "G" else 1)

    assert mib(memory["guarantee"]) >= 1.5 * measured_mib
    assert mib(memory["limit"]) >= mib(memory["guarantee"])


def test_hub_image_and_project_pin_the_same_jupyterhub_and_nbgrader() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    assert pins["jupyterhub"] == hub.JUPYTERHUB_VERSION
    assert f"jupyterhub=={hub.JUPYTERHUB_VERSION}" in project["optional-dependencies"]["hub"]
    assert f"nbgrader=={pins['nbgrader']}" in project["dependencies"]


def test_the_dockerfile_builds_from_docker_stacks_with_the_course_and_its_pins() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM quay\.io/jupyter/[a-z-]+-notebook", text, re.M)
    assert "pip install --no-cache-dir -r /tmp/requirements.txt" in text
    for source in re.findall(r"^COPY (?:--chown=\S+ )?(.+) \S+$", text, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which is missing"


def test_every_config_file_the_image_and_tljh_copy_is_valid() -> None:
    for path in [*DEPLOY.rglob("*.py")]:
        compile(path.read_text(), str(path), "exec")
    for path in DEPLOY.rglob("*.json"):
        json.loads(path.read_text())


@pytest.mark.slow
def test_the_image_requirements_resolve(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--disable-pip-version-check",
            "--report",
            str(report),
            "-r",
            str(DEPLOY / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    resolved = {
        i["metadata"]["name"].lower(): i["metadata"]["version"]
        for i in json.loads(report.read_text())["install"]
    }
    for name, version in _pins().items():
        assert resolved.get(name) == version, f"{name}: wanted {version}, resolved {resolved.get(name)}"


# --------------------------------------------------------------------------- TLJH

TLJH_SNAPSHOT = Path(__file__).resolve().parent / "tljh_snapshot"


def _tljh_configurer():
    """TLJH's own settings code (tljh/configurer.py, verbatim: tljh_snapshot/README.md)."""
    import importlib.util
    import os
    import types

    package = types.ModuleType("tljh")
    package.__path__ = []
    config = types.ModuleType("tljh.config")
    config.INSTALL_PREFIX = "/opt/tljh"
    config.STATE_DIR = os.path.join(config.INSTALL_PREFIX, "state")
    config.CONFIG_DIR = os.path.join(config.INSTALL_PREFIX, "config")
    config.CONFIG_FILE = os.path.join(config.CONFIG_DIR, "config.yaml")
    stand_in = types.ModuleType("tljh.yaml")
    stand_in.yaml = None
    saved = {name: sys.modules.get(name) for name in ("tljh", "tljh.config", "tljh.yaml")}
    sys.modules.update({"tljh": package, "tljh.config": config, "tljh.yaml": stand_in})
    try:
        spec = importlib.util.spec_from_loader("tljh.configurer", loader=None)
        module = importlib.util.module_from_spec(spec)
        source = (TLJH_SNAPSHOT / "configurer.py.txt").read_text()
        exec(compile(source, "tljh/configurer.py", "exec"), module.__dict__)
        return module
    finally:
        for name, value in saved.items():
            if value is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = value


def _tljh_with_plugin(overrides: dict, tmp_path: Path):
    """What TLJH's jupyterhub_config.py does: its settings from tljh-config, then the files in
    jupyterhub_config.d (here the course's plugin), on one config object."""
    from traitlets.config import Config

    configurer = _tljh_configurer()
    config = Config()
    configurer.apply_config(overrides, config)
    plugin = (DEPLOY / "tljh" / "sales_leadership_lab.py").read_text()
    plugin = plugin.replace('Path("/opt/tljh/config/', f'Path("{tmp_path}/')
    exec(compile(plugin, "sales_leadership_lab.py", "exec"), {"get_config": lambda: config})
    return config


def _resolved(value, empty):
    """A setting as JupyterHub sees it: an unset list or dict that the plugin added to (a
    traitlets LazyConfigValue) applied to its empty default."""
    from traitlets.config import LazyConfigValue

    return value.get_value(empty) if isinstance(value, LazyConfigValue) else value


def test_the_tljh_plugin_keeps_tljhs_idle_culler_and_its_users(tmp_path: Path) -> None:
    config = _tljh_with_plugin({"users": {"allowed": ["ann"], "admin": ["instructor"]}}, tmp_path)
    services = {service["name"]: service for service in config.JupyterHub.services}
    assert "cull-idle" in services, "TLJH's idle culler was dropped"
    assert "sales-leadership-lab" in services
    assert config.Authenticator.allowed_users == {"ann"}
    assert config.Authenticator.admin_users == {"instructor"}
    groups = _resolved(config.JupyterHub.load_groups, {})
    assert groups["formgrade-sales-leadership-lab"]["users"] == ["instructor"]


def test_the_tljh_plugin_limits_each_trainee_and_fills_only_unset_limits(tmp_path: Path) -> None:
    config = _tljh_with_plugin({}, tmp_path)
    assert config.Spawner.mem_limit == "1G" and config.Spawner.cpu_limit == 1.0
    assert config.SystemdSpawner.isolate_tmp is True
    extra = config.SystemdSpawner.unit_extra_properties
    assert int(extra["TasksMax"]) <= 512 and extra["MemorySwapMax"] == "0" and extra["LimitFSIZE"]
    chosen = _tljh_with_plugin({"limits": {"memory": "2G", "cpu": 2}}, tmp_path)
    assert chosen.Spawner.mem_limit == "2G" and chosen.Spawner.cpu_limit == 2


def test_the_tljh_plugin_uses_per_trainee_passwords_once_issued(tmp_path: Path) -> None:
    from course.workshop import auth

    assert "RosterAuthenticator" not in str(_tljh_with_plugin({}, tmp_path).JupyterHub.authenticator_class)
    passwords = auth.issue_passwords(["ann", "bob", "instructor"])
    auth.write_password_file(tmp_path / "workshop-passwords.json", passwords)
    token = tmp_path / "workshop-prestart.token"
    token.write_text("a" * 64)
    config = _tljh_with_plugin({"users": {"admin": ["instructor"]}}, tmp_path)
    assert config.JupyterHub.authenticator_class == "course.workshop.auth.RosterAuthenticator"
    assert config.RosterAuthenticator.password_file == str(tmp_path / "workshop-passwords.json")
    assert config.Authenticator.allowed_users == {"ann", "bob", "instructor"}
    roles = {role["name"]: role for role in _resolved(config.JupyterHub.load_roles, [])}
    assert "admin:users" not in roles["workshop-prestart"]["scopes"]


def test_no_prestart_role_may_administer_users() -> None:
    values = yaml.safe_load((DEPLOY / "config.yaml").read_text())
    for role in values["hub"]["loadRoles"].values():
        assert not any(scope.startswith("admin:") for scope in role["scopes"]), role
