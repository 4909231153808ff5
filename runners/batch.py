"""Many runs: one browser per worker, a fresh context per run, ``--jobs`` workers in parallel.

Each worker thread starts its own Playwright (the sync API is bound to its thread) and one Chromium,
which every run the worker takes shares (a new context each, so no cookie crosses runs). With one
job, the whole batch shares one browser. Assisted batches always run one at a time: the human answers
entry by entry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import IO

from runners import browser as browsers
from runners.errors import RunnerError
from runners.gate import Confirmer
from runners.model import Mode
from runners.results import Progress, RunOptions, RunResult


class _Prefixed(Progress):
    """Progress lines of one run in a batch, prefixed with the entry's label."""

    lock = threading.Lock()

    def __init__(self, stream: IO[str] | None, label: str) -> None:
        super().__init__(stream)
        self.label = label

    def say(self, text: str) -> None:
        with self.lock:
            super().say(f"[{self.label}] {text}")


def run_many(
    items: Sequence[tuple[str, RunOptions]],
    confirmer: Confirmer,
    stream: IO[str] | None = None,
    jobs: int = 1,
    on_result: Callable[[int, RunResult], None] | None = None,
) -> list[RunResult]:
    """Run every (label, options) pair; results come back in the order given.

    A run that cannot start (bad entry, browser missing) becomes a result with its outcome and message,
    so one bad entry never hides the others.
    """
    from runners.runner import run

    if any(opts.mode is Mode.ASSISTED for _, opts in items):
        jobs = 1
    jobs = max(1, min(jobs, len(items)))
    results: list[RunResult | None] = [None] * len(items)
    queue = list(enumerate(items))
    lock = threading.Lock()

    def take() -> tuple[int, tuple[str, RunOptions]] | None:
        with lock:
            return queue.pop(0) if queue else None

    def worker() -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            try:
                browser = browsers.launch(pw)
            except RunnerError as exc:
                while (job := take()) is not None:
                    results[job[0]] = _failed(job[1][1], exc)
                return
            try:
                while (job := take()) is not None:
                    index, (label, opts) = job
                    try:
                        result = run(opts, confirmer, _Prefixed(stream, label), browser=browser)
                    except RunnerError as exc:
                        result = _failed(opts, exc)
                    results[index] = result
                    if on_result:
                        on_result(index, result)
            finally:
                browser.close()

    if jobs == 1:
        browsers.outside_event_loop(lambda: worker())
    else:
        threads = [threading.Thread(target=worker, name=f"cancelproof-job-{i}") for i in range(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return [
        r if r is not None else _failed(items[i][1], RunnerError("the run did not happen"))
        for i, r in enumerate(results)
    ]


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
