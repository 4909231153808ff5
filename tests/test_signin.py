"""Signing in like a careful admin: keyring credentials, the human's code, saved sessions, expiry."""

from __future__ import annotations

import io
import os
import select
import stat
import termios
import threading
import time

import pytest

from runners.errors import Declined
from runners.gate import ScriptedConfirmer, TerminalConfirmer
from sandboxes.server import Portal
from tests.helpers import captured, manifest_of

ACCOUNT = Portal.SIGNIN_ACCOUNT
PASSWORD = Portal.SIGNIN_PASSWORD
CODE = Portal.SIGNIN_CODE


@pytest.fixture
def stored(memory_keyring):
    """The sandbox admin's password, stored as `creds set` would."""
    memory_keyring.set_password("cancelproof:office365", ACCOUNT, PASSWORD)
    return memory_keyring


def signed_run(run_on, server, *argv, confirmer=None):
    return run_on(server, "--dry-run", "--account", ACCOUNT, *argv, confirmer=confirmer or ScriptedConfirmer())


def files_outside_internal(folder):
    return [p for p in folder.rglob("*") if p.is_file() and "internal" not in p.relative_to(folder).parts]


def test_creds_set_status_delete(cli, memory_keyring, monkeypatch):
    """`creds set --password-stdin` stores in keyring; `status` sees it; `delete` removes it."""
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-value\n"))
    assert cli("creds", "set", "office365", "me@x.com", "--password-stdin").code == 0
    assert memory_keyring.get_password("cancelproof:office365", "me@x.com") == "s3cret-value"
    status = cli("creds", "status", "office365", "me@x.com")
    assert status.code == 0 and "password stored" in status.out and "s3cret-value" not in status.out
    assert cli("creds", "delete", "office365", "me@x.com").code == 0
    assert cli("creds", "status", "office365", "me@x.com").code == 1


def test_no_keyring_backend_is_one_line_naming_the_variable(cli):
    """With keyring's fail backend: exit 2 and one line naming PYTHON_KEYRING_BACKEND."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        result = cli("creds", "status", "office365", "me@x.com")
    finally:
        keyring.set_keyring(previous)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "PYTHON_KEYRING_BACKEND" in result.err


def test_credentials_module_is_the_only_keyring_importer():
    """No product module but runners/credentials.py imports keyring."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    importers = [
        p.relative_to(root).as_posix()
        for d in ("runners", "flows", "evidence")
        for p in (root / d).rglob("*.py")
        if "import keyring" in p.read_text()
    ]
    assert importers == ["runners/credentials.py"]


def test_stored_password_signs_in_and_never_leaks(sandbox, run_on, stored):
    """Signed-out portal + stored password: the run signs in by itself; the password is in no file outside internal/."""
    server = sandbox("office365", "mosa,signed_out=1")
    result = signed_run(run_on, server)
    assert result.code == 0, result.err
    assert server.portal.signins == 1
    manifest = manifest_of(result)
    assert manifest["sign_in"][0]["how"] == "password from the keyring"
    for path in files_outside_internal(result.folder):
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in result.out + result.err


def test_second_factor_is_asked_of_the_human(sandbox, run_on, stored):
    """MFA: the code comes from the human (the confirmer), never from the tool."""
    server = sandbox("office365", "mosa,signed_out=1,mfa=1")
    human = ScriptedConfirmer(codes=(CODE,))
    result = signed_run(run_on, server, confirmer=human)
    assert result.code == 0, result.err
    assert len(human.code_prompts) == 1 and "second-factor code" in human.code_prompts[0]


def test_no_code_in_time_is_declined(sandbox, run_on, stored):
    """A human who types no code: outcome declined (exit 4), not a hang."""
    server = sandbox("office365", "mosa,signed_out=1,mfa=1")
    result = signed_run(run_on, server, "--code-timeout", "1")
    assert result.code == 4
    assert "second-factor code" in result.json["message"]


def test_headless_without_stored_password_fails_with_one_line(sandbox, run_on, memory_keyring):
    """Nothing stored and no window: one clear line saying how to store a password or use --headed."""
    server = sandbox("office365", "mosa,signed_out=1")
    result = signed_run(run_on, server)
    assert result.code == 1
    assert "creds set" in result.json["message"] and "--headed" in result.json["message"]
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("scenario", "codes", "words"),
    [
        ("mosa,signed_out=1,password=another-one", (), "incorrect"),
        ("mosa,signed_out=1,locked=1", (), "locked"),
        ("mosa,signed_out=1,mfa=1", ("000000",), "code didn't work"),
    ],
    ids=["wrong-password", "locked", "wrong-code"],
)
def test_sign_in_failures_are_clear_with_evidence(sandbox, run_on, stored, cli, scenario, codes, words):
    """Wrong password, locked account, wrong code: failed, the portal's words, a screenshot, a folder that verifies."""
    server = sandbox("office365", scenario)
    result = signed_run(run_on, server, confirmer=ScriptedConfirmer(codes=codes))
    assert result.code == 1
    assert words in result.json["message"]
    assert captured(result.folder, "sign-in-failed")
    assert cli("evidence", "verify", str(result.folder)).code == 0
    assert server.portal.record == []


def test_expired_session_signs_in_again_and_resumes(sandbox, run_on, stored):
    """The session ends mid-run: the run signs in again, resumes the step, and records it."""
    server = sandbox("office365", "mosa,signed_out=1,expire_after=2")
    result = signed_run(run_on, server)
    assert result.code == 0, result.err
    assert server.portal.signins == 2
    events = manifest_of(result)["sign_in"]
    assert [e["event"] for e in events] == ["sign_in_required", "session_expired"]
    from runners.vendors import load_flow

    later_steps = [s.name for s in load_flow("office365").steps[1:]]
    assert events[1]["step"] in later_steps  # met mid-run, after the first step, and resumed there


