"""Office 365 as other tenants' portals draw it (issue 14), against the sandbox and its record of irreversible
requests: screens drawn late behind the page chrome, menus that are lists of links, names that carry the
product, links that open a new tab, a control left out or disabled with the portal's reason, facts in other
forms, and Microsoft's corrected rules.

The default suite proves each class of behaviour once (more cases of each are marked slow). The pairwise
cover of layout × language × variant (every variant with each layout and each language) is marked slow; the
whole cross product is marked matrix (``pytest -m matrix``).
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest

from flows.office365.facts import license_counts
from runners.gate import ScriptedConfirmer
from sandboxes.office365.portal import Office365Portal
from sandboxes.server import Request, Response, SandboxServer
from tests.helpers import manifest_of

FIRST, FREE = "Microsoft 365 Business Standard", "Microsoft Entra ID Free"
# the sandbox's layouts → (scenario, the layout the flow records)
LAYOUTS = {
    "mosa": ("mosa", "current (MOSA)"),
    "mca-new": ("mca-new", "current (MCA)"),
    "mca": ("mca", "current (MCA)"),
    "2021": ("2021", "2021-22"),
    "classic": ("classic", "classic"),
    "older-home": ("older-home", "current (MOSA)"),
}
OLDER_HOME = {"classic", "older-home"}
MCA = {"mca-new", "mca"}
VARIANTS = ("late", "chrome", "ids", "cold", "menus", "names", "newtab", "explain", "formats")
LOCALES = ("en", "fr")
# what each variant needs beside its name: screens later than Playwright's own 5 s (within the run's 12 s), and
# licenses the portal explains it cannot cancel online (MOSA only)
EXTRA = {"late": ",draw_after=6", "cold": ",cold=9", "explain": ",licenses=30"}
TIMEOUT = "12"
SENTENCE = {
    "en": "You can’t cancel this subscription online because more than 25 licenses are assigned.",
    "fr": "Vous ne pouvez pas annuler cet abonnement en ligne, car plus de 25 licences sont attribuées.",
}


def dry_run(sandbox: Any, run_on: Any, layout: str, locale: str, variant: str) -> tuple[Any, Any]:
    """A dry run of one layout, language and variant (Microsoft Entra ID Free listed beside the subscription)."""
    scenario = LAYOUTS[layout][0]
    server = sandbox("office365", f"{scenario},locale={locale},free=1,variant={variant}{EXTRA.get(variant, '')}")
    return server, run_on(server, "--dry-run", "--locale", locale, "--timeout", TIMEOUT)


def check_dry_run(server: Any, result: Any, layout: str, locale: str, variant: str) -> None:
    """The outcome this tenant must end with, nothing requested, the right subscription and layout."""
    blocked = variant == "explain" and layout not in MCA  # the 25-license limit is MOSA's only
    data = result.json
    assert data["outcome"] == ("blocked" if blocked else "dry-run-complete"), data["message"]
    assert server.portal.record == []
    facts = manifest_of(result)["subscription"]
    assert facts["name"] == FIRST, "Microsoft Entra ID Free is never a candidate"
    assert ("home" in facts) is (layout in OLDER_HOME), "the app launcher is taken only on the older home"
    if blocked:
        assert result.code == 3
        assert SENTENCE[locale] in data["message"], "the portal's own sentence, quoted"
    else:
        assert result.code == 0
        assert facts["layout"] == LAYOUTS[layout][1]
        assert facts["licenses_assigned"] == (30 if variant == "explain" else 12)


# --- 1 and 2: bounded waits, decisions on settled screens ---------------------------------------------
class NavigationAfterTheChrome(Office365Portal):
    """The admin center as the issue met it: the header with its app launcher and avatar at once, the home's
    navigation drawn by script 6 s later behind a spinner (later than Playwright's own 5 s); it notes every
    path it serves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paths: list[str] = []

    def serve(self, request: Request) -> Response:
        self.paths.append(request.path)
        self.options["variant"] = "chrome+late" if request.path == "/" else "chrome"
        return super().serve(request)


@pytest.mark.parametrize("scenario", ["mosa", pytest.param("older-home", marks=pytest.mark.slow)])
def test_the_home_is_decided_on_its_navigation_not_on_the_chrome(run_on, scenario):
    """The launcher shows at once on every page: the current home is taken when its navigation comes, 6 s later
    (within --timeout 12); the older home only once the screen has settled with no navigation."""
    portal = NavigationAfterTheChrome(scenario, draw_after="6", free="")
    with SandboxServer(portal) as server:
        result = run_on(server, "--dry-run", "--timeout", TIMEOUT)
        assert result.code == 0, result.json["message"]
        assert result.json["outcome"] == "dry-run-complete"
        facts = manifest_of(result)["subscription"]
        older = scenario == "older-home"
        assert ("home" in facts) is older
        assert ("/admin" in portal.paths) is older, "the launcher's Admin only from the older home"
        assert server.portal.record == []


def test_a_screen_never_drawn_fails_within_the_bound_and_names_it(sandbox, run_on):
    """A home whose navigation never comes: failed, and the message names what was awaited and the bound."""
    server = sandbox("office365", "mosa,variant=late,draw_after=600")
    result = run_on(server, "--dry-run", "--timeout", "3")
    assert result.code == 1
    message = result.json["message"]
    assert "open_admin_center" in message and "within 3s" in message
    assert manifest_of(result)["steps"][0]["seconds"] < 3 + 5  # the bound, plus the failure's capture
    assert server.portal.record == []


# --- 3: menus of any make, names with user data ---------------------------------------------------------
@pytest.mark.parametrize(
    ("layout", "variant"),
    [
        ("2021", "names"),
        ("2021", "menus"),
        pytest.param("classic", "names", marks=pytest.mark.slow),
        pytest.param("older-home", "menus", marks=pytest.mark.slow),
    ],
)
def test_menus_of_links_and_names_that_carry_the_product(sandbox, run_on, layout, variant):
    """A row's More actions named "More actions for Microsoft 365 Business Standard" is found; a plain list of
    links opened by a button is the menu (2021-22 rows, classic More actions, the app launcher)."""
    server, result = dry_run(sandbox, run_on, layout, "en", variant)
    check_dry_run(server, result, layout, "en", variant)


def test_the_named_row_menu_among_several(sandbox, run_on):
    """Two rows, each with its "More actions for <product>" list of links: the named subscription's is used."""
    server = sandbox("office365", "two-subscriptions,layout=2021,locale=fr,variant=menus+names")
    confirmer = ScriptedConfirmer(True)
    result = run_on(server, "--assisted", "--locale", "fr", "--subscription", "Microsoft 365 E3", confirmer=confirmer)
    assert result.code == 0, result.json["message"]
    assert [(r["action"], r["subscription"]) for r in server.portal.record] == [("cancel", "Microsoft 365 E3")]
    assert [s["status"] for s in server.portal.subscriptions] == ["Active", "Disabled"]


# --- 4: new tabs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("layout", "where"),
    [
        ("older-home", ["open_admin_center", "open_subscription"]),
        pytest.param("mca", ["open_subscription", "open_cancel_pane"], marks=pytest.mark.slow),
    ],
    ids=["admin-center-and-details", "details-and-recurring-billing"],
)
def test_links_that_open_a_new_tab_are_followed(sandbox, run_on, layout, where):
    """The older home's Admin, a subscription's link and the offer to edit the recurring billing settings open a
    new tab: the run goes on there, and the evidence records each switch with its step."""
    server, result = dry_run(sandbox, run_on, layout, "en", "newtab")
    check_dry_run(server, result, layout, "en", "newtab")
    tabs = manifest_of(result)["subscription"]["tabs_opened"]
    assert [t["step"] for t in tabs] == where


