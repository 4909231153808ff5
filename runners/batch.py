"""Many runs: one browser per worker, a fresh context per run, ``--jobs`` workers in parallel.

Each worker thread starts its own Playwright (the sync API is bound to its thread) and one browser, which
every run the worker takes shares (a new context each, so no cookie crosses runs): a Chromium of its own, or
a connection to one of the batch's remote browsers (``endpoints``, docs/scale.md). With one job, the whole
batch shares one browser. Assisted batches always run one at a time: the human answers entry by entry, at
this terminal, whichever browser walks the portal.

Workers take entries from one queue (a quicker browser takes more), and the result says which endpoint ran
each. Workers are spread over the endpoints, the fewest on each first; with fewer jobs than endpoints the
others are spares. An endpoint that refuses or goes away is dead for the rest of the batch: the run that was
on it fails with one line naming it, its worker moves to a spare endpoint if one is left (else it stops), and
the entries not yet taken go to the live ones. With ``retry_elsewhere``, a dry run or re-check that failed
that way goes back to the queue for a live endpoint; its first folder stays (the evidence of the attempt),
named in the result. Entries left when every endpoint is dead fail with one line that names the endpoints.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from runners import browser as browsers
from runners.errors import BrowserError, RunnerError, one_line
from runners.gate import Confirmer
from runners.model import Mode, Outcome
from runners.results import Progress, RunOptions, RunResult
from runners.runner import run

if TYPE_CHECKING:
    from playwright.sync_api import Browser

RETRYABLE = (Mode.DRY_RUN, Mode.RECHECK)  # nothing irreversible was asked for: running them again is safe


class _Prefixed(Progress):
    """Progress lines of one run in a batch, prefixed with the entry's label."""

    lock = threading.Lock()

    def __init__(self, stream: IO[str] | None, label: str) -> None:
        super().__init__(stream)
        self.label = label

    def say(self, text: str) -> None:
        with self.lock:
            super().say(f"[{self.label}] {text}")


@dataclass(frozen=True)
class Ran:
    """One entry's result, and where it ran."""

    result: RunResult
    endpoint: str = ""  # the remote browser that ran it, masked ("": a Chromium of the worker's own)
    retried: str = ""  # the attempts before, on browsers that went away under them: their lines and folders


@dataclass
class _Job:
    index: int
    label: str
    opts: RunOptions
    earlier: list[str] = field(default_factory=list)  # attempts on browsers that went away, retried
    attempt: Ran | None = None  # the last of them
    taken: bool = False  # a worker holds it


class _Pool:
    """The queue, the results and the endpoints' state, under one lock."""

    def __init__(self, items: Sequence[tuple[str, RunOptions]], endpoints: Sequence[str], retry: bool) -> None:
        self.cond = threading.Condition()
        self.jobs = [_Job(i, label, opts) for i, (label, opts) in enumerate(items)]
        self.queue = list(self.jobs)
        self.results: list[Ran | None] = [None] * len(items)
        self.endpoints = list(dict.fromkeys(endpoints))
        self.dead: dict[str, str] = {}  # endpoint → why, in the order they died
        self.workers: Counter[str] = Counter()
        self.running = 0
        self.retry = retry

    def claim(self, leaving: str | None = None) -> str | None:
        """An endpoint for a worker: the live one with the fewest workers; after ``leaving`` died, a spare one
        (live, no worker on it: the load each browser was given stays as planned). None: none left."""
        with self.cond:
            live = [e for e in self.endpoints if e not in self.dead]
            if leaving is not None:
                self.workers[leaving] -= 1
                live = [e for e in live if self.workers[e] == 0]
            if not live:
                return None
            chosen = min(live, key=lambda e: self.workers[e])  # the first of the least loaded
            self.workers[chosen] += 1
            return chosen

    def died(self, endpoint: str, why: str) -> None:
        with self.cond:
            self.dead.setdefault(endpoint, why)

    def take(self) -> _Job | None:
        """The next entry; None when there is none and none can come back (a retry) from a running one."""
        with self.cond:
            while not self.queue and self.retry and self.running:
                self.cond.wait()
            if not self.queue:
                return None
            self.running += 1
            job = self.queue.pop(0)
            job.taken = True
            return job

    def _settle(self, job: _Job, back: bool = False) -> None:
        with self.cond:
            job.taken = False
            self.running -= 1
            if back:
                self.queue.insert(0, job)
            self.cond.notify_all()

    def finish(self, job: _Job, ran: Ran) -> None:
        self.results[job.index] = replace(ran, retried="; ".join(job.earlier))
        self._settle(job)

    def put_back(self, job: _Job) -> None:
        """``job`` never started (its worker's browser was gone): another worker takes it."""
        self._settle(job, back=True)

    def abandon(self, job: _Job) -> None:
        """``job``'s worker stopped on an error of its own: the entry says the run did not happen."""
        if job.taken:
            self._settle(job)

    def leftover(self) -> list[Ran]:
        """Every entry's result; an entry no live browser was left to run fails with one line naming them."""
        dead = "; ".join(f"{browsers.mask_endpoint(e)}: {why}" for e, why in self.dead.items())
        done: list[Ran] = []
        for job, ran in zip(self.jobs, self.results, strict=True):
            if ran is not None:
                done.append(ran)
            elif job.attempt is not None:  # its browser went away under it, and no live one was left to retry it
                message = f"{job.attempt.result.message}; not retried: no live browser endpoint was left"
                retried = "; ".join(job.earlier[:-1])
                done.append(replace(job.attempt, result=replace(job.attempt.result, message=message), retried=retried))
            else:
                why = f"not run: no live browser endpoint was left ({dead})" if dead else "the run did not happen"
                done.append(Ran(_failed(job.opts, BrowserError(why))))
        return done


