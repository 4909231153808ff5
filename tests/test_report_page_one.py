"""The report's page one as a card issuer's analyst reads it, viewed as the PDF's text and as images."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from runners.gate import ScriptedConfirmer
from tests.helpers import manifest_of

APPROVER = "Jane Doe <jane.doe@contoso.com>"


def run_cli(*argv: str, browser: Any, confirmer: Any = None) -> tuple[int, dict[str, Any], str]:
    """The CLI in-process: (exit code, its JSON, its stderr)."""
    from cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--json"], confirmer=confirmer or ScriptedConfirmer(), stdout=out, stderr=err, browser=browser)
    return code, json.loads(out.getvalue()), err.getvalue()


def pages(pdf: Path, tmp: Path) -> list[str]:
    """Each page's text (pdftotext -layout), after rendering each page as an image (pdftoppm)."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp / "page")], check=True)
    images = sorted(tmp.glob("page-*.png"))
    assert images and all(p.stat().st_size > 5000 for p in images), "every page renders to a picture"
    texts = []
    for number in range(1, len(images) + 1):
        done = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        texts.append(done.stdout)
    return texts


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def assisted(browser, tmp_path_factory) -> dict[str, Any]:
    """One approved cancellation on the bundled Office 365 sandbox, with a configured approver."""
    evidence = tmp_path_factory.mktemp("ev")
    previous = os.environ.get("CANCELPROOF_APPROVER")
    os.environ["CANCELPROOF_APPROVER"] = APPROVER  # the configured default, no --approver given
    try:
        code, data, err = run_cli(
            "run",
            "office365",
            "--assisted",
            "--sandbox",
            "mosa",
            "--evidence-dir",
            str(evidence),
            browser=browser,
            confirmer=ScriptedConfirmer(True),
        )
    finally:
        if previous is None:
            del os.environ["CANCELPROOF_APPROVER"]
        else:
            os.environ["CANCELPROOF_APPROVER"] = previous
    assert code == 0, err
    folder = Path(data["evidence_dir"])
    text = pages(folder / "report.pdf", tmp_path_factory.mktemp("pages"))
    return {"folder": folder, "err": err, "pages": text, "manifest": manifest_of(folder)}


def test_page_one_names_the_account_as_the_portal_shows_it_and_the_card_by_its_last_4(assisted):
    """The signed-in admin (not masked), the organisation and the card's brand and last 4, each with its screenshot."""
    one = flat(assisted["pages"][0])
    shown = assisted["manifest"]["account_shown"]
    assert shown["signed_in_as"]["value"] == "admin@contoso.onmicrosoft.com"
    assert "Signed-in admin admin@contoso.onmicrosoft.com (on screenshots/" in one
    assert "Organisation Contoso Ltd (on screenshots/" in one
    assert "Payment method Visa •••• 1111 (on screenshots/" in one
    assert all("4111" not in page and "1111 1111" not in page for page in assisted["pages"])
    for fact in shown.values():  # the screenshot that backs each fact is one of the run's, hashed
        assert fact["screenshot"] in {f["path"] for f in assisted["manifest"]["files"]}


def test_page_one_labels_facts_read_before_cancelling_apart_from_the_status_after(assisted):
    """ "Next charge date before cancelling" sits under its own heading, after the cancellation's status."""
    one = flat(assisted["pages"][0])
    assert "Status after cancelling Disabled" in one
    before = assisted["manifest"]["cancellation"]["facts_before"]
    assert f"Next charge date before cancelling {before['next_charge_date']}" in one
    assert one.index("Status after cancelling") < one.index("Read before cancelling") < one.index("Next charge date")
    assert "Status before cancelling Active" in one
    assert "Confirmation number none: the portal gave no confirmation number" in one


def margins(texts: list[str]) -> list[tuple[str, str]]:
    """Each page's first and last line of text: what its top and bottom margins print."""
    lines = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    return [(page[0], page[-1]) for page in lines]


def test_every_page_of_a_sandbox_run_says_sandbox_and_the_manifest_too(assisted):
    """SANDBOX on each PDF page (the page's margin), on page one, and in manifest.json; each page's foot names the
    run and says "page N of M"."""
    assert assisted["manifest"]["sandbox"]["scenario"] == "mosa"
    assert len(assisted["pages"]) >= 2
    assert all("SANDBOX" in page for page in assisted["pages"])
    run_id, count = assisted["manifest"]["run_id"], len(assisted["pages"])
    for number, (top, bottom) in enumerate(margins(assisted["pages"]), 1):
        assert top.startswith("SANDBOX — ") and top.endswith("nothing real was cancelled"), top
        assert bottom.endswith(f"· run {run_id} · page {number} of {count}"), bottom


def test_a_browser_without_css_margin_boxes_prints_the_same_margins(assisted, browser, tmp_path, monkeypatch):
    """A Chromium older than 131 leaves CSS page-margin boxes out: the report prints its margin lines with
    Chromium's header and footer instead, once each on every page (not twice, not garbled)."""
    import shutil

    from evidence import report

    folder = tmp_path / assisted["folder"].name
    shutil.copytree(assisted["folder"], folder)
    monkeypatch.setattr(report, "_draws_margin_boxes", lambda page: False)
    report.write_report(folder, browser=browser)
    old = pages(folder / "report.pdf", tmp_path)
    assert margins(old) == margins(assisted["pages"])
    assert [page.count("SANDBOX — ") for page in old] == [page.count("SANDBOX — ") for page in assisted["pages"]]


