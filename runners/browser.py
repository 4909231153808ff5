"""Finding and launching Chromium, or connecting to a remote one (``--browser-endpoint``, docs/scale.md).

Order: ``CANCELPROOF_BROWSER`` when the user set it (an explicit choice wins), else Playwright's own
Chromium when it is installed, else a system Chromium (``/usr/bin/chromium``, ``chromium-browser``,
``google-chrome``). A missing browser is one line that says how to install one.

A run without a window prefers the system's Chromium headless shell (Debian's ``chromium-headless-shell``)
when it is installed: the build Playwright's own headless runs use, without the full browser's start-up and
compositor. It starts faster and uses a third less CPU per walk (README, Performance). A headed run needs
the full browser.

A remote browser is a Chrome DevTools endpoint or a Playwright server; :func:`parse_endpoint` tells them
apart by one rule (its docstring). A run on it opens a new context and closes only that: ``close()`` on a
connected browser disconnects, the browser goes on serving others.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from runners.errors import BrowserError, UsageError, one_line

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

T = TypeVar("T")

SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADLESS_SHELLS = ("chromium-headless-shell",)  # no window: what Playwright's own headless Chromium is
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


def system_browser(headed: bool = False) -> str | None:
    """The system's Chromium on the PATH; without a window (``headed=False``) its headless shell first."""
    for name in SYSTEM_BROWSERS if headed else (*HEADLESS_SHELLS, *SYSTEM_BROWSERS):
        found = shutil.which(name)
        if found:
            return found
    return None


def node_compile_cache() -> None:
    """Let Playwright's driver (Node.js) keep the code it compiles, in the user's cache folder.

    Every run starts the driver afresh, and Node.js compiles Playwright's JavaScript each time: with its
    compile cache (``NODE_COMPILE_CACHE``) the driver starts about 90 ms sooner here (README, Browser).
    Set once for this process and what it starts; a user's own ``NODE_COMPILE_CACHE`` (or
    ``NODE_DISABLE_COMPILE_CACHE``) wins. Node.js skips a cache folder it cannot write, silently.
    """
    if "NODE_COMPILE_CACHE" in os.environ or "NODE_DISABLE_COMPILE_CACHE" in os.environ:
        return
    try:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder: no cache
        return
    os.environ["NODE_COMPILE_CACHE"] = str(cache / "cancelproof" / "node-compile-cache")


@contextmanager
def started() -> Iterator[Playwright]:
    """Playwright's sync API, its driver started with :func:`node_compile_cache` (or the one
    :func:`starting_early` started in this thread); stopped when the block ends."""
    early = _take_early()
    if early is not None:
        try:
            yield early.playwright
        finally:
            early.manager.__exit__(None, None, None)
        return
    from playwright.sync_api import sync_playwright  # Playwright loads only when a browser is started: start-up time

    node_compile_cache()
    with sync_playwright() as pw:
        yield pw


@dataclass
class _Early:
    """Playwright's driver, started ahead of the run by :func:`starting_early` in thread ``thread``."""

    thread: int
    manager: Any  # its sync_playwright(), to stop it
    playwright: Playwright


_early: _Early | None = None


@contextmanager
def starting_early(modules: Sequence[str], *, freeze: bool = False) -> Iterator[None]:
    """Start Playwright's driver now, in this thread, and import ``modules`` (the run's own code) meanwhile.

    The driver is a Node.js process that boots on a core of its own in about ¼ s; the run's code takes about
    0.1 s to import. One after the other, a run waited for both before its browser could start; together, it
    waits for the longer (README, Performance). :func:`started` in this thread takes the driver; one still
    not taken when the block ends (the run stopped before it needed a browser) is stopped then.

    Nothing here fails: a module that does not import, or a driver that does not start, is left to the
    run, which imports or starts it again and reports the failure in its usual words. With an event loop
    running in this thread (the run then starts Playwright in a thread of its own), the modules are
    imported and no driver is started.

    ``freeze``: what is loaded by then is left out of Python's later garbage collections (:func:`gc.freeze`:
    each full collection walked every object of those modules, about 20 ms a time). For a process that is
    one run (the ``cancelproof`` command): frozen objects are never freed.
    """
    global _early
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            with suppress(Exception):  # imported again by the run, which reports the failure
                importlib.import_module(name)

    if _event_loop_here() or _early is not None:
        load()
        yield
        return
    from playwright.sync_api import sync_playwright  # first: the driver starts as soon as Playwright is loaded

    node_compile_cache()
    manager = sync_playwright()
    loader = threading.Thread(target=load, name="cancelproof-imports", daemon=True)
    loader.start()
    try:
        try:
            _early = _Early(threading.get_ident(), manager, manager.__enter__())
        except Exception:  # started again by the run, which says why it cannot
            _early = None
        finally:
            loader.join()
        if freeze:
            import gc

            gc.freeze()
        yield
    finally:
        left = _take_early()
        if left is not None:
            with suppress(Exception):  # best effort: the process is ending, its driver with it
                left.manager.__exit__(None, None, None)


