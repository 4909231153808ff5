"""Page objects for Salesforce (Lightning, Setup, the Your Account app): locators by role and visible name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import ui
from flows.salesforce import labels as L
from flows.salesforce.deadline import DATE_TEXT
from flows.ui import Labels, expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Click = Callable[["Locator"], None]
SEPARATOR = r"\s*[:#]?\s*"
NUMBER = r"\d[\w-]{3,}"
CASE_VALUE = SEPARATOR + r"\d"
EMAIL = re.compile(r"\s*[(<]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)>]?")


def without_emails(text: str | None) -> str | None:
    """A contact as a name: other people's e-mail addresses stay out of the record (they are masked there)."""
    if text is None:
        return None
    return " ".join(EMAIL.sub("", text).split()).strip(" ,;-–—") or None


def _fields(page: Page, wanted: dict[str, Labels]) -> dict[str, str | None]:
    text = ui.page_text(page)
    return {key: ui.field_value(text, labels) for key, labels in wanted.items()}


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    text: str
    link: Locator


class LightningHome:
    """The Lightning header: the gear icon (a menu with Setup) and the App Launcher."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.gear = ui.control(page, L.GEAR, locale, roles=("button",))
        self.setup = page.get_by_role("menuitem", name=L.SETUP.pattern(locale)).filter(visible=True).first
        self.launcher = ui.control(page, L.APP_LAUNCHER, locale, roles=("button",))

    def open(self, base_url: str) -> None:
        self.page.goto(base_url)
        expect(self.gear).to_be_visible()

    def open_setup(self, click: Click) -> None:
        """Gear → Setup (a gear that goes straight to Setup is fine too)."""
        click(self.gear)
        quick_find = SetupPage(self.page, self.locale).quick_find
        expect(self.setup.or_(quick_find).first).to_be_visible()
        if self.setup.is_visible():
            click(self.setup)

    def open_app(self, labels: Labels, click: Click) -> None:
        """App Launcher → (search) → the app named by ``labels``."""
        click(self.launcher)
        pane = self.page.get_by_role("dialog").filter(visible=True).first
        expect(pane).to_be_visible()
        search = ui.by_roles(pane, ("searchbox", "textbox", "combobox"), L.APP_SEARCH, self.locale)
        if search.filter(visible=True).count():
            type_in(search.filter(visible=True).first, labels.for_locale(self.locale)[0])
        click(ui.control(pane, labels, self.locale, roles=("link", "button", "option", "menuitem")))


def type_in(box: Locator, text: str) -> None:
    """Type as a person does (key by key), so filters that listen to keys or input both see it."""
    box.fill("")
    box.press_sequentially(text)


class SetupPage:
    """Any Setup page: the Quick Find box filters the Setup tree."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.quick_find = (
            ui.by_roles(page, ("searchbox", "textbox", "combobox"), L.QUICK_FIND, locale).filter(visible=True).first
        )

    def wait(self) -> None:
        expect(self.quick_find).to_be_visible()

    def result(self, target: Labels) -> Locator:
        return ui.control(self.page, target, self.locale, roles=("link", "treeitem", "button"))

    def find(self, typed: str, target: Labels, click: Click) -> None:
        """Type ``typed`` in Quick Find and click the result named by ``target``."""
        self.wait()
        type_in(self.quick_find, typed)
        click(self.result(target))

    def find_or_launch(self, target: Labels, click: Click) -> None:
        """Quick Find the app; when Quick Find does not list it, open it from the App Launcher instead."""
        self.wait()
        type_in(self.quick_find, target.for_locale(self.locale)[0])
        try:
            expect(self.result(target)).to_be_visible()
        except AssertionError:
            LightningHome(self.page, self.locale).open_app(target, click)
            return
        click(self.result(target))


