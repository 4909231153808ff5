"""The facts a person reads on a subscription's page (or a 2021–22 row), in the forms portals write them.

Licenses: "12 of 20 assigned", "12 assigned of 20", "12/20", "Licences : 12 attribuées sur 20" (assigned
first, total second in all of them), with or without a "Licenses" label. Dates: "March 5, 2026",
"5 March 2026", "5 mars 2026", "1er août 2026", "2026-03-05", "3/5/2026" (month first in English unless the
day cannot be a month), "05/03/2026" and "05.03.2026" (day first).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from flows import ui
from flows.office365 import labels as L

DATE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}(?:er)? [A-Za-zéûÉÛ]+\.? \d{4}|\d{4}[-/]\d{2}[-/]\d{2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
)
EN_MONTHS = "january february march april may june july august september october november december"
MONTHS = {name: i for names in (EN_MONTHS.split(), ui.MONTHS_FR) for i, name in enumerate(names, 1)}

_ASSIGNED = r"(?:licen[cs]es?\s+)?(?:assigned|attribu[ée]e?s?)"
LICENSE_FORMS = (
    re.compile(rf"(\d+)\s+{_ASSIGNED}\s+(?:of|sur)\s+(\d+)", re.IGNORECASE),  # 30 assigned of 30, 30 attribuées sur 30
    re.compile(rf"(\d+)\s+(?:of|sur)\s+(\d+)\s+{_ASSIGNED}", re.IGNORECASE),  # 30 of 30 assigned
)


def parse_day(text: str | None, locale: str = "en") -> date | None:
    """The first date in ``text`` in any of the forms above, or None."""
    found = DATE.search(text or "")
    if not found:
        return None
    s = found.group(0).replace("er ", " ")
    try:
        if m := re.fullmatch(r"(\d{4})[-/](\d{2})[-/](\d{2})", s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})([/.])(\d{1,2})[/.](\d{4})", s):
            a, b = int(m[1]), int(m[3])
            day_first = m[2] == "." or a > 12 or (b <= 12 and locale.startswith("fr"))
            day, month = (a, b) if day_first else (b, a)
            return date(int(m[4]), month, day)
        s = s.replace(".", "")
        if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2}), (\d{4})", s):
            return _named(m[1], int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2}) (\S+) (\d{4})", s):
            return _named(m[2], int(m[1]), int(m[3]))
    except ValueError:
        return None
    return None


def _named(month: str, day: int, year: int) -> date | None:
    key = month.casefold()
    number = MONTHS.get(key) or next((n for name, n in MONTHS.items() if len(key) >= 3 and name.startswith(key)), None)
    return date(year, number, day) if number else None


def license_counts(text: str) -> tuple[int | None, int | None]:
    """(assigned, total) as the text says them, labelled ("Licenses: 12/20") or not ("12 of 20 assigned")."""
    labelled = ui.field_value(text, L.LICENSES) or ""
    counts = ui.numbers(labelled)
    if len(counts) >= 2:
        return counts[0], counts[1]
    for form in LICENSE_FORMS:
        if found := form.search(text):
            return int(found.group(1)), int(found.group(2))
    return (counts[0], None) if counts else (None, None)


def explanation(text: str) -> str | None:
    """The sentence that says why the subscription cannot be cancelled online, if the text has one."""
    words = L.CANNOT_CANCEL.anywhere()
    for line in text.splitlines():
        if words.search(line):
            return " ".join(line.split())
    return None


def expires_on(text: str) -> str | None:
    """The date after "Expires on" (recurring billing is off, or the term's end was chosen), if shown."""
    expires = L.EXPIRES_ON.anywhere()
    found = re.compile(expires.pattern + r"\s*:?\s*(" + DATE.pattern + ")", re.IGNORECASE).search(text)
    return found.group(1) if found else None


def facts_from(text: str) -> dict[str, str | int | None]:
    """The facts a person reads on the details page (or in a 2021–22 row)."""
    assigned, total = license_counts(text)
    return {
        "status": ui.field_value(text, L.STATUS),
        "licenses_assigned": assigned,
        "licenses_total": total,
        "billing_account_type": ui.field_value(text, L.ACCOUNT_TYPE),
        "purchase_channel": ui.field_value(text, L.CHANNEL),
        "start_date": ui.field_value(text, L.START),
        "next_charge_date": ui.field_value(text, L.NEXT_CHARGE),
        "price": ui.field_value(text, L.PRICE),
        "term": ui.field_value(text, L.TERM),
        "billing_frequency": ui.field_value(text, L.BILLING_FREQUENCY),
        "expires_on": expires_on(text),
        "portal_says": explanation(text),
    }


def annual_paid_monthly(facts: Mapping[str, Any]) -> bool | None:
    """Whether the page shows an annual term billed monthly (None: it does not say)."""
    term, frequency = str(facts.get("term") or ""), str(facts.get("billing_frequency") or "")
    if not term or not frequency:
        return None
    return L.ANNUAL.found_in(term) and L.MONTHLY.found_in(frequency)
