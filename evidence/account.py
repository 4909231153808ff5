"""The account as the portal shows it: who is signed in, the organisation, the billing account, the card.

Read from the visible text of each captured screen, so that every fact on the report's page one is backed
by the screenshot it was read on (the first one that shows it). The signed-in admin is the one the page
says is signed in ("Signed in as …") or the one address in the page's banner: that address is the
operator's own, so it is not masked. A card is kept as its brand and last 4 digits, never more.
"""

from __future__ import annotations

import re

from evidence.redact import EMAIL, redact_text

# the labels a portal writes before each fact, English and French; a line is the label, or "label: value"
LABELS: dict[str, tuple[str, ...]] = {
    "organization": (
        "Organization",
        "Organisation",
        "Organization name",
        "Organization Name",
        "Company",
        "Company name",
        "Tenant",
        "Tenant name",
        "Nom de l’organisation",
        "Nom de l'organisation",
        "Société",
        "Entreprise",
    ),
    "billing_account_id": (
        "Billing account ID",
        "Billing account number",
        "Billing account",
        "Billing profile ID",
        "Account ID",
        "Account number",
        "Customer ID",
        "Organization ID",
        "Salesforce.com Organization ID",
        "ID du compte de facturation",
        "Numéro du compte de facturation",
        "Compte de facturation",
        "Numéro de compte",
        "ID de l’organisation",
        "ID de l'organisation",
    ),
    "payment_method": (
        "Payment method",
        "Default payment method",
        "Card",
        "Moyen de paiement",
        "Moyen de paiement par défaut",
        "Mode de paiement",
    ),
}
TITLES = {
    "signed_in_as": "Signed-in admin",
    "organization": "Organisation",
    "billing_account_id": "Billing account",
    "payment_method": "Payment method",
}
SIGNED_IN = re.compile(
    r"(?:Signed in as|Logged in as|Signed in:|Connecté(?:e)? en tant que|Connecté(?:e)? :)\s*(" + EMAIL.pattern + ")",
    re.IGNORECASE,
)
LONGEST = 120  # a value longer than this is a paragraph, not a field


def signed_in(text: str, banner: str) -> str:
    """The signed-in admin's address: said so on the page, else the one address in the page's banner."""
    said = SIGNED_IN.search(text)
    if said:
        return said.group(1)
    shown = list(dict.fromkeys(EMAIL.findall(banner)))
    return shown[0] if len(shown) == 1 else ""


def facts(text: str, banner: str = "", own: tuple[str, ...] = ()) -> dict[str, str]:
    """The account facts ``text`` shows: card numbers kept to brand and last 4, other people's addresses masked."""
    found: dict[str, str] = {}
    who = signed_in(text, banner)
    if who:
        found["signed_in_as"] = who
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    for key, labels in LABELS.items():
        wanted = {label.casefold() for label in labels}
        for i, line in enumerate(lines):
            head, sep, rest = line.partition(":")
            value = ""
            if line.casefold() in wanted and i + 1 < len(lines):
                value = lines[i + 1]
            elif sep and head.strip().casefold() in wanted:
                value = rest.strip()
            if value and len(value) <= LONGEST and value.casefold().rstrip(":") not in wanted:
                found[key] = redact_text(value, keep_emails=(*own, who))
                break
    return found
