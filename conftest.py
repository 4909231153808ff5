"""Root fixtures: sandbox portal servers, browser launch args, an in-memory keyring, the CLI in-process.

The fixture chain follows pytest-playwright: ``browser_type_launch_args`` is overridden here so its
``browser`` and ``page`` fixtures use the same Chromium the product finds (Playwright's own, else the
system's).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from runners.vendors import portal_class
from sandboxes.server import SandboxServer
from tests.helpers import CliResult


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from runners import browser as browsers

    with sync_playwright() as pw:
        executable = browsers.find_browser(pw)
    return browsers.launch_args(executable, headed=False)


@pytest.fixture
def sandbox() -> Iterator[Callable[..., SandboxServer]]:
    """Start a vendor's sandbox portal: ``sandbox("office365", "mosa,locale=fr")``; stopped after the test."""
    servers: list[SandboxServer] = []

    def start(vendor: str, scenario: str | None = None, **overrides: Any) -> SandboxServer:
        server = SandboxServer(portal_class(vendor)(scenario, **overrides)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., CliResult]:
    """Call the command line in-process: ``cli("run", "office365", "--dry-run", confirmer=…)``."""
    from cli import main

    def call(*argv: str, confirmer: Any = None, browser: Any = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), confirmer=confirmer, stdout=out, stderr=err, browser=browser)
        return CliResult(code, out.getvalue(), err.getvalue())

    return call


@pytest.fixture
def run_on(cli: Callable[..., CliResult], tmp_path: Path, browser: Any) -> Callable[..., CliResult]:
    """``run_on(server, "--dry-run")``: the CLI's run against a sandbox server, evidence in tmp_path.

    Runs share pytest-playwright's session ``browser`` (a fresh context each, as in a batch), which
    saves a Playwright start and a Chromium launch per test; tests/test_cli.py and the subprocess tests
    cover a run that finds and starts its own browser.
    """

    def call(server: SandboxServer, *argv: str, vendor: str | None = None, confirmer: Any = None) -> CliResult:
        return cli(
            "run",
            vendor or server.portal.vendor,
            "--base-url",
            server.url,
            "--evidence-dir",
            str(tmp_path / "evidence"),
            "--json",
            "--timeout",
            "15",
            *argv,  # last, so that a test's own --timeout wins
            confirmer=confirmer,
            browser=browser,
        )

    return call


class MemoryKeyring:
    """An in-memory keyring backend for fast tests (a real Secret Service is tested separately)."""

    priority = 1

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]

    def get_credential(self, service: str, username: str | None) -> Any:
        return None


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """keyring backed by a dict for this test."""
    import keyring
    from keyring.backend import KeyringBackend

    previous = keyring.get_keyring()
    backend = type("TestMemoryKeyring", (MemoryKeyring, KeyringBackend), {"priority": 1})()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
