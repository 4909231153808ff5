"""Salesforce end to end against its sandbox, the server's record of irreversible requests as the oracle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from flows.salesforce import deadline
from flows.salesforce.flow import FLOW
from runners.gate import ScriptedConfirmer
from tests.helpers import manifest_of, record_over_http


def statuses(result: Any) -> dict[str, str]:
    return {s["name"]: s["status"] for s in result.json["steps"]}


def actions(server: Any) -> list[str]:
    return [r["action"] for r in server.portal.record]


def rule(m: dict[str, Any], name: str) -> dict[str, str]:
    return next(r for r in m["rules"] if r["name"] == name)


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


# --- no browser -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("end_days", "accept", "verdict"),
    [(120, False, "ok"), (45, False, "warn"), (20, False, "block"), (20, True, "warn")],
)
def test_notice_deadline_rule(end_days, accept, verdict):
    """In time → ok; after the recommended date → warn; after the deadline → block unless accepted."""
    facts = deadline.deadlines(date.today() + timedelta(days=end_days))
    check = next(r for r in FLOW.rules if r.name == "notice-deadline").check
    result = check(facts, {"accept_late_notice": accept})
    assert result is not None and str(result.verdict) == verdict
    if accept:
        assert "accepted late notice by --accept-late-notice" in result.message


def test_plan_prints_dates_checklist_and_the_written_notice(cli):
    """plan with --contract-end: the four dates, the checklist, the steps, and the notice's wording."""
    result = cli("plan", "salesforce", "--contract-end", "2027-03-31", "--json")
    assert result.code == 0, result.err
    data = result.json
    assert [d["date"] for d in data["dates"]] == ["2026-12-31", "2027-01-30", "2027-03-01", "2027-03-31"]
    checklist = " ".join(data["checklist"])
    for words in (
        "Include images, documents, and attachments",
        "48 hours",
        "Setup › Users › Edit",
        "Active",
        "in writing",
        "invoices",
    ):
        assert words in checklist
    notes = "\n".join(data["notes"])
    assert "will not renew" in notes and "March 31, 2027" in notes and "March 1, 2027" in notes
    assert "confirm in writing" in notes
    export = next(s for s in data["steps"] if s["name"] == "start_export")
    assert export["irreversible"] and export["skippable"]
    text = cli("plan", "salesforce")
    assert text.code == 0 and "[CONTRACT END DATE]" in text.out and "--contract-end" in text.out


# --- end to end, default suite ---------------------------------------------------------------------
def test_dry_run_walks_to_dont_renew_and_changes_nothing(sandbox, run_on):
    """Dry run: the export is captured and passed over, the run stops at Don't Renew, the server records nothing."""
    server = sandbox("salesforce", "contracted")
    result = run_on(server, "--dry-run")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == [] and record_over_http(server.url) == []
    assert statuses(result)["start_export"] == "would-run"
    assert statuses(result)["cancel"] == "would-run"
    m = manifest_of(result)
    end = server.portal.contracts[0]["end"]
    facts = m["subscription"]
    assert facts["name"] == "00012345"
    assert facts["contract_end"] == end.isoformat()
    assert facts["notice_deadline"] == (end - timedelta(30)).isoformat()
    assert facts["recommended_notice_date"] == (end - timedelta(60)).isoformat()
    assert facts["renewal_type"] == "Auto-renew" and facts["billing_contact"] == "Dana Li"
    assert facts["export_all_data"] is True and "UTF-8" in facts["export_encoding"]
    assert m["fingerprint"]["ok"] and m["fingerprint"]["heading"] == "Manage Renewals"
    assert rule(m, "notice-deadline")["verdict"] == "ok"
    labels = dict(m["summary_facts"])
    assert labels["Notice deadline (end − 30 days)"] == (end - timedelta(30)).isoformat()
    report = (result.folder / "report.html").read_text()
    assert "Recommended notice date (end − 60 days)" in report


def test_assisted_exports_then_does_not_renew(sandbox, run_on):
    """Two typed confirmations (EXPORT, CANCEL): one export with every box ticked, one Don't Renew, a case number."""
    server = sandbox("salesforce", "contracted")
    confirmer = ScriptedConfirmer(True, True)
    result = run_on(server, "--assisted", confirmer=confirmer)
    assert result.code == 0, result.err
    assert result.json["outcome"] == "cancelled"
    assert [r.phrase for r in confirmer.requests] == ["EXPORT", "CANCEL"]
    assert actions(server) == ["start_export", "dont_renew"]
    export = server.portal.record[0]
    assert export["images"] and export["files"] and export["replace_cr"] and export["all_data"]
    assert export["encoding"] == "Unicode (UTF-8)"
    case = server.portal.contracts[0]["case"]
    assert result.json["confirmation"]["confirmation_id"] == case
    m = manifest_of(result)
    assert m["cancellation"]["confirmation_id"] == case
    assert m["subscription"]["case_number"] == case
    assert m["subscription"]["service_ends"] == server.portal.contracts[0]["end"].isoformat()
    assert "queued" in m["subscription"]["data_export"]
    assert statuses(result)["start_export"] == "confirmed"
    assert ["Case number", case] in m["summary_facts"]


