"""The run loop: everything around a step, the same way for every step of every flow.

The runner binds the log, times the step, captures the screen after it, evaluates the rules as their
facts arrive, checks the page fingerprint and captures the screen before an irreversible step, asks the
gate, and is the only code that clicks an irreversible control (assisted runs only). A dry run stops at
the cancellation's irreversible step; a skippable preparatory one is recorded as "would run".
Whatever happens, the evidence folder ends with a manifest that ``evidence verify`` accepts.
"""

from __future__ import annotations

import signal
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence import errors as evidence_errors
from evidence.chain import ChainWriter
from evidence.manifest import build_manifest
from evidence.record import Confirmation, Manifest, RuleRecord, RunRecord, SignInEvent, StepRecord
from evidence.recorder import LOG, Recorder, labels, new_run_dir, utc_now
from runners import browser as browsers
from runners import diagnose, finalize, irreversible, session, watchdog
from runners.errors import BlockedByRule, BrowserError, Interrupted, RunnerError, UsageError, one_line
from runners.finalize import ReportTab
from runners.gate import Confirmer, operator
from runners.logs import run_logger
from runners.model import (
    Flow,
    FlowContext,
    Irreversible,
    Mode,
    Outcome,
    Step,
    StepStatus,
    Verdict,
    box_of,
    set_patience,
)
from runners.results import (
    Progress,
    RunOptions,
    RunResult,
    check_base_url,
    classify,
    from_evidence,
)
from runners.session import SignIn
from runners.vendors import default_base_url, load_flow, signin_screens, vendor

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = ["Progress", "ReportTab", "Run", "RunOptions", "RunResult", "check_base_url", "run"]


