"""What Microsoft's rules say before and after cancelling (docs/portals.md, Office 365): the pre-checks,
the checklist, the dates that matter and the plan's notes. No browser here: `plan` uses all of it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows.dates import parse_date
from flows.office365 import labels as L
from flows.office365.facts import annual_paid_monthly
from runners.model import Rule, RuleResult, Verdict

REFUND_DAYS = 7
LICENSE_LIMIT = 25  # MOSA only: more than this many assigned licenses cannot be cancelled online
REACTIVATE_DAYS = 90  # a subscription cancelled within its window stays Disabled (reactivable) this long
DATA_GONE_DAYS = 180  # its data is deleted no later than this many days after cancelling
WHEN_DEFAULT = "now"  # MOSA: what costs the customer least (a prorated credit for the rest of the term)

PAID_MONTHLY = (
    "An annual subscription paid monthly keeps being charged every month until the end of its term when"
    " recurring billing is turned off."
)


def is_cancelled(status: str, locale: str) -> bool:
    """Disabled, Expired, Deleted… (Désactivé, Expiré, Supprimé…): nothing left to cancel."""
    return bool(L.CANCELLED_STATUSES.pattern(locale).match(status))


def is_mca(facts: Mapping[str, Any]) -> bool:
    return L.MCA.found_in(str(facts.get("billing_account_type") or ""))


def _quote(facts: Mapping[str, Any]) -> str:
    """The portal's own sentence saying why it cannot be cancelled online, when the page showed one."""
    said = facts.get("portal_says")
    return f"The portal says: “{said}” " if said else ""