def test_declining_the_export_changes_nothing(sandbox, run_on):
    """A human who does not type EXPORT: exit 4, no export, no notice."""
    server = sandbox("salesforce", "contracted")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(False))
    assert result.code == 4
    assert result.json["outcome"] == "declined"
    assert server.portal.record == []
    assert server.portal.contracts[0]["renewal"] == "auto"


def test_monthly_edition_is_cancelled_with_skip_export(sandbox, run_on):
    """Monthly edition recognised from the screen; --skip-export skips the export; Cancel Subscription once."""
    server = sandbox("salesforce", "monthly")
    confirmer = ScriptedConfirmer(True)
    result = run_on(server, "--assisted", "--skip-export", "--reason", "expensive", confirmer=confirmer)
    assert result.code == 0, result.err
    assert result.json["outcome"] == "cancelled"
    assert [r.phrase for r in confirmer.requests] == ["CANCEL"]
    assert actions(server) == ["cancel_subscription"]
    assert server.portal.record[0]["reason"] == "Too expensive"
    assert server.portal.subscription["status"] == "Canceled"
    steps = statuses(result)
    assert {steps[s] for s in ("open_data_export", "prepare_export", "start_export")} == {"skipped"}
    m = manifest_of(result)
    assert m["subscription"]["edition_type"] == "monthly"
    assert m["subscription"]["data_export"].startswith("skipped by --skip-export")
    assert m["options"]["skip_export"] is True
    assert result.json["confirmation"]["status_after"] == "Canceled"
    assert result.json["confirmation"]["confirmation_id"] == server.portal.subscription["reference"]


def test_french_portal_dry_run(sandbox, run_on):
    """French labels and French dates ("22 mars 2027") are read; nothing is recorded."""
    server = sandbox("salesforce", "contracted,locale=fr")
    result = run_on(server, "--dry-run", "--locale", "fr")
    assert result.code == 0, result.err
    assert server.portal.record == []
    m = manifest_of(result)
    assert m["subscription"]["contract_end"] == server.portal.contracts[0]["end"].isoformat()
    assert m["fingerprint"]["heading"] == "Gérer les renouvellements"


@pytest.mark.parametrize(
    ("scenario", "words"),
    [("account-executive", "account executive (Jordan Blake)"), ("too-late", "--accept-late-notice")],
)
def test_blocked_contracts_send_nothing(sandbox, run_on, scenario, words):
    """Signed through an account executive, or after the notice deadline: blocked (exit 3), nothing sent."""
    server = sandbox("salesforce", scenario)
    result = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True))
    assert result.code == 3, result.err
    assert result.json["outcome"] == "blocked"
    assert words in result.json["message"]
    assert server.portal.record == []
    m = manifest_of(result)
    assert m["subscription"]["notice_deadline"]
    assert any(r["verdict"] == "block" for r in m["rules"])


