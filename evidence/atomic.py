"""Writes that a signal, a crash or a reader cannot catch half done.

:func:`replacing` (and :func:`replace_file`) write a file whole or not at all: the bytes go to a 0600
file beside it, which then takes its place, so a reader sees the old file or the new one, never half.

SIGINT, SIGTERM and the step alarm raise exceptions between any two bytecodes of the main thread. A
log line whose sequence number was taken but not written, or a capture written but not yet listed,
would make an honest folder fail verification. Inside :func:`uninterrupted` the OS holds those signals,
and a handler that runs anyway (its signal had arrived just before) defers itself with
:func:`deferred`; the signal is raised again as soon as the write is complete.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

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


@contextmanager
def replacing(
    path: Path,
    *,
    durable: bool = False,
    tmp: Path | None = None,
    place: Callable[[Path, Path], None] = os.replace,
) -> Iterator[IO[bytes]]:
    """A file to write ``path``'s new bytes to (0600); once the block ends without an error it takes ``path``'s place.

    ``durable`` waits for the disk (fsync) before the swap. ``tmp`` names the file written first (it must not
    exist; by default ``<name>.tmp`` beside ``path``, emptied if a killed writer left one); ``place`` puts it
    where ``path`` is (by default :func:`os.replace`). Whatever happens, the file written first is gone after.
    """
    scratch = tmp or path.with_name(path.name + ".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if tmp else os.O_TRUNC)
    fd = os.open(scratch, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        place(scratch, path)
    finally:
        with suppress(FileNotFoundError):  # placed (renamed) already, or never written
            scratch.unlink()


def replace_file(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``path`` (0600) whole or not at all (:func:`replacing`)."""
    with replacing(path, durable=durable) as fh:
        fh.write(data)