# --- 5: explained absence, facts in other forms ---------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "said", "last_step"),
    [
        ("mosa,variant=explain,licenses=30", SENTENCE["en"], "read_subscription"),
        pytest.param(
            "classic,locale=fr,variant=explain,licenses=30", SENTENCE["fr"], "read_subscription", marks=pytest.mark.slow
        ),
        ("custom-domain", "You can’t cancel this subscription until you remove the custom domain", "open_cancel_pane"),
        pytest.param(
            "custom-domain,layout=mca,age_days=3",
            "the custom domain contoso.com",
            "open_cancel_pane",
            marks=pytest.mark.slow,
        ),
    ],
    ids=["mosa-30-licenses", "classic-fr-30-licenses", "disabled-custom-domain", "missing-custom-domain"],
)
def test_an_explained_absence_ends_blocked_with_the_portals_sentence(sandbox, run_on, scenario, said, last_step):
    """Cancel subscription disabled or left out, and a sentence saying why: blocked (exit 3) at once, quoting
    the portal and saying what to do; never a wait for a control that will not come."""
    server = sandbox("office365", scenario)
    locale = "fr" if "locale=fr" in scenario else "en"
    result = run_on(server, "--assisted", "--locale", locale, "--timeout", TIMEOUT, confirmer=ScriptedConfirmer(True))
    assert result.code == 3, result.json["message"]
    assert result.json["outcome"] == "blocked"
    message = result.json["message"]
    assert said in message
    assert "contact Microsoft support" in message
    steps = manifest_of(result)["steps"]
    assert steps[-1]["name"] == last_step
    assert steps[-1]["seconds"] < float(TIMEOUT)
    assert server.portal.record == []


