"""Remote browsers and batches over a browser grid (docs/scale.md), on a real grid on loopback: Chromium
processes started here with a remote debugging port, reached over the Chrome DevTools protocol.

A Playwright server is Playwright's own ``run-server`` (the Node driver bundled with the Python package), given
this machine's Chromium in place of the build it would download. The default suite has the rule, the masking,
a dry run of each vendor over a DevTools endpoint and one over a Playwright server, and the six-entry batch
with a browser killed; the retry, the refused endpoint beside a live one and the assisted batch are marked
slow.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from evidence.batchindex import verify_index
from evidence.verify import verify
from runners import browser as browsers
from runners.errors import UsageError
from runners.vendors import VENDORS, portal_class
from sandboxes.server import SandboxServer
from tests.helpers import free_port

TOKEN = "s3cret-grid-token-4f1d"  # put in every endpoint's query: it must show nowhere


@dataclass
class Remote:
    """A Chromium on this machine that serves the Chrome DevTools protocol on a loopback port."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={TOKEN}"

    @property
    def shown(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token=***"

    def pages(self) -> list[str]:
        """The URLs of its open pages (the DevTools HTTP list)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=5) as answer:
            return [t["url"] for t in json.loads(answer.read()) if t["type"] == "page"]

    def kill(self) -> None:
        """The browser and all its processes, at once (a launcher script such as Debian's may not ``exec`` it)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def executable() -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        return browsers.find_browser(pw) or pw.chromium.executable_path


def start_remote(folder: Path, *flags: str) -> Remote:
    """Chromium with ``--remote-debugging-port=0``: the port it took is in DevToolsActivePort."""
    folder.mkdir(parents=True)
    args = list(browsers.launch_args(None, headed=False)["args"])
    command = [
        EXECUTABLE,
        "--headless",
        "--no-sandbox",
        "--remote-debugging-port=0",
        f"--user-data-dir={folder}",
        *args,
        *flags,
        "about:blank",
    ]
    # a session of its own: killing it kills the whole browser, not only a launcher script
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    active = folder / "DevToolsActivePort"
    deadline = time.monotonic() + 20
    while not (active.is_file() and active.read_text().strip()):
        if time.monotonic() > deadline or process.poll() is not None:
            Remote(process, 0).kill()
            pytest.fail("the remote Chromium did not start")
        time.sleep(0.02)
    return Remote(process, int(active.read_text().split()[0]))


EXECUTABLE = executable()


@pytest.fixture
def grid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Remote]]:
    """``grid()`` starts a remote Chromium (extra flags as arguments); all are killed after the test."""
    started: list[Remote] = []

    def start(*flags: str) -> Remote:
        remote = start_remote(tmp_path_factory.mktemp("remote") / "profile", *flags)
        started.append(remote)
        return remote

    yield start
    for remote in started:
        if remote.process.poll() is None:
            remote.kill()


def secrets_in(folder: Path) -> list[str]:
    """The files of an evidence folder that hold the endpoint's token (there must be none)."""
    return [str(p) for p in folder.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]


# --- the rule that tells the kinds apart, and masking ---------------------------------------------
@pytest.mark.parametrize(
    ("given", "kind", "url"),
    [
        ("http://127.0.0.1:9222", "cdp", "http://127.0.0.1:9222"),
        ("https://grid.example/?token=t0k3n", "cdp", "https://grid.example/?token=t0k3n"),
        ("ws://127.0.0.1:9222/devtools/browser/1f2e-3d", "cdp", "ws://127.0.0.1:9222/devtools/browser/1f2e-3d"),
        ("ws://grid:4444/session/4b1c/se/cdp", "cdp", "ws://grid:4444/session/4b1c/se/cdp"),
        ("ws://127.0.0.1:3000/chromium/playwright?token=t0k3n", "playwright", ""),
        ("wss://pw.example:443/", "playwright", "wss://pw.example:443/"),
        (
            "cdp+wss://production-sfo.browserless.io?token=t0k3n",
            "cdp",
            "wss://production-sfo.browserless.io?token=t0k3n",
        ),
        ("pw+ws://127.0.0.1:9222/devtools/browser/1f2e", "playwright", "ws://127.0.0.1:9222/devtools/browser/1f2e"),
        ("CDP+ws://127.0.0.1:3000", "cdp", "ws://127.0.0.1:3000"),
    ],
)
def test_the_rule_tells_a_devtools_endpoint_from_a_playwright_server(given: str, kind: str, url: str) -> None:
    endpoint = browsers.parse_endpoint(given)
    assert endpoint.kind == kind
    assert endpoint.url == (url or given)


