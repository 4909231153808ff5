"""Office 365 end to end against its sandbox, the server's record of irreversible requests as the oracle."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evidence.recorder import labels
from runners.gate import ScriptedConfirmer
from sandboxes.office365 import pages as sandbox_pages
from sandboxes.office365.parts import COMBO_JS
from sandboxes.office365.portal import Office365Portal
from sandboxes.server import Request, Response, SandboxServer, esc
from tests.helpers import manifest_of, record_over_http


def test_dry_run_reaches_the_final_pane_and_cancels_nothing(sandbox, run_on):
    """A dry run stops at the final Cancel now, captures that screen, and the server records nothing."""
    server = sandbox("office365")
    result = run_on(server, "--dry-run")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == []
    assert record_over_http(server.url) == []
    manifest = manifest_of(result)
    confirm = [f for f in manifest["files"] if "confirm" in labels(f) and f["media_type"] == "image/png"]
    assert len(confirm) == 1
    # the pane did not change between opening it and the stop: one capture stands for both
    assert [a["step"] for a in confirm[0]["shown_again"]] == ["confirm_cancel"]
    shots = [f for f in manifest["files"] if f["media_type"] == "image/png"]
    assert len({f["sha256"] for f in shots}) == len(shots) == 4, "no screen captured twice"
    text = (result.folder / confirm[0]["path"].replace("screenshots/", "pages/").replace(".png", ".txt")).read_text()
    assert "Options for canceling your subscription" in text
    assert manifest["fingerprint"]["ok"] is True
    assert manifest["fingerprint"]["subscription"] == "Microsoft 365 Business Standard"
    assert server.portal.subscriptions[0]["status"] == "Active"


def test_assisted_run_cancels_once_after_the_phrase(sandbox, run_on):
    """An approving human: one cancel request, status Disabled, outcome cancelled with the end date."""
    server = sandbox("office365")
    confirmer = ScriptedConfirmer(True)
    result = run_on(server, "--assisted", confirmer=confirmer)
    assert result.code == 0, result.err
    data = result.json
    assert data["outcome"] == "cancelled"
    assert [r["action"] for r in server.portal.record] == ["cancel"]
    assert server.portal.subscriptions[0]["status"] == "Disabled"
    assert data["confirmation"]["status_after"] == "Disabled"
    assert data["confirmation"]["effective_end"]
    request = confirmer.requests[0]
    assert request.subscription == "Microsoft 365 Business Standard"
    assert request.screenshot.endswith(".png")
    manifest = manifest_of(result)
    assert manifest["cancellation"]["requested_at"]
    assert manifest["approver"]["confirmed"] is True


def test_declining_leaves_the_subscription_active(sandbox, run_on):
    """A human who does not type the phrase: exit 4, nothing cancelled."""
    server = sandbox("office365")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(False))
    assert result.code == 4
    assert result.json["outcome"] == "declined"
    assert server.portal.record == []
    assert server.portal.subscriptions[0]["status"] == "Active"


def test_no_terminal_means_no(sandbox, run_on):
    """With no terminal to type at, the terminal confirmer declines (the CI case)."""
    server = sandbox("office365")
    result = run_on(server, "--assisted")  # default TerminalConfirmer; pytest's stdin is not a tty
    assert result.code == 4
    assert "no terminal" in result.json["message"]
    assert server.portal.record == []


def test_pane_cancel_only_closes_the_pane(sandbox, page: Page):
    """The sandbox pane's plain Cancel closes it: the decoy a flow must never take for Cancel subscription."""
    server = sandbox("office365")
    page.goto(server.url + "billing/products/sub-1")
    page.get_by_role("button", name="Cancel subscription", exact=True).click()
    pane = page.get_by_role("dialog", name="Options for canceling your subscription")
    expect(pane).to_be_visible()
    pane.get_by_role("button", name="Cancel", exact=True).click()
    expect(pane).to_be_hidden()
    assert server.portal.record == []


