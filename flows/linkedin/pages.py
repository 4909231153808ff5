"""Page objects for LinkedIn and Sales Navigator: a class per screen, locators by role and visible name.

Two documented paths lead to the same cancellation (PORTALS.md): the current one through the Admin
Center, and the legacy Sales Navigator settings (reason survey, retention offer). Which one a portal
shows is read from the screen, never assumed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flows import ui
from flows.linkedin import labels as L
from flows.ui import expect
from runners.errors import UsageError

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Click = Callable[["Locator"], None]

DATE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}(?:er)? [A-Za-zéûÉ]+\.? \d{4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/\d{4})"
)
CURRENT, LEGACY = "current", "legacy"


def one_of(*locators: Locator) -> Locator:
    """Any of several screens' landmarks, to wait for whichever appears first."""
    found = locators[0]
    for loc in locators[1:]:
        found = found.or_(loc)
    return found.first


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


class Home:
    """LinkedIn (or Sales Navigator) home and its account menu ("Me", French "Vous")."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.me = ui.control(page, L.ME, locale, roles=("button", "link"))
        popup = page.get_by_role("menu").or_(page.get_by_role("dialog")).filter(visible=True).first
        self.premium = ui.control(popup, L.PREMIUM_FEATURES, locale)
        self.settings_privacy = ui.control(popup, L.SETTINGS_PRIVACY, locale)
        self.subscriptions = ui.control(popup, L.SUBSCRIPTIONS_PAYMENTS, locale)
        self.settings = ui.control(popup, L.SETTINGS, locale)

    def open(self, base_url: str) -> None:
        self.page.goto(base_url)
        expect(self.me).to_be_visible()

    def open_menu(self, click: Click) -> str:
        """Open the account menu; the entries it shows tell the layout (current or legacy)."""
        click(self.me)
        expect(one_of(self.premium, self.subscriptions, self.settings_privacy, self.settings)).to_be_visible()
        if self.premium.is_visible() or self.subscriptions.is_visible() or self.settings_privacy.is_visible():
            return CURRENT
        return LEGACY

    def go_to_subscription_settings(self, layout: str, click: Click) -> None:
        """Current: Premium features (or Settings & Privacy › Subscriptions & payments) → Manage subscription
        → Admin Center. Legacy: Settings."""
        if layout == LEGACY:
            click(self.settings)
            return
        if self.premium.is_visible():
            click(self.premium)
        elif self.subscriptions.is_visible():
            click(self.subscriptions)
        else:
            click(self.settings_privacy)
            subscriptions = ui.control(self.page, L.SUBSCRIPTIONS_PAYMENTS, self.locale)
            preferences = ui.control(self.page, L.ACCOUNT_PREFERENCES, self.locale)
            expect(one_of(subscriptions, preferences)).to_be_visible()
            if not subscriptions.is_visible():
                click(preferences)
            click(subscriptions)
        manage = ui.control(self.page, L.MANAGE_SUBSCRIPTION, self.locale)
        click(manage)
        purchases = ui.control(self.page, L.PURCHASES, self.locale)
        admin = ui.control(self.page, L.ADMIN_CENTER, self.locale, roles=("link", "button", "menuitem"))
        expect(one_of(purchases, admin)).to_be_visible()
        if not purchases.is_visible():
            click(admin)
        expect(purchases).to_be_visible()


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    link: Locator


class Purchases:
    """Admin Center › Purchases, tab Active: the subscriptions, as a table, a list or cards."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.purchases = ui.control(page, L.PURCHASES, locale)
        self.active_tab = ui.control(page, L.ACTIVE_TAB, locale, roles=("tab", "link", "button"))
        self.items = (
            page.get_by_role("row")
            .or_(page.get_by_role("listitem"))
            .or_(page.get_by_role("article"))
            .filter(has=page.get_by_role("link").or_(page.get_by_role("button")))
            .filter(visible=True)
        )

    def open(self, click: Click) -> None:
        click(self.purchases)
        expect(self.active_tab).to_be_visible()
        if self.active_tab.get_attribute("aria-selected") != "true":
            click(self.active_tab)
        expect(self.items.first).to_be_visible()

    def entries(self) -> list[Entry]:
        statuses = ui.contains_pattern(
            (*L.ACTIVE.for_locale(self.locale), *L.CANCELLED_STATUSES.for_locale(self.locale))
        )
        found: list[Entry] = []
        for item in self.items.all():
            status = statuses.search(item.inner_text())
            if not status:
                continue
            link = item.get_by_role("link").or_(item.get_by_role("button")).first
            name = " ".join(link.inner_text().split())
            if name and name not in (e.name for e in found):
                found.append(Entry(name, status.group(0), link))
        if not found:
            msg = "no subscription with a status was found under Purchases › Active"
            raise LookupError(msg)
        return found

    def choose(self, wanted: str | None) -> Entry:
        """The named subscription, or the only active one.

        Raises:
            UsageError: the name is not listed, or several are active and none was named.
        """
        return ui.choose_entry(self.entries(), wanted, L.ACTIVE.pattern(self.locale))


