"""The error hierarchy: each error knows the outcome it ends a run with."""

from __future__ import annotations

from runners.model import Outcome


class RunnerError(Exception):
    """Base of every error the runner turns into an outcome and one line."""

    outcome = Outcome.FAILED

    @property
    def exit_code(self) -> int:
        """The command line's exit code (evidence/errors.py's errors carry one too)."""
        return self.outcome.exit_code


class UsageError(RunnerError):
    """Bad input from the user: one line, exit 2."""

    outcome = Outcome.USAGE


class PortalChangedError(RunnerError):
    """The portal does not show what the flow expected (a renamed or missing control, an error page)."""


class StepTimeout(RunnerError):
    """A step took longer than --timeout."""


class BrowserError(RunnerError):
    """No browser could be found or started, or it died mid-run."""


class BlockedByRule(RunnerError):
    """A rule forbids cancelling online; the message says what to do instead."""

    outcome = Outcome.BLOCKED


class Declined(RunnerError):
    """The human did not type the phrase (or there was no terminal, or a code was not given in time)."""

    outcome = Outcome.DECLINED


class AlreadyCancelled(RunnerError):
    """The subscription is already cancelled; the evidence shows its status."""

    outcome = Outcome.ALREADY_CANCELLED


class SignInError(RunnerError):
    """Signing in failed (wrong password, locked account, wrong code, no stored credentials)."""


class EvidenceError(RunnerError):
    """The evidence folder could not be written."""

    outcome = Outcome.USAGE


class Interrupted(RunnerError):
    """SIGINT or SIGTERM during a run."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by signal {signum}")


def one_line(exc: BaseException) -> str:
    """Playwright errors are long; keep the first line and what it was waiting for."""
    text = str(exc).strip() or type(exc).__name__
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0] if lines else text
    waiting = next((ln for ln in lines if ln.startswith("- waiting for")), "")
    return f"{first} ({waiting.lstrip('- ')})" if waiting else first
