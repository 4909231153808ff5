"""The Sales Navigator screens of the LinkedIn sandbox: home, Admin menu, Settings › Account Type, cancel wizard.

Legacy path: profile photo (or Me) › Settings, section Account Type (``older``: a link to a page of that
name) › Cancel Subscription → Continue to cancel → reason (radio) → Continue → retention offer (Accept
offer / No thanks, continue to cancel) → Confirm cancellation → Done. Current path from Sales Navigator
(``entry=sales``): Admin › Admin Center (``older``: Admin Settings › Manage Your Account). Labels
docs/portals.md gives no French for stay English on the French portal, as the real one often does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from sandboxes.server import Request, Response, esc

if TYPE_CHECKING:
    from sandboxes.linkedin.portal import LinkedInPortal

REASONS = (
    ("I no longer need it", "Je n’en ai plus besoin"),
    ("It's too expensive", "C’est trop cher"),
    ("I'm not using it enough", "Je ne l’utilise pas assez"),
    ("I found a better tool", "J’ai trouvé un meilleur outil"),
    ("Other", "Autre"),
)


def account_type_url(portal: LinkedInPortal) -> str:
    """Where Account Type is: a page of its own on older portals, a section of Settings otherwise."""
    return "/sales/settings/account-type" if portal.older else "/sales/settings"


def handle_sales(portal: LinkedInPortal, request: Request, path: str) -> Response:
    """Every ``/sales…`` route."""
    sub = portal.subscriptions[0]
    reason = request.query.get("reason") or request.form.get("reason", "")
    offered = request.query.get("offer") == "1"
    if path == "/sales":
        return sales_home(portal)
    if path == "/sales/admin":
        return admin_settings(portal)
    if path == "/sales/settings":
        return settings(portal, offered) if not portal.older else older_settings(portal)
    if path == "/sales/settings/account-type":
        if not portal.older:
            return Response.redirect("/sales/settings" + ("?offer=1" if offered else ""))
        return account_type(portal, offered)
    if sub["status"] != "Active" and path != "/sales/cancel/done":
        return Response.redirect(account_type_url(portal))
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
        return Response.redirect(f"{account_type_url(portal)}?offer=1")
    if path == "/sales/cancel/confirm":
        return confirm(portal, reason)
    if path == "/sales/cancel/done":
        return done(portal)
    return Response(f"<h1>{portal.t('Page not found', 'Page introuvable')}</h1>", status=404)


def sales_page(portal: LinkedInPortal, title: str, body: str, nav: str) -> Response:
    return portal.page(title, body, nav=nav, sales=True)


def sales_home(portal: LinkedInPortal) -> Response:
    t = portal.t
    return sales_page(
        portal,
        "Sales Navigator",
        f"""<h1>Sales Navigator</h1>
<h2>{t("Lead recommendations", "Prospects recommandés")}</h2>
<article class="card"><p>Priya Shah · VP Sales, Fabrikam</p><button type="button">{t("Save", "Enregistrer")}</button>
<button type="button">{t("Message", "Message")}</button>
<button type="button">{t("Comment", "Commenter")}</button></article>""",
        sales_nav(portal),
    )


def sales_nav(portal: LinkedInPortal) -> str:
    """Sales Navigator's top menu; an admin of the current path (``entry=sales``) also has its Admin menu."""
    t = portal.t
    links = (
        f'<a href="/">{t("Home", "Accueil")}</a><a href="/sales/lists">{t("Lists", "Listes")}</a>'
        f'<a href="/sales/accounts">{t("Accounts", "Comptes")}</a>'
    )
    if portal.legacy or portal.entry != "sales":
        return links
    first = (
        ("/sales/admin", "Admin Settings", "")
        if portal.older
        else (
            "/admin",
            t("Admin Center", "Centre d’administration"),
            portal.to_admin(),
        )
    )
    entries = [first, ("/sales/usage", t("Usage reporting", "Rapports d’utilisation"), "")]
    return links + portal.menu("admin-menu", "Admin", entries)


def admin_settings(portal: LinkedInPortal) -> Response:
    """Older: Admin › Admin Settings, whose left rail's Manage Your Account opens the Admin Center."""
    t = portal.t
    rail = (
        f'<a href="/sales/admin">{t("Seat management", "Gestion des postes")}</a>'
        f'<a href="/admin"{portal.to_admin()}>Manage Your Account</a>'
        f'<a href="/sales/admin">{t("CRM settings", "Paramètres CRM")}</a>'
    )
    body = f"""<h1>Admin Settings</h1><p>{t("Signed in as", "Connecté en tant que")} {esc(portal.user)}</p>
<p>{t("Seats assigned", "Postes attribués")}: {portal.subscriptions[0]["assigned"]}</p>"""
    return sales_page(portal, "Admin Settings", body, sales_nav(portal) + "<hr>" + rail)


