"""Writes that a signal cannot cut in half.

SIGINT, SIGTERM and the step alarm raise exceptions between any two bytecodes of the main thread. A
log line whose sequence number was taken but not written, or a capture written but not yet listed,
would make an honest folder fail verification. Inside :func:`uninterrupted` the OS holds those signals,
and a handler that runs anyway (its signal had arrived just before) defers itself with
:func:`deferred`; the signal is raised again as soon as the write is complete.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM}
_depth = 0
_pending: list[int] = []


def deferred(signum: int) -> bool:
    """For a signal handler: True (and the signal is kept for later) while a write is in progress."""
    if _depth and threading.current_thread() is threading.main_thread():
        _pending.append(signum)
        return True
    return False


@contextmanager
def uninterrupted() -> Iterator[None]:
    global _depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        if not _depth and _pending:
            signum = _pending.pop(0)
            _pending.clear()
            signal.raise_signal(signum)  # its handler runs now, outside the write
