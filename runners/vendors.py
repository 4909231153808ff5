"""The vendors installed: each registers a :class:`runners.model.Vendor` under the entry-point group
``cancelproof.vendors`` (this package's own three in pyproject.toml; another package may add its own).

The run loop and the command line find a vendor's flow, base URL, report facts and mock portal here, never by
importing flows/ or sandboxes/ themselves.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from runners.errors import UsageError
from runners.model import Flow, Vendor

if TYPE_CHECKING:
    from sandboxes.server import Portal

GROUP = "cancelproof.vendors"
PROBLEMS: list[str] = []  # plugins that could not be loaded, one line each (`cancelproof vendors` says them)


def _installed() -> dict[str, Vendor]:
    found: list[Vendor] = []
    for point in entry_points(group=GROUP):
        package = point.dist.name if point.dist is not None else ""
        try:
            loaded = point.load()
        except Exception as exc:  # one broken plugin must not take the others (or the command line) down
            PROBLEMS.append(f"{point.name} ({package or point.value}): cannot be loaded: {exc}")
            continue
        if not isinstance(loaded, Vendor) or loaded.name != point.name:
            PROBLEMS.append(f"{point.name} ({package or point.value}): not a Vendor named {point.name!r}")
            continue
        if any(v.name == loaded.name for v in found):
            PROBLEMS.append(f"{point.name} ({package}): registered twice; the first one is used")
            continue
        found.append(replace(loaded, package=package))
    return {v.name: v for v in sorted(found, key=lambda v: (v.order, v.name))}


VENDORS: dict[str, Vendor] = _installed()


def vendor(name: str) -> Vendor:
    """The vendor registered as ``name``.

    Raises:
        UsageError: no installed package registers it (the message lists the ones that do).
    """
    try:
        return VENDORS[name]
    except KeyError:
        known = ", ".join(VENDORS) or "none (is cancelproof installed? pip install -e .)"
        msg = f"unknown vendor {name!r}; choose one of: {known}"
        raise UsageError(msg) from None


def _resolve(reference: str) -> Any:
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def load_flow(name: str) -> Flow:
    flow = _resolve(vendor(name).flow)
    if not isinstance(flow, Flow):
        msg = f"vendor {name!r}: {vendor(name).flow} is not a Flow"
        raise UsageError(msg)
    return flow


def portal_class(name: str) -> type[Portal]:
    """The vendor's mock portal (the command line serves it for ``--sandbox``, ``sandbox`` and ``demo``).

    Raises:
        UsageError: the vendor ships no mock portal.
    """
    reference = vendor(name).portal
    if not reference:
        msg = f"vendor {name!r} ships no mock portal: give --base-url instead of --sandbox"
        raise UsageError(msg)
    cls: type[Portal] = _resolve(reference)
    return cls


def default_base_url(name: str) -> str:
    return vendor(name).base_url
