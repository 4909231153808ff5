"""The Salesforce flow's rules (pre-checks on the facts the portal shows), its checklist and what to do after.

The rules come from docs/portals.md, "Salesforce": the data export's limits, notice of non-renewal 30 days
before the contract end, a contract signed through an account executive, a manual contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flows.salesforce import deadline
from flows.salesforce import labels as L
from runners.model import Rule, RuleResult, Verdict


# --- rules ----------------------------------------------------------------------------------------
def _export(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    if facts.get("export_available"):
        return RuleResult(Verdict.OK, "Export Now is available; download the files within 48 hours.")
    last = facts.get("last_export") or "less than 7 days ago"
    upcoming = facts.get("next_export_allowed") or "7 days after it (29 on lower editions)"
    said = f" (the portal says “{facts['export_unavailable']}”)" if facts.get("export_unavailable") else ""
    return RuleResult(
        Verdict.WARN,
        f"No new data export: Export Now is not available{said} because the last export ran on {last}; the next one is"
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


def _renewal_type(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    kind = facts.get("renewal_type")
    if not kind or L.MANUAL_RENEWAL.found_in(kind):
        return None  # a manual contract stops the run before (nothing to cancel)
    return RuleResult(Verdict.OK, f"Renewal type {kind}: it renews for another term unless you give notice.")


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
        "renewal-type",
        "A manual (non auto-renew) contract has nothing to cancel: it ends on its end date unless a new quote is"
        " signed; only an auto-renew contract needs notice.",
        ("renewal_type",),
        _renewal_type,
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
    "Check the renewal type (Manage Renewals): a manual (non auto-renew) contract has nothing to cancel; it ends"
    " on its end date unless a new quote is signed, so sign no renewal quote.",
    "Your Account needs the Manage Billing permission (or the “Manage Subscriptions in Your Account” permission"
    " set): ask a Salesforce admin to grant it before you start.",
    "Confirm in writing: keep Salesforce's written confirmation (case number, date service ends).",
    "Watch the next invoices: nothing should renew after the contract end date.",
)
AFTER = (
    "Keep the case number and the date service ends with this evidence; ask for written confirmation.",
    "Watch the next invoices: no renewal after the contract end; a monthly edition is not charged again.",
    "Refunds (seed guide): full refund within the first 30 days of a contract, prorated after; ask in writing.",
)
