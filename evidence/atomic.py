"""Writes that a signal cannot cut in half.

SIGINT, SIGTERM and the step alarm raise exceptions between any two bytecodes of the main thread. A
log line whose sequence number was taken but not written, or a capture written but not yet listed,
would make an honest folder fail verification. Inside :func:`uninterrupted` those signals are held by
the OS and delivered as soon as the write is complete.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM}


@contextmanager
def uninterrupted() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
