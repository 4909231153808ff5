"""``sandbox`` and ``demo``: the bundled mock portals, served on a loopback port (or the --sandbox-host a remote
browser reaches) around a run, or on their own."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cli.options import Console, add_evidence_dir, add_remote, browser_endpoints, fmt

LOOPBACK = "127.0.0.1"


def add_sandbox(sub: Any) -> None:
    p = sub.add_parser(
        "sandbox",
        help="serve a mock portal on a loopback port",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof sandbox office365 --port 8365 --scenario mosa,locale=fr",
    )
    p.add_argument("vendor", nargs="?", default="office365", metavar="VENDOR")
    p.add_argument("--port", type=int, default=0)
    p.add_argument(
        "--host",
        default=LOOPBACK,
        metavar="ADDRESS",
        help="the address to serve on (default: 127.0.0.1; a remote browser needs one it can reach)",
    )
    p.add_argument("--scenario", default=None, metavar="SCENARIO")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")


def add_demo(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="a dry run of every vendor on its sandbox, with evidence",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof demo --evidence-dir /tmp/ev",
    )
    add_evidence_dir(p)
    add_remote(p)
    p.add_argument("--json", action="store_true")


@contextmanager
def serving(vendor: str, scenario: str | None, locale: str = "en", host: str = LOOPBACK) -> Iterator[str | None]:
    """The vendor's mock portal on a free port of ``host`` for as long as the block runs: its URL (None: no
    sandbox).

    ``scenario`` is ``--sandbox``'s value ("" the default scenario, "NAME[,key=value…]"); the run's
    --locale is the portal's unless the scenario names one. ``host`` is --sandbox-host: loopback unless a
    remote browser must reach the portal.

    Raises:
        UsageError: ``host`` cannot be bound on this machine.
    """
    if scenario is None:
        yield None
        return
    from runners.vendors import portal_class  # only around a sandbox run: start-up time
    from sandboxes.server import SandboxServer  # only around a sandbox run: start-up time

    overrides = {} if "locale=" in scenario else {"locale": locale}
    server = SandboxServer(portal_class(vendor)(scenario or None, **overrides), host=host).start()
    try:
        yield server.url
    finally:
        server.stop()


def sandbox(args: argparse.Namespace, io: Console) -> int:
    from runners.vendors import portal_class  # only for this command: start-up time
    from sandboxes.server import SandboxServer  # only for this command: start-up time

    out = io.out
    cls = portal_class(args.vendor)
    if args.list:
        for name, options in cls.scenarios.items():
            out.write(f"{name:22} {', '.join(f'{k}={v}' for k, v in options.items())}\n")
        out.write("\nvariant=NAME+NAME… (how another tenant's portal draws the same screens):\n")
        for name, what in sorted({**cls.shared_variants, **cls.vendor_variants}.items()):
            out.write(f"  {name:20} {what}\n")
        return 0
    server = SandboxServer(cls(args.scenario), port=args.port, host=args.host)
    out.write(f"{cls.brand} sandbox ({server.portal.options['scenario']}) at {server.url}  (Ctrl-C stops)\n")
    out.flush()
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


def demo(args: argparse.Namespace, io: Console) -> int:
    from runners.gate import ScriptedConfirmer  # only for this command: start-up time
    from runners.model import Mode  # only for this command: start-up time
    from runners.runner import Progress, RunOptions, run  # only for this command: Playwright comes with the run
    from runners.vendors import VENDORS  # only for this command: start-up time

    out, err = io.out, io.err
    endpoints = browser_endpoints(args)
    results = []
    for vendor in VENDORS:
        err.write(f"\n=== {vendor} ===\n")
        with serving(vendor, "", host=args.sandbox_host) as url:
            opts = RunOptions(
                vendor=vendor,
                mode=Mode.DRY_RUN,
                base_url=url,
                sandbox="",
                evidence_dir=args.evidence_dir,
                browser_endpoint=endpoints[0] if endpoints else None,
            )
            results.append(run(opts, ScriptedConfirmer(), Progress(err)))
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
