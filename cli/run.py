"""``run`` (one vendor, or an inventory: cli/inventory.py) and ``recheck``: the runs that walk a portal."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import Any

from cli.options import (
    Console,
    add_evidence_dir,
    add_remote,
    browser_endpoints,
    check_keyring,
    fmt,
    run_options,
    seconds,
    summary,
)
from cli.sandbox import serving
from runners.errors import UsageError


def add_run(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="walk the portal: a dry run, or an assisted cancellation",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof run office365 --dry-run --sandbox\n"
        "  cancelproof run office365 --assisted --base-url https://admin.microsoft.com/\n"
        "  cancelproof run --inventory saas.toml --dry-run --jobs 4\n"
        "  cancelproof run --inventory saas.toml --dry-run --jobs 4 \\\n"
        "      --browser-endpoint http://grid-a:9222 --browser-endpoint http://grid-b:9222",
    )
    p.add_argument("vendor", metavar="VENDOR", nargs="?")
    p.add_argument("--inventory", type=Path, metavar="FILE", help="run every entry of an inventory (TOML)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="with --inventory: dry runs in parallel")
    p.add_argument(
        "--retry-elsewhere",
        action="store_true",
        help="with --inventory and several --browser-endpoint: a dry run whose browser went away runs again on another",
    )
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
    add_remote(p)
    add_evidence_dir(p)
    p.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS", help="bound for each step")
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
        type=seconds,
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


def add_recheck(sub: Any) -> None:
    p = sub.add_parser(
        "recheck",
        help="later: read the subscription's status again and say if the cancel held",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof recheck cancelproof-evidence/office365-20261122T101500Z-1a2b3c4d",
    )
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    p.add_argument("--base-url", metavar="URL", help="the portal (default: the one the first run used)")
    p.add_argument("--sandbox", nargs="?", const="", metavar="SCENARIO", help="re-check on a bundled mock portal")
    add_remote(p)
    p.add_argument("--evidence-dir", type=Path, metavar="DIR", help="default: beside the first run's folder")
    p.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS")
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, io: Console) -> int:
    mode = args.dry_run or args.assisted
    if not args.vendor and not args.inventory:
        msg = (
            "run: name a VENDOR (`cancelproof vendors` lists them) or give --inventory FILE"
            + ("" if mode else ", and --dry-run or --assisted")
            + ", e.g. `cancelproof run office365 --dry-run --sandbox`"
        )
        raise UsageError(msg)
    if not mode:
        msg = "run: choose one of --dry-run or --assisted"
        raise UsageError(msg)
    browser_endpoints(args)  # a bad endpoint, or --headed with one: one line before anything is written
    if args.inventory:
        from cli.inventory import run_inventory  # only with --inventory: start-up time

        check_keyring(args)
        return run_inventory(args, io)
    if args.sandbox is not None and args.base_url:
        msg = "run: --sandbox and --base-url cannot be used together"
        raise UsageError(msg)
    from runners.results import check_base_url  # only for a run: start-up time
    from runners.vendors import vendor  # only for a run: start-up time

    found = vendor(args.vendor)  # unknown vendor: one line before anything is written
    if args.base_url:
        check_base_url(args.base_url)
    check_keyring(args)
    with contextlib.ExitStack() as early:
        if io.browser is None:  # the browser's driver boots while the run's code loads (runners/browser.py)
            from runners.browser import starting_early  # only for a run: start-up time

            refs = (found.flow, found.signin, found.portal if args.sandbox is not None else "")
            code = ["runners.runner", "runners.gate", *(ref.partition(":")[0] for ref in refs if ref)]
            early.enter_context(starting_early(code, freeze=io.own_process))
        return _run(args, io)


def _run(args: argparse.Namespace, io: Console) -> int:
    """One vendor's run, its arguments checked (:func:`run`)."""
    from runners.gate import TerminalConfirmer  # only for a run: start-up time
    from runners.runner import Progress, run  # only for a run: Playwright comes with it

    with serving(args.vendor, args.sandbox, args.locale, args.sandbox_host) as sandbox_url:
        opts = run_options(
            args,
            vendor=args.vendor,
            base_url=sandbox_url or args.base_url,
            sandbox=args.sandbox,
            account=args.account,
            subscription=args.subscription,
            locale=args.locale,
        )
        result = run(opts, io.confirmer or TerminalConfirmer(stderr=io.err), Progress(io.err), browser=io.browser)
    summary(result, io.err)
    if args.json:
        io.out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code


def recheck(args: argparse.Namespace, io: Console) -> int:
    from runners import credentials  # only for a re-check: start-up time
    from runners.gate import TerminalConfirmer  # only for a re-check: start-up time
    from runners.recheck import recheck, recheck_options  # only for a re-check: Playwright comes with it
    from runners.results import check_base_url  # only for a re-check: start-up time

    if args.base_url:
        check_base_url(args.base_url)
    endpoints = browser_endpoints(args)
    credentials.check_backend()  # the portal may ask to sign in again, with the first run's account
    opts = recheck_options(
        args.run_dir,
        base_url=args.base_url,
        sandbox=args.sandbox,
        evidence_dir=args.evidence_dir,
        timeout=args.timeout,
    )
    opts.browser_endpoint = endpoints[0] if endpoints else None
    with serving(opts.vendor, args.sandbox, opts.locale, args.sandbox_host) as sandbox_url:
        if sandbox_url:
            opts.base_url = sandbox_url
        result = recheck(args.run_dir, opts, io.confirmer or TerminalConfirmer(stderr=io.err), io.err)
    summary(result, io.err)
    if args.json:
        io.out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code
