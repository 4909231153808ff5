"""Page objects for the subscription and its cancellation: a class per screen, locators by role and visible name.

Two documented paths lead to the same cancellation (docs/portals.md): the current one through the Admin
Center's Purchases, and the legacy Sales Navigator settings' Account Type (reason survey, retention
offer); the way to either is in flows/linkedin/navigation.py. Which screen a portal shows is read from the
settled screen (``ui.decide``), never assumed. A click may open a new tab: every method that clicks takes
a :data:`flows.ui.Click` that returns the page the run goes on in, and builds what follows from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flows import ui
from flows.dates import DATE
from flows.linkedin import labels as L
from flows.ui import Click, expect
from runners.errors import UsageError

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# "3 of 5 assigned", "3 assigned of 5", "3/5", "Licences : 3 attribuées sur 5": the second number is the total
OUT_OF = re.compile(r"(\d+)\D{0,24}?(?:/|\bof\b|\bsur\b|\bde\b)\s*(\d+)", re.IGNORECASE)
CURRENT, LEGACY = "current", "legacy"
CANNOT_CANCEL_HERE = (
    "cancelproof cannot cancel it here: ask whoever the portal names (your team admin, the purchaser admin), or"
    " cancel it where it was bought (the Apple device, Google Play, your LinkedIn account manager)."
)


def _accessible_name(element: Locator, role: str) -> str:
    """The name a screen reader announces for ``element`` (native or ARIA, however it is labelled)."""
    said = re.search(rf'{role} "((?:[^"\\]|\\.)*)"', element.aria_snapshot())
    return said.group(1).replace('\\"', '"').strip() if said else ""


def _pick(names: list[str], wanted: str | None, locale: str) -> str:
    """The choice that says ``wanted``, else "Other", else the first one."""
    if not names:
        msg = "no choice to pick from"
        raise LookupError(msg)
    for name in names:
        if wanted and wanted.casefold() in name.casefold():
            return name
    other = L.OTHER_REASON.pattern(locale)
    return next((name for name in names if other.match(name)), names[0])


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def total_of(text: str | None) -> int | None:
    """The total a count is out of, in any form portals write it ("3 of 5 assigned", "3/5", "5")."""
    if not text:
        return None
    pair = OUT_OF.search(text)
    if pair:
        return int(pair.group(2))
    found = ui.numbers(text)
    return found[0] if found else None


def in_section(page: Page, heading: ui.Labels, wanted: ui.Labels, locale: str) -> Locator:
    """The control ``wanted`` in the section a heading names ("Account Type" › Cancel Subscription).

    The section is the nearest block around the visible heading that holds the control, whether the
    control sits inside the section or just after its heading: no markup of ours is assumed.
    """
    title = page.get_by_role("heading", name=heading.pattern(locale)).filter(visible=True)
    block = title.locator("xpath=ancestor::*").filter(has=ui.by_roles(page, ui.CLICKABLE, wanted, locale)).last
    return ui.control(block, wanted, locale)


def status_near(scope: Locator, statuses: re.Pattern[str], name: str = "") -> str | None:
    """The status word written in ``scope`` beside a subscription's name, as a person reads it.

    Read where it is written (a cell, a chip), an element of its own: chips drawn against the name and
    each other read "Sales Navigator CoreActiveFree trial" as one text. Else the text beside the name.
    """
    # one by one, in Playwright's own world (all_inner_texts() would run in the page's: 20-30 ms more in a new
    # document, docs/architecture.md)
    for element in scope.get_by_text(statuses).all():
        found = statuses.search(element.inner_text())
        if found:
            return found.group(0)
    rest = scope.inner_text().replace(name, " ", 1) if name else scope.inner_text()
    found = statuses.search(" ".join(rest.split()))
    return found.group(0) if found else None


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    link: Locator


class Purchases:
    """Admin Center › Purchases: tab Active (ended subscriptions: tab Inactive), as a table, a list or cards."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.purchases = ui.control(page, L.PURCHASES, locale)
        tab_roles = ("tab", "link", "button")
        self.active_tab = ui.control(page, L.ACTIVE_TAB, locale, tab_roles)
        self.inactive_tab = ui.control(page, L.INACTIVE_TAB, locale, tab_roles)
        self.items = (
            page.get_by_role("row")
            .or_(page.get_by_role("listitem"))
            .or_(page.get_by_role("article"))
            .filter(has=page.get_by_role("link").or_(page.get_by_role("button")))
            .filter(visible=True)
        )

    def open(self, click: Click) -> None:
        click(self.purchases)
        self._select(self.active_tab, click)

    def _select(self, tab: Locator, click: Click) -> None:
        # one question: reading the tab's state waits for it (shown: ``tab`` is a visible control) within --timeout
        if tab.get_attribute("aria-selected", timeout=ui.patience(tab) * 1000) != "true":
            click(tab)

    def _listed(self, other_tab: Locator, status: str = "") -> list[Entry]:
        """The open tab's subscriptions (none when it shows only the tabs, settled).

        A subscription is an item with its status beside it (the tab's name under Inactive): a list of
        links drawn by the page around it (its navigation) is no evidence that the tab lists anything.
        """
        words = L.ACTIVE + L.CANCELLED_STATUSES + ui.Labels((status,) if status else ())
        # the status is read where it is written (a cell, a chip beside the name): an element of its own
        said = self.page.get_by_text(words.anywhere(self.locale))
        listed = self.items.filter(has=said).first
        shown = ui.decide(self.page, {"listed": listed}, {"empty": other_tab}, what="the purchases")
        return self.entries(status) if shown == "listed" else []

    def entries(self, status_of_tab: str = "") -> list[Entry]:
        """Each listed subscription with the status written beside it (the tab's name when none is)."""
        statuses = (L.ACTIVE + L.CANCELLED_STATUSES).anywhere(self.locale)
        found: list[Entry] = []
        for item in self.items.all():
            link = item.get_by_role("link").or_(item.get_by_role("button")).first
            said = link.inner_text()
            name = " ".join(said.split())
            status = status_near(item, statuses, said)
            if not status and not status_of_tab:
                continue
            if name and name not in (e.name for e in found):
                found.append(Entry(name, status or status_of_tab, link))
        return found

    def choose(self, wanted: str | None, click: Click) -> tuple[Entry, bool]:
        """The subscription to act on, and whether it was found ended (under Inactive).

        Under Active: the named one, or the only active one. When it is not there (or Active lists
        nothing), the Inactive tab: the named one, or the only Sales Navigator one.

        Raises:
            UsageError: the name is listed on neither tab, or several are active and none was named.
            LookupError: neither tab lists a subscription.
        """
        active = self._listed(self.inactive_tab)
        if active and (not wanted or any(_norm(e.name) == _norm(wanted) for e in active)):
            return ui.choose_entry(active, wanted, L.ACTIVE.pattern(self.locale)), False
        self._select(self.inactive_tab, click)
        tab_name = " ".join(self.inactive_tab.inner_text().split())
        ended = self._listed(self.active_tab, tab_name)
        named = [e for e in ended if _norm(e.name) == _norm(wanted or "")]
        ours = named if wanted else [e for e in ended if L.SALES_NAVIGATOR.found_in(e.name)] or ended
        if len(ours) == 1:
            return ours[0], True
        listed = ", ".join(f"{e.name} ({e.status})" for e in (*active, *ended))
        if not listed:
            msg = "no subscription is listed under Purchases › Active nor › Inactive"
            raise LookupError(msg)
        msg = f"no subscription named {wanted!r}" if wanted else "no single Sales Navigator subscription"
        raise UsageError(f"{msg}; the portal lists: {listed}")


