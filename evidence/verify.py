"""``evidence verify``: recompute every hash, walk the log chain, check the record against the log.

Exit 0 intact, 1 altered or missing (each problem names the file), 2 not a run folder. Nothing in the
folder is trusted to say how it should be read: every path the manifest or report.sha256 names must
be a plain path inside the folder to a regular file (looked at with lstat: a link, a FIFO or a linked
folder is altered, and never read), sizes are compared before anything is hashed, and hashing and the
log walk stream. Malformed bytes, JSON or types anywhere are a failed check, never an exception.

An unzipped export is told from a run folder by ``EXPORT.json`` at its top, which no run writes. Only
there may files be absent, and only those ``export`` itself leaves out (``internal/``, ``pages/*.html``)
whatever EXPORT.json says; EXPORT.json's own list, the manifest hash and README.txt's hash it records
must match. A run folder with an EXPORT.json added becomes an export in verify's eyes and gains
nothing: what an export may lack is exactly what no export carries, and the verdict says "export".

RFC 3161 tokens are checked through :func:`timestamp_checks`, the hook ``evidence/timestamp.py`` fills.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence import crosscheck, signing
from evidence.chain import verify_chain
from evidence.crosscheck import short
from evidence.paths import Unsafe, bad_path, look, open_regular, read_small, sha256_of, walk
from evidence.recorder import DERIVED, FORMAT, LOG, MANIFEST, REPORT_SUMS

EXPORT_NOTE = "EXPORT.json"  # written by an export: what was withheld and why
EXPORT_README = "README.txt"  # written by an export: how to check it by hand
MANIFEST_LIMIT = 32 << 20  # a manifest of hundreds of captures is ~1 MB
NOTE_LIMIT = 1 << 20
REPORT_LIMIT = 256 << 20  # report.html embeds its screenshots
SIGNING_FILES = (signing.SIGNATURES, signing.PUBLIC_KEY)  # beside the manifest they sign, not listed by it
BUILT_FROM = "# built from manifest.json sha256 "
_HEX = re.compile(r"[0-9a-f]{64}")


def withheld_by_export(rel: str) -> bool:
    """What ``export`` leaves out: the browser trace (for debugging) and the DOM captures (form values)."""
    return rel.startswith("internal/") or (rel.startswith("pages/") and rel.endswith(".html"))


def derived(rel: str) -> bool:
    """What report.sha256 may list: the report and the annotated copies, nothing else."""
    return rel in DERIVED or (rel.startswith("annotated/") and rel.count("/") == 1)


@dataclass
class Check:
    """One finding: ``name`` is the file (or the fact) it is about."""

    name: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}{': ' + self.detail if self.detail else ''}"


@dataclass
class Verdict:
    """Every check made, and the exit code they add up to."""

    code: int  # 0 intact, 1 altered or missing, 2 not a run folder
    checks: list[Check] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    kind: str = "run folder"  # or "export": an unzipped export (EXPORT.json at its top)
    manifest_sha256: str = ""  # of the manifest.json these checks read

    @property
    def problem(self) -> str:
        """The first problem, in one line; "" when intact."""
        failed = [c for c in self.checks if not c.ok]
        if not failed:
            return ""
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        return f"{failed[0].name}: {failed[0].detail}{more}"

    def as_json(self) -> dict[str, Any]:
        return {
            "intact": self.code == 0,
            "exit_code": self.code,
            "kind": self.kind,
            "manifest_sha256": self.manifest_sha256,
            "problem": self.problem,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "withheld": self.withheld,
        }


def not_a_run_folder(folder: Path, why: str) -> Verdict:
    return Verdict(2, [Check("run folder", False, f"{folder} {why}: not a cancelproof run folder")])


def verify(folder: Path, *, tsa_ca: Path | None = None) -> Verdict:
    """Check one run folder (or its unzipped export); ``tsa_ca`` is handed to the timestamp hook."""
    if not folder.is_dir():
        if folder.is_file():
            hint = " (an export zip: unzip it, then verify the folder inside)" if folder.suffix == ".zip" else ""
            return not_a_run_folder(folder, f"is a file{hint}")
        return not_a_run_folder(folder, "does not exist")
    if look(folder, MANIFEST).missing:
        return not_a_run_folder(folder, f"has no {MANIFEST}")
    raw, manifest, problem = read_manifest(folder)
    sha = hashlib.sha256(raw).hexdigest() if raw else ""
    if manifest is None:
        return Verdict(1, [Check(MANIFEST, False, problem)], manifest_sha256=sha)
    checks: list[Check] = []
    run_id, files, log_info = manifest["run_id"], manifest["files"], manifest["log"]
    export_kind = not look(folder, EXPORT_NOTE).missing
    withheld: list[str] = []
    listed = _files(folder, files, export_kind, checks, withheld)
    if export_kind:
        _export_note(folder, raw, files, checks)
    listed |= _report_sums(folder, raw, listed, checks)
    expected = {MANIFEST, REPORT_SUMS, *SIGNING_FILES, *timestamp_files()}
    if export_kind:
        expected |= {EXPORT_NOTE, EXPORT_README}
    _unlisted(folder, listed, expected, checks)
    events = _log(folder, manifest, listed, checks, run_id, log_info)
    if events is not None:
        checks += [Check(*c) for c in crosscheck.against_log(manifest, events, log_info["entries"])]
    _report_summary(folder, manifest, listed, checks)
    checks += _approver_screenshot(manifest, listed)
    checks += _signatures(folder)
    checks += timestamp_checks(folder, raw, tsa_ca)
    code = 0 if all(c.ok for c in checks) else 1
    return Verdict(code, checks, withheld, "export" if export_kind else "run folder", sha)


# --- the hook for trusted timestamps (RFC 3161, evidence/timestamp.py) ----------------------------------
def timestamp_files() -> tuple[str, ...]:
    """Files a timestamp keeps in the folder beside the manifest (``evidence.timestamp.FILES``), if any."""
    module = _timestamp_module()
    return tuple(getattr(module, "FILES", ())) if module is not None else ()


def timestamp_checks(folder: Path, manifest_bytes: bytes, tsa_ca: Path | None) -> list[Check]:
    """Checks of the RFC 3161 tokens in the folder, when the timestamp module is there to make them.

    The contract ``evidence/timestamp.py`` fills: ``FILES`` (names it writes, unlisted by the manifest:
    verify accepts and export ships them) and ``check(folder, manifest_bytes, tsa_ca)`` returning
    ``(name, ok, detail)`` tuples, empty when the folder has no token; it must not raise on damage.
    """
    module = _timestamp_module()
    if module is None:
        return []
    return [Check(*c) for c in module.check(folder, manifest_bytes, tsa_ca)]


def _timestamp_module() -> Any:
    if importlib.util.find_spec("evidence.timestamp") is None:  # verify works before and without it
        return None
    return importlib.import_module("evidence.timestamp")


# --- the parts of a folder ---------------------------------------------------------------------------
def read_manifest(folder: Path) -> tuple[bytes, dict[str, Any] | None, str]:
    """manifest.json's bytes, and its contents when they have the shape verify reads (else why not)."""
    try:
        raw = read_small(folder, MANIFEST, MANIFEST_LIMIT)
    except (Unsafe, OSError) as exc:
        return b"", None, _why(exc)
    problem = ""
    manifest: Any = None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start + 1})"
    except RecursionError:
        problem = "not a manifest: nested too deep"
    except ValueError as exc:
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        problem = f"not JSON ({getattr(exc, 'msg', exc)}{where})"
    if not problem and not isinstance(manifest, dict):
        problem = f"not a JSON object but {type(manifest).__name__}"
    if not problem:
        problem = _shape(manifest)
    if problem:
        return raw, None, problem
    return raw, manifest, ""


