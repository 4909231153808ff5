"""Page objects for the way to the LinkedIn Admin Center: the account menu, Sales Navigator's Admin menu,
Settings & Privacy, Premium, the Admin Center's arrival; locators by role and visible name.

Which way a portal offers is read from the settled screen (``ui.decide``): LinkedIn's Me menu (Premium
features, or Settings & Privacy › Subscriptions & payments › Manage Premium account), Sales Navigator's
Admin menu (Admin Center; older: Admin Settings › Manage Your Account), or the legacy Sales Navigator
Settings. The Admin Center may open in a new tab: each method returns the page the run goes on in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows import ui
from flows.linkedin import labels as L
from flows.linkedin.pages import in_section
from flows.ui import Click, expect

if TYPE_CHECKING:
    from playwright.sync_api import Page

# how the account menu leads on (fact ``route``): LinkedIn's Me menu entries, Sales Navigator's Admin menu,
# or the legacy Sales Navigator Settings
PREMIUM, SUBSCRIPTIONS, SETTINGS_PRIVACY, SALES_ADMIN, SETTINGS = (
    "premium",
    "subscriptions",
    "settings-privacy",
    "sales-admin",
    "settings",
)
ACCOUNT_MENU = "account-menu"  # the home offers only the account menu (fact ``home_menu``; else SALES_ADMIN)


class Home:
    """LinkedIn (or Sales Navigator) home and its account menu ("Me", French "Vous"; Sales Navigator: the
    profile photo, named for the person)."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        roles = ("button", "link")
        self.opener = ui.one_of(ui.control(page, L.ME, locale, roles), ui.control(page, L.PROFILE_PHOTO, locale, roles))
        # what the account menu shows (a menu, a dialog or a plain list of links: found on the page)
        self.entries = {
            PREMIUM: ui.control(page, L.PREMIUM_FEATURES, locale, ui.ENTRY),
            SUBSCRIPTIONS: ui.control(page, L.SUBSCRIPTIONS_PAYMENTS, locale, ui.ENTRY),
            SETTINGS_PRIVACY: ui.control(page, L.SETTINGS_PRIVACY, locale, ui.ENTRY),
            SETTINGS: ui.control(page, L.SETTINGS, locale, ui.ENTRY),
        }
        # Sales Navigator's Admin menu (admins only; older portals: "Admin Settings")
        self.admin = ui.control(page, L.ADMIN_MENU, locale, roles)

    def open(self, base_url: str) -> str:
        """The home, known by its account menu (Me, the profile photo) or Sales Navigator's Admin menu: which
        of them the settled screen shows (:data:`SALES_ADMIN` when the Admin menu is there, else
        :data:`ACCOUNT_MENU`)."""
        self.page.goto(base_url)
        what = "the home's account menu (Me, the profile photo) or an Admin menu"
        return ui.decide(self.page, {SALES_ADMIN: self.admin, ACCOUNT_MENU: self.opener}, what=what)

    def open_menu(self, click: Click, home: str) -> str:
        """Open the account menu; what the settled screen shows tells the route (:data:`PREMIUM`…).

        Sales Navigator's Admin menu on the home (``home``, as :meth:`open` found it) is the Admin Center
        path at once (its account menu, an avatar named for the person, holds no way there). Otherwise the
        account menu is opened (a reversible click: an Admin menu drawn late is still seen on the next
        screen): the current path's entries (Premium features, Subscriptions & payments, Settings &
        Privacy) are each evidence of the Admin Center path, as is an Admin menu; a plain Settings, which a
        half-drawn current menu may show too, is taken for the legacy path only once the screen is still.
        """
        if home == SALES_ADMIN:
            return SALES_ADMIN
        click(self.opener)
        specific = {key: self.entries[key] for key in (PREMIUM, SUBSCRIPTIONS, SETTINGS_PRIVACY)}
        return ui.decide(
            self.page,
            {**specific, SALES_ADMIN: self.admin},
            {SETTINGS: self.entries[SETTINGS]},
            what="the account menu's entries (Premium features, Settings & Privacy, Settings) or an Admin menu",
        )

    def take(self, route: str, click: Click) -> Page:
        """Take the account menu's entry for ``route``; returns the page the run goes on in."""
        labels = {
            PREMIUM: L.PREMIUM_FEATURES,
            SUBSCRIPTIONS: L.SUBSCRIPTIONS_PAYMENTS,
            SETTINGS_PRIVACY: L.SETTINGS_PRIVACY,
            SETTINGS: L.SETTINGS,
        }[route]
        return click(ui.entry(self.page, self.opener, labels, self.locale))


