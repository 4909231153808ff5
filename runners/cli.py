"""The ``cancelproof`` command line (docs/design.md). Imports stay lazy: only ``run`` and ``demo`` load Playwright.

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

from runners import commands
from runners.errors import RunnerError, UsageError

if TYPE_CHECKING:
    from runners.gate import Confirmer

PROG = "cancelproof"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # main() says the program's name once: "cancelproof: plan: argument --contract-end: …"
        command = self.prog.removeprefix(PROG).strip()
        raise UsageError(f"{command}: {message}" if command else message)


class _Version(argparse.Action):
    """``--version``: "cancelproof X.Y.Z" on stdout, exit 0 (the installed distribution's version)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version  # only when asked: start-up time

        try:
            number = version(PROG)
        except PackageNotFoundError:  # a source tree never installed (pip install -e . installs it)
            number = "(not installed: pip install -e .)"
        sys.stdout.write(f"{PROG} {number}\n")
        parser.exit(0)


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


def _pem_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        msg = f"--tsa-ca {text}: no such file (give the time-stamping authority's CA bundle, PEM)"
        raise argparse.ArgumentTypeError(msg)
    return path


def build_parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        formatter_class=_fmt,
        description="Cancel SaaS subscriptions through their admin portals, carefully, and keep proof.",
        epilog="Example:\n  cancelproof demo\n  cancelproof run office365 --dry-run --sandbox",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
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
    p.add_argument(
        "--approver",
        metavar='"NAME <EMAIL>"',
        help="the person who approves at the gate, on record (default: CANCELPROOF_APPROVER, else the OS login)",
    )
    p.add_argument(
        "--timestamp",
        metavar="URL",
        help="have manifest.json stamped by this RFC 3161 time-stamping authority (the token stays in the folder)",
    )
    p.add_argument("--reason", metavar="TEXT", help="the reason to give when the portal asks why")
    p.add_argument("--skip-export", action="store_true", help="Salesforce: skip the data export step")
    p.add_argument(
        "--accept-late-notice", action="store_true", help="Salesforce: give notice even after the deadline (recorded)"
    )
    p.add_argument(
        "--when",
        choices=("now", "end-of-term"),
        default=None,
        help="Office 365 MOSA: cancel now (prorated credit) or before the next renewal date (service to the end"
        " of the term, no refund); default: what costs you least, as `plan` says",
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
    q.add_argument("--tsa-ca", type=_pem_file, metavar="FILE", help="check timestamp.tsr against this CA bundle (PEM)")
    q = evs.add_parser(
        "timestamp",
        help="have manifest.json stamped by an RFC 3161 time-stamping authority, later (e.g. from a machine online)",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence timestamp RUN_DIR --tsa https://tsa.example.com/tsr",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("--tsa", required=True, metavar="URL", help="the authority's URL")
    q = evs.add_parser(
        "report",
        help="rebuild report.html and report.pdf from the manifest",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence report RUN_DIR",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q = evs.add_parser(
        "export",
        help="zip the shareable part (no trace, no DOM) of a folder that verifies",
        formatter_class=_fmt,
        epilog="Example:\n  cancelproof evidence export RUN_DIR -o dispute.zip",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip", help="outside RUN_DIR; made 0600")
    q.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    q.add_argument(
        "--allow-altered", action="store_true", help="export a folder that does not verify (EXPORT.json says so)"
    )

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
def main(
    argv: Sequence[str] | None = None,
    *,
    confirmer: Confirmer | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    browser: Any = None,
) -> int:
    """Run the command line; return the exit code (docs/design.md).

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
        table: dict[str, Callable[[], int]] = {
            "vendors": lambda: commands.vendors(args, out),
            "plan": lambda: commands.plan(args, out),
            "run": lambda: commands.run(args, out, err, confirmer, browser),
            "sandbox": lambda: commands.sandbox(args, out),
            "demo": lambda: commands.demo(args, out, err),
            "evidence": lambda: commands.evidence(args, out, err),
            "recheck": lambda: commands.recheck(args, out, err, confirmer),
            "creds": lambda: commands.creds(args, out, err),
        }
        if args.command is None:
            parser.print_help(out)
            return 2
        return table[args.command]()
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
