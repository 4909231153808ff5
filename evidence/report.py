"""The report: one page a card issuer can read, then the timeline; HTML (self-contained) and PDF.

Built only from manifest.json and the files it lists, so ``evidence report RUN_DIR`` rebuilds it at any
time. The report is derived, not evidence: its files are listed with the manifest hash they were built
from in ``report.sha256`` (the manifest cannot list a report that quotes the manifest's own hash).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from evidence import pageone
from evidence.annotate import annotated_copy, forget, thumbnail
from evidence.atomic import replace_file
from evidence.errors import UsageError
from evidence.pageone import OUTCOME_WORDS, local_time, utc_time
from evidence.recorder import MANIFEST, REPORT_SUMS, labels

if TYPE_CHECKING:
    from playwright.sync_api import Page, PdfMargins

esc = html.escape


class Printer(Protocol):
    """What gives the tab the PDF is printed in: a browser, or a run's ``ReportTab`` (its own tab, emptied)."""

    def new_page(self) -> Page: ...


class Launcher(Protocol):
    """Starts a browser of its own, calls ``render`` with it, and closes it (``runners.finalize.in_own_browser``).

    evidence/ starts no browser itself: whoever asks for a PDF outside a run hands in how to get one.
    """

    def __call__(self, render: Callable[[Printer], Path]) -> Path: ...


__all__ = [
    "OUTCOME_WORDS",
    "Launcher",
    "Printer",
    "build_html",
    "local_time",
    "rebuild",
    "utc_time",
    "write_report",
]


def _image(folder: Path, rel: str) -> str:
    path = folder / rel
    if not rel or not path.exists():
        return ""
    data = base64.b64encode(path.read_bytes()).decode()
    kind = "jpeg" if rel.endswith(".jpg") else "png"
    return f"data:image/{kind};base64,{data}"