class SalesAdmin:
    """Sales Navigator's Admin menu: Admin Center; older portals: Admin Settings, then Manage Your Account
    (the menu named "Admin Settings" itself, or an "Admin Settings" entry of the Admin menu)."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.admin = ui.control(page, L.ADMIN_MENU, locale, ("button", "link"))
        self.center = ui.control(page, L.ADMIN_CENTER, locale, ui.ENTRY)
        self.manage = ui.control(page, L.MANAGE_YOUR_ACCOUNT, locale, ui.ENTRY)
        self.settings = ui.control(page, L.ADMIN_SETTINGS, locale, ui.ENTRY)

    def open_admin_center(self, click: Click) -> Page:
        """Admin → Admin Center, or Admin Settings → Manage Your Account; returns the page it opened."""
        click(self.admin)
        # an "Admin Settings" entry is generic: the opener itself may bear that name
        shown = ui.decide(
            self.page,
            {"center": self.center, "manage": self.manage},
            {"settings": self.settings},
            what="the Admin menu's entries (Admin Center, Manage Your Account, Admin Settings)",
        )
        if shown == "center":
            return click(ui.entry(self.page, self.admin, L.ADMIN_CENTER, self.locale))
        if shown == "manage":
            return click(ui.entry(self.page, self.admin, L.MANAGE_YOUR_ACCOUNT, self.locale))
        page = click(ui.entry(self.page, self.admin, L.ADMIN_SETTINGS, self.locale))
        return click(ui.control(page, L.MANAGE_YOUR_ACCOUNT, self.locale))


class SettingsPrivacy:
    """Settings & Privacy › Account preferences: the section "Subscriptions & payments" holds "Manage Premium
    account" (older portals: a link named "Subscriptions & payments", perhaps under a folded Account preferences)."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.section = ui.heading(page, L.SUBSCRIPTIONS_PAYMENTS, locale)
        self.manage = in_section(page, L.SUBSCRIPTIONS_PAYMENTS, L.MANAGE_PREMIUM, locale)
        self.link = ui.control(page, L.SUBSCRIPTIONS_PAYMENTS, locale)
        self.preferences = ui.control(page, L.ACCOUNT_PREFERENCES, locale)

    def to_premium(self, click: Click) -> Page:
        """Manage Premium account in the section (or the older link); returns the page it opened."""
        found = {"section": self.section, "link": self.link}
        what = "the Subscriptions & payments section (or link)"
        shown = ui.decide(self.page, found, {"fold": self.preferences}, what=what)
        if shown == "fold":  # Account preferences folded: unfold it, then look again
            click(self.preferences)
            shown = ui.decide(self.page, found, what=what)
        return click(self.manage if shown == "section" else self.link)


class Premium:
    """Premium features (Manage Premium account): Manage subscription opens the Admin Center."""

    def __init__(self, page: Page, locale: str) -> None:
        self.manage = ui.control(page, L.MANAGE_SUBSCRIPTION, locale)

    def manage_subscription(self, click: Click) -> Page:
        return click(self.manage)


class AdminCenter:
    """The LinkedIn Admin Center, known by its Purchases; a page in between may show an "Admin Center" link."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.purchases = ui.control(page, L.PURCHASES, locale)
        self.link = ui.control(page, L.ADMIN_CENTER, locale, ("link", "button", "menuitem"))

    def arrive(self, click: Click) -> Page:
        """Wait for the Admin Center's Purchases, through an Admin Center link when one is shown first."""
        shown = ui.decide(
            self.page,
            {"purchases": self.purchases, "link": self.link},
            what="the Admin Center (its Purchases, or an Admin Center link)",
        )
        if shown == "purchases":
            return self.page
        page = click(self.link)
        expect(AdminCenter(page, self.locale).purchases).to_be_visible()
        return page
