"""``plan``: the checklist, steps, rules and dates for a vendor, or a whole inventory (no browser)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cli.options import Console, fmt, iso_date
from runners.errors import UsageError


def add_plan(sub: Any) -> None:
    p = sub.add_parser(
        "plan",
        help="the checklist, steps, rules and dates for a vendor (no browser)",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof plan office365\n"
        "  cancelproof plan salesforce --contract-end 2027-03-31\n"
        "  cancelproof plan --inventory saas.toml --ics deadlines.ics",
    )
    p.add_argument("vendor", metavar="VENDOR", nargs="?")
    p.add_argument("--inventory", type=Path, metavar="FILE", help="plan a whole inventory (TOML) instead")
    p.add_argument("--ics", type=Path, metavar="FILE", help="with --inventory: write calendar reminders here")
    p.add_argument("--subscription", metavar="NAME")
    p.add_argument("--contract-end", type=iso_date, metavar="DATE", help="contract end date, YYYY-MM-DD")
    p.add_argument("--start-date", type=iso_date, metavar="DATE", help="start or renewal date, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")


def plan(args: argparse.Namespace, io: Console) -> int:
    if args.inventory:
        from cli.inventory import plan_inventory  # only with --inventory: start-up time

        return plan_inventory(args, io)
    if args.ics:
        msg = "plan: --ics goes with --inventory"
        raise UsageError(msg)
    if not args.vendor:
        msg = "plan: name a VENDOR or give --inventory FILE"
        raise UsageError(msg)
    # the entry points are read only by the commands that name a vendor: start-up time (--help, evidence)
    from runners.vendors import load_flow

    flow = load_flow(args.vendor)
    facts: dict[str, Any] = {"subscription": args.subscription}
    if args.contract_end:
        facts["contract_end"] = args.contract_end
    if args.start_date:
        facts["start_date"] = args.start_date
    dates = flow.dates(facts) if flow.dates else []
    notes = flow.notes(facts) if flow.notes else []
    out = io.out
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
    if flow.rules:
        w("\nRules checked on the portal:\n" + "".join(f"  - {r.description}\n" for r in flow.rules))
    if dates:
        w("\nDates that matter:\n" + "".join(f"  {d:12} {what}\n" for what, d in dates))
    if flow.after:
        w("\nAfter cancelling:\n" + "".join(f"  - {a}\n" for a in flow.after))
    if notes:
        w("\nNotes:\n" + "".join(f"  {n}\n" for n in notes))
    return 0
