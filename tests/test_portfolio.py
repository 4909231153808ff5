"""The portfolio: an inventory, its deadlines and calendar, batch runs with an index, and re-checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from runners.gate import ScriptedConfirmer
from tests.helpers import manifest_of

TODAY = date.today()


def write(tmp_path, text, name="saas.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


MIXED = f"""
# three vendors, each on its bundled sandbox
[[subscription]]
vendor = "salesforce"
account = "admin@acme.example"
subscription = "Sales Cloud Enterprise"
contract_end = {TODAY + timedelta(days=120)}
sandbox = "contracted"
owner = "finance@acme.example"

[[subscription]]
vendor = "office365"
subscription = "Microsoft 365 Business Standard"
next_renewal = {TODAY + timedelta(days=20)}
sandbox = "mosa"

[[subscription]]
vendor = "linkedin"
next_renewal = {TODAY + timedelta(days=40)}
notice_days = 2
sandbox = "current"
locale = "en"
"""


def test_plan_sorts_by_cancel_by_date_and_writes_a_calendar(cli, tmp_path):
    """plan --inventory: by cancel-by date, with what happens if missed; --ics has 60/30/7-day reminders."""
    inventory = write(tmp_path, MIXED)
    ics = tmp_path / "deadlines.ics"
    result = cli("plan", "--inventory", str(inventory), "--ics", str(ics), "--json")
    assert result.code == 0, result.err
    entries = result.json["entries"]
    assert [e["vendor"] for e in entries] == ["office365", "linkedin", "salesforce"]
    sf = entries[2]
    assert sf["notice_days"] == 30 and sf["cancel_by"] == str(TODAY + timedelta(days=90))
    assert all(e["if_missed"] for e in entries)
    text = ics.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT")
    starts = {line.split(":")[1] for line in text.split("\r\n") if line.startswith("DTSTART")}
    deadline = TODAY + timedelta(days=90)
    for days in (60, 30, 7):
        assert (deadline - timedelta(days=days)).strftime("%Y%m%d") in starts
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    table = cli("plan", "--inventory", str(inventory))
    assert table.out.index("office365") < table.out.index("salesforce")


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('[[subscription]]\nvendor = "nosuch"\nnext_renewal = 2027-01-01\n', 2, "unknown vendor"),
        ('[[subscription]]\nvendor = "office365"\nnext_renewal = "soon"\n', 3, "must be a date"),
        ('[[subscription]]\nvendor = "office365"\nnext_renewal = 2027-01-01\nnotice_days = -3\n', 4, "notice_days"),
        ('[[subscription]]\nvendor = "office365"\nnext_renewal = 2027-01-01\nbase_url = "nope"\n', 4, "base_url"),
        ('[[subscription]]\nvendor = "office365"\nnext_renewal = 2027-01-01\ncolour = "red"\n', 4, "unknown key"),
        ('[[subscription]\nvendor = "office365"\n', 1, "not valid TOML"),
    ],
)
def test_bad_entries_name_file_and_line_and_nothing_runs(cli, tmp_path, body, line, words):
    """A bad inventory: exit 2, FILE:LINE and what is wrong, no evidence folder."""
    inventory = write(tmp_path, body)
    result = cli("run", "--inventory", str(inventory), "--dry-run", "--evidence-dir", str(tmp_path / "ev"))
    assert result.code == 2
    assert f"{inventory}:{line}:" in result.err and words in result.err
    assert not (tmp_path / "ev").exists()


def test_batch_dry_run_of_three_vendors_with_an_index(cli, tmp_path):
    """run --inventory --dry-run: one folder per entry, a summary table, and a batch index verify accepts."""
    inventory = write(tmp_path, MIXED)
    evidence = tmp_path / "ev"
    result = cli(
        "run",
        "--inventory",
        str(inventory),
        "--dry-run",
        "--jobs",
        "2",
        "--evidence-dir",
        str(evidence),
        "--json",
        "--no-trace",
    )
    assert result.code == 0, result.err
    runs = result.json["runs"]
    assert [r["outcome"] for r in runs] == ["dry-run-complete"] * 3
    assert len({r["evidence_dir"] for r in runs}) == 3
    index = result.json["batch_index"]
    verified = cli("evidence", "verify", index)
    assert verified.code == 0, verified.out
    folder = runs[0]["evidence_dir"]
    (evidence / folder.split("/")[-1] / "pages" / "extra.txt").write_text("added later")
    broken = cli("evidence", "verify", index)
    assert broken.code == 1 and "not in the manifest" in broken.out


def _cancel(sandbox, run_on):
    server = sandbox("office365")
    result = run_on(server, "--assisted", confirmer=ScriptedConfirmer(True))
    assert result.code == 0 and result.json["outcome"] == "cancelled"
    return server, result.folder


def test_recheck_finds_the_cancellation_held(sandbox, run_on, cli):
    """recheck RUN_DIR: a new folder linked to the first manifest; the status is still Disabled → held."""
    server, first = _cancel(sandbox, run_on)
    result = cli("recheck", str(first), "--base-url", server.url, "--json")
    assert result.code == 0, result.err
    assert result.json["outcome"] == "held"
    manifest = manifest_of(result)
    import hashlib

    first_sha = hashlib.sha256((first / "manifest.json").read_bytes()).hexdigest()
    assert manifest["recheck_of"]["manifest_sha256"] == first_sha
    assert manifest["held"] is True
    assert server.portal.record == [server.portal.record[0]]  # the re-check changed nothing
    assert "Re-checked" in (first / "report.html").read_text()
    assert cli("evidence", "verify", str(first)).code == 0
    assert cli("evidence", "verify", str(result.folder)).code == 0


def test_recheck_finds_a_reactivated_subscription(sandbox, run_on, cli):
    """The vendor turned it back on: recheck says it did NOT hold (exit 1), with the status as evidence."""
    server, first = _cancel(sandbox, run_on)
    server.portal.subscriptions[0]["status"] = "Active"  # the vendor re-activated it
    result = cli("recheck", str(first), "--base-url", server.url, "--json")
    assert result.code == 1
    assert result.json["outcome"] == "not-held"
    assert "Active" in result.json["message"]
    assert manifest_of(result)["held"] is False
