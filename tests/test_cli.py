"""The command line: bad input is one line and exit 2; plan and vendors need no browser."""

from __future__ import annotations

import subprocess
import sys

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
        "import io, sys; from runners.cli import main; out = io.StringIO();"
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
    from pathlib import Path

    from runners.cli import build_parser

    parser = build_parser()
    names = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert names == set(COMMANDS)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    missing = [n for n in sorted(names) if f"cancelproof {n}" not in readme]
    assert missing == []


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