def _shot_for_summary(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The screenshot that proves the outcome: after the confirmation, else the confirm screen, else last."""
    shots: list[dict[str, Any]] = [
        f
        for f in manifest.get("files", [])
        if f.get("media_type") == "image/png" and f["path"].startswith("screenshots/")
    ]
    if not shots:
        return None
    seen = (manifest.get("cancellation") or {}).get("confirmed_at") or ""
    if seen:  # the first screen captured once the vendor's confirmation was seen
        for f in shots:
            if str(f.get("captured_at", "")) >= seen:
                return f
    proof = {"confirm", "status", "blocked", "failure", "sign-in-failed"}
    labelled = [f for f in shots if labels(f) & proof]
    return (labelled or shots)[-1]


def _annotated(folder: Path, shot: dict[str, Any]) -> str:
    """The annotated copy's path when there is one, else the raw screenshot's."""
    return annotated_copy(folder, shot)


def build_html(
    folder: Path, manifest: dict[str, Any], manifest_sha: str, rechecks: list[dict[str, Any]] | None = None
) -> str:
    m = manifest
    zone = m.get("timezone") or "UTC"
    shot = _shot_for_summary(m)
    shot_src = _image(folder, _annotated(folder, shot)) if shot else ""
    shown = pageone.rows(folder, m)
    link = m.get("recheck_of")
    if isinstance(link, dict) and link:
        at = next(i for i, (k, _) in enumerate(shown) if k == "Outcome")
        shown[at:at] = [
            (
                "Re-check of",
                f"run {link.get('run_id')} (cancelled {utc_time(str(link.get('cancelled_at', '')))},"
                f" manifest sha256 {str(link.get('manifest_sha256', ''))[:16]}…)",
            ),
            ("Did the cancellation hold?", "yes" if m.get("held") else "NO"),
        ]
    for r in rechecks or []:
        shown.append(("Re-checked", f"{utc_time(r['at'])}: {r['outcome']} — {r['reason']} ({r['folder']})"))
    table = "".join(
        f"<tr class='section'><th colspan='2'>{esc(k[1:])}</th></tr>"
        if k.startswith(pageone.SECTION)
        else f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>"
        for k, v in shown
    )
    # page one holds the facts, the proof screenshot and the footer: the more facts, the smaller the picture
    long_values = sum(len(str(v)) > 80 for _, v in shown)
    picture_mm = max(45, 220 - 5 * (len(shown) + long_values))
    figure = (
        (
            f'<figure class="proof"><img src="{shot_src}" alt="confirmation screenshot"'
            f' style="max-height:{picture_mm}mm">'
            f"<figcaption>{esc(shot['path'])} · sha256 {shot['sha256'][:12]}… · {esc(shot.get('url', ''))}"
            "</figcaption></figure>"
        )
        if shot and shot_src
        else ""
    )
    log_head = str((m.get("log") or {}).get("head", ""))
    footer = (
        "<footer><b>Integrity.</b> Every file was hashed (SHA-256) when it was captured; manifest.json lists"
        f" {len(m.get('files', []))} of them. Check: <code>cancelproof evidence verify &lt;folder&gt;</code>, or"
        " by hand <code>sha256sum manifest.json</code>, then each file's sha256 against manifest.json."
        f"<div class='hash'>manifest.json sha256 <code>{esc(manifest_sha)}</code></div>"
        f"<div class='hash'>log.jsonl head <code>{esc(log_head)}</code></div></footer>"
    )
    note = pageone.sandbox_note(m)
    banner = f"<p class='sandbox'>{esc(note)}</p>" if note else ""
    heading = pageone.title(m)

    timeline = []
    numbers = {s["name"]: s["index"] for s in m.get("steps", [])}
    shots_by_step: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for f in m.get("files", []):
        if f.get("media_type") == "image/png" and f["path"].startswith("screenshots/"):
            shots_by_step.setdefault(f.get("step", ""), []).append((f, ""))
            for again in f.get("shown_again", []):  # a screen that did not change is captured once
                listed = shots_by_step.setdefault(again.get("step", ""), [])
                if all(g is not f for g, _ in listed):
                    listed.append((f, f"same screen as step {numbers.get(f['step'], f['step'])}"))
    for s in m.get("steps", []):
        thumbs = "".join(
            f'<img class="thumb" src="{thumbnail(folder, _annotated(folder, f))}" alt="{esc(f["path"])}">'
            + (f"<div class='muted'>{esc(note)}</div>" if note else "")
            for f, note in shots_by_step.get(s["name"], [])
        )
        err = f"<div class='err'>{esc(s['error'])}</div>" if s.get("error") else ""
        timeline.append(
            f"<tr><td>{s['index']}</td><td><b>{esc(s['description'])}</b>{err}<div class='muted'>"
            f"{esc(utc_time(s['started_at']))} · {s['seconds']}s · {esc(s.get('url', ''))}</div></td>"
            f"<td class='st {esc(s['status'])}'>{esc(s['status'])}</td><td>{thumbs}</td></tr>"
        )
    rules = "".join(
        f"<li><b>{esc(r['verdict'])}</b> {esc(r['name'])}: {esc(r['message'])}</li>" for r in m.get("rules", [])
    )
    checklist = "".join(f"<li>{esc(c)}</li>" for c in m.get("checklist", []))
    after = "".join(f"<li>{esc(c)}</li>" for c in m.get("after", []))
    title = f"{m.get('merchant', '')} — {pageone.subscription_line(m)}"
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{esc(heading)}: {esc(title)}</title>
<style>{REPORT_CSS}</style>{margin_boxes(m)}</head><body>
<section class="summary">{banner}<h1>{esc(heading)}</h1>
<p class="lead">{esc(title)} · run {esc(m.get("run_id", ""))} · {esc(m.get("mode", ""))}</p>
<table class="facts">{table}</table>{figure}{footer}</section>
<section class="rest">{banner}<h2>Timeline</h2><table class="timeline">{"".join(timeline)}</table>
<h2>Rules applied</h2><ul>{rules or "<li>none evaluated</li>"}</ul>
<h2>Checklist before cancelling</h2><ul>{checklist}</ul>
<h2>After cancelling</h2><ul>{after}</ul>
<h2>Record</h2><p>Tool {esc(str((m.get("tool") or {}).get("version", "")))}, Playwright {esc(m.get("playwright", ""))},
{esc(m.get("browser", ""))}, {esc(m.get("os", ""))}; operator {esc(m.get("operator", ""))}; locale
{esc(m.get("locale", ""))}; time zone {esc(zone)}; started {esc(utc_time(m.get("started_at", "")))}, ended
{esc(utc_time(m.get("ended_at", "")))}.</p></section></body></html>"""


REPORT_CSS = """
@page{size:A4;margin:14mm 12mm}body{font:10.5px/1.35 "DejaVu Sans",Arial,sans-serif;color:#111;margin:0}
h1{font-size:19px;margin:0 0 2px}h2{font-size:14px;margin:14px 0 6px}.lead{color:#444;margin:0 0 6px}
.summary{page-break-after:always}table.facts{border-collapse:collapse;width:100%}
table.facts th{text-align:left;width:36%;color:#333;padding:1px 6px;border-bottom:1px solid #ddd;vertical-align:top}
table.facts td{padding:1px 6px;border-bottom:1px solid #ddd}figure.proof{margin:6px 0;text-align:center}
table.facts tr.section th{color:#000;background:#eee;padding:3px 6px;font-size:11px}
figure.proof img{max-width:100%;border:1px solid #999}figcaption{font-size:9px;color:#555}
footer{font-size:9px;color:#333;border-top:2px solid #333;padding-top:4px}
footer .hash code{white-space:nowrap;font-size:9px}footer .hash{margin-top:2px}
.sandbox{background:#fde7e9;border:2px solid #a00;color:#a00;font-weight:bold;padding:4px 8px;margin:0 0 6px}
table.timeline{border-collapse:collapse;width:100%}table.timeline td{border-bottom:1px solid #ddd;padding:4px;
vertical-align:top}.thumb{width:170px;border:1px solid #aaa;margin:2px}.muted{color:#666;font-size:9px}
.err{color:#a00}.st{font-weight:bold}.st.ok,.st.confirmed{color:#070}.st.failed,.st.declined{color:#a00}
code{font-size:9px}
@media print{.summary{height:266mm;display:flex;flex-direction:column}.summary>*{flex:none}
figure.proof{flex:1 1 0;min-height:0;display:flex;flex-direction:column;align-items:center}
figure.proof img{flex:1 1 0;min-height:0;max-height:none!important;max-width:100%;object-fit:contain}}
"""


def rechecks_of(folder: Path, manifest_sha: str) -> list[dict[str, Any]]:
    """Later re-checks of this run: sibling run folders whose manifest names this manifest's hash.

    A run never depends on its neighbours: a sibling that is not a run folder, or whose manifest is
    unreadable, of another shape or damaged, is passed over.
    """
    found = []
    for other in sorted(folder.parent.glob("*/manifest.json")):
        if other.parent == folder:
            continue
        try:
            m = json.loads(other.read_text(encoding="utf-8"))
            link = m.get("recheck_of") if isinstance(m, dict) else None
            if not isinstance(link, dict) or link.get("manifest_sha256") != manifest_sha:
                continue
            found.append(
                {
                    "folder": other.parent.name,
                    "at": str(m.get("started_at", "")),
                    "outcome": str(m.get("outcome")),
                    "reason": str(m.get("reason", "")),
                }
            )
        except (ValueError, OSError, UnicodeDecodeError, RecursionError):  # unreadable: not this run's concern
            continue
    return found


def write_report(
    folder: Path, browser: Printer | None = None, keep_pdf: bool = False, timings: dict[str, float] | None = None
) -> Path:
    """Write report.html (and report.pdf with ``browser``) from the manifest, and report.sha256.

    ``keep_pdf`` keeps an existing report.pdf listed when no browser is at hand (an HTML-only refresh).
    ``timings`` receives the seconds spent on the HTML (with the annotated copies) and on the PDF.
    """
    started = time.perf_counter()
    raw = (folder / MANIFEST).read_bytes()
    manifest = json.loads(raw)
    manifest_sha = hashlib.sha256(raw).hexdigest()
    try:
        page_html = build_html(folder, manifest, manifest_sha, rechecks_of(folder, manifest_sha))
    finally:
        forget(folder)
    out = folder / "report.html"
    replace_file(out, page_html.encode())
    written = [out]
    if browser is None and keep_pdf and (folder / "report.pdf").exists():
        written.append(folder / "report.pdf")
    html_done = time.perf_counter()
    pdf_error: Exception | None = None
    if browser is not None:
        try:
            page = browser.new_page()
            try:
                pdf = _print(page, page_html, manifest)
            finally:
                page.close()
            replace_file(folder / "report.pdf", pdf)
            written.append(folder / "report.pdf")
        except Exception as exc:  # the browser may be gone: the HTML report and its hashes still stand
            pdf_error = exc
    if timings is not None:
        timings["report_html"] = html_done - started
        timings["report_pdf"] = time.perf_counter() - html_done
    written += sorted((folder / "annotated").glob("*.jpg"))
    sums = [f"# built from manifest.json sha256 {manifest_sha}"]
    sums += [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder)}" for p in written]
    replace_file(folder / REPORT_SUMS, ("\n".join(sums) + "\n").encode())
    if pdf_error is not None:
        msg = f"report.pdf not written ({str(pdf_error).strip().splitlines()[0][:120]}); report.html is"
        raise RuntimeError(msg) from None
    return out


