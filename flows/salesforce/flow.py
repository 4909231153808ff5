"""The Salesforce flow: a full data export first, then Don't Renew (contracted) or Cancel Subscription (monthly).

Contracted editions have no cancel button: cancelling is not renewing, by written notice at least 30 days
before the contract end date; a manual (non auto-renew) contract has nothing to cancel. Monthly self-serve
editions have Cancel Subscription. The flow recognises which from the Your Account app's screen
(docs/portals.md, "Salesforce").
"""

from __future__ import annotations

from flows import ui
from flows.dates import parse_date
from flows.salesforce import deadline
from flows.salesforce import labels as L
from flows.salesforce.account import CancelPane, ContractPage, SubscriptionPage, YourAccount
from flows.salesforce.pages import MENU_ENTRY, DataExportPage, LightningHome, SetupPage
from flows.salesforce.rules import AFTER, CHECKLIST, RULES
from runners.errors import AlreadyCancelled, BlockedByRule
from runners.model import Flow, FlowContext, Irreversible, Step


def contracted(ctx: FlowContext) -> bool:
    return ctx.facts.get("edition_type") == "contracted"


# --- steps ----------------------------------------------------------------------------------------
# What to do when the portal says the user may not use Your Account (docs/portals.md, Salesforce › Entry).
MANAGE_BILLING = (
    "Ask a Salesforce admin to grant you the Manage Billing permission (or the “Manage Subscriptions in Your"
    " Account” permission set), then run again."
)


def open_home(ctx: FlowContext) -> None:
    LightningHome(ctx.page, ctx.locale).open(ctx.options["base_url"])


def open_setup(ctx: FlowContext) -> None:
    """Gear → Setup (a new tab in real orgs: the run goes on there), or a gear that goes straight to Setup."""
    home = LightningHome(ctx.page, ctx.locale)
    ctx.click(home.gear)
    home = LightningHome(ctx.page, ctx.locale)
    if home.gear_opened() == "menu":
        ctx.click(home.entry(home.gear, L.SETUP))
    SetupPage(ctx.page, ctx.locale).wait()


def open_data_export(ctx: FlowContext) -> None:
    SetupPage(ctx.page, ctx.locale).find(L.QUICK_FIND_EXPORT, L.DATA_EXPORT, ui.clicker(ctx))


def prepare_export(ctx: FlowContext) -> None:
    """Export Now and its options; when the portal says why Export Now cannot be pressed, record it and pass over."""
    page = DataExportPage(ctx.page, ctx.locale)
    why, last, upcoming = page.availability()
    ctx.fact("last_export", last)
    ctx.fact("next_export_allowed", upcoming)
    if why is not None:
        ctx.fact("export_unavailable", why)
        ctx.fact("data_export", f"not possible now: the portal says “{why}”")
        ctx.skip("start_export", f"Export Now is not available: the portal says “{why}” (next: {upcoming or 'later'})")
        ctx.fact("export_available", False)
        return
    for key, value in page.fill(ui.clicker(ctx)).items():
        ctx.fact(key, value)
    ctx.fact("export_available", True)


def start_export(ctx: FlowContext) -> Irreversible:
    page = DataExportPage(ctx.page, ctx.locale)
    return Irreversible(
        control=page.start,
        heading=page.heading,
        what="Start a full data export now: it deletes the previous export's files; the new files are kept 48"
        " hours, and the next export is possible in 7 days (29 on lower editions).",
        phrase="EXPORT",
    )


def open_your_account(ctx: FlowContext) -> None:
    """Your Account from Setup › Quick Find, else the gear's menu, else the App Launcher (each may be missing).

    Raises:
        BlockedByRule: the portal says the user lacks the Manage Billing permission, or offers Your Account nowhere.
    """
    if ctx.options.get("skip_export") and "data_export" not in ctx.facts:
        ctx.fact("data_export", "skipped by --skip-export: no new export was made")
    elif ctx.facts.get("export_available"):
        status = DataExportPage(ctx.page, ctx.locale).status()
        if status:
            ctx.fact("data_export", status)
    why = L.NO_BILLING_PERMISSION
    setup = SetupPage(ctx.page, ctx.locale)
    found = setup.look_up(L.YOUR_ACCOUNT, why)
    if found != "absent":  # listed; else disabled, or a sentence saying why not (go_on then stops the run, quoting it)
        result = setup.result(L.YOUR_ACCOUNT)
        if found != "listed":  # usable on the settled screen the decision saw: nothing more to ask
            ui.go_on(ctx.page, result, why, advice=MANAGE_BILLING)
        ctx.fact("your_account_from", "Setup › Quick Find")
        ctx.click(result)
        return
    for where in ("the gear menu", "the App Launcher"):
        home = LightningHome(ctx.page, ctx.locale)
        opener = home.gear if where == "the gear menu" else home.launcher
        ctx.click(opener)
        home = LightningHome(ctx.page, ctx.locale)
        offers = home.gear_offers if where == "the gear menu" else home.launcher_offers
        if offers(L.YOUR_ACCOUNT, why) != "absent":
            ui.go_on(ctx.page, home.offered(L.YOUR_ACCOUNT), why, advice=MANAGE_BILLING)
            ctx.fact("your_account_from", where)
            ctx.click(home.entry(opener, L.YOUR_ACCOUNT))  # may open a new tab: ctx.page follows it
            return
        if home.gear_expanded.is_visible():
            ctx.click(home.gear)  # close its menu, as a person would, before the App Launcher
    where = "Setup › Quick Find, the gear menu, the App Launcher"
    msg = (
        f"Your Account is offered nowhere to this user ({where}): Salesforce shows it only to users with the"
        f" Manage Billing permission. {MANAGE_BILLING}"
    )
    raise BlockedByRule(msg)


