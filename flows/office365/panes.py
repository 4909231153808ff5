"""The cancel screens of every layout, recognised by what they show, and the screen after the click.

After the cancel entry, a tenant shows one of (docs/portals.md):
- pane "Options for canceling your subscription": radio Cancel now, or Cancel before the next renewal
  date → Next → reason → **Cancel now** (or the end-of-term choice's own confirm button) (MOSA);
- pane "Cancel subscription": reason → **Cancel subscription** (MCA within 7 days) or **Save** (2021–22);
- pane "Canceling your subscription" that offers to edit the recurring billing settings (MCA after 7 days)
  → pane "Edit recurring billing" → Off → **Save** (also the trial path);
- a page "Cancel subscription" with the important dates and a reason → **Cancel subscription** (classic).
Which one is shown is decided on the settled screen (:func:`flows.ui.decide`). The final control is always
looked for inside that pane or page, as a button: the entry button of the same name, a plain
Cancel/Annuler and a "Cancel order" are never it.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

from flows import ui
from flows.dates import DATE
from flows.office365 import labels as L
from flows.office365.pages import ProductsPage, content, statuses
from flows.office365.reason import choose_reason, controls
from flows.ui import Labels

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


class Method(enum.StrEnum):
    """How the subscription is stopped, as recorded in the evidence."""

    CANCEL_NOW = "cancel now"
    END_OF_TERM = "cancel before the next renewal date"
    CANCEL = "cancel subscription"
    RECURRING_OFF = "recurring billing off"


WHEN = {
    Method.CANCEL_NOW: "now",
    Method.CANCEL: "now",
    Method.END_OF_TERM: "end-of-term",
    Method.RECURRING_OFF: "end-of-term",
}


class Kind(enum.Enum):
    OPTIONS = "options"  # MOSA: when to cancel
    CANCELING = "canceling"  # MCA after 7 days: offers recurring billing instead
    RECURRING = "recurring"  # Edit recurring billing
    REASON = "reason"  # a reason, then the final button


TITLES = {
    Method.CANCEL_NOW: L.OPTIONS_PANE,
    Method.END_OF_TERM: L.OPTIONS_PANE,
    Method.CANCEL: L.CANCEL_SCREENS,
    Method.RECURRING_OFF: L.RECURRING_PANE,
}
FINALS = {
    Method.CANCEL_NOW: L.CANCEL_NOW,
    Method.END_OF_TERM: L.END_OF_TERM_FINAL,
    Method.CANCEL: L.FINAL,
    Method.RECURRING_OFF: L.SAVE,
}


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
        shown = ui.decide(self.page, {"pane": self.pane, "page": self.page_heading}, what="the cancel pane")
        if shown == "page":
            self.scope = content(self.page)
            self.title = self.page_heading
        return self

    def _controls(self) -> dict[Kind, Locator]:
        reasons = controls(self.scope, self.locale)
        reason = reasons["radios"].or_(reasons["choice"])
        return {
            Kind.OPTIONS: self.when_radio("now").or_(self.when_radio("end-of-term")),
            Kind.RECURRING: self.off_control(),
            Kind.CANCELING: self.edit_link(),
            Kind.REASON: reason,
        }

    def when_radio(self, when: str) -> Locator:
        labels = L.END_OF_TERM if when == "end-of-term" else L.CANCEL_NOW
        return self.scope.get_by_role("radio", name=labels.pattern(self.locale))

    def edit_link(self) -> Locator:
        """The pane's offer to edit the recurring billing settings (MCA after 7 days); it may open a tab."""
        return ui.by_roles(self.scope, ("link", "button"), L.EDIT_RECURRING, self.locale).filter(visible=True).first

    def off_control(self) -> Locator:
        s, loc = self.scope, self.locale
        return (
            s.get_by_role("radio", name=L.OFF.pattern(loc))
            .or_(s.get_by_role("switch", name=L.RECURRING.pattern(loc)))
            .or_(s.get_by_role("checkbox", name=L.RECURRING.pattern(loc)))
        )

    def kind(self) -> Kind:
        """What this screen asks for, decided once the pane has settled (in that order of precedence)."""
        candidates = {kind: loc.filter(visible=True).first for kind, loc in self._controls().items()}
        return ui.decide(self.page, candidates, what="the cancel pane's choices (when, reason, recurring billing)")

    def fill(self, kind: Kind, click: ui.Click, reason: str | None, when: str | None) -> tuple[Method, str | None]:
        """Answer what the screen asks, up to (not including) the final control; (method, reason given).

        ``when`` ("now" or "end-of-term") picks MOSA's option; the default is "now" (a prorated credit).
        """
        if kind is Kind.OPTIONS:
            self.when_radio(when or "now").filter(visible=True).first.check()
            click(ui.control(self.scope, L.NEXT, self.locale, roles=("button",)))
            given = choose_reason(self.scope, self.locale, reason)
            return (Method.END_OF_TERM if when == "end-of-term" else Method.CANCEL_NOW), given
        if kind is Kind.RECURRING:
            self.turn_off()
            return Method.RECURRING_OFF, None
        return Method.CANCEL, choose_reason(self.scope, self.locale, reason)

    def turn_off(self) -> None:
        radio = self.scope.get_by_role("radio", name=L.OFF.pattern(self.locale)).filter(visible=True).first
        toggle = self.off_control().filter(visible=True).first
        if ui.decide(self.page, {"radio": radio, "toggle": toggle}, what="the Recurring billing control") == "radio":
            radio.check()
        else:
            toggle.uncheck()

    def final(self, method: Method) -> Locator:
        """The control that does it, inside this pane or page: never clicked by the flow."""
        return ui.control(self.scope, FINALS[method], self.locale, roles=("button",))


