"""LinkedIn Sales Navigator as other tenants' portals draw it (issue 14, docs/portals.md "What the contract
does not promise"), and the routes LinkedIn's help pages document.

The default tests each prove one class of real-portal behaviour: a decision taken on a half-drawn menu,
menus with no menu role, names that carry user data, a new tab, an explained absence that ends blocked,
other number and date forms, the Inactive tab and the Sales Navigator Admin route. The slow pairwise cover
runs every variant with each layout and each language; ``-m matrix`` runs the full cross product. The
sandbox's record of irreversible requests is the oracle: a dry run records nothing, ever.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import pytest

from flows.linkedin import labels as L
from flows.linkedin.pages import total_of
from sandboxes.linkedin.portal import LinkedInPortal
from sandboxes.server import SandboxServer
from tests.helpers import manifest_of, portal_of
from tests.test_linkedin import check_run, run

VARIANTS = sorted({**LinkedInPortal.shared_variants, **LinkedInPortal.vendor_variants})
LAYOUTS = ("current", "legacy", "sales-admin")  # sales-admin: the current layout, from Sales Navigator's Admin menu
LOCALES = ("en", "fr")
# screens drawn late (every one) or a cold first screen: a --timeout they fit in, with room for the
# current path's step that crosses two late screens (the runner bounds a step at twice --timeout)
TIMING = {"late": (",draw_after=9", "15"), "cold": (",cold=9", "15")}


def sentence(server: SandboxServer) -> str:
    """The portal's own words for why the subscription cannot be cancelled here (variant explain)."""
    portal = portal_of(server, LinkedInPortal)
    words = portal.why_not(portal.subscriptions[0])
    assert words
    return str(words)


def dry_run(sandbox: Any, run_on: Any, layout: str, locale: str, variants: str) -> tuple[SandboxServer, Any]:
    """A dry run of ``layout`` in ``locale`` on a portal drawn as ``variants`` (``a+b``)."""
    extra, timeout = ("", "10")
    for name in variants.split("+"):
        extra, timeout = TIMING.get(name, (extra, timeout))
    server = sandbox("linkedin", f"{layout},locale={locale},variant={variants}{extra}")
    return server, run_on(server, "--dry-run", "--locale", locale, "--timeout", timeout)


def check_dry_run(server: SandboxServer, result: Any) -> None:
    """Zero irreversible requests; the final button reached, or (explain) blocked with the portal's words."""
    assert server.portal.record == []
    if server.portal.variant("explain"):
        assert result.code == 3, result.json["message"]
        assert result.json["outcome"] == "blocked"
        assert sentence(server) in result.json["message"]
        return
    assert result.code == 0, result.json["message"]
    check_run(server, result, str(server.portal.options["layout"]), "dry-run")


# --- the default suite: one class of real-portal behaviour each ---------------------------------------
def test_a_half_drawn_account_menu_is_not_taken_for_the_legacy_path(sandbox, run_on):
    """The Me menu shows a plain Settings first and Premium features only once it stops being busy: the
    decision waits for the settled menu and takes the Admin Center path."""
    server = sandbox("linkedin", "current,variant=halfdrawn")
    result = run(run_on, server, "dry-run")
    check_run(server, result, "current", "dry-run")
    assert manifest_of(result)["subscription"]["route"] == "premium"


def test_menus_that_are_plain_lists_of_links(sandbox, run_on):
    """The Me menu and the Actions menu drawn as plain lists of links (no menu role): entries found near the
    opener."""
    server = sandbox("linkedin", "current,variant=menus")
    result = run(run_on, server, "dry-run")
    check_run(server, result, "current", "dry-run")


def test_a_profile_photo_named_for_the_person(sandbox, run_on):
    """Sales Navigator's account menu opens from "Profile photo of Alex Martin": a name that carries user data."""
    server = sandbox("linkedin", "legacy,variant=names")
    result = run(run_on, server, "dry-run")
    check_run(server, result, "legacy", "dry-run")


