"""The CREATE operation: walk the graph forward, creating each resource.

The stack and its resource rows are already stored (CREATE IN_PROGRESS,
resources INIT COMPLETE) and the stack lock is held when this runs. Every
resource whose requirements are done starts at once; on the first failure
nothing new starts and running resources finish, leaving the rest
INIT COMPLETE (Heat's behaviour with rollback disabled). A resource with an
``external_id`` is adopted and checked instead (resource_action). With rollback
enabled, a failed or timed-out create then calls ``on_failed`` (a rollback,
see rollback.py) while still holding the lock; a create cancelled by a
delete is not rolled back. The resolved outputs are stored with the final
state. A create stopped by cancel_without_rollback fails at once ("Stack
CREATE cancelled"); the resources already running finish as they would.
A create handed off (a graceful engine stop) records no final state and
keeps the lock: another engine resumes it (takeover.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.driver import run_walk, stack_outcome
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.threads import Operation, Spawn

STARTED = "Stack CREATE started"
COMPLETED = "Stack CREATE completed successfully"
TIMED_OUT = "Create timed out"


class CreateStack:
    """Creates the resources of one stored stack."""

    def __init__(self, definition: StackDefinition, records: dict[str, ResourceRecord],
                 recorder: Recorder, op: Operation, spawn: Spawn,
                 timeout_secs: float | None, release_lock: Callable[[], None],
                 gate: resource_action.Gate = resource_action.NO_GATE,
                 on_failed: Callable[[], None] | None = None,
                 action: str = status.CREATE) -> None:
        self.defn = definition
        self.records = records
        self.recorder = recorder
        self.op = op
        self.spawn = spawn
        self.timeout_secs = timeout_secs
        self.release_lock = release_lock
        self.gate = gate
        self.on_failed = on_failed
        self.action = action

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        return resource_action.create(
            self.defn.resources[name], self.records[name], self.defn.scope, self.recorder,
            self.defn.stack_name, self.defn.stack_id, self.op.sleep, self.gate, self.action)

    def _failure(self, name: str) -> tuple[str, str]:
        first = self.records[name]
        # An external resource fails in ADOPT or CHECK: Heat names that.
        failed_in = first.action if first.status == status.FAILED else self.action
        return failed_in, first.status_reason

    def _stopped(self) -> None:
        """cancel_without_rollback: the stack fails now, as Heat's stop_traversal
        fails it; the resources still running finish undisturbed."""
        if self.op.settle():
            self.recorder.stack((self.action, status.IN_PROGRESS), self.action,
                                status.FAILED, self.op.stop_reason or "")

    def run(self) -> None:
        """Drive the walk to its end and record the stack's final state."""
        action = self.action
        in_progress = (action, status.IN_PROGRESS)
        self.op.on_stop(self._stopped)
        try:
            result = run_walk(self.defn.graph, self._run_node, self.op, self.spawn,
                              self.timeout_secs, TIMED_OUT)
            if self.op.handed_off:
                return
            outputs = {"outputs": outputs_mod.resolve(self.defn.outputs)}
            if not self.op.settle():
                stacks.update(self.defn.stack_id, outputs)  # stopped: state recorded
                return
            state, reason = stack_outcome(result, action, self.op.cancel_reason,
                                          self._failure)
            self.recorder.stack(in_progress, action, state, reason, outputs)
            if state == status.FAILED and not result.cancelled and self.on_failed:
                self.on_failed()
        except Exception as exc:
            # A bug or a lost database must not leave the stack IN_PROGRESS.
            row = stacks.get(self.defn.stack_id)
            if row is not None and row.status == status.IN_PROGRESS:
                self.recorder.stack((row.action, row.status), row.action, status.FAILED,
                                    str(exc))
            raise
        finally:
            if not self.op.handed_off:
                self.release_lock()
