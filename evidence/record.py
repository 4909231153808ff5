"""The run record: what a run has seen and decided, typed, as manifest.json is built from it.

The runner owns one :class:`RunRecord` per run and is the only one to change it; evidence/manifest.py
turns it (with the recorder's files and the log chain's head) into manifest.json. Each part says what
the manifest states about it (``as_dict``), so the manifest's shape is written here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"
Manifest: TypeAlias = "dict[str, JSON]"


@dataclass(frozen=True)
class StepRecord:
    """One step as it ran: its status (``runners.model.StepStatus``'s words), times, page and error."""

    index: int
    name: str
    description: str
    status: str
    started_at: str
    ended_at: str
    seconds: float
    url: str = ""
    error: str = ""
    irreversible: bool = False

    def as_dict(self) -> dict[str, JSON]:
        return {
            "index": self.index,
            "name": self.name,
            "description": self.description,
            "status": str(self.status),
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "seconds": round(self.seconds, 3),
            "url": self.url,
            "error": self.error,
            "irreversible": self.irreversible,
        }


@dataclass(frozen=True)
class RuleRecord:
    """A rule that applied, with its verdict (ok, warn, block) and what it said."""

    name: str
    verdict: str
    message: str

    def as_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "verdict": str(self.verdict), "message": self.message}


@dataclass(frozen=True)
class Approval:
    """One answer at the gate before an irreversible step: who, when, what they typed, on which screenshot."""

    step: str
    what: str
    phrase: str
    confirmed: bool
    approver: str
    approver_source: str
    answered_at: str
    typed: str  # the phrase as typed, kept only when it confirmed
    why: str
    screenshot: str  # the screen that was confirmed ("" when none could be taken)

    def as_dict(self) -> dict[str, JSON]:
        return {
            "step": self.step,
            "what": self.what,
            "phrase": self.phrase,
            "confirmed": self.confirmed,
            "approver": self.approver,
            "approver_source": self.approver_source,
            "answered_at": self.answered_at,
            "typed": self.typed,
            "why": self.why,
            "screenshot": self.screenshot,
        }


@dataclass(frozen=True)
class Fingerprint:
    """The page fingerprint before the gate: the heading and the subscription's name the page showed."""

    step: str
    heading: str
    subscription: str
    ok: bool
    checked_at: str
    url: str

    def as_dict(self) -> dict[str, JSON]:
        return {
            "step": self.step,
            "heading": self.heading,
            "subscription": self.subscription,
            "ok": self.ok,
            "checked_at": self.checked_at,
            "url": self.url,
        }


@dataclass(frozen=True)
class Confirmation:
    """What the vendor showed after the irreversible click (``runners.model.Confirmation``, as recorded)."""

    status_after: str = ""
    effective_end: str = ""
    confirmation_id: str = ""
    text: str = ""
    seen_at: str = ""

    def as_dict(self) -> dict[str, JSON]:
        return {
            "status_after": self.status_after,
            "effective_end": self.effective_end,
            "confirmation_id": self.confirmation_id,
            "text": self.text,
            "seen_at": self.seen_at,
        }


@dataclass(frozen=True)
class SignInEvent:
    """One thing the sign-in met (a password screen, a second factor…), at which step, and how it went."""

    event: str
    step: str
    how: str

    def as_dict(self) -> dict[str, JSON]:
        return {"event": self.event, "step": self.step, "how": self.how}


@dataclass
class RunRecord:
    """Everything manifest.json states about one run: who ran what, where, and what was seen and decided."""

    # what the run is: set when it starts
    vendor: str
    flow: str  # the flow's title
    mode: str  # runners.model.Mode's words
    run_id: str = ""
    merchant: str = ""  # whom the card statement names ("" : the flow's title)
    account: str = ""  # --account
    subscription: str = ""  # --subscription ("" : the portal's only one)
    operator: str = ""  # the OS user running the tool
    locale: str = ""
    timezone: str = ""
    base_url: str = ""
    options: dict[str, JSON] = field(default_factory=dict)  # the run options given (none empty or false)
    sandbox: str | None = None  # --sandbox's scenario ("" the default one); None: not a bundled sandbox
    browser: str = ""  # "Chromium N", once started
    browser_endpoint: str = ""  # a remote browser's endpoint, masked ("": a Chromium of this machine)
    recheck_of: dict[str, JSON] | None = None  # a re-check: the first run's id, manifest hash and folder
    cancel_step: str = ""  # the flow's irreversible step that cancels (its click's page is the method's URL)
    summary: tuple[tuple[str, str], ...] = ()  # (fact, label) pairs the report's summary shows when known
    report_facts: tuple[str, ...] = ()  # the subscription's facts page one shows, in order (the vendor's)
    checklist: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    # what the run has seen and decided, as it goes
    steps: list[StepRecord] = field(default_factory=list)
    rules: list[RuleRecord] = field(default_factory=list)
    facts: dict[str, JSON] = field(default_factory=dict)  # read from the portal
    facts_before: dict[str, JSON] | None = None  # the facts as they were just before the cancelling click
    approvals: list[Approval] = field(default_factory=list)  # every gate's answer, in order
    fingerprint: Fingerprint | None = None
    confirmation: Confirmation | None = None
    sign_in: list[SignInEvent] = field(default_factory=list)
    held: bool | None = None  # a re-check's verdict: does the cancellation still hold?
    outcome: str = ""  # runners.model.Outcome's words; "" while the run goes on
    message: str = ""  # the outcome's reason, one line
    interrupted: int = 0  # the signal that ended the run, if one did
    started_at: str = ""
    requested_at: str = ""  # when the cancelling control was clicked ("" : it was not)
    ended_at: str = ""  # set once, when the record is final

    @property
    def approver(self) -> Approval | None:
        """The last answer at the gate (the one the outcome stands on)."""
        return self.approvals[-1] if self.approvals else None