class AccountType:
    """Legacy: Sales Navigator › Settings › Account Type, which shows the one subscription."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.link = ui.control(page, L.ACCOUNT_TYPE, locale)
        self.heading = ui.heading(page, L.ACCOUNT_TYPE, locale)

    def open(self, click: Click, wanted: str | None) -> str:
        """Open Account Type and return the subscription's visible name.

        Raises:
            UsageError: ``wanted`` is not the subscription shown.
        """
        click(self.link)
        expect(self.heading).to_be_visible()
        text = ui.page_text(self.page)
        name = ui.field_value(text, L.SUBSCRIPTION)
        if not name:
            plan = ui.field_value(text, L.PLAN)
            if not plan:
                msg = "the Account Type page shows no subscription or plan"
                raise LookupError(msg)
            name = f"Sales Navigator {plan}"
        if wanted and _norm(wanted) != _norm(name):
            msg = f"no subscription named {wanted!r}; the portal shows: {name}"
            raise UsageError(msg)
        return name


class Subscription:
    """The subscription's own page (Admin Center details, or legacy Account Type): facts and entry to cancel."""

    def __init__(self, page: Page, locale: str, name: str) -> None:
        self.page = page
        self.locale = locale
        self.name = page.get_by_text(name).filter(visible=True).first
        self.cancel = (
            ui.control(page, L.CANCEL_SUBSCRIPTION, locale).or_(ui.control(page, L.CANCEL_TRIAL, locale)).first
        )
        self.actions = ui.control(page, L.ACTIONS, locale, roles=("button",))

    def facts(self) -> dict[str, Any]:
        expect(self.name).to_be_visible()
        text = ui.page_text(self.page)
        seats = ui.numbers(ui.field_value(text, L.SEATS) or "")
        inmail = ui.numbers(ui.field_value(text, L.INMAIL) or "")
        role = ui.field_value(text, L.ROLE)
        return {
            "status": ui.field_value(text, L.STATUS),
            "plan": ui.field_value(text, L.PLAN),
            "seats": seats[0] if seats else None,
            "inmail_credits": inmail[0] if inmail else None,
            "purchase_channel": ui.field_value(text, L.CHANNEL),
            "next_billing_date": ui.field_value(text, L.NEXT_BILLING),
            "trial_ends": ui.field_value(text, L.TRIAL_ENDS),
            "user_role": role,
            "purchaser_admin": None
            if role is None
            else bool(ui.contains_pattern((*L.PURCHASER_ADMIN.en, *L.PURCHASER_ADMIN.fr)).search(role)),
        }

    def start_cancel(self, click: Click) -> None:
        """Cancel subscription (trial: Cancel free trial), from the page or from its Actions menu."""
        if not self.cancel.is_visible():
            click(self.actions)
        click(self.cancel)


