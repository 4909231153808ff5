"""The ``cancelproof`` command line (DESIGN.md). Imports stay lazy: only ``run`` and ``demo`` load Playwright.

Every user error is one line on stderr and exit 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from runners.errors import RunnerError, UsageError

if TYPE_CHECKING:
    from runners.gate import Confirmer

PROG = "cancelproof"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _fmt(prog: str) -> argparse.RawDescriptionHelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"bad date {text!r}: write YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        msg = f"bad --timeout {text!r}: give a number of seconds above 0"
        raise argparse.ArgumentTypeError(msg)
    return value


def build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        formatter_class=_fmt,
        description="Cancel SaaS subscriptions through their admin portals, carefully, and keep proof.",
        epilog="Example:\n  cancelproof demo\n  cancelproof run office365 --dry-run --sandbox",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "vendors",
        help="list the vendors cancelproof knows",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof vendors --json",
    )
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")

    p = sub.add_parser(
        "plan",
        help="the checklist, steps, rules and dates for a vendor (no browser)",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof plan office365\n"
        "  cancelproof plan salesforce --contract-end 2027-03-31\n"
        "  cancelproof plan --inventory saas.toml --ics deadlines.ics",
    )
    p.add_argument("vendor", metavar="VENDOR", nargs="?")
    p.add_argument("--inventory", type=Path, metavar="FILE", help="plan a whole inventory (TOML) instead")
    p.add_argument("--ics", type=Path, metavar="FILE", help="with --inventory: write calendar reminders here")
    p.add_argument("--subscription", metavar="NAME")
    p.add_argument("--contract-end", type=_iso_date, metavar="DATE", help="contract end date, YYYY-MM-DD")
    p.add_argument("--start-date", type=_iso_date, metavar="DATE", help="start or renewal date, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")

    p = sub.add_parser(
        "run",
        help="walk the portal: a dry run, or an assisted cancellation",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof run office365 --dry-run --sandbox\n"
        "  cancelproof run office365 --assisted --base-url https://admin.microsoft.com/\n"
        "  cancelproof run --inventory saas.toml --dry-run --jobs 4",
    )
    p.add_argument("vendor", metavar="VENDOR", nargs="?")
    p.add_argument("--inventory", type=Path, metavar="FILE", help="run every entry of an inventory (TOML)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="with --inventory: dry runs in parallel")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="stop before the irreversible click")
    mode.add_argument("--assisted", action="store_true", help="stop before every irreversible click for a typed OK")
    p.add_argument(
        "--sandbox",
        nargs="?",
        const="",
        metavar="SCENARIO",
        help="serve the bundled mock portal for this run (SCENARIO: NAME[,key=value…])",
    )
    p.add_argument("--base-url", metavar="URL", help="the portal to walk (default: the vendor's real one)")
    p.add_argument("--account", default="", metavar="ID", help="the admin account (for keyring and the record)")
    p.add_argument("--subscription", metavar="NAME", help="the subscription's visible name")
    p.add_argument("--locale", choices=("en", "fr"), default="en")
    p.add_argument("--headed", action="store_true", help="show the browser window")
    p.add_argument(
        "--evidence-dir",
        type=Path,
        metavar="DIR",
        default=Path(os.environ.get("CANCELPROOF_EVIDENCE_DIR") or "cancelproof-evidence"),
    )
    p.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS", help="bound for each step")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout when the run ends")
    p.add_argument("--no-trace", dest="trace", action="store_false", help="do not record a Playwright trace")
    p.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="keep the signed-in browser session in DIR between runs (created 0700)",
    )
    p.add_argument(
        "--code-timeout",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="how long to wait for you to type a second-factor code",
    )
    p.add_argument("--sign", action="store_true", help="sign manifest.json with an Ed25519 key kept in the OS keyring")
    p.add_argument("--reason", metavar="TEXT", help="the reason to give when the portal asks why")
    p.add_argument("--skip-export", action="store_true", help="Salesforce: skip the data export step")
    p.add_argument(
        "--accept-late-notice", action="store_true", help="Salesforce: give notice even after the deadline (recorded)"
    )

    p = sub.add_parser(
        "sandbox",
        help="serve a mock portal on a loopback port",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof sandbox office365 --port 8365 --scenario mosa,locale=fr",
    )
    p.add_argument("vendor", nargs="?", default="office365", metavar="VENDOR")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--scenario", default=None, metavar="SCENARIO")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")

    p = sub.add_parser(
        "demo",
        help="a dry run of every vendor on its sandbox, with evidence",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof demo --evidence-dir /tmp/ev",
    )
    p.add_argument(
        "--evidence-dir",
        type=Path,
        metavar="DIR",
        default=Path(os.environ.get("CANCELPROOF_EVIDENCE_DIR") or "cancelproof-evidence"),
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "recheck",
        help="later: read the subscription's status again and say if the cancel held",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof recheck cancelproof-evidence/office365-20261122T101500Z-1a2b3c4d",
    )
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    p.add_argument("--base-url", metavar="URL", help="the portal (default: the one the first run used)")
    p.add_argument("--sandbox", nargs="?", const="", metavar="SCENARIO", help="re-check on a bundled mock portal")
    p.add_argument("--evidence-dir", type=Path, metavar="DIR", help="default: beside the first run's folder")
    p.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS")
    p.add_argument("--json", action="store_true")

    ev = sub.add_parser(
        "evidence",
        help="verify, report or export a run folder",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence verify cancelproof-evidence/office365-…",
    )
    evs = ev.add_subparsers(dest="evidence_command", metavar="ACTION", parser_class=_Parser)
    q = evs.add_parser(
        "verify",
        help="recompute every hash and the log chain",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence verify RUN_DIR --json",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("--json", action="store_true")
    q = evs.add_parser(
        "report",
        help="rebuild report.html and report.pdf from the manifest",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence report RUN_DIR",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q = evs.add_parser(
        "export",
        help="zip the shareable part (no trace, no DOM)",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence export RUN_DIR -o dispute.zip",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")

    cr = sub.add_parser(
        "creds",
        help="store, check or delete a password in the OS keyring",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof creds set office365 admin@contoso.com\n"
        '  printf %s "$PW" | cancelproof creds set salesforce me@x.com --password-stdin',
    )
    cr.add_argument("action", choices=("set", "delete", "status"))
    cr.add_argument("vendor", metavar="VENDOR")
    cr.add_argument("account", metavar="ACCOUNT")
    cr.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    return parser


# --- commands ----------------------------------------------------------------------------------------
def cmd_vendors(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import VENDORS

    if args.json:
        out.write(json.dumps({"vendors": [{"name": k, "title": v[0]} for k, v in VENDORS.items()]}) + "\n")
    else:
        for name, entry in VENDORS.items():
            out.write(f"{name:12} {entry[0]}\n")
    return 0


def cmd_plan(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import load_flow

    if args.inventory:
        return cmd_plan_inventory(args, out)
    if args.ics:
        msg = "plan: --ics goes with --inventory"
        raise UsageError(msg)
    if not args.vendor:
        msg = "plan: name a VENDOR or give --inventory FILE"
        raise UsageError(msg)
    flow = load_flow(args.vendor)
    facts: dict[str, Any] = {"subscription": args.subscription}
    if args.contract_end:
        facts["contract_end"] = args.contract_end
    if args.start_date:
        facts["start_date"] = args.start_date
    dates = flow.dates(facts) if flow.dates else []
    notes = flow.notes(facts) if flow.notes else []
    if args.json:
        out.write(
            json.dumps(
                {
                    "vendor": flow.vendor,
                    "title": flow.title,
                    "checklist": list(flow.checklist),
                    "steps": [
                        {
                            "name": s.name,
                            "description": s.description,
                            "irreversible": s.irreversible,
                            "skippable": s.skippable,
                        }
                        for s in flow.steps
                    ],
                    "rules": [{"name": r.name, "description": r.description} for r in flow.rules],
                    "after": list(flow.after),
                    "dates": [{"what": w, "date": d} for w, d in dates],
                    "notes": notes,
                }
            )
            + "\n"
        )
        return 0
    w = out.write
    w(f"{flow.title}" + (f" — {args.subscription}" if args.subscription else "") + "\n\n")
    w("Before you cancel:\n" + "".join(f"  [ ] {c}\n" for c in flow.checklist))
    w("\nSteps:\n")
    for i, s in enumerate(flow.steps, 1):
        mark = (
            "  (irreversible: asks you first" + (", skippable" if s.skippable else "") + ")" if s.irreversible else ""
        )
        w(f"  {i}. {s.description}{mark}\n")
    w("\nRules checked on the portal:\n" + "".join(f"  - {r.description}\n" for r in flow.rules))
    if dates:
        w("\nDates that matter:\n" + "".join(f"  {d:12} {what}\n" for what, d in dates))
    if flow.after:
        w("\nAfter cancelling:\n" + "".join(f"  - {a}\n" for a in flow.after))
    if notes:
        w("\nNotes:\n" + "".join(f"  {n}\n" for n in notes))
    return 0


def cmd_plan_inventory(args: argparse.Namespace, out: IO[str]) -> int:
    from runners import inventory

    entries = inventory.load(args.inventory)
    if args.json:
        out.write(json.dumps({"inventory": str(args.inventory), "entries": inventory.as_json(entries)}) + "\n")
    else:
        out.write(inventory.table(entries))
    if args.ics:
        try:
            args.ics.write_text(inventory.ics(entries), encoding="utf-8", newline="")
        except OSError as exc:
            msg = f"cannot write {args.ics}: {exc.strerror or exc}"
            raise UsageError(msg) from None
        if not args.json:
            out.write(f"\ncalendar reminders (60, 30, 7 days before each date): {args.ics}\n")
    return 0


def cmd_run(
    args: argparse.Namespace, out: IO[str], err: IO[str], confirmer: Confirmer | None, browser: Any = None
) -> int:
    if not (args.dry_run or args.assisted):
        msg = "run: choose one of --dry-run or --assisted"
        raise UsageError(msg)
    if args.inventory:
        from runners.portfolio import run_inventory

        return run_inventory(args, out, err, confirmer)
    if not args.vendor:
        msg = "run: name a VENDOR or give --inventory FILE"
        raise UsageError(msg)
    if args.sandbox is not None and args.base_url:
        msg = "run: --sandbox and --base-url cannot be used together"
        raise UsageError(msg)
    from flows import load_flow
    from runners.gate import TerminalConfirmer
    from runners.model import Mode
    from runners.runner import Progress, RunOptions, check_base_url, run

    load_flow(args.vendor)  # unknown vendor: one line before anything is written
    if args.base_url:
        check_base_url(args.base_url)
    opts = RunOptions(
        vendor=args.vendor,
        mode=Mode.DRY_RUN if args.dry_run else Mode.ASSISTED,
        base_url=args.base_url,
        sandbox=args.sandbox,
        account=args.account,
        subscription=args.subscription,
        locale=args.locale,
        headed=args.headed,
        evidence_dir=args.evidence_dir,
        timeout=args.timeout,
        trace=args.trace,
        extra={"reason": args.reason, "skip_export": args.skip_export, "accept_late_notice": args.accept_late_notice},
        profile=args.profile,
        code_timeout=args.code_timeout,
        sign=args.sign,
    )
    if args.profile is not None:
        from runners.session import prepare_profile

        try:
            prepare_profile(args.profile)
        except OSError as exc:
            msg = f"cannot create the profile folder {args.profile}: {exc.strerror or exc}"
            raise UsageError(msg) from None
    result = run(opts, confirmer or TerminalConfirmer(stderr=err), Progress(err), browser=browser)
    _summary(result, err)
    if args.json:
        out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code


def _summary(result: Any, err: IO[str]) -> None:
    err.write(f"\n{result.outcome}: {result.message}\n")
    if result.subscription:
        err.write(f"  subscription: {result.subscription}\n")
    err.write(f"  evidence:     {result.evidence_dir}\n")
    if result.report:
        err.write(f"  report:       {result.report}\n")


def cmd_sandbox(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import portal_class
    from flows.sandbox import SandboxServer

    cls = portal_class(args.vendor)
    if args.list:
        for name, options in cls.scenarios.items():
            out.write(f"{name:22} {', '.join(f'{k}={v}' for k, v in options.items())}\n")
        return 0
    server = SandboxServer(cls(args.scenario), port=args.port)
    out.write(f"{cls.brand} sandbox ({server.portal.options['scenario']}) at {server.url}  (Ctrl-C stops)\n")
    out.flush()
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


def cmd_demo(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from flows import VENDORS
    from runners.gate import ScriptedConfirmer
    from runners.model import Mode
    from runners.runner import Progress, RunOptions, run

    results = []
    for vendor in VENDORS:
        err.write(f"\n=== {vendor} ===\n")
        opts = RunOptions(vendor=vendor, mode=Mode.DRY_RUN, sandbox="", evidence_dir=args.evidence_dir)
        result = run(opts, ScriptedConfirmer(), Progress(err))
        results.append(result)
    worst = max(r.exit_code for r in results)
    if args.json:
        out.write(json.dumps({"runs": [r.as_json() for r in results], "exit_code": worst}) + "\n")
    else:
        out.write("\nDemo: a dry run of every vendor on its bundled sandbox. Nothing was cancelled.\n")
        for r in results:
            out.write(f"  {r.vendor:12} {r.outcome!s:18} {r.evidence_dir}\n")
            if r.report:
                out.write(f"  {'':12} {'report':18} {r.report}\n")
        out.write("\nCheck a folder: cancelproof evidence verify <folder>\n")
    return worst


def cmd_evidence(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.evidence_command is None:
        msg = "evidence: choose verify, report or export"
        raise UsageError(msg)
    if args.evidence_command == "verify":
        from evidence.batchindex import is_index, verify_index
        from evidence.verify import verify

        if is_index(args.run_dir):
            code, lines = verify_index(args.run_dir)
            if args.json:
                out.write(
                    json.dumps(
                        {"intact": code == 0, "exit_code": code, "runs": [{"ok": ok, "detail": t} for ok, t in lines]}
                    )
                    + "\n"
                )
            else:
                out.write("".join(f"{'ok  ' if ok else 'FAIL'} {t}\n" for ok, t in lines))
                out.write(f"{args.run_dir}: {'intact' if code == 0 else 'ALTERED OR MISSING'}\n")
            return code
        verdict = verify(args.run_dir)
        if args.json:
            out.write(json.dumps(verdict.as_json()) + "\n")
        else:
            for check in verdict.checks:
                out.write(check.line() + "\n")
            words = {0: "intact", 1: "ALTERED OR MISSING", 2: "not a run folder"}[verdict.code]
            out.write(f"{args.run_dir}: {words}\n")
        return verdict.code
    if args.evidence_command == "report":
        from evidence.report import rebuild

        path = rebuild(args.run_dir)
        out.write(f"report: {path}\n")
        return 0
    from evidence.export import export

    written = export(args.run_dir, args.output)
    out.write(f"export: {written}\n")
    return 0


def cmd_recheck(args: argparse.Namespace, out: IO[str], err: IO[str], confirmer: Confirmer | None) -> int:
    from runners.gate import TerminalConfirmer
    from runners.portfolio import recheck
    from runners.results import check_base_url

    if args.base_url:
        check_base_url(args.base_url)
    result = recheck(
        args.run_dir,
        base_url=args.base_url,
        sandbox=args.sandbox,
        evidence_dir=args.evidence_dir,
        confirmer=confirmer or TerminalConfirmer(stderr=err),
        err=err,
        timeout=args.timeout,
    )
    _summary(result, err)
    if args.json:
        out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code


def cmd_creds(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from runners import credentials

    return credentials.command(args.action, args.vendor, args.account, args.password_stdin, out, err)


def main(
    argv: Sequence[str] | None = None,
    *,
    confirmer: Confirmer | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    browser: Any = None,
) -> int:
    """Run the command line; return the exit code (DESIGN.md).

    ``confirmer`` and ``browser`` let a caller in the same process (tests, a batch) supply the human
    and an already started Chromium; the command line itself uses the terminal and its own browser.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    wants_json = "--json" in argv
    try:
        parser = build_parser()
        if not argv:
            parser.print_help(out)
            return 2
        try:
            with contextlib.redirect_stdout(out):
                args = parser.parse_args(argv)
        except SystemExit as exc:  # --help exits through argparse
            return int(exc.code or 0)
        commands: dict[str, Callable[[], int]] = {
            "vendors": lambda: cmd_vendors(args, out),
            "plan": lambda: cmd_plan(args, out),
            "run": lambda: cmd_run(args, out, err, confirmer, browser),
            "sandbox": lambda: cmd_sandbox(args, out),
            "demo": lambda: cmd_demo(args, out, err),
            "evidence": lambda: cmd_evidence(args, out, err),
            "recheck": lambda: cmd_recheck(args, out, err, confirmer),
            "creds": lambda: cmd_creds(args, out, err),
        }
        if args.command is None:
            parser.print_help(out)
            return 2
        return commands[args.command]()
    except RunnerError as exc:
        err.write(f"cancelproof: {exc}\n")
        if wants_json:
            out.write(
                json.dumps({"outcome": str(exc.outcome), "message": str(exc), "exit_code": exc.outcome.exit_code})
                + "\n"
            )
        return exc.outcome.exit_code
    except KeyboardInterrupt:
        err.write("cancelproof: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1
