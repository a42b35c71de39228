"""Load benchmark of the workshop hub: many trainees at once on this machine.

    sudo .venv/bin/python benchmarks/hub_load.py [--trainees 20] [--no-grade]

Starts the hub of ``sales-course hub`` on loopback with N trainee accounts (made for
the run, removed after it), then, through HTTP only: the instructor releases module 01;
all trainees log in and ask for their servers at the same moment; each fetches the
module, answers it and runs it whole in their own kernel, all at once; each saves and
submits; the instructor collects and grades everything. It prints spawn times, the
time to run the notebook under that load, memory per trainee (resident set of their
server and kernel, read from /proc while both are alive) and how many trainees a
24 GiB node would hold. Nothing may be lost or fail: every submission is collected and
every one earns the full autograded marks, or the benchmark exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.workshop import hub  # noqa: E402
from course.workshop.client import Instructor, Trainee, create_token, login  # noqa: E402

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
NOTEBOOK_PATH = f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"
NODE_GIB = 24
# Kept back on a node for the system, the hub, the proxy and the formgrader service.
RESERVED_GIB = 2


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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--no-grade", action="store_true", help="stop after collecting")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("hub_load: needs root (one OS account per trainee)", file=sys.stderr)
        return 2

    tag = secrets.token_hex(2)
    names = [f"slb{tag}{n:02d}" for n in range(1, args.trainees + 1)]
    state = Path(tempfile.mkdtemp(prefix="sales-hub-load-"))
    workshop = hub.Workshop(
        state=state,
        project=ROOT,
        trainees=names,
        grader=f"slbg{tag}",
        instructor=f"slbi{tag}",
        port=hub.free_port(),
    )
    solution = answers()
    problems: list[str] = []
    try:
        with hub.running_hub(workshop):
            url = workshop.url
            instructor = Instructor(
                url,
                create_token(
                    url, login(url, workshop.instructor, workshop.instructor_password), workshop.instructor
                ),
            )
            instructor.formgrader("assign", ASSIGNMENT)
            instructor.formgrader("release", ASSIGNMENT)
            trainees = {
                name: Trainee(url, name, create_token(url, login(url, name, workshop.trainee_password), name))
                for name in names
            }

            # All servers asked for at the same moment.
            print(f"Spawning {len(names)} servers at once ...", flush=True)
            t0 = time.monotonic()
            with ThreadPoolExecutor(len(names)) as pool:
                spawn = dict(
                    zip(names, pool.map(lambda n: trainees[n].spawn(timeout=300), names), strict=True)
                )
            all_up = time.monotonic() - t0
            idle = {name: memory_of(pwd.getpwnam(name).pw_uid) for name in names}

            # Every trainee fetches, answers and runs the whole notebook in their own kernel, all at once.
            measured = threading.Barrier(len(names) + 1)
            release = threading.Event()
            run_seconds: dict[str, float] = {}

            def work(name: str) -> None:
                trainee = trainees[name]
                try:
                    trainee.assignment_action("fetch", ASSIGNMENT)
                    notebook = trainee.read_notebook(NOTEBOOK_PATH)
                    for cell in notebook["cells"]:
                        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                        if grade_id in solution:
                            cell["source"] = solution[grade_id]
                    started = time.monotonic()
                    kernel_id = trainee.start_kernel(NOTEBOOK_PATH)
                    with trainee.kernel(kernel_id) as kernel:
                        for cell in notebook["cells"]:
                            if cell["cell_type"] == "code":
                                result = kernel.execute(cell["source"], timeout=300)
                                cell["outputs"], cell["execution_count"] = (
                                    result.outputs,
                                    result.execution_count,
                                )
                                if result.error:
                                    problems.append(
                                        f"{name}: {result.error['ename']}: {result.error['evalue']}"
                                    )
                    run_seconds[name] = time.monotonic() - started
                    trainee.save_notebook(NOTEBOOK_PATH, notebook)
                finally:
                    measured.wait(timeout=900)
                    release.wait(timeout=900)
                trainee.server.request("DELETE", f"/api/kernels/{kernel_id}")
                trainee.assignment_action("submit", ASSIGNMENT)

            print("Running module 01 in every kernel at once ...", flush=True)
            with ThreadPoolExecutor(len(names)) as pool:
                futures = [pool.submit(work, name) for name in names]
                measured.wait(timeout=900)
                busy = {name: memory_of(pwd.getpwnam(name).pw_uid) for name in names}
                release.set()
                for future in futures:
                    try:
                        future.result()
                    except Exception as error:  # noqa: BLE001  (every failure is reported)
                        problems.append(f"{type(error).__name__}: {error}")
            run_wall = time.monotonic() - t0 - all_up

            instructor.formgrader("collect", ASSIGNMENT)
            collected = sorted(p.name for p in (workshop.course_dir / "submitted").iterdir())
            lost = sorted(set(names) - set(collected))
            if lost:
                problems.append(f"submissions lost: {', '.join(lost)}")
            grade_seconds = None
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
        shutil.rmtree(state, ignore_errors=True)

    mib = 1024 * 1024
    spawn_values = sorted(spawn.values())
    busy_rss = [busy[n][0] for n in names]
    busy_pss = [busy[n][1] for n in names]
    per_trainee = max(busy_rss)
    fits = int((NODE_GIB - RESERVED_GIB) * 1024 * mib // per_trainee)
    print()
    print(
        f"Workshop hub under load: {len(names)} trainees, {os.cpu_count()} cores, JupyterHub {hub.JUPYTERHUB_VERSION}"
    )
    print(
        f"  spawn (ask -> server ready), all at once: median {statistics.median(spawn_values):.1f} s, "
        f"worst {spawn_values[-1]:.1f} s; all {len(names)} up after {all_up:.1f} s"
    )
    print(
        f"  run module 01 whole in own kernel, all at once: median {statistics.median(run_seconds.values()):.1f} s, "
        f"worst {max(run_seconds.values()):.1f} s (fetch to submit for all: {run_wall:.1f} s)"
    )
    print(
        f"  memory per trainee, idle server: median {statistics.median(idle[n][0] for n in names) / mib:.0f} MiB RSS"
    )
    print(
        f"  memory per trainee, server + kernel after the run: median {statistics.median(busy_rss) / mib:.0f} MiB RSS "
        f"(worst {per_trainee / mib:.0f} MiB; PSS median {statistics.median(busy_pss) / mib:.0f} MiB)"
    )
    print(
        f"  a {NODE_GIB} GiB node ({RESERVED_GIB} GiB kept for system and hub) holds about {fits} trainees "
        f"at the worst RSS; CPU, not memory, limits a 2-core node (see the run times above)"
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
