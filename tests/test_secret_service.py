"""Credentials through a real Secret Service (gnome-keyring over D-Bus), as on a Linux desktop.

Runs where keyring picks the SecretService backend: CI runs this file inside
`dbus-run-session` with gnome-keyring unlocked (.ci/run). Elsewhere it is skipped, and the in-memory
backend of tests/test_signin.py covers the same paths.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sandboxes.server import Portal


def _secret_service() -> bool:
    try:
        import keyring

        backend = keyring.get_keyring()
        if "SecretService" not in type(backend).__module__ + type(backend).__name__:
            return False
        keyring.get_password("cancelproof-probe", "probe")
        return True
    except Exception:
        return False


pytestmark = [
    pytest.mark.secretservice,
    pytest.mark.skipif(not _secret_service(), reason="no unlocked Secret Service on this D-Bus session"),
]


def cancelproof(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runners", *argv], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_real_keyring_signs_a_run_in_and_keeps_the_password_out_of_the_evidence(tmp_path):
    """creds set in the real keyring; a signed-out sandbox run signs in with it; the password is in no file."""
    account = Portal.SIGNIN_ACCOUNT
    stored = cancelproof("creds", "set", "office365", account, "--password-stdin", stdin=Portal.SIGNIN_PASSWORD + "\n")
    assert stored.returncode == 0, stored.stderr
    status = cancelproof("creds", "status", "office365", account)
    assert status.returncode == 0 and "SecretService" in status.stdout
    try:
        run = cancelproof(
            "run",
            "office365",
            "--dry-run",
            "--sandbox",
            "mosa,signed_out=1",
            "--account",
            account,
            "--evidence-dir",
            str(tmp_path),
            "--json",
        )
        assert run.returncode == 0, run.stderr
        leaks = [
            p
            for p in tmp_path.rglob("*")
            if p.is_file() and "internal" not in p.parts and Portal.SIGNIN_PASSWORD.encode() in p.read_bytes()
        ]
        assert leaks == []
    finally:
        assert cancelproof("creds", "delete", "office365", account).returncode == 0
    assert cancelproof("creds", "status", "office365", account).returncode == 1
