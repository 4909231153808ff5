"""Page one of the report, as a card issuer's analyst reads it (Visa 13.2, Mastercard 4841).

Who cancelled which account, when, how, and the vendor's confirmation, in that order. The account is the
one the portal showed (each fact with the screenshot it was read on); the card only as its brand and
last 4 digits. Facts read before the irreversible click are labelled "before cancelling" and kept apart
from the status after it. A sandbox run says so on every page; a dry run is titled as one.

Everything comes from the manifest (and the timestamp token beside it): never from the log.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from evidence import timestamp
from evidence.account import TITLES

SECTION = "§"  # a row whose label starts with it is a section heading
AFTER = " (read after cancelling)"

OUTCOME_WORDS = {
    "cancelled": "Cancelled online",
    "dry-run-complete": "Dry run: stopped before the irreversible click (nothing was cancelled)",
    "already-cancelled": "Already cancelled before this run",
    "declined": "Not confirmed by the operator (nothing was cancelled)",
    "blocked": "Blocked: cannot be cancelled online",
    "failed": "Failed",
    "usage": "Stopped: bad input",
    "held": "Re-check: the cancellation held",
    "not-held": "Re-check: the cancellation did NOT hold (active again)",
}
SOURCES = {
    "--approver": "named with --approver",
    "CANCELPROOF_APPROVER": "the configured approver, CANCELPROOF_APPROVER",
    "scripted": "a scripted answer (tests, or a batch approved ahead)",
}
NOT_RENEWING = re.compile(r"not renew|non[- ]?renew|pas (?:été )?renouvel|non[- ]renouvel", re.IGNORECASE)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def utc_time(utc: str) -> str:
    if not utc:
        return ""
    try:
        moment = datetime.fromisoformat(utc.replace("Z", "+00:00"))
    except ValueError:
        return utc
    return f"{moment:%d %b %Y, %H:%M:%S} UTC"


def local_time(utc: str, zone: str) -> str:
    """``2026-11-22T10:00:00.000Z`` → "22 Nov 2026, 11:00:00 CET (Europe/Paris)"."""
    if not utc:
        return ""
    try:
        moment = datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone(ZoneInfo(zone or "UTC"))
    except (ValueError, KeyError):
        return utc
    return f"{moment:%d %b %Y, %H:%M:%S} {moment.tzname()} ({zone or 'UTC'})"


def portal_date(text: str) -> date | None:
    """A date as a portal writes it ("March 26, 2027", "26 mars 2027", "2027-03-26"), else None."""
    text = " ".join(text.replace(",", " ").split()).lower()
    for form in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            pass
    parts = text.replace("1er", "1").split()
    if len(parts) == 3 and parts[1] in MONTHS_FR and parts[0].isdigit() and parts[2].isdigit():
        return date(int(parts[2]), MONTHS_FR.index(parts[1]) + 1, int(parts[0]))
    return None


def title(m: dict[str, Any]) -> str:
    outcome = m.get("outcome")
    if outcome == "dry-run-complete" or m.get("mode") == "dry-run":
        return "Dry run — nothing was cancelled"
    if outcome == "cancelled":
        return "Cancellation evidence"
    if outcome == "already-cancelled":
        return "Cancellation evidence — already cancelled before this run"
    if outcome in ("held", "not-held"):
        return "Re-check of a cancellation"
    if _dict(m.get("cancellation")).get("requested_at"):
        return "Cancellation attempt — the vendor's confirmation was not seen"
    return "Run record — nothing was cancelled"


def outcome_words(m: dict[str, Any]) -> str:
    """The outcome as what it is: "Cancelled online — notice of non-renewal sent; service runs to DATE"."""
    outcome = str(m.get("outcome", ""))
    words = OUTCOME_WORDS.get(outcome, outcome)
    cancel = _dict(m.get("cancellation"))
    if outcome != "cancelled":
        return words
    end, status = str(cancel.get("effective_end") or ""), str(cancel.get("status_after") or "")
    seen = str(cancel.get("confirmed_at") or cancel.get("requested_at") or "")[:10]
    ends = portal_date(end)
    runs = (
        f"service runs to {end}" if ends is None or not seen or ends.isoformat() > seen else f"service ended on {end}"
    )
    if NOT_RENEWING.search(status):
        return f"{words} — notice of non-renewal sent; {runs}" if end else f"{words} — notice of non-renewal sent"
    return f"{words} — {runs}" if end else words


def sandbox_note(m: dict[str, Any]) -> str:
    """ "SANDBOX: …" for a run on a mock portal, else ""."""
    box = m.get("sandbox")
    if not isinstance(box, dict):
        return ""
    scenario = f", scenario {box['scenario']}" if box.get("scenario") else ""
    return f"SANDBOX — {box.get('why') or 'a mock portal'}{scenario}: nothing real was cancelled"


def subscription_line(m: dict[str, Any]) -> str:
    """The subscription, with the product beside a contract number (Salesforce: "Sales Cloud … — contract N")."""
    sub = _dict(m.get("subscription"))
    name = str(sub.get("name") or "")
    product = str(sub.get("edition") or sub.get("product") or "")
    if not product or product == name:
        return name
    if sub.get("edition_type") == "contracted" or re.fullmatch(r"[A-Z]*[\d-]{5,}", name):
        return f"{product} — contract {name}"
    return f"{name} ({product})"


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _read(key: str, value: Any, before: dict[str, Any] | None) -> str:
    """When a fact was read, as its label says it: "" (nothing was clicked), before or after cancelling."""
    if before is None:
        return ""
    return " before cancelling" if key in before and before[key] == value else AFTER


def account_rows(m: dict[str, Any]) -> list[tuple[str, str]]:
    """The account as the portal showed it, each fact with its screenshot; the --account when it says more."""
    shown = _dict(m.get("account_shown"))
    rows = []
    for key, label in TITLES.items():
        fact = _dict(shown.get(key))
        if fact.get("value"):
            rows.append((label, f"{fact['value']} (on {fact.get('screenshot', '')})"))
    given = str(m.get("account") or "")
    admin = str(_dict(shown.get("signed_in_as")).get("value") or "")
    if given and given.casefold() != admin.casefold():
        rows.append(("Signed in with (--account)", given))
    if not rows:
        rows.append(("Account", "(the signed-in admin session; the portal showed no account name)"))
    return rows


def approver_row(m: dict[str, Any]) -> list[tuple[str, str]]:
    a = _dict(m.get("approver"))
    if not a:
        return []
    source = str(a.get("approver_source") or "")
    how = SOURCES.get(source, source)
    answer = "confirmed" if a.get("confirmed") else "not confirmed"
    typed = f", typed “{a['typed']}”" if a.get("typed") else ""
    who = f"{a.get('approver', '')}" + (f" — {how}," if how else "")
    return [("Approved by", f"{who} at {utc_time(str(a.get('answered_at', '')))} ({answer}{typed})")]


def confirmation_rows(m: dict[str, Any], zone: str) -> list[tuple[str, str]]:
    cancel = _dict(m.get("cancellation"))
    if not cancel:
        return []
    requested = str(cancel.get("requested_at") or "")
    number, text = str(cancel.get("confirmation_id") or ""), str(cancel.get("confirmation_text") or "")
    named = next((str(label) for label, value in m.get("summary_facts") or [] if number and str(value) == number), "")
    if number:
        said_number = f"{number} ({named.lower()})" if named else number
    elif text:
        said_number = "none: the portal gave no confirmation number (its confirmation is quoted above)"
    else:
        said_number = "none: the portal gave no confirmation number and no confirmation"
    what = str(_dict(m.get("approver")).get("what") or "")
    return [
        ("Cancelled at (UTC)", utc_time(requested)),
        ("Cancelled at (local time)", local_time(requested, zone)),
        ("How", f"{cancel.get('method', '')} — {cancel.get('url', '')}"),
        ("What was confirmed", what),
        ("Vendor's confirmation", f"“{text}”" if text else "—"),
        ("Confirmation number", said_number),
        ("Confirmation seen at (UTC)", utc_time(str(cancel.get("confirmed_at") or ""))),
        ("End date stated by the vendor", str(cancel.get("effective_end") or "—")),
        ("Status after cancelling", str(cancel.get("status_after") or "—")),
    ]


def details(m: dict[str, Any]) -> list[str]:
    """The subscription's facts page one shows, in order: the vendor's ``report_facts`` as the manifest records
    them; for a manifest from before report_facts, every fact of the subscription that is one value (not a
    list or a table), in the manifest's order."""
    named = m.get("report_facts")
    if isinstance(named, list):
        return [str(key) for key in named]
    sub = _dict(m.get("subscription"))
    return [key for key, value in sub.items() if key != "name" and not isinstance(value, (dict, list))]


