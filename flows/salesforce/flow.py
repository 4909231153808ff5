"""The Salesforce flow: a full data export first, then Don't Renew (contracted) or Cancel Subscription (monthly).

Contracted editions have no cancel button: cancelling is not renewing, by written notice at least 30 days
before the contract end date. Monthly self-serve editions have Cancel Subscription. The flow recognises
which from the Your Account app's screen (PORTALS.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flows.salesforce import deadline
from flows.salesforce import labels as L
from flows.salesforce.pages import (
    CancelPane,
    ContractPage,
    DataExportPage,
    LightningHome,
    SetupPage,
    SubscriptionPage,
    YourAccount,
)
from flows.ui import contains_pattern
from runners.errors import AlreadyCancelled
from runners.model import Flow, FlowContext, Irreversible, Rule, RuleResult, Step, Verdict


def contracted(ctx: FlowContext) -> bool:
    return ctx.facts.get("edition_type") == "contracted"


# --- steps ----------------------------------------------------------------------------------------
def open_home(ctx: FlowContext) -> None:
    LightningHome(ctx.page, ctx.locale).open(ctx.options["base_url"])


def open_setup(ctx: FlowContext) -> None:
    LightningHome(ctx.page, ctx.locale).open_setup(ctx.click)
    SetupPage(ctx.page, ctx.locale).wait()


def open_data_export(ctx: FlowContext) -> None:
    SetupPage(ctx.page, ctx.locale).find(L.QUICK_FIND_EXPORT, L.DATA_EXPORT, ctx.click)


def prepare_export(ctx: FlowContext) -> None:
    """Export Now and its options; when Export Now is disabled, record why and pass over the export."""
    page = DataExportPage(ctx.page, ctx.locale)
    available, last, upcoming = page.availability()
    ctx.fact("last_export", last)
    ctx.fact("next_export_allowed", upcoming)
    if not available:
        ctx.fact("data_export", "not possible now: Export Now is disabled (an export ran less than 7 days ago)")
        ctx.skip(
            "start_export",
            f"Export Now is disabled: an export ran less than 7 days ago (next allowed {upcoming or 'later'})",
        )
        ctx.fact("export_available", False)
        return
    for key, value in page.fill(ctx.click).items():
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
    if ctx.options.get("skip_export") and "data_export" not in ctx.facts:
        ctx.fact("data_export", "skipped by --skip-export: no new export was made")
    elif ctx.facts.get("export_available"):
        status = DataExportPage(ctx.page, ctx.locale).status()
        if status:
            ctx.fact("data_export", status)
    SetupPage(ctx.page, ctx.locale).find_or_launch(L.YOUR_ACCOUNT, ctx.click)


def open_contract_or_subscription(ctx: FlowContext) -> None:
    """Recognise the edition from the screen, then open the contract (or the monthly subscription)."""
    account = YourAccount(ctx.page, ctx.locale)
    kind = account.edition_type()
    ctx.fact("edition_type", kind)
    items = account.contract_list(ctx.click) if kind == "contracted" else account.subscription_list(ctx.click)
    entry = items.choose(ctx.options.get("subscription"))
    ctx.fact("subscription", entry.name)
    ctx.fact("listed_status", entry.status)
    ctx.click(entry.link)


def read_terms(ctx: FlowContext) -> None:
    """Contract: end date, renewal type and status, billing contact, account executive (Manage Renewals).

    Monthly: status, next billing date. Raises AlreadyCancelled when notice was already given.
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
    facts = ContractPage(ctx.page, ctx.locale, name).facts(ctx.click)
    end = deadline.parse_date(facts["contract_end_shown"], ctx.locale)
    for key, value in facts.items():
        ctx.fact(key, value)
    if end is None:
        ctx.fact("contract_end", None)
    else:
        for key, value in deadline.deadlines(end).items():
            ctx.fact(key, value)
    renewal = " ".join(str(facts.get(k) or "") for k in ("renewal_status", "renewal_type"))
    if contains_pattern(L.NOT_RENEWING.for_locale(ctx.locale)).search(renewal):
        msg = (
            f"contract {name} is already set not to renew ({renewal.strip()}); service ends on"
            f" {ctx.facts.get('contract_end') or 'the contract end date'}"
        )
        raise AlreadyCancelled(msg)


def prepare_cancel(ctx: FlowContext) -> None:
    """Contract: tick the authorization box. Monthly: Cancel Subscription at the bottom, then a reason."""
    name = str(ctx.facts["subscription"])
    if contracted(ctx):
        ContractPage(ctx.page, ctx.locale, name).authorize()
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
    end = deadline.parse_date(ends, ctx.locale)
    if end is not None:
        ctx.fact("service_ends", end.isoformat())
    ctx.confirm(status_after=status, effective_end=ends, confirmation_id=case, text=words)


