"""The legacy Sales Navigator screens of the LinkedIn sandbox: Settings › Account Type and the cancel wizard.

Cancel Subscription → Continue to cancel → reason (radio) → Continue → retention offer (Accept offer /
No thanks, continue to cancel) → Confirm cancellation → Done. Labels PORTALS.md gives no French for stay
English on the French portal, as the real one often does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from flows.sandbox import Request, Response, esc

if TYPE_CHECKING:
    from flows.linkedin.sandbox import LinkedInPortal

REASONS = (
    ("I no longer need it", "Je n’en ai plus besoin"),
    ("It's too expensive", "C’est trop cher"),
    ("I'm not using it enough", "Je ne l’utilise pas assez"),
    ("I found a better tool", "J’ai trouvé un meilleur outil"),
    ("Other", "Autre"),
)


def handle_legacy(portal: LinkedInPortal, request: Request, path: str) -> Response:
    """Every ``/sales…`` route."""
    sub = portal.subscriptions[0]
    reason = request.query.get("reason") or request.form.get("reason", "")
    if path == "/sales/settings":
        return settings(portal)
    if path == "/sales/settings/account-type":
        return account_type(portal, offer=request.query.get("offer") == "1")
    if sub["status"] != "Active" and path != "/sales/cancel/done":
        return Response.redirect("/sales/settings/account-type")
    if path == "/sales/cancel" and request.method == "POST":
        if not reason:
            return Response(f"<h1>{portal.t('A reason is required.', 'Un motif est obligatoire.')}</h1>", status=400)
        return portal.cancel(sub, request.form, "legacy")
    if path == "/sales/cancel":
        return intro(portal)
    if path == "/sales/cancel/reason":
        return survey(portal)
    if path in ("/sales/cancel/offer", "/sales/cancel/confirm") and not reason:
        return Response.redirect("/sales/cancel/reason")
    if path == "/sales/cancel/offer":
        return offer(portal, reason)
    if path == "/sales/cancel/accept-offer" and request.method == "POST":
        portal.irreversible("accept_offer", subscription=sub["name"], offer="50% off for 2 months")
        return Response.redirect("/sales/settings/account-type?offer=1")
    if path == "/sales/cancel/confirm":
        return confirm(portal, reason)
    if path == "/sales/cancel/done":
        return done(portal)
    return Response(f"<h1>{portal.t('Page not found', 'Page introuvable')}</h1>", status=404)


def sales_home(portal: LinkedInPortal) -> Response:
    t = portal.t
    return portal.page(
        "Sales Navigator",
        f"""<h1>Sales Navigator</h1>
<h2>{t("Lead recommendations", "Prospects recommandés")}</h2>
<article class="card"><p>Priya Shah · VP Sales, Fabrikam</p><button type="button">{t("Save", "Enregistrer")}</button>
<button type="button">{t("Message", "Message")}</button>
<button type="button">{t("Comment", "Commenter")}</button></article>""",
        nav=sales_nav(portal),
    )


def sales_nav(portal: LinkedInPortal) -> str:
    t = portal.t
    return (
        f'<a href="/">{t("Home", "Accueil")}</a><a href="/sales/lists">{t("Lists", "Listes")}</a>'
        f'<a href="/sales/accounts">{t("Accounts", "Comptes")}</a>'
    )


def settings_nav(portal: LinkedInPortal) -> str:
    t = portal.t
    return (
        f'<a href="/sales/settings">{t("General", "Général")}</a>'
        f'<a href="/sales/settings/account-type">{t("Account Type", "Type de compte")}</a>'
        f'<a href="/sales/settings">{t("Notifications", "Notifications")}</a>'
        f'<a href="/sales/settings">{t("Integrations (CRM sync)", "Intégrations (synchronisation CRM)")}</a>'
    )


def settings(portal: LinkedInPortal) -> Response:
    t = portal.t
    return portal.page(
        t("Settings", "Paramètres"),
        f"""<h1>{t("Settings", "Paramètres")}</h1>
<p>{t("Signed in as", "Connecté en tant que")} {esc(portal.user)}</p>
<p>{t("Email notifications", "Notifications par e-mail")}: {t("On", "Activées")}</p>""",
        nav=settings_nav(portal),
    )


def account_type(portal: LinkedInPortal, offer: bool) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    banner = ""
    if offer:
        banner = f'<div class="banner" role="status">{t("Offer applied: 50% off your next 2 months.")}</div>'
    if sub["end"]:
        banner += f'<div class="banner" role="status">{portal.end_notice(sub)}</div>'
    action = (
        f'<a class="btn" href="/sales/cancel">{t("Cancel Subscription", "Annuler mon abonnement")}</a>'
        if sub["status"] == "Active"
        else f'<button type="button">{t("Reactivate subscription", "Réactiver l’abonnement")}</button>'
    )
    return portal.page(
        t("Account Type", "Type de compte"),
        f"""{banner}<h1>{t("Account Type", "Type de compte")}</h1>
