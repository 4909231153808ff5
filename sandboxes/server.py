"""What every sandbox portal shares: the HTTP server, scenarios, the page shell and the oracle.

A vendor's portal subclasses :class:`Portal` and answers :class:`Request` objects with
:class:`Response` objects. The server runs on a free loopback port in a daemon thread and keeps the
record of every irreversible request (``portal.record``), which tests read as the oracle. The same
record is served as JSON at ``/__sandbox/record`` for tests that run the CLI in another process.
"""

from __future__ import annotations

import html
import json
import random
import re
import secrets
import socket
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

from runners.errors import UsageError
from sandboxes.exchange import Request as Request
from sandboxes.exchange import Response as Response
from sandboxes.identity import Identity

# The portal writes French dates with its own month names: sharing the flows' table would hide a mistake in it
MOIS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()  # noqa: SIM905

esc = html.escape


def parse_scenario(text: str | None, presets: Mapping[str, Mapping[str, Any]], default: str) -> dict[str, Any]:
    """``NAME[,key=value…]`` → the preset's options with the overrides applied.

    Raises:
        UsageError: the name is not one of ``presets``.
    """
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    name = default
    if parts and "=" not in parts[0]:
        name = parts.pop(0)
    if name not in presets:
        msg = f"unknown scenario {name!r}; choose one of: {', '.join(sorted(presets))}"
        raise UsageError(msg)
    options: dict[str, Any] = {"scenario": name, **presets[name]}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            msg = f"bad scenario option {part!r}: write key=value"
            raise UsageError(msg)
        options[key.strip()] = value.strip()
    return options


