"""manifest.json: the run's record, built from the run's typed state (never scraped from the log)."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

from evidence.recorder import FORMAT, LOG, utc_now


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "0+unknown"


def build_manifest(run: Any, final: bool) -> dict[str, Any]:
    """Every field docs/design.md lists; ``run`` is a :class:`runners.runner.Run` (its state, read only)."""
    from runners.gate import operator
    from runners.model import StepStatus

    ctx = run.ctx
    facts = dict(ctx.facts) if ctx else {}
    before = run.recorder.facts_before
    confirmation = ctx.confirmation.as_dict() if ctx and ctx.confirmation else None
    gate_url = next(
        (r.url for r in run.results if r.status is StepStatus.CONFIRMED and not r.error and r.name == run.cancel_step),
        "",
    )
    return {
        "format": FORMAT,
        "run_id": run.run_id,
        "tool": {"name": "cancelproof", "version": _version("cancelproof")},
        "playwright": _version("playwright"),
        "browser": run.browser_version,
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "vendor": run.flow.vendor,
        "merchant": run.flow.merchant or run.flow.title,
        "flow": run.flow.title,
        "account": run.opts.account,
        "subscription": {
            "name": str(facts.get("subscription") or run.opts.subscription or ""),
            **{k: v for k, v in facts.items() if k != "subscription"},
        },
        "mode": str(run.opts.mode),
        "operator": operator(),
        "locale": run.opts.locale,
        "timezone": run.timezone,
        "base_url": run.base_url,
        "options": {k: v for k, v in run.opts.extra.items() if v not in (None, False, "") and k not in RUN_ONLY},
        "sandbox": sandbox_of(run.opts.sandbox, run.base_url),
        "started_at": run.started_at,
        "ended_at": utc_now() if final else "",
        "outcome": str(run.outcome) if final and run.outcome else "running",
        "reason": run.message,
        "interrupted_by_signal": run.interrupted or None,
        "approver": run.gate,
        "approvals": run.approvals,
        "fingerprint": run.fingerprint,
        "sign_in": run.signin.events if run.signin else [],
        "recheck_of": run.opts.recheck_of,
        "held": run.held_verdict,
        "cancellation": {
            "requested_at": run.requested_at,
            "confirmed_at": confirmation["seen_at"] if confirmation else "",
            "confirmation_id": confirmation["confirmation_id"] if confirmation else "",
            "confirmation_text": confirmation["text"] if confirmation else "",
            "effective_end": confirmation["effective_end"] if confirmation else "",
            "status_after": confirmation["status_after"] if confirmation else "",
            "method": "online, in the vendor's admin portal",
            "url": gate_url,
            "facts_before": before or {},
        }
        if run.requested_at
        else None,
        "summary_facts": [
            [label, str(facts[key])] for key, label in run.flow.summary if facts.get(key) not in (None, "")
        ],
        "summary_read": [
            {"label": label, "value": str(facts[key]), "read": when_read(key, facts, before)}
            for key, label in run.flow.summary
            if facts.get(key) not in (None, "")
        ],
        "account_shown": run.recorder.account,
        "steps": [r.as_dict() for r in run.results],
        "rules": [r.as_dict() for r in run.rules],
        "checklist": list(run.flow.checklist),
        "after": list(run.flow.after),
        "refused_captures": run.recorder.refused,
        "files": run.recorder.files,
        "log": {"path": LOG, "genesis": run.writer.genesis, "head": run.writer.head, "entries": run.writer.seq},
    }


RUN_ONLY = ("approver", "approver_source", "timestamp")  # run options recorded in their own sections


def when_read(key: str, facts: dict[str, Any], before: dict[str, Any] | None) -> str:
    """ "before cancelling" or "after cancelling" for a fact of a run that clicked; "" for one that did not."""
    if before is None:
        return ""
    return "before cancelling" if key in before and before[key] == facts.get(key) else "after cancelling"


def sandbox_of(scenario: str | None, base_url: str) -> dict[str, str] | None:
    """A run on a mock portal: the bundled sandbox (``--sandbox``), or any portal on this machine."""
    if scenario is not None:
        return {"scenario": scenario or "default", "why": "the bundled mock portal (--sandbox)"}
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.startswith("127.") or host == "::1":
        return {"scenario": "", "why": f"a portal on this machine ({host}), not the vendor's"}
    return None