def fact_rows(m: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(facts read before cancelling, or during a run that clicked nothing; facts read after cancelling)."""
    sub = _dict(m.get("subscription"))
    cancel = _dict(m.get("cancellation"))
    before = _dict(cancel.get("facts_before")) if "facts_before" in cancel else None
    first: list[tuple[str, str]] = []
    later: list[tuple[str, str]] = []
    for key in details(m):
        value = sub.get(key)
        if value in (None, "", False):
            continue
        when = _read(key, value, before)
        (later if when == AFTER else first).append((f"{_label(key)}{when}", str(value)))
    read = m.get("summary_read")
    if isinstance(read, list):
        facts = [(str(_dict(r).get("label")), str(_dict(r).get("value")), str(_dict(r).get("read"))) for r in read]
    else:  # a manifest from before summary_read: when each was read is not known
        facts = [(str(label), str(value), "") for label, value in m.get("summary_facts") or []]
    for label, value, when in facts:
        if when == "after cancelling":
            later.append((f"{label}{AFTER}", value))
        else:
            first.append((f"{label} {when}".strip(), value))
    return first, later


def timestamp_row(folder: Path, m: dict[str, Any]) -> list[tuple[str, str]]:
    got = timestamp.read(folder)
    if got is not None:
        return [("Trusted timestamp", f"timestamped by {got.authority} at {got.when()} (RFC 3161, {timestamp.TOKEN})")]
    asked = _dict(m.get("timestamp"))
    if asked.get("missing"):
        return [("Trusted timestamp", f"missing: {asked['missing']}")]
    return []


def rows(folder: Path, m: dict[str, Any]) -> list[tuple[str, str]]:
    """Page one's table: section headings (label starting with ``SECTION``) and (label, value) rows."""
    zone = str(m.get("timezone") or "UTC")
    cancelled = bool(_dict(m.get("cancellation")))
    first, later = fact_rows(m)
    out: list[tuple[str, str]] = [
        (f"{SECTION}Who, which account", ""),
        ("Merchant", str(m.get("merchant", ""))),
        ("Subscription", subscription_line(m)),
        *account_rows(m),
        *approver_row(m),
        (f"{SECTION}What happened", ""),
        ("Outcome", outcome_words(m)),
    ]
    if cancelled:
        out += confirmation_rows(m, zone)
    else:
        out += [
            ("Run at (UTC)", utc_time(str(m.get("started_at", "")))),
            ("Run at (local time)", local_time(str(m.get("started_at", "")), zone)),
            ("Why no cancellation", str(m.get("reason", ""))),
            ("Portal", str(m.get("base_url", ""))),
        ]
    out += later
    out += timestamp_row(folder, m)
    if first:
        heading = "Read before cancelling (as the portal showed it then)" if cancelled else "Read during the run"
        if m.get("mode") == "dry-run":
            heading = "Read during the dry run (nothing was changed)"
        out += [(f"{SECTION}{heading}", ""), *first]
    kept = [(label, value) for label, value in out if value or label.startswith(SECTION)]
    return list(dict.fromkeys(kept))  # a fact both the flow's summary and the details show: once
