"""The model: a flow is data (named steps, rules, a checklist); results are typed.

A flow can be listed, planned and documented without a browser. The runner does everything around a
step; a step only drives page objects through the :class:`FlowContext` it is given.
"""

from __future__ import annotations

import enum
import weakref
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Frame, Locator, Page

DEFAULT_TIMEOUT = 30.0  # seconds: --timeout's default
_PATIENCE: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
_WATCHED: weakref.WeakSet[Any] = weakref.WeakSet()  # contexts whose documents count the tabs they open


def set_patience(context: BrowserContext, seconds: float) -> None:
    """Bound every wait a flow makes in ``context`` (all its tabs) by ``seconds`` (the run's --timeout)."""
    _PATIENCE[context] = seconds
    context.set_default_timeout(seconds * 1000)
    context.set_default_navigation_timeout(seconds * 1000)


def patience_of(context: BrowserContext) -> float:
    """The bound set for ``context`` (the --timeout default when the context was not made by a run)."""
    return _PATIENCE.get(context, DEFAULT_TIMEOUT)


class Outcome(enum.StrEnum):
    """How a run ended; each maps to one exit code (docs/design.md)."""

    DRY_RUN_COMPLETE = "dry-run-complete"
    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already-cancelled"
    FAILED = "failed"
    USAGE = "usage"
    BLOCKED = "blocked"
    DECLINED = "declined"
    HELD = "held"  # a re-check found the cancellation still in force
    NOT_HELD = "not-held"  # a re-check found the subscription active again

    @property
    def exit_code(self) -> int:
        return {
            Outcome.DRY_RUN_COMPLETE: 0,
            Outcome.CANCELLED: 0,
            Outcome.ALREADY_CANCELLED: 0,
            Outcome.FAILED: 1,
            Outcome.USAGE: 2,
            Outcome.BLOCKED: 3,
            Outcome.DECLINED: 4,
            Outcome.HELD: 0,
            Outcome.NOT_HELD: 1,
        }[self]


class Mode(enum.StrEnum):
    DRY_RUN = "dry-run"
    ASSISTED = "assisted"
    RECHECK = "recheck"  # read the status only: no irreversible step is even reached


class StepStatus(enum.StrEnum):
    OK = "ok"
    FAILED = "failed"
    WOULD_RUN = "would-run"  # irreversible, not performed (dry run, or a skipped preparatory step)
    CONFIRMED = "confirmed"  # irreversible, performed after the human typed the phrase
    DECLINED = "declined"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # the run ended at this step (blocked, already cancelled)


