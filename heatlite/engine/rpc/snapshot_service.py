"""RPC endpoint for stack snapshots: take, list, show, delete, restore.

Checks run in the call, in Heat's order and with Heat's errors; taking a
snapshot holds the stack lock for its SNAPSHOT walk, restoring is an
update (action RESTORE) run by StackUpdateService. The snapshot itself is
snapshots.py's.
"""

from __future__ import annotations

from typing import Any

import oslo_messaging

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.db import models
from heatlite.db import resources as resource_rows
from heatlite.db import snapshots as snapshot_rows
from heatlite.engine import status
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.stack import lookup
from heatlite.engine.walk import snapshots
from heatlite.engine.walk import stack_actions
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.threads import Operation


class SnapshotService:
    """Server side of the snapshot calls (rpc.stack_calls, version 1.2)."""

    target = oslo_messaging.Target(version="1.5")
    RPC_METHODS = ("stack_snapshot", "show_snapshot", "delete_snapshot",
                   "stack_list_snapshots", "stack_restore")

    def __init__(self, engine: EngineService) -> None:
        self.engine = engine

    def stack_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                       name: str | None) -> dict[str, Any]:
        """Start a SNAPSHOT walk; the answer is the IN_PROGRESS snapshot."""
        engine = self.engine
        engine._check_running("stack_snapshot")
        row = lookup.get_stack(ctxt, stack_identity)
        if row.status == status.IN_PROGRESS:
            raise exception.ActionInProgress(stack_name=row.name, action=row.action)
        snapshots.check_limit(row.id, engine.conf.max_snapshots_per_stack,
                              bool(ctxt.is_admin))
        with engine.context.lock(row, "snapshot") as lock:
            row = lookup.get_stack(ctxt, stack_identity)
            snap = snapshot_rows.create({
                "tenant": ctxt.project_id or row.tenant, "name": name,
                "stack_id": row.id, "action": snapshots.CREATE,
                "status": status.IN_PROGRESS, "data": snapshots.start_document(row)})
            current, _ = update_mod.split_rows(resource_rows.get_all_by_stack(row.id),
                                               False)
            plugins = engine.stored_plugins(row).of_records(current)
            recorder = engine.context.recorder(row.id, row.name)
            recorder.stack((row.action, row.status), status.SNAPSHOT, status.IN_PROGRESS,
                           "Stack SNAPSHOT started", {"updated_at": models.utcnow()})
            op = Operation(row.id, status.SNAPSHOT)
            save = snapshots.saver(snap.id, row.id)
            runner = stack_actions.StackAction(
                status.SNAPSHOT, row.id, row.name, current, plugins, recorder, op,
                engine.threads.spawn, engine.context.timeout_secs(row.timeout), lock.hand_off(),
                before_final=save)
            engine.threads.start(op, lambda: snapshots.run_walk(runner.run, op, snap.id, save))
        return snapshots.document(snap)

    def show_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                      snapshot_id: str) -> dict[str, Any]:
        row = lookup.get_stack(ctxt, stack_identity)
        return snapshots.document(snapshots.get_for_stack(snapshot_id, ctxt.project_id, row))

    def stack_list_snapshots(self, ctxt: RequestContext,
                             stack_identity: StackIdentity) -> list[dict[str, Any]]:
        row = lookup.get_stack(ctxt, stack_identity)
        return [snapshots.document(s)
                for s in snapshot_rows.list_by_stack(row.id, ctxt.project_id)]

    def delete_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                        snapshot_id: str) -> None:
        """Refused while it is being taken; otherwise gone when this returns."""
        row = lookup.get_stack(ctxt, stack_identity)
        snap = snapshots.get_for_stack(snapshot_id, ctxt.project_id, row)
        if snap.action in (None, snapshots.CREATE) and snap.status == status.IN_PROGRESS:
            raise exception.NotSupported(feature="Deleting in-progress snapshot")
        snapshot_rows.update(snap.id, {"action": snapshots.DELETE,
                                       "status": status.IN_PROGRESS,
                                       "status_reason": snapshots.DELETE_STARTED})
        snapshots.delete_backend_data(snap, self.engine.stored_plugins(row).by_type, row.name,
                                      row.id)
        snapshot_rows.delete(snap.id)

    def stack_restore(self, ctxt: RequestContext, stack_identity: StackIdentity,
                      snapshot_id: str) -> None:
        """Update the stack back to the snapshot's template (RESTORE)."""
        row = lookup.get_stack(ctxt, stack_identity)
        snap = snapshots.get_for_stack(snapshot_id, ctxt.project_id, row)
        template, env, files = snapshots.restore_arguments(snap)
        StackUpdateService(self.engine).start_update(
            ctxt, stack_identity, template, env, files, {}, action=status.RESTORE)
