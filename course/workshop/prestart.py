"""Start a class's servers ahead of the session on any JupyterHub (TLJH, Zero to JupyterHub).

    JUPYTERHUB_API_TOKEN=<token> python -m course.workshop.prestart https://hub.example.org \\
        --roster roster.txt [--concurrency 2] [--create-users]

The same paced REST calls as ``sales-course hub`` makes on its own hub
(:func:`course.workshop.hub.prestart`): ``POST /hub/api/users/<name>/server`` for each name
on the roster (one a line), at most ``--concurrency`` at once, each waited on until ready.
``--create-users`` first adds the names the hub has not seen yet (``POST /hub/api/users``),
as with single sign-on a user exists only after their first login. The token belongs to a
hub service with the scopes ``servers``, ``read:servers``, ``read:users:name``:
deploy/config.yaml and deploy/tljh/ define one, without ``admin:users`` (it may not make,
rename or delete users). ``--create-users`` needs a token that may: an admin's own,
short-lived (or list the roster in ``allowed_users``, which JupyterHub adds at start).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from course.workshop.hub import default_prestart_concurrency, prestart


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.workshop.prestart", description=__doc__.split("\n")[0]
    )
    parser.add_argument("hub", help="the hub's address, e.g. https://workshop.example.org")
    parser.add_argument("--roster", type=Path, required=True, help="hub user names, one a line")
    parser.add_argument("--concurrency", type=int, default=default_prestart_concurrency())
    parser.add_argument("--create-users", action="store_true", help="add names the hub does not know yet")
    args = parser.parse_args(argv)
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        print("Set JUPYTERHUB_API_TOKEN to the pre-start service's token.", file=sys.stderr)
        return 2
    names = [line.strip() for line in args.roster.read_text().splitlines() if line.strip()]
    url = args.hub.rstrip("/")
    if args.create_users:
        import requests

        answer = requests.post(
            f"{url}/hub/api/users",
            json={"usernames": names},
            headers={"Authorization": f"token {token}"},
            timeout=60,
        )
        if answer.status_code not in (201, 409):  # 409: every one of them exists already
            print(f"Could not add the users: HTTP {answer.status_code} {answer.text[:300]}", file=sys.stderr)
            return 1
    results = prestart(url, token, names, concurrency=args.concurrency)
    return 0 if all(isinstance(value, float) for value in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
