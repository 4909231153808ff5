"""The notice of non-renewal: the deadlines from a contract's end date, and the written notice.

Contracted editions renew unless the customer gives written notice at least 30 days before the contract
end date (MSA §11.2); the seed guide recommends 60 days, and the renewal window opens 90 days before the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows.dates import parse_date

NOTICE_DAYS = 30
RECOMMENDED_DAYS = 60
WINDOW_DAYS = 90


def as_date(value: Any) -> date | None:
    """A date from a plan's ``--contract-end`` (a date) or a run's fact (an ISO string)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def deadlines(end: date) -> dict[str, str]:
    """The facts a run records for a contract end date (ISO strings)."""
    return {
        "contract_end": end.isoformat(),
        "notice_deadline": (end - timedelta(NOTICE_DAYS)).isoformat(),
        "recommended_notice_date": (end - timedelta(RECOMMENDED_DAYS)).isoformat(),
        "renewal_window_opens": (end - timedelta(WINDOW_DAYS)).isoformat(),
    }


def dates(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The dates that matter for ``plan``, given ``contract_end`` (from ``--contract-end``)."""
    end = as_date(facts.get("contract_end"))
    if end is None:
        return []
    return [
        (f"Renewal window opens (end − {WINDOW_DAYS} days)", (end - timedelta(WINDOW_DAYS)).isoformat()),
        (
            f"Recommended date for the written notice (end − {RECOMMENDED_DAYS} days)",
            (end - timedelta(RECOMMENDED_DAYS)).isoformat(),
        ),
        (
            f"Notice deadline: Salesforce must have your written notice (end − {NOTICE_DAYS} days)",
            (end - timedelta(NOTICE_DAYS)).isoformat(),
        ),
        ("Contract end: service ends if you gave notice; otherwise it renews for another term", end.isoformat()),
    ]


def notes(facts: Mapping[str, Any]) -> list[str]:
    """The written notice of non-renewal a person sends (to the account executive, or with the portal's case)."""
    end = as_date(facts.get("contract_end"))
    contract = str(facts.get("subscription") or "[CONTRACT NUMBER]")
    end_text = end.strftime("%B %-d, %Y") if end else "[CONTRACT END DATE]"
    deadline = (end - timedelta(NOTICE_DAYS)).strftime("%B %-d, %Y") if end else "[CONTRACT END DATE − 30 DAYS]"
    lines = [
        "Written notice of non-renewal: send it to your account executive (contracts signed through one), or",
        "keep it with the case the portal opens when you press Don't Renew. Fill in the brackets.",
        "",
        "  To: Salesforce, Inc. — [ACCOUNT EXECUTIVE NAME AND E-MAIL] / Salesforce Billing",
        f"  Subject: Notice of non-renewal — contract {contract}",
        "",
        f"  [COMPANY LEGAL NAME] (Salesforce org ID [ORG ID]) gives notice that it will not renew contract {contract}",
        f"  (order form [ORDER FORM NUMBER]), which ends on {end_text}. We will not renew: please do not renew",
        "  any subscription under this contract for another term.",
        f"  This notice is given on [TODAY'S DATE], before the notice deadline of {deadline} (30 days before the",
        "  contract end date).",
        "  Please confirm in writing that the contract will not renew, and the date service ends.",
        "",
        "  [NAME], [TITLE], authorized to cancel, modify and renew this contract — [COMPANY LEGAL NAME]",
    ]
    if end is None:
        lines += ["", "Give --contract-end YYYY-MM-DD to have the dates filled in."]
    return lines
