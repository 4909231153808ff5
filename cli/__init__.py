"""The ``cancelproof`` command line (docs/design.md): one module per command group, on top of everything.

Nothing imports this package. Imports stay lazy: only ``run``, ``recheck`` and ``demo`` load Playwright.
Every user error is one line on stderr and an exit code; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

from cli import creds, evidence, plan, run, sandbox, vendors
from cli.options import PROG, Console, Parser, fmt
from evidence.errors import EvidenceError
from runners.errors import RunnerError

if TYPE_CHECKING:
    from runners.gate import Confirmer

# command → (its parser, its handler), in the order --help lists them
COMMANDS: dict[str, tuple[Callable[[Any], None], Callable[[argparse.Namespace, Console], int]]] = {
    "vendors": (vendors.add_vendors, vendors.vendors),
    "plan": (plan.add_plan, plan.plan),
    "run": (run.add_run, run.run),
    "sandbox": (sandbox.add_sandbox, sandbox.sandbox),
    "demo": (sandbox.add_demo, sandbox.demo),
    "recheck": (run.add_recheck, run.recheck),
    "evidence": (evidence.add_evidence, evidence.evidence),
    "creds": (creds.add_creds, creds.creds),
}


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


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        formatter_class=fmt,
        description="Cancel SaaS subscriptions through their admin portals, carefully, and keep proof.",
        epilog="Example:\n  cancelproof demo\n  cancelproof run office365 --dry-run --sandbox",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add, _ in COMMANDS.values():
        add(sub)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    confirmer: Confirmer | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    browser: Any = None,
    own_process: bool = False,
) -> int:
    """Run the command line; return the exit code (docs/design.md).

    ``confirmer`` and ``browser`` let a caller in the same process (tests, a batch) supply the human
    and an already started Chromium; the command line itself uses the terminal and its own browser.
    ``own_process``: the process ends when this returns (:func:`command`).
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
        if args.command is None:
            parser.print_help(out)
            return 2
        return COMMANDS[args.command][1](args, Console(out, err, confirmer, browser, own_process))
    except (RunnerError, EvidenceError) as exc:  # the runner's errors, and evidence/'s own (verify, report, export…)
        err.write(f"cancelproof: {exc}\n")
        if wants_json:
            out.write(json.dumps({"outcome": str(exc.outcome), "message": str(exc), "exit_code": exc.exit_code}) + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        err.write("cancelproof: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1


def command() -> NoReturn:
    """The ``cancelproof`` program (its console script, ``python -m cli``, ``python -m runners``): :func:`main`,
    then the process ends with its exit code.

    Python's last act at exit is a garbage collection that walks every object still alive, about 20 ms for a
    run's modules and records, to free nothing a program that is ending needs freed: the objects are moved
    out of its reach first (:func:`gc.freeze`). Everything the command wrote is closed by then; stdout and
    stderr are flushed as at any exit.
    """
    import gc

    code = main(own_process=True)
    gc.freeze()
    sys.exit(code)
