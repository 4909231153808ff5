"""One package per vendor: page objects, the flow (steps + rules), its sandbox portal.

The registry names modules, not objects, so that listing vendors imports no vendor and no Playwright.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from runners.errors import UsageError

if TYPE_CHECKING:
    from flows.sandbox import Portal
    from runners.model import Flow

# vendor → (title, flow module, sandbox module, portal class)
VENDORS: dict[str, tuple[str, str, str, str]] = {
    "office365": ("Office 365 / Microsoft 365 admin center", "flows.office365.flow",
                  "flows.office365.sandbox", "Office365Portal"),
}


def _entry(vendor: str) -> tuple[str, str, str, str]:
    try:
        return VENDORS[vendor]
    except KeyError:
        msg = f"unknown vendor {vendor!r}; choose one of: {', '.join(VENDORS)}"
        raise UsageError(msg) from None


def load_flow(vendor: str) -> Flow:
    flow: Flow = importlib.import_module(_entry(vendor)[1]).FLOW
    return flow


def portal_class(vendor: str) -> type[Portal]:
    _, _, module, name = _entry(vendor)
    cls: type[Portal] = getattr(importlib.import_module(module), name)
    return cls
