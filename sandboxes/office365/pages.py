"""The sandbox's screens, one function per screen and layout (current MOSA/MCA, 2021–22, classic).

Each pane is a ``role="dialog"`` titled by a visible heading, with a plain Cancel/Annuler that only closes
it; reasons vary between a native select, an ARIA combobox and radio groups, as on real tenants. The
vendor variants (``menus``, ``names``, ``newtab``, ``explain``, ``formats``) are drawn here; the menus and
the facts, which most of them touch, are in :mod:`sandboxes.office365.parts`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sandboxes.office365.parts import CARD, COMBO_JS, WHEN_JS, Item, facts, licenses_cell, menu, why_note
from sandboxes.server import Response, esc

if TYPE_CHECKING:
    from sandboxes.office365.portal import Office365Portal


def reasons(p: Office365Portal) -> list[str]:
    t = p.t
    return [
        t("It's too expensive", "C’est trop cher"),
        t("We no longer need it", "Nous n’en avons plus besoin"),
        t("We're moving to another product", "Nous passons à un autre produit"),
        t("Other", "Autre"),
    ]


def reason_select(p: Office365Portal, key: str) -> str:
    t = p.t
    options = "".join(f"<option>{esc(r)}</option>" for r in reasons(p))
    return f"""<label for="reason-{key}">{t("Reason for canceling", "Motif de l’annulation")}</label>
<select id="reason-{key}" name="reason" required>
<option value="">{t("Select a reason", "Sélectionnez un motif")}</option>{options}</select>{feedback(p, key)}"""


def reason_radios(p: Office365Portal, key: str) -> str:
    radios = "".join(f'<label><input type="radio" name="reason" value="{esc(r)}">{esc(r)}</label>' for r in reasons(p))
    legend = p.t("Reason for canceling", "Motif de l’annulation")
    return f"<fieldset><legend>{legend}</legend>{radios}</fieldset>{feedback(p, key)}"


def reason_combobox(p: Office365Portal, key: str) -> str:
    options = "".join(f'<li role="option">{esc(r)}</li>' for r in reasons(p))
    label = p.t("Reason for canceling", "Motif de l’annulation")
    return f"""<div class="combo"><p id="rl-{key}">{label}</p><input type="hidden" name="reason">
<button type="button" role="combobox" aria-labelledby="rl-{key}" aria-controls="lb-{key}" aria-expanded="false">{
        p.t("Select a reason", "Sélectionnez un motif")
    }</button><ul role="listbox" id="lb-{key}" hidden>{options}</ul></div>{feedback(p, key)}"""


def feedback(p: Office365Portal, key: str) -> str:
    return f"""<label for="fb-{key}">{p.t("Feedback (optional)", "Commentaires (facultatif)")}</label>
<textarea id="fb-{key}" name="feedback" rows="3"></textarea>"""


def close(p: Office365Portal) -> str:
    return f'<button type="button" data-close>{p.t("Cancel", "Annuler")}</button>'


def banner(p: Office365Portal, sub: dict[str, Any]) -> str:
    t = p.t
    if sub["end"]:
        return f"""<div class="banner" role="status">{esc(sub["name"])} {t("has been canceled.", "a été annulé.")}
{t("Your subscription ended on", "Votre abonnement a pris fin le")} {p.day(sub["end"])}.</div>"""
    if sub["at_term_end"]:
        return f"""<div class="banner" role="status">{esc(sub["name"])} {
            t(
                "will be canceled at the end of its term. It will end on",
                "sera annulé à la fin de sa période. Il prendra fin le",
            )
        } {p.day(sub["expires"])}.</div>"""
    if sub["expires"]:
        return f"""<div class="banner" role="status">{
            t("Recurring billing is turned off for", "La facturation récurrente est désactivée pour")
        } {esc(sub["name"])}. {t("It expires on", "Il expire le")}
{p.day(sub["expires"])}.</div>"""
    return ""


def recurring_pane(p: Office365Portal, sub: dict[str, Any], shown: bool = False) -> str:
    """Pane "Edit recurring billing": On/Off, then Save (the irreversible request)."""
    t = p.t
    key = sub["id"]
    return f"""<div role="dialog" id="recurring-{key}" aria-labelledby="rt-{key}"{"" if shown else " hidden"}>