@pytest.mark.parametrize(
    "given",
    ["127.0.0.1:9222", "ftp://grid/", "http://", "pw+http://grid:3000/", "foo+ws://grid:3000/", "ws://grid:99999/"],
)
def test_what_is_no_endpoint_is_a_usage_error(given: str) -> None:
    with pytest.raises(UsageError, match="bad --browser-endpoint"):
        browsers.parse_endpoint(given)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("http://127.0.0.1:9222", "http://127.0.0.1:9222"),
        ("wss://host/x?token=t0k3n&timeout=60000", "wss://host/x?token=***&timeout=***"),
        ("http://admin:pa55word@grid:4444/", "http://***@grid:4444/"),
        ("cdp+wss://user:pa55@host/?t0k3n", "cdp+wss://***@host/?***"),
        ("ws://host/path?a=1+2", "ws://host/path?a=***"),
    ],
)
def test_tokens_and_passwords_are_masked(given: str, shown: str) -> None:
    assert browsers.mask_endpoint(given) == shown
    assert browsers.parse_endpoint(given).shown == shown


def test_user_and_password_go_as_basic_authentication_and_never_in_a_message() -> None:
    endpoint = browsers.parse_endpoint("https://ops%40acme:pa55word@grid.example:4444/?token=t0k3n")
    assert endpoint.url == "https://grid.example:4444/?token=t0k3n"
    assert endpoint.headers == {"Authorization": "Basic " + base64.b64encode(b"ops@acme:pa55word").decode()}
    said = endpoint.scrub("WebSocket error: wss://ops%40acme:pa55word@grid.example:4444/?token=t0k3n 401")
    assert "pa55word" not in said and "t0k3n" not in said and "ops" not in said


