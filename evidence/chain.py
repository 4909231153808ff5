"""The hash-chained log: structlog JSON lines, each bound to the one before.

Every entry carries ``seq``, ``prev`` and ``hash``, where ``hash = sha256(prev + canonical JSON of the
entry without "hash")`` and the first ``prev`` is the genesis, ``sha256("cancelproof-genesis:" + run_id)``.
Editing, removing, reordering or inserting a line breaks the chain at that line.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    head: str
    problem: str = ""
    line: int = 0


def verify_chain(path: Path, run_id: str, expected_head: str | None) -> ChainCheck:
    """Walk log.jsonl from the genesis; say where the chain breaks, and whether it ends at the head."""
    prev = genesis(run_id)
    count = 0
    reached_head = expected_head is None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return ChainCheck(False, 0, prev, f"cannot read the log: {exc.strerror}")
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            return ChainCheck(False, count, prev, "not a JSON line", number)
        if entry.get("prev") != prev:
            return ChainCheck(False, count, prev, "chain broken: a line before it was removed, added or moved", number)
        if entry.get("seq") != number:
            return ChainCheck(False, count, prev, f"sequence number {entry.get('seq')} where {number} was due", number)
        if entry_hash(prev, entry) != entry.get("hash"):
            return ChainCheck(False, count, prev, "line edited: its hash does not match its content", number)
        prev = entry["hash"]
        count += 1
        if prev == expected_head:
            reached_head = True
    if not reached_head:
        return ChainCheck(
            False,
            count,
            prev,
            "the log ends before the head hash the manifest records (lines were removed from the end)",
        )
    if expected_head is not None and prev != expected_head:
        return ChainCheck(False, count, prev, "lines were added after the head hash the manifest records")
    return ChainCheck(True, count, prev)
