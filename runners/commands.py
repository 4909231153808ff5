"""The commands behind ``cancelproof``: each takes the parsed arguments and returns the exit code.

Imports stay inside the commands so that ``--help``, ``vendors`` and ``plan`` never load Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import IO, TYPE_CHECKING, Any

from runners.errors import UsageError

if TYPE_CHECKING:
    from runners.gate import Confirmer
    from runners.results import RunOptions


def vendors(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import VENDORS

    if args.json:
        out.write(json.dumps({"vendors": [{"name": k, "title": v[0]} for k, v in VENDORS.items()]}) + "\n")
    else:
        for name, entry in VENDORS.items():
            out.write(f"{name:12} {entry[0]}\n")
    return 0


def plan(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import load_flow

    if args.inventory:
        return plan_inventory(args, out)
    if args.ics:
        msg = "plan: --ics goes with --inventory"
        raise UsageError(msg)
    if not args.vendor:
        msg = "plan: name a VENDOR or give --inventory FILE"
        raise UsageError(msg)
    flow = load_flow(args.vendor)
    facts: dict[str, Any] = {"subscription": args.subscription}
    if args.contract_end:
        facts["contract_end"] = args.contract_end
    if args.start_date:
        facts["start_date"] = args.start_date
    dates = flow.dates(facts) if flow.dates else []
    notes = flow.notes(facts) if flow.notes else []
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
    w("\nRules checked on the portal:\n" + "".join(f"  - {r.description}\n" for r in flow.rules))
    if dates:
        w("\nDates that matter:\n" + "".join(f"  {d:12} {what}\n" for what, d in dates))
    if flow.after:
        w("\nAfter cancelling:\n" + "".join(f"  - {a}\n" for a in flow.after))
    if notes:
        w("\nNotes:\n" + "".join(f"  {n}\n" for n in notes))
    return 0


def plan_inventory(args: argparse.Namespace, out: IO[str]) -> int:
    from runners import inventory

    entries = inventory.load(args.inventory)
    if args.json:
        out.write(json.dumps({"inventory": str(args.inventory), "entries": inventory.as_json(entries)}) + "\n")
    else:
        out.write(inventory.table(entries))
    if args.ics:
        try:
            args.ics.write_text(inventory.ics(entries), encoding="utf-8", newline="")
        except OSError as exc:
            msg = f"cannot write {args.ics}: {exc.strerror or exc}"
            raise UsageError(msg) from None
        if not args.json:
            out.write(f"\ncalendar reminders (60, 30, 7 days before each date): {args.ics}\n")
    return 0


def run(args: argparse.Namespace, out: IO[str], err: IO[str], confirmer: Confirmer | None, browser: Any = None) -> int:
    mode = args.dry_run or args.assisted
    if not args.vendor and not args.inventory:
        msg = (
            "run: name a VENDOR (`cancelproof vendors` lists them) or give --inventory FILE"
            + ("" if mode else ", and --dry-run or --assisted")
            + ", e.g. `cancelproof run office365 --dry-run --sandbox`"
        )
        raise UsageError(msg)
    if not mode:
        msg = "run: choose one of --dry-run or --assisted"
        raise UsageError(msg)
    if args.inventory:
        from runners.portfolio import run_inventory

        _check_keyring(args)
        return run_inventory(args, out, err, confirmer)
    if args.sandbox is not None and args.base_url:
        msg = "run: --sandbox and --base-url cannot be used together"
        raise UsageError(msg)
    from flows import load_flow
    from runners.gate import TerminalConfirmer
    from runners.runner import Progress, check_base_url, run

    load_flow(args.vendor)  # unknown vendor: one line before anything is written
    if args.base_url:
        check_base_url(args.base_url)
    _check_keyring(args)
    opts = run_options(
        args,
        vendor=args.vendor,
        base_url=args.base_url,
        sandbox=args.sandbox,
        account=args.account,
        subscription=args.subscription,
        locale=args.locale,
    )
    result = run(opts, confirmer or TerminalConfirmer(stderr=err), Progress(err), browser=browser)
    _summary(result, err)
    if args.json:
        out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code


def _check_keyring(args: argparse.Namespace) -> None:
    """A keyring set up wrong is one line now, not a failure mid-run: when the run may sign in with a stored
    password (--account, an inventory's accounts) or will sign its manifest (--sign, which needs a backend)."""
    if args.account or args.inventory or args.sign:
        from runners import credentials

        credentials.check_backend(needed=args.sign)


def run_options(args: argparse.Namespace, **fields: Any) -> RunOptions:
    """The options ``run`` gives every run (mode, evidence, timeouts, vendor options, profile), plus ``fields``.

    Raises:
        UsageError: the --profile folder cannot be created.
    """
    from evidence.timestamp import check_url
    from runners.gate import parse_approver
    from runners.model import Mode
    from runners.results import RunOptions

    if args.profile is not None:
        from runners.session import prepare_profile

        try:
            prepare_profile(args.profile)
        except OSError as exc:
            msg = f"cannot create the profile folder {args.profile}: {exc.strerror or exc}"
            raise UsageError(msg) from None
    approver, source = getattr(args, "approver", None) or "", "--approver"
    if not approver and os.environ.get("CANCELPROOF_APPROVER"):  # the configured default
        approver, source = os.environ["CANCELPROOF_APPROVER"], "CANCELPROOF_APPROVER"
    if approver:
        approver = parse_approver(approver, source)
    stamp_url = check_url(args.timestamp) if getattr(args, "timestamp", None) else ""
    return RunOptions(
        mode=Mode.DRY_RUN if args.dry_run else Mode.ASSISTED,
        headed=args.headed,
        evidence_dir=args.evidence_dir,
        timeout=args.timeout,
        trace=args.trace,
        extra={
            "reason": args.reason,
            "skip_export": args.skip_export,
            "accept_late_notice": args.accept_late_notice,
            "when": getattr(args, "when", None),
            # recorded in the manifest's own sections (approver, timestamp), not among the vendor options
            "approver": approver,
            "approver_source": source if approver else "",
            "timestamp": stamp_url,
        },
        profile=args.profile,
        code_timeout=args.code_timeout,
        sign=args.sign,
        **fields,
    )


def _summary(result: Any, err: IO[str]) -> None:
    said = str(result.message)
    if said.startswith(f"{result.outcome}: "):  # "cancelled: Disabled" is said once, not "cancelled: cancelled: …"
        said = said[len(f"{result.outcome}: ") :]
    err.write(f"\n{result.outcome}: {said}\n")
    if result.subscription:
        err.write(f"  subscription: {result.subscription}\n")
    err.write(f"  evidence:     {result.evidence_dir}\n")
    if result.report:
        err.write(f"  report:       {result.report}\n")


def sandbox(args: argparse.Namespace, out: IO[str]) -> int:
    from flows import portal_class
    from flows.sandbox import SandboxServer

    cls = portal_class(args.vendor)
    if args.list:
        for name, options in cls.scenarios.items():
            out.write(f"{name:22} {', '.join(f'{k}={v}' for k, v in options.items())}\n")
        out.write("\nvariant=NAME+NAME… (how another tenant's portal draws the same screens):\n")
        for name, what in sorted({**cls.shared_variants, **cls.vendor_variants}.items()):
            out.write(f"  {name:20} {what}\n")
        return 0
    server = SandboxServer(cls(args.scenario), port=args.port)
    out.write(f"{cls.brand} sandbox ({server.portal.options['scenario']}) at {server.url}  (Ctrl-C stops)\n")
    out.flush()
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


def demo(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from flows import VENDORS
    from runners.gate import ScriptedConfirmer
    from runners.model import Mode
    from runners.runner import Progress, RunOptions, run

    results = []
    for vendor in VENDORS:
        err.write(f"\n=== {vendor} ===\n")
        opts = RunOptions(vendor=vendor, mode=Mode.DRY_RUN, sandbox="", evidence_dir=args.evidence_dir)
        result = run(opts, ScriptedConfirmer(), Progress(err))
        results.append(result)
    worst = max(r.exit_code for r in results)
    if args.json:
        out.write(json.dumps({"runs": [r.as_json() for r in results], "exit_code": worst}) + "\n")
    else:
        out.write("\nDemo: a dry run of every vendor on its bundled sandbox. Nothing was cancelled.\n")
        for r in results:
            out.write(f"  {r.vendor:12} {r.outcome!s:18} {r.evidence_dir}\n")
            if r.report:
                out.write(f"  {'':12} {'report':18} {r.report}\n")
        out.write("\nCheck a folder: cancelproof evidence verify <folder>\n")
    return worst


def evidence(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.evidence_command is None:
        msg = "evidence: choose verify, report, export or timestamp"
        raise UsageError(msg)
    if args.evidence_command == "timestamp":
        return evidence_timestamp(args, out, err)
    if args.evidence_command == "verify":
        from evidence.batchindex import is_index, verify_index
        from evidence.verify import verify

        if is_index(args.run_dir):
            code, lines = verify_index(args.run_dir)
            if args.json:
                out.write(
                    json.dumps(
                        {"intact": code == 0, "exit_code": code, "runs": [{"ok": ok, "detail": t} for ok, t in lines]}
                    )
                    + "\n"
                )
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
            export_note = (
                f" (an unzipped export; {len(verdict.withheld)} files withheld)" if verdict.kind == "export" else ""
            )
            out.write(f"{args.run_dir}: {'intact' + export_note if verdict.code == 0 else 'ALTERED OR MISSING'}\n")
        if verdict.code == 2:
            err.write(f"cancelproof: {verdict.checks[0].detail}\n")
        elif verdict.code:
            err.write(f"cancelproof: {args.run_dir}: altered or missing: {verdict.problem}\n")
        return verdict.code
    if args.evidence_command == "report":
        from evidence.report import rebuild

        path = rebuild(args.run_dir)
        out.write(f"report: {path}\n")
        return 0
    from evidence.export import export

    done = export(args.run_dir, args.output, force=args.force, allow_altered=args.allow_altered)
    out.write(f"export: {done.path}\n")
    if done.altered:
        err.write(
            f"cancelproof: exported although {args.run_dir} does not verify (--allow-altered): {done.altered[0]};"
            f" {len(done.left_out)} listed file(s) left out (EXPORT.json lists every problem)\n"
        )
    return 0


def evidence_timestamp(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """``evidence timestamp RUN_DIR --tsa URL``: stamp a folder that verifies, then rebuild its report."""
    from evidence import timestamp
    from evidence.report import rebuild
    from evidence.verify import verify
    from runners.results import one_line

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
        out.write(f"report: {rebuild(folder)}\n")
    except Exception as exc:  # the token is kept either way; the report can be rebuilt later
        err.write(f"cancelproof: report not rebuilt ({one_line(exc)}): run `cancelproof evidence report {folder}`\n")
    return 0


def recheck(args: argparse.Namespace, out: IO[str], err: IO[str], confirmer: Confirmer | None) -> int:
    from runners.gate import TerminalConfirmer
    from runners.portfolio import recheck
    from runners.results import check_base_url

    if args.base_url:
        check_base_url(args.base_url)
    from runners import credentials

    credentials.check_backend()  # the portal may ask to sign in again, with the first run's account
    result = recheck(
        args.run_dir,
        base_url=args.base_url,
        sandbox=args.sandbox,
        evidence_dir=args.evidence_dir,
        confirmer=confirmer or TerminalConfirmer(stderr=err),
        err=err,
        timeout=args.timeout,
    )
    _summary(result, err)
    if args.json:
        out.write(json.dumps(result.as_json()) + "\n")
    return result.exit_code


def creds(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from runners import credentials

    return credentials.command(args.action, args.vendor, args.account, args.password_stdin, out, err)
