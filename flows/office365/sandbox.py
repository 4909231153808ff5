"""The Microsoft 365 admin center sandbox: the layouts of PORTALS.md, in English and French.

Scenario options (``NAME,key=value``): ``locale`` (en|fr), ``layout`` (mosa), ``licenses`` (assigned),
``channel`` (direct|partner|trial|product-key), ``role`` (Global admin…), ``status`` (Active|Disabled…),
``subscriptions`` (how many active subscriptions the tenant has).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from flows.sandbox import Portal, Request, Response, esc

PRODUCTS = (
    ("Microsoft 365 Business Standard", "€11.70 user/month"),
    ("Microsoft 365 E3", "€34.40 user/month"),
    ("Exchange Online (Plan 1)", "€3.70 user/month"),
)

STATUS_FR = {"Active": "Actif", "Disabled": "Désactivé", "Expired": "Expiré", "Deleted": "Supprimé"}
CHANNELS = {
    "direct": ("Direct from Microsoft", "Directement auprès de Microsoft"),
    "partner": ("Partner (Contoso Reseller Ltd)", "Partenaire (Contoso Reseller Ltd)"),
    "trial": ("Trial", "Version d’évaluation"),
    "product-key": ("Product key (prepaid)", "Clé de produit (prépayé)"),
}
MONTHS_FR = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split()


class Office365Portal(Portal):
    vendor = "office365"
    brand = "Microsoft 365 admin center"
    default_scenario = "mosa"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {
        "mosa": {"layout": "mosa"},
        "two-subscriptions": {"layout": "mosa", "subscriptions": "2"},
        "too-many-licenses": {"layout": "mosa", "licenses": "30"},
        "partner": {"layout": "mosa", "channel": "partner"},
        "trial": {"layout": "mosa", "channel": "trial"},
        "product-key": {"layout": "mosa", "channel": "product-key"},
        "not-admin": {"layout": "mosa", "role": "User administrator"},
        "already-disabled": {"layout": "mosa", "status": "Disabled"},
    }

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        o = self.options
        today = date.today()
        count = int(o.get("subscriptions", 1))
        self.subscriptions: list[dict[str, Any]] = []
        for i in range(count):
            name, price = PRODUCTS[i % len(PRODUCTS)]
            self.subscriptions.append(
                {
                    "id": f"sub-{i + 1}",
                    "name": name,
                    "price": price,
                    "status": o.get("status", "Active") if i == 0 else "Active",
                    "assigned": int(o.get("licenses", 12)) if i == 0 else 3,
                    "total": max(int(o.get("licenses", 12)), 20) if i == 0 else 5,
                    "account": o.get("account", "MOSA"),
                    "channel": o.get("channel", "direct"),
                    "start": today - timedelta(days=int(o.get("age_days", 40))),
                    "next_charge": today + timedelta(days=20),
                    "end": None,
                }
            )
        self.role = o.get("role", "Global admin")
        self.user = "admin@contoso.onmicrosoft.com"

    # --- helpers -------------------------------------------------------------------------------
    def day(self, d: date) -> str:
        if self.lang == "fr":
            return f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"
        return d.strftime("%B %-d, %Y")

    def status(self, sub: dict[str, Any]) -> str:
        return self.t(sub["status"], STATUS_FR.get(sub["status"]))

    def nav(self) -> str:
        t = self.t
        return f"""<a href="/">{t("Home", "Accueil")}</a><a href="/users">{t("Users", "Utilisateurs")}</a>
<button type="button" aria-expanded="false" data-toggle="billing-menu">{t("Billing", "Facturation")}</button>
<ul id="billing-menu" hidden><li><a href="/billing/products">{t("Your products", "Vos produits")}</a></li>
<li><a href="/billing/bills">{t("Bills & payments", "Factures et paiements")}</a></li>
<li><a href="/billing/accounts">{t("Billing accounts", "Comptes de facturation")}</a></li></ul>
<a href="/settings">{t("Settings", "Paramètres")}</a>"""

    def page(self, title: str, body: str) -> Response:
        return self.shell(title, body, nav=self.nav(), user=self.user)

    def find(self, sub_id: str) -> dict[str, Any] | None:
        return next((s for s in self.subscriptions if s["id"] == sub_id), None)

    # --- routes --------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/":
            return self.home()
        if path == "/billing/products":
            return self.products()
        m = re.fullmatch(r"/billing/products/([\w-]+)", path)
        if m and (sub := self.find(m.group(1))):
            return self.details(sub, done=request.query.get("done") == "1")
        m = re.fullmatch(r"/billing/products/([\w-]+)/cancel", path)
        if m and request.method == "POST" and (sub := self.find(m.group(1))):
            return self.cancel(sub, request.form)
        if path in ("/users", "/settings", "/billing/bills", "/billing/accounts"):
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

    def products(self) -> Response:
        t = self.t
        rows = "".join(
            f"""<tr><td><a href="/billing/products/{s["id"]}">{esc(s["name"])}</a></td>
