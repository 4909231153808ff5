"""The Salesforce sandbox's screens: Data Export, the Your Account app, Manage Renewals, Cancel Subscription."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sandboxes.salesforce.variants import (
    case_words,
    contract_way_in,
    contracts_words,
    export_left_out,
    licenses,
    manage_name,
    manage_words,
    no_access,
    row_way_in,
)
from sandboxes.server import Request, Response, esc

if TYPE_CHECKING:
    from sandboxes.salesforce.portal import SalesforcePortal

CARD = "Visa 4111 1111 1111 1111"
BILLING_CONTACT = "Dana Li (dana.li@acme-corp.example)"
AE = "Jordan Blake (jordan.blake@salesforce-ae.example)"
QUEUED = (
    "Your export has been queued. You'll receive an email when it's complete. The files are kept for 48 hours.",
    "Votre exportation a été mise en file d’attente. Vous recevrez un e-mail une fois "
    "terminée. Les fichiers sont conservés 48 heures.",
)
KEPT = (
    "Export a copy of your data. The export files are deleted 48 hours after they're ready; a "
    "new export replaces the previous one.",
    "Exportez une copie de vos données. Les fichiers sont supprimés 48 heures après leur "
    "génération ; une nouvelle exportation remplace la précédente.",
)
AE_NOTE = (
    "This contract was signed through your account executive. Contact them to change it.",
    "Ce contrat a été signé par l’intermédiaire de votre responsable de compte. Contactez-le pour le modifier.",
)
AUTHORIZE = (
    "To confirm that you're authorized to cancel, modify, and renew this contract, select this checkbox.",
    "Pour confirmer que vous êtes autorisé à annuler, modifier et renouveler ce contrat, cochez cette case.",
)


def route_path(path: str, pattern: str) -> re.Match[str] | None:
    return re.fullmatch(pattern, path)


def route(p: SalesforcePortal, request: Request) -> Response:
    path, post = request.path.rstrip("/") or "/", request.method == "POST"
    if path == "/":
        return p.home()
    if path == "/setup":
        return p.setup_home()
    if path == "/setup/data-export":
        return data_export(p, queued=request.query.get("queued") == "1")
    if path == "/setup/data-export/now":
        return export_now(p)
    if path == "/setup/data-export/start" and post:
        return start_export(p, request.form)
    if path.startswith("/account") and not p.billing():  # no Manage Billing: the app says so, and shows nothing
        return p.page(p.t("Your Account", "Votre compte"), no_access(p))
    if path == "/account":
        return your_account(p)
    if path == "/account/contracts":
        return contracts(p)
    if (m := route_path(path, r"/account/contracts/(\d+)")) and (c := p.contract(m.group(1))):
        return contract_page(p, c)
    if (m := route_path(path, r"/account/contracts/(\d+)/renewals")) and (c := p.contract(m.group(1))):
        return decide(p, c, request.form) if post else renewals(p, c)
    if (m := route_path(path, r"/account/contracts/(\d+)/renewals/done")) and (c := p.contract(m.group(1))):
        return renewal_done(p, c)
    if path == "/account/subscriptions/sub-1":
        return subscription(p, done=request.query.get("done") == "1")
    if path == "/account/subscriptions/sub-1/cancel" and post:
        return cancel_subscription(p, request.form)
    if path in ("/devconsole", "/setup/data-export/schedule"):
        return p.page(p.t("Coming soon", "Bientôt disponible"), f"<h1>{esc(path.rsplit('/', 1)[-1])}</h1>", setup=True)
    return Response(f"<h1>{p.t('Page not found', 'Page introuvable')}</h1>", status=404)


# --- Setup › Data Export ---------------------------------------------------------------------------
def data_export(p: SalesforcePortal, queued: bool) -> Response:
    t = p.t
    banner = ""
    if queued:
        banner = f"""<div class="banner" role="status">{t(*QUEUED)}</div>"""
    upcoming = p.last_export + timedelta(days=7)
    disabled = " disabled" if p.too_soon() else ""
    next_day = p.day(max(upcoming, date.today()), "export")
    note = ""
    button = f"""<button type="submit" class="primary"{disabled}>{t("Export Now", "Exporter maintenant")}</button>"""
    if p.too_soon() and p.variant("explain"):  # left out, with the sentence saying why
        note, button = export_left_out(p, next_day), ""
    elif p.too_soon():
        note = f"""<p class="warn">{
            t(
                "Export Now is not available: you can export once every 7 days.",
                "Exporter maintenant n’est pas disponible : une exportation tous les 7 jours.",
            )
        }</p>"""
    return p.page(
        t("Data Export", "Exportation des données"),
        f"""{banner}
