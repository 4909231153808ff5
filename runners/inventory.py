"""The portfolio: an inventory of subscriptions (TOML), their cancel-by dates, and calendar reminders.

Example inventory::

    [[subscription]]
    vendor = "salesforce"
    account = "admin@acme.example"
    subscription = "Sales Cloud Enterprise"
    contract_end = 2027-03-31      # or next_renewal = 2026-12-15
    notice_days = 60               # optional: the vendor's default otherwise
    base_url = "https://acme.my.salesforce.com/"   # optional: the vendor's real portal otherwise
    sandbox = "contracted"         # optional: use the bundled mock portal and this scenario instead
    locale = "en"
    owner = "finance@acme.example"

A bad entry is reported as ``FILE:LINE: what is wrong`` and nothing runs.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from runners.errors import UsageError
from runners.vendors import VENDORS, load_flow

KEYS = {
    "vendor",
    "account",
    "subscription",
    "contract_end",
    "next_renewal",
    "notice_days",
    "base_url",
    "sandbox",
    "locale",
    "owner",
}
REMINDERS = (60, 30, 7)


@dataclass(frozen=True)
class Entry:
    line: int
    vendor: str
    account: str
    subscription: str
    end: date
    end_kind: str  # "contract end" or "next renewal"
    notice_days: int
    base_url: str
    sandbox: str | None
    locale: str
    owner: str
    if_missed: str

    @property
    def cancel_by(self) -> date:
        return self.end - timedelta(days=self.notice_days)

    @property
    def label(self) -> str:
        return f"{self.vendor}:{self.subscription or self.account or self.line}"


def _entry_lines(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each ``[[subscription]]`` table in the file."""
    lines = text.splitlines()
    starts = [i + 1 for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*subscription\s*\]\]", ln)]
    return [(start, (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines)) for n, start in enumerate(starts)]


def _key_line(text: str, span: tuple[int, int], key: str) -> int:
    lines = text.splitlines()
    for number in range(span[0], span[1] + 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[number - 1]):
            return number
    return span[0]


def load(path: Path) -> list[Entry]:
    """Read and check an inventory; every problem is reported at once.

    Raises:
        UsageError: the file is missing or unreadable, or any entry is bad (``FILE:LINE: …`` lines).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot read the inventory: {exc.strerror or exc}"
        raise UsageError(msg) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        msg = f"{path}:{found.group(1) if found else 1}: not valid TOML: {str(exc).split(' (at')[0]}"
        raise UsageError(msg) from None
    tables = data.get("subscription")
    spans = _entry_lines(text)
    if not isinstance(tables, list) or not tables:
        msg = f"{path}:1: no [[subscription]] entries"
        raise UsageError(msg)
    problems: list[str] = []
    entries: list[Entry] = []
    for raw, span in zip(tables, spans, strict=False):

        def bad(key: str, what: str, span: tuple[int, int] = span) -> None:
            problems.append(f"{path}:{_key_line(text, span, key)}: {what}")

        for key in sorted(set(raw) - KEYS):
            bad(key, f"unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        vendor = raw.get("vendor")
        if not isinstance(vendor, str) or vendor not in VENDORS:
            bad("vendor", f"unknown vendor {vendor!r}; choose one of: {', '.join(VENDORS)}")
            continue
        flow = load_flow(vendor)
        end_key = "contract_end" if "contract_end" in raw else "next_renewal"
        end = raw.get(end_key)
        if not isinstance(end, date) or isinstance(end, datetime):
            bad(end_key, f"{end_key} must be a date like 2027-03-31 (contract_end or next_renewal is required)")
            continue
        notice = raw.get("notice_days", flow.notice_days)
        if not isinstance(notice, int) or isinstance(notice, bool) or notice < 0:
            bad("notice_days", "notice_days must be a whole number of days, 0 or more")
            continue
        locale = raw.get("locale", "en")
        if locale not in ("en", "fr"):
            bad("locale", f"locale must be en or fr, not {locale!r}")
            continue
        base_url = str(raw.get("base_url", ""))
        if base_url and not re.match(r"https?://[^/\s]+", base_url):
            bad("base_url", f"malformed base_url {base_url!r}: give a full http(s) URL")
            continue
        for key in ("account", "subscription", "owner", "sandbox"):
            if key in raw and not isinstance(raw[key], str):
                bad(key, f"{key} must be text in quotes")
        entries.append(
            Entry(
                line=span[0],
                vendor=vendor,
                account=str(raw.get("account", "")),
                subscription=str(raw.get("subscription", "")),
                end=end,
                end_kind="contract end" if end_key == "contract_end" else "next renewal",
                notice_days=notice,
                base_url=base_url,
                sandbox=str(raw["sandbox"]) if "sandbox" in raw else None,
                locale=locale,
                owner=str(raw.get("owner", "")),
                if_missed=flow.if_missed or "it renews",
            )
        )
    if problems:
        raise UsageError("\n".join(problems))
    return sorted(entries, key=lambda e: (e.cancel_by, e.line))


def table(entries: list[Entry], today: date | None = None) -> str:
    """The plan: one line an entry, by the date by which each must be cancelled."""
    today = today or date.today()
    rows = [("cancel by", "days", "vendor", "subscription", "account", "ends", "notice", "if missed", "owner")]
    for e in entries:
        left = (e.cancel_by - today).days
        rows.append(
            (
                e.cancel_by.isoformat(),
                "MISSED" if left < 0 else str(left),
                e.vendor,
                e.subscription or "—",
                e.account or "—",
                f"{e.end.isoformat()} ({e.end_kind})",
                f"{e.notice_days} d",
                e.if_missed,
                e.owner or "—",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return (
        "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows) + "\n"
    )


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets are folded with CRLF + space."""
    out, raw = [], line.encode()
    while len(raw) > 75:
        cut = 75
        while (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            cut -= 1
        out.append(raw[:cut].decode())
        raw = b" " + raw[cut:]
    out.append(raw.decode())
    return "\r\n".join(out)


def ics(entries: list[Entry], today: date | None = None) -> str:
    """An iCalendar file: all-day reminders 60, 30 and 7 days before each cancel-by date (future ones)."""
    today = today or date.today()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cancelproof//portfolio//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for e in entries:
        for days in REMINDERS:
            day = e.cancel_by - timedelta(days=days)
            if day < today:
                continue
            uid = hashlib.sha256(f"{e.vendor}|{e.account}|{e.subscription}|{e.end}|{days}".encode()).hexdigest()[:24]
            what = e.subscription or e.vendor
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@cancelproof",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                _fold(f"SUMMARY:{_ics_text(f'Cancel {what} ({e.vendor}) by {e.cancel_by}: {days} days left')}"),
                _fold(
                    "DESCRIPTION:"
                    + _ics_text(
                        f"{e.end_kind.capitalize()} {e.end}, notice {e.notice_days} days. If missed: {e.if_missed}. "
                        f"Account {e.account or '-'}; owner {e.owner or '-'}. "
                        f"Dry run first: cancelproof run {e.vendor} --dry-run"
                    )
                ),
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{_ics_text(f'Cancel {what} by {e.cancel_by}')}",
                "TRIGGER:PT9H",
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def as_json(entries: list[Entry], today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    return [
        {
            "line": e.line,
            "vendor": e.vendor,
            "account": e.account,
            "subscription": e.subscription,
            "end": e.end.isoformat(),
            "end_kind": e.end_kind,
            "notice_days": e.notice_days,
            "cancel_by": e.cancel_by.isoformat(),
            "days_left": (e.cancel_by - today).days,
            "if_missed": e.if_missed,
            "owner": e.owner,
        }
        for e in entries
    ]