def test_accept_late_notice_gives_notice_and_records_it(sandbox, run_on):
    """--accept-late-notice turns the deadline block into a recorded warning; Don't Renew is sent."""
    server = sandbox("salesforce", "too-late")
    result = run_on(server, "--assisted", "--skip-export", "--accept-late-notice", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert actions(server) == ["dont_renew"]
    m = manifest_of(result)
    assert m["options"]["accept_late_notice"] is True
    late = rule(m, "notice-deadline")
    assert late["verdict"] == "warn" and "accepted late notice by --accept-late-notice" in late["message"]


def test_already_not_renewing(sandbox, run_on):
    """A contract already set not to renew: already-cancelled, exit 0, nothing sent."""
    server = sandbox("salesforce", "not-renewing")
    result = run_on(server, "--dry-run", "--skip-export")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "already-cancelled"
    assert server.portal.record == []


def test_export_too_soon_is_passed_over_with_a_warning(sandbox, run_on):
    """Export Now disabled: the export step is skipped, the reason is recorded, and notice is still given."""
    server = sandbox("salesforce", "export-too-soon")
    confirmer = ScriptedConfirmer(True)
    result = run_on(server, "--assisted", confirmer=confirmer)
    assert result.code == 0, result.err
    assert [r.phrase for r in confirmer.requests] == ["CANCEL"]
    assert actions(server) == ["dont_renew"]
    assert statuses(result)["start_export"] == "skipped"
    m = manifest_of(result)
    assert "not possible" in m["subscription"]["data_export"]
    warning = rule(m, "data-export")
    assert warning["verdict"] == "warn"
    assert server.portal.day(server.portal.last_export + timedelta(7)) in warning["message"]
    assert "skip_export" not in m["options"]  # the person did not ask to skip it


def test_sandbox_decoys_only_close(sandbox, page: Page):
    """The pane's plain Cancel and the renewals page's Cancel do nothing irreversible."""
    server = sandbox("salesforce", "monthly")
    page.goto(server.url + "account/subscriptions/sub-1")
    page.get_by_role("button", name="Cancel Subscription", exact=True).click()
    pane = page.get_by_role("dialog", name="Cancel Subscription")
    expect(pane).to_be_visible()
    pane.get_by_role("button", name="Cancel", exact=True).click()
    expect(pane).to_be_hidden()
    other = sandbox("salesforce", "contracted")
    page.goto(other.url + "account/contracts/00012345/renewals")
    page.get_by_role("button", name="Cancel", exact=True).click()
    expect(page.get_by_role("button", name="Manage Renewals")).to_be_visible()
    assert server.portal.record == [] and other.portal.record == []


# --- the long matrix ------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize(
    ("scenario", "argv", "answers", "code", "expected"),
    [
        ("contracted", ("--dry-run",), (), 0, []),
        ("contracted", ("--assisted",), (True, True), 0, ["start_export", "dont_renew"]),
        ("contracted", ("--assisted",), (True, False), 4, ["start_export"]),
        ("contracted", ("--assisted", "--skip-export"), (False,), 4, []),
        ("monthly", ("--dry-run",), (), 0, []),
        ("monthly", ("--assisted",), (True, True), 0, ["start_export", "cancel_subscription"]),
        ("monthly", ("--assisted", "--skip-export"), (False,), 4, []),
        ("late-notice", ("--assisted", "--skip-export"), (True,), 0, ["dont_renew"]),
        ("export-too-soon", ("--dry-run",), (), 0, []),
        ("account-executive", ("--dry-run",), (), 3, []),
        ("too-late", ("--dry-run",), (), 3, []),
        ("not-renewing", ("--assisted",), (True,), 0, ["start_export"]),
        ("renewals-pane", ("--dry-run",), (), 0, []),
        ("renewals-pane", ("--assisted", "--skip-export"), (True,), 0, ["dont_renew"]),
    ],
)
def test_matrix(sandbox, run_on, locale, scenario, argv, answers, code, expected):
    """Every scenario and layout × locale × mode: the exit code and exactly the irreversible requests expected."""
    server = sandbox("salesforce", f"{scenario},locale={locale}")
    result = run_on(server, *argv, "--locale", locale, confirmer=ScriptedConfirmer(*answers))
    assert result.code == code, result.err
    assert actions(server) == expected
    assert [r["action"] for r in record_over_http(server.url)] == expected
    if "dont_renew" in expected or "cancel_subscription" in expected:
        assert result.json["confirmation"]["confirmation_id"]
        assert result.json["confirmation"]["effective_end"]


@pytest.mark.slow
def test_late_notice_warns_but_proceeds(sandbox, run_on):
    """After the recommended date but before the deadline: a warning in the record, Don't Renew is sent."""
    server = sandbox("salesforce", "late-notice")
    result = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    late = rule(manifest_of(result), "notice-deadline")
    assert late["verdict"] == "warn" and in_days(15) in late["message"]


@pytest.mark.slow
def test_two_contracts_need_a_name(sandbox, run_on):
    """Two active contracts: a usage error that lists them; --subscription picks one."""
    server = sandbox("salesforce", "two-contracts")
    result = run_on(server, "--dry-run", "--skip-export")
    assert result.code == 2
    assert "00012345" in result.json["message"] and "00012346" in result.json["message"]
    picked = run_on(
        server, "--assisted", "--skip-export", "--subscription", "00012346", confirmer=ScriptedConfirmer(True)
    )
    assert picked.code == 0, picked.err
    assert server.portal.record[0]["contract"] == "00012346"


@pytest.mark.slow
def test_report_summary_page_shows_deadlines(sandbox, run_on):
    """The report's summary page (PDF) carries the deadline facts of a dry run."""
    server = sandbox("salesforce", "contracted")
    result = run_on(server, "--dry-run", "--skip-export")
    assert result.code == 0, result.err
    pdf = result.folder / "report.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert "Notice deadline (end − 30 days)" in (result.folder / "report.html").read_text()
