"""Acme Cloud's flow: Billing, Cancel subscription, then the irreversible Cancel now (never clicked by the flow).

Every control is found the way a person finds it, by role and visible name (English and French), with
cancelproof's ``flows.ui``.
"""

from __future__ import annotations

from flows import ui
from flows.ui import Labels
from runners.model import Flow, FlowContext, Irreversible, Step

BILLING = Labels(("Billing",), ("Facturation",))
SUBSCRIPTION = Labels(("Subscription",), ("Abonnement",))
STATUS = Labels(("Status",), ("Statut",))
CANCEL_SUBSCRIPTION = Labels(("Cancel subscription",), ("Résilier l’abonnement",))
CANCEL_TITLE = Labels(("Cancel your subscription",), ("Résilier votre abonnement",))
CANCEL_NOW = Labels(("Cancel now",), ("Résilier maintenant",))


def open_billing(ctx: FlowContext) -> None:
    ctx.page.goto(ctx.options["base_url"])
    ctx.click(ui.control(ctx.page, BILLING, ctx.locale, roles=("link",)))
    ui.expect(ui.heading(ctx.page, BILLING, ctx.locale)).to_be_visible()
    text = ui.page_text(ctx.page)
    ctx.fact("subscription", ui.field_value(text, SUBSCRIPTION) or "")
    ctx.fact("status", ui.field_value(text, STATUS) or "")


def open_cancellation(ctx: FlowContext) -> None:
    ctx.click(ui.control(ctx.page, CANCEL_SUBSCRIPTION, ctx.locale, roles=("button",)))


def cancel(ctx: FlowContext) -> Irreversible:
    """The final button, handed to the runner: only the runner clicks it, after the gate."""
    return Irreversible(
        control=ui.control(ctx.page, CANCEL_NOW, ctx.locale, roles=("button",)),
        heading=ui.heading(ctx.page, CANCEL_TITLE, ctx.locale),
        what="Press Cancel now: Acme Cloud ends the subscription",
    )


FLOW = Flow(
    vendor="acme",
    title="Acme Cloud",
    steps=(
        Step("open_billing", "Open Billing and read the subscription", open_billing),
        Step("open_cancellation", "Press Cancel subscription", open_cancellation),
        Step("cancel", "Press Cancel now (irreversible)", cancel, irreversible=True),
    ),
    checklist=("Export what you keep in Acme Cloud first",),
)
