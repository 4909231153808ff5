"""The command line: bad input is one line and exit 2; plan and vendors need no browser."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("run", "nosuchvendor", "--dry-run", "--sandbox"), "unknown vendor"),
        (("run", "office365", "--sandbox"), "--dry-run or --assisted"),
        (("run", "office365", "--dry-run", "--assisted", "--sandbox"), "not allowed with"),
        (("run", "office365", "--dry-run", "--base-url", "not a url"), "malformed --base-url"),
        (("run", "office365", "--dry-run", "--sandbox", "nosuchscenario"), "unknown scenario"),
        (("plan", "office365", "--contract-end", "31/12/2026"), "bad date"),
        (("run", "office365", "--dry-run", "--sandbox", "--timeout", "-3"), "bad --timeout"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, argv, needle):
    """Each mistake: exit 2, one line on stderr naming it, no traceback, no evidence folder."""
    result = cli(*argv, "--evidence-dir", str(tmp_path / "ev")) if argv[0] == "run" else cli(*argv)
    assert result.code == 2
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert len(lines) == 1, result.err
    assert needle in lines[0]
    assert "Traceback" not in result.err
    assert not (tmp_path / "ev").exists() or not any((tmp_path / "ev").iterdir())


def test_plan_prints_checklist_steps_and_rules_without_playwright():
    """`plan office365` lists the checklist, the steps and the rules without loading Playwright."""
    code = (
        "import io, sys; from cli import main; out = io.StringIO();"
        "rc = main(['plan', 'office365'], stdout=out); print(out.getvalue());"
        "print('PLAYWRIGHT' if any(m.startswith('playwright') for m in sys.modules) else 'NO-PLAYWRIGHT'); sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "MX record" in proc.stdout and "custom domain" in proc.stdout and "Uninstall Office" in proc.stdout
    assert "Press the final Cancel now button" in proc.stdout and "irreversible" in proc.stdout
    assert "25" in proc.stdout
    assert proc.stdout.strip().endswith("NO-PLAYWRIGHT")


def test_vendors_json(cli):
    """`vendors --json` names office365."""
    result = cli("vendors", "--json")
    assert result.code == 0
    assert "office365" in [v["name"] for v in result.json["vendors"]]


COMMANDS = ["vendors", "plan", "run", "sandbox", "demo", "creds", "recheck", "evidence"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_has_an_example(cli, command):
    """Every command's help ends with an Example."""
    result = cli(command, "--help")
    assert result.code == 0
    assert "Example:" in result.out


def test_python_dash_m_runners_works():
    """`python -m runners` is the same command."""
    proc = subprocess.run([sys.executable, "-m", "runners", "vendors"], capture_output=True, text=True)
    assert proc.returncode == 0 and "office365" in proc.stdout


def test_every_command_is_in_the_readme():
    """A command missing from README.md fails here (the parser's list is the truth)."""
    import argparse
    from pathlib import Path

    from cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    names = set(commands.choices)
    assert names == set(COMMANDS)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    missing = [n for n in sorted(names) if f"cancelproof {n}" not in readme]
    assert missing == []


def test_a_run_without_a_window_takes_the_headless_shell_and_a_headed_one_the_full_browser(tmp_path, monkeypatch):
    """Without Playwright's own Chromium: the system's headless shell when it is there (lighter, what Playwright's
    headless runs use), the full Chromium for a window, and the full one for both when there is no shell."""
    from types import SimpleNamespace
    from typing import Any

    from runners import browser as browsers

    def install(name: str) -> None:
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)

    install("chromium")
    install("chromium-headless-shell")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CANCELPROOF_BROWSER", raising=False)
    no_own: Any = SimpleNamespace(chromium=SimpleNamespace(executable_path=str(tmp_path / "not-downloaded")))
    assert browsers.find_browser(no_own) == str(tmp_path / "chromium-headless-shell")
    assert browsers.find_browser(no_own, headed=True) == str(tmp_path / "chromium")
    (tmp_path / "chromium-headless-shell").unlink()
    assert browsers.find_browser(no_own) == str(tmp_path / "chromium")
    monkeypatch.setenv("CANCELPROOF_BROWSER", str(tmp_path / "chromium"))  # an explicit choice wins
    install("chromium-headless-shell")
    assert browsers.find_browser(no_own) == str(tmp_path / "chromium")


