"""Every flow on a second portal per vendor, written from docs/portals.md alone by someone who had not read
the flows (tests/portals/): other markup, timing, decoys, French, new tabs. The same command line a user
types, the portal's own record as the oracle: a dry run never sends an irreversible request.

Each second portal lists its scenarios and what a careful dry run must end with (``SCENARIOS``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CliResult

VENDORS = ("office365", "salesforce", "linkedin")


def scenarios() -> list[Any]:
    out = []
    for vendor in VENDORS:
        try:
            module = importlib.import_module(f"tests.portals.{vendor}_second")
        except ModuleNotFoundError:
            continue
        quick = _quick(module.SCENARIOS)
        for name in module.SCENARIOS:
            marks = [] if name in quick else [pytest.mark.slow]
            out.append(pytest.param(vendor, name, id=f"{vendor}-{name}", marks=marks))
    return out


def _quick(specs: dict[str, Any]) -> set[str]:
    """The default suite's share (the rest runs with -m slow): per vendor, the first scenario that ends each
    way, and the first in French."""
    quick: dict[str, str] = {}
    for name, spec in specs.items():
        if float(spec["options"].get("cold_start", 0) or 0) > 5:
            continue
        quick.setdefault(spec["expect"], name)
        if str(spec["options"].get("locale", "en")).startswith("fr"):
            quick.setdefault("fr", name)
    return set(quick.values())


@pytest.mark.parametrize(("vendor", "name"), scenarios())
def test_dry_run_on_the_second_portal(
    vendor: str, name: str, cli: Callable[..., CliResult], tmp_path: Path, browser: Any
) -> None:
    """The dry run ends as the contract says for this scenario, and the portal recorded nothing irreversible."""
    module = importlib.import_module(f"tests.portals.{vendor}_second")
    spec = module.SCENARIOS[name]
    options = dict(spec["options"])
    argv = ["run", vendor, "--dry-run", "--evidence-dir", str(tmp_path), "--json"]
    if str(options.get("locale", "en")).startswith("fr"):
        argv += ["--locale", "fr"]
    if spec.get("subscription"):
        argv += ["--subscription", spec["subscription"]]
    portal = module.SecondPortal(**options)
    url = portal.start()
    try:
        result = cli(*argv, "--base-url", url, browser=browser)
        record = list(portal.record)
    finally:
        portal.stop()
    assert result.json["outcome"] == spec["expect"], f"{spec.get('why', '')}\n{result.err[-2000:]}"
    assert record == [], f"a dry run sent an irreversible request: {record}"
    verify = cli("evidence", "verify", result.json["evidence_dir"])
    assert verify.code == 0, verify.err
