"""Resuming an update (or its rollback, or a create's rollback) that a dead
engine left IN_PROGRESS, from what the database holds.

takeover.py calls ``resume_update`` once it holds the stack's lock. The
stack row says where the operation was: UPDATE (or RESTORE) IN_PROGRESS
goes to ``raw_template_id`` and leaves ``prev_raw_template_id``; ROLLBACK
IN_PROGRESS with ``prev_raw_template_id`` goes back to ``raw_template_id``
from the failed update's template; ROLLBACK IN_PROGRESS without it is a
create's (or an adopt's) rollback.

First every resource row left IN_PROGRESS is settled as its plugin says
(interrupted.py): a create of a row at the target, an update, or a delete
goes on (re-driven or checked, with an event naming both engines) where
the walk meets it; any other is moved to FAILED with a reason naming the
dead engine. Then the same walk as a fresh update runs against the rows
as they are (UpdateWalk.resume): rows already at the target are not
touched, a half-made replacement goes on as Heat's does, and a name that
failed during this operation fails its node, so the update ends (or rolls
back) as it would have. The stack's timeout counts from the update's
start.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from heatlite.db import events
from heatlite.db import models
from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.engine import status
from heatlite.engine.stack import stored
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import interrupted
from heatlite.engine.walk import rollback
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.interrupted import Interrupted
from heatlite.engine.walk.recorder import STACK_TYPE, Recorder
from heatlite.engine.walk.resource_action import Driver, ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation
from heatlite.engine.walk.update import Settled
from heatlite.engine.walk.update_operation import UpdatePlan, UpdateStack, force_failed

NO_PREVIOUS = ("Stack %s cannot be resumed: the template it was leaving is not "
               "known (engine %s went down)")
UNKNOWN_ROLLBACK = ("Stack ROLLBACK cannot be resumed: whether it rolls back a "
                    "create or an adopt is no longer known (engine %s went down)")


def resume_update(engine: EngineContext, row: Any, release: Callable[[], None],
                  dead_engine: str = "") -> Operation:
    """Start finishing the stack's interrupted update or rollback as a new
    Operation of ``engine`` (which holds the lock; ``release`` frees it
    when the operation ends)."""
    if row.status != status.IN_PROGRESS or row.action not in (
            status.UPDATE, status.RESTORE, status.ROLLBACK):
        raise ValueError("stack %s is %s: not an update or rollback to resume"
                         % (row.id, status.state_name(row.action, row.status)))
    op = Operation(row.id, row.action)
    recorder = engine.recorder(row.id, row.name)
    gone = Interrupted(dead_engine or "(unknown)", engine.engine_id)
    engine.threads.start(op, _runner(engine, row, op, recorder, release, gone))
    return op


def _runner(engine: EngineContext, row: Any, op: Operation, recorder: Recorder,
            release: Callable[[], None], gone: Interrupted) -> Callable[[], None]:
    if row.action == status.ROLLBACK and row.prev_raw_template_id is None:
        return lambda: _create_rollback(engine, row, op, recorder, release, gone)
    if row.prev_raw_template_id is None:
        return lambda: _fail(recorder, row, release,
                             NO_PREVIOUS % (row.action, gone.dead_engine_id))

    def run() -> None:
        try:
            runner, settled = _update_runner(engine, row, op, recorder, release, gone)
        except Exception as exc:
            _fail(recorder, row, release, str(exc))
            raise
        if row.action == status.ROLLBACK:
            runner.resume_rollback(settled)
        else:
            runner.run()

    return run


def _fail(recorder: Recorder, row: Any, release: Callable[[], None], reason: str) -> None:
    """End an operation that cannot be resumed FAILED, saying why; so do
    the resources the dead engine left IN_PROGRESS (else they would stay
    so for good)."""
    try:
        interrupted.fail_resources(recorder, row.id, reason)
        force_failed(recorder, row.id, reason)
    finally:
        release()


def remaining_secs(engine: EngineContext, row: Any) -> float:
    """The stack's timeout minus the time since the operation started."""
    started = row.updated_at or row.created_at
    spent = (models.utcnow() - started) / datetime.timedelta(seconds=1)
    return max(0.0, engine.timeout_secs(row.timeout) - spent)