class Verdict(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class RuleResult:
    verdict: Verdict
    message: str


@dataclass(frozen=True)
class Rule:
    """A pre-check that reads facts from the portal.

    ``check`` is called once every fact named in ``needs`` is known; it returns a :class:`RuleResult`
    or ``None`` when the rule does not apply.
    """

    name: str
    description: str
    needs: tuple[str, ...]
    check: Callable[[Mapping[str, Any], Mapping[str, Any]], RuleResult | None]


@dataclass(frozen=True)
class Irreversible:
    """What an irreversible step hands the runner: the control, and what the human must see.

    The step never clicks ``control``: only the runner does, in an assisted run, after the gate.
    ``heading`` is the page fingerprint's expected heading (a locator that must be visible).
    """

    control: Locator
    heading: Locator
    what: str
    phrase: str = "CANCEL"


@dataclass(frozen=True)
class Step:
    """One named step of a flow.

    ``run(ctx)`` drives page objects. An irreversible step returns an :class:`Irreversible` and
    never clicks it. ``skippable`` marks a preparatory irreversible step (Salesforce's data export)
    that a dry run records as "would run" and passes over instead of stopping.
    """

    name: str
    description: str
    run: Callable[[FlowContext], Irreversible | None]
    irreversible: bool = False
    skippable: bool = False
    option: str | None = None  # a run option that, when true, skips this step (e.g. "skip_export")


@dataclass(frozen=True)
class Vendor:
    """What a vendor registers under the entry-point group ``cancelproof.vendors`` (runners/vendors.py reads it).

    ``flow``, ``portal`` and ``signin`` name "module:attribute" and are imported only when a run, a plan or a
    sandbox needs them: listing the vendors imports no flow, no mock portal and no Playwright.
    """

    name: str  # the command line's VENDOR
    title: str
    flow: str  # the Flow object: its steps, rules, checklist (and, through them, its labels)
    portal: str = ""  # the mock portal's class (empty: the vendor ships none)
    # what reads its sign-in screens: a callable (page, locale) -> runners.session.Screens, flows/signin.py's
    # "flows.signin:SignInPage" for the portal's own page and the identity providers' (empty: no sign-in handler)
    signin: str = ""
    base_url: str = ""  # the real portal, the default of --base-url
    report_facts: tuple[str, ...] = ()  # the subscription's facts page one of the report shows, in order
    order: int = 100  # where `cancelproof vendors` lists it
    package: str = ""  # the distribution that registered it (set by the registry)


@dataclass(frozen=True)
class Flow:
    vendor: str
    title: str
    steps: tuple[Step, ...]
    rules: tuple[Rule, ...] = ()
    checklist: tuple[str, ...] = ()
    after: tuple[str, ...] = ()  # what to do after cancelling
    dates: Callable[[Mapping[str, Any]], list[tuple[str, str]]] | None = None
    merchant: str = ""
    # (fact key, label) pairs the report's summary page shows when the fact is known (deadlines, end dates…)
    summary: tuple[tuple[str, str], ...] = ()
    # extra text `plan` prints (e.g. what a written notice must say), given the plan's facts
    notes: Callable[[Mapping[str, Any]], list[str]] | None = None
    # the portfolio: days of notice before the end/renewal date, and what happens when it is missed
    notice_days: int = 0
    if_missed: str = ""
    # a re-check runs these steps (up to reading the status) and asks ``held(facts)`` whether the
    # cancellation still holds: True (cancelled / not renewing), False (active again), None (cannot tell)
    recheck_steps: tuple[str, ...] = ()
    held: Callable[[Mapping[str, Any]], bool | None] | None = None
    kind: str = "cancel"  # "cancel", or "recheck" for the cut-down flow of a re-check

    def __post_init__(self) -> None:
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            msg = f"{self.vendor}: step names must be unique: {names}"
            raise ValueError(msg)
        for step in self.steps:
            if step.skippable and not step.irreversible:
                msg = f"{self.vendor}.{step.name}: only an irreversible step can be skippable"
                raise ValueError(msg)
        if self.kind == "cancel" and not any(s.irreversible and not s.skippable for s in self.steps):
            msg = f"{self.vendor}: a cancellation flow needs one irreversible step"
            raise ValueError(msg)
        if self.kind == "recheck" and any(s.irreversible for s in self.steps):
            msg = f"{self.vendor}: a re-check must not contain an irreversible step"
            raise ValueError(msg)
        unknown = set(self.recheck_steps) - set(names)
        if unknown:
            msg = f"{self.vendor}: recheck_steps names unknown steps {sorted(unknown)}"
            raise ValueError(msg)

    def for_recheck(self) -> Flow:
        """The same vendor's flow cut down to reading the status (``recheck_steps``), nothing irreversible.

        Raises:
            ValueError: the flow does not say how to re-check.
        """
        if not self.recheck_steps:
            msg = f"{self.vendor}: this flow does not support re-checks yet"
            raise ValueError(msg)
        steps = tuple(s for s in self.steps if s.name in self.recheck_steps)
        return replace(self, steps=steps, kind="recheck")


@dataclass
class Confirmation:
    """What the vendor showed after the irreversible click."""

    status_after: str = ""
    effective_end: str = ""
    confirmation_id: str = ""
    text: str = ""
    seen_at: str = ""  # UTC, when the flow first saw the vendor's confirmation

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class FlowContext:
    """What a step gets: the page, the run's options, and a place to put facts it read."""

    page: Page
    options: dict[str, Any]
    facts: dict[str, Any] = field(default_factory=dict)
    confirmation: Confirmation | None = None
    clicked_box: dict[str, float] | None = None  # where the step's first click landed, on the page before
    skips: dict[str, str] = field(default_factory=dict)  # later steps to pass over, with the reason
    tabs: list[dict[str, str]] = field(default_factory=list)  # every switch to a tab the portal opened
    on_tab: Callable[[Page, dict[str, str]], None] | None = None  # the runner's: sign-in, watch and log cover it
    boxes: bool = False  # the runner keeps evidence: remember where each step's first click landed

    def __post_init__(self) -> None:
        # watched from the start: the portal's first document counts its tabs from its own init, no question
        self._watch_opens(self.page)
        _navigations(self.page)

    @property
    def locale(self) -> str:
        return str(self.options.get("locale") or "en")

    def fact(self, key: str, value: Any) -> None:
        """Record a fact read from the portal (rules and the manifest read them)."""
        self.facts[key] = value

    def skip(self, step: str, reason: str) -> None:
        """Pass over a later step (e.g. an export the portal does not allow now), saying why."""
        self.skips[step] = reason

    def confirm(
        self, *, status_after: str = "", effective_end: str = "", confirmation_id: str = "", text: str = ""
    ) -> None:
        """Record what the vendor showed after the irreversible click."""
        seen = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.confirmation = Confirmation(status_after, effective_end, confirmation_id, text, seen)

    def click(self, control: Locator) -> None:
        """Click a reversible control, as a person would, and follow a tab it opens.

        Remembers where the first click of a step landed (the box in the annotated copy), when the run
        keeps evidence (``boxes``). A click that opens a tab (a link to another window, Salesforce's
        Setup, LinkedIn's Admin Center, or a script's ``window.open``) is followed: the run goes on in the
        new tab (``page`` becomes it), and the switch is recorded (``tabs``, ``on_tab``).
        """
        page = control.page
        context = page.context
        opened: list[Page] = []
        moved: list[Frame] = []

        def on_page(tab: Page) -> None:
            opened.append(tab)

        def on_navigated(frame: Frame) -> None:
            if frame == page.main_frame:
                moved.append(frame)

        self._watch_opens(page)
        requested = _navigations(page)
        before = requested[0]
        context.on("page", on_page)
        page.on("framenavigated", on_navigated)  # told before the click returns: Playwright waits for it
        try:
            if self.boxes and self.clicked_box is None:
                self.clicked_box = _box_before_click(control)
            control.click()
            # A click that took this tab to another document (asked for and shown) opened no other: nothing
            # to ask, the old document and its count are gone. One that opened a tab, announced a moment
            # later, is waited for. Asked first: a tab announced meanwhile is in ``opened``.
            new_document = bool(moved) and requested[0] > before
            if not new_document and _opens_since(page) and not opened:
                opened.append(context.wait_for_event("page", timeout=patience_of(context) * 1000))
        finally:
            context.remove_listener("page", on_page)
            page.remove_listener("framenavigated", on_navigated)
        if opened:
            self.follow(opened[-1], came_from=page.url)

    def _watch_opens(self, page: Page) -> None:
        """Count the tabs every document of the run opens (once per context: an init script, and the
        document already shown), so that a click needs no question beforehand."""
        context = page.context
        if context in _WATCHED:
            return
        context.add_init_script(f"({OPENS_JS})();")
        if page.url != "about:blank":  # a document already shown (a tab still blank runs the script itself)
            with suppress(Exception):  # a page still loading runs the init script itself
                page.evaluate(OPENS_JS)
        _WATCHED.add(context)

    def follow(self, tab: Page, came_from: str = "") -> None:
        """Go on in ``tab`` (a tab the portal opened): wait for its first screen to load, record the switch."""
        with suppress(Exception):  # a tab that is still loading is waited for by the next step's own waits
            tab.wait_for_load_state("domcontentloaded")
        tab.bring_to_front()
        self.page = tab
        switch = {"from": came_from, "to": tab.url, "at": datetime.now(UTC).isoformat(timespec="milliseconds")}
        self.tabs.append(switch)
        if self.on_tab is not None:
            self.on_tab(tab, switch)


# Where an element is on the full page (the box drawn in an annotated copy).
BOX_JS = """e => { const r = e.getBoundingClientRect();
  return {x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height}; }"""


# Counts the tabs a document opens: by script (window.open), and by a click on a link to another window
# that the page did not stop. Installed in every document of the run, before the portal's own scripts.
OPENS_JS = """() => { const w = window; if (w.__cancelproofOpens) return;
  const seen = w.__cancelproofOpens = {n: 0, clicks: []}; const open = w.open;
  w.open = function (...args) { seen.n += 1; return open.apply(this, args); };
  w.addEventListener('click', e => { const t = e.composedPath()[0];
    const a = t && t.closest ? t.closest('a[href]') : null;
    if (a && a.target && !['_self', '_top', '_parent'].includes(a.target.toLowerCase())) seen.clicks.push(e);
  }, true); }"""

# How many tabs the document opened since it was last asked (a link's click counts once it was not stopped).
OPENS_SINCE_JS = """() => { const seen = window.__cancelproofOpens; if (!seen) return 0;
  const n = seen.n + seen.clicks.filter(e => !e.defaultPrevented).length; seen.n = 0; seen.clicks = [];
  return n; }"""


_NAVIGATIONS: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()


def _navigations(page: Page) -> list[int]:
    """How many documents ``page``'s tab has asked for (its main frame's navigation requests), counted from
    the run's start (in a tab the portal opened: from its first click); a navigation inside the document
    (history, #fragment) asks for none."""
    count = _NAVIGATIONS.get(page)
    if count is None:
        count = _NAVIGATIONS[page] = [0]

        def on_request(request: Any) -> None:
            with suppress(Exception):  # a request of no frame (a worker's) is no navigation of the tab
                if request.is_navigation_request() and request.frame == page.main_frame:
                    count[0] += 1

        page.on("request", on_request)
    return count


def _opens_since(page: Page) -> int:
    """How many tabs ``page``'s document opened since the last click (0 when the click took it to another
    document: a new document has opened nothing).

    Asked over the tab's own DevTools session where the browser has one (Chromium): the question is the
    runner's bookkeeping, not an act of the flow, so the trace takes no DOM snapshot for it (page.evaluate
    took one: 7-15 ms a click, against 2-4 ms). Elsewhere, by page.evaluate.
    """
    try:
        session = _devtools(page)
        if session is None:
            return int(page.evaluate(OPENS_SINCE_JS))
        answer = session.send("Runtime.evaluate", {"expression": f"({OPENS_SINCE_JS})()", "returnByValue": True})
        return int(answer.get("result", {}).get("value") or 0)  # a script error (no value): nothing counted
    except Exception:  # the page is between two documents: the new one opened nothing
        return 0


_DEVTOOLS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()  # tab → its DevTools session, or None


def _devtools(page: Page) -> Any:
    """A DevTools session of ``page`` (opened once per tab), or None where the browser has none for it."""
    if page not in _DEVTOOLS:
        try:
            _DEVTOOLS[page] = page.context.new_cdp_session(page)
        except Exception:  # not Chromium (or a browser that refuses): page.evaluate, as before
            _DEVTOOLS[page] = None
    return _DEVTOOLS[page]


def _box_before_click(control: Locator) -> dict[str, float] | None:
    """Where ``control`` is, measured as it becomes clickable (None when it has no size yet)."""
    try:
        return _box(control.evaluate(BOX_JS))
    except Exception as exc:
        if "Timeout" in str(exc):
            raise  # the control never appeared within --timeout: say so once, not again at the click
        return None  # not measurable now (the page is navigating): the click waits for it


def _box(box: dict[str, float] | None) -> dict[str, float] | None:
    if not box or not box.get("width"):
        return None
    return {k: round(float(v), 1) for k, v in box.items()}


def box_of(control: Locator) -> dict[str, float] | None:
    """Where ``control`` is on the full page, or None when it cannot be measured (best effort)."""
    try:
        control.wait_for(state="visible")
        return _box(control.evaluate(BOX_JS))
    except Exception:  # the box only decorates a copy; a control that cannot be measured is still clicked
        return None
