"""The record against the log: what manifest.json says happened, checked against log.jsonl's own events.

The manifest is rewritten at the end of a run; the log is a chain written line by line as things
happened. So the facts a dispute turns on (the outcome, when the irreversible click was made, when and
what the vendor confirmed, who approved and when) must agree with the log's events: ``run_started``,
``confirmation_requested``, ``confirmation_given`` or ``confirmation_declined``,
``irreversible_clicked``, ``confirmation_seen`` (when the runner logs it) and ``run_finished``.
Editing the manifest (and rebuilding report.sha256, even the report) is caught here; rewriting the
whole log as well is caught only by a signature or a trusted timestamp over the manifest.

Every function takes what was parsed from the folder, of any type, and returns
``(name, ok, detail)`` tuples: damage is a failed check, never an exception.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from evidence.redact import redact_text

KEEP = frozenset(
    {
        "run_started",
        "confirmation_requested",
        "confirmation_given",
        "confirmation_declined",
        "irreversible_clicked",
        "confirmation_seen",
        "run_finished",
    }
)
STARTED_FIELDS = ("vendor", "mode", "base_url", "locale")  # the manifest's, as run_started logged them
# the confirmation as the manifest records it, and as a ``confirmation_seen`` log entry names it
SEEN_FIELDS = (
    ("confirmation_id", "confirmation_id"),
    ("confirmation_text", "text"),
    ("effective_end", "effective_end"),
    ("status_after", "status_after"),
    ("confirmed_at", "seen_at"),
)
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z")

Result = tuple[str, bool, str]


def moment(value: object) -> datetime | None:
    """A UTC time as the record writes it (``2026-11-22T10:15:00.123Z``), to the millisecond; else None.

    Times are compared to the millisecond: the manifest keeps milliseconds, the log microseconds.
    """
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        return None
    try:
        when = datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        return None
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def short(value: object) -> str:
    """``repr(value)``, cut to 80 characters: one line names a value without quoting a page of it."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…'"


def _same(recorded: object, logged: object) -> bool:
    """The log holds text as its redacting processor left it (card numbers cut to their last 4)."""
    return recorded == logged or (isinstance(recorded, str) and redact_text(recorded) == logged)


def _disagree(recorded: object, event: str, logged: object) -> str:
    return f"the manifest says {short(recorded)}, the log's {event} says {short(logged)}"


def against_log(manifest: dict[str, Any], events: Sequence[dict[str, Any]], entries: int) -> list[Result]:
    """The manifest's outcome, times, approvals and cancellation against the log's events.

    ``events`` are the log's entries whose event is in :data:`KEEP`, in order; ``entries`` is the
    number of lines of the log (its last line is ``run_finished`` when the run finished).
    """
    out: list[Result] = []
    started = events[0] if events and events[0].get("event") == "run_started" and events[0].get("seq") == 1 else None
    last = events[-1] if events else {}
    finished = last if last.get("event") == "run_finished" and last.get("seq") == entries else None
    outcome = manifest.get("outcome")
    if started is None:
        out.append(("run_started", False, "the log does not begin with run_started"))
    else:
        for key in STARTED_FIELDS:
            if key in started and not _same(manifest.get(key), started[key]):
                out.append((key, False, _disagree(manifest.get(key), "run_started", started[key])))
    if outcome == "running":
        out.append(("outcome", False, "the run never finished writing its manifest"))
    elif finished is None:
        out.append(("outcome", False, f"{short(outcome)}, but the log does not end with run_finished"))
    else:
        for key in ("outcome", "reason"):
            if not _same(manifest.get(key), finished.get(key)):
                out.append((key, False, _disagree(manifest.get(key), "run_finished", finished.get(key))))
    out += _times(manifest, started, finished)
    out += _cancellation(manifest, events, finished)
    out += _approvals(manifest, events)
    if all(ok for _, ok, _ in out):
        out.append(("record vs log", True, "outcome, times, approvals and cancellation agree with the log's events"))
    return out


def _times(manifest: dict[str, Any], started: dict[str, Any] | None, finished: dict[str, Any] | None) -> list[Result]:
    out: list[Result] = []
    begun = moment(manifest.get("started_at"))
    if begun is None:
        out.append(("started_at", False, f"{short(manifest.get('started_at'))} is not a UTC time"))
    elif started is not None and (first := moment(started.get("ts"))) and begun > first:
        out.append(("started_at", False, f"{manifest['started_at']} is after the log's first line ({started['ts']})"))
    if finished is not None:
        ended = moment(manifest.get("ended_at"))
        last = moment(finished.get("ts"))
        if ended is None:
            out.append(("ended_at", False, f"{short(manifest.get('ended_at'))} is not a UTC time"))
        elif last is not None and ended < last:
            out.append(("ended_at", False, f"{manifest['ended_at']} is before the log's last line ({finished['ts']})"))
    return out


