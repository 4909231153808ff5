"""``vendors``: the vendors installed (each registers itself under the entry-point group cancelproof.vendors),
with the package each comes from; a plugin that cannot be loaded is one line on stderr."""

from __future__ import annotations

import argparse
import json
from typing import Any

from cli.options import PROG, Console, fmt


def add_vendors(sub: Any) -> None:
    p = sub.add_parser(
        "vendors",
        help="list the vendors cancelproof knows",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof vendors --json",
    )
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")


def vendors(args: argparse.Namespace, io: Console) -> int:
    # reading the entry points costs start-up time every other command (and --help) would pay
    from runners.vendors import PROBLEMS, VENDORS

    if args.json:
        listed = [{"name": v.name, "title": v.title, "package": v.package} for v in VENDORS.values()]
        io.out.write(json.dumps({"vendors": listed}) + "\n")
    else:
        for v in VENDORS.values():
            io.out.write(f"{v.name:12} {v.title}  ({v.package or 'no package'})\n")
    for problem in PROBLEMS:
        io.err.write(f"{PROG}: vendor {problem}\n")
    return 0
