"""Office 365 end to end against its sandbox, the server's record of irreversible requests as the oracle."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from conftest import record_over_http
from runners.gate import ScriptedConfirmer


def test_dry_run_reaches_the_final_pane_and_cancels_nothing(sandbox, run_on):
    """A dry run stops at the final Cancel now, captures that screen, and the server records nothing."""
    server = sandbox("office365")
    result = run_on(server, "--dry-run")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == []
    assert record_over_http(server.url) == []
    manifest = json.loads((result.folder / "manifest.json").read_text())
    confirm = [f for f in manifest["files"] if f.get("label") == "confirm" and f["media_type"] == "image/png"]
    assert len(confirm) == 1
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
    manifest = json.loads((result.folder / "manifest.json").read_text())
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
