"""The sandbox's sign-in: the simple page, or an identity provider's screens (docs/portals.md, "Signing in").

``signin=SHAPE`` chooses what a signed-out browser meets (any shape but ``simple`` starts signed out):

- ``simple`` (the default, with ``signed_out=1``): one page, e-mail and password; a 6-digit code with ``mfa=1``.
- ``entra``: Microsoft Entra ID: e-mail, **Next**, password, **Sign in**, then **Stay signed in?**;
  ``entra-push`` adds push approval with number matching before it, ``entra-code`` a code (**Verify**).
  ``pick=1``: two remembered accounts, **Pick an account** first; ``kmsi=0``: no **Stay signed in?**.
- ``salesforce``: **Username**, **Password**, **Log In**; **Verify Your Identity** with a **Verification Code**.
- ``linkedin``: **Email or phone**, **Password**, **Sign in**; ``linkedin-code`` adds a code sent by e-mail
  (**Submit**), ``linkedin-puzzle`` a security check that only a person can pass.

A provider's screens are served under ``/idp/`` on the other loopback name (``127.0.0.1`` ↔ ``localhost``,
same port): another origin with its own cookies, as a real identity provider is. It sends the browser back to
the portal's ``/__signin/callback`` with a one-time ticket, and the portal's session starts there.

The person's phone and hands, for tests: ``approve_after=SECONDS`` (the person approves the push request,
or solves the puzzle, that long after it shows), ``deny=1`` (the person denies it), ``push_timeout=SECONDS``
(the provider stops waiting: "We didn't hear from you"); or, while it waits, ``/__sandbox/approve?number=NN``
(a wrong number is a denial) and ``/__sandbox/deny``, which :meth:`Identity.approve` and :meth:`Identity.deny`
also do. Errors are the providers' own words: wrong password, locked account (``locked=1``), wrong code,
request denied, request timed out.
"""

from __future__ import annotations

import html
import json
import random
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from runners.errors import UsageError
from sandboxes import identity_pages as pages
from sandboxes.exchange import Request, Response

if TYPE_CHECKING:
    from sandboxes.server import Portal

esc = html.escape

SHAPES = {
    "simple": ("", ""),
    "entra": ("entra", ""),
    "entra-push": ("entra", "push"),
    "entra-code": ("entra", "code"),
    "salesforce": ("salesforce", "code"),
    "linkedin": ("linkedin", ""),
    "linkedin-code": ("linkedin", "code"),
    "linkedin-puzzle": ("linkedin", "puzzle"),
}
OTHER_ACCOUNT = "alex.martin@fabrikam.com"  # the second remembered account ("Pick an account")


@dataclass
class Visit:
    """One browser's way through a provider's screens."""

    shape: str
    back: str  # the portal's callback
    next: str  # where the portal goes on once signed in
    stage: str
    account: str = ""
    number: int = 0  # the number the push screen shows
    shown_at: float = 0.0  # when the push request or the puzzle was shown (monotonic)
    answer: str = ""  # the person's: "approved" or "denied"
    error: str = ""


