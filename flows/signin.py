"""The sign-in screens every portal shows a signed-out person (PORTALS.md): e-mail, password, then a code.

A page object like the vendors' ones; the runner drives it (the credentials never pass through a flow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows import ui
from flows.ui import Labels

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
    ),
    ("Se connecter", "Connexion", "Entrer le mot de passe", "Entrer le code", "Vérifiez votre identité"),
)
EMAIL = Labels(
    ("Email", "Email address", "E-mail", "Username", "Email, phone, or Skype"),
    ("Adresse e-mail", "E-mail", "Courriel", "Nom d’utilisateur"),
)
PASSWORD = Labels(("Password",), ("Mot de passe",))
SUBMIT = Labels(("Sign in", "Log in", "Next", "Continue"), ("Se connecter", "Connexion", "Suivant", "Continuer"))
CODE = Labels(
    ("Code", "Verification code", "Enter code", "Security code", "6-digit code"),
    ("Code", "Code de vérification", "Code de sécurité"),
)
VERIFY = Labels(("Verify", "Submit", "Sign in", "Next"), ("Vérifier", "Valider", "Se connecter", "Suivant"))


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
        self.error = page.get_by_role("alert").filter(visible=True).first

    @property
    def shown(self) -> Locator:
        """Visible whenever the portal asks a person to sign in (at the start, or when a session expired)."""
        return self.password.or_(self.code).or_(self.heading).first

    def asks_code(self) -> bool:
        return self.code.is_visible()

    def error_text(self) -> str:
        return " ".join(self.error.inner_text().split()) if self.error.is_visible() else ""

    def sign_in(self, account: str, password: str) -> None:
        if self.email.is_visible():
            self.email.fill(account)
            if not self.password.is_visible():  # two-screen sign-in: e-mail, Next, then password
                self.submit.click()
        self.password.fill(password)
        self.submit.click()

    def enter_code(self, code: str) -> None:
        self.code.fill(code)
        self.verify.click()