def _shape(m: dict[str, Any]) -> str:
    """Why the manifest's fields are not of the types verify reads ("" when they are)."""
    if not str(m.get("format")).startswith(FORMAT.rsplit("/", 1)[0] + "/"):
        return f"format {short(m.get('format'))} is not {FORMAT}"
    wanted: list[tuple[str, type | tuple[type, ...]]] = [
        ("run_id", str),
        ("files", list),
        ("log", dict),
        ("outcome", str),
        ("mode", str),
        ("started_at", str),
        ("subscription", dict),
        ("cancellation", (dict, type(None))),
        ("approver", (dict, type(None))),
        ("approvals", list),
    ]
    for key, types in wanted:
        if key not in m:
            return f"has no {key!r}"
        if not isinstance(m[key], types):
            return f"{key!r} is {type(m[key]).__name__}, not {_names(types)}"
    log = m["log"]
    if not isinstance(log.get("head"), str) or type(log.get("entries")) is not int:
        return "'log' lacks its head (text) or its number of entries"
    if not m["run_id"]:
        return "'run_id' is empty"
    return ""


def _names(types: type | tuple[type, ...]) -> str:
    kinds = types if isinstance(types, tuple) else (types,)
    return " or ".join("null" if t is type(None) else t.__name__ for t in kinds)


