"""The identity providers' screens, as the sandbox draws them (the way through them is sandboxes/identity.py).

Words, roles and names follow docs/portals.md "Signing in", in English and French; the markup is ours and
promises nothing (a flow finds each control by role and visible name).
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from sandboxes.exchange import Response

if TYPE_CHECKING:
    from sandboxes.identity import Identity, Visit

esc = html.escape
ARROWS = ("↑", "→", "↓", "←", "↗", "↙")  # the puzzle's pictures: the first is the right way up
Draw = Callable[["Identity", "Visit", str], tuple[str, str]]  # → (body, script)


def screen(idp: Identity, visit: Visit, error: str = "") -> Response:
    """The screen of the stage ``visit`` is at, with the provider's ``error`` when it refused a form."""
    draw = SCREENS.get((idp.provider, visit.stage)) or SCREENS[("", visit.stage)]
    body, script = draw(idp, visit, error)
    return page(idp, body, script)


def lost(idp: Identity) -> Response:
    """A provider's page for a browser that comes back with no sign-in under way."""
    t = idp.portal.t
    sorry = t("Sorry, but we’re having trouble signing you in.", "Désolé, nous ne parvenons pas à vous connecter.")
    again = t(
        "Go back to the page you came from and sign in again.", "Revenez à la page d’origine et reconnectez-vous."
    )
    response = page(idp, f"<h1>{sorry}</h1><p>{again}</p>", "")
    response.status = 400
    return response


def page(idp: Identity, body: str, script: str) -> Response:
    t = idp.portal.t
    title, brand = {
        "entra": (t("Sign in to your account", "Connectez-vous à votre compte"), "Microsoft"),
        "salesforce": (t("Login | Salesforce", "Connexion | Salesforce"), "salesforce"),
        "linkedin": (t("LinkedIn Login, Sign in | LinkedIn", "S’identifier | LinkedIn"), "LinkedIn"),
    }[idp.provider]
    return Response(
        f"""<!doctype html><html lang="{idp.portal.lang}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>{CSS}</style></head><body class="idp {idp.provider}"><main class="card">
<div class="logo" aria-hidden="true">{esc(brand)}</div>{body}</main>{script}</body></html>"""
    )


def _alert(error: str) -> str:
    return f'<div class="error" role="alert">{esc(error)}</div>' if error else ""


def _form(stage: str, inner: str) -> str:
    return f'<form method="post" action="/idp/login"><input type="hidden" name="stage" value="{stage}">{inner}</form>'


def _who(visit: Visit) -> str:
    return f'<p class="who">{esc(visit.account)}</p>' if visit.account else ""


