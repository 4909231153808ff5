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

from evidence.chain import ChainWriter
from evidence.recorder import LOG, Recorder, labels, new_run_dir, utc_now
from runners import browser as browsers
from runners import diagnose, finalize, irreversible, session, watchdog
from runners.errors import Interrupted, RunnerError, UsageError
from runners.gate import Confirmer, operator
from runners.logs import run_logger
from runners.model import (
    Flow,
    FlowContext,
    Irreversible,
    Mode,
    Outcome,
    RuleRecord,
    Step,
    StepResult,
    StepStatus,
    Verdict,
    set_patience,
)
from runners.results import (
    Progress,
    RunOptions,
    RunResult,
    check_base_url,
    classify,
    one_line,
)
from runners.vendors import default_base_url, load_flow

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from runners.session import SignIn

__all__ = ["Progress", "Run", "RunOptions", "RunResult", "check_base_url", "run"]


class Run:
    """One run of one flow: its state and the loop (runners/irreversible.py and runners/finalize.py beside it)."""

    report = ""

    def __init__(self, flow: Flow, opts: RunOptions, confirmer: Confirmer, progress: Progress) -> None:
        self.flow = flow
        self.opts = opts
        self.confirmer = confirmer
        self.progress = progress
        self.results: list[StepResult] = []
        self.rules: list[RuleRecord] = []
        self.evaluated: set[str] = set()
        self.outcome: Outcome | None = None
        self.message = ""
        self.gate: dict[str, Any] | None = None
        self.fingerprint: dict[str, Any] | None = None
        self.requested_at = ""
        self.ctx: FlowContext | None = None
        self.browser_version = ""
        self.started_at = utc_now()
        self.base_url = ""
        self.folder = Path()
        self.run_id = ""
        self.recorder: Recorder | None = None
        self.log: Any = None
        self.writer: ChainWriter | None = None
        self.timezone = browsers.local_timezone()
        self.signin: SignIn | None = None
        self.current_step = ""
        self.timings: dict[str, float] = {}
        self.watch: diagnose.PageWatch | None = None
        self.approvals: list[dict[str, Any]] = []  # every gate's answer, in order (``gate`` is the last)
        self.cancel_step = next((s.name for s in flow.steps if s.irreversible and not s.skippable), "")

    # --- the whole run ---------------------------------------------------------------------------
    def execute(self, browser: Browser | None = None) -> RunResult:
        """Run the flow; with ``browser`` (a batch's), in a new context of it instead of a browser of its own."""
        opts = self.opts
        self.base_url = check_base_url(opts.base_url or default_base_url(self.flow.vendor))
        self.folder, self.run_id = new_run_dir(opts.evidence_dir, self.flow.vendor)
        self.recorder = Recorder(self.folder, self.run_id, own_email=opts.account)
        self.writer = ChainWriter(self.folder / LOG, self.run_id)
        self.log = run_logger(self.writer, url=self._url, run_id=self.run_id, vendor=self.flow.vendor)
        self.log.info(
            "run_started",
            mode=str(opts.mode),
            base_url=self.base_url,
            locale=opts.locale,
            subscription=opts.subscription or "",
            account=opts.account,
            operator=operator(),
            options={k: v for k, v in opts.extra.items() if v not in (None, False, "")},
        )
        self.progress.say(f"cancelproof {opts.mode} · {self.flow.title} · {self.base_url}")
        self.progress.say(f"evidence: {self.folder}")
        finalize.checkpoint(self)
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
                finalize.finalize(self)
                finalize.report(self, None)
        return finalize.result(self)

    def _url(self) -> str:
        return self.ctx.page.url if self.ctx is not None else ""

    def _note_signal(self, signum: int) -> None:
        self.interrupted = self.interrupted or signum

    def _check_signal(self) -> None:
        """A signal whose exception Playwright swallowed still stops the run here."""
        if self.interrupted:
            raise Interrupted(self.interrupted)

    def _end(self, outcome: Outcome, message: str) -> None:
        if self.outcome is None:
            self.outcome = outcome
            self.message = message

    def _held(self, ctx: FlowContext, already: str = "") -> None:
        """A re-check's verdict: does the cancellation still hold, by the status read just now?"""
        verdict = self.flow.held(ctx.facts) if self.flow.held else None
        if verdict is None:
            verdict = bool(already)
        status = already or str(ctx.facts.get("status") or "unknown")
        self.held_verdict = verdict
        if verdict:
            self._end(
                Outcome.HELD,
                f"the cancellation held: {status}" if already else f"the cancellation held: status now {status}",
            )
        else:
            self._end(Outcome.NOT_HELD, f"the cancellation did NOT hold: status now {status}")

    held_verdict: bool | None = None

    def _stopped(self, exc: RunnerError) -> None:
        if self.opts.mode is Mode.RECHECK and exc.outcome is Outcome.ALREADY_CANCELLED and self.ctx is not None:
            self._held(self.ctx, already=str(exc))
            return
        if isinstance(exc, Interrupted):
            self.interrupted = exc.signum
            self.progress.say(f"interrupted by signal {exc.signum}: finalising the evidence")
        self._end(exc.outcome, str(exc))

    def _browse(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = browsers.launch(pw, self.opts.headed)
            try:
                self._in_browser(browser)
            finally:
                with suppress(Exception):  # best effort: the browser may have died already
                    browser.close()

    def _in_browser(self, browser: Browser) -> None:
        """The run in a fresh context of ``browser`` (its own, or one a batch shares)."""
        self.browser_version = f"Chromium {browser.version}"
        context = browser.new_context(
            **browsers.context_args(self.opts.locale, self.timezone),
            storage_state=session.profile_state(self.opts.profile),
        )
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
            finalize.finalize(self)
            # after a signal, no more browser work
            finalize.report(self, None if self.interrupted else ReportTab(page, context, browser))
        finally:
            with suppress(Exception):  # best effort: the browser may have died already
                context.close()

    def _install_signin(self, page: Page) -> None:
        from runners.session import SignIn

        def capture(label: str) -> object:
            if self.ctx is None:
                return None
            step = next((s for s in self.flow.steps if s.name == self.current_step), self.flow.steps[0])
            index = next(i for i, s in enumerate(self.flow.steps, 1) if s is step)
            return self._capture(self.ctx, index, step, label, self.log.bind(step=step.name))

        self.signin = SignIn(
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
            "base_url": self.base_url,
            "subscription": self.opts.subscription,
            "locale": self.opts.locale,
            "account": self.opts.account,
            **self.opts.extra,
        }
        ctx = self.ctx = FlowContext(page=page, options=options, on_tab=self._tab_opened)
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
            finalize.checkpoint(self)
            if stop:
                return
        if self.opts.mode is Mode.RECHECK:
            self._held(ctx)
        elif self.opts.mode is Mode.DRY_RUN:
            self._end(Outcome.DRY_RUN_COMPLETE, "the flow ended without an irreversible step")
        elif ctx.confirmation is not None and self.requested_at:
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
                return irreversible.irreversible(self, index, step, ctx, action, log, started, started_at)
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
            self.rules.append(RuleRecord(rule.name, result.verdict, result.message))
            log.info("rule_checked", rule=rule.name, verdict=str(result.verdict), message=result.message)
            if result.verdict is Verdict.WARN:
                self.progress.say(f"      warning: {result.message}")
            if result.verdict is Verdict.BLOCK:
                from runners.errors import BlockedByRule

                raise BlockedByRule(result.message)

    def _capture(
        self, ctx: FlowContext, index: int, step: Step, label: str, log: Any, box: dict[str, float] | None = None
    ) -> dict[str, Any] | None:
        assert self.recorder is not None
        try:
            shot = self.recorder.capture(ctx.page, index, step.name, label, box=box)
        except RunnerError:
            raise
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
        result = StepResult(
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
        self.results.append(result)
        self.progress.ended(result)

    # --- finalisation ---------------------------------------------------------------------------
    interrupted = 0
    finalized = False


class ReportTab:
    """Where the report PDF is printed once the run is over: the run's own tab, emptied (its renderer is
    running: a new tab costs about 0.05 s more, a new context 0.1 s), else a new tab, else the browser's."""

    def __init__(self, page: Page, context: BrowserContext, browser: Browser) -> None:
        self.page, self.context, self.browser = page, context, browser

    def new_page(self) -> Page:
        try:  # the evidence is complete and the trace stopped: leaving the portal's page changes nothing
            self.page.goto("about:blank", timeout=2000)  # short: a beforeunload prompt means a new tab instead
            return self.page
        except Exception:
            pass
        try:
            return self.context.new_page()
        except Exception:  # the run's context is gone (a crashed tab takes it along): the browser may still print
            return self.browser.new_page()


def run(
    opts: RunOptions, confirmer: Confirmer, progress: Progress | None = None, browser: Browser | None = None
) -> RunResult:
    """Run ``opts.vendor``'s flow and return the result; the evidence folder is always finalised.

    Raises:
        UsageError: bad input found before anything was written (unknown vendor, malformed URL,
            evidence folder not writable).
    """
    flow = load_flow(opts.vendor)
    if opts.mode is Mode.RECHECK:
        try:
            flow = flow.for_recheck()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return Run(flow, opts, confirmer, progress or Progress()).execute(browser)
