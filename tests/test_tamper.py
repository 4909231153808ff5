"""The tamper corpus: damage done to copies of real run folders, each with its exit code and its one line.

Every case runs the real ``cancelproof evidence verify`` (in-process through ``cli.main``; a few
as ``python -m runners`` subprocesses) in text and JSON mode, and asserts the exit code, exactly one
line on stderr naming the problem, exactly one JSON object with ``--json``, and no traceback anywhere.
Damage marked "resealed" is a forger's: the manifest's hashes and report.sha256 are rebuilt around
it, so only the deeper check (paths, the chain, the record against the log) can catch it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli import main
from evidence.chain import canonical, entry_hash, genesis
from runners.gate import ScriptedConfirmer
from tests.helpers import manifest_of

BUILT_FROM = "# built from manifest.json sha256 "


# --- real folders, made once ---------------------------------------------------------------------------
def _run(vendor: str, portal: Any, evidence: Path, browser: Any, *argv: str, confirmer: Any = None) -> Path:
    from sandboxes.server import SandboxServer

    with SandboxServer(portal) as server:
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["run", vendor, "--base-url", server.url, "--evidence-dir", str(evidence), "--json", *argv],
            confirmer=confirmer,
            stdout=out,
            stderr=err,
            browser=browser,
        )
    assert code == 0, err.getvalue()
    return Path(json.loads(out.getvalue())["evidence_dir"])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> dict[str, Path]:
    """A dry run and an assisted cancellation on Office 365, an assisted Salesforce run (two gates), an export."""
    from sandboxes.office365.portal import Office365Portal
    from sandboxes.salesforce.portal import SalesforcePortal

    evidence = tmp_path_factory.mktemp("ev")
    folders = {
        "dry": _run("office365", Office365Portal(), evidence, browser, "--dry-run"),
        "assisted": _run(
            "office365", Office365Portal(), evidence, browser, "--assisted", confirmer=ScriptedConfirmer(True)
        ),
        "salesforce": _run(
            "salesforce", SalesforcePortal(), evidence, browser, "--assisted", confirmer=ScriptedConfirmer(True, True)
        ),
    }
    zipped = tmp_path_factory.mktemp("zip") / "dispute.zip"
    assert main(["evidence", "export", str(folders["assisted"]), "-o", str(zipped)], stdout=io.StringIO()) == 0
    unzipped = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(zipped) as zf:
        zf.extractall(unzipped)
    folders["export"] = unzipped / folders["assisted"].name
    return folders


def copy_of(runs: dict[str, Path], kind: str, tmp_path: Path) -> Path:
    copy = tmp_path / "copies" / runs[kind].name
    shutil.copytree(runs[kind], copy, symlinks=True)
    return copy


# --- a forger's tools ------------------------------------------------------------------------------------
def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(folder: Path, manifest: Any) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def plain_file(folder: Path, rel: str) -> bool:
    path = folder / rel
    return path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(folder.resolve())


def reseal(folder: Path) -> None:
    """Rebuild every hash a forger can: the manifest's sha256 and bytes, report.sha256 and its manifest hash."""
    manifest = manifest_of(folder)
    for entry in manifest["files"]:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str) and plain_file(folder, entry["path"]):
            entry["sha256"], entry["bytes"] = sha(folder / entry["path"]), (folder / entry["path"]).stat().st_size
    save(folder, manifest)
    reseal_sums(folder)


def reseal_sums(folder: Path) -> None:
    """Rebuild report.sha256 around the manifest and the derived files as they are now."""
    sums = folder / "report.sha256"
    if sums.is_file():
        lines = []
        for line in sums.read_bytes().decode("utf-8", "surrogateescape").splitlines():
            rel = line.partition("  ")[2]
            if line.startswith(BUILT_FROM):
                line = BUILT_FROM + sha(folder / "manifest.json")
            elif rel and plain_file(folder, rel):
                line = f"{sha(folder / rel)}  {rel}"
            lines.append(line)
        sums.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))


def manifest_edit(change: Callable[[Any], Any], resealed: bool = True) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        manifest = manifest_of(folder)
        change(manifest)
        save(folder, manifest)
        if resealed:
            reseal(folder)

    return damage


def log_edit(change: Callable[[list[bytes]], list[bytes]]) -> Callable[[Path], None]:
    """Change log.jsonl's lines (bytes, without their line ends), then reseal."""

    def damage(folder: Path) -> None:
        log = folder / "log.jsonl"
        lines = change(log.read_bytes().split(b"\n")[:-1])
        log.write_bytes(b"".join(line + b"\n" for line in lines))
        reseal(folder)

    return damage


def rechain(folder: Path, entries: list[dict[str, Any]], everything: bool = True) -> None:
    """Write ``entries`` as a valid chain from the run's genesis, and point the manifest at its head.

    ``everything`` reseals every hash; else only the log's own entry in the manifest (report.sha256 then
    names another manifest, which is beside the point of a test that only wants no exception).
    """
    manifest = manifest_of(folder)
    prev = genesis(manifest["run_id"])
    lines = []
    for number, raw in enumerate(entries, 1):
        entry = {k: v for k, v in raw.items() if k != "hash"} | {"seq": number, "prev": prev}
        entry["hash"] = prev = entry_hash(prev, entry)
        lines.append(canonical(entry) + "\n")
    (folder / "log.jsonl").write_text("".join(lines))
    manifest["log"] |= {"head": prev, "entries": len(lines)}
    if not everything:
        entry = next(e for e in manifest["files"] if e["path"] == "log.jsonl")
        entry["sha256"], entry["bytes"] = sha(folder / "log.jsonl"), (folder / "log.jsonl").stat().st_size
    save(folder, manifest)
    if everything:
        reseal(folder)


