"""What every command group shares: the parser class, argument types, the run options, the one-line summary."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from runners.errors import UsageError

if TYPE_CHECKING:
    from runners.gate import Confirmer
    from runners.results import RunOptions, RunResult

PROG = "cancelproof"


@dataclass(frozen=True)
class Console:
    """Where a command writes, and who answers it: the terminal, or a caller in the same process (tests, a batch)
    that supplies the human (``confirmer``) and an already started Chromium (``browser``)."""

    out: IO[str]
    err: IO[str]
    confirmer: Confirmer | None = None
    browser: Any = None
    own_process: bool = False  # the process is this one command (:func:`cli.command`), ended when it returns


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # main() says the program's name once: "cancelproof: plan: argument --contract-end: …"
        command = self.prog.removeprefix(PROG).strip()
        raise UsageError(f"{command}: {message}" if command else message)


def fmt(prog: str) -> argparse.RawDescriptionHelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"bad date {text!r}: write YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        msg = f"bad --timeout {text!r}: give a number of seconds above 0"
        raise argparse.ArgumentTypeError(msg)
    return value


def pem_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        msg = f"--tsa-ca {text}: no such file (give the time-stamping authority's CA bundle, PEM)"
        raise argparse.ArgumentTypeError(msg)
    return path


def add_evidence_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--evidence-dir",
        type=Path,
        metavar="DIR",
        default=Path(os.environ.get("CANCELPROOF_EVIDENCE_DIR") or "cancelproof-evidence"),
    )


def add_remote(p: argparse.ArgumentParser) -> None:
    """--browser-endpoint and --sandbox-host: a run on a remote browser (docs/scale.md)."""
    p.add_argument(
        "--browser-endpoint",
        action="append",
        metavar="URL",
        help="walk the portal in the browser at URL: a Chrome DevTools endpoint (http://HOST:PORT) or a Playwright"
        " server (ws://…); cdp+URL or pw+URL says which. Again for more browsers (a batch spreads over them)."
        " Default: CANCELPROOF_BROWSER_ENDPOINT (URLs separated by spaces), else a Chromium of this machine",
    )
    p.add_argument(
        "--sandbox-host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="serve --sandbox portals on ADDRESS, where the remote browser can reach them (default: 127.0.0.1)",
    )


def browser_endpoints(args: argparse.Namespace) -> list[str]:
    """The remote browsers a command runs on: --browser-endpoint's, else CANCELPROOF_BROWSER_ENDPOINT's (URLs
    separated by spaces); none: a Chromium of this machine.

    Raises:
        UsageError: one is not an endpoint URL, or --headed asks for a window a remote browser cannot show here.
    """
    from runners.browser import parse_endpoint  # only for a run: start-up time

    given = getattr(args, "browser_endpoint", None) or os.environ.get("CANCELPROOF_BROWSER_ENDPOINT", "").split()
    for endpoint in given:
        parse_endpoint(endpoint)
    if given and getattr(args, "headed", False):
        msg = "--headed shows a window on this machine: it cannot be used with a remote browser (--browser-endpoint)"
        raise UsageError(msg)
    return list(given)


def check_keyring(args: argparse.Namespace) -> None:
    """A keyring set up wrong is one line now, not a failure mid-run: when the run may sign in with a stored
    password (--account, an inventory's accounts) or will sign its manifest (--sign, which needs a backend)."""
    if args.account or args.inventory or args.sign:
        from runners import credentials  # only for a run: start-up time

        credentials.check_backend(needed=args.sign)


def run_options(args: argparse.Namespace, **fields: Any) -> RunOptions:
    """The options ``run`` gives every run (mode, evidence, timeouts, vendor options, profile), plus ``fields``.

    Raises:
        UsageError: the --profile folder cannot be created.
    """
    from runners.gate import parse_approver  # only for a run: start-up time
    from runners.model import Mode  # only for a run: start-up time
    from runners.results import RunOptions  # only for a run: start-up time

    if args.profile is not None:
        from runners.session import prepare_profile  # only with --profile: start-up time

        try:
            prepare_profile(args.profile)
        except OSError as exc:
            msg = f"cannot create the profile folder {args.profile}: {exc.strerror or exc}"
            raise UsageError(msg) from None
    approver, source = getattr(args, "approver", None) or "", "--approver"
    if not approver and os.environ.get("CANCELPROOF_APPROVER"):  # the configured default
        approver, source = os.environ["CANCELPROOF_APPROVER"], "CANCELPROOF_APPROVER"
    if approver:
        approver = parse_approver(approver, source)
    stamp_url = ""
    if getattr(args, "timestamp", None):
        from evidence.timestamp import check_url  # only with --timestamp: it loads urllib.request (start-up time)

        stamp_url = check_url(args.timestamp)
    endpoints = browser_endpoints(args)
    return RunOptions(
        mode=Mode.DRY_RUN if args.dry_run else Mode.ASSISTED,
        headed=args.headed,
        evidence_dir=args.evidence_dir,
        timeout=args.timeout,
        trace=args.trace,
        extra={
            "reason": args.reason,
            "skip_export": args.skip_export,
            "accept_late_notice": args.accept_late_notice,
            "when": getattr(args, "when", None),
            # recorded in the manifest's own sections (approver, timestamp), not among the vendor options
            "approver": approver,
            "approver_source": source if approver else "",
            "timestamp": stamp_url,
        },
        profile=args.profile,
        code_timeout=args.code_timeout,
        sign=args.sign,
        browser_endpoint=endpoints[0] if endpoints else None,  # a batch gives each run its worker's endpoint
        **fields,
    )


def summary(result: RunResult, err: IO[str]) -> None:
    said = str(result.message)
    if said.startswith(f"{result.outcome}: "):  # "cancelled: Disabled" is said once, not "cancelled: cancelled: …"
        said = said[len(f"{result.outcome}: ") :]
    err.write(f"\n{result.outcome}: {said}\n")
    if result.subscription:
        err.write(f"  subscription: {result.subscription}\n")
    err.write(f"  evidence:     {result.evidence_dir}\n")
    if result.report:
        err.write(f"  report:       {result.report}\n")
