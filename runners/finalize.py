"""The end of every run, whatever happened: the outcome settled, the log closed, the final manifest stamped and
signed, the report, the result. Each function returns what it settled; the Run (runners/runner.py) applies it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from evidence.chain import ChainWriter
from evidence.errors import EvidenceError
from evidence.record import Manifest, RunRecord
from evidence.recorder import LOG, Recorder, utc_now
from evidence.redact import scrub_trace as scrub
from evidence.report import Printer, write_report
from evidence.signing import sign as sign_manifest
from runners import browser as browsers
from runners import credentials
from runners.errors import RunnerError, one_line
from runners.model import Outcome
from runners.results import RunResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from evidence.timestamp import Stamp

TRACE = "internal/trace.zip"
T = TypeVar("T")
Say = Callable[[str], None]


def ending(record: RunRecord) -> tuple[Outcome, str]:
    """The outcome and reason the run ends with: its own, except that a signal ends it as failed (saying which),
    and a run that reached no outcome failed."""
    if record.interrupted and not record.message.startswith("interrupted"):
        # the signal's own exception may have been swallowed, or broken Playwright's connection first
        cause = f" ({record.message})" if record.message else ""
        return Outcome.FAILED, f"interrupted by signal {record.interrupted}{cause}"
    if not record.outcome:
        return Outcome.FAILED, "the run ended without an outcome"
    return Outcome(record.outcome), record.message


def close(
    record: RunRecord,
    folder: Path,
    recorder: Recorder,
    writer: ChainWriter,
    log: Any,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, float]:
    """Clean the trace, close the log and hash both: from here the record does not change. Returns the timings.

    ``meanwhile`` (the report's tab emptied: :meth:`ReportTab.empty`) runs in this thread while the trace is
    cleaned in another: the browser's part and Python's overlap. Nothing else writes to the log meanwhile.
    """
    if meanwhile is None:
        timings = scrub_trace(folder, log)
    else:
        timings = browsers.in_a_thread(lambda: scrub_trace(folder, log), meanwhile, name="cancelproof-trace")
    if record.confirmation is not None:
        # the vendor's confirmation in the chain: verify checks manifest.json's cancellation against it
        log.info("confirmation_seen", **record.confirmation.as_dict())
    log.info(
        "run_finished",
        outcome=str(record.outcome),
        reason=record.message,
        interrupted_by_signal=record.interrupted or None,
    )
    writer.close()
    recorder.annotations_done()
    recorder.add_existing(LOG, media_type="application/x-ndjson")
    recorder.add_existing(TRACE, media_type="application/zip")
    return timings


def sign(folder: Path, say: Say) -> None:
    """``--sign``: the Ed25519 signature of the final manifest, with the key kept in the OS keyring."""
    try:
        sign_manifest(folder, credentials)
        say("manifest signed (signatures.json, signing-key.pub)")
    except (RunnerError, EvidenceError) as exc:  # no keyring or no cryptography: the unsigned record stands
        say(f"manifest not signed: {exc}")


def timestamp(final: Manifest, folder: Path, recorder: Recorder, url: str, interrupted: int, say: Say) -> None:
    """``--timestamp URL``: the authority's token for the final manifest. When it cannot be had, the manifest
    records the stamp as missing (rewritten before a signature or the report covers it) and the run goes on;
    the manifest says nothing of a stamp that was had (the token, beside it, covers it)."""
    from evidence import timestamp as rfc3161  # only runs with --timestamp load urllib.request: start-up time

    got: Stamp | None = None
    if interrupted:  # a signal asks to stop: no network wait now, the folder can be stamped later
        problem = said = f"not asked: the run was interrupted by signal {interrupted}"
    else:
        try:
            got = rfc3161.stamp(folder, url)
        except Exception as exc:  # best effort, like the report: the record stands without its stamp, said so
            problem, said = one_line(exc), str(exc)
    if got is None:
        final["timestamp"] = {"tsa": url, "missing": problem, "at": utc_now()}
        recorder.write_manifest(final)
        say(f"timestamp missing: {said} (later: cancelproof evidence timestamp {folder} --tsa URL)")
        return
    say(f"timestamped by {got.authority} at {got.when()} ({rfc3161.TOKEN})")


def scrub_trace(folder: Path, log: Any) -> dict[str, float]:
    """Take every secret out of internal/trace.zip before it is hashed (evidence/redact.py says what goes)."""
    trace = folder / TRACE
    if not trace.is_file():
        return {}
    started = time.perf_counter()
    try:
        log.info("trace_cleaned", **scrub(trace))
    except Exception as exc:  # a trace that cannot be read cannot be cleaned: it is not kept
        trace.unlink(missing_ok=True)
        log.warning("trace_not_kept", reason=one_line(exc))
    return {"trace_scrub": time.perf_counter() - started}


class ReportTab:
    """Where the report PDF is printed once the run is over: the run's own tab, emptied (its renderer is
    running already: cheaper than a new tab or context), else a new tab, else the browser's."""

    def __init__(self, page: Page, context: BrowserContext, browser: Browser) -> None:
        self.page, self.context, self.browser = page, context, browser
        self.emptied: bool | None = None  # None: not tried yet (a failed try is not made again)

    def empty(self) -> None:
        """Leave the portal's page for a blank one, ahead of the report (once the record has read everything it
        needs from the run's tabs, and the trace is stopped: leaving changes nothing in the evidence)."""
        try:
            self.page.goto("about:blank", timeout=2000)  # short: a beforeunload prompt means a new tab instead
            self.emptied = True
        except Exception:
            self.emptied = False

    def new_page(self) -> Page:
        if self.emptied is None:
            self.empty()
        if self.emptied:
            return self.page
        try:
            return self.context.new_page()
        except Exception:  # the run's context is gone (a crashed tab takes it along): the browser may still print
            return self.browser.new_page()