def _files(folder: Path, files: list[Any], export_kind: bool, checks: list[Check], withheld: list[str]) -> set[str]:
    """Each file the manifest lists: a regular file inside the folder, of the recorded size and hash."""
    listed: set[str] = set()
    for number, entry in enumerate(files):
        where = f"{MANIFEST} files[{number}]"
        if not isinstance(entry, dict):
            checks.append(Check(where, False, f"not an object but {type(entry).__name__}"))
            continue
        rel, digest, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
        if not isinstance(rel, str) or bad_path(rel):
            why = f"{short(rel)}: {bad_path(rel)}" if "path" in entry else "has no path"
            checks.append(Check(where, False, why))
            continue
        if rel in listed:
            checks.append(Check(rel, False, "listed twice in the manifest"))
            continue
        listed.add(rel)
        if not isinstance(digest, str) or not _HEX.fullmatch(digest) or type(size) is not int or size < 0:
            checks.append(Check(rel, False, "the manifest's sha256 or bytes for it is malformed"))
            continue
        seen = look(folder, rel)
        if seen.missing and export_kind and withheld_by_export(rel):
            withheld.append(rel)
            checks.append(Check(rel, True, "withheld from this export (stays on the machine that ran it)"))
        elif seen.missing:
            checks.append(Check(rel, False, "missing"))
        elif seen.problem:
            checks.append(Check(rel, False, f"altered: {seen.problem}"))
        elif seen.size != size:
            checks.append(Check(rel, False, f"altered: {seen.size} bytes, {size} recorded"))
        else:
            checks.append(_hash_check(folder, rel, digest, f"sha256 {digest[:12]}…, {size} bytes"))
    return listed


def _hash_check(folder: Path, rel: str, digest: str, ok_detail: str, source: str = "") -> Check:
    try:
        with open_regular(folder, rel) as fh:
            actual = sha256_of(fh)
    except (Unsafe, OSError) as exc:
        return Check(rel, False, f"altered: {_why(exc)}")
    if actual != digest:
        return Check(rel, False, f"altered{source}: sha256 {actual[:12]}… is not {digest[:12]}…")
    return Check(rel, True, ok_detail)


