"""Office 365 in every layout and language, and every rule, against the sandbox (its record is the oracle).

The default suite runs each layout once in English, a couple in French, and each rule; the whole
layout × language × mode matrix is marked slow (``pytest -m slow``).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from evidence.recorder import labels
from flows.office365.flow import FLOW, dates, is_cancelled
from runners.gate import ScriptedConfirmer
from runners.model import Verdict
from tests.helpers import manifest_of

FIRST, SECOND = "Microsoft 365 Business Standard", "Microsoft 365 E3"

# scenario → (layout the flow records, method it records, the irreversible request the server sees)
LAYOUTS = {
    "mosa": ("current (MOSA)", "cancel now", "cancel"),
    "mca-new": ("current (MCA)", "cancel subscription", "cancel"),
    "mca": ("current (MCA)", "recurring billing off", "recurring-billing-off"),
    "2021": ("2021-22", "cancel subscription", "cancel"),
    "classic": ("classic", "cancel subscription", "cancel"),
    "older-home": ("current (MOSA)", "cancel now", "cancel"),
}
# the title of the screen the human confirms on, per scenario and language
SCREENS = {
    "mosa": ("Options for canceling your subscription",) * 2,
    "mca-new": ("Cancel subscription", "Annuler l’abonnement"),
    "mca": ("Edit recurring billing", "Modifier la facturation récurrente"),
    "2021": ("Cancel subscription", "Annuler l’abonnement"),
    "classic": ("Cancel subscription", "Annuler l’abonnement"),
    "older-home": ("Options for canceling your subscription",) * 2,
}
MODES = {"dry-run": ("--dry-run", None), "approve": ("--assisted", True), "decline": ("--assisted", False)}


def page_text(result, label):
    """The visible text the runner captured with ``label`` (confirm, status, blocked…)."""
    files = [f["path"] for f in manifest_of(result)["files"] if label in labels(f) and f["path"].endswith(".png")]
    assert files, f"no {label} capture"
    return (result.folder / files[-1].replace("screenshots/", "pages/").replace(".png", ".txt")).read_text()


def step_names(result):
    return [s["name"] for s in result.json["steps"]]


def run_layout(sandbox, run_on, scenario, locale, mode, *argv):
    server = sandbox("office365", f"{scenario},locale={locale}")
    flag, answer = MODES[mode]
    confirmer = None if answer is None else ScriptedConfirmer(answer)
    result = run_on(server, flag, "--locale", locale, *argv, confirmer=confirmer)
    return server, result


def check_layout(server, result, scenario, locale, mode):
    """The outcome, the server's record and what the evidence says, for one layout, language and mode."""
    layout, method, action = LAYOUTS[scenario]
    sub = server.portal.subscriptions[0]
    manifest = manifest_of(result)
    assert manifest["subscription"]["layout"] == layout
    assert manifest["subscription"]["cancel_method"] == method
    title = SCREENS[scenario][locale == "fr"]
    assert manifest["fingerprint"]["ok"] is True
    assert manifest["fingerprint"]["heading"] == title
    assert manifest["fingerprint"]["subscription"] == FIRST
    if mode != "approve":
        assert result.code == (0 if mode == "dry-run" else 4), result.err
        assert result.json["outcome"] == ("dry-run-complete" if mode == "dry-run" else "declined")
        assert server.portal.record == []
        assert sub["status"] == "Active" and sub["recurring"] is True
        assert title in page_text(result, "confirm")
        return
    assert result.code == 0, result.err
    assert result.json["outcome"] == "cancelled"
    assert [(r["action"], r["subscription"]) for r in server.portal.record] == [(action, FIRST)]
    confirmation = result.json["confirmation"]
    if action == "recurring-billing-off":
        assert sub["status"] == "Active" and sub["recurring"] is False
        assert confirmation["status_after"] == "Active (recurring billing off)"
        assert confirmation["effective_end"] == server.portal.day(sub["expires"])
    else:
        assert sub["status"] == "Disabled"
        assert confirmation["status_after"] == ("Désactivé" if locale == "fr" else "Disabled")
        assert confirmation["effective_end"] == server.portal.day(date.today())


@pytest.mark.parametrize("scenario", ["mca-new", "mca", "2021", "classic"])
def test_each_layout_cancels_in_english(sandbox, run_on, scenario):
    """Each layout, English, approved: the flow recognises it, takes its path, and the server sees one request."""
    server, result = run_layout(sandbox, run_on, scenario, "en", "approve")
    check_layout(server, result, scenario, "en", "approve")