def test_playwright_s_driver_keeps_what_node_compiles_in_the_user_s_cache(tmp_path):
    """A run starts Playwright's driver with Node.js's compile cache in the user's cache folder (the driver starts
    sooner the next time); a user's own NODE_COMPILE_CACHE wins, and NODE_DISABLE_COMPILE_CACHE turns it off."""
    import os

    # Playwright looks for its own browsers under XDG_CACHE_HOME too: keep them where they are
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    browsers = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path(cache_home) / "ms-playwright")

    def dry_run(name: str, **env: str) -> Path:
        cache = Path(tmp_path) / name
        given = {k: v for k, v in os.environ.items() if not k.startswith("NODE_")}
        given["PLAYWRIGHT_BROWSERS_PATH"] = browsers
        argv = ["run", "office365", "--dry-run", "--sandbox", "--no-trace", "--evidence-dir", str(tmp_path / "ev")]
        proc = subprocess.run(
            [sys.executable, "-m", "runners", *argv],
            capture_output=True,
            text=True,
            env={**given, "XDG_CACHE_HOME": str(cache), **env},
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return cache

    kept = dry_run("default") / "cancelproof" / "node-compile-cache"
    assert [p for p in kept.rglob("*") if p.is_file()], f"nothing compiled was kept in {kept}"
    own = tmp_path / "own"
    assert not (dry_run("theirs", NODE_COMPILE_CACHE=str(own)) / "cancelproof").exists()
    assert [p for p in own.rglob("*") if p.is_file()]
    assert not (dry_run("off", NODE_DISABLE_COMPILE_CACHE="1") / "cancelproof").exists()


def test_a_missing_browser_is_one_line_saying_how_to_install_one(tmp_path):
    """CANCELPROOF_BROWSER naming nothing: one line with how to install a browser, no traceback."""
    import os

    env = {**os.environ, "CANCELPROOF_BROWSER": str(tmp_path / "no-such-chrome")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "runners",
            "run",
            "office365",
            "--dry-run",
            "--sandbox",
            "--evidence-dir",
            str(tmp_path / "ev"),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    data = __import__("json").loads(proc.stdout)
    assert data["outcome"] == "failed"
    assert "apt-get install chromium" in data["message"] and "playwright install chromium" in data["message"]
    assert "Traceback" not in proc.stderr


def test_version_is_the_installed_one(cli):
    """`cancelproof --version`: "cancelproof X.Y.Z" (the installed version) on stdout, exit 0."""
    from importlib.metadata import version

    result = cli("--version")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"cancelproof {version('cancelproof')}\n"
    assert re.fullmatch(r"cancelproof \d+\.\d+\.\d+\S*\n", result.out)


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (("plan", "office365", "--contract-end", "31/12/2026"), "cancelproof: plan: argument --contract-end: bad date"),
        (("evidence", "verify"), "cancelproof: evidence verify: the following arguments are required: RUN_DIR"),
        (("run", "office365", "--dry-run", "--timeout", "soon"), "cancelproof: run: argument --timeout: bad"),
        (("--bogus",), "cancelproof: unrecognized arguments: --bogus"),
        (("nosuchcommand",), "cancelproof: argument COMMAND: invalid choice: 'nosuchcommand'"),
    ],
    ids=["command", "subcommand", "run", "top", "unknown-command"],
)
def test_an_argument_error_names_the_program_once(cli, argv, start):
    """argparse's errors read "cancelproof: plan: …", never "cancelproof: cancelproof plan: …"."""
    result = cli(*argv)
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), result.err
    assert lines[0].count("cancelproof") == 1


@pytest.mark.parametrize(
    ("argv", "also"),
    [(("run",), "--dry-run or --assisted"), (("run", "--dry-run", "--sandbox"), "")],
    ids=["bare", "with-mode"],
)
def test_run_without_vendor_or_inventory_says_what_to_give(cli, tmp_path, argv, also):
    """`run` with neither VENDOR nor --inventory: one line naming both (and the mode when missing), exit 2."""
    result = cli(*argv, "--evidence-dir", str(tmp_path / "ev"))
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert "name a VENDOR" in lines[0] and "--inventory FILE" in lines[0] and also in lines[0]
    assert ("--dry-run or --assisted" in lines[0]) == bool(also)
    assert not (tmp_path / "ev").exists()


# --- a keyring backend that is not there -------------------------------------------------------------
INVENTORY = '[[subscription]]\nvendor = "office365"\naccount = "admin@contoso.com"\nsandbox = "mosa"\n'