def open_contract_or_subscription(ctx: FlowContext) -> None:
    """Recognise the edition from the screen, then open the contract (or the monthly subscription)."""
    account = YourAccount(ctx.page, ctx.locale)
    shown = account.edition_type(MANAGE_BILLING)
    kind = "contracted" if shown == "contracted" else "monthly"
    ctx.fact("edition_type", kind)
    click = ui.clicker(ctx)
    items = account.contract_list(click) if kind == "contracted" else account.subscription_list(click, shown)
    entry = items.choose(ctx.options.get("subscription"))
    ctx.fact("subscription", entry.name)
    ctx.fact("listed_status", entry.status)
    if entry.link is not None:
        ctx.click(entry.link)
        return
    assert entry.actions is not None
    ctx.click(entry.actions)  # its row's actions menu: View Contract (or View Subscription)
    ctx.click(ui.entry(ctx.page, entry.actions, L.OPEN_ITEM, ctx.locale, roles=MENU_ENTRY))


def read_terms(ctx: FlowContext) -> None:
    """Contract: end date, renewal type and status, billing contact, account executive (Manage Renewals).

    Monthly: status, next billing date. Raises AlreadyCancelled when notice was already given, or when the
    contract does not renew by itself (manual renewal: nothing to cancel).
    """
    name = str(ctx.facts["subscription"])
    if not contracted(ctx):
        for key, value in SubscriptionPage(ctx.page, ctx.locale, name).facts().items():
            ctx.fact(key, value)
        status = str(ctx.facts.get("status") or "")
        if L.CANCELLED.pattern(ctx.locale).match(status):
            msg = f"{name} is already {status}"
            raise AlreadyCancelled(msg)
        return
    page = ContractPage(ctx.page, ctx.locale, name)
    facts: dict[str, str | None] = {}
    if page.screen() == "contract":
        facts = page.facts()
        ctx.click(page.manage)
        page = ContractPage(ctx.page, ctx.locale, name)
    screen = page.renewals_screen()
    ctx.fact("renewals_screen", screen)
    for key, value in page.facts(screen).items():  # Manage Renewals wins where both show a fact
        if value is not None or key not in facts:
            facts[key] = value
    end = parse_date(facts["contract_end_shown"], ctx.locale)
    for key, value in facts.items():
        ctx.fact(key, value)
    if end is None:
        ctx.fact("contract_end", None)
    else:
        for key, value in deadline.deadlines(end).items():
            ctx.fact(key, value)
    ends = end.isoformat() if end else "its end date"
    if L.MANUAL_RENEWAL.found_in(facts.get("renewal_type")):
        msg = (
            f"contract {name}: renewal type is manual: the contract ends on {ends} unless a new quote is signed;"
            f" there is nothing to cancel (the portal shows “{facts['renewal_type']}”)"
        )
        raise AlreadyCancelled(msg)
    status = str(facts.get("status") or "")
    if L.CANCELLED.pattern(ctx.locale).match(status):
        msg = f"contract {name} is already {status}; service ends on {ends}"
        raise AlreadyCancelled(msg)
    renewal = " ".join(str(facts.get(k) or "") for k in ("renewal_status", "renewal_type"))
    if L.NOT_RENEWING.found_in(renewal):
        msg = (
            f"contract {name} is already set not to renew ({renewal.strip()}); service ends on"
            f" {ctx.facts.get('contract_end') or 'the contract end date'}"
        )
        raise AlreadyCancelled(msg)


