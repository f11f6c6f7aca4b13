"""Rolling back a failed create or update, as Heat does with disable_rollback false.

A failed create (or one that timed out) is rolled back by deleting every
resource it made: ROLLBACK IN_PROGRESS -> COMPLETE, the stack kept, its
resource rows gone. A failed or cancelled update is rolled back by an update
walk to the previous definition (update.UpdateWalk with ``rollback=True``),
which takes back the rows that were replaced and deletes what the failed
update created; meanwhile the stack's prev_raw_template_id names the failed
update's template. Each rollback's walk (``continue_*``) is also how
update_resume.py finishes a rollback a dead engine left running. A
handed-off operation records no final state.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from heatlite.db import resources as resource_rows
from heatlite.engine import status
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.driver import run_walk
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import Gate, ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation, Spawn
from heatlite.engine.walk.update import TIMED_OUT as UPDATE_TIMED_OUT
from heatlite.engine.walk.update import UpdateWalk

STARTED = "Stack ROLLBACK started"
COMPLETED = "Stack ROLLBACK completed successfully"
CREATE_TIMED_OUT = "Rollback timed out"


# Stored with a rollback's final state: no template is being left any more.
ENDED = {"prev_raw_template_id": None}


def rollback_create(stack_id: str, stack_name: str, stored: StoredPlugins,
                    policies: Mapping[str, str], recorder: Recorder, op: Operation,
                    spawn: Spawn, timeout_secs: float | None, gate: Gate,
                    old: status.State) -> None:
    """Delete what a failed create made; the stack ends ROLLBACK COMPLETE|FAILED."""
    op.reset()
    recorder.stack(old, status.ROLLBACK, status.IN_PROGRESS, STARTED, {"outputs": None})
    continue_create_rollback(stack_id, stack_name, stored, policies, recorder, op, spawn,
                             timeout_secs, gate)


def continue_create_rollback(stack_id: str, stack_name: str, stored: StoredPlugins,
                             policies: Mapping[str, str], recorder: Recorder, op: Operation,
                             spawn: Spawn, timeout_secs: float | None, gate: Gate,
                             resuming: Mapping[int, str] | None = None) -> None:
    """The walk of a create's rollback, the stack being ROLLBACK IN_PROGRESS
    (just started, or resumed by another engine: ``resuming`` names the
    rows whose delete goes on, row id -> REDRIVE or CHECK)."""
    records = {r.name: ResourceRecord.from_row(r)
               for r in resource_rows.get_all_by_stack(stack_id)}

    def run(name: Hashable) -> bool:
        assert isinstance(name, str)
        rec = records[name]
        return resource_action.delete(rec, stored.by_row(rec),
                                      policies.get(name, "Delete"),
                                      recorder, stack_name, stack_id, op.sleep, gate,
                                      remove_row=True,
                                      resume=(resuming or {}).get(rec.id)
                                      if rec.action == status.DELETE else None)

    result = run_walk(delete_mod.delete_graph(records), run, op, spawn, timeout_secs,
                      CREATE_TIMED_OUT)
    if op.handed_off:
        return  # graceful stop: another engine resumes the rollback
    in_progress = (status.ROLLBACK, status.IN_PROGRESS)
    if result.timed_out:
        recorder.stack(in_progress, status.ROLLBACK, status.FAILED, CREATE_TIMED_OUT)
    elif result.failures or result.cancelled:
        first = (op.cancel_reason if result.cancelled
                 else records[str(result.failures[0])].status_reason)
        recorder.stack(in_progress, status.ROLLBACK, status.FAILED,
                       "Resource %s failed: %s" % (status.ROLLBACK, first))
    else:
        recorder.stack(in_progress, status.ROLLBACK, status.COMPLETE, COMPLETED)


def rollback_update(old_defn: StackDefinition, stored: StoredPlugins,
                    new_policies: Mapping[str, str], recorder: Recorder, op: Operation,
                    spawn: Spawn, timeout_secs: float | None, gate: Gate,
                    templates: tuple[int, int], on_done: Callable[[bool], None]) -> None:
    """Update the stack back to ``old_defn``; ``on_done(ok)`` after the final state.

    ``templates`` is (the old template, the failed update's): the stack
    goes back to the first and names the second as the one it leaves.
    """
    op.reset()
    old_template_id, new_template_id = templates
    recorder.stack((status.UPDATE, status.IN_PROGRESS), status.ROLLBACK, status.IN_PROGRESS,
                   STARTED, {"raw_template_id": old_template_id, "outputs": None,
                             "prev_raw_template_id": new_template_id})
    continue_update_rollback(old_defn, stored, new_policies, recorder, op, spawn,
                             timeout_secs, gate, old_template_id, on_done)


def continue_update_rollback(old_defn: StackDefinition, stored: StoredPlugins,
                             new_policies: Mapping[str, str], recorder: Recorder,
                             op: Operation, spawn: Spawn, timeout_secs: float | None,
                             gate: Gate, old_template_id: int,
                             on_done: Callable[[bool], None],
                             prepare: Callable[[UpdateWalk], None] | None = None) -> None:
    """The walk of an update's rollback, the stack being ROLLBACK IN_PROGRESS
    (just started, or resumed: ``prepare`` then marks what is done already)."""
    rows = resource_rows.get_all_by_stack(old_defn.stack_id)
    walk = UpdateWalk(old_defn, rows, stored, new_policies, recorder, spawn, gate,
                      rollback=True, template_id=old_template_id)
    walk.prepare()
    if prepare is not None:
        prepare(walk)
    result = walk.forward(op, timeout_secs, UPDATE_TIMED_OUT)
    ok = not (result.failures or result.cancelled or result.timed_out)
    if not (result.cancelled or result.timed_out or op.handed_off):
        cleanup = walk.cleanup(op, timeout_secs, UPDATE_TIMED_OUT)
        if cleanup.failures:
            ok = False
            result = cleanup
    if op.handed_off:
        return  # graceful stop: another engine resumes the rollback
    in_progress = (status.ROLLBACK, status.IN_PROGRESS)
    if ok:
        recorder.stack(in_progress, status.ROLLBACK, status.COMPLETE, COMPLETED,
                       dict(ENDED, outputs=outputs_mod.resolve(old_defn.outputs)))
    elif result.timed_out:
        recorder.stack(in_progress, status.ROLLBACK, status.FAILED, UPDATE_TIMED_OUT, ENDED)
    elif result.cancelled:
        recorder.stack(in_progress, status.ROLLBACK, status.FAILED,
                       op.cancel_reason or "Operation cancelled", ENDED)
    else:
        recorder.stack(in_progress, status.ROLLBACK, status.FAILED,
                       walk.first_failure(result), ENDED)
    on_done(ok)
