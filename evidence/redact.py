"""Secrets never reach a file: log redaction, text redaction, screenshot masks, the card-number check.

The credentials module tells :data:`SECRETS` every secret it hands out; the structlog processor and the
text captures replace those wherever they appear. Card numbers that pass the Luhn check keep their last
four digits only.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

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


@dataclass(frozen=True)
class PageScan:
    """What one round trip reads before a capture: the visible text and values typed in unmasked fields."""

    text: str
    values: tuple[str, ...]
    fields: int = 0  # password, card, code fields on the page (masked in screenshots)


SCAN_JS = """
() => {
  const values = [];
  let fields = 0;
  for (const el of document.querySelectorAll('input, textarea')) {
    const masked = el.type === 'password' || /^cc-/.test(el.autocomplete || '') || /card/i.test(el.name || '');
    const secret = el.autocomplete === 'one-time-code' || /otp|code/i.test(el.name || '') || el.inputMode === 'numeric';
    if (masked || secret) {
      fields += 1;
    }
    if (!masked && el.value) values.push(el.value);
  }
  return {text: document.body ? document.body.innerText : '', values, fields};
}
"""


def scan(page: Page) -> PageScan:
    data = page.evaluate(SCAN_JS)
    return PageScan(str(data["text"]), tuple(str(v) for v in data["values"]), int(data.get("fields", 0)))


def masks(page: Page, seen: PageScan, own_email: str = "") -> list[Locator]:
    """What Playwright paints over in a screenshot: passwords, card fields and numbers, codes, e-mails.

    Each mask is only built when the scan found something for it (a mask costs a walk of the DOM).
    """
    found: list[Locator] = []
    if seen.fields:
        found.append(
            page.locator(
                "input[type=password], input[autocomplete^=cc-], input[autocomplete=one-time-code],"
                " input[name*=card i], input[name*=otp i], input[name*=code i], input[inputmode=numeric]"
            )
        )
    if card_numbers(seen.text):
        found.append(page.get_by_text(CARD))
    others = [e for e in EMAIL.findall(seen.text) if e.casefold() != own_email.casefold()]
    if others:
        emails = page.get_by_text(EMAIL)
        found.append(emails.filter(has_not_text=own_email) if own_email else emails)
    return found


def unmasked_cards(page: Page, seen: PageScan) -> list[str]:
    """Card numbers the masks would not cover: typed into ordinary fields, or split across elements."""
    found = [c for v in seen.values for c in card_numbers(v)]
    shown = card_numbers(seen.text)
    if shown:
        covered = {c for c in card_numbers(" ".join(page.get_by_text(CARD).all_inner_texts()))}
        found += [c for c in shown if c not in covered]
    return found
