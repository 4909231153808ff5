"""Secrets out of every file of a run, the Playwright trace included: passwords, codes, card numbers."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from runners.gate import ScriptedConfirmer
from sandboxes.server import Portal
from tests.helpers import manifest_of

ACCOUNT = Portal.SIGNIN_ACCOUNT
CARD_DIGITS = "4111111111111111"  # the sandboxes' "Visa 4111 1111 1111 1111"


def planted(password: str, code: str, card: str) -> dict[str, re.Pattern[bytes]]:
    """What must appear nowhere, in every way a page, a form body or JSON writes it."""
    from urllib.parse import quote, quote_plus

    groups = [card[i : i + 4] for i in range(0, len(card), 4)]
    forms = {password, quote_plus(password), quote(password, safe="")}
    return {
        "password": re.compile(b"|".join(re.escape(f.encode()) for f in forms)),
        # the code alone is six digits: only where it stands as a value of its own (not inside a hash or a time)
        "code": re.compile(rb"(?<![\w.])" + re.escape(code.encode()) + rb"(?![\w.])"),
        "card": re.compile(b"|".join(re.escape(sep.join(groups).encode()) for sep in ("", " ", "-", "\u00a0"))),
    }


def leaks(folder: Path, patterns: dict[str, re.Pattern[bytes]]) -> list[str]:
    """Every (file or zip member, secret) where a planted secret is found."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        blobs = [(path.relative_to(folder).as_posix(), path.read_bytes())]
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                blobs += [(f"{blobs[0][0]}!{n}", zf.read(n)) for n in zf.namelist()]
        found += [f"{where}: {what}" for where, data in blobs for what, rx in patterns.items() if rx.search(data)]
    return found


def test_no_file_of_an_assisted_run_with_sign_in_code_and_card_holds_a_secret(sandbox, run_on, memory_keyring):
    """Sign-in with the stored password, a typed code, a card on screen: no file, no trace member holds them."""
    memory_keyring.set_password("cancelproof:office365", ACCOUNT, Portal.SIGNIN_PASSWORD)
    server = sandbox("office365", "mosa,signed_out=1,mfa=1")
    human = ScriptedConfirmer(True, codes=(Portal.SIGNIN_CODE,))
    result = run_on(server, "--assisted", "--account", ACCOUNT, confirmer=human)
    assert result.code == 0, result.err
    assert human.code_prompts and [r["action"] for r in server.portal.record] == ["cancel"]
    folder = result.folder
    manifest = manifest_of(folder)
    assert "internal/trace.zip" in {f["path"] for f in manifest["files"]}, "the trace is kept, cleaned"
    # the run did show the card: the details page's text keeps its last 4
    assert any("•••• 1111" in p.read_text() for p in (folder / "pages").glob("*.txt"))

    secrets = planted(Portal.SIGNIN_PASSWORD, Portal.SIGNIN_CODE, CARD_DIGITS)
    assert leaks(folder, secrets) == []
    assert not any(rx.search((result.out + result.err).encode()) for rx in secrets.values())

    with zipfile.ZipFile(folder / "internal" / "trace.zip") as zf:
        events = [json.loads(line) for line in zf.read("trace.trace").decode().splitlines() if line.strip()]
        network = [json.loads(line) for line in zf.read("trace.network").decode().splitlines() if line.strip()]
    # still a trace a developer can read: every step's DOM, the sign-in form among them, the calls made
    snapshots = [e for e in events if e.get("type") == "frame-snapshot"]
    assert len(snapshots) > 20
    assert any('"type":"password"' in json.dumps(s, separators=(",", ":")) for s in snapshots)
    assert any(e.get("method") == "fill" for e in events)
    posts = [n["snapshot"]["request"] for n in network if n["snapshot"]["request"]["method"] == "POST"]
    assert posts and all(not p["postData"]["text"] and not p["postData"]["params"] for p in posts)
    headers = [h for n in network for part in ("request", "response") for h in n["snapshot"][part]["headers"]]
    assert all(h["value"] == "[REDACTED]" for h in headers if h["name"].lower() in ("cookie", "set-cookie"))


def test_a_password_code_and_card_typed_by_a_human_are_not_kept_in_the_trace(browser, tmp_path):
    """Values no credential store knows (typed in the window): masked fields and form bodies leave the trace."""
    from evidence.redact import SECRETS, scrub_trace

    password, code, card = "Typed-By-Hand-42!", "908172", "5555555555554444"
    assert password not in SECRETS and code not in SECRETS
    form = (
        "<form method=post action=/login><label>Password <input type=password name=pw></label>"
        "<label>Code <input name=otp autocomplete=one-time-code></label>"
        "<label>Card <input name=cardnumber autocomplete=cc-number></label><button>Go</button></form>"
    )
    shown = "<h1>Billing</h1><p>Payment method: Mastercard 5555 5555 5555 4444</p>"
    context = browser.new_context()
    context.tracing.start(snapshots=True, screenshots=False)
    page = context.new_page()
    page.route(
        "http://portal.test/**",
        lambda route: route.fulfill(content_type="text/html", body=shown if route.request.method == "POST" else form),
    )
    page.goto("http://portal.test/")
    page.get_by_label("Password").press_sequentially(password)
    page.get_by_label("Code").fill(code)
    page.get_by_label("Card").fill(card)
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Billing").wait_for()
    trace = tmp_path / "trace.zip"
    context.tracing.stop(path=str(trace))
    context.close()
    secrets = planted(password, code, card)
    assert leaks(tmp_path, secrets), "the raw trace holds them: the test would see a leak"
    counts = scrub_trace(trace)
    assert leaks(tmp_path, secrets) == []
    assert counts["request_bodies"] == 1 and counts["field_values"] >= 3
    with zipfile.ZipFile(trace) as zf:
        text = zf.read("trace.trace").decode()
    assert "Payment method: Mastercard •••• 4444" in text, "the page's text stays, the card to its last 4"