class Cancellation:
    """The screens between the cancel entry and the final button, whichever of them the portal shows:
    "Continue to cancel", a reason survey, a retention offer, the final pane or page."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.continue_to_cancel = ui.control(page, L.CONTINUE_TO_CANCEL, locale)
        self.continue_ = ui.control(page, L.CONTINUE, locale, roles=("button", "link"))
        pattern = L.REASON.pattern(locale)
        self.reason = (
            page.get_by_role("radiogroup", name=pattern)
            .or_(page.get_by_role("group", name=pattern))
            .or_(page.get_by_label(pattern))
            .filter(visible=True)
            .first
        )
        self.accept_offer = ui.control(page, L.ACCEPT_OFFER, locale, roles=("button", "link"))  # never clicked
        self.decline_offer = ui.control(page, L.DECLINE_OFFER, locale, roles=("button", "link"))
        self.final = ui.control(page, L.CONFIRM_CANCEL, locale, roles=("button",))
        pane = page.get_by_role("dialog").filter(has=self.final).get_by_role("heading").filter(visible=True)
        self.title = ui.heading(page, L.FINAL_TITLE, locale).or_(pane).first

    def _offer(self) -> Locator:
        return one_of(self.accept_offer, self.decline_offer)

    def past_intro(self, click: Click) -> None:
        """Wait for the first screen after the cancel entry; press "Continue to cancel" when it is shown."""
        expect(one_of(self.continue_to_cancel, self.reason, self.continue_, self._offer(), self.final)).to_be_visible()
        if self.continue_to_cancel.is_visible():
            click(self.continue_to_cancel)
            expect(one_of(self.reason, self.continue_, self._offer(), self.final)).to_be_visible()

    def choose_reason(self, wanted: str | None) -> str | None:
        """Pick the reason when the screen asks for one; returns the choice made (None: not asked)."""
        if not self.reason.is_visible():
            return None
        return ui.choose_reason(self.page.locator("body"), L.REASON, self.locale, wanted)

    def past_survey(self, click: Click) -> str | None:
        """Press Continue after the survey when there is one; return the retention offer's text if it shows."""
        if self.continue_.is_visible() and not self.final.is_visible():
            click(self.continue_)
        expect(one_of(self._offer(), self.final)).to_be_visible()
        if not self._offer().is_visible():
            return None
        region = (
            self.page.get_by_role("dialog")
            .or_(self.page.get_by_role("main"))
            .filter(has=self._offer())
            .filter(visible=True)
            .first
        )
        return " ".join(region.inner_text().split())

    def decline(self, click: Click, wanted: str | None) -> tuple[bool, str | None]:
        """Decline the retention offer ("No thanks, continue to cancel"); never accept it.

        Returns whether an offer was declined, and the reason chosen when a survey only came after it.
        """
        if not self.decline_offer.is_visible():
            return False, None
        click(self.decline_offer)
        expect(one_of(self.final, self.reason, self.continue_)).to_be_visible()
        reason = None
        if not self.final.is_visible():  # a portal that asks why only after the offer
            reason = self.choose_reason(wanted)
            if self.continue_.is_visible():
                click(self.continue_)
        expect(self.final).to_be_visible()
        return True, reason

    def ready(self) -> None:
        expect(self.final).to_be_visible()


class Confirmation:
    """What the portal shows after the final button: "Your subscription will end on DATE"."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.notice = page.get_by_text(ui.contains_pattern(L.END_NOTICE.for_locale(locale))).filter(visible=True)
        self.done = ui.control(page, L.DONE, locale, roles=("button", "link"))

    def read(self) -> tuple[str, str, str]:
        """(status shown, the vendor's exact words, the end date they state)."""
        expect(self.notice.first).to_be_visible()
        words = " ".join(self.notice.first.inner_text().split())
        text = ui.page_text(self.page)
        status = ui.field_value(text, L.STATUS) or ""
        if not status:
            cancelled = ui.contains_pattern(L.CANCELLED_STATUSES.for_locale(self.locale)).search(text)
            status = cancelled.group(0).capitalize() if cancelled else ""
        end = DATE.search(words)
        return status, words, end.group(0) if end else ""

    def finish(self, click: Click) -> str | None:
        """Press Done when the portal shows it; return the status the page shows then."""
        if not self.done.is_visible():
            return None
        click(self.done)
        expect(self.done).to_be_hidden()
        self.page.wait_for_load_state()
        return ui.field_value(ui.page_text(self.page), L.STATUS)
