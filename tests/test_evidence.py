"""Evidence that wins a dispute: the chained log, the manifest, redaction, the report, export, signing."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import Page

from evidence.chain import genesis
from evidence.recorder import Recorder, new_run_dir
from runners.gate import ScriptedConfirmer
from tests.helpers import manifest_of

CARD = "4111 1111 1111 1111"


@pytest.fixture(scope="module")
def cancelled(tmp_path_factory):
    """One assisted cancellation on the sandbox (approved), its folder."""
    import io

    from cli import main
    from sandboxes.office365.portal import Office365Portal
    from sandboxes.server import SandboxServer

    evidence = tmp_path_factory.mktemp("ev")
    with SandboxServer(Office365Portal()) as server:
        out = io.StringIO()
        code = main(
            ["run", "office365", "--assisted", "--base-url", server.url, "--evidence-dir", str(evidence), "--json"],
            confirmer=ScriptedConfirmer(True),
            stdout=out,
            stderr=io.StringIO(),
        )
        assert code == 0
        assert len(server.portal.record) == 1
    from pathlib import Path

    return Path(json.loads(out.getvalue())["evidence_dir"])


@pytest.fixture
def folder(cancelled, tmp_path):
    copy = tmp_path / cancelled.name
    shutil.copytree(cancelled, copy)
    return copy


def test_log_is_a_chain_from_the_run_id_to_the_manifest_head(cancelled):
    """Every log line has seq, UTC time, event, step, URL, prev and hash; the chain starts at the run's genesis."""
    manifest = manifest_of(cancelled)
    lines = [json.loads(ln) for ln in (cancelled / "log.jsonl").read_text().splitlines()]
    assert lines[0]["prev"] == genesis(manifest["run_id"]) == manifest["log"]["genesis"]
    assert lines[-1]["hash"] == manifest["log"]["head"]
    for number, line in enumerate(lines, 1):
        assert line["seq"] == number
        assert line["ts"].endswith("Z")
        assert {"event", "step", "url", "prev", "hash"} <= line.keys()
    assert any(ln["event"] == "irreversible_clicked" and ln["step"] == "confirm_cancel" for ln in lines)


def test_manifest_records_the_cancellation_and_who_approved(cancelled):
    """The manifest has versions, operator, approver, the cancellation block and every file's hash."""
    m = manifest_of(cancelled)
    for key in ("tool", "playwright", "browser", "os", "locale", "timezone", "operator", "vendor", "mode", "outcome"):
        assert m[key], key
    assert m["subscription"]["name"] == "Microsoft 365 Business Standard"
    assert m["subscription"]["licenses_assigned"] == 12
    c = m["cancellation"]
    assert c["requested_at"] <= c["confirmed_at"]
    assert c["status_after"] == "Disabled" and c["effective_end"] and c["confirmation_text"]
    assert m["approver"]["confirmed"] and m["approver"]["answered_at"] and m["approver"]["screenshot"]
    for f in m["files"]:
        assert {"path", "sha256", "bytes", "media_type", "step", "url", "captured_at", "masked"} <= f.keys()


@pytest.mark.parametrize("tamper", ["byte", "remove", "add", "edit-log-line", "remove-log-line", "truncate-log"])
def test_verify_names_each_kind_of_tampering(cli, folder, tamper):
    """A changed byte, a removed or added file, an edited or removed log line: exit 1 and the culprit named."""
    shot = sorted((folder / "screenshots").glob("*.png"))[0]
    log = folder / "log.jsonl"
    lines = log.read_text().splitlines()
    if tamper == "byte":
        data = bytearray(shot.read_bytes())
        data[100] ^= 0xFF
        shot.write_bytes(bytes(data))
        needle = shot.name
    elif tamper == "remove":
        shot.unlink()
        needle = f"{shot.name}: missing"
    elif tamper == "add":
        (folder / "screenshots" / "99-later.png").write_bytes(b"x")
        needle = "99-later.png: not in the manifest"
    elif tamper == "edit-log-line":
        entry = json.loads(lines[3])
        entry["event"] = "something_else"
        lines[3] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
        log.write_text("\n".join(lines) + "\n")
        needle = "line 4: line edited"
    elif tamper == "remove-log-line":
        del lines[3]
        log.write_text("\n".join(lines) + "\n")
        needle = "line 4: chain broken"
    else:
        log.write_text("\n".join(lines[:-2]) + "\n")
        needle = "log.jsonl"
    result = cli("evidence", "verify", str(folder))
    assert result.code == 1
    assert needle in result.out, result.out


