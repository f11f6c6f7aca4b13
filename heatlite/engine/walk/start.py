"""Starting an operation on a stored stack: the one path for every caller.

The RPC service (a top-level stack) and the nested-stack runner (a child
stack) both start DELETE and SUSPEND, RESUME and CHECK here, with the same
EngineContext: take the stack lock, read the row again, record ACTION
IN_PROGRESS and start the walk on the stack's own Operation. What differs
between them is passed in: how the row is read again (with the caller's
tenant check or by id), how stored plugins and raw templates are found,
and what ties the new operation to its caller's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from heatlite.db import models
from heatlite.db import resources as resource_rows
from heatlite.engine import status
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.stack_actions import StackAction
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation

Link = Callable[[Operation], None]


def stack_action(engine: EngineContext, row: Any, action: str, reread: Callable[[], Any],
                 stored_plugins: Callable[[Any], StoredPlugins],
                 link: Link | None = None) -> Operation:
    """Start SUSPEND, RESUME or CHECK of the stack under its lock."""
    with engine.lock(row, action.lower()) as lock:
        row = reread()
        current, _ = update_mod.split_rows(resource_rows.get_all_by_stack(row.id), False)
        plugins = stored_plugins(row).of_records(current)
        recorder = engine.recorder(row.id, row.name)
        values = {"updated_at": models.utcnow()} if action == status.CHECK else None
        recorder.stack((row.action, row.status), action, status.IN_PROGRESS,
                       "Stack %s started" % action, values)
        op = Operation(row.id, action)
        runner = StackAction(action, row.id, row.name, current, plugins, recorder, op,
                             engine.threads.spawn, engine.timeout_secs(row.timeout),
                             lock.hand_off(), nested=engine.nested)
        if link is not None:
            link(op)
        engine.threads.start(op, runner.run)
    return op


def delete(engine: EngineContext, row: Any, reread: Callable[[], Any],
           stored_plugins: Callable[[Any], StoredPlugins],
           raw_template: Callable[[int], Any],
           before: Callable[[Any, StoredPlugins], None] | None = None,
           link: Link | None = None) -> Operation | None:
    """Start deleting the stack under its lock; None when it is gone meanwhile.

    ``before`` runs under the lock ahead of the walk (the top-level stack
    deletes its snapshots there).
    """
    with engine.lock(row, "delete") as lock:
        row = reread()
        if row is None:
            return None
        stored = stored_plugins(row)
        if before is not None:
            before(row, stored)
        # Older rows of a name (left by a cancelled update) are deleted too.
        records = update_mod.records_for_delete(resource_rows.get_all_by_stack(row.id))
        raw = raw_template(row.raw_template_id)
        policies = delete_mod.record_policies(records, raw, raw_template)
        recorder = engine.recorder(row.id, row.name)
        recorder.stack((row.action, row.status), status.DELETE, status.IN_PROGRESS,
                       delete_mod.STARTED)
        op = Operation(row.id, status.DELETE)
        runner = delete_mod.DeleteStack(
            row.id, row.name, records, stored.of_records(records), policies, recorder, op,
            engine.threads.spawn, engine.timeout_secs(row.timeout), lock.hand_off(),
            engine.gate(raw.environment))
        if link is not None:
            link(op)
        engine.threads.start(op, runner.run)
    return op
