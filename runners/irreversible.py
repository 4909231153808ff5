"""The irreversible step: fingerprint, the screen to confirm, the gate, and the one click.

Only here does cancelproof click a control of an irreversible step, and only in an assisted run after
the human typed the phrase. A dry run captures the screen that would be confirmed, makes the control
inert in the page, and stops (or passes over a skippable preparatory step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evidence.recorder import utc_now
from runners import watchdog
from runners.errors import PortalChangedError
from runners.gate import GateAnswer, GateRequest
from runners.model import FlowContext, Irreversible, Mode, Outcome, Step, StepStatus, box_of
from runners.results import one_line

if TYPE_CHECKING:
    from runners.runner import Run


def irreversible(
    run: Run,
    index: int,
    step: Step,
    ctx: FlowContext,
    action: Irreversible | None,
    log: Any,
    started: float,
    started_at: str,
) -> bool:
    if not isinstance(action, Irreversible):
        msg = f"step {step.name!r} is irreversible but did not hand the runner its control"
        raise PortalChangedError(msg)
    fingerprint(run, step, ctx, action, log)
    shot = run._capture(ctx, index, step, "confirm", log, box=box_of(action.control))
    if run.opts.mode is Mode.DRY_RUN:
        watchdog.guard(action.control)
        run._record(index, step, StepStatus.WOULD_RUN, started, started_at, ctx.page.url, "dry run: not clicked")
        log.info("irreversible_step_not_run", reason="dry run", url=ctx.page.url, what=action.what)
        if step.skippable:
            return False
        run._end(Outcome.DRY_RUN_COMPLETE, f"dry run stopped before: {action.what}")
        return True
    request = GateRequest(
        vendor=run.flow.vendor,
        account=run.opts.account,
        subscription=str(ctx.facts.get("subscription") or run.opts.subscription or ""),
        step=step.name,
        what=action.what,
        phrase=action.phrase,
        screenshot=str(run.folder / shot["path"]) if shot else "(no screenshot could be taken)",
        url=ctx.page.url,
        mode=run.opts.mode,
        approver=str(run.opts.extra.get("approver") or ""),
        approver_source=str(run.opts.extra.get("approver_source") or ""),
    )
    log.info("confirmation_requested", phrase=action.phrase, url=ctx.page.url)
    answer: GateAnswer = run.confirmer.confirm(request)  # outside any step alarm: a human takes their time
    run.gate = {
        "step": step.name,
        "what": action.what,
        "phrase": action.phrase,
        "confirmed": answer.confirmed,
        "approver": answer.approver,
        "approver_source": answer.approver_source,
        "answered_at": answer.answered_at,
        "typed": answer.typed if answer.confirmed else "",
        "why": answer.why,
        "screenshot": shot["path"] if shot else "",
    }
    run.approvals.append(run.gate)
    if not answer.confirmed:
        log.warning("confirmation_declined", why=answer.why)
        run._record(index, step, StepStatus.DECLINED, started, started_at, ctx.page.url, answer.why)
        run._end(Outcome.DECLINED, f"not confirmed ({answer.why}); nothing was cancelled")
        return True
    log.info("confirmation_given", approver=answer.approver, approver_source=answer.approver_source)
    clicked_at, clicked_url = utc_now(), ctx.page.url
    if not step.skippable and run.recorder is not None:  # what the portal showed before this click
        run.recorder.facts_before = dict(ctx.facts)
    action.control.click()
    if not step.skippable:
        run.requested_at = clicked_at
    log.info("irreversible_clicked", url=clicked_url, at=clicked_at, what=action.what)
    run._record(index, step, StepStatus.CONFIRMED, started, started_at, clicked_url)
    return False


def fingerprint(run: Run, step: Step, ctx: FlowContext, action: Irreversible, log: Any) -> None:
    """The page shows the expected heading and the subscription's name: nobody confirms the wrong thing."""
    from flows.ui import expect

    name = str(ctx.facts.get("subscription") or "")
    heading = ""
    try:
        expect(action.heading).to_be_visible()
        heading = " ".join(action.heading.inner_text().split())
        if name:
            expect(ctx.page.get_by_text(name).filter(visible=True).first).to_be_visible()
        expect(action.control).to_be_visible()
        ok = True
    except AssertionError as exc:
        ok = False
        problem = one_line(exc)
    run.fingerprint = {
        "step": step.name,
        "heading": heading,
        "subscription": name,
        "ok": ok,
        "checked_at": utc_now(),
        "url": ctx.page.url,
    }
    log.info("fingerprint_checked", heading=heading, subscription=name, ok=ok)
    if not ok:
        msg = f"step {step.name!r}: the page is not the one expected (heading and {name!r}): {problem}"
        raise PortalChangedError(msg)