class AfterPage:
    """The screen after the irreversible click: the status and the vendor's own words."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.name = name
        self.cancelled_re = L.CANCELLED_STATUSES.anywhere(locale)
        self.expires_re = L.EXPIRES_ON.anywhere(locale)
        self.cancelled_text = page.get_by_text(self.cancelled_re).filter(visible=True).first
        self.expires_text = page.get_by_text(self.expires_re).filter(visible=True).first

    def notice(self) -> str:
        found = self.page.get_by_role("status").or_(self.page.get_by_role("alert")).filter(visible=True)
        return " ".join(found.first.inner_text().split()) if found.count() else ""

    def cancelled(self) -> tuple[str, str, str]:
        """(status, words, end date) after a cancel: the status becomes Disabled (or Expired…)."""
        ui.expect(self.cancelled_text).to_be_visible()
        return self._cancelled()

    def _cancelled(self) -> tuple[str, str, str]:
        text = ui.page_text(self.page)
        status = ui.field_value(text, L.STATUS) or ""
        if not self.cancelled_re.search(status):  # a list (2021–22): the status in the subscription's row
            row = ProductsPage(self.page, self.locale).row(self.name)
            found = (
                statuses(self.locale).search(row.inner_text()) if row.count() else None
            ) or self.cancelled_re.search(text)
            status = found.group(0) if found else status
        words = self.notice()
        end = DATE.search(words or text)
        return status, words, end.group(0) if end else ""

    def recurring_off(self) -> tuple[str, str, str]:
        """(status, words, expiry date) after recurring billing is turned off: Active, "Expires on DATE"."""
        ui.expect(self.expires_text).to_be_visible()
        return "Active (recurring billing off)", *self._expires()

    def end_of_term(self) -> tuple[str, str, str]:
        """(status, words, end date) after MOSA's end-of-term choice: still active until a date, or cancelled."""
        shown = ui.decide(
            self.page,
            {"ends": self.expires_text, "cancelled": self.cancelled_text},
            what="the subscription's end date or status after cancelling",
        )
        if shown == "cancelled":
            return self._cancelled()
        return "Active until the end of the term (then cancelled)", *self._expires()

    def _expires(self) -> tuple[str, str]:
        text = ui.page_text(self.page)
        words = self.notice()
        dated = re.compile(self.expires_re.pattern + r"\s*:?\s*(" + DATE.pattern + ")", re.IGNORECASE)
        found = dated.search(words) or dated.search(text)
        return words, found.group(1) if found else ""
