"""structlog, configured once: the processor chain every run's log goes through.

Each run wraps its own :class:`evidence.chain.ChainWriter` (log.jsonl) with this chain and binds
``run_id`` and ``vendor``; the runner binds ``step`` per step. Event names are snake_case facts.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

import structlog

from evidence.chain import ChainWriter
from evidence.redact import redact_event


class AddPlace:
    """Every entry says where it happened: the ``step`` (empty outside a step) and the page's ``url``."""

    def __init__(self, url: Callable[[], str]) -> None:
        self.url = url

    def __call__(self, _: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        event.setdefault("step", "")
        if "url" not in event:
            try:
                event["url"] = self.url()
            except Exception:  # the page may be closed; an entry is never lost for want of a URL
                event["url"] = ""
        return event


PROCESSORS: list[Any] = [
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
    redact_event,  # last before the writer: nothing secret reaches the chain
]


def run_logger(writer: ChainWriter, url: Callable[[], str] = str, **context: Any) -> Any:
    """A bound logger that writes to ``writer`` through :data:`PROCESSORS`, with step and URL on every entry."""
    processors = [AddPlace(url), *PROCESSORS]
    return structlog.wrap_logger(writer, processors=processors, wrapper_class=structlog.BoundLogger).bind(**context)
