"""The Microsoft 365 admin center sandbox: the layouts of docs/portals.md, in English and French.

Scenario options (``NAME,key=value``): ``locale`` (en|fr), ``layout`` (mosa|mca|2021|classic), ``home``
(current|older: the older Office 365 home, app launcher › Admin; the classic layout's default), ``age_days``
(days since start or renewal: MCA shows the refund pane within 7 days, the recurring-billing pane after),
``licenses`` (assigned), ``channel`` (direct|partner|trial|product-key), ``role`` (Global admin…),
``status`` (Active|Disabled|Expired…), ``subscriptions`` (how many subscriptions the tenant has),
``billing_account`` (MOSA|MCA; by default MCA in the mca layout, else MOSA), ``simplified`` (1: the current
layout's simplified view, where Billing › Your products is named Subscriptions), ``free`` (1: Microsoft
Entra ID Free listed after them, which has nothing to cancel), ``custom_domain`` (a domain still in use:
the page says the subscription cannot be cancelled until it is removed, and the cancel control is disabled
or left out), ``term`` (annual|monthly) and ``billing`` (monthly|annual), shown on the details page,
``sections`` (older: a current MOSA page groups its actions under "Settings & Actions").

Variants (``variant=a+b``): the shared ones of :class:`sandboxes.server.Portal`, and this portal's own
(:attr:`Office365Portal.vendor_variants`). The screens themselves are in
:mod:`sandboxes.office365.pages`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from runners.errors import UsageError
from sandboxes.office365 import pages as screens
from sandboxes.server import Portal, Request, Response, esc

PRODUCTS = (
    ("Microsoft 365 Business Standard", "€11.70 user/month"),
    ("Microsoft 365 E3", "€34.40 user/month"),
    ("Exchange Online (Plan 1)", "€3.70 user/month"),
)
FREE_PRODUCT = "Microsoft Entra ID Free"

STATUS_FR = {"Active": "Actif", "Disabled": "Désactivé", "Expired": "Expiré", "Deleted": "Supprimé"}
CHANNELS = {
    "direct": ("Direct from Microsoft", "Directement auprès de Microsoft"),
    "partner": ("Partner (Contoso Reseller Ltd)", "Partenaire (Contoso Reseller Ltd)"),
    "trial": ("Trial", "Version d’évaluation"),
    "product-key": ("Product key (prepaid)", "Clé de produit (prépayé)"),
}
LAYOUTS = ("mosa", "mca", "2021", "classic")
MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class Office365Portal(Portal):
    vendor = "office365"
    brand = "Microsoft 365 admin center"
    default_scenario = "mosa"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {
        "mosa": {"layout": "mosa", "free": "1"},
        "mca-new": {"layout": "mca", "age_days": "3"},
        "mca": {"layout": "mca", "age_days": "40"},
        "2021": {"layout": "2021"},
        "classic": {"layout": "classic"},
        "older-home": {"layout": "mosa", "home": "older"},
        "two-subscriptions": {"layout": "mosa", "subscriptions": "2"},
        "too-many-licenses": {"layout": "mosa", "licenses": "30"},
        "mca-30-licenses": {"layout": "mca", "age_days": "3", "licenses": "30"},
        "custom-domain": {"layout": "mosa", "custom_domain": "contoso.com"},
        "partner": {"layout": "mosa", "channel": "partner"},
        "trial": {"layout": "mosa", "channel": "trial"},
        "product-key": {"layout": "mosa", "channel": "product-key"},
        "not-admin": {"layout": "mosa", "role": "User administrator"},
        "already-disabled": {"layout": "mosa", "status": "Disabled"},
        "already-expired": {"layout": "mosa", "status": "Expired"},
    }
    vendor_variants: ClassVar[dict[str, str]] = {
        "menus": "every menu a button opens (app launcher, More actions) is a plain list of links: no menu role",
        "names": "More actions buttons carry their product: “More actions for Microsoft 365 Business Standard”",
        "newtab": "the older home's Admin, the subscription links and the offer to edit the recurring billing"
        " settings open a new tab",
        "explain": "MOSA with more than 25 licenses assigned: the page says why in a sentence, and Cancel"
        " subscription is disabled (current layouts) or left out (the classic and 2021-22 menus)",
        "formats": "other number and date forms: “30 assigned of 30”, “30 of 30 assigned”, “30/30”, “Licences :"
        " 30 attribuées sur 30”; ISO and day-month dates",
    }

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        o = self.options
        self.layout = str(o.get("layout", "mosa"))
        if self.layout not in LAYOUTS:
            msg = f"unknown layout {self.layout!r}; choose one of: {', '.join(LAYOUTS)}"
            raise UsageError(msg)
        self.older_home = str(o.get("home", "older" if self.layout == "classic" else "current")) == "older"
        today = date.today()
        age = int(o.get("age_days", 40))
        self.subscriptions: list[dict[str, Any]] = []
        for i in range(int(o.get("subscriptions", 1))):
            name, price = PRODUCTS[i % len(PRODUCTS)]
            start = today - timedelta(days=age if i == 0 else 200)
            self.subscriptions.append(
                {
                    "id": f"sub-{i + 1}",
                    "name": name,
                    "price": price,
                    "status": o.get("status", "Active") if i == 0 else "Active",
                    "assigned": int(o.get("licenses", 12)) if i == 0 else 3,
                    "total": max(int(o.get("licenses", 12)), 20) if i == 0 else 5,
                    "account": o.get("billing_account", "MCA" if self.layout == "mca" else "MOSA"),
                    "channel": o.get("channel", "direct") if i == 0 else "direct",
                    "start": start,
                    "next_charge": today + timedelta(days=20 + i),
                    "recurring": True,
                    "end": None,
                    "expires": None,
                    "at_term_end": False,
                    "free": False,
                }
            )
        if self.flag("free"):  # listed beside the real ones, with nothing to cancel
            free = dict(self.subscriptions[0], id="free-1", name=FREE_PRODUCT, price=self.t("Free", "Gratuit"))
            free.update(status="Active", assigned=None, total=None, channel="direct", free=True)
            free.update(start=today - timedelta(days=400), next_charge=None, recurring=False)
            self.subscriptions.append(free)
        self.role = o.get("role", "Global admin")
        self.user = "admin@contoso.onmicrosoft.com"

    # --- helpers -------------------------------------------------------------------------------
    def status(self, sub: dict[str, Any]) -> str:
        return self.t(sub["status"], STATUS_FR.get(sub["status"]))

    def channel(self, sub: dict[str, Any]) -> str:
        return self.t(*CHANNELS.get(sub["channel"], CHANNELS["direct"]))

    def within_refund_window(self, sub: dict[str, Any]) -> bool:
        return bool((date.today() - sub["start"]).days <= 7)

    def day(self, d: date) -> str:
        """A date as this tenant writes it (``formats``: ISO, day-month, dd/mm/yyyy, by layout and language)."""
        if not self.variant("formats"):
            return super().day(d)
        if self.layout in ("mca", "2021") or (self.lang == "fr" and self.layout == "classic"):
            return d.isoformat()
        if self.lang == "fr":
            return d.strftime("%d/%m/%Y")
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"  # day first, as en-GB tenants write it

    def why_not(self, sub: dict[str, Any]) -> str | None:
        """The sentence the page shows when this subscription cannot be cancelled online, if any."""
        if sub["free"]:
            return self.t(
                "This is a free product: there is nothing to cancel.", "Ce produit est gratuit : rien à annuler."
            )
        domain = self.options.get("custom_domain")
        if domain and sub["status"] == "Active":
            return self.t(
                f"You can’t cancel this subscription until you remove the custom domain {domain} from your"
                " organization.",
                f"Vous ne pouvez pas annuler cet abonnement tant que le domaine personnalisé {domain} n’est pas"
                " supprimé de votre organisation.",
            )
        if self.variant("explain") and sub["account"] != "MCA" and sub["assigned"] > 25 and sub["status"] == "Active":
            return self.t(
                "You can’t cancel this subscription online because more than 25 licenses are assigned. Reduce the"
                " number of licenses to 25 or fewer, or contact support.",
                "Vous ne pouvez pas annuler cet abonnement en ligne, car plus de 25 licences sont attribuées."
                " Réduisez le nombre de licences à 25 ou moins, ou contactez le support.",
            )
        return None

    def list_path(self) -> str:
        return "/billing/subscriptions" if self.layout == "classic" else "/billing/products"

    def details_path(self, sub: dict[str, Any]) -> str:
        if self.layout == "2021":
            return "/billing/products?tab=products"
        return f"{self.list_path()}/{sub['id']}"

    def new_tab(self) -> str:
        """The attribute of a link that opens a new tab (``newtab``), else nothing."""
        return ' target="_blank" rel="noopener"' if self.variant("newtab") else ""

    def chrome_apps(self) -> list[tuple[str, str]]:
        """The page chrome's app launcher lists the admin center too, as the real one does for admins."""
        return [*super().chrome_apps(), ("Admin", "/admin")]

    def nav(self) -> str:
        t = self.t
        if self.layout == "classic":
            items = [
                (t("Subscriptions", "Abonnements"), "/billing/subscriptions"),
                (t("Bills"), "/billing/bills"),
                (t("Licenses", "Licences"), "/billing/licenses"),
            ]
        else:
            items = [
                (self.products_label(), "/billing/products"),
                (t("Bills & payments", "Factures et paiements"), "/billing/bills"),
                (t("Billing accounts", "Comptes de facturation"), "/billing/accounts"),
            ]
        links = "".join(f'<li><a href="{href}">{esc(label)}</a></li>' for label, href in items)
        return f"""<a href="/admin">{t("Home", "Accueil")}</a><a href="/users">{t("Users", "Utilisateurs")}</a>
<button type="button" aria-expanded="false" data-toggle="billing-menu">{t("Billing", "Facturation")}</button>
<ul id="billing-menu" hidden>{links}</ul><a href="/settings">{t("Settings", "Paramètres")}</a>"""

    def products_label(self) -> str:
        """Your products; "Subscriptions" in the simplified view of the current layout."""
        if self.flag("simplified") and self.layout in ("mosa", "mca"):
            return self.t("Subscriptions", "Abonnements")
        return self.t("Your products", "Vos produits")

    def page(self, title: str, body: str) -> Response:
        return self.shell(title, body, nav=self.nav(), user=self.user)

    def find(self, sub_id: str) -> dict[str, Any] | None:
        return next((s for s in self.subscriptions if s["id"] == sub_id), None)

    # --- routes --------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        q = request.query
        if path == "/":
            return screens.office_home(self) if self.older_home else self.home()
        if path == "/admin":
            return self.home()
        if path == "/billing/products" and self.layout == "2021":
            return screens.products_2021(self, tab=q.get("tab", "products"), done=q.get("done", ""))
        if path == self.list_path():
            return screens.product_list(self) if self.layout != "classic" else screens.classic_list(self)
        m = re.fullmatch(r"/billing/(?:products|subscriptions)/([\w-]+)(/cancel|/recurring)?", path)
        sub = self.find(m.group(1)) if m else None
        if m and sub:
            action = m.group(2) or ""
            if request.method == "POST" and action == "/cancel":
                return self.cancel(sub, request.form)
            if request.method == "POST" and action == "/recurring":
                return self.recurring(sub, request.form)
            if action == "/cancel" and self.layout == "classic" and sub["status"] == "Active":
                return screens.classic_cancel_page(self, sub)
            if not action and self.layout == "classic":
                return screens.classic_details(self, sub, done=q.get("done") == "1")
            if not action:
                return screens.details(self, sub, done=q.get("done") == "1", pane=q.get("pane", ""))
        if path in ("/users", "/settings", "/billing/bills", "/billing/accounts", "/billing/licenses", "/mail"):
            return self.page(self.t("Coming soon"), f"<h1>{esc(path.rsplit('/', 1)[-1].title())}</h1>")
        return Response(f"<h1>{self.t('Page not found', 'Page introuvable')}</h1>", status=404)

    def home(self) -> Response:
        t = self.t
        return self.page(
            t("Home", "Accueil"),
            f"""<h1>{t("Home", "Accueil")}</h1>
<p>{t("Signed in as", "Connecté en tant que")} {esc(self.user)}</p>
<dl><dt>{t("Your role", "Votre rôle")}</dt><dd>{esc(self.role)}</dd>
<dt>{t("Organization", "Organisation")}</dt><dd>Contoso Ltd</dd></dl>
<h2>{t("Other admins", "Autres administrateurs")}</h2><ul><li>megan.bowen@contoso.com</li>
<li>alex.wilber@contoso.com</li></ul>""",
        )

    # --- the irreversible requests ---------------------------------------------------------------
    def cancel(self, sub: dict[str, Any], form: dict[str, str]) -> Response:
        """Cancel subscription (MOSA Cancel now or before the renewal date, MCA ≤ 7 days, 2021–22 Save, classic)."""
        if not form.get("reason"):
            return Response(f"<h1>{self.t('A reason is required.', 'Un motif est obligatoire.')}</h1>", status=400)
        if sub["status"] != "Active" or sub["free"] or self.why_not(sub):
            return Response(f"<h1>{self.t('This subscription cannot be cancelled online.')}</h1>", status=409)
        when = form.get("when", "")
        self.irreversible(
            "cancel",
            subscription=sub["name"],
            layout=self.layout,
            when=when,
            reason=form["reason"],
            refund=sub["account"] != "MCA" or self.within_refund_window(sub),
        )
        if when == "renewal":  # MOSA, Cancel before the next renewal date: it runs to the end of its term
            sub.update(recurring=False, expires=sub["next_charge"], at_term_end=True)
        else:
            sub.update(status="Disabled", end=date.today())
        return Response.redirect(self.after(sub))

    def recurring(self, sub: dict[str, Any], form: dict[str, str]) -> Response:
        """Edit recurring billing → Off → Save: the subscription stays Active and expires at the term's end."""
        if form.get("recurring") != "off":
            return Response.redirect(self.after(sub))
        self.irreversible("recurring-billing-off", subscription=sub["name"], layout=self.layout)
        sub["recurring"] = False
        sub["expires"] = sub["next_charge"]
        return Response.redirect(self.after(sub))

    def after(self, sub: dict[str, Any]) -> str:
        if self.layout == "2021":
            return f"/billing/products?tab=products&done={sub['id']}"
        return f"{self.details_path(sub)}?done=1"