def _export_note(folder: Path, manifest_raw: bytes, files: list[Any], checks: list[Check]) -> None:
    """EXPORT.json: it may withhold only what export leaves out, and must name this manifest and README."""
    try:
        note = json.loads(read_small(folder, EXPORT_NOTE, NOTE_LIMIT).decode("utf-8"))
    except (Unsafe, OSError) as exc:
        checks.append(Check(EXPORT_NOTE, False, _why(exc)))
        return
    except (ValueError, RecursionError):
        checks.append(Check(EXPORT_NOTE, False, "not a JSON note"))
        return
    if not isinstance(note, dict) or not isinstance(note.get("withheld"), list):
        checks.append(Check(EXPORT_NOTE, False, "has no list of withheld files"))
        return
    paths = [f.get("path") for f in files if isinstance(f, dict)]
    due = sorted(p for p in paths if isinstance(p, str) and not bad_path(p) and withheld_by_export(p))
    stray = [w for w in note["withheld"] if not isinstance(w, str) or not withheld_by_export(w)]
    problems = []
    if stray:
        problems.append(f"withholds {short(stray[0])}, which no export leaves out")
    elif sorted(note["withheld"]) != due:
        problems.append("its list of withheld files is not what export leaves out of this manifest")
    sha = note.get("manifest_sha256")
    if sha is not None and sha != hashlib.sha256(manifest_raw).hexdigest():
        problems.append("was written for another manifest.json")
    readme = note.get("readme_sha256")
    if readme is not None:
        checks.append(
            _hash_check(folder, EXPORT_README, str(readme), "the export's note, as written", " (EXPORT.json)")
        )
    if note.get("altered"):
        found = note.get("problems")
        first = found[0] if isinstance(found, list) and found else ""
        problems.append(f"exported with --allow-altered from a folder that did not verify: {short(first)}")
    detail = "; ".join(problems) or f"an export; {len(due)} file(s) withheld, as export leaves them out"
    checks.append(Check(EXPORT_NOTE, not problems, detail))


@dataclass
class Sums:
    """report.sha256 as read: the derived files it lists, the manifest hash, and the first damaged line."""

    entries: list[tuple[str, str]] = field(default_factory=list)  # (sha256, path), each a derived file
    built_from: str = ""
    problem: Check | None = None


def read_sums(folder: Path, listed: set[str]) -> Sums:
    """Parse report.sha256 (streamed); a line that is not ``SHA256  PATH`` of a derived file stops it."""
    sums = Sums()
    names: set[str] = set()
    try:
        with open_regular(folder, REPORT_SUMS) as fh:
            for number, raw in enumerate(_lines(fh), 1):
                where = f"{REPORT_SUMS} line {number}"
                try:
                    line = raw.decode("utf-8").rstrip("\n")
                except UnicodeDecodeError:
                    sums.problem = Check(where, False, "not UTF-8 text")
                    break  # a damaged list: the lines after it prove nothing
                if line.startswith(BUILT_FROM) and not sums.built_from:
                    sums.built_from = line[len(BUILT_FROM) :]
                    continue
                digest, _, rel = line.partition("  ")
                why = bad_path(rel) or ("" if derived(rel) else "only the report and annotated copies are derived")
                if not why and rel in listed | names:
                    why = "listed twice" if rel in names else "a file the manifest lists"
                if why or not _HEX.fullmatch(digest):
                    sums.problem = Check(where, False, f"{short(line)}: {why or 'not SHA256  PATH'}")
                    break
                names.add(rel)
                sums.entries.append((digest, rel))
    except (Unsafe, OSError) as exc:
        sums.problem = Check(REPORT_SUMS, False, _why(exc))
    return sums


def _report_sums(folder: Path, manifest_raw: bytes, listed: set[str], checks: list[Check]) -> set[str]:
    """report.sha256 lists the derived files (report, annotated copies) and the manifest they came from."""
    if look(folder, REPORT_SUMS).missing:
        return set()
    sums = read_sums(folder, listed)
    for digest, rel in sums.entries:
        state = look(folder, rel)
        if state.missing:
            checks.append(Check(rel, False, "missing (listed in report.sha256)"))
        elif state.problem:
            checks.append(Check(rel, False, f"altered: {state.problem}"))
        else:
            checks.append(_hash_check(folder, rel, digest, "derived, sha256 matches report.sha256", " (report.sha256)"))
    if sums.problem is not None:
        checks.append(sums.problem)
    elif sums.built_from == hashlib.sha256(manifest_raw).hexdigest():
        checks.append(Check(REPORT_SUMS, True, "report built from this manifest"))
    elif sums.built_from:
        checks.append(Check(REPORT_SUMS, False, "the report was built from another manifest"))
    else:
        checks.append(Check(REPORT_SUMS, False, "does not say which manifest the report was built from"))
    return {rel for _, rel in sums.entries}


