"""The CREATE operation: walk the graph forward, creating each resource.

The stack and its resource rows are already stored (CREATE IN_PROGRESS,
resources INIT COMPLETE) and the stack lock is held when this runs. Every
resource whose requirements are done starts at once; on the first failure
nothing new starts and running resources finish, leaving the rest
INIT COMPLETE (Heat's behaviour with rollback disabled; rollback itself is
not implemented yet, so disable_rollback false behaves the same). The
resolved outputs are stored with the final state.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from heatlite.engine import outputs as outputs_mod
from heatlite.engine import resource_action
from heatlite.engine import status
from heatlite.engine.definition import StackDefinition
from heatlite.engine.driver import run_walk
from heatlite.engine.recorder import Recorder
from heatlite.engine.resource_action import ResourceRecord
from heatlite.engine.threads import Operation, Spawn

STARTED = "Stack CREATE started"
COMPLETED = "Stack CREATE completed successfully"
TIMED_OUT = "Create timed out"


class CreateStack:
    """Creates the resources of one stored stack."""

    def __init__(self, definition: StackDefinition, records: dict[str, ResourceRecord],
                 recorder: Recorder, op: Operation, spawn: Spawn,
                 timeout_secs: float | None, release_lock: Callable[[], None]) -> None:
        self.defn = definition
        self.records = records
        self.recorder = recorder
        self.op = op
        self.spawn = spawn
        self.timeout_secs = timeout_secs
        self.release_lock = release_lock

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        return resource_action.create(
            self.defn.resources[name], self.records[name], self.defn.scope, self.recorder,
            self.defn.stack_name, self.defn.stack_id, self.op.sleep)

    def run(self) -> None:
        """Drive the walk to its end and record the stack's final state."""
        try:
            result = run_walk(self.defn.graph, self._run_node, self.op, self.spawn,
                              self.timeout_secs, TIMED_OUT)
            if result.timed_out:
                state, reason = status.FAILED, TIMED_OUT
            elif result.cancelled:
                state = status.FAILED
                reason = "Resource CREATE failed: %s" % self.op.cancel_reason
            elif result.failures:
                first = self.records[str(result.failures[0])]
                state, reason = status.FAILED, "Resource CREATE failed: %s" % first.status_reason
            else:
                state, reason = status.COMPLETE, COMPLETED
            self.recorder.stack((status.CREATE, status.IN_PROGRESS), status.CREATE, state,
                                reason, {"outputs": outputs_mod.resolve(self.defn.outputs)})
        except Exception as exc:
            # A bug or a lost database must not leave the stack IN_PROGRESS.
            self.recorder.stack((status.CREATE, status.IN_PROGRESS), status.CREATE,
                                status.FAILED, str(exc))
            raise
        finally:
            self.release_lock()
