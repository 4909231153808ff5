"""Page objects for the Microsoft 365 admin center: home, the list of products, a subscription's details.

Locators by role and visible name only (labels.py). Every choice between paths is made on the settled
screen (:func:`flows.ui.decide`): the home by its navigation (the app launcher is chrome, on every page);
the list by its Products tab or its rows' More actions buttons (2021–22) or links (current, classic); the
details page by its sections: "Subscription and payment settings" (current MOSA), "Billing settings"
(current MCA), a "More actions" menu (classic). The cancel panes are in :mod:`panes`, the facts in
:mod:`facts`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import ui
from flows.office365 import labels as L
from flows.office365.facts import facts_from
from runners.errors import UsageError

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = ["AdminHome", "DetailsPage", "Entry", "Layout", "ProductsPage", "facts_from"]


class Layout(enum.StrEnum):
    """The admin center layouts of docs/portals.md, as recorded in the evidence."""

    CURRENT_MOSA = "current (MOSA)"
    CURRENT_MCA = "current (MCA)"
    PRODUCTS_2021 = "2021-22"
    CLASSIC = "classic"


def statuses(locale: str) -> re.Pattern[str]:
    return (L.ACTIVE + L.CANCELLED_STATUSES).anywhere(locale)


def content(page: Page) -> Locator:
    """The main region when the page marks one, else the whole body (to keep navigation out of lists)."""
    main = page.get_by_role("main")
    return main.first if main.count() else page.locator("body")


def more_actions(scope: Page | Locator, locale: str) -> Locator:
    """Every More actions button in ``scope``: "More actions", "More actions for <product>", or a bare ⋯."""
    return ui.by_roles(scope, ("button",), L.MORE_ACTIONS, locale).or_(
        ui.by_roles(scope, ("button",), L.MORE_SYMBOL, locale)
    )


def is_free(name: str) -> bool:
    """A free product (Microsoft Entra ID Free…): listed, never a candidate for cancelling."""
    if L.FREE_PRODUCTS.found_in(name):
        return True
    ends_free = re.search(L.FREE_SUFFIX.anywhere().pattern + r"\s*$", name, re.IGNORECASE)
    return bool(ends_free) and not L.TRIAL.found_in(name)


class AdminHome:
    """The admin center home, or the older Office 365 home whose app launcher leads to Admin."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.billing = ui.control(page, L.BILLING, locale)
        self.show_all = ui.control(page, L.SHOW_ALL, locale)
        self.your_products = ui.control(page, L.YOUR_PRODUCTS, locale)
        self.launcher = ui.control(page, L.APP_LAUNCHER, locale, roles=("button", "link"))
        self.admin = ui.control(page, L.ADMIN, locale, roles=ui.ENTRY)
        self.nav = self.billing.or_(self.show_all).or_(self.your_products).first

    def open(self, base_url: str) -> str:
        """Go to the portal: "current" when the settled screen shows the navigation, else "older".

        The app launcher is chrome (on every page, drawn first): it is taken for the older home only once
        the screen has stopped loading and stayed still with no navigation.
        """
        self.page.goto(base_url)
        return ui.decide(
            self.page,
            {"current": self.nav},
            {"older": self.launcher},
            what="the admin center's navigation (or, on the older home, its app launcher)",
        )

    def after_launcher(self) -> str:
        """What the app launcher opened: its "admin" entry, or the navigation ("current") drawn meanwhile."""
        return ui.decide(self.page, {"current": self.nav, "admin": self.admin}, what="the app launcher's Admin entry")

    def admin_entry(self) -> Locator:
        return ui.entry(self.page, self.launcher, L.ADMIN, self.locale)

    def wait(self) -> None:
        """Wait for the admin center's navigation on a settled screen."""
        ui.decide(self.page, {"current": self.nav}, what="the admin center's navigation")

    def role(self) -> str | None:
        return ui.field_value(ui.page_text(self.page), L.ROLE)

    def go_to_products(self, click: ui.Click) -> None:
        """Billing › Your products (Subscriptions in the simplified view and the classic layout)."""
        shown = ui.decide(
            self.page,
            {"products": self.your_products, "billing": self.billing, "show_all": self.show_all},
            what="Billing in the navigation",
        )
        if shown == "show_all":
            click(self.show_all)
        if shown != "products":
            click(self.billing)
        click(self.your_products)


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    link: Locator | None  # the name's link or button (current, classic); None when the row has only a menu
    menu: bool  # the row has its own More actions button (2021–22)
    facts: str  # "Header: cell" lines of the row, for the facts of the 2021–22 layout
    free: bool = False  # a free product (Microsoft Entra ID Free): listed, never a candidate


# Every row at once (one question to the browser): inside the navigation?, "Header: cell" lines, its text.
ROWS_JS = """
rows => rows.map(r => {
  const nav = !!r.closest('nav, [role=navigation]');
  const t = r.closest('table, [role=table], [role=grid], [role=treegrid]');
  const heads = t ? Array.from(t.querySelectorAll('thead th, [role=columnheader]')).map(h => h.innerText.trim()) : [];
  const cells = Array.from(r.children).map(c => c.innerText.trim());
  const facts = t && heads.length === cells.length
    ? heads.map((h, i) => (h && cells[i] ? h + ': ' + cells[i] : '')).filter(Boolean).join('\\n') : '';
  return [nav, facts, r.innerText];
})
"""


