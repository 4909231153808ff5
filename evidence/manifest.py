"""manifest.json: the run's record, built from the typed run record (never scraped from the log)."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from evidence.chain import ChainWriter
from evidence.record import JSON, Manifest, RunRecord
from evidence.recorder import FORMAT, LOG, Recorder

RUN_ONLY = ("approver", "approver_source", "timestamp")  # run options recorded in their own sections


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "0+unknown"


def build_manifest(record: RunRecord, recorder: Recorder, chain: ChainWriter) -> Manifest:
    """Every field docs/design.md lists: the record's, the recorder's files (and the account the portal showed,
    the captures refused) and the log chain's head. The record is final once its ``ended_at`` is set."""
    final = bool(record.ended_at)
    facts = record.facts
    before = record.facts_before
    confirmation = record.confirmation
    approver = record.approver
    gate_url = next(
        (s.url for s in record.steps if s.status == "confirmed" and not s.error and s.name == record.cancel_step),
        "",
    )
    return {
        "format": FORMAT,
        "run_id": record.run_id,
        "tool": {"name": "cancelproof", "version": _version("cancelproof")},
        "playwright": _version("playwright"),
        "browser": record.browser,
        "browser_endpoint": record.browser_endpoint,
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "vendor": record.vendor,
        "merchant": record.merchant or record.flow,
        "flow": record.flow,
        "account": record.account,
        "subscription": {
            "name": str(facts.get("subscription") or record.subscription or ""),
            **{k: v for k, v in facts.items() if k != "subscription"},
        },
        "mode": str(record.mode),
        "operator": record.operator,
        "locale": record.locale,
        "timezone": record.timezone,
        "base_url": record.base_url,
        "options": {k: v for k, v in record.options.items() if k not in RUN_ONLY},
        "sandbox": sandbox_of(record.sandbox, record.base_url),
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "outcome": str(record.outcome) if final and record.outcome else "running",
        "reason": record.message,
        "interrupted_by_signal": record.interrupted or None,
        "approver": approver.as_dict() if approver else None,
        "approvals": [a.as_dict() for a in record.approvals],
        "fingerprint": record.fingerprint.as_dict() if record.fingerprint else None,
        "sign_in": [e.as_dict() for e in record.sign_in],
        "recheck_of": record.recheck_of,
        "held": record.held,
        "cancellation": {
            "requested_at": record.requested_at,
            "confirmed_at": confirmation.seen_at if confirmation else "",
            "confirmation_id": confirmation.confirmation_id if confirmation else "",
            "confirmation_text": confirmation.text if confirmation else "",
            "effective_end": confirmation.effective_end if confirmation else "",
            "status_after": confirmation.status_after if confirmation else "",
            "method": "online, in the vendor's admin portal",
            "url": gate_url,
            "facts_before": before or {},
        }
        if record.requested_at
        else None,
        "summary_facts": [
            [label, str(facts[key])] for key, label in record.summary if facts.get(key) not in (None, "")
        ],
        "summary_read": [
            {"label": label, "value": str(facts[key]), "read": when_read(key, facts, before)}
            for key, label in record.summary
            if facts.get(key) not in (None, "")
        ],
        "report_facts": list(record.report_facts),
        "account_shown": {key: dict[str, JSON](fact) for key, fact in recorder.account.items()},
        "steps": [s.as_dict() for s in record.steps],
        "rules": [r.as_dict() for r in record.rules],
        "checklist": list(record.checklist),
        "after": list(record.after),
        "refused_captures": list[JSON](recorder.refused),
        "files": list[JSON](recorder.files),
        "log": {"path": LOG, "genesis": chain.genesis, "head": chain.head, "entries": chain.seq},
    }


def when_read(key: str, facts: dict[str, JSON], before: dict[str, JSON] | None) -> str:
    """ "before cancelling" or "after cancelling" for a fact of a run that clicked; "" for one that did not."""
    if before is None:
        return ""
    return "before cancelling" if key in before and before[key] == facts.get(key) else "after cancelling"


def sandbox_of(scenario: str | None, base_url: str) -> dict[str, JSON] | None:
    """A run on a mock portal: the bundled sandbox (``--sandbox``), or any portal on this machine."""
    if scenario is not None:
        return {"scenario": scenario or "default", "why": "the bundled mock portal (--sandbox)"}
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.startswith("127.") or host == "::1":
        return {"scenario": "", "why": f"a portal on this machine ({host}), not the vendor's"}
    return None
