"""The notice of non-renewal: reading dates as Salesforce shows them, the deadlines, the written notice.

Contracted editions renew unless the customer gives written notice at least 30 days before the contract
end date (MSA §11.2); the seed guide recommends 60 days, and the renewal window opens 90 days before the end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows.ui import MONTHS_FR

NOTICE_DAYS = 30
RECOMMENDED_DAYS = 60
WINDOW_DAYS = 90

MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = {name: i for i, name in enumerate(MONTHS_EN, 1)}
_MONTH |= {name[:3]: i for i, name in enumerate(MONTHS_EN, 1)}
_MONTH |= {name: i for i, name in enumerate(MONTHS_FR, 1)}
_MONTH |= {
    "fevrier": 2,
    "fév": 2,
    "fev": 2,
    "aout": 8,
    "aoû": 8,
    "aou": 8,
    "decembre": 12,
    "janv": 1,
    "févr": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "déc": 12,
    "dec": 12,
}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EN = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})\b")
_FR = re.compile(r"\b(\d{1,2})(?:er)? ([a-zéûè]{3,9})\.? (\d{4})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
DATE_TEXT = re.compile(rf"{_ISO.pattern}|{_EN.pattern}|{_FR.pattern}|{_NUMERIC.pattern}", re.IGNORECASE)


def parse_date(text: str | None, locale: str = "en") -> date | None:
    """The first date in ``text``: "March 31, 2027", "Mar 31, 2027", "31 mars 2027", "2027-03-31", or 3/31/2027.

    Numeric dates follow the locale (fr: 31/03/2027, en: 3/31/2027) unless that order is no date at all.
    """
    if not text:
        return None
    found: list[tuple[int, date]] = []
    for pattern, order in ((_ISO, "ymd"), (_EN, "mdy"), (_FR, "dmy"), (_NUMERIC, "num")):
        for m in pattern.finditer(text):
            day = _build(m.groups(), order, locale)
            if day is not None:
                found.append((m.start(), day))
    return min(found)[1] if found else None


def _build(groups: tuple[str | Any, ...], order: str, locale: str) -> date | None:
    try:
        if order == "ymd":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        if order == "mdy":
            month = _MONTH.get(str(groups[0]).lower())
            return date(int(groups[2]), month, int(groups[1])) if month else None
        if order == "dmy":
            month = _MONTH.get(str(groups[1]).lower())
            return date(int(groups[2]), month, int(groups[0])) if month else None
    except ValueError:
        return None
    # numeric: the locale's order (fr: day first; en: month first); an org in another locale writes the
    # other order ("31/03/2027" in an English org set to en-GB), which shows when the locale's order is no date
    first, second, year = int(groups[0]), int(groups[1]), int(groups[2])
    orders = ((second, first), (first, second)) if locale.startswith("fr") else ((first, second), (second, first))
    for month, day in orders:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


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
