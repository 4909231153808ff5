"""Finding and launching Chromium.

Order: ``CANCELPROOF_BROWSER`` when the user set it (an explicit choice wins), else Playwright's own
Chromium when it is installed, else a system Chromium (``/usr/bin/chromium``, ``chromium-browser``,
``google-chrome``). A missing browser is one line that says how to install one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from runners.errors import BrowserError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

T = TypeVar("T")

SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "no Chromium found: run `playwright install chromium`, or install your system's Chromium "
    "(Debian/Ubuntu: `apt-get install chromium`), or set CANCELPROOF_BROWSER=/path/to/chrome"
)
# Quiet, reproducible Chromium: no background traffic to Google, no component downloads.
BASE_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def system_browser() -> str | None:
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_browser(playwright: Playwright) -> str | None:
    """The executable to launch, or None for Playwright's own Chromium.

    Raises:
        BrowserError: nothing usable is installed.
    """
    explicit = os.environ.get("CANCELPROOF_BROWSER")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        msg = f"CANCELPROOF_BROWSER={explicit} is not an executable file; {INSTALL_HINT}"
        raise BrowserError(msg)
    try:
        own = playwright.chromium.executable_path
    except Exception:  # some Playwright builds raise when no browser was downloaded
        own = ""
    if own and Path(own).is_file():
        return None
    found = system_browser()
    if found:
        return found
    raise BrowserError(INSTALL_HINT)


def launch(playwright: Playwright, headed: bool = False) -> Browser:
    """Find and start Chromium.

    Raises:
        BrowserError: none found, or it did not start (one line, with how to install one).
    """
    executable = find_browser(playwright)
    try:
        return playwright.chromium.launch(**launch_args(executable, headed))
    except Exception as exc:  # Playwright's launch error is many lines; the user needs one
        from runners.results import one_line

        msg = f"the browser did not start: {one_line(exc)}; {INSTALL_HINT}"
        raise BrowserError(msg) from None


def launch_args(executable: str | None, headed: bool) -> dict[str, Any]:
    args = list(BASE_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    options: dict[str, Any] = {"headless": not headed, "args": args}
    if executable:
        options["executable_path"] = executable
    return options


def context_args(locale: str, timezone: str) -> dict[str, Any]:
    """One fixed locale and time zone per run (recorded in the manifest)."""
    return {
        "locale": "fr-FR" if locale.startswith("fr") else "en-US",
        "timezone_id": timezone,
        "viewport": {"width": 1280, "height": 800},
        "device_scale_factor": 1,
    }


def local_timezone() -> str:
    """The IANA name of this machine's zone (TZ, /etc/timezone, /etc/localtime), or UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if (tz and "/" in tz) or tz == "UTC":
        return tz
    try:
        name = Path("/etc/timezone").read_text().strip()
        if name:
            return name
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


def outside_event_loop(fn: Callable[[], T]) -> T:
    """Call ``fn`` where Playwright's sync API can start: in a fresh thread when this one runs an event loop.

    (pytest-playwright's fixtures, a notebook or an async caller keep a loop running in the main thread.)
    """
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=target, name="cancelproof-browser")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
