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
