"""What a run is asked and what it answers: options, result, progress lines, errors made readable."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from evidence import errors as evidence_errors
from evidence.record import StepRecord
from runners.errors import (
    BrowserError,
    EvidenceError,
    PortalChangedError,
    RunnerError,
    StepTimeout,
    UsageError,
    one_line,
)
from runners.model import Mode, Outcome, Step


@dataclass
class RunOptions:
    vendor: str
    mode: Mode
    base_url: str | None = None
    sandbox: str | None = None  # None: no sandbox; "" the default scenario; else "NAME[,k=v…]"
    account: str = ""
    subscription: str | None = None
    locale: str = "en"
    headed: bool = False
    evidence_dir: Path = Path("cancelproof-evidence")
    timeout: float = 30.0
    trace: bool = True
    report: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # vendor options: reason, skip_export, …
    profile: Path | None = None  # --profile DIR: keep the signed-in session between runs
    code_timeout: float = 120.0  # seconds the human has to type a second-factor code
    sign: bool = False  # sign manifest.json with the Ed25519 key in the keyring
    recheck_of: dict[str, Any] | None = None  # a re-check: the first run's id, manifest hash and folder
    browser_endpoint: str | None = None  # --browser-endpoint: a remote browser to run in (runners/browser.py)


@dataclass(frozen=True)
class RunResult:
    outcome: Outcome
    vendor: str
    subscription: str
    evidence_dir: str
    message: str
    confirmation: dict[str, Any] | None
    steps: tuple[StepRecord, ...]
    report: str = ""
    interrupted: int = 0  # the signal that ended the run, if one did
    timings: dict[str, float] = field(default_factory=dict)  # seconds per evidence part (benchmarks)

    @property
    def exit_code(self) -> int:
        return 128 + self.interrupted if self.interrupted else self.outcome.exit_code

    def as_json(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "vendor": self.vendor,
            "subscription": self.subscription,
            "evidence_dir": self.evidence_dir,
            "confirmation": self.confirmation,
            "steps": [s.as_dict() for s in self.steps],
            "message": self.message,
            "report": self.report,
            "exit_code": self.exit_code,
        }


class Progress:
    """Human-readable progress on stderr: each step as it starts and ends, with its time."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr

    def say(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def started(self, index: int, total: int, step: Step) -> None:
        flag = "  [irreversible]" if step.irreversible else ""
        self.say(f"[{index}/{total}] {step.description}{flag}")

    def ended(self, result: StepRecord) -> None:
        extra = f": {result.error}" if result.error else ""
        self.say(f"      {result.status} in {result.seconds:.2f}s{extra}")


def check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        msg = f"malformed --base-url {url!r}: give a full http(s) URL such as https://admin.microsoft.com/"
        raise UsageError(msg)
    return url


_ROLE = re.compile(r'get_by_(role|label|text)\((?:"(\w+)", )?(?:name=)?re\.compile\(r"([^"]*)"')
_GROUP = re.compile(r"\(\?:((?:[^()\\]|\\.)*)\)")


def expected(text: str) -> str:
    """What a Playwright locator in an error was waiting for, in words: 'a heading "Your products"'."""
    found = []
    for kind, role, pattern in _ROLE.findall(text):
        group = _GROUP.search(pattern)
        names = [
            re.sub(r"\\(.)", r"\1", n.replace(r"\s+", " ")).replace("['’‘ʼ]", "’")
            for n in (group.group(1).split("|") if group else [pattern])
        ]
        shown = " / ".join(f"“{n}”" for n in names[:3]) + (" …" if len(names) > 3 else "")
        what = role if kind == "role" and role else {"label": "field", "text": "text"}.get(kind, "control")
        found.append(f"a {what} {shown}")
    return " or ".join(dict.fromkeys(found)) if found else ""


_BOUND = re.compile(r"[Tt]imeout:? (\d+(?:\.\d+)?)\s*ms")


def applied_bound(text: str, timeout: float) -> float:
    """The bound Playwright really applied, as its error says it ("Timeout 30000ms exceeded"), in seconds."""
    found = _BOUND.search(text)
    return float(found.group(1)) / 1000 if found else timeout


def from_evidence(exc: evidence_errors.EvidenceError) -> RunnerError:
    """The runner's error for one evidence/ raised during a run: the same line, the same outcome."""
    if isinstance(exc, evidence_errors.NotWritable):
        return EvidenceError(str(exc))
    if isinstance(exc, evidence_errors.UsageError):
        return UsageError(str(exc))
    return RunnerError(str(exc))


def classify(exc: BaseException, step: Step, timeout: float) -> RunnerError:
    """Turn whatever a step raised into a typed error with one clear line naming the step."""
    if isinstance(exc, RunnerError):
        return exc
    if isinstance(exc, evidence_errors.EvidenceError):
        return from_evidence(exc)
    name = type(exc).__name__
    where = f"step {step.name!r} ({step.description})"
    text = str(exc)
    wanted = expected(text)
    if isinstance(exc, TimeoutError):  # a flow's own wait (flows.ui): its message names what and the bound
        return StepTimeout(f"{where}: {exc}")
    if name == "TimeoutError" or (name == "AssertionError" and "expected to be" in text):
        missing = f"expected {wanted}, not shown" if wanted else f"what it expected did not appear ({one_line(exc)})"
        return StepTimeout(f"{where}: {missing} within {applied_bound(text, timeout):g}s")
    if any(s in text for s in ("Target page, context or browser has been closed", "Target closed")):
        # the person closed the window, or Chromium quit: Playwright's line goes on with the locator it waited for
        return BrowserError(f"{where}: the browser window was closed (by you, or the browser quit)")
    if any(s in text for s in ("Browser has been closed", "browser has disconnected", "Connection closed")):
        return BrowserError(f"{where}: the browser died: {one_line(exc)}")
    if any(s in text for s in ("net::ERR_", "NS_ERROR_")):
        return PortalChangedError(f"{where}: the network failed: {one_line(exc)}")
    if isinstance(exc, LookupError):
        return PortalChangedError(f"{where}: the portal changed: {exc}")
    return PortalChangedError(f"{where}: {name}: {one_line(exc)}")