def entries_of(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "log.jsonl").read_text().splitlines()]


def first_shot(folder: Path) -> Path:
    return sorted((folder / "screenshots").glob("*.png"))[0]


def flip_byte(path: Path, at: int = 100, value: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    data[at] = data[at] ^ 0xFF if value is None else value
    path.write_bytes(bytes(data))


def with_confirmation_seen(folder: Path) -> None:
    """The log as a runner that logs the vendor's confirmation writes it (a confirmation_seen entry)."""
    cancel = manifest_of(folder)["cancellation"]
    entries = entries_of(folder)
    seen = {
        "event": "confirmation_seen",
        "level": "info",
        "step": "read_confirmation",
        "ts": cancel["confirmed_at"].replace("Z", "500Z"),
        "confirmation_id": cancel["confirmation_id"],
        "text": cancel["confirmation_text"],
        "effective_end": cancel["effective_end"],
        "status_after": cancel["status_after"],
        "seen_at": cancel["confirmed_at"],
    }
    rechain(folder, [*entries[:-1], seen, entries[-1]])


# --- the damage ------------------------------------------------------------------------------------------
def _shot_deleted(f: Path) -> None:
    first_shot(f).unlink()


def _shot_truncated(f: Path) -> None:
    shot = first_shot(f)
    shot.write_bytes(shot.read_bytes()[:1000])


def _shot_symlinked(f: Path) -> None:
    shot = first_shot(f)
    outside = f.parent / "elsewhere.png"
    shutil.copy(shot, outside)
    shot.unlink()
    shot.symlink_to(outside)


def _screenshots_folder_symlinked(f: Path) -> None:
    outside = f.parent / "screenshots-elsewhere"
    shutil.move(f / "screenshots", outside)
    (f / "screenshots").symlink_to(outside, target_is_directory=True)


def _fifo_for_log(f: Path) -> None:
    (f / "log.jsonl").unlink()
    os.mkfifo(f / "log.jsonl")


def _export_note_in_run_folder(f: Path) -> None:
    shot = first_shot(f)
    shot.unlink()
    (f / "log.jsonl").unlink()
    withheld = [f"screenshots/{shot.name}", "log.jsonl"]
    (f / "EXPORT.json").write_text(json.dumps({"withheld": withheld}))


def _listed_outside(rel_or_abs: str) -> Callable[[Path], None]:
    def damage(f: Path) -> None:
        target = (f / rel_or_abs) if not rel_or_abs.startswith("/") else Path(rel_or_abs)
        if not rel_or_abs.startswith("/etc/"):
            target.write_text("planted outside the folder\n")
        manifest = manifest_of(f)
        manifest["files"].append(
            {"path": rel_or_abs, "sha256": sha(target), "bytes": target.stat().st_size, "media_type": "text/plain"}
        )
        save(f, manifest)
        reseal(f)

    return damage


def _sums_line(line: str) -> Callable[[Path], None]:
    def damage(f: Path) -> None:
        (f / "extra.txt").write_text("derived?\n")
        with (f / "report.sha256").open("a") as fh:
            fh.write(line.format(sha=sha(f / "extra.txt")) + "\n")

    return damage


def _report_words_changed(f: Path) -> None:
    report = f / "report.html"
    report.write_text(report.read_text().replace("Cancelled online", "Cancelled by telephone"))
    reseal(f)


def _outcome_changed_and_report_rebuilt(f: Path) -> None:
    manifest = manifest_of(f)
    manifest["outcome"] = "already-cancelled"
    save(f, manifest)
    assert main(["evidence", "report", str(f)], stdout=io.StringIO(), stderr=io.StringIO()) == 0


def _backdated(days: int, confirmation_only: bool) -> Callable[[Any], None]:
    from datetime import datetime, timedelta

    def shift(value: str) -> str:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")) - timedelta(days=days)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def change(m: Any) -> None:
        c = m["cancellation"]
        c["confirmed_at"] = shift(c["confirmed_at"])
        if not confirmation_only:
            c["requested_at"] = shift(c["requested_at"])

    return change


def _approver_changed(m: Any) -> None:
    for answer in [m["approver"], *m["approvals"]]:
        answer["approver"] = "Jane Roe <jane@contoso.example>"


def _log_removed_and_unlisted(f: Path) -> None:
    (f / "log.jsonl").unlink()
    manifest = manifest_of(f)
    manifest["files"] = [e for e in manifest["files"] if e["path"] != "log.jsonl"]
    save(f, manifest)
    reseal(f)


def _manifest_symlinked(f: Path) -> None:
    outside = f.parent / "manifest-elsewhere.json"
    shutil.move(f / "manifest.json", outside)
    (f / "manifest.json").symlink_to(outside)


def _confirmation_text_changed(f: Path) -> None:
    with_confirmation_seen(f)
    manifest = manifest_of(f)
    manifest["cancellation"]["confirmation_text"] = "Your subscription was cancelled on 1 January."
    save(f, manifest)
    reseal(f)


def _export_note(change: Callable[[dict[str, Any], Path], None]) -> Callable[[Path], None]:
    def damage(f: Path) -> None:
        note = json.loads((f / "EXPORT.json").read_text())
        change(note, f)
        (f / "EXPORT.json").write_text(json.dumps(note))

    return damage


def _export_withholds_log(note: dict[str, Any], f: Path) -> None:
    (f / "log.jsonl").unlink()
    note["withheld"].append("log.jsonl")


def _seq_as_text(folder: Path) -> None:
    entries = entries_of(folder)
    manifest = manifest_of(folder)
    prev = entries[0]["hash"]
    second = {k: v for k, v in entries[1].items() if k != "hash"} | {"seq": "2"}
    second["hash"] = entry_hash(prev, second)
    lines = (folder / "log.jsonl").read_text().splitlines()
    lines[1] = canonical(second)
    (folder / "log.jsonl").write_text("\n".join(lines) + "\n")
    save(folder, manifest)
    reseal(folder)


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # which real folder is damaged: dry, assisted, salesforce, export
    damage: Callable[[Path], object]  # what it returns (a write's byte count) is not read
    code: int
    line: str  # a regex for the one line on stderr (after "cancelproof: ")
    listed: str = ""  # a regex for a line of the full list on stdout, when the one line names another problem


SHOT = r"screenshots/\d\d-[a-z0-9-]+\.png"
CASES = [
    Case("screenshot-byte-changed", "dry", lambda f: flip_byte(first_shot(f)), 1, SHOT + r": altered: sha256 "),
    Case("screenshot-deleted", "dry", _shot_deleted, 1, SHOT + r": missing$"),
    Case("screenshot-truncated", "assisted", _shot_truncated, 1, SHOT + r": altered: 1000 bytes, \d+ recorded"),
    Case(
        "file-added",
        "dry",
        lambda f: (f / "screenshots" / "99-later.png").write_bytes(b"x"),
        1,
        r"screenshots/99-later\.png: not in the manifest: added after the run",
    ),
    Case(
        "log-line-edited (resealed)",
        "assisted",
        log_edit(lambda ls: [*ls[:3], ls[3][:-1] + b',"note":"added later"}', *ls[4:]]),
        1,
        r"log chain: log\.jsonl line 4: line edited",
    ),
    Case(
        "log-line-removed (resealed)",
        "assisted",
        log_edit(lambda ls: ls[:3] + ls[4:]),
        1,
        r"log\.jsonl line 4: chain broken",
    ),
    Case("log-end-cut (resealed)", "assisted", log_edit(lambda ls: ls[:-2]), 1, r"log\.jsonl: the log ends before"),
    Case(
        "log-byte-0xFF (resealed)",
        "assisted",
        log_edit(lambda ls: [*ls[:2], ls[2][:20] + b"\xff" + ls[2][21:], *ls[3:]]),
        1,
        r"log\.jsonl line 3: not UTF-8 text",
    ),
    Case(
        "log-byte-0xFF",
        "dry",
        lambda f: flip_byte(f / "log.jsonl", 50, 0xFF),
        1,
        r"log\.jsonl: altered: sha256",
        r"log\.jsonl line 1: not UTF-8 text",
    ),
    Case(
        "log-line-a-JSON-list (resealed)",
        "dry",
        log_edit(lambda ls: [*ls[:2], b"[1, 2, 3]", *ls[3:]]),
        1,
        r"line 3: not a JSON object but list",
    ),
    Case(
        "log-line-not-JSON (resealed)",
        "dry",
        log_edit(lambda ls: [*ls[:2], b"{not json", *ls[3:]]),
        1,
        r"line 3: not a JSON line",
    ),
    Case(
        "log-line-nested-100000-deep (resealed)",
        "dry",
        log_edit(lambda ls: [*ls[:2], b"[" * 100_000 + b"]" * 100_000, *ls[3:]]),
        1,
        r"line 3: not a log line: nested too deep",
    ),
    Case(
        "log-line-of-5-MiB (resealed)",
        "dry",
        log_edit(lambda ls: [*ls[:2], b'"' + b"x" * (5 << 20) + b'"', *ls[3:]]),
        1,
        r"line 3: longer than 4 MiB",
    ),
    Case(
        "log-seq-as-text (rechained)",
        "dry",
        _seq_as_text,
        1,
        r"line 2: sequence number '2' where 2 was due",
    ),
    Case(
        "manifest-not-JSON",
        "dry",
        lambda f: (f / "manifest.json").write_bytes((f / "manifest.json").read_bytes()[:-40]),
        1,
        r"manifest\.json: not JSON \(.* at line \d+ column \d+\)",
    ),
    Case(
        "manifest-not-UTF-8", "dry", lambda f: flip_byte(f / "manifest.json", 30, 0xFF), 1, r"manifest\.json: not UTF-8"
    ),
    Case("manifest-a-list", "dry", lambda f: (f / "manifest.json").write_text("[]"), 1, r"not a JSON object but list"),
    Case(
        "manifest-nested-deep",
        "dry",
        lambda f: (f / "manifest.json").write_text("[" * 100_000 + "]" * 100_000),
        1,
        r"manifest\.json: not a manifest: nested too deep",
    ),
    Case(
        "manifest-files-entry-a-string",
        "dry",
        manifest_edit(lambda m: m["files"].__setitem__(0, "screenshots/01.png")),
        1,
        r"manifest\.json files\[0\]: not an object but str",
    ),
    Case(
        "manifest-files-entry-without-path",
        "dry",
        manifest_edit(lambda m: m["files"][0].pop("path")),
        1,
        r"manifest\.json files\[0\]: has no path",
    ),
    Case(
        "manifest-bytes-as-text",
        "dry",
        manifest_edit(lambda m: m["files"][0].__setitem__("bytes", str(m["files"][0]["bytes"])), resealed=False),
        1,
        SHOT + r": the manifest's sha256 or bytes for it is malformed",
    ),
    Case(
        "manifest-files-an-object",
        "dry",
        manifest_edit(lambda m: m.__setitem__("files", {}), resealed=False),
        1,
        r"manifest\.json: 'files' is dict, not list",
    ),
    Case(
        "manifest-cancellation-a-string",
        "assisted",
        manifest_edit(lambda m: m.__setitem__("cancellation", "yes"), resealed=False),
        1,
        r"'cancellation' is str, not dict or null",
    ),
    Case(
        "manifest-log-a-list",
        "dry",
        manifest_edit(lambda m: m.__setitem__("log", []), resealed=False),
        1,
        r"'log' is list, not dict",
    ),
    Case(
        "manifest-run-id-a-number",
        "dry",
        manifest_edit(lambda m: m.__setitem__("run_id", 7), resealed=False),
        1,
        r"'run_id' is int, not str",
    ),
    Case(
        "manifest-lists-a-file-twice",
        "dry",
        manifest_edit(lambda m: m["files"].append(dict(m["files"][0]))),
        1,
        SHOT + r": listed twice in the manifest",
    ),
    Case(
        "manifest-lists-../outside.txt",
        "dry",
        _listed_outside("../outside.txt"),
        1,
        r"files\[\d+\]: '\.\./outside\.txt': goes up out of the folder",
    ),
    Case(
        "manifest-lists-/etc/hostname",
        "dry",
        _listed_outside("/etc/hostname"),
        1,
        r"files\[\d+\]: '/etc/hostname': an absolute path",
    ),
    Case(
        "manifest-is-a-symlink",
        "dry",
        _manifest_symlinked,
        1,
        r"manifest\.json: not a regular file \(a symbolic link\)",
    ),
    Case("manifest-missing", "dry", lambda f: (f / "manifest.json").unlink(), 2, r"has no manifest\.json"),
    Case(
        "screenshot-a-symlink-to-its-copy",
        "dry",
        _shot_symlinked,
        1,
        SHOT + r": altered: not a regular file \(a symbolic link\)",
    ),
    Case(
        "screenshots-folder-a-symlink",
        "dry",
        _screenshots_folder_symlinked,
        1,
        SHOT + r": altered: screenshots/ is a symbolic link, not a folder",
    ),
    Case("log-a-FIFO", "dry", _fifo_for_log, 1, r"log\.jsonl: altered: not a regular file \(a FIFO\)"),
    Case(
        "FIFO-added",
        "dry",
        lambda f: os.mkfifo(f / "pages" / "extra"),
        1,
        r"pages/extra: a FIFO, not in the manifest",
    ),
    Case(
        "symlink-to-the-trace-added",
        "assisted",
        lambda f: (f / "screenshots" / "99-extra.png").symlink_to("../internal/trace.zip"),
        1,
        r"screenshots/99-extra\.png: a symbolic link, not in the manifest",
    ),
    Case(
        "EXPORT.json-in-a-run-folder-withholds-a-screenshot-and-the-log",
        "dry",
        _export_note_in_run_folder,
        1,
        SHOT + r": missing",
        r"EXPORT\.json: withholds 'screenshots/.*', which no export leaves out",
    ),
    Case(
        "DOM-capture-deleted-from-a-run-folder",
        "dry",
        lambda f: sorted((f / "pages").glob("*.html"))[0].unlink(),
        1,
        r"pages/\S+\.html: missing",
    ),
    Case(
        "README.txt-added-to-a-run-folder",
        "dry",
        lambda f: (f / "README.txt").write_text("trust me\n"),
        1,
        r"README\.txt: not in the manifest",
    ),
    Case(
        "report.sha256-not-UTF-8",
        "assisted",
        lambda f: flip_byte(f / "report.sha256", 70, 0xFF),
        1,
        r"report\.sha256 line \d: not UTF-8 text",
    ),
    Case(
        "report.sha256-lists-../outside",
        "assisted",
        _sums_line("{sha}  ../extra.txt"),
        1,
        r"report\.sha256 line \d+: .*goes up out of the folder",
    ),
    Case(
        "report.sha256-lists-an-extra-file",
        "assisted",
        _sums_line("{sha}  extra.txt"),
        1,
        r"report\.sha256 line \d+: .*only the report and annotated copies are derived",
    ),
    Case(
        "report-summary-words-changed (resealed)",
        "assisted",
        _report_words_changed,
        1,
        r"report summary: does not state the outcome 'Cancelled online'",
    ),
    Case(
        "outcome-changed-and-report-rebuilt",
        "assisted",
        _outcome_changed_and_report_rebuilt,
        1,
        r"outcome: the manifest says 'already-cancelled', the log's run_finished says 'cancelled'",
    ),
    Case(
        "dry-run-claims-cancelled (resealed)",
        "dry",
        manifest_edit(lambda m: m.__setitem__("outcome", "cancelled")),
        1,
        r"outcome: the manifest says 'cancelled', the log's run_finished says 'dry-run-complete'",
    ),
    Case(
        "confirmation-backdated (resealed)",
        "assisted",
        manifest_edit(_backdated(1, confirmation_only=True)),
        1,
        r"cancellation: confirmed_at \S+ is before the irreversible click",
    ),
    Case(
        "cancellation-backdated-10-days (resealed)",
        "assisted",
        manifest_edit(_backdated(10, confirmation_only=False)),
        1,
        r"cancellation: requested_at '\S+' is not the time of an irreversible click \(the log's is \S+\)",
    ),
    Case(
        "approver-changed (resealed)",
        "salesforce",
        manifest_edit(_approver_changed),
        1,
        r"approvals: approver at '\w+': the manifest says 'Jane Roe",
    ),
    Case(
        "one-of-two-approvals-removed (resealed)",
        "salesforce",
        manifest_edit(lambda m: m["approvals"].pop(0)),
        1,
        r"approvals: the manifest records 1 answer\(s\) at the gate, the log 2",
    ),
    Case(
        "mode-changed-to-dry-run (resealed)",
        "assisted",
        manifest_edit(lambda m: m.__setitem__("mode", "dry-run")),
        1,
        r"mode: the manifest says 'dry-run', the log's run_started says 'assisted'",
    ),
    Case(
        "ended_at-before-the-last-log-line (resealed)",
        "dry",
        manifest_edit(lambda m: m.__setitem__("ended_at", m["started_at"])),
        1,
        r"ended_at: \S+ is before the log's last line",
    ),
    Case(
        "cancellation-removed (resealed)",
        "assisted",
        manifest_edit(lambda m: m.__setitem__("cancellation", None)),
        1,
        r"cancellation: outcome is cancelled but no cancellation is recorded",
    ),
    Case(
        "log-deleted-and-unlisted (resealed)",
        "dry",
        _log_removed_and_unlisted,
        1,
        r"log\.jsonl: not among the manifest's files",
    ),
    Case(
        "confirmation-text-changed-against-a-logged-confirmation (resealed)",
        "assisted",
        _confirmation_text_changed,
        1,
        r"cancellation: confirmation_text 'Your subscription was cancelled on 1 January\.' is not what the log",
    ),
    Case(
        "signatures.json-a-JSON-list",
        "dry",
        lambda f: (f / "signatures.json").write_text("[]"),
        1,
        r"signatures\.json: ",
    ),
    Case(
        "export-screenshot-deleted",
        "export",
        _shot_deleted,
        1,
        SHOT + r": missing",
    ),
    Case(
        "export-EXPORT.json-withholds-the-log",
        "export",
        _export_note(_export_withholds_log),
        1,
        r"log\.jsonl: missing",
        r"EXPORT\.json: withholds 'log\.jsonl', which no export leaves out",
    ),
    Case(
        "export-README.txt-edited",
        "export",
        lambda f: (f / "README.txt").write_text("Nothing was withheld.\n"),
        1,
        r"README\.txt: altered \(EXPORT\.json\)",
    ),
    Case(
        "export-EXPORT.json-not-JSON",
        "export",
        lambda f: (f / "EXPORT.json").write_bytes(b"\xff{"),
        1,
        r"EXPORT\.json: not a JSON note",
    ),
    Case(
        "export-EXPORT.json-for-another-manifest",
        "export",
        _export_note(lambda note, f: note.__setitem__("manifest_sha256", "0" * 64)),
        1,
        r"EXPORT\.json: was written for another manifest\.json",
    ),
]


def one_line(result: Any, code: int, line: str) -> None:
    """The exit code, one line on stderr matching ``line``, and no traceback anywhere."""
    assert "Traceback" not in result.out + result.err
    assert result.code == code, result.out + result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("cancelproof: ") and re.search(line, lines[0]), lines[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_kind_of_damage_is_named_in_one_line(cli, runs, tmp_path, case):
    """Damage to a real folder: the expected exit code and one line naming it; with --json, one JSON object."""
    folder = copy_of(runs, case.kind, tmp_path)
    case.damage(folder)
    text = cli("evidence", "verify", str(folder))
    one_line(text, case.code, case.line)
    if case.listed:
        assert re.search(case.listed, text.out), text.out
    as_json = cli("evidence", "verify", str(folder), "--json")
    one_line(as_json, case.code, case.line)
    data = as_json.json  # exactly one JSON line on stdout
    assert data["exit_code"] == case.code and data["intact"] is False
    if case.code == 1:
        assert re.search(case.line, data["problem"]), data["problem"]


def test_the_corpus_is_at_least_thirty_kinds_of_damage():
    """The issue asks for 30 kinds at least; each id is unique."""
    assert len({c.id for c in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("kind", ["dry", "assisted", "salesforce", "export"])
def test_the_undamaged_folders_verify(cli, runs, kind):
    """The corpus's starting points are intact: exit 0, nothing on stderr; the export says it is one."""
    result = cli("evidence", "verify", str(runs[kind]))
    assert (result.code, result.err) == (0, ""), result.out
    assert result.out.rstrip().endswith("files withheld)" if kind == "export" else "intact")


def test_a_logged_confirmation_that_matches_the_manifest_verifies(cli, runs, tmp_path):
    """With a confirmation_seen entry in the log (as the runner should write it), an honest folder stays intact."""
    folder = copy_of(runs, "assisted", tmp_path)
    with_confirmation_seen(folder)
    assert cli("evidence", "verify", str(folder)).code == 0


@pytest.mark.parametrize(
    "path, code, line",
    [
        ("missing-folder", 2, r"does not exist: not a cancelproof run folder"),
        ("a.zip", 2, r"is a file \(an export zip: unzip it"),
    ],
)
def test_a_path_that_is_no_run_folder_is_exit_2(cli, tmp_path, path, code, line):
    """No folder, or a zip given instead of its folder: one line, exit 2."""
    (tmp_path / "a.zip").write_bytes(b"PK")
    one_line(cli("evidence", "verify", str(tmp_path / path)), code, line)


SUBPROCESS_CASES = ["log-a-FIFO", "log-byte-0xFF", "manifest-files-entry-a-string", "manifest-not-UTF-8"]


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_as_a_process_no_traceback_reaches_stderr(runs, tmp_path, case_id):
    """`python -m runners evidence verify` on damage: the exit code and one line on stderr, never a traceback."""
    case = next(c for c in CASES if c.id == case_id)
    folder = copy_of(runs, case.kind, tmp_path)
    case.damage(folder)
    for extra in ([], ["--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "runners", "evidence", "verify", str(folder), *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in proc.stdout + proc.stderr
        assert proc.returncode == case.code, proc.stderr
        assert len(proc.stderr.splitlines()) == 1 and re.search(case.line, proc.stderr), proc.stderr
        if extra:
            assert len(proc.stdout.splitlines()) == 1 and json.loads(proc.stdout)["exit_code"] == case.code


# --- sizes before hashes, and streaming ---------------------------------------------------------------
MEASURE = """
import resource, sys
from cli import main
code = main(sys.argv[1:])
io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"MEASURED {code} {rss} {int(io['rchar']) >> 20}", file=sys.stderr)
"""


def measured(*argv: str) -> tuple[int, int, int, str]:
    """(exit code, peak memory MiB, MiB read, stderr) of the command line in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, timeout=600)
    lines = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr and lines and lines[-1].startswith("MEASURED"), proc.stderr
    code, rss, read = (int(x) for x in lines[-1].split()[1:])
    return code, rss, read, "\n".join(lines[:-1])


def test_a_file_of_the_wrong_size_is_not_read(runs, tmp_path):
    """A screenshot grown to 2 GiB: named as altered by its size; verify reads megabytes, not gigabytes."""
    folder = copy_of(runs, "dry", tmp_path)
    os.truncate(first_shot(folder), 2 << 30)
    code, _, read, err = measured("evidence", "verify", str(folder))
    assert read < 200, f"{read} MiB read"
    assert code == 1 and re.search(SHOT + r": altered: 2147483648 bytes, \d+ recorded", err), err


def test_a_1_gib_log_is_hashed_and_walked_in_little_memory(runs, tmp_path):
    """A 1 GiB log whose size and hash the manifest records: hashed as a stream, walked line by line (resealed)."""
    folder = copy_of(runs, "dry", tmp_path)
    log = folder / "log.jsonl"
    head = log.read_bytes()
    os.truncate(log, 1 << 30)
    digest = hashlib.sha256(head)
    zeros = bytes(1 << 20)
    rest = (1 << 30) - len(head)
    for _ in range(rest >> 20):
        digest.update(zeros)
    digest.update(bytes(rest & ((1 << 20) - 1)))
    manifest = manifest_of(folder)
    entry = next(e for e in manifest["files"] if e["path"] == "log.jsonl")
    entry["sha256"], entry["bytes"] = digest.hexdigest(), 1 << 30
    save(folder, manifest)
    reseal_sums(folder)
    code, rss, read, err = measured("evidence", "verify", str(folder))
    assert rss < 250, f"peak memory {rss} MiB"
    assert read >= 1 << 10, "the log was hashed to its end"
    assert code == 1 and re.search(r"log\.jsonl line \d+: longer than 4 MiB", err), err


# --- export ------------------------------------------------------------------------------------------------
def export(cli: Any, folder: Path, output: Path, *flags: str) -> Any:
    result = cli("evidence", "export", str(folder), "-o", str(output), *flags)
    assert "Traceback" not in result.out + result.err
    return result


def names_in(zipped: Path) -> list[str]:
    with zipfile.ZipFile(zipped) as zf:
        return [n.split("/", 1)[1] for n in zf.namelist()]


def test_export_ships_only_listed_regular_files_0600_and_verifies_unzipped(cli, runs, tmp_path):
    """The zip: 0600, the manifest's files less internal/ and pages/*.html, the derived files, the notes."""
    folder = runs["assisted"]
    zipped = tmp_path / "dispute.zip"
    assert export(cli, folder, zipped).code == 0
    assert (zipped.stat().st_mode & 0o777) == 0o600
    manifest = manifest_of(folder)
    sums = [ln.partition("  ")[2] for ln in (folder / "report.sha256").read_text().splitlines()[1:]]
    shared = {f["path"] for f in manifest["files"] if not f["path"].startswith("internal/")}
    shared = {p for p in shared if not (p.startswith("pages/") and p.endswith(".html"))}
    expected = shared | set(sums) | {"manifest.json", "report.sha256", "EXPORT.json", "README.txt"}
    assert sorted(names_in(zipped)) == sorted(expected)
    note = json.loads((runs["export"] / "EXPORT.json").read_text())
    assert note["altered"] is False and "internal/trace.zip" in note["withheld"]


@pytest.mark.parametrize("where", ["inside", "inside-through-a-link"])
def test_export_refuses_to_write_inside_the_folder(cli, runs, tmp_path, where):
    """`-o RUN/dispute.zip` (or through a link to RUN): exit 2, one line, nothing written, the folder intact."""
    folder = copy_of(runs, "dry", tmp_path)
    target = folder
    if where == "inside-through-a-link":
        target = tmp_path / "link"
        target.symlink_to(folder, target_is_directory=True)
    one_line(export(cli, folder, target / "dispute.zip"), 2, r"inside the run folder it exports")
    assert not (folder / "dispute.zip").exists()
    assert cli("evidence", "verify", str(folder)).code == 0


def test_export_refuses_an_existing_file_without_force(cli, runs, tmp_path):
    """An existing zip: exit 2 and left as it was; with --force it is replaced, 0600, even under umask 0."""
    zipped = tmp_path / "dispute.zip"
    zipped.write_bytes(b"keep me")
    zipped.chmod(0o644)
    one_line(export(cli, runs["dry"], zipped), 2, r"dispute\.zip exists already; --force replaces it")
    assert zipped.read_bytes() == b"keep me"
    proc = subprocess.run(
        [sys.executable, "-m", "runners", "evidence", "export", str(runs["dry"]), "-o", str(zipped), "--force"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0),
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert zipfile.is_zipfile(zipped) and (zipped.stat().st_mode & 0o777) == 0o600


def _link_to_trace(f: Path) -> None:
    (f / "screenshots" / "99-extra.png").symlink_to("../internal/trace.zip")


def _listed_shot_links_to_trace(f: Path) -> None:
    shot = first_shot(f)
    shot.unlink()
    shot.symlink_to("../internal/trace.zip")


def _listed_shot_hard_linked_to_trace(f: Path) -> None:
    shot = first_shot(f)
    shot.unlink()
    os.link(f / "internal" / "trace.zip", shot)


EXPORT_DAMAGE = [
    ("byte-changed", lambda f: flip_byte(first_shot(f)), SHOT + r": altered"),
    ("listed-screenshot-a-hard-link-to-the-trace", _listed_shot_hard_linked_to_trace, SHOT + r": altered: \d+ bytes"),
    (
        "copy-of-the-trace-added",
        lambda f: shutil.copy(f / "internal" / "trace.zip", f / "screenshots" / "99-copy.png"),
        r"99-copy\.png: not in the manifest",
    ),
    ("symlink-named-png-to-the-trace", _link_to_trace, r"99-extra\.png: a symbolic link"),
    ("listed-screenshot-a-link-to-the-trace", _listed_shot_links_to_trace, SHOT + r": altered: not a regular file"),
    ("FIFO-added", lambda f: os.mkfifo(f / "screenshots" / "99-fifo.png"), r"a FIFO, not in the manifest"),
]


@pytest.mark.parametrize("damage", [d[1] for d in EXPORT_DAMAGE], ids=[d[0] for d in EXPORT_DAMAGE])
def test_export_refuses_an_altered_folder_unless_allowed_and_never_ships_the_trace(cli, runs, tmp_path, damage):
    """Altered: exit 1, nothing written. --allow-altered: written, EXPORT.json says so, no link followed."""
    folder = copy_of(runs, "assisted", tmp_path)
    damage(folder)
    line = next(d[2] for d in EXPORT_DAMAGE if d[1] is damage)
    zipped = tmp_path / "dispute.zip"
    refused = export(cli, folder, zipped)
    one_line(refused, 1, r"did not verify \(.*" + line)
    assert not zipped.exists()
    allowed = export(cli, folder, zipped, "--allow-altered")
    one_line(allowed, 0, r"exported although .* does not verify \(--allow-altered\): FAIL ")
    trace = (folder / "internal" / "trace.zip").read_bytes()
    with zipfile.ZipFile(zipped) as zf:
        assert all(zf.read(n) != trace for n in zf.namelist()), "the trace left the machine"
        assert not any(n.endswith(("99-extra.png", "99-fifo.png", "trace.zip")) for n in zf.namelist())
        root = zf.namelist()[0].split("/")[0]
        note = json.loads(zf.read(f"{root}/EXPORT.json"))
        assert "WARNING: this folder did NOT verify" in zf.read(f"{root}/README.txt").decode()
        zf.extractall(tmp_path / "unzipped")
    assert note["altered"] is True and re.search(line, note["problems"][0])
    recorded = {e["path"]: e["sha256"] for e in manifest_of(folder)["files"]}
    shipped = tmp_path / "unzipped" / root
    for rel, digest in recorded.items():
        assert not (shipped / rel).exists() or sha(shipped / rel) == digest, (
            f"{rel}: bytes the record does not vouch for"
        )
    unzipped = cli("evidence", "verify", str(shipped))
    assert unzipped.code == 1 and "exported with --allow-altered" in unzipped.out


def test_export_refuses_a_file_with_the_bytes_of_the_trace_even_when_the_record_lists_it(cli, runs, tmp_path):
    """A forger lists a copy of internal/trace.zip as a screenshot and reseals: verify cannot tell, export refuses."""
    folder = copy_of(runs, "assisted", tmp_path)
    copy = folder / "screenshots" / "99-copy.png"
    shutil.copy(folder / "internal" / "trace.zip", copy)
    manifest = manifest_of(folder)
    manifest["files"].append({"path": "screenshots/99-copy.png", "sha256": sha(copy), "bytes": copy.stat().st_size})
    save(folder, manifest)
    reseal(folder)
    zipped = tmp_path / "dispute.zip"
    for flags in ((), ("--allow-altered",)):
        one_line(export(cli, folder, zipped, *flags), 1, r"99-copy\.png has the bytes of internal/trace\.zip")
        assert not zipped.exists()


@pytest.mark.parametrize(
    "make, code, line",
    [
        (lambda t: (t / "nothing", t / "x.zip"), 2, r"does not exist: not a cancelproof run folder"),
        (lambda t: (None, t / "no-such-dir" / "x.zip"), 2, r"cannot write .*x\.zip: No such file or directory"),
        (lambda t: (None, t), 2, r"is a folder; name the zip file"),
    ],
    ids=["not-a-run-folder", "output-folder-missing", "output-a-folder"],
)
def test_export_bad_input_is_one_line(cli, runs, tmp_path, make, code, line):
    """Bad input to export: one line and exit 2, no traceback, no stray temporary file."""
    folder, output = make(tmp_path)
    one_line(export(cli, folder or runs["dry"], output), code, line)
    assert not list(tmp_path.glob(".*.tmp"))


# --- every field, every wrong type -------------------------------------------------------------------------
ODD_VALUES: list[Any] = [None, 7, [], {"a": [1]}]


def _places(manifest: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(container, key) for every field of the manifest that verify reads, nested ones included."""
    places: list[tuple[Any, Any]] = [(manifest, key) for key in manifest]
    for name in ("cancellation", "approver", "log", "subscription"):
        places += [(manifest[name], key) for key in manifest[name]]
    places += [(manifest["approvals"][0], key) for key in manifest["approvals"][0]]
    places += [(manifest["files"][0], key) for key in manifest["files"][0]]
    return places


def _verify_quietly(folder: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["evidence", "verify", str(folder), "--json"], stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["exit_code"] == code
    assert len(err.getvalue().splitlines()) == (1 if code else 0)
    return code, err.getvalue()


def test_no_field_of_the_manifest_of_any_type_raises(runs, tmp_path):
    """Each field verify reads set to null, a number, "", a list, an object: a verdict every time, never a traceback."""
    folder = copy_of(runs, "salesforce", tmp_path)
    pristine = manifest_of(folder)
    raised = []
    for index in range(len(_places(pristine))):
        for value in ODD_VALUES:
            manifest = json.loads(json.dumps(pristine))
            container, key = _places(manifest)[index]
            container[key] = value
            save(folder, manifest)
            try:
                _verify_quietly(folder)
            except Exception as exc:
                raised.append((key, value, repr(exc)))
    assert raised == []


def test_no_field_of_a_log_event_of_any_type_raises(runs, tmp_path):
    """Each field of the events verify checks the record against, of each wrong type (rechained): never a traceback."""
    from evidence.crosscheck import KEEP

    folder = copy_of(runs, "salesforce", tmp_path)
    pristine_log = (folder / "log.jsonl").read_bytes()
    pristine_manifest = (folder / "manifest.json").read_bytes()
    entries = entries_of(folder)
    raised = []
    for number, entry in enumerate(entries):
        if entry["event"] not in KEEP:
            continue
        for key in [k for k in entry if k not in ("seq", "prev", "hash")]:
            for value in ODD_VALUES:
                (folder / "log.jsonl").write_bytes(pristine_log)
                (folder / "manifest.json").write_bytes(pristine_manifest)
                changed = [dict(e) for e in entries]
                changed[number][key] = value
                rechain(folder, changed, everything=False)
                try:
                    _verify_quietly(folder)
                except Exception as exc:
                    raised.append((entry["event"], key, value, repr(exc)))
    assert raised == []
