"""The confirmation gate: nothing irreversible happens until a human types the phrase at a terminal.

A :class:`Confirmer` answers one :class:`GateRequest`. Its default answer is no: the terminal confirmer
declines when there is no terminal, and anything but the exact phrase is a no. It is also the human's side
of signing in: it asks for a second-factor code (typed hidden, like a password) and tells the human what
the identity provider asks of them (the number to enter in the Authenticator app, how long is left).
"""

from __future__ import annotations

import getpass
import os
import select
import sys
import termios
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import IO, Protocol

from evidence.recorder import utc_now
from runners.errors import Declined, UsageError
from runners.model import Mode


@dataclass(frozen=True)
class GateRequest:
    vendor: str
    account: str
    subscription: str
    step: str
    what: str
    phrase: str
    screenshot: str  # path of the screen the human is confirming
    url: str
    mode: Mode
    approver: str = ""  # the person named to approve ("Name <email>", from --approver or CANCELPROOF_APPROVER)
    approver_source: str = ""  # where that name came from


@dataclass(frozen=True)
class GateAnswer:
    confirmed: bool
    typed: str
    approver: str
    answered_at: str
    why: str = ""
    approver_source: str = ""  # how the approver is known: "--approver", "OS login (no --approver given)"…


OS_LOGIN = "OS login (no --approver given)"


def approver_of(request: GateRequest) -> tuple[str, str]:
    """Who answers for this gate: the person named for the run, else the OS login, labelled as such."""
    if request.approver:
        return request.approver, request.approver_source or "--approver"
    return operator(), OS_LOGIN


def parse_approver(text: str, source: str) -> str:
    """``Name <email>`` as given, checked.

    Raises:
        UsageError: no name, or no address.
    """
    name, address = parseaddr(text)
    if not name.strip() or "@" not in address:
        msg = f'bad {source} {text!r}: name the person who approves as "Name <email>"'
        raise UsageError(msg)
    return formataddr((name.strip(), address))


class Confirmer(Protocol):
    """The human at the run: confirms irreversible steps and types second-factor codes."""

    def confirm(self, request: GateRequest) -> GateAnswer: ...

    def ask_code(self, prompt: str, timeout: float) -> str | None:
        """A second-factor code typed by the human within ``timeout`` seconds, or None.

        Raises:
            Declined: the input is closed: nothing can be typed any more.
        """
        ...

    def can_type(self) -> bool:
        """Whether a human can answer at a terminal."""
        ...

    def tell(self, text: str) -> None:
        """Show the human, now, something they need: the number to enter in the app, how long is left."""
        ...


INPUT_CLOSED = "standard input closed: no second-factor code can be typed (run with --headed to type it in the window)"


def operator() -> str:
    """The OS user running the tool."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers: the uid still names the operator
        return f"uid-{os.getuid()}"


def summary(request: GateRequest) -> str:
    return (
        f"\n  Vendor:        {request.vendor}\n"
        f"  Account:       {request.account or '(signed-in session)'}\n"
        f"  Subscription:  {request.subscription}\n"
        f"  What happens:  {request.what}\n"
        f"  Page:          {request.url}\n"
        f"  Screenshot:    {request.screenshot}\n"
        f"  Approver:      {' — '.join(approver_of(request))}\n"
    )


class TerminalConfirmer:
    """Prints the summary and reads the phrase from a terminal; no terminal means no."""

    def __init__(self, stdin: IO[str] | None = None, stderr: IO[str] | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stderr = stderr or sys.stderr

    def closed(self) -> bool:
        """Whether standard input is closed (fd 0 closed at start, or the stream closed since)."""
        return self.stdin is None or bool(getattr(self.stdin, "closed", False))

    def can_type(self) -> bool:
        return not self.closed() and self.stdin.isatty()

    def tell(self, text: str) -> None:
        self.stderr.write(text + "\n")
        self.stderr.flush()

    def ask_code(self, prompt: str, timeout: float) -> str | None:
        """The code, typed hidden (no echo, as at a password prompt) within ``timeout`` seconds.

        Raises:
            Declined: standard input is closed, or ends (Ctrl-D, the terminal went away) at the prompt.
        """
        if self.closed():
            raise Declined(INPUT_CLOSED)
        if not self.can_type():
            return None
        with _hidden(self.stdin):  # the prompt shows once echo is off: nothing typed after it is echoed
            self.stderr.write(f"\n{prompt} (within {timeout:g}s; typing is hidden): ")
            self.stderr.flush()
            try:
                ready, _, _ = select.select([self.stdin], [], [], timeout)
                line = self.stdin.readline() if ready else None
            except (OSError, ValueError):  # the terminal went away while we waited
                line = ""
        self.stderr.write("\n")  # the Enter the terminal did not echo
        self.stderr.flush()
        if line == "":
            raise Declined(INPUT_CLOSED)
        return (line or "").strip() or None

    def confirm(self, request: GateRequest) -> GateAnswer:
        who, source = approver_of(request)
        if not self.can_type():
            return GateAnswer(False, "", who, utc_now(), "no terminal to confirm at", source)
        self.stderr.write(summary(request))
        self.stderr.write(f'\nType "{request.phrase}" to confirm, or anything else to stop: ')
        self.stderr.flush()
        try:
            typed = self.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            typed = ""
        typed = typed.rstrip("\r\n")
        ok = typed.strip() == request.phrase
        return GateAnswer(ok, typed, who, utc_now(), "" if ok else "the phrase was not typed", source)


class ScriptedConfirmer:
    """Answers from a list (tests, or a batch that was approved ahead); records what it was shown."""

    def __init__(self, *answers: bool, codes: tuple[str, ...] = ()) -> None:
        self.answers = list(answers)
        self.codes = list(codes)
        self.requests: list[GateRequest] = []
        self.code_prompts: list[str] = []
        self.told: list[str] = []

    def can_type(self) -> bool:
        return True

    def tell(self, text: str) -> None:
        self.told.append(text)

    def ask_code(self, prompt: str, timeout: float) -> str | None:
        self.code_prompts.append(prompt)
        return self.codes.pop(0) if self.codes else None

    def confirm(self, request: GateRequest) -> GateAnswer:
        self.requests.append(request)
        ok = self.answers.pop(0) if self.answers else False
        who, source = (request.approver, request.approver_source) if request.approver else ("scripted-test", "scripted")
        return GateAnswer(
            ok, request.phrase if ok else "no", who, utc_now(), "" if ok else "the phrase was not typed", source
        )


@contextmanager
def _hidden(stream: IO[str]) -> Iterator[None]:
    """What is typed at the terminal ``stream`` is not echoed meanwhile (what getpass does for a password)."""
    try:
        fd = stream.fileno()
        before = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, termios.error):  # not a real terminal: nothing is echoed anyway
        yield
        return
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO  # lflags: no echo; lines are still read whole (ICANON)
    termios.tcsetattr(fd, termios.TCSAFLUSH, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, before)