class OtherMarkupPortal(Office365Portal):
    """Another reading of PORTALS.md (current MOSA): a Show all nav, cards drawn late by script, a second
    subscription that is disabled, facts as "Label: value" lines, a Cancel subscription link, a pane named by
    aria-label whose title is not a heading element and whose controls come late, a combobox reason."""

    def handle(self, request: Request) -> Response:
        path, t = request.path.rstrip("/") or "/", self.t
        if path == "/":
            nav = (
                f'<a href="/">{t("Home", "Accueil")}</a><button type="button" data-toggle="more">… '
                f'{t("Show all", "Afficher tout")}</button><div id="more" hidden><a href="/billing">'
                f"{t('Billing', 'Facturation')}</a></div>"
            )
            return self.shell(
                "Home",
                f"<h1>Microsoft 365</h1><p>{t('Your role', 'Votre rôle')}: {esc(self.role)}</p>",
                nav=nav,
                user=self.user,
            )
        if path == "/billing":
            return self.shell(
                t("Billing"),
                f'<h1>{t("Billing", "Facturation")}</h1><p><a href="/billing/products">'
                f'{t("Your products", "Vos produits")}</a> · <a href="/">Bills</a></p>',
                user=self.user,
            )
        if path == "/billing/products":
            cards = "".join(
                f'<article><h3><a href="/billing/products/{s["id"]}">{esc(s["name"])}</a></h3>'
                f"<span>{esc(self.status(s))}</span></article>"
                for s in self.subscriptions
            )
            return self.shell(
                t("Your products"),
                f"<h1>{t('Your products', 'Vos produits')}</h1><button>"
                f"{t('Cancel order', 'Annuler la commande')}</button>{late('cards', cards, 600)}",
                user=self.user,
            )
        m = re.fullmatch(r"/billing/products/(sub-\d+)", path)
        if m and (sub := self.find(m.group(1))) and request.method == "GET":
            return self.shell(sub["name"], self.details_body(sub, request.query.get("done") == "1"), user=self.user)
        return super().handle(request)

    def details_body(self, sub, done):
        t = self.t
        lines = "".join(
            f"<p>{label}: {value}</p>"
            for label, value in (
                (t("Status", "Statut"), esc(self.status(sub))),
                (t("Licenses", "Licences"), f"{sub['assigned']}/{sub['total']}"),
                (t("Billing account type", "Type de compte de facturation"), sub["account"]),
                (t("Purchase channel", "Canal d’achat"), esc(self.channel(sub))),
                (t("Start date", "Date de début"), self.day(sub["start"])),
            )
        )
        notice = f'<p role="alert">{esc(sub["name"])}: {t("Disabled", "Désactivé")}.</p>' if done else ""
        if sub["status"] != "Active":
            return f"{notice}<h1>{esc(sub['name'])}</h1>{lines}"
        pane_body = f"""<form method="post" action="/billing/products/{sub["id"]}/cancel"><p>{esc(sub["name"])}</p>
<div data-pane-page="1"><div role="radiogroup" aria-label="When"><label><input type="radio" name="when" value="now">
{t("Cancel now", "Annuler maintenant")}</label><label><input type="radio" name="when" value="later">Later</label></div>
<p class="needs" hidden>!</p><button type="button" data-page="2" data-require="when">{t("Next", "Suivant")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></div><div data-pane-page="2" hidden>
{sandbox_pages.reason_combobox(self, sub["id"])}<button type="submit">{t("Cancel now", "Annuler maintenant")}</button>
<button type="button" data-close>{t("Cancel", "Annuler")}</button></div></form>{COMBO_JS}"""
        title = "Options for canceling your subscription"
        return f"""{notice}<h1>{esc(sub["name"])}</h1>{lines}<div><strong>{
            t("Subscription and payment settings", "Paramètres d’abonnement et de paiement")
        }</strong> <button type="button">{t("Cancel order", "Annuler la commande")}
</button> <a href="#" data-open="pane">{t("Cancel subscription", "Annuler l’abonnement")}</a></div>
<div role="dialog" id="pane" aria-label="{title}" hidden><div class="title">{title}</div>{late("body", pane_body, 500)}
</div>"""


def late(key: str, html: str, ms: int) -> str:
    """``html`` drawn by script ``ms`` milliseconds after the page (or the pane) shows."""
    return (
        f'<template id="tpl-{key}">{html}</template><div id="slot-{key}"></div><script>setTimeout(function () {{'
        f' var s = document.getElementById("slot-{key}"); s.replaceWith('
        f'document.getElementById("tpl-{key}").content.cloneNode(true)); }}, {ms});</script>'
    )


@pytest.mark.parametrize("locale", ["en", pytest.param("fr", marks=pytest.mark.slow)])
def test_another_markup_of_the_contract(run_on, locale):
    """The flow finds things as a person does: it also cancels on markup, timing and decoys not its own."""
    portal = OtherMarkupPortal("mosa", locale=locale, subscriptions="2", status="Active")
    with SandboxServer(portal) as server:
        portal.subscriptions[1]["status"] = "Disabled"
        result = run_on(server, "--assisted", "--locale", locale, confirmer=ScriptedConfirmer(True))
        assert result.code == 0, result.err
        assert [(r["action"], r["subscription"]) for r in server.portal.record] == [
            ("cancel", "Microsoft 365 Business Standard")
        ]
        assert result.json["confirmation"]["status_after"] == ("Désactivé" if locale == "fr" else "Disabled")
