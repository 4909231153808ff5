"""Reliability: faults, bad input and the dry-run guarantee, across every vendor.

The slow part is the dry-run matrix: every vendor × layout × language × fault, with the sandbox's record
of irreversible requests as the oracle (zero, always) and a folder that `evidence verify` accepts.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from runners.gate import ScriptedConfirmer
from runners.model import Flow, FlowContext, Irreversible, Mode, Step
from runners.results import Progress, RunOptions
from runners.runner import Run
from runners.vendors import load_flow
from sandboxes.server import Portal
from tests.helpers import captured

LAYOUTS = {
    "office365": ["mosa", "mca-new", "mca", "2021", "classic"],
    "salesforce": ["contracted", "monthly", "renewals-pane"],
    "linkedin": ["current", "legacy"],
}
# a path every layout of the vendor visits (server error, dropped connection), per layout where they differ
VISITED = {
    "office365": {"*": "/billing"},
    "salesforce": {"*": "/account"},
    "linkedin": {"current": "/admin", "legacy": "/sales/settings"},
}
# a control every layout shows early, renamed: the portal's layout changed
RENAMED = {
    ("office365", "en"): "Billing:Payments",
    ("office365", "fr"): "Facturation:Paiements",
    ("salesforce", "en"): "Setup:Configuration hub",
    ("salesforce", "fr"): "Configuration:Centre",
    ("linkedin", "en"): "Me:Profile",
    ("linkedin", "fr"): "Vous:Profil",
}
FAULTS = ["none", "slow", "server-error", "network-drop", "renamed", "second-confirm", "session-expires"]
COMPLETES = {"none", "slow", "second-confirm", "session-expires"}


def fault_scenario(vendor: str, layout: str, locale: str, fault: str) -> str:
    path = VISITED[vendor].get(layout, VISITED[vendor].get("*"))
    extra = {
        "none": "",
        "slow": ",slow=0.1-0.4",
        "server-error": f",error_on={path}",
        "network-drop": f",drop_on={path}",
        "renamed": f",rename={RENAMED[(vendor, locale)]}",
        "second-confirm": ",second_confirm=1",
        "session-expires": ",signed_out=1,expire_after=1",
    }[fault]
    return f"{layout},locale={locale}{extra}"


def verify(cli, folder) -> int:
    return int(cli("evidence", "verify", str(folder)).code)


def check_failure_line(result, flow: Flow) -> None:
    """A failure is one line on the JSON's message that names a step of the flow."""
    message = result.json["message"]
    assert "\n" not in message
    assert any(f"step {s.name!r}" in message for s in flow.steps), message
    assert "Traceback" not in result.err


MATRIX = [
    pytest.param(v, layout, loc, fault, id=f"{v}-{layout}-{loc}-{fault}")
    for v, layouts in LAYOUTS.items()
    for layout in layouts
    for loc in ("en", "fr")
    for fault in FAULTS
]


@pytest.mark.slow
@pytest.mark.parametrize(("vendor", "layout", "locale", "fault"), MATRIX)
def test_dry_run_guarantee_matrix(sandbox, run_on, memory_keyring, cli, vendor, layout, locale, fault):
    """Every vendor × layout × language × fault in a dry run: zero irreversible requests, a verifiable folder."""
    memory_keyring.set_password(f"cancelproof:{vendor}", Portal.SIGNIN_ACCOUNT, Portal.SIGNIN_PASSWORD)
    server = sandbox(vendor, fault_scenario(vendor, layout, locale, fault))
    result = run_on(server, "--dry-run", "--locale", locale, "--account", Portal.SIGNIN_ACCOUNT, "--timeout", "5")
    assert server.portal.record == []
    assert verify(cli, result.folder) == 0
    if fault in COMPLETES:
        assert result.code == 0 and result.json["outcome"] == "dry-run-complete", result.json["message"]
    else:
        assert result.code == 1 and result.json["outcome"] == "failed"
        check_failure_line(result, load_flow(vendor))
        assert captured(result.folder, "failure") or list(result.folder.glob("pages/*failure.txt"))
    if fault == "session-expires":
        assert server.portal.signins == 2


