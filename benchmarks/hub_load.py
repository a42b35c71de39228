"""Load benchmark of the workshop hub: a class arriving on this machine.

    sudo .venv/bin/python benchmarks/hub_load.py [--trainees 20] [--spread 60] [--no-grade]

Starts the hub of ``sales-course hub`` on loopback with N trainee accounts (made for the
run, removed after it) and, through HTTP only, as browsers would:

1. Before the class, alone: what a trainee's server costs (CPU seconds and memory to
   start and open JupyterLab) with JupyterLab's defaults and with the workshop's lighter
   trainee configuration; and the first run of module 01's set-up cell in a new
   account's first kernel, without and with the matplotlib font cache that the hub
   builds once per machine.
2. The class arrives four times, in one run, so every figure sees the same machine:
   before pre-starting (servers start on login) all at once, and spread within
   ``--spread`` seconds; then after pre-starting (``hub.prestart``: the roster's servers
   started through the REST API, a few at a time) spread, and all at once. Each trainee
   logs in through the login form, waits for JupyterLab's page (login-to-lab wait),
   answers module 01 and runs it whole in their own kernel (run-all under load), saves
   it; in the last arrival each submits. Servers are stopped between arrivals.
3. One trainee's runaway cell (``--runaway-seconds``): a fork bomb and a memory hog in their
   server while every other trainee runs a short cell once a second in their own kernel; how
   long each answer takes (the target: within 2 s), with the per-trainee limits on
   (course/workshop/limits.py).
4. The instructor collects and grades everything.

It prints the waits (median, worst), run-all times, memory per trainee (server and
kernel, resident, read from /proc) and trainees per 24 GiB node, for each arrival.
Nothing may be lost: every cell's reply must arrive (a lost one is named, trainee and
cell, after its timeout: no wait without end), every submission be collected and every
grade be full marks, or the benchmark exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.workshop import hub  # noqa: E402
from course.workshop.client import (  # noqa: E402
    ExecutionLost,
    HubClientError,
    Instructor,
    Trainee,
    create_token,
    login,
    open_lab,
)

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
NOTEBOOK_PATH = f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"
NODE_GIB = 24
# Kept back on a node for the system, the hub, the proxy and the formgrader service.
RESERVED_GIB = 2
MIB = 1024 * 1024
CELL_TIMEOUT = 120


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def memory_of(uid: int) -> tuple[int, int]:
    """Resident and proportional set size (bytes) of every process of ``uid``."""
    rss = pss = 0
    for pid in hub.processes_of(uid):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its waited-for children."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    return ticks / os.sysconf("SC_CLK_TCK")


def answers() -> dict[str, str]:
    nb = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    found = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            found[meta["grade_id"]] = "\n".join(
                line
                for line in cell.source.splitlines()
                if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
            )
    return found


def median_worst(values) -> str:
    values = sorted(values)
    if not values:
        return "n/a"
    return f"median {statistics.median(values):.1f} s, worst {values[-1]:.1f} s"


# --------------------------------------------------------------------------- part 1: before the class


def server_weight(workshop: hub.Workshop, name: str, config_dir: Path) -> dict[str, float]:
    """Start one trainee's Jupyter server as ``name`` with the configuration in ``config_dir``,
    open JupyterLab's page and settings once, and measure CPU seconds and memory."""
    entry = pwd.getpwnam(name)
    port = hub.free_port()
    token = secrets.token_hex(16)
    runtime = workshop.runtime
    assert runtime is not None
    env = {
        "HOME": entry.pw_dir,
        "USER": name,
        "PATH": f"{runtime / 'bin'}:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(config_dir),
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [
            str(runtime / "bin" / "jupyter-lab"),
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={entry.pw_dir}",
        ],
        env=env,
        cwd=entry.pw_dir,
        user=entry.pw_uid,
        group=entry.pw_gid,
        extra_groups=[],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        while True:
            try:
                if requests.get(f"{base}/api/status", headers=headers, timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() - started > 120:
                raise RuntimeError(f"the measured server did not start ({config_dir.name})")
            time.sleep(0.1)
        ready = time.monotonic() - started
        for path in ("/lab", "/lab/api/settings", "/api/kernelspecs", "/lab/api/translations/default"):
            requests.get(f"{base}{path}", headers=headers, timeout=60)
        time.sleep(1)
        rss = pss = 0
        for line in Path(f"/proc/{process.pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
        return {
            "ready": ready,
            "cpu": cpu_seconds(process.pid),
            "rss": rss / MIB,
            "pss": pss / MIB,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def first_import(trainee: Trainee, setup: str) -> float:
    """Seconds for module 01's set-up cell in a new kernel of this trainee (alone on the hub)."""
    kernel_id = trainee.start_kernel("warmup.ipynb")
    try:
        with trainee.kernel(kernel_id) as kernel:
            started = time.monotonic()
            result = kernel.execute(setup, timeout=CELL_TIMEOUT, label="set-up")
            seconds = time.monotonic() - started
        if result.error:
            raise HubClientError(f"set-up cell failed: {result.error['evalue']}")
        return seconds
    finally:
        trainee.server.request("DELETE", f"/api/kernels/{kernel_id}")


# --------------------------------------------------------------------------- part 2: a class arrives


@dataclass
class Arrival:
    label: str
    prestarted: bool
    spread: float
    waits: dict[str, float] = field(default_factory=dict)
    runs: dict[str, float] = field(default_factory=dict)
    memory: dict[str, tuple[int, int]] = field(default_factory=dict)
    prestart_seconds: float | None = None
    load: str = ""
    load_after: str = ""
    cells: int = 0


def run_module(trainee: Trainee, notebook: dict, name: str, arrival: Arrival) -> list[str]:
    """Run every code cell in a new kernel (as Run All), save; problems found (named)."""
    problems = []
    started = time.monotonic()
    kernel_id = trainee.start_kernel(NOTEBOOK_PATH)
    try:
        with trainee.kernel(kernel_id) as kernel:
            for number, cell in enumerate(notebook["cells"], 1):
                if cell["cell_type"] != "code":
                    continue
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
                try:
                    result = kernel.execute(
                        cell["source"], timeout=CELL_TIMEOUT, label=f"{number} ({grade_id})"
                    )
                except ExecutionLost as lost:
                    state = trainee.server.get(f"/api/kernels/{kernel_id}", step=f"{name}: kernel").json()
                    problems.append(
                        f"[{arrival.label}] LOST {lost}; kernel {state.get('execution_state')}, "
                        f"{state.get('connections')} connection(s)"
                    )
                    return problems
                arrival.cells += 1
                cell["outputs"], cell["execution_count"] = result.outputs, result.execution_count
                if result.error:
                    problems.append(
                        f"[{arrival.label}] {name}: cell {number} ({grade_id}): "
                        f"{result.error['ename']}: {result.error['evalue']}"
                    )
        arrival.runs[name] = time.monotonic() - started
        arrival.memory[name] = memory_of(pwd.getpwnam(name).pw_uid)
        trainee.save_notebook(NOTEBOOK_PATH, notebook)
    finally:
        trainee.server.request("DELETE", f"/api/kernels/{kernel_id}", ok=(204, 404))
    return problems


def stop_servers(url: str, admin: str, names: list[str]) -> None:
    headers = {"Authorization": f"token {admin}"}
    for name in names:
        requests.delete(f"{url}/hub/api/users/{name}/server", headers=headers, timeout=120)
    deadline = time.monotonic() + 180
    for name in names:
        while time.monotonic() < deadline:
            model = requests.get(f"{url}/hub/api/users/{name}", headers=headers, timeout=60).json()
            if not model.get("servers") and not model.get("pending"):
                break
            time.sleep(0.5)


RUNAWAY_TARGET = 2.0  # seconds: the others' cells still answer within this while one trainee runs away
RUNAWAY_BOMB = "import os, time\nend = time.time() + {seconds}\nwhile time.time() < end:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
RUNAWAY_HOG = "import time\nend = time.time() + {seconds}\nblocks = []\nwhile time.time() < end:\n    blocks.append(b'x' * (32 * 1024 * 1024))\n"  # written, so every page is held
RUNAWAY_CELL = (
    "import subprocess, sys, time\n"
    "for code in {codes!r}:\n"
    "    subprocess.Popen([sys.executable, '-c', code], start_new_session=True,\n"
    "                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "    time.sleep(5)  # the hog alone first: beside the bomb it gets a sliver of its core\n"
    "print('started')\n"
)


def runaway_cell(workshop: hub.Workshop, names: list[str], seconds: float) -> dict:
    """names[0] starts a fork bomb and a memory hog in their server; every other trainee runs a
    short cell once a second in their own kernel meanwhile. Returns each answer's seconds, the
    runaway trainee's peak processes and memory (read from its control groups) and problems."""
    from course.workshop import limits

    url = workshop.url
    trainees = [
        Trainee(url, name, create_token(url, login(url, name, workshop.password(name)), name))
        for name in names
    ]
    runaway, others = trainees[0], trainees[1:]
    found: dict = {"seconds": [], "problems": [], "load": loadavg(), "pids_peak": 0}
    kernels = {t.name: t.start_kernel("runaway-probe.ipynb") for t in trainees}
    # The hog first: it reaches its limit before the bomb takes the runaway trainee's CPU.
    codes = [RUNAWAY_HOG.format(seconds=seconds), RUNAWAY_BOMB.format(seconds=seconds)]
    with runaway.kernel(kernels[runaway.name]) as kernel:
        started = kernel.execute(RUNAWAY_CELL.format(codes=codes))
    if started.error:
        found["problems"].append(f"the runaway cell did not start: {started.error}")
    end = time.monotonic() + seconds

    def steady(trainee: Trainee) -> list[float]:
        waits = []
        with trainee.kernel(kernels[trainee.name]) as kernel:
            while time.monotonic() < end:
                t0 = time.monotonic()
                kernel.execute(
                    "sum(range(10000))", timeout=CELL_TIMEOUT, label=f"{trainee.name} beside the runaway"
                )
                waits.append(time.monotonic() - t0)
                time.sleep(max(0.0, 1 - (time.monotonic() - t0)))
        return waits

    paths = limits.cgroup_paths(runaway.name)
    with ThreadPoolExecutor(len(others)) as pool:
        futures = [pool.submit(steady, t) for t in others]
        while time.monotonic() < end:
            try:
                found["pids_peak"] = max(
                    found["pids_peak"], int((paths["pids"] / "pids.current").read_text())
                )
            except OSError:
                pass
            time.sleep(0.5)
        for trainee, future in zip(others, futures, strict=True):
            try:
                found["seconds"].extend(future.result())
            except Exception as error:  # noqa: BLE001  (every failure is reported, named)
                found["problems"].append(
                    f"{trainee.name} beside the runaway: {type(error).__name__}: {error}"
                )
    try:
        found["memory_peak"] = int((paths["memory"] / "memory.max_usage_in_bytes").read_text())
        found["memory_failures"] = limits.oom_kills(paths)
    except OSError:
        found["memory_peak"], found["memory_failures"] = 0, 0
    found["load_after"] = loadavg()
    for trainee in trainees:
        trainee.server.request("DELETE", f"/api/kernels/{kernels[trainee.name]}", ok=(204, 404))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--spread", type=float, default=60, help="seconds over which a spread class arrives")
    parser.add_argument("--prestart-concurrency", type=int, default=None)
    parser.add_argument("--no-grade", action="store_true", help="stop after collecting")
    parser.add_argument(
        "--runaway-seconds",
        type=float,
        default=45,
        help="how long one trainee's fork bomb and memory hog run beside the class (0: skip)",
    )
    parser.add_argument(
        "--runtime",
        type=Path,
        default=None,
        help="the trainees' Python environment to use (default: the hub's own, built once per machine); "
        "e.g. one with an older ipykernel, to reproduce a lost reply",
    )
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("hub_load: needs root (one OS account per trainee)", file=sys.stderr)
        return 2

    tag = secrets.token_hex(2)
    names = [f"slb{tag}{n:02d}" for n in range(1, args.trainees + 1)]
    state = Path(tempfile.mkdtemp(prefix="hub-d-load-", dir="/var/tmp"))
    workshop = hub.Workshop(
        state=state,
        project=ROOT,
        trainees=names,
        grader=f"slbg{tag}",
        instructor=f"slbi{tag}",
        port=hub.free_port(),
        runtime=args.runtime,
        require_fixed_kernel=args.runtime is None,
    )
    solution = answers()
    setup_cell = next(
        c.source
        for c in nbformat.read(ROOT / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4).cells
        if c.cell_type == "code"
    )
    problems: list[str] = []
    weights: dict[str, dict[str, float]] = {}
    warm: dict[str, float] = {}
    arrivals = [
        Arrival("before pre-start, all at once", False, 0),
        Arrival(f"before pre-start, within {args.spread:.0f} s", False, args.spread),
        Arrival(f"after pre-start, within {args.spread:.0f} s", True, args.spread),
        Arrival("after pre-start, all at once", True, 0),
    ]
    collected: list[str] = []
    grade_seconds = None
    runaway: dict = {}
    print(f"hub_load: {len(names)} trainees, {os.cpu_count()} cores; load average {loadavg()}", flush=True)
    try:
        with hub.running_hub(workshop):
            url = workshop.url
            admin = create_token(
                url, login(url, workshop.instructor, workshop.instructor_password), workshop.instructor
            )
            instructor = Instructor(url, admin)
            instructor.formgrader("assign", ASSIGNMENT)
            instructor.formgrader("release", ASSIGNMENT)

            # 1. Before the class, alone.
            default_dir = state / "config" / "trainee-default"
            shutil.copytree(state / "config" / "trainee", default_dir)
            (default_dir / "jupyter_server_config.json").write_text(
                json.dumps(hub.trainee_server_config(light=False))
            )
            (default_dir / "labconfig" / "page_config.json").write_text(
                json.dumps({"disabledExtensions": dict.fromkeys(hub.TRAINEE_DISABLED_LAB, True)})
            )
            hub._chown_tree(default_dir, "root")
            os.chmod(default_dir, 0o755)
            samples: dict[str, list[dict[str, float]]] = {"default": [], "light": []}
            for _ in range(3):  # alternated, so both see the same machine; medians reported
                for kind, folder in (("default", default_dir), ("light", state / "config" / "trainee")):
                    samples[kind].append(server_weight(workshop, names[-1], folder))
            for kind, runs in samples.items():
                weights[kind] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                weights[kind]["load"] = loadavg()
            print(f"  server weight measured; load average {loadavg()}", flush=True)

            first = Trainee(
                url, names[0], create_token(url, login(url, names[0], workshop.password(names[0])), names[0])
            )
            first.spawn()
            cache = Path(pwd.getpwnam(names[0]).pw_dir) / ".cache" / "matplotlib"
            shutil.rmtree(cache, ignore_errors=True)
            warm["cold"] = first_import(first, setup_cell)  # builds the font cache in this home
            warm["again"] = first_import(first, setup_cell)
            shutil.rmtree(cache, ignore_errors=True)
            hub.give_font_cache(workshop, names[0])  # what prepare() gives every trainee
            warm["warm"] = first_import(first, setup_cell)
            warm["load"] = loadavg()
            stop_servers(url, admin, [names[0]])
            print(f"  first import measured; load average {loadavg()}", flush=True)

            # 2. The class arrives, four times.
            fetched: set[str] = set()
            for index, arrival in enumerate(arrivals):
                last = index == len(arrivals) - 1
                if arrival.prestarted:
                    started = time.monotonic()
                    results = hub.prestart(
                        url, workshop.prestart_token, names, concurrency=args.prestart_concurrency
                    )
                    arrival.prestart_seconds = time.monotonic() - started
                    problems.extend(
                        f"[{arrival.label}] {n}: pre-start failed: {r}"
                        for n, r in results.items()
                        if isinstance(r, str)
                    )
                arrival.load = loadavg()
                print(f"Arrival: {arrival.label}; load average {arrival.load} ...", flush=True)
                t0 = time.monotonic()

                def trainee_day(position: int, name: str, arrival=arrival, t0=t0, last=last) -> list[str]:
                    offset = arrival.spread * position / len(names)
                    time.sleep(max(0.0, t0 + offset - time.monotonic()))
                    session, waited = open_lab(url, name, workshop.password(name))
                    arrival.waits[name] = waited
                    trainee = Trainee(url, name, create_token(url, session, name))
                    if name not in fetched:
                        trainee.assignment_action("fetch", ASSIGNMENT)
                        fetched.add(name)
                    notebook = trainee.read_notebook(NOTEBOOK_PATH)
                    for cell in notebook["cells"]:
                        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                        if grade_id in solution:
                            cell["source"] = solution[grade_id]
                    found = run_module(trainee, notebook, name, arrival)
                    if last:
                        trainee.assignment_action("submit", ASSIGNMENT)
                    return found

                with ThreadPoolExecutor(len(names)) as pool:
                    futures = {name: pool.submit(trainee_day, i, name) for i, name in enumerate(names)}
                    for name, future in futures.items():
                        try:
                            problems.extend(future.result())
                        except Exception as error:  # noqa: BLE001  (every failure is reported, named)
                            problems.append(f"[{arrival.label}] {name}: {type(error).__name__}: {error}")
                arrival.load_after = loadavg()
                if not last:
                    stop_servers(url, admin, names)

            # 3. One trainee's runaway cell beside the class.
            if args.runaway_seconds > 0 and len(names) > 1:
                runaway.update(runaway_cell(workshop, names, args.runaway_seconds))
                problems.extend(runaway.pop("problems"))

            # 4. Collect and grade.
            instructor.formgrader("collect", ASSIGNMENT)
            collected = sorted(p.name for p in (workshop.course_dir / "submitted").iterdir())
            lost = sorted(set(names) - set(collected))
            if lost:
                problems.append(f"submissions lost: {', '.join(lost)}")
            if not args.no_grade:
                t1 = time.monotonic()
                graded = instructor.run(
                    "import subprocess\ndone = subprocess.run(['sales-course', 'grade'], capture_output=True, text=True)\n"
                    "print(done.returncode, done.stdout[-2000:], done.stderr[-1000:])\n",
                    timeout=1200,
                )
                grade_seconds = time.monotonic() - t1
                from nbgrader.api import Gradebook

                with Gradebook(f"sqlite:///{workshop.course_dir / 'gradebook.db'}") as gradebook:
                    for name in names:
                        try:
                            nb = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, name)
                            if nb.code_score != nb.max_code_score:
                                problems.append(f"{name}: graded {nb.code_score} of {nb.max_code_score}")
                        except Exception as error:  # noqa: BLE001
                            problems.append(f"{name}: not graded ({error}); {graded.stdout[-500:]}")
    finally:
        if workshop.log_file.exists():
            shutil.copy(workshop.log_file, Path(tempfile.gettempdir()) / "hub-d-last-hub.log")
        shutil.rmtree(state, ignore_errors=True)

    print()
    print(
        f"Workshop hub, a class of {len(names)} arriving: {os.cpu_count()} cores, "
        f"JupyterHub {hub.JUPYTERHUB_VERSION}; load average now {loadavg()}"
    )
    print("  A trainee's server alone (start, open JupyterLab once; median of 3):")
    for kind, w in weights.items():
        print(
            f"    {kind:8s} ready {w['ready']:.1f} s, {w['cpu']:.2f} CPU-s, {w['rss']:.0f} MiB RSS "
            f"({w['pss']:.0f} MiB PSS); load {w['load']}"
        )
    if warm:
        print(
            f"  Module 01 set-up cell, a new account's first kernel (alone): without the font cache "
            f"{warm['cold']:.1f} s, a second kernel {warm['again']:.1f} s, with the hub's font cache "
            f"{warm['warm']:.1f} s; load {warm['load']}"
        )
    for arrival in arrivals:
        rss = [arrival.memory[n][0] for n in arrival.memory]
        print(f"  {arrival.label} (load {arrival.load} -> {arrival.load_after}):")
        if arrival.prestart_seconds is not None:
            print(f"    pre-start of {len(names)} servers: {arrival.prestart_seconds:.0f} s")
        print(
            f"    login-to-lab wait: {median_worst(arrival.waits.values())} ({len(arrival.waits)} trainees)"
        )
        print(f"    run module 01 whole under load: {median_worst(arrival.runs.values())}")
        if rss:
            fits = int((NODE_GIB - RESERVED_GIB) * 1024 * MIB // max(rss))
            print(
                f"    memory per trainee (server + kernel): median {statistics.median(rss) / MIB:.0f} MiB, "
                f"worst {max(rss) / MIB:.0f} MiB RSS -> about {fits} trainees per {NODE_GIB} GiB node"
            )
        print(f"    cells run: {arrival.cells}")
    if runaway:
        waits = runaway["seconds"]
        within = sum(1 for wait in waits if wait <= RUNAWAY_TARGET)
        print(
            f"  one trainee's fork bomb and memory hog for {args.runaway_seconds:.0f} s (load "
            f"{runaway['load']} -> {runaway['load_after']}): the other trainees' short cells answered in "
            f"{median_worst(waits)}; {within}/{len(waits)} within {RUNAWAY_TARGET:.0f} s (target: all); "
            f"the runaway trainee peaked at {runaway['pids_peak']} processes and "
            f"{runaway['memory_peak'] / MIB:.0f} MiB, stopped by the OOM killer {runaway['memory_failures']} times"
        )
    if grade_seconds is not None:
        print(f"  collect + grade all {len(names)} with sales-course grade: {grade_seconds:.1f} s")
    print(f"  submissions collected: {len(collected)}/{len(names)}")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("Nothing lost, nothing failed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
