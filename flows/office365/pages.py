"""Page objects for the Microsoft 365 admin center: home, the list of products, a subscription's details.

Locators by role and visible name only (labels.py). The layout (PORTALS.md) is recognised from what the
screen shows: row "More actions" buttons on the list (2021–22), a "More actions" menu instead of a
"Cancel subscription" button on the details page (classic), a "Billing settings" section (current MCA)
or "Subscription and payment settings" (current MOSA). The cancel panes are in :mod:`panes`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flows import ui
from flows.office365 import labels as L
from flows.ui import expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Click = Callable[["Locator"], None]

DATE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}(?:er)? [A-Za-zéûÉÛ]+\.? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
)
EN_MONTHS = "january february march april may june july august september october november december"
MONTHS = {name: i for names in (EN_MONTHS.split(), ui.MONTHS_FR) for i, name in enumerate(names, 1)}


class Layout(enum.StrEnum):
    """The admin center layouts of PORTALS.md, as recorded in the evidence."""

    CURRENT_MOSA = "current (MOSA)"
    CURRENT_MCA = "current (MCA)"
    PRODUCTS_2021 = "2021-22"
    CLASSIC = "classic"


def parse_day(text: str | None, locale: str = "en") -> date | None:
    """The first date in ``text`` ("March 5, 2026", "5 mars 2026", "2026-03-05", "3/5/2026"), or None."""
    found = DATE.search(text or "")
    if not found:
        return None
    s = found.group(0).replace(".", "").replace("er ", " ")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s):
            a, b = int(m[1]), int(m[2])
            day, month = (a, b) if locale.startswith("fr") else (b, a)
            return date(int(m[3]), month, day)
        if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2}), (\d{4})", s):
            return _named(m[1], int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2}) (\S+) (\d{4})", s):
            return _named(m[2], int(m[1]), int(m[3]))
    except ValueError:
        return None
    return None


def _named(month: str, day: int, year: int) -> date | None:
    key = month.casefold()
    number = MONTHS.get(key) or next((n for name, n in MONTHS.items() if len(key) >= 3 and name.startswith(key)), None)
    return date(year, number, day) if number else None


def statuses(locale: str) -> re.Pattern[str]:
    return ui.contains_pattern((*L.ACTIVE.for_locale(locale), *L.CANCELLED_STATUSES.for_locale(locale)))


def label_pattern(labels: ui.Labels, locale: str) -> re.Pattern[str]:
    """A label at the start of a text, alone or followed by a colon ("Status", "Status: Active")."""
    names = "|".join(r"\s+".join(map(re.escape, n.split())) for n in labels.for_locale(locale))
    return re.compile(rf"^\s*(?:{names})\s*(?::|$)", re.IGNORECASE)


def content(page: Page) -> Locator:
    """The main region when the page marks one, else the whole body (to keep navigation out of lists)."""
    main = page.get_by_role("main")
    return main.first if main.count() else page.locator("body")


class AdminHome:
    """The admin center home, or the older Office 365 home whose app launcher leads to Admin."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.billing = ui.control(page, L.BILLING, locale)
        self.show_all = ui.control(page, L.SHOW_ALL, locale)
        self.your_products = ui.control(page, L.YOUR_PRODUCTS, locale)
        self.launcher = ui.control(page, L.APP_LAUNCHER, locale, roles=("button", "link"))
        self.admin = ui.control(page, L.ADMIN, locale, roles=("menuitem", "link"))
        self.nav = self.billing.or_(self.show_all).or_(self.your_products).first

    def open(self, base_url: str, click: Click) -> None:
        self.page.goto(base_url)
        expect(self.nav.or_(self.launcher).first).to_be_visible()
        if not self.nav.is_visible():  # the older home: app launcher → Admin
            click(self.launcher)
            click(self.admin)
            expect(self.nav).to_be_visible()

    def role(self) -> str | None:
        return ui.field_value(ui.page_text(self.page), L.ROLE)

    def go_to_products(self, click: Click) -> None:
        """Billing › Your products (Subscriptions in the simplified view and the classic layout)."""
        if not self.your_products.is_visible():
            if not self.billing.is_visible() and self.show_all.is_visible():
                click(self.show_all)
            click(self.billing)
        click(self.your_products)


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    link: Locator | None  # the name's link or button (current, classic); None when the row has only a menu
    menu: bool  # the row has its own More actions button (2021–22)
    facts: str  # "Header: cell" lines of the row, for the facts of the 2021–22 layout


ROW_FACTS_JS = """
r => {
  const t = r.closest('table, [role=table], [role=grid], [role=treegrid]');
  if (!t) return '';
  const heads = Array.from(t.querySelectorAll('thead th, [role=columnheader]')).map(h => h.innerText.trim());
  const cells = Array.from(r.children).map(c => c.innerText.trim());
  if (heads.length !== cells.length) return '';
  return heads.map((h, i) => (h && cells[i] ? h + ': ' + cells[i] : '')).filter(Boolean).join('\\n');
}
"""


