"""The end of every run, whatever happened: the log closed, the final manifest, the report, the result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evidence.manifest import build_manifest
from evidence.recorder import LOG
from runners.errors import RunnerError
from runners.model import Outcome
from runners.results import RunResult, one_line

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
    run.log.info(
        "run_finished",
        outcome=str(run.outcome),
        reason=run.message,
        interrupted_by_signal=run.interrupted or None,
    )
    run.writer.close()
    run.recorder.annotations_done()
    run.recorder.add_existing(LOG, media_type="application/x-ndjson")
    run.recorder.add_existing("internal/trace.zip", media_type="application/zip")
    run.recorder.write_manifest(manifest(run, final=True))
    if run.opts.sign:
        from evidence.signing import sign

        try:
            sign(run.folder)
            run.progress.say("manifest signed (signatures.json, signing-key.pub)")
        except RunnerError as exc:  # no keyring or no cryptography: the unsigned record stands
            run.progress.say(f"manifest not signed: {exc}")


def report(run: Run, browser: Printer | None) -> None:
    """report.html, and report.pdf when a browser is at hand; derived from the manifest."""
    if not run.opts.report:
        return
    try:
        from evidence.report import write_report

        run.report = str(write_report(run.folder, browser=browser, timings=run.timings))
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