class Run:
    """One run of one flow: the loop, and the :class:`RunRecord` of what it has seen and decided
    (runners/irreversible.py and runners/finalize.py beside it return what they decide; the Run records it)."""

    def __init__(
        self,
        flow: Flow,
        opts: RunOptions,
        confirmer: Confirmer,
        progress: Progress,
        report_facts: tuple[str, ...] | None = None,
    ) -> None:
        self.flow = flow
        self.opts = opts
        self.confirmer = confirmer
        self.progress = progress
        self.record = RunRecord(
            vendor=flow.vendor,
            flow=flow.title,
            mode=str(opts.mode),
            merchant=flow.merchant,
            account=opts.account,
            subscription=opts.subscription or "",
            operator=operator(),
            locale=opts.locale,
            timezone=browsers.local_timezone(),
            options={k: v for k, v in opts.extra.items() if v not in (None, False, "")},
            sandbox=opts.sandbox,
            recheck_of=opts.recheck_of,
            cancel_step=next((s.name for s in flow.steps if s.irreversible and not s.skippable), ""),
            summary=flow.summary,
            report_facts=vendor(flow.vendor).report_facts if report_facts is None else report_facts,
            checklist=flow.checklist,
            after=flow.after,
            started_at=utc_now(),
            # the remote browser's endpoint, masked ("": a Chromium of this machine)
            browser_endpoint=browsers.mask_endpoint(opts.browser_endpoint) if opts.browser_endpoint else "",
        )
        self.evaluated: set[str] = set()  # the rules checked already (each is checked once)
        self.ctx: FlowContext | None = None
        self.folder = Path()
        self.recorder: Recorder | None = None
        self.log: Any = None
        self.writer: ChainWriter | None = None
        self.signin: SignIn | None = None
        # the vendor's sign-in screens reader (flows/signin.py's for the bundled vendors), handed down by the
        # registry before anything is written: runners/ never imports flows/
        self.screens = signin_screens(flow.vendor)
        self.current_step = ""
        self.timings: dict[str, float] = {}
        self.watch: diagnose.PageWatch | None = None
        self.report = ""
        self.finalized = False

    # --- the whole run ---------------------------------------------------------------------------
    def execute(self, browser: Browser | None = None) -> RunResult:
        """Run the flow; with ``browser`` (a batch's), in a new context of it instead of a browser of its own."""
        opts, record = self.opts, self.record
        record.base_url = check_base_url(opts.base_url or default_base_url(self.flow.vendor))
        try:
            self.folder, record.run_id = new_run_dir(opts.evidence_dir, self.flow.vendor)
        except evidence_errors.EvidenceError as exc:
            raise from_evidence(exc) from None
        self.recorder = Recorder(self.folder, record.run_id, own_email=opts.account)
        self.writer = ChainWriter(self.folder / LOG, record.run_id)
        self.log = run_logger(self.writer, url=self._url, run_id=record.run_id, vendor=self.flow.vendor)
        self.log.info(
            "run_started",
            mode=str(opts.mode),
            base_url=record.base_url,
            locale=opts.locale,
            subscription=opts.subscription or "",
            account=opts.account,
            operator=record.operator,
            options=record.options,
        )
        self.progress.say(f"cancelproof {opts.mode} · {self.flow.title} · {record.base_url}")
        self.progress.say(f"evidence: {self.folder}")
        self._checkpoint()
        with watchdog.interruptible(lambda: self.finalized, self._note_signal):
            try:
                if browser is None:
                    browsers.outside_event_loop(self._browse)
                else:
                    self._in_browser(browser)
            except RunnerError as exc:
                self._stopped(exc)
            except KeyboardInterrupt:
                self._stopped(Interrupted(signal.SIGINT))
            if not self.finalized:
                self._finalize()
                self._report(None)
        return finalize.result(record, self.folder, self.report, self.timings, self.recorder)

    def _url(self) -> str:
        return self.ctx.page.url if self.ctx is not None else ""

    def _note_signal(self, signum: int) -> None:
        self.record.interrupted = self.record.interrupted or signum

    def _check_signal(self) -> None:
        """A signal whose exception Playwright swallowed still stops the run here."""
        if self.record.interrupted:
            raise Interrupted(self.record.interrupted)

    def _end(self, outcome: Outcome, message: str) -> None:
        if not self.record.outcome:
            self.record.outcome = outcome
            self.record.message = message

    def _held(self, ctx: FlowContext, already: str = "") -> None:
        """A re-check's verdict: does the cancellation still hold, by the status read just now?"""
        verdict = self.flow.held(ctx.facts) if self.flow.held else None
        if verdict is None:
            verdict = bool(already)
        status = already or str(ctx.facts.get("status") or "unknown")
        self.record.held = verdict
        if verdict:
            self._end(
                Outcome.HELD,
                f"the cancellation held: {status}" if already else f"the cancellation held: status now {status}",
            )
        else:
            self._end(Outcome.NOT_HELD, f"the cancellation did NOT hold: status now {status}")

    def _stopped(self, exc: RunnerError) -> None:
        if self.opts.mode is Mode.RECHECK and exc.outcome is Outcome.ALREADY_CANCELLED and self.ctx is not None:
            self._held(self.ctx, already=str(exc))
            return
        if isinstance(exc, Interrupted):
            self.record.interrupted = exc.signum
            self.progress.say(f"interrupted by signal {exc.signum}: finalising the evidence")
        self._end(exc.outcome, str(exc))

    # --- the record -----------------------------------------------------------------------------
    def _observe(self) -> None:
        """Bring into the record what the flow and the sign-in saw since: facts, the confirmation, sign-in events."""
        record = self.record
        if self.ctx is not None:
            record.facts = dict(self.ctx.facts)
            seen = self.ctx.confirmation
            record.confirmation = Confirmation(**seen.as_dict()) if seen is not None else None
        if self.signin is not None:
            record.sign_in = [SignInEvent(**event) for event in self.signin.events]

    def _manifest(self) -> Manifest:
        assert self.recorder is not None and self.writer is not None
        self._observe()
        return build_manifest(self.record, self.recorder, self.writer)

    def _checkpoint(self) -> None:
        """Write the manifest as it stands, so even a killed run leaves a readable record."""
        if self.recorder is not None and self.writer is not None:
            self.recorder.write_manifest(self._manifest(), durable=False)

    def _finalize(self, meanwhile: Callable[[], object] | None = None) -> None:
        """Close the log and write the final manifest (stamped and signed when asked): the record is final.
        ``meanwhile``: browser work that changes nothing in the record, done while the trace is cleaned."""
        assert self.recorder is not None and self.writer is not None
        record = self.record
        record.outcome, record.message = finalize.ending(record)
        self.finalized = True
        self._observe()
        self.timings.update(finalize.close(record, self.folder, self.recorder, self.writer, self.log, meanwhile))
        record.ended_at = utc_now()
        final = self._manifest()
        self.recorder.write_manifest(final)
        url = self.opts.extra.get("timestamp")
        if url:
            finalize.timestamp(final, self.folder, self.recorder, str(url), record.interrupted, self.progress.say)
        if self.opts.sign:
            finalize.sign(self.folder, self.progress.say)

    def _report(self, browser: ReportTab | None) -> None:
        if self.opts.report:
            self.report = finalize.report(self.folder, browser, self.timings, self.progress.say)

    def _browse(self) -> None:
        with browsers.started() as pw:
            # a remote browser must reach a sandbox served here: checked first, said in one line
            reach = self.record.base_url if self.opts.browser_endpoint and self.opts.sandbox is not None else None
            browser = browsers.open_browser(pw, self.opts.headed, self.opts.browser_endpoint, reach=reach)
            try:
                self._in_browser(browser, own=not self.opts.browser_endpoint)
            finally:
                with suppress(Exception):  # best effort: the browser may have died already
                    browser.close()

    def _in_browser(self, browser: Browser, own: bool = False) -> None:
        """The run in a fresh context of ``browser`` (its own, or one a batch shares). ``own``: the browser was
        launched for this run and is closed after it, its context with it (one round trip less)."""
        self.record.browser = browsers.label(browser, self.opts.browser_endpoint)
        try:
            context = browser.new_context(
                **browsers.context_args(self.opts.locale, self.record.timezone),
                storage_state=session.profile_state(self.opts.profile),
            )
        except Exception as exc:  # the browser went away (a batch's remote one): the run still ends with evidence
            msg = f"the browser could not open a new context: {one_line(exc)}"
            raise BrowserError(msg) from None
        set_patience(context, self.opts.timeout)  # every wait of every tab, the flows' included
        if self.opts.trace:
            # DOM snapshots, not a screencast: the run's own screenshots already show every screen
            context.tracing.start(screenshots=False, snapshots=True)
        page = context.new_page()
        self.watch = diagnose.PageWatch(page)
        self._install_signin(page)
        try:
            try:
                self._steps(page)
            except RunnerError as exc:
                self._stopped(exc)
            except KeyboardInterrupt:
                self._stopped(Interrupted(signal.SIGINT))
            finally:
                if self.recorder is not None:  # no step comes to box the last screen: its copy can start now
                    self.recorder.annotate_later()
                self._keep_session(context)
                self._stop_trace(context)
            # after a signal, no more browser work
            tab = None if self.record.interrupted or not self.opts.report else ReportTab(page, context, browser)
            self._finalize(meanwhile=tab.empty if tab is not None else None)
            self._report(None if self.record.interrupted else tab)
        finally:
            if not own:
                with suppress(Exception):  # best effort: the browser may have died already
                    context.close()

    def _install_signin(self, page: Page) -> None:
        if self.screens is None:  # the vendor reads no sign-in screens: one shown fails its step like any other
            return

        def capture(label: str) -> object:
            if self.ctx is None:
                return None
            step = next((s for s in self.flow.steps if s.name == self.current_step), self.flow.steps[0])
            index = next(i for i, s in enumerate(self.flow.steps, 1) if s is step)
            return self._capture(self.ctx, index, step, label, self.log.bind(step=step.name))

        self.signin = SignIn(
            screens=self.screens,
            vendor=self.flow.vendor,
            account=self.opts.account,
            locale=self.opts.locale,
            headed=self.opts.headed,
            human=self.confirmer,
            code_timeout=self.opts.code_timeout,
            keep_signed_in=self.opts.profile is not None,  # "Stay signed in?": Yes only when --profile keeps it
            log=self.log,
            capture=capture,
            current_step=lambda: self.current_step,
        )
        self.signin.install(page)

    def _tab_opened(self, tab: Page, switch: dict[str, str]) -> None:
        """The portal opened a tab and the flow went on in it: sign-in and the page watch cover it too."""
        if self.signin is not None:
            self.signin.install(tab)
        self.watch = diagnose.PageWatch(tab)
        self.watch.step_started()
        self.log.info("tab_opened", came_from=switch["from"], url=switch["to"])
        if self.ctx is not None:  # the manifest's facts keep every switch, with the step that made it
            self.ctx.fact(
                "tabs_opened", [*self.ctx.facts.get("tabs_opened", []), {**switch, "step": self.current_step}]
            )
        self.progress.say(f"      the portal opened a new tab: going on in {switch['to']}")

    def _keep_session(self, context: BrowserContext) -> None:
        """Save the session to --profile only when the run ends signed in (never over a good one)."""
        profile = self.opts.profile
        if profile is None or self.signin is None:
            return
        if self.signin.failed or not self.signin.signed_in_now():
            self.log.info("profile_not_saved", reason=self.signin.failed or "the run ended signed out")
            return
        try:
            session.save_profile(profile, context)
            self.log.info("profile_saved")
        except Exception as exc:  # best effort: a session not saved only means signing in next time
            self.log.warning("profile_not_saved", reason=one_line(exc))

    def _stop_trace(self, context: BrowserContext) -> None:
        if self.opts.trace:
            started = time.perf_counter()
            with suppress(Exception):  # a dead browser has no trace to give; the rest of the evidence stands
                context.tracing.stop(path=str(self.folder / "internal" / "trace.zip"))
            self.timings["trace_stop"] = time.perf_counter() - started

    # --- the steps -------------------------------------------------------------------------------
    def _steps(self, page: Page) -> None:
        options = {
            "base_url": self.record.base_url,
            "subscription": self.opts.subscription,
            "locale": self.opts.locale,
            "account": self.opts.account,
            **self.opts.extra,
        }
        ctx = self.ctx = FlowContext(page=page, options=options, on_tab=self._tab_opened, boxes=True)
        total = len(self.flow.steps)
        for index, step in enumerate(self.flow.steps, 1):
            skipped = ctx.skips.get(step.name)
            if skipped is None and step.option and options.get(step.option):
                skipped = f"skipped by --{step.option.replace('_', '-')}"
            if skipped:
                self._record(index, step, StepStatus.SKIPPED, time.monotonic(), utc_now(), page.url, skipped)
                self.log.info("step_skipped", step=step.name, reason=skipped)
                continue
            self._check_signal()
            stop = self._step(index, total, step, ctx)
            self._check_signal()
            self._checkpoint()
            if stop:
                return
        if self.opts.mode is Mode.RECHECK:
            self._held(ctx)
        elif self.opts.mode is Mode.DRY_RUN:
            self._end(Outcome.DRY_RUN_COMPLETE, "the flow ended without an irreversible step")
        elif ctx.confirmation is not None and self.record.requested_at:
            self._end(Outcome.CANCELLED, f"cancelled: {ctx.confirmation.status_after or ctx.confirmation.text}")
        else:
            self._end(Outcome.FAILED, "the cancel control was clicked but no confirmation was seen")

    def _step(self, index: int, total: int, step: Step, ctx: FlowContext) -> bool:
        """Run one step; return True when the run ends here."""
        assert self.recorder is not None
        log = self.log.bind(step=step.name)
        self.current_step = step.name
        if self.watch is not None:
            self.watch.step_started()
        self.progress.started(index, total, step)
        started, started_at = time.monotonic(), utc_now()
        log.info("step_started", description=step.description, url=ctx.page.url, irreversible=step.irreversible)
        before = self.recorder.last_screenshot
        ctx.clicked_box = None
        try:
            action = self._run(step, ctx)
            if before is not None and ctx.clicked_box and "confirm" not in labels(before):
                # the box marks what this step clicked on the screen before it; a "confirm" capture
                # keeps the box of the irreversible control it was taken for
                before["clicked_box"] = ctx.clicked_box
            self._rules(ctx, log)
            if step.irreversible:
                self._check_signal()  # never go on to an irreversible click after Ctrl-C or SIGTERM
                return self._irreversible(index, step, ctx, action, log, started, started_at)
        except Exception as raw:
            signin_error = self.signin.error if self.signin else None
            exc = signin_error or diagnose.explain(classify(raw, step, self.opts.timeout), ctx.page, self.watch)
            label = {
                Outcome.BLOCKED: "blocked",
                Outcome.ALREADY_CANCELLED: "status",
                Outcome.DECLINED: "declined",
                Outcome.USAGE: "stopped",
            }.get(exc.outcome, "failure")
            self._capture(ctx, index, step, label, log)
            status = StepStatus.FAILED if exc.outcome is Outcome.FAILED else StepStatus.STOPPED
            if exc.outcome is Outcome.DECLINED:
                status = StepStatus.DECLINED
            self._record(index, step, status, started, started_at, ctx.page.url, str(exc))
            log.warning(
                "step_failed" if status is StepStatus.FAILED else "run_stopped",
                outcome=str(exc.outcome),
                reason=str(exc),
                url=ctx.page.url,
            )
            raise exc from None
        self._capture(ctx, index, step, "after", log)
        self._record(index, step, StepStatus.OK, started, started_at, ctx.page.url)
        log.info("step_finished", url=ctx.page.url, seconds=round(time.monotonic() - started, 3))
        return False

    def _irreversible(
        self,
        index: int,
        step: Step,
        ctx: FlowContext,
        action: Irreversible | None,
        log: Any,
        started: float,
        started_at: str,
    ) -> bool:
        """The irreversible step (runners/irreversible.py decides, the record keeps it); True when the run ends here."""
        control = irreversible.handed(step, action)
        checked = irreversible.fingerprint(step, ctx, control, log)
        self.record.fingerprint = checked.fingerprint
        if checked.error is not None:
            raise checked.error
        shot = self._capture(ctx, index, step, "confirm", log, box=box_of(control.control))
        if self.opts.mode is Mode.DRY_RUN:
            done = irreversible.dry_run(step, ctx, control, log)
        else:
            approval = irreversible.ask(
                self.confirmer, self.flow.vendor, self.opts, step, ctx, control, shot, self.folder, log
            )
            self.record.approvals.append(approval)
            if not approval.confirmed:
                done = irreversible.declined(approval, ctx)
            else:
                if not step.skippable:  # what the portal showed before this click
                    self.record.facts_before = dict(ctx.facts)
                done = irreversible.click(step, ctx, control, log)
        if done.requested_at:
            self.record.requested_at = done.requested_at
        self._record(index, step, done.status, started, started_at, done.url, done.error)
        if done.outcome is None:
            return False
        self._end(done.outcome, done.message)
        return True

    def _run(self, step: Step, ctx: FlowContext) -> Irreversible | None:
        """The step's own code, within its bound; run once more from its start when a sign-in that waited for
        the human outlasted one of its waits (the human's time is not the step's: docs/design.md, --timeout)."""
        bound, what = 2 * self.opts.timeout, f"step {step.name!r} ({step.description})"
        if self.signin is not None:
            self.signin.step_started()
        try:
            with watchdog.step_alarm(bound, what):
                return step.run(ctx)
        except Interrupted:
            raise
        except Exception:
            if self.signin is None or not self.signin.outlasted():
                raise
            self.signin.finish()  # on human time; raises the sign-in's own error if it failed
            self.log.info("step_restarted", step=step.name, reason="the sign-in outlasted one of the step's waits")
            with watchdog.step_alarm(bound, what):
                return step.run(ctx)

    def _rules(self, ctx: FlowContext, log: Any) -> None:
        for rule in self.flow.rules:
            if rule.name in self.evaluated or not all(k in ctx.facts for k in rule.needs):
                continue
            self.evaluated.add(rule.name)
            result = rule.check(ctx.facts, ctx.options)
            if result is None:
                continue
            self.record.rules.append(RuleRecord(rule.name, result.verdict, result.message))
            log.info("rule_checked", rule=rule.name, verdict=str(result.verdict), message=result.message)
            if result.verdict is Verdict.WARN:
                self.progress.say(f"      warning: {result.message}")
            if result.verdict is Verdict.BLOCK:
                raise BlockedByRule(result.message)

    def _capture(
        self, ctx: FlowContext, index: int, step: Step, label: str, log: Any, box: dict[str, float] | None = None
    ) -> dict[str, Any] | None:
        assert self.recorder is not None
        try:
            shot = self.recorder.capture(ctx.page, index, step.name, label, box=box)
        except evidence_errors.EvidenceError as exc:  # the folder cannot be written: the run stops with it
            raise from_evidence(exc) from None
        except Exception as exc:  # the page may be gone (browser died): the run still ends with evidence
            log.warning("capture_failed", label=label, reason=one_line(exc))
            return None
        if shot is None and self.recorder.refused:
            log.warning("capture_refused", **self.recorder.refused[-1])
        elif shot is not None and (shot["step"], shot.get("label")) != (step.name, label):
            log.info("screen_unchanged", label=label, same_as=shot["path"])
        return shot

    def _record(
        self, index: int, step: Step, status: StepStatus, started: float, started_at: str, url: str, error: str = ""
    ) -> None:
        result = StepRecord(
            index,
            step.name,
            step.description,
            status,
            started_at,
            utc_now(),
            time.monotonic() - started,
            url,
            error,
            step.irreversible,
        )
        self.record.steps.append(result)
        self.progress.ended(result)


def run(
    opts: RunOptions, confirmer: Confirmer, progress: Progress | None = None, browser: Browser | None = None
) -> RunResult:
    """Run ``opts.vendor``'s flow and return the result; the evidence folder is always finalised.

    Raises:
        UsageError: bad input found before anything was written (unknown vendor, malformed URL,
            evidence folder not writable).
    """
    registered = vendor(opts.vendor)
    flow = load_flow(opts.vendor)
    if opts.mode is Mode.RECHECK:
        try:
            flow = flow.for_recheck()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return Run(flow, opts, confirmer, progress or Progress(), registered.report_facts).execute(browser)