def prepare_cancel(ctx: FlowContext) -> None:
    """Contract: tick the authorization box. Monthly: Cancel Subscription at the bottom, then a reason."""
    name = str(ctx.facts["subscription"])
    if contracted(ctx):
        due = ctx.facts.get("notice_deadline") or "the notice deadline"
        advice = (
            f"Send your written notice of non-renewal to your account executive or Salesforce billing before {due}"
            " and ask for written confirmation; `cancelproof plan salesforce --contract-end"
            f" {ctx.facts.get('contract_end') or 'YYYY-MM-DD'}` prints what it must say."
        )
        ContractPage(ctx.page, ctx.locale, name).authorize(advice)
        return
    ctx.click(SubscriptionPage(ctx.page, ctx.locale, name).cancel)
    ctx.fact("reason", CancelPane(ctx.page, ctx.locale).fill(ctx.options.get("reason")))


def cancel(ctx: FlowContext) -> Irreversible:
    name = str(ctx.facts["subscription"])
    if contracted(ctx):
        page = ContractPage(ctx.page, ctx.locale, name)
        end = ctx.facts.get("contract_end") or "the contract end date"
        return Irreversible(
            control=page.dont_renew,
            heading=page.renewals,
            what=f"Tell Salesforce you will not renew contract {name} (Don't Renew): it ends on {end} and does"
            " not renew for another term.",
        )
    pane = CancelPane(ctx.page, ctx.locale)
    until = ctx.facts.get("next_billing_date") or "the end of the billing period"
    return Irreversible(
        control=pane.final,
        heading=pane.title,
        what=f"Cancel the monthly subscription {name}: no further charges; access ends on {until}.",
    )


def read_confirmation(ctx: FlowContext) -> None:
    name = str(ctx.facts["subscription"])
    if contracted(ctx):
        words, case, ends = ContractPage(ctx.page, ctx.locale, name).confirmation()
        status = "Not renewing"
    else:
        words, case, ends = SubscriptionPage(ctx.page, ctx.locale, name).confirmation()
        status = str(SubscriptionPage(ctx.page, ctx.locale, name).facts().get("status") or "Canceled")
    ctx.fact("case_number", case or None)
    end = parse_date(ends, ctx.locale)
    if end is not None:
        ctx.fact("service_ends", end.isoformat())
    ctx.confirm(status_after=status, effective_end=ends, confirmation_id=case, text=words)


FLOW = Flow(
    vendor="salesforce",
    title="Salesforce",
    merchant="Salesforce, Inc.",
    steps=(
        Step("open_home", "Open the Salesforce home (Lightning).", open_home),
        Step("open_setup", "Open Setup from the gear icon.", open_setup),
        Step(
            "open_data_export", "Find Data Export with Quick Find and open it.", open_data_export, option="skip_export"
        ),
        Step(
            "prepare_export",
            "Read when the last export ran; Export Now with encoding, images, documents and"
            " attachments, Salesforce Files, carriage returns replaced, and Include all data.",
            prepare_export,
            option="skip_export",
        ),
        Step(
            "start_export",
            "Press Start Export: a full data export (it deletes the previous export's files).",
            start_export,
            irreversible=True,
            skippable=True,
            option="skip_export",
        ),
        Step(
            "open_your_account",
            'Open the Your Account app (Setup › Quick Find "Your Account", the gear menu, or the App Launcher);'
            " it needs the Manage Billing permission.",
            open_your_account,
        ),
        Step(
            "open_contract",
            "Recognise the edition; open the contract (Contracts) or the monthly subscription.",
            open_contract_or_subscription,
        ),
        Step(
            "read_terms",
            "Read the contract end date, renewal type, billing contact and account executive"
            " (Manage Renewals), or the monthly subscription's status; a manual (non auto-renew) contract"
            " has nothing to cancel.",
            read_terms,
        ),
        Step(
            "prepare_cancel",
            "Tick the box confirming you are authorized (contract), or open Cancel"
            " Subscription and give a reason (monthly).",
            prepare_cancel,
        ),
        Step(
            "cancel",
            "Press Don't Renew (contract) or the final Cancel Subscription (monthly).",
            cancel,
            irreversible=True,
        ),
        Step("read_confirmation", "Read the confirmation: case number and the date service ends.", read_confirmation),
    ),
    rules=RULES,
    checklist=CHECKLIST,
    after=AFTER,
    dates=deadline.dates,
    summary=(
        ("contract_end", "Contract end"),
        ("notice_deadline", "Notice deadline (end − 30 days)"),
        ("recommended_notice_date", "Recommended notice date (end − 60 days)"),
        ("renewal_type", "Renewal type"),
        ("billing_contact", "Billing contact"),
        ("account_executive", "Account executive"),
        ("case_number", "Case number"),
        ("service_ends", "Service ends"),
        ("next_billing_date", "Next billing date"),
        ("data_export", "Data export"),
    ),
    notes=deadline.notes,
    notice_days=30,
    if_missed="it renews for another full term (usually 12 months) at the contract's price",
    recheck_steps=("open_home", "open_setup", "open_your_account", "open_contract", "read_terms"),
)