def _role(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    role = facts.get("admin_role")
    if role is None:
        return RuleResult(Verdict.WARN, "The portal did not show your admin role; it must be Global or Billing admin.")
    if L.ADMIN_ROLES.found_in(role):
        return RuleResult(Verdict.OK, f"Signed in as {role}.")
    return RuleResult(
        Verdict.BLOCK,
        f"Signed in as {role}: only a Global admin or Billing admin (MCA: billing account or profile owner or"
        " contributor) can cancel. Ask one of them to run this, or to give you the Billing admin role.",
    )


def _licenses(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    assigned = facts.get("licenses_assigned")
    if assigned is None:
        return None
    if is_mca(facts):
        return RuleResult(
            Verdict.OK, f"{assigned} licenses assigned: the 25-license limit is for MOSA accounts only (this is MCA)."
        )
    if assigned <= LICENSE_LIMIT:
        return RuleResult(Verdict.OK, f"{assigned} licenses assigned (25 or fewer).")
    if not facts.get("billing_account_type"):
        return RuleResult(
            Verdict.WARN,
            f"{assigned} licenses assigned and the portal did not show the billing account type: on a MOSA"
            " account more than 25 cannot be cancelled online (reduce to 25 or fewer, or contact support).",
        )
    return RuleResult(
        Verdict.BLOCK,
        f"{_quote(facts)}{assigned} licenses are assigned on a MOSA billing account: more than 25 cannot be cancelled"
        " online. Reduce to 25 or fewer (unassign and remove licenses), then run this again; or contact Microsoft"
        " support to cancel.",
    )


def _channel(facts: Mapping[str, Any], _: Mapping[str, Any]) -> RuleResult | None:
    channel = str(facts.get("purchase_channel") or "")
    if L.PARTNER.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"{_quote(facts)}Bought through a partner ({channel}): the partner cancels it (within 7 days of"
            " purchase, 10 in Chile, for a refund). Ask your partner in writing.",
        )
    if L.PRODUCT_KEY.found_in(channel):
        return RuleResult(
            Verdict.BLOCK,
            f"{_quote(facts)}Bought with a product key / prepaid ({channel}): it cannot be cancelled for a refund;"
            " let it expire, no refund.",
        )
    if facts.get("trial") or L.TRIAL.found_in(channel):
        return RuleResult(
            Verdict.WARN,
            "Trial: turn off recurring billing (nothing to refund); the flow turns it"
            " off instead of cancelling when the portal offers it.",
        )
    return RuleResult(Verdict.OK, f"Purchase channel: {channel or 'not shown'}.")


def _refund(facts: Mapping[str, Any], options: Mapping[str, Any]) -> RuleResult | None:
    if not is_mca(facts):
        return RuleResult(Verdict.OK, "MOSA billing account: a prorated credit on the next billing cycle.")
    start = parse_date(str(facts.get("start_date") or ""), str(options.get("locale") or "en"))
    if start is None:
        return RuleResult(
            Verdict.WARN,
            "MCA billing account: a refund only within 7 days of start or renewal (the portal did not show the date).",
        )
    ends = start + timedelta(REFUND_DAYS)
    if date.today() <= ends:
        return RuleResult(Verdict.WARN, f"MCA: started or renewed on {start}; cancelling by {ends} is refunded.")
    monthly = f" {PAID_MONTHLY}" if annual_paid_monthly(facts) is not False else ""
    return RuleResult(
        Verdict.WARN,
        f"MCA: started or renewed on {start}, more than 7 days ago: no refund. The portal"
        f" turns off recurring billing instead; it expires at the end of its term.{monthly}",
    )


RULES = (
    Rule(
        "admin-role",
        "Only a Global admin or Billing admin (MCA: billing account/profile owner or contributor) can cancel.",
        ("admin_role",),
        _role,
    ),
    Rule(
        "license-limit",
        "MOSA: more than 25 assigned licenses cannot be cancelled online (reduce to 25 or fewer, or contact"
        " support); MCA cancels within its 7-day window whatever the count.",
        ("licenses_assigned", "billing_account_type"),
        _licenses,
    ),
    Rule(
        "purchase-channel",
        "Partner purchases are cancelled by the partner; product keys and prepaid"
        " subscriptions expire with no refund; a trial only needs recurring billing off.",
        ("purchase_channel", "trial"),
        _channel,
    ),
    Rule(
        "refund-window",
        "MCA: refund only within 7 days of start or renewal (after that, recurring billing"
        " off); MOSA: prorated credit.",
        ("billing_account_type", "start_date"),
        _refund,
    ),
)

CHECKLIST = (
    "Update the MX record and other DNS records that point at Microsoft 365.",
    "Move the NS records if your domain's name servers point at Microsoft.",
    "Save OneDrive and SharePoint data, and export mailboxes you need.",
    "Remove the custom domain from the tenant (it must be removed before cancelling).",
    "Check the subscription is not bought through a partner or by product key, and (MOSA) has 25 or fewer"
    " licenses assigned.",
)
AFTER = (
    "Uninstall Office from users' computers.",
    "Lifecycle after a cancel within the window: Disabled at once (users lose access that day, admins keep"
    " access, reactivation possible for 90 days), then Deleted; data may be deleted after 90 days and is"
    " deleted no later than 180 days.",
    "Lifecycle with recurring billing off: Active until the end date, then Expired (30 days), Disabled"
    " (90 days), Deleted.",
    "Watch the next invoices: a MOSA cancel gives a prorated credit on the next bill; an annual subscription"
    " paid monthly whose recurring billing is off is charged monthly until the end of its term.",
)


def _cancelled(day: date, when: str) -> list[tuple[str, str]]:
    """Cancelled within the window: Disabled at once (reactivable 90 days), then Deleted; data gone by 180 days."""
    return [
        (f"{when}: Disabled (users lose access, admins keep it; can be reactivated for 90 days)", day.isoformat()),
        (f"{when}: Deleted, and data may be deleted from", (day + timedelta(REACTIVATE_DAYS)).isoformat()),
        (f"{when}: data deleted no later than", (day + timedelta(DATA_GONE_DAYS)).isoformat()),
    ]


def _left_to_expire(end: date, when: str) -> list[tuple[str, str]]:
    """Recurring billing off: Active until the end date, then Expired 30 days → Disabled 90 days → Deleted."""
    return [
        (f"{when}: Expired (30 days, users read-only)", end.isoformat()),
        (f"{when}: Disabled (90 days, admins only)", (end + timedelta(30)).isoformat()),
        (f"{when}: Deleted", (end + timedelta(120)).isoformat()),
    ]


def dates(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The dates that matter: the MCA refund window from ``start_date``, then the lifecycle after cancelling.

    ``cancel_on`` (default today) starts the lifecycle of a cancel within the window; with ``contract_end``
    the plan also gives the lifecycle of a subscription whose recurring billing is turned off (Active to
    that date, then it expires).
    """
    today = date.today()
    cancel_on: date = facts.get("cancel_on") or today
    out: list[tuple[str, str]] = []
    start = facts.get("start_date")
    if isinstance(start, date):
        ends = start + timedelta(REFUND_DAYS)
        state = "open" if today <= ends else "closed: recurring billing off instead"
        out.append((f"MCA refund window ends, 7 days after start or renewal ({state})", ends.isoformat()))
    out += _cancelled(cancel_on, "Cancelled today" if cancel_on == today else f"Cancelled {cancel_on}")
    end = facts.get("contract_end")
    if isinstance(end, date):
        out += _left_to_expire(end, "Recurring billing off (Active until the contract end)")
    return out


def notes(facts: Mapping[str, Any]) -> list[str]:
    """What `plan` adds: how the layout is found, what each choice costs, the MCA refund window."""
    out = [
        "The flow recognises the tenant's layout (current MOSA, current MCA, 2021-22, classic) from the screen.",
        "MOSA, --when: by default the flow cancels now, which costs least: a prorated credit for the rest of the"
        " term on the next bill (users lose access today). --when end-of-term chooses 'Cancel before the next"
        " renewal date' instead: the service runs to the end of the term, with no refund.",
        "MCA: cancelling is refunded only within 7 days of start or renewal (give --start-date); after that the"
        " portal turns off recurring billing: the subscription stays Active until the end of its term, then"
        f" expires. {PAID_MONTHLY}",
        "The 25-license limit is for MOSA only: an MCA subscription cancels within its 7-day window whatever"
        " its license count.",
        "Trial: recurring billing is turned off; there is nothing to refund.",
        "Free products the list shows (Microsoft Entra ID Free) have nothing to cancel and are never chosen.",
    ]
    start = facts.get("start_date")
    if isinstance(start, date):
        ends = start + timedelta(REFUND_DAYS)
        if date.today() <= ends:
            out.append(f"Started or renewed {start}: an MCA cancellation is refunded if done by {ends}.")
        else:
            out.append(
                f"Started or renewed {start}: the MCA refund window closed on {ends}; the run will turn off"
                " recurring billing instead."
            )
    return out


def held(facts: Mapping[str, Any]) -> bool | None:
    """A re-check: cancelled (Disabled, Expired…), or ending at the term ("Expires on DATE"), holds."""
    if facts.get("expires_on"):
        return True
    status = str(facts.get("status") or "")
    return is_cancelled(status, "fr") or is_cancelled(status, "en")
