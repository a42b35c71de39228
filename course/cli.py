"""The ``sales-course`` command: one entry point for authors, instructors and trainees.

sales-course start     open the course in JupyterLab at its start page
sales-course release   regenerate assignments/ from solutions/ with nbgrader
sales-course check     validate the course and print a report
sales-course timing    how long each module takes: words to read and task minutes
sales-course grade     autograde every new submission, make feedback, export grades
sales-course report    write the class debrief (HTML) from the gradebook
sales-course roster    import the class roster (id, name, email, LMS id) into the gradebook
sales-course handgrade hand-grade one module's reflections in one sitting (page, sheet, apply)
sales-course export    grades for Canvas, Moodle or a plain wide CSV
sales-course demo      grade and report on a synthetic class in a throw-away folder
sales-course hub       run a trial workshop hub on this machine (JupyterHub, loopback only)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.instructor import authoring


def _release(args: argparse.Namespace) -> int:
    root = authoring.course_root()
    try:
        released = authoring.release(root, args.assignments or None)
    except (ValueError, RuntimeError) as error:
        print(f"sales-course release: {error}", file=sys.stderr)
        return 1
    for path in released:
        print(f"released {path.relative_to(root)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    root = authoring.course_root()
    print(f"Checking the course in {root}")
    report = authoring.check_course(root, execute=not args.quick)
    print(report)
    return 0 if report.ok else 1


def _timing(args: argparse.Namespace) -> int:
    from course.instructor import timing

    root = authoring.course_root()
    modules = args.modules or [name[:2] for name in authoring.assignment_names(root)]
    try:
        timings = [timing.measure(root, module) for module in modules]
    except ValueError as error:
        print(f"sales-course timing: {error}", file=sys.stderr)
        return 1
    print(timing.table(timings))
    for result in timings:
        print(f"\n{result.module}: {result.sentence()}")
    return 0 if all(result.minutes <= 75 for result in timings) else 1


def _start(args: argparse.Namespace) -> int:
    from course.workshop import local

    return local.start(
        authoring.course_root(),
        Path(args.workspace).resolve() if args.workspace else None,
        ip=args.ip,
        port=args.port,
        open_browser=not args.no_browser,
        allow_root=args.allow_root,
    )


def _grade(args: argparse.Namespace) -> int:
    from course.instructor import grading, intake

    root = authoring.instructor_root("grade")
    print(f"Grading submissions in {root}", file=sys.stderr)
    try:
        found = intake.check(root, args.assignments or None)
        if not found.students:
            for line in [*found.apart, *found.problems]:
                print(f"sales-course grade: {line}", file=sys.stderr)
            print("sales-course grade: nothing was graded (see above).", file=sys.stderr)
            return 1
        summary = grading.grade(
            root,
            args.assignments or None,
            workers=args.workers,
            force=args.force,
            refresh_feedback=args.refresh_feedback,
            trusted_submissions=args.trusted_submissions,
            students=found.students,
        )
    except (ValueError, RuntimeError) as error:
        print(f"sales-course grade: {error}", file=sys.stderr)
        return 1
    print(summary)
    print(f"Feedback: {root / 'feedback'}")
    for warning in found.apart:
        print(f"sales-course grade: {warning}", file=sys.stderr)
    for problem in found.problems:
        print(f"sales-course grade: {problem}", file=sys.stderr)
    if found.problems or found.apart:
        print(
            f"sales-course grade: {len(found.problems) + len(found.apart)} folder(s) in submitted/ not graded "
            "(above); the rest of the class was graded.",
            file=sys.stderr,
        )
    return 1 if summary.failed or found.problems or found.apart else 0


def _report(args: argparse.Namespace) -> int:
    from course.instructor import report

    root = authoring.instructor_root("report")
    try:
        path = report.write_report(
            root,
            [args.assignment] if args.assignment else None,
            names=args.names,
            out=Path(args.out).resolve() if args.out else None,
        )
    except ValueError as error:
        print(f"sales-course report: {error}", file=sys.stderr)
        return 1
    print(f"Debrief written to {path}")
    return 0


def _roster(args: argparse.Namespace) -> int:
    from course.instructor import roster

    root = authoring.instructor_root("roster")
    if args.action == "import":
        try:
            entries = roster.import_roster(root, Path(args.file).resolve())
        except roster.RosterError as error:
            print(f"sales-course roster: {error}", file=sys.stderr)
            return 1
        with_lms = sum(bool(e.lms_id) for e in entries)
        print(f"Roster: {len(entries)} trainee(s) imported into the gradebook ({with_lms} with an LMS id).")
        if with_lms < len(entries):
            print("  Without an LMS id a trainee is matched by email in Moodle, by name in Canvas.")
        return 0
    current = roster.load(root)
    if current is None:
        print("No roster yet: sales-course roster import roster.csv (columns: id,name,email,lms_id).")
        return 1
    for entry in current.values():
        print(f"{entry.id}\t{entry.name}\t{entry.email}\t{entry.lms_id}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from course.instructor import exports

    root = authoring.instructor_root("export")
    try:
        made = exports.export(
            root,
            args.format,
            Path(args.out).resolve() if args.out else None,
            include_pending=args.include_pending,
        )
    except ValueError as error:
        print(f"sales-course export: {error}", file=sys.stderr)
        return 1
    print(f"{args.format} file: {made.path} ({made.rows} trainee(s), modules {', '.join(made.modules)})")
    if made.held_back:
        print(
            f"  {made.held_back} score(s) left blank: auto-graded, reflection pending. Hand-grade them "
            "(sales-course handgrade MODULE) and export again, or add --include-pending to send scores so far."
        )
    return 0


def _handgrade(args: argparse.Namespace) -> int:
    from course.instructor import handgrade

    root = authoring.instructor_root("handgrade")
    try:
        if args.apply:
            applied = handgrade.apply_sheet(root, args.module, Path(args.apply).resolve())
            print(applied)
            return 0
        made = handgrade.prepare(root, args.module)
    except (ValueError, RuntimeError) as error:
        print(f"sales-course handgrade: {error}", file=sys.stderr)
        return 1
    print(made)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from course.instructor import demo

    try:
        made = demo.run_demo(
            Path(args.out).resolve() if args.out else None,
            trainees=args.trainees,
            seed=args.seed,
            workers=args.workers,
        )
    except (ValueError, FileExistsError, RuntimeError) as error:
        print(f"sales-course demo: {error}", file=sys.stderr)
        return 1
    print(made.summary)
    print(f"Demo course:  {made.root}")
    print(f"Submissions:  {made.root / 'submitted'}")
    print(f"Feedback:     {made.root / 'feedback'}")
    print(f"Debrief:      {made.report}")
    print(f"Roster:       {made.root / demo.EXAMPLE_ROSTER} (made-up names and LMS ids)")
    print(f"Next:         cd {made.root}, then docs/INSTRUCTOR_QUICKSTART.md from step 1 (roster)")
    return 0


def _hub(args: argparse.Namespace) -> int:
    from course.workshop import hub

    try:
        return hub.serve(
            authoring.course_root(),
            state=Path(args.state).resolve(),
            port=args.port,
            trainees=args.trainee or [f"trainee{n:02d}" for n in range(1, args.trainees + 1)],
            instructor=args.instructor,
            keep_accounts=args.keep_accounts,
            prestart_servers=not args.no_prestart,
            prestart_concurrency=args.prestart_concurrency,
            cull_idle=args.cull_idle,
        )
    except hub.HubError as error:
        print(f"sales-course hub: {error}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sales-course", description="Sales Leadership Lab: course tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser("start", help="open the course in JupyterLab at its start page")
    start.add_argument(
        "--workspace", help="folder for your own notebooks (default: workspace/ in the course)"
    )
    start.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    start.add_argument("--port", default=8888, type=int, help="port to listen on (default: 8888)")
    start.add_argument("--no-browser", action="store_true", help="do not open a browser")
    start.add_argument(
        "--allow-root", action="store_true", help="let JupyterLab run as root (containers only)"
    )
    start.set_defaults(run=_start)

    release = commands.add_parser("release", help="regenerate assignments/ from solutions/ with nbgrader")
    release.add_argument("assignments", nargs="*", help="assignments to release (default: all)")
    release.set_defaults(run=_release)

    check = commands.add_parser("check", help="validate the course and print a report")
    check.add_argument("--quick", action="store_true", help="skip running the instructor notebooks")
    check.set_defaults(run=_check)

    timing = commands.add_parser(
        "timing", help="how long each module takes a first-timer: words to read and task minutes"
    )
    timing.add_argument("modules", nargs="*", help="module numbers, e.g. 02 (default: all)")
    timing.set_defaults(run=_timing)

    grade = commands.add_parser(
        "grade", help="autograde every new submission in submitted/, make feedback, export grades.csv"
    )
    grade.add_argument("assignments", nargs="*", help="assignments to grade (default: all with submissions)")
    grade.add_argument("--workers", type=int, help="parallel graders (default: cores + 1)")
    grade.add_argument("--force", action="store_true", help="grade every submission again, changed or not")
    grade.add_argument(
        "--refresh-feedback",
        action="store_true",
        help="remake all feedback from the gradebook (after hand-grading in formgrader)",
    )
    grade.add_argument(
        "--trusted-submissions",
        action="store_true",
        help="grade even where nothing can isolate trainee kernels (no bubblewrap): only for work you trust",
    )
    grade.set_defaults(run=_grade)

    report = commands.add_parser("report", help="write the class debrief (HTML) from the gradebook")
    report.add_argument("assignment", nargs="?", help="one assignment (default: every graded one)")
    report.add_argument("--names", action="store_true", help="show trainee ids (left out by default)")
    report.add_argument("--out", help="where to write the HTML (default: reports/debrief[-ASSIGNMENT].html)")
    report.set_defaults(run=_report)

    demo = commands.add_parser("demo", help="grade and report on a synthetic class in a throw-away folder")
    demo.add_argument("--trainees", type=int, default=12, help="synthetic trainees (default: 12)")
    demo.add_argument("--seed", type=int, default=2026, help="seed for their answers (default: 2026)")
    demo.add_argument("--out", help="course folder to make (default: a new temp folder)")
    demo.add_argument("--workers", type=int, help="parallel graders (default: cores + 1)")
    demo.set_defaults(run=_demo)

    roster = commands.add_parser("roster", help="import the class roster into the gradebook, or list it")
    roster_actions = roster.add_subparsers(dest="action", required=True)
    roster_import = roster_actions.add_parser(
        "import", help="read a CSV with columns id,name,email,lms_id (only id is required)"
    )
    roster_import.add_argument("file", help="the roster CSV (UTF-8; Excel's 'CSV UTF-8' is fine)")
    roster_actions.add_parser("list", help="print the roster")
    roster.set_defaults(run=_roster)

    handgrade = commands.add_parser(
        "handgrade",
        help="one module's reflections side by side with the rubric, a sheet to fill, and --apply",
    )
    handgrade.add_argument("module", help="the module, e.g. 01_leader_not_manager")
    handgrade.add_argument("--apply", metavar="SHEET", help="write the filled-in sheet's scores and comments")
    handgrade.set_defaults(run=_handgrade)

    export = commands.add_parser("export", help="grades an LMS imports: canvas, moodle, or wide (plain CSV)")
    export.add_argument("format", choices=["canvas", "moodle", "wide"], help="which file to write")
    export.add_argument("--out", help="where to write it (default: reports/FORMAT-grades.csv)")
    export.add_argument(
        "--include-pending",
        action="store_true",
        help="send scores whose reflection is not hand-graded yet (default: leave them blank)",
    )
    export.set_defaults(run=_export)

    hub = commands.add_parser(
        "hub", help="run a trial workshop hub on this machine (JupyterHub, loopback only)"
    )
    hub.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    hub.add_argument(
        "--trainees", type=int, default=3, help="trainee accounts trainee01.. to make (default: 3)"
    )
    hub.add_argument(
        "--trainee", action="append", help="a trainee account name (repeat; replaces --trainees)"
    )
    hub.add_argument(
        "--instructor", default="instructor", help="the instructor's hub name (default: instructor)"
    )
    hub.add_argument(
        "--state",
        default="/var/lib/sales-leadership-lab/hub",
        help="folder for the hub's database, course copy and exchange",
    )
    hub.add_argument(
        "--keep-accounts",
        action="store_true",
        help="keep the OS accounts it made when it stops (default: remove them)",
    )
    hub.add_argument(
        "--no-prestart",
        action="store_true",
        help="do not start the trainees' servers ahead of the session (default: start them, paced)",
    )
    hub.add_argument(
        "--prestart-concurrency",
        type=int,
        default=None,
        help="servers started at once ahead of the session (default: half the cores, at least 1)",
    )
    hub.add_argument(
        "--cull-idle",
        type=int,
        default=3600,
        metavar="SECONDS",
        help="stop a trainee's server after this long idle; files stay (default: 3600; 0: never)",
    )
    hub.set_defaults(run=_hub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except authoring.NoCourse as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