class Identity:
    """The sign-in of one sandbox portal: which shape it shows, the visits under way, what the person did."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.shape = str(portal.options.get("signin", "simple") or "simple")
        if self.shape not in SHAPES:
            msg = f"unknown sign-in {self.shape!r}; choose one of: {', '.join(SHAPES)}"
            raise UsageError(msg)
        self.provider, self.factor = SHAPES[self.shape]
        self.visits: dict[str, Visit] = {}
        self.tickets: dict[str, bool] = {}  # one-time ticket → stay signed in
        self.numbers: list[int] = []  # every number a push screen showed (the oracle for number matching)
        self.stay_answers: list[str] = []  # "yes" / "no", as the person (or the tool) answered
        self.waiting = threading.Event()  # set while a push request or a puzzle waits for the person

    # --- what the portal asks first --------------------------------------------------------------
    def answer(self, request: Request) -> Response | None:
        """The sign-in's answer to ``request``, or None when the portal's own screen is due."""
        path = request.path
        if path in ("/__sandbox/approve", "/__sandbox/deny"):
            done = self.approve(request.query.get("number")) if path.endswith("approve") else self.deny()
            return Response(json.dumps({"answered": done}), headers={"Content-Type": "application/json"})
        if self.provider and path.startswith("/idp/"):
            return self._provider(request)
        if self.provider and path == "/__signin/callback":
            return self._callback(request)
        if not (self.provider or self.portal.flag("signed_out")):
            return None
        return self._gate(request)

    def _gate(self, request: Request) -> Response | None:
        """The session check: None for a live session, else the sign-in (the simple page or the provider)."""
        portal, sid, path = self.portal, request.cookies.get("sid", ""), request.path
        with portal.lock:
            live = sid in portal.sessions
            if live and path not in ("/signin", "/signin/code"):
                portal.session_requests += 1
                expire = int(portal.options.get("expire_after", 0) or 0)
                if expire and portal.session_requests > expire and not portal.expired_once:
                    portal.expired_once = True
                    portal.sessions.discard(sid)
                    live = False
        if live and not path.startswith("/signin"):
            return None
        nxt = request.query.get("next") or request.form.get("next") or (path if not path.startswith("/signin") else "/")
        if self.provider:
            here = f"http://{request.host}" if request.host else ""
            query = urlencode({"back": f"{here}/__signin/callback", "next": nxt})
            return Response.redirect(f"{other_origin(request.host)}/idp/authorize?{query}")
        if path == "/signin" and request.method == "POST":
            return self._check_password(request, nxt)
        if path == "/signin/code" and request.method == "POST":
            return self._check_code(request, nxt)
        if path == "/signin/code" and request.cookies.get("pending") in portal.pending:
            return self._signin_page(nxt, code=True)
        if path.startswith("/signin") and live:
            return Response.redirect(nxt)
        return self._signin_page(nxt, expired=bool(sid) and not path.startswith("/signin"))

    def _session(self, nxt: str, *, stay: bool = False) -> Response:
        sid = secrets.token_hex(16)
        with self.portal.lock:
            self.portal.sessions.add(sid)
            self.portal.signins += 1
        lasts = "; Max-Age=2592000" if stay else ""  # "Stay signed in?" Yes: a cookie that outlives the browser
        return Response.redirect(nxt or "/", f"sid={sid}; Path=/; HttpOnly{lasts}")

    def _callback(self, request: Request) -> Response:
        ticket, nxt = request.query.get("ticket", ""), request.query.get("next", "/")
        with self.portal.lock:
            stay = self.tickets.pop(ticket, None)
        if stay is None:  # a ticket used twice or made up: sign in again
            return self._gate(Request("GET", nxt, {}, {}, {}, request.host)) or Response.redirect(nxt)
        return self._session(nxt, stay=stay)

    # --- the simple page (docs/portals.md, "Rules every portal follows") ---------------------------
    def _signin_page(self, nxt: str, *, code: bool = False, error: str = "", expired: bool = False) -> Response:
        t = self.portal.t
        expired_words = t("Your session has expired. Sign in again.", "Votre session a expiré. Reconnectez-vous.")
        note = f'<p class="warn" role="status">{expired_words}</p>' if expired else ""
        err = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
        if code:
            form = f"""<h1>{t("Enter code", "Entrer le code")}</h1>{err}
<p>{t("We sent a 6-digit code to your phone.", "Nous avons envoyé un code à 6 chiffres sur votre téléphone.")}</p>
<form method="post" action="/signin/code"><input type="hidden" name="next" value="{esc(nxt)}">
<label for="code">{t("Code", "Code")}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code">
<button type="submit" class="primary">{t("Verify", "Vérifier")}</button></form>"""
        else:
            form = f"""<h1>{t("Sign in", "Se connecter")}</h1>{note}{err}
