"""Secrets never reach a file: log redaction, text redaction, screenshot masks, the card-number check.

The credentials module tells :data:`SECRETS` every secret it hands out; the structlog processor and the
text captures replace those wherever they appear. Card numbers that pass the Luhn check keep their last
four digits only.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from evidence.atomic import replacing

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
DIGITS = re.compile(r"\d(?:[ -]?\d){12}")  # 13 digits as CARD finds them: no match, no card (found 2.5x faster)
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


def other_emails(text: str, own: tuple[str, ...] = ()) -> list[str]:
    """E-mail addresses in ``text`` other than the operator's own."""
    mine = {e.casefold() for e in own if e}
    return [e for e in EMAIL.findall(text) if e.casefold() not in mine]


def card_head(shown: str) -> str:
    """What hides a card number as a page shows it, leaving its last 4 digits (an issuer matches on them)."""
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    return shown[: digits[-4]] if len(digits) > 4 else shown


SECRET_FIELDS = (
    "input[type=password], input[autocomplete^=cc-], input[autocomplete=one-time-code],"
    " input[name*=card i], input[name*=otp i], input[name*=code i], input[inputmode=numeric]"
)


def mask_targets(seen: PageScan, own: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """What a screenshot must not show: the secret fields (a selector, "" when the page has none), each
    card number but its last 4 digits, and each other user's e-mail address, as the page's text shows it."""
    selector = SECRET_FIELDS if seen.fields else ""
    shown = [card_head(m.group(0)) for m in CARD.finditer(seen.text) if card_numbers(m.group(0))]
    return selector, list(dict.fromkeys(shown + other_emails(seen.text, own)))


def masks(page: Page, seen: PageScan, own: tuple[str, ...] = ()) -> list[Locator]:
    """What Playwright paints over in a screenshot: passwords, card fields and numbers, codes, e-mails.

    Each mask is only built when the scan found something for it (a mask costs a walk of the DOM).
    """
    found: list[Locator] = []
    if seen.fields:
        found.append(page.locator(SECRET_FIELDS))
    if card_numbers(seen.text):
        found.append(page.get_by_text(CARD))
    if other_emails(seen.text, own):
        emails = page.get_by_text(EMAIL)
        for mine in own:
            emails = emails.filter(has_not_text=mine) if mine else emails
        found.append(emails)
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


# --- the Playwright trace (internal/trace.zip) ---------------------------------------------------------
# Playwright records every DOM snapshot (with each field's value), every request (with its body and
# headers) and the parameters of every call (the text a fill typed). None of that may keep a secret: the
# trace is cleaned once it is stopped and before it is hashed. What it keeps afterwards is the README's
# list: the pages' DOM and text (card numbers to their last 4), the calls, the requests' URLs and headers.
TYPED = frozenset({"fill", "type", "pressSequentially", "insertText"})  # calls whose parameters are typed text
TYPED_LOG = re.compile(r"\b(fill|type|pressSequentially|insertText)\(.*\)", re.DOTALL)  # "fill("text")"
SESSION_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "proxy-authorization"})
NOT_KEPT = ""  # what a secret field's value, a typed text or a request body becomes


def secret_field(tag: str, attrs: dict[str, Any]) -> bool:
    """Whether a snapshot's INPUT/TEXTAREA is one the screenshots mask (password, card, code)."""
    if tag not in ("INPUT", "TEXTAREA"):
        return False
    kind = str(attrs.get("type", "")).lower()
    auto = str(attrs.get("autocomplete", "")).lower()
    name = str(attrs.get("name", ""))
    return (
        kind == "password"
        or auto.startswith("cc-")
        or auto == "one-time-code"
        or str(attrs.get("inputmode", "")).lower() == "numeric"
        or re.search(r"card|otp|code", name, re.IGNORECASE) is not None
    )


def secret_forms(secret: str) -> list[str]:
    """The ways a secret is written in a trace: as typed, URL-encoded (a form body), HTML-escaped."""
    return list(dict.fromkeys((secret, quote_plus(secret), quote(secret, safe=""), html.escape(secret))))


def scrub_text(text: str) -> str:
    """Known secrets in any of their written forms, and card numbers (to the last 4), out of ``text``."""
    for secret in sorted(SECRETS, key=len, reverse=True):
        for form in secret_forms(secret):
            text = text.replace(form, REDACTED)
    return redact_text(text)