<form method="post" action="{p.list_path()}/{key}/recurring">
<h2 id="rt-{key}">{t("Edit recurring billing", "Modifier la facturation récurrente")}</h2><p>{esc(sub["name"])}</p>
<fieldset><legend>{t("Recurring billing", "Facturation récurrente")}</legend>
<label><input type="radio" name="recurring" value="on" checked>{t("On", "Activer")}</label>
<label><input type="radio" name="recurring" value="off">{t("Off", "Désactiver")}</label></fieldset>
<p class="muted">{
        t(
            "If you turn off recurring billing, the subscription stays active until",
            "Si vous désactivez la facturation récurrente, l’abonnement reste actif jusqu’au",
        )
    } {p.day(sub["next_charge"])}
{t("and then expires. No refund.", "puis expire. Aucun remboursement.")}</p>
<button type="submit" class="primary">{t("Save", "Enregistrer")}</button>{close(p)}</form></div>"""


def reason_pane(p: Office365Portal, sub: dict[str, Any], reason: str, final: str) -> str:
    """Pane "Cancel subscription": a reason, feedback, and the final button (MCA ≤ 7 days, 2021–22)."""
    t = p.t
    key = sub["id"]
    return f"""<div role="dialog" id="cancel-{key}" aria-labelledby="ct-{key}" hidden>
<form method="post" action="/billing/products/{key}/cancel">
<h2 id="ct-{key}">{t("Cancel subscription", "Annuler l’abonnement")}</h2><p>{esc(sub["name"])}</p>
{reason}<button type="submit" class="primary">{final}</button>{close(p)}</form></div>"""


def options_pane(p: Office365Portal, sub: dict[str, Any]) -> str:
    """MOSA: "Options for canceling your subscription": Cancel now, or Cancel before the next renewal date
    (to the end of the term, no refund) → Next → reason → Cancel now, or Confirm cancellation."""
    t = p.t
    key = sub["id"]
    renewal = p.day(sub["next_charge"])
    return f"""<div role="dialog" id="cancel-{key}" aria-labelledby="ct-{key}" hidden>
<form method="post" action="/billing/products/{key}/cancel">
<h2 id="ct-{key}">Options for canceling your subscription</h2><p>{esc(sub["name"])}</p>
<div data-pane-page="1"><fieldset><legend>{t("When do you want to cancel?", "Quand voulez-vous annuler ?")}</legend>
<label><input type="radio" name="when" value="now">{t("Cancel now", "Annuler maintenant")}</label>
<label><input type="radio" name="when" value="renewal">Cancel before the next renewal date</label></fieldset>
<p class="error needs" hidden>{t("Choose an option.", "Choisissez une option.")}</p>
<button type="button" class="primary" data-page="2" data-require="when">{t("Next", "Suivant")}</button>
{close(p)}</div>
<div data-pane-page="2" hidden><p class="muted" data-when="now">{
        t(
            "You'll get a prorated credit on your next bill.",
            "Vous recevrez un crédit au prorata sur votre prochaine facture.",
        )
    }</p><p class="muted" data-when="renewal" hidden>{
        t("The service keeps running until", "Le service continue jusqu’au")
    } {renewal}. {t("You won't get a refund.", "Aucun remboursement.")}</p>{reason_select(p, key)}
<button type="submit" class="primary" data-when="now">{t("Cancel now", "Annuler maintenant")}</button>
<button type="submit" class="primary" data-when="renewal" hidden>{
        t("Confirm cancellation", "Confirmer l’annulation")
    }</button>
<button type="button" data-page="1">{t("Back", "Retour")}</button>{close(p)}</div></form></div>{WHEN_JS}"""


def canceling_pane(p: Office365Portal, sub: dict[str, Any]) -> str:
    """MCA after 7 days: no refund; the pane offers to edit the recurring billing settings instead."""
    t = p.t
    key = sub["id"]
    return f"""<div role="dialog" id="cancel-{key}" aria-labelledby="ct-{key}" hidden>