def _update_runner(engine: EngineContext, row: Any, op: Operation, recorder: Recorder,
                   release: Callable[[], None], gone: Interrupted) -> tuple[UpdateStack,
                                                                            Settled]:
    """The update (or its rollback) set up as the original engine had it."""
    target = raw_templates.get(row.raw_template_id)
    leaving = raw_templates.get(row.prev_raw_template_id)
    rolling_back = row.action == status.ROLLBACK
    # UpdatePlan speaks of the update's old and new templates: a rollback
    # goes back to the old one, which is the stack's template meanwhile.
    old_raw, new_raw = (target, leaving) if rolling_back else (leaving, target)
    registry = engine.registry
    new_defn = stored.definition_of(new_raw, row, registry)
    timeout = remaining_secs(engine, row)
    new_defn.timeout_secs = engine.timeout_secs(row.timeout)
    plan = UpdatePlan(
        new_defn=new_defn, load_old=lambda: stored.definition_of(old_raw, row, registry),
        old_template_id=old_raw.id, new_template_id=new_raw.id,
        old_policies=delete_mod.deletion_policies(old_raw),
        new_policies=delete_mod.deletion_policies(new_raw),
        disable_rollback=row.disable_rollback, timeout_secs=timeout,
        new_gate=engine.gate(new_raw.environment), old_gate=engine.gate(old_raw.environment),
        old_raw=old_raw, new_raw=new_raw, action=status.UPDATE if rolling_back else row.action)
    plugins = plan.plugins(registry, rolling_back)
    # A create goes on only at the walk's target: the template it goes to.
    target = old_raw.id if rolling_back else new_raw.id
    settled = settle_in_progress(row, plugins, recorder, op, gone, target)
    if not rolling_back:
        settled = Settled({**settled.failed, **failed_during(row)}, settled.resuming)
    rows = resource_rows.get_all_by_stack(row.id)
    return UpdateStack(plan, rows, registry, recorder, op, engine.threads.spawn, release,
                       resumed=None if rolling_back else settled), settled


# The actions a resumed update walk meets a row in: create, update, delete.
_WALKED = (status.CREATE, status.UPDATE, status.DELETE)


def settle_in_progress(row: Any, plugins: StoredPlugins, recorder: Recorder, op: Operation,
                       gone: Interrupted, target: int | None) -> Settled:
    """Decide how each resource row left IN_PROGRESS goes on, as its plugin
    says (an event tells); a row that cannot go on is failed, naming the
    dead engine. A create goes on only for a row of the ``target``
    template (None: no create does)."""
    failed: dict[int, str] = {}
    resuming: dict[int, str] = {}
    for resource in resource_rows.get_all_by_stack(row.id):
        if resource.status != status.IN_PROGRESS:
            continue
        rec = ResourceRecord.from_row(resource)
        walked = rec.action in _WALKED and (
            rec.action != status.CREATE or rec.current_template_id == target)
        drv = Driver(rec, recorder, row.name, row.id, op.sleep)
        way = gone.resume(drv, plugins.by_row(rec) if walked else None, rec.action)
        if way is None:
            failed[rec.id] = rec.status_reason
        else:
            resuming[rec.id] = way
    return Settled(failed, resuming)


def failed_during(row: Any) -> dict[int, str]:
    """Rows that failed since the update started (as its walk saw them)."""
    since = row.updated_at
    return {r.id: r.status_reason or "" for r in resource_rows.get_all_by_stack(row.id)
            if r.status == status.FAILED and since is not None
            and r.updated_at is not None and r.updated_at >= since}


def _create_rollback(engine: EngineContext, row: Any, op: Operation, recorder: Recorder,
                     release: Callable[[], None], gone: Interrupted) -> None:
    """Finish deleting what a failed create (or adopt) made."""
    try:
        kind = _rolled_back_action(row.id)
        if kind is None:
            force_failed(recorder, row.id, UNKNOWN_ROLLBACK % gone.dead_engine_id)
            return
        raw = raw_templates.get(row.raw_template_id)
        plugins = StoredPlugins(engine.registry, [raw])
        settled = settle_in_progress(row, plugins, recorder, op, gone, None)
        policies: Mapping[str, str] = delete_mod.deletion_policies(raw)
        if kind == status.ADOPT:
            # Heat rolls an adopt back as an abandon: every resource is kept.
            policies = {r.name: "Retain" for r in resource_rows.get_all_by_stack(row.id)}
        rollback.continue_create_rollback(
            row.id, row.name, plugins, policies, recorder, op, engine.threads.spawn,
            remaining_secs(engine, row), engine.gate(raw.environment), settled.resuming)
    except Exception as exc:
        if not op.handed_off:
            force_failed(recorder, row.id, str(exc))
        raise
    finally:
        if not op.handed_off:
            release()


def _rolled_back_action(stack_id: str) -> str | None:
    """CREATE or ADOPT: what the stack's last start event says it began
    with; None when that event is gone (the event cap purged it)."""
    found = events.list(stack_id, filters={
        "physical_resource_id": stack_id, "resource_type": STACK_TYPE,
        "resource_action": [status.CREATE, status.ADOPT],
        "resource_status": status.IN_PROGRESS}, limit=1)
    return found[0].resource_action if found else None
