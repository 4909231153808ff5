"""Re-checks that a cancellation held: ``recheck RUN_DIR`` signs in again later, reads the subscription's
status into a new run folder linked to the first one, and says whether the cancellation held."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from runners.errors import UsageError
from runners.model import Mode
from runners.results import Progress, RunOptions, RunResult
from runners.runner import run

if TYPE_CHECKING:
    from runners.gate import Confirmer


def recheck_options(
    run_dir: Path,
    *,
    base_url: str | None,
    sandbox: str | None,
    evidence_dir: Path | None,
    timeout: float = 30.0,
) -> RunOptions:
    """The re-check's options, from the first run's manifest: its vendor, account, subscription and portal.

    Raises:
        UsageError: ``run_dir`` is not a run folder, or the first run cancelled nothing to re-check.
    """
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
    return RunOptions(
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


def recheck(run_dir: Path, opts: RunOptions, confirmer: Confirmer, err: IO[str]) -> RunResult:
    """Read the subscription's status again, into a new run folder that names the first run's manifest."""
    result = run(opts, confirmer, Progress(err))
    _refresh_first_report(run_dir)
    return result


def _refresh_first_report(run_dir: Path) -> None:
    """The first run's report lists its re-checks (the report is derived: rebuilding it changes no evidence)."""
    from evidence.report import write_report  # only when a report is there to rebuild: start-up time

    if (run_dir / "report.html").exists():
        write_report(run_dir, browser=None, keep_pdf=True)