def in_own_browser(render: Callable[[Printer], T]) -> T:
    """``render`` with a Chromium of its own, started where Playwright's sync API can start (the report's PDF of
    a run whose browser is gone: after Ctrl-C, Playwright's driver is gone with it; ``evidence report``)."""

    def rendered() -> T:
        with browsers.started() as pw:
            executable = browsers.find_browser(pw)
            browser = pw.chromium.launch(**browsers.launch_args(executable, headed=False))
            try:
                return render(browser)
            finally:
                browser.close()

    return browsers.outside_event_loop(rendered)


def report(folder: Path, browser: Printer | None, timings: dict[str, float], say: Say) -> str:
    """report.html and report.pdf, derived from the manifest; returns the report's path ("" when none). Without
    the run's browser (an interrupted run, one whose browser died or never started) the PDF is printed by a
    browser of its own."""
    try:
        if browser is not None:
            return str(write_report(folder, browser=browser, timings=timings))
        try:
            return str(in_own_browser(lambda own: write_report(folder, browser=own, timings=timings)))
        except Exception as exc:  # no browser to be had: the HTML report still stands, said once below
            write_report(folder, browser=None, timings=timings)
            raise RuntimeError(f"report.pdf not written ({one_line(exc)}); report.html is") from None
    except Exception as exc:  # the record is complete without the report; say so rather than lose it
        say(f"report: {one_line(exc)}")
        return str(folder / "report.html") if (folder / "report.html").exists() else ""


def result(
    record: RunRecord, folder: Path, report: str, timings: dict[str, float], recorder: Recorder | None
) -> RunResult:
    """What the run answers its caller (and ``--json`` prints)."""
    return RunResult(
        outcome=Outcome(record.outcome),
        vendor=record.vendor,
        subscription=str(record.facts.get("subscription") or record.subscription or ""),
        evidence_dir=str(folder),
        message=record.message,
        confirmation=record.confirmation.as_dict() if record.confirmation else None,
        steps=tuple(record.steps),
        report=report,
        interrupted=record.interrupted,
        timings={**(recorder.timings if recorder else {}), **timings},
    )