class TraceScrubber:
    """Cleans one trace's JSON events in place and counts what it took out."""

    def __init__(self) -> None:
        self.counts = {"field_values": 0, "typed_values": 0, "request_bodies": 0, "session_headers": 0, "strings": 0}
        self.dropped: set[str] = set()  # resources that held request bodies
        self.typing: set[str] = set()  # the calls that typed text: their log lines quote it
        self.secrets = [form for secret in SECRETS for form in secret_forms(secret)]
        self.shortest = min([13, *map(len, self.secrets)])  # a card number has 13 digits or more

    def line(self, line: str) -> str:
        """One JSON line of events, cleaned; written again only when something was taken out of it."""
        before = sum(self.counts.values()) + len(self.dropped)
        event = self.event(json.loads(line))
        if sum(self.counts.values()) + len(self.dropped) == before:
            return line
        return json.dumps(event, ensure_ascii=False, separators=(",", ":"))

    def event(self, event: Any) -> Any:
        if isinstance(event, dict):
            if event.get("type") == "before" and event.get("method") in TYPED:
                self.typing.add(str(event.get("callId")))
                params = event.get("params")
                if isinstance(params, dict):
                    for key in ("value", "text"):
                        if params.get(key):
                            params[key] = NOT_KEPT
                            self.counts["typed_values"] += 1
            if event.get("type") == "log" and str(event.get("callId")) in self.typing:
                said = str(event.get("message", ""))
                quoted = TYPED_LOG.sub(r"\1(…)", said)
                if quoted != said:
                    event["message"] = quoted
                    self.counts["typed_values"] += 1
            if event.get("type") == "resource-snapshot" and isinstance(event.get("snapshot"), dict):
                self._exchange(event["snapshot"])
        return self._walk(event)

    def _exchange(self, snapshot: dict[str, Any]) -> None:
        """A request and its answer: no body sent, no session header or cookie kept."""
        request, response = snapshot.get("request"), snapshot.get("response")
        for part in (request, response):
            if not isinstance(part, dict):
                continue
            if part.get("cookies"):
                part["cookies"] = []
                self.counts["session_headers"] += 1
            for header in part.get("headers") or []:
                if isinstance(header, dict) and str(header.get("name", "")).lower() in SESSION_HEADERS:
                    header["value"] = REDACTED
                    self.counts["session_headers"] += 1
        body = request.get("postData") if isinstance(request, dict) else None
        if isinstance(request, dict) and isinstance(body, dict):
            for key in ("_file", "_sha1"):
                if body.get(key):
                    name = str(body[key])
                    self.dropped.add(name if "/" in name else f"resources/{name}")
            request["postData"] = {"mimeType": body.get("mimeType", ""), "text": NOT_KEPT, "params": []}
            self.counts["request_bodies"] += 1

    def _walk(self, node: Any) -> Any:
        """``node`` cleaned, in place: a list or dict is the same object, a string a new one only when changed."""
        if isinstance(node, str):
            if len(node) < self.shortest or not (DIGITS.search(node) or any(f in node for f in self.secrets)):
                return node  # too short for a card number or a secret, or holds neither: most of a trace's strings
            clean = scrub_text(node)
            if clean != node:
                self.counts["strings"] += 1
                return clean
            return node
        if isinstance(node, list):
            # a DOM snapshot's element: [TAG, {attributes}, children...]
            if len(node) >= 2 and isinstance(node[0], str) and isinstance(node[1], dict):
                attrs = node[1]
                if secret_field(node[0], attrs):
                    for key in ("__playwright_value_", "value"):
                        if attrs.get(key):
                            attrs[key] = NOT_KEPT
                            self.counts["field_values"] += 1
            for index, item in enumerate(node):
                if isinstance(item, (str, list, dict)) and (clean := self._walk(item)) is not item:
                    node[index] = clean
            return node
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, (str, list, dict)) and (clean := self._walk(value)) is not value:
                    node[key] = clean
        return node


def scrub_trace(path: Path) -> dict[str, int]:
    """Rewrite a Playwright trace without secrets; return what was taken out, by kind.

    Events (``*.trace``, ``*.network``, ``*.stacks``) are JSON: secret fields' values, typed text,
    request bodies, cookies and session headers are emptied, and every string is scrubbed of known
    secrets and card numbers. Resources (response bodies) are scrubbed as text; those that held a
    request body are left out.

    Raises:
        OSError, zipfile.BadZipFile, ValueError: the trace cannot be read (the caller does not keep it).
    """
    scrubber = TraceScrubber()
    members: list[tuple[zipfile.ZipInfo, bytes]] = []
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        events = [i for i in infos if not i.filename.startswith("resources/")]
        for info in events:
            data = zf.read(info)
            if info.filename.endswith((".trace", ".network")):
                lines = [scrubber.line(line) for line in data.decode("utf-8").splitlines() if line.strip()]
                data = ("\n".join(lines) + "\n").encode()
            elif info.filename.endswith(".json") or info.filename.endswith(".stacks"):
                data = json.dumps(scrubber.event(json.loads(data)), ensure_ascii=False).encode()
            else:
                data = _scrub_bytes(data)
            members.append((info, data))
        for info in infos:
            if info in events or info.filename in scrubber.dropped:
                continue
            members.append((info, _scrub_bytes(zf.read(info))))
    with replacing(path) as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info.filename, data)
    return {**scrubber.counts, "resources_left_out": len(scrubber.dropped)}


def _scrub_bytes(data: bytes) -> bytes:
    """A resource: scrubbed as text when it is text; otherwise known secrets only, byte for byte."""
    try:
        return scrub_text(data.decode("utf-8")).encode()
    except UnicodeDecodeError:
        for secret in SECRETS:
            for form in secret_forms(secret):
                data = data.replace(form.encode(), REDACTED.encode())
        return data