def _take_early() -> _Early | None:
    """The driver :func:`starting_early` started in this thread, handed over once (None: none)."""
    global _early
    import threading

    early = _early
    if early is None or early.thread != threading.get_ident():
        return None
    _early = None
    return early


def find_browser(playwright: Playwright, headed: bool = False) -> str | None:
    """The executable to launch, or None for Playwright's own Chromium (which picks its own headless shell).

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
    found = system_browser(headed)
    if found:
        return found
    raise BrowserError(INSTALL_HINT)


def launch(playwright: Playwright, headed: bool = False) -> Browser:
    """Find and start Chromium.

    Raises:
        BrowserError: none found, or it did not start (one line, with how to install one).
    """
    executable = find_browser(playwright, headed)
    try:
        return playwright.chromium.launch(**launch_args(executable, headed))
    except Exception as exc:  # Playwright's launch error is many lines; the user needs one
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


# --- a remote browser (docs/scale.md) --------------------------------------------------------------
CDP, PLAYWRIGHT = "cdp", "playwright"
CONNECT_TIMEOUT = 30.0  # seconds to open the connection (a refused port fails at once)
REACH_TIMEOUT = 15.0  # seconds the remote browser has to fetch the sandbox's first byte
MASK = "***"
ENDPOINT_HINT = (
    "give a Chrome DevTools endpoint (http://HOST:PORT, ws://HOST:PORT/devtools/browser/…) or a Playwright"
    " server (ws://HOST:PORT/…); cdp+ or pw+ in front says which"
)


@dataclass(frozen=True)
class Endpoint:
    """A remote browser to connect to, as ``--browser-endpoint`` gave it."""

    given: str
    kind: str  # CDP or PLAYWRIGHT
    url: str  # what Playwright connects to: no kind prefix, no user:password
    headers: dict[str, str] = field(default_factory=dict)  # user:password in the URL, as HTTP Basic
    secrets: tuple[str, ...] = ()  # the password, the user and the query's values: never shown

    @property
    def shown(self) -> str:
        """The endpoint as the manifest, the index and every message show it: tokens and passwords masked."""
        return mask_endpoint(self.given)

    def scrub(self, text: str) -> str:
        """``text`` (an error from the connection) with none of the endpoint's secrets in it."""
        for secret in sorted((s for s in self.secrets if len(s) >= 3), key=len, reverse=True):
            text = text.replace(secret, MASK).replace(quote(secret, safe=""), MASK)
        return text


def _split_kind(text: str) -> tuple[str, str]:
    """("cdp" / "pw" / "", the URL after it) for ``cdp+ws://…``, ``pw+wss://…`` or a bare URL."""
    scheme, sep, _ = text.partition("://")
    if sep and "+" in scheme:
        forced, _, rest = text.partition("+")
        return forced.lower(), rest
    return "", text


