"""A trainee who wants the marks without the work, on a real workshop hub, over HTTP only.

The hub of ``sales-course hub`` runs on loopback with two trainees made for the test: an
honest one who answers module 01 fully, and an attacker who submits it empty and then tries
every route of issue #26 from their own login and kernel:

- impersonation: logging in as the honest trainee with the attacker's own password (and
  guesses, which the hub slows), and using the attacker's token or cookie on the honest
  trainee's server and account;
- linked and malformed entries in the exchange's ``inbound/``: a notebook linked to the
  course's solutions, the entry itself a link to the solutions folder, a notebook linked to
  ``/dev/zero``, a name whose date does not parse, an entry without ``submission_secret.txt``
  (all dated after the genuine submissions, so each would win if collected); renaming the
  honest trainee's submission (the sticky bit);
- a fork bomb and a memory hog in the attacker's server while the honest trainee works.

The instructor then collects, grades with ``sales-course grade`` and releases feedback;
each step must complete for the class, each grade be what the genuine answers deserve,
every hostile entry be noted for the attacker alone, and nothing of the solutions reach the
attacker. Needs root and configurable-http-proxy, as test_workshop_hub.py.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
import requests

from course.workshop import hub, inbound, limits
from course.workshop.client import COURSE_ID, HubClientError, Instructor, Trainee, create_token, login

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
NOTEBOOK_PATH = f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"
LATER = "2099-01-01 00:00:00.000000 UTC"
# Small enough that the hog reaches it quickly, large enough for a server and a kernel.
MEMORY = "600M"
PROCESSES = 160
FREE_FAILURES = 2


def _missing_requirements() -> str:
    if os.geteuid() != 0:
        return "needs root (one OS account per trainee)"
    if limits.cgroups_available():
        return f"needs per-trainee control groups: {limits.cgroups_available()}"
    try:
        hub.find_proxy()
    except hub.HubError as error:
        return str(error)
    return ""


@dataclass
class Attack:
    """What the attacker tried and what came back."""

    own_login: bool = False
    as_other_with_own_password: str = ""
    guesses: list[int] = field(default_factory=list)
    right_password_while_slowed: int = 0
    token_on_other_server: int = 0
    token_for_other_account: int = 0
    cookie_on_other_server: int = 0
    rename_other_submission: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    bomb_and_hog: str = ""
    pids_peak: int = 0
    memory_peak: int = 0
    memory_failures: int = 0


@dataclass
class Run:
    workshop: hub.Workshop
    honest: str
    attacker: str
    attack: Attack = field(default_factory=Attack)
    honest_errors: list[str] = field(default_factory=list)
    honest_cell_seconds: list[float] = field(default_factory=list)
    steps: dict[str, str] = field(default_factory=dict)
    grading_output: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    solution_lines: list[str] = field(default_factory=list)
    tmp_seen_by_honest: list[str] = field(default_factory=list)
    processes_left: list[int] = field(default_factory=list)
    cgroups_left: list[str] = field(default_factory=list)


def _solutions(course_dir: Path) -> tuple[dict[str, str], list[str]]:
    """The solution cells' answers (markers removed), and their distinctive lines."""
    nb = nbformat.read(course_dir / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    answers, lines = {}, []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            kept, inside = [], False
            for line in cell.source.splitlines():
                if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                    inside = "BEGIN" in line
                    continue
                kept.append(line)
                # What only the solution holds (the released notebook has the rest).
                if inside and len(line.strip()) > 20:
                    lines.append(line.strip())
            answers[meta["grade_id"]] = "\n".join(kept)
        elif meta.get("solution"):
            answers[meta["grade_id"]] = "I will coach more conversations and review fewer numbers."
    return answers, lines


@pytest.fixture(scope="module")
def run(course_root: Path, skip_or_fail) -> Iterator[Run]:
    missing = _missing_requirements()
    if missing:
        skip_or_fail(missing)
    tag = secrets.token_hex(3)
    state = Path(tempfile.mkdtemp(prefix="hub-h-test-", dir="/var/tmp"))
    honest, attacker = f"slh{tag}h", f"slh{tag}m"
    workshop = hub.Workshop(
        state=state,
        project=course_root,
        trainees=[honest, attacker],
        grader=f"slhg{tag}",
        instructor=f"slhi{tag}",
        port=hub.free_port(),
        cull_idle=0,
        mem_limit=MEMORY,
        pids_limit=PROCESSES,
        free_failures=FREE_FAILURES,
        base_delay=1.0,
    )
    result = Run(workshop, honest, attacker)
    try:
        with hub.running_hub(workshop):
            _workflow(result)
        result.processes_left = hub._pids_mentioning(str(state))
        result.cgroups_left = [
            str(path)
            for name in workshop.trainees
            for path in limits.cgroup_paths(name).values()
            if path.exists()
        ]
        yield result
    finally:
        # Kept for a failure's post-mortem: the hub's log (services and servers log there too)
        # and the exchange notes.
        for kept, suffix in (
            (workshop.log_file, ".log"),
            (workshop.course_dir / "exchange-notes.jsonl", ".notes"),
        ):
            if kept.exists():
                shutil.copy(kept, Path("/var/tmp") / f"hub-h-last-test{suffix}")
        shutil.rmtree(state, ignore_errors=True)


def _impersonate(result: Run) -> Trainee:
    """The attacker logs in as themself, then tries to be the honest trainee; returns the attacker."""
    workshop, attack = result.workshop, result.attack
    url, me, other = workshop.url, result.attacker, result.honest
    session = login(url, me, workshop.password(me))
    attack.own_login = True
    attacker = Trainee(url, me, create_token(url, session, me))
    try:
        login(url, other, workshop.password(me))
        attack.as_other_with_own_password = "logged in"
    except HubClientError as refused:
        attack.as_other_with_own_password = str(refused)
    # Guessing: after FREE_FAILURES wrong tries the hub refuses before checking (HTTP 429),
    # even the right password, until the wait is over.
    for guess in ("password", "123456", "letmein"):
        attack.guesses.append(_raw_login(url, other, guess))
    attack.right_password_while_slowed = _raw_login(url, other, workshop.password(other))
    # What the attacker holds: their token and their cookie.
    headers = {"Authorization": f"token {attacker.server.token}"}
    attack.token_on_other_server = requests.get(
        f"{url}/user/{other}/api/contents", headers=headers, timeout=30
    ).status_code
    attack.token_for_other_account = requests.post(
        f"{url}/hub/api/users/{other}/tokens", headers=headers, json={}, timeout=30
    ).status_code
    attack.cookie_on_other_server = session.get(
        f"{url}/user/{other}/api/contents", allow_redirects=False, timeout=30
    ).status_code
    time.sleep(workshop.base_delay * 2 + 0.5)  # the wait is over: the class can log in
    return attacker


def _raw_login(url: str, name: str, password: str) -> int:
    session = requests.Session()
    page = session.get(f"{url}/hub/login", timeout=30)
    xsrf = page.text.split('name="_xsrf" value="', 1)[1].split('"', 1)[0]
    answer = session.post(
        f"{url}/hub/login",
        data={"username": name, "password": password, "_xsrf": xsrf},
        allow_redirects=False,
        timeout=30,
    )
    return answer.status_code


def _hostile_entries(result: Run, attacker: Trainee) -> None:
    """From the attacker's kernel: the entries of issue #26 in inbound/, dated after the genuine ones."""
    workshop = result.workshop
    me = result.attacker
    box = workshop.exchange_dir / COURSE_ID / "inbound"
    solutions = workshop.course_dir / "solutions" / ASSIGNMENT
    genuine_other = next(name for name in os.listdir(box) if name.startswith(f"{result.honest}+"))
    entries = {
        "linked-notebook": f"{me}+{ASSIGNMENT}+{LATER}+linked",
        "linked-folder": f"{me}+{ASSIGNMENT}+2099-01-02 00:00:00.000000 UTC+folder",
        "dev-zero": f"{me}+{ASSIGNMENT}+2099-01-03 00:00:00.000000 UTC+zero",
        "bad-date": f"{me}+{ASSIGNMENT}+not-a-date",
        "no-secret": f"{me}+{ASSIGNMENT}+2099-01-04 00:00:00.000000 UTC+nosecret",
    }
    code = f"""
import json, os
box, solutions, entries = {str(box)!r}, {str(solutions)!r}, {json.dumps(entries)}
done = {{}}
def folder(name, secret=True, stamp={LATER!r}):
    path = os.path.join(box, name)
    os.mkdir(path)
    open(os.path.join(path, 'timestamp.txt'), 'w').write(stamp)
    if secret:
        open(os.path.join(path, 'submission_secret.txt'), 'w').write('forged-secret')
    return path
path = folder(entries['linked-notebook'])
os.symlink(os.path.join(solutions, {NOTEBOOK + ".ipynb"!r}), os.path.join(path, {NOTEBOOK + ".ipynb"!r}))
os.symlink(solutions, os.path.join(box, entries['linked-folder']))
path = folder(entries['dev-zero'])
os.symlink('/dev/zero', os.path.join(path, {NOTEBOOK + ".ipynb"!r}))
path = folder(entries['bad-date'])
open(os.path.join(path, {NOTEBOOK + ".ipynb"!r}), 'w').write('{{}}')
path = folder(entries['no-secret'], secret=False)
open(os.path.join(path, {NOTEBOOK + ".ipynb"!r}), 'w').write('{{}}')
try:
    os.rename(os.path.join(box, {genuine_other!r}), os.path.join(box, 'stolen'))
    done['rename'] = 'renamed'
except OSError as error:
    done['rename'] = type(error).__name__
open('/tmp/attacker-was-here', 'w').write('x')
print(json.dumps(done))
"""
    kernel_id = attacker.start_kernel("attack.ipynb")
    with attacker.kernel(kernel_id) as kernel:
        done = kernel.execute(code)
    assert done.error is None, done.error
    result.attack.rename_other_submission = json.loads(done.stdout.strip().splitlines()[-1])["rename"]
    result.attack.entries = entries


BOMB_AND_HOG = """
import subprocess, sys, time
bomb = '''
import os, time
end = time.time() + 45
while time.time() < end:
    try:
        os.fork()
    except OSError:
        pass
'''
hog = '''
blocks = []
while True:
    blocks.append(b"x" * (32 * 1024 * 1024))  # written, so every page is held
'''
# The hog first, given a few seconds alone: beside a fork bomb it gets 1/160 of its core.
for code, alone in ((hog, 5), (bomb, 0)):
    subprocess.Popen([sys.executable, '-c', code], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(alone)
print('started')
"""


def _watch_limits(result: Run, seconds: float) -> None:
    """Read the attacker's control groups from the machine while the bomb and hog run."""
    paths = limits.cgroup_paths(result.attacker)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pids = int((paths["pids"] / "pids.current").read_text())
            result.attack.pids_peak = max(result.attack.pids_peak, pids)
            result.attack.memory_peak = int((paths["memory"] / "memory.max_usage_in_bytes").read_text())
            result.attack.memory_failures = limits.oom_kills(paths)
        except OSError:
            pass
        time.sleep(0.5)


def _honest_work(result: Run, honest: Trainee, answers: dict[str, str]) -> None:
    notebook = honest.read_notebook(NOTEBOOK_PATH)
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    honest.save_notebook(NOTEBOOK_PATH, notebook)
    kernel_id = honest.start_kernel("quick.ipynb")
    with honest.kernel(kernel_id) as kernel:
        for _ in range(10):  # a short cell, as a trainee's: how long its answer takes (printed, not asserted)
            started = time.monotonic()
            kernel.execute("sum(range(1000))")
            result.honest_cell_seconds.append(time.monotonic() - started)
            time.sleep(1)
    _, errors = honest.run_notebook(NOTEBOOK_PATH)
    result.honest_errors = [f"{e['ename']}: {e['evalue']}" for e in errors]


def _workflow(result: Run) -> None:
    workshop = result.workshop
    url = workshop.url
    answers, result.solution_lines = _solutions(workshop.course_dir)
    session = login(url, workshop.instructor, workshop.instructor_password)
    instructor = Instructor(url, create_token(url, session, workshop.instructor))
    instructor.formgrader("assign", ASSIGNMENT)
    instructor.formgrader("release", ASSIGNMENT)

    attacker = _impersonate(result)
    honest = Trainee(
        url,
        result.honest,
        create_token(url, login(url, result.honest, workshop.password(result.honest)), result.honest),
    )
    for trainee in (honest, attacker):
        trainee.spawn()
        trainee.assignment_action("fetch", ASSIGNMENT)
    attacker.assignment_action("submit", ASSIGNMENT)  # empty: the genuine submission

    # The bomb and the hog run in the attacker's server while the honest trainee works.
    kernel_id = attacker.start_kernel("bomb.ipynb")
    with attacker.kernel(kernel_id) as kernel:
        started = kernel.execute(BOMB_AND_HOG)
    result.attack.bomb_and_hog = started.stdout.strip() or str(started.error)
    with ThreadPoolExecutor(2) as pool:
        watching = pool.submit(_watch_limits, result, 40)
        _honest_work(result, honest, answers)
        honest.assignment_action("submit", ASSIGNMENT)
        watching.result()
    # The bomb ends by itself after 45 s; the attacker's server may have lost its kernel to
    # the hog: a new one for the entries.
    time.sleep(max(0, 50 - 40))
    _hostile_entries(result, attacker)
    probe = honest.start_kernel("probe.ipynb")
    with honest.kernel(probe) as kernel:
        seen = kernel.execute("import os, json; print(json.dumps(sorted(os.listdir('/tmp'))))")
    result.tmp_seen_by_honest = json.loads(seen.stdout.strip().splitlines()[-1])

    try:
        instructor.formgrader("collect", ASSIGNMENT)
        result.steps["collect"] = "ok"
    except HubClientError as error:
        result.steps["collect"] = str(error)
    graded = instructor.run(
        "import subprocess\n"
        "done = subprocess.run(['sales-course', 'grade'], capture_output=True, text=True)\n"
        "print('sales-course grade ->', done.returncode)\n"
        "print(done.stdout[-3000:], done.stderr[-3000:])\n",
        timeout=600,
    )
    result.grading_output = graded.stdout
    result.steps["grade"] = "ok" if "sales-course grade -> 0" in graded.stdout else graded.stdout[-2000:]
    try:
        instructor.formgrader("release_feedback", ASSIGNMENT)
        result.steps["release_feedback"] = "ok"
    except HubClientError as error:
        result.steps["release_feedback"] = str(error)
    for trainee in (honest, attacker):
        try:
            trainee.assignment_action("fetch_feedback", ASSIGNMENT)
            folders = trainee.list_folder(f"{ASSIGNMENT}/feedback")
            result.feedback[trainee.name] = "".join(
                trainee.read_file(f"{folder}/{NOTEBOOK}.html") for folder in folders
            )
        except HubClientError as error:  # recorded: the tests say which step failed and why
            result.steps[f"fetch_feedback {trainee.name}"] = str(error)


def _score(run: Run, name: str) -> tuple[float, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{run.workshop.course_dir / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, name)
        return notebook.code_score, notebook.max_code_score


def test_a_trainee_cannot_log_in_as_another_with_anything_they_were_given(run: Run) -> None:
    attack = run.attack
    assert attack.own_login
    assert "login refused (HTTP 403)" in attack.as_other_with_own_password, attack.as_other_with_own_password
    assert attack.token_on_other_server in (403, 404)
    assert attack.token_for_other_account in (403, 404)
    # The attacker's cookie gets no content from another's server (a redirect to log in, or refused).
    assert attack.cookie_on_other_server in (302, 403, 404)


def test_wrong_passwords_are_slowed(run: Run) -> None:
    # The attacker's own-password try and the first guess are checked (403); after that the hub
    # refuses before checking (429), the right password included, until the wait is over.
    assert run.attack.guesses[0] == 403
    assert run.attack.guesses[1:] == [429, 429]
    assert run.attack.right_password_while_slowed == 429


def test_collect_grade_and_feedback_complete_for_the_class(run: Run) -> None:
    assert run.steps == {"collect": "ok", "grade": "ok", "release_feedback": "ok"}, (
        run.steps,
        run.grading_output,
    )
    assert run.honest_errors == [], "the honest trainee's notebook must run whole beside the attack"
    total = _score(run, run.honest)[1]
    assert _score(run, run.honest) == (total, total)
    assert _score(run, run.attacker) == (0.0, total), "the attacker's genuine, empty submission is graded"
    assert run.feedback[run.honest] and run.feedback[run.attacker]
    print("honest trainee's short cells during the fork bomb and memory hog (s):", run.honest_cell_seconds)


def test_every_hostile_entry_is_skipped_with_a_note_for_the_attacker_alone(run: Run) -> None:
    notes = inbound.read_notes(run.workshop.course_dir)
    noted = {note["entry"]: note for note in notes if note["step"] == "collect"}
    for kind, entry in run.attack.entries.items():
        assert entry in noted, f"{kind} ({entry}) was not noted: {notes}"
        assert noted[entry]["trainee"] == run.attacker, noted[entry]
    assert not [note for note in notes if note["trainee"] == run.honest], notes
    collected = run.workshop.course_dir / "submitted" / run.attacker / ASSIGNMENT / "timestamp.txt"
    assert not collected.read_text().startswith("2099"), "a hostile entry was collected"


def test_nothing_of_the_solutions_reaches_the_attacker(run: Run) -> None:
    feedback = run.feedback[run.attacker]
    assert run.solution_lines
    for line in run.solution_lines:
        assert line not in feedback, f"the attacker's feedback holds a solution line: {line}"
    submitted = run.workshop.course_dir / "submitted" / run.attacker / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert not any(line in submitted.read_text() for line in run.solution_lines)


def test_no_hidden_test_reaches_the_attacker(run: Run) -> None:
    assert "BEGIN HIDDEN TESTS" not in run.feedback[run.attacker]
    assert "END HIDDEN TESTS" not in run.feedback[run.attacker]


def test_a_trainee_cannot_rename_anothers_submission_or_see_their_tmp(run: Run) -> None:
    assert run.attack.rename_other_submission == "PermissionError"
    assert "attacker-was-here" not in run.tmp_seen_by_honest


def test_a_fork_bomb_and_a_memory_hog_stop_at_the_trainees_limits(run: Run) -> None:
    attack = run.attack
    assert attack.bomb_and_hog == "started"
    assert 0 < attack.pids_peak <= PROCESSES
    from course.workshop.limits import parse_bytes

    # The hog reached the limit and no further: the kernel killed it inside the trainee's group.
    assert 0.9 * parse_bytes(MEMORY) <= attack.memory_peak <= parse_bytes(MEMORY), attack
    assert attack.memory_failures > 0, "the hog must have been stopped by the kernel's OOM killer"


def test_nothing_outlives_the_hub(run: Run) -> None:
    assert run.processes_left == []
    assert run.cgroups_left == []
    for name in (*run.workshop.trainees, run.workshop.grader):
        assert not hub.account_exists(name)
