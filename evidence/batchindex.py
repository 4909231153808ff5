"""The batch index: one file that lists a batch's runs and the sha256 of each run's manifest.

``evidence verify batch-….json`` verifies every run folder it names and that each manifest is the
one the index recorded (a folder swapped for another run's is caught).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evidence.paths import Unsafe, read_small
from evidence.recorder import MANIFEST, utc_now
from evidence.verify import MANIFEST_LIMIT, verify

FORMAT = "cancelproof-batch/1"


def write_index(root: Path, source: str, runs: Sequence[dict[str, Any]]) -> Path:
    """Write ``<root>/batch-<UTC>-<id>.json`` (0600); each run dict has label, outcome, evidence_dir."""
    rows = []
    for run in runs:
        folder = Path(run["evidence_dir"]) if run.get("evidence_dir") else None
        manifest = folder / MANIFEST if folder else None
        rows.append(
            {
                **run,
                "evidence_dir": os.path.relpath(folder, root) if folder else "",
                "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest()
                if manifest and manifest.is_file()
                else "",
            }
        )
    doc = {"format": FORMAT, "created_at": utc_now(), "source": source, "runs": rows}
    path = root / f"batch-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    return path


def is_index(path: Path) -> bool:
    if not path.is_file() or path.suffix != ".json":
        return False
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("format") == FORMAT)
    except (ValueError, OSError, AttributeError):
        return False


def verify_index(path: Path) -> tuple[int, list[tuple[bool, str]]]:
    """(exit code, lines): 0 when every listed run verifies and its manifest is the one recorded.

    A damaged index (a field of the wrong type, a run that is not an object) is a failed line, exit 1.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        return 1, [(False, f"{path.name}: unreadable ({type(exc).__name__})")]
    runs = doc.get("runs") if isinstance(doc, dict) else None
    if not isinstance(runs, list):
        return 1, [(False, f"{path.name}: has no list of runs")]
    lines: list[tuple[bool, str]] = []
    worst = 0
    for number, run in enumerate(runs, 1):
        if not isinstance(run, dict):
            lines.append((False, f"run {number} of the index: not an object"))
            worst = 1
            continue
        label = str(run.get("label", "?"))
        where = run.get("evidence_dir")
        if not where:
            lines.append((True, f"{label}: no evidence folder ({run.get('outcome')}: {run.get('message', '')})"))
            continue
        if not isinstance(where, str) or "\x00" in where:
            lines.append((False, f"{label}: the index's evidence_dir is not a path"))
            worst = 1
            continue
        folder = (path.parent / where).resolve()
        verdict = verify(folder)
        try:
            sha = hashlib.sha256(read_small(folder, MANIFEST, MANIFEST_LIMIT)).hexdigest()
        except (Unsafe, OSError):
            sha = ""
        same = bool(sha) and sha == run.get("manifest_sha256")
        ok = verdict.code == 0 and same
        why = "intact" if ok else verdict.problem or "manifest differs from the one the index recorded"
        lines.append((ok, f"{label}: {where}: {why}"))
        worst = max(worst, 0 if ok else 1)
    return worst, lines