# --- rules ----------------------------------------------------------------------------------------
def _export(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    if facts.get("export_available"):
        return RuleResult(Verdict.OK, "Export Now is available; download the files within 48 hours.")
    last = facts.get("last_export") or "less than 7 days ago"
    upcoming = facts.get("next_export_allowed") or "7 days after it (29 on lower editions)"
    return RuleResult(
        Verdict.WARN,
        f"No new data export: Export Now is disabled because the last export ran on {last}; the next one is"
        f" possible on {upcoming}. Download the last export's files now if they are still there (kept 48 hours),"
        " or export again before the contract ends.",
    )


def _account_executive(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    executive = facts.get("account_executive")
    if not executive:
        return RuleResult(Verdict.OK, "No account executive is named on the contract: notice can be given here.")
    due = facts.get("notice_deadline") or "30 days before the contract end date"
    return RuleResult(
        Verdict.BLOCK,
        f"This contract was signed through an account executive ({executive}): do not use Don't Renew here."
        f" Send them your written notice of non-renewal before {due} and ask for written confirmation;"
        f" `cancelproof plan salesforce --contract-end {facts.get('contract_end') or 'YYYY-MM-DD'}` prints what"
        " the notice must say.",
    )


def _notice(facts: Mapping[str, Any], options: Mapping[str, Any]) -> RuleResult | None:
    end = deadline.as_date(facts.get("contract_end"))
    if end is None:
        return RuleResult(
            Verdict.WARN,
            "The portal did not show the contract end date: find it on your order form; written notice is due"
            " 30 days before it (60 recommended).",
        )
    due = deadline.as_date(facts.get("notice_deadline"))
    recommended = deadline.as_date(facts.get("recommended_notice_date"))
    assert due is not None and recommended is not None
    today = date.today()
    if today > due:
        late = (
            f"The notice deadline has passed: the contract ends on {end.isoformat()} and written notice was due"
            f" by {due.isoformat()} (30 days before). Salesforce may renew it for another term."
        )
        if options.get("accept_late_notice"):
            return RuleResult(
                Verdict.WARN,
                f"{late} Giving notice anyway: accepted late notice by"
                " --accept-late-notice; ask your account executive in writing to accept it.",
            )
        return RuleResult(
            Verdict.BLOCK,
            f"{late} Contact your account executive or Salesforce billing in writing now and ask them to accept"
            " late notice; to give notice in the portal anyway, rerun with --accept-late-notice (recorded).",
        )
    if today > recommended:
        return RuleResult(
            Verdict.WARN,
            f"After the recommended date ({recommended.isoformat()}, 60 days before the end): give notice now;"
            f" the deadline is {due.isoformat()} ({(due - today).days} days left).",
        )
    return RuleResult(
        Verdict.OK,
        f"In time: notice deadline {due.isoformat()} ({(due - today).days} days left), recommended by"
        f" {recommended.isoformat()}; the contract ends on {end.isoformat()}.",
    )


def _edition(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    if facts.get("edition_type") == "monthly":
        return RuleResult(Verdict.OK, "Monthly self-serve edition: Cancel Subscription, no notice period.")
    return RuleResult(
        Verdict.OK, "Contracted edition: no cancel button; cancelling is Don't Renew (written notice of non-renewal)."
    )


RULES = (
    Rule(
        "data-export",
        "One data export every 7 days (29 on lower editions); files are kept 48 hours and a new"
        " export deletes the previous one.",
        ("export_available",),
        _export,
    ),
    Rule(
        "edition",
        "Contracted editions are cancelled by not renewing; monthly editions by Cancel Subscription.",
        ("edition_type",),
        _edition,
    ),
    Rule(
        "account-executive",
        "A contract signed through an account executive: give them written notice instead.",
        ("account_executive",),
        _account_executive,
    ),
    Rule(
        "notice-deadline",
        "Written notice of non-renewal at least 30 days before the contract end (60"
        " recommended); after the deadline only with --accept-late-notice.",
        ("contract_end",),
        _notice,
    ),
)

CHECKLIST = (
    "Export your data first: Setup › Data Export › Export Now, with Include images, documents, and attachments,"
    " Include Salesforce Files and Salesforce CRM Content document versions, and Include all data.",
    "Download the export files at once: they are kept 48 hours, a new export deletes the previous one, and"
    " only one export is possible every 7 days (29 on lower editions).",
    "Deactivate users to free their licenses: Setup › Users › Edit › untick Active › Save (Freeze does not"
    " free a license).",
    "Find the contract end date; give written notice of non-renewal at least 30 days before it (60"
    " recommended; your order form may say 60 or 90). Signed through an account executive: write to them.",
    "Confirm in writing: keep Salesforce's written confirmation (case number, date service ends).",
    "Watch the next invoices: nothing should renew after the contract end date.",
)
AFTER = (
    "Keep the case number and the date service ends with this evidence; ask for written confirmation.",
    "Watch the next invoices: no renewal after the contract end; a monthly edition is not charged again.",
    "Refunds (seed guide): full refund within the first 30 days of a contract, prorated after; ask in writing.",
)

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
            'Open the Your Account app (Setup › Quick Find "Your Account", or the App Launcher).',
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
            " (Manage Renewals), or the monthly subscription's status.",
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