class Portal:
    """Base of the sandbox portals: scenario options, the oracle, the page shell."""

    vendor: ClassVar[str] = ""
    brand: ClassVar[str] = ""
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {}
    default_scenario: ClassVar[str] = ""

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        self.options = parse_scenario(scenario, self.scenarios, self.default_scenario)
        self.options.update(overrides)
        _ = self.variants  # an unknown variant is bad input, said before anything is served
        self.lock = threading.Lock()
        self.record: list[dict[str, Any]] = []
        self.sessions: set[str] = set()
        self.pending: set[str] = set()
        self.session_requests = 0
        self.expired_once = False
        self.signins = 0
        self.code_failures = 0
        self.cold_done = False
        self.identity = Identity(self)  # the sign-in it shows (signin=…): an unknown one is said here too

    # How another tenant's portal draws the same screens (docs/portals.md, "What the contract does not
    # promise"): ``variant=NAME+NAME…``, or ``variant=all``. The shared ones are drawn here (:meth:`serve`);
    # a vendor's portal lists its own in ``vendor_variants`` and draws them itself.
    shared_variants: ClassVar[dict[str, str]] = {
        "late": "the main content is drawn by script draw_after=SECONDS (default 6) after load, behind a spinner",
        "chrome": "page chrome (app launcher, search, help, avatar) drawn first on every page, before the content",
        "ids": "ids and class names change on every render",
        "cold": "the first screen answers cold=SECONDS (default 9) late: a cold start",
    }
    vendor_variants: ClassVar[dict[str, str]] = {}

    @property
    def variants(self) -> frozenset[str]:
        """The variants this portal was asked for (``variant=late+chrome``; ``all`` is every one)."""
        known = {**self.shared_variants, **self.vendor_variants}
        names = {v for v in re.split(r"[+\s]+", str(self.options.get("variant", ""))) if v}
        if "all" in names:
            names = (names - {"all"}) | (set(known) - {"late", "cold"})  # "all" stays quick: add late/cold by name
        unknown = sorted(names - set(known))
        if unknown:
            msg = f"unknown variant {', '.join(unknown)}; choose from: {', '.join(sorted(known))}, all"
            raise UsageError(msg)
        return frozenset(names)

    def variant(self, name: str) -> bool:
        """Whether this portal draws its screens the way variant ``name`` says."""
        return name in self.variants

    @property
    def lang(self) -> str:
        return "fr" if str(self.options.get("locale", "en")).startswith("fr") else "en"

    def t(self, en: str, fr: str | None = None) -> str:
        """The label in the portal's language (French portals show English where no French is known)."""
        return fr if (self.lang == "fr" and fr) else en

    def day(self, d: date) -> str:
        """A date as the portal writes it: "March 31, 2027" or "31 mars 2027"."""
        return f"{d.day} {MOIS[d.month - 1]} {d.year}" if self.lang == "fr" else d.strftime("%B %-d, %Y")

    def irreversible(self, action: str, **details: Any) -> None:
        """Record one irreversible request (the oracle)."""
        with self.lock:
            self.record.append({"action": action, "at": datetime.now(UTC).isoformat(timespec="seconds"), **details})

    # --- sign-in (every portal: docs/portals.md "Rules every portal follows") --------------------
    SIGNIN_ACCOUNT = "admin@contoso.com"
    SIGNIN_PASSWORD = "Planted-Pw-7f3a!cancelproof"  # tests scan every evidence file for it
    SIGNIN_CODE = "246810"

    def flag(self, key: str) -> bool:
        return str(self.options.get(key, "")).lower() in ("1", "true", "yes", "on")

    def serve(self, request: Request) -> Response:
        """What the server calls: shared behaviour (sign-in, faults) around the vendor's own ``handle``.

        Fault options: ``slow=MIN-MAX`` (seconds each screen is late), ``error_on=PATH`` (a server error
        page for paths starting with PATH), ``rename=OLD:NEW`` (a control renamed: the layout changed),
        ``drop_on=PATH`` (the connection drops without an answer: the network failed),
        ``second_confirm=1`` (every irreversible form asks "Are you sure?" in a second dialog first).
        """
        self._delay()
        gate = self.identity.answer(request)  # the sign-in, when there is no live session (identity.py)
        if gate is not None:
            return gate
        error_on = str(self.options.get("error_on", ""))
        if error_on and request.path.startswith(error_on):
            return Response(
                f"<h1>{self.t('Something went wrong', 'Une erreur s’est produite')}</h1><p>"
                f"{self.t('Server error. Try again later.', 'Erreur du serveur. Réessayez plus tard.')}"
                "</p><p>Correlation ID: 5f1c-0042</p>",
                status=500,
            )
        drop_on = str(self.options.get("drop_on", ""))
        if drop_on and request.path.startswith(drop_on):
            raise ConnectionAbortedError(drop_on)
        response = self.handle(request)
        if self.flag("second_confirm") and "</body>" in response.body:
            response.body = response.body.replace(
                "</body>",
                SECOND_CONFIRM.format(
                    title=self.t("Are you sure?", "Êtes-vous sûr ?"),
                    text=self.t("This can't be undone.", "Cette action est irréversible."),
                    yes=self.t("Yes, I'm sure", "Oui, je confirme"),
                    back=self.t("Go back", "Retour"),
                )
                + "</body>",
            )
        rename = str(self.options.get("rename", ""))
        if rename and ":" in rename and response.body:
            old, new = (html.escape(part, quote=False) for part in rename.split(":", 1))
            response.body = re.sub(rf">(\s*){re.escape(old)}(\s*)<", rf">\g<1>{new}\g<2><", response.body)
        if "<main>" in response.body:
            response.body = self._draw_variants(response.body)
        return response

    # --- the shared variants: how other tenants' portals draw the same screens ------------------------
    def chrome_apps(self) -> list[tuple[str, str]]:
        """The apps the page chrome's app launcher lists (name, href); a vendor may list its admin app."""
        return [("Outlook", "#mail"), ("Word", "#word"), ("Excel", "#excel")]

    def _draw_variants(self, body: str) -> str:
        if self.variant("chrome"):
            body = body.replace("</header>", self._chrome() + "</header>", 1)
        if self.variant("late"):
            body = _late(body, float(self.options.get("draw_after", 6) or 0), self.t("Loading", "Chargement"))
        if self.variant("ids"):
            body = _fresh_ids(body)
        return body

    def _chrome(self) -> str:
        """The chrome real portals draw first on every page: app launcher, search, help, the avatar."""
        t = self.t
        apps = "".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for name, href in self.chrome_apps())
        who = str(self.options.get("person", "Alex Martin"))
        return f"""<span class="chrome"><button type="button" aria-label="{t("App launcher", "Lanceur d’applications")}"
 aria-expanded="false" data-toggle="chrome-apps">▦</button><ul id="chrome-apps" class="chrome-apps" hidden>{apps}</ul>
<input type="search" aria-label="{t("Search", "Rechercher")}" placeholder="{t("Search", "Rechercher")}">
<button type="button" aria-label="{t("Help", "Aide")}">?</button>
<button type="button" aria-label="{t("Account manager for", "Gestionnaire de compte pour")} {esc(who)}">AM</button>
</span>"""

    def _delay(self) -> None:
        """The sandbox plays a slow server: each screen answers MIN–MAX seconds late (``cold``: the first one)."""
        if self.variant("cold"):
            with self.lock:
                first, self.cold_done = not self.cold_done, True
            if first:  # a server thread waiting, not a flow
                threading.Event().wait(float(self.options.get("cold", 9) or 0))
        slow = str(self.options.get("slow", ""))
        if not slow:
            return
        low, _, high = slow.partition("-")
        seconds = random.uniform(float(low), float(high or low))
        threading.Event().wait(seconds)  # a server thread waiting, not a flow: flows never wait by the clock

    def handle(self, request: Request) -> Response:  # pragma: no cover - abstract
        """The vendor's screens. Subclasses implement this."""
        raise NotImplementedError

    def shell(self, title: str, body: str, *, nav: str = "", user: str = "") -> Response:
        """A whole page: top bar with the brand and the signed-in user, a nav, and the main content."""
        return Response(
            f"""<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8">
<title>{esc(title)} - {esc(self.brand)}</title><style>{CSS}</style></head><body>
<header class="top"><span class="brand">{esc(self.brand)}</span><span class="user">{esc(user)}</span></header>
<div class="frame"><nav aria-label="{esc(self.t("Navigation", "Navigation"))}">{nav}</nav>
<main>{body}</main></div><script>{JS}</script></body></html>"""
        )


