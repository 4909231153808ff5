"""Signing in like a careful admin, whenever the portal asks: at the start or when a session expires.

A Playwright locator handler watches for the sign-in screen before every action and assertion, so a
step that meets it (the first one, or any step after the session expired) signs in and resumes where it
was. The password comes from the keyring only; a second factor is always typed by the human (terminal,
or the headed window) within a time limit. Without a stored password a headed run waits for the human
to sign in in the window; a headless one stops with one line.

``--profile DIR`` keeps the session (Playwright storage state) between runs, 0700/0600; it is saved only
by a run that ends signed in, so a run that finds itself signed out never overwrites a good session.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.signin import SignInPage
from flows.ui import expect
from runners import credentials
from runners.errors import Declined, SignInError
from runners.watchdog import human_time

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext, Locator, Page

    from runners.gate import Confirmer

HUMAN_SIGNIN_SECONDS = 300.0


@dataclass
class SignIn:
    vendor: str
    account: str
    locale: str
    headed: bool
    human: Confirmer
    code_timeout: float
    log: Any
    capture: Callable[[str], object]  # capture the page now, with this label
    current_step: Callable[[], str]
    events: list[dict[str, str]] = field(default_factory=list)
    failed: str = ""
    error: SignInError | Declined | None = None

    def install(self, page: Page) -> None:
        """Meet the sign-in screen on ``page`` (the run's first tab, and every tab the portal opens)."""
        screen = SignInPage(page, self.locale)
        self.page, self.screen = page, screen

        def handle(shown: Locator) -> None:
            self.page, self.screen = page, screen  # the tab where the sign-in screen showed
            self._handle(shown)

        page.add_locator_handler(screen.shown, handle)

    def _handle(self, _: Locator) -> None:
        step = self.current_step()
        first = not self.events
        kind = "sign_in_required" if first else "session_expired"
        self.log.info(kind, step=step, url=self.page.url)
        self.capture("sign-in" if first else "session-expired")
        try:
            how = self._sign_in()
        except (SignInError, Declined) as exc:
            # Playwright swallows a handler's exception and would go on waiting for the step's control
            # until the timeout: keep the error for the runner and close the page so the step ends now.
            self.failed = str(exc)
            self.error = exc
            self.log.warning("sign_in_failed", step=step, reason=str(exc), url=self.page.url)
            self.capture("sign-in-failed")
            self.page.close()
            return
        self.events.append({"event": kind, "step": step, "how": how})
        self.log.info("signed_in", step=step, how=how, resumed_step=step, url=self.page.url)

    def _sign_in(self) -> str:
        screen = self.screen
        how = "session already had a password step done"
        if not screen.asks_code():
            password = credentials.get_password(self.vendor, self.account)
            if not password:
                return self._wait_for_human("no password is stored")
            screen.sign_in(self.account, password)
            self.page.wait_for_load_state()
            error = screen.error_text()
            if error and not screen.asks_code():
                msg = f"sign-in failed at {self.vendor} for {self.account}: {error}"
                raise SignInError(msg)
            how = "password from the keyring"
        if screen.asks_code():
            self._second_factor()
            how += ", code typed by the human"
        expect(screen.shown).to_be_hidden()
        return how

    def _second_factor(self) -> None:
        screen = self.screen
        prompt = f"{self.vendor} asks for the second-factor code for {self.account or 'your account'}"
        if not self.human.can_type() and self.headed:
            self.log.info("waiting_for_human_code", seconds=self.code_timeout)
            try:
                with human_time():
                    expect(screen.code).to_be_hidden(timeout=self.code_timeout * 1000)
            except AssertionError:
                msg = f"no second-factor code was entered within {self.code_timeout:g}s"
                raise Declined(msg) from None
            return
        with human_time():
            code = self.human.ask_code(prompt, self.code_timeout)
        if not code:
            msg = (
                f"no second-factor code was typed within {self.code_timeout:g}s"
                if self.human.can_type()
                else "the portal asks for a second-factor code and there is no terminal to type it "
                "(use --headed to type it in the window)"
            )
            raise Declined(msg)
        from evidence.redact import remember_secret

        remember_secret(code)
        screen.enter_code(code)
        self.page.wait_for_load_state()
        if screen.asks_code():
            error = screen.error_text() or "the code was not accepted"
            msg = f"second factor refused at {self.vendor}: {error}"
            raise SignInError(msg)

    def _wait_for_human(self, why: str) -> str:
        if not self.headed:
            msg = (
                f"the portal asks to sign in and {why} for {self.vendor} account {self.account or '(none given)'}:"
                f" store one with `cancelproof creds set {self.vendor} ACCOUNT` and pass --account, or run"
                " with --headed and sign in in the window"
            )
            raise SignInError(msg)
        self.log.info("waiting_for_human_sign_in", seconds=HUMAN_SIGNIN_SECONDS)
        try:
            with human_time():
                expect(self.screen.shown).to_be_hidden(timeout=HUMAN_SIGNIN_SECONDS * 1000)
        except AssertionError:
            msg = f"nobody signed in within {HUMAN_SIGNIN_SECONDS:g}s"
            raise Declined(msg) from None
        return "signed in by the human in the window"

    def signed_in_now(self) -> bool:
        try:
            return not self.screen.shown.is_visible()
        except Exception:  # a dead page is not a signed-in session
            return False


def profile_state(profile: Path | None) -> str | None:
    """The saved session to start from, if the profile has one."""
    if profile is None:
        return None
    state = profile / "state.json"
    return str(state) if state.is_file() else None


def prepare_profile(profile: Path) -> None:
    """Create the profile folder 0700 (it holds cookies)."""
    profile.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(profile, 0o700)


def save_profile(profile: Path, context: BrowserContext) -> bool:
    """Save the session atomically (0600); the caller only calls this for a run that ends signed in."""
    state = context.storage_state()
    tmp = profile / "state.json.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh)
    os.replace(tmp, profile / "state.json")
    return True
