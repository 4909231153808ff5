"""LinkedIn Sales Navigator end to end against its sandbox: both paths, EN/FR, every rule.

The server's record of irreversible requests is the oracle: a dry run or a decline records nothing, an
approved run records one ``cancel``, and no run ever records ``accept_offer`` (the retention offer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from evidence.recorder import stands_for
from flows.linkedin import labels as L
from flows.ui import by_roles
from runners.gate import ScriptedConfirmer
from sandboxes.linkedin.portal import LinkedInPortal
from sandboxes.server import SandboxServer
from tests.helpers import CliResult, manifest_of, portal_of

MODES = ("dry-run", "approve", "decline")


def run(run_on: Callable[..., CliResult], server: SandboxServer, mode: str, *extra: str) -> CliResult:
    """The CLI against ``server`` in one of MODES, in the portal's locale."""
    locale = server.portal.lang
    if mode == "dry-run":
        return run_on(server, "--dry-run", "--locale", locale, *extra)
    return run_on(server, "--assisted", "--locale", locale, *extra, confirmer=ScriptedConfirmer(mode == "approve"))


def page_text(result: CliResult, step: str, label: str = "after") -> str:
    """The visible text the runner captured for ``step`` (its "after" or "confirm" capture)."""
    m = manifest_of(result)
    shots = [f for f in m["files"] if f["media_type"] == "image/png" and stands_for(f, step, label)]
    assert len(shots) == 1, f"no single {label} capture for {step}"
    path = str(shots[0]["path"]).replace("screenshots/", "pages/").replace(".png", ".txt")
    return (result.folder / path).read_text()


def actions(server: SandboxServer) -> list[str]:
    return [r["action"] for r in server.portal.record]


DEFAULT_REASON = {"en": "I no longer need it", "fr": "Je n’en ai plus besoin"}


def check_run(server: SandboxServer, result: CliResult, layout: str, mode: str) -> dict[str, Any]:
    """What every run of the matrix must show, whatever its path, locale and mode."""
    assert "accept_offer" not in actions(server)
    m = manifest_of(result)
    sub = m["subscription"]
    assert sub["layout"] == layout
    assert sub["name"] == "Sales Navigator Core"
    assert m["fingerprint"]["ok"] is True
    confirm = page_text(result, "confirm_cancel", "confirm")
    assert (
        "Confirm cancel" if layout == "current" else "Confirm cancellation"
    ) in confirm or "Confirmer l’annulation" in confirm
    if layout == "legacy":  # the offer screen is captured, then declined
        assert "Accept offer" in page_text(result, "continue_past_survey")
        assert sub["retention_offer_declined"] is True
        if "reason" not in m["options"]:  # without --reason: "no longer need", in the portal's language
            assert sub["reason"] == DEFAULT_REASON[server.portal.lang]
    portal_sub = portal_of(server, LinkedInPortal).subscriptions[0]
    if mode == "approve":
        assert result.code == 0, result.err
        assert result.json["outcome"] == "cancelled"
        assert actions(server) == ["cancel"]
        assert portal_sub["status"] == "Cancelled"
        end = server.portal.day(portal_sub["end"])
        assert result.json["confirmation"]["effective_end"] == end
        assert m["cancellation"]["effective_end"] == end
        assert end in m["cancellation"]["confirmation_text"]
        assert ["Access ends on (LinkedIn's words)", end] in m["summary_facts"]
    else:
        assert result.code == (0 if mode == "dry-run" else 4), result.err
        assert result.json["outcome"] == ("dry-run-complete" if mode == "dry-run" else "declined")
        assert server.portal.record == []
        assert portal_sub["status"] == "Active"
    return m


# legacy × en × approve runs by default as test_legacy_reason_and_inmail_warning
DEFAULT_MATRIX = [
    ("current", "en", "dry-run"),
    ("current", "en", "approve"),
    ("legacy", "fr", "dry-run"),
    ("current", "fr", "decline"),
]
SLOW_MATRIX = [
    (layout, locale, mode)
    for layout in ("current", "legacy")
    for locale in ("en", "fr")
    for mode in MODES
    if (layout, locale, mode) not in DEFAULT_MATRIX
]


@pytest.mark.parametrize(("layout", "locale", "mode"), DEFAULT_MATRIX)
def test_both_paths(sandbox, run_on, layout, locale, mode):
    """Each path walks to its final button; only an approving human's run cancels, once."""
    server = sandbox("linkedin", f"{layout},locale={locale}")
    check_run(server, run(run_on, server, mode), layout, mode)


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "locale", "mode"), SLOW_MATRIX)
def test_both_paths_full_matrix(sandbox, run_on, layout, locale, mode):
    """The rest of both paths × EN/FR × dry run / approve / decline."""
    server = sandbox("linkedin", f"{layout},locale={locale}")
    check_run(server, run(run_on, server, mode), layout, mode)


def test_legacy_reason_and_inmail_warning(sandbox, run_on):
    """--reason picks the survey answer; InMail credits left warn with the count and are recorded."""
    server = sandbox("linkedin", "inmail-left")
    result = run(run_on, server, "approve", "--reason", "too expensive")
    m = check_run(server, result, "legacy", "approve")
    assert server.portal.record[0]["reason"] == "It's too expensive"
    assert m["subscription"]["inmail_credits"] == 37
    warning = next(r for r in m["rules"] if r["name"] == "inmail-credits")
    assert warning["verdict"] == "warn" and "37" in warning["message"]
    assert "37 InMail credits left" in result.err
    assert m["subscription"]["status_after_done"] == "Cancelled"


