"""The cancel screens of every layout, recognised by what they show, and the screen after the click.

After the cancel entry, a tenant shows one of (PORTALS.md):
- pane "Options for canceling your subscription": radio Cancel now → Next → reason → **Cancel now** (MOSA);
- pane "Cancel subscription": reason → **Cancel subscription** (MCA within 7 days) or **Save** (2021–22);
- pane "Canceling your subscription" that offers to edit the recurring billing settings (MCA after 7 days)
  → pane "Edit recurring billing" → Off → **Save** (also the trial path);
- a page "Cancel subscription" with the important dates and a reason → **Cancel subscription** (classic).
The final control is always looked for inside that pane or page, as a button: the entry button of the
same name, a plain Cancel/Annuler and a "Cancel order" are never it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from flows import ui
from flows.office365 import labels as L
from flows.office365.pages import DATE, ProductsPage, content, statuses
from flows.ui import Labels, expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Click = Callable[["Locator"], None]


class Method(enum.StrEnum):
    """How the subscription is stopped, as recorded in the evidence."""

    CANCEL_NOW = "cancel now"
    CANCEL = "cancel subscription"
    RECURRING_OFF = "recurring billing off"


class Kind(enum.Enum):
    OPTIONS = "options"  # MOSA: when to cancel
    CANCELING = "canceling"  # MCA after 7 days: offers recurring billing instead
    RECURRING = "recurring"  # Edit recurring billing
    REASON = "reason"  # a reason, then the final button


TITLES = {Method.CANCEL_NOW: L.OPTIONS_PANE, Method.CANCEL: L.CANCEL_SCREENS, Method.RECURRING_OFF: L.RECURRING_PANE}
FINALS = {Method.CANCEL_NOW: L.CANCEL_NOW, Method.CANCEL: L.FINAL, Method.RECURRING_OFF: L.SAVE}


class CancelScreen:
    """A cancel pane (role=dialog, found by its title) or, in the classic layout, a page of its own.

    A pane is preferred: the page heading only counts when no such pane shows.
    """

    def __init__(self, page: Page, locale: str, titles: Labels = L.CANCEL_SCREENS) -> None:
        self.page = page
        self.locale = locale
        pattern = titles.pattern(locale)
        dialogs = page.get_by_role("dialog")
        pane = dialogs.filter(has=page.get_by_role("heading", name=pattern)).or_(
            page.get_by_role("dialog", name=pattern)
        )
        if titles is L.CANCEL_SCREENS:  # a pane titled otherwise that asks for a cancellation reason
            pane = pane.or_(dialogs.filter(has=page.get_by_label(L.REASON.pattern(locale))))
        self.pane = pane.filter(visible=True).first
        self.page_heading = page.get_by_role("heading", name=pattern).filter(visible=True).first
        self.scope: Locator = self.pane
        self.title: Locator = (  # the pane's title: a heading, else the visible text of its name
            self.pane.get_by_role("heading", name=pattern)
            .or_(self.pane.get_by_role("heading"))
            .or_(self.pane.get_by_text(pattern))
            .first
        )

    def wait(self) -> CancelScreen:
        """Wait for the pane (or the page); from then on, everything is looked for inside it."""
        expect(self.pane.or_(self.page_heading).first).to_be_visible()
        if not self.pane.is_visible():
            self.scope = content(self.page)
            self.title = self.page_heading
        return self

    def _controls(self) -> dict[Kind, Locator]:
        s, loc = self.scope, self.locale
        reason = (
            s.get_by_label(L.REASON.pattern(loc))
            .or_(s.get_by_role("group", name=L.REASON.pattern(loc)))
            .or_(s.get_by_role("radiogroup", name=L.REASON.pattern(loc)))
        )
        return {
            Kind.OPTIONS: s.get_by_role("radio", name=L.CANCEL_NOW.pattern(loc)),
            Kind.RECURRING: self.off_control(),
            Kind.CANCELING: ui.by_roles(s, ("link", "button"), L.EDIT_RECURRING, loc),
            Kind.REASON: reason,
        }

    def off_control(self) -> Locator:
        s, loc = self.scope, self.locale
        return (
            s.get_by_role("radio", name=L.OFF.pattern(loc))
            .or_(s.get_by_role("switch", name=L.RECURRING.pattern(loc)))
            .or_(s.get_by_role("checkbox", name=L.RECURRING.pattern(loc)))
        )

    def kind(self) -> Kind:
        """What this screen asks for, once one of its controls shows (in that order of precedence)."""
        controls = self._controls()
        anything = None
        for loc in controls.values():
            anything = loc if anything is None else anything.or_(loc)
        assert anything is not None
        expect(anything.filter(visible=True).first).to_be_visible()
        for kind, loc in controls.items():
            if loc.filter(visible=True).first.is_visible():
                return kind
        return Kind.REASON

    def fill(self, click: Click, reason: str | None) -> tuple[Method, str | None]:
        """Answer what the screen asks, up to (not including) the final control."""
        kind = self.kind()
        if kind is Kind.OPTIONS:
            self._controls()[Kind.OPTIONS].filter(visible=True).first.check()
            click(ui.control(self.scope, L.NEXT, self.locale, roles=("button",)))
            return Method.CANCEL_NOW, ui.choose_reason(self.scope, L.REASON, self.locale, reason)
        if kind is Kind.CANCELING:
            click(self._controls()[Kind.CANCELING].filter(visible=True).first)
            return CancelScreen(self.page, self.locale, L.RECURRING_PANE).wait().fill(click, reason)
        if kind is Kind.RECURRING:
            self.turn_off()
            return Method.RECURRING_OFF, None
        return Method.CANCEL, ui.choose_reason(self.scope, L.REASON, self.locale, reason)

    def turn_off(self) -> None:
        radio = self.scope.get_by_role("radio", name=L.OFF.pattern(self.locale)).filter(visible=True).first
        if radio.is_visible():
            radio.check()
        else:
            self.off_control().filter(visible=True).first.uncheck()

    def final(self, method: Method) -> Locator:
        """The control that does it, inside this pane or page: never clicked by the flow."""
        return ui.control(self.scope, FINALS[method], self.locale, roles=("button",))


class AfterPage:
    """The screen after the irreversible click: the status and the vendor's own words."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.name = name

    def notice(self) -> str:
        found = self.page.get_by_role("status").or_(self.page.get_by_role("alert")).filter(visible=True)
        return " ".join(found.first.inner_text().split()) if found.count() else ""

    def cancelled(self) -> tuple[str, str, str]:
        """(status, words, end date) after a cancel: the status becomes Disabled (or Expired…)."""
        cancelled = ui.contains_pattern(L.CANCELLED_STATUSES.for_locale(self.locale))
        expect(self.page.get_by_text(cancelled).filter(visible=True).first).to_be_visible()
        text = ui.page_text(self.page)
        status = ui.field_value(text, L.STATUS) or ""
        if not cancelled.search(status):  # a list (2021–22): the status in the subscription's row
            row = ProductsPage(self.page, self.locale).row(self.name)
            found = (statuses(self.locale).search(row.inner_text()) if row.count() else None) or cancelled.search(text)
            status = found.group(0) if found else status
        words = self.notice()
        end = DATE.search(words or text)
        return status, words, end.group(0) if end else ""

    def recurring_off(self) -> tuple[str, str, str]:
        """(status, words, expiry date) after recurring billing is turned off: Active, "Expires on DATE"."""
        expires = ui.contains_pattern(L.EXPIRES_ON.for_locale(self.locale))
        expect(self.page.get_by_text(expires).filter(visible=True).first).to_be_visible()
        text = ui.page_text(self.page)
        words = self.notice()
        dated = re.compile(expires.pattern + r"\s*:?\s*(" + DATE.pattern + ")", re.IGNORECASE)
        found = dated.search(words) or dated.search(text)
        return "Active (recurring billing off)", words, found.group(1) if found else ""
