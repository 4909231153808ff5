"""``evidence export``: the shareable part of a run folder, as a zip a card issuer can check by hand.

The folder is verified first and an altered one is refused, unless ``--allow-altered``: then what still
verifies is shipped, and EXPORT.json and README.txt say what did not. Only bytes the record vouches for
leave the machine: regular files that manifest.json or report.sha256 lists and whose hash verified (with
the manifest itself, report.sha256, and the signature and timestamp files beside it), read without
following any link and hashed again as they are copied. Withheld always: ``internal/`` (the Playwright
trace) and the DOM captures ``pages/*.html`` (form values); a file with the bytes of one of them stops
the export whatever its name. The zip is written 0600 beside its destination and moved there whole;
never inside the folder, and over an existing file only with ``--force``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from evidence.atomic import replacing
from evidence.errors import EvidenceError, UsageError
from evidence.paths import Unsafe, bad_path, look, open_regular, read_small, sha256_of, walk
from evidence.recorder import MANIFEST, REPORT_SUMS, utc_now
from evidence.verify import (
    EXPORT_NOTE,
    EXPORT_README,
    NOTE_LIMIT,
    SIGNING_FILES,
    Verdict,
    read_manifest,
    read_sums,
    timestamp_files,
    verify,
    withheld_by_export,
)

FORMAT = "cancelproof-export/1"
EMPTY = hashlib.sha256(b"").hexdigest()
WHY = "internal/ holds the browser trace (for debugging on the machine that ran it); pages/*.html hold form values"
README = """Cancellation evidence exported by cancelproof
==============================================

manifest.json lists every file captured during the run with its SHA-256 hash, size, the step that made
it, the page's URL and the UTC time of capture. log.jsonl is a hash chain: each line's "hash" is the
SHA-256 of the previous line's hash followed by the line's own canonical JSON (without "hash").

