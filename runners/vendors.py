"""The vendors installed: each registers a :class:`runners.model.Vendor` under the entry-point group
``cancelproof.vendors`` (this package's own three in pyproject.toml; another package may add its own).

The run loop and the command line find a vendor's flow, sign-in screens reader, base URL, report facts and mock
portal here, never by importing flows/ or sandboxes/ themselves. A plugin that cannot be loaded is left out and
said in one line (:data:`PROBLEMS`, which ``cancelproof vendors`` prints): it never takes the others down.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

from runners.errors import UsageError
from runners.model import Flow, Vendor

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from runners.session import Screens
    from sandboxes.server import Portal

GROUP = "cancelproof.vendors"
# a vendor's name is typed on the command line and names its evidence folders: no path, no space
NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")
PROBLEMS: list[str] = []  # plugins that could not be loaded, one line each (`cancelproof vendors` says them)


def _why(exc: BaseException) -> str:
    """What went wrong, in one line that names the error's kind (a plugin's author reads it)."""
    said = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__


def _origin(point: EntryPoint) -> str:
    """The distribution that registered ``point`` ("" when it cannot tell)."""
    return point.dist.name if point.dist is not None else ""


def _installed() -> dict[str, Vendor]:
    found: list[Vendor] = []
    for point in entry_points(group=GROUP):
        package = _origin(point)
        where = f"{point.name} ({package or point.value})"
        try:
            loaded = point.load()
        except Exception as exc:  # one broken plugin must not take the others (or the command line) down
            PROBLEMS.append(f"{where}: cannot be loaded: {_why(exc)}")
            continue
        if not isinstance(loaded, Vendor) or loaded.name != point.name:
            PROBLEMS.append(f"{where}: {point.value} is not a Vendor named {point.name!r}")
            continue
        if not NAME.fullmatch(loaded.name):
            PROBLEMS.append(f"{where}: a vendor's name is lower-case letters, digits, - and _ (40 at most)")
            continue
        if any(v.name == loaded.name for v in found):
            PROBLEMS.append(f"{where}: registered twice; the first one is used")
            continue
        found.append(replace(loaded, package=package))
    return {v.name: v for v in sorted(found, key=lambda v: (v.order, v.name))}


VENDORS: dict[str, Vendor] = _installed()


def vendor(name: str) -> Vendor:
    """The vendor registered as ``name``.

    Raises:
        UsageError: no installed package registers it (the message lists the ones that do, and says why a
            plugin of that name could not be loaded).
    """
    try:
        return VENDORS[name]
    except KeyError:
        broken = next((p for p in PROBLEMS if p.startswith(f"{name} (")), "")
        if broken:
            raise UsageError(f"vendor {broken}") from None
        known = ", ".join(VENDORS) or "none (is cancelproof installed? pip install -e .)"
        msg = f"unknown vendor {name!r}; choose one of: {known}"
        raise UsageError(msg) from None


def _resolve(name: str, what: str, reference: str) -> Any:
    """The object ``reference`` ("module:attribute") names, for the vendor ``name``'s ``what``.

    Raises:
        UsageError: it cannot be imported (one line: the plugin is broken, not the run).
    """
    module, _, attribute = reference.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except Exception as exc:  # a plugin's mistake is one line, never a traceback
        msg = f"vendor {name!r}: cannot load its {what} {reference}: {_why(exc)}"
        raise UsageError(msg) from None


def load_flow(name: str) -> Flow:
    """The vendor's flow (its steps, rules and checklist).

    Raises:
        UsageError: the vendor is unknown, or its flow cannot be loaded or is not a Flow of that vendor.
    """
    reference = vendor(name).flow
    flow = _resolve(name, "flow", reference)
    if not isinstance(flow, Flow) or flow.vendor != name:
        msg = f"vendor {name!r}: {reference} is not a Flow of vendor {name!r}"
        raise UsageError(msg)
    return flow


def signin_screens(name: str) -> Callable[[Page, str], Screens] | None:
    """What reads the vendor's sign-in screens, ``reader(page, locale)`` (its ``Vendor.signin``): the runner
    hands it to the sign-in handler (runners/session.py). None: the vendor names none, and a run installs no
    handler.

    Raises:
        UsageError: the vendor is unknown, or its reader cannot be loaded or cannot be called.
    """
    reference = vendor(name).signin
    if not reference:
        return None
    reader = _resolve(name, "sign-in screens", reference)
    if not callable(reader):
        msg = f"vendor {name!r}: {reference} is not a callable (page, locale) -> sign-in screens"
        raise UsageError(msg)
    screens: Callable[[Page, str], Screens] = reader
    return screens


def portal_class(name: str) -> type[Portal]:
    """The vendor's mock portal (the command line serves it for ``--sandbox``, ``sandbox`` and ``demo``).

    Raises:
        UsageError: the vendor ships no mock portal, or it cannot be loaded.
    """
    reference = vendor(name).portal
    if not reference:
        msg = f"vendor {name!r} ships no mock portal: give --base-url instead of --sandbox"
        raise UsageError(msg)
    cls = _resolve(name, "mock portal", reference)
    if not isinstance(cls, type):
        msg = f"vendor {name!r}: {reference} is not a class"
        raise UsageError(msg)
    portal: type[Portal] = cls
    return portal


def default_base_url(name: str) -> str:
    return vendor(name).base_url
