"""The evidence recorder: one folder per run, raw captures written once and hashed at capture.

Layout of a run folder (docs/design.md): ``manifest.json``, ``log.jsonl``, ``screenshots/NN-step-label.png``,
``pages/NN-step-label.txt`` and ``.html``, ``annotated/`` (copies for the report), ``report.html``,
``report.pdf`` with ``report.sha256``, ``internal/trace.zip``. Folders are 0700 and files 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence import account, redact, screen
from evidence.atomic import replacing, uninterrupted
from evidence.errors import NotWritable

if TYPE_CHECKING:
    from playwright.sync_api import Page

MANIFEST = "manifest.json"
LOG = "log.jsonl"
REPORT_SUMS = "report.sha256"
DERIVED = ("report.html", "report.pdf")  # rebuilt from the manifest; listed in report.sha256
FORMAT = "cancelproof-evidence/1"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def make_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def new_run_dir(root: Path, vendor: str) -> tuple[Path, str]:
    """Create ``<root>/<vendor>-<UTC yyyymmddTHHMMSSZ>-<id>/`` (0700) and return it with the run id.

    Raises:
        NotWritable: the folder cannot be created (not writable, full disk).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    short = secrets.token_hex(4)
    run_id = f"{vendor}-{stamp}-{short}"
    path = root / run_id
    try:
        root.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)
        for sub in ("screenshots", "pages", "internal"):
            make_dir(path / sub)
    except OSError as exc:
        msg = f"cannot write the evidence folder {root}: {exc.strerror or exc}"
        raise NotWritable(msg) from None
    return path, run_id


def labels(entry: dict[str, Any]) -> set[str]:
    """The labels a screenshot stands for: its own, and those of the captures it stood in for."""
    return {str(entry.get("label", ""))} | {str(a.get("label", "")) for a in entry.get("shown_again", [])}


def stands_for(entry: dict[str, Any], step: str, label: str) -> bool:
    """Whether a screenshot entry is the capture of ``step`` with ``label``, taken then or shown again."""
    shown = [entry, *entry.get("shown_again", [])]
    return any((a.get("step"), a.get("label")) == (step, label) for a in shown)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "step"