def test_the_admin_center_opened_in_a_new_tab_is_followed(sandbox, run_on):
    """Sales Navigator › Admin › Admin Center opens a new tab: the run goes on there, says so and logs it."""
    server = sandbox("linkedin", "sales-admin,variant=newtab")
    result = run(run_on, server, "dry-run")
    m = check_run(server, result, "current", "dry-run")
    assert m["subscription"]["route"] == "sales-admin"
    assert "opened a new tab" in result.err
    events = [json.loads(line) for line in (result.folder / "log.jsonl").read_text().splitlines()]
    assert any("tab_opened" in json.dumps(e) for e in events)
    step = next(s for s in result.json["steps"] if s["name"] == "open_subscription")
    assert "/admin/purchases/" in step["url"]


@pytest.mark.parametrize(
    "scenario",
    [
        pytest.param("current,variant=explain", id="admin-center-cancel-disabled"),
        pytest.param("legacy,variant=explain,locale=fr", id="legacy-cancel-left-out-fr"),
    ],
)
def test_an_explained_absence_ends_blocked_with_the_portals_words(sandbox, run_on, scenario):
    """Cancel disabled (Admin Center) or left out (legacy) with a sentence saying why: blocked (exit 3) with
    that sentence, within --timeout, even when a human would approve; nothing cancelled."""
    server = sandbox("linkedin", scenario)
    started = time.monotonic()
    result = run(run_on, server, "approve", "--timeout", "20")
    assert time.monotonic() - started < 20  # blocked on sight, not after the step's bound
    assert result.code == 3, result.json["message"]
    assert result.json["outcome"] == "blocked"
    assert sentence(server) in result.json["message"]
    assert result.json["steps"][-1]["name"] == "start_cancel"
    assert server.portal.record == []


def test_other_number_and_date_forms(sandbox, run_on):
    """Seats written "3 of 5 assigned" in a table and the end date written 2027-03-31: read as 5 seats and that date."""
    server = sandbox("linkedin", "current,variant=formats,seats=5,assigned=3")
    result = run(run_on, server, "approve")
    m = check_run(server, result, "current", "approve")
    assert m["subscription"]["seats"] == 5
    end = server.portal.subscriptions[0]["end"]
    assert result.json["confirmation"]["effective_end"] == end.isoformat()


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("30 assigned of 30", 30),
        ("30 of 30 assigned", 30),
        ("30/30", 30),
        ("3 attribuées sur 5", 5),
        ("3 of 5 assigned", 5),
        ("12", 12),
    ],
)
def test_a_count_is_read_in_every_form(text, total):
    """The total of a count, whatever form the portal writes it in."""
    assert total_of(text) == total


def test_names_with_user_data_match_their_start_or_inside_and_whole_names_stay_whole():
    """The photo's label is a prefix, Actions may be named for the subscription; "Cancel" is still no cancel
    entry."""
    assert L.PROFILE_PHOTO.pattern("fr").match("Photo de profil de Alex Martin")
    assert L.PROFILE_PHOTO.pattern("en").match("Profile photo of Alex Martin")
    assert not L.PROFILE_PHOTO.pattern("en").match("Photos")
    assert L.ACTIONS.pattern("en").search("Actions for Sales Navigator Core")
    assert not L.CANCEL_ENTRY.pattern("en").match("Cancel")
    assert not L.SETTINGS.pattern("en").match("Settings & Privacy")


def test_an_ended_subscription_is_read_under_inactive(sandbox, run_on):
    """Nothing under Purchases › Active: the Inactive tab shows the subscription expired: already-cancelled."""
    server = sandbox("linkedin", "ended")
    result = run(run_on, server, "approve")
    assert result.code == 0, result.json["message"]
    assert result.json["outcome"] == "already-cancelled"
    assert "Sales Navigator Core is Expired" in result.json["message"]
    assert "Inactive" in result.json["message"]
    assert server.portal.record == []