def _cancellation(
    manifest: dict[str, Any], events: Sequence[dict[str, Any]], finished: dict[str, Any] | None
) -> list[Result]:
    clicks = [e for e in events if e.get("event") == "irreversible_clicked"]
    cancel = manifest.get("cancellation")
    out: list[Result] = []
    if manifest.get("mode") == "dry-run" and clicks:
        out.append(
            ("cancellation", False, f"a dry run, but the log records an irreversible click at {clicks[0].get('at')}")
        )
    if cancel is None:
        if manifest.get("outcome") == "cancelled":
            out.append(("cancellation", False, "outcome is cancelled but no cancellation is recorded"))
        return out
    if not isinstance(cancel, dict):
        return [*out, ("cancellation", False, "not an object")]
    requested = cancel.get("requested_at")
    if not any(click.get("at") == requested for click in clicks):
        logged = f"the log's is {clicks[-1].get('at')}" if clicks else "the log records none"
        out.append(
            (
                "cancellation",
                False,
                f"requested_at {short(requested)} is not the time of an irreversible click ({logged})",
            )
        )
    confirmed = cancel.get("confirmed_at")
    if confirmed:
        seen, clicked = moment(confirmed), moment(requested)
        ended = moment(finished.get("ts")) if finished else None
        if seen is None:
            out.append(("cancellation", False, f"confirmed_at {short(confirmed)} is not a UTC time"))
        elif clicked is not None and seen < clicked:
            out.append(
                ("cancellation", False, f"confirmed_at {confirmed} is before the irreversible click ({requested})")
            )
        elif ended is not None and seen > ended:
            out.append(
                (
                    "cancellation",
                    False,
                    f"confirmed_at {confirmed} is after the run finished ({finished and finished.get('ts')})",
                )
            )
    elif manifest.get("outcome") == "cancelled":
        out.append(("cancellation", False, "outcome is cancelled but no confirmation time is recorded"))
    logged_seen = [e for e in events if e.get("event") == "confirmation_seen"]
    if logged_seen:
        entry = logged_seen[-1]
        for field, key in SEEN_FIELDS:
            if not _same(cancel.get(field, ""), entry.get(key, "")):
                said = f"{field} {short(cancel.get(field))} is not what the log recorded ({short(entry.get(key))})"
                out.append(("cancellation", False, said))
    return out


def _approvals(manifest: dict[str, Any], events: Sequence[dict[str, Any]]) -> list[Result]:
    """Each answer at the gate in the manifest is one confirmation_requested → given/declined pair in the log."""
    gates: list[tuple[dict[str, Any], dict[str, Any]]] = []
    asked: dict[str, Any] = {}
    for event in events:
        if event.get("event") == "confirmation_requested":
            asked = event
        elif event.get("event") in ("confirmation_given", "confirmation_declined"):
            gates.append((asked, event))
            asked = {}
    approvals = manifest.get("approvals") or []
    if not isinstance(approvals, list) or not all(isinstance(a, dict) for a in approvals):
        return [("approvals", False, "not a list of answers")]
    out: list[Result] = []
    if len(approvals) != len(gates):
        out.append(
            ("approvals", False, f"the manifest records {len(approvals)} answer(s) at the gate, the log {len(gates)}")
        )
    for answer, (request, logged) in zip(approvals, gates, strict=False):
        step = answer.get("step")
        given = logged.get("event") == "confirmation_given"
        if answer.get("confirmed") is not given or step != logged.get("step"):
            said = f"{'confirmed' if answer.get('confirmed') else 'not confirmed'} at {short(step)}"
            out.append(
                (
                    "approvals",
                    False,
                    f"the manifest says {said}, the log says {logged.get('event')} at {short(logged.get('step'))}",
                )
            )
            continue
        if given and not _same(answer.get("approver"), logged.get("approver")):
            said = _disagree(answer.get("approver"), "confirmation_given", logged.get("approver"))
            out.append(("approvals", False, f"approver at {short(step)}: {said}"))
        at, low, high = moment(answer.get("answered_at")), moment(request.get("ts")), moment(logged.get("ts"))
        if at is None or (low is not None and at < low) or (high is not None and at > high):
            said = f"answered_at {short(answer.get('answered_at'))} at {short(step)} is not within the gate in the log"
            out.append(("approvals", False, f"{said} ({request.get('ts')} to {logged.get('ts')})"))
    approver = manifest.get("approver") or None
    if approver != (approvals[-1] if approvals else None):
        out.append(("approver", False, "is not the last answer at the gate (approvals)"))
    return out


def report_states(manifest: dict[str, Any], text: str) -> Result:
    """The report's summary states the manifest's subscription, outcome, times, confirmation and approver."""
    from evidence.report import OUTCOME_WORDS, utc_time  # page one's words and times; it loads Pillow: only now

    cancel = _dict(manifest.get("cancellation"))
    approver = _dict(manifest.get("approver"))
    outcome = manifest.get("outcome")
    stated = [
        ("subscription", str(_dict(manifest.get("subscription")).get("name") or "")),
        ("outcome", OUTCOME_WORDS.get(outcome, "") if isinstance(outcome, str) else ""),
        ("cancellation time", utc_time(str(cancel.get("requested_at") or ""))),
        ("confirmation", str(cancel.get("confirmation_id") or cancel.get("confirmation_text") or "")),
        ("confirmation time", utc_time(str(cancel.get("confirmed_at") or ""))),
        ("end date", str(cancel.get("effective_end") or "")),
        ("approver", str(approver.get("approver") or "")),
        ("approval time", utc_time(str(approver.get("answered_at") or ""))),
    ]
    missing = [(what, value) for what, value in stated if value and html.escape(value) not in text]
    if missing:
        what, value = missing[0]
        return ("report summary", False, f"does not state the {what} {value!r} as the manifest records it")
    return ("report summary", True, "states the manifest's subscription, outcome, times, confirmation and approver")
