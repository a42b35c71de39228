"""The workshop hub end to end, driven only through HTTP APIs.

A real JupyterHub (course/workshop/hub.py) runs on loopback with its own state folder; three
trainees are operating-system users made for the test (and removed after it). The
instructor releases module 01 through formgrader's API; each trainee logs in with the
password of their own, gets a server, fetches the assignment through nbgrader's handler,
answers it (fully, partly, not at all), runs it in their own kernel over its
websocket, saves it and submits it; the instructor collects, grades with
``sales-course grade`` in a kernel of the formgrader service, and releases feedback;
each trainee fetches their own. One trainee forges a submission in another's name,
which the instructor's collect leaves out. Then each trainee tries, from their own
kernel, to read what is not theirs, and gets "Permission denied". Needs root (the
accounts) and configurable-http-proxy (scripts/install-system-deps.sh); skipped otherwise.
"""

from __future__ import annotations

import json
import os
import pwd
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

from course.instructor import authoring
from course.workshop import hub
from course.workshop.client import COURSE_ID, Instructor, Trainee, create_token, login, open_lab

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_leader_not_manager"
NOTEBOOK = "leader_not_manager"
NOTEBOOK_PATH = f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"
# The partial trainee answers exercises 1 (both parts) and 4; the points each trainee deserves are read
# from the instructor's notebook (_expected_points), not written here.
PARTIAL_ANSWERS = ("q1_predictions", "q1_change", "q4_labels")
FORGED_TIMESTAMP = "2099-01-01 00:00:00.000000 UTC"
# The idle trainee's server is stopped by the culler after this many seconds without activity.
CULL_SECONDS = 30
IDLE_NOTEBOOK = "my_notes.ipynb"


def _missing_requirements() -> str:
    if os.geteuid() != 0:
        return "needs root (one OS account per trainee)"
    if not shutil.which("useradd"):
        return "needs useradd"
    try:
        hub.find_proxy()
    except hub.HubError as error:
        return str(error)
    return ""


