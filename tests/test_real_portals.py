"""How a flow meets a real portal: bounded waits, settled screens, menus of any make, names with user data,
new tabs and explained absence (issue 14), proven on small pages and through the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows import ui
from runners.errors import BlockedByRule, StepTimeout
from runners.model import FlowContext, Step, set_patience
from runners.results import classify

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh page whose waits are bounded like a run's with --timeout 10."""
    context = browser.new_context()
    set_patience(context, 10)
    yield context.new_page()
    context.close()


def later(ms: int, html: str) -> str:
    """A script that draws ``html`` into the body ``ms`` after load (as a real portal's scripts do)."""
    return f"<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', {html!r}), {ms})</script>"


SPINNER = '<div role="progressbar" aria-label="Loading" id="s">Loading…</div>'
DONE = "<script>setTimeout(() => document.getElementById('s').remove(), {ms})</script>"
HOME = ui.Labels(("Billing",), ("Facturation",))
LAUNCHER = ui.Labels(("App launcher",))


def test_expect_waits_as_long_as_the_run_allows(tab: Any) -> None:
    """A control drawn 6 s after load is found: Playwright's own 5 s default no longer applies."""
    tab.set_content(later(6000, "<button>Billing</button>"))
    started = time.monotonic()
    ui.expect(ui.control(tab, HOME, "en")).to_be_visible()
    assert time.monotonic() - started > 5.5


def test_a_failed_wait_names_the_bound_it_really_had(browser: Any) -> None:
    """The failure message states the bound that was applied (here 2 s), not another figure."""
    context = browser.new_context()
    set_patience(context, 2)
    page = context.new_page()
    page.set_content("<p>nothing here</p>")
    step = Step("open", "Open the home", lambda ctx: None)
    with pytest.raises(AssertionError) as caught:
        ui.expect(ui.control(page, HOME, "en")).to_be_visible()
    assert classify(caught.value, step, 30).args[0].endswith("within 2s")
    with pytest.raises(ui.NotShown) as shown:
        ui.decide(page, {"current": ui.control(page, HOME, "en")}, what="the admin center's navigation")
    error = classify(shown.value, step, 30)
    assert isinstance(error, StepTimeout)
    assert "the admin center's navigation" in str(error) and "within 2s" in str(error)
    context.close()


def test_decide_waits_for_the_navigation_behind_the_spinner(tab: Any) -> None:
    """Chrome drawn first and a spinner: the decision waits for the navigation, never takes the launcher."""
    tab.set_content(
        '<header><button aria-label="App launcher">▦</button></header>'
        + SPINNER
        + DONE.format(ms=1500)
        + later(1500, "<nav><button>Billing</button></nav>")
    )
    launcher = ui.control(tab, LAUNCHER, "en")
    assert ui.decide(tab, {"current": ui.control(tab, HOME, "en")}, {"older": launcher}) == "current"


def test_decide_gives_the_specific_sign_a_fair_chance(tab: Any) -> None:
    """With no spinner, a navigation drawn a moment after the launcher still wins."""
    tab.set_content(
        '<header><button aria-label="App launcher">▦</button></header>'
        + "<script>let n = 0; const t = setInterval(() => { document.title = 'x' + n;"
        " document.body.dataset.n = ++n; if (n > 3) clearInterval(t); }, 100)</script>"
        + later(300, "<nav><button>Billing</button></nav>")
    )
    launcher = ui.control(tab, LAUNCHER, "en")
    assert ui.decide(tab, {"current": ui.control(tab, HOME, "en")}, {"older": launcher}) == "current"


def test_decide_takes_the_generic_path_once_the_screen_is_still(tab: Any) -> None:
    """The older home (only a launcher, a still screen) is recognised, without waiting out the timeout."""
    tab.set_content('<header><button aria-label="App launcher">▦</button></header><h1>Office</h1>')
    started = time.monotonic()
    launcher = ui.control(tab, LAUNCHER, "en")
    assert ui.decide(tab, {"current": ui.control(tab, HOME, "en")}, {"older": launcher}) == "older"
    assert time.monotonic() - started < 3