def keyring_commands(tmp_path):
    """Every command line that touches the keyring (before anything else happens)."""
    (tmp_path / "saas.toml").write_text(INVENTORY)
    ev = ("--evidence-dir", str(tmp_path / "ev"))
    return {
        "creds-set": ("creds", "set", "office365", "me@x.com", "--password-stdin"),
        "creds-status": ("creds", "status", "office365", "me@x.com"),
        "creds-delete": ("creds", "delete", "office365", "me@x.com"),
        "run-account": ("run", "office365", "--dry-run", "--sandbox", "mosa,signed_out=1", "--account", "a@b.c", *ev),
        "run-sign": ("run", "office365", "--dry-run", "--sandbox", "--sign", *ev),
        "run-inventory": ("run", "--inventory", str(tmp_path / "saas.toml"), "--dry-run", *ev),
        "recheck": ("recheck", str(tmp_path), *ev),
    }


@pytest.fixture
def keyring_from_env(monkeypatch):
    """keyring chooses its backend again from the environment (as a fresh process does) in this test."""
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-value\n"))  # for creds set --password-stdin
    return monkeypatch


@pytest.mark.parametrize("backend", ["nonsense", "keyrings.alt.file.PlaintextKeyring"])
@pytest.mark.parametrize(
    "command", ["creds-set", "creds-status", "creds-delete", "run-account", "run-sign", "run-inventory", "recheck"]
)
def test_a_keyring_backend_that_does_not_load_is_one_line(cli, tmp_path, keyring_from_env, backend, command):
    """PYTHON_KEYRING_BACKEND naming a backend that is not installed: one line with the variable, its value and
    how to fix it, exit 2, no traceback, nothing written, before any browser starts."""
    keyring_from_env.setenv("PYTHON_KEYRING_BACKEND", backend)
    result = cli(*keyring_commands(tmp_path)[command])
    assert result.code == 2, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert f"PYTHON_KEYRING_BACKEND={backend} " in lines[0]
    assert "unset PYTHON_KEYRING_BACKEND" in lines[0] and "keyring.backends.SecretService.Keyring" in lines[0]
    assert ("is not installed: `pip install keyrings.alt`, " in lines[0]) == backend.startswith("keyrings.")
    assert not (tmp_path / "ev").exists()


def test_a_keyring_config_file_naming_a_missing_backend_is_one_line(cli, tmp_path, keyring_from_env):
    """keyring's own config file naming a backend that is not installed: one line naming the file, exit 2."""
    config = tmp_path / "config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring = keyrings.alt.file.PlaintextKeyring\n")
    keyring_from_env.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring_from_env.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = cli("creds", "status", "office365", "me@x.com")
    assert result.code == 2
    assert result.err.splitlines() == [result.err.strip()]
    assert str(config) in result.err and "pip install keyrings.alt" in result.err and "remove that file" in result.err


def test_run_sign_without_any_keyring_backend_stops_before_it_starts(cli, tmp_path):
    """`run --sign` needs the keyring for its key: with no backend at all, one line and exit 2 before the run,
    rather than an unsigned folder at the end."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        result = cli("run", "office365", "--dry-run", "--sandbox", "--sign", "--evidence-dir", str(tmp_path / "ev"))
    finally:
        keyring.set_keyring(previous)
    assert result.code == 2
    assert result.err.splitlines() == [result.err.strip()] and "PYTHON_KEYRING_BACKEND" in result.err
    assert not (tmp_path / "ev").exists()


def test_a_run_that_needs_no_keyring_is_not_stopped_by_it(run_on, sandbox, keyring_from_env):
    """A signed-in dry run without --account or --sign never touches the keyring: a bad variable does not stop it."""
    keyring_from_env.setenv("PYTHON_KEYRING_BACKEND", "nonsense")
    result = run_on(sandbox("office365"), "--dry-run")
    assert result.code == 0, result.err


def test_no_keyring_backend_when_the_portal_asks_to_sign_in_is_one_line(run_on, sandbox, capsys):
    """--account on a signed-out portal and no keyring backend at all: the run stops at once, exit 2, saying
    how to get one (not a step that times out, nor a traceback from inside the browser's event loop)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        result = run_on(sandbox("office365", "mosa,signed_out=1"), "--dry-run", "--account", "admin@contoso.com")
    finally:
        keyring.set_keyring(previous)
    assert result.code == 2, result.json["message"]
    assert "PYTHON_KEYRING_BACKEND" in result.json["message"]
    assert "Traceback" not in result.err + capsys.readouterr().err