<form method="post" action="/signin"><input type="hidden" name="next" value="{esc(nxt)}">
<label for="email">{t("Email", "Adresse e-mail")}</label>
<input id="email" name="email" type="email" autocomplete="username">
<label for="password">{t("Password", "Mot de passe")}</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit" class="primary">{t("Sign in", "Se connecter")}</button></form>"""
        page = self.portal.shell(t("Sign in", "Se connecter"), form)
        page.status = 200
        return page

    def _check_password(self, request: Request, nxt: str) -> Response:
        t, portal = self.portal.t, self.portal
        if portal.flag("locked"):
            words = t(
                "Your account has been locked. Contact your administrator.",
                "Votre compte a été verrouillé. Contactez votre administrateur.",
            )
            return self._signin_page(nxt, error=words)
        if not self._known(request.form.get("email", ""), request.form.get("password")):
            words = t("Your account or password is incorrect.", "Votre compte ou mot de passe est incorrect.")
            return self._signin_page(nxt, error=words)
        if portal.flag("mfa"):
            token = secrets.token_hex(8)
            with portal.lock:
                portal.pending.add(token)
            return Response.redirect(f"/signin/code?next={quote(nxt)}", f"pending={token}; Path=/; HttpOnly")
        return self._session(nxt)

    def _check_code(self, request: Request, nxt: str) -> Response:
        if request.cookies.get("pending") not in self.portal.pending:
            return self._signin_page(nxt)
        if not self._code_ok(request.form.get("code", "")):
            refused = self.portal.t(
                "That code didn't work. Check the code and try again.",
                "Ce code n’est pas valide. Vérifiez-le et réessayez.",
            )
            return self._signin_page(nxt, code=True, error=refused)
        return self._session(nxt)

    def _known(self, account: str, password: str | None) -> bool:
        options = self.portal.options
        expected = str(options.get("account", self.portal.SIGNIN_ACCOUNT))
        return account.strip().casefold() == expected.casefold() and password == options.get(
            "password", self.portal.SIGNIN_PASSWORD
        )

    def _code_ok(self, code: str) -> bool:
        if code.strip() == str(self.portal.options.get("code", self.portal.SIGNIN_CODE)):
            return True
        with self.portal.lock:
            self.portal.code_failures += 1
        return False

    # --- the person, for tests -------------------------------------------------------------------
    def approve(self, number: str | None = None) -> bool:
        """The person approves the waiting push request (entering ``number`` in the app), or solves the puzzle.

        A number that is not the one the screen shows is a denial, as the Authenticator app makes it.
        """
        with self.portal.lock:
            visit = self._waiting()
            if visit is None:
                return False
            right = number is None or visit.stage == "puzzle" or number.strip() == str(visit.number)
            visit.answer = "approved" if right else "denied"
            return True

    def deny(self) -> bool:
        """The person denies the waiting push request."""
        with self.portal.lock:
            visit = self._waiting()
            if visit is not None:
                visit.answer = "denied"
            return visit is not None

    def _waiting(self) -> Visit | None:
        return next((v for v in self.visits.values() if v.stage in ("push", "puzzle") and not v.answer), None)

    def _state(self, visit: Visit) -> str:
        """What became of the push request or puzzle: waiting, approved, denied or timeout."""
        options = self.portal.options
        waited = time.monotonic() - visit.shown_at
        if not visit.answer and "approve_after" in options and waited >= float(options["approve_after"] or 0):
            visit.answer = "denied" if self.portal.flag("deny") and visit.stage == "push" else "approved"
        if not visit.answer and self.portal.flag("deny") and "approve_after" not in options:
            visit.answer = "denied"
        limit = float(options.get("push_timeout", 0) or 0)
        if not visit.answer and visit.stage == "push" and limit and waited >= limit:
            return "timeout"
        return visit.answer or "waiting"

    # --- the provider ----------------------------------------------------------------------------
    def _stages(self) -> list[str]:
        if self.provider == "entra":
            first = ["pick"] if self.portal.flag("pick") else []
            stay = [] if str(self.portal.options.get("kmsi", "1")) == "0" else ["stay"]
            return [*first, "email", "password", *([self.factor] if self.factor else []), *stay]
        return ["login", *([self.factor] if self.factor else [])]

    def _provider(self, request: Request) -> Response:
        path, token = request.path, request.cookies.get("idp_visit", "")
        if path == "/idp/authorize":
            token = secrets.token_hex(8)
            back, nxt = request.query.get("back", "/__signin/callback"), request.query.get("next", "/")
            with self.portal.lock:
                self.visits[token] = Visit(self.shape, back, nxt, stage=self._stages()[0])
            return Response.redirect("/idp/login", f"idp_visit={token}; Path=/idp; HttpOnly")
        found = self.visits.get(token)
        if found is None:
            return pages.lost(self)
        visit = found
        if path == "/idp/status":
            with self.portal.lock:
                state = self._state(visit) if visit.stage in ("push", "puzzle") else "moved"
            return Response(json.dumps({"state": state}), headers={"Content-Type": "application/json"})
        if request.method == "POST" and request.form.get("stage") == visit.stage:
            error = self._submit(visit, request.form)
            if error:
                return pages.screen(self, visit, error=error)
            return self._done(token, visit) if visit.stage == "done" else Response.redirect("/idp/login")
        if visit.stage in ("push", "puzzle"):
            with self.portal.lock:
                state = self._state(visit)
            if state != "waiting":
                self._resolved(visit, state)
                return self._done(token, visit) if visit.stage == "done" else pages.screen(self, visit)
        return pages.screen(self, visit)

    def _submit(self, visit: Visit, form: dict[str, str]) -> str:
        """Take a screen's form; the provider's words when it refuses it, else "" (the visit moved on)."""
        t, stage = self.portal.t, visit.stage
        if stage == "pick":
            chosen = form.get("account", "")
            visit.account = chosen if chosen in self.remembered() else ""
            self._advance(visit, skip_email=bool(visit.account))
        elif stage == "email":
            expected = str(self.portal.options.get("account", self.portal.SIGNIN_ACCOUNT))
            if form.get("email", "").strip().casefold() != expected.casefold():
                return t(
                    "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.",
                    "Ce nom d’utilisateur est peut-être incorrect. Vérifiez que vous l’avez tapé correctement."
                    " Sinon, contactez votre administrateur.",
                )
            visit.account = form["email"].strip()
            self._advance(visit)
        elif stage in ("password", "login"):
            account = visit.account if stage == "password" else form.get("email", "")
            if self.portal.flag("locked"):
                return self._words("locked")
            if not self._known(account, form.get("password")):
                return self._words("wrong")
            visit.account = account
            self._advance(visit)
        elif stage == "code":
            if not self._code_ok(form.get("code", "")):
                return self._words("code")
            self._advance(visit)
        elif stage == "stay":
            answer = "yes" if form.get("answer") == "yes" else "no"
            with self.portal.lock:
                self.stay_answers.append(answer)
            visit.answer = answer
            self._advance(visit)
        elif stage == "puzzle" and form.get("choice") == "0":  # pages.ARROWS[0]: the picture the right way up
            visit.answer = "approved"
            self._resolved(visit, "approved")
        return ""

    def _advance(self, visit: Visit, *, skip_email: bool = False) -> None:
        stages = self._stages()
        at = stages.index(visit.stage) + 1
        if skip_email and at < len(stages) and stages[at] == "email":
            at += 1
        visit.stage = stages[at] if at < len(stages) else "done"
        if visit.stage in ("push", "puzzle"):
            visit.number, visit.shown_at, visit.answer = random.randint(10, 99), time.monotonic(), ""
            with self.portal.lock:
                self.numbers.append(visit.number)
            self.waiting.set()

    def _resolved(self, visit: Visit, state: str) -> None:
        self.waiting.clear()
        if state == "approved":
            self._advance(visit)
        else:
            visit.stage, visit.error = "error", state

    def _done(self, token: str, visit: Visit) -> Response:
        ticket = secrets.token_hex(12)
        with self.portal.lock:
            self.tickets[ticket] = visit.answer == "yes"
            self.visits.pop(token, None)
        location = f"{visit.back}?{urlencode({'ticket': ticket, 'next': visit.next})}"
        return Response.redirect(location, "idp_visit=; Path=/idp; Max-Age=0")

    def remembered(self) -> tuple[str, ...]:
        """The accounts "Pick an account" lists."""
        return (str(self.portal.options.get("account", self.portal.SIGNIN_ACCOUNT)), OTHER_ACCOUNT)

    def _words(self, what: str) -> str:
        """A provider's error, in its own words."""
        t, provider = self.portal.t, self.provider
        words = {
            ("entra", "wrong"): (
                "Your account or password is incorrect. If you don't remember your password, reset it now.",
                "Votre compte ou mot de passe est incorrect. Si vous ne vous souvenez pas de votre mot de passe,"
                " réinitialisez-le maintenant.",
            ),
            ("entra", "locked"): (
                "Your account has been locked. Contact your support person to unlock it, then try again.",
                "Votre compte a été verrouillé. Contactez votre support technique pour le déverrouiller, puis"
                " réessayez.",
            ),
            ("entra", "code"): (
                "You didn't enter the expected verification code. Please try again.",
                "Vous n’avez pas entré le code de vérification attendu. Veuillez réessayer.",
            ),
            ("salesforce", "wrong"): (
                "Please check your username and password. If you still can't log in, contact your Salesforce"
                " administrator.",
                "Vérifiez votre nom d’utilisateur et votre mot de passe. Si vous ne parvenez toujours pas à vous"
                " connecter, contactez votre administrateur Salesforce.",
            ),
            ("salesforce", "locked"): (
                "Your account has been locked. Contact your Salesforce administrator.",
                "Votre compte a été verrouillé. Contactez votre administrateur Salesforce.",
            ),
            ("salesforce", "code"): (
                "The verification code you entered is invalid or has expired.",
                "Le code de vérification saisi n’est pas valide ou a expiré.",
            ),
            ("linkedin", "wrong"): (
                "Wrong email or password. Try again or create an account.",
                "E-mail ou mot de passe incorrect. Réessayez ou créez un compte.",
            ),
            ("linkedin", "locked"): (
                "Your account has been temporarily restricted.",
                "Votre compte a été temporairement restreint.",
            ),
            ("linkedin", "code"): (
                "The verification code you entered isn't valid. Please check the code and try again.",
                "Le code de vérification que vous avez saisi n’est pas valide. Vérifiez le code et réessayez.",
            ),
        }
        en, fr = words[(provider, what)]
        return t(en, fr)


def other_origin(host: str) -> str:
    """The identity provider's origin for a portal on ``host``: the other loopback name, same port.

    ``127.0.0.1:8123`` → ``http://localhost:8123`` and back; any other host keeps its origin ("": the
    provider is only a path prefix then).
    """
    name, _, port = host.rpartition(":")
    swap = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}
    return f"http://{swap[name]}:{port}" if name in swap and port else ""