def test_a_specific_sign_costs_no_wait(tab: Any) -> None:
    """Settling costs nothing when the screen is already drawn: no fixed wait on every step."""
    tab.set_content('<button aria-label="App launcher">▦</button><nav><button>Billing</button></nav>')
    started = time.monotonic()
    assert ui.decide(tab, {"current": ui.control(tab, HOME, "en")}, {"older": ui.control(tab, LAUNCHER, "en")})
    assert time.monotonic() - started < 0.5


SETTINGS = ui.Labels(("Settings",), ("Paramètres",))


def test_an_entry_in_a_plain_list_of_links_near_its_opener(tab: Any) -> None:
    """A menu with no menu role (a list of links drawn beside the button) is found; a decoy elsewhere is not taken."""
    tab.set_content(
        '<div><button aria-label="Profile photo of Alex Martin" onclick="this.nextElementSibling.hidden=false">'
        'AM</button><ul hidden><li><a href="#settings">Settings</a></li><li><a href="#out">Sign out</a></li></ul>'
        '</div><footer><a href="#decoy">Settings</a></footer>'
    )
    photo = ui.control(tab, ui.Labels(("Profile photo",), match=ui.PREFIX), "en")
    photo.click()
    ui.entry(tab, photo, SETTINGS, "en").click()
    assert tab.url.endswith("#settings")


@pytest.mark.parametrize(
    ("labels", "name", "found"),
    [
        (ui.Labels(("Profile photo",), match=ui.PREFIX), "Profile photo of Alex Martin", True),
        (ui.Labels(("Profile photo",), match=ui.PREFIX), "Profile photos", False),
        (ui.Labels(("More actions",), match=ui.CONTAINS), "More actions for Microsoft 365 Business Standard", True),
        (ui.Labels(("Cancel",), ("Annuler",)), "Cancel subscription", False),
        (ui.Labels(("Cancel",), ("Annuler",)), "Annuler l’abonnement", False),
        (ui.Labels(("Cancel",), ("Annuler",)), " Cancel ", True),
    ],
)
def test_label_match_modes(labels: ui.Labels, name: str, found: bool) -> None:
    """A label may declare that the real name carries user data; "Cancel" still never matches "Cancel subscription"."""
    assert bool(labels.pattern("en").search(name)) is found


WHY = ui.Labels(("can't cancel this subscription online", "cannot be cancelled online"))


def test_an_explained_absence_blocks_with_the_portals_sentence(tab: Any) -> None:
    """A disabled control with a sentence that says why: blocked, quoting the portal, well within the bound."""
    tab.set_content(
        "<p>You can’t cancel this subscription online because more than 25 licenses are assigned.</p>"
        "<button disabled>Cancel subscription</button>"
    )
    cancel = ui.control(tab, ui.Labels(("Cancel subscription",)), "en")
    started = time.monotonic()
    with pytest.raises(BlockedByRule) as caught:
        ui.go_on(tab, cancel, WHY, advice="Reduce to 25 licenses or fewer, or contact support.")
    assert "more than 25 licenses are assigned" in str(caught.value)
    assert "contact support" in str(caught.value)
    assert time.monotonic() - started < 3


def test_an_enabled_control_goes_on(tab: Any) -> None:
    """The control to go on, drawn late and enabled, is handed back."""
    tab.set_content(later(500, "<button>Cancel subscription</button>"))
    cancel = ui.control(tab, ui.Labels(("Cancel subscription",)), "en")
    assert ui.go_on(tab, cancel, WHY, advice="") is cancel


CANCEL = ui.Labels(("Cancel subscription",))
MENU = '<button aria-expanded="true">Actions</button><ul><li>{entry}</li><li><a href="#">Change plan</a></li></ul>'


