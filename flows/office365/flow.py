"""The Office 365 / Microsoft 365 admin center flow: steps, rules, checklist, dates (PORTALS.md).

One flow for every layout (current MOSA, current MCA, 2021–22, classic) and both languages: each step
looks at the screen, records what it recognised (facts ``layout`` and ``cancel_method``) and takes the
matching path. The user never says which layout the tenant has.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows import ui
from flows.office365 import labels as L
from flows.office365.pages import AdminHome, DetailsPage, Layout, ProductsPage, facts_from, parse_day
from flows.office365.panes import TITLES, AfterPage, CancelScreen, Method
from runners.errors import AlreadyCancelled
from runners.model import Flow, FlowContext, Irreversible, Rule, RuleResult, Step, Verdict

REFUND_DAYS = 7


def _has(labels: ui.Labels, text: str | None) -> bool:
    return bool(text) and bool(ui.contains_pattern((*labels.en, *labels.fr)).search(text or ""))


def is_cancelled(status: str, locale: str) -> bool:
    """Disabled, Expired, Deleted… (Désactivé, Expiré, Supprimé…): nothing left to cancel."""
    return bool(L.CANCELLED_STATUSES.pattern(locale).match(status))


def _layout(ctx: FlowContext) -> str | None:
    value = ctx.facts.get("layout")
    return str(value) if value else None


# --- steps -----------------------------------------------------------------------------------------
def open_admin_center(ctx: FlowContext) -> None:
    home = AdminHome(ctx.page, ctx.locale)
    home.open(ctx.options["base_url"], ctx.click)
    ctx.fact("admin_role", home.role())


def open_products(ctx: FlowContext) -> None:
    AdminHome(ctx.page, ctx.locale).go_to_products(ctx.click)
    if ProductsPage(ctx.page, ctx.locale).open_list(ctx.click):
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
    ctx.click(entry.link)


def read_subscription(ctx: FlowContext) -> None:
    name = ctx.facts["subscription"]
    details = None
    if _layout(ctx) == Layout.PRODUCTS_2021:
        facts = facts_from(ProductsPage(ctx.page, ctx.locale).choose(name).facts)
    else:
        details = DetailsPage(ctx.page, ctx.locale, name)
        facts = details.facts()
    if facts.get("expires_on") and facts.get("status"):  # recurring billing is off: say so beside Active
        facts["status"] = f"{facts['status']} (recurring billing off, expires on {facts['expires_on']})"
    for key, value in facts.items():
        ctx.fact(key, value)
    start = parse_day(str(facts.get("start_date") or ""), ctx.locale)
    mca = _has(L.MCA, str(facts.get("billing_account_type") or ""))
    ctx.fact("refund_window_ends", (start + timedelta(REFUND_DAYS)).isoformat() if start and mca else None)
    status = str(facts.get("status") or ctx.facts.get("listed_status") or "")
    shown = (facts.get("purchase_channel"), status, ctx.facts.get("listed_status"), name)
    ctx.fact("trial", any(_has(L.TRIAL, str(text or "")) for text in shown))
    already = is_cancelled(status, ctx.locale)
    if details is not None:
        account = str(facts.get("billing_account_type") or "")
        layout = details.layout(account, wait=not already)
        if layout:
            ctx.fact("layout", str(layout))
    if already:
        msg = f"{name} is already {status}"
        raise AlreadyCancelled(msg)


def open_cancel_pane(ctx: FlowContext) -> None:
    name, layout = ctx.facts["subscription"], _layout(ctx)
    details = DetailsPage(ctx.page, ctx.locale, name)
    if layout == Layout.PRODUCTS_2021:
        scope = ProductsPage(ctx.page, ctx.locale).open_menu(name, ctx.click)
    elif layout == Layout.CLASSIC:
        scope = details.open_menu(ctx.click)
    else:
        scope = None
    if scope is None:
        cancel, recurring = details.cancel, details.recurring
    else:
        cancel = ui.control(scope, L.CANCEL_SUBSCRIPTION, ctx.locale, roles=("menuitem", "link", "button"))
        recurring = ui.control(scope, L.EDIT_RECURRING, ctx.locale, roles=("menuitem", "link", "button"))
    ctx.click(recurring if ctx.facts.get("trial") and recurring.is_visible() else cancel)
    screen = CancelScreen(ctx.page, ctx.locale).wait()
    method, reason = screen.fill(ctx.click, ctx.options.get("reason"))
    ctx.fact("cancel_method", str(method))
    ctx.fact("reason", reason)


def confirm_cancel(ctx: FlowContext) -> Irreversible:
    method = Method(ctx.facts["cancel_method"])
    screen = CancelScreen(ctx.page, ctx.locale, TITLES[method]).wait()
    return Irreversible(control=screen.final(method), heading=screen.title, what=_what(ctx.facts, method))


def _what(facts: Mapping[str, Any], method: Method) -> str:
    name = facts["subscription"]
    if method is Method.RECURRING_OFF:
        return (
            f"Turn off recurring billing for {name}: it stays Active until the end of its term, then expires;"
            " nothing more is charged and nothing is refunded."
        )
    if method is Method.CANCEL_NOW:
        return (
            f"Cancel {name} now: its licenses stop working and its status becomes Disabled (MOSA: a prorated"
            " credit on the next bill)."
        )
    refund = (
        " (MCA, within 7 days of start or renewal: refunded)" if _has(L.MCA, facts.get("billing_account_type")) else ""
    )
    return f"Cancel {name}: its licenses stop working and its status becomes Disabled{refund}."


def read_confirmation(ctx: FlowContext) -> None:
    after = AfterPage(ctx.page, ctx.locale, ctx.facts["subscription"])
    if Method(ctx.facts["cancel_method"]) is Method.RECURRING_OFF:
        status, words, end = after.recurring_off()
        ctx.fact("expires_on", end or None)
    else:
        status, words, end = after.cancelled()
    ctx.confirm(status_after=status, text=words, effective_end=end)


# --- rules ----------------------------------------------------------------------------------------
def _role(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    role = facts.get("admin_role")
    if role is None:
        return RuleResult(Verdict.WARN, "The portal did not show your admin role; it must be Global or Billing admin.")
    if _has(L.ADMIN_ROLES, role):
        return RuleResult(Verdict.OK, f"Signed in as {role}.")
    return RuleResult(
        Verdict.BLOCK,
        f"Signed in as {role}: only a Global admin or Billing admin (MCA: billing account or profile owner or"
        " contributor) can cancel. Ask one of them to run this, or to give you the Billing admin role.",
    )


def _licenses(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    assigned = facts.get("licenses_assigned")
    if assigned is None:
        return None
    if assigned > 25:
        return RuleResult(
            Verdict.BLOCK,
            f"{assigned} licenses are assigned: more than 25 cannot be cancelled online. Reduce to 25 or fewer"
            " (unassign and remove licenses), then run this again; or contact Microsoft support to cancel.",
        )
    return RuleResult(Verdict.OK, f"{assigned} licenses assigned (25 or fewer).")


def _channel(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    channel = str(facts.get("purchase_channel") or "")
    if _has(L.PARTNER, channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought through a partner ({channel}): the partner cancels it (within 7 days of purchase, 10 in"
            " Chile, for a refund). Ask your partner in writing.",
        )
    if _has(L.PRODUCT_KEY, channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought with a product key / prepaid ({channel}): it cannot be cancelled for a refund; let it"
            " expire, no refund.",
        )
    if facts.get("trial") or _has(L.TRIAL, channel):
        return RuleResult(
            Verdict.WARN,
            "Trial: turn off recurring billing (nothing to refund); the flow turns it"
            " off instead of cancelling when the portal offers it.",
        )
    return RuleResult(Verdict.OK, f"Purchase channel: {channel or 'not shown'}.")


def _refund(facts: Mapping[str, Any], options: Mapping[str, Any]) -> RuleResult | None:
    if not _has(L.MCA, facts.get("billing_account_type")):
        return RuleResult(Verdict.OK, "MOSA billing account: a prorated credit on the next billing cycle.")
    start = parse_day(str(facts.get("start_date") or ""), str(options.get("locale") or "en"))
    if start is None:
        return RuleResult(
            Verdict.WARN,
            "MCA billing account: a refund only within 7 days of start or renewal (the portal did not show the date).",
        )
    ends = start + timedelta(REFUND_DAYS)
    if date.today() <= ends:
        return RuleResult(Verdict.WARN, f"MCA: started or renewed on {start}; cancelling by {ends} is refunded.")
    return RuleResult(
        Verdict.WARN,
        f"MCA: started or renewed on {start}, more than 7 days ago: no refund. The portal"
        " turns off recurring billing instead; it expires at the end of its term.",
    )


RULES = (
    Rule(
        "admin-role",
        "Only a Global admin or Billing admin (MCA: billing account/profile owner or contributor) can cancel.",
        ("admin_role",),
        _role,
    ),
    Rule(
        "license-limit",
        "More than 25 assigned licenses cannot be cancelled online: reduce to 25 or fewer, or contact support.",
        ("licenses_assigned",),
        _licenses,
    ),
    Rule(
        "purchase-channel",
        "Partner purchases are cancelled by the partner; product keys and prepaid"
        " subscriptions expire with no refund; a trial only needs recurring billing off.",
        ("purchase_channel", "trial"),
        _channel,
    ),
    Rule(
        "refund-window",
        "MCA: refund only within 7 days of start or renewal (after that, recurring billing"
        " off); MOSA: prorated credit.",
        ("billing_account_type", "start_date"),
        _refund,
    ),
)

CHECKLIST = (
    "Update the MX record and other DNS records that point at Microsoft 365.",
    "Move the NS records if your domain's name servers point at Microsoft.",
    "Save OneDrive and SharePoint data, and export mailboxes you need.",
    "Remove the custom domain from the tenant (it must be removed before cancelling).",
    "Check the subscription is not bought through a partner, by product key, or with more than 25 licenses.",
)
AFTER = (
    "Uninstall Office from users' computers.",
    "Lifecycle after cancelling: Active → Expired (30 days) → Disabled (90 days) → Deleted; data gone no"
    " later than 180 days.",
    "Watch the next invoices: a MOSA cancel gives a prorated credit on the next bill.",
)


def _lifecycle(start: date, when: str) -> list[tuple[str, str]]:
    """Active → Expired (30 days) → Disabled (90 days) → Deleted; data gone no later than 180 days."""
    return [
        (f"{when}: Expired (30 days, users read-only)", start.isoformat()),
        (f"{when}: Disabled (90 days, admins only), about", (start + timedelta(30)).isoformat()),
        (f"{when}: Deleted, about", (start + timedelta(120)).isoformat()),
        (f"{when}: data gone no later than", (start + timedelta(180)).isoformat()),
    ]


def dates(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The dates that matter: the MCA refund window from ``start_date``, then the lifecycle after cancelling.

    ``cancel_on`` (default today) starts the lifecycle; with ``contract_end`` the plan also gives the
    lifecycle of a subscription whose recurring billing is turned off (it expires at the end of its term).
    """
    today = date.today()
    cancel_on: date = facts.get("cancel_on") or today
    out: list[tuple[str, str]] = []
    start = facts.get("start_date")
    if isinstance(start, date):
        ends = start + timedelta(REFUND_DAYS)
        state = "open" if today <= ends else "closed: recurring billing off instead"
        out.append((f"MCA refund window ends, 7 days after start or renewal ({state})", ends.isoformat()))
    out += _lifecycle(cancel_on, "Cancelled today" if cancel_on == today else f"Cancelled {cancel_on}")
    end = facts.get("contract_end")
    if isinstance(end, date):
        out += _lifecycle(end, "Recurring billing off (expires at the contract end)")
    return out