# --- Microsoft Entra ID ----------------------------------------------------------------------------
def _pick(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    tiles = []
    for account in idp.remembered():
        name = t(
            f"Sign in with {account} work or school account.",
            f"Se connecter avec le compte professionnel ou scolaire {account}.",
        )
        tiles.append(
            f'<li><button type="submit" name="account" value="{esc(account)}" class="tile" aria-label="{esc(name)}">'
            f"{esc(account)}</button></li>"
        )
    other = t("Use another account", "Utiliser un autre compte")
    tiles.append(f'<li><button type="submit" name="account" value="" class="tile">{other}</button></li>')
    heading = t("Pick an account", "Choisir un compte")
    return f"<h1>{heading}</h1>{_alert(error)}" + _form("pick", f'<ul class="tiles">{"".join(tiles)}</ul>'), ""


def _email(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    name = t("Enter your email, phone, or Skype.", "Entrez votre adresse e-mail, numéro de téléphone ou nom Skype.")
    hint = t("Email, phone, or Skype", "E-mail, téléphone ou Skype")
    lost_it = t("Can’t access your account?", "Vous ne parvenez pas à accéder à votre compte ?")
    inner = (
        f'<input type="email" name="email" autocomplete="username" aria-label="{name}" placeholder="{hint}">'
        f'<p><a href="#">{lost_it}</a></p>'
        f'<div class="actions"><button type="submit" class="primary">{t("Next", "Suivant")}</button></div>'
    )
    return f"<h1>{t('Sign in', 'Se connecter')}</h1>{_alert(error)}" + _form("email", inner), ""


def _password(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    account = esc(visit.account)
    name = t(f"Enter the password for {account}", f"Entrez le mot de passe pour {account}")
    forgot = t("Forgot my password", "J’ai oublié mon mot de passe")
    inner = (
        f'<input type="password" name="password" autocomplete="current-password" aria-label="{name}"'
        f' placeholder="{t("Password", "Mot de passe")}"><p><a href="#">{forgot}</a></p>'
        f'<div class="actions"><button type="submit" class="primary">{t("Sign in", "Se connecter")}</button></div>'
    )
    heading = t("Enter password", "Entrer le mot de passe")
    return _who(visit) + f"<h1>{heading}</h1>" + _alert(error) + _form("password", inner), ""


def _push(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    heading = t("Approve sign in request", "Approuver la demande de connexion")
    ask = t(
        "Open your Authenticator app, and enter the number shown to sign in.",
        "Ouvrez votre application Authenticator et entrez le nombre affiché pour vous connecter.",
    )
    upgrade = t(
        "No numbers in your app? Make sure to upgrade to the latest version.",
        "Aucun nombre dans votre application ? Veillez à installer la dernière version.",
    )
    other = t(
        "I can't use my Microsoft Authenticator app right now",
        "Je ne peux pas utiliser mon application Microsoft Authenticator pour le moment",
    )
    body = (
        f"{_who(visit)}<h1>{heading}</h1><p>{ask}</p>"
        f'<div class="display-sign">{visit.number}</div>'
        f'<p class="muted">{esc(upgrade)}</p><p><a href="#">{esc(other)}</a></p>'
    )
    return body, POLL


def _entra_code(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    text = t(
        "Please type in the code displayed on your authenticator app from your device",
        "Veuillez taper le code affiché sur l’application d’authentification de votre appareil",
    )
    inner = (
        '<input name="code" inputmode="numeric" autocomplete="one-time-code" aria-label="Code" placeholder="Code">'
        f'<div class="actions"><button type="submit" class="primary">{t("Verify", "Vérifier")}</button></div>'
    )
    heading = t("Enter code", "Entrer le code")
    return _who(visit) + f"<h1>{heading}</h1>{_alert(error)}<p>{text}</p>" + _form("code", inner), ""


def _stay(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    why = t(
        "Do this to reduce the number of times you are asked to sign in.",
        "Faites-le pour réduire le nombre de fois où vous êtes invité à vous connecter.",
    )
    dont = t("Don't show this again", "Ne plus afficher ce message")
    inner = (
        f'<p>{esc(why)}</p><label class="check"><input type="checkbox" name="dont_show"> {esc(dont)}</label>'
        f'<div class="actions"><button type="submit" name="answer" value="no">{t("No", "Non")}</button>'
        f'<button type="submit" name="answer" value="yes" class="primary">{t("Yes", "Oui")}</button></div>'
    )
    return _who(visit) + f"<h1>{t('Stay signed in?', 'Rester connecté ?')}</h1>" + _form("stay", inner), ""


def _error(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    sent = t(
        "We sent an identity verification request to your Authenticator app, ",
        "Nous avons envoyé une demande de vérification d’identité à votre application Authenticator, ",
    )
    if visit.error == "timeout":
        title = t("We didn't hear from you", "Nous n’avons pas reçu de réponse")
        why = t("but we didn't hear back in time.", "mais nous n’avons pas reçu de réponse à temps.")
    else:
        title = t("Request denied", "Demande refusée")
        why = t("but you denied it.", "mais vous l’avez refusée.")
    return _who(visit) + f"<h1>{esc(title)}</h1>" + _alert(f"{title}. {sent}{why}"), ""


# --- Salesforce ------------------------------------------------------------------------------------
def _salesforce_login(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    inner = (
        f'<label for="username">{t("Username", "Nom d’utilisateur")}</label>'
        '<input id="username" name="email" type="email" autocomplete="username">'
        f'<label for="password">{t("Password", "Mot de passe")}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password">'
        f"{_alert(error)}"
        f'<div class="actions"><button type="submit" class="primary wide">{t("Log In", "Se connecter")}</button></div>'
        f'<label class="check"><input type="checkbox" name="remember"> {t("Remember me", "Mémoriser mes informations")}'
        f'</label><p><a href="#">{t("Forgot Your Password?", "Mot de passe oublié ?")}</a></p>'
    )
    return _form("login", inner), ""


def _salesforce_verify(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    why = t(
        "You're trying to Log In to Salesforce. To make sure your Salesforce account is secure, we have to verify"
        " your identity.",
        "Vous essayez de vous connecter à Salesforce. Pour garantir la sécurité de votre compte Salesforce, nous"
        " devons vérifier votre identité.",
    )
    sent = t(
        "Enter the verification code we emailed to your email address.",
        "Saisissez le code de vérification que nous avons envoyé à votre adresse e-mail.",
    )
    inner = (
        f'<label for="emc">{t("Verification Code", "Code de vérification")}</label>'
        '<input id="emc" name="code" inputmode="numeric" autocomplete="one-time-code">'
        f'<div class="actions"><button type="submit" class="primary wide">{t("Verify", "Vérifier")}</button></div>'
        f'<p><a href="#">{t("Resend Code", "Renvoyer le code")}</a></p>'
    )
    heading = t("Verify Your Identity", "Vérifier votre identité")
    return f"<h1>{heading}</h1><p>{esc(why)}</p><p>{sent}</p>{_alert(error)}" + _form("code", inner), ""


# --- LinkedIn --------------------------------------------------------------------------------------
def _linkedin_login(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    inner = (
        f'<label for="username">{t("Email or phone", "E-mail ou téléphone")}</label>'
        '<input id="username" name="email" type="text" autocomplete="username">'
        f'<label for="password">{t("Password", "Mot de passe")}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password">'
        f'<p><a href="#">{t("Forgot password?", "Mot de passe oublié ?")}</a></p>'
        f'<div class="actions"><button type="submit" class="primary wide">{t("Sign in", "S’identifier")}</button></div>'
    )
    heading = t("Sign in", "S’identifier")
    sub = t("Stay updated on your professional world", "Restez informé de votre univers professionnel")
    return f"<h1>{heading}</h1><p>{sub}</p>{_alert(error)}" + _form("login", inner), ""


def _linkedin_code(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    inner = (
        f'<label for="pin">{t("Enter code", "Saisir le code")}</label>'
        '<input id="pin" name="code" inputmode="numeric" autocomplete="one-time-code">'
        f'<div class="actions"><button type="submit" class="primary wide">{t("Submit", "Envoyer")}</button></div>'
        f'<p><a href="#">{t("Resend code", "Renvoyer le code")}</a></p>'
    )
    heading = t("Let’s do a quick verification", "Vérification rapide")
    sent = t(
        "Enter the code we’ve sent to your email.", "Saisissez le code que nous avons envoyé à votre adresse e-mail."
    )
    return f"<h1>{heading}</h1><p>{sent}</p>{_alert(error)}" + _form("code", inner), ""


def _puzzle(idp: Identity, visit: Visit, error: str) -> tuple[str, str]:
    t = idp.portal.t
    order = random.sample(range(len(ARROWS)), len(ARROWS))
    tiles = "".join(
        f'<button type="submit" name="choice" value="{i}" class="tile" aria-label="{t("Image", "Image")} {n}">'
        f"{ARROWS[i]}</button>"
        for n, i in enumerate(order, 1)
    )
    heading = t("Let’s do a quick security check", "Vérification de sécurité")
    ask = t("Pick the image that is the correct way up.", "Choisissez l’image qui est dans le bon sens.")
    return f"<h1>{heading}</h1><p>{ask}</p>" + _form("puzzle", f'<div class="puzzle">{tiles}</div>'), POLL


SCREENS: dict[tuple[str, str], Draw] = {
    ("entra", "pick"): _pick,
    ("entra", "email"): _email,
    ("entra", "password"): _password,
    ("entra", "push"): _push,
    ("entra", "code"): _entra_code,
    ("entra", "stay"): _stay,
    ("", "error"): _error,
    ("salesforce", "login"): _salesforce_login,
    ("salesforce", "code"): _salesforce_verify,
    ("linkedin", "login"): _linkedin_login,
    ("linkedin", "code"): _linkedin_code,
    ("linkedin", "puzzle"): _puzzle,
}

# The page waits for the person (the phone, or the puzzle) by asking the provider, as the real pages do.
POLL = """<script>(function () {
  var timer = setInterval(function () {
    fetch('/idp/status', {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(function (s) { if (s.state !== 'waiting') { clearInterval(timer); location.replace('/idp/login'); } })
      .catch(function () {});
  }, 300);
})();</script>"""

CSS = """
*{box-sizing:border-box}body{margin:0;font:15px/1.45 "Segoe UI",system-ui,"DejaVu Sans",sans-serif;color:#1b1b1b;
background:#f2f2f2}.card{width:440px;margin:72px auto;background:#fff;padding:40px 44px;
box-shadow:0 2px 6px rgba(0,0,0,.2)}.logo{font-weight:600;font-size:18px;color:#5e5e5e;margin:0 0 18px}
.linkedin .logo{color:#0a66c2;font-size:24px}.salesforce .logo{color:#00a1e0;font-size:24px}
h1{font-size:24px;font-weight:600;margin:0 0 14px}.who{margin:0 0 8px;color:#1b1b1b}
label{display:block;margin:10px 0 4px}input[type=text],input[type=email],input[type=password],input:not([type]){
font:inherit;width:100%;padding:6px 2px;border:0;border-bottom:1px solid #666;outline:none}
.salesforce input,.linkedin input{border:1px solid #8a8886;border-radius:4px;padding:8px}
.actions{display:flex;justify-content:flex-end;gap:8px;margin:18px 0 8px}button{font:inherit;padding:6px 22px;
border:1px solid #8a8886;background:#fff;cursor:pointer;min-width:108px}button.primary{background:#0067b8;
color:#fff;border-color:#0067b8}button.wide{width:100%}.linkedin button.primary{background:#0a66c2;border-radius:24px}
.error{color:#e81123;margin:8px 0}.muted{color:#5e5e5e;font-size:13px}.check{display:flex;gap:8px;align-items:center}
.display-sign{font-size:40px;font-weight:600;text-align:center;margin:18px 0}.tiles{list-style:none;padding:0;margin:0}
.tile{display:block;width:100%;text-align:left;border:0;padding:12px 8px;margin:2px 0}.tile:hover{background:#e6e6e6}
.puzzle{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}.puzzle .tile{text-align:center;font-size:36px;
border:1px solid #c8c6c4}a{color:#0067b8}
"""