def test_a_menu_entry_disabled_with_a_reason_blocks(tab: Any) -> None:
    """The entry of a menu (a plain list) shown disabled, with the portal's sentence: blocked, quoting it, at once."""
    tab.set_content(
        MENU.format(entry="<button disabled>Cancel subscription</button>")
        + "<p>This subscription cannot be cancelled online: it was bought through the App Store.</p>"
    )
    opener = tab.get_by_role("button", name="Actions")
    started = time.monotonic()
    with pytest.raises(BlockedByRule) as caught:
        ui.entry(tab, opener, CANCEL, "en", why=WHY, advice="Cancel it on the Apple device.")
    assert "bought through the App Store" in str(caught.value)
    assert "Apple device" in str(caught.value)
    assert time.monotonic() - started < 3


def test_a_menu_entry_is_handed_back_usable_once_the_screen_settles(tab: Any) -> None:
    """An entry shown disabled behind a spinner, enabled when the spinner goes: handed back then, not before."""
    enable = "<script>setTimeout(() => { document.getElementById('c').disabled = false; }, {ms})</script>"
    tab.set_content(
        SPINNER
        + MENU.format(entry='<button id="c" disabled>Cancel subscription</button>')
        + enable.replace("{ms}", "700")
        + DONE.format(ms=900)
    )
    opener = tab.get_by_role("button", name="Actions")
    started = time.monotonic()
    found = ui.entry(tab, opener, CANCEL, "en", why=WHY, advice="")
    assert time.monotonic() - started > 0.8  # the spinner's 0.9 s, not the first sight of the entry
    assert found.is_enabled()
    assert not tab.get_by_role("progressbar").count()


# Setup's Quick Find: typing shows its results (by script, as Salesforce's tree filter does).
QUICK_FIND = """<label>Quick Find <input type="search" id="q"></label><ul id="r"></ul>
<script>document.getElementById('q').addEventListener('input', e => {
  document.getElementById('r').innerHTML = e.target.value ? '<li>{result}</li>' : ''; });</script>{extra}"""


@pytest.mark.parametrize(
    ("result", "extra", "outcome"),
    [
        ('<a href="#account">Your Account</a>', "", "clicked"),
        (
            '<a href="#account" aria-disabled="true">Your Account</a>',
            "<p>Your Account needs the Manage Billing permission. Ask your administrator.</p>",
            "blocked",
        ),
        ('<a href="#account" aria-disabled="true">Your Account</a>', "", "not shown"),
    ],
    ids=["usable", "disabled-with-reason", "disabled-without-reason"],
)
def test_a_quick_find_result_is_clicked_only_when_usable(browser: Any, result: str, extra: str, outcome: str) -> None:
    """Salesforce's Quick Find lists Your Account: usable, it is clicked at once; shown disabled with the portal's
    sentence, the run is blocked quoting it; disabled with no reason, it fails within the bound, saying so."""
    from flows.salesforce.flow import open_your_account
    from runners.errors import PortalChangedError

    context = browser.new_context()
    set_patience(context, 2)
    page = context.new_page()
    page.set_content(QUICK_FIND.replace("{result}", result).replace("{extra}", extra))
    ctx = FlowContext(page=page, options={"locale": "en"})
    started = time.monotonic()
    if outcome == "clicked":
        open_your_account(ctx)
        assert page.url.endswith("#account") and ctx.facts["your_account_from"] == "Setup › Quick Find"
    elif outcome == "blocked":
        with pytest.raises(BlockedByRule) as blocked:
            open_your_account(ctx)
        assert "needs the Manage Billing permission" in str(blocked.value)
        assert time.monotonic() - started < 1.5  # the sentence is on the settled screen: no wait for the bound
    else:
        with pytest.raises((ui.NotShown, PortalChangedError)) as failed:
            open_your_account(ctx)
        assert "shown disabled, with no reason given, within 2s" in str(failed.value)
        assert "your_account_from" not in ctx.facts
    context.close()


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/next" target="_blank">Setup</a>',
        "<button onclick=\"window.open('/next')\">Setup</button>",
    ],
)
def test_a_click_that_opens_a_tab_is_followed(tab: Any, link: str) -> None:
    """The run goes on in the tab the portal opened, and the switch is recorded."""
    tab.context.route("**/next", lambda route: route.fulfill(body="<h1>Setup</h1>", content_type="text/html"))
    tab.context.route("http://portal.test/", lambda route: route.fulfill(body=link, content_type="text/html"))
    tab.goto("http://portal.test/")
    switches: list[dict[str, str]] = []
    ctx = FlowContext(page=tab, options={}, on_tab=lambda page, switch: switches.append(switch))
    ctx.click(ui.control(tab, ui.Labels(("Setup",)), "en"))
    assert ctx.page is not tab
    ui.expect(ctx.page.get_by_role("heading", name="Setup")).to_be_visible()
    assert ctx.tabs == switches and switches[0]["to"].endswith("/next")


