"""What tests share besides fixtures (those are in conftest.py): the CLI's result, a run's manifest, a server's
mock portal as its vendor's class, the oracle over HTTP, the screenshots of a capture."""

from __future__ import annotations

import json
import socket
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from evidence.recorder import labels
from sandboxes.server import Portal, SandboxServer


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        lines = [ln for ln in self.out.splitlines() if ln.strip()]
        assert len(lines) == 1, f"expected one JSON line on stdout, got {self.out!r}"
        return dict(json.loads(lines[0]))

    @property
    def folder(self) -> Path:
        return Path(self.json["evidence_dir"])


P = TypeVar("P", bound=Portal)


def portal_of(server: SandboxServer, kind: type[P]) -> P:
    """The server's mock portal as its vendor's class (its seeded subscriptions, its own answers)."""
    assert isinstance(server.portal, kind), f"{type(server.portal).__name__} is no {kind.__name__}"
    return server.portal


def manifest_of(run: CliResult | Path) -> dict[str, Any]:
    """The manifest of a run: its CLI result, or its evidence folder."""
    folder = run.folder if isinstance(run, CliResult) else run
    return dict(json.loads((folder / "manifest.json").read_text()))


def captured(folder: Path, label: str) -> list[Path]:
    """The screenshots of a run folder that stand for a capture labelled ``label`` (taken then, or the
    same screen captured earlier and shown again)."""
    files = manifest_of(folder)["files"]
    return [folder / f["path"] for f in files if f["media_type"] == "image/png" and label in labels(f)]


def record_over_http(url: str) -> list[dict[str, Any]]:
    """The oracle as another process sees it."""
    with urllib.request.urlopen(url.rstrip("/") + "/__sandbox/record", timeout=5) as response:
        return list(json.loads(response.read()))


def free_port() -> int:
    """A loopback port nothing listens on now (for a server to start on, or to be refused by)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
