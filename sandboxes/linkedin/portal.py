"""The LinkedIn Sales Navigator sandbox: both documented paths of docs/portals.md, in English and French.

Scenario options (``NAME,key=value``): ``locale`` (en|fr), ``layout`` (current|legacy), ``entry``
(premium|settings|sales: how the current path reaches the Admin Center: Me › Premium features, Me ›
Settings & Privacy › Subscriptions & payments, or Sales Navigator's Admin menu), ``older`` (1: the older
portal: "Subscriptions & payments" and "Account Type" are links instead of section headings, and Sales
Navigator's Admin menu shows Admin Settings › Manage Your Account), ``plan`` (Core|Advanced|Advanced Plus),
``seats``, ``assigned`` (seats assigned), ``inmail`` (credits left), ``channel``
(web|apple|google|contract|team), ``role`` (purchaser|product|seat), ``status`` (Active|Cancelled|Expired:
an expired one is listed under Purchases › Inactive), ``trial`` (1: a free trial), ``subscriptions`` (how
many active subscriptions the Admin Center lists), ``variant`` (the shared ones, and :attr:`vendor_variants`).

The oracle records ``cancel`` for the cancellation and ``accept_offer`` if the retention offer is ever
accepted (it changes what is charged); a flow must never cause the second.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from sandboxes.linkedin import admin as admin
from sandboxes.linkedin.admin import OTHER_USER
from sandboxes.linkedin.pages import handle_sales
from sandboxes.server import Portal, Request, Response, esc

CHANNELS = {
    "web": ("LinkedIn web (credit card)", "LinkedIn web (carte bancaire)"),
    "apple": ("Apple App Store", "Apple App Store"),
    "google": ("Google Play", "Google Play"),
    "contract": ("LinkedIn Sales contract (invoiced)", "Contrat LinkedIn Sales (sur facture)"),
    "team": (
        "Team seat (assigned by your team admin)",
        "Licence d’équipe (attribuée par l’administrateur de votre équipe)",
    ),
}
# variant "explain": the portal's own sentence, instead of a channel the flow's rules would read
WHY_NOT = {
    "team": (
        "You can't cancel this subscription: your seat was assigned by your team admin. Ask your admin to remove"
        " you from the account.",
        "Vous ne pouvez pas annuler cet abonnement : votre poste a été attribué par l’administrateur de votre"
        " équipe. Demandez-lui de vous retirer du compte.",
    ),
    "apple": (
        "You can't cancel this subscription on LinkedIn because it was purchased through the Apple App Store."
        " Cancel it on your Apple device.",
        "Vous ne pouvez pas annuler cet abonnement sur LinkedIn car il a été acheté sur l’App Store d’Apple."
        " Annulez-le sur votre appareil Apple.",
    ),
    "google": (
        "You can't cancel this subscription on LinkedIn because it was purchased through Google Play.",
        "Vous ne pouvez pas annuler cet abonnement sur LinkedIn car il a été acheté sur Google Play.",
    ),
    "contract": (
        "This subscription can't be cancelled online: it is on a LinkedIn Sales contract. Contact your account"
        " manager.",
        "Cet abonnement ne peut pas être annulé en ligne : il relève d’un contrat LinkedIn Sales. Contactez votre"
        " responsable de compte.",
    ),
}
ROLES = {
    "purchaser": ("Purchaser admin", "Administrateur acheteur"),
    "product": ("Product admin", "Administrateur produit"),
    "seat": ("Seat holder", "Titulaire d’un poste"),
}
STATUS_FR = {"Active": "Actif", "Cancelled": "Annulé", "Expired": "Expiré"}
PERSON = "Alex Martin"  # the signed-in person, whose name the profile photo carries (variant "names")
CARD = "Visa 4111 1111 1111 1111"


# variant "halfdrawn": a menu marked data-halfdrawn draws its data-later entries 1.5 s after it opens
HALFDRAWN_JS = """document.addEventListener('click', function (e) {
  var t = e.target.closest('[data-toggle]'); if (!t) return;
  var m = document.getElementById(t.dataset.toggle); if (!m || !m.hasAttribute('data-halfdrawn')) return;
  setTimeout(function () {
    m.querySelectorAll('[data-later]').forEach(function (n) { n.hidden = false; });
    m.setAttribute('aria-busy', 'false');
  }, 1500);
});"""


class LinkedInPortal(Portal):
    vendor = "linkedin"
    brand = "LinkedIn"
    default_scenario = "current"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {
        "current": {"layout": "current"},
        "legacy": {"layout": "legacy"},
        "current-settings": {"layout": "current", "entry": "settings"},
        "sales-admin": {"layout": "current", "entry": "sales"},
        "trial": {"layout": "current", "trial": "1"},
        "inmail-left": {"layout": "legacy", "inmail": "37"},
        "team-seat": {"layout": "current", "channel": "team", "role": "seat"},
        "not-purchaser": {"layout": "current", "plan": "Advanced", "role": "product"},
        "apple": {"layout": "current", "channel": "apple"},
        "google-play": {"layout": "current", "channel": "google"},
        "sales-contract": {"layout": "current", "plan": "Advanced Plus", "channel": "contract"},
        "already-cancelled": {"layout": "current", "status": "Cancelled"},
        "ended": {"layout": "current", "status": "Expired"},
        "two-subscriptions": {"layout": "current", "subscriptions": "2"},
    }
    vendor_variants: ClassVar[dict[str, str]] = {
        "menus": "every menu a button opens (Me, the profile photo, Admin, Actions) is a plain list of links",
        "names": 'names carry user data: Sales Navigator\'s account menu opens from "Profile photo of Alex Martin",'
        ' the subscription\'s menu from "Actions for Sales Navigator Core"',
        "newtab": "every link into the Admin Center (Manage subscription, Admin Center, Manage Your Account)"
        " opens a new tab",
        "explain": "the cancel control is disabled (Admin Center) or left out (legacy) with the sentence saying"
        " why (a team seat; channel=apple|google|contract: that channel), the channel not listed: ends blocked",
        "halfdrawn": "the account menu draws a plain Settings first and its other entries 1.5 s after it opens,"
        " marked aria-busy until then",
        "formats": 'other forms: seats "3 of 5 assigned" / "Licences : 3 attribuées sur 5", dates 2027-03-31 /'
        ' 31/03/2027, facts as a table (en) or "Label : value" lines (fr)',
    }

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        o = self.options
        today = date.today()
        plan = str(o.get("plan", "Core"))
        seats = int(o.get("seats", 1))
        first = {
            "id": "sub-1",
            "name": f"Sales Navigator {plan}",
            "plan": plan,
            "seats": seats,
            "assigned": int(o.get("assigned", seats)),
            "inmail": int(o.get("inmail", 0)),
            "channel": o.get("channel", "web"),
            "role": o.get("role", "purchaser"),
            "status": o.get("status", "Active"),
            "trial": str(o.get("trial", "")) in ("1", "true", "yes"),
            "next_billing": today + timedelta(days=int(o.get("days_left", 18))),
            "end": None,
        }
        if first["status"] == "Expired":
            first["end"] = today - timedelta(days=12)
        elif first["status"] != "Active":
            first["end"] = first["next_billing"]
        self.subscriptions: list[dict[str, Any]] = [first]
        for i in range(1, int(o.get("subscriptions", 1))):
            self.subscriptions.append(
                {
                    **first,
                    "id": f"sub-{i + 1}",
                    "name": "LinkedIn Premium Business",
                    "plan": "Premium Business",
                    "status": "Active",
                    "end": None,
                    "trial": False,
                }
            )
        self.user = "alex.morgan@contoso.com"

    # --- what the options say ------------------------------------------------------------------------
    @property
    def legacy(self) -> bool:
        return self.options.get("layout") == "legacy"

    @property
    def entry(self) -> str:
        return str(self.options.get("entry", "premium"))

    @property
    def older(self) -> bool:
        return self.flag("older")

    def status(self, sub: dict[str, Any]) -> str:
        return self.t(sub["status"], STATUS_FR.get(sub["status"]))

    def find(self, sub_id: str) -> dict[str, Any] | None:
        return next((s for s in self.subscriptions if s["id"] == sub_id), None)

    def day(self, d: date) -> str:
        """A date as the portal writes it (variant ``formats``: 2027-03-31, or 31/03/2027 in French)."""
        if self.variant("formats"):
            return d.isoformat() if self.lang == "en" else d.strftime("%d/%m/%Y")
        return super().day(d)

    def end_notice(self, sub: dict[str, Any]) -> str:
        return f"{self.t('Your subscription will end on', 'Votre abonnement prendra fin le')} {self.day(sub['end'])}."

    def why_not(self, sub: dict[str, Any]) -> str | None:
        """Variant ``explain``: the sentence saying why the subscription cannot be cancelled here."""
        if not self.variant("explain"):
            return None
        return self.t(*WHY_NOT.get(sub["channel"], WHY_NOT["team"]))

    def to_admin(self) -> str:
        """Attributes of a link into the Admin Center (variant ``newtab``: it opens a new tab)."""
        return ' target="_blank"' if self.variant("newtab") else ""

    # --- drawing ---------------------------------------------------------------------------------------
    def menu(
        self, ident: str, opener: str, entries: list[tuple[str, str, str]], *, label: str = "", busy: bool = False
    ) -> str:
        """A button (inner HTML ``opener``, accessible name ``label`` if given) and the menu it opens.

        ``entries`` are (href, text, attributes): a link, or a button when href is empty. The menu is a
        ``role=menu`` of menu items, or (variant ``menus``) a plain list of links and buttons. ``busy``: it
        is marked aria-busy and draws its entries marked ``data-later`` only 1.5 s after it opens.
        """
        plain = self.variant("menus")
        role = "" if plain else ' role="menuitem"'
        items = [
            f'<a{role} href="{href}"{attrs}>{esc(text)}</a>'
            if href
            else f'<button type="button"{role}{attrs}>{esc(text)}</button>'
            for href, text, attrs in entries
        ]
        named = f' aria-label="{esc(label)}"' if label else ""
        drawn = ' aria-busy="true" data-halfdrawn' if busy else ""
        if plain:
            button = f'<button type="button" aria-expanded="false" data-toggle="{ident}"{named}>{opener}</button>'
            listed = "".join(f"<li>{item}</li>" for item in items)
            return f'<div class="dropdown">{button}<ul id="{ident}"{drawn} hidden>{listed}</ul></div>'
        button = (
            f'<button type="button" aria-haspopup="menu" aria-expanded="false" aria-controls="{ident}"'
            f' data-toggle="{ident}"{named}>{opener}</button>'
        )
        menu = f'<div role="menu" id="{ident}"{drawn} hidden>{"".join(items)}</div>'
        return f'<div class="dropdown">{button}{menu}</div>'

    def me_menu(self, sales: bool) -> str:
        """The account menu: LinkedIn's "Me" (French "Vous"); on Sales Navigator pages its Settings menu,
        opened (variant ``names``) from the profile photo named for the person. Variant ``halfdrawn``: a
        plain Settings is drawn first, the other entries later."""
        t = self.t
        if sales:
            entries = [("/sales/settings", t("Settings", "Paramètres")), ("/help", t("Help Center", "Aide"))]
        else:
            entries = [("/in/alex-morgan", t("View profile", "Voir le profil"))]
            if self.entry == "premium":
                entries.append(("/premium/manage", t("Premium features", "Fonctionnalités Premium")))
            entries += [
                ("/settings", t("Settings & Privacy", "Préférences et confidentialité")),
                ("/help", t("Help", "Aide")),
            ]
        links = [(href, text, "") for href, text in (*entries, ("/", t("Sign out", "Déconnexion")))]
        busy = self.variant("halfdrawn")
        if busy:
            first = links.pop(0) if sales else ("/settings", t("Settings", "Paramètres"), "")
            links = [first] + [(href, text, " data-later hidden") for href, text, _ in links]
        if sales and self.variant("names"):
            photo = t(f"Profile photo of {PERSON}", f"Photo de profil de {PERSON}")
            return self.menu("me-menu", '<span aria-hidden="true">AM</span>', links, label=photo, busy=busy)
        return self.menu("me-menu", f'<span aria-hidden="true">◯</span> {t("Me", "Vous")}', links, busy=busy)

    def page(self, title: str, body: str, nav: str = "", *, sales: bool = False) -> Response:
        """A page: the account menu and the primary links first in the navigation, then the section's own."""
        t = self.t
        top = (
            f'{self.me_menu(sales)}<a href="/">{t("Home", "Accueil")}</a><a href="/mynetwork">'
            f'{t("My Network", "Réseau")}</a><a href="/messaging">{t("Messaging", "Messagerie")}</a><hr>'
        )
        if self.variant("halfdrawn"):
            body += f"<script>{HALFDRAWN_JS}</script>"
        return self.shell(title, body, nav=top + nav, user=self.user)

    def facts_list(self, sub: dict[str, Any]) -> str:
        """The subscription's facts as the page shows them (both layouts; variant ``formats``: other forms)."""
        t = self.t
        channel = CHANNELS.get(sub["channel"], CHANNELS["web"])
        role = ROLES.get(sub["role"], ROLES["purchaser"])
        seats = str(sub["seats"])
        if self.variant("formats"):
            seats = t(
                f"{sub['assigned']} of {sub['seats']} assigned", f"{sub['assigned']} attribuées sur {sub['seats']}"
            )
        rows = [
            (t("Subscription", "Abonnement"), esc(sub["name"])),
            (t("Status", "Statut"), esc(self.status(sub))),
            (t("Plan", "Forfait"), esc(sub["plan"])),
            (t("Seats", "Licences" if self.variant("formats") else "Postes"), seats),
            (t("InMail credits left", "Crédits InMail restants"), str(sub["inmail"])),
        ]
        if not self.why_not(sub):  # explained: the page says why instead of naming the channel
            rows.append((t("Purchase channel", "Canal d’achat"), esc(self.t(*channel))))
        rows.append(
            (
                t("Next billing date", "Prochaine date de facturation"),
                self.day(sub["next_billing"]) if sub["status"] == "Active" else "—",
            )
        )
        if sub["trial"]:
            rows.append((t("Free trial ends", "Fin de l’essai gratuit"), self.day(sub["next_billing"])))
        rows += [
            (t("Your role", "Votre rôle"), esc(self.t(*role))),
            (t("Team admin", "Administrateur de l’équipe"), OTHER_USER),
            (t("Payment method", "Moyen de paiement"), CARD),
        ]
        if not self.variant("formats"):
            return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
        if self.lang == "fr":
            return "".join(f"<p>{k} : {v}</p>" for k, v in rows)
        cells = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
        return f'<table aria-label="{t("Details", "Détails")}">{cells}</table>'

    # --- routes ----------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/":
            return handle_sales(self, request, "/sales") if self.legacy or self.entry == "sales" else admin.feed(self)
        if path.startswith("/sales"):
            return handle_sales(self, request, path)
        if path == "/settings":
            return admin.settings_privacy(self)
        if path == "/premium/manage":
            return admin.premium(self)
        if path == "/admin":
            return admin.admin_home(self)
        if path == "/admin/purchases":
            return admin.purchases(self, request.query.get("tab", "active"))
        m = re.fullmatch(r"/admin/purchases/([\w-]+)(/cancel)?", path)
        if m and (sub := self.find(m.group(1))):
            if m.group(2) and request.method == "POST":
                return self.cancel(sub, request.form, "current")
            return admin.details(self, sub, done=request.query.get("done") == "1")
        if path in ("/help", "/mynetwork", "/messaging", "/in/alex-morgan", "/settings/purchases"):
            return self.page(self.t("Coming soon", "Bientôt"), f"<h1>{esc(path.rsplit('/', 1)[-1].title())}</h1>")
        return Response(f"<h1>{self.t('Page not found', 'Page introuvable')}</h1>", status=404)

    def cancel(self, sub: dict[str, Any], form: dict[str, str], layout: str) -> Response:
        """The irreversible request: the renewal stops; access runs to the end of the billing cycle."""
        if (why := self.why_not(sub)) is not None:
            return Response(f"<h1>{esc(why)}</h1>", status=403)
        if sub["status"] != "Active":
            return Response(f"<h1>{self.t('Already cancelled.', 'Déjà annulé.')}</h1>", status=409)
        self.irreversible("cancel", subscription=sub["name"], layout=layout, reason=form.get("reason", ""))
        sub["status"] = "Cancelled"
        sub["end"] = sub["next_billing"]
        if layout == "legacy":
            return Response.redirect("/sales/cancel/done")
        return Response.redirect(f"/admin/purchases/{sub['id']}?done=1")
