"""``evidence verify | report | export | timestamp``: what can be done with a run folder afterwards."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cli.options import Console, Parser, fmt, pem_file
from runners.errors import UsageError, one_line


def add_evidence(sub: Any) -> None:
    ev = sub.add_parser(
        "evidence",
        help="verify, report or export a run folder",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof evidence verify cancelproof-evidence/office365-…",
    )
    evs = ev.add_subparsers(dest="evidence_command", metavar="ACTION", parser_class=Parser)
    q = evs.add_parser(
        "verify",
        help="recompute every hash and the log chain",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof evidence verify RUN_DIR --json",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("--json", action="store_true")
    q.add_argument("--tsa-ca", type=pem_file, metavar="FILE", help="check timestamp.tsr against this CA bundle (PEM)")
    q = evs.add_parser(
        "timestamp",
        help="have manifest.json stamped by an RFC 3161 time-stamping authority, later (e.g. from a machine online)",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof evidence timestamp RUN_DIR --tsa https://tsa.example.com/tsr",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("--tsa", required=True, metavar="URL", help="the authority's URL")
    q = evs.add_parser(
        "report",
        help="rebuild report.html and report.pdf from the manifest",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof evidence report RUN_DIR",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q = evs.add_parser(
        "export",
        help="zip the shareable part (no trace, no DOM) of a folder that verifies",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof evidence export RUN_DIR -o dispute.zip",
    )
    q.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip", help="outside RUN_DIR; made 0600")
    q.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    q.add_argument(
        "--allow-altered", action="store_true", help="export a folder that does not verify (EXPORT.json says so)"
    )


def evidence(args: argparse.Namespace, io: Console) -> int:
    if args.evidence_command is None:
        msg = "evidence: choose verify, report, export or timestamp"
        raise UsageError(msg)
    return {"verify": verify, "timestamp": timestamp, "report": report, "export": export}[args.evidence_command](
        args, io
    )


def verify(args: argparse.Namespace, io: Console) -> int:
    from evidence.batchindex import is_index, verify_index  # only for this action: start-up time
    from evidence.verify import verify  # hashes, the log chain, RFC 3161 tokens: only for this action (start-up)

    out, err = io.out, io.err
    if is_index(args.run_dir):
        code, lines = verify_index(args.run_dir)
        if args.json:
            runs = [{"ok": ok, "detail": t} for ok, t in lines]
            out.write(json.dumps({"intact": code == 0, "exit_code": code, "runs": runs}) + "\n")
        else:
            out.write("".join(f"{'ok  ' if ok else 'FAIL'} {t}\n" for ok, t in lines))
            out.write(f"{args.run_dir}: {'intact' if code == 0 else 'ALTERED OR MISSING'}\n")
        if code:
            err.write(f"cancelproof: {args.run_dir}: {next(t for ok, t in lines if not ok)}\n")
        return code
    verdict = verify(args.run_dir, tsa_ca=getattr(args, "tsa_ca", None))
    if args.json:
        out.write(json.dumps(verdict.as_json()) + "\n")
    elif verdict.code != 2:
        for check in verdict.checks:
            out.write(check.line() + "\n")
        withheld = len(verdict.withheld)
        export_note = f" (an unzipped export; {withheld} files withheld)" if verdict.kind == "export" else ""
        out.write(f"{args.run_dir}: {'intact' + export_note if verdict.code == 0 else 'ALTERED OR MISSING'}\n")
    if verdict.code == 2:
        err.write(f"cancelproof: {verdict.checks[0].detail}\n")
    elif verdict.code:
        err.write(f"cancelproof: {args.run_dir}: altered or missing: {verdict.problem}\n")
    return verdict.code


def report(args: argparse.Namespace, io: Console) -> int:
    from evidence.report import rebuild  # only for this action: start-up time
    from runners.finalize import in_own_browser  # the browser that prints the PDF: only for this action

    io.out.write(f"report: {rebuild(args.run_dir, in_own_browser)}\n")
    return 0


def export(args: argparse.Namespace, io: Console) -> int:
    from evidence.export import export  # only for this action: start-up time

    done = export(args.run_dir, args.output, force=args.force, allow_altered=args.allow_altered)
    io.out.write(f"export: {done.path}\n")
    if done.altered:
        io.err.write(
            f"cancelproof: exported although {args.run_dir} does not verify (--allow-altered): {done.altered[0]};"
            f" {len(done.left_out)} listed file(s) left out (EXPORT.json lists every problem)\n"
        )
    return 0


def timestamp(args: argparse.Namespace, io: Console) -> int:
    """``evidence timestamp RUN_DIR --tsa URL``: stamp a folder that verifies, then rebuild its report."""
    from evidence import timestamp  # the RFC 3161 client: only for this action (start-up time)
    from evidence.report import rebuild  # only for this action: start-up time
    from evidence.verify import verify  # only for this action: start-up time
    from runners.finalize import in_own_browser  # the browser that prints the PDF: only for this action

    out, err = io.out, io.err
    folder = args.run_dir
    timestamp.check_url(args.tsa)
    verdict = verify(folder)
    if verdict.code == 2:
        raise UsageError(verdict.checks[0].detail)
    if (folder / timestamp.TOKEN).exists():
        msg = f"{folder} has a {timestamp.TOKEN} already: a token is never replaced"
        raise UsageError(msg)
    if verdict.code:
        problem = next(f"{c.name}: {c.detail}" for c in verdict.checks if not c.ok)
        err.write(f"cancelproof: {folder} does not verify ({problem}): not stamped\n")
        return 1
    got = timestamp.stamp(folder, args.tsa)
    out.write(f"timestamp: {folder / timestamp.TOKEN}: manifest.json timestamped by {got.authority} at {got.when()}\n")
    try:  # page one says who stamped and when
        out.write(f"report: {rebuild(folder, in_own_browser)}\n")
    except Exception as exc:  # the token is kept either way; the report can be rebuilt later
        err.write(f"cancelproof: report not rebuilt ({one_line(exc)}): run `cancelproof evidence report {folder}`\n")
    return 0
