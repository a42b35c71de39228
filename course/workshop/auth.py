"""Per-trainee passwords for a workshop hub: one generated per roster name, handed out on a
class sheet, stored hashed; failed logins slowed per name and per address.

Why not JupyterHub's shared password: with one password for the class, anyone who knows
another trainee's name (``ls /home`` shows them all) logs in as that trainee. Why not
first-use passwords (TLJH's default FirstUseAuthenticator): the first to type a name sets its
password, so a trainee who logs in as a classmate before the classmate does owns that
account. jupyterhub-nativeauthenticator has the same sign-up-then-approve flow. Here the
instructor generates one password per roster name before the class and hands each trainee a
slip with their own; nothing a trainee is given opens another account.

``RosterAuthenticator`` is a small subclass of JupyterHub's own :class:`Authenticator`
(the same base as its PAM and Dummy authenticators): it reads ``name -> scrypt hash`` from a
JSON file only root can read, compares in constant time, and after
:data:`FREE_FAILURES` wrong tries from one name or one address refuses further tries (HTTP
429, with the wait) for ``BASE_DELAY * 2**(n - FREE_FAILURES)`` seconds, up to
:data:`MAX_DELAY`. A correct password clears the count of that name and address.

    sudo python -m course.workshop.auth --roster roster.txt --instructor instructor \\
        --passwords /opt/tljh/config/workshop-passwords.json --sheet /root/class-sheet.txt

writes the hashes (mode 600) and the class sheet (mode 600, the only place the passwords are
in clear); docs/WORKSHOPS.md shows it on The Littlest JupyterHub.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# scrypt's cost: 16 MiB and ~50 ms per check on one core (RFC 7914 parameters n=2**14, r=8, p=1).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# 16 characters from 31 that cannot be misread on paper (no 0/O, 1/l/I): about 79 bits.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PASSWORD_GROUPS, GROUP_LENGTH = 4, 4
# Wrong tries allowed before slowing (a typo or two), then 1 s, 2 s, 4 s ... at most 5 minutes.
FREE_FAILURES = 3
BASE_DELAY = 1.0
MAX_DELAY = 300.0
# Hub names a roster may hold: what useradd accepts and nbgrader's student ids can carry.
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


class RosterError(ValueError):
    """A roster or password file that cannot be used; the message says which line and why."""


def new_password() -> str:
    """A password for one trainee, e.g. ``k7mq-3wpx-h9de-tr4b`` (groups of four, about 79 bits)."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(PASSWORD_GROUPS)
    )


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex) of ``password``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


# Checked against when a name has no hash, so an unknown name costs as long as a known one.
_DECOY = hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored`` (constant time; False for no or a malformed hash)."""
    try:
        kind, n, r, p, salt, digest = (stored or _DECOY).split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest) and stored is not None


def read_roster(path: Path) -> list[str]:
    """Hub names from a roster file: one a line, blank lines and ``#`` comments skipped."""
    names = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if not NAME.match(name):
            raise RosterError(
                f"{path}, line {number}: {name!r} is not a usable name; expected lower-case letters, "
                "digits, '-' or '_', starting with a letter, at most 32 characters."
            )
        names.append(name)
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise RosterError(f"{path}: names listed twice: {', '.join(twice)}")
    return names


def expand_names(entries: list[str]) -> list[str]:
    """Names as given on the command line, where ``@FILE`` stands for the names in a roster file."""
    names: list[str] = []
    for entry in entries:
        names.extend(read_roster(Path(entry[1:])) if entry.startswith("@") else [entry])
    return names


def issue_passwords(names: list[str]) -> dict[str, str]:
    """One new password per name."""
    return {name: new_password() for name in names}


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable and writable by its owner only, never briefly open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def write_password_file(path: Path, passwords: dict[str, str]) -> None:
    """The hashes the hub checks against (mode 600; no password in clear)."""
    hashes = {name: hash_password(password) for name, password in sorted(passwords.items())}
    _write_private(path, json.dumps(hashes, indent=1) + "\n")


def class_sheet(passwords: dict[str, str], *, url: str, instructor: str | None = None) -> str:
    """The instructor's sheet: one slip per trainee, to cut and hand out (instructor's own line last)."""
    lines = [
        f"Sales Leadership Lab workshop hub: {url}",
        "Cut along the lines; each trainee gets their own slip. Keep this sheet private.",
        "",
    ]
    for name, password in sorted(passwords.items()):
        if name == instructor:
            continue
        lines += [
            "-" * 60,
            f"  Log in at {url}",
            f"  Name:     {name}",
            f"  Password: {password}",
            "  This password is yours alone: do not share it.",
        ]
    lines.append("-" * 60)
    if instructor and instructor in passwords:
        lines += ["", f"Instructor ({instructor}): {passwords[instructor]}"]
    return "\n".join(lines) + "\n"


