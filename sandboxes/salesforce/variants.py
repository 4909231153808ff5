"""The Salesforce sandbox's global header and the pieces its variants draw differently (docs/portals.md).

Drawn here: the header (App Launcher, gear menu, avatar), menus as ``role=menu`` or plain lists of links
(``menus``), row action buttons whose names carry the row's data (``names``), links that open a new tab
(``newtab``), the Your Account app a user without Manage Billing sees (``explain``, ``billing=0``), the
names Salesforce Help uses (``wording=help``) and other written forms of case numbers (``formats``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandboxes.server import esc

if TYPE_CHECKING:
    from sandboxes.salesforce.portal import SalesforcePortal

PLAIN_CSS = """<style>.plain-menu,.launcher{position:absolute;background:#fff;color:#201f1e;border:1px solid #c8c6c4;
list-style:none;padding:6px;margin:0;z-index:6}.launcher ul{list-style:none;padding:0;margin:6px 0 0}</style>"""
NO_ACCESS = (
    "You don't have access to Your Account. To view and manage your contracts and subscriptions, you need the"
    " Manage Billing permission or the “Manage Subscriptions in Your Account” permission set. Ask your Salesforce"
    " admin.",
    "Vous n’avez pas accès à Votre compte. Pour consulter et gérer vos contrats et abonnements, vous avez besoin de"
    " l’autorisation « Gérer la facturation » ou de l’ensemble d’autorisations « Gérer les abonnements dans Votre"
    " compte ». Contactez votre administrateur Salesforce.",
)
EXPORT_LEFT_OUT = (
    "Export Now isn't available: you can export once every 7 days. Your next export is available on {day}.",
    "Exporter maintenant n’est pas disponible : une exportation tous les 7 jours. Votre prochaine exportation est"
    " disponible le {day}.",
)


def menu(p: SalesforcePortal, ident: str, label: str, items: list[tuple[str, str, bool]]) -> str:
    """A menu a button opens (``data-toggle``): role=menu, or (``menus``) a plain list of links.

    ``items`` are (name, href, opens a new tab under ``newtab``).
    """

    def target(new: bool) -> str:
        return ' target="_blank" rel="noopener"' if new and p.variant("newtab") else ""

    if p.variant("menus"):
        links = "".join(f'<li><a href="{h}"{target(new)}>{esc(n)}</a></li>' for n, h, new in items)
        return f'<ul id="{ident}" class="plain-menu" hidden>{links}</ul>'
    entries = "".join(f'<a role="menuitem" href="{h}"{target(new)}>{esc(n)}</a>' for n, h, new in items)
    return f'<div role="menu" id="{ident}" hidden aria-label="{esc(label)}">{entries}</div>'


def toolbar(p: SalesforcePortal) -> str:
    """Lightning's global header: the App Launcher, Home, the gear (Setup menu), and the avatar."""
    t = p.t
    your_account = t("Your Account", "Votre compte")
    gear_items = [
        (t("Setup", "Configuration"), "/setup", True),
        (t("Service Setup", "Configuration du service"), "/setup?service=1", False),
        (t("Developer Console", "Console du développeur"), "/devconsole", False),
    ]
    if p.offers("gear"):
        gear_items.append((your_account, "/account", True))
    apps = [("Sales", "/"), ("Service", "/")] + ([(your_account, "/account")] if p.offers("launcher") else [])
    links = "<ul>" + "".join(f'<li><a href="{h}">{esc(n)}</a></li>' for n, h in apps) + "</ul>"
    launcher_name = t("App Launcher", "Lanceur d’application")
    search_name = t("Search apps and items...", "Rechercher des applications et des éléments...")
    search = f'<input type="search" aria-label="{search_name}">'
    if p.variant("menus"):  # a plain panel of links under the button
        opener = f'<button type="button" aria-expanded="false" data-toggle="launcher">{launcher_name}</button>'
        launcher = f'<div id="launcher" class="launcher" hidden>{search}{links}</div>'
    else:
        opener = (
            f'<button type="button" aria-haspopup="dialog" aria-expanded="false" data-open="launcher">'
            f"{launcher_name}</button>"
        )
        launcher = f"""<div role="dialog" id="launcher" aria-labelledby="launcher-title" hidden><h2 id="launcher-title">
{launcher_name}</h2>{search}{links}<button type="button" data-close>{t("Cancel", "Annuler")}</button></div>"""
    avatar = ""
    if p.variant("names"):
        who = str(p.options.get("person", "Alex Martin"))
        name = t(f"View profile of {who}", f"Afficher le profil de {who}")
        avatar = f'<button type="button" aria-label="{esc(name)}">AM</button>'
    setup = t("Setup", "Configuration")
    return f"""{PLAIN_CSS}<div class="card" role="toolbar" aria-label="{t("Global header", "En-tête global")}">
{opener}<a class="btn" href="/">{t("Home", "Accueil")}</a>
<button type="button" aria-label="{setup}" aria-haspopup="menu" aria-expanded="false"
 data-toggle="gear-menu">⚙</button>{menu(p, "gear-menu", setup, gear_items)}{avatar}</div>{launcher}"""