def test_an_unreadable_trace_is_not_kept_and_the_folder_still_verifies(sandbox, run_on, cli, monkeypatch):
    """A trace that cannot be cleaned is removed (never kept raw); the log says so and the folder verifies."""

    def broken(path: Path) -> dict[str, int]:
        raise zipfile.BadZipFile("File is not a zip file")

    monkeypatch.setattr("runners.finalize.scrub", broken)
    result = run_on(sandbox("office365"), "--dry-run")
    assert result.code == 0
    assert not (result.folder / "internal" / "trace.zip").exists()
    log = (result.folder / "log.jsonl").read_text()
    assert '"event":"trace_not_kept"' in log and "not a zip file" in log
    assert cli("evidence", "verify", str(result.folder)).code == 0


def test_the_scrubber_keeps_ordinary_events_and_drops_bodies_cookies_and_session_headers(tmp_path):
    """Ordinary events pass through unchanged; a request's body, its cookies and session headers do not."""
    from evidence.redact import scrub_trace

    events = [
        {"type": "before", "callId": "c1", "method": "click", "params": {"selector": "text=Billing"}},
        {"type": "frame-snapshot", "snapshot": {"html": ["BODY", {}, ["P", {}, "Order 12345, total 99"]]}},
    ]
    exchange = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "method": "POST",
                "url": "https://portal.test/login",
                "cookies": [{"name": "sid", "value": "s3ss10n"}],
                "headers": [{"name": "Cookie", "value": "sid=s3ss10n"}, {"name": "Accept", "value": "*/*"}],
                "postData": {"mimeType": "application/json", "text": '{"pw":"x"}', "_file": "resources/body.dat"},
            },
            "response": {"status": 303, "cookies": [], "headers": [{"name": "Set-Cookie", "value": "sid=n3w"}]},
        },
    }
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as zf:
        zf.writestr("trace.trace", "\n".join(json.dumps(e) for e in events) + "\n")
        zf.writestr("trace.network", json.dumps(exchange) + "\n")
        zf.writestr("resources/page.html", "<p>nothing secret</p>")
        zf.writestr("resources/body.dat", '{"pw":"x"}')
    counts = scrub_trace(trace)
    assert counts["request_bodies"] == 1 and counts["session_headers"] == 3 and counts["resources_left_out"] == 1
    with zipfile.ZipFile(trace) as zf:
        assert [json.loads(x) for x in zf.read("trace.trace").decode().splitlines()] == events
        assert zf.read("resources/page.html") == b"<p>nothing secret</p>"
        assert "resources/body.dat" not in zf.namelist()
        request = json.loads(zf.read("trace.network"))["snapshot"]["request"]
        response = json.loads(zf.read("trace.network"))["snapshot"]["response"]
    assert request["postData"] == {"mimeType": "application/json", "text": "", "params": []}
    assert request["cookies"] == [] and request["headers"][0]["value"] == "[REDACTED]"
    assert request["headers"][1]["value"] == "*/*" and response["headers"][0]["value"] == "[REDACTED]"


def test_the_scrubber_finds_a_secret_or_card_in_any_string_however_short_or_deep(tmp_path):
    """Strings too short for a card and free of 13 digits are passed over unread: a short secret, a card written
    with spaces or hyphens, deep in a snapshot or a call's parameters, is still taken out; other numbers stay."""
    from evidence import redact

    events = [
        {"type": "frame-snapshot", "snapshot": {"html": ["BODY", {}, ["DIV", {}, ["P", {}, "pw hunter2x"]]]}},
        {"type": "frame-snapshot", "snapshot": {"html": ["TD", {"title": "Card 4111-1111-1111-1111 on file"}]}},
        {"type": "after", "callId": "c2", "result": {"value": ["x", ["y", {"z": "4111 1111 1111 1111"}]]}},
        {"type": "log", "callId": "c3", "message": "order 1234567890123 of 123456789012", "wallTime": 1764245000123},
    ]
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as zf:
        zf.writestr("trace.trace", "\n".join(json.dumps(e) for e in events) + "\n")
    redact.SECRETS.add("hunter2x")
    try:
        counts = redact.scrub_trace(trace)
    finally:
        redact.SECRETS.discard("hunter2x")
    with zipfile.ZipFile(trace) as zf:
        text = zf.read("trace.trace").decode()
    cleaned = [json.loads(line) for line in text.splitlines()]
    assert "hunter2x" not in text and "4111" not in text.replace("•••• 1111", "")
    assert cleaned[0]["snapshot"]["html"][2][2][2] == "pw [REDACTED]"
    assert cleaned[1]["snapshot"]["html"][1]["title"] == "Card •••• 1111 on file"
    assert cleaned[2]["result"]["value"][1][1]["z"] == "•••• 1111"
    assert cleaned[3] == events[3]  # not a card (Luhn), too short, and a time: kept as they were
    assert counts["strings"] == 3