def run_batch(
    items: Sequence[tuple[str, RunOptions]],
    confirmer: Confirmer,
    *,
    stream: IO[str] | None = None,
    jobs: int = 1,
    endpoints: Sequence[str] = (),
    retry_elsewhere: bool = False,
    on_result: Callable[[int, RunResult], None] | None = None,
) -> list[Ran]:
    """Run every (label, options) pair, at most ``jobs`` at a time, on Chromiums of its own or on the remote
    browsers at ``endpoints``; results come back in the order given, each with the endpoint that ran it.

    A run that cannot start (bad entry, browser missing, endpoint refused) becomes a result with its outcome
    and message, so one bad entry or one dead browser never hides the others.
    """
    if any(opts.mode is Mode.ASSISTED for _, opts in items):
        jobs = 1
    jobs = max(1, min(jobs, len(items)))
    pool = _Pool(items, endpoints, retry_elsewhere and bool(endpoints))
    batch = _Prefixed(stream, "batch")

    def finish(job: _Job, ran: Ran) -> None:
        pool.finish(job, ran)
        if on_result:
            on_result(job.index, ran.result)

    def serve(browser: Browser, endpoint: str | None) -> bool:
        """Take entries until none is left (False) or ``browser`` went away (True)."""
        shown = browsers.mask_endpoint(endpoint) if endpoint else ""
        while (job := pool.take()) is not None:
            try:
                if not browser.is_connected():
                    pool.put_back(job)
                    return True
                opts = job.opts
                if endpoint:
                    opts.browser_endpoint = endpoint
                if endpoint and opts.sandbox is not None and opts.base_url:
                    problem = browsers.unreachable(browser, opts.base_url)
                    if problem and not browser.is_connected():
                        pool.put_back(job)
                        return True
                    if problem:  # this entry's sandbox, not the browser: the next entry may be reachable
                        line = browsers.unreachable_line(shown, opts.base_url, problem)
                        finish(job, Ran(_failed(opts, BrowserError(line)), shown))
                        continue
                try:
                    result = run(opts, confirmer, _Prefixed(stream, job.label), browser=browser)
                except RunnerError as exc:
                    result = _failed(opts, exc)
                except Exception as exc:  # Playwright's own error, out of a browser that went away under the run
                    result = _failed(opts, BrowserError(one_line(exc)))
                if result.outcome is not Outcome.FAILED or browsers.alive(browser):
                    finish(job, Ran(result, shown))
                    if browser.is_connected():
                        continue
                    return True
                if not endpoint:  # a Chromium of the worker's own: the run's message says it died
                    finish(job, Ran(result))
                    return True
                line = f"the browser at {shown} went away mid-run: {result.message}"
                job.attempt = Ran(replace(result, message=line), shown)
                if pool.retry and opts.mode in RETRYABLE:
                    job.earlier.append(f"{line} (evidence: {Path(result.evidence_dir).name or 'none'})")
                    batch.say(f"{job.label}: the browser at {shown} went away: trying it on another endpoint")
                    pool.put_back(job)
                else:
                    finish(job, job.attempt)
                return True
            finally:
                pool.abandon(job)
        return False

    def worker() -> None:
        # each worker thread starts its own Playwright: its sync API is bound to the thread that starts it
        with browsers.started() as pw:
            endpoint = pool.claim() if pool.endpoints else None
            while endpoint is not None or not pool.endpoints:
                try:
                    browser = browsers.open_browser(pw, endpoint=endpoint)
                except RunnerError as exc:
                    if endpoint is None:  # no Chromium here: no entry can run
                        while (job := pool.take()) is not None:
                            finish(job, Ran(_failed(job.opts, exc)))
                        return
                    pool.died(endpoint, "refused")
                    batch.say(str(exc))
                    endpoint = pool.claim(leaving=endpoint)
                    continue
                try:
                    went_away = serve(browser, endpoint)
                finally:
                    with suppress(Exception):  # disconnects from a remote browser; closes a Chromium of our own
                        browser.close()
                if not went_away:
                    return
                if endpoint is not None:
                    pool.died(endpoint, "went away mid-batch")
                    leaving, endpoint = endpoint, pool.claim(leaving=endpoint)
                    moved = (
                        f"its worker moves to {browsers.mask_endpoint(endpoint)}" if endpoint else "its worker stops"
                    )
                    batch.say(f"the browser at {browsers.mask_endpoint(leaving)} went away: {moved}")

    if jobs == 1:
        browsers.outside_event_loop(worker)
    else:
        threads = [threading.Thread(target=worker, name=f"cancelproof-job-{i}") for i in range(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return pool.leftover()


def _failed(opts: RunOptions, exc: RunnerError) -> RunResult:
    return RunResult(
        outcome=exc.outcome,
        vendor=opts.vendor,
        subscription=opts.subscription or "",
        evidence_dir="",
        message=str(exc),
        confirmation=None,
        steps=(),
    )