def write_class_sheet(path: Path, text: str, *, owner: tuple[int, int] | None = None) -> None:
    """The class sheet, mode 600, owned by ``owner`` (uid, gid) if given (root otherwise)."""
    _write_private(path, text)
    if owner is not None:
        os.chown(path, *owner)


@dataclass
class Throttle:
    """Failed logins counted per key (a name, an address); after ``free`` failures each further
    try must wait ``base * 2**(failures - free)`` seconds (at most ``cap``) since the last one."""

    free: int = FREE_FAILURES
    base: float = BASE_DELAY
    cap: float = MAX_DELAY
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)

    def wait(self, *keys: str, now: float | None = None) -> float:
        """Seconds before any of ``keys`` may try again (0: now)."""
        now = time.monotonic() if now is None else now
        longest = 0.0
        for key in keys:
            count, last = self.failures.get(key, (0, 0.0))
            if count >= self.free:
                delay = min(self.cap, self.base * 2 ** (count - self.free))
                longest = max(longest, last + delay - now)
        return longest

    def failed(self, *keys: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in keys:
            self.failures[key] = (self.failures.get(key, (0, 0.0))[0] + 1, now)
        # Forget keys quiet for longer than the longest wait (a long workshop, many addresses).
        for key, (_, last) in list(self.failures.items()):
            if now - last > 2 * self.cap:
                del self.failures[key]

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self.failures.pop(key, None)


try:
    from jupyterhub.auth import Authenticator
    from tornado import web
    from traitlets import Float, Integer, Unicode
except ImportError:  # the course without the hub extra: the helpers above still work
    Authenticator = None  # type: ignore[assignment,misc]

if Authenticator is not None:

    class RosterAuthenticator(Authenticator):  # type: ignore[misc,valid-type]
        """One password per roster name, checked against scrypt hashes in ``password_file``;
        wrong tries slowed per name and per address (:class:`Throttle`)."""

        password_file = Unicode(
            "", config=True, help="JSON file of name -> scrypt hash (python -m course.workshop.auth)"
        )
        free_failures = Integer(FREE_FAILURES, config=True, help="wrong tries before slowing")
        base_delay = Float(BASE_DELAY, config=True, help="first wait after the free tries (seconds)")
        max_delay = Float(MAX_DELAY, config=True, help="longest wait (seconds)")

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.throttle = Throttle(self.free_failures, self.base_delay, self.max_delay)

        def _hashes(self) -> dict[str, str]:
            # Read at each login: the instructor may issue a new password without a restart.
            try:
                return json.loads(Path(self.password_file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                self.log.error("Cannot read the password file %s: %s", self.password_file, error)
                return {}

        async def authenticate(self, handler, data):
            name = self.normalize_username(str(data.get("username", "")))
            password = str(data.get("password", ""))
            address = handler.request.remote_ip if handler is not None else ""
            keys = (f"name:{name}", f"address:{address}")
            wait = self.throttle.wait(*keys)
            if wait > 0:
                self.log.warning("Login for %r from %s refused: %.0f s to wait", name, address, wait)
                raise web.HTTPError(
                    429,
                    reason=f"Too many wrong passwords for this name or from this address: "
                    f"try again in {wait:.0f} seconds.",
                )
            stored = self._hashes().get(name)
            # scrypt off the event loop: other users' requests go on meanwhile.
            ok = await asyncio.get_running_loop().run_in_executor(None, verify_password, password, stored)
            if ok:
                self.throttle.succeeded(*keys)
                return name
            self.throttle.failed(*keys)
            self.log.warning("Wrong password for %r from %s", name, address)
            return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.workshop.auth",
        description="Issue one password per roster name: the hub's hash file and the class sheet.",
    )
    parser.add_argument("--roster", type=Path, required=True, help="hub names, one a line")
    parser.add_argument("--instructor", default="", help="the instructor's hub name (gets a password too)")
    parser.add_argument("--passwords", type=Path, required=True, help="hash file the hub reads (mode 600)")
    parser.add_argument("--sheet", type=Path, required=True, help="class sheet to write (mode 600)")
    parser.add_argument("--url", default="https://<workshop host>", help="the hub's address, for the sheet")
    args = parser.parse_args(argv)
    try:
        names = read_roster(args.roster)
    except (OSError, RosterError) as error:
        print(f"Cannot read the roster: {error}", file=sys.stderr)
        return 2
    if args.instructor:
        names = [n for n in names if n != args.instructor] + [args.instructor]
    passwords = issue_passwords(names)
    write_password_file(args.passwords, passwords)
    write_class_sheet(args.sheet, class_sheet(passwords, url=args.url, instructor=args.instructor or None))
    print(f"{len(passwords)} passwords issued; hashes in {args.passwords}, class sheet in {args.sheet}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
