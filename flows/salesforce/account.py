"""Page objects for Salesforce's Your Account app: contracts, Manage Renewals, a monthly subscription."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import ui
from flows.dates import DATE
from flows.salesforce import labels as L
from flows.salesforce.pages import fields, said
from flows.ui import Click, Labels, expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

SEPARATOR = r"\s*[:#]?\s*"
NUMBER = r"\d[\w-]{3,}"
CASE_VALUE = SEPARATOR + r"\d"
EMAIL = re.compile(r"\s*[(<]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)>]?")


def without_emails(text: str | None) -> str | None:
    """A contact as a name: other people's e-mail addresses stay out of the record (they are masked there)."""
    if text is None:
        return None
    return " ".join(EMAIL.sub("", text).split()).strip(" ,;-–—") or None


@dataclass(frozen=True)
class Entry:
    """A row of a list: its name, its status, its text, and how to open it (a link, or its row's actions menu)."""

    name: str
    status: str
    text: str
    link: Locator | None
    actions: Locator | None = None


class ItemList:
    """A list of contracts or subscriptions (a table, a list or cards), each with a status and a way in.

    The way in is a link, or, where the row has none, its actions button ("Show actions for contract
    00012345": a name that carries the row's data) whose menu has View Contract.
    """

    def __init__(self, page: Page, locale: str, heading: Labels | None, what: str) -> None:
        self.page = page
        self.locale = locale
        self.what = what
        self.heading = ui.heading(page, heading, locale) if heading else None
        self.actions = L.ROW_ACTIONS.pattern(locale)
        way_in = page.get_by_role("link").or_(page.get_by_role("button", name=self.actions))
        self.items = (
            page.get_by_role("row")
            .or_(page.get_by_role("listitem"))
            .or_(page.get_by_role("article"))
            .filter(has=way_in)
            .filter(visible=True)
        )

    def entries(self) -> list[Entry]:
        if self.heading is not None:
            expect(self.heading).to_be_visible()
        self.page.wait_for_load_state()
        ui.wait_shown(self.items.first, "the list's rows", busy_ok=True)  # still loading at the bound: read them
        statuses = (L.ACTIVE + L.CANCELLED + L.NOT_RENEWING).anywhere(self.locale)
        found: list[Entry] = []
        # one by one, in Playwright's own world: all_inner_texts() or evaluate_all() would run in the page's, whose
        # first question in a new document costs 20-30 ms, more than these few reads (docs/architecture.md)
        for item in self.items.all():
            text = " ".join(item.inner_text().split())
            status = statuses.search(text)
            if not status:
                continue
            links = item.get_by_role("link")
            if links.count():
                link, actions = links.first, None
                name = " ".join(link.inner_text().split())
            else:
                link, actions = None, item.get_by_role("button", name=self.actions).first
                name = _first_cell(item)
            if name and name not in (e.name for e in found):
                found.append(Entry(name, status.group(0), text, link, actions))
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


def _first_cell(item: Locator) -> str:
    """A row's name when it has no link: its first cell (a table), else its first line (a list or a card)."""
    cells = item.get_by_role("rowheader").or_(item.get_by_role("cell"))
    text = cells.first.inner_text() if cells.count() else item.inner_text()
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


