"""Secrets never reach a file: log redaction, text redaction, screenshot masks, the card-number check.

The credentials module tells :data:`SECRETS` every secret it hands out; the structlog processor and the
text captures replace those wherever they appear. Card numbers that pass the Luhn check keep their last
four digits only.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from evidence.screen import PageScan

REDACTED = "[REDACTED]"
SECRETS: set[str] = set()

SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|otp|mfa|totp|one.?time|verification.?code|card|cvv|cvc|iban|pan\b|pin\b",
    re.IGNORECASE,
)
CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def remember_secret(value: str) -> None:
    """Redact ``value`` from every log line and text capture from now on."""
    if value and len(value) >= 3:
        SECRETS.add(value)


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    """Card-like numbers (13–19 digits) in ``text`` that pass the Luhn check, as digits."""
    found = []
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn(digits):
            found.append(digits)
    return found


def redact_text(text: str, keep_emails: tuple[str, ...] | None = None) -> str:
    """Known secrets → [REDACTED]; card numbers → last 4; with ``keep_emails``, other addresses masked."""
    for secret in sorted(SECRETS, key=len, reverse=True):
        text = text.replace(secret, REDACTED)

    def card(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn(digits):
            return "•••• " + digits[-4:]
        return match.group(0)

    text = CARD.sub(card, text)
    if keep_emails is None:
        return text
    keep = {e.casefold() for e in keep_emails}
    return EMAIL.sub(lambda m: m.group(0) if m.group(0).casefold() in keep else "[e-mail masked]", text)


def redact_event(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: credential, MFA and payment fields are "[REDACTED]"; secrets never appear."""
    for key, value in list(event.items()):
        if SENSITIVE_KEY.search(key) and key not in ("event",):
            event[key] = REDACTED
        elif isinstance(value, str):
            event[key] = redact_text(value)
    return event


def other_emails(text: str, own_email: str) -> list[str]:
    """E-mail addresses in ``text`` other than the operator's own."""
    return [e for e in EMAIL.findall(text) if e.casefold() != own_email.casefold()]


SECRET_FIELDS = (
    "input[type=password], input[autocomplete^=cc-], input[autocomplete=one-time-code],"
    " input[name*=card i], input[name*=otp i], input[name*=code i], input[inputmode=numeric]"
)


def mask_targets(seen: PageScan, own_email: str = "") -> tuple[str, list[str]]:
    """What a screenshot must not show: the secret fields (a selector, "" when the page has none), and
    each card number and other user's e-mail address exactly as the page's text shows it."""
    selector = SECRET_FIELDS if seen.fields else ""
    shown = [m.group(0) for m in CARD.finditer(seen.text) if card_numbers(m.group(0))]
    return selector, list(dict.fromkeys(shown + other_emails(seen.text, own_email)))


def masks(page: Page, seen: PageScan, own_email: str = "") -> list[Locator]:
    """What Playwright paints over in a screenshot: passwords, card fields and numbers, codes, e-mails.

    Each mask is only built when the scan found something for it (a mask costs a walk of the DOM).
    """
    found: list[Locator] = []
    if seen.fields:
        found.append(page.locator(SECRET_FIELDS))
    if card_numbers(seen.text):
        found.append(page.get_by_text(CARD))
    if other_emails(seen.text, own_email):
        emails = page.get_by_text(EMAIL)
        found.append(emails.filter(has_not_text=own_email) if own_email else emails)
    return found


def typed_cards(seen: PageScan) -> list[str]:
    """Card numbers typed into ordinary (unmasked) fields: no mask covers them."""
    return [c for v in seen.values for c in card_numbers(v)]


def uncovered_cards(page: Page, seen: PageScan) -> list[str]:
    """Card numbers shown that Playwright's text masks would not cover (split across elements)."""
    shown = card_numbers(seen.text)
    if not shown:
        return []
    covered = {c for c in card_numbers(" ".join(page.get_by_text(CARD).all_inner_texts()))}
    return [c for c in shown if c not in covered]