def notes(facts: Mapping[str, Any]) -> list[str]:
    """What `plan` adds: how the layout is found, and the MCA refund window for ``start_date``."""
    out = [
        "The flow recognises the tenant's layout (current MOSA, current MCA, 2021-22, classic) from the screen.",
        "MCA: cancelling is refunded only within 7 days of start or renewal (give --start-date); after that the"
        " portal turns off recurring billing: the subscription stays Active until the end of its term, then"
        " expires.",
        "Trial: recurring billing is turned off; there is nothing to refund.",
    ]
    start = facts.get("start_date")
    if isinstance(start, date):
        ends = start + timedelta(REFUND_DAYS)
        if date.today() <= ends:
            out.append(f"Started or renewed {start}: an MCA cancellation is refunded if done by {ends}.")
        else:
            out.append(
                f"Started or renewed {start}: the MCA refund window closed on {ends}; the run will turn off"
                " recurring billing instead."
            )
    return out


def held(facts: Mapping[str, Any]) -> bool | None:
    """A re-check: cancelled (Disabled, Expired…), or recurring billing off ("Expires on DATE"), holds."""
    if facts.get("expires_on"):
        return True
    return is_cancelled(str(facts.get("status") or ""), "fr") or is_cancelled(str(facts.get("status") or ""), "en")


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
            "Choose the subscription to cancel and open its details (2021-22: its row).",
            open_subscription,
        ),
        Step(
            "read_subscription",
            "Read status, licenses, billing account type, purchase channel and dates; recognise the layout.",
            read_subscription,
        ),
        Step(
            "open_cancel_pane",
            "Open Cancel subscription (2021-22 and classic: More actions), then answer the"
            " pane: Cancel now and a reason, a reason, or recurring billing Off (MCA after 7 days, trial).",
            open_cancel_pane,
        ),
        Step(
            "confirm_cancel",
            "Press the final Cancel now button (MCA within 7 days and classic: Cancel"
            " subscription; 2021-22 and recurring billing off: Save): the subscription is cancelled.",
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
        ("billing_account_type", "Billing account type"),
        ("refund_window_ends", "MCA refund window ends"),
        ("expires_on", "Expires on (recurring billing off)"),
    ),
    notice_days=0,
    if_missed="you are charged for the next term (monthly or annual) and cancelling later only gives a prorated"
    " credit (MOSA) or nothing after 7 days (MCA)",
    recheck_steps=("open_admin_center", "open_products", "open_subscription", "read_subscription"),
    held=held,
)