def test_the_configured_approver_is_the_person_on_record(assisted):
    """CANCELPROOF_APPROVER="Name <email>": the approver on record, labelled where it came from, and in the log."""
    gate = assisted["manifest"]["approver"]
    assert gate["approver"] == APPROVER and gate["approver_source"] == "CANCELPROOF_APPROVER"
    assert f"Approved by {APPROVER} — the configured approver, CANCELPROOF_APPROVER" in flat(assisted["pages"][0])
    log = [json.loads(line) for line in (assisted["folder"] / "log.jsonl").read_text().splitlines()]
    assert [e["approver"] for e in log if e["event"] == "confirmation_given"] == [APPROVER]


def test_the_footer_keeps_each_hash_whole_on_one_line(assisted):
    """The manifest's sha256 and the log head are printed unbroken (a reader copies them)."""
    folder = assisted["folder"]
    manifest_sha = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    lines = assisted["pages"][0].splitlines()
    assert any(manifest_sha in line for line in lines)
    assert any(assisted["manifest"]["log"]["head"] in line for line in lines)


def test_the_end_of_run_line_says_the_outcome_once(assisted):
    """ "cancelled: Disabled", never "cancelled: cancelled: Disabled"."""
    assert "\ncancelled: Disabled\n" in assisted["err"]
    assert "cancelled: cancelled" not in assisted["err"]


def test_a_dry_run_report_is_titled_as_a_dry_run(browser, tmp_path):
    """A dry run's page one says nothing was cancelled, in its title, and its facts were read during it."""
    code, data, err = run_cli(
        "run", "office365", "--dry-run", "--sandbox", "--evidence-dir", str(tmp_path / "ev"), browser=browser
    )
    assert code == 0, err
    text = pages(Path(data["evidence_dir"]) / "report.pdf", tmp_path)
    one = flat(text[0])
    assert "Dry run — nothing was cancelled" in one and "Cancellation evidence" not in one
    assert "Read during the dry run (nothing was changed)" in one
    assert "before cancelling" not in one and "after cancelling" not in one
    assert all("SANDBOX" in page for page in text)


def test_salesforce_page_one_quotes_the_notice_with_its_case_number_beside_the_product(browser, tmp_path):
    """Contract: product beside the contract number, the sentence quoted, the case number, non-renewal worded
    so; the approver named with --approver."""
    code, data, err = run_cli(
        "run",
        "salesforce",
        "--assisted",
        "--sandbox",
        "contracted",
        "--skip-export",
        "--evidence-dir",
        str(tmp_path / "ev"),
        "--approver",
        "Sam Lee <sam.lee@acme.example>",
        browser=browser,
        confirmer=ScriptedConfirmer(True),
    )
    assert code == 0, err
    m = manifest_of(Path(data["evidence_dir"]))
    case, contract = m["cancellation"]["confirmation_id"], m["subscription"]["name"]
    one = flat(pages(Path(data["evidence_dir"]) / "report.pdf", tmp_path)[0])
    assert f"{m['subscription']['edition']} — contract {contract}" in one
    assert f"Confirmation number {case} (case number)" in one
    assert f"“{flat(m['cancellation']['confirmation_text'])}”" in one
    assert f"notice of non-renewal sent; service runs to {m['cancellation']['effective_end']}" in one
    assert "Approved by Sam Lee <sam.lee@acme.example> — named with --approver" in one


def test_a_broken_manifest_in_a_sibling_folder_does_not_stop_the_next_runs_report(browser, tmp_path, cli):
    """A neighbour whose manifest.json is [] (or a list of junk): the next run still writes its report and verifies."""
    evidence = tmp_path / "ev"
    for name, junk in (("office365-broken-1", "[]"), ("office365-broken-2", '{"recheck_of": "x"}')):
        (evidence / name).mkdir(parents=True)
        (evidence / name / "manifest.json").write_text(junk)
    code, data, err = run_cli(
        "run", "office365", "--dry-run", "--sandbox", "--evidence-dir", str(evidence), browser=browser
    )
    assert code == 0, err
    folder = Path(data["evidence_dir"])
    assert (folder / "report.pdf").is_file() and (folder / "report.html").is_file(), err
    assert cli("evidence", "verify", str(folder)).code == 0


def test_a_run_interrupted_at_the_gate_still_has_its_report_pdf(tmp_path):
    """Ctrl-C at the confirmation prompt (the terminal signals the whole process group): exit 130, a PDF."""
    master, slave = pty.openpty()
    argv = [sys.executable, "-m", "runners", "run", "office365", "--assisted", "--sandbox", "--no-trace"]
    proc = subprocess.Popen(
        [*argv, "--evidence-dir", str(tmp_path), "--json"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    os.close(slave)
    said = b""
    deadline = time.monotonic() + 120
    while b"to confirm, or anything else to stop" not in said and time.monotonic() < deadline:
        chunk = proc.stderr.read1(4096)  # type: ignore[union-attr]
        if not chunk:
            break
        said += chunk
    assert b'Type "CANCEL" to confirm' in said, said.decode()[-500:]
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 130
    data = json.loads(out)
    folder = Path(data["evidence_dir"])
    assert data["outcome"] == "failed" and "interrupted" in data["message"]
    assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"
    verify = subprocess.run(
        [sys.executable, "-m", "runners", "evidence", "verify", str(folder)], capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stdout
