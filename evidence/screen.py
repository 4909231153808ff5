"""One look at the page before a capture, and the screenshot itself.

The look is a single round trip (:data:`SCAN_JS`). It reads what the secret checks need (the visible text,
the values typed in unmasked fields, how many password, card and code fields there are), the DOM to keep,
and a description of everything that decides the pixels: address, viewport, scroll positions, the DOM,
the state of every field (masked fields only as a hash that never leaves memory), focus, hover and text
selection. Two looks with the same description show the same screen, so the recorder does not capture
it twice, unless the page holds something whose pixels can change without the DOM changing (a running
animation, a canvas or video, a frame, a shadow root or custom element, an image still loading, fonts
still loading): such a page is always captured again.

The screenshot: Chromium's own capture, encoded for speed, when nothing needs Playwright's help (no
animation to stop, no text caret to hide, no frame). What must not be seen (secret fields, card numbers,
other users' e-mail addresses) is painted over first, one box per field or per occurrence of the text,
when the page fits the window and every box is found and on top; the boxes are removed right after.
Otherwise Playwright's screenshot, with its own masks. Both capture the same pixels of the full page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidence import redact

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page


@dataclass(frozen=True)
class PageScan:
    """What one round trip reads before a capture."""

    text: str
    values: tuple[str, ...]
    fields: int = 0  # password, card, code fields on the page (masked in screenshots)
    html: str = ""
    state: str = ""  # sha256 of what decides the pixels; "" when the pixels may change by themselves
    fast: bool = False  # nothing for Playwright's screenshot to prepare (animations, caret, frames)
    width: int = 0  # the full page, in CSS pixels
    height: int = 0
    fits: bool = True  # the full page fits in the viewport
    banner: str = ""  # the text of the page's banner (its top header: the signed-in account shows there)


SCAN_JS = """
() => {
  const hash = (s) => {  // cyrb53: a masked field's value is compared, never returned
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  const isMasked = (el) => el.type === 'password' || /^cc-/.test(el.autocomplete || '') || /card/i.test(el.name || '');
  const values = [];
  const fieldState = [];  // every field's state, for the change check (masked ones only as a hash)
  let fields = 0;
  for (const el of document.querySelectorAll('input, textarea, select')) {
    const masked = isMasked(el);
    if (el.tagName === 'SELECT') {
      fieldState.push(masked ? hash(el.value) : el.value, 0, el.selectedIndex);
      continue;
    }
    const secret = el.autocomplete === 'one-time-code' || /otp|code/i.test(el.name || '') || el.inputMode === 'numeric';
    if (masked || secret) fields += 1;
    if (!masked && el.value) values.push(el.value);
    fieldState.push(masked ? hash(el.value) : el.value, el.checked ? 1 : 0, -1);
  }
  const text = document.body ? document.body.innerText : '';
  const path = (el) => {
    const parts = [];
    for (; el && el.nodeType === 1; el = el.parentElement) {
      let i = 0;
      for (let s = el.previousElementSibling; s; s = s.previousElementSibling) i++;
      parts.push(el.tagName + i);
    }
    return parts.join('<');
  };
  const de = document.documentElement;
  const body = document.body || de;
  const fonts = !document.fonts || document.fonts.status === 'loaded';
  const animating = !!document.getAnimations && document.getAnimations().some(a => a.playState === 'running');
  const active = document.activeElement;
  const typing = /^(text|search|url|tel|email|password|number)$/;  // fields that show a text caret
  const editing = !!active && (active.isContentEditable || active.tagName === 'TEXTAREA'
    || (active.tagName === 'INPUT' && typing.test(active.type)));
  const frames = !!document.querySelector('iframe, frame, embed, object');
  let still = fonts && !animating && !frames && !document.querySelector('canvas, video, audio');
  const scrolled = [];
  for (const el of de.querySelectorAll('*')) {
    if (el.scrollTop || el.scrollLeft) scrolled.push(path(el), el.scrollTop, el.scrollLeft);
    if (el.shadowRoot || (el.localName.includes('-') && el.matches(':defined'))) still = false;
  }
  for (const img of document.images) if (!img.complete) still = false;
  const top = [...document.querySelectorAll('[role=banner], header')]
    .find(h => h.getAttribute('role') === 'banner' || !h.closest('article, aside, main, nav, section, [role=dialog]'));
  const banner = top ? top.innerText : '';
  const selection = window.getSelection ? String(window.getSelection()) : '';
  const hovered = document.querySelectorAll(':hover');
  const html = (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '') + de.outerHTML;
  const size = (d) => Math.max(body['scroll' + d], de['scroll' + d], body['offset' + d], de['offset' + d],
                               body['client' + d], de['client' + d]);
  const width = size('Width'), height = size('Height');
  return {
    text, values, fields, html, still, width, height, banner,
    fast: fonts && !animating && !editing && !frames,
    fits: width <= window.innerWidth && height <= window.innerHeight,
    screen: [location.href, window.innerWidth, window.innerHeight, window.devicePixelRatio, window.scrollX,
             window.scrollY, scrolled, fieldState, active ? path(active) : '', editing,
             hovered.length ? path(hovered[hovered.length - 1]) : '', hash(selection), document.visibilityState],
  };
}
"""


def page_scan(data: dict[str, Any], page: Page) -> PageScan:
    html = str(data.get("html", ""))
    state = ""
    if data.get("still"):
        # the page object too: two tabs can show the same DOM, never the same capture
        described = json.dumps([id(page), data.get("screen"), html], separators=(",", ":"))
        state = hashlib.sha256(described.encode()).hexdigest()
    return PageScan(
        text=str(data["text"]),
        values=tuple(str(v) for v in data["values"]),
        fields=int(data.get("fields", 0)),
        html=html,
        state=state,
        fast=bool(data.get("fast")),
        width=int(data.get("width") or 0),
        height=int(data.get("height") or 0),
        fits=bool(data.get("fits", True)),
        banner=str(data.get("banner") or ""),
    )


MASK_COLOR = "#1b1b1b"
MASK_ATTRIBUTE = "data-cancelproof-mask"


class Unmaskable(Exception):
    """The page shows card numbers no mask would cover: it must not be captured."""

    def __init__(self, cards: list[str]) -> None:
        super().__init__(f"{len(cards)} unmasked card number(s)")
        self.cards = cards


PAINT_JS = """
({selector, strings, counts, color, attribute}) => {
  const rects = [];
  if (selector) for (const el of document.querySelectorAll(selector)) rects.push(...el.getClientRects());
  const found = strings.map(() => 0);  // occurrences drawn on screen, per string
  if (strings.length && document.body) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      strings.forEach((s, k) => {
        for (let i = node.data.indexOf(s); i >= 0; i = node.data.indexOf(s, i + s.length)) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + s.length);
          const drawn = range.getClientRects();
          if (drawn.length) found[k] += 1;
          rects.push(...drawn);
        }
      });
    }
  }
  // every occurrence the text shows must be found whole in one text node (else split across elements)
  if (found.some((n, k) => n < counts[k])) return false;
  const layer = document.createElement('div');
  layer.setAttribute(attribute, '');
  layer.style.cssText = 'all:initial';
  for (const r of rects) {
    if (!r.width || !r.height) continue;
    const box = document.createElement('div');
    box.style.cssText = `all:initial;position:fixed;z-index:2147483647;left:${r.left - 1}px;top:${r.top - 1}px;`
      + `width:${r.width + 2}px;height:${r.height + 2}px;background:${color}`;
    layer.appendChild(box);
  }
  document.documentElement.appendChild(layer);
  for (const box of layer.children) {  // each box must be what a person sees at its centre
    const r = box.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && !layer.contains(document.elementFromPoint(x, y))) {
      layer.remove();
      return false;
    }
  }
  return true;
}
"""

UNPAINT_JS = "(attribute) => document.querySelectorAll(`[${attribute}]`).forEach(e => e.remove())"


class Camera:
    """Looks at the page and takes the full-page screenshots of one run.

    Its scripts run through a CDP session of the tab, in a world of their own: the portal's scripts
    cannot tamper with them, and Playwright's trace does not take a DOM snapshot for each (it does for
    every ``page.evaluate``). Where CDP fails, Playwright's ``evaluate`` and screenshot do the same work.
    ``used`` counts the captures by path: ``fast`` (nothing to mask), ``fast-masked``, ``playwright``;
    ``method`` is the path of the last one.
    """

    method = ""

    def __init__(self) -> None:
        self._session: tuple[Page, CDPSession, str] | None = None  # the tab, its session, its main frame
        self._world = 0  # the execution context of the last scan (a new one per document)
        self._cdp_ok = True  # cleared for good when Chromium refuses
        self.used: dict[str, int] = {}

    def scan(self, page: Page) -> PageScan:
        """One round trip: what the secret checks, the record and the change check need (see SCAN_JS)."""
        if self._cdp_ok:
            if self._world:
                try:  # the same document still: its world is still there
                    return page_scan(self._evaluate(page, SCAN_JS, None), page)
                except Exception:  # a new document (the old world went with the old one), or another tab
                    self._world = 0
            try:
                session, frame = self._cdp(page)
                world = session.send("Page.createIsolatedWorld", {"frameId": frame, "worldName": "cancelproof"})
                self._world = int(world["executionContextId"])
                return page_scan(self._evaluate(page, SCAN_JS, None), page)
            except Exception:  # not Chromium, a protocol change, a document going away: Playwright's way
                self._cdp_ok = False
        return page_scan(page.evaluate(SCAN_JS), page)

    def shoot(self, page: Page, seen: PageScan, own: tuple[str, ...] = ()) -> bytes:
        """The full-page PNG with secrets painted over (``own``: the operator's addresses, left visible).

        Raises:
            Unmaskable: a card number is shown that no mask would cover (nothing was captured).
        """
        selector, shown = redact.mask_targets(seen, own)
        masking = bool(selector or shown)
        if self._cdp_ok and seen.fast and seen.width > 0 and seen.height > 0 and (seen.fits or not masking):
            try:
                if not masking:
                    return self._count("fast", self._capture(page, seen))
                args = {
                    "selector": selector,
                    "strings": shown,
                    "counts": [seen.text.count(s) for s in shown],
                    "color": MASK_COLOR,
                    "attribute": MASK_ATTRIBUTE,
                }
                if self._evaluate(page, PAINT_JS, args):
                    try:
                        return self._count("fast-masked", self._capture(page, seen))
                    finally:
                        self._unpaint(page)
            except Exception:  # not Chromium, or a protocol change: Playwright's screenshot never fails us
                self._cdp_ok = False
        cards = redact.uncovered_cards(page, seen)
        if cards:
            raise Unmaskable(cards)
        png = page.screenshot(
            full_page=True,
            mask=redact.masks(page, seen, own),
            mask_color=MASK_COLOR,
            animations="disabled",
            caret="hide",
        )
        return self._count("playwright", png)

    def _count(self, path: str, png: bytes) -> bytes:
        self.used[path] = self.used.get(path, 0) + 1
        self.method = path
        return png

    def _cdp(self, page: Page) -> tuple[CDPSession, str]:
        if self._session is None or self._session[0] is not page:
            self._world = 0
            session = page.context.new_cdp_session(page)
            frame = str(session.send("Page.getFrameTree")["frameTree"]["frame"]["id"])
            self._session = (page, session, frame)
        return self._session[1], self._session[2]

    def _evaluate(self, page: Page, function: str, arg: Any) -> Any:
        """``function(arg)`` in the scan's own world of ``page``, by value."""
        session, _ = self._cdp(page)
        if not self._world:
            raise RuntimeError("no world of our own in this document yet")
        answer = session.send(
            "Runtime.evaluate",
            {
                "expression": f"({function})({json.dumps(arg)})",
                "contextId": self._world,
                "returnByValue": True,
            },
        )
        if "exceptionDetails" in answer:
            raise RuntimeError(str(answer["exceptionDetails"].get("text", "script failed")))
        return answer["result"].get("value")

    def _unpaint(self, page: Page) -> None:
        """Remove the mask boxes, by CDP or else by Playwright: none may stay in the portal's page."""
        try:
            self._evaluate(page, UNPAINT_JS, MASK_ATTRIBUTE)
        except Exception:
            page.evaluate(UNPAINT_JS, MASK_ATTRIBUTE)

    def _capture(self, page: Page, seen: PageScan) -> bytes:
        session, _ = self._cdp(page)
        params: dict[str, Any] = {
            "format": "png",
            "clip": {"x": 0, "y": 0, "width": seen.width, "height": seen.height, "scale": 1},
            "captureBeyondViewport": not seen.fits,
            "optimizeForSpeed": True,  # PNG encoded with fast zlib settings: the same pixels, a bigger file
        }
        return base64.b64decode(session.send("Page.captureScreenshot", params)["data"])