def test_bad_endpoints_and_a_headed_remote_run_are_one_line_before_anything_runs(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evidence = tmp_path / "ev"
    bad = cli(
        "run", "office365", "--dry-run", "--sandbox", "--browser-endpoint", "ftp://x", "--evidence-dir", str(evidence)
    )
    assert bad.code == 2 and "bad --browser-endpoint 'ftp://x'" in bad.err
    headed = cli("run", "office365", "--dry-run", "--headed", "--browser-endpoint", "http://127.0.0.1:9")
    assert headed.code == 2 and "--headed" in headed.err
    monkeypatch.setenv("CANCELPROOF_BROWSER_ENDPOINT", "http://127.0.0.1:9 wss://x:pw@h?token=t0k3n ftp://no")
    env = cli("recheck", str(tmp_path), "--evidence-dir", str(evidence))
    assert env.code == 2 and "bad --browser-endpoint 'ftp://no'" in env.err
    assert not evidence.exists()


def test_the_sandbox_binds_where_it_is_told() -> None:
    with SandboxServer(portal_class("office365")(None), host="127.0.0.2") as server:
        assert server.url.startswith("http://127.0.0.2:")
        with urllib.request.urlopen(server.url + "__sandbox/record", timeout=5) as answer:
            assert json.loads(answer.read()) == []
    with pytest.raises(UsageError, match=r"cannot serve the sandbox on 192\.0\.2\.1"):
        SandboxServer(portal_class("office365")(None), host="192.0.2.1")  # TEST-NET: no address of this machine


# --- runs on a remote browser ---------------------------------------------------------------------
def test_a_dry_run_of_each_vendor_over_an_endpoint(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The evidence is complete (screenshots, text, trace, report PDF), the manifest names the remote browser
    and its endpoint masked, the token is nowhere, and the remote browser is left as it was found."""
    remote = grid()
    before = remote.pages()
    for vendor in VENDORS:
        result = cli(
            "run",
            vendor,
            "--dry-run",
            "--sandbox",
            "--browser-endpoint",
            remote.endpoint,
            "--evidence-dir",
            str(tmp_path / "ev"),
            "--json",
        )
        assert result.code == 0, result.err
        folder = result.folder
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["outcome"] == "dry-run-complete"
        assert manifest["browser_endpoint"] == remote.shown
        assert manifest["browser"].split()[0] in ("Chrome", "HeadlessChrome", "Chromium")
        kinds = {f["media_type"] for f in manifest["files"]}
        assert {"image/png", "text/plain", "application/zip"} <= kinds, kinds  # screenshots, text, trace
        assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
        assert verify(folder).code == 0
        assert secrets_in(folder) == []
    assert remote.process.poll() is None and remote.pages() == before


@pytest.fixture
def playwright_server(tmp_path: Path) -> Iterator[str]:
    """``playwright run-server`` on a loopback port; its ws:// endpoint. The server launches the Chromium build
    its driver names (browsers.json): here a script in its place that starts this machine's Chromium."""
    import playwright

    driver = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    builds = {b["name"]: b["revision"] for b in json.loads(driver.read_text())["browsers"]}
    shell = tmp_path / "browsers" / f"chromium_headless_shell-{builds['chromium-headless-shell']}"
    shell = shell / "chrome-headless-shell-linux64" / "chrome-headless-shell"
    shell.parent.mkdir(parents=True)
    shell.write_text(f'#!/bin/sh\nexec "{EXECUTABLE}" --no-sandbox "$@"\n')
    shell.chmod(0o755)
    port = free_port()
    env = {**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers")}
    command = [sys.executable, "-m", "playwright", "run-server", "--port", str(port), "--host", "127.0.0.1"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert server.stdout is not None
    if b"Listening on" not in server.stdout.readline():  # the first line says where it listens
        server.kill()
        pytest.fail("playwright run-server did not start")
    yield f"ws://127.0.0.1:{port}/?token={TOKEN}"
    server.terminate()
    server.wait(timeout=10)


def test_a_dry_run_over_a_playwright_server(playwright_server: str, cli: Callable[..., Any], tmp_path: Path) -> None:
    """A ws:// endpoint without /devtools/ is a Playwright server: the run connects with Playwright's own
    protocol, and the evidence is as complete as over DevTools (trace and PDF printed remotely)."""
    result = cli(
        "run",
        "salesforce",
        "--dry-run",
        "--sandbox",
        "--browser-endpoint",
        playwright_server,
        "--evidence-dir",
        str(tmp_path / "ev"),
        "--json",
    )
    assert result.code == 0, result.err
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["outcome"] == "dry-run-complete"
    assert manifest["browser_endpoint"] == playwright_server.replace(TOKEN, "***")
    assert "application/zip" in {f["media_type"] for f in manifest["files"]}  # the trace
    assert (result.folder / "report.pdf").read_bytes().startswith(b"%PDF")
    assert verify(result.folder).code == 0
    assert secrets_in(result.folder) == []


def test_a_browser_that_cannot_reach_the_sandbox_fails_the_run_in_one_line(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """A grid that cannot reach this machine's loopback (here: every request through a dead proxy)."""
    walled = grid("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>")
    result = cli(
        "run",
        "office365",
        "--dry-run",
        "--sandbox",
        "--browser-endpoint",
        walled.endpoint,
        "--evidence-dir",
        str(tmp_path / "ev"),
        "--json",
    )
    assert result.code == 1
    message = result.json["message"]
    assert f"the browser at {walled.shown} cannot reach the sandbox at http://127.0.0.1:" in message
    assert "--sandbox-host" in message and TOKEN not in result.err + result.out
    assert verify(result.folder).code == 0


# --- batches over several browsers ----------------------------------------------------------------
TODAY = date.today()


def entries(tmp_path: Path, count: int = 6, scenario: str = "") -> Path:
    """``count`` sandbox entries, the vendors in turn."""
    default = {"office365": "mosa", "salesforce": "contracted", "linkedin": "current"}
    vendors = [*default] * count
    tables = [
        f'[[subscription]]\nvendor = "{vendor}"\nnext_renewal = {TODAY + timedelta(days=90 + n)}\n'
        f'notice_days = 2\nsandbox = "{default[vendor]}{scenario}"\n'
        for n, vendor in enumerate(vendors[:count])
    ]
    path = tmp_path / "inventory.toml"
    path.write_text("\n".join(tables))
    return path


def batch(cli: Callable[..., Any], inventory: Path, evidence: Path, *argv: str) -> Any:
    return cli(
        "run",
        "--inventory",
        str(inventory),
        "--dry-run",
        "--jobs",
        "2",
        "--evidence-dir",
        str(evidence),
        "--no-trace",
        "--json",
        *argv,
    )


def kill_on_second_run(remote: Remote) -> threading.Thread:
    """Kill ``remote`` once it walks its second sandbox portal (its first entry done): mid-batch, mid-run."""

    def watch() -> None:
        seen: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                pages = remote.pages()
            except OSError:
                return
            for url in pages:
                origin, _, path = url.removeprefix("http://").partition("/")
                if url.startswith("http://127.0.0.1:") and not path.startswith("__sandbox") and origin not in seen:
                    seen.append(origin)
            if len(seen) >= 2:
                time.sleep(0.3)  # a screen or two into the run
                remote.kill()
                return
            time.sleep(0.03)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_batch_over_two_browsers_one_killed_mid_batch(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """Six entries, --jobs 2 over two browsers; the second is killed during its second run: the entries on
    the first succeed, the one on the dead browser fails with the endpoint named, every folder and the
    index verify, and the index says which endpoint ran which entry."""
    first, second = grid(), grid()
    evidence = tmp_path / "ev"
    killer = kill_on_second_run(second)
    result = batch(
        cli,
        entries(tmp_path),
        evidence,
        "--browser-endpoint",
        first.endpoint,
        "--browser-endpoint",
        second.endpoint,
    )
    killer.join(timeout=5)
    assert second.process.poll() is not None, "the second browser was never killed"
    assert result.code == 1, result.err
    runs = result.json["runs"]
    assert len(runs) == 6
    failed = [r for r in runs if r["outcome"] != "dry-run-complete"]
    assert len(failed) == 1, runs
    assert failed[0]["browser_endpoint"] == second.shown
    assert failed[0]["message"].startswith(f"the browser at {second.shown} went away mid-run: ")
    on_first = [r for r in runs if r["browser_endpoint"] == first.shown]
    assert on_first and all(r["outcome"] == "dry-run-complete" for r in on_first)
    assert {r["browser_endpoint"] for r in runs} == {first.shown, second.shown}
    assert f"[batch] the browser at {second.shown} went away: its worker stops" in result.err
    for run in runs:
        assert verify(Path(run["evidence_dir"])).code == 0, run
    index = Path(result.json["batch_index"])
    code, lines = verify_index(index)
    assert code == 0, lines
    rows = json.loads(index.read_text())["runs"]
    assert [r["endpoint"] for r in rows] == [r["browser_endpoint"] for r in runs]
    assert TOKEN not in index.read_text() + result.out + result.err
    assert first.process.poll() is None


@pytest.mark.slow
def test_retry_elsewhere_moves_the_dry_run_of_a_dead_browser(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """--retry-elsewhere: the run the dead browser was walking runs again on the live one; its first folder
    stays, named in the index; every entry ends well."""
    first, second = grid(), grid()
    evidence = tmp_path / "ev"
    killer = kill_on_second_run(second)
    result = batch(
        cli,
        entries(tmp_path),
        evidence,
        "--browser-endpoint",
        first.endpoint,
        "--browser-endpoint",
        second.endpoint,
        "--retry-elsewhere",
    )
    killer.join(timeout=5)
    assert result.code == 0, result.err
    runs = result.json["runs"]
    assert [r["outcome"] for r in runs] == ["dry-run-complete"] * 6
    moved = [r for r in runs if r.get("retried_after")]
    assert len(moved) == 1 and moved[0]["browser_endpoint"] == first.shown
    assert f"the browser at {second.shown} went away mid-run" in moved[0]["retried_after"]
    earlier = moved[0]["retried_after"].rsplit("(evidence: ", 1)[1].rstrip(")")
    assert verify(evidence / earlier).code == 0
    code, lines = verify_index(Path(result.json["batch_index"]))
    assert code == 0, lines


@pytest.mark.slow
def test_a_refused_endpoint_fails_no_entry_while_another_lives(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    live = grid()
    result = batch(
        cli,
        entries(tmp_path, 2),
        tmp_path / "ev",
        "--browser-endpoint",
        f"http://127.0.0.1:9/?token={TOKEN}",
        "--browser-endpoint",
        live.endpoint,
    )
    assert result.code == 0, result.err
    assert [r["browser_endpoint"] for r in result.json["runs"]] == [live.shown] * 2
    assert "cannot connect to the browser at http://127.0.0.1:9/?token=***: " in result.err
    assert TOKEN not in result.err


def test_every_endpoint_dead_fails_each_entry_in_one_line(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = batch(cli, entries(tmp_path), tmp_path / "ev", "--browser-endpoint", "http://127.0.0.1:9")
    assert result.code == 1
    messages = {r["message"] for r in result.json["runs"]}
    assert messages == {"not run: no live browser endpoint was left (http://127.0.0.1:9: refused)"}
    code, _ = verify_index(Path(result.json["batch_index"]))
    assert code == 0


def test_a_batch_sandbox_the_grid_cannot_reach_fails_its_entries_in_one_line(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    walled = grid("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>")
    result = batch(cli, entries(tmp_path, 2), tmp_path / "ev", "--browser-endpoint", walled.endpoint)
    assert result.code == 1
    for run in result.json["runs"]:
        assert run["message"].startswith(f"the browser at {walled.shown} cannot reach the sandbox at http://127.0.0.1:")


@pytest.mark.slow
def test_an_assisted_batch_runs_one_at_a_time_with_the_gate_here(
    grid: Callable[..., Remote], cli: Callable[..., Any], tmp_path: Path
) -> None:
    from runners.gate import ScriptedConfirmer

    first, second = grid(), grid()
    inventory = tmp_path / "two.toml"
    inventory.write_text(
        "\n".join(
            f'[[subscription]]\nvendor = "office365"\nnext_renewal = {TODAY + timedelta(days=90)}\nsandbox = "mosa"\n'
            for _ in range(2)
        )
    )
    confirmer = ScriptedConfirmer(True, True)
    result = cli(
        "run",
        "--inventory",
        str(inventory),
        "--assisted",
        "--jobs",
        "2",
        "--evidence-dir",
        str(tmp_path / "ev"),
        "--no-trace",
        "--json",
        "--browser-endpoint",
        first.endpoint,
        "--browser-endpoint",
        second.endpoint,
        confirmer=confirmer,
    )
    assert result.code == 0, result.err
    runs = result.json["runs"]
    assert [r["outcome"] for r in runs] == ["cancelled"] * 2
    assert {r["browser_endpoint"] for r in runs} == {first.shown}  # one worker: one browser
    assert len(confirmer.requests) == 2  # at this terminal's gate (here: scripted), one entry after the other
