"""Taking over a stack whose operation's engine died.

TEMPORARY: this take_over fails the stack and its resources left
IN_PROGRESS, as the engine start-up did before (and as Heat does); the
resume of the operation from its persisted state replaces it.
"""

from __future__ import annotations

import logging

from heatlite.db import resources
from heatlite.db import stack_locks
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.threads import Operation

LOG = logging.getLogger(__name__)

WENT_DOWN = "Engine went down during stack %s"


def take_over(engine: EngineContext, stack_id: str, dead_engine_id: str) -> Operation | None:
    """Finish the dead engine's work on a stack whose lock we already hold.

    The lock is released here; no operation is left running (None).
    """
    try:
        row = stacks.get(stack_id)
        if row is None or row.status != status.IN_PROGRESS:
            return None
        LOG.info("Engine %s took over stack %s (%s) from dead engine %s",
                 engine.engine_id, row.name, stack_id, dead_engine_id)
        reason = WENT_DOWN % row.action
        recorder = engine.recorder(row.id, row.name)
        for rsrc in resources.get_all_by_stack(row.id):
            if rsrc.status == status.IN_PROGRESS:
                recorder.resource(rsrc.id, rsrc.name, rsrc.type or "",
                                  (rsrc.action, rsrc.status), rsrc.action, status.FAILED,
                                  reason, rsrc.physical_resource_id, rsrc.properties_data)
        recorder.stack((row.action, row.status), row.action, status.FAILED, reason)
        return None
    finally:
        stack_locks.release(stack_id, engine.engine_id)
