"""The current path's screens of the LinkedIn sandbox: the feed, Settings & Privacy, Premium, the Admin Center.

Me › Premium features (or Settings & Privacy › Account preferences, section Subscriptions & payments ›
Manage Premium account) › Manage subscription → Admin Center › Purchases (tabs Active, Inactive) → the
subscription → Actions › Cancel subscription (trial: Cancel free trial) → Confirm cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandboxes.server import Response, esc

if TYPE_CHECKING:
    from sandboxes.linkedin.portal import LinkedInPortal

OTHER_USER = "jordan.rivera@example.com"  # another admin of the account (the capture masks other e-mails)
OLD_PURCHASE = "LinkedIn Premium Career"  # always under Inactive: an ended purchase that is not ours to cancel


def feed(portal: LinkedInPortal) -> Response:
    t = portal.t
    return portal.page(
        t("Feed", "Fil d’actualité"),
        f"""<h1>{t("Home", "Accueil")}</h1>
<article class="card"><p>Taylor Kim · {t("Account Executive", "Responsable de compte")}</p>
<p>{t("Our Q3 pipeline review is live.", "Notre revue du pipeline du T3 est en ligne.")}</p>
<button type="button">{t("Like", "J’aime")}</button><button type="button">{t("Comment", "Commenter")}</button>
<button type="button">{t("Repost", "Republier")}</button></article>""",
    )


def settings_privacy(portal: LinkedInPortal) -> Response:
    """Settings & Privacy › Account preferences: "Subscriptions & payments" is a section heading with
    Manage Premium account inside (``older``: a link of that name, under a folded Account preferences)."""
    t = portal.t
    if portal.older:
        body = f"""<h1>{t("Settings", "Préférences")}</h1>
<button type="button" aria-expanded="false" data-toggle="prefs">
{t("Account preferences", "Préférences du compte")}</button>
<ul id="prefs" hidden><li><a href="/settings/display">{t("Display", "Affichage")}</a></li>
<li><a href="/premium/manage">{t("Subscriptions & payments", "Abonnements et paiements")}</a></li></ul>
<button type="button">{t("Sign in & security", "Connexion et sécurité")}</button>"""
        return portal.page(t("Settings", "Préférences"), body)
    rail = (
        f'<a href="/settings" aria-current="page">{t("Account preferences", "Préférences du compte")}</a>'
        f'<a href="/settings/security">{t("Sign in & security", "Connexion et sécurité")}</a>'
        f'<a href="/settings/visibility">{t("Visibility", "Visibilité")}</a>'
    )
    body = f"""<h1>{t("Account preferences", "Préférences du compte")}</h1>
<section class="card"><h2>{t("Profile information", "Informations du profil")}</h2>
<a href="/in/alex-morgan">{t("Name, location, and industry", "Nom, lieu et secteur")}</a></section>
<section class="card"><h2>{t("Display", "Affichage")}</h2><p>{t("Dark mode", "Mode sombre")}: Off</p></section>
<section class="card"><h2>{t("Subscriptions & payments", "Abonnements et paiements")}</h2><ul>
<li><a href="/premium/manage">{t("Manage Premium account", "Gérer le compte Premium")}</a></li>
<li><a href="/settings/purchases">{t("View purchase history", "Voir l’historique des achats")}</a></li>
</ul></section>"""
    return portal.page(t("Settings", "Préférences"), body, nav=rail)


def premium(portal: LinkedInPortal) -> Response:
    t = portal.t
    sub = portal.subscriptions[0]
    return portal.page(
        t("Premium features", "Fonctionnalités Premium"),
        f"""
<h1>{t("Premium features", "Fonctionnalités Premium")}</h1>
<p>{esc(sub["name"])} · {sub["inmail"]} {t("InMail credits left", "crédits InMail restants")}</p>
<a class="btn" href="/admin"{portal.to_admin()}>{t("Manage subscription", "Gérer l’abonnement")}</a>""",
    )


def admin_nav(portal: LinkedInPortal) -> str:
    t = portal.t
    return (
        f'<a href="/admin">{t("Overview", "Vue d’ensemble")}</a><a href="/admin/users">'
        f'{t("Users", "Utilisateurs")}</a><a href="/admin/purchases">{t("Purchases", "Achats")}</a>'
        f'<a href="/admin/settings">{t("Settings", "Paramètres")}</a>'
    )


def admin_home(portal: LinkedInPortal) -> Response:
    t = portal.t
    return portal.page(
        t("Admin Center", "Centre d’administration"),
        f"""
<h1>{t("Admin Center", "Centre d’administration")}</h1><p>{t("Signed in as", "Connecté en tant que")}
{esc(portal.user)}</p><p>{t("Other admins", "Autres administrateurs")}: {OTHER_USER}</p>""",
        nav=admin_nav(portal),
    )


def purchases(portal: LinkedInPortal, tab: str) -> Response:
    """Purchases: tab Active lists what is running (cancelled ones until their end), Inactive what ended."""
    t = portal.t
    ended = [s for s in portal.subscriptions if s["status"] == "Expired"]
    if tab == "inactive":
        rows = "".join(
            f"""<tr><td><a href="/admin/purchases/{s["id"]}">{esc(s["name"])}</a></td><td>{esc(portal.status(s))}</td>