BLOCKED = [
    ("team-seat", "team-seat", "team admin"),
    ("not-purchaser", "purchaser-admin", "purchaser admin"),
    ("apple", "purchase-channel", "Apple device"),
    ("sales-contract", "purchase-channel", "account manager"),
    pytest.param("google-play", "purchase-channel", "Google Play", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("scenario", "rule", "advice"), BLOCKED)
def test_rules_block_online_cancellation(sandbox, run_on, scenario, rule, advice):
    """A rule read from the portal stops the run (exit 3) and says what to do instead; nothing is cancelled."""
    server = sandbox("linkedin", scenario)
    result = run(run_on, server, "approve")
    assert result.code == 3, result.err
    assert result.json["outcome"] == "blocked"
    assert advice in result.json["message"]
    assert server.portal.record == []
    assert manifest_of(result)["rules"][-1] == {"name": rule, "verdict": "block", "message": result.json["message"]}


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "rule", "advice"), BLOCKED)
def test_rules_block_on_the_legacy_path_in_french(sandbox, run_on, scenario, rule, advice):
    """The same rules hold on the legacy path of a French portal."""
    server = sandbox("linkedin", f"{scenario},layout=legacy,locale=fr")
    result = run(run_on, server, "approve")
    assert result.code == 3, result.err
    assert advice in result.json["message"]
    assert manifest_of(result)["rules"][-1]["name"] == rule
    assert server.portal.record == []


@pytest.mark.slow
def test_advanced_purchaser_admin_may_cancel(sandbox, run_on):
    """Advanced Plus bought on the web by its purchaser admin is not blocked (dry run reaches the final pane)."""
    server = sandbox("linkedin", "current,plan=Advanced Plus")
    result = run(run_on, server, "dry-run")
    assert result.code == 0, result.err
    rule = next(r for r in manifest_of(result)["rules"] if r["name"] == "purchaser-admin")
    assert rule["verdict"] == "ok"


@pytest.mark.slow  # the default suite finds a LinkedIn subscription already cancelled in tests/test_reliability.py
@pytest.mark.parametrize("scenario", ["already-cancelled", "already-cancelled,layout=legacy"])
def test_already_cancelled(sandbox, run_on, scenario):
    """A subscription already cancelled ends the run with already-cancelled (exit 0) and its status captured."""
    server = sandbox("linkedin", scenario)
    result = run(run_on, server, "approve")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "already-cancelled"
    assert server.portal.record == []


@pytest.mark.slow  # the shared choose_entry is covered by default in tests/test_office365_layouts.py
def test_several_subscriptions_need_a_name(sandbox, run_on):
    """Two active subscriptions without --subscription: exit 2, and the message lists both."""
    server = sandbox("linkedin", "two-subscriptions")
    result = run(run_on, server, "dry-run")
    assert result.code == 2
    assert "Sales Navigator Core" in result.json["message"]
    assert "LinkedIn Premium Business" in result.json["message"]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["two-subscriptions", "current-settings", "trial,locale=fr"])
def test_other_current_variants(sandbox, run_on, scenario):
    """The chosen one of two subscriptions, the Settings & Privacy entry and a free trial all cancel once."""
    server = sandbox("linkedin", scenario)
    result = run(run_on, server, "approve", "--subscription", "Sales Navigator Core")
    check_run(server, result, "current", "approve")
    assert all(s["status"] == "Active" for s in server.portal.subscriptions[1:])


def test_plan_prints_checklist_rules_and_windows(cli):
    """`plan linkedin` prints the seed checklist, the end-of-cycle rule, the refund and notice rules and the
    refund windows, without a browser."""
    result = cli("plan", "linkedin", "--start-date", "2026-03-01")
    assert result.code == 0, result.err
    out = result.out
    for words in (
        "InMail credits",
        "billing channel",
        "cannot be exported",
        "Sync the CRM",
        "confirmation",
        "end of the current billing cycle",
        "within 7 days of a charge",
        "not used",
        "EU, personal use: 14 days from the start of the subscription",
        "first day of a free trial",
        "Germany, the Netherlands and Denmark",
        "one month's notice",
        "refunded pro rata",
        "2026-03-08",
        "2026-03-15",
        "Apple device",
        "account manager",
        "purchaser admin",
        "team's admin",
    ):
        assert words in out, words
    data = cli("plan", "linkedin", "--json").json
    assert data["steps"][8] == {
        "name": "confirm_cancel",
        "description": data["steps"][8]["description"],
        "irreversible": True,
        "skippable": False,
    }


def test_sandbox_decoys_and_the_offer_oracle(sandbox, page: Page):
    """The pane's plain Cancel only closes it, "Comment" is not "Me", and accepting the offer is recorded."""
    server = sandbox("linkedin", "current")
    page.goto(server.url)
    assert by_roles(page, ("button", "link"), L.ME, "en").count() == 1  # not "Comment"
    french = sandbox("linkedin", "current,locale=fr")
    page.goto(french.url)
    assert by_roles(page, ("button", "link"), L.ME, "fr").all_inner_texts() == ["◯ Vous"]  # not "Commenter"
    page.goto(server.url + "admin/purchases/sub-1")
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("menuitem", name="Cancel subscription", exact=True).click()
    pane = page.get_by_role("dialog", name="Cancel subscription")
    expect(pane).to_be_visible()
    pane.get_by_role("button", name="Cancel", exact=True).click()
    expect(pane).to_be_hidden()
    assert server.portal.record == []
    legacy = sandbox("linkedin", "legacy")
    page.goto(legacy.url + "sales/cancel/offer?reason=Other")
    page.get_by_role("button", name="Accept offer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Offer applied")
    assert [r["action"] for r in legacy.portal.record] == ["accept_offer"]
