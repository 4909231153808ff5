"""Salesforce on portals drawn the way other orgs draw them (issue 14): the sandbox's variants, the record as oracle.

The default suite proves each class of real-portal behaviour once; the slow suite covers every variant with
every layout and every language (pairwise); ``-m matrix`` runs the whole cross product.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from runners.gate import ScriptedConfirmer
from sandboxes.salesforce.portal import SalesforcePortal
from tests.helpers import manifest_of, record_over_http


def events(result: Any, name: str) -> list[dict[str, Any]]:
    lines = (result.folder / "log.jsonl").read_text().splitlines()
    return [e for e in map(json.loads, filter(None, lines)) if e.get("event") == name]


def statuses(result: Any) -> dict[str, str]:
    return {s["name"]: s["status"] for s in result.json["steps"]}


def actions(server: Any) -> list[str]:
    return [r["action"] for r in server.portal.record]


# --- no browser -----------------------------------------------------------------------------------
def test_plan_says_a_manual_contract_has_nothing_to_cancel(cli):
    """plan: the checklist and the rules say a manual (non auto-renew) contract has nothing to cancel."""
    result = cli("plan", "salesforce", "--json")
    assert result.code == 0, result.err
    data = result.json
    said = " ".join([*data["checklist"], *(r["description"] for r in data["rules"])])
    assert "manual (non auto-renew) contract has nothing to cancel" in said
    assert "Manage Billing" in said


def test_variants_are_declared():
    """Every vendor variant is declared with what it does; an unknown one is refused before anything is served."""
    assert {"menus", "names", "newtab", "explain", "formats"} <= set(SalesforcePortal.vendor_variants)
    with pytest.raises(Exception, match="unknown variant"):
        SalesforcePortal("contracted,variant=nonesuch")


# --- the default suite: one class of real-portal behaviour each --------------------------------------
def test_menus_that_are_plain_lists_of_links(sandbox, run_on):
    """The gear menu and the App Launcher as plain lists of links (no menu or dialog role): Setup and Your Account."""
    server = sandbox("salesforce", "renewals-pane,variant=menus")
    result = run_on(server, "--dry-run")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == []
    facts = manifest_of(result)["subscription"]
    assert facts["your_account_from"] == "the App Launcher"
    assert facts["renewals_screen"] == "pane"


def test_names_that_carry_user_data(sandbox, run_on):
    """Row buttons "Show actions for contract 00012345", "Manage Renewals for contract …": Don't Renew, once."""
    server = sandbox("salesforce", "contracted,variant=names")
    result = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert actions(server) == ["dont_renew"]
    assert server.portal.record[0]["contract"] == "00012345"
    assert result.json["confirmation"]["confirmation_id"] == server.portal.contracts[0]["case"]


def test_setup_and_your_account_open_in_new_tabs(sandbox, run_on):
    """Gear › Setup and gear › Your Account open new tabs: the run goes on there, logs both switches, sends nothing."""
    server = sandbox("salesforce", "gear,variant=newtab")
    result = run_on(server, "--dry-run")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == [] and record_over_http(server.url) == []
    assert statuses(result)["cancel"] == "would-run"
    opened = events(result, "tab_opened")
    assert [e["url"].split("/", 3)[-1] for e in opened] == ["setup", "account"]
    assert manifest_of(result)["subscription"]["your_account_from"] == "the gear menu"


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("contracted,variant=explain", "“You don't have access to Your Account."),
        ("monthly,variant=explain,locale=fr", "« Gérer la facturation »"),
        ("no-manage-billing", "Your Account is offered nowhere to this user"),
    ],
)
def test_missing_manage_billing_ends_blocked(sandbox, run_on, scenario, words):
    """Without Manage Billing (said by the portal, or Your Account offered nowhere): blocked, exit 3, what to do."""
    server = sandbox("salesforce", scenario)
    locale = "fr" if "locale=fr" in scenario else "en"
    result = run_on(server, "--assisted", "--skip-export", "--locale", locale, confirmer=ScriptedConfirmer(True))
    assert result.code == 3, result.err
    assert result.json["outcome"] == "blocked"
    message = result.json["message"]
    assert words in message and "Ask a Salesforce admin to grant you the Manage Billing permission" in message
    assert server.portal.record == []


