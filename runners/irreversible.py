"""The irreversible step: fingerprint, the gate, and the one click.

Only here does cancelproof click a control of an irreversible step, and only in an assisted run after
the human typed the phrase. A dry run makes the control inert in the page and stops (or passes over a
skippable preparatory step). Each function returns what it found or decided; the Run records it
(runners/runner.py, ``Run._irreversible``) and captures the screen to confirm between the fingerprint and the gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidence.record import Approval, Fingerprint
from evidence.recorder import utc_now
from runners import watchdog
from runners.errors import PortalChangedError, one_line
from runners.gate import Confirmer, GateAnswer, GateRequest
from runners.model import FlowContext, Irreversible, Outcome, Step, StepStatus, patience_of

if TYPE_CHECKING:
    from pathlib import Path

    from runners.results import RunOptions


@dataclass(frozen=True)
class Checked:
    """The page fingerprint as recorded, and the error the run stops with when the page is not the expected one."""

    fingerprint: Fingerprint
    error: PortalChangedError | None = None


@dataclass(frozen=True)
class Done:
    """How the irreversible step ended, for the Run to record: the step's status, and the run's end if it ends."""

    status: StepStatus
    url: str
    error: str = ""
    outcome: Outcome | None = None  # the run ends here, with this outcome and message
    message: str = ""
    requested_at: str = ""  # when the cancelling control was clicked


def handed(step: Step, action: Irreversible | None) -> Irreversible:
    """The control the step handed over.

    Raises:
        PortalChangedError: the step handed none.
    """
    if not isinstance(action, Irreversible):
        msg = f"step {step.name!r} is irreversible but did not hand the runner its control"
        raise PortalChangedError(msg)
    return action


def fingerprint(step: Step, ctx: FlowContext, action: Irreversible, log: Any) -> Checked:
    """The page shows the expected heading and the subscription's name: nobody confirms the wrong thing.

    Each wait is bounded by the run's --timeout, as a flow's own waits are.
    """
    from playwright.sync_api import expect  # Playwright loads with the first run, not with the runner: start-up time

    bound = patience_of(ctx.page.context) * 1000
    name = str(ctx.facts.get("subscription") or "")
    heading = ""
    problem = ""
    try:
        expect(action.heading).to_be_visible(timeout=bound)
        heading = " ".join(action.heading.inner_text().split())
        if name:
            expect(ctx.page.get_by_text(name).filter(visible=True).first).to_be_visible(timeout=bound)
        expect(action.control).to_be_visible(timeout=bound)
        ok = True
    except AssertionError as exc:
        ok = False
        problem = one_line(exc)
    checked = Fingerprint(step.name, heading, name, ok, utc_now(), ctx.page.url)
    log.info("fingerprint_checked", heading=heading, subscription=name, ok=ok)
    if ok:
        return Checked(checked)
    msg = f"step {step.name!r}: the page is not the one expected (heading and {name!r}): {problem}"
    return Checked(checked, PortalChangedError(msg))


def dry_run(step: Step, ctx: FlowContext, action: Irreversible, log: Any) -> Done:
    """Make the control inert and record the step as "would run"; the run stops unless the step is skippable."""
    watchdog.guard(action.control)
    url = ctx.page.url
    log.info("irreversible_step_not_run", reason="dry run", url=url, what=action.what)
    if step.skippable:
        return Done(StepStatus.WOULD_RUN, url, "dry run: not clicked")
    return Done(
        StepStatus.WOULD_RUN,
        url,
        "dry run: not clicked",
        Outcome.DRY_RUN_COMPLETE,
        f"dry run stopped before: {action.what}",
    )


def ask(
    confirmer: Confirmer,
    vendor: str,
    opts: RunOptions,
    step: Step,
    ctx: FlowContext,
    action: Irreversible,
    shot: dict[str, Any] | None,
    folder: Path,
    log: Any,
) -> Approval:
    """The gate: show the human what is about to happen and the screenshot, and take their answer."""
    request = GateRequest(
        vendor=vendor,
        account=opts.account,
        subscription=str(ctx.facts.get("subscription") or opts.subscription or ""),
        step=step.name,
        what=action.what,
        phrase=action.phrase,
        screenshot=str(folder / shot["path"]) if shot else "(no screenshot could be taken)",
        url=ctx.page.url,
        mode=opts.mode,
        approver=str(opts.extra.get("approver") or ""),
        approver_source=str(opts.extra.get("approver_source") or ""),
    )
    log.info("confirmation_requested", phrase=action.phrase, url=ctx.page.url)
    answer: GateAnswer = confirmer.confirm(request)  # outside any step alarm: a human takes their time
    if answer.confirmed:
        log.info("confirmation_given", approver=answer.approver, approver_source=answer.approver_source)
    else:
        log.warning("confirmation_declined", why=answer.why)
    return Approval(
        step=step.name,
        what=action.what,
        phrase=action.phrase,
        confirmed=answer.confirmed,
        approver=answer.approver,
        approver_source=answer.approver_source,
        answered_at=answer.answered_at,
        typed=answer.typed if answer.confirmed else "",
        why=answer.why,
        screenshot=shot["path"] if shot else "",
    )


def declined(approval: Approval, ctx: FlowContext) -> Done:
    """Not confirmed: nothing is clicked and the run ends."""
    return Done(
        StepStatus.DECLINED,
        ctx.page.url,
        approval.why,
        Outcome.DECLINED,
        f"not confirmed ({approval.why}); nothing was cancelled",
    )


def click(step: Step, ctx: FlowContext, action: Irreversible, log: Any) -> Done:
    """The one irreversible click, after the human confirmed (an assisted run only)."""
    clicked_at, clicked_url = utc_now(), ctx.page.url
    action.control.click()
    log.info("irreversible_clicked", url=clicked_url, at=clicked_at, what=action.what)
    return Done(StepStatus.CONFIRMED, clicked_url, requested_at="" if step.skippable else clicked_at)
