"""The facts a person reads on a subscription's page (or a 2021–22 row), in the forms portals write them.

Licenses: "12 of 20 assigned", "12 assigned of 20", "12/20", "Licences : 12 attribuées sur 20" (assigned
first, total second in all of them), with or without a "Licenses" label. Dates: as :mod:`flows.dates` reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows import ui
from flows.dates import DATE
from flows.office365 import labels as L

_ASSIGNED = r"(?:licen[cs]es?\s+)?(?:assigned|attribu[ée]e?s?)"
LICENSE_FORMS = (
    re.compile(rf"(\d+)\s+{_ASSIGNED}\s+(?:of|sur)\s+(\d+)", re.IGNORECASE),  # 30 assigned of 30, 30 attribuées sur 30
    re.compile(rf"(\d+)\s+(?:of|sur)\s+(\d+)\s+{_ASSIGNED}", re.IGNORECASE),  # 30 of 30 assigned
)


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