@pytest.mark.parametrize(
    ("layout", "locale"),
    [
        ("mosa", "en"),
        ("classic", "en"),
        pytest.param("mca-new", "fr", marks=pytest.mark.slow),
        pytest.param("2021", "fr", marks=pytest.mark.slow),
    ],
)
def test_facts_in_other_forms_are_read(sandbox, run_on, layout, locale):
    """Licenses as "12 assigned of 20", "12 of 20 licenses assigned" (no label), "Licences : 12 attribuées sur
    20", "12/20"; day-month, dd/mm/yyyy and ISO dates: the licenses and the MCA refund window come out right."""
    server, result = dry_run(sandbox, run_on, layout, locale, "formats")
    check_dry_run(server, result, layout, locale, "formats")
    facts = manifest_of(result)["subscription"]
    assert (facts["licenses_assigned"], facts["licenses_total"]) == (12, 20)
    if layout in MCA:
        started = server.portal.subscriptions[0]["start"]
        assert facts["refund_window_ends"] == (started + timedelta(7)).isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Licenses: 30 assigned of 30", (30, 30)),
        ("Licenses\n30 of 30 assigned", (30, 30)),
        ("Assigned licenses: 30/30", (30, 30)),
        ("Licences : 26 attribuées sur 40", (26, 40)),
        ("Status: Active\n12 assigned of 20\nStart date: 3/5/2026", (12, 20)),
        ("Status: Active\n7 of 10 licenses assigned", (7, 10)),
        ("12 sur 20 licences attribuées", (12, 20)),
        ("Licenses: No licenses required", (None, None)),
    ],
)
def test_license_counts_in_every_form(text, expected):
    """Assigned first, total second, labelled or not, in English and French."""
    assert license_counts(text) == expected


# --- 6: corrections from Microsoft's help pages -----------------------------------------------------------
def test_mca_with_30_licenses_cancels_within_its_window(sandbox, run_on):
    """The 25-license limit is MOSA's: an MCA subscription with 30 licenses cancels within its 7 days."""
    server = sandbox("office365", "mca-30-licenses")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(True))
    assert result.code == 0, result.json["message"]
    assert [(r["action"], r["refund"]) for r in server.portal.record] == [("cancel", True)]
    rules = {r["name"]: r for r in manifest_of(result)["rules"]}
    assert rules["license-limit"]["verdict"] == "ok" and "MOSA accounts only" in rules["license-limit"]["message"]


def test_free_products_are_listed_but_never_chosen(sandbox, run_on):
    """Microsoft Entra ID Free, Active beside a Disabled subscription, is no candidate; naming it is refused."""
    server = sandbox("office365", "already-disabled,free=1")
    result = run_on(server, "--dry-run")
    assert result.json["outcome"] == "already-cancelled", result.json["message"]
    assert manifest_of(result)["subscription"]["name"] == FIRST
    named = run_on(server, "--dry-run", "--subscription", FREE)
    assert named.code == 2
    assert "free product" in named.json["message"]
    assert server.portal.record == []


