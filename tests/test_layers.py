"""Layers that run one way (issue 15): evidence/ is a leaf library, and page one's facts are the vendor's.

- evidence/ imports nothing of runners/, flows/, cli/ or sandboxes/, even inside a function;
- ``evidence verify`` works where only evidence/ can be imported, on a real run folder and on an altered one;
- page one shows the subscription's facts each vendor declares (``Vendor.report_facts``, recorded in the
  manifest), the same ones it showed when evidence/ kept its own list of keys.
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runners.gate import ScriptedConfirmer
from runners.vendors import VENDORS, portal_class
from sandboxes.server import SandboxServer

ROOT = Path(__file__).resolve().parent.parent
ABOVE = ("runners", "flows", "cli", "sandboxes")  # what evidence/ must do without
# the keys page one showed, for every vendor, while evidence/pageone.py held the list itself
LEGACY_DETAILS = (
    "status",
    "licenses_assigned",
    "seats",
    "plan",
    "price",
    "next_charge_date",
    "next_billing_date",
    "billing_account_type",
    "purchase_channel",
    "contract_end",
    "renewal_type",
)

# Run in a fresh interpreter: importing any package above evidence/ fails, then verify() reads the folder.
ONLY_EVIDENCE = """
import json, sys
from pathlib import Path

ABOVE = {above!r}


class Above:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ABOVE:
            raise ModuleNotFoundError(f"{{name}} may not be imported by evidence/", name=name)
        return None


sys.meta_path.insert(0, Above())
from evidence.verify import verify

verdict = verify(Path(sys.argv[1]))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ABOVE)
print(json.dumps({{"code": verdict.code, "problem": verdict.problem, "loaded": loaded}}))
"""


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, wherever the import is (module level, function, TYPE_CHECKING)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def test_evidence_imports_nothing_above_it():
    """Not even inside a function: what evidence/ needs it defines, or is handed."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "evidence").glob("*.py"))
        for line, name in imports_of(path)
        if name.split(".")[0] in ABOVE
    ]
    assert wrong == []


@pytest.fixture(scope="module")
def dry_runs(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A dry run on each vendor's bundled sandbox, default scenario: vendor → its run folder."""
    from cli import main

    evidence = tmp_path_factory.mktemp("ev")
    folders = {}
    for name in VENDORS:
        with SandboxServer(portal_class(name)()) as server:
            out, err = io.StringIO(), io.StringIO()
            argv = ["run", name, "--dry-run", "--base-url", server.url, "--evidence-dir", str(evidence), "--json"]
            code = main(argv, confirmer=ScriptedConfirmer(), stdout=out, stderr=err, browser=browser)
            assert code == 0, err.getvalue()
            folders[name] = Path(json.loads(out.getvalue())["evidence_dir"])
    return folders


def verify_with_only_evidence(folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", ONLY_EVIDENCE.format(above=ABOVE), str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_verify_needs_only_evidence_on_an_intact_folder_and_an_altered_one(dry_runs, tmp_path):
    """Exit 0 on a real run folder, 1 on a copy with one byte changed, and nothing above evidence/ loaded."""
    import shutil

    folder = dry_runs["office365"]
    intact = verify_with_only_evidence(folder)
    assert intact == {"code": 0, "problem": "", "loaded": []}
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    shot = sorted((copy / "screenshots").glob("*.png"))[0]
    data = bytearray(shot.read_bytes())
    data[100] ^= 0xFF
    shot.write_bytes(bytes(data))
    altered = verify_with_only_evidence(copy)
    assert altered["code"] == 1 and shot.name in altered["problem"] and altered["loaded"] == []


@pytest.mark.parametrize("vendor", list(VENDORS))
def test_page_one_shows_the_facts_the_vendor_declares_the_same_as_before(dry_runs, vendor):
    """The manifest records the vendor's report_facts; page one shows the same rows it showed with its old list."""
    from evidence import pageone

    folder = dry_runs[vendor]
    m = json.loads((folder / "manifest.json").read_text())
    assert m["report_facts"] == list(VENDORS[vendor].report_facts)
    before = {**m, "report_facts": list(LEGACY_DETAILS)}  # what page one did when it held the list
    assert pageone.rows(folder, m) == pageone.rows(folder, before)
    shown = [label for label, _ in pageone.fact_rows(m)[0]]
    assert shown[0] == "Status" and len(shown) >= 2, shown


def test_an_older_manifest_without_report_facts_shows_the_subscriptions_scalar_facts_in_order(dry_runs):
    """A folder from before report_facts: every one-value fact of the subscription, in the manifest's order."""
    from evidence import pageone

    folder = dry_runs["office365"]
    m = json.loads((folder / "manifest.json").read_text())
    del m["report_facts"]
    sub = m["subscription"]
    expected = [k for k, v in sub.items() if k != "name" and not isinstance(v, (dict, list))]
    assert pageone.details(m) == expected
    labels = [label for label, _ in pageone.fact_rows(m)[0]]
    assert "Status" in labels and "Licenses assigned" in labels