<td>{esc(self.status(s))}</td><td>{s["assigned"]}/{s["total"]}</td><td>{esc(s["account"])}</td></tr>"""
            for s in self.subscriptions
        )
        return self.page(
            t("Your products", "Vos produits"),
            f"""<h1>{t("Your products", "Vos produits")}</h1>
<table aria-label="{t("Products", "Produits")}"><thead><tr><th>{t("Product name", "Nom du produit")}</th>
<th>{t("Status", "Statut")}</th><th>{t("Assigned licenses", "Licences attribuées")}</th>
<th>{t("Billing account type", "Type de compte de facturation")}</th></tr></thead><tbody>{rows}</tbody></table>""",
        )

    def details(self, sub: dict[str, Any], done: bool) -> Response:
        t = self.t
        channel = CHANNELS.get(sub["channel"], CHANNELS["direct"])
        banner = ""
        if done and sub["end"]:
            banner = f"""<div class="banner" role="status">{esc(sub["name"])} {t("has been canceled.", "a été annulé.")}
{t("Your subscription ended on", "Votre abonnement a pris fin le")} {self.day(sub["end"])}.</div>"""
        settings = ""
        if sub["status"] == "Active":
            settings = self.cancel_pane(sub)
        return self.page(
            sub["name"],
            f"""{banner}<h1>{esc(sub["name"])}</h1>
<dl><dt>{t("Status", "Statut")}</dt><dd>{esc(self.status(sub))}</dd>
<dt>{t("Licenses", "Licences")}</dt><dd>{sub["assigned"]} {t("of", "sur")} {sub["total"]} {t("assigned", "attribuées")}</dd>
<dt>{t("Billing account type", "Type de compte de facturation")}</dt><dd>{esc(sub["account"])}</dd>
<dt>{t("Purchase channel", "Canal d’achat")}</dt><dd>{esc(self.t(*channel))}</dd>
<dt>{t("Start date", "Date de début")}</dt><dd>{self.day(sub["start"])}</dd>
<dt>{t("Next charge date", "Date du prochain prélèvement")}</dt><dd>{self.day(sub["next_charge"]) if sub["status"] == "Active" else "—"}</dd>
<dt>{t("Price", "Prix")}</dt><dd>{esc(sub["price"])}</dd></dl>{settings}""",
        )

    def cancel_pane(self, sub: dict[str, Any]) -> str:
        t = self.t
        reasons = [
            t("It's too expensive", "C’est trop cher"),
            t("We no longer need it", "Nous n’en avons plus besoin"),
            t("We're moving to another product", "Nous passons à un autre produit"),
            t("Other", "Autre"),
        ]
        options = "".join(f"<option>{esc(r)}</option>" for r in reasons)
        return f"""<section aria-labelledby="sps"><h2 id="sps">{t("Subscription and payment settings",
"Paramètres d’abonnement et de paiement")}</h2>
<button type="button">{t("Buy licenses", "Acheter des licences")}</button>
<button type="button">{t("Cancel order", "Annuler la commande")}</button>
<button type="button" data-open="cancel-pane">{t("Cancel subscription", "Annuler l’abonnement")}</button></section>
<div role="dialog" id="cancel-pane" aria-labelledby="cancel-title" hidden>
<form method="post" action="/billing/products/{sub["id"]}/cancel">
<h2 id="cancel-title">Options for canceling your subscription</h2><p>{esc(sub["name"])}</p>
<div data-pane-page="1"><fieldset><legend>{t("When do you want to cancel?", "Quand voulez-vous annuler ?")}</legend>
<label><input type="radio" name="when" value="now">{t("Cancel now", "Annuler maintenant")}</label>
<label><input type="radio" name="when" value="renewal">Cancel before the next renewal date</label></fieldset>
<p class="error needs" hidden>{t("Choose an option.", "Choisissez une option.")}</p>
<button type="button" class="primary" data-page="2" data-require="when">{t("Next", "Suivant")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></div>
<div data-pane-page="2" hidden><p class="muted">{t("You'll get a prorated credit on your next bill.",
"Vous recevrez un crédit au prorata sur votre prochaine facture.")}</p>
<label for="reason">{t("Reason for canceling", "Motif de l’annulation")}</label>
<select id="reason" name="reason" required><option value="">{t("Select a reason", "Sélectionnez un motif")}</option>
{options}</select>
<label for="feedback">{t("Feedback (optional)", "Commentaires (facultatif)")}</label>
<textarea id="feedback" name="feedback" rows="3"></textarea>
<button type="submit" class="primary">{t("Cancel now", "Annuler maintenant")}</button>
<button type="button" data-page="1">{t("Back", "Retour")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></div></form></div>"""

    def cancel(self, sub: dict[str, Any], form: dict[str, str]) -> Response:
        if not form.get("reason"):
            return Response(f"<h1>{self.t('A reason is required.')}</h1>", status=400)
        self.irreversible("cancel", subscription=sub["name"], when=form.get("when", ""), reason=form["reason"])
        sub["status"] = "Disabled"
        sub["end"] = date.today()
        return Response.redirect(f"/billing/products/{sub['id']}?done=1")
