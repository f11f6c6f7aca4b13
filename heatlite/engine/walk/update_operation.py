"""One stack update as an engine operation: walk, final state, rollback.

The service has stored UPDATE IN_PROGRESS with the new template and holds
the stack lock when ``UpdateStack.run`` starts on its own thread. The
outcome follows Heat: success -> UPDATE COMPLETE; a resource failure ->
UPDATE FAILED with that resource's reason, or a rollback when
disable_rollback is false; a cancel_update -> a rollback; a
cancel_without_rollback -> UPDATE FAILED "Stack UPDATE cancelled" at once,
the resources already running finishing undisturbed (Heat's
stop_traversal); a timeout -> UPDATE FAILED "Timed out". The template the stack
keeps is the one of its final state; the other raw template is dropped
unless a resource row still refers to it. While the update (or its
rollback) runs, the stack's prev_raw_template_id names the template it is
leaving (update_resume.py reads it); the final state clears it.

A handed-off operation (``Operation.hand_off``, a graceful stop) records
no final state and keeps the lock: the stack stays IN_PROGRESS for
another engine to resume.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from heatlite.db import raw_templates
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.walk import rollback
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import Gate
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation, Spawn

LOG = logging.getLogger(__name__)


@dataclasses.dataclass
class UpdatePlan:
    """Everything an update needs, prepared and validated by the service."""

    new_defn: StackDefinition
    load_old: Callable[[], StackDefinition]
    old_template_id: int
    new_template_id: int
    old_policies: Mapping[str, str]
    new_policies: Mapping[str, str]
    disable_rollback: bool
    timeout_secs: float | None
    new_gate: Gate
    old_gate: Gate
    # The stored raw templates before and after (template, files,
    # environment): the rows' types resolve through them.
    old_raw: Any = None
    new_raw: Any = None
    action: str = status.UPDATE

    def plugins(self, registry: Registry, rolling_back: bool = False) -> StoredPlugins:
        """Stored rows' plugins: through the environment being left first."""
        raws = [self.old_raw, self.new_raw]
        if rolling_back:
            raws.reverse()
        return StoredPlugins(registry, [raw for raw in raws if raw is not None])


def force_failed(recorder: Recorder, stack_id: str, reason: str) -> None:
    """End the stack's operation FAILED if it is still IN_PROGRESS."""
    row = stacks.get(stack_id)
    if row is not None and row.status == status.IN_PROGRESS:
        recorder.stack((row.action, row.status), row.action, status.FAILED, reason,
                       rollback.ENDED)


