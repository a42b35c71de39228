"""The hub's defences checked on their own, without a hub: per-trainee passwords and the
slowing of wrong ones (course/workshop/auth.py), hostile inbound entries
(course/workshop/inbound.py) on real files, and per-trainee limits
(course/workshop/limits.py) on this machine's control groups (root only). The slow
hostile-trainee suite (test_hostile_trainees.py) proves the same through a running hub."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from nbgrader.utils import parse_utc
from tornado import web

from course.workshop import auth, inbound, limits

ASSIGNMENT = "01_leader_not_manager"


# --------------------------------------------------------------------------- passwords


def test_each_name_gets_its_own_password_and_only_its_hash_is_kept(tmp_path: Path) -> None:
    passwords = auth.issue_passwords(["ann", "bob", "cy"])
    assert len(set(passwords.values())) == 3
    store = tmp_path / "passwords.json"
    auth.write_password_file(store, passwords)
    assert store.stat().st_mode & 0o777 == 0o600
    text = store.read_text()
    assert all(password not in text for password in passwords.values())
    hashes = __import__("json").loads(text)
    assert auth.verify_password(passwords["ann"], hashes["ann"])
    # Nothing ann was given opens bob's account.
    assert not auth.verify_password(passwords["ann"], hashes["bob"])
    assert not auth.verify_password(passwords["ann"], None)
    assert not auth.verify_password("", hashes["bob"])


def test_the_class_sheet_is_private_and_gives_each_slip_its_own_password(tmp_path: Path) -> None:
    passwords = auth.issue_passwords(["ann", "bob", "lead"])
    sheet = auth.class_sheet(passwords, url="http://hub/login", instructor="lead")
    path = tmp_path / "class-sheet.txt"
    auth.write_class_sheet(path, sheet)
    assert path.stat().st_mode & 0o777 == 0o600
    slips = sheet.split("-" * 60)
    ann = next(slip for slip in slips if "Name:     ann" in slip)
    assert passwords["ann"] in ann and passwords["bob"] not in ann and passwords["lead"] not in ann


def test_a_roster_file_is_read_and_bad_names_are_refused_with_the_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("# March cohort\nann\n\nbob  # late\n")
    assert auth.expand_names(["@" + str(roster), "cy"]) == ["ann", "bob", "cy"]
    roster.write_text("ann\nBob Smith\n")
    with pytest.raises(auth.RosterError, match="line 2: 'Bob Smith'"):
        auth.read_roster(roster)


def test_wrong_passwords_are_slowed_per_name_and_per_address() -> None:
    throttle = auth.Throttle(free=3, base=1.0, cap=60.0)
    for second in range(3):
        assert throttle.wait("name:bob", "address:a", now=second) == 0
        throttle.failed("name:bob", "address:a", now=second)
    # The fourth try waits 1 s, then 2 s, 4 s ...: exponential, from the name or the address.
    assert throttle.wait("name:bob", "address:elsewhere", now=2.0) == pytest.approx(1.0)
    assert throttle.wait("name:other", "address:a", now=2.0) == pytest.approx(1.0)
    throttle.failed("name:bob", "address:a", now=3.0)
    assert throttle.wait("name:bob", now=3.0) == pytest.approx(2.0)
    throttle.failed("name:bob", now=5.0)
    assert throttle.wait("name:bob", now=5.0) == pytest.approx(4.0)
    assert throttle.wait("name:cy", "address:b", now=5.0) == 0
    throttle.succeeded("name:bob", "address:a")
    assert throttle.wait("name:bob", "address:a", now=5.0) == 0


def test_the_authenticator_refuses_another_trainees_name_and_throttles(tmp_path: Path) -> None:
    passwords = auth.issue_passwords(["ann", "bob"])
    store = tmp_path / "passwords.json"
    auth.write_password_file(store, passwords)
    authenticator = auth.RosterAuthenticator(password_file=str(store), free_failures=2, base_delay=30)
    handler = SimpleNamespace(request=SimpleNamespace(remote_ip="10.0.0.7"))

    def attempt(name: str, password: str):
        return asyncio.run(authenticator.authenticate(handler, {"username": name, "password": password}))

    assert attempt("ann", passwords["ann"]) == "ann"
    assert attempt("bob", passwords["ann"]) is None
    assert attempt("bob", "guess") is None
    # Two wrong tries from this address: the third is refused before any password is checked,
    # even bob's right one, and says how long to wait.
    with pytest.raises(web.HTTPError) as refused:
        attempt("bob", passwords["bob"])
    assert refused.value.status_code == 429 and "try again in 30 seconds" in refused.value.reason


# --------------------------------------------------------------------------- inbound


def _submission(inbound_dir: Path, name: str, *, secret: bool = True, stamp: str = "2026-01-01 10:00:00 UTC"):
    folder = inbound_dir / name
    folder.mkdir()
    (folder / "leader_not_manager.ipynb").write_text("{}")
    (folder / "timestamp.txt").write_text(stamp)
    if secret:
        (folder / "submission_secret.txt").write_text("s3cret")
    return folder


def _owner() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def test_hostile_inbound_entries_are_skipped_each_with_its_reason(tmp_path: Path) -> None:
    me = _owner()
    box = tmp_path / "inbound"
    box.mkdir()
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "leader_not_manager.ipynb").write_text("MODEL ANSWERS")
    good = _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 10:00:00 UTC+r1")
    linked = _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 11:00:00 UTC+r2")
    (linked / "leader_not_manager.ipynb").unlink()
    (linked / "leader_not_manager.ipynb").symlink_to(solutions / "leader_not_manager.ipynb")
    zero = _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 12:00:00 UTC+r3")
    (zero / "big.ipynb").symlink_to("/dev/zero")
    _submission(box, f"{me}+{ASSIGNMENT}+not-a-date")
    _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 13:00:00 UTC+r4", secret=False)
    _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 14:00:00 UTC+r5", stamp="never")
    (box / f"{me}+{ASSIGNMENT}+2026-01-01 15:00:00 UTC+r6").symlink_to(solutions)
    os.mkfifo(box / f"{me}+{ASSIGNMENT}+2026-01-01 16:00:00 UTC+r7")
    found = {name: inbound.vet(str(box), name, parse_utc) for name in os.listdir(box)}
    reasons = {
        name.rsplit("+", 1)[-1]: f.reason for name, f in found.items() if isinstance(f, inbound.Skipped)
    }
    assert isinstance(found[good.name], inbound.Entry)
    assert "is a link" in reasons["r2"]
    assert "is a link" in reasons["r3"]
    assert "does not parse" in reasons["not-a-date"]
    assert "no submission_secret.txt" in reasons["r4"]
    assert "timestamp.txt does not hold a time" in reasons["r5"]
    assert "is a link" in reasons["r6"]
    assert "not a folder" in reasons["r7"]
    assert all(f.trainee == me for f in found.values() if isinstance(f, inbound.Skipped))


def test_a_copy_never_follows_a_link_swapped_in_after_the_check(tmp_path: Path) -> None:
    source = _submission(tmp_path, "entry")
    (source / "deep").mkdir()
    (source / "deep" / "notes.txt").write_text("mine")
    inbound.copy_tree(str(source), str(tmp_path / "copy"))
    assert (tmp_path / "copy" / "deep" / "notes.txt").read_text() == "mine"
    # Swapped after vet(): the notebook becomes a link to the solutions, a folder a link to /.
    (source / "leader_not_manager.ipynb").unlink()
    (source / "leader_not_manager.ipynb").symlink_to("/etc/passwd")
    with pytest.raises(inbound.Refused, match="without following a link"):
        inbound.copy_tree(str(source), str(tmp_path / "copy2"))
    (source / "leader_not_manager.ipynb").unlink()
    big = source / "big.bin"
    big.write_bytes(b"x" * 4096)
    with pytest.raises(inbound.Refused, match="MB of files"):
        inbound.copy_tree(str(source), str(tmp_path / "copy3"), budget=1000)


# --------------------------------------------------------------------------- limits


def test_a_trainees_fork_bomb_and_memory_hog_stop_at_their_limits(tmp_path: Path, skip_or_fail) -> None:
    """A process in a trainee's groups: a memory hog is killed at the memory limit, a fork bomb
    cannot pass the process limit, and its private /tmp is not the machine's."""
    missing = limits.cgroups_available()
    if missing:
        skip_or_fail(f"needs root and cgroup v1 (memory, pids, cpu): {missing}")
    name = f"slab-limit-test-{os.getpid()}"
    paths = limits.make_cgroups(name, memory=64 * 1024**2, pids=40, cpu_limit=0.5)
    code = textwrap.dedent(
        """
        import os, sys
        print(sorted(os.listdir("/tmp")), flush=True)
        if sys.argv[1] == "hog":
            hog = []
            while True:
                hog.append(bytearray(8 * 1024 * 1024))
        forks = 0
        try:
            for _ in range(200):
                if os.fork() == 0:
                    import time; time.sleep(5); os._exit(0)
                forks += 1
        except OSError:
            pass
        print(forks)
        """
    )

    def run(kind: str) -> subprocess.CompletedProcess:
        def preexec() -> None:
            limits.join(paths)
            limits.private_tmp(16 * 1024**2)

        # The system's Python: a checkout (and its .venv) under /tmp vanishes behind the private /tmp.
        python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
        return subprocess.run(
            [python, "-c", code, kind],
            preexec_fn=preexec,
            capture_output=True,
            text=True,
            timeout=120,
        )

    try:
        (Path("/tmp") / f"{name}-machine-file").write_text("not for trainees")
        hog = run("hog")
        assert hog.returncode == -9, (hog.returncode, hog.stderr[-500:])  # the kernel's OOM kill
        assert limits.oom_kills(paths) >= 1
        assert hog.stdout.splitlines()[0] == "[]", "the private /tmp starts empty"
        bomb = run("bomb")
        assert bomb.returncode == 0, bomb.stderr[-500:]
        assert int(bomb.stdout.splitlines()[-1]) < 40
    finally:
        (Path("/tmp") / f"{name}-machine-file").unlink(missing_ok=True)
        assert limits.empty_and_remove(paths)
    assert not any(path.exists() for path in paths.values())