def test_verify_json(cli, folder):
    """`verify --json`: one object with intact true and a check per file."""
    result = cli("evidence", "verify", str(folder), "--json")
    assert result.code == 0
    assert result.json["intact"] is True
    assert len(result.json["checks"]) >= len(manifest_of(folder)["files"])


def test_report_summary_page_shows_the_confirmation_and_times(cancelled, tmp_path):
    """PDF page one: merchant, subscription, UTC and local time, the vendor's words, the end date, the hash."""
    m = manifest_of(cancelled)
    subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(cancelled / "report.pdf"), str(tmp_path / "p1.txt")],
        check=True,
    )
    page1 = " ".join((tmp_path / "p1.txt").read_text().split())
    assert "Cancellation evidence" in page1
    assert "Microsoft 365 Business Standard" in page1
    assert "UTC" in page1 and m["timezone"] in page1
    assert m["cancellation"]["effective_end"] in page1
    assert "has been canceled" in page1
    import hashlib

    assert hashlib.sha256((cancelled / "manifest.json").read_bytes()).hexdigest()[:32] in page1.replace(" ", "")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(cancelled / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert list(tmp_path.glob("page*.png"))
    timeline = (cancelled / "report.html").read_text()
    # the pane did not change between opening it and the human's answer: one capture, shown at both steps
    assert "same screen as step 5" in timeline


def test_report_rebuild_and_export(cli, folder, tmp_path):
    """`evidence report` rebuilds; `export` leaves out the trace and DOM files; the unzipped export verifies."""
    assert cli("evidence", "report", str(folder)).code == 0
    assert cli("evidence", "verify", str(folder)).code == 0
    out = tmp_path / "dispute.zip"
    assert cli("evidence", "export", str(folder), "-o", str(out)).code == 0
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "unzipped")
    assert not any("internal/" in n or (n.split("/")[-2] == "pages" and n.endswith(".html")) for n in names)
    assert any(n.endswith("README.txt") for n in names)
    result = cli("evidence", "verify", str(tmp_path / "unzipped" / folder.name), "--json")
    assert result.code == 0, result.out
    assert "internal/trace.zip" in result.json["withheld"]


def text_box(page: Page, text: str) -> dict[str, float]:
    """Where ``text`` is drawn on the page (its first occurrence inside one text node)."""
    box = page.evaluate(
        """(text) => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const i = n.data.indexOf(text);
            if (i < 0) continue;
            const range = document.createRange();
            range.setStart(n, i);
            range.setEnd(n, i + text.length);
            const r = range.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
          }
          return null;
        }""",
        text,
    )
    assert box is not None, f"{text!r} is not drawn on the page"
    return dict(box)


def dark(image, box) -> bool:
    """The centre of ``box`` (a bounding box in page pixels) is painted with the mask colour."""
    x, y = int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2)
    return bool(image.convert("RGB").getpixel((x, y)) == (0x1B, 0x1B, 0x1B))