@pytest.mark.parametrize(("scenario", "mode"), [("mca", "approve")])
def test_french_portals(sandbox, run_on, scenario, mode):
    """A French portal: Modifier la facturation récurrente → Désactiver → Enregistrer (2021–22 French: below)."""
    server, result = run_layout(sandbox, run_on, scenario, "fr", mode)
    check_layout(server, result, scenario, "fr", mode)


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("scenario", list(LAYOUTS))
def test_layout_matrix(sandbox, run_on, scenario, locale, mode):
    """Every layout × language × mode: dry run cancels nothing, approval cancels once, declining nothing."""
    server, result = run_layout(sandbox, run_on, scenario, locale, mode)
    check_layout(server, result, scenario, locale, mode)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario", "layout"),
    [
        *((f"{name},slow=0.2-0.7", expected[0]) for name, expected in LAYOUTS.items()),
        ("mca-new,simplified=1", "current (MCA)"),
        ("mosa,simplified=1,locale=fr", "current (MOSA)"),
        ("mosa,sections=older,locale=fr", "current (MOSA)"),
    ],
)
def test_slow_portals_and_the_simplified_view(sandbox, run_on, scenario, layout):
    """Screens that come late, Billing › Subscriptions (simplified view), actions under "Settings & Actions": the
    layout is still recognised."""
    server = sandbox("office365", scenario)
    result = run_on(server, "--dry-run", "--locale", "fr" if "locale=fr" in scenario else "en")
    assert result.code == 0, result.err
    assert manifest_of(result)["subscription"]["layout"] == layout
    assert server.portal.record == []


# --- rules ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "words", "last_step"),
    [
        ("too-many-licenses,layout=2021", ("Reduce to 25 or fewer", "contact Microsoft support"), "read_subscription"),
        ("partner,layout=classic", ("the partner cancels",), "read_subscription"),
        ("product-key,layout=mca,locale=fr", ("let it expire, no refund",), "read_subscription"),
        ("not-admin", ("only a Global admin or Billing admin",), "open_admin_center"),
    ],
    ids=["licenses", "partner", "product-key", "not-admin"],
)
def test_rules_block_before_any_cancel_pane(sandbox, run_on, scenario, words, last_step):
    """A blocking rule: exit 3, what to do instead, stopped before any cancel pane, nothing requested."""
    server = sandbox("office365", scenario)
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(True))
    assert result.code == 3, result.err
    assert result.json["outcome"] == "blocked"
    for word in words:
        assert word in result.json["message"]
    assert step_names(result)[-1] == last_step
    assert "open_cancel_pane" not in step_names(result)
    assert server.portal.record == []
    assert server.portal.subscriptions[0]["status"] == "Active"


def test_trial_turns_off_recurring_billing(sandbox, run_on):
    """A trial: the rule says to turn off recurring billing, and the flow does that instead of cancelling."""
    server = sandbox("office365", "trial")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert [r["action"] for r in server.portal.record] == ["recurring-billing-off"]
    rules = {r["name"]: r for r in manifest_of(result)["rules"]}
    assert rules["purchase-channel"]["verdict"] == "warn"
    assert "turn off recurring billing" in rules["purchase-channel"]["message"]
    assert result.json["confirmation"]["status_after"] == "Active (recurring billing off)"


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["mca", "2021", "classic"])
def test_trial_in_other_layouts(sandbox, run_on, layout):
    """A trial in the other layouts: Edit recurring billing from the page or the More actions menu."""
    server = sandbox("office365", f"trial,layout={layout}")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert [r["action"] for r in server.portal.record] == ["recurring-billing-off"]