class YourAccount:
    """The Your Account app: Contracts for a contracted edition, the subscription for a monthly one."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, L.YOUR_ACCOUNT, locale)
        self.contracts = ui.control(page, L.CONTRACTS, locale, roles=("tab", "link", "button"))
        self.subscriptions = ui.heading(page, L.SUBSCRIPTIONS, locale)
        self.subscriptions_tab = ui.control(page, L.SUBSCRIPTIONS, locale, roles=("tab", "link"))

    def edition_type(self, advice: str) -> str:
        """ "contracted" when the app offers Contracts; "monthly" when it shows the subscriptions, or
        "monthly-tab" when they are behind a Subscriptions tab.

        Raises:
            BlockedByRule: the app shows neither, and says why (the Manage Billing permission is missing).
        """
        shown = {"contracted": self.contracts, "monthly": self.subscriptions, "monthly-tab": self.subscriptions_tab}
        what = "the Your Account app (Contracts, or the subscriptions)"
        usable = {key: ui.usable(loc) for key, loc in shown.items()}
        why = said(self.page, L.NO_BILLING_PERMISSION)
        found = ui.decide(self.page, {**usable, "why": why}, what=what)  # the app, or the sentence saying why not
        if found != "why":
            return found
        ui.go_on(self.page, ui.one_of(*shown.values()), L.NO_BILLING_PERMISSION, advice=advice)  # blocked, quoting it
        return ui.decide(self.page, shown, what=what)

    def contract_list(self, click: Click) -> ItemList:
        click(self.contracts)
        return ItemList(self.page, self.locale, L.CONTRACTS, "contract")

    def subscription_list(self, click: Click, shown: str) -> ItemList:
        if shown == "monthly-tab":
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
        self.pane = ui.dialog(page, L.MANAGE_RENEWALS, locale)
        self.authorized = ui.control(page, L.AUTHORIZED, locale, roles=("checkbox",))
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

    def screen(self) -> str:
        """Where the contract opened: "renewals" (straight on Manage Renewals) or "contract" (its page)."""
        return ui.decide(
            self.page,
            {"renewals": self.renewals, "contract": self.manage},
            what="the contract (Manage Renewals)",
        )

    def renewals_screen(self) -> str:
        """Manage Renewals as a "pane" over the contract, or a "page" of its own."""
        return ui.decide(self.page, {"pane": self.pane, "page": self.renewals}, what="Manage Renewals")

    def facts(self, scope: str = "page") -> dict[str, str | None]:
        """What the screen shows (``scope`` "pane": only what the Manage Renewals pane shows)."""
        text = self.pane.inner_text() if scope == "pane" else ui.page_text(self.page)
        found = {key: ui.field_value(text, labels) for key, labels in self.WANTED.items()}
        if not found["account_executive"]:  # "Signed through: Account executive (Jamie Chen)"
            found["account_executive"] = _named(ui.field_value(text, L.SIGNED_THROUGH), L.ACCOUNT_EXECUTIVE)
        for key in ("billing_contact", "account_executive"):
            found[key] = without_emails(found[key])
        return found

    def authorize(self, advice: str) -> None:
        """Tick "authorized to cancel, modify, and renew", and see Don't Renew enabled.

        Raises:
            BlockedByRule: the box or Don't Renew is disabled or left out, and the portal says why.
        """
        expect(self.renewals).to_be_visible()
        ui.go_on(self.page, self.authorized, L.NO_NOTICE_ONLINE, advice=advice).check()
        ui.go_on(self.page, self.dont_renew, L.NO_NOTICE_ONLINE, advice=advice)

    def confirmation(self) -> tuple[str, str, str]:
        """After Don't Renew: (the vendor's words, the case number, the date service ends as shown)."""
        case = re.compile(L.CASE_NUMBER.anywhere(self.locale).pattern + CASE_VALUE, re.IGNORECASE)
        expect(self.page.get_by_text(case).filter(visible=True).first).to_be_visible()
        self.page.wait_for_load_state()
        return _confirmation(self.page, self.locale)


def _named(text: str | None, labels: Labels) -> str | None:
    """Who ``text`` names after one of ``labels`` ("Account executive (Jamie Chen)" → "Jamie Chen"), if it says one."""
    found = re.search(labels.anywhere().pattern + r"\s*[(:–-]?\s*([^()]*)", text or "", re.IGNORECASE)
    if found is None:
        return None
    return found.group(1).strip() or str(text).strip()


def _after(text: str, labels: Labels, value: str) -> str:
    """The value (a regex) that follows one of ``labels`` in ``text`` ("Case number: 00123", "ends on May 3")."""
    found = re.search(labels.anywhere().pattern + rf"{SEPARATOR}({value})", text, re.IGNORECASE)
    return found.group(1).strip() if found else ""


def _confirmation(page: Page, locale: str) -> tuple[str, str, str]:
    text = ui.page_text(page)
    notice = page.get_by_role("status").or_(page.get_by_role("alert")).filter(visible=True)
    words = " ".join(notice.first.inner_text().split()) if notice.count() else ""
    case = _after(words, L.CASE_NUMBER, NUMBER) or _after(text, L.CASE_NUMBER, NUMBER)
    ends = _after(words, L.SERVICE_ENDS, DATE.pattern) or _after(text, L.SERVICE_ENDS, DATE.pattern)
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
        facts = fields(
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
        cancelled = L.CANCELLED.anywhere(self.locale)
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
        try:
            return ui.choose_reason(self.pane, L.REASON, self.locale, reason)
        except LookupError:  # radios named by their text alone, which ui.choose_reason does not read yet
            return self._pick_radio(reason)

    def _pick_radio(self, wanted: str | None) -> str:
        """The radio a person picks by its visible text: the one saying ``wanted``, else Other, else the first."""
        names = [" ".join(r.inner_text().split()) for r in self.pane.get_by_role("radio").all()]
        names = [n for n in names if n]
        if not names:
            msg = "no choice to pick from"
            raise LookupError(msg)
        said = [n for n in names if wanted and wanted.casefold() in n.casefold()]
        other = [n for n in names if wanted and n.casefold() in ("other", "autre", "something else", "autre chose")]
        pick = (said or other or names)[0]
        self.pane.get_by_role("radio", name=pick, exact=True).first.check()
        return pick