class DataExportPage:
    """Setup › Data Export, and its Export Now form (encoding, checkboxes, Start Export)."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.DATA_EXPORT_HEADING, locale)
        self.export_now = ui.control(page, L.EXPORT_NOW, locale, roles=("button", "link"))
        self.schedule = ui.control(page, L.SCHEDULE_EXPORT, locale, roles=("button", "link"))
        self.start = ui.control(page, L.START_EXPORT, locale, roles=("button",))
        self.encoding = page.get_by_label(L.ENCODING.pattern(locale)).filter(visible=True).first

    def availability(self) -> tuple[bool, str | None, str | None]:
        """(Export Now can be pressed, the last export as shown, the next possible export as shown)."""
        expect(self.heading).to_be_visible()
        expect(self.export_now.or_(self.schedule).first).to_be_visible()
        facts = _fields(self.page, {"last": L.LAST_EXPORT, "next": L.NEXT_EXPORT})
        available = self.export_now.is_visible() and self.export_now.is_enabled()
        return available, facts["last"], facts["next"]

    def fill(self, click: Click) -> dict[str, str | bool]:
        """Export Now → UTF-8 encoding where offered, every "include" box, and Include all data."""
        click(self.export_now)
        expect(self.start).to_be_visible()
        self.page.wait_for_load_state()
        chosen: dict[str, str | bool] = {"export_encoding": self._utf8()}
        for key, labels, required in (
            ("export_images", L.INCLUDE_IMAGES, True),
            ("export_files", L.INCLUDE_FILES, False),
            ("export_replace_cr", L.REPLACE_CR, False),
            ("export_all_data", L.INCLUDE_ALL, True),
        ):
            box = self.page.get_by_role("checkbox", name=labels.pattern(self.locale)).filter(visible=True).first
            if required or box.is_visible():  # older orgs lack the Files box; the others are the backup itself
                box.check()
            chosen[key] = box.is_visible() and box.is_checked()
        return chosen

    def _utf8(self) -> str:
        if not self.encoding.is_visible() or self.encoding.evaluate("e => e.tagName.toLowerCase()") != "select":
            return ""
        names: list[str] = self.encoding.evaluate("e => Array.from(e.options).map(o => o.textContent.trim())")
        utf8 = next((n for n in names if "UTF-8" in n.upper()), "")
        if utf8:
            self.encoding.select_option(label=utf8)
        return str(self.encoding.evaluate("e => e.options[e.selectedIndex].textContent.trim()"))

    def status(self) -> str:
        """The portal's notice after Start Export (queued…), if the page shows one now."""
        self.page.wait_for_load_state()
        notice = self.page.get_by_role("status").filter(visible=True)
        return " ".join(notice.first.inner_text().split()) if notice.count() else ""


class ItemList:
    """A list of contracts or subscriptions (a table, a list or cards), each with a link and a status."""

    def __init__(self, page: Page, locale: str, heading: Labels | None, what: str) -> None:
        self.page = page
        self.locale = locale
        self.what = what
        self.heading = ui.heading(page, heading, locale) if heading else None
        self.items = (
            page.get_by_role("row")
            .or_(page.get_by_role("listitem"))
            .or_(page.get_by_role("article"))
            .filter(has=page.get_by_role("link"))
            .filter(visible=True)
        )

    def entries(self) -> list[Entry]:
        if self.heading is not None:
            expect(self.heading).to_be_visible()
        expect(self.items.first).to_be_visible()
        self.page.wait_for_load_state()
        statuses = ui.contains_pattern(
            (
                *L.ACTIVE.for_locale(self.locale),
                *L.CANCELLED.for_locale(self.locale),
                *L.NOT_RENEWING.for_locale(self.locale),
            )
        )
        found: list[Entry] = []
        for item in self.items.all():
            text = " ".join(item.inner_text().split())
            status = statuses.search(text)
            if not status:
                continue
            link = item.get_by_role("link").first
            name = " ".join(link.inner_text().split())
            if name and name not in (e.name for e in found):
                found.append(Entry(name, status.group(0), text, link))
        if not found:
            msg = f"no {self.what} with a status was found in the list"
            raise LookupError(msg)
        return found

    def choose(self, wanted: str | None) -> Entry:
        """The named entry (by its link, or a product named in its row), or the only active one.

        Raises:
            UsageError: nothing matches the name, or several are active and none was named.
        """
        return ui.choose_entry(self.entries(), wanted, L.ACTIVE.pattern(self.locale), self.what, lambda e: e.text)