def settings_nav(portal: LinkedInPortal) -> str:
    t = portal.t
    account_type = f'<a href="{account_type_url(portal)}">{t("Account Type", "Type de compte")}</a>'
    return (
        f'<a href="/sales/settings">{t("General", "Général")}</a>{account_type if portal.older else ""}'
        f'<a href="/sales/settings">{t("Notifications", "Notifications")}</a>'
        f'<a href="/sales/settings">{t("Integrations (CRM sync)", "Intégrations (synchronisation CRM)")}</a>'
    )


def banners(portal: LinkedInPortal, offered: bool) -> str:
    t = portal.t
    sub = portal.subscriptions[0]
    shown = ""
    if offered:
        shown = f'<div class="banner" role="status">{t("Offer applied: 50% off your next 2 months.")}</div>'
    if sub["end"]:
        shown += f'<div class="banner" role="status">{portal.end_notice(sub)}</div>'
    return shown


def account_type_section(portal: LinkedInPortal, heading: str) -> str:
    """The subscription under Account Type: its facts, Change plan and Cancel Subscription (variant
    ``explain``: Cancel Subscription left out, and the sentence saying why)."""
    t = portal.t
    sub = portal.subscriptions[0]
    why = portal.why_not(sub)
    if sub["status"] != "Active":
        action = f'<button type="button">{t("Reactivate subscription", "Réactiver l’abonnement")}</button>'
    elif why:
        action = f'<p class="warn">{esc(why)}</p>'
    else:
        action = f'<a class="btn" href="/sales/cancel">{t("Cancel Subscription", "Annuler mon abonnement")}</a>'
    return f"""<section class="card">{heading}<h3>{esc(sub["name"])}</h3>{portal.facts_list(sub)}
<a class="btn" href="/sales/settings">{t("Change plan", "Changer de forfait")}</a> {action}</section>"""


def settings(portal: LinkedInPortal, offered: bool) -> Response:
    """Settings, one page of sections; Account Type is one of them (its heading, then its subscription)."""
    t = portal.t
    body = f"""{banners(portal, offered)}<h1>{t("Settings", "Paramètres")}</h1>
<p>{t("Signed in as", "Connecté en tant que")} {esc(portal.user)}</p>
<section class="card"><h2>{t("General", "Général")}</h2>
<p>{t("Email notifications", "Notifications par e-mail")}: {t("On", "Activées")}</p></section>
{account_type_section(portal, f"<h2>{t('Account Type', 'Type de compte')}</h2>")}
<section class="card"><h2>{t("Integrations (CRM sync)", "Intégrations (synchronisation CRM)")}</h2>
<p>Salesforce: {t("Connected", "Connecté")}</p></section>"""
    return sales_page(portal, t("Settings", "Paramètres"), body, settings_nav(portal))


def older_settings(portal: LinkedInPortal) -> Response:
    t = portal.t
    return sales_page(
        portal,
        t("Settings", "Paramètres"),
        f"""<h1>{t("Settings", "Paramètres")}</h1>
<p>{t("Signed in as", "Connecté en tant que")} {esc(portal.user)}</p>
<p>{t("Email notifications", "Notifications par e-mail")}: {t("On", "Activées")}</p>""",
        settings_nav(portal),
    )


def account_type(portal: LinkedInPortal, offered: bool) -> Response:
    """Older: Account Type as a page of its own."""
    t = portal.t
    heading = f"<h1>{t('Account Type', 'Type de compte')}</h1>"
    body = f"{banners(portal, offered)}{heading}{account_type_section(portal, '')}"
    return sales_page(portal, t("Account Type", "Type de compte"), body, settings_nav(portal))


def wizard(portal: LinkedInPortal, title: str, body: str) -> Response:
    sub = portal.subscriptions[0]
    return sales_page(
        portal, title, f"<h1>{esc(title)}</h1><p><b>{esc(sub['name'])}</b></p>{body}", settings_nav(portal)
    )


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
<a class="btn" href="{account_type_url(portal)}">{t("Keep subscription", "Garder l’abonnement")}</a>
<a class="btn" href="{account_type_url(portal)}">{t("Cancel", "Annuler")}</a>""",
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
<a class="btn" href="{account_type_url(portal)}">{t("Cancel", "Annuler")}</a></form>""",
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
<a class="btn" href="{account_type_url(portal)}">{t("Cancel", "Annuler")}</a></form>""",
    )


def done(portal: LinkedInPortal) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    if not sub["end"]:
        return Response.redirect(account_type_url(portal))
    return wizard(
        portal,
        t("Your subscription has been cancelled", "Votre abonnement a été annulé"),
        f"""
<p role="status">{portal.end_notice(sub)}</p>
<a class="btn primary" href="{account_type_url(portal)}">Done</a>""",
    )
