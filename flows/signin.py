"""The sign-in screens a signed-out person meets (docs/portals.md, "Signing in"): the portal's own page, or
its identity provider's screens (Microsoft Entra ID, Salesforce, LinkedIn), one after the other.

A page object like the vendors' ones: every screen is told by role and visible name, from the English and
French label lists below. Each vendor names it as its ``Vendor.signin`` and the registry hands it to the
runner, which drives it (runners/session.py, :class:`runners.session.Screens`) without importing flows/; the
credentials never pass through a flow.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flows import ui
from flows.ui import PREFIX, Labels

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

HEADING = Labels(
    (
        "Sign in",
        "Log in",
        "Sign in to your account",
        "Enter password",
        "Enter code",
        "Verify your identity",
        "Two-step verification",
        "Pick an account",
        "Approve sign in request",
        "Approve sign-in request",
        "Stay signed in?",
        "Let’s do a quick verification",
        "Let’s do a quick security check",
        "Request denied",
        "We didn’t hear from you",
    ),
    (
        "Se connecter",
        "Connexion",
        "S’identifier",
        "Entrer le mot de passe",
        "Entrer le code",
        "Vérifiez votre identité",
        "Vérifier votre identité",
        "Choisir un compte",
        "Approuver la demande de connexion",
        "Rester connecté ?",
        "Vérification rapide",
        "Vérification de sécurité",
        "Demande refusée",
        "Nous n’avons pas reçu de réponse",
    ),
)
PICK = Labels(("Pick an account",), ("Choisir un compte",))
APPROVE = Labels(("Approve sign in request", "Approve sign-in request"), ("Approuver la demande de connexion",))
STAY = Labels(("Stay signed in?",), ("Rester connecté ?", "Rester connecté?"))
PUZZLE = Labels(
    ("Let’s do a quick security check", "Security check", "Security verification"),
    ("Vérification de sécurité", "Procédons à une vérification de sécurité rapide"),
)
EMAIL = Labels(
    (
        "Email",
        "Email address",
        "E-mail",
        "Username",
        "Email or phone",
        "Email, phone, or Skype",
        "Enter your email, phone, or Skype.",
    ),
    (
        "Adresse e-mail",
        "E-mail",
        "Courriel",
        "Nom d’utilisateur",
        "E-mail ou téléphone",
        "E-mail, téléphone ou Skype",
        "Entrez votre adresse e-mail, numéro de téléphone ou nom Skype.",
    ),
)
# "Enter the password for admin@contoso.com": the name goes on with the account
PASSWORD = Labels(
    ("Password", "Enter password", "Enter the password for"),
    ("Mot de passe", "Entrer le mot de passe", "Entrez le mot de passe pour"),
    match=PREFIX,
)
SUBMIT = Labels(
    ("Sign in", "Log in", "Next", "Continue"), ("Se connecter", "Connexion", "Suivant", "Continuer", "S’identifier")
)
CODE = Labels(
    ("Code", "Verification code", "Enter code", "Security code", "6-digit code"),
    ("Code", "Code de vérification", "Code de sécurité", "Saisir le code", "Entrer le code"),
)
VERIFY = Labels(("Verify", "Submit", "Sign in", "Next"), ("Vérifier", "Valider", "Se connecter", "Suivant", "Envoyer"))
ANOTHER = Labels(("Use another account",), ("Utiliser un autre compte",))
YES, NO = Labels(("Yes",), ("Oui",)), Labels(("No",), ("Non",))
# The number to enter in the Authenticator app: shown on its own, two digits (three in some tenants).
NUMBER = re.compile(r"^\s*\d{2,3}\s*$")

# Which screen is shown, in the order a screen is told apart (an error first: it sits on any of them).
SCREENS = ("error", "pick", "approve", "puzzle", "stay", "code", "password", "email")


class SignInPage:
    def __init__(self, page: Page, locale: str) -> None:
        self.page = page
        self.locale = locale
        self.heading = ui.heading(page, HEADING, locale)
        self.email = page.get_by_label(EMAIL.pattern(locale)).filter(visible=True).first
        self.password = page.get_by_label(PASSWORD.pattern(locale)).filter(visible=True).first
        self.code = page.get_by_label(CODE.pattern(locale)).filter(visible=True).first
        self.submit = ui.control(page, SUBMIT, locale, roles=("button",))
        self.verify = ui.control(page, VERIFY, locale, roles=("button",))
        self.error = page.get_by_role("alert").filter(visible=True).filter(has_text=re.compile(r"\w")).first
        self.approve = ui.heading(page, APPROVE, locale)
        self.number = page.get_by_text(NUMBER).filter(visible=True).first
        self.stay = ui.heading(page, STAY, locale)
        self.pick = ui.heading(page, PICK, locale)
        self.puzzle = ui.heading(page, PUZZLE, locale)
        self.markers: dict[str, Locator] = {
            "error": self.error,
            "pick": self.pick,
            "approve": self.approve,
            "puzzle": self.puzzle,
            "stay": self.stay,
            "code": self.code,
            "password": self.password,
            "email": self.email,
        }

    @property
    def shown(self) -> Locator:
        """Visible whenever the portal asks a person to sign in (at the start, or when a session expired)."""
        return self.password.or_(self.code).or_(self.heading).first

    def which(self) -> str:
        """The sign-in screen shown now ("" when none is): one of :data:`SCREENS`, or "unknown".

        Waits, bounded by --timeout, for the screen to settle: a sign-in screen is told at once; the end of
        the sign-in (no sign-in screen) only once the page has stayed still for a moment.
        """
        shown = ui.decide(self.page, self.markers, {"other": self.page.locator("body")}, what="the next screen")
        if not self.shown.is_visible():
            return ""  # an alert or a field on the portal's own page is not a sign-in screen
        return shown if shown != "other" else "unknown"

    def left(self, screen: str) -> None:
        """Wait (bounded by --timeout) until ``screen`` has gone, or the provider refused what it was given."""
        still = self.page.locator(":root").filter(has=self.markers[screen]).filter(has_not=self.error)
        ui.expect(still).to_be_hidden()

    def asks_code(self) -> bool:
        return self.code.is_visible()

    def error_text(self) -> str:
        return " ".join(self.error.inner_text().split()) if self.error.is_visible() else ""

    def heading_text(self) -> str:
        heading = self.page.get_by_role("heading").filter(visible=True).first
        return " ".join(heading.inner_text().split()) if heading.is_visible() else ""

    def number_shown(self) -> str:
        """The number the approval screen asks to enter in the Authenticator app ("" when none is shown)."""
        return self.number.inner_text().strip() if self.number.is_visible() else ""

    def code_hint(self) -> str:
        """What the screen says about the code (where it was sent, which app shows it)."""
        said = self.page.get_by_role("paragraph").filter(has_text=re.compile(r"\bcode\b", re.IGNORECASE))
        said = said.filter(visible=True).first
        return " ".join(said.inner_text().split()) if said.is_visible() else ""

    def sign_in(self, account: str, password: str) -> None:
        """Type the account and the password, on one screen or the provider's two (e-mail, Next, password)."""
        if self.email.is_visible():
            self.email.fill(account)
            if not self.password.is_visible():  # two screens: e-mail, Next, then the password
                self.submit.click()
                return
        self.password.fill(password)
        self.submit.click()

    def pick_account(self, account: str) -> None:
        """ "Pick an account": the tile of ``account``, else "Use another account"."""
        tile = self.page.get_by_role("button", name=ui.contains_pattern((account,))).filter(visible=True).first
        if account and tile.is_visible():
            tile.click()
        else:
            ui.control(self.page, ANOTHER, self.locale).click()

    def stay_signed_in(self, yes: bool) -> None:
        ui.control(self.page, YES if yes else NO, self.locale, roles=("button",)).click()

    def enter_code(self, code: str) -> None:
        self.code.fill(code)
        self.verify.click()
