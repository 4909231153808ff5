"""How a flow finds things the way a person does: by role and visible name, from label lists.

Label lists are tuples of visible names, French first on a French portal and English after (the French
portals often show English labels). Names match whole, case- and apostrophe-insensitively: "Cancel" never
matches "Cancel subscription", and "Me" never matches "Comment".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

_APOSTROPHES = "'’‘ʼ"


@dataclass(frozen=True)
class Labels:
    """One control's visible names in English and French (extend either list freely)."""

    en: tuple[str, ...]
    fr: tuple[str, ...] = ()

    def for_locale(self, locale: str) -> tuple[str, ...]:
        """The names to try: the locale's list first, then the other one."""
        first, second = (self.fr, self.en) if locale.startswith("fr") else (self.en, self.fr)
        return tuple(dict.fromkeys((*first, *second)))

    def pattern(self, locale: str = "en") -> re.Pattern[str]:
        return name_pattern(self.for_locale(locale))

    def matches(self, text: str) -> bool:
        return bool(self.pattern().match(text.strip()))


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


def name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A regex that matches any of ``names`` as a whole accessible name."""
    return re.compile(rf"^\s*{_alternatives(names)}\s*$", re.IGNORECASE)


def contains_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of ``names`` as whole words inside a longer text."""
    return re.compile(rf"(?<!\w){_alternatives(names)}(?!\w)", re.IGNORECASE)


def by_roles(scope: Page | Locator, roles: Sequence[str], labels: Labels, locale: str) -> Locator:
    """Every element with one of ``roles`` whose accessible name is one of the labels."""
    pattern = labels.pattern(locale)
    found = None
    for role in roles:
        loc = scope.get_by_role(role, name=pattern)  # type: ignore[arg-type]
        found = loc if found is None else found.or_(loc)
    assert found is not None
    return found


def expect(locator: Locator) -> Any:
    """Playwright's ``expect``, imported on first use so that planning never loads Playwright."""
    from playwright.sync_api import expect as _expect

    return _expect(locator)


CLICKABLE = ("button", "link", "menuitem", "tab", "treeitem")


def control(scope: Page | Locator, labels: Labels, locale: str, roles: Sequence[str] = CLICKABLE) -> Locator:
    """The visible control a person would click for ``labels`` (the first visible one)."""
    return by_roles(scope, roles, labels, locale).filter(visible=True).first


def heading(scope: Page | Locator, labels: Labels, locale: str) -> Locator:
    return scope.get_by_role("heading", name=labels.pattern(locale)).filter(visible=True).first


def dialog(page: Page, labels: Labels, locale: str) -> Locator:
    """A pane (role=dialog) by its visible title."""
    return page.get_by_role("dialog", name=labels.pattern(locale)).filter(visible=True).first


def field_value(text: str, labels: Labels) -> str | None:
    """The value shown beside a label in a page's visible text ("Status: Active" or "Status\\nActive")."""
    label_re = re.compile(_alternatives((*labels.en, *labels.fr)) + r"\s*", re.IGNORECASE)
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
    group = scope.get_by_role("radiogroup", name=pattern).or_(scope.get_by_role("group", name=pattern))
    select = scope.get_by_label(pattern).filter(visible=True).first
    select.or_(group.first).wait_for()
    if group.first.is_visible():
        radios = group.first.get_by_role("radio")
        pick = _pick([_radio_label(r) for r in radios.all()], wanted)
        group.first.get_by_role("radio", name=pick, exact=True).first.check()
        return pick
    tag = select.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        choices = select.evaluate(
            "e => Array.from(e.options).filter(o => o.value !== '' && !o.disabled).map(o => o.textContent.trim())"
        )
        pick = _pick(list(choices), wanted)
        select.select_option(label=pick)
        return pick
    select.click()  # an ARIA combobox opens a listbox
    options = scope.page.get_by_role("option").filter(visible=True)
    names = [o.inner_text().strip() for o in options.all()]
    pick = _pick(names, wanted)
    scope.page.get_by_role("option", name=pick, exact=True).first.click()
    return pick


def _radio_label(radio: Locator) -> str:
    return str(
        radio.evaluate(
            "e => (e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].innerText : '')"
            " || e.value || '').trim()"
        )
    )


def _pick(names: Sequence[str], wanted: str | None) -> str:
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


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


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
    from runners.errors import UsageError

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
