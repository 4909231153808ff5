"""Signing in through the identity providers' screens (docs/portals.md "Signing in"), in English and French:
Microsoft Entra ID (push approval with number matching, a code, none; "Stay signed in?"; "Pick an account"),
Salesforce (Verify Your Identity) and LinkedIn (an e-mail code, a security check only a person can pass).

The human is scripted: a confirmer that types codes, and a phone that approves the push request with the
number the run told it. The sandbox serves each provider on its other loopback name: another origin.
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest

from runners.gate import ScriptedConfirmer
from sandboxes.server import Portal
from tests.helpers import captured, manifest_of
from tests.test_signin import Terminal

ACCOUNT = Portal.SIGNIN_ACCOUNT
PASSWORD = Portal.SIGNIN_PASSWORD
CODE = Portal.SIGNIN_CODE
VENDOR = {"entra": "office365", "salesforce": "salesforce", "linkedin": "linkedin"}
TWO_DIGITS = re.compile(r"(?<!\d)\d{2}(?!\d)")


class Phone(ScriptedConfirmer):
    """The person with the Authenticator app: enters the number the run printed, as the app asks."""

    def __init__(self, server, *answers: bool, wrong: bool = False, codes: tuple[str, ...] = ()) -> None:
        super().__init__(*answers, codes=codes)
        self.server, self.wrong = server, wrong

    def tell(self, text: str) -> None:
        super().tell(text)
        shown = TWO_DIGITS.findall(text) if "Authenticator app and enter" in text else []
        if shown:  # the app sends what the person entered to the provider; a wrong number is any other one
            number = str(10 + (int(shown[0]) - 9) % 90) if self.wrong else shown[0]
            with urllib.request.urlopen(f"{self.server.url}__sandbox/approve?number={number}", timeout=10) as sent:
                assert json.loads(sent.read()) == {"answered": True}


@pytest.fixture
def stored(memory_keyring):
    """The sandbox admin's password for every vendor, stored as `creds set` would."""
    for vendor in VENDOR.values():
        memory_keyring.set_password(f"cancelproof:{vendor}", ACCOUNT, PASSWORD)
    return memory_keyring


def signed_run(run_on, server, *argv, human=None):
    return run_on(server, "--dry-run", "--account", ACCOUNT, *argv, confirmer=human or ScriptedConfirmer())


def log_events(folder, event):
    lines = [json.loads(line) for line in (folder / "log.jsonl").read_text().splitlines()]
    return [line for line in lines if line.get("event") == event]


def evidence_bytes(folder):
    return [p.read_bytes() for p in folder.rglob("*") if p.is_file() and "internal" not in p.relative_to(folder).parts]


def walked_on(result):
    """Signed in, the walk went on: the first step (which met the sign-in) ended ok and the next one ran."""
    steps = result.json["steps"]
    return len(steps) > 1 and steps[0]["status"] == "ok"


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize(
    ("shape", "how"),
    [
        ("entra", "password from the keyring"),
        ("entra-push", "password from the keyring, approved by the human in the Authenticator app"),
        ("entra-code", "password from the keyring, code typed by the human"),
        ("salesforce", "password from the keyring, code typed by the human"),
        ("linkedin", "password from the keyring"),
        ("linkedin-code", "password from the keyring, code typed by the human"),
    ],
    ids=lambda v: v if "keyring" not in v else "",
)
def test_each_provider_signs_in_on_its_own_origin(sandbox, run_on, stored, shape, how, locale):
    """Every shape, EN and FR: each screen answered as a person would, on the provider's origin, a code (if
    any) asked of the human once, "Stay signed in?" answered No, and the walk goes on signed in."""
    provider = shape.split("-")[0]
    server = sandbox(VENDOR[provider], f"signin={shape},locale={locale}")
    human = Phone(server, codes=(CODE,))
    result = signed_run(run_on, server, "--locale", locale, human=human)

    assert walked_on(result), result.err
    assert server.portal.signins == 1 and server.portal.record == []
    manifest = manifest_of(result)
    assert [s["how"] for s in manifest["sign_in"]] == [how]
    assert len(human.code_prompts) == ("code" in how)
    assert server.portal.identity.stay_answers == (["no"] if provider == "entra" else [])
    seen = urlsplit(log_events(result.folder, "sign_in_required")[0]["url"])
    assert (seen.path, seen.netloc) == ("/idp/login", f"localhost:{urlsplit(server.url).port}")  # another origin
    assert not any(CODE.encode() in data or PASSWORD.encode() in data for data in evidence_bytes(result.folder))


