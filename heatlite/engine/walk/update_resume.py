"""Resuming an UPDATE or ROLLBACK a dead engine left IN_PROGRESS.

Stand-in until the update-resume work lands: the update ends FAILED with a
reason that says it cannot be resumed, and the lock is released.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.interrupted import fail_stack
from heatlite.engine.walk.threads import Operation

CANNOT_RESUME = "Engine went down during stack %s; an update cannot be resumed yet"


def resume_update(engine: EngineContext, row: Any, release: Callable[[], None]) -> Operation:
    """Fail the update (with its resources left IN_PROGRESS) on a finished Operation."""
    op = Operation(row.id, row.action)
    try:
        fail_stack(engine.recorder(row.id, row.name), row, CANNOT_RESUME % row.action)
    finally:
        release()
        op.finish()
    return op
