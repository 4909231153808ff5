"""Pieces the sandbox's screens share: menus (role=menu, or a plain list of links), the facts of a
subscription in this tenant's forms, the sentence that explains a missing control, and small scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sandboxes.server import esc

if TYPE_CHECKING:
    from sandboxes.office365.portal import Office365Portal

CARD = "Visa 4111 1111 1111 1111"
COMBO_JS = """<script>document.addEventListener('click', function (e) {
  var c = e.target.closest('[role=combobox]');
  if (c) { var l = document.getElementById(c.getAttribute('aria-controls')); l.hidden = !l.hidden;
    c.setAttribute('aria-expanded', String(!l.hidden)); return; }
  var o = e.target.closest('[role=option]');
  if (o) { var box = o.closest('.combo'); var cb = box.querySelector('[role=combobox]');
    cb.textContent = o.textContent; box.querySelector('input[name=reason]').value = o.textContent;
    o.closest('[role=listbox]').hidden = true; cb.setAttribute('aria-expanded', 'false'); }
});</script>"""
# MOSA's options pane: the second page shows what the chosen option costs, and its own final button
WHEN_JS = """<script>document.addEventListener('change', function (e) {
  if (e.target.name !== 'when') return;
  e.target.closest('[role=dialog]').querySelectorAll('[data-when]').forEach(function (x) {
    x.hidden = x.dataset.when !== e.target.value; });
});</script>"""

# (label, href or None, data-open target or None, extra attributes of the entry)
Item = tuple[str, str | None, str | None, str]


def menu(p: Office365Portal, key: str, items: Sequence[Item], name: str, face: str) -> str:
    """A button and the menu it opens: ``role=menu`` with menu items, or (``menus``) a plain list of links."""
    if p.variant("menus"):
        links = "".join(
            f'<li><a href="{esc(href or "#")}"{_opens(opens)}{extra}>{esc(label)}</a></li>'
            for label, href, opens, extra in items
        )
        return f"""<button type="button" aria-label="{esc(name)}" aria-expanded="false" data-toggle="{key}">{
            esc(face)
        }</button><ul id="{key}" class="links" hidden>{links}</ul>"""
    entries = "".join(
        f'<a role="menuitem" href="{esc(href)}"{extra}>{esc(label)}</a>'
        if href
        else f'<button role="menuitem" type="button"{_opens(opens)}>{esc(label)}</button>'
        for label, href, opens, extra in items
    )
    return f"""<button type="button" aria-label="{esc(name)}" aria-haspopup="menu" aria-expanded="false"
 aria-controls="{key}" data-toggle="{key}">{esc(face)}</button><div role="menu" id="{key}" hidden>{entries}</div>"""


def _opens(target: str | None) -> str:
    return f' data-open="{target}"' if target else ""


def why_note(p: Office365Portal, sub: dict[str, Any], why: str | None) -> str:
    """The sentence a page shows where the cancel control is disabled or left out."""
    return f'<p class="warn" id="why-{sub["id"]}">{esc(why)}</p>' if why else ""


def licenses_cell(p: Office365Portal, sub: dict[str, Any], short: bool = False) -> str:
    """Licenses in a list's row or card ("12/20", "12 of 20 assigned", "12 attribuées sur 20"…)."""
    n, total = sub["assigned"], sub["total"]
    if n is None:
        return p.t("No licenses required", "Aucune licence requise")
    if short and not p.variant("formats"):
        return f"{n}/{total}"
    if p.lang == "fr":
        return f"{n} attribuées sur {total}" if p.variant("formats") else f"{n} sur {total} licences attribuées"
    return f"{n} of {total} assigned" if p.variant("formats") else f"{n} of {total} licenses assigned"


def _licenses(p: Office365Portal, sub: dict[str, Any]) -> tuple[str, str]:
    """Licenses on the details page: (a line before the facts, or a fact inside them), in this tenant's form."""
    t = p.t
    n, total = sub["assigned"], sub["total"]
    label = t("Licenses", "Licences")
    if n is None:
        return "", f"<dt>{label}</dt><dd>{t('No licenses required', 'Aucune licence requise')}</dd>"
    if not p.variant("formats"):
        return "", f"<dt>{label}</dt><dd>{n} {t('of', 'sur')} {total} {t('assigned', 'attribuées')}</dd>"
    if p.lang == "fr":
        return f"<p>Licences : {n} attribuées sur {total}</p>", ""
    if p.layout == "mca":
        return "", f"<dt>{label}</dt><dd>{n}/{total}</dd>"
    if p.layout == "classic":
        return f"<p>{n} of {total} licenses assigned</p>", ""  # no label at all
    return "", f"<dt>{label}</dt><dd>{n} assigned of {total}</dd>"


def facts(p: Office365Portal, sub: dict[str, Any]) -> str:
    t = p.t
    active = sub["status"] == "Active"
    expires = f"<dt>{t('Expires on', 'Expire le')}</dt><dd>{p.day(sub['expires'])}</dd>" if sub["expires"] else ""
    charge = p.day(sub["next_charge"]) if active and sub["recurring"] and sub["next_charge"] else "—"
    line, fact = _licenses(p, sub)
    annual = str(p.options.get("term", "annual")) == "annual"
    monthly = str(p.options.get("billing", "monthly")) == "monthly"
    term = t("Annual (1 year)", "Annuel (1 an)") if annual else t("Monthly (1 month)", "Mensuel (1 mois)")
    frequency = t("Monthly", "Mensuelle") if monthly else t("Annual", "Annuelle")
    return f"""{line}<dl><dt>{t("Status", "Statut")}</dt><dd>{esc(p.status(sub))}</dd>{expires}{fact}
<dt>{t("Billing account type", "Type de compte de facturation")}</dt><dd>{esc(sub["account"])}</dd>
<dt>{t("Purchase channel", "Canal d’achat")}</dt><dd>{esc(p.channel(sub))}</dd>
<dt>{t("Start date", "Date de début")}</dt><dd>{p.day(sub["start"])}</dd>
<dt>{t("Subscription term", "Durée de l’abonnement")}</dt><dd>{term}</dd>
<dt>{t("Billing frequency", "Fréquence de facturation")}</dt><dd>{frequency}</dd>
<dt>{t("Next charge date", "Date du prochain prélèvement")}</dt><dd>{charge}</dd>
<dt>{t("Price", "Prix")}</dt><dd>{esc(sub["price"])}</dd>
<dt>{t("Payment method", "Moyen de paiement")}</dt><dd><span>{CARD}</span></dd></dl>"""
