"""Taking over a dead engine's stack operation and finishing it here.

The caller (the liveness sweep, or a parent's resource for its nested
stack) has already moved the stack's lock to this engine. ``take_over``
reads the stack again, records a stack event naming both engines, and
resumes the operation from the stored rows on a new Operation that holds
the lock until it ends: create, adopt, delete, suspend, resume, check and
snapshot here (resumed.py), update and rollback in update_resume.py.
Resources the dead engine finished are not redone; those it left
IN_PROGRESS go on as their plugins say (interrupted.py). The action's
timeout starts again at the takeover. Nested stacks IN_PROGRESS under
the stack are resumed by the parent's own resources, which take their
locks through the normal path. An operation that cannot be resumed ends
FAILED with a reason that says so, and the lock is released.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import snapshots as snapshot_rows
from heatlite.db import stack_locks
from heatlite.db import stack_rows
from heatlite.engine import status
from heatlite.engine.stack import stored
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import rollback
from heatlite.engine.walk import snapshots
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk import update_resume
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.interrupted import Interrupted, fail_stack, finished_in
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.resumed import (ResumedAdopt, ResumedCreate, ResumedDelete,
                                          ResumedStackAction)
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation

LOG = logging.getLogger(__name__)

TAKEN_OVER = "Engine %s went down; operation resumed by engine %s"
CANNOT_RESUME = "Engine %s went down during stack %s, which cannot be resumed: %s"

Release = Callable[[], None]


class CannotResume(Exception):
    """Why an operation a dead engine left cannot go on here."""


def take_over(engine: EngineContext, stack_id: str, dead_engine_id: str) -> Operation | None:
    """Resume the stack's operation (its lock already ours); None when there
    is nothing to resume or it could not be (then it was failed), the lock
    released either way."""

    def release() -> None:
        stack_locks.release(stack_id, engine.engine_id)

    row = stack_rows.get(stack_id)
    if row is None or row.status != status.IN_PROGRESS:
        release()
        return None
    LOG.info("Engine %s resumes %s of stack %s (%s) left by engine %s", engine.engine_id,
             row.action, row.name, row.id, dead_engine_id)
    recorder = engine.recorder(row.id, row.name)
    recorder.stack_event(row.action, status.IN_PROGRESS,
                         TAKEN_OVER % (dead_engine_id, engine.engine_id))
    try:
        if row.action in (status.UPDATE, status.ROLLBACK, status.RESTORE):
            return update_resume.resume_update(engine, row, release, dead_engine_id)
        resumer = _RESUMERS.get(row.action or "")
        if resumer is None:
            raise CannotResume("no way to resume %s" % row.action)
        return resumer(engine, row, Interrupted(dead_engine_id, engine.engine_id), release)
    except Exception as exc:
        LOG.exception("Could not resume stack %s", row.id)
        try:
            fresh = stack_rows.get(stack_id)
            if fresh is not None and fresh.status == status.IN_PROGRESS:
                fail_stack(recorder, fresh, CANNOT_RESUME % (dead_engine_id, row.action, exc))
        finally:
            release()
        return None


def _start(engine: EngineContext, op: Operation, run: Callable[[], None]) -> Operation:
    engine.threads.start(op, run)
    return op


def _resume_create(engine: EngineContext, row: Any, gone: Interrupted,
                   release: Release) -> Operation:
    raw = raw_templates.get(row.raw_template_id)
    defn = stored.definition_of(raw, row, engine.registry)
    rows = resource_rows.get_all_by_stack(row.id)
    stored.fill_scope(defn, rows, stack_deleting=False)
    records = {r.name: ResourceRecord.from_row(r) for r in rows}
    recorder = engine.recorder(row.id, row.name)
    op = Operation(row.id, row.action)
    timeout = engine.timeout_secs(row.timeout)
    gate = engine.gate(raw.environment)
    adopting = row.action == status.ADOPT

    def roll_back() -> None:
        # As the create's own rollback; a failed adopt keeps every resource.
        policies = ({name: "Retain" for name in records} if adopting
                    else delete_mod.deletion_policies(raw))
        rollback.rollback_create(row.id, row.name, StoredPlugins(engine.registry, [raw]),
                                 policies, recorder, op, engine.threads.spawn, timeout, gate,
                                 (row.action, status.FAILED))

    runner_cls = ResumedAdopt if adopting else ResumedCreate
    runner = runner_cls(defn, records, recorder, op, engine.threads.spawn, timeout, release,
                        gate, None if row.disable_rollback else roll_back, interrupted=gone)
    return _start(engine, op, runner.run)


def _resume_delete(engine: EngineContext, row: Any, gone: Interrupted,
                   release: Release) -> Operation:
    raw = raw_templates.get(row.raw_template_id)
    plugins = StoredPlugins(engine.registry, [raw])
    snapshots.delete_all(row, plugins.by_type)
    records = update_mod.records_for_delete(resource_rows.get_all_by_stack(row.id))
    runner = ResumedDelete(
        row.id, row.name, records, plugins.of_records(records),
        delete_mod.record_policies(records, raw, raw_templates.get),
        engine.recorder(row.id, row.name), Operation(row.id, status.DELETE),
        engine.threads.spawn, engine.timeout_secs(row.timeout), release,
        engine.gate(raw.environment), interrupted=gone)
    return _start(engine, runner.op, runner.run)


def _snapshot_in_progress(stack_id: str) -> Any:
    taking = [s for s in snapshot_rows.list_by_stack(stack_id)
              if s.status == status.IN_PROGRESS]
    if not taking:
        raise CannotResume("no snapshot is being taken")
    return taking[-1]


def _resume_action(engine: EngineContext, row: Any, gone: Interrupted,
                   release: Release) -> Operation:
    rows = resource_rows.get_all_by_stack(row.id)
    current, _ = update_mod.split_rows(rows, False)
    plugins = StoredPlugins.of_stack(engine.registry, row).of_records(current)
    op = Operation(row.id, row.action)
    snap = _snapshot_in_progress(row.id) if row.action == status.SNAPSHOT else None
    save = None if snap is None else snapshots.saver(snap.id, row.id)
    runner = ResumedStackAction(
        row.action, row.id, row.name, current, plugins, engine.recorder(row.id, row.name), op,
        engine.threads.spawn, engine.timeout_secs(row.timeout), release, before_final=save,
        nested=engine.nested, interrupted=gone,
        done=finished_in(rows, row.action, row.updated_at))
    if snap is None or save is None:
        return _start(engine, op, runner.run)
    return _start(engine, op, lambda: snapshots.run_walk(runner.run, op, snap.id, save))


_RESUMERS: dict[str, Callable[[EngineContext, Any, Interrupted, Release], Operation]] = {
    status.CREATE: _resume_create, status.ADOPT: _resume_create,
    status.DELETE: _resume_delete,
    status.SUSPEND: _resume_action, status.RESUME: _resume_action,
    status.CHECK: _resume_action, status.SNAPSHOT: _resume_action,
}