@pytest.mark.parametrize(
    ("argv", "when", "sent"),
    [pytest.param((), "now", "now", marks=pytest.mark.slow), (("--when", "end-of-term"), "end-of-term", "renewal")],
    ids=["default-now", "end-of-term"],
)
def test_mosa_when_to_cancel(sandbox, run_on, argv, when, sent):
    """MOSA's options pane: Cancel now by default (a prorated credit, what costs least), or with --when
    end-of-term Cancel before the next renewal date (the service to the end of the term, no refund)."""
    server = sandbox("office365")
    confirmer = ScriptedConfirmer(True)
    result = run_on(server, "--assisted", *argv, confirmer=confirmer)
    assert result.code == 0, result.json["message"]
    facts = manifest_of(result)["subscription"]
    assert facts["when"] == when
    assert [(r["action"], r["when"]) for r in server.portal.record] == [("cancel", sent)]
    assert manifest_of(result)["fingerprint"]["heading"] == "Options for canceling your subscription"
    sub = server.portal.subscriptions[0]
    confirmation = result.json["confirmation"]
    if when == "now":
        assert sub["status"] == "Disabled" and confirmation["status_after"] == "Disabled"
        assert "prorated credit" in confirmer.requests[0].what
    else:
        assert sub["status"] == "Active" and confirmation["status_after"].startswith("Active until the end")
        assert confirmation["effective_end"] == server.portal.day(sub["expires"])
        assert facts["expires_on"] == server.portal.day(sub["expires"])
        assert "no refund" in confirmer.requests[0].what


def test_recurring_billing_off_says_the_monthly_charges_go_on(sandbox, run_on):
    """MCA after 7 days, annual and paid monthly: the human is told the monthly charges continue to the end."""
    server = sandbox("office365", "mca")
    confirmer = ScriptedConfirmer(False)
    result = run_on(server, "--assisted", confirmer=confirmer)
    assert result.code == 4
    what = confirmer.requests[0].what
    assert "annual and paid monthly: the monthly charges go on until the end of the term" in what
    assert server.portal.record == []


def test_plan_states_the_corrected_rules(cli):
    """`plan office365`: Disabled at once then Deleted (data within 180 days), the --when default and why, the
    monthly charges after recurring billing off, the MOSA-only license limit and free products."""
    result = cli("plan", "office365", "--json")
    assert result.code == 0
    notes = " ".join(result.json["notes"])
    for words in (
        "by default the flow cancels now, which costs least: a prorated credit",
        "--when end-of-term",
        "keeps being charged every month until the end of its term",
        "The 25-license limit is for MOSA only",
        "Microsoft Entra ID Free",
    ):
        assert words in notes
    after = " ".join(result.json["after"])
    assert "Disabled at once" in after and "no later than 180 days" in after


# --- 7: the variation harness -------------------------------------------------------------------------------
def pairwise() -> list[tuple[str, str, str]]:
    """Every variant with each layout, and with each language (each layout also meets both languages)."""
    layouts = list(LAYOUTS)
    return [
        (layout, LOCALES[(i + j) % 2], variant)
        for j, variant in enumerate(VARIANTS)
        for i, layout in enumerate(layouts)
    ]


def test_the_pairwise_cover_is_one():
    """The slow cover meets every (variant, layout), (variant, language) and (layout, language) pair."""
    runs = pairwise()
    assert {(v, lay) for lay, _, v in runs} == set(itertools.product(VARIANTS, LAYOUTS))
    assert {(v, loc) for _, loc, v in runs} == set(itertools.product(VARIANTS, LOCALES))
    assert {(lay, loc) for lay, loc, _ in runs} == set(itertools.product(LAYOUTS, LOCALES))
    assert set(VARIANTS) == set(Office365Portal("mosa").shared_variants) | set(Office365Portal.vendor_variants)


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "locale", "variant"), pairwise())
def test_pairwise_layout_language_variant(sandbox, run_on, layout, locale, variant):
    """A dry run of each pair: the outcome the tenant must end with, and zero irreversible requests."""
    server, result = dry_run(sandbox, run_on, layout, locale, variant)
    check_dry_run(server, result, layout, locale, variant)


@pytest.mark.matrix
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_matrix_layout_language_variant(sandbox, run_on, layout, locale, variant):
    """The whole cross product layout × language × variant, each a dry run that requests nothing."""
    server, result = dry_run(sandbox, run_on, layout, locale, variant)
    check_dry_run(server, result, layout, locale, variant)