def test_card_numbers_are_masked_and_an_unmaskable_one_refuses_the_capture(page: Page, tmp_path):
    """A shown card number is painted over and kept to its last 4 in text; one typed in a field refuses the capture."""
    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id)
    page.set_content(f"<h1>Billing</h1><p>Payment method: Visa {CARD}</p><p>Contact: eve@other.example</p>")
    shot = recorder.capture(page, 1, "billing", "after")
    assert shot is not None
    text = (folder / "pages" / "01-billing-after.txt").read_text()
    assert "1111 1111 1111 1111" not in text and "1111" in text
    assert "eve@other.example" not in text
    html_text = (folder / "pages" / "01-billing-after.html").read_text()
    assert "4111 1111 1111 1111" not in html_text
    from PIL import Image

    with Image.open(folder / shot["path"]) as image:
        assert dark(image, text_box(page, CARD)) and dark(image, text_box(page, "eve@other.example"))
        assert not dark(image, text_box(page, "Payment method"))
    page.set_content("<h1>Pay</h1><label>Reference <input name='ref' value='4111111111111111'></label>")
    assert recorder.capture(page, 2, "pay", "after") is None
    assert recorder.refused and "1111" in recorder.refused[0]["why"]
    assert not (folder / "screenshots" / "02-pay-after.png").exists()


def test_other_users_addresses_and_password_fields_are_painted_over_but_not_ours(page: Page, tmp_path):
    """Masks on the fast capture: each other address and the password field are dark; the operator's is not."""
    from PIL import Image

    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id, own_email="me@ours.example")
    page.set_content(
        "<h1>Users</h1><p>Signed in as <span>me@ours.example</span></p>"
        "<ul><li>ann@other.example</li><li>Owner: <b>bob@other.example</b> (billing)</li></ul>"
        "<label>Password <input id=pw type=password value='hunter2-secret'></label>"
    )
    page.locator("h1").click()  # focus away from the field: no caret to hide
    shot = recorder.capture(page, 1, "users", "after")
    assert shot is not None
    assert recorder._camera.used == {"fast-masked": 1}
    with Image.open(folder / shot["path"]) as image:
        for address in ("ann@other.example", "bob@other.example"):
            assert dark(image, text_box(page, address)), address
        assert dark(image, page.locator("#pw").bounding_box())
        assert not dark(image, text_box(page, "me@ours.example"))
        assert not dark(image, text_box(page, "(billing)")), "only the address is painted, not its line"
    assert page.locator("[data-cancelproof-mask]").count() == 0, "the masks are removed after the capture"


def test_a_card_number_drawn_in_pieces_is_still_painted_over(page: Page, tmp_path):
    """No single text node holds the number: the capture falls back to Playwright's masks, which cover it."""
    from PIL import Image

    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id)
    page.set_content("<h1>Card</h1><p>Number: <span>4111 1111</span> <span>1111 1111</span></p>")
    shot = recorder.capture(page, 1, "card", "after")
    assert shot is not None and recorder._camera.used == {"playwright": 1}
    with Image.open(folder / shot["path"]) as image:
        assert dark(image, text_box(page, "4111 1111")) and dark(image, text_box(page, "1111 1111"))


def test_fast_capture_has_the_pixels_of_playwrights_screenshot(page: Page, tmp_path):
    """With nothing to mask, Chromium's fast capture equals Playwright's full-page screenshot, long pages too."""
    import io

    from PIL import Image, ImageChops

    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id)
    rows = "".join(f"<p style='margin:40px'>row {i} <button>Open {i}</button></p>" for i in range(40))
    page.set_content(f"<h1>Subscriptions</h1>{rows}")
    page.mouse.wheel(0, 900)  # scrolled: the full page is still taken from its top
    page.locator("h1").evaluate("h => h.scrollIntoView()")
    shot = recorder.capture(page, 1, "list", "after")
    assert shot is not None and recorder._camera.used == {"fast": 1}
    reference = page.screenshot(full_page=True)
    with Image.open(folder / shot["path"]) as ours, Image.open(io.BytesIO(reference)) as theirs:
        assert ours.size == theirs.size and ours.size[1] > 800
        assert ImageChops.difference(ours.convert("RGB"), theirs.convert("RGB")).getbbox() is None


