"""How a flow finds things the way a person does: by role and visible name, from label lists.

Label lists are tuples of visible names, French first on a French portal and English after (the French
portals often show English labels). Names match whole, case- and apostrophe-insensitively: "Cancel" never
matches "Cancel subscription", and "Me" never matches "Comment".
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from runners.errors import BlockedByRule, UsageError
from runners.model import patience_of

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from runners.model import FlowContext

_APOSTROPHES = "'’‘ʼ"


WHOLE, PREFIX, CONTAINS = "whole", "prefix", "contains"


@dataclass(frozen=True)
class Labels:
    """One control's visible names in English and French (extend either list freely).

    ``match`` says how much of the real accessible name a label is: ``whole`` (the default: "Cancel"
    never matches "Cancel subscription"), ``prefix`` (the name goes on with user data: "Profile photo of
    Alex Martin" for "Profile photo") or ``contains`` ("More actions for Microsoft 365 Business
    Standard" for "More actions"). Either way a label matches whole words only.
    """

    en: tuple[str, ...]
    fr: tuple[str, ...] = ()
    match: str = WHOLE

    def for_locale(self, locale: str) -> tuple[str, ...]:
        """The names to try: the locale's list first, then the other one."""
        first, second = (self.fr, self.en) if locale.startswith("fr") else (self.en, self.fr)
        return tuple(dict.fromkeys((*first, *second)))

    def pattern(self, locale: str = "en") -> re.Pattern[str]:
        """The accessible-name pattern, as ``match`` says."""
        return _compiled(self.match, self.for_locale(locale))

    def anywhere(self, locale: str = "en") -> re.Pattern[str]:
        """Any of the names (both languages, the locale's first) as whole words inside a longer text."""
        return contains_pattern(self.for_locale(locale))

    def field(self, locale: str = "en") -> re.Pattern[str]:
        """A field's label at the start of a text, alone or before a colon ("Status", "Status: Active")."""
        return _compiled(_FIELD, self.for_locale(locale))

    def found_in(self, text: str | None) -> bool:
        """Whether a text (a fact, a sentence) says one of the names."""
        return bool(text) and bool(self.anywhere().search(text or ""))

    def matches(self, text: str) -> bool:
        return bool(self.pattern().match(text.strip()))

    def __add__(self, other: Labels) -> Labels:
        """A control (or a set of words) that goes by the names of both: ``L.ACTIVE + L.CANCELLED``."""
        if self.match != other.match:
            msg = f"cannot join labels matched {self.match!r} and {other.match!r}"
            raise ValueError(msg)
        return Labels((*self.en, *other.en), (*self.fr, *other.fr), self.match)


def _escape(name: str) -> str:
    out = []
    for ch in name.strip():
        if ch in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        elif ch.isspace():
            out.append(r"\s+")
        elif ch == "/":  # Playwright hands the pattern to JavaScript as /…/: a bare slash would end it
            out.append(r"\/")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternatives(names: Iterable[str]) -> str:
    return "(?:" + "|".join(_escape(n) for n in names) + ")"


_FIELD, _LABEL = "field", "label"  # a field's label before its value; a label alone (field_value's lines)
_FORMS = {
    WHOLE: r"^\s*{}\s*$",
    PREFIX: r"^\s*{}(?!\w)",
    CONTAINS: r"(?<!\w){}(?!\w)",
    _FIELD: r"^\s*{}\s*(?::|$)",
    _LABEL: r"{}\s*",
}


@functools.lru_cache(maxsize=1024)
def _compiled(form: str, names: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of ``form`` for ``names``, built once per process: pages and rules ask for the same
    labels again and again, and each build escaped every name, character by character, before compiling."""
    return re.compile(_FORMS[form].format(_alternatives(names)), re.IGNORECASE)


def name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A regex that matches any of ``names`` as a whole accessible name."""
    return _compiled(WHOLE, tuple(names))


def contains_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of ``names`` as whole words inside a longer text."""
    return _compiled(CONTAINS, tuple(names))


def by_roles(scope: Page | Locator, roles: Sequence[str], labels: Labels, locale: str) -> Locator:
    """Every element with one of ``roles`` whose accessible name is one of the labels."""
    pattern = labels.pattern(locale)
    found = None
    for role in roles:
        loc = scope.get_by_role(role, name=pattern)  # type: ignore[arg-type]
        found = loc if found is None else found.or_(loc)
    assert found is not None
    return found


Click = Callable[["Locator"], "Page"]
"""Click a reversible control as a person would; returns the page the run goes on in (the tab the click opened,
if it opened one). Page objects take one: a flow hands them :func:`clicker` of its context."""


def clicker(ctx: FlowContext) -> Click:
    """``ctx.click``, answering the page the run goes on in (``ctx.page`` after the click)."""

    def click(control: Locator) -> Page:
        ctx.click(control)
        return ctx.page

    return click


# --- waiting, the way a person does: bounded by the run's --timeout ---------------------------------
def patience(where: Page | Locator) -> float:
    """Seconds a flow may wait for one thing on ``where``'s page: the run's ``--timeout``."""
    page = getattr(where, "page", where)  # a locator knows its page; a page is its own
    return patience_of(page.context)  # type: ignore[union-attr]


class NotShown(TimeoutError):
    """What a step waited for did not appear within the bound the run gave it (the message says both)."""


class _Expect:
    """Playwright's assertions on one locator, bounded by the run's ``--timeout`` (not Playwright's 5 s)."""

    def __init__(self, locator: Locator) -> None:
        from playwright.sync_api import expect as _expect  # on first use: planning never loads Playwright

        self.locator = locator
        self.timeout = patience(locator) * 1000
        self.check = _expect(locator)

    def to_be_visible(self, timeout: float | None = None) -> None:
        self.check.to_be_visible(timeout=self.timeout if timeout is None else timeout)

    def to_be_hidden(self, timeout: float | None = None) -> None:
        self.check.to_be_hidden(timeout=self.timeout if timeout is None else timeout)

    def to_be_enabled(self, timeout: float | None = None) -> None:
        self.check.to_be_enabled(timeout=self.timeout if timeout is None else timeout)


def expect(locator: Locator) -> _Expect:
    """Playwright's ``expect`` for ``locator``, each wait bounded by the run's ``--timeout``."""
    return _Expect(locator)


def one_of(*locators: Locator) -> Locator:
    """Whichever of several things appears first (for waiting; use :func:`decide` to choose)."""
    found = locators[0]
    for loc in locators[1:]:
        found = found.or_(loc)
    return found.first


# A screen is still being drawn while it shows a spinner or marks a region busy. As a selector, so that
# the wait for a candidate and the wait for a still screen are one question to the browser, asked in
# Playwright's own script (a function of ours would cost a script of its own in every new document).
SETTLED = ':root:not(:has([aria-busy="true" i]:visible, [role=progressbar]:visible))'

# A control a person can use: not disabled, and not marked disabled, itself or by what holds it.
ENABLED = ':not(:disabled, [aria-disabled="true" i], [aria-disabled="true" i] *)'

# Quiet: nothing added to or removed from the page for a moment (a person's glance).
QUIET_JS = """(ms) => {
  const w = window;
  if (!w.__cancelproofQuiet) {
    w.__cancelproofQuiet = {last: performance.now()};
    new MutationObserver(() => { w.__cancelproofQuiet.last = performance.now(); })
      .observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
  }
  return performance.now() - w.__cancelproofQuiet.last >= ms;
}"""

QUIET_MS = 400  # how long a screen must stay still before a generic sign is taken for a layout


class _Deadline:
    def __init__(self, page: Page, seconds: float | None = None) -> None:
        self.seconds = seconds if seconds is not None else patience(page)
        self.ends = time.monotonic() + self.seconds

    def left_ms(self) -> float:
        return max(1.0, (self.ends - time.monotonic()) * 1000)

    def over(self) -> bool:
        return time.monotonic() >= self.ends


def usable(control: Locator) -> Locator:
    """``control``, found only while a person can use it (:data:`ENABLED`)."""
    return control.and_(control.page.locator(ENABLED))


def when_settled(locator: Locator) -> Locator:
    """``locator``, found only while its page shows no spinner and no busy region (waiting for it waits
    for both, in one question)."""
    return locator.page.locator(SETTLED).locator(locator)


def settle(page: Page, seconds: float | None = None) -> None:
    """Wait until the screen shows no spinner and no busy region (bounded by --timeout).

    Raises:
        NotShown: still busy when the bound ran out.
    """
    deadline = _Deadline(page, seconds)
    if not _shown(page.locator(SETTLED), deadline):
        raise _still_loading(deadline)


def _still_loading(deadline: _Deadline) -> NotShown:
    return NotShown(f"the screen was still loading (a spinner or a busy region) after {deadline.seconds:g}s")


def wait_shown(locator: Locator, what: str, *, busy_ok: bool = False, seconds: float | None = None) -> None:
    """Wait for ``locator`` on a settled screen, in one question (a wait for it, then :func:`settle`, in one).

    Raises:
        NotShown: not shown within the run's --timeout; or shown, but the screen was still loading at the
            bound (``busy_ok``: then it is taken as it is).
    """
    deadline = _Deadline(locator.page, seconds)
    if _shown(when_settled(locator), deadline):
        return
    if not locator.is_visible():
        raise NotShown(f"expected {what}, not shown within {deadline.seconds:g}s")
    if not busy_ok:
        raise _still_loading(deadline)


def _shown(locator: Locator, deadline: _Deadline) -> bool:
    """Wait for ``locator`` (made with :func:`when_settled`, or :data:`SETTLED` itself) once the page has
    loaded its document; False when the bound ran out first."""
    from playwright.sync_api import Error as PlaywrightError

    page = locator.page
    while True:
        try:
            page.wait_for_load_state("domcontentloaded", timeout=deadline.left_ms())  # no question when loaded
            locator.wait_for(state="visible", timeout=deadline.left_ms())
            return True
        except PlaywrightError as exc:
            if page.is_closed():
                raise  # the window was closed (by the person) or the browser died: nothing more will show
            if "Timeout" in str(exc) or deadline.over():
                return False
            # the page navigated under the wait: ask again


def _quiet(page: Page, deadline: _Deadline) -> None:
    from playwright.sync_api import Error as PlaywrightError

    with suppress(PlaywrightError):  # a navigation or the bound: the caller looks at the screen again
        page.wait_for_function(QUIET_JS, arg=QUIET_MS, timeout=deadline.left_ms(), polling=100)
        _shown(page.locator(SETTLED), deadline)


K = TypeVar("K")


def decide(
    page: Page,
    specific: Mapping[K, Locator],
    generic: Mapping[K, Locator] | None = None,
    *,
    what: str = "the screen",
    seconds: float | None = None,
) -> K:
    """Where am I? The key of the candidate the settled screen shows, as a person would tell.

    ``specific`` candidates are each evidence of one path (the admin center's navigation, the
    Admin Center's entries). ``generic`` ones could also be seen, half-drawn, on the other path
    (an account menu's plain Settings); page chrome (the app launcher, the avatar) is never a
    candidate. The answer waits for a candidate, then for the screen to stop loading (no spinner, no
    ``aria-busy``); a specific candidate wins at once; a generic one only once the screen has also
    stayed still for a moment and no specific one has appeared. Nothing waits for a fixed time.

    Raises:
        NotShown: no candidate appeared within the run's --timeout (the message names them and the bound).
    """
    generic = generic or {}
    deadline = _Deadline(page, seconds)
    anything = one_of(*specific.values(), *generic.values())
    names = ", ".join(str(k) for k in (*specific, *generic))
    last = list(specific)[-1]  # shown, with no generic one and none before it shown: this one, unasked
    while True:
        # one question: a candidate shown on a settled screen (a screen busy to the end is taken as it is)
        if not _shown(when_settled(anything), deadline) and not anything.is_visible():
            msg = f"expected {what} ({names}), not shown within {deadline.seconds:g}s"
            raise NotShown(msg)
        for key, loc in specific.items():
            if key == last:
                if not generic or loc.is_visible():
                    return key
            elif loc.is_visible():
                return key
        if any(loc.is_visible() for loc in generic.values()):
            _quiet(page, deadline)  # a fair chance for the specific ones
            for key, loc in (*specific.items(), *generic.items()):
                if loc.is_visible():
                    return key
        if deadline.over():
            msg = f"expected {what} ({names}), not shown within {deadline.seconds:g}s (it came and went)"
            raise NotShown(msg)
        # the screen changed under us: wait again


CLICKABLE = ("button", "link", "menuitem", "tab", "treeitem")


def control(scope: Page | Locator, labels: Labels, locale: str, roles: Sequence[str] = CLICKABLE) -> Locator:
    """The visible control a person would click for ``labels`` (the first visible one)."""
    return by_roles(scope, roles, labels, locale).filter(visible=True).first


# Whatever a menu is made of (role=menu, a listbox, a dialog, a plain list of links), its entries are one of these.
ENTRY = ("menuitem", "menuitemradio", "menuitemcheckbox", "option", "link", "button", "treeitem", "tab")


def entry(
    page: Page,
    opener: Locator | None,
    labels: Labels,
    locale: str,
    roles: Sequence[str] = ENTRY,
    *,
    why: Labels | None = None,
    advice: str = "",
) -> Locator:
    """The entry a person picks in what ``opener`` just opened: found near it first, else on the page.

    "Near" is, in order: the element ``opener`` says it controls (``aria-controls``), a menu, listbox or
    dialog now shown, then the opener's own surroundings (a plain list of links drawn beside it). A
    decoy of the same name elsewhere on the page is taken only when nothing near holds the entry.

    With ``why`` (the words of a portal's reason, as :func:`go_on` takes them), the entry must be usable
    on a settled screen: missing or disabled, the run waits for it or for the portal's reason.

    Raises:
        NotShown: no such entry appeared within the run's --timeout.
        BlockedByRule: (``why``) the entry is missing or disabled and the portal says why.
    """
    deadline = _Deadline(page)
    visible = by_roles(page, roles, labels, locale).filter(visible=True)
    shown = visible if why is None else usable(visible)
    anywhere = shown.first
    from playwright.sync_api import Error as PlaywrightError

    # already drawn (a decision just saw it): no wait; with ``why``, usable on a settled screen
    count = (shown if why is None else when_settled(shown)).count()
    if not count and why is not None:
        go_on(page, visible.first, why, advice=advice, seconds=deadline.seconds)  # it, or the portal's reason
        count = shown.count()
    if not count:
        try:
            anywhere.wait_for(state="visible", timeout=deadline.left_ms())
        except PlaywrightError:
            names = " / ".join(f"“{n}”" for n in labels.for_locale(locale)[:3])
            msg = f"expected an entry {names} in what was opened, not shown within {deadline.seconds:g}s"
            raise NotShown(msg) from None
        count = shown.count()
    if count == 1:
        return anywhere  # the only one shown: there is no decoy to tell it from
    return _near_entry(page, opener, labels, locale, roles) or anywhere


def _near_entry(
    page: Page, opener: Locator | None, labels: Labels, locale: str, roles: Sequence[str]
) -> Locator | None:
    """The entry shown near ``opener`` (see :func:`entry`), or None when nothing near holds it now."""
    from playwright.sync_api import Error as PlaywrightError

    for scope in _near(page, opener):
        found = control(scope, labels, locale, roles)
        with suppress(PlaywrightError):
            if found.count():  # the first visible one: counted, it is shown
                return found
    return None


def _near(page: Page, opener: Locator | None) -> list[Locator]:
    scopes: list[Locator] = []
    if opener is not None:
        with suppress(Exception):  # an opener gone with the click (it navigated) has no surroundings
            for ref in (opener.get_attribute("aria-controls", timeout=500) or "").split():
                scopes.append(page.locator(f"[id={ref!r}]"))
    popup = page.get_by_role("menu").or_(page.get_by_role("listbox")).or_(page.get_by_role("dialog"))
    scopes.append(popup.filter(visible=True).last)  # the newest one drawn is the one just opened
    if opener is not None:
        scopes += [opener.locator("xpath=.."), opener.locator("xpath=../.."), opener.locator("xpath=../../..")]
    return scopes


def go_on(page: Page, control: Locator, why: Labels, *, advice: str, seconds: float | None = None) -> Locator:
    """The control to go on with, once the settled screen shows it enabled, or the portal's reason why not.

    Real portals leave a control out, or show it disabled, with a sentence that says why ("You can't
    cancel this subscription online because more than 25 licenses are assigned…"). ``why`` lists the
    words of such sentences; the run then stops, blocked, quoting the portal and saying what to do
    (``advice``), within --timeout.

    Raises:
        BlockedByRule: the portal says why the control is missing or disabled.
        NotShown: neither the control nor a reason appeared, enabled, within the run's --timeout.
    """
    deadline = _Deadline(page, seconds)
    reason = page.get_by_text(why.anywhere()).filter(visible=True)
    enabled = usable(control)
    if when_settled(enabled).is_visible():  # already there, as when a decision just saw the screen: one question
        return control
    while True:
        # one question: the control enabled, or a reason, on a settled screen (or the bound)
        _shown(when_settled(one_of(enabled, reason.first)), deadline)
        if enabled.is_visible():
            return control
        if reason.count():
            sentence = " ".join(reason.first.inner_text().split())
            msg = f"the portal says: “{sentence}” {advice}".strip()
            raise BlockedByRule(msg)
        if deadline.over():
            shown = "shown disabled, with no reason given" if control.is_visible() else "not shown"
            msg = f"expected the control to go on, {shown}, within {deadline.seconds:g}s"
            raise NotShown(msg)


def heading(scope: Page | Locator, labels: Labels, locale: str) -> Locator:
    return scope.get_by_role("heading", name=labels.pattern(locale)).filter(visible=True).first


def dialog(page: Page, labels: Labels, locale: str) -> Locator:
    """A pane (role=dialog) by its visible title."""
    return page.get_by_role("dialog", name=labels.pattern(locale)).filter(visible=True).first


def field_value(text: str, labels: Labels) -> str | None:
    """The value shown beside a label in a page's visible text ("Status: Active" or "Status\\nActive")."""
    label_re = _compiled(_LABEL, labels.for_locale("en"))
    lines = [ln.strip() for ln in text.splitlines()]
    for i, line in enumerate(lines):
        if not line:
            continue
        head, sep, rest = line.partition(":")
        candidate = head.strip() if sep else line
        if label_re.fullmatch(candidate.strip()):
            if sep and rest.strip():
                return rest.strip()
            for nxt in lines[i + 1 :]:
                if nxt:
                    return nxt
        # tab-separated (table cells)
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) >= 2 and label_re.fullmatch(cells[0]):
            return cells[1]
    return None


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def page_text(page: Page) -> str:
    """What a person can read on the page now."""
    return page.locator("body").inner_text()


def choose_reason(scope: Locator, labels: Labels, locale: str, wanted: str | None) -> str:
    """Pick a reason the way a person would, whatever control the tenant shows.

    A native select, an ARIA combobox or a radio group, found by its label inside ``scope``. ``wanted``
    is matched against the choices (case-insensitive, substring); otherwise the first real choice.
    Returns the visible text of the choice made.
    """
    pattern = labels.pattern(locale)
    named = scope.get_by_role("radiogroup", name=pattern).or_(scope.get_by_role("group", name=pattern))
    group = named.filter(visible=True).first
    select = scope.get_by_label(pattern).filter(visible=True).first
    loose = scope.get_by_role("radio").filter(visible=True).first  # radios under the pane's own question
    found = decide(scope.page, {"radios": group, "choice": select}, {"loose": loose}, what="the reason to give")
    if found != "choice":
        holder = group if found == "radios" else scope
        radios = holder.get_by_role("radio")
        pick = pick_choice([_radio_label(r) for r in radios.all()], wanted)
        holder.get_by_role("radio", name=pick, exact=True).first.check()
        return pick
    tag = select.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        choices = select.evaluate(
            "e => Array.from(e.options).filter(o => o.value !== '' && !o.disabled).map(o => o.textContent.trim())"
        )
        pick = pick_choice(list(choices), wanted)
        select.select_option(label=pick)
        return pick
    select.click()  # an ARIA combobox opens a listbox
    options = scope.page.get_by_role("option").filter(visible=True)
    names = [o.inner_text().strip() for o in options.all()]
    pick = pick_choice(names, wanted)
    scope.page.get_by_role("option", name=pick, exact=True).first.click()
    return pick


def _radio_label(radio: Locator) -> str:
    return str(
        radio.evaluate(
            "e => { const by = (e.getAttribute('aria-labelledby') || '').split(/\\s+/)"
            ".map(i => document.getElementById(i)).filter(Boolean).map(n => n.innerText).join(' ');"
            " return (e.getAttribute('aria-label') || by || (e.labels && e.labels[0] ? e.labels[0].innerText : '')"
            " || (e.getAttribute('role') === 'radio' ? e.innerText : '') || e.value || '').trim(); }"
        )
    )


def pick_choice(names: Sequence[str], wanted: str | None) -> str:
    """The choice that says ``wanted``, else "Other" when ``wanted`` is not offered, else the first one."""
    real = [n for n in names if n]
    if not real:
        msg = "no choice to pick from"
        raise LookupError(msg)
    if wanted:
        for name in real:
            if wanted.casefold() in name.casefold():
                return name
        for name in real:  # the reason asked for is not offered: say it under "Other"
            if name.casefold() in ("other", "autre", "something else", "autre chose"):
                return name
    return real[0]


class Listed(Protocol):
    """An entry of a list of subscriptions or contracts, as a person reads it."""

    @property
    def name(self) -> str: ...

    @property
    def status(self) -> str: ...


E = TypeVar("E", bound=Listed)


def choose_entry(
    entries: Sequence[E],
    wanted: str | None,
    active: re.Pattern[str],
    what: str = "subscription",
    text_of: Callable[[E], str] | None = None,
) -> E:
    """The entry to act on: the one named ``wanted``, else the only active one, else the only one.

    ``text_of`` lets a name also match inside an entry's row (a product named beside a contract number).

    Raises:
        UsageError: the name is not listed, or several are active and none was named (both list them all).
    """
    names = ", ".join(f"{e.name} ({e.status})" for e in entries)
    if wanted:
        key = " ".join(wanted.split()).casefold()
        exact = [e for e in entries if " ".join(e.name.split()).casefold() == key]
        inside = [e for e in entries if text_of and contains_pattern([wanted]).search(text_of(e))]
        if exact or len(inside) == 1:
            return (exact or inside)[0]
        msg = f"no {what} named {wanted!r}; the portal lists: {names}"
        raise UsageError(msg)
    live = [e for e in entries if active.match(e.status)]
    if len(live) == 1:
        return live[0]
    if not live and len(entries) == 1:
        return entries[0]
    msg = f"{len(live)} active {what}s; choose one with --subscription: {names}"
    raise UsageError(msg)