def parse_endpoint(text: str) -> Endpoint:
    """What kind of remote browser ``text`` names, by one rule:

    - ``cdp+URL`` is a Chrome DevTools endpoint and ``pw+URL`` a Playwright server, whatever the URL;
    - else ``http://`` and ``https://`` are Chrome DevTools endpoints (the browser's ``/json/version``);
    - else a ``ws://`` or ``wss://`` whose path has ``/devtools/`` (Chromium's own) or ends in ``/se/cdp``
      (Selenium Grid 4's) is a Chrome DevTools endpoint;
    - any other ``ws://`` or ``wss://`` is a Playwright server (``launch-server``, Browserless's
      ``/chromium/playwright``).

    ``user:password@`` in the URL is sent as HTTP Basic authentication; a token stays where the service
    wants it (``?token=…``). Both are masked wherever the endpoint is shown.

    Raises:
        UsageError: not an endpoint URL.
    """
    forced, rest = _split_kind(text.strip())
    try:
        parts = urlsplit(rest)
        good = bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # a bad port or IPv6 literal
        parts, good = urlsplit(""), False
    schemes = ("ws", "wss") if forced == "pw" else ("http", "https", "ws", "wss")
    if not good or forced not in ("", "cdp", "pw") or parts.scheme not in schemes:
        msg = f"bad --browser-endpoint {mask_endpoint(text)!r}: {ENDPOINT_HINT}"
        raise UsageError(msg)
    if forced:
        kind = CDP if forced == "cdp" else PLAYWRIGHT
    elif parts.scheme in ("http", "https") or "/devtools/" in parts.path or parts.path.rstrip("/").endswith("/se/cdp"):
        kind = CDP
    else:
        kind = PLAYWRIGHT
    headers: dict[str, str] = {}
    secrets = [unquote(v) for _, v in parse_qsl(parts.query)] + ([parts.query] if parts.query else [])
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, netloc = netloc.rpartition("@")
        user, password = unquote(parts.username or ""), unquote(parts.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        secrets += [password, user, userinfo]
    url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return Endpoint(given=text.strip(), kind=kind, url=url, headers=headers, secrets=tuple(secrets))


def mask_endpoint(text: str) -> str:
    """``text`` with its user:password and every query value masked: ``ws://***@grid:3000/?token=***``."""
    forced, rest = _split_kind(text.strip())
    try:
        parts = urlsplit(rest)
    except ValueError:
        return "(an endpoint that is not a URL)"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    # every value masked, and a part with no name (``?TOKEN``) whole
    query = "&".join(f"{p.partition('=')[0]}={MASK}" if "=" in p else MASK for p in parts.query.split("&") if p)
    shown = urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    return f"{forced}+{shown}" if forced else shown


def open_browser(
    pw: Playwright, headed: bool = False, endpoint: str | None = None, reach: str | None = None
) -> Browser:
    """Launch Chromium here, or connect to the one at ``endpoint``; with ``reach`` (a sandbox's URL), check
    first that the remote browser can load it.

    Raises:
        BrowserError: no browser here, the endpoint refused, or the remote browser cannot reach ``reach``
            (one line, naming the endpoint masked).
        UsageError: ``endpoint`` is not an endpoint URL.
    """
    if not endpoint:
        return launch(pw, headed)
    ep = parse_endpoint(endpoint)
    connect = pw.chromium.connect_over_cdp if ep.kind == CDP else pw.chromium.connect
    try:
        browser = connect(ep.url, headers=ep.headers or None, timeout=CONNECT_TIMEOUT * 1000)
    except Exception as exc:  # Playwright's error is many lines, and may repeat the URL with its token
        why = ep.scrub(one_line(exc))
        for method in ("BrowserType.connect_over_cdp: ", "BrowserType.connect: "):
            why = why.removeprefix(method)
        msg = f"cannot connect to the browser at {ep.shown}: {why}"
        raise BrowserError(msg) from None
    problem = unreachable(browser, reach) if reach else ""
    if problem:
        with suppress(Exception):  # disconnecting only: the remote browser goes on
            browser.close()
        raise BrowserError(unreachable_line(ep.shown, str(reach), problem))
    return browser


def alive(browser: Browser) -> bool:
    """Whether ``browser`` still answers: one round trip, which also hears a disconnection not yet heard."""
    if not browser.is_connected():
        return False
    try:
        browser.new_browser_cdp_session().detach()
    except Exception:  # gone; or a server that refuses CDP sessions, which the flag below tells apart
        return browser.is_connected()
    return True


def unreachable(browser: Browser, url: str, timeout: float = REACH_TIMEOUT) -> str:
    """Why ``browser`` cannot load the sandbox at ``url`` ("" when it can), asked in a context of its own.

    It loads the sandbox's ``/__sandbox/record``: a page that no scenario delays, counts or signs in to.
    """
    try:
        context = browser.new_context()
    except Exception as exc:  # the browser is gone: say that
        return one_line(exc)
    try:
        context.new_page().goto(url.rstrip("/") + "/__sandbox/record", wait_until="commit", timeout=timeout * 1000)
        return ""
    except Exception as exc:  # net::ERR_…, or nothing within the bound: the browser cannot reach this address
        return one_line(exc).removeprefix("Page.goto: ")
    finally:
        with suppress(Exception):  # a context of a browser that just died
            context.close()


def unreachable_line(shown: str, url: str, problem: str) -> str:
    """The one line a run whose remote browser cannot reach its sandbox ends with."""
    return (
        f"the browser at {shown} cannot reach the sandbox at {url} ({problem}): serve the sandbox where that"
        " browser can reach it with --sandbox-host ADDRESS (docs/scale.md)"
    )


def label(browser: Browser, endpoint: str | None = None) -> str:
    """The browser as the manifest names it: "Chromium 131.0.6778.33"; a remote one by the product name it
    gives ("Chrome 131.0.6778.33", "HeadlessChrome …", "Edg …"), which says which build the grid runs."""
    if endpoint:
        try:
            session = browser.new_browser_cdp_session()
            product = str(session.send("Browser.getVersion").get("product", ""))
            session.detach()
            name, _, number = product.partition("/")
            if name and number:
                return f"{name} {number}"
        except Exception:  # a Playwright server may refuse a CDP session: the version number alone then
            pass
    return f"Chromium {browser.version}"


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
    import threading

    if _early is not None and _early.thread == threading.get_ident():
        return fn()  # the loop running here is the driver started for this run (starting_early)
    if not _event_loop_here():
        return fn()
    return in_a_thread(fn, name="cancelproof-browser")


def _event_loop_here() -> bool:
    """Whether an asyncio event loop runs in this thread (Playwright's sync API cannot start in it)."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def in_a_thread(fn: Callable[[], T], meanwhile: Callable[[], object] | None = None, *, name: str) -> T:
    """``fn()`` in a thread of its own, and ``meanwhile()`` (if any) in this one until it ends: ``fn``'s
    answer, or its error raised here."""
    import threading

    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=target, name=name)
    worker.start()
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
