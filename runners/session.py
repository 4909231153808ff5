"""Signing in like a careful admin, whenever the portal asks: at the start or when a session expires.

A Playwright locator handler watches for a sign-in screen before every action and assertion, so a step
that meets one (the first step, or any step after the session expired) signs in and resumes where it was.
The handler answers each screen the way a person would: the account, the password from the keyring only,
the account's tile on "Pick an account", and "Stay signed in?" answered No, or Yes when --profile keeps the
session. Which screen is shown is read by :class:`Screens`, handed down by the vendor (its ``Vendor.signin``,
found through runners/vendors.py: flows/signin.py's ``SignInPage`` for the bundled vendors); this module
never imports flows/.

What only a person may do is left to the person, who is told what is needed: a second-factor code, typed
hidden at the terminal or in the headed window; a push request approved in the Authenticator app (the
number to enter there is printed and logged as soon as the page shows it); a security check solved in the
window (headed only; headless stops with one line). The tool never approves, solves or types a second
factor itself. Those waits are human time (:func:`runners.watchdog.human_time`), each bounded by
--code-timeout, not by --timeout. Without a stored password a headed run waits for the human to sign in
in the window; a headless one stops with one line.

Playwright bounds the wait of the step during which the handler runs: a human slower than --timeout makes
it fail meanwhile. :meth:`SignIn.outlasted` tells the runner so, :meth:`SignIn.finish` lets the sign-in end
(on human time), and the runner runs the step again from its start.

``--profile DIR`` keeps the session (Playwright storage state) between runs, 0700/0600; it is saved only
by a run that ends signed in, so a run that finds itself signed out never overwrites a good session.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from evidence.atomic import replace_file
from evidence.redact import remember_secret
from runners import credentials
from runners.errors import Declined, RunnerError, SignInError
from runners.model import patience_of
from runners.watchdog import human_time

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext, Locator, Page

    from runners.gate import Confirmer

HUMAN_SIGNIN_SECONDS = 300.0
REMIND_EVERY = 30.0  # seconds between "still waiting" lines while the human approves or solves
MOST_SCREENS = 12  # a sign-in that shows more screens than this is going round in circles


class Screens(Protocol):
    """The sign-in screens of one tab, told apart by role and visible name (flows/signin.py's ``SignInPage``).

    Built by the vendor's reader, ``reader(page, locale)``; :class:`SignIn` answers what it reads.
    """

    @property
    def shown(self) -> Locator:
        """Visible whenever the portal asks a person to sign in."""
        ...

    @property
    def code(self) -> Locator: ...

    @property
    def approve(self) -> Locator: ...

    @property
    def puzzle(self) -> Locator: ...

    def which(self) -> str:
        """The screen shown now: "" (none), "error", "pick", "approve", "puzzle", "stay", "code", "password",
        "email" or "unknown"."""
        ...

    def left(self, screen: str) -> None:
        """Wait, bounded by --timeout, until ``screen`` has gone (AssertionError when it stays)."""
        ...

    def error_text(self) -> str: ...

    def heading_text(self) -> str: ...

    def number_shown(self) -> str: ...

    def code_hint(self) -> str: ...

    def sign_in(self, account: str, password: str) -> None: ...

    def pick_account(self, account: str) -> None: ...

    def stay_signed_in(self, yes: bool) -> None: ...

    def enter_code(self, code: str) -> None: ...


def _patience(page: Page) -> float:
    """The run's --timeout, the bound of every wait on ``page``."""
    return patience_of(page.context)


def _until_hidden(locator: Locator, seconds: float) -> None:
    """Wait up to ``seconds`` for ``locator`` to be hidden (AssertionError when it is still shown)."""
    from playwright.sync_api import expect  # Playwright only for a run: importing this module loads none

    expect(locator).to_be_hidden(timeout=seconds * 1000)


@dataclass
class SignIn:
    screens: Callable[[Page, str], Screens]  # the vendor's sign-in screens reader (runners.vendors.signin_screens)
    vendor: str
    account: str
    locale: str
    headed: bool
    human: Confirmer
    code_timeout: float
    log: Any
    capture: Callable[[str], object]  # capture the page now, with this label
    current_step: Callable[[], str]
    keep_signed_in: bool = False  # --profile keeps the session: "Stay signed in?" is answered Yes
    events: list[dict[str, str]] = field(default_factory=list)
    failed: str = ""
    error: RunnerError | None = None  # why the sign-in failed: the run ends with it (a keyring gone: usage)
    busy: bool = False  # the handler is under way
    human_waited: bool = False  # the human's time was spent during the step now running
    signal: str = field(default_factory=lambda: f"cancelproof:sign-in-ended:{secrets.token_hex(6)}")

    def install(self, page: Page) -> None:
        """Meet the sign-in screen on ``page`` (the run's first tab, and every tab the portal opens)."""
        screen = self.screens(page, self.locale)
        self.page, self.screen = page, screen

        def handle(shown: Locator) -> None:
            self.page, self.screen = page, screen  # the tab where the sign-in screen showed
            self.busy = True
            try:
                self._handle(shown)
            finally:
                self.busy = False
                with suppress(Exception):  # the page is gone when the sign-in failed: nobody waits then
                    page.evaluate("text => console.debug(text)", self.signal)

        page.add_locator_handler(screen.shown, handle)

    # --- what the runner asks --------------------------------------------------------------------
    def step_started(self) -> None:
        """A step begins: the human's time is counted for it from here."""
        self.human_waited = False

    def outlasted(self) -> bool:
        """Whether a sign-in ran on human time during this step (or still runs): a wait of the step may
        have run out meanwhile, and the step is run again once the sign-in has ended (:meth:`finish`)."""
        return self.busy or self.human_waited

    def finish(self) -> None:
        """Let a sign-in still under way end, on human time; raise its error if it failed.

        Call it first, before anything else touches the page: the handler goes on meanwhile.

        Raises:
            RunnerError: why the sign-in failed (:class:`SignInError`, :class:`Declined` when the human did
                not do their part in time, a usage error when the keyring cannot be read).
        """
        bound = HUMAN_SIGNIN_SECONDS + self.code_timeout + 4 * _patience(self.page)
        if self.busy:
            from playwright.sync_api import Error as PlaywrightError  # Playwright only for a run: start-up time

            with human_time(), suppress(PlaywrightError):  # the page closes when the sign-in fails: see error
                self.page.wait_for_event("console", lambda m: m.text == self.signal, timeout=bound * 1000)
        if self.error is not None:
            raise self.error
        if self.busy:
            msg = f"the sign-in at {self.vendor} did not end within {bound:g}s"
            raise SignInError(msg)

    def signed_in_now(self) -> bool:
        try:
            return not self.screen.shown.is_visible()
        except Exception:  # a dead page is not a signed-in session
            return False

    # --- the handler ---------------------------------------------------------------------------------
    def _handle(self, _: Locator) -> None:
        step = self.current_step()
        first = not self.events
        kind = "sign_in_required" if first else "session_expired"
        self.log.info(kind, step=step, url=self.page.url)
        self.capture("sign-in" if first else "session-expired")
        try:
            how = self._sign_in()
        except RunnerError as exc:
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
        """Answer each sign-in screen in turn until the portal's own screen shows; how it went, in words."""
        screen, how = self.screen, []
        password: str | None = None
        for _ in range(MOST_SCREENS):
            shown = screen.which()
            if not shown:
                break
            if shown == "error":
                msg = f"sign-in failed at {self.vendor} for {self.account or 'your account'}: {screen.error_text()}"
                raise SignInError(msg)
            if shown in ("pick", "email", "password"):
                if password is None:
                    password = credentials.get_password(self.vendor, self.account) or ""
                if not password:
                    return self._wait_for_human("no password is stored")
                if shown == "pick":
                    screen.pick_account(self.account)
                    self.log.info("account_picked", account=self.account)
                else:
                    screen.sign_in(self.account, password)
                    how.append("password from the keyring")
            elif shown == "code":
                self._second_factor()
                how.append("code typed by the human")
            elif shown == "approve":
                self._approval()
                how.append("approved by the human in the Authenticator app")
            elif shown == "puzzle":
                self._security_check()
                how.append("security check passed by the human in the window")
            elif shown == "stay":
                self._stay_signed_in()
            else:
                return self._unknown(screen.heading_text())
            try:
                screen.left(shown)
            except AssertionError:
                msg = (
                    f"the sign-in at {self.vendor} did not go on from its screen “{screen.heading_text() or shown}”"
                    f" within {_patience(self.page):g}s of the answer"
                )
                raise SignInError(msg) from None
        else:
            msg = f"the sign-in at {self.vendor} did not end after {MOST_SCREENS} screens"
            raise SignInError(msg)
        _until_hidden(screen.shown, _patience(self.page))
        return ", ".join(dict.fromkeys(how)) or "no screen needed an answer"

    def _second_factor(self) -> None:
        screen = self.screen
        hint = screen.code_hint()
        prompt = f"{self.vendor} asks for the second-factor code for {self.account or 'your account'}"
        prompt += f" (“{hint}”)" if hint else ""
        self.human_waited = True
        if not self.human.can_type() and self.headed:
            self.log.info("waiting_for_human_code", seconds=self.code_timeout)
            self.human.tell(f"{prompt}: type it in the browser window within {self.code_timeout:g}s")
            try:
                with human_time():
                    _until_hidden(screen.code, self.code_timeout)
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
        remember_secret(code)
        screen.enter_code(code)

    def _approval(self) -> None:
        """Push approval: print the number to enter in the app, then wait for the person to approve."""
        number = self.screen.number_shown()
        # this line names the app and holds no other number: the person reads it at a glance
        self.human.tell(f"Open your Authenticator app and enter {number}" if number else "Open your Authenticator app")
        self.log.info("approval_requested", number=number, seconds=self.code_timeout)
        self.human.tell(
            f"  {self.vendor} waits while you approve the sign-in of {self.account or 'your account'} on your phone;"
            f" the run goes on by itself once you have ({self.code_timeout:g}s at most)"
        )
        self.human_waited = True
        self.capture("sign-in-approval")
        self._wait_for_person(self.screen.approve, "approval in the Authenticator app")

    def _security_check(self) -> None:
        heading = self.screen.heading_text()
        if not self.headed:
            msg = (
                f"{self.vendor} shows a security check only a person can pass (“{heading}”):"
                " run again with --headed and pass it in the browser window"
            )
            raise SignInError(msg)
        self.human.tell(
            f"{self.vendor} shows a security check only a person can pass (“{heading}”): pass it in the browser"
            f" window; the run goes on by itself once you have ({self.code_timeout:g}s at most)"
        )
        self.log.info("waiting_for_human_check", heading=heading, seconds=self.code_timeout)
        self.human_waited = True
        self._wait_for_person(self.screen.puzzle, "security check in the window")

    def _wait_for_person(self, screen: Locator, what: str) -> None:
        """Wait, on human time and within --code-timeout, for ``screen`` to go; say how long is left meanwhile."""
        ends = time.monotonic() + self.code_timeout
        with human_time():
            while True:
                left = ends - time.monotonic()
                try:
                    _until_hidden(screen, max(0.1, min(left, REMIND_EVERY)))
                    return
                except AssertionError:
                    left = ends - time.monotonic()
                    if left <= 0:
                        msg = f"nobody finished the {what} within {self.code_timeout:g}s"
                        raise Declined(msg) from None
                    self.human.tell(f"  still waiting for your {what}: {left:.0f}s left")

    def _stay_signed_in(self) -> None:
        yes = self.keep_signed_in
        self.screen.stay_signed_in(yes)
        why = "--profile keeps the session" if yes else "no --profile: the session is not kept"
        self.log.info("stay_signed_in", answer="yes" if yes else "no", why=why)

    def _unknown(self, heading: str) -> str:
        """A sign-in screen none of the label lists knows: the person finishes in the window (headed only)."""
        if not self.headed:
            msg = (
                f"{self.vendor} shows a sign-in screen cancelproof does not know (“{heading}”):"
                " run with --headed and finish signing in in the browser window"
            )
            raise SignInError(msg)
        return self._wait_for_human(f"cancelproof does not know the sign-in screen “{heading}”")

    def _wait_for_human(self, why: str) -> str:
        if not self.headed:
            msg = (
                f"the portal asks to sign in and {why} for {self.vendor} account {self.account or '(none given)'}:"
                f" store one with `cancelproof creds set {self.vendor} ACCOUNT` and pass --account, or run"
                " with --headed and sign in in the window"
            )
            raise SignInError(msg)
        self.log.info("waiting_for_human_sign_in", seconds=HUMAN_SIGNIN_SECONDS, why=why)
        self.human.tell(
            f"{self.vendor}: {why}: sign in in the browser window; the run goes on by itself once you have"
            f" ({HUMAN_SIGNIN_SECONDS:g}s at most)"
        )
        self.human_waited = True
        try:
            with human_time():
                _until_hidden(self.screen.shown, HUMAN_SIGNIN_SECONDS)
        except AssertionError:
            msg = f"nobody signed in within {HUMAN_SIGNIN_SECONDS:g}s"
            raise Declined(msg) from None
        return "signed in by the human in the window"


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
    replace_file(profile / "state.json", json.dumps(context.storage_state()).encode())
    return True
