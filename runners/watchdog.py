"""What keeps a run bounded and safe whatever the portal or the user does.

- :func:`interruptible`: SIGINT and SIGTERM end the run as :class:`Interrupted` so the evidence is
  finalised (exit 130 / 143).
- :func:`step_alarm`: Playwright bounds every wait by ``--timeout``; a step as a whole is stopped at
  twice that (a step of many waits, a page that never settles), so no run hangs. Time a human spends
  answering (the gate, a second-factor code) is not counted: see :func:`human_time`.
- :func:`guard`: in a dry run, the irreversible control is made inert in the page.

Signals exist only in the main thread; batch workers in other threads rely on Playwright's timeouts.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from evidence.atomic import deferred
from runners.errors import Interrupted, StepTimeout


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def interruptible(finalizing: Callable[[], bool], note: Callable[[int], None]) -> Iterator[None]:
    """SIGTERM and SIGINT are noted and raise :class:`Interrupted`; once finalising, only noted.

    The exception can land inside a Playwright event callback, which swallows it: the note stays, and
    the runner checks it before and after every step and before any irreversible click.
    """

    def handler(signum: int, _: Any) -> None:
        if deferred(signum):  # mid-write: raised again when the write is whole
            return
        note(signum)
        if finalizing():
            return
        raise Interrupted(signum)

    if not _main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def step_alarm(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`StepTimeout` in this step if it runs longer than ``seconds``."""
    if not _main_thread() or seconds <= 0:
        yield
        return

    def fire(signum: int, __: Any) -> None:
        if deferred(signum):
            return
        msg = f"{what}: still not done after {seconds:g}s (the step's bound is twice --timeout)"
        raise StepTimeout(msg)

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def human_time() -> Iterator[None]:
    """Pause the step's alarm while a human answers; the step keeps the time it had left."""
    if not _main_thread():
        yield
        return
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining)


def guard(control: Any) -> None:
    """Dry run: make the irreversible control inert in the page, whatever a later step does."""
    with suppress(Exception):  # the guard is a second fence; the first is that the runner never clicks
        control.evaluate(
            """el => {
              const stop = e => { e.preventDefault(); e.stopImmediatePropagation();
                                  el.setAttribute('data-cancelproof-blocked', String(Date.now())); };
              el.addEventListener('click', stop, true);
              if (el.form) el.form.addEventListener('submit', stop, true);
              el.setAttribute('data-cancelproof-guard', 'dry-run');
            }"""
        )