<h1>{t("Data Export", "Exportation des données")}</h1>
<p class="muted">{t(*KEPT)}</p>
{
            p.dl(
                [
                    (t("Last export", "Dernière exportation"), p.day(p.last_export, "export")),
                    (t("Next export available", "Prochaine exportation disponible"), next_day),
                ]
            )
        }
{note}<form method="get" action="/setup/data-export/now">
{button}
<a class="btn" role="button" href="/setup/data-export/schedule">{t("Schedule Export", "Planifier l’exportation")}</a>
</form>""",
        setup=True,
    )


def export_now(p: SalesforcePortal) -> Response:
    t = p.t
    if p.too_soon():
        return p.error(t("Export Now is not available yet.", "Exporter maintenant n’est pas encore disponible."))
    encodings = (
        "ISO-8859-1 (General US & Western European, ISO-LATIN-1)",
        "Unicode (UTF-8)",
        "Unicode (UTF-16, Big Endian)",
        "Japanese (Shift_JIS)",
    )
    options = "".join(f"<option>{esc(e)}</option>" for e in encodings)
    boxes = "".join(
        f'<label><input type="checkbox" name="{name}">{esc(label)}</label>'
        for name, label in (
            (
                "images",
                t(
                    "Include images, documents, and attachments",
                    "Inclure les images, les documents et les pièces jointes",
                ),
            ),
            ("files", t("Include Salesforce Files and Salesforce CRM Content document versions")),
            ("replace_cr", t("Replace carriage returns with spaces")),
        )
    )
    objects = "".join(
        f'<label><input type="checkbox" name="obj_{o}">{o}</label>'
        for o in ("Account", "Contact", "Opportunity", "Case")
    )
    title = t("Data Export", "Exportation des données")
    return p.page(
        title,
        f"""<h1>{title}</h1><h2>{t("Export Now", "Exporter maintenant")}</h2>