<section class="card" aria-labelledby="sub-name"><h2 id="sub-name">{esc(sub["name"])}</h2>{portal.facts_list(sub)}
<a class="btn" href="/sales/settings">{t("Change plan", "Changer de forfait")}</a> {action}</section>""",
        nav=settings_nav(portal),
    )


def wizard(portal: LinkedInPortal, title: str, body: str) -> Response:
    sub = portal.subscriptions[0]
    return portal.page(title, f"<h1>{esc(title)}</h1><p><b>{esc(sub['name'])}</b></p>{body}", nav=settings_nav(portal))


def intro(portal: LinkedInPortal) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    return wizard(
        portal,
        t("We're sorry to see you go", "Nous sommes désolés de vous voir partir"),
        f"""
<ul><li>{sub["inmail"]} {t("InMail credits will be lost.", "crédits InMail seront perdus.")}</li>
<li>{
            t(
                "Saved leads, accounts, notes and messages are deleted and cannot be exported.",
                "Les prospects, comptes, notes et messages enregistrés sont supprimés et ne peuvent pas être exportés.",
            )
        }</li></ul>
<a class="btn" href="/sales/cancel/reason">Continue to cancel</a>
<a class="btn" href="/sales/settings/account-type">{t("Keep subscription", "Garder l’abonnement")}</a>
<a class="btn" href="/sales/settings/account-type">{t("Cancel", "Annuler")}</a>""",
    )


def survey(portal: LinkedInPortal) -> Response:
    t = portal.t
    radios = "".join(
        f'<label><input type="radio" name="reason" value="{esc(t(en, fr))}" required> {esc(t(en, fr))}</label>'
        for en, fr in REASONS
    )
    return wizard(
        portal,
        t("Why are you cancelling?", "Pourquoi annulez-vous ?"),
        f"""
<form method="get" action="/sales/cancel/offer"><fieldset><legend>{
            t("Reason for cancelling", "Motif de l’annulation")
        }</legend>{radios}</fieldset>
<button type="submit" class="primary">{t("Continue", "Continuer")}</button>
<a class="btn" href="/sales/settings/account-type">{t("Cancel", "Annuler")}</a></form>""",
    )


def offer(portal: LinkedInPortal, reason: str) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    return wizard(
        portal,
        t("Before you go: a special offer", "Avant de partir : une offre spéciale"),
        f"""
<p class="card">{t("Get 50% off", "Profitez de 50 % de réduction sur")} {esc(sub["name"])}
{t("for your next 2 months.", "pendant vos 2 prochains mois.")}</p>
<form method="post" action="/sales/cancel/accept-offer"><input type="hidden" name="reason" value="{esc(reason)}">
<button type="submit" class="primary">Accept offer</button></form>
<a class="btn" href="/sales/cancel/confirm?reason={quote(reason, safe="")}">No thanks, continue to cancel</a>""",
    )


def confirm(portal: LinkedInPortal, reason: str) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    return wizard(
        portal,
        t("Confirm cancellation", "Confirmer l’annulation"),
        f"""
<p>{t("You keep access until", "Vous gardez l’accès jusqu’au")} {portal.day(sub["next_billing"])}.
{
            t(
                "After that, saved leads, accounts and notes are deleted.",
                "Ensuite, les prospects, comptes et notes enregistrés sont supprimés.",
            )
        }</p>
<p class="muted">{t("Reason", "Motif")}: {esc(reason)}</p>
<form method="post" action="/sales/cancel"><input type="hidden" name="reason" value="{esc(reason)}">
<button type="submit" class="primary">{t("Confirm cancellation", "Confirmer l’annulation")}</button>
<a class="btn" href="/sales/settings/account-type">{t("Cancel", "Annuler")}</a></form>""",
    )


def done(portal: LinkedInPortal) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    if not sub["end"]:
        return Response.redirect("/sales/settings/account-type")
    return wizard(
        portal,
        t("Your subscription has been cancelled", "Votre abonnement a été annulé"),
        f"""
<p role="status">{portal.end_notice(sub)}</p>
<a class="btn primary" href="/sales/settings/account-type">Done</a>""",
    )