class UpdateStack:
    """Runs one update of a stored stack (see the module docstring)."""

    def __init__(self, plan: UpdatePlan, rows: list, registry: Registry, recorder: Recorder,
                 op: Operation, spawn: Spawn, release_lock: Callable[[], None],
                 resumed: update_mod.Settled | None = None) -> None:
        self.plan = plan
        self.rows = rows
        self.registry = registry
        self.recorder = recorder
        self.op = op
        self.spawn = spawn
        self.release_lock = release_lock
        # Resuming a dead engine's walk: the rows that failed there (see
        # UpdateWalk.resume); None for a fresh update.
        self.resumed = resumed

    def _should_roll_back(self, cancelled: bool) -> bool:
        if self.plan.action != status.UPDATE:
            return False
        if cancelled:
            return self.op.cancel_kind == "rollback"
        return not self.plan.disable_rollback

    def _stopped(self) -> None:
        """cancel_without_rollback: the stack fails now (Heat's stop_traversal);
        the resources still running finish, and nothing rolls back."""
        if self.op.handed_off:
            return  # graceful stop: another engine resumes the update
        if self.op.settle():
            self.recorder.stack((self.plan.action, status.IN_PROGRESS), self.plan.action,
                                status.FAILED, self.op.stop_reason or "", rollback.ENDED)

    def run(self) -> None:
        plan = self.plan
        action = plan.action
        in_progress = (action, status.IN_PROGRESS)
        self.op.on_stop(self._stopped)
        with self._guarded():
            walk = update_mod.UpdateWalk(plan.new_defn, self.rows, plan.plugins(self.registry),
                                         plan.old_policies, self.recorder, self.spawn,
                                         plan.new_gate, template_id=plan.new_template_id)
            walk.prepare()
            if self.resumed is not None:
                walk.resume(self.resumed)
            result = walk.forward(self.op, plan.timeout_secs, update_mod.TIMED_OUT)
            if self.op.handed_off:
                return  # nothing recorded, the lock kept: another engine resumes it
            if not self.op.settle():
                # Stopped: its state is recorded; leftovers stay, as after a cancel.
                stacks.update(plan.new_defn.stack_id,
                              {"outputs": outputs_mod.resolve(plan.new_defn.outputs)})
                # An update that preempted this one goes on from (and may
                # roll back to) this one's template: it stays.
                self._drop_templates(keep=plan.new_template_id)
                return
            if result.timed_out:
                reason, roll = update_mod.TIMED_OUT, False
            elif result.cancelled:
                reason, roll = update_mod.CANCELLED, self._should_roll_back(True)
            elif result.failures:
                reason, roll = walk.first_failure(result), self._should_roll_back(False)
            else:
                reason, roll = "", False
            if roll:
                rollback.rollback_update(plan.load_old(), plan.plugins(self.registry, True),
                                         plan.new_policies,
                                         self.recorder, self.op, self.spawn,
                                         plan.timeout_secs, plan.old_gate,
                                         (plan.old_template_id, plan.new_template_id),
                                         self._rolled_back)
                return
            if not (result.cancelled or result.timed_out):
                cleanup = walk.cleanup(self.op, plan.timeout_secs, update_mod.TIMED_OUT)
                if self.op.handed_off:
                    return
                if cleanup.failures and not reason:
                    reason = walk.first_failure(cleanup)
                elif cleanup.timed_out and not reason:
                    reason = update_mod.TIMED_OUT
            outputs = dict(rollback.ENDED, outputs=outputs_mod.resolve(plan.new_defn.outputs))
            if reason:
                self.recorder.stack(in_progress, action, status.FAILED, reason, outputs)
            else:
                self.recorder.stack(in_progress, action, status.COMPLETE,
                                    "Stack %s completed successfully" % action, outputs)
            self._drop_templates()

    def resume_rollback(self, settled: update_mod.Settled) -> None:
        """Finish the rollback a dead engine left (the stack is ROLLBACK
        IN_PROGRESS); ``settled`` as UpdateWalk.resume's."""
        plan = self.plan
        with self._guarded():
            rollback.continue_update_rollback(
                plan.load_old(), plan.plugins(self.registry, True), plan.new_policies,
                self.recorder, self.op, self.spawn, plan.timeout_secs, plan.old_gate,
                plan.old_template_id, self._rolled_back,
                prepare=lambda walk: walk.resume(settled))

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """Run the walk; whatever happens the lock goes (unless handed off)."""
        try:
            yield
        except Exception as exc:
            # A bug or a lost database must not leave the stack IN_PROGRESS
            # (unless it was handed off: then another engine goes on with it).
            LOG.exception("Update of stack %s failed", self.plan.new_defn.stack_id)
            if not self.op.handed_off:
                force_failed(self.recorder, self.plan.new_defn.stack_id, str(exc))
            raise
        finally:
            if not self.op.handed_off:
                self.release_lock()

    def _rolled_back(self, ok: bool) -> None:
        self._drop_templates()


    def _drop_templates(self, keep: int | None = None) -> None:
        """Remove the raw templates this update leaves unused (but ``keep``).

        The one the stack left, and those its rows referred to before, go
        unless the stack or a row still refers to them: a row the walk did
        not reach (a resource kept after a failure) keeps its template.
        """
        candidates = {self.plan.old_template_id, self.plan.new_template_id}
        candidates.update(row.current_template_id for row in self.rows)
        candidates.discard(keep)
        try:
            raw_templates.delete_unreferenced(candidates)
        except Exception:
            LOG.warning("Could not remove the raw templates %s", sorted(
                i for i in candidates if i is not None))