<form method="post" action="/setup/data-export/start">
<label for="enc">{t("Export File Encoding", "Codage du fichier d’exportation")}</label>
<select id="enc" name="encoding">{options}</select>{boxes}
<fieldset><legend>{t("Exported Data", "Données exportées")}</legend>
<label><input type="checkbox" name="all_data">{t("Include all data", "Inclure toutes les données")}</label>
{objects}</fieldset>
<button type="submit" class="primary">{t("Start Export", "Démarrer l’exportation")}</button>
<a class="btn" role="button" href="/setup/data-export">{t("Cancel", "Annuler")}</a></form>""",
        setup=True,
    )


def start_export(p: SalesforcePortal, form: dict[str, str]) -> Response:
    if p.too_soon():
        return p.error(p.t("Export Now is not available yet."), status=409)
    p.irreversible(
        "start_export",
        encoding=form.get("encoding", ""),
        images="images" in form,
        files="files" in form,
        replace_cr="replace_cr" in form,
        all_data="all_data" in form,
    )
    p.last_export = date.today()
    return Response.redirect("/setup/data-export?queued=1")


# --- the Your Account app --------------------------------------------------------------------------
def account_tabs(p: SalesforcePortal) -> str:
    t = p.t
    if p.edition == "monthly":
        return ""
    return f"""<nav aria-label="{t("Your Account", "Votre compte")}" class="card"><a class="btn" href="/account">
{t("Overview", "Vue d’ensemble")}</a><a class="btn" href="/account/contracts">{contracts_words(p)}</a>
<a class="btn" href="/account">{t("Invoices", "Factures")}</a></nav>"""


def your_account(p: SalesforcePortal) -> Response:
    t = p.t
    body = ""
    if p.edition == "monthly":
        s = p.subscription
        href = "/account/subscriptions/sub-1"
        view = [(t("View Subscription", "Afficher l’abonnement"), href)]
        way_in = row_way_in(p, s["name"], "row-sub-1", s["name"], href, view)
        actions_th = f"<th>{t('Actions')}</th>" if p.variant("names") else ""
        body = f"""<h2>{t("Subscriptions", "Abonnements")}</h2><table><thead><tr><th>{t("Product", "Produit")}</th>
{actions_th}<th>{t("Status", "Statut")}</th><th>{t("Billing Frequency", "Fréquence de facturation")}</th></tr></thead>
<tbody><tr>{way_in}<td>{esc(status(p, s["status"]))}</td>
<td>{t("Monthly", "Mensuelle")}</td></tr></tbody></table>"""
    return p.page(
        t("Your Account", "Votre compte"),
        f"""<h1>{t("Your Account", "Votre compte")}</h1>{account_tabs(p)}
{p.dl([(t("Organization", "Organisation"), "Acme Corp"), (t("Payment method", "Moyen de paiement"), CARD)])}{body}""",
    )


def status(p: SalesforcePortal, value: str) -> str:
    french = {"Activated": "Activé", "Active": "Actif", "Expired": "Expiré", "Canceled": "Annulé"}
    return p.t(value, french.get(value))


def contracts(p: SalesforcePortal) -> Response:
    t = p.t
    actions_th = f"<th>{t('Actions')}</th>" if p.variant("names") else ""
    rows = "".join(
        f"""<tr>{contract_way_in(p, c)}<td>{esc(c["products"])}</td>
<td>{esc(status(p, c["status"]))}</td><td>{p.day(c["end"], "list")}</td></tr>"""
        for c in p.contracts
    )
    return p.page(
        t("Contracts", "Contrats"),
        f"""<h1>{t("Contracts", "Contrats")}</h1>{account_tabs(p)}
<table><thead><tr><th>{t("Contract Number", "Numéro de contrat")}</th>{actions_th}<th>{t("Products", "Produits")}</th>
<th>{t("Status", "Statut")}</th><th>{t("Contract End Date", "Date de fin du contrat")}</th></tr></thead>
<tbody>{rows}</tbody></table>""",
    )


def contract_rows(p: SalesforcePortal, c: dict[str, Any]) -> list[tuple[str, str]]:
    t = p.t
    rows = [
        (t("Contract Number", "Numéro de contrat"), c["number"]),
        (t("Products", "Produits"), c["products"]),
        (t("Status", "Statut"), status(p, c["status"])),
        (t("Contract Start Date", "Date de début du contrat"), p.day(c["start"], "contract")),
        (t("Contract End Date", "Date de fin du contrat"), p.day(c["end"], "contract")),
        (t("Billing Contact", "Contact de facturation"), BILLING_CONTACT),
    ]
    if c["ae"]:
        rows.append((t("Account Executive", "Responsable de compte"), AE))
    return rows


def contract_page(p: SalesforcePortal, c: dict[str, Any]) -> Response:
    t = p.t
    manage, named = manage_words(p), manage_name(p, c)
    if p.options.get("renewals") == "pane":  # Manage Renewals opens a pane on the contract page
        opener = f"""<button type="button" data-open="renewals-pane"{named}>{manage}</button>