<h2 id="ct-{key}">Canceling your subscription</h2><p>{esc(sub["name"])}</p>
<p>{
        t(
            "It has been more than 7 days since this subscription started or renewed, so it can't be canceled for a"
            " refund. To stop it at the end of its term,",
            "Plus de 7 jours se sont écoulés depuis le début ou le renouvellement"
            " de cet abonnement : il ne peut plus être annulé avec remboursement."
            " Pour l’arrêter à la fin de sa période,",
        )
    }
<a href="{p.details_path(sub)}?pane=recurring"{p.new_tab()}>edit the recurring billing settings</a>.</p>{
        close(p)
    }</div>"""


def office_home(p: Office365Portal) -> Response:
    """The older Office 365 home: the admin center is reached from the app launcher (its Admin entry)."""
    t = p.t
    launcher = ""
    if not p.variant("chrome"):  # the page chrome's own launcher lists Admin (Office365Portal.chrome_apps)
        apps = [(name, "/mail") for name in ("Outlook", "OneDrive", "Word")] + [("Admin", "/admin")]
        items: list[Item] = [(name, href, None, p.new_tab() if name == "Admin" else "") for name, href in apps]
        launcher = menu(p, "launcher", items, t("App launcher", "Lanceur d’applications"), "▦")
    body = f"""{launcher}<h1>Office 365</h1><p>{t("Good morning", "Bonjour")}, Adele.
{t("Install Office", "Installer Office")}</p>"""
    return p.shell("Office 365", body, user=p.user)


def product_list(p: Office365Portal) -> Response:
    t = p.t
    rows = "".join(
        f"""<tr><td><a href="/billing/products/{s["id"]}"{p.new_tab()}>{esc(s["name"])}</a></td>
<td>{esc(p.status(s))}</td><td>{licenses_cell(p, s, short=True)}</td><td>{esc(s["account"])}</td></tr>"""
        for s in p.subscriptions
    )
    return p.page(
        p.products_label(),
        f"""<h1>{p.products_label()}</h1>
<table aria-label="{t("Products", "Produits")}"><thead><tr><th>{t("Product name", "Nom du produit")}</th>
<th>{t("Status", "Statut")}</th><th>{t("Assigned licenses", "Licences attribuées")}</th>
<th>{t("Billing account type", "Type de compte de facturation")}</th></tr></thead><tbody>{rows}</tbody></table>""",
    )


def details(p: Office365Portal, sub: dict[str, Any], done: bool, pane: str) -> Response:
    """Current layout: MOSA (Subscription and payment settings) or MCA (Billing settings › Subscription status)."""
    t = p.t
    key = sub["id"]
    edit_label = t("Edit recurring billing", "Modifier la facturation récurrente")
    cancel_label = t("Cancel subscription", "Annuler l’abonnement")
    recurring = t("On", "Activée") if sub["recurring"] else t("Off", "Désactivée")
    why = p.why_not(sub)
    edit = cancel = panes = ""
    if sub["status"] == "Active" and not sub["free"]:
        if not why:
            cancel = f'<button type="button" data-open="cancel-{key}">{cancel_label}</button>'
        elif sub["account"] != "MCA":  # explained: shown disabled (MOSA), or left out (MCA)
            cancel = f'<button type="button" disabled aria-describedby="why-{key}">{cancel_label}</button>'
        if sub["recurring"]:
            edit = f'<button type="button" data-open="recurring-{key}">{edit_label}</button>'
            panes = recurring_pane(p, sub, shown=pane == "recurring")
        if sub["account"] != "MCA":
            panes += options_pane(p, sub)
        elif p.within_refund_window(sub):
            panes += reason_pane(p, sub, reason_radios(p, key), cancel_label)
        else:
            panes += canceling_pane(p, sub)
    note = why_note(p, sub, why)
    if sub["account"] == "MCA":
        settings = f"""<section aria-labelledby="bs-{key}"><h2 id="bs-{key}">Billing settings</h2>