@pytest.mark.parametrize(
    ("scenario", "route"),
    [
        pytest.param("sales-admin,older=1,locale=fr", "sales-admin", id="admin-settings-manage-your-account-fr"),
        pytest.param("current-settings", "settings-privacy", id="subscriptions-and-payments-section"),
    ],
)
def test_the_documented_routes_to_the_admin_center(sandbox, run_on, scenario, route):
    """Sales Navigator › Admin › Admin Settings › Manage Your Account; Settings & Privacy, whose section
    heading "Subscriptions & payments" holds Manage Premium account."""
    server = sandbox("linkedin", scenario)
    result = run(run_on, server, "dry-run")
    m = check_run(server, result, "current", "dry-run")
    assert m["subscription"]["route"] == route


# --- slow: older portals, a re-check, and the pairwise cover of layout × language × variant ----------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario", "layout"),
    [("legacy,older=1", "legacy"), ("current-settings,older=1,locale=fr", "current"), ("sales-admin", "current")],
)
def test_older_portals_and_the_admin_menu_cancel_once(sandbox, run_on, scenario, layout):
    """Links named like the section headings (older portals), and the Admin menu's Admin Center: one cancel each."""
    server = sandbox("linkedin", scenario)
    check_run(server, run(run_on, server, "approve"), layout, "approve")


@pytest.mark.slow
def test_a_recheck_after_the_end_reads_the_inactive_tab_and_holds(sandbox, run_on, cli):
    """Cancelled, then expired (listed under Inactive only): the re-check finds it there and says held."""
    server = sandbox("linkedin")
    first = run(run_on, server, "approve")
    assert first.json["outcome"] == "cancelled", first.json["message"]
    server.portal.subscriptions[0]["status"] = "Expired"
    result = cli("recheck", str(first.folder), "--base-url", server.url, "--json", "--timeout", "15")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "held"
    assert "Inactive" in result.json["message"]
    assert [r["action"] for r in server.portal.record] == ["cancel"]


def pairwise() -> list[Any]:
    """Every variant with each layout, the language alternating: every layout × language, layout × variant
    and language × variant pair, without the full product."""
    cases = []
    for i, variant in enumerate(VARIANTS):
        for j, layout in enumerate(LAYOUTS):
            locale = LOCALES[(i + j) % len(LOCALES)]
            cases.append(pytest.param(layout, locale, variant, id=f"{layout}-{locale}-{variant}"))
    return cases


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "locale", "variants"), pairwise())
def test_dry_run_pairwise(sandbox, run_on, layout, locale, variants):
    """Each variant with each layout and each language: the final button reached (explain: blocked), zero requests."""
    server, result = dry_run(sandbox, run_on, layout, locale, variants)
    check_dry_run(server, result)


@pytest.mark.matrix
@pytest.mark.parametrize(
    ("layout", "locale", "variants"),
    [
        pytest.param(layout, locale, variant, id=f"{layout}-{locale}-{variant}")
        for layout, locale, variant in itertools.product(
            (*LAYOUTS, "current-settings", "legacy,older=1", "sales-admin,older=1"), LOCALES, (*VARIANTS, "all")
        )
    ],
)
def test_dry_run_matrix(sandbox, run_on, layout, locale, variants):
    """The full cross product layout × language × variant (and all of them at once): zero requests, every time."""
    server, result = dry_run(sandbox, run_on, layout, locale, variants)
    check_dry_run(server, result)


@pytest.mark.slow
def test_every_vendor_variant_at_once_cancels_once_and_declines_the_offer(sandbox, run_on):
    """Menus of links, names with user data, a half-drawn menu, other forms and new tabs together, legacy path
    in French, approved: one cancel, the retention offer declined."""
    server = sandbox("linkedin", "legacy,locale=fr,variant=menus+names+halfdrawn+formats+newtab")
    m = check_run(server, run(run_on, server, "approve"), "legacy", "approve")
    assert m["subscription"]["retention_offer_declined"] is True