def _late(body: str, seconds: float, loading: str) -> str:
    """The navigation and content drawn by script ``seconds`` after load, behind a spinner (the header first)."""
    start, end = body.find('<div class="frame">'), body.rfind("<script>")
    if start < 0 or end < start:
        return body
    frame = body[start:end]
    spinner = f'<div role="progressbar" aria-label="{esc(loading)}" class="spinner">{esc(loading)}…</div>'
    script = LATE_JS % int(seconds * 1000)
    return f'{body[:start]}{spinner}<template id="late-frame">{frame}</template><script>{script}</script>{body[end:]}'


LATE_JS = """setTimeout(function () {
  var t = document.getElementById('late-frame'), s = document.querySelector('.spinner');
  var frag = t.content.cloneNode(true);
  frag.querySelectorAll('script').forEach(function (old) {
    var n = document.createElement('script'); n.textContent = old.textContent; old.replaceWith(n); });
  t.replaceWith(frag); if (s) s.remove();
}, %d);"""

_ID_REFS = ("id", "for", "aria-labelledby", "aria-controls", "aria-describedby", "data-open", "data-toggle")


def _fresh_ids(body: str) -> str:
    """Every id (and what refers to it) and every class name made new, as a real portal's build does each render."""
    salt = secrets.token_hex(3)
    ids = set(re.findall(r'\sid="([^"]+)"', body))
    scripts = "".join(re.findall(r"<script>(.*?)</script>", body, re.S))
    ids = {i for i in ids if f"'{i}'" not in scripts and f'"{i}"' not in scripts}  # ids our own scripts name

    def refs(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        new = " ".join(f"{v}-{salt}" if v in ids else v for v in value.split())
        return f' {attr}="{new}"'

    body = re.sub(r"\s(" + "|".join(_ID_REFS) + r')="([^"]*)"', refs, body)
    return re.sub(r'\sclass="([^"]*)"', lambda m: f' class="{m.group(1)} c{salt}"', body)


CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.45 "Segoe UI",system-ui,"DejaVu Sans",sans-serif;color:#201f1e;
background:#faf9f8}.top{display:flex;justify-content:space-between;align-items:center;background:#0f3d6e;color:#fff;
padding:0 18px;height:40px;box-sizing:border-box}
.brand{font-weight:600}.frame{display:flex;min-height:calc(100vh - 42px)}nav{width:220px;background:#f3f2f1;
padding:12px;border-right:1px solid #e1dfdd}nav a,nav button{display:block;width:100%;text-align:left;
padding:6px 8px;color:#201f1e;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer}
nav ul{list-style:none;margin:0;padding:0 0 0 12px}main{flex:1;padding:20px 28px;max-width:1000px}
h1{font-size:24px;font-weight:600;margin:0 0 14px}h2{font-size:17px;margin:20px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:8px;
border-bottom:1px solid #edebe9}dl{display:grid;grid-template-columns:220px 1fr;gap:6px 12px;background:#fff;
padding:12px;border:1px solid #edebe9}dt{color:#605e5c}dd{margin:0}button,.btn{font:inherit;padding:6px 14px;
border:1px solid #8a8886;background:#fff;border-radius:2px;cursor:pointer;margin:4px 6px 4px 0}
button.primary{background:#0f6cbd;color:#fff;border-color:#0f6cbd}.banner{background:#dff6dd;
border:1px solid #107c10;padding:10px 14px;margin:0 0 14px}.warn{background:#fff4ce;border:1px solid #c19c00;
padding:10px 14px;margin:10px 0}.error{background:#fde7e9;border:1px solid #a80000;padding:10px 14px}
[role=dialog]{position:fixed;top:40px;right:0;width:460px;height:calc(100vh - 40px);box-sizing:border-box;
background:#fff;border-left:1px solid #c8c6c4;
box-shadow:-4px 0 16px rgba(0,0,0,.15);padding:22px;overflow:auto}[role=dialog] h2{margin-top:0}
label{display:block;margin:6px 0}select,textarea,input[type=text],input[type=email],input[type=password]{font:inherit;
padding:5px;width:100%;max-width:380px}[hidden]{display:none!important}.card{background:#fff;
border:1px solid #edebe9;padding:12px;margin:8px 0}[role=menu]{background:#fff;border:1px solid #c8c6c4;
padding:4px;display:inline-block;position:absolute}[role=menuitem]{display:block;border:0;margin:0;width:100%}
.muted{color:#605e5c}.chrome{display:flex;gap:6px;align-items:center}.chrome button{margin:0;padding:2px 8px}
.chrome input{width:160px;padding:2px 6px}.chrome-apps{position:absolute;top:40px;left:10px;background:#fff;
color:#201f1e;border:1px solid #c8c6c4;list-style:none;padding:6px;margin:0;z-index:5}
.spinner{padding:40px;color:#605e5c}
"""

JS = """
document.addEventListener('click', function (e) {
  var t = e.target.closest('[data-open]');
  if (t) { var d = document.getElementById(t.dataset.open); d.hidden = false;
    if (t.hasAttribute('aria-expanded')) t.setAttribute('aria-expanded', 'true');
    var f = d.querySelector('input,select,button'); if (f) f.focus(); return; }
  t = e.target.closest('[data-toggle]');
  if (t) { var g = document.getElementById(t.dataset.toggle); g.hidden = !g.hidden;
    t.setAttribute('aria-expanded', String(!g.hidden)); return; }
  t = e.target.closest('[data-close]');
  if (t) { e.preventDefault(); var c = t.closest('[role=dialog],[role=menu]'); c.hidden = true; return; }
  t = e.target.closest('[data-page]');
  if (t) { e.preventDefault(); var dlg = t.closest('[role=dialog]'); var need = t.dataset.require;
    if (need && !dlg.querySelector('[name="' + need + '"]:checked')) {
      dlg.querySelector('.needs').hidden = false; return; }
    dlg.querySelectorAll('[data-pane-page]').forEach(function (p) {
      p.hidden = p.dataset.panePage !== t.dataset.page; });
  }
});
"""


# The "second confirmation" fault: an irreversible form (any POST but sign-in) opens one more dialog,
# and only its "Yes" sends the request.
SECOND_CONFIRM = """<div role="dialog" id="second-confirm" aria-labelledby="second-confirm-title" hidden>
<h2 id="second-confirm-title">{title}</h2><p>{text}</p>
<button type="button" class="primary" id="second-yes">{yes}</button>
<button type="button" data-close>{back}</button></div>
<script>
(function () {{
  var pending = null;
  document.addEventListener('submit', function (e) {{
    var form = e.target;
    if (form.method.toLowerCase() !== 'post' || /signin/.test(form.action) || form.dataset.sure) return;
    e.preventDefault(); pending = form;
    document.getElementById('second-confirm').hidden = false;
  }}, true);
  document.getElementById('second-yes').addEventListener('click', function () {{
    if (pending) {{ pending.dataset.sure = '1'; pending.submit(); }}
  }});
}})();
</script>"""


class _Handler(BaseHTTPRequestHandler):
    portal: Portal
    delay: float = 0.0
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the record instead
        return

    def _serve(self, method: str) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        cookies = {k: m.value for k, m in SimpleCookie(self.headers.get("Cookie") or "").items()}
        query, form = dict(parse_qsl(split.query)), dict(parse_qsl(raw))
        request = Request(method, split.path, query, form, cookies, self.headers.get("Host") or "")
        if split.path == "/__sandbox/record":
            with self.portal.lock:
                response = Response(json.dumps(self.portal.record), headers={"Content-Type": "application/json"})
        elif split.path == "/favicon.ico":
            # the browser asks for it on its own, at a moment of its choosing: it is no screen, it must not count
            # as one of the session's requests (expire_after) nor wait like one (slow)
            response = Response(status=404)
        else:
            try:
                response = self.portal.serve(request)
            except ConnectionAbortedError:  # the "network drops" fault: no answer at all
                self.close_connection = True
                self.connection.shutdown(2)
                return
            except Exception as exc:  # a sandbox bug must show as a server error page, not kill the thread
                response = Response(f"<h1>Server error</h1><pre>{esc(repr(exc))}</pre>", status=500)
        body = response.body.encode()
        self.send_response(response.status, HTTPStatus(response.status).phrase)
        headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **response.headers}
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")


class _Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


WILDCARDS = ("0.0.0.0", "::")  # every address of this machine: the URL names the machine instead


class SandboxServer:
    """Serve a portal on a free port of ``host`` (127.0.0.1 unless a remote browser must reach it: --sandbox-host),
    in a daemon thread. A ``host`` that is no address of this machine (or a port taken) is a UsageError.

    Example:
        >>> with SandboxServer(Office365Portal("mosa")) as server:
        ...     print(server.url, server.portal.record)
    """

    def __init__(self, portal: Portal, port: int = 0, host: str = "127.0.0.1") -> None:
        self.portal = portal
        self.host = host
        handler = type("Handler", (_Handler,), {"portal": portal})
        try:
            self.httpd = (_Server6 if ":" in host else ThreadingHTTPServer)((host, port), handler)
        except OSError as exc:  # not an address of this machine, or a name that does not resolve
            msg = f"cannot serve the sandbox on {host}:{port}: {exc.strerror or exc}"
            raise UsageError(msg) from None
        self.httpd.daemon_threads = True
        # stop() waits for the serving loop's next poll: 0.5 s by default, a twentieth of that here
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.025}, name="sandbox", daemon=True
        )

    @property
    def url(self) -> str:
        """Where a browser finds the portal: the address (or name) it was bound on; for a wildcard, this
        machine's name."""
        port = self.httpd.server_address[1]
        host = socket.gethostname() if self.host in WILDCARDS else self.host
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def start(self) -> SandboxServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
