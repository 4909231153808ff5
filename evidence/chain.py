"""The hash-chained log: structlog JSON lines, each bound to the one before.

Every entry carries ``seq``, ``prev`` and ``hash``, where ``hash = sha256(prev + canonical JSON of the
entry without "hash")`` and the first ``prev`` is the genesis, ``sha256("cancelproof-genesis:" + run_id)``.
Editing, removing, reordering or inserting a line breaks the chain at that line.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from evidence.atomic import uninterrupted


def canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def genesis(run_id: str) -> str:
    return hashlib.sha256(f"cancelproof-genesis:{run_id}".encode()).hexdigest()


def entry_hash(prev: str, entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256((prev + canonical(body)).encode()).hexdigest()


class ChainWriter:
    """A structlog logger that appends each event dict to log.jsonl as one chained line.

    structlog passes the processed event dict as keyword arguments to the method named after the
    level; every level writes the same way.
    """

    def __init__(self, path: Path, run_id: str) -> None:
        self.path = path
        self.genesis = genesis(run_id)
        self.head = self.genesis
        self.seq = 0
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        self._file: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, **event: Any) -> None:
        if self._file is None:  # closed: the run is finalised; nothing may be added after the head
            return
        with uninterrupted():  # a line is written whole, with the state that chains the next one
            self.seq += 1
            entry = {"seq": self.seq, **event, "prev": self.head}
            entry["hash"] = entry_hash(self.head, entry)
            self._file.write(canonical(entry) + "\n")
            self._file.flush()
            self.head = entry["hash"]

    msg = info = debug = warning = warn = error = critical = exception = write

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


LINE_LIMIT = 4 << 20  # a log line is an event of a few hundred bytes; 4 MiB is not one


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    head: str
    problem: str = ""
    line: int = 0
    events: tuple[dict[str, Any], ...] = ()  # the entries whose event was asked for, in order


def verify_chain(
    source: Path | BinaryIO, run_id: str, expected_head: str | None, keep: Collection[str] = ()
) -> ChainCheck:
    """Walk log.jsonl from the genesis; say where the chain breaks, and whether it ends at the head.

    The log is read line by line (a line over 4 MiB is refused unread): its size does not matter.
    ``keep`` names events whose entries are handed back in ``events`` (what ``verify`` checks the
    manifest against). Every kind of damage is a :class:`ChainCheck` with ``ok`` false, never an exception.
    """
    if isinstance(source, Path):
        try:
            with source.open("rb") as fh:
                return verify_chain(fh, run_id, expected_head, keep)
        except OSError as exc:
            return ChainCheck(False, 0, genesis(run_id), f"cannot read the log: {exc.strerror}")
    prev = genesis(run_id)
    count = 0
    kept: list[dict[str, Any]] = []
    reached_head = expected_head is None

    def broken(problem: str, number: int) -> ChainCheck:
        return ChainCheck(False, count, prev, problem, number, tuple(kept))

    number = 0
    while True:
        try:
            raw = source.readline(LINE_LIMIT + 1)
        except OSError as exc:
            return broken(f"cannot read the log: {exc.strerror}", number + 1)
        if not raw:
            break
        number += 1
        if len(raw) > LINE_LIMIT:
            return broken("longer than 4 MiB: not a log line cancelproof writes", number)
        problem, entry = _entry(raw)
        if entry is None:
            return broken(problem, number)
        if entry.get("prev") != prev:
            return broken("chain broken: a line before it was removed, added or moved", number)
        seq = entry.get("seq")
        if type(seq) is not int or seq != number:
            return broken(f"sequence number {seq!r} where {number} was due", number)
        if entry_hash(prev, entry) != entry.get("hash"):
            return broken("line edited: its hash does not match its content", number)
        prev = str(entry["hash"])
        count += 1
        if isinstance(entry.get("event"), str) and entry["event"] in keep:
            kept.append(entry)
        if prev == expected_head:
            reached_head = True
    if not reached_head:
        return broken("the log ends before the head hash the manifest records (lines were removed from the end)", 0)
    if expected_head is not None and prev != expected_head:
        return broken("lines were added after the head hash the manifest records", 0)
    return ChainCheck(True, count, prev, events=tuple(kept))


def _entry(raw: bytes) -> tuple[str, dict[str, Any] | None]:
    """One log line as a dict, or why it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start + 1} of the line)", None
    if not text.endswith("\n"):
        return "the last line is cut short (no line end)", None
    try:
        entry = json.loads(text)
    except RecursionError:
        return "not a log line: nested too deep", None
    except ValueError as exc:
        return f"not a JSON line ({getattr(exc, 'msg', exc)})", None
    if not isinstance(entry, dict):
        return f"not a JSON object but {type(entry).__name__}", None
    return "", entry