<td>{seats(portal, s)}</td><td>{portal.day(s["end"])}</td></tr>"""
            for s in ended
        )
        rows += (
            f'<tr><td><a href="/admin/purchases/old">{OLD_PURCHASE}</a></td>'
            f"<td>{t('Expired', 'Expiré')}</td><td>1</td><td>—</td></tr>"
        )
    else:
        rows = "".join(
            f"""<tr><td><a href="/admin/purchases/{s["id"]}">{esc(s["name"])}</a></td><td>{esc(portal.status(s))}</td>
<td>{seats(portal, s)}</td><td>{portal.day(s["end"] or s["next_billing"])}</td></tr>"""
            for s in portal.subscriptions
            if s not in ended
        )
    tabs = "".join(
        f'<a role="tab" href="/admin/purchases?tab={key}" aria-selected="{str(key == tab).lower()}">{name}</a> '
        for key, name in (("active", t("Active", "Actifs")), ("inactive", t("Inactive", "Inactifs")))
    )
    listed = (
        f"""<table aria-label="{t("Purchases", "Achats")}"><thead><tr><th>{t("Product", "Produit")}</th>
<th>{t("Status", "Statut")}</th><th>{t("Seats", "Postes")}</th>
<th>{t("Next billing date", "Prochaine date de facturation")}</th></tr></thead><tbody>{rows}</tbody></table>"""
        if rows
        else f"<p>{t('You have no active purchases.', 'Vous n’avez aucun achat actif.')}</p>"
    )
    return portal.page(
        t("Purchases", "Achats"),
        f"""<h1>{t("Purchases", "Achats")}</h1><div role="tablist">{tabs}</div>{listed}""",
        nav=admin_nav(portal),
    )


def seats(portal: LinkedInPortal, sub: dict[str, Any]) -> str:
    return f"{sub['assigned']}/{sub['seats']}" if portal.variant("formats") else str(sub["seats"])


def details(portal: LinkedInPortal, sub: dict[str, Any], done: bool) -> Response:
    """The subscription's page: its facts and the Actions menu (variant ``explain``: Cancel disabled, and why)."""
    t = portal.t
    banner = ""
    if sub["end"]:
        lead = (
            t("Your free trial has been cancelled.", "Votre essai gratuit a été annulé.")
            if sub["trial"]
            else t("Your subscription has been cancelled.", "Votre abonnement a été annulé.")
        )
        banner = f'<div class="banner" role="status">{lead if done else ""} {portal.end_notice(sub)}</div>'
    entry = (
        t("Cancel free trial", "Annuler l’essai gratuit")
        if sub["trial"]
        else t("Cancel subscription", "Annuler l’abonnement")
    )
    why = portal.why_not(sub)
    plain = portal.variant("menus")
    if sub["status"] != "Active":
        entries = [("", t("Reactivate subscription", "Réactiver l’abonnement"), "")]
    else:
        cancel = ("", entry, " disabled") if why else ("#" if plain else "", entry, ' data-open="cancel-pane"')
        entries = [
            ("#" if plain else "", t("Add seats", "Ajouter des postes"), ""),
            ("#" if plain else "", t("Change plan", "Changer de forfait"), ""),
            cancel,
        ]
    named = t(f"Actions for {sub['name']}", f"Actions pour {sub['name']}") if portal.variant("names") else ""
    actions = portal.menu("actions-menu", "Actions", entries, label=named)
    note = f'<p class="warn">{esc(why)}</p>' if why and sub["status"] == "Active" else ""
    pane = cancel_pane(portal, sub, entry) if sub["status"] == "Active" and not why else ""
    return portal.page(
        sub["name"],
        f"""{banner}<h1>{esc(sub["name"])}</h1>{portal.facts_list(sub)}{note}<div>{actions}</div>{pane}""",
        nav=admin_nav(portal),
    )


def cancel_pane(portal: LinkedInPortal, sub: dict[str, Any], title: str) -> str:
    t = portal.t
    return f"""<div role="dialog" id="cancel-pane" aria-labelledby="cancel-title" hidden>
<form method="post" action="/admin/purchases/{sub["id"]}/cancel"><h2 id="cancel-title">{esc(title)}</h2>
<p><b>{esc(sub["name"])}</b></p><p>{t("You keep access until", "Vous gardez l’accès jusqu’au")}
{portal.day(sub["next_billing"])}.
{
        t(
            "Saved leads, accounts and notes are deleted at cancellation and cannot be exported.",
            "Les prospects, comptes et notes enregistrés sont supprimés à l’annulation"
            " et ne peuvent pas être exportés.",
        )
    }</p>
<button type="submit" class="primary">{t("Confirm cancel", "Confirmer l’annulation")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></form></div>"""