@pytest.mark.parametrize(
    ("vendor", "scenario", "words"),
    [
        ("office365", "mosa,error_on=/billing", "the portal answered 500"),
        ("salesforce", "contracted,drop_on=/account", "the network failed"),
        ("linkedin", "current,rename=Me:Profile", "expected"),
    ],
)
def test_a_fault_is_one_clear_line_with_evidence(sandbox, run_on, cli, vendor, scenario, words):
    """A server error, a dropped connection, a renamed control: failed, exit 1, the step named, a failure capture."""
    server = sandbox(vendor, scenario)
    result = run_on(server, "--dry-run", "--timeout", "3")
    assert result.code == 1 and result.json["outcome"] == "failed"
    assert words in result.json["message"]
    check_failure_line(result, load_flow(vendor))
    (shot,) = captured(result.folder, "failure")
    assert (result.folder / "pages" / shot.with_suffix(".txt").name).is_file()
    assert verify(cli, result.folder) == 0
    assert server.portal.record == []


@pytest.mark.parametrize("vendor", ["office365", "linkedin"])
def test_a_second_confirmation_dialog_is_never_clicked_without_a_human(sandbox, run_on, cli, vendor):
    """The portal asks "Are you sure?" after the gated click: the run stops there, says so, cancels nothing."""
    server = sandbox(vendor, f"{LAYOUTS[vendor][0]},second_confirm=1")
    human = ScriptedConfirmer(True, True)
    result = run_on(server, "--assisted", "--timeout", "3", confirmer=human)
    assert result.code == 1 and result.json["outcome"] == "failed"
    assert "Are you sure?" in result.json["message"]
    assert server.portal.record == []
    assert len(human.requests) == 1
    assert verify(cli, result.folder) == 0


@pytest.mark.slow  # each screen 1–3 s late; the matrix runs a faster slow portal for every layout
def test_a_slow_portal_within_the_timeout_completes(sandbox, run_on):
    """Each screen 1–3 s late: the run waits for it (no sleeps) and completes."""
    server = sandbox("office365", "mosa,slow=1-3")
    result = run_on(server, "--dry-run", "--timeout", "10")
    assert result.code == 0, result.json["message"]
    assert server.portal.record == []


