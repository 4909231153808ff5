"""The Salesforce sandbox: Lightning home, Setup (Quick Find, Data Export) and the Your Account app, EN and FR.

Scenario options (``NAME,key=value``): ``locale`` (en|fr), ``edition`` (contracted|monthly), ``end_days``
(contract end, days from today), ``last_export_days`` (days since the last data export), ``ae`` (1: signed
through an account executive), ``renewal`` (auto|not-renewing), ``renewal_type`` (auto|manual: a manual,
non auto-renew contract), ``contracts`` (active contracts), ``status`` (the monthly subscription's status),
``renewals`` (page|pane: Manage Renewals as a page or a pane), ``your_account`` (all|quickfind|gear|launcher:
where Your Account is offered besides the App Launcher, which always offers it), ``billing`` (0: the user
lacks the Manage Billing permission, so Your Account is offered nowhere), ``wording`` (help: the names
Salesforce Help uses, View Contracts and Manage Renewal), ``variant`` (see ``vendor_variants``, and the
shared ones in sandboxes/server.py).
Irreversible requests: start_export, dont_renew, confirm_renewal,
request_changes, cancel_subscription.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from sandboxes.salesforce.pages import route
from sandboxes.salesforce.variants import toolbar
from sandboxes.server import Portal, Request, Response, esc

CONTRACT_PRODUCTS = ("Sales Cloud Enterprise Edition", "Service Cloud Enterprise Edition")
EXPORT_EVERY = 7
QUICK_FIND_JS = """
document.getElementById('quick-find').addEventListener('input', function () {
  var q = this.value.trim().toLowerCase();
  document.querySelectorAll('[data-setup-item]').forEach(function (li) {
    li.hidden = !q || li.textContent.toLowerCase().indexOf(q) < 0; });
});
"""


class SalesforcePortal(Portal):
    vendor = "salesforce"
    brand = "Salesforce"
    default_scenario = "contracted"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {
        "contracted": {"edition": "contracted"},
        "monthly": {"edition": "monthly"},
        "export-too-soon": {"edition": "contracted", "last_export_days": "3"},
        "account-executive": {"edition": "contracted", "ae": "1"},
        "not-renewing": {"edition": "contracted", "renewal": "not-renewing"},
        "late-notice": {"edition": "contracted", "end_days": "45"},
        "too-late": {"edition": "contracted", "end_days": "20"},
        "two-contracts": {"edition": "contracted", "contracts": "2"},
        "renewals-pane": {"edition": "contracted", "renewals": "pane", "your_account": "launcher"},
        "manual": {"edition": "contracted", "renewal_type": "manual"},
        "gear": {"edition": "contracted", "your_account": "gear"},
        "no-manage-billing": {"edition": "contracted", "billing": "0"},
        "help-wording": {"edition": "contracted", "wording": "help", "your_account": "gear"},
    }
    vendor_variants: ClassVar[dict[str, str]] = {
        "menus": "the gear menu, the App Launcher and row menus are plain lists of links (no menu or dialog role)",
        "names": "names carry user data: the avatar “View profile of Alex Martin”, row buttons “Show actions for"
        " contract 00012345” (with View Contract; the row has no link), “Manage Renewals for contract 00012345”",
        "newtab": "gear › Setup and gear › Your Account open a new tab (target=_blank)",
        "explain": "Export Now left out with the sentence why (once every 7 days); the Your Account app shows,"
        " instead of the app, that the Manage Billing permission is missing: the run ends blocked",
        "formats": "other date and number forms: 2027-03-31, Mar 31, 2027, 31/03/2027; Case #: 00731846,"
        " Requête n° 00731846; 5 of 5 assigned",
    }

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        o = self.options
        today = date.today()
        self.edition = str(o.get("edition", "contracted"))
        # the explain variant shows why Export Now is left out: an export ran 3 days ago
        recent = 3 if self.variant("explain") else 30
        self.last_export: date = today - timedelta(days=int(o.get("last_export_days", recent)))
        self.export_queued = False
        self.cases = 731845
        end = today + timedelta(days=int(o.get("end_days", 120)))
        self.contracts: list[dict[str, Any]] = [
            {
                "number": f"000{12345 + i}",
                "products": CONTRACT_PRODUCTS[i % 2],
                "status": "Activated",
                "start": end - timedelta(days=365),
                "end": end + timedelta(days=31 * i),
                "renewal": str(o.get("renewal", "auto")) if i == 0 else "auto",
                "ae": self.flag("ae") and i == 0,
                "case": "00088123" if i == 0 else "",
                "manual": str(o.get("renewal_type", "auto")) == "manual" and i == 0,
            }
            for i in range(int(o.get("contracts", 1)))
        ]
        self.contracts.append(
            {
                "number": "00009876",
                "products": "Sales Cloud Professional Edition",
                "status": "Expired",
                "start": end - timedelta(days=1095),
                "end": end - timedelta(days=730),
                "renewal": "not-renewing",
                "ae": False,
                "case": "",
                "manual": False,
            }
        )
        self.subscription: dict[str, Any] = {
            "id": "sub-1",
            "name": "Starter Suite",
            "status": str(o.get("status", "Active")),
            "next_billing": today + timedelta(days=17),
            "licenses": 5,
            "reference": "",
        }
        self.user = "admin@acme-corp.example"

    # --- helpers -------------------------------------------------------------------------------
    def too_soon(self) -> bool:
        return (date.today() - self.last_export).days < EXPORT_EVERY

    def billing(self) -> bool:
        """Whether the user has the Manage Billing permission (explain: no, and the app says so)."""
        return str(self.options.get("billing", "1")) != "0" and not self.variant("explain")

    def offers(self, where: str) -> bool:
        """Whether Your Account is offered in ``where`` (quickfind, gear, launcher) to this user."""
        if str(self.options.get("billing", "1")) == "0":
            return False
        return where == "launcher" or str(self.options.get("your_account", "all")) in ("all", where)

    def help_wording(self) -> bool:
        return self.options.get("wording") == "help"

    def day(self, d: date, screen: str = "") -> str:
        """A date as this screen writes it; the formats variant writes other forms on different screens."""
        if not self.variant("formats"):
            return super().day(d)
        if screen in ("list", "export"):
            return d.isoformat()
        if self.lang == "fr":
            return d.strftime("%d/%m/%Y")
        return d.strftime("%b %-d, %Y") if screen in ("contract", "done") else d.isoformat()

    def chrome_apps(self) -> list[tuple[str, str]]:
        """The chrome variant's app launcher is Salesforce's own: its apps, Your Account where offered."""
        apps = [("Sales", "/"), ("Service", "/")]
        return apps + ([(self.t("Your Account", "Votre compte"), "/account")] if self.offers("launcher") else [])

    def app_nav(self) -> str:
        t = self.t
        return "".join(
            f'<a href="{h}">{esc(n)}</a>'
            for h, n in (
                ("/", t("Home", "Accueil")),
                ("/", t("Accounts", "Comptes")),
                ("/", t("Opportunities", "Opportunités")),
                ("/account", t("Your Account", "Votre compte")),
            )
        )

    def setup_nav(self) -> str:
        t = self.t
        groups: list[tuple[str, tuple[str, ...]]] = [
            (t("Administration"), (t("Users", "Utilisateurs"), t("Profiles", "Profils"))),
            (
                t("Data", "Données"),
                (
                    t("Data Export", "Exportation des données"),
                    t("Data Import Wizard", "Assistant d’importation de données"),
                    t("Export Metadata", "Exporter les métadonnées"),
                ),
            ),
            (
                t("Company Settings", "Paramètres de la société"),
                (t("Company Information", "Informations sur la société"), t("Your Account", "Votre compte")),
            ),
        ]
        links = {
            t("Data Export", "Exportation des données"): "/setup/data-export",
            t("Your Account", "Votre compte"): "/account",
        }
        if not self.offers("quickfind"):  # this org's Quick Find does not list Your Account
            groups = [*groups[:2], (groups[2][0], groups[2][1][:1])]
        tree = "".join(
            f"<li>{esc(g)}<ul>"
            + "".join(f'<li data-setup-item hidden><a href="{links.get(i, "/setup")}">{esc(i)}</a></li>' for i in items)
            + "</ul></li>"
            for g, items in groups
        )
        find = t("Quick Find", "Recherche rapide")
        return f"""<input type="search" id="quick-find" aria-label="{find}" placeholder="{find}">