def _expected_points(course_root: Path) -> dict[str, float]:
    """Points each profile deserves, from the instructor's notebook: all the autograded tests
    (correct), the tests of the exercises the partial trainee answers (test cells are named
    after their exercise: test_q1_... checks q1_...), none (empty); and the written points."""
    nb = nbformat.read(course_root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    graded = [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    tests = {
        cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"]["points"])
        for cell in graded
        if cell.cell_type == "code"
    }
    written = sum(
        float(cell.metadata["nbgrader"]["points"]) for cell in graded if cell.cell_type == "markdown"
    )
    answered = {grade_id.split("_")[0] for grade_id in PARTIAL_ANSWERS}
    partial = sum(points for grade_id, points in tests.items() if grade_id.split("_")[1] in answered)
    return {"correct": sum(tests.values()), "partial": partial, "empty": 0.0, "written": written}


@dataclass
class Idle:
    """The trainee whose server the hub starts ahead of the session and the culler stops."""

    name: str
    prestart: float | str = ""
    started_before_login: str | None = None
    started_after_login: str | None = None
    saved: dict | None = None
    checkpoints_before: list = field(default_factory=list)
    culled_after: float | None = None
    returned: dict | None = None
    checkpoints_after: list = field(default_factory=list)
    returned_to_new_server: bool = False


@dataclass
class Run:
    """What the workflow did and found, for the tests to check."""

    workshop: hub.Workshop
    profiles: dict[str, str]
    trainees: dict[str, Trainee] = field(default_factory=dict)
    instructor: Instructor | None = None
    spawn_seconds: dict[str, float] = field(default_factory=dict)
    run_errors: dict[str, list[str]] = field(default_factory=dict)
    validation: dict = field(default_factory=dict)
    grading_output: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    forged: Path | None = None
    seconds: float = 0.0
    idle: Idle | None = None
    expected: dict[str, float] = field(default_factory=dict)


def _solution_answers(course_root: Path) -> dict[str, str]:
    """Each answer cell of the instructor's notebook, without the solution markers."""
    nb = nbformat.read(course_root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "markdown":
            answers[meta["grade_id"]] = "I will review fewer numbers and coach more conversations."
        if meta.get("solution") and cell.cell_type == "code":
            lines = [
                line
                for line in cell.source.splitlines()
                if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
            ]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def _answer(notebook: dict, answers: dict[str, str], grade_ids: tuple[str, ...] | None) -> dict:
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers and (grade_ids is None or grade_id in grade_ids):
            cell["source"] = answers[grade_id]
    return notebook


@pytest.fixture(scope="module")
def run(course_root: Path, skip_or_fail) -> Iterator[Run]:
    missing = _missing_requirements()
    if missing:
        skip_or_fail(missing)
    started = time.monotonic()
    tag = secrets.token_hex(3)
    profiles = {f"slt{tag}c": "correct", f"slt{tag}p": "partial", f"slt{tag}e": "empty"}
    idle = f"slt{tag}i"
    state = Path(tempfile.mkdtemp(prefix="hub-d-test-", dir="/var/tmp"))
    workshop = hub.Workshop(
        state=state,
        project=course_root,
        trainees=[*profiles, idle],
        grader=f"slg{tag}",
        instructor=f"sli{tag}",
        port=hub.free_port(),
        # A short idle timeout, for the idle trainee only (the others work through the test).
        cull_idle=CULL_SECONDS,
        cull_every=5,
        cull_filter=f"user={idle}",
    )
    result = Run(workshop, profiles, idle=Idle(idle), expected=_expected_points(course_root))
    try:
        with hub.running_hub(workshop):
            _workflow(result, course_root)
            result.seconds = time.monotonic() - started
            yield result
        # Leaving the context stopped the hub and removed the accounts.
        for name in (workshop.grader, *profiles, idle):
            assert not hub.account_exists(name), f"account {name} was not removed"
        assert not hub._pids_mentioning(str(state)), "a hub, proxy or server process outlived the test"
    finally:
        # Kept for a failure's post-mortem: the hub's log (services and servers log there too)
        # and the exchange notes.
        for kept, suffix in (
            (workshop.log_file, ".log"),
            (workshop.course_dir / "exchange-notes.jsonl", ".notes"),
        ):
            if kept.exists():
                shutil.copy(kept, Path("/var/tmp") / f"hub-d-last-test{suffix}")
        shutil.rmtree(state, ignore_errors=True)


def _workflow(result: Run, course_root: Path) -> None:
    workshop = result.workshop
    url = workshop.url
    answers = _solution_answers(course_root)

    # (1) The instructor logs in with the instructor password and releases module 01.
    session = login(url, workshop.instructor, workshop.instructor_password)
    instructor = Instructor(url, create_token(url, session, workshop.instructor))
    result.instructor = instructor
    instructor.formgrader("assign", ASSIGNMENT)
    instructor.formgrader("release", ASSIGNMENT)

    # (2) Trainees log in each with their own password, get servers, fetch, answer, run, save, submit.
    for name in result.profiles:
        trainee_session = login(url, name, workshop.password(name))
        result.trainees[name] = Trainee(url, name, create_token(url, trainee_session, name))

    def trainee_work(name: str) -> None:
        trainee = result.trainees[name]
        result.spawn_seconds[name] = trainee.spawn()
        trainee.assignment_action("fetch", ASSIGNMENT)
        notebook = trainee.read_notebook(NOTEBOOK_PATH)
        profile = result.profiles[name]
        if profile != "empty":
            _answer(notebook, answers, None if profile == "correct" else PARTIAL_ANSWERS)
            trainee.save_notebook(NOTEBOOK_PATH, notebook)
        _, errors = trainee.run_notebook(NOTEBOOK_PATH)
        result.run_errors[name] = [f"{e['ename']}: {e['evalue']}" for e in errors]
        if profile == "correct":
            result.validation = trainee.validate(NOTEBOOK_PATH)
        trainee.assignment_action("submit", ASSIGNMENT)

    with ThreadPoolExecutor(len(result.profiles) + 1) as pool:
        idle = pool.submit(_idle_trainee, result)
        list(pool.map(trainee_work, result.profiles))
        idle.result()

    # A trainee forges a later submission in the fully correct trainee's name (inbound/ is
    # writable by all): the instructor's collect must keep the genuine one.
    forger = result.trainees[_name(result, "empty")]
    forged = f"{_name(result, 'correct')}+{ASSIGNMENT}+{FORGED_TIMESTAMP}+forged"
    inbound = workshop.exchange_dir / COURSE_ID / "inbound"
    kernel_id = forger.start_kernel("forge.ipynb")
    with forger.kernel(kernel_id) as kernel:
        done = kernel.execute(
            "import os, shutil\n"
            f"target = os.path.join({str(inbound)!r}, {forged!r})\n"
            "os.mkdir(target)\n"
            f"shutil.copy({NOTEBOOK_PATH!r}, target)\n"
            f"open(os.path.join(target, 'timestamp.txt'), 'w').write({FORGED_TIMESTAMP!r})\n"
        )
    assert done.error is None, done.error
    result.forged = inbound / forged

    # (3) The instructor collects, grades with `sales-course grade` in the grading account, releases feedback.
    instructor.formgrader("collect", ASSIGNMENT)
    graded = instructor.run(
        "import subprocess\n"
        "has_grade = subprocess.run(['sales-course', 'grade', '--help'], capture_output=True).returncode == 0\n"
        "if has_grade:\n"
        "    steps = [['sales-course', 'grade']]\n"
        "else:  # fallback while `sales-course grade` does not exist\n"
        f"    steps = [['nbgrader', 'autograde', '{ASSIGNMENT}'], ['nbgrader', 'generate_feedback', '{ASSIGNMENT}']]\n"
        "for step in steps:\n"
        "    done = subprocess.run(step, capture_output=True, text=True)\n"
        "    print(' '.join(step), '->', done.returncode)\n"
        "    print(done.stdout[-3000:], done.stderr[-3000:])\n"
        "    assert done.returncode == 0, done.stderr[-2000:]\n",
        timeout=400,
    )
    result.grading_output = graded.stdout
    assert graded.error is None, f"grading failed in the service: {graded.error}\n{graded.stdout}"
    instructor.formgrader("release_feedback", ASSIGNMENT)

    # Each trainee fetches their own feedback.
    for name, trainee in result.trainees.items():
        trainee.assignment_action("fetch_feedback", ASSIGNMENT)
        folders = trainee.list_folder(f"{ASSIGNMENT}/feedback")
        assert len(folders) == 1, f"{name}: feedback folders {folders}"
        result.feedback[name] = trainee.read_file(f"{folders[0]}/{NOTEBOOK}.html")


def _idle_trainee(result: Run) -> None:
    """Pre-started before the session, logs in to the running server, saves a notebook (and a
    checkpoint), goes idle; the culler stops the server; the trainee logs in again and finds it."""
    workshop, idle = result.workshop, result.idle
    assert idle is not None and result.instructor is not None
    url, name = workshop.url, idle.name
    admin = result.instructor.hub

    def started() -> str | None:
        model = admin.get(f"/users/{name}", step=f"{name}: status").json()
        return (model.get("servers") or {}).get("", {}).get("started")

    # What `sales-course hub` does ahead of the session: the REST API, with its service token.
    idle.prestart = hub.prestart(url, workshop.prestart_token, [name], concurrency=1, log=lambda _: None)[
        name
    ]
    idle.started_before_login = started()
    session, _ = open_lab(url, name, workshop.password(name))
    idle.started_after_login = started()
    trainee = Trainee(url, name, create_token(url, session, name))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(f"plan = 'coach {name} first'")]
    trainee.save_notebook(IDLE_NOTEBOOK, notebook)
    trainee.server.post(f"/api/contents/{IDLE_NOTEBOOK}/checkpoints", step=f"{name}: checkpoint")
    notebook.cells.append(nbformat.v4.new_markdown_cell("Saved after the checkpoint (as autosave does)."))
    trainee.save_notebook(IDLE_NOTEBOOK, notebook)
    idle.saved = trainee.read_notebook(IDLE_NOTEBOOK)
    idle.checkpoints_before = trainee.server.get(f"/api/contents/{IDLE_NOTEBOOK}/checkpoints").json()

    # Idle: nothing more from this trainee until the culler has stopped the server.
    quiet = time.monotonic()
    while started() is not None and time.monotonic() - quiet < CULL_SECONDS * 6:
        time.sleep(1)
    if started() is None:
        idle.culled_after = time.monotonic() - quiet

    # Back from lunch: logging in starts a new server on the same home.
    session, _ = open_lab(url, name, workshop.password(name))
    idle.returned_to_new_server = started() not in (None, idle.started_after_login)
    trainee = Trainee(url, name, create_token(url, session, name))
    idle.returned = trainee.read_notebook(IDLE_NOTEBOOK)
    idle.checkpoints_after = trainee.server.get(f"/api/contents/{IDLE_NOTEBOOK}/checkpoints").json()


def _scores(run: Run) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    db = run.workshop.course_dir / "gradebook.db"
    with Gradebook(f"sqlite:///{db}") as gradebook:
        scores = {}
        for name in run.profiles:
            notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, name)
            scores[name] = (notebook.code_score, notebook.max_code_score)
        return scores


def _name(run: Run, profile: str) -> str:
    return next(name for name, p in run.profiles.items() if p == profile)


def test_trainees_ran_their_notebooks_in_their_own_kernels(run: Run) -> None:
    assert run.run_errors[_name(run, "correct")] == [], "the fully answered notebook must run without error"
    assert run.run_errors[_name(run, "empty")], "the empty notebook's checks must fail"
    # nbgrader's Validate button (its server handler) passes the fully answered notebook.
    assert run.validation.get("success") is True, run.validation
    value = run.validation.get("value")
    assert value == "success" or not (value.get("failed") or value.get("changed") or value.get("errors")), (
        value
    )
    for seconds in run.spawn_seconds.values():
        assert seconds < 120


def test_every_grade_matches_what_the_answers_deserve(run: Run) -> None:
    scores = _scores(run)
    total = run.expected["correct"]
    assert 0 < run.expected["partial"] < total
    for profile in ("correct", "partial", "empty"):
        assert scores[_name(run, profile)] == (run.expected[profile], total), run.grading_output


def test_a_prestarted_server_is_running_when_the_trainee_logs_in(run: Run) -> None:
    idle = run.idle
    assert idle is not None
    assert isinstance(idle.prestart, float), f"pre-start failed: {idle.prestart}"
    assert idle.started_before_login is not None, "the pre-started server was not running before login"
    # Logging in went to that same server: no new start.
    assert idle.started_after_login == idle.started_before_login


def test_an_idle_server_is_stopped_and_the_trainees_notebook_is_intact(run: Run) -> None:
    idle = run.idle
    assert idle is not None
    assert idle.culled_after is not None, f"the culler did not stop the idle server in {CULL_SECONDS * 6} s"
    assert idle.returned_to_new_server, "logging in again must start a new server"
    assert idle.saved is not None and idle.returned is not None
    assert idle.returned["cells"] == idle.saved["cells"], "the notebook changed across the stop"
    assert len(idle.checkpoints_after) == len(idle.checkpoints_before) == 1
    assert idle.checkpoints_after[0]["id"] == idle.checkpoints_before[0]["id"]


def test_each_trainee_fetched_their_own_feedback(run: Run) -> None:
    scores = _scores(run)
    for name, html in run.feedback.items():
        score, maximum = scores[name]
        # The header of nbgrader's feedback page: this trainee's own score (the written
        # reflection waits for the instructor in formgrader).
        assert f"{NOTEBOOK} (Score: {score:.1f} / {maximum + run.expected['written']:.1f})" in html, name


def test_grading_ran_as_the_instructor_with_sales_course_grade(run: Run) -> None:
    assert "sales-course grade -> 0" in run.grading_output or "nbgrader autograde" in run.grading_output
    print(run.grading_output)


def test_the_instructor_reaches_formgrader_and_trainees_do_not(run: Run) -> None:
    workshop = run.workshop
    # As a browser does: the instructor's login cookie, OAuth into the service, formgrader's page.
    session = login(workshop.url, workshop.instructor, workshop.instructor_password)
    page = session.get(f"{workshop.url}/services/{COURSE_ID}/", timeout=60)
    assert page.status_code == 200 and page.url.rstrip("/").endswith("/formgrader/manage_assignments"), (
        page.url
    )
    assert "Manage Assignments" in page.text
    # JupyterHub's CSP stays: formgrader opens as its own page, not inside a frame.
    assert "frame-ancestors 'none'" in page.headers.get("Content-Security-Policy", "")
    assignments = run.instructor.service.get("/formgrader/api/assignments").json()
    # Formgrader lists every assignment in the course's source folder (module 00 too).
    assert [a["name"] for a in assignments] == authoring.assignment_names(run.workshop.course_dir)
    assert ASSIGNMENT in [a["name"] for a in assignments]
    for trainee in run.trainees.values():
        denied = requests.get(
            f"{workshop.url}/services/{COURSE_ID}/formgrader/api/assignments",
            headers={"Authorization": f"token {trainee.server.token}"},
            timeout=30,
        )
        assert denied.status_code == 403
        own = trainee.server.request("GET", "/formgrader", ok=(404,))
        assert own.status_code == 404, "formgrader must be switched off in trainees' servers"


def _probe(trainee: Trainee, targets: dict[str, tuple[str, str]]) -> dict[str, str]:
    """From the trainee's own kernel: try each (kind, path) and say what happened."""
    code = (
        "import json, os\n"
        f"targets = {json.dumps(targets)}\n"
        "found = {}\n"
        "for label, (kind, path) in targets.items():\n"
        "    try:\n"
        "        os.listdir(path) if kind == 'list' else open(path, 'rb').read(64)\n"
        "        found[label] = 'read'\n"
        "    except PermissionError:\n"
        "        found[label] = 'denied'\n"
        "    except OSError as error:\n"
        "        found[label] = type(error).__name__\n"
        "found['uid'] = os.getuid()\n"
        "print(json.dumps(found))\n"
    )
    kernel_id = trainee.start_kernel("probe.ipynb")
    try:
        with trainee.kernel(kernel_id) as kernel:
            result = kernel.execute(code)
    finally:
        trainee.server.request("DELETE", f"/api/kernels/{kernel_id}")
    assert result.error is None, result.error
    return json.loads(result.stdout.strip().splitlines()[-1])


def _released_feedback(run: Run, name: str) -> Path:
    from nbgrader.utils import notebook_hash

    secret = (run.workshop.course_dir / "feedback" / name / ASSIGNMENT / "submission_secret.txt").read_text()
    return (
        run.workshop.exchange_dir
        / COURSE_ID
        / "feedback"
        / f"{notebook_hash(secret=secret, notebook_id=NOTEBOOK)}.html"
    )


def test_a_trainee_can_read_nothing_that_is_not_theirs(run: Run) -> None:
    workshop = run.workshop
    exchange = workshop.exchange_dir / COURSE_ID
    inbound = {}  # each trainee's genuine submission: the one they own
    for entry in os.listdir(exchange / "inbound"):
        name = entry.split("+")[0]
        if (exchange / "inbound" / entry).stat().st_uid == pwd.getpwnam(name).pw_uid:
            inbound[name] = exchange / "inbound" / entry
    names = list(run.profiles)
    for me, other in zip(names, names[1:] + names[:1], strict=True):
        other_home = Path(pwd.getpwnam(other).pw_dir)
        feedback_folder = next((other_home / ASSIGNMENT / "feedback").iterdir())
        targets = {
            "other's submission": ("read", str(inbound[other] / f"{NOTEBOOK}.ipynb")),
            "other's submission secret": ("read", str(inbound[other] / "submission_secret.txt")),
            "inbound listing": ("list", str(exchange / "inbound")),
            "other's notebook at home": ("read", str(other_home / NOTEBOOK_PATH)),
            "other's home": ("list", str(other_home)),
            "other's fetched feedback": ("read", str(feedback_folder / f"{NOTEBOOK}.html")),
            "other's released feedback": ("read", str(_released_feedback(run, other))),
            "released feedback listing": ("list", str(exchange / "feedback")),
            "solutions": ("read", str(workshop.course_dir / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")),
            "solutions listing": ("list", str(workshop.course_dir / "solutions")),
            "gradebook": ("read", str(workshop.course_dir / "gradebook.db")),
            "collected submissions": ("read", str(workshop.course_dir / "submitted" / other / NOTEBOOK_PATH)),
            "grader's feedback": (
                "read",
                str(workshop.course_dir / "feedback" / other / ASSIGNMENT / f"{NOTEBOOK}.html"),
            ),
        }
        allowed = {
            "own released feedback": ("read", str(_released_feedback(run, me))),
            "released assignment": ("read", str(exchange / "outbound" / NOTEBOOK_PATH)),
        }
        found = _probe(run.trainees[me], {**targets, **allowed})
        assert found.pop("uid") == pwd.getpwnam(me).pw_uid != 0, (
            "each trainee's kernel runs as their own user"
        )
        for label in targets:
            assert found[label] == "denied", f"{me} could {found[label]} {label}"
        for label in allowed:
            assert found[label] == "read", f"{me} could not read {label}: {found[label]}"
        # Nor can a trainee's token open another trainee's server.
        stranger = requests.get(
            f"{workshop.url}/user/{other}/api/contents",
            headers={"Authorization": f"token {run.trainees[me].server.token}"},
            timeout=30,
        )
        assert stranger.status_code in (403, 404)


def test_a_submission_forged_in_another_trainees_name_is_not_collected(run: Run) -> None:
    assert run.forged is not None and run.forged.exists(), "the forged submission stays in inbound/"
    correct = _name(run, "correct")
    collected = run.workshop.course_dir / "submitted" / correct / ASSIGNMENT / "timestamp.txt"
    assert collected.read_text().strip() != FORGED_TIMESTAMP
    assert _scores(run)[correct] == (run.expected["correct"], run.expected["correct"])


def test_the_workflow_stays_within_its_time_budget(run: Run) -> None:
    assert run.seconds < 300, f"the hub workflow took {run.seconds:.0f} s"
