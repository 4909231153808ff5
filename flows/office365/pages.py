"""Page objects for the Microsoft 365 admin center: a class per screen, locators by role and name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import ui
from flows.office365 import labels as L
from flows.ui import expect
from runners.errors import UsageError

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

DATE = re.compile(
    r"(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2}(?:er)? [a-zéû]+ \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
)


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    link: Locator


class AdminHome:
    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.HOME, locale)
        self.billing = ui.control(page, L.BILLING, locale)
        self.your_products = ui.control(page, L.YOUR_PRODUCTS, locale)

    def open(self, base_url: str) -> None:
        self.page.goto(base_url)
        expect(self.heading.or_(self.billing).first).to_be_visible()

    def role(self) -> str | None:
        return ui.field_value(ui.page_text(self.page), L.ROLE)

    def go_to_products(self, click: Callable[[Locator], None]) -> None:
        """Billing › Your products (or Subscriptions)."""
        if not self.your_products.is_visible():
            click(self.billing)
        click(self.your_products)


class ProductsPage:
    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.YOUR_PRODUCTS, locale)
        self.items = (
            page.get_by_role("row")
            .or_(page.get_by_role("listitem"))
            .or_(page.get_by_role("article"))
            .filter(has=page.get_by_role("link").or_(page.get_by_role("button")))
            .filter(visible=True)
        )

    def entries(self) -> list[Entry]:
        """Every subscription the list shows, with the status text beside it."""
        expect(self.heading).to_be_visible()
        expect(self.items.first).to_be_visible()
        statuses = ui.contains_pattern(
            (*L.ACTIVE.for_locale(self.locale), *L.CANCELLED_STATUSES.for_locale(self.locale))
        )
        found: list[Entry] = []
        for item in self.items.all():
            text = item.inner_text()
            status = statuses.search(text)
            if not status:
                continue
            link = item.get_by_role("link").or_(item.get_by_role("button")).first
            name = link.inner_text().strip()
            if name and name not in (e.name for e in found):
                found.append(Entry(name, status.group(0), link))
        if not found:
            msg = "no subscription with a status was found in the list"
            raise LookupError(msg)
        return found

    def choose(self, wanted: str | None) -> Entry:
        """The subscription to cancel: the named one, or the only active one.

        Raises:
            UsageError: the name is not listed, or several are active and none was named.
        """
        entries = self.entries()
        names = ", ".join(f"{e.name} ({e.status})" for e in entries)
        if wanted:
            for entry in entries:
                if " ".join(entry.name.split()).casefold() == " ".join(wanted.split()).casefold():
                    return entry
            msg = f"no subscription named {wanted!r}; the portal lists: {names}"
            raise UsageError(msg)
        active = [e for e in entries if L.ACTIVE.pattern(self.locale).match(e.status)]
        if len(active) == 1:
            return active[0]
        if not active and len(entries) == 1:
            return entries[0]
        msg = f"{len(active)} active subscriptions; choose one with --subscription: {names}"
        raise UsageError(msg)


class DetailsPage:
    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = page.get_by_role("heading", name=ui.name_pattern([name])).filter(visible=True).first
        self.cancel = ui.control(page, L.CANCEL_SUBSCRIPTION, locale)

    def facts(self) -> dict[str, str | int | None]:
        expect(self.heading).to_be_visible()
        text = ui.page_text(self.page)
        licenses = ui.field_value(text, L.LICENSES) or ""
        counts = ui.numbers(licenses)
        return {
            "status": ui.field_value(text, L.STATUS),
            "licenses_assigned": counts[0] if counts else None,
            "licenses_total": counts[1] if len(counts) > 1 else None,
            "billing_account_type": ui.field_value(text, L.ACCOUNT_TYPE),
            "purchase_channel": ui.field_value(text, L.CHANNEL),
            "start_date": ui.field_value(text, L.START),
            "next_charge_date": ui.field_value(text, L.NEXT_CHARGE),
            "price": ui.field_value(text, L.PRICE),
        }

    def confirmation(self) -> tuple[str, str, str]:
        """After the click: (status, the vendor's words, the end date they state)."""
        cancelled = ui.contains_pattern(L.CANCELLED_STATUSES.for_locale(self.locale))
        expect(self.page.get_by_text(cancelled).filter(visible=True).first).to_be_visible()
        text = ui.page_text(self.page)
        status = ui.field_value(text, L.STATUS) or ""
        notice = self.page.get_by_role("status").or_(self.page.get_by_role("alert")).filter(visible=True)
        words = " ".join(notice.first.inner_text().split()) if notice.count() else ""
        end = DATE.search(words or text)
        return status, words, end.group(0) if end else ""


class CancelPane:
    """Pane "Options for canceling your subscription": when → Next → reason → the final button."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.pane = ui.dialog(page, L.OPTIONS_PANE, locale)
        self.title = self.pane.get_by_role("heading", name=L.OPTIONS_PANE.pattern(locale))
        self.cancel_now_radio = self.pane.get_by_role("radio", name=L.CANCEL_NOW.pattern(locale))
        self.next = ui.control(self.pane, L.NEXT, locale, roles=("button",))
        self.final = ui.control(self.pane, L.CANCEL_NOW, locale, roles=("button",))

    def fill(self, reason: str | None) -> str:
        expect(self.pane).to_be_visible()
        self.cancel_now_radio.check()
        self.next.click()
        return ui.choose_reason(self.pane, L.REASON, self.locale, reason)