def test_export_left_out_with_the_reason_is_passed_over(sandbox, run_on):
    """Export Now left out with "you can export once every 7 days": the export is passed over, quoting the portal."""
    server = sandbox("salesforce", "contracted,variant=explain")
    result = run_on(server, "--dry-run")
    assert result.code == 3, result.err
    assert statuses(result)["start_export"] == "skipped"
    facts = manifest_of(result)["subscription"]
    assert "you can export once every 7 days" in facts["data_export"]
    assert server.portal.record == []


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_other_date_and_case_number_forms(sandbox, run_on, locale):
    """Dates as 2027-03-31, Mar 31, 2027 or 31/03/2027, and "Case #: …" / "Requête n° …": read right."""
    server = sandbox("salesforce", f"contracted,variant=formats,locale={locale}")
    result = run_on(server, "--assisted", "--skip-export", "--locale", locale, confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    end = server.portal.contracts[0]["end"]
    facts = manifest_of(result)["subscription"]
    assert facts["contract_end"] == end.isoformat()
    assert facts["service_ends"] == end.isoformat()
    assert result.json["confirmation"]["confirmation_id"] == server.portal.contracts[0]["case"]


def test_manual_contract_has_nothing_to_cancel(sandbox, run_on):
    """A manual (non auto-renew) contract: already-cancelled before any irreversible step, saying why; nothing sent."""
    server = sandbox("salesforce", "manual")
    result = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert result.json["outcome"] == "already-cancelled"
    end = server.portal.contracts[0]["end"].isoformat()
    message = result.json["message"]
    assert f"renewal type is manual: the contract ends on {end} unless a new quote is signed;" in message
    assert "there is nothing to cancel" in message
    assert server.portal.record == []
    assert statuses(result)["read_terms"] == "stopped" and "cancel" not in statuses(result)


def test_help_wording_and_the_gear_path(sandbox, run_on):
    """Gear › Your Account, View Contracts and Manage Renewal (as Salesforce Help names them): Don't Renew, once."""
    server = sandbox("salesforce", "help-wording")
    result = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert actions(server) == ["dont_renew"]
    assert manifest_of(result)["subscription"]["your_account_from"] == "the gear menu"


# --- every variant, with every layout and every language --------------------------------------------
LAYOUTS = {
    "contracted": "contracted",  # Quick Find lists Your Account; Manage Renewals is a page
    "renewals-pane": "renewals-pane",  # only the App Launcher offers Your Account; Manage Renewals is a pane
    "monthly": "monthly",
    "gear": "gear",  # only the gear menu (and the App Launcher) offer Your Account
}
LANGUAGES = ("en", "fr")
VARIANTS = (*SalesforcePortal.shared_variants, *SalesforcePortal.vendor_variants)
# how late a screen may be drawn, and the --timeout that allows it (later than Playwright's 5 s)
TIMING = {"late": ("draw_after=6", "10"), "cold": ("cold=9", "12")}


def pairwise() -> list[tuple[str, str, str]]:
    """Every variant with every layout, the language alternating so each variant meets both languages and
    each layout meets both languages too."""
    cover = []
    for (v, variant), (k, layout) in itertools.product(enumerate(VARIANTS), enumerate(LAYOUTS)):
        cover.append((layout, LANGUAGES[(v + k) % len(LANGUAGES)], variant))
    return cover


def dry_run_on_variant(sandbox: Any, run_on: Any, layout: str, locale: str, variant: str) -> None:
    options, timeout = TIMING.get(variant, ("", "15"))
    scenario = ",".join(filter(None, (LAYOUTS[layout], f"locale={locale}", f"variant={variant}", options)))
    server = sandbox("salesforce", scenario)
    result = run_on(server, "--dry-run", "--locale", locale, "--timeout", timeout)
    expected = ("blocked", 3) if variant == "explain" else ("dry-run-complete", 0)
    assert (result.json["outcome"], result.code) == expected, result.json.get("message")
    assert server.portal.record == [] and record_over_http(server.url) == []


def test_pairwise_cover_is_complete():
    """The slow cover meets every (variant, layout), (variant, language) and (layout, language) pair."""
    cover = pairwise()
    assert {(v, lay) for lay, _, v in cover} == set(itertools.product(VARIANTS, LAYOUTS))
    assert {(v, lang) for _, lang, v in cover} == set(itertools.product(VARIANTS, LANGUAGES))
    assert {(lay, lang) for lay, lang, _ in cover} == set(itertools.product(LAYOUTS, LANGUAGES))


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "locale", "variant"), pairwise())
def test_variants_pairwise(sandbox, run_on, layout, locale, variant):
    """Dry run on each variant × layout (languages alternating): the expected outcome, zero irreversible requests."""
    dry_run_on_variant(sandbox, run_on, layout, locale, variant)


@pytest.mark.matrix
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_variants_matrix(sandbox, run_on, layout, locale, variant):
    """The full cross product layout × language × variant: the expected outcome, zero irreversible requests."""
    dry_run_on_variant(sandbox, run_on, layout, locale, variant)


@pytest.mark.slow
def test_screens_drawn_late_wait_for_the_runs_timeout(sandbox, run_on):
    """Every screen drawn 9 s after load behind a spinner, --timeout 12: every wait is bounded by --timeout."""
    server = sandbox("salesforce", "monthly,variant=late,draw_after=9")
    result = run_on(server, "--dry-run", "--skip-export", "--timeout", "12")
    assert result.code == 0, result.json.get("message")
    assert result.json["outcome"] == "dry-run-complete"
    assert server.portal.record == []


@pytest.mark.slow
def test_all_quick_variants_at_once(sandbox, run_on):
    """Every quick variant together (chrome, ids, menus, names, newtab, formats; not explain): Don't Renew, once."""
    variants = "+".join(v for v in VARIANTS if v not in ("late", "cold", "explain"))
    server = sandbox("salesforce", f"gear,variant={variants},locale=fr")
    result = run_on(server, "--assisted", "--skip-export", "--locale", "fr", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.err
    assert actions(server) == ["dont_renew"]
    assert len(events(result, "tab_opened")) == 2