def test_number_to_enter_is_printed_at_once_and_logged(sandbox, run_on, stored):
    """Number matching: stderr says "Open your Authenticator app and enter NN" (the page's number, no other
    two-digit number on that line), what happens next and how long it may take; the log has the number."""
    server = sandbox("office365", "mosa,signin=entra-push,approve_after=3")  # the sandbox's person approves
    result = run_on(server, "--dry-run", "--account", ACCOUNT)  # the terminal's human: stderr is the run's

    assert walked_on(result), result.err
    [number] = server.portal.identity.numbers
    lines = result.err.splitlines()
    at = lines.index(f"Open your Authenticator app and enter {number}")
    assert TWO_DIGITS.findall(lines[at]) == [str(number)]
    assert "approve the sign-in" in lines[at + 1] and "goes on by itself" in lines[at + 1]
    assert "120s at most" in lines[at + 1]
    assert [e["number"] for e in log_events(result.folder, "approval_requested")] == [str(number)]
    assert captured(result.folder, "sign-in-approval")


@pytest.mark.parametrize(
    ("scenario", "human", "words"),
    [
        ("signin=entra,password=another-one", None, "Your account or password is incorrect."),
        ("signin=entra,locked=1", None, "Your account has been locked."),
        ("signin=entra-code", ("000000",), "You didn't enter the expected verification code."),
        ("signin=entra-push,deny=1", None, "Request denied. We sent an identity verification request"),
        ("signin=entra-push,push_timeout=1", None, "We didn't hear from you."),
        ("signin=entra-push,locale=fr,deny=1", None, "Demande refusée. Nous avons envoyé"),
        ("signin=entra-push", "wrong", "Request denied."),  # the person enters another number in the app
    ],
    ids=["wrong-password", "locked", "wrong-code", "denied", "timed-out", "denied-fr", "wrong-number"],
)
def test_provider_refusals_fail_in_its_own_words(sandbox, run_on, stored, scenario, human, words):
    """Wrong password, locked account, wrong code, a request denied or left unanswered: the run fails,
    repeating the provider's words, with a screenshot of the screen and nothing irreversible sent."""
    server = sandbox("office365", f"mosa,{scenario}")
    codes = human if isinstance(human, tuple) else ()
    person = Phone(server, wrong=True) if human == "wrong" else ScriptedConfirmer(codes=codes)  # no one approves
    result = signed_run(run_on, server, human=person)

    assert (result.code, result.json["outcome"]) == (1, "failed")
    assert words in result.json["message"] and f"sign-in failed at office365 for {ACCOUNT}" in result.json["message"]
    assert captured(result.folder, "sign-in-failed")
    assert server.portal.signins == 0 and server.portal.record == []


def test_no_approval_within_code_timeout_is_declined(sandbox, run_on, stored):
    """Nobody approves on the phone: after --code-timeout the run is declined (exit 4), saying what was awaited."""
    server = sandbox("office365", "mosa,signin=entra-push")
    result = signed_run(run_on, server, "--code-timeout", "2")
    assert (result.code, result.json["outcome"]) == (4, "declined")
    assert "approval in the Authenticator app within 2s" in result.json["message"]


def test_approval_slower_than_timeout_still_signs_in(sandbox, run_on, stored):
    """The person approves after --timeout has gone by (and twice it, a step's bound): human time is not the
    step's; the step whose wait ran out meanwhile starts again once signed in, and the walk goes on."""
    server = sandbox("office365", "mosa,signin=entra-push,approve_after=7")
    result = signed_run(run_on, server, "--timeout", "3")
    assert walked_on(result), result.err
    assert server.portal.signins == 1
    assert [e["step"] for e in log_events(result.folder, "step_restarted")] == ["open_admin_center"]