@pytest.mark.parametrize(
    ("scenario", "shown"),
    [
        ("already-disabled,layout=classic", "Disabled"),
        pytest.param("already-expired,layout=2021,locale=fr", "Expiré", marks=pytest.mark.slow),
        pytest.param("already-expired", "Expired", marks=pytest.mark.slow),
    ],
)
def test_already_cancelled_keeps_evidence_of_the_status(sandbox, run_on, scenario, shown):
    """Disabled or Expired: outcome already-cancelled, exit 0, and a capture that shows the status."""
    server = sandbox("office365", scenario)
    locale = "fr" if "locale=fr" in scenario else "en"
    result = run_on(server, "--assisted", "--locale", locale, confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert result.json["outcome"] == "already-cancelled"
    assert shown in result.json["message"]
    assert shown in page_text(result, "status")
    assert server.portal.record == []


def test_several_active_subscriptions_need_a_name(sandbox, run_on):
    """Two active subscriptions and no --subscription: exit 2, the message lists both, nothing requested."""
    server = sandbox("office365", "two-subscriptions")
    result = run_on(server, "--dry-run")
    assert result.code == 2
    assert FIRST in result.json["message"] and SECOND in result.json["message"]
    assert server.portal.record == []


def test_the_named_subscription_is_cancelled_and_the_other_untouched(sandbox, run_on):
    """--subscription in a French 2021–22 list: the named row's menu is used; the other row stays Active."""
    server = sandbox("office365", "two-subscriptions,layout=2021,locale=fr")
    result = run_on(server, "--assisted", "--locale", "fr", "--subscription", SECOND, confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert [(r["action"], r["subscription"]) for r in server.portal.record] == [("cancel", SECOND)]
    first, second = server.portal.subscriptions
    assert (first["status"], second["status"]) == ("Active", "Disabled")
    assert manifest_of(result)["subscription"]["layout"] == "2021-22"


# --- rules and dates without a browser -------------------------------------------------------------
def rule(name):
    return next(r for r in FLOW.rules if r.name == name)


@pytest.mark.parametrize(
    ("name", "facts", "verdict"),
    [
        ("license-limit", {"licenses_assigned": 26, "billing_account_type": "MOSA"}, Verdict.BLOCK),
        ("license-limit", {"licenses_assigned": 25, "billing_account_type": "MOSA"}, Verdict.OK),
        ("license-limit", {"licenses_assigned": 30, "billing_account_type": "MCA"}, Verdict.OK),
        ("license-limit", {"licenses_assigned": 30, "billing_account_type": None}, Verdict.WARN),
        ("purchase-channel", {"purchase_channel": "Partenaire (Contoso)"}, Verdict.BLOCK),
        ("purchase-channel", {"purchase_channel": "Prepaid"}, Verdict.BLOCK),
        ("purchase-channel", {"purchase_channel": "Essai gratuit"}, Verdict.WARN),
        ("purchase-channel", {"purchase_channel": "Direct", "trial": True}, Verdict.WARN),
        ("purchase-channel", {"purchase_channel": "Direct from Microsoft", "trial": False}, Verdict.OK),
        ("admin-role", {"admin_role": "Billing administrator"}, Verdict.OK),
        ("admin-role", {"admin_role": "Administrateur général"}, Verdict.OK),
        ("admin-role", {"admin_role": "Billing reader"}, Verdict.BLOCK),
        ("refund-window", {"billing_account_type": "MOSA", "start_date": "March 1, 2020"}, Verdict.OK),
        ("refund-window", {"billing_account_type": "MCA", "start_date": "March 1, 2020"}, Verdict.WARN),
    ],
)
def test_rule_verdicts(name, facts, verdict):
    """Each rule's verdict from the facts a portal shows, in English and French."""
    assert rule(name).check(facts, {"locale": "en"}).verdict is verdict


def test_refund_window_says_whether_it_is_open():
    """MCA: the refund-window rule names the last day, and says when it has passed."""
    recent = (date.today() - timedelta(2)).isoformat()
    message = rule("refund-window").check({"billing_account_type": "MCA", "start_date": recent}, {}).message
    assert (date.today() + timedelta(5)).isoformat() in message and "refunded" in message
    old = rule("refund-window").check({"billing_account_type": "MCA", "start_date": "2020-03-01"}, {}).message
    assert "no refund" in old and "recurring billing" in old


@pytest.mark.parametrize(
    ("status", "locale"),
    [
        ("Disabled", "en"),
        ("Expired", "en"),
        ("Désactivé", "fr"),
        ("Expiré", "fr"),
        ("Deleted", "en"),
        ("Active", "en"),
        ("Actif", "fr"),
    ],
)
def test_disabled_and_expired_count_as_already_cancelled(status, locale):
    """Disabled and Expired (Désactivé, Expiré) are already cancelled; Active (Actif) is not."""
    assert is_cancelled(status, locale) is (status not in ("Active", "Actif"))


def test_plan_dates_from_the_start_date_and_the_lifecycle():
    """`plan office365 --start-date`: the MCA refund window, then Disabled at once (90 days), Deleted, 180 days."""
    start = date(2026, 3, 2)
    found = dict((what, day) for what, day in dates({"start_date": start, "cancel_on": date(2026, 3, 4)}))
    assert (
        found["MCA refund window ends, 7 days after start or renewal (closed: recurring billing off instead)"]
        == "2026-03-09"
    )
    when = "Cancelled 2026-03-04"
    disabled = f"{when}: Disabled (users lose access, admins keep it; can be reactivated for 90 days)"
    assert found[disabled] == "2026-03-04"
    assert found[f"{when}: Deleted, and data may be deleted from"] == "2026-06-02"
    assert found[f"{when}: data deleted no later than"] == "2026-08-31"
    assert not any("Expired" in what for what in found), "a cancel within the window skips Expired"


def test_plan_dates_after_recurring_billing_off_start_at_the_contract_end():
    """With --contract-end, the plan also gives the lifecycle of a subscription left to expire: Active to the end
    date, then Expired 30 days, Disabled 90 days, Deleted."""
    found = dict(dates({"contract_end": date(2026, 12, 31)}))
    when = "Recurring billing off (Active until the contract end)"
    assert found[f"{when}: Expired (30 days, users read-only)"] == "2026-12-31"
    assert found[f"{when}: Disabled (90 days, admins only)"] == "2027-01-30"
    assert found[f"{when}: Deleted"] == "2027-04-30"


def test_plan_command_prints_the_refund_window(cli):
    """The plan command passes --start-date to the flow and prints the refund window and the layouts note."""
    start = date.today() - timedelta(3)
    result = cli("plan", "office365", "--start-date", start.isoformat(), "--json")
    assert result.code == 0
    found = {d["what"]: d["date"] for d in result.json["dates"]}
    assert found["MCA refund window ends, 7 days after start or renewal (open)"] == (start + timedelta(7)).isoformat()
    assert any("2021-22" in note for note in result.json["notes"])