<h3>Subscription status</h3><p>{esc(p.status(sub))}</p>{note}{cancel}
<h3>{t("Recurring billing", "Facturation récurrente")}</h3><p>{recurring}</p>{edit}</section>"""
    else:
        title = t("Subscription and payment settings", "Paramètres d’abonnement et de paiement")
        if p.options.get("sections") == "older":  # older details pages group the actions under this heading
            title = t("Settings & Actions", "Paramètres & actions")
        settings = f"""<section aria-labelledby="sps-{key}"><h2 id="sps-{key}">{title}</h2>
<p>{t("Recurring billing", "Facturation récurrente")}: {recurring}</p>{edit}
<button type="button">{t("Buy licenses", "Acheter des licences")}</button>
<button type="button">{t("Cancel order", "Annuler la commande")}</button>{note}{cancel}</section>"""
    body = f"""{banner(p, sub) if done else ""}<h1>{esc(sub["name"])}</h1>{facts(p, sub)}{settings}{panes}"""
    return p.page(sub["name"], body)


def products_2021(p: Office365Portal, tab: str, done: str) -> Response:
    """2021–22: Your products, tabs; each row has a More actions (⋯) menu with Cancel subscription."""
    t = p.t
    tabs = "".join(
        f'<a role="tab" href="/billing/products?tab={k}" aria-selected="{str(k == tab).lower()}">{label}</a> '
        for k, label in (("products", "Products"), ("licenses", t("Licenses", "Licences")), ("apps", "Apps"))
    )
    body = f'<p class="muted">{t("Choose a tab.", "Choisissez un onglet.")}</p>'
    if tab == "products":
        rows = panes = ""
        for s in p.subscriptions:
            more, pane = row_menu_2021(p, s)
            panes += pane
            why = p.why_not(s)
            note = f'<div class="muted">{esc(why)}</div>' if why else ""
            rows += f"""<tr><td>{esc(s["name"])}{note}</td><td>{more}</td><td>{esc(p.status(s))}</td>
<td>{licenses_cell(p, s)}</td><td>{esc(p.channel(s))}</td><td>{esc(s["account"])}</td>
<td>{p.day(s["start"])}</td></tr>"""
        heads = "".join(
            f"<th>{h}</th>"
            for h in (
                t("Product name", "Nom du produit"),
                "<span hidden>Actions</span>",
                t("Status", "Statut"),
                t("Assigned licenses", "Licences attribuées"),
                t("Purchase channel", "Canal d’achat"),
                t("Billing account type", "Type de compte de facturation"),
                t("Start date", "Date de début"),
            )
        )
        body = f"""<table aria-label="{t("Products", "Produits")}"><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody>
</table><p>{t("Default payment method", "Moyen de paiement par défaut")}: <span>{CARD}</span></p>{panes}{COMBO_JS}"""
    sub = p.find(done)
    return p.page(
        t("Your products", "Vos produits"),
        f"""{banner(p, sub) if sub else ""}
<h1>{t("Your products", "Vos produits")}</h1><div role="tablist">{tabs}</div>{body}""",
    )


def more_label(p: Office365Portal, sub: dict[str, Any]) -> str:
    """The More actions button's name ("More actions for <product>" in the ``names`` variant)."""
    more = p.t("More actions", "Autres actions")
    return f"{more} {p.t('for', 'pour')} {sub['name']}" if p.variant("names") else more


def row_menu_2021(p: Office365Portal, s: dict[str, Any]) -> tuple[str, str]:
    """A 2021–22 row's More actions button and menu, and the panes its items open."""
    t = p.t
    key = s["id"]
    if s["status"] != "Active" or s["free"]:
        return "", ""
    items: list[Item] = [
        (t("View details", "Afficher les détails"), None, None, ""),
        (t("Cancel order", "Annuler la commande"), None, None, ""),
    ]
    panes = ""
    if s["recurring"]:
        items.append((t("Edit recurring billing", "Modifier la facturation récurrente"), None, f"recurring-{key}", ""))
        panes += recurring_pane(p, s)
    if not p.why_not(s):  # explained: the entry is left out
        items.append((t("Cancel subscription", "Annuler l’abonnement"), None, f"cancel-{key}", ""))
        panes += reason_pane(p, s, reason_combobox(p, key), t("Save", "Enregistrer"))
    return menu(p, f"menu-{key}", items, more_label(p, s), "⋯"), panes


