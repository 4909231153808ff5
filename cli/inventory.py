"""``run --inventory`` and ``plan --inventory``: every entry of an inventory file, one evidence folder each."""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack

from cli.options import Console, browser_endpoints, run_options
from cli.sandbox import serving
from runners import inventory
from runners.errors import UsageError


def plan_inventory(args: argparse.Namespace, io: Console) -> int:
    out = io.out
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


def run_inventory(args: argparse.Namespace, io: Console) -> int:
    """Run every entry (sandbox entries each on their own mock portal, served for the batch's length), on
    Chromiums of this machine or spread over the remote browsers given (docs/scale.md), print a summary table
    and write a batch index that ``evidence verify`` accepts (it says which browser endpoint ran which entry)."""
    from evidence.batchindex import write_index  # only for a batch: start-up time
    from runners.batch import run_batch  # only for a batch: Playwright comes with it
    from runners.gate import TerminalConfirmer  # only for a batch: start-up time

    out, err = io.out, io.err
    if args.vendor or args.sandbox is not None or args.base_url or args.subscription:
        msg = "run --inventory takes the vendor, portal and subscription from the file: drop the others"
        raise UsageError(msg)
    entries = inventory.load(args.inventory)
    if args.jobs < 1:
        msg = "run: --jobs must be 1 or more"
        raise UsageError(msg)
    endpoints = browser_endpoints(args)
    with ExitStack() as portals:
        items = [
            (
                e.label,
                run_options(
                    args,
                    vendor=e.vendor,
                    base_url=portals.enter_context(serving(e.vendor, e.sandbox, e.locale, args.sandbox_host))
                    or e.base_url
                    or None,
                    sandbox=e.sandbox,
                    account=e.account,
                    subscription=e.subscription or None,
                    locale=e.locale,
                ),
            )
            for e in entries
        ]
        ran = run_batch(
            items,
            io.confirmer or TerminalConfirmer(stderr=err),
            stream=err,
            jobs=args.jobs,
            endpoints=endpoints,
            retry_elsewhere=args.retry_elsewhere,
        )
    results = [r.result for r in ran]
    args.evidence_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = [
        {
            "label": label,
            "vendor": e.vendor,
            "subscription": r.result.subscription or e.subscription,
            "outcome": str(r.result.outcome),
            "message": r.result.message,
            "evidence_dir": r.result.evidence_dir,
            "line": str(e.line),
            # which remote browser ran it, masked; an earlier attempt on one that went away (--retry-elsewhere)
            **({"endpoint": r.endpoint} if endpoints else {}),
            **({"retried_after": r.retried} if r.retried else {}),
        }
        for (label, _), e, r in zip(items, entries, ran, strict=True)
    ]
    index = write_index(args.evidence_dir, str(args.inventory), rows)
    worst = max(r.exit_code for r in results)
    if args.json:
        out.write(
            json.dumps(
                {
                    "batch_index": str(index),
                    "exit_code": worst,
                    "runs": [
                        r.result.as_json()
                        | {"label": label}
                        | ({"browser_endpoint": r.endpoint} if endpoints else {})
                        | ({"retried_after": r.retried} if r.retried else {})
                        for (label, _), r in zip(items, ran, strict=True)
                    ],
                }
            )
            + "\n"
        )
        return worst
    widths = (max(len(r["label"]) for r in rows), max(len(r["outcome"]) for r in rows))
    where = max([len("browser"), *(len(r.get("endpoint", "")) for r in rows)])
    browser = f"{'browser'.ljust(where)}  " if endpoints else ""
    out.write(f"{'entry'.ljust(widths[0])}  {'outcome'.ljust(widths[1])}  {browser}evidence folder\n")
    for r in rows:
        browser = f"{r['endpoint'].ljust(where)}  " if endpoints else ""
        out.write(
            f"{r['label'].ljust(widths[0])}  {r['outcome'].ljust(widths[1])}  {browser}"
            f"{r['evidence_dir'] or r['message']}\n"
        )
    out.write(f"\nbatch index: {index}  (check it: cancelproof evidence verify {index})\n")
    return worst