@pytest.mark.slow  # two runs; the default suite keeps the expiry that signs in again
def test_expired_session_without_password_fails_clearly(sandbox, run_on, memory_keyring, tmp_path, cli):
    """Expiry with nothing stored (a saved session was used): failed, one line, evidence that verifies."""
    server = sandbox("office365", "mosa,signed_out=1,expire_after=2")
    memory_keyring.set_password("cancelproof:office365", ACCOUNT, PASSWORD)
    profile = tmp_path / "profile"
    assert signed_run(run_on, server, "--profile", str(profile)).code == 0
    memory_keyring.store.clear()
    server.portal.expired_once = False
    server.portal.session_requests = 0
    result = signed_run(run_on, server, "--profile", str(profile))
    assert result.code == 1
    assert "sign in" in result.json["message"]
    assert cli("evidence", "verify", str(result.folder)).code == 0


def test_profile_keeps_the_session_and_is_private(sandbox, run_on, stored, tmp_path):
    """--profile: the second run needs no sign-in; the folder is 0700 and the session file 0600."""
    server = sandbox("office365", "mosa,signed_out=1")
    profile = tmp_path / "profile"
    assert signed_run(run_on, server, "--profile", str(profile)).code == 0
    assert signed_run(run_on, server, "--profile", str(profile)).code == 0
    assert server.portal.signins == 1
    assert stat.S_IMODE(os.stat(profile).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(profile / "state.json").st_mode) == 0o600


def test_signed_out_run_never_overwrites_a_good_session(sandbox, run_on, stored, tmp_path):
    """A run that meets a sign-in page it cannot pass leaves the saved session as it was."""
    good = sandbox("office365", "mosa,signed_out=1")
    profile = tmp_path / "profile"
    assert signed_run(run_on, good, "--profile", str(profile)).code == 0
    saved = (profile / "state.json").read_bytes()
    other = sandbox("office365", "mosa,signed_out=1,locked=1")  # a portal that does not know the session
    assert signed_run(run_on, other, "--profile", str(profile)).code == 1
    assert (profile / "state.json").read_bytes() == saved


class Terminal:
    """A pty: the run reads and writes its side as its terminal; the person sees what shows on the other
    side and types there, in a thread, once the prompt they wait for has shown."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.keys = open(self.slave, closefd=False)  # noqa: SIM115 - closed with the terminal
        self.screen = open(self.slave, "w", closefd=False)  # noqa: SIM115 - closed with the terminal
        self.shown = b""
        self.done = threading.Event()
        self.person: threading.Thread | None = None

    def human(self) -> TerminalConfirmer:
        return TerminalConfirmer(self.keys, self.screen)

    def type_when(self, prompt: str, keys: bytes) -> None:
        """The person, in a thread: watch the terminal until ``prompt`` shows, then type ``keys``."""

        def person() -> None:
            typed = False
            ends = time.monotonic() + 120
            while not self.done.is_set() and time.monotonic() < ends:
                if select.select([self.master], [], [], 0.1)[0]:
                    self.shown += os.read(self.master, 4096)
                if not typed and prompt.encode() in self.shown:
                    os.write(self.master, keys)
                    typed = True

        self.person = threading.Thread(target=person, daemon=True)
        self.person.start()

    def close(self) -> str:
        """Stop watching; everything the terminal showed."""
        self.done.set()
        if self.person is not None:
            self.person.join(10)
        self.keys.close()
        self.screen.close()
        os.close(self.master)
        os.close(self.slave)
        return self.shown.decode(errors="replace")


def test_code_is_typed_hidden_at_the_terminal():
    """The code prompt turns the terminal's echo off, as a password prompt does: the code the person types
    never shows on the terminal, the prompt says so, and echo is back on afterwards."""
    terminal = Terminal()
    terminal.type_when("typing is hidden", f"{CODE}\n".encode())
    try:
        assert terminal.human().ask_code("office365 asks for the second-factor code", 30) == CODE
        echo_after = termios.tcgetattr(terminal.slave)[3] & termios.ECHO
    finally:
        shown = terminal.close()
    assert "second-factor code" in shown and "typing is hidden" in shown
    assert CODE not in shown
    assert echo_after


@pytest.mark.parametrize("how", ["ctrl-d", "closed-stream", "no-stdin"])
def test_code_prompt_with_closed_input_says_so_at_once(how):
    """Input that ends at the prompt (Ctrl-D), a stream closed before, or no standard input at all: the
    prompt says "standard input closed" at once, not that no code came within the time given."""
    terminal = Terminal()
    human = terminal.human()
    if how == "ctrl-d":
        terminal.type_when("typing is hidden", b"\x04")
    elif how == "closed-stream":
        terminal.keys.close()
    else:
        human.stdin = None  # fd 0 closed when the process started
    started = time.monotonic()
    try:
        with pytest.raises(Declined, match=r"^standard input closed"):
            human.ask_code("office365 asks for the second-factor code", 30)
    finally:
        terminal.close()
    assert time.monotonic() - started < 10


def test_closed_input_at_a_code_prompt_ends_the_run_saying_so(sandbox, run_on, stored):
    """A run whose code prompt finds standard input closed is declined with that reason, in one line."""
    server = sandbox("office365", "mosa,signed_out=1,mfa=1")
    human = TerminalConfirmer(io.StringIO(), io.StringIO())
    human.stdin.close()
    result = signed_run(run_on, server, "--code-timeout", "60", confirmer=human)
    assert (result.code, result.json["outcome"]) == (4, "declined")
    assert result.json["message"].startswith("standard input closed")
    assert "Traceback" not in result.err
