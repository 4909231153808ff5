"""The end of every run, whatever happened: the log closed, the final manifest, the report, the result."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from evidence.manifest import build_manifest
from evidence.recorder import LOG, utc_now
from evidence.redact import scrub_trace as scrub
from runners.errors import RunnerError
from runners.model import Outcome
from runners.results import RunResult, one_line

TRACE = "internal/trace.zip"

if TYPE_CHECKING:
    from evidence.report import Printer
    from runners.runner import Run


def manifest(run: Run, final: bool) -> dict[str, Any]:
    return build_manifest(run, final)


def checkpoint(run: Run) -> None:
    """Write the manifest as it stands, so even a killed run leaves a readable record."""
    if run.recorder is not None and run.writer is not None:
        run.recorder.write_manifest(manifest(run, final=False), durable=False)


def finalize(run: Run) -> None:
    """Close the log and write the final manifest: from here the record does not change."""
    assert run.recorder is not None and run.writer is not None
    if run.interrupted and not run.message.startswith("interrupted"):
        # the signal's own exception may have been swallowed, or broken Playwright's connection first
        cause = f" ({run.message})" if run.message else ""
        run.outcome, run.message = Outcome.FAILED, f"interrupted by signal {run.interrupted}{cause}"
    run.finalized = True
    if run.outcome is None:
        run._end(Outcome.FAILED, "the run ended without an outcome")
    scrub_trace(run)
    if run.ctx is not None and run.ctx.confirmation is not None:
        # the vendor's confirmation in the chain: verify checks manifest.json's cancellation against it
        run.log.info("confirmation_seen", **run.ctx.confirmation.as_dict())
    run.log.info(
        "run_finished",
        outcome=str(run.outcome),
        reason=run.message,
        interrupted_by_signal=run.interrupted or None,
    )
    run.writer.close()
    run.recorder.annotations_done()
    run.recorder.add_existing(LOG, media_type="application/x-ndjson")
    run.recorder.add_existing(TRACE, media_type="application/zip")
    final = manifest(run, final=True)
    run.recorder.write_manifest(final)
    timestamp(run, final)
    if run.opts.sign:
        from evidence.signing import sign

        try:
            sign(run.folder)
            run.progress.say("manifest signed (signatures.json, signing-key.pub)")
        except RunnerError as exc:  # no keyring or no cryptography: the unsigned record stands
            run.progress.say(f"manifest not signed: {exc}")


def timestamp(run: Run, final: dict[str, Any]) -> None:
    """``--timestamp URL``: the authority's token for the final manifest. When it cannot be had, the manifest
    records the stamp as missing (rewritten before a signature or the report covers it) and the run goes on;
    the manifest says nothing of a stamp that was had (the token, beside it, covers it)."""
    url = run.opts.extra.get("timestamp")
    if not url or run.recorder is None:
        return
    from evidence import timestamp as rfc3161

    try:
        if run.interrupted:  # a signal asks to stop: no network wait now, the folder can be stamped later
            msg = f"not asked: the run was interrupted by signal {run.interrupted}"
            raise RunnerError(msg)
        got = rfc3161.stamp(run.folder, str(url))
    except Exception as exc:  # best effort, like the report: the record stands without its stamp, said so
        final["timestamp"] = {"tsa": str(url), "missing": one_line(exc), "at": utc_now()}
        run.recorder.write_manifest(final)
        run.progress.say(f"timestamp missing: {exc} (later: cancelproof evidence timestamp {run.folder} --tsa URL)")
        return
    run.progress.say(f"timestamped by {got.authority} at {got.when()} ({rfc3161.TOKEN})")


def scrub_trace(run: Run) -> None:
    """Take every secret out of internal/trace.zip before it is hashed (evidence/redact.py says what goes)."""
    trace = run.folder / TRACE
    if not trace.is_file():
        return
    started = time.perf_counter()
    try:
        run.log.info("trace_cleaned", **scrub(trace))
    except Exception as exc:  # a trace that cannot be read cannot be cleaned: it is not kept
        trace.unlink(missing_ok=True)
        run.log.warning("trace_not_kept", reason=one_line(exc))
    run.timings["trace_scrub"] = time.perf_counter() - started


def report(run: Run, browser: Printer | None) -> None:
    """report.html and report.pdf, derived from the manifest. Without the run's browser (an interrupted run,
    one whose browser died or never started) the PDF is printed by a browser of its own."""
    if not run.opts.report:
        return
    from evidence.report import write_report, write_report_in_own_browser

    try:
        if browser is not None:
            run.report = str(write_report(run.folder, browser=browser, timings=run.timings))
            return
        try:
            run.report = str(write_report_in_own_browser(run.folder, timings=run.timings))
            return
        except Exception as exc:  # no browser to be had: the HTML report still stands, said once below
            write_report(run.folder, browser=None, timings=run.timings)
            raise RuntimeError(f"report.pdf not written ({one_line(exc)}); report.html is") from None
    except Exception as exc:  # the record is complete without the report; say so rather than lose it
        run.progress.say(f"report: {one_line(exc)}")
        if (run.folder / "report.html").exists():
            run.report = str(run.folder / "report.html")


def result(run: Run) -> RunResult:
    assert run.outcome is not None
    ctx = run.ctx
    return RunResult(
        outcome=run.outcome,
        vendor=run.flow.vendor,
        subscription=str((ctx.facts.get("subscription") if ctx else None) or run.opts.subscription or ""),
        evidence_dir=str(run.folder),
        message=run.message,
        confirmation=ctx.confirmation.as_dict() if ctx and ctx.confirmation else None,
        steps=tuple(run.results),
        report=run.report,
        interrupted=run.interrupted,
        timings={**(run.recorder.timings if run.recorder else {}), **run.timings},
    )
