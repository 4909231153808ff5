"""``run --inventory`` and ``plan --inventory``: every entry of an inventory file, one evidence folder each."""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack

from cli.options import Console, run_options
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
    """Run every entry (sandbox entries each on their own mock portal, served for the batch's length), print a
    summary table and write a batch index that ``evidence verify`` accepts."""
    # only for a batch: start-up time
    from evidence.batchindex import write_index
    from runners.batch import run_many
    from runners.gate import TerminalConfirmer

    out, err = io.out, io.err
    if args.vendor or args.sandbox is not None or args.base_url or args.subscription:
        msg = "run --inventory takes the vendor, portal and subscription from the file: drop the others"
        raise UsageError(msg)
    entries = inventory.load(args.inventory)
    if args.jobs < 1:
        msg = "run: --jobs must be 1 or more"
        raise UsageError(msg)
    with ExitStack() as portals:
        items = [
            (
                e.label,
                run_options(
                    args,
                    vendor=e.vendor,
                    base_url=portals.enter_context(serving(e.vendor, e.sandbox, e.locale)) or e.base_url or None,
                    sandbox=e.sandbox,
                    account=e.account,
                    subscription=e.subscription or None,
                    locale=e.locale,
                ),
            )
            for e in entries
        ]
        results = run_many(items, io.confirmer or TerminalConfirmer(stderr=err), stream=err, jobs=args.jobs)
    args.evidence_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = [
        {
            "label": label,
            "vendor": e.vendor,
            "subscription": r.subscription or e.subscription,
            "outcome": str(r.outcome),
            "message": r.message,
            "evidence_dir": r.evidence_dir,
            "line": str(e.line),
        }
        for (label, _), e, r in zip(items, entries, results, strict=True)
    ]
    index = write_index(args.evidence_dir, str(args.inventory), rows)
    worst = max(r.exit_code for r in results)
    if args.json:
        out.write(
            json.dumps(
                {
                    "batch_index": str(index),
                    "exit_code": worst,
                    "runs": [r.as_json() | {"label": label} for (label, _), r in zip(items, results, strict=True)],
                }
            )
            + "\n"
        )
        return worst
    widths = (max(len(r["label"]) for r in rows), max(len(r["outcome"]) for r in rows))
    out.write(f"{'entry'.ljust(widths[0])}  {'outcome'.ljust(widths[1])}  evidence folder\n")
    for r in rows:
        out.write(
            f"{r['label'].ljust(widths[0])}  {r['outcome'].ljust(widths[1])}  {r['evidence_dir'] or r['message']}\n"
        )
    out.write(f"\nbatch index: {index}  (check it: cancelproof evidence verify {index})\n")
    return worst
