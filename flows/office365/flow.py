"""The Office 365 / Microsoft 365 admin center flow: its steps (docs/portals.md, "Office 365").

One flow for every layout (current MOSA, current MCA, 2021–22, classic) and both languages: each step
looks at the settled screen, records what it recognised (facts ``layout``, ``cancel_method``, ``when``) and
takes the matching path. The user never says which layout the tenant has. The rules, the checklist and
the plan's dates and notes are in :mod:`flows.office365.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flows import ui
from flows.dates import parse_date
from flows.office365 import labels as L
from flows.office365.facts import annual_paid_monthly, facts_from
from flows.office365.pages import AdminHome, DetailsPage, Layout, ProductsPage
from flows.office365.panes import TITLES, WHEN, AfterPage, CancelScreen, Kind, Method
from flows.office365.rules import (
    AFTER,
    CHECKLIST,
    PAID_MONTHLY,
    REFUND_DAYS,
    RULES,
    dates,
    held,
    is_cancelled,
    is_mca,
    notes,
)
from runners.errors import AlreadyCancelled, UsageError
from runners.model import Flow, FlowContext, Irreversible, Step

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = ["FLOW", "dates", "held", "is_cancelled", "notes"]

ADVICE = (
    "Do what it says (for example reduce the assigned licenses to 25 or fewer, remove the custom domain, or ask"
    " a Global or Billing admin to cancel), then run this again; or contact Microsoft support."
)


def _layout(ctx: FlowContext) -> str | None:
    value = ctx.facts.get("layout")
    return str(value) if value else None


# --- steps -----------------------------------------------------------------------------------------
def open_admin_center(ctx: FlowContext) -> None:
    home = AdminHome(ctx.page, ctx.locale)
    if home.open(ctx.options["base_url"]) == "older":
        ctx.fact("home", "older (app launcher › Admin)")
        ctx.click(home.launcher)
        if home.after_launcher() == "admin":
            ctx.click(home.admin_entry())  # the admin center may open in a new tab: the run goes on there
        home = AdminHome(ctx.page, ctx.locale)
        home.wait()
    ctx.fact("admin_role", home.role())


def open_products(ctx: FlowContext) -> None:
    AdminHome(ctx.page, ctx.locale).go_to_products(ui.clicker(ctx))
    if ProductsPage(ctx.page, ctx.locale).open_list(ui.clicker(ctx)):
        ctx.fact("layout", str(Layout.PRODUCTS_2021))


def open_subscription(ctx: FlowContext) -> None:
    entry = ProductsPage(ctx.page, ctx.locale).choose(ctx.options.get("subscription"))
    ctx.fact("subscription", entry.name)
    ctx.fact("listed_status", entry.status)
    if _layout(ctx) == Layout.PRODUCTS_2021:
        return  # 2021–22: the row holds the facts and its More actions menu is the way in
    if entry.link is None:
        msg = f"{entry.name!r} has no link to its details page"
        raise LookupError(msg)
    ctx.click(entry.link)  # the details may open in a new tab: the run goes on there


def read_subscription(ctx: FlowContext) -> None:
    name = ctx.facts["subscription"]
    shown = None
    if _layout(ctx) == Layout.PRODUCTS_2021:
        facts = facts_from(ProductsPage(ctx.page, ctx.locale).choose(name).facts)
    else:
        details = DetailsPage(ctx.page, ctx.locale, name)
        facts = details.facts()
        if not is_cancelled(str(facts.get("status") or ""), ctx.locale):
            shown = details.actions()  # waits for the settled page: read it again as it now stands
            facts = facts_from(ui.page_text(ctx.page))
    if facts.get("expires_on") and facts.get("status"):  # recurring billing off, or ending at the term
        facts["status"] = f"{facts['status']} (expires on {facts['expires_on']})"
    for key, value in facts.items():
        ctx.fact(key, value)
    start = parse_date(str(facts.get("start_date") or ""), ctx.locale)
    mca = is_mca(facts)
    ctx.fact("refund_window_ends", (start + timedelta(REFUND_DAYS)).isoformat() if start and mca else None)
    status = str(facts.get("status") or ctx.facts.get("listed_status") or "")
    seen = (facts.get("purchase_channel"), status, ctx.facts.get("listed_status"), name)
    ctx.fact("trial", any(L.TRIAL.found_in(str(text or "")) for text in seen))
    if shown is not None:
        ctx.fact("layout", str(DetailsPage.layout(shown, str(facts.get("billing_account_type") or ""))))
    if is_cancelled(status, ctx.locale):
        msg = f"{name} is already {status}"
        raise AlreadyCancelled(msg)


def open_cancel_pane(ctx: FlowContext) -> None:
    name, layout, locale = ctx.facts["subscription"], _layout(ctx), ctx.locale
    when = ctx.options.get("when")
    # a trial, or the end of the term asked for where no pane offers it: turn off recurring billing instead
    recurring_first = bool(ctx.facts.get("trial")) or (when == "end-of-term" and layout != Layout.CURRENT_MOSA)
    opener: Locator | None = None
    if layout == Layout.PRODUCTS_2021:
        opener = ProductsPage(ctx.page, locale).more(name)
    elif layout == Layout.CLASSIC:
        opener = DetailsPage(ctx.page, locale, name).more
    if opener is not None:
        ctx.click(opener)
        cancel = ui.control(ctx.page, L.CANCEL_SUBSCRIPTION, locale, roles=ui.ENTRY)
        recurring = ui.control(ctx.page, L.EDIT_RECURRING, locale, roles=ui.ENTRY)
    else:
        details = DetailsPage(ctx.page, locale, name)
        cancel, recurring = details.cancel, details.recurring
    if recurring_first:
        ui.go_on(ctx.page, ui.one_of(recurring, cancel), L.CANNOT_CANCEL, advice=ADVICE)
        chosen = ui.decide(ctx.page, {"recurring": recurring, "cancel": cancel}, what="Edit recurring billing")
    else:
        ui.go_on(ctx.page, cancel, L.CANNOT_CANCEL, advice=ADVICE)
        chosen = "cancel"
    labels = L.EDIT_RECURRING if chosen == "recurring" else L.CANCEL_SUBSCRIPTION
    if opener is not None:
        ctx.click(ui.entry(ctx.page, opener, labels, locale))  # the entry of the menu just opened, whatever it is
    else:
        ctx.click(recurring if chosen == "recurring" else cancel)
    screen = CancelScreen(ctx.page, locale).wait()
    kind = screen.kind()
    if kind is Kind.CANCELING:  # MCA after 7 days: the pane offers recurring billing instead
        ctx.click(screen.edit_link())  # it may open a new tab: the run goes on there
        screen = CancelScreen(ctx.page, locale, L.RECURRING_PANE).wait()
        kind = screen.kind()
    if when == "end-of-term" and kind is Kind.REASON:
        msg = (
            "--when end-of-term: the portal offers no end-of-term choice for this subscription (only a cancel now);"
            " run again without --when to cancel now, or turn off recurring billing yourself"
        )
        raise UsageError(msg)
    method, reason = screen.fill(kind, ui.clicker(ctx), ctx.options.get("reason"), when)
    ctx.fact("cancel_method", str(method))
    ctx.fact("when", WHEN[method])
    ctx.fact("reason", reason)


def confirm_cancel(ctx: FlowContext) -> Irreversible:
    method = Method(ctx.facts["cancel_method"])
    screen = CancelScreen(ctx.page, ctx.locale, TITLES[method]).wait()
    return Irreversible(control=screen.final(method), heading=screen.title, what=what(ctx.facts, method))


def what(facts: Mapping[str, Any], method: Method) -> str:
    """What the human approves: what the click does, and what it costs from then on."""
    name = facts["subscription"]
    disabled = (
        "its status becomes Disabled today (users lose access, admins keep it; it can be reactivated for 90 days;"
        " data is deleted no later than 180 days)"
    )
    if method is Method.RECURRING_OFF:
        paid_monthly = annual_paid_monthly(facts)
        if paid_monthly:
            monthly = f" {name} is annual and paid monthly: the monthly charges go on until the end of the term."
        else:
            monthly = "" if paid_monthly is False else f" {PAID_MONTHLY}"
        return (
            f"Turn off recurring billing for {name}: it stays Active until the end of its term, then expires"
            f" (Expired 30 days, Disabled 90 days, Deleted); it is not renewed and nothing is refunded.{monthly}"
        )
    if method is Method.END_OF_TERM:
        return (
            f"Cancel {name} before the next renewal date: it keeps working until the end of its term, then stops;"
            " no refund (you chose --when end-of-term)."
        )
    if method is Method.CANCEL_NOW:
        return f"Cancel {name} now: {disabled}; MOSA: a prorated credit on the next bill."
    refund = " (MCA, within 7 days of start or renewal: refunded)" if is_mca(facts) else ""
    return f"Cancel {name}: {disabled}{refund}."


def read_confirmation(ctx: FlowContext) -> None:
    after = AfterPage(ctx.page, ctx.locale, ctx.facts["subscription"])
    method = Method(ctx.facts["cancel_method"])
    if method is Method.RECURRING_OFF:
        status, words, end = after.recurring_off()
        ctx.fact("expires_on", end or None)
    elif method is Method.END_OF_TERM:
        status, words, end = after.end_of_term()
        if status.startswith("Active"):
            ctx.fact("expires_on", end or None)
    else:
        status, words, end = after.cancelled()
    ctx.confirm(status_after=status, text=words, effective_end=end)


FLOW = Flow(
    vendor="office365",
    title="Microsoft 365 admin center",
    merchant="Microsoft (Microsoft 365)",
    steps=(
        Step(
            "open_admin_center",
            "Open the Microsoft 365 admin center home (older home: app launcher › Admin) and read your admin role.",
            open_admin_center,
        ),
        Step(
            "open_products",
            "Go to Billing › Your products (classic: Subscriptions; 2021-22: tab Products).",
            open_products,
        ),
        Step(
            "open_subscription",
            "Choose the subscription to cancel (never a free product such as Microsoft Entra ID Free) and open"
            " its details (2021-22: its row).",
            open_subscription,
        ),
        Step(
            "read_subscription",
            "Read status, licenses, billing account type, purchase channel and dates; recognise the layout.",
            read_subscription,
        ),
        Step(
            "open_cancel_pane",
            "Open Cancel subscription (2021-22 and classic: More actions), then answer the pane: Cancel now"
            " (or, with --when end-of-term, Cancel before the next renewal date) and a reason, a reason, or"
            " recurring billing Off (MCA after 7 days, trial).",
            open_cancel_pane,
        ),
        Step(
            "confirm_cancel",
            "Press the final Cancel now button (end of term: its confirm button; MCA within 7 days and classic:"
            " Cancel subscription; 2021-22 and recurring billing off: Save): the subscription is cancelled.",
            confirm_cancel,
            irreversible=True,
        ),
        Step(
            "read_confirmation",
            'Read the status after cancelling (Disabled, or Active with "Expires on DATE") and the end date.',
            read_confirmation,
        ),
    ),
    rules=RULES,
    checklist=CHECKLIST,
    after=AFTER,
    dates=dates,
    notes=notes,
    summary=(
        ("layout", "Admin center layout"),
        ("cancel_method", "Method"),
        ("when", "When"),
        ("billing_account_type", "Billing account type"),
        ("refund_window_ends", "MCA refund window ends"),
        ("expires_on", "Expires on (recurring billing off, or end of term)"),
    ),
    notice_days=0,
    if_missed="you are charged for the next term (monthly or annual) and cancelling later only gives a prorated"
    " credit (MOSA) or nothing after 7 days (MCA)",
    recheck_steps=("open_admin_center", "open_products", "open_subscription", "read_subscription"),
    held=held,
)
