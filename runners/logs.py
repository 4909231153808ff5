"""structlog, configured once: the processor chain every run's log goes through.

Each run wraps its own :class:`evidence.chain.ChainWriter` (log.jsonl) with this chain and binds
``run_id`` and ``vendor``; the runner binds ``step`` per step. Event names are snake_case facts.
"""

from __future__ import annotations

from typing import Any

import structlog

from evidence.chain import ChainWriter
from evidence.redact import redact_event

PROCESSORS: list[Any] = [
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
    redact_event,  # last before the writer: nothing secret reaches the chain
]


def run_logger(writer: ChainWriter, **context: Any) -> Any:
    """A bound logger that writes to ``writer`` through :data:`PROCESSORS`."""
    return structlog.wrap_logger(writer, processors=PROCESSORS, wrapper_class=structlog.BoundLogger).bind(
        **context
    )