def margin_boxes(m: dict[str, Any]) -> str:
    """The line at the top of every printed page (the sandbox note) and the one at the bottom (the run, "page N of
    M"), as CSS page-margin boxes: Chromium lays them out with the report itself, and a browser that prints
    report.html prints them too."""
    top, bottom = _margin_lines(m)
    boxes = f"@top-center{{content:{_css_string(top)};{MARGIN_FONT};color:#a00;font-weight:bold}}" if top else ""
    numbered = f'{_css_string(bottom + " ")} counter(page) " of " counter(pages)'
    boxes += f"@bottom-center{{content:{numbered};{MARGIN_FONT};color:#555}}"
    return f"<style>@page{{{boxes}}}</style>"


def _margin_lines(m: dict[str, Any]) -> tuple[str, str]:
    """The top line of every printed page ("" off a sandbox) and the bottom line, up to its page number."""
    return pageone.sandbox_note(m), f"{pageone.title(m)} · run {m.get('run_id', '')} · page"


MARGIN_FONT = 'font-family:"DejaVu Sans",Arial,sans-serif;font-size:8px'
MARGIN_BOXES_FROM = 131  # the first Chromium that draws @page's margin boxes (older ones leave them out)


def _css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes, control characters and ``<`` (no ``</style>``) escaped."""
    return '"' + "".join(f"\\{ord(ch):x} " if ch in '"\\<>' or ord(ch) < 32 else ch for ch in text) + '"'


def _draws_margin_boxes(page: Page) -> bool:
    """Whether the browser behind ``page`` draws CSS page-margin boxes (Chromium from version 131 on)."""
    try:
        return int(str(page.context.browser.version).split(".")[0]) >= MARGIN_BOXES_FROM  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # not a Chromium that says its version: Chromium's own header and footer
        return False


def _print(page: Page, page_html: str, m: dict[str, Any]) -> bytes:
    """report.pdf: A4, with the sandbox note and "page N of M" in every page's margin.

    The margin lines are report.html's own CSS page-margin boxes. A browser too old to draw those prints them with
    Chromium's header and footer templates instead: about 35 ms more for a three-page report, as each page's
    header and footer is a page of its own to lay out (measured on Chromium 156, the median of 8 prints)."""
    margin: PdfMargins = {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}
    if _draws_margin_boxes(page):
        page.set_content(page_html, wait_until="load")
        return page.pdf(format="A4", print_background=True, margin=margin)
    page.set_content(page_html.replace(margin_boxes(m), "", 1), wait_until="load")
    top, bottom = _margin_lines(m)
    numbered = f'{esc(bottom)} <span class="pageNumber"></span> of <span class="totalPages"></span>'
    return page.pdf(
        format="A4",
        print_background=True,
        margin=margin,
        display_header_footer=True,
        header_template=_margin(esc(top), "color:#a00;font-weight:bold"),
        footer_template=_margin(numbered, "color:#555"),
    )


def _margin(body: str, style: str) -> str:
    """A line (HTML) printed in the top or bottom margin of every PDF page (Chromium's header/footer templates)."""
    return f'<div style="font-size:8px;width:100%;text-align:center;margin:0 12mm;{style}">{body}</div>'


def rebuild(folder: Path, launcher: Launcher) -> Path:
    """``evidence report``: rebuild the HTML and PDF from the manifest, the PDF in the browser ``launcher`` starts.

    Raises:
        UsageError: ``folder`` is not a run folder.
    """
    if not (folder / MANIFEST).is_file():
        msg = f"{folder} has no {MANIFEST}: not a cancelproof run folder"
        raise UsageError(msg)
    return launcher(lambda browser: write_report(folder, browser=browser))
