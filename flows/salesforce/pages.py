"""Page objects for Salesforce's Lightning header and Setup (Quick Find, Data Export): by role and visible name.

The Your Account app's screens are in :mod:`flows.salesforce.account`.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from flows import ui
from flows.salesforce import labels as L
from flows.ui import Click, Labels, expect
from runners.errors import BlockedByRule

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


def fields(page: Page, wanted: dict[str, Labels]) -> dict[str, str | None]:
    """The values shown beside ``wanted``'s labels in the page's visible text (None where not shown)."""
    text = ui.page_text(page)
    return {key: ui.field_value(text, labels) for key, labels in wanted.items()}


# A menu's entries (a role=menu, a listbox, or a plain list of links): never a button, since the gear that
# opens the menu is itself a button named "Setup"
MENU_ENTRY = ("menuitem", "menuitemradio", "option", "link", "treeitem")


def said(page: Page, why: Labels) -> Locator:
    """A sentence on the screen that says one of ``why`` (why a control is disabled or left out)."""
    return page.get_by_text(why.anywhere()).filter(visible=True).first


class LightningHome:
    """The Lightning header on every page: the gear (a menu with Setup) and the App Launcher.

    A click here may open a new tab (Setup does in real orgs): the step clicks through ``ctx.click`` and
    builds a new page object from ``ctx.page`` afterwards.
    """

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.gear = ui.control(page, L.GEAR, locale, roles=("button",))
        self.gear_expanded = page.get_by_role("button", name=L.GEAR.pattern(locale), expanded=True).filter(visible=True)
        self.launcher = ui.control(page, L.APP_LAUNCHER, locale, roles=("button",))
        expanded = page.get_by_role("button", name=L.APP_LAUNCHER.pattern(locale), expanded=True)
        self.launcher_open = ui.one_of(expanded.filter(visible=True), ui.dialog(page, L.APP_LAUNCHER, locale))
        self.app_search = (
            ui.by_roles(page, ("searchbox", "textbox", "combobox"), L.APP_SEARCH, locale).filter(visible=True).first
        )

    def open(self, base_url: str) -> None:
        """The home, once drawn: the header comes first, and may be drawn again when the screen is ready
        (a gear clicked before then opens a menu that vanishes)."""
        self.page.goto(base_url)
        ui.wait_shown(self.gear, "the home's Setup gear")

    def offered(self, labels: Labels) -> Locator:
        """An entry named by ``labels`` shown anywhere (a decision's candidate; pick it with :meth:`entry`)."""
        return ui.control(self.page, labels, self.locale, roles=MENU_ENTRY)

    def entry(self, opener: Locator, labels: Labels) -> Locator:
        """The entry named by ``labels`` in what ``opener`` (the gear, the App Launcher) opened."""
        return ui.entry(self.page, opener, labels, self.locale, roles=MENU_ENTRY)

    def gear_opened(self) -> str:
        """After the gear: "menu" (its menu, with Setup) or "setup" (a gear that goes straight to Setup)."""
        return ui.decide(
            self.page,
            {"menu": self.offered(L.SETUP), "setup": SetupPage(self.page, self.locale).quick_find},
            what="the gear's menu (Setup) or Setup itself",
        )

    def gear_offers(self, target: Labels, why: Labels) -> str:
        """After the gear: "offered" (its menu lists ``target``), "why" (a sentence says why not) or "absent".

        "absent": its menu (with Setup) lists no ``target``, or the gear went straight to Setup.
        """
        return ui.decide(
            self.page,
            {"offered": self.offered(target), "why": said(self.page, why)},
            {"absent": ui.one_of(self.offered(L.SETUP), SetupPage(self.page, self.locale).quick_find)},
            what=f"the gear's menu ({target.for_locale(self.locale)[0]})",
        )

    def launcher_offers(self, target: Labels, why: Labels) -> str:
        """After the App Launcher: "offered", "why", or "absent" (searched for ``target``, and not listed)."""
        name = target.for_locale(self.locale)[0]
        what = f"the App Launcher ({name})"
        app, reason = self.offered(target), said(self.page, why)
        shown = ui.decide(
            self.page,
            {"offered": app, "why": reason, "search": self.app_search},
            {"open": self.launcher_open},
            what=what,
        )
        if shown == "search":  # the launcher lists only some apps: search for it, as a person would
            type_in(self.app_search, name)
            shown = ui.decide(self.page, {"offered": app, "why": reason}, {"open": self.app_search}, what=what)
        return "absent" if shown == "open" else shown


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

    def look_up(self, target: Labels, why: Labels) -> str:
        """Type ``target`` in Quick Find: "listed" (and usable), "shown" (listed, not usable), "why" (a sentence
        says why not) or "absent" (not listed)."""
        self.wait()
        type_in(self.quick_find, target.for_locale(self.locale)[0])
        result = self.result(target)
        return ui.decide(
            self.page,
            {"listed": ui.usable(result), "shown": result, "why": said(self.page, why)},
            {"absent": self.quick_find},
            what=f"Quick Find's results ({target.for_locale(self.locale)[0]})",
        )


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

    def availability(self) -> tuple[str | None, str | None, str | None]:
        """(why Export Now cannot be pressed, or None when it can; the last export and the next possible one).

        Export Now may be shown disabled, or left out, with the portal's sentence saying why ("you can export
        once every 7 days"): that sentence is the reason given.

        Raises:
            NotShown: neither Export Now nor a reason appeared within the run's --timeout.
        """
        expect(self.heading).to_be_visible()
        why: str | None = None
        try:
            ui.go_on(self.page, self.export_now, L.EXPORT_WAIT, advice="")
        except BlockedByRule:
            why = " ".join(said(self.page, L.EXPORT_WAIT).inner_text().split())
        except ui.NotShown:
            if not self.export_now.is_visible():
                raise
            why = "Export Now is disabled (the portal does not say why)"
        facts = fields(self.page, {"last": L.LAST_EXPORT, "next": L.NEXT_EXPORT})
        return why, facts["last"], facts["next"]

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
            chosen[key] = required or box.is_visible()  # older orgs lack the Files box; the others are the backup
            if chosen[key]:
                box.check()  # it waits for the box and raises unless the box is checked afterwards: nothing to re-read
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
        """The portal's notice after Start Export (queued…), if the page shows one once it has loaded."""
        self.page.wait_for_load_state()
        with suppress(ui.NotShown):  # still loading after --timeout: no notice to read, the next step waits
            ui.settle(self.page)
        notice = self.page.get_by_role("status").filter(visible=True)
        return " ".join(notice.first.inner_text().split()) if notice.count() else ""
