"""Batch runs over an inventory, and re-checks that a cancellation held.

``run --inventory FILE --dry-run`` runs every entry (one evidence folder each), prints a summary table
and writes a batch index that ``evidence verify`` accepts. ``recheck RUN_DIR`` signs in again later,
reads the subscription's status into a new run folder linked to the first one, and says whether the
cancellation held.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from runners.errors import UsageError
from runners.model import Mode

if TYPE_CHECKING:
    from runners.gate import Confirmer
    from runners.results import RunResult


def run_inventory(args: argparse.Namespace, out: IO[str], err: IO[str], confirmer: Confirmer | None) -> int:
    from evidence.batchindex import write_index
    from runners import inventory
    from runners.batch import run_many
    from runners.commands import run_options
    from runners.gate import TerminalConfirmer

    if args.vendor or args.sandbox is not None or args.base_url or args.subscription:
        msg = "run --inventory takes the vendor, portal and subscription from the file: drop the others"
        raise UsageError(msg)
    entries = inventory.load(args.inventory)
    if args.jobs < 1:
        msg = "run: --jobs must be 1 or more"
        raise UsageError(msg)
    items = [
        (
            e.label,
            run_options(
                args,
                vendor=e.vendor,
                base_url=e.base_url or None,
                sandbox=e.sandbox,
                account=e.account,
                subscription=e.subscription or None,
                locale=e.locale,
            ),
        )
        for e in entries
    ]
    results = run_many(items, confirmer or TerminalConfirmer(stderr=err), stream=err, jobs=args.jobs)
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


def recheck(
    run_dir: Path,
    *,
    base_url: str | None,
    sandbox: str | None,
    evidence_dir: Path | None,
    confirmer: Confirmer,
    err: IO[str],
    timeout: float = 30.0,
) -> RunResult:
    """Read the subscription's status again, into a new run folder that names the first run's manifest.

    Raises:
        UsageError: ``run_dir`` is not a run folder, or the first run cancelled nothing to re-check.
    """
    from runners.results import Progress, RunOptions
    from runners.runner import run

    manifest_path = run_dir / "manifest.json"
    if not manifest_path.is_file():
        msg = f"{run_dir} has no manifest.json: not a cancelproof run folder"
        raise UsageError(msg)
    raw = manifest_path.read_bytes()
    first: dict[str, Any] = json.loads(raw)
    name = (first.get("subscription") or {}).get("name")
    if not name:
        msg = f"{run_dir}: the first run never identified a subscription to re-check"
        raise UsageError(msg)
    opts = RunOptions(
        vendor=first["vendor"],
        mode=Mode.RECHECK,
        base_url=base_url or (None if sandbox is not None else first.get("base_url")),
        sandbox=sandbox,
        account=first.get("account", ""),
        subscription=name,
        locale=first.get("locale", "en"),
        evidence_dir=evidence_dir or run_dir.parent,
        timeout=timeout,
        trace=False,
        recheck_of={
            "run_id": first.get("run_id"),
            "manifest_sha256": hashlib.sha256(raw).hexdigest(),
            "evidence_dir": str(run_dir),
            "outcome": first.get("outcome"),
            "cancelled_at": (first.get("cancellation") or {}).get("requested_at", ""),
        },
    )
    result = run(opts, confirmer, Progress(err))
    _refresh_first_report(run_dir)
    return result


def _refresh_first_report(run_dir: Path) -> None:
    """The first run's report lists its re-checks (the report is derived: rebuilding it changes no evidence)."""
    from evidence.report import write_report

    if (run_dir / "report.html").exists():
        write_report(run_dir, browser=None, keep_pdf=True)
