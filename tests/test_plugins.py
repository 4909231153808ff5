"""Vendors as plugins: a vendor from another package, installed by pip, is listed and runs a dry run.

tests/data/cancelproof-acme is such a package: its own pyproject.toml registers ``acme`` under the entry-point
group ``cancelproof.vendors``; its flow finds controls with ``flows.ui``; its mock portal is built on
``sandboxes.server.Portal``. The test installs it with ``pip install --no-deps --target DIR`` (a real install:
pip builds the wheel and writes the dist-info whose entry points the registry reads; a temporary folder, so
the environment is left as it was) and runs the command line in processes that have DIR on their path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from runners.vendors import VENDORS, signin_screens

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from runners.session import Screens

PLUGIN = Path(__file__).parent / "data" / "cancelproof-acme"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin installed into a folder of its own (pip builds in the source folder: a copy, never tests/data).

    pip builds it in an isolated environment, as it does for any user, with a setuptools from the package index
    (the project's venv has an old setuptools without bdist_wheel); offline, the test is skipped.
    """
    source = tmp_path_factory.mktemp("source") / PLUGIN.name
    shutil.copytree(PLUGIN, source)
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input", "--disable-pip-version-check"]
    proc = subprocess.run([*pip, "--target", str(target), str(source)], capture_output=True, text=True, timeout=180)
    if proc.returncode and "No matching distribution found for setuptools" in proc.stderr:
        pytest.skip("pip cannot fetch setuptools to build the plugin (offline)")
    assert proc.returncode == 0, proc.stderr
    return target


def cancelproof(site: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m cli ARGV`` with ``site`` on the path, as a user who pip-installed the plugin runs it."""
    path = [str(site), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_vendors_lists_the_plugin_with_its_package(site: Path, tmp_path: Path) -> None:
    listed = cancelproof(site, "vendors", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    lines = listed.stdout.splitlines()
    assert any(line.split()[0] == "acme" and line.endswith("(cancelproof-acme)") for line in lines), listed.stdout
    assert any(line.startswith("office365 ") and line.endswith("(cancelproof)") for line in lines), listed.stdout
    as_json = cancelproof(site, "vendors", "--json", cwd=tmp_path)
    vendors = json.loads(as_json.stdout)["vendors"]
    assert {"name": "acme", "title": "Acme Cloud", "package": "cancelproof-acme"} in vendors


def test_a_dry_run_on_the_plugin_reaches_its_last_step_and_verifies(site: Path, tmp_path: Path) -> None:
    """The command line serves the plugin's mock portal; the dry run stops before the irreversible step."""
    oracle = tmp_path / "record.json"  # the portal's record, kept by the process that serves it
    evidence = tmp_path / "evidence"
    argv = ["run", "acme", "--dry-run", "--sandbox", f"active,oracle={oracle}", "--evidence-dir", str(evidence)]
    ran = cancelproof(site, *argv, "--json", "--timeout", "10", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    assert result["outcome"] == "dry-run-complete", ran.stderr
    assert json.loads(oracle.read_text()) == []  # not one irreversible request reached the portal
    manifest = json.loads((Path(result["evidence_dir"]) / "manifest.json").read_text())
    steps = {s["name"]: s["status"] for s in manifest["steps"]}
    assert steps == {"open_billing": "ok", "open_cancellation": "ok", "cancel": "would-run"}
    verified = cancelproof(site, "evidence", "verify", result["evidence_dir"], cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.splitlines()[-1].endswith(": intact")


def test_a_plugin_that_cannot_be_loaded_is_one_line(tmp_path: Path) -> None:
    """A broken plugin is said on stderr in one line; the other vendors still work, and naming it is a usage error."""
    info = tmp_path / "site" / "broken_vendor-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-vendor\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[cancelproof.vendors]\nbroken = broken_vendor_gone:VENDOR\n")
    listed = cancelproof(tmp_path / "site", "vendors", cwd=tmp_path)
    assert listed.returncode == 0 and "office365" in listed.stdout
    assert listed.stderr.splitlines() == [
        "cancelproof: vendor broken (broken-vendor): cannot be loaded:"
        " ModuleNotFoundError: No module named 'broken_vendor_gone'"
    ]
    ran = cancelproof(tmp_path / "site", "run", "broken", "--dry-run", "--sandbox", cwd=tmp_path)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert ran.stderr.splitlines() == [
        "cancelproof: vendor broken (broken-vendor): cannot be loaded:"
        " ModuleNotFoundError: No module named 'broken_vendor_gone'"
    ]


def test_each_bundled_vendor_hands_the_runner_its_signin_screens() -> None:
    """runners/ never imports flows/: the sign-in screens reader reaches the runner through the registry."""
    from flows.signin import SignInPage

    reader: Callable[[Page, str], Screens] = SignInPage  # mypy: SignInPage is what runners/session.py drives
    assert {name: signin_screens(name) for name in VENDORS} == dict.fromkeys(VENDORS, reader)