<ul aria-label="Setup">{tree}</ul><script>{QUICK_FIND_JS}</script>"""

    def page(self, title: str, body: str, setup: bool = False) -> Response:
        nav = self.setup_nav() if setup else self.app_nav()
        return self.shell(title, toolbar(self) + body, nav=nav, user=self.user)

    def contract(self, number: str) -> dict[str, Any] | None:
        return next((c for c in self.contracts if c["number"] == number), None)

    def dl(self, rows: list[tuple[str, str]]) -> str:
        return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows) + "</dl>"

    def error(self, text: str, status: int = 400) -> Response:
        return Response(f"<h1>{esc(text)}</h1>", status=status)

    # --- routes --------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        return route(self, request)

    def home(self) -> Response:
        t = self.t
        return self.page(
            t("Home", "Accueil"),
            f"""<h1>{t("Home", "Accueil")}</h1>
<p>{t("Welcome back", "Bon retour")}, {esc(self.user)}</p><div class="card"><h2>{
                t("Today's Events", "Événements du jour")
            }</h2><p class="muted">{t("No events.", "Aucun événement.")}</p></div>""",
        )

    def setup_home(self) -> Response:
        t = self.t
        title = t("Setup Home", "Accueil Configuration")
        return self.page(
            title,
            f"""<h1>{title}</h1><p class="muted">{
                t("Use Quick Find to find a Setup page.", "Utilisez la Recherche rapide pour trouver une page.")
            }</p><div class="card"><h2>{t("Most Recently Used", "Récemment utilisés")}</h2><p>{
                t("Users", "Utilisateurs")
            }</p></div>""",
            setup=True,
        )
