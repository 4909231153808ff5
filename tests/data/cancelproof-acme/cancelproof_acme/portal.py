"""Acme Cloud's mock portal, on cancelproof's ``sandboxes.server.Portal``: the oracle records ``cancel``.

Scenario option ``oracle=PATH``: the portal also keeps its record in the JSON file PATH (written when it
starts, and at every irreversible request), for a test whose portal the command line serves in another process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from sandboxes.server import Portal, Request, Response, esc


class AcmePortal(Portal):
    vendor: ClassVar[str] = "acme"
    brand: ClassVar[str] = "Acme Cloud"
    scenarios: ClassVar[dict[str, dict[str, Any]]] = {"active": {"plan": "Acme Pro"}}
    default_scenario: ClassVar[str] = "active"

    def __init__(self, scenario: str | None = None, **overrides: Any) -> None:
        super().__init__(scenario, **overrides)
        self._keep_record()

    def irreversible(self, action: str, **details: Any) -> None:
        super().irreversible(action, **details)
        self._keep_record()

    def _keep_record(self) -> None:
        if self.options.get("oracle"):
            with self.lock:
                Path(str(self.options["oracle"])).write_text(json.dumps(self.record))

    def handle(self, request: Request) -> Response:
        t, plan = self.t, esc(str(self.options["plan"]))
        nav = f'<a href="/billing">{t("Billing", "Facturation")}</a>'
        if request.path == "/":
            return self.shell("Home", f"<h1>{t('Welcome', 'Bienvenue')}</h1>", nav=nav, user=self.SIGNIN_ACCOUNT)
        if request.path == "/billing":
            status = t("Cancelled", "Résilié") if self.record else t("Active", "Actif")
            body = (
                f"<h1>{t('Billing', 'Facturation')}</h1><dl><dt>{t('Subscription', 'Abonnement')}</dt><dd>{plan}</dd>"
                f"<dt>{t('Status', 'Statut')}</dt><dd>{status}</dd></dl>"
                f'<form method="get" action="/cancel"><button type="submit">'
                f"{t('Cancel subscription', 'Résilier l’abonnement')}</button></form>"
            )
            return self.shell("Billing", body, nav=nav, user=self.SIGNIN_ACCOUNT)
        if request.path == "/cancel" and request.method == "POST":
            self.irreversible("cancel", plan=self.options["plan"])
            body = f"<h1>{t('Subscription cancelled', 'Abonnement résilié')}</h1><p>{plan}</p>"
            return self.shell("Cancelled", body, nav=nav, user=self.SIGNIN_ACCOUNT)
        if request.path == "/cancel":
            body = (
                f"<h1>{t('Cancel your subscription', 'Résilier votre abonnement')}</h1><p>{plan}</p>"
                f'<form method="post" action="/cancel"><button type="submit" class="primary">'
                f"{t('Cancel now', 'Résilier maintenant')}</button></form>"
            )
            return self.shell("Cancel", body, nav=nav, user=self.SIGNIN_ACCOUNT)
        return Response(f"<h1>{t('Not found', 'Introuvable')}</h1>", status=404)