<div role="dialog" id="renewals-pane" aria-labelledby="renewals-title" hidden><h2 id="renewals-title">{manage}</h2>
{renewals_body(p, c, pane=True)}</div>"""
    else:
        opener = f'<a class="btn" role="button" href="/account/contracts/{c["number"]}/renewals"{named}>{manage}</a>'
    return p.page(
        f"{t('Contract', 'Contrat')} {c['number']}",
        f"""<h1>{t("Contract", "Contrat")} {c["number"]}</h1>
{account_tabs(p)}{p.dl(contract_rows(p, c))}{opener}
<a class="btn" role="button" href="/account/contracts">{t("Back", "Retour")}</a>""",
    )


def renewals(p: SalesforcePortal, c: dict[str, Any]) -> Response:
    return p.page(
        manage_words(p),
        f"""<h1>{manage_words(p)}</h1>{account_tabs(p)}{renewals_body(p, c, pane=False)}""",
    )


def renewals_body(p: SalesforcePortal, c: dict[str, Any], pane: bool) -> str:
    t = p.t
    not_renewing = c["renewal"] == "not-renewing"
    end = p.day(c["end"], "renewals")
    renewal = (
        t("Not renewing", "Ne sera pas renouvelé")
        if not_renewing
        else t(f"Renews automatically on {end}", f"Renouvellement automatique le {end}")
    )
    kind = t("Auto-renew", "Renouvellement automatique")
    if c["manual"]:  # a manual contract ends by itself unless a new quote is signed
        kind = t("Manual (non auto-renew)", "Manuel (sans renouvellement automatique)")
        renewal = t(
            f"Ends on {end} unless a new quote is signed", f"Prend fin le {end}, sauf signature d’un nouveau devis"
        )
    rows = [
        (t("Contract End Date", "Date de fin du contrat"), end),
        (t("Renewal Type", "Type de renouvellement"), kind),
        (t("Renewal Status", "Statut du renouvellement"), renewal),
        (t("Billing Contact", "Contact de facturation"), BILLING_CONTACT),
    ]
    note = ""
    if c["ae"]:
        rows.append((t("Account Executive", "Responsable de compte"), AE))
        note = f"""<p class="warn">{t(*AE_NOTE)}</p>"""
    close = (
        f'<button type="button" data-close>{t("Cancel", "Annuler")}</button>'
        if pane
        else f'<a class="btn" role="button" href="/account/contracts/{c["number"]}">{t("Cancel", "Annuler")}</a>'
    )
    if not_renewing:
        form = f"""<p class="banner">{
            t(
                "You've told us you won't renew this contract.",
                "Vous nous avez indiqué que vous ne renouvellerez pas ce contrat.",
            )
        } {case_words(p, c["case"] or "00088123")}</p>"""
    else:
        dont_renew = (
            ""
            if c["manual"]
            else f"""<button type="submit" name="decision" value="dont_renew">{t("Don't Renew", "Ne pas renouveler")}
</button>"""
        )
        form = f"""<form method="post" action="/account/contracts/{c["number"]}/renewals">
<label><input type="checkbox" name="authorized" required>{t(*AUTHORIZE)}</label>
<button type="submit" name="decision" value="confirm_renewal" class="primary">{
            t("Confirm Renewal", "Confirmer le renouvellement")
        }</button>
<button type="submit" name="decision" value="request_changes">{t("Request Changes", "Demander des modifications")}
</button>{dont_renew}
{close}</form>"""
    return f"""<p>{t("Contract", "Contrat")} {c["number"]} · {esc(c["products"])}</p>{p.dl(rows)}{note}{form}"""


def decide(p: SalesforcePortal, c: dict[str, Any], form: dict[str, str]) -> Response:
    decision = form.get("decision", "")
    if decision not in ("confirm_renewal", "request_changes", "dont_renew") or not form.get("authorized"):
        return p.error(p.t("Confirm that you're authorized first.", "Confirmez d’abord que vous êtes autorisé."))
    if c["renewal"] == "not-renewing":
        return p.error(p.t("This contract is already set not to renew."), status=409)
    p.irreversible(decision, contract=c["number"], contract_end=c["end"].isoformat())
    if decision == "dont_renew":
        p.cases += 1
        c["renewal"], c["case"] = "not-renewing", f"00{p.cases}"
        return Response.redirect(f"/account/contracts/{c['number']}/renewals/done")
    return Response.redirect(f"/account/contracts/{c['number']}")


def renewal_done(p: SalesforcePortal, c: dict[str, Any]) -> Response:
    t = p.t
    return p.page(
        manage_words(p),
        f"""<h1>{manage_words(p)}</h1><div class="banner" role="status"><p>{
            t(
                f"We've received your request not to renew contract {c['number']}.",
                f"Nous avons bien reçu votre demande de non-renouvellement du contrat {c['number']}.",
            )
        }</p>
