"""Where the test suite's minutes go, per test file, from a pytest run with ``--durations=0``.

    .venv/bin/python -m pytest -n auto --dist loadfile --durations=0 > run.txt
    python benchmarks/suite_durations.py run.txt [--workers 2] [--wall SECONDS]

Sums each file's setup, call and teardown seconds (what pytest's durations list holds),
largest first, and the whole: the work the workers shared. ``work / workers`` is the
shortest wall time the parallel run could take with that work; ``--wall`` (the run's real
wall time) shows how far the run was from it. Times from a busy machine are inflated by
the load; comparing shares and the work of two runs on the same machine is fairer.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S+?)(?:@\S+)?(?:::(\S+))?\s*$")


def durations(text: str) -> dict[str, dict[str, float]]:
    """{file: {"setup": s, "call": s, "teardown": s}} from pytest's durations lines."""
    found: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            seconds, when, path = float(match.group(1)), match.group(2), match.group(3)
            found[path.split("::")[0]][when] += seconds
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="pytest's output, run with --durations=0")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wall", type=float, default=None, help="the run's wall time in seconds")
    args = parser.parse_args(argv)
    found = durations(args.output.read_text(encoding="utf-8", errors="replace"))
    if not found:
        print("no durations found: run pytest with --durations=0", file=sys.stderr)
        return 1
    rows = sorted(((sum(v.values()), path, v) for path, v in found.items()), reverse=True)
    work = sum(total for total, _, _ in rows)
    print(f"{'file':58} {'total s':>8} {'setup':>7} {'call':>7} {'share':>6}")
    for total, path, parts in rows:
        print(
            f"{path:58} {total:8.1f} {parts.get('setup', 0):7.1f} {parts.get('call', 0):7.1f} "
            f"{total / work:6.1%}"
        )
    print(f"{'all tests (work)':58} {work:8.1f}  = {work / 60:.1f} min")
    print(f"shortest wall time on {args.workers} workers: {work / args.workers / 60:.1f} min")
    if args.wall:
        print(f"real wall time: {args.wall / 60:.1f} min ({work / args.wall:.2f} workers busy on average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
