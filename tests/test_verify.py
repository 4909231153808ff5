"""`evidence verify`: an intact folder passes; any change is named."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """One dry run's folder, copied fresh for each test."""
    import io

    from cli import main
    from sandboxes.office365.portal import Office365Portal
    from sandboxes.server import SandboxServer

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


def test_json_names_the_kind_and_the_manifest_hash(cli, folder):
    """`verify --json` on an intact run folder: kind "run folder", the manifest's sha256, no problem."""
    import hashlib

    result = cli("evidence", "verify", str(folder), "--json")
    assert result.code == 0 and result.err == ""
    assert result.json["kind"] == "run folder" and result.json["problem"] == ""
    assert result.json["manifest_sha256"] == hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()


def test_a_broken_sibling_does_not_matter(cli, folder):
    """A neighbour in the same evidence folder with a manifest `[]`: this run still verifies."""
    sibling = folder.parent / "office365-20260101T000000Z-00000000"
    sibling.mkdir()
    (sibling / "manifest.json").write_text("[]")
    assert cli("evidence", "verify", str(folder)).code == 0
    assert cli("evidence", "verify", str(sibling)).code == 1


@pytest.mark.parametrize(
    "runs, line",
    [
        ('"not a list"', r"has no list of runs"),
        ("[5, RUN]", r"run 1 of the index: not an object"),
        ('[{"label": "x", "evidence_dir": 7}]', r"x: the index's evidence_dir is not a path"),
        ('[{"label": "x", "evidence_dir": RUN_DIR, "manifest_sha256": "0"}]', r"manifest differs"),
    ],
    ids=["runs-a-string", "a-run-a-number", "evidence-dir-a-number", "another-manifest"],
)
def test_a_damaged_batch_index_is_one_line(cli, folder, runs, line):
    """A batch index with fields of the wrong type: exit 1 and one line on stderr, never a traceback."""
    import hashlib
    import json
    import re

    entry = {
        "label": "office365",
        "evidence_dir": folder.name,
        "manifest_sha256": hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest(),
    }
    text = runs.replace("RUN_DIR", json.dumps(folder.name)).replace("RUN", json.dumps(entry))
    index = folder.parent / "batch-20260101T000000Z-abcdef.json"
    index.write_text(f'{{"format": "cancelproof-batch/1", "runs": {text}}}')
    result = cli("evidence", "verify", str(index))
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert len(result.err.splitlines()) == 1 and re.search(line, result.err), result.err