<p>{case_words(p, c["case"])}</p>
<p>{t("Service ends on", "Fin du service le")}: {p.day(c["end"], "done")}</p></div>
<p>{t("Contract", "Contrat")} {c["number"]} · {esc(c["products"])}</p>
<a class="btn" role="button" href="/account/contracts/{c["number"]}">{t("Back to contract", "Retour au contrat")}
</a>""",
    )


# --- a monthly self-serve edition -------------------------------------------------------------------
def subscription(p: SalesforcePortal, done: bool) -> Response:
    t, s = p.t, p.subscription
    banner = ""
    reference = f"{t('Reference Number', 'Numéro de référence')}: {s['reference']}"
    if p.variant("formats"):
        reference = case_words(p, s["reference"])
    if done and s["status"] == "Canceled":
        banner = f"""<div class="banner" role="status">{
            t("Your subscription has been canceled.", "Votre abonnement a été annulé.")
        } {t("Access ends on", "Fin de l’accès le")} {p.day(s["next_billing"], "done")}.
{reference}</div>"""
    rows = [
        (t("Edition", "Édition"), s["name"]),
        (t("Status", "Statut"), status(p, s["status"])),
        (t("Billing Frequency", "Fréquence de facturation"), t("Monthly", "Mensuelle")),
        (t("Licenses", "Licences"), licenses(p, s["licenses"])),
        (t("Price", "Prix"), t("€25 user/month", "25 € utilisateur/mois")),
        (
            t("Next Billing Date", "Prochaine date de facturation"),
            p.day(s["next_billing"], "contract") if s["status"] == "Active" else "—",
        ),
        (t("Billing Contact", "Contact de facturation"), BILLING_CONTACT),
        (t("Payment method", "Moyen de paiement"), CARD),
    ]
    bottom = ""
    if s["status"] == "Active":
        reasons = (
            t("Too expensive", "Trop cher"),
            t("Missing features", "Fonctionnalités manquantes"),
            t("Moving to another product", "Passage à un autre produit"),
            t("Other", "Autre"),
        )
        options = "".join(f"<option>{esc(r)}</option>" for r in reasons)
        bottom = f"""<section aria-labelledby="manage"><h2 id="manage">{t("Manage subscription", "Gérer l’abonnement")}
</h2><button type="button">{t("Change Plan", "Changer d’offre")}</button>
<button type="button" data-open="cancel-pane">{t("Cancel Subscription", "Annuler l’abonnement")}</button></section>
<div role="dialog" id="cancel-pane" aria-labelledby="cancel-title" hidden>
<form method="post" action="/account/subscriptions/sub-1/cancel"><h2 id="cancel-title">{
            t("Cancel Subscription", "Annuler l’abonnement")
        }</h2><p>{esc(s["name"])}</p>
<label for="reason">{t("Reason for canceling", "Motif de l’annulation")}</label><select id="reason" name="reason"
required><option value="">{t("Select a reason", "Sélectionnez un motif")}</option>{options}</select>
<label for="feedback">{t("Feedback (optional)", "Commentaires (facultatif)")}</label>
<textarea id="feedback" name="feedback" rows="3"></textarea>
<button type="submit" class="primary">{t("Cancel Subscription", "Annuler l’abonnement")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></form></div>"""
    return p.page(s["name"], f"""{banner}<h1>{esc(s["name"])}</h1>{p.dl(rows)}{bottom}""")


def cancel_subscription(p: SalesforcePortal, form: dict[str, str]) -> Response:
    s = p.subscription
    if not form.get("reason"):
        return p.error(p.t("A reason is required.", "Un motif est obligatoire."))
    if s["status"] != "Active":
        return p.error(p.t("This subscription is not active."), status=409)
    p.irreversible("cancel_subscription", subscription=s["name"], reason=form["reason"])
    p.cases += 1
    s["status"], s["reference"] = "Canceled", f"00{p.cases}"
    return Response.redirect("/account/subscriptions/sub-1?done=1")