def classic_list(p: Office365Portal) -> Response:
    t = p.t
    cards = "".join(
        f"""<li class="card"><a href="/billing/subscriptions/{s["id"]}"{p.new_tab()}>{esc(s["name"])}</a>
<p>{t("Status", "Statut")}: {esc(p.status(s))}</p><p class="muted">{licenses_cell(p, s)}</p></li>"""
        for s in p.subscriptions
    )
    return p.page(
        t("Subscriptions", "Abonnements"),
        f"""<h1>{t("Subscriptions", "Abonnements")}</h1><ul aria-label="{t("Subscriptions", "Abonnements")}"
 style="list-style:none;padding:0">{cards}</ul>""",
    )


def classic_details(p: Office365Portal, sub: dict[str, Any], done: bool) -> Response:
    """Classic: the subscription page; More actions → Cancel subscription opens a page of its own."""
    t = p.t
    key = sub["id"]
    items: list[Item] = [
        (t("Change plan", "Changer de plan"), None, None, ""),
        (t("Cancel order", "Annuler la commande"), None, None, ""),
    ]
    pane = ""
    why = p.why_not(sub)
    if sub["status"] == "Active" and not sub["free"]:
        if sub["recurring"]:
            items.append(
                (t("Edit recurring billing", "Modifier la facturation récurrente"), None, f"recurring-{key}", "")
            )
            pane = recurring_pane(p, sub)
        if not why:  # explained: the entry is left out
            items.append(
                (t("Cancel subscription", "Annuler l’abonnement"), f"/billing/subscriptions/{key}/cancel", None, "")
            )
    actions = f"""<p><button type="button">{t("Add licenses", "Ajouter des licences")}</button>
<button type="button">{t("Remove licenses", "Supprimer des licences")}</button>
{menu(p, f"actions-{key}", items, more_label(p, sub), "⋯ " + t("More actions", "Autres actions"))}</p>{pane}"""
    head = f"""{banner(p, sub) if done else ""}<h1>{esc(sub["name"])}</h1>{why_note(p, sub, why)}"""
    body = f"{head}{actions}{facts(p, sub)}"
    return p.page(sub["name"], body)


def classic_cancel_page(p: Office365Portal, sub: dict[str, Any]) -> Response:
    """Classic: a page with the important dates, a reason and feedback, then Cancel subscription."""
    t = p.t
    key = sub["id"]
    today = date.today()
    dates = [
        (t("Cancellation date", "Date d’annulation"), today),
        (t("Users lose access", "Les utilisateurs perdent l’accès"), today),
        (
            t("Admins can reactivate it until", "Les administrateurs peuvent le réactiver jusqu’au"),
            today + timedelta(90),
        ),
        (t("Data deleted no later than", "Données supprimées au plus tard le"), today + timedelta(180)),
    ]
    rows = "".join(f"<dt>{label}</dt><dd>{p.day(d)}</dd>" for label, d in dates)
    return p.page(
        t("Cancel subscription", "Annuler l’abonnement"),
        f"""
<h1>{t("Cancel subscription", "Annuler l’abonnement")}</h1><p>{esc(sub["name"])}</p>
<h2>{t("Important dates", "Dates importantes")}</h2><dl>{rows}</dl>
<form method="post" action="/billing/subscriptions/{key}/cancel">{reason_radios(p, key)}
<button type="submit" class="primary">{t("Cancel subscription", "Annuler l’abonnement")}</button>
<a class="btn" href="/billing/subscriptions/{key}">{t("Cancel", "Annuler")}</a></form>""",
    )