class YourAccount:
    """The Your Account app: Contracts for a contracted edition, the subscription for a monthly one."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.YOUR_ACCOUNT, locale)
        self.contracts = ui.control(page, L.CONTRACTS, locale, roles=("tab", "link", "button"))
        self.subscriptions = ui.heading(page, L.SUBSCRIPTIONS, locale)
        self.subscriptions_tab = ui.control(page, L.SUBSCRIPTIONS, locale, roles=("tab", "link"))

    def edition_type(self) -> str:
        """ "contracted" when the app offers Contracts, "monthly" when it shows subscriptions instead."""
        expect(self.contracts.or_(self.subscriptions).or_(self.subscriptions_tab).first).to_be_visible()
        self.page.wait_for_load_state()
        return "contracted" if self.contracts.is_visible() else "monthly"

    def contract_list(self, click: Click) -> ItemList:
        click(self.contracts)
        return ItemList(self.page, self.locale, L.CONTRACTS, "contract")

    def subscription_list(self, click: Click) -> ItemList:
        if not self.subscriptions.is_visible():
            click(self.subscriptions_tab)
            return ItemList(self.page, self.locale, L.SUBSCRIPTIONS, "subscription")
        return ItemList(self.page, self.locale, None, "subscription")


class ContractPage:
    """A contract's page, and its Manage Renewals screen (a page or a pane)."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.name = page.get_by_text(name).filter(visible=True).first
        self.manage = ui.control(page, L.MANAGE_RENEWALS, locale, roles=("button", "link"))
        self.renewals = ui.heading(page, L.MANAGE_RENEWALS, locale)
        self.authorized = (
            page.get_by_role("checkbox", name=ui.contains_pattern(L.AUTHORIZED_PHRASES)).filter(visible=True).first
        )
        self.dont_renew = ui.control(page, L.DONT_RENEW, locale, roles=("button",))

    WANTED: dict[str, Labels] = {  # noqa: RUF012 - read-only table of the facts on these screens
        "edition": L.PRODUCTS,
        "status": L.STATUS,
        "contract_end_shown": L.CONTRACT_END,
        "renewal_type": L.RENEWAL_TYPE,
        "renewal_status": L.RENEWAL_STATUS,
        "billing_contact": L.BILLING_CONTACT,
        "account_executive": L.ACCOUNT_EXECUTIVE,
    }

    def facts(self, click: Click) -> dict[str, str | None]:
        """What the contract page and then Manage Renewals show (Manage Renewals wins where both do)."""
        expect(self.manage.or_(self.renewals).first).to_be_visible()
        facts = _fields(self.page, self.WANTED)
        if not self.renewals.is_visible():
            click(self.manage)
        expect(self.renewals).to_be_visible()
        for key, value in _fields(self.page, self.WANTED).items():
            if value is not None:
                facts[key] = value
        for key in ("billing_contact", "account_executive"):
            facts[key] = without_emails(facts[key])
        return facts

    def authorize(self) -> None:
        expect(self.renewals).to_be_visible()
        self.authorized.check()

    def confirmation(self) -> tuple[str, str, str]:
        """After Don't Renew: (the vendor's words, the case number, the date service ends as shown)."""
        case = re.compile(
            ui.contains_pattern(L.CASE_NUMBER.for_locale(self.locale)).pattern + CASE_VALUE, re.IGNORECASE
        )
        expect(self.page.get_by_text(case).filter(visible=True).first).to_be_visible()
        self.page.wait_for_load_state()
        return _confirmation(self.page, self.locale)


def _after(text: str, labels: Labels, value: str) -> str:
    """The value (a regex) that follows one of ``labels`` in ``text`` ("Case number: 00123", "ends on May 3")."""
    found = re.search(
        ui.contains_pattern((*labels.en, *labels.fr)).pattern + rf"{SEPARATOR}({value})", text, re.IGNORECASE
    )
    return found.group(1).strip() if found else ""


def _confirmation(page: Page, locale: str) -> tuple[str, str, str]:
    text = ui.page_text(page)
    notice = page.get_by_role("status").or_(page.get_by_role("alert")).filter(visible=True)
    words = " ".join(notice.first.inner_text().split()) if notice.count() else ""
    case = _after(words, L.CASE_NUMBER, NUMBER) or _after(text, L.CASE_NUMBER, NUMBER)
    ends = _after(words, L.SERVICE_ENDS, DATE_TEXT.pattern) or _after(text, L.SERVICE_ENDS, DATE_TEXT.pattern)
    return words, case, ends


class SubscriptionPage:
    """A monthly edition's subscription page, with Cancel Subscription at the bottom."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = page.get_by_role("heading", name=ui.contains_pattern([name])).filter(visible=True).first
        self.cancel = ui.control(page, L.CANCEL_SUBSCRIPTION, locale, roles=("button", "link"))

    def facts(self) -> dict[str, str | None]:
        expect(self.heading).to_be_visible()
        facts = _fields(
            self.page,
            {
                "edition": L.PRODUCTS,
                "status": L.STATUS,
                "next_billing_date": L.NEXT_BILLING,
                "billing_frequency": L.BILLING_FREQUENCY,
            },
        )
        facts["billing_contact"] = without_emails(ui.field_value(ui.page_text(self.page), L.BILLING_CONTACT))
        return facts

    def confirmation(self) -> tuple[str, str, str]:
        """After the final Cancel Subscription: (the vendor's words, a reference if shown, the end date)."""
        cancelled = ui.contains_pattern(L.CANCELLED.for_locale(self.locale))
        expect(self.page.get_by_text(cancelled).filter(visible=True).first).to_be_visible()
        self.page.wait_for_load_state()
        return _confirmation(self.page, self.locale)


class CancelPane:
    """The pane Cancel Subscription opens: a reason (required), then the final Cancel Subscription."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.pane = ui.dialog(page, L.CANCEL_PANE, locale)
        self.title = self.pane.get_by_role("heading", name=L.CANCEL_PANE.pattern(locale)).first
        self.final = ui.control(self.pane, L.CANCEL_SUBSCRIPTION, locale, roles=("button",))

    def fill(self, reason: str | None) -> str:
        expect(self.pane).to_be_visible()
        return ui.choose_reason(self.pane, L.REASON, self.locale, reason)