def test_an_unchanged_screen_is_captured_once_and_any_change_is_captured_again(page: Page, tmp_path):
    """Same screen, next step: the first capture stands for both. Typing, scrolling or animating: a new capture."""
    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id)
    page.set_content(
        "<h1>Plan</h1><input id=q><div id=box style='height:60px;overflow:auto'>"
        + "<p>line</p>" * 20
        + "</div><button id=go>Go</button>"
    )
    first = recorder.capture(page, 1, "open", "after")
    again = recorder.capture(page, 2, "read", "after")
    assert first is not None and again is first and first["shown_again"][0]["step"] == "read"
    assert recorder.capture(page, 3, "cancel", "confirm", box={"x": 1, "y": 2, "width": 3, "height": 4}) is first
    assert first["clicked_box"]["width"] == 3, "the stop's control is the one boxed on the screen it stood for"
    page.locator("#q").fill("typed")
    typed = recorder.capture(page, 4, "type", "after")
    assert typed is not first
    page.locator("#box").evaluate("b => b.scrollTop = 40")
    scrolled = recorder.capture(page, 5, "scroll", "after")
    assert scrolled is not typed
    page.locator("h1").evaluate("h => h.animate([{opacity: 0}, {opacity: 1}], {duration: 60000})")
    moving = recorder.capture(page, 6, "animated", "after")
    assert moving is not scrolled and recorder.capture(page, 7, "animated", "again") is not moving
    assert len(list((folder / "screenshots").glob("*.png"))) == 5


def test_signed_manifest_verifies_and_a_bad_signature_is_named(sandbox, run_on, memory_keyring, cli):
    """--sign: signatures.json and the public key are written; verify checks the signature."""
    server = sandbox("office365")
    result = run_on(server, "--dry-run", "--sign")
    assert result.code == 0
    assert (result.folder / "signatures.json").is_file() and (result.folder / "signing-key.pub").is_file()
    ok = cli("evidence", "verify", str(result.folder))
    assert ok.code == 0 and "Ed25519 signature of manifest.json valid" in ok.out
    doc = json.loads((result.folder / "signatures.json").read_text())
    doc["signatures"][0]["signature"] = doc["signatures"][0]["signature"][::-1]
    (result.folder / "signatures.json").write_text(json.dumps(doc))
    bad = cli("evidence", "verify", str(result.folder))
    assert bad.code == 1 and "FAIL signatures.json" in bad.out


def test_interrupted_run_still_leaves_a_verifiable_folder(tmp_path):
    """SIGINT mid-run: exit 130, outcome failed (interrupted), and the folder verifies."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "runners",
            "run",
            "office365",
            "--dry-run",
            "--sandbox",
            "mosa,slow=1.5",
            "--evidence-dir",
            str(tmp_path),
            "--json",
            "--no-trace",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("[2/"):
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    data = json.loads(out)
    assert data["outcome"] == "failed" and "interrupted" in data["message"]
    folder = tmp_path / data["evidence_dir"].split("/")[-1]
    verify = subprocess.run(
        [sys.executable, "-m", "runners", "evidence", "verify", str(folder)], capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stdout


def test_the_report_prints_in_the_runs_tab_emptied_or_else_a_new_one(page: Page, browser):
    """The PDF tab is the run's own, emptied, even under a "leave this page?" handler; a closed one: a new tab."""
    from runners.runner import ReportTab

    page.set_content("<h1>Unsaved</h1><button>Edit</button>")
    page.evaluate("window.addEventListener('beforeunload', e => { e.preventDefault(); e.returnValue = ''; })")
    page.get_by_role("button").click()  # a person's click: a prompt may now be shown
    assert ReportTab(page, page.context, browser).new_page() is page and page.url == "about:blank"
    page.close()  # as after a failed sign-in
    tab = ReportTab(page, page.context, browser).new_page()
    assert tab is not page
    tab.set_content("<p>report</p>")
    assert tab.pdf()[:5] == b"%PDF-"