class ProductsPage:
    """Billing › Your products (or Subscriptions): a table, a grid or cards, one per subscription."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.YOUR_PRODUCTS, locale)
        self.products_tab = page.get_by_role("tab", name=L.PRODUCTS_TAB.pattern(locale)).filter(visible=True).first
        self.status_re = statuses(locale)
        # a row's text runs its cells together ("Active12/20"): the filter cannot ask for word boundaries
        self.loose_status_re = re.compile(
            self.status_re.pattern.replace(r"(?<!\w)", "").replace(r"(?!\w)", ""), re.IGNORECASE
        )

    def items(self) -> Locator:
        scope = content(self.page)
        return (
            scope.get_by_role("row")
            .or_(scope.get_by_role("listitem"))
            .or_(scope.get_by_role("article"))
            .filter(has_text=self.loose_status_re)
            .filter(visible=True)
        )

    def open_list(self, click: Click) -> bool:
        """Wait for the list (choosing the Products tab when there is one); True for the 2021–22 layout."""
        expect(self.heading.or_(self.products_tab).or_(self.items().first).first).to_be_visible()
        tabs = self.products_tab.is_visible()
        if tabs and self.products_tab.get_attribute("aria-selected") != "true":
            click(self.products_tab)
        expect(self.items().first).to_be_visible()
        return tabs or any(e.menu for e in self.entries())

    def entries(self) -> list[Entry]:
        """Every subscription the list shows, with the status text beside it."""
        items = self.items()
        expect(items.first).to_be_visible()
        found: list[Entry] = []
        for item in items.all():
            if item.evaluate("e => !!e.closest('nav, [role=navigation]')"):
                continue
            facts = str(item.evaluate(ROW_FACTS_JS))
            status = ui.field_value(facts, L.STATUS) or ui.field_value(item.inner_text(), L.STATUS) or ""
            match = self.status_re.search(status) or self.status_re.search(item.inner_text())
            name = self._name(item)
            if not match or not name or name in (e.name for e in found):
                continue
            link = item.get_by_role("link", name=ui.name_pattern([name])).or_(
                item.get_by_role("button", name=ui.name_pattern([name]))
            )
            more = ui.by_roles(item, ("button",), L.MORE_ACTIONS, self.locale)
            found.append(Entry(name, match.group(0), link.first if link.count() else None, more.count() > 0, facts))
        if not found:
            msg = "no subscription with a status was found in the list"
            raise LookupError(msg)
        return found

    def _name(self, item: Locator) -> str:
        """The subscription's name: the row header, the link, a heading, or the first cell with words."""
        for candidates in (
            item.get_by_role("rowheader"),
            item.get_by_role("link"),
            item.get_by_role("heading"),
            item.get_by_role("cell"),
            item.get_by_role("gridcell"),
        ):
            for text in candidates.all_inner_texts():
                text = " ".join(text.split())
                if any(ch.isalpha() for ch in text) and not self.status_re.fullmatch(text):
                    return text
        return ""

    def choose(self, wanted: str | None) -> Entry:
        """The subscription to cancel: the named one, or the only active one.

        Raises:
            UsageError: the name is not listed, or several are active and none was named.
        """
        return ui.choose_entry(self.entries(), wanted, L.ACTIVE.pattern(self.locale))

    def row(self, name: str) -> Locator:
        """The row (or card) of the subscription named ``name``."""
        return self.items().filter(has=self.page.get_by_text(ui.name_pattern([name]))).first

    def open_menu(self, name: str, click: Click) -> Locator:
        """Open the row's More actions (⋯) menu and return it."""
        row = self.row(name)
        click(ui.control(row, L.MORE_ACTIONS, self.locale, roles=("button",)))
        return open_menu(self.page, self.locale)


def open_menu(page: Page, locale: str) -> Locator:
    """The menu a More actions button just opened (the page itself when the portal shows no menu role)."""
    menu = page.get_by_role("menu").filter(visible=True).first
    item = ui.control(page, L.CANCEL_SUBSCRIPTION, locale, roles=("menuitem", "link", "button"))
    expect(menu.or_(item).first).to_be_visible()
    return menu if menu.is_visible() else page.locator("body")


def facts_from(text: str) -> dict[str, str | int | None]:
    """The facts a person reads on the details page (or in a 2021–22 row)."""
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
        "expires_on": _expires_on(text),
    }


def _expires_on(text: str) -> str | None:
    """The date after "Expires on" (recurring billing is off), if the page says so."""
    expires = ui.contains_pattern((*L.EXPIRES_ON.en, *L.EXPIRES_ON.fr))
    found = re.compile(expires.pattern + r"\s*:?\s*(" + DATE.pattern + ")", re.IGNORECASE).search(text)
    return found.group(1) if found else None


class DetailsPage:
    """A subscription's page (current and classic layouts)."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = page.get_by_role("heading", name=ui.name_pattern([name])).filter(visible=True).first
        self.status_label = page.get_by_text(label_pattern(L.STATUS, locale)).filter(visible=True).first
        self.cancel = ui.control(page, L.CANCEL_SUBSCRIPTION, locale)
        self.more = ui.control(page, L.MORE_ACTIONS, locale, roles=("button",))
        self.recurring = ui.control(page, L.EDIT_RECURRING, locale, roles=("button", "link"))
        self.mca_section = ui.heading(page, L.MCA_SECTION, locale)
        self.mosa_section = ui.heading(page, L.MOSA_SECTION, locale)

    def facts(self) -> dict[str, str | int | None]:
        expect(self.heading).to_be_visible()
        expect(self.status_label).to_be_visible()
        return facts_from(ui.page_text(self.page))

    def layout(self, account_type: str | None, wait: bool = True) -> Layout | None:
        """Which layout this page is: wait for a way to cancel, then look at what is there.

        Without ``wait`` (a subscription that is no longer active shows no way to cancel) the answer is
        None when nothing on the page tells.
        """
        if wait:
            expect(self.cancel.or_(self.more).or_(self.recurring).first).to_be_visible()
        if self.more.is_visible() and not self.cancel.is_visible():
            return Layout.CLASSIC
        if self.mca_section.is_visible() or ui.contains_pattern((*L.MCA.en, *L.MCA.fr)).search(account_type or ""):
            return Layout.CURRENT_MCA
        if wait or self.mosa_section.is_visible():
            return Layout.CURRENT_MOSA
        return None

    def open_menu(self, click: Click) -> Locator:
        click(self.more)
        return open_menu(self.page, self.locale)