class ProductsPage:
    """Billing › Your products (or Subscriptions): a table, a grid or cards, one per subscription."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
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

    def open_list(self, click: ui.Click) -> bool:
        """Wait for the list (choosing the Products tab when there is one); True for the 2021–22 layout."""
        items = self.items()
        shown = ui.decide(
            self.page,
            {
                "tab": self.products_tab,
                "menus": items.filter(has=more_actions(self.page, self.locale)).first,
                "links": items.filter(has=self.page.get_by_role("link")).first,
                "rows": items.first,
            },
            what="the list of subscriptions",
        )
        if shown == "tab":
            if self.products_tab.get_attribute("aria-selected") != "true":
                click(self.products_tab)
            ui.expect(self.items().first).to_be_visible()
            return True
        return shown == "menus" or (shown == "rows" and any(e.menu for e in self.entries()))

    def entries(self) -> list[Entry]:
        """Every subscription the list shows, with the status text beside it."""
        items = self.items()
        ui.expect(items.first).to_be_visible()
        found: list[Entry] = []
        for i, (in_nav, facts, text) in enumerate(items.evaluate_all(ROWS_JS)):
            if in_nav:
                continue
            item = items.nth(i)
            status = ui.field_value(facts, L.STATUS) or ui.field_value(text, L.STATUS) or ""
            match = self.status_re.search(status) or self.status_re.search(text)
            name = self._name(item)
            if not match or not name or name in (e.name for e in found):
                continue
            link = item.get_by_role("link", name=ui.contains_pattern([name])).or_(
                item.get_by_role("button", name=ui.name_pattern([name]))
            )
            menu = more_actions(item, self.locale).count() > 0
            entry = Entry(name, match.group(0), link.first if link.count() else None, menu, facts, is_free(name))
            found.append(entry)
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
                first = next((ln for ln in text.splitlines() if ln.strip()), "")  # not a note drawn below it
                first = " ".join(first.split()).removesuffix("↗").strip()
                if any(ch.isalpha() for ch in first) and not self.status_re.fullmatch(first):
                    return first
        return ""

    def choose(self, wanted: str | None) -> Entry:
        """The subscription to cancel: the named one, or the only active one; free products never.

        Raises:
            UsageError: the name is not listed or is a free product, or several are active and none was named.
        """
        entries = self.entries()
        free = [e for e in entries if e.free]
        key = " ".join((wanted or "").split()).casefold()
        named = next((e for e in free if " ".join(e.name.split()).casefold() == key), None)
        if named is not None:
            msg = f"{named.name} is a free product: there is nothing to cancel"
            raise UsageError(msg)
        candidates = [e for e in entries if not e.free]
        if not candidates:
            names = ", ".join(e.name for e in free)
            msg = f"no subscription to cancel: the portal lists only free products ({names})"
            raise UsageError(msg)
        return ui.choose_entry(candidates, wanted, L.ACTIVE.pattern(self.locale))

    def row(self, name: str) -> Locator:
        """The row (or card) of the subscription named ``name``."""
        return self.items().filter(has=self.page.get_by_text(ui.name_pattern([name]))).first

    def more(self, name: str) -> Locator:
        """The row's own More actions (⋯) button (2021–22)."""
        return more_actions(self.row(name), self.locale).filter(visible=True).first


class DetailsPage:
    """A subscription's page (current and classic layouts)."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = page.get_by_role("heading", name=ui.name_pattern([name])).filter(visible=True).first
        self.status_label = page.get_by_text(L.STATUS.field(locale)).filter(visible=True).first
        self.cancel = ui.control(page, L.CANCEL_SUBSCRIPTION, locale)
        self.more = more_actions(page, locale).filter(visible=True).first
        self.recurring = ui.control(page, L.EDIT_RECURRING, locale, roles=("button", "link"))
        self.mca_section = ui.heading(page, L.MCA_SECTION, locale)
        self.mosa_section = ui.heading(page, L.MOSA_SECTION, locale)
        self.settings = ui.heading(page, L.SETTINGS_ACTIONS, locale)
        self.why = page.get_by_text(L.CANNOT_CANCEL.anywhere()).filter(visible=True).first

    def facts(self) -> dict[str, str | int | None]:
        ui.expect(self.heading).to_be_visible()
        ui.expect(self.status_label).to_be_visible()
        return facts_from(ui.page_text(self.page))

    def actions(self) -> str:
        """What the settled page shows to cancel with: its section, its controls, or why there are none.

        A sentence saying why the subscription cannot be cancelled online also tells (the control may be
        missing); "Settings & Actions" (older pages) is a current page unless it holds a More actions menu.
        """
        return ui.decide(
            self.page,
            {
                "mca": self.mca_section,
                "mosa": self.mosa_section,
                "cancel": self.cancel,
                "more": self.more,
                "recurring": self.recurring,
                "why": self.why,
                "settings": self.settings,
            },
            what="the subscription's cancel actions (Cancel subscription, More actions)",
        )

    @staticmethod
    def layout(shown: str, account_type: str | None) -> Layout:
        """The layout that what :meth:`actions` saw stands for."""
        if shown == "more":
            return Layout.CLASSIC
        if shown == "mca" or (shown != "mosa" and L.MCA.found_in(account_type)):
            return Layout.CURRENT_MCA
        return Layout.CURRENT_MOSA
