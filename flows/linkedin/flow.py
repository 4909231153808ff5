"""The LinkedIn Sales Navigator flow: one flow for both documented paths, steps, rules, checklist (docs/portals.md).

The path is recognised from the settled screen (facts ``layout`` and ``route``): the current Admin Center
path (from LinkedIn's Me menu, or from Sales Navigator's Admin menu), or the legacy Sales Navigator
settings path with its reason survey and retention offer. The Admin Center may open in a new tab: the run
goes on there (every page object is built from ``ctx.page`` after a click). The flow never accepts a
retention offer; the screen that shows it is captured (the step that reaches it ends on it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows import ui
from flows.linkedin import labels as L
from flows.linkedin.navigation import (
    SALES_ADMIN,
    SETTINGS,
    SETTINGS_PRIVACY,
    AdminCenter,
    Home,
    Premium,
    SalesAdmin,
    SettingsPrivacy,
)
from flows.linkedin.pages import (
    CURRENT,
    LEGACY,
    AccountType,
    Cancellation,
    Confirmation,
    Purchases,
    Subscription,
)
from runners.errors import AlreadyCancelled
from runners.model import Flow, FlowContext, Irreversible, Rule, RuleResult, Step, Verdict


def open_home(ctx: FlowContext) -> None:
    ctx.fact("home_menu", Home(ctx.page, ctx.locale).open(ctx.options["base_url"]))


def open_account_menu(ctx: FlowContext) -> None:
    route = Home(ctx.page, ctx.locale).open_menu(ui.clicker(ctx), ctx.facts["home_menu"])
    ctx.fact("layout", LEGACY if route == SETTINGS else CURRENT)
    ctx.fact("route", route)


def open_subscription_settings(ctx: FlowContext) -> None:
    route, click = ctx.facts["route"], ui.clicker(ctx)
    if route == SETTINGS:
        Home(ctx.page, ctx.locale).take(SETTINGS, click)
        return
    if route == SALES_ADMIN:
        page = SalesAdmin(ctx.page, ctx.locale).open_admin_center(click)
    else:
        page = Home(ctx.page, ctx.locale).take(route, click)
        if route == SETTINGS_PRIVACY:
            page = SettingsPrivacy(page, ctx.locale).to_premium(click)
        page = Premium(page, ctx.locale).manage_subscription(click)
    AdminCenter(page, ctx.locale).arrive(click)


def open_subscription(ctx: FlowContext) -> None:
    wanted, click = ctx.options.get("subscription"), ui.clicker(ctx)
    if ctx.facts["layout"] == LEGACY:
        ctx.fact("subscription", AccountType(ctx.page, ctx.locale).open(click, wanted))
        return
    purchases = Purchases(ctx.page, ctx.locale)
    purchases.open(click)
    entry, ended = purchases.choose(wanted, click)
    ctx.fact("subscription", entry.name)
    ctx.fact("listed_status", entry.status)
    if ended:
        ctx.fact("status", entry.status)
        msg = f"{entry.name} is {entry.status}: listed under Purchases › Inactive"
        raise AlreadyCancelled(msg)
    click(entry.link)


def _subscription(ctx: FlowContext) -> Subscription:
    return Subscription(ctx.page, ctx.locale, ctx.facts["subscription"], ctx.facts["layout"])


def read_subscription(ctx: FlowContext) -> None:
    for key, value in _subscription(ctx).facts().items():
        ctx.fact(key, value)
    status = ctx.facts.get("status") or ctx.facts.get("listed_status") or ""
    if L.CANCELLED_STATUSES.found_in(status):
        msg = f"{ctx.facts['subscription']} is already {status}"
        raise AlreadyCancelled(msg)


def _wanted_reason(ctx: FlowContext) -> str:
    return str(ctx.options.get("reason") or L.DEFAULT_REASON.for_locale(ctx.locale)[0])


def start_cancel(ctx: FlowContext) -> None:
    _subscription(ctx).start_cancel(ui.clicker(ctx))
    screens = Cancellation(ctx.page, ctx.locale)
    if screens.past_intro(ui.clicker(ctx)) == "reason":
        ctx.fact("reason", screens.choose_reason(_wanted_reason(ctx)))


def continue_past_survey(ctx: FlowContext) -> None:
    offer = Cancellation(ctx.page, ctx.locale).past_survey(ui.clicker(ctx), answered="reason" in ctx.facts)
    ctx.fact("retention_offer", offer)


def decline_offer(ctx: FlowContext) -> None:
    screens = Cancellation(ctx.page, ctx.locale)
    if ctx.facts.get("retention_offer"):
        reason = screens.decline(ui.clicker(ctx), _wanted_reason(ctx))
        ctx.fact("retention_offer_declined", True)
        if reason is not None:
            ctx.fact("reason", reason)
    screens.ready()


def confirm_cancel(ctx: FlowContext) -> Irreversible:
    screens = Cancellation(ctx.page, ctx.locale)
    name = ctx.facts["subscription"]
    until = ctx.facts.get("next_billing_date") or ctx.facts.get("trial_ends") or "the end of the billing cycle"
    return Irreversible(
        control=screens.final,
        heading=screens.title,
        what=f"Cancel {name}: access continues until {until}, then ends; saved leads, accounts and notes are"
        " deleted and cannot be exported.",
    )


def read_confirmation(ctx: FlowContext) -> None:
    status, words, end = Confirmation(ctx.page, ctx.locale).read()
    ctx.fact("access_ends", end or None)
    ctx.confirm(status_after=status or "Cancelled", effective_end=end, text=words)


def finish(ctx: FlowContext) -> None:
    status = Confirmation(ctx.page, ctx.locale).finish(ui.clicker(ctx))
    if status:
        ctx.fact("status_after_done", status)


# --- rules ----------------------------------------------------------------------------------------
def _team_seat(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    channel = facts.get("purchase_channel") or ""
    if L.TEAM_SEAT.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"This is a team seat ({channel}): only the team's admin can cancel it or remove the seat. Ask your"
            " team admin (shown on the subscription page) to do it in the Admin Center.",
        )
    return None


def _purchaser(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    plan = facts.get("plan") or ""
    if not L.ADVANCED.found_in(plan):
        return None
    role = facts.get("user_role")
    if role is None:
        return RuleResult(
            Verdict.WARN, f"{plan}: only the purchaser admin can cancel; the portal did not show your role."
        )
    if facts.get("purchaser_admin"):
        return RuleResult(Verdict.OK, f"{plan}: signed in as the purchaser admin ({role}).")
    return RuleResult(
        Verdict.BLOCK,
        f"{plan} can only be cancelled by the purchaser admin; you are {role}. Ask the purchaser admin to"
        " cancel it in the Admin Center.",
    )


def _channel(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    channel = facts.get("purchase_channel") or ""
    if L.APPLE.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought through the Apple App Store ({channel}): LinkedIn cannot cancel it. Cancel on the Apple"
            " device: Settings › your name › Subscriptions › LinkedIn › Cancel Subscription.",
        )
    if L.GOOGLE_PLAY.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought through Google Play ({channel}): cancel it in the Google Play Store app › Payments &"
            " subscriptions › Subscriptions.",
        )
    if L.SALES_CONTRACT.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"Bought on a contract through LinkedIn Sales ({channel}): it cannot be cancelled online. Contact"
            " your LinkedIn account manager in writing before the contract renews.",
        )
    if L.TEAM_SEAT.found_in(channel):
        return None  # the team-seat rule has said what to do
    return RuleResult(Verdict.OK, f"Purchase channel: {channel or 'not shown'}.")


def _inmail(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    credits = facts.get("inmail_credits")
    if credits is None:
        return None
    if credits > 0:
        return RuleResult(
            Verdict.WARN, f"{credits} InMail credits left: they are lost at cancellation. Use them first if you can."
        )
    return RuleResult(Verdict.OK, "No InMail credits left to lose.")


def _trial(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    ends = facts.get("trial_ends")
    if not ends:
        return None
    return RuleResult(Verdict.OK, f"Free trial ending {ends}: cancel before then and nothing is charged.")


RULES = (
    Rule(
        "team-seat",
        "A team seat can only be cancelled by the team's admin: ask the team admin.",
        ("purchase_channel",),
        _team_seat,
    ),
    Rule(
        "purchaser-admin",
        "Advanced and Advanced Plus can only be cancelled by the purchaser admin.",
        ("plan", "user_role"),
        _purchaser,
    ),
    Rule(
        "purchase-channel",
        "Apple App Store purchases are cancelled on the Apple device, Google Play ones in"
        " Google Play, LinkedIn Sales contracts through the account manager.",
        ("purchase_channel",),
        _channel,
    ),
    Rule(
        "inmail-credits",
        "InMail credits left are lost at cancellation (warning with the count).",
        ("inmail_credits",),
        _inmail,
    ),
    Rule(
        "free-trial",
        "A free trial is cancelled with Cancel free trial; nothing is charged if done before it ends.",
        ("trial_ends",),
        _trial,
    ),
)

CHECKLIST = (
    "Use your remaining InMail credits: they are lost at cancellation.",
    "Check the billing channel: Apple App Store, Google Play, a LinkedIn Sales contract or a team seat cannot"
    " be cancelled here (cancel on the device, with the account manager, or ask the team admin).",
    "Copy lists and notes out: saved leads, accounts, notes and messages are deleted at cancellation and"
    " cannot be exported (support can only transfer them between dashboards).",
    "Sync the CRM so leads, accounts and activity are kept there.",
    'Keep the confirmation ("Your subscription will end on DATE"): cancelproof captures it in the evidence.',
)
AFTER = (
    "Keep the evidence folder: its report shows the end date LinkedIn stated.",
    "Check that no further Sales Navigator charge appears after the end date.",
)
END_OF_CYCLE = (
    "End of cycle: cancelling stops the renewal; access continues to the end of the current billing"
    ' cycle ("Your subscription will end on DATE"), then ends; nothing more is charged.'
)
REFUND = (
    "Refund: only within 7 days of a charge, and only if the subscription was not used since; ask LinkedIn"
    " support, quoting the confirmation."
)
EU_WITHDRAWAL = (
    "EU, personal use: 14 days from the start of the subscription to withdraw with a refund, counted from the"
    " first day of a free trial when there was one."
)
NOTICE = (
    "Germany, the Netherlands and Denmark: the cancellation takes effect with one month's notice, and what was"
    " paid beyond it is refunded pro rata."
)


def notes(_: Mapping[str, Any]) -> list[str]:
    return [
        END_OF_CYCLE,
        REFUND,
        EU_WITHDRAWAL,
        NOTICE,
        "A retention offer is never accepted by cancelproof: it is captured and declined.",
    ]


def dates(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """With ``start_date`` (the last charge, or the start: a free trial's first day), when the refund windows close."""
    start = facts.get("start_date")
    if not isinstance(start, date):
        return []
    return [
        ("Refund window closes (7 days after the charge, without use)", (start + timedelta(7)).isoformat()),
        (
            "EU personal use: 14 days from the start (a free trial's first day counts) close",
            (start + timedelta(14)).isoformat(),
        ),
    ]


FLOW = Flow(
    vendor="linkedin",
    title="LinkedIn Sales Navigator",
    merchant="LinkedIn (Sales Navigator)",
    steps=(
        Step("open_home", "Open LinkedIn (or Sales Navigator) home.", open_home),
        Step(
            "open_account_menu",
            "Open the account menu (Me, or the profile photo) and recognise the path: Admin Center (from"
            " LinkedIn, or Sales Navigator's Admin menu) or legacy settings.",
            open_account_menu,
        ),
        Step(
            "open_subscription_settings",
            "Go to the Admin Center: Premium features (or Settings & Privacy › Subscriptions & payments ›"
            " Manage Premium account) › Manage subscription, or Admin › Admin Center (older: Admin Settings ›"
            " Manage Your Account), following a new tab; legacy: Settings.",
            open_subscription_settings,
        ),
        Step(
            "open_subscription",
            "Open Purchases › Active and the subscription (ended ones: Inactive); legacy: the Account Type section.",
            open_subscription,
        ),
        Step(
            "read_subscription",
            "Read status, plan, seats, InMail credits, purchase channel, next billing date and your role.",
            read_subscription,
        ),
        Step(
            "start_cancel",
            "Choose Cancel subscription (trial: Cancel free trial); legacy: Continue to cancel and give a reason.",
            start_cancel,
        ),
        Step(
            "continue_past_survey",
            "Continue past the reason survey; a retention offer is captured as shown.",
            continue_past_survey,
        ),
        Step(
            "decline_offer",
            "Decline any retention offer (No thanks, continue to cancel); never accept it.",
            decline_offer,
        ),
        Step(
            "confirm_cancel",
            "Press the final Confirm cancel (legacy: Confirm cancellation): the subscription is cancelled.",
            confirm_cancel,
            irreversible=True,
        ),
        Step("read_confirmation", 'Read the confirmation: "Your subscription will end on DATE".', read_confirmation),
        Step("finish", "Press Done (legacy) and read the status shown afterwards.", finish),
    ),
    rules=RULES,
    checklist=CHECKLIST,
    after=AFTER,
    dates=dates,
    summary=(
        ("plan", "Plan"),
        ("seats", "Seats"),
        ("inmail_credits", "InMail credits left (lost)"),
        ("purchase_channel", "Purchase channel"),
        ("access_ends", "Access ends on (LinkedIn's words)"),
        ("retention_offer", "Retention offer shown (declined)"),
    ),
    notes=notes,
    notice_days=0,
    if_missed="you are charged for the next billing cycle (a refund only within 7 days of the charge, without use)",
    recheck_steps=(
        "open_home",
        "open_account_menu",
        "open_subscription_settings",
        "open_subscription",
        "read_subscription",
    ),
)
