"""The LinkedIn Sales Navigator sandbox: both documented paths of PORTALS.md, in English and French.

Scenario options (``NAME,key=value``): ``locale`` (en|fr), ``layout`` (current|legacy), ``entry``
(premium|settings: how the current Me menu reaches the subscription), ``plan`` (Core|Advanced|Advanced Plus),
``seats``, ``inmail`` (credits left), ``channel`` (web|apple|google|contract|team), ``role``
(purchaser|product|seat), ``status`` (Active|Cancelled), ``trial`` (1: a free trial), ``subscriptions``
(how many active subscriptions the Admin Center lists).

The oracle records ``cancel`` for the cancellation and ``accept_offer`` if the retention offer is ever
accepted (it changes what is charged); a flow must never cause the second.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from flows.linkedin.sandbox_pages import handle_legacy, sales_home
from flows.sandbox import Portal, Request, Response, esc

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
ROLES = {
    "purchaser": ("Purchaser admin", "Administrateur acheteur"),
    "product": ("Product admin", "Administrateur produit"),
    "seat": ("Seat holder", "Titulaire d’un poste"),
}
STATUS_FR = {"Active": "Actif", "Cancelled": "Annulé", "Expired": "Expiré"}
OTHER_USER = "jordan.rivera@example.com"
CARD = "Visa 4111 1111 1111 1111"


class LinkedInPortal(Portal):
    vendor = "linkedin"
    brand = "LinkedIn"
    default_scenario = "current"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {
        "current": {"layout": "current"},
        "legacy": {"layout": "legacy"},
        "current-settings": {"layout": "current", "entry": "settings"},
        "trial": {"layout": "current", "trial": "1"},
        "inmail-left": {"layout": "legacy", "inmail": "37"},
        "team-seat": {"layout": "current", "channel": "team", "role": "seat"},
        "not-purchaser": {"layout": "current", "plan": "Advanced", "role": "product"},
        "apple": {"layout": "current", "channel": "apple"},
        "google-play": {"layout": "current", "channel": "google"},
        "sales-contract": {"layout": "current", "plan": "Advanced Plus", "channel": "contract"},
        "already-cancelled": {"layout": "current", "status": "Cancelled"},
        "two-subscriptions": {"layout": "current", "subscriptions": "2"},
    }

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        o = self.options
        today = date.today()
        plan = str(o.get("plan", "Core"))
        first = {
            "id": "sub-1",
            "name": f"Sales Navigator {plan}",
            "plan": plan,
            "seats": int(o.get("seats", 1)),
            "inmail": int(o.get("inmail", 0)),
            "channel": o.get("channel", "web"),
            "role": o.get("role", "purchaser"),
            "status": o.get("status", "Active"),
            "trial": str(o.get("trial", "")) in ("1", "true", "yes"),
            "next_billing": today + timedelta(days=int(o.get("days_left", 18))),
            "end": None,
        }
        if first["status"] != "Active":
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

    # --- helpers ---------------------------------------------------------------------------------
    @property
    def legacy(self) -> bool:
        return self.options.get("layout") == "legacy"

    def status(self, sub: dict[str, Any]) -> str:
        return self.t(sub["status"], STATUS_FR.get(sub["status"]))

    def find(self, sub_id: str) -> dict[str, Any] | None:
        return next((s for s in self.subscriptions if s["id"] == sub_id), None)

    def end_notice(self, sub: dict[str, Any]) -> str:
        return f"{self.t('Your subscription will end on', 'Votre abonnement prendra fin le')} {self.day(sub['end'])}."

    def me_menu(self) -> str:
        """The account menu: "Me" (French "Vous"), role=button opening a role=menu."""
        t = self.t
        if self.legacy:
            items = [
                ("/sales/settings", t("Settings", "Paramètres")),
                ("/help", t("Help Center", "Aide")),
                ("/", t("Sign out", "Déconnexion")),
            ]
        else:
            items = [("/in/alex-morgan", t("View profile", "Voir le profil"))]
            if self.options.get("entry", "premium") != "settings":
                items.append(("/premium/manage", t("Premium features", "Fonctionnalités Premium")))
            items += [
                ("/settings", t("Settings & Privacy", "Préférences et confidentialité")),
                ("/help", t("Help", "Aide")),
                ("/", t("Sign out", "Déconnexion")),
            ]
        links = "".join(f'<a role="menuitem" href="{href}">{esc(name)}</a>' for href, name in items)
        return (
            f'<div class="me"><button type="button" aria-haspopup="menu" aria-expanded="false" '
            f'data-toggle="me-menu"><span aria-hidden="true">◯</span> {t("Me", "Vous")}</button>'
            f'<div role="menu" id="me-menu" aria-label="{t("Me", "Vous")}" hidden>{links}</div></div>'
        )

    def page(self, title: str, body: str, nav: str = "") -> Response:
        """A page: the account menu and the primary links first in the navigation, then the section's own."""
        t = self.t
        top = (
            f'{self.me_menu()}<a href="/">{t("Home", "Accueil")}</a><a href="/mynetwork">'
            f'{t("My Network", "Réseau")}</a><a href="/messaging">{t("Messaging", "Messagerie")}</a><hr>'
        )
        return self.shell(title, body, nav=top + nav, user=self.user)

    # --- routes ----------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/":
            return sales_home(self) if self.legacy else self.feed()
        if path.startswith("/sales"):
            return handle_legacy(self, request, path)
        if path == "/settings":
            return self.settings_privacy()
        if path == "/premium/manage":
            return self.premium()
        if path == "/admin":
            return self.admin_home()
        if path == "/admin/purchases":
            return self.purchases(request.query.get("tab", "active"))
        m = re.fullmatch(r"/admin/purchases/([\w-]+)(/cancel)?", path)
        if m and (sub := self.find(m.group(1))):
            if m.group(2) and request.method == "POST":
                return self.cancel(sub, request.form, "current")
            return self.details(sub, done=request.query.get("done") == "1")
        if path in ("/help", "/mynetwork", "/messaging", "/in/alex-morgan"):
            return self.page(self.t("Coming soon", "Bientôt"), f"<h1>{esc(path.rsplit('/', 1)[-1].title())}</h1>")
        return Response(f"<h1>{self.t('Page not found', 'Page introuvable')}</h1>", status=404)

    def cancel(self, sub: dict[str, Any], form: dict[str, str], layout: str) -> Response:
        """The irreversible request: the renewal stops; access runs to the end of the billing cycle."""
        if sub["status"] != "Active":
            return Response(f"<h1>{self.t('Already cancelled.', 'Déjà annulé.')}</h1>", status=409)
        self.irreversible("cancel", subscription=sub["name"], layout=layout, reason=form.get("reason", ""))
        sub["status"] = "Cancelled"
        sub["end"] = sub["next_billing"]
        if layout == "legacy":
            return Response.redirect("/sales/cancel/done")
        return Response.redirect(f"/admin/purchases/{sub['id']}?done=1")

    # --- current layout: linkedin.com and the Admin Center --------------------------------------------
    def feed(self) -> Response:
        t = self.t
        return self.page(
            t("Feed", "Fil d’actualité"),
            f"""<h1>{t("Home", "Accueil")}</h1>
<article class="card"><p>Taylor Kim · {t("Account Executive", "Responsable de compte")}</p>
<p>{t("Our Q3 pipeline review is live.", "Notre revue du pipeline du T3 est en ligne.")}</p>
<button type="button">{t("Like", "J’aime")}</button><button type="button">{t("Comment", "Commenter")}</button>
<button type="button">{t("Repost", "Republier")}</button></article>""",
        )

    def settings_privacy(self) -> Response:
        t = self.t
        return self.page(
            t("Settings", "Préférences"),
            f"""<h1>{t("Settings", "Préférences")}</h1>
<button type="button" aria-expanded="false" data-toggle="prefs">
{t("Account preferences", "Préférences du compte")}</button>
<ul id="prefs" hidden><li><a href="/settings/display">{t("Display", "Affichage")}</a></li>
<li><a href="/premium/manage">{t("Subscriptions & payments", "Abonnements et paiements")}</a></li></ul>
<button type="button">{t("Sign in & security", "Connexion et sécurité")}</button>""",
        )

    def premium(self) -> Response:
        t = self.t
        sub = self.subscriptions[0]
        return self.page(
            t("Premium features", "Fonctionnalités Premium"),
            f"""
<h1>{t("Premium features", "Fonctionnalités Premium")}</h1>
<p>{esc(sub["name"])} · {sub["inmail"]} {t("InMail credits left", "crédits InMail restants")}</p>
<a class="btn" href="/admin">{t("Manage subscription", "Gérer le compte Premium")}</a>""",
        )

    def admin_nav(self) -> str:
        t = self.t
        return (
            f'<a href="/admin">{t("Overview", "Vue d’ensemble")}</a><a href="/admin/users">'
            f'{t("Users", "Utilisateurs")}</a><a href="/admin/purchases">{t("Purchases", "Achats")}</a>'
            f'<a href="/admin/settings">{t("Settings", "Paramètres")}</a>'
        )

    def admin_home(self) -> Response:
        t = self.t
        return self.page(
            t("Admin Center", "Centre d’administration"),
            f"""
<h1>{t("Admin Center", "Centre d’administration")}</h1><p>{t("Signed in as", "Connecté en tant que")}
{esc(self.user)}</p><p>{t("Other admins", "Autres administrateurs")}: {OTHER_USER}</p>""",
            nav=self.admin_nav(),
        )

    def purchases(self, tab: str) -> Response:
        t = self.t
        if tab == "inactive":
            rows = (
                f'<tr><td><a href="/admin/purchases/old">LinkedIn Premium Career</a></td>'
                f"<td>{t('Expired', 'Expiré')}</td><td>1</td><td>—</td></tr>"
            )
        else:
            rows = "".join(
                f"""<tr><td><a href="/admin/purchases/{s["id"]}">{esc(s["name"])}</a></td><td>{esc(self.status(s))}</td>
<td>{s["seats"]}</td><td>{self.day(s["end"] or s["next_billing"])}</td></tr>"""
                for s in self.subscriptions
            )
        tabs = "".join(
            f'<a role="tab" href="/admin/purchases?tab={key}" aria-selected="{str(key == tab).lower()}">{name}</a> '
            for key, name in (("active", t("Active", "Actifs")), ("inactive", t("Inactive", "Inactifs")))
        )
        return self.page(
            t("Purchases", "Achats"),
            f"""<h1>{t("Purchases", "Achats")}</h1>
<div role="tablist">{tabs}</div><table aria-label="{t("Purchases", "Achats")}"><thead><tr>
<th>{t("Product", "Produit")}</th><th>{t("Status", "Statut")}</th><th>{t("Seats", "Postes")}</th>
<th>{t("Next billing date", "Prochaine date de facturation")}</th></tr></thead><tbody>{rows}</tbody></table>""",
            nav=self.admin_nav(),
        )

    def facts_list(self, sub: dict[str, Any]) -> str:
        """The subscription's facts as the page shows them (both layouts)."""
        t = self.t
        channel = CHANNELS.get(sub["channel"], CHANNELS["web"])
        role = ROLES.get(sub["role"], ROLES["purchaser"])
        trial = (
            f"<dt>{t('Free trial ends', 'Fin de l’essai gratuit')}</dt><dd>{self.day(sub['next_billing'])}</dd>"
            if sub["trial"]
            else ""
        )
        billing = self.day(sub["next_billing"]) if sub["status"] == "Active" else "—"
        return f"""<dl><dt>{t("Subscription", "Abonnement")}</dt><dd>{esc(sub["name"])}</dd>
<dt>{t("Status", "Statut")}</dt><dd>{esc(self.status(sub))}</dd>
<dt>{t("Plan", "Forfait")}</dt><dd>{esc(sub["plan"])}</dd><dt>{t("Seats", "Postes")}</dt><dd>{sub["seats"]}</dd>
<dt>{t("InMail credits left", "Crédits InMail restants")}</dt><dd>{sub["inmail"]}</dd>
<dt>{t("Purchase channel", "Canal d’achat")}</dt><dd>{esc(self.t(*channel))}</dd>
<dt>{t("Next billing date", "Prochaine date de facturation")}</dt><dd>{billing}</dd>{trial}
<dt>{t("Your role", "Votre rôle")}</dt><dd>{esc(self.t(*role))}</dd>
<dt>{t("Team admin", "Administrateur de l’équipe")}</dt><dd>{OTHER_USER}</dd>
<dt>{t("Payment method", "Moyen de paiement")}</dt><dd>{CARD}</dd></dl>"""

    def details(self, sub: dict[str, Any], done: bool) -> Response:
        t = self.t
        banner = ""
        if sub["end"]:
            lead = (
                t("Your free trial has been cancelled.", "Votre essai gratuit a été annulé.")
                if sub["trial"]
                else t("Your subscription has been cancelled.", "Votre abonnement a été annulé.")
            )
            banner = f'<div class="banner" role="status">{lead if done else ""} {self.end_notice(sub)}</div>'
        entry = (
            t("Cancel free trial", "Annuler l’essai gratuit")
            if sub["trial"]
            else t("Cancel subscription", "Annuler l’abonnement")
        )
        if sub["status"] == "Active":
            items = (
                f'<button type="button" role="menuitem">{t("Add seats", "Ajouter des postes")}</button>'
                f'<button type="button" role="menuitem">{t("Change plan", "Changer de forfait")}</button>'
                f'<button type="button" role="menuitem" data-open="cancel-pane">{esc(entry)}</button>'
            )
        else:
            items = (
                f'<button type="button" role="menuitem">'
                f"{t('Reactivate subscription', 'Réactiver l’abonnement')}</button>"
            )
        pane = self.cancel_pane(sub, entry) if sub["status"] == "Active" else ""
        return self.page(
            sub["name"],
            f"""{banner}<h1>{esc(sub["name"])}</h1>{self.facts_list(sub)}
<p><button type="button" aria-haspopup="menu" aria-expanded="false" data-toggle="actions-menu">Actions</button></p>
<div role="menu" id="actions-menu" aria-label="Actions" hidden>{items}</div>{pane}""",
            nav=self.admin_nav(),
        )

    def cancel_pane(self, sub: dict[str, Any], title: str) -> str:
        t = self.t
        return f"""<div role="dialog" id="cancel-pane" aria-labelledby="cancel-title" hidden>
<form method="post" action="/admin/purchases/{sub["id"]}/cancel"><h2 id="cancel-title">{esc(title)}</h2>
<p><b>{esc(sub["name"])}</b></p><p>{t("You keep access until", "Vous gardez l’accès jusqu’au")}
{self.day(sub["next_billing"])}.
{
            t(
                "Saved leads, accounts and notes are deleted at cancellation and cannot be exported.",
                "Les prospects, comptes et notes enregistrés sont supprimés à l’annulation"
                " et ne peuvent pas être exportés.",
            )
        }</p>
<button type="submit" class="primary">{t("Confirm cancel", "Confirmer l’annulation")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></form></div>"""
