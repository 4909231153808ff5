"""The Office 365 / Microsoft 365 admin center flow: steps, rules, checklist (PORTALS.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows.office365 import labels as L
from flows.office365.pages import AdminHome, CancelPane, DetailsPage, ProductsPage
from runners.errors import AlreadyCancelled
from runners.model import Flow, FlowContext, Irreversible, Rule, RuleResult, Step, Verdict


def open_admin_center(ctx: FlowContext) -> None:
    home = AdminHome(ctx.page, ctx.locale)
    home.open(ctx.options["base_url"])
    ctx.fact("admin_role", home.role())


def open_products(ctx: FlowContext) -> None:
    AdminHome(ctx.page, ctx.locale).go_to_products(ctx.click)


def open_subscription(ctx: FlowContext) -> None:
    entry = ProductsPage(ctx.page, ctx.locale).choose(ctx.options.get("subscription"))
    ctx.fact("subscription", entry.name)
    ctx.fact("listed_status", entry.status)
    ctx.click(entry.link)


def read_subscription(ctx: FlowContext) -> None:
    details = DetailsPage(ctx.page, ctx.locale, ctx.facts["subscription"])
    for key, value in details.facts().items():
        ctx.fact(key, value)
    status = ctx.facts.get("status") or ""
    if L.CANCELLED_STATUSES.pattern(ctx.locale).match(status):
        msg = f"{ctx.facts['subscription']} is already {status}"
        raise AlreadyCancelled(msg)


def open_cancel_pane(ctx: FlowContext) -> None:
    details = DetailsPage(ctx.page, ctx.locale, ctx.facts["subscription"])
    ctx.click(details.cancel)
    reason = CancelPane(ctx.page, ctx.locale).fill(ctx.options.get("reason"))
    ctx.fact("reason", reason)


def confirm_cancel(ctx: FlowContext) -> Irreversible:
    pane = CancelPane(ctx.page, ctx.locale)
    return Irreversible(
        control=pane.final,
        heading=pane.title,
        what=f"Cancel {ctx.facts['subscription']} now: the licenses stop working and the status becomes Disabled.",
    )


def read_confirmation(ctx: FlowContext) -> None:
    status, words, end = DetailsPage(ctx.page, ctx.locale, ctx.facts["subscription"]).confirmation()
    ctx.confirm(status_after=status, text=words, effective_end=end)


# --- rules ----------------------------------------------------------------------------------------
def _role(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    role = facts.get("admin_role")
    if role is None:
        return RuleResult(Verdict.WARN, "The portal did not show your admin role; it must be Global or Billing admin.")
    if L.ADMIN_ROLES.pattern().search(role) or any(
        L.ADMIN_ROLES.pattern().match(part.strip()) for part in role.split(",")
    ):
        return RuleResult(Verdict.OK, f"Signed in as {role}.")
    return RuleResult(
        Verdict.BLOCK,
        f"Signed in as {role}: only a Global admin or Billing admin (MCA: billing account or profile owner or"
        " contributor) can cancel. Ask one of them to run this.",
    )


def _licenses(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    assigned = facts.get("licenses_assigned")
    if assigned is None:
        return None
    if assigned > 25:
        return RuleResult(
            Verdict.BLOCK,
            f"{assigned} licenses are assigned: more than 25 cannot be cancelled online. Reduce to 25 or fewer"
            " (unassign and remove licenses), or contact Microsoft support to cancel.",
        )
    return RuleResult(Verdict.OK, f"{assigned} licenses assigned (25 or fewer).")


def _channel(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    channel = facts.get("purchase_channel") or ""
    if L.PARTNER.pattern().search(channel) or L.PARTNER.pattern("fr").search(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought through a partner ({channel}): the partner cancels it (within 7 days of purchase, 10 in"
            " Chile, for a refund). Ask your partner in writing.",
        )
    if L.PRODUCT_KEY.pattern().search(channel) or L.PRODUCT_KEY.pattern("fr").search(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought with a product key / prepaid ({channel}): it cannot be cancelled for a refund; let it"
            " expire, no refund.",
        )
    if L.TRIAL.pattern().search(channel) or L.TRIAL.pattern("fr").search(channel):
        return RuleResult(Verdict.WARN, "Trial: turn off recurring billing; there is nothing to refund.")
    return RuleResult(Verdict.OK, f"Purchase channel: {channel or 'not shown'}.")


def _refund(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    account = (facts.get("billing_account_type") or "").upper()
    if "MCA" in account:
        return RuleResult(Verdict.WARN, "MCA billing account: a refund only within 7 days of start or renewal.")
    return RuleResult(Verdict.OK, "MOSA billing account: prorated credit on the next billing cycle.")


RULES = (
    Rule("admin-role", "Only a Global admin or Billing admin (MCA: billing account/profile owner or"
         " contributor) can cancel.", ("admin_role",), _role),
    Rule("license-limit", "More than 25 assigned licenses cannot be cancelled online: reduce to 25 or fewer,"
         " or contact support.", ("licenses_assigned",), _licenses),
    Rule("purchase-channel", "Partner purchases are cancelled by the partner; product keys and prepaid"
         " subscriptions expire with no refund; a trial only needs recurring billing off.",
         ("purchase_channel",), _channel),
    Rule("refund-window", "MCA: refund only within 7 days of start or renewal; MOSA: prorated credit.",
         ("billing_account_type",), _refund),
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


def dates(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The dates that matter, from the cancel day (``cancel_on``) and the start/renewal date if known."""
    cancel_on: date = facts.get("cancel_on") or date.today()
    out: list[tuple[str, str]] = []
    start = facts.get("start_date")
    if isinstance(start, date):
        out.append(("MCA refund window closes (7 days after start or renewal)", (start + timedelta(7)).isoformat()))
    out += [
        ("Cancelled (Active → Expired)", cancel_on.isoformat()),
        ("Disabled (read-only for admins), about", (cancel_on + timedelta(30)).isoformat()),
        ("Deleted, about", (cancel_on + timedelta(120)).isoformat()),
        ("Data gone no later than", (cancel_on + timedelta(180)).isoformat()),
    ]
    return out


FLOW = Flow(
    vendor="office365",
    title="Microsoft 365 admin center",
    merchant="Microsoft (Microsoft 365)",
    steps=(
        Step("open_admin_center", "Open the Microsoft 365 admin center home and read your admin role.",
             open_admin_center),
        Step("open_products", "Go to Billing › Your products.", open_products),
        Step("open_subscription", "Choose the subscription to cancel and open its details.", open_subscription),
        Step("read_subscription", "Read status, licenses, billing account type, purchase channel and dates.",
             read_subscription),
        Step("open_cancel_pane", "Open Cancel subscription, choose Cancel now, then a reason.", open_cancel_pane),
        Step("confirm_cancel", "Press the final Cancel now button: the subscription is cancelled.",
             confirm_cancel, irreversible=True),
        Step("read_confirmation", "Read the status after cancelling (Disabled) and the end date.",
             read_confirmation),
    ),
    rules=RULES,
    checklist=CHECKLIST,
    after=AFTER,
    dates=dates,
)