def test_sizes_are_read_as_a_person_writes_them() -> None:
    assert limits.parse_bytes("1G") == 1024**3
    assert limits.parse_bytes("512M") == 512 * 1024**2
    assert limits.parse_bytes("1.5GiB") == int(1.5 * 1024**3)
    assert limits.parse_bytes(4096) == 4096


def test_collect_takes_each_genuine_submission_and_notes_the_rest(tmp_path: Path, monkeypatch) -> None:
    """nbgrader's collect as formgrader runs it (every trainee: student id "*"), on real folders."""
    # nbgrader's gradebook runs alembic from the environment's bin folder.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.workshop.exchange import OwnerCheckedCollect

    me = _owner()
    box = tmp_path / "exchange" / "course1" / "inbound"
    box.mkdir(parents=True)
    (tmp_path / "course").mkdir()
    _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 10:00:00 UTC+r1")
    linked = _submission(box, f"{me}+{ASSIGNMENT}+2026-01-01 11:00:00 UTC+r2")
    (linked / "leader_not_manager.ipynb").unlink()
    (linked / "leader_not_manager.ipynb").symlink_to("/etc/passwd")
    _submission(box, f"{me}+{ASSIGNMENT}+not-a-date")
    config = Config()
    config.CourseDirectory.root = str(tmp_path / "course")
    config.CourseDirectory.course_id = "course1"
    config.Exchange.root = str(tmp_path / "exchange")
    for student in ("*", me):
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id, coursedir.student_id = ASSIGNMENT, student
        collect = OwnerCheckedCollect(coursedir=coursedir, config=config)
        collect.start()
        folder = tmp_path / "course" / "submitted" / me / ASSIGNMENT
        assert (folder / "timestamp.txt").read_text() == "2026-01-01 10:00:00 UTC", student
        assert (folder / "leader_not_manager.ipynb").read_text() == "{}"
        assert {s.filename.rsplit("+", 1)[-1] for s in collect.skipped} == {"r2", "not-a-date"}
    notes = inbound.read_notes(tmp_path / "course")
    assert {note["trainee"] for note in notes} == {me} and len(notes) == 4