@dataclass
class Recorder:
    """Writes every file of one run, once, and keeps the list the manifest is made of."""

    folder: Path
    run_id: str
    own_email: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)
    # the account as the portal showed it (evidence/account.py): each fact with the screenshot it was read on
    account: dict[str, dict[str, str]] = field(default_factory=dict)
    refused: list[dict[str, Any]] = field(default_factory=list)
    last_screenshot: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _annotator: ThreadPoolExecutor | None = None
    _annotations: list[Future[str]] = field(default_factory=list)
    _annotated: set[str] = field(default_factory=set)
    _last_state: str = ""
    _camera: screen.Camera = field(default_factory=screen.Camera)
    _signed_in: str = ""  # the signed-in admin's address, once a page showed it: the operator's own

    def write(
        self,
        rel: str,
        data: bytes,
        *,
        media_type: str,
        step: str = "",
        url: str = "",
        masked: list[str] | None = None,
        captured_at: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Write ``data`` to ``rel`` once (never over an existing file), 0600, and record its hash."""
        path = self.folder / rel
        make_dir(path.parent)
        with uninterrupted():  # on disk and in the list together, or neither
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                msg = f"evidence file {rel} exists already: raw captures are never rewritten"
                raise NotWritable(msg) from None
            except OSError as exc:
                msg = f"cannot write evidence file {rel}: {exc.strerror}"
                raise NotWritable(msg) from None
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            with self.timed("hashing"):
                digest = hashlib.sha256(data).hexdigest()
            entry = {
                "path": rel,
                "sha256": digest,
                "bytes": len(data),
                "media_type": media_type,
                "step": step,
                "url": url,
                "captured_at": captured_at or utc_now(),
                "masked": masked or [],
                **(extra or {}),
            }
            self.files.append(entry)
            return entry

    def add_existing(self, rel: str, *, media_type: str, step: str = "") -> dict[str, Any] | None:
        """Hash a file something else wrote into the folder (the trace, the closed log)."""
        path = self.folder / rel
        if not path.exists():
            return None
        os.chmod(path, 0o600)
        entry = {
            "path": rel,
            "sha256": sha256_file(path),
            "bytes": path.stat().st_size,
            "media_type": media_type,
            "step": step,
            "url": "",
            "captured_at": utc_now(),
            "masked": [],
        }
        self.files = [f for f in self.files if f["path"] != rel] + [entry]
        return entry

    def capture(
        self, page: Page, index: int, step: str, label: str, box: dict[str, float] | None = None
    ) -> dict[str, Any] | None:
        """Screenshot (full page, secrets masked), visible text and DOM of the page now.

        A page that shows a card number the masks would not cover is refused: nothing is saved for it
        and the refusal is returned in ``self.refused`` for the log and manifest. A screen unchanged since
        the last capture is not captured again: the last capture's entry records that it was shown again
        (step, label, time) and is returned.
        """
        url = page.url
        captured_at = utc_now()
        with self.timed("scan"):
            seen = self._camera.scan(page)
        leaks = redact.typed_cards(seen)
        last = self.last_screenshot
        if not leaks and last is not None and seen.state and seen.state == self._last_state:
            last.setdefault("shown_again", []).append({"step": step, "label": label, "at": captured_at})
            if box:
                last["clicked_box"] = box
            return last
        png = b""
        if not leaks:
            self.annotate_later()  # the screen before this one has its box by now
            with self.timed("screenshot"):
                try:
                    png = self._camera.shoot(page, seen, self.own(seen))
                except screen.Unmaskable as exc:
                    leaks = exc.cards
        if leaks:
            self.refused.append(
                {
                    "step": step,
                    "label": label,
                    "url": url,
                    "at": captured_at,
                    "why": f"{len(leaks)} unmasked card number(s) on the page (last 4: "
                    + ", ".join(c[-4:] for c in leaks)
                    + ")",
                }
            )
            return None
        base = f"{index:02d}-{slug(step)}-{slug(label)}"
        masked = ["password fields", "card numbers and fields", "one-time codes", "other users' e-mail addresses"]
        shot = self.write(
            f"screenshots/{base}.png",
            png,
            media_type="image/png",
            step=step,
            url=url,
            masked=masked,
            captured_at=captured_at,
            extra={"label": label, "capture": self._camera.method, **({"clicked_box": box} if box else {})},
        )
        page_masks = ["secrets", "card numbers", "other users' e-mail addresses"]
        for suffix, media_type, part, text in (
            ("txt", "text/plain", "page_text", seen.text),
            ("html", "text/html", "dom", seen.html),
        ):
            with self.timed(part):
                self.write(
                    f"pages/{base}.{suffix}",
                    redact.redact_text(text, keep_emails=self.own(seen)).encode(),
                    media_type=media_type,
                    step=step,
                    url=url,
                    masked=page_masks,
                    captured_at=captured_at,
                    extra={"label": label},
                )
        for key, value in account.facts(seen.text, seen.banner, self.own(seen)).items():
            self.account.setdefault(key, {"value": value, "screenshot": shot["path"], "step": step})
        self.last_screenshot = shot
        self._last_state = seen.state
        return shot

    def own(self, seen: screen.PageScan) -> tuple[str, ...]:
        """The operator's addresses: the --account, and the signed-in admin's as the portal shows it."""
        self._signed_in = account.signed_in(seen.text, seen.banner) or self._signed_in
        return tuple(e for e in (self.own_email, self._signed_in) if e)

    def annotate_later(self) -> None:
        """Make the annotated copy of the last screenshot in the background (Pillow frees the GIL)."""
        shot = self.last_screenshot
        if shot is None or shot["path"] in self._annotated:
            return
        self._annotated.add(shot["path"])
        if self._annotator is None:
            self._annotator = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cancelproof-annotate")
        # Pillow loads with the first copy: verify reads this module's names without drawing anything (start-up time)
        from evidence.annotate import annotated_copy

        self._annotations.append(self._annotator.submit(annotated_copy, self.folder, dict(shot)))

    def annotations_done(self) -> None:
        """Wait for the annotated copies (the report uses them); one that failed is made again later."""
        self.annotate_later()
        if self._annotator is not None:
            with self.timed("annotate_wait"):
                for future in self._annotations:
                    future.exception()  # a failed copy is rebuilt by the report; the record is unaffected
            self._annotator.shutdown()
            self._annotator = None

    @contextmanager
    def timed(self, part: str) -> Iterator[None]:
        """Add the time spent in ``part`` to ``self.timings`` (the benchmark reads them)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[part] = self.timings.get(part, 0.0) + time.perf_counter() - start

    def write_manifest(self, manifest: dict[str, Any], durable: bool = True) -> str:
        """Write manifest.json (atomically: a reader never sees half of it) and return its sha256.

        ``durable`` waits for the disk (fsync); a checkpoint skips that: a killed process loses nothing
        the kernel holds, and the final manifest is written durably.
        """
        data = (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()
        with replacing(self.folder / MANIFEST, durable=durable) as fh:
            fh.write(data)
        return hashlib.sha256(data).hexdigest()