def row_way_in(
    p: SalesforcePortal, label: str, ident: str, name: str, href: str, entries: list[tuple[str, str]]
) -> str:
    """A row's first cell: a link to the item; or (``names``) its name, and a button named with the row's data."""
    if not p.variant("names"):
        return f'<td><a href="{href}">{esc(name)}</a></td>'
    t = p.t
    button = t(f"Show actions for {label}", f"Afficher les actions pour {label}")
    items = [(n, h, False) for n, h in entries]
    return f"""<td>{esc(name)}</td><td><button type="button" aria-label="{esc(button)}" aria-haspopup="menu"
 aria-expanded="false" data-toggle="{ident}">▾</button>{menu(p, ident, button, items)}</td>"""


def contract_way_in(p: SalesforcePortal, c: dict[str, Any]) -> str:
    t, number = p.t, c["number"]
    return row_way_in(
        p,
        t(f"contract {number}", f"le contrat {number}"),
        f"row-{number}",
        number,
        f"/account/contracts/{number}",
        [
            (t("View Contract", "Afficher le contrat"), f"/account/contracts/{number}"),
            (manage_words(p), f"/account/contracts/{number}/renewals"),
        ],
    )


def manage_words(p: SalesforcePortal) -> str:
    """Manage Renewals, or Manage Renewal as Salesforce Help writes it."""
    if p.help_wording():
        return p.t("Manage Renewal", "Gérer le renouvellement")
    return p.t("Manage Renewals", "Gérer les renouvellements")


def contracts_words(p: SalesforcePortal) -> str:
    return p.t("View Contracts", "Afficher les contrats") if p.help_wording() else p.t("Contracts", "Contrats")


def manage_name(p: SalesforcePortal, c: dict[str, Any]) -> str:
    """The accessible name of a contract's Manage Renewals control (``names``: it names the contract too)."""
    if not p.variant("names"):
        return ""
    words = manage_words(p)
    number = c["number"]
    name = p.t(f"{words} for contract {number}", f"{words} du contrat {number}")
    return f' aria-label="{esc(name)}"'


def case_words(p: SalesforcePortal, number: str) -> str:
    """A case number as the confirmation writes it (``formats``: "Case #: 00731846", "Requête n° 00731846")."""
    if p.variant("formats"):
        return p.t(f"Case #: {number}", f"Requête n° {number}")
    return f"{p.t('Case Number', 'Numéro de requête')}: {number}"


def licenses(p: SalesforcePortal, count: int) -> str:
    if p.variant("formats"):
        return p.t(f"{count} of {count} assigned", f"{count} attribuées sur {count}")
    return str(count)


def no_access(p: SalesforcePortal) -> str:
    """The Your Account app, for a user without the Manage Billing permission: the sentence, and nothing else."""
    t = p.t
    return f"""<h1>{t("Your Account", "Votre compte")}</h1><p class="warn" role="note">{t(*NO_ACCESS)}</p>"""


def export_left_out(p: SalesforcePortal, day: str) -> str:
    en, fr = (s.format(day=day) for s in EXPORT_LEFT_OUT)
    return f'<p class="warn">{p.t(en, fr)}</p>'