def test_the_signed_in_admin_and_a_cards_last_4_stay_visible_the_rest_is_painted_over(page: Page, tmp_path):
    """The banner's address is the operator's own (no --account needed); a card keeps brand and last 4 only;
    the account facts are read with the screenshot that shows them."""
    from PIL import Image

    folder, run_id = new_run_dir(tmp_path, "test")
    recorder = Recorder(folder, run_id)
    page.set_content(
        "<header><b>Admin center</b> <span>boss@tenant.example</span></header><main><h1>Billing</h1>"
        "<dl><dt>Organization</dt><dd>Tenant Ltd</dd><dt>Billing account type</dt><dd>MCA</dd>"
        "<dt>Billing account ID</dt><dd>BA-0042-7781</dd>"
        "<dt>Payment method</dt><dd>Mastercard 5555 5555 5555 4444</dd></dl>"
        "<p>Other admins: eve@tenant.example</p></main>"
    )
    shot = recorder.capture(page, 1, "billing", "after")
    assert shot is not None and recorder._camera.used == {"fast-masked": 1}
    with Image.open(folder / shot["path"]) as image:
        assert not dark(image, text_box(page, "boss@tenant.example"))
        assert dark(image, text_box(page, "eve@tenant.example"))
        assert dark(image, text_box(page, "5555 5555")) and not dark(image, text_box(page, "4444"))
        assert not dark(image, text_box(page, "Mastercard"))
    text = (folder / "pages" / "01-billing-after.txt").read_text()
    assert "boss@tenant.example" in text and "eve@tenant.example" not in text
    assert "Mastercard •••• 4444" in text and "5555" not in text
    assert recorder.account == {
        "signed_in_as": {"value": "boss@tenant.example", "screenshot": shot["path"], "step": "billing"},
        "organization": {"value": "Tenant Ltd", "screenshot": shot["path"], "step": "billing"},
        "billing_account_id": {"value": "BA-0042-7781", "screenshot": shot["path"], "step": "billing"},
        "payment_method": {"value": "Mastercard •••• 4444", "screenshot": shot["path"], "step": "billing"},
    }


def test_without_a_named_approver_the_gate_records_the_os_login_labelled_so():
    """The terminal gate: the approver is the OS login, said to be one; a named approver is shown and recorded."""
    import getpass
    import io

    from runners.gate import OS_LOGIN, GateRequest, TerminalConfirmer
    from runners.model import Mode

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    request = GateRequest(
        "office365", "", "M365", "cancel", "cancel it", "CANCEL", "s.png", "https://x/", Mode.ASSISTED
    )
    shown = io.StringIO()
    answer = TerminalConfirmer(Tty("CANCEL\n"), shown).confirm(request)
    assert answer.confirmed and answer.approver == getpass.getuser() and answer.approver_source == OS_LOGIN
    assert f"Approver:      {getpass.getuser()} — {OS_LOGIN}" in shown.getvalue()
    from dataclasses import replace

    named = replace(request, approver="Jane Doe <jane@x.example>", approver_source="--approver")
    answer = TerminalConfirmer(Tty("CANCEL\n"), io.StringIO()).confirm(named)
    assert (answer.approver, answer.approver_source) == ("Jane Doe <jane@x.example>", "--approver")


@pytest.mark.parametrize("given", ["Jane Doe", "jane@x.example", "<>"])
def test_an_approver_that_is_not_a_name_and_address_is_one_line_and_exit_2(cli, given, tmp_path):
    """--approver must name a person: "Name <email>"; anything else stops before a browser starts."""
    result = cli("run", "office365", "--dry-run", "--sandbox", "--approver", given, "--evidence-dir", str(tmp_path))
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "Name <email>" in result.err
    assert not list(tmp_path.iterdir())
