"""Reading a run folder without trusting it: nothing outside it, no link followed, only regular files opened.

``verify`` and ``export`` read folders that may have been tampered with. A path the manifest names is
taken only when it is plain (relative, no ``..``, no empty or ``.`` part); every part of it is looked
at with ``lstat`` before anything is opened, so a symbolic link (to a file or a folder), a FIFO (which
would block a reader forever) or a device is named for what it is and never read. Files are hashed
in blocks: a 1 GiB log costs a small buffer, not 1 GiB of memory.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path


def bad_path(rel: object) -> str:
    """Why ``rel`` cannot name a file inside a run folder; "" when it can."""
    if not isinstance(rel, str) or not rel:
        return "not a path"
    if "\x00" in rel:
        return "has a NUL byte"
    if rel.startswith("/"):
        return "an absolute path: only files inside the folder count"
    if "\\" in rel:
        return "has a backslash: paths in a run folder use /"
    parts = rel.split("/")
    if ".." in parts:
        return "goes up out of the folder (..)"
    if any(part in ("", ".") for part in parts):
        return "not a plain relative path (an empty or . part)"
    return ""


def kind(mode: int) -> str:
    """What a file of ``mode`` is, in words."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


@dataclass(frozen=True)
class Look:
    """What is at a path: a regular file (``problem`` empty, ``size`` set), missing, or something else."""

    problem: str = ""  # "" for a regular file
    missing: bool = False
    size: int = 0
    inode: tuple[int, int] = (0, 0)


def look(folder: Path, rel: str) -> Look:
    """``lstat`` every part of ``rel`` (a path :func:`bad_path` accepts) under ``folder``."""
    parts = rel.split("/")
    current = folder
    for number, part in enumerate(parts, 1):
        current = current / part
        try:
            st = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            return Look("missing", missing=True)
        except OSError as exc:
            return Look(f"cannot be read ({exc.strerror})")
        if number < len(parts):
            if stat.S_ISDIR(st.st_mode):
                continue
            where = "/".join(parts[:number])
            return Look(f"{where}/ is {kind(st.st_mode)}, not a folder")
        if not stat.S_ISREG(st.st_mode):
            return Look(f"not a regular file ({kind(st.st_mode)})")
        return Look(size=st.st_size, inode=(st.st_dev, st.st_ino))
    return Look("not a path")


class Unsafe(Exception):
    """A path that is not (or is no longer) a regular file inside the folder."""


def open_regular(folder: Path, rel: str) -> BufferedReader:
    """Open ``rel`` for reading: never through a link, never a FIFO or device.

    Raises:
        Unsafe: ``rel`` is not a plain path to a regular file inside ``folder`` (the message says why).
        OSError: it cannot be read.
    """
    why = bad_path(rel)
    seen = look(folder, rel) if not why else Look(why)
    if seen.problem:
        raise Unsafe(seen.problem)
    # O_NOFOLLOW: a link swapped in since the look is refused; O_NONBLOCK: a FIFO swapped in does not block
    fd = os.open(folder / rel, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != seen.inode:
        os.close(fd)
        msg = "changed while it was being read"
        raise Unsafe(msg)
    return os.fdopen(fd, "rb")


def read_small(folder: Path, rel: str, limit: int) -> bytes:
    """The bytes of a small file (a manifest, a note), refusing one above ``limit`` bytes.

    Raises:
        Unsafe: not a regular file inside the folder, or larger than ``limit``.
        OSError: it cannot be read.
    """
    with open_regular(folder, rel) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        msg = f"larger than {limit // (1 << 20)} MiB: not what cancelproof writes"
        raise Unsafe(msg)
    return data


def sha256_of(fh: BufferedReader) -> str:
    """The sha256 of an open file, read in blocks."""
    return hashlib.file_digest(fh, "sha256").hexdigest()


def walk(folder: Path) -> Iterator[tuple[str, str]]:
    """(relative path, what it is) for everything in ``folder`` but folders; links are listed, never followed.

    An unreadable folder is listed as ``("sub/", "an unreadable folder")``.
    """
    stack = [""]
    while stack:
        prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder / prefix) if prefix else os.scandir(folder), key=lambda e: e.name)
        except OSError:
            yield prefix, "an unreadable folder"
            continue
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                yield rel, "an unreadable entry"
                continue
            if stat.S_ISDIR(mode):
                stack.append(rel + "/")
            else:
                yield rel, kind(mode)
