"""`evidence verify`: an intact folder passes; any change is named."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """One dry run's folder, copied fresh for each test."""
    import io

    from flows.office365.sandbox import Office365Portal
    from flows.sandbox import SandboxServer
    from runners.cli import main

    evidence = tmp_path_factory.mktemp("ev")
    with SandboxServer(Office365Portal()) as server:
        out = io.StringIO()
        code = main(
            ["run", "office365", "--dry-run", "--base-url", server.url, "--evidence-dir", str(evidence), "--json"],
            stdout=out,
            stderr=io.StringIO(),
        )
    assert code == 0
    import json

    return __import__("pathlib").Path(json.loads(out.getvalue())["evidence_dir"])


@pytest.fixture
def folder(run_folder, tmp_path):
    import shutil

    copy = tmp_path / run_folder.name
    shutil.copytree(run_folder, copy)
    return copy


def test_intact_folder_verifies(cli, folder):
    """A fresh run folder: exit 0."""
    result = cli("evidence", "verify", str(folder))
    assert result.code == 0, result.out
    assert result.out.strip().endswith("intact")


def test_a_changed_byte_is_named(cli, folder):
    """One byte changed in a screenshot: exit 1 and the file's name."""
    shot = sorted((folder / "screenshots").glob("*.png"))[0]
    data = bytearray(shot.read_bytes())
    data[len(data) // 2] ^= 1
    shot.write_bytes(bytes(data))
    result = cli("evidence", "verify", str(folder))
    assert result.code == 1
    assert f"FAIL screenshots/{shot.name}: altered" in result.out


def test_not_a_run_folder(cli, tmp_path):
    """A folder without a manifest: exit 2."""
    result = cli("evidence", "verify", str(tmp_path))
    assert result.code == 2