@pytest.mark.slow  # waits on purpose; the default suite keeps the faults that fail fast
def test_timeout_bounds_every_step(sandbox, run_on, cli):
    """A portal slower than --timeout: failed within a bound, the step named, nothing hangs."""
    server = sandbox("office365", "mosa,slow=4-4")
    started = time.monotonic()
    result = run_on(server, "--dry-run", "--timeout", "1")
    elapsed = time.monotonic() - started
    assert result.code == 1
    assert "open_admin_center" in result.json["message"]
    assert elapsed < 20  # one step bounded at twice --timeout, plus start and finalisation
    assert verify(cli, result.folder) == 0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cancelproof(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "runners", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_the_browser_dies_mid_run(tmp_path):
    """Chromium killed mid-run: failed (exit 1), "the browser died" naming the step, a folder that verifies."""
    proc = _cancelproof(
        "run",
        "office365",
        "--dry-run",
        "--sandbox",
        "mosa,slow=1",
        "--evidence-dir",
        str(tmp_path),
        "--json",
        "--no-trace",
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("[3/"):
            break
    killed = [p for p in _descendants(proc.pid) if "chrom" in Path(f"/proc/{p}/cmdline").read_text(errors="ignore")]
    assert killed
    for pid in killed:
        with contextlib.suppress(ProcessLookupError):  # a child may exit with its parent
            os.kill(pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 1, err
    data = json.loads(out)
    assert data["outcome"] == "failed" and "step '" in data["message"]
    folder = Path(data["evidence_dir"])
    check = subprocess.run(
        [sys.executable, "-m", "runners", "evidence", "verify", str(folder)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_finalise_the_folder(tmp_path, sig, code):
    """SIGTERM → 143, SIGINT → 130; outcome failed (interrupted) and a folder that verifies."""
    proc = _cancelproof(
        "run",
        "linkedin",
        "--dry-run",
        "--sandbox",
        "legacy,slow=1",
        "--evidence-dir",
        str(tmp_path),
        "--json",
        "--no-trace",
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("[2/"):
            break
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == code, err
    data = json.loads(out)
    assert data["outcome"] == "failed" and "interrupted" in data["message"]
    check = subprocess.run(
        [sys.executable, "-m", "runners", "evidence", "verify", data["evidence_dir"]], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout


def test_evidence_dir_not_writable_is_one_line(cli, tmp_path):
    """An evidence dir under a file: exit 2, one line, the file untouched."""
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    result = cli("run", "office365", "--dry-run", "--sandbox", "--evidence-dir", str(blocker / "ev"))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "cannot write the evidence folder" in result.err
    assert blocker.read_text() == "keep me"


def test_full_disk_is_one_line(cli, tmp_path, monkeypatch):
    """No space left when the run folder is made (simulated ENOSPC): exit 2, one line, nothing written over."""
    existing = tmp_path / "ev"
    existing.mkdir()
    (existing / "earlier.txt").write_text("an earlier run")
    real_mkdir = Path.mkdir

    def full(self: Path, *args: object, **kwargs: object) -> None:
        if self.parent == existing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", full)
    result = cli("run", "office365", "--dry-run", "--sandbox", "--evidence-dir", str(existing))
    assert result.code == 2
    assert "No space left on device" in result.err and len(result.err.strip().splitlines()) == 1
    assert [p.name for p in existing.iterdir()] == ["earlier.txt"]


@pytest.mark.parametrize("vendor", ["office365", "salesforce", "linkedin"])
def test_an_unknown_subscription_lists_the_ones_that_exist(sandbox, run_on, vendor):
    """--subscription with a name the portal does not show: exit 2, the shown names listed."""
    server = sandbox(vendor)
    result = run_on(server, "--dry-run", "--subscription", "No Such Plan", "--timeout", "5")
    assert result.code == 2
    assert "No Such Plan" in result.json["message"]
    assert server.portal.record == []


@pytest.mark.parametrize(
    "vendor",
    ["linkedin", pytest.param("office365", marks=pytest.mark.slow), pytest.param("salesforce", marks=pytest.mark.slow)],
)
def test_a_second_assisted_run_finds_it_already_cancelled(sandbox, run_on, cli, vendor):
    """Idempotence: cancel, then run again: already-cancelled (exit 0) with evidence, one request in all."""
    server = sandbox(vendor)
    first = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True, True))
    assert first.code == 0 and first.json["outcome"] == "cancelled", first.json["message"]
    second = run_on(server, "--assisted", "--skip-export", confirmer=ScriptedConfirmer(True, True))
    assert second.code == 0 and second.json["outcome"] == "already-cancelled", second.json["message"]
    assert len(server.portal.record) == 1
    assert captured(second.folder, "status")
    assert verify(cli, second.folder) == 0


def test_the_same_dry_run_twice_makes_two_folders(sandbox, run_on):
    """Two identical dry runs: two separate folders, neither touching the other."""
    server = sandbox("office365")
    one, two = run_on(server, "--dry-run"), run_on(server, "--dry-run")
    assert one.folder != two.folder and one.folder.is_dir() and two.folder.is_dir()


def test_permissions_and_nothing_outside_the_folder(sandbox, run_on, tmp_path, monkeypatch):
    """Folders 0700, files 0600; the run writes nothing in the working directory or beside its folder."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    server = sandbox("office365")
    result = run_on(server, "--dry-run")
    assert list(work.iterdir()) == []
    assert [p.name for p in result.folder.parent.iterdir()] == [result.folder.name]
    assert stat.S_IMODE(result.folder.stat().st_mode) == 0o700
    for path in result.folder.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


class _Spy:
    """Counts clicks on the irreversible control the flow hands over (the locator's own click is wrapped)."""

    def __init__(self, control: Any) -> None:
        self.clicks = 0
        real = control.click

        def click(*args: object, **kwargs: object) -> None:
            self.clicks += 1
            real(*args, **kwargs)

        control.click = click
        self.control = control


def _guarantee_flow(spy_box: list[_Spy], later_click: bool) -> Flow:
    """A hostile flow on the Office 365 sandbox: it offers the final control, then tries to click it itself."""

    def open_pane(ctx: FlowContext) -> None:
        ctx.page.goto(ctx.options["base_url"] + "billing/products/sub-1")
        ctx.page.get_by_role("button", name="Cancel subscription", exact=True).click()
        pane = ctx.page.get_by_role("dialog")
        pane.get_by_role("radio", name="Cancel now").check()
        pane.get_by_role("button", name="Next").click()
        pane.get_by_label("Reason for canceling").select_option(index=1)
        ctx.fact("subscription", "Microsoft 365 Business Standard")

    def offer(ctx: FlowContext) -> Irreversible:
        pane = ctx.page.get_by_role("dialog")
        spy = _Spy(pane.get_by_role("button", name="Cancel now", exact=True))
        spy_box.append(spy)
        return Irreversible(control=spy.control, heading=pane.get_by_role("heading"), what="test")

    def sneak(ctx: FlowContext) -> None:
        ctx.page.get_by_role("dialog").get_by_role("button", name="Cancel now", exact=True).click()

    steps = [
        Step("open_pane", "open the pane", open_pane),
        Step("offer", "the final click", offer, irreversible=True, skippable=later_click),
    ]
    if later_click:
        steps += [Step("sneak", "click it anyway", sneak), Step("final", "final", offer, irreversible=True)]
    return Flow(vendor="office365", title="hostile", steps=tuple(steps))


def _hostile_run(server, browser, tmp_path, mode: Mode, later_click: bool, human: ScriptedConfirmer):
    """Run the hostile flow on ``server``; return the result and the spies on its irreversible controls."""
    spies: list[_Spy] = []
    opts = RunOptions(
        vendor="office365", mode=mode, base_url=server.url, evidence_dir=tmp_path, timeout=5, trace=False, report=False
    )
    with open(os.devnull, "w") as quiet:
        result = Run(_guarantee_flow(spies, later_click), opts, human, Progress(quiet)).execute(browser)
    return result, spies


@pytest.mark.parametrize("later_click", [False, True], ids=["stops", "guarded-after-skip"])
def test_the_runner_never_clicks_an_irreversible_control_in_a_dry_run(sandbox, browser, tmp_path, later_click):
    """Unit-level: whatever the flow hands over or does later, a dry run sends no irreversible request."""
    server = sandbox("office365")
    result, spies = _hostile_run(server, browser, tmp_path, Mode.DRY_RUN, later_click, ScriptedConfirmer(True, True))
    assert str(result.outcome) == "dry-run-complete", result.message
    assert spies and all(s.clicks == 0 for s in spies)
    assert server.portal.record == []
    if later_click:  # the hostile step ran, and the guard made its click inert
        assert [s.name for s in result.steps][:3] == ["open_pane", "offer", "sneak"]


def test_the_spy_sees_the_runner_click_in_an_assisted_run(sandbox, browser, tmp_path):
    """The same hostile flow, assisted and approved: the runner clicks once (so the dry-run zero is meaningful)."""
    server = sandbox("office365")
    _, spies = _hostile_run(server, browser, tmp_path, Mode.ASSISTED, False, ScriptedConfirmer(True))
    assert [s.clicks for s in spies] == [1]
    assert [r["action"] for r in server.portal.record] == ["cancel"]