class AccountType:
    """Legacy: Sales Navigator › Settings, section Account Type (older: a page of that name), which shows
    the one subscription."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.link = ui.control(page, L.ACCOUNT_TYPE, locale)
        self.heading = ui.heading(page, L.ACCOUNT_TYPE, locale)

    def open(self, click: Click, wanted: str | None) -> str:
        """Find the Account Type section (through its link on older portals); return the subscription's name.

        Raises:
            UsageError: ``wanted`` is not the subscription shown.
        """
        what = "the Account Type section (or link)"
        if ui.decide(self.page, {"section": self.heading}, {"link": self.link}, what=what) == "link":
            click(self.link)
            expect(self.heading).to_be_visible()
        text = ui.page_text(self.page)
        name = ui.field_value(text, L.SUBSCRIPTION)
        if not name:
            plan = ui.field_value(text, L.PLAN)
            if not plan:
                msg = "the Account Type section shows no subscription or plan"
                raise LookupError(msg)
            name = f"Sales Navigator {plan}"
        if wanted and _norm(wanted) != _norm(name):
            msg = f"no subscription named {wanted!r}; the portal shows: {name}"
            raise UsageError(msg)
        return name


class Subscription:
    """The subscription's own page (Admin Center details, or legacy Account Type): facts and entry to cancel."""

    def __init__(self, page: Page, locale: str, name: str, layout: str = CURRENT) -> None:
        self.page = page
        self.locale = locale
        self.name = page.get_by_text(name).filter(visible=True).first
        if layout == LEGACY:  # the Account Type section's own Cancel Subscription
            self.cancel = in_section(page, L.ACCOUNT_TYPE, L.CANCEL_ENTRY, locale)
        else:
            self.cancel = ui.control(page, L.CANCEL_ENTRY, locale)
        self.actions = ui.control(page, L.ACTIONS, locale, roles=("button",))
        self.why = page.get_by_text(L.CANNOT_CANCEL.anywhere()).filter(visible=True)  # "You can't cancel…"

    def facts(self) -> dict[str, Any]:
        expect(self.name).to_be_visible()
        text = ui.page_text(self.page)
        inmail = ui.numbers(ui.field_value(text, L.INMAIL) or "")
        role = ui.field_value(text, L.ROLE)
        return {
            "status": ui.field_value(text, L.STATUS) or self.status_by_name(),
            "plan": ui.field_value(text, L.PLAN),
            "seats": total_of(ui.field_value(text, L.SEATS)),
            "inmail_credits": inmail[0] if inmail else None,
            "purchase_channel": ui.field_value(text, L.CHANNEL),
            "next_billing_date": ui.field_value(text, L.NEXT_BILLING),
            "trial_ends": ui.field_value(text, L.TRIAL_ENDS),
            "user_role": role,
            "purchaser_admin": None if role is None else L.PURCHASER_ADMIN.found_in(role),
        }

    def status_by_name(self) -> str | None:
        """The status shown beside the subscription's name (a chip, a badge) when no Status field says it."""
        statuses = (L.ACTIVE + L.CANCELLED_STATUSES).anywhere(self.locale)
        name = self.name.inner_text()
        beside = self.name.locator("xpath=..")  # the name's own line: the name and what is drawn beside it
        return status_near(beside, statuses, name)

    def start_cancel(self, click: Click) -> None:
        """Cancel subscription (trial: Cancel free trial), from the page or from its Actions menu.

        Raises:
            BlockedByRule: the control is missing or disabled and the page says why (a team seat, an Apple
                purchase…): the run ends blocked with the portal's sentence.
        """
        shown = ui.decide(
            self.page,
            {"cancel": self.cancel, "actions": self.actions, "why": self.why.first},
            what="Cancel subscription, Actions, or why not",
        )
        if shown != "actions":  # the page's own Cancel Subscription, or its reason why there is none
            click(ui.go_on(self.page, self.cancel, L.CANNOT_CANCEL, advice=CANNOT_CANCEL_HERE))
            return
        click(self.actions)
        # the menu's entry (whatever the menu is made of), once usable, or the portal's reason why not
        why, advice = L.CANNOT_CANCEL, CANNOT_CANCEL_HERE
        click(ui.entry(self.page, self.actions, L.CANCEL_ENTRY, self.locale, why=why, advice=advice))


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
        self.offer = ui.one_of(self.accept_offer, self.decline_offer)
        self.final = ui.control(page, L.CONFIRM_CANCEL, locale, roles=("button",))
        pane = page.get_by_role("dialog").filter(has=self.final).get_by_role("heading").filter(visible=True)
        self.title = ui.heading(page, L.FINAL_TITLE, locale).or_(pane).first

    def past_intro(self, click: Click) -> str:
        """The first screen after the cancel entry, past "Continue to cancel" when it is shown.

        Returns what that screen asks for: "reason", "offer", "final" or (a bare screen) "continue".
        """
        # a reason asked beside the final button comes first; the intro only when nothing else is shown
        screens = {"reason": self.reason, "final": self.final, "offer": self.offer}
        what = "the cancellation's next screen (a reason, an offer, the final button)"
        shown = ui.decide(
            self.page, {**screens, "intro": self.continue_to_cancel}, {"continue": self.continue_}, what=what
        )
        if shown == "intro":
            click(self.continue_to_cancel)
            shown = ui.decide(self.page, screens, {"continue": self.continue_}, what=what)
        return shown

    def choose_reason(self, wanted: str | None) -> str:
        """Pick the reason the screen asks for; returns the choice made.

        The legacy survey is a group of radio buttons (docs/portals.md), found by role inside the pane
        that asks, whatever the group is named ("Choose a reason to continue."); a reason asked any other
        way (a select, a combobox) is found by its label.
        """
        radios = self.page.get_by_role("radio")
        pane = self.page.get_by_role("dialog").filter(has=radios).filter(visible=True)
        scope = pane.last if pane.count() else self.page.locator("body")
        choices = scope.get_by_role("radio")
        if not choices.count():
            return ui.choose_reason(self.page.locator("body"), L.REASON, self.locale, wanted)
        names = [n for n in (_accessible_name(r, "radio") for r in choices.all()) if n]
        pick = _pick(names, wanted, self.locale)
        scope.get_by_role("radio", name=pick, exact=True).first.check()
        return pick

    def past_survey(self, click: Click, answered: bool) -> str | None:
        """Continue past the survey (``answered``: a reason was just given); the retention offer's text if shown."""
        if answered:  # Continue, unless the final button is on the survey's own screen
            if ui.decide(self.page, {"final": self.final, "continue": self.continue_}, what="Continue") == "continue":
                click(self.continue_)
            shown = ui.decide(
                self.page, {"offer": self.offer, "final": self.final}, what="an offer or the final button"
            )
        else:
            shown = ui.decide(
                self.page, {"offer": self.offer, "final": self.final}, {"continue": self.continue_}, what="Continue"
            )
            if shown == "continue":
                click(self.continue_)
                shown = ui.decide(self.page, {"offer": self.offer, "final": self.final}, what="an offer or the final")
        if shown != "offer":
            return None
        region = (
            self.page.get_by_role("dialog")
            .or_(self.page.get_by_role("main"))
            .filter(has=self.offer)
            .filter(visible=True)
            .first
        )
        return " ".join(region.inner_text().split())

    def decline(self, click: Click, wanted: str | None) -> str | None:
        """Decline the retention offer ("No thanks, continue to cancel"); never accept it.

        Returns the reason chosen when a survey only came after the offer.
        """
        click(self.decline_offer)
        what = "the final button (or a reason asked after the offer)"
        shown = ui.decide(
            self.page, {"final": self.final, "reason": self.reason}, {"continue": self.continue_}, what=what
        )
        reason = None
        if shown == "reason":  # a portal that asks why only after the offer
            reason = self.choose_reason(wanted)
            shown = ui.decide(self.page, {"final": self.final, "continue": self.continue_}, what=what)
        if shown == "continue":
            click(self.continue_)
        expect(self.final).to_be_visible()
        return reason

    def ready(self) -> None:
        expect(self.final).to_be_visible()


class Confirmation:
    """What the portal shows after the final button: "Your subscription will end on DATE"."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.notice = page.get_by_text(L.END_NOTICE.anywhere(locale)).filter(visible=True)
        self.done = ui.control(page, L.DONE, locale, roles=("button", "link"))

    def read(self) -> tuple[str, str, str]:
        """(status shown, the vendor's exact words, the end date they state)."""
        expect(self.notice.first).to_be_visible()
        words = " ".join(self.notice.first.inner_text().split())
        text = ui.page_text(self.page)
        status = ui.field_value(text, L.STATUS) or ""
        if not status:
            cancelled = L.CANCELLED_STATUSES.anywhere(self.locale).search(text)
            status = cancelled.group(0).capitalize() if cancelled else ""
        end = DATE.search(words)
        return status, words, end.group(0) if end else ""

    def finish(self, click: Click) -> str | None:
        """Press Done when the portal shows it; return the status the page shows then."""
        shown = ui.decide(self.page, {"done": self.done}, {"notice": self.notice.first}, what="Done")
        if shown != "done":
            return None
        click(self.done)
        expect(self.done).to_be_hidden()
        self.page.wait_for_load_state()
        return ui.field_value(ui.page_text(self.page), L.STATUS)