To check by hand on any computer:
  1. sha256sum manifest.json      (compare with the hash printed in the report's footer)
  2. sha256sum <file>             for each file, and compare with its "sha256" in manifest.json
  3. sha256sum -c report.sha256   for the report and its annotated screenshots
Or, with cancelproof installed:  cancelproof evidence verify <this folder>

Withheld from this export (kept on the machine that ran it, listed in EXPORT.json):
{withheld}
"""
ALTERED = """
WARNING: this folder did NOT verify when it was exported (exported with --allow-altered).
The problems found then are listed in EXPORT.json; the first was:
  {problem}
Left out, because their bytes are not the ones the record lists: {left_out}
"""


class AlteredFolder(EvidenceError):
    """The folder did not verify (without --allow-altered), or would ship what no export may: nothing is written."""


@dataclass
class Exported:
    path: Path
    altered: list[str] = field(default_factory=list)  # the problems of a folder exported with --allow-altered
    left_out: list[str] = field(default_factory=list)  # listed files not shipped: their bytes did not verify


@dataclass
class _Plan:
    raw: bytes  # manifest.json as verified
    members: list[tuple[str, str]]  # (path, the sha256 its bytes must have)
    withheld: list[str]  # what no export ships
    left_out: list[str]  # what this one does not: it did not verify


def export(folder: Path, output: Path, *, force: bool = False, allow_altered: bool = False) -> Exported:
    """Write ``output`` (a zip, 0600) with the shareable files of ``folder``.

    Only bytes the record vouches for are shipped: with ``allow_altered`` a folder that does not verify
    is exported without its altered or unlisted files, and EXPORT.json lists the problems.

    Raises:
        UsageError: not a run folder, or ``output`` is inside it, exists (without ``force``) or cannot be written.
        AlteredFolder: the folder does not verify (without ``allow_altered``), changed while being read, or
            a file to ship has the bytes of one that no export ships.
    """
    _check_output(folder, output, force)
    verdict = verify(folder)
    if verdict.code == 2:
        raise UsageError(verdict.checks[0].detail)
    problems = [c.line() for c in verdict.checks if not c.ok]
    if problems and not allow_altered:
        msg = (
            f"export: {folder} did not verify ({verdict.problem}); nothing was written."
            " --allow-altered exports what still verifies and says so in EXPORT.json"
        )
        raise AlteredFolder(msg)
    plan = _plan(folder, verdict)
    tmp = output.parent / f".{output.name}.{secrets.token_hex(4)}.tmp"
    try:
        with replacing(output, durable=True, tmp=tmp, place=lambda done, _: _place(done, output, force)) as fh:
            _write_zip(fh, folder, plan, problems)
    except OSError as exc:
        msg = f"export: cannot write {output}: {exc.strerror or exc}"
        raise UsageError(msg) from None
    return Exported(output, problems, plan.left_out)


def _check_output(folder: Path, output: Path, force: bool) -> None:
    """The zip goes outside the folder it exports (else it adds itself until the disk is full)."""
    try:
        root = folder.resolve()
        where = {output.parent.resolve() / output.name, output.resolve()}
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links (Python 3.11)
        msg = f"export: cannot resolve {output}: {exc}"
        raise UsageError(msg) from None
    if any(p == root or p.is_relative_to(root) for p in where):
        msg = f"export: {output} is inside the run folder it exports; write the zip somewhere else"
        raise UsageError(msg)
    if output.is_dir():
        msg = f"export: {output} is a folder; name the zip file to write"
        raise UsageError(msg)
    if os.path.lexists(output):
        if not force:
            msg = f"export: {output} exists already; --force replaces it"
            raise UsageError(msg)
        if not (output.is_symlink() or output.is_file()):
            msg = f"export: {output} is not a file; it is not replaced"
            raise UsageError(msg)


def _plan(folder: Path, verdict: Verdict) -> _Plan:
    """What to ship: the files the manifest and report.sha256 list whose bytes verified, and the notes beside."""
    raw, manifest, _ = read_manifest(folder)
    if manifest is None:
        msg = f"export: {folder}: {verdict.problem}; there is no record to export"
        raise AlteredFolder(msg)
    if _sha(raw) != verdict.manifest_sha256:
        msg = f"export: {folder}: manifest.json changed while it was verified; nothing was written"
        raise AlteredFolder(msg)
    failed = {c.name for c in verdict.checks if not c.ok}
    plan = _Plan(raw, [(MANIFEST, _sha(raw))], [], [])
    listed: set[str] = set()
    for entry in manifest["files"]:
        rel = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(rel, str) or bad_path(rel) or rel in listed:
            continue
        listed.add(rel)
        if withheld_by_export(rel):
            plan.withheld.append(rel)
        elif rel in failed or look(folder, rel).problem:
            plan.left_out.append(rel)
        else:
            plan.members.append((rel, str(entry["sha256"])))
    if not look(folder, REPORT_SUMS).problem:
        if any(name.startswith(REPORT_SUMS) for name in failed):  # its own list is damaged: none of it is vouched
            plan.left_out.append(REPORT_SUMS)
        else:
            for digest, rel in read_sums(folder, listed).entries:
                if rel in failed:
                    plan.left_out.append(rel)
                else:
                    plan.members.append((rel, digest))
            plan.members.append((REPORT_SUMS, _sha(read_small(folder, REPORT_SUMS, NOTE_LIMIT))))
    for rel in (*SIGNING_FILES, *timestamp_files()):
        if not look(folder, rel).problem and rel not in failed:
            plan.members.append((rel, _sha(read_small(folder, rel, NOTE_LIMIT))))
    secret = _secret_hashes(folder, manifest["files"])
    for rel, digest in plan.members:
        if digest in secret:
            msg = f"export: {rel} has the bytes of {secret[digest]}, which no export ships; nothing was written"
            raise AlteredFolder(msg)
    plan.withheld.sort()
    return plan


def _secret_hashes(folder: Path, files: list[object]) -> dict[str, str]:
    """sha256 → name of what no export ships: as the manifest records it and as it is on disk."""
    found = {
        str(f["sha256"]): str(f["path"])
        for f in files
        if isinstance(f, dict) and isinstance(f.get("path"), str) and withheld_by_export(f["path"])
    }
    for rel, what in walk(folder):
        if what == "a regular file" and withheld_by_export(rel):
            try:
                with open_regular(folder, rel) as fh:
                    found[sha256_of(fh)] = rel
            except (Unsafe, OSError):
                continue  # not read, so not shipped either: only listed, verified files are
    found.pop(EMPTY, None)  # an empty file is no secret, and a blank page may be one
    return found


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_zip(fh: IO[bytes], folder: Path, plan: _Plan, problems: list[str]) -> None:
    """Copy each member into the zip, hashing it again: bytes other than those verified stop the export.

    Raises:
        AlteredFolder: a member changed since it was verified.
    """
    root = folder.resolve().name
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel, digest in plan.members:
            actual = hashlib.sha256()
            try:
                with open_regular(folder, rel) as src:
                    info = zipfile.ZipInfo(f"{root}/{rel}", time.gmtime(os.fstat(src.fileno()).st_mtime)[:6])
                    info.external_attr = 0o100600 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with zf.open(info, "w") as dst:
                        while block := src.read(1 << 20):
                            actual.update(block)
                            dst.write(block)
            except (Unsafe, OSError):
                actual.update(b"\0unreadable")  # not the bytes verified, whatever they are now
            if actual.hexdigest() != digest:
                msg = (
                    f"export: {folder}: {rel} changed (or became unreadable) since it was verified; nothing was written"
                )
                raise AlteredFolder(msg)
        readme = README.format(withheld="\n".join(f"  {w}" for w in plan.withheld) or "  (nothing)")
        if problems:
            readme += ALTERED.format(problem=problems[0], left_out=", ".join(plan.left_out) or "nothing")
        note = {
            "format": FORMAT,
            "exported_at": utc_now(),
            "manifest_sha256": _sha(plan.raw),
            "withheld": plan.withheld,
            "why": WHY,
            "readme_sha256": _sha(readme.encode()),
            "altered": bool(problems),
            "problems": problems,
            "left_out": plan.left_out,
        }
        for name, text in ((EXPORT_NOTE, json.dumps(note, indent=2) + "\n"), (EXPORT_README, readme)):
            info = zipfile.ZipInfo(f"{root}/{name}", time.gmtime()[:6])
            info.external_attr = 0o100600 << 16
            zf.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)


def _place(tmp: Path, output: Path, force: bool) -> None:
    """Move the finished zip to ``output``: over an existing file only with ``force``."""
    if force:
        os.replace(tmp, output)
        return
    try:
        os.link(tmp, output)  # fails if output exists: no check-then-write race
    except FileExistsError:
        msg = f"export: {output} exists already; --force replaces it"
        raise UsageError(msg) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if os.path.lexists(output):  # a file system without hard links
            msg = f"export: {output} exists already; --force replaces it"
            raise UsageError(msg) from None
        os.replace(tmp, output)