def test_stay_signed_in_is_no_unless_a_profile_keeps_the_session(sandbox, run_on, stored, tmp_path):
    """ "Stay signed in?" is answered No; with --profile, Yes (and the session then lasts in the profile)."""
    server = sandbox("office365", "mosa,signin=entra,expire_after=1000")
    assert walked_on(signed_run(run_on, server))
    assert server.portal.identity.stay_answers == ["no"]
    profile = tmp_path / "profile"
    assert walked_on(signed_run(run_on, server, "--profile", str(profile)))
    assert server.portal.identity.stay_answers == ["no", "yes"]
    cookies = json.loads((profile / "state.json").read_text())["cookies"]
    assert [c["expires"] > 0 for c in cookies if c["name"] == "sid"] == [True]  # it outlives the browser


def test_pick_an_account_chooses_the_runs_account(sandbox, run_on, stored):
    """Several remembered accounts: the tile of --account is picked, so the e-mail screen is never shown."""
    server = sandbox("office365", "mosa,signin=entra,pick=1,locale=fr")
    result = signed_run(run_on, server, "--locale", "fr")
    assert walked_on(result), result.err
    assert [e["account"] for e in log_events(result.folder, "account_picked")] == [ACCOUNT]
    assert server.portal.signins == 1


def test_security_check_headless_fails_in_one_line_saying_headed(sandbox, run_on, stored):
    """LinkedIn's security check, headless: failed, one line that says to run with --headed, no traceback."""
    server = sandbox("linkedin", "signin=linkedin-puzzle")
    result = signed_run(run_on, server)
    assert (result.code, result.json["outcome"]) == (1, "failed")
    message = result.json["message"]
    assert "--headed" in message and "security check" in message and "\n" not in message
    assert "Traceback" not in result.err
    assert server.portal.signins == 0


def test_security_check_headed_waits_for_the_person(sandbox, run_on, stored):
    """Headed: the run says to pass the check in the window and waits for the person (here the sandbox's
    stand-in solves it after a while), then goes on; the tool never clicks the puzzle itself."""
    server = sandbox("linkedin", "signin=linkedin-puzzle,approve_after=2")
    human = ScriptedConfirmer()
    result = signed_run(run_on, server, "--headed", human=human)
    assert server.portal.signins == 1, result.err
    assert any("security check" in said and "browser window" in said for said in human.told)
    manifest = manifest_of(result)
    assert (
        manifest["sign_in"][0]["how"] == "password from the keyring, security check passed by the human in the window"
    )


def test_code_typed_hidden_at_a_real_terminal_signs_in(sandbox, run_on, stored):
    """Entra's code, typed by the person at a terminal (a pty): the prompt says what the provider asks and
    that typing is hidden; the code shows neither on the terminal nor in any evidence; the walk goes on."""
    server = sandbox("office365", "mosa,signin=entra-code")
    terminal = Terminal()
    terminal.type_when("typing is hidden", f"{CODE}\n".encode())
    try:
        result = signed_run(run_on, server, human=terminal.human())
    finally:
        shown = terminal.close()
    assert walked_on(result), result.err
    assert "Please type in the code displayed on your authenticator app" in shown
    assert CODE not in shown and CODE not in result.err
    assert not any(CODE.encode() in data for data in evidence_bytes(result.folder))


def test_unknown_sign_in_shape_is_one_line(cli, tmp_path):
    """`signin=` names a shape the sandbox does not know: exit 2, one line listing the shapes, nothing run."""
    result = cli("run", "office365", "--dry-run", "--sandbox", "mosa,signin=okta", "--evidence-dir", str(tmp_path))
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.endswith(
        "unknown sign-in 'okta'; choose one of: simple, entra, entra-push, entra-code, salesforce, linkedin,"
        " linkedin-code, linkedin-puzzle"
    )
    assert list(tmp_path.iterdir()) == []