def _lines(fh: Any) -> Iterable[bytes]:
    while raw := fh.readline(1 << 16):
        yield raw


def _unlisted(folder: Path, listed: set[str], expected: set[str], checks: list[Check]) -> None:
    """Anything in the folder that neither list names: added after the run (links and FIFOs included)."""
    for rel, what in sorted(walk(folder)):
        if rel in listed:
            continue
        if rel in expected:
            if what != "a regular file":
                checks.append(Check(rel, False, f"altered: not a regular file ({what})"))
            continue
        noun = "" if what == "a regular file" else f"{what}, "
        checks.append(Check(rel, False, f"{noun}not in the manifest: added after the run"))


def _log(
    folder: Path, manifest: dict[str, Any], listed: set[str], checks: list[Check], run_id: str, log_info: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """Walk the log chain; hand back the events the record is checked against (None when it cannot be)."""
    state = look(folder, LOG)
    if LOG not in listed and manifest["outcome"] != "running":
        checks.append(Check(LOG, False, "not among the manifest's files: every finished run lists its log"))
    if state.missing:
        if LOG not in listed:
            checks.append(Check(LOG, False, "missing: every run has a log"))
        return None
    if state.problem:
        return None  # already named: a log that is not a regular file is not read
    try:
        with open_regular(folder, LOG) as fh:
            chain = verify_chain(fh, run_id, log_info["head"], keep=crosscheck.KEEP)
    except (Unsafe, OSError) as exc:
        checks.append(Check("log chain", False, f"{LOG}: {_why(exc)}"))
        return None
    if not chain.ok:
        where = f" line {chain.line}" if chain.line else ""
        checks.append(Check("log chain", False, f"{LOG}{where}: {chain.problem}"))
        return None
    if chain.entries != log_info["entries"]:
        checks.append(Check("log chain", False, f"{chain.entries} entries, {log_info['entries']} recorded"))
        return None
    checks.append(Check("log chain", True, f"{chain.entries} entries from genesis to head {chain.head[:12]}…"))
    return list(chain.events)


def _report_summary(folder: Path, manifest: dict[str, Any], listed: set[str], checks: list[Check]) -> None:
    """The facts page one states, checked against the record (when report.html is one of the derived files)."""
    if "report.html" not in listed or look(folder, "report.html").problem:
        return
    try:
        text = read_small(folder, "report.html", REPORT_LIMIT).decode("utf-8")
    except (Unsafe, OSError) as exc:
        checks.append(Check("report summary", False, f"report.html: {_why(exc)}"))
        return
    except UnicodeDecodeError:
        checks.append(Check("report summary", False, "report.html is not UTF-8 text"))
        return
    checks.append(Check(*crosscheck.report_states(manifest, text)))


def _approver_screenshot(manifest: dict[str, Any], listed: set[str]) -> list[Check]:
    shot = (manifest["approver"] or {}).get("screenshot")
    if not shot:
        return []
    ok = isinstance(shot, str) and shot in listed
    return [Check("approver screenshot", ok, str(shot) if ok else f"{short(shot)} is not among the files")]


def _signatures(folder: Path) -> list[Check]:
    if any(look(folder, name).problem and not look(folder, name).missing for name in SIGNING_FILES):
        return []  # named already: a signature file that is not a regular file is not read
    try:
        return [Check(name, ok, detail) for name, ok, detail in signing.check(folder)]
    except Exception as exc:  # signing.check reads a file anyone can edit: any failure means "does not verify"
        return [Check(signing.SIGNATURES, False, f"unreadable ({type(exc).__name__})")]


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or exc})"
    return str(exc)
