"""One package per vendor: page objects, the flow (steps + rules), its sandbox portal.

The registry names modules, not objects, so that listing vendors imports no vendor and no Playwright.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from runners.errors import UsageError

if TYPE_CHECKING:
    from flows.sandbox import Portal
    from runners.model import Flow


def _discover() -> dict[str, tuple[str, str, str, str]]:
    """Every vendor package under flows/ (a package with TITLE, ORDER and PORTAL in its __init__)."""
    found: list[tuple[int, str, tuple[str, str, str, str]]] = []
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"{__name__}.{info.name}")
        if not hasattr(package, "PORTAL"):
            continue
        module, cls = package.PORTAL.split(":")
        found.append((package.ORDER, info.name, (package.TITLE, f"{__name__}.{info.name}.flow", module, cls)))
    return {name: entry for _, name, entry in sorted(found)}


# vendor → (title, flow module, sandbox module, portal class)
VENDORS: dict[str, tuple[str, str, str, str]] = _discover()


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
