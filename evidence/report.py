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
import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from evidence.annotate import forget, thumbnail
from evidence.recorder import MANIFEST, REPORT_SUMS, labels

if TYPE_CHECKING:
    from playwright.sync_api import Page

esc = html.escape


class Printer(Protocol):
    """What gives the tab the PDF is printed in: a browser, or a run's ``ReportTab`` (its own tab, emptied)."""

    def new_page(self) -> Page: ...


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


def local_time(utc: str, zone: str) -> str:
    """``2026-11-22T10:00:00.000Z`` → "22 Nov 2026, 11:00:00 CET (Europe/Paris)"."""
    if not utc:
        return ""
    try:
        moment = datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone(ZoneInfo(zone or "UTC"))
    except (ValueError, KeyError):
        return utc
    return f"{moment:%d %b %Y, %H:%M:%S} {moment.tzname()} ({zone or 'UTC'})"


def utc_time(utc: str) -> str:
    if not utc:
        return ""
    try:
        moment = datetime.fromisoformat(utc.replace("Z", "+00:00"))
    except ValueError:
        return utc
    return f"{moment:%d %b %Y, %H:%M:%S} UTC"


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
    from evidence.annotate import annotated_copy

    return annotated_copy(folder, shot)


def build_html(
    folder: Path, manifest: dict[str, Any], manifest_sha: str, rechecks: list[dict[str, Any]] | None = None
) -> str:
    m = manifest
    zone = m.get("timezone") or "UTC"
    sub = m.get("subscription") or {}
    cancel = m.get("cancellation") or {}
    outcome = m.get("outcome", "")
    shot = _shot_for_summary(m)
    shot_src = _image(folder, _annotated(folder, shot)) if shot else ""
    rows: list[tuple[str, str]] = [
        ("Merchant", m.get("merchant", "")),
        ("Subscription", sub.get("name", "")),
        ("Account", m.get("account") or "(signed-in admin session)"),
        ("Outcome", OUTCOME_WORDS.get(outcome, outcome)),
    ]
    details = [
        f"{k.replace('_', ' ')}: {v}"
        for k, v in sub.items()
        if k
        in (
            "licenses_assigned",
            "seats",
            "plan",
            "price",
            "next_charge_date",
            "next_billing_date",
            "billing_account_type",
            "purchase_channel",
            "contract_end",
            "edition",
        )
        and v
    ]
    if details:
        rows.append(("Subscription details", "; ".join(details)))
    if cancel:
        rows += [
            ("Cancelled at (UTC)", utc_time(cancel.get("requested_at", ""))),
            ("Cancelled at (local)", local_time(cancel.get("requested_at", ""), zone)),
            ("Method", f"{cancel.get('method', '')} — {cancel.get('url', '')}"),
            ("Vendor's confirmation", cancel.get("confirmation_id") or cancel.get("confirmation_text") or "—"),
            ("Confirmation seen at (UTC)", utc_time(cancel.get("confirmed_at", ""))),
            ("End date stated by vendor", cancel.get("effective_end") or "—"),
            ("Status after", cancel.get("status_after") or "—"),
        ]
    else:
        rows += [
            ("Run at (UTC)", utc_time(m.get("started_at", ""))),
            ("Run at (local)", local_time(m.get("started_at", ""), zone)),
            ("Why no cancellation", m.get("reason", "")),
            ("Portal", m.get("base_url", "")),
        ]
    rows += [(str(label), str(value)) for label, value in m.get("summary_facts", [])]
    link = m.get("recheck_of")
    if link:
        rows.insert(
            4,
            (
                "Re-check of",
                f"run {link.get('run_id')} (cancelled {utc_time(link.get('cancelled_at', ''))},"
                f" manifest sha256 {str(link.get('manifest_sha256', ''))[:16]}…)",
            ),
        )
        rows.insert(5, ("Did the cancellation hold?", "yes" if m.get("held") else "NO"))
    for r in rechecks or []:
        rows.append(("Re-checked", f"{utc_time(r['at'])}: {r['outcome']} — {r['reason']} ({r['folder']})"))
    if m.get("approver"):
        a = m["approver"]
        rows.append(
            (
                "Approved by",
                f"{a.get('approver')} at {utc_time(a.get('answered_at', ''))}"
                f" ({'confirmed' if a.get('confirmed') else 'not confirmed'})",
            )
        )
    shown = [(k, v) for k, v in rows if v]
    table = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in shown)
    # page one holds the facts, the proof screenshot and the footer: the more facts, the smaller the picture
    long_values = sum(len(str(v)) > 70 for _, v in shown)
    picture_mm = max(55, 232 - 6 * (len(shown) + long_values))
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
    footer = (
        f"<footer>Integrity: manifest.json sha256 <code>{manifest_sha}</code>; log head "
        f"<code>{esc((m.get('log') or {}).get('head', ''))}</code>; {len(m.get('files', []))} files hashed"
        " at capture. To verify: <code>cancelproof evidence verify &lt;folder&gt;</code>, or by hand "
        "<code>sha256sum manifest.json</code> and compare each file's sha256 with manifest.json.</footer>"
    )

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
    title = f"{m.get('merchant', '')} — {sub.get('name', '')}"
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Cancellation evidence: {esc(title)}</title>
<style>{REPORT_CSS}</style></head><body>
<section class="summary"><h1>Cancellation evidence</h1>
<p class="lead">{esc(title)} · run {esc(m.get("run_id", ""))} · {esc(m.get("mode", ""))}</p>
<table class="facts">{table}</table>{figure}{footer}</section>
<section class="rest"><h2>Timeline</h2><table class="timeline">{"".join(timeline)}</table>
<h2>Rules applied</h2><ul>{rules or "<li>none evaluated</li>"}</ul>
<h2>Checklist before cancelling</h2><ul>{checklist}</ul>
<h2>After cancelling</h2><ul>{after}</ul>
<h2>Record</h2><p>Tool {esc(str((m.get("tool") or {}).get("version", "")))}, Playwright {esc(m.get("playwright", ""))},
{esc(m.get("browser", ""))}, {esc(m.get("os", ""))}; operator {esc(m.get("operator", ""))}; locale
{esc(m.get("locale", ""))}; time zone {esc(zone)}; started {esc(utc_time(m.get("started_at", "")))}, ended
{esc(utc_time(m.get("ended_at", "")))}.</p></section></body></html>"""


REPORT_CSS = """
@page{size:A4;margin:12mm}body{font:11px/1.4 "DejaVu Sans",Arial,sans-serif;color:#111;margin:0}
h1{font-size:20px;margin:0 0 2px}h2{font-size:14px;margin:14px 0 6px}.lead{color:#444;margin:0 0 8px}
.summary{page-break-after:always}table.facts{border-collapse:collapse;width:100%}
table.facts th{text-align:left;width:32%;color:#333;padding:2px 6px;border-bottom:1px solid #ddd;vertical-align:top}
table.facts td{padding:2px 6px;border-bottom:1px solid #ddd}figure.proof{margin:8px 0;text-align:center}
figure.proof img{max-width:100%;border:1px solid #999}figcaption{font-size:9px;color:#555}
footer{font-size:9px;color:#333;border-top:2px solid #333;padding-top:4px;word-break:break-all}
table.timeline{border-collapse:collapse;width:100%}table.timeline td{border-bottom:1px solid #ddd;padding:4px;
vertical-align:top}.thumb{width:170px;border:1px solid #aaa;margin:2px}.muted{color:#666;font-size:9px}
.err{color:#a00}.st{font-weight:bold}.st.ok,.st.confirmed{color:#070}.st.failed,.st.declined{color:#a00}
code{font-size:9px}
"""


def rechecks_of(folder: Path, manifest_sha: str) -> list[dict[str, Any]]:
    """Later re-checks of this run: sibling run folders whose manifest names this manifest's hash."""
    found = []
    for other in sorted(folder.parent.glob("*/manifest.json")):
        if other.parent == folder:
            continue
        try:
            m = json.loads(other.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        link = m.get("recheck_of") or {}
        if link.get("manifest_sha256") == manifest_sha:
            found.append(
                {
                    "folder": other.parent.name,
                    "at": m.get("started_at", ""),
                    "outcome": m.get("outcome"),
                    "reason": m.get("reason", ""),
                }
            )
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
    _write(out, page_html.encode())
    written = [out]
    if browser is None and keep_pdf and (folder / "report.pdf").exists():
        written.append(folder / "report.pdf")
    html_done = time.perf_counter()
    pdf_error: Exception | None = None
    if browser is not None:
        try:
            page = browser.new_page()
            try:
                page.set_content(page_html, wait_until="load")
                pdf = page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                page.close()
            _write(folder / "report.pdf", pdf)
            written.append(folder / "report.pdf")
        except Exception as exc:  # the browser may be gone: the HTML report and its hashes still stand
            pdf_error = exc
    if timings is not None:
        timings["report_html"] = html_done - started
        timings["report_pdf"] = time.perf_counter() - html_done
    written += sorted((folder / "annotated").glob("*.jpg"))
    sums = [f"# built from manifest.json sha256 {manifest_sha}"]
    sums += [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder)}" for p in written]
    _write(folder / REPORT_SUMS, ("\n".join(sums) + "\n").encode())
    if pdf_error is not None:
        msg = f"report.pdf not written ({str(pdf_error).strip().splitlines()[0][:120]}); report.html is"
        raise RuntimeError(msg) from None
    return out


def _write(path: Path, data: bytes) -> None:
    """Reports are derived: rebuilding replaces them (atomically, 0600)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def rebuild(folder: Path) -> Path:
    """``evidence report``: rebuild the HTML and PDF from the manifest (a browser renders the PDF).

    Raises:
        UsageError: ``folder`` is not a run folder.
    """
    from runners.errors import UsageError

    if not (folder / MANIFEST).is_file():
        msg = f"{folder} has no {MANIFEST}: not a cancelproof run folder"
        raise UsageError(msg)
    from playwright.sync_api import sync_playwright

    from runners import browser as browsers

    def render() -> Path:
        with sync_playwright() as pw:
            executable = browsers.find_browser(pw)
            browser = pw.chromium.launch(**browsers.launch_args(executable, headed=False))
            try:
                return write_report(folder, browser=browser)
            finally:
                browser.close()

    return browsers.outside_event_loop(render)