def test_a_click_that_goes_to_another_page_stays_in_its_tab(tab: Any) -> None:
    """A link to another page of the same tab: the run goes on there, with no switch recorded."""
    tab.context.route("**/next", lambda route: route.fulfill(body="<h1>Setup</h1>", content_type="text/html"))
    tab.context.route(
        "http://portal.test/", lambda route: route.fulfill(body='<a href="/next">Setup</a>', content_type="text/html")
    )
    tab.goto("http://portal.test/")
    ctx = FlowContext(page=tab, options={})
    ctx.click(ui.control(tab, ui.Labels(("Setup",)), "en"))
    assert ctx.page is tab and ctx.tabs == []
    ui.expect(tab.get_by_role("heading", name="Setup")).to_be_visible()


def test_a_click_that_routes_and_opens_a_tab_is_followed_once(browser: Any) -> None:
    """A click that moves the page along its history (no new document) and opens a tab: the tab is followed
    every time, and a later click does not wait for a tab of its own (it would wait out --timeout, then fail)."""
    context = browser.new_context()
    set_patience(context, 3)
    tab = context.new_page()
    routed = "<button onclick=\"window.open('/help'); history.pushState({}, '', '/routed')\">Route</button>"
    plain = "<button onclick=\"this.textContent = 'Done'\">Next</button>"
    context.route("**/help", lambda route: route.fulfill(body="<h1>Help</h1>", content_type="text/html"))
    context.route("http://portal.test/", lambda r: r.fulfill(body=routed + plain, content_type="text/html"))
    tab.goto("http://portal.test/")
    for _ in range(3):
        ctx = FlowContext(page=tab, options={})
        ctx.click(ui.control(tab, ui.Labels(("Route",)), "en"))
        assert ctx.page is not tab and ctx.page.url.endswith("/help")
        ctx.page.close()
    ctx = FlowContext(page=tab, options={})
    started = time.monotonic()
    ctx.click(ui.control(tab, ui.Labels(("Next",)), "en"))
    assert time.monotonic() - started < 2 and ctx.page is tab
    ui.expect(tab.get_by_role("button", name="Done")).to_be_visible()
    context.close()


# --- through the command line, exactly as a user runs it --------------------------------------------
def cancelproof(*argv: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "runners", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done, time.monotonic() - started


def test_a_cold_start_of_9s_completes_with_the_default_timeout(sandbox: Any, tmp_path: Path) -> None:
    """`run office365 --dry-run --base-url URL`, first screen 9 s late: complete, nothing cancelled."""
    server = sandbox("office365", "mosa,variant=cold,cold=9")
    done, _ = cancelproof("run", "office365", "--dry-run", "--base-url", server.url, "--evidence-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert server.portal.record == []


def test_a_screen_never_drawn_fails_in_about_the_timeout(sandbox: Any, tmp_path: Path) -> None:
    """A portal that never draws its first screen: failed (exit 1) in about --timeout, and the message names it."""
    server = sandbox("office365", "mosa,variant=late,draw_after=600")
    done, seconds = cancelproof(
        "run", "office365", "--dry-run", "--base-url", server.url, "--evidence-dir", str(tmp_path), "--timeout", "6"
    )
    assert done.returncode == 1, done.stderr
    assert re.search(r"within 6s", done.stderr), done.stderr
    assert seconds < 6 + 15  # the bound, plus starting Python, Chromium and writing the evidence
    assert server.portal.record == []
