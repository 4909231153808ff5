"""``evidence verify``: recompute every hash, walk the log chain, check the summary against the record.

Exit 0 intact, 1 altered or missing (each problem names the file), 2 not a run folder. An export
(no internal/ files, no DOM captures) verifies too: the files it withholds are reported as withheld.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence.chain import verify_chain
from evidence.recorder import LOG, MANIFEST, REPORT_SUMS, sha256_file

EXPORT_NOTE = "EXPORT.json"  # written by an export: what was withheld and why


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}{': ' + self.detail if self.detail else ''}"


@dataclass
class Verdict:
    code: int  # 0 intact, 1 altered or missing, 2 not a run folder
    checks: list[Check] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "intact": self.code == 0,
            "exit_code": self.code,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "withheld": self.withheld,
        }


def verify(folder: Path) -> Verdict:
    """Check one run folder (or its unzipped export)."""
    manifest_path = folder / MANIFEST
    if not folder.is_dir() or not manifest_path.is_file():
        return Verdict(2, [Check("run folder", False, f"{folder} has no {MANIFEST}: not a cancelproof run folder")])
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        log_info = manifest["log"]
        run_id = manifest["run_id"]
    except (ValueError, KeyError, TypeError) as exc:
        return Verdict(1, [Check(MANIFEST, False, f"unreadable or incomplete manifest ({exc})")])
    checks: list[Check] = []
    withheld_allowed = _withheld(folder)
    withheld: list[str] = []
    from evidence import signing

    listed = {MANIFEST, REPORT_SUMS, EXPORT_NOTE, "README.txt", signing.SIGNATURES, signing.PUBLIC_KEY}
    for entry in files:
        rel = entry["path"]
        listed.add(rel)
        path = folder / rel
        if not path.is_file():
            if rel in withheld_allowed:
                withheld.append(rel)
                checks.append(Check(rel, True, "withheld from this export (stays on the machine that ran it)"))
            else:
                checks.append(Check(rel, False, "missing"))
            continue
        size = path.stat().st_size
        digest = sha256_file(path)
        if digest != entry["sha256"]:
            checks.append(Check(rel, False, f"altered: sha256 {digest[:12]}… is not {entry['sha256'][:12]}…"))
        elif size != entry["bytes"]:
            checks.append(Check(rel, False, f"altered: {size} bytes, {entry['bytes']} recorded"))
        else:
            checks.append(Check(rel, True, f"sha256 {digest[:12]}…, {size} bytes"))
    derived = _report_sums(folder, manifest_path, checks)
    listed |= derived
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel not in listed:
            checks.append(Check(rel, False, "not in the manifest: added after the run"))
    if LOG in withheld:
        checks.append(Check("log chain", True, "log withheld"))
    elif (folder / LOG).is_file():
        chain = verify_chain(folder / LOG, run_id, log_info.get("head"))
        where = f" at line {chain.line}" if chain.line else ""
        checks.append(
            Check(
                "log chain",
                chain.ok,
                f"{chain.entries} entries from genesis to head {chain.head[:12]}…"
                if chain.ok
                else f"{LOG}{where}: {chain.problem}",
            )
        )
        if chain.ok and chain.entries != log_info.get("entries"):
            checks.append(Check("log chain", False, f"{chain.entries} entries, {log_info.get('entries')} recorded"))
    checks += _summary(manifest, folder)
    checks += [Check(name, ok, detail) for name, ok, detail in signing.check(folder)]
    code = 0 if all(c.ok for c in checks) else 1
    return Verdict(code, checks, withheld)


def _withheld(folder: Path) -> set[str]:
    note = folder / EXPORT_NOTE
    if not note.is_file():
        return set()
    try:
        return set(json.loads(note.read_text(encoding="utf-8")).get("withheld", []))
    except ValueError:
        return set()


def _report_sums(folder: Path, manifest_path: Path, checks: list[Check]) -> set[str]:
    """report.sha256 lists the derived files (report, annotated copies) and the manifest they came from."""
    sums = folder / REPORT_SUMS
    if not sums.is_file():
        return set()
    names: set[str] = set()
    manifest_sha = hashlib.sha256(manifest_path.read_bytes()).hexdigest()
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line.startswith("# built from manifest.json sha256 "):
            built = line.rsplit(" ", 1)[1]
            checks.append(
                Check(
                    REPORT_SUMS,
                    built == manifest_sha,
                    "report built from this manifest"
                    if built == manifest_sha
                    else "the report was built from another manifest",
                )
            )
            continue
        digest, _, rel = line.partition("  ")
        if not rel:
            continue
        names.add(rel)
        path = folder / rel
        if not path.is_file():
            checks.append(Check(rel, False, "missing (listed in report.sha256)"))
        elif sha256_file(path) != digest:
            checks.append(Check(rel, False, "altered (report.sha256)"))
        else:
            checks.append(Check(rel, True, "derived, sha256 matches report.sha256"))
    return names


def _summary(manifest: dict[str, Any], folder: Path) -> list[Check]:
    """The facts the report's summary page states, checked against the record."""
    out: list[Check] = []
    cancel = manifest.get("cancellation")
    outcome = manifest.get("outcome")
    if outcome == "running":
        out.append(Check("outcome", False, "the run never finished writing its manifest"))
    if outcome == "cancelled":
        ok = bool(cancel and cancel.get("requested_at"))
        out.append(
            Check(
                "cancellation",
                ok,
                "time of the irreversible click recorded"
                if ok
                else "outcome is cancelled but no cancellation time is recorded",
            )
        )
    report = folder / "report.html"
    if report.is_file():
        import html

        text = report.read_text(encoding="utf-8")
        stated = [str((manifest.get("subscription") or {}).get("name") or "")]
        if cancel:
            stated += [
                cancel.get("confirmation_id") or cancel.get("confirmation_text") or "",
                cancel.get("effective_end") or "",
            ]
        missing = [s for s in stated if s and html.escape(s) not in text]
        out.append(
            Check(
                "report summary",
                not missing,
                "states the manifest's subscription, confirmation and end date"
                if not missing
                else f"does not state {missing[0]!r} as the manifest records it",
            )
        )
    names = {f["path"] for f in manifest.get("files", [])}
    gate = manifest.get("approver") or {}
    if gate.get("screenshot"):
        ok = gate["screenshot"] in names
        out.append(Check("approver screenshot", ok, gate["screenshot"] if ok else "not among the files"))
    return out
