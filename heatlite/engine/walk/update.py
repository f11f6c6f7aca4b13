"""The UPDATE operation: the new graph forward, then the old leftovers backward.

Forward, every resource of the new definition in dependency order: a new
name is created; an existing one is left alone, updated in place or
replaced (resource_update.py decides, when what it needs is done, so
properties built from attributes compare with their fresh values). A
replacement keeps the name: a new row is created, the old one stays until
the clean-up. Backward, the leftovers (resources the new template dropped
and the old halves of replacements) are deleted, dependants first, and
their rows removed.

The same walk rolls an update back (``UpdateWalk(..., rollback=True)``):
the previous definition becomes the target, and where a name still has
the row that was replaced, that row is taken back instead of creating yet
another one, as Heat restores its backup resources.

A walk a dead engine left half done is resumed (``UpdateWalk.resume``,
called by update_resume.py) against the rows as they are: what reached
the target is not touched again, and a row left IN_PROGRESS that its
plugin can go on with is created, updated or deleted again (or checked)
where the walk meets it. A handed-off operation's running
resource that fails because of the hand-off stays IN_PROGRESS, and a
replacement not yet created stays INIT, for the engine that resumes it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Hashable, Mapping
from typing import Any

from heatlite.db import resources as resource_rows
from heatlite.engine import status
from heatlite.engine.stack import stored
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import graph as graph_mod
from heatlite.engine.walk import resource_action
from heatlite.engine.walk import resource_update
from heatlite.engine.walk.driver import WalkResult, run_walk
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import Gate, ResourceRecord
from heatlite.engine.walk.resource_update import Outcome
from heatlite.engine.walk.stored_plugins import StoredPlugins
from heatlite.engine.walk.threads import Operation, Spawn

STARTED = "Stack UPDATE started"
COMPLETED = "Stack UPDATE completed successfully"
TIMED_OUT = "Timed out"
CANCELLED = "Stack UPDATE cancelled"

_REPLACED = "requires replacement."


def _was_replaced(rec: ResourceRecord) -> bool:
    return rec.state == (status.UPDATE, status.COMPLETE) and rec.status_reason.endswith(
        _REPLACED)


def _suitability(rec: ResourceRecord) -> int:
    score = 0
    if rec.status == status.FAILED:
        score -= 30
    if rec.action == status.DELETE:
        score -= 50
    if _was_replaced(rec):
        score -= 1
    return score


def split_rows(rows: list[Any], rollback: bool) -> tuple[dict[str, ResourceRecord],
                                                         list[ResourceRecord]]:
    """(the current record per name, older rows left over from replacements).

    As Heat chooses among a name's rows: a FAILED row counts less than a
    replaced one, which counts less than a healthy one, the newest winning
    a tie (so the original stays when its replacement failed to create);
    a rollback prefers the row that was replaced, so the original comes
    back instead of a third copy.
    """
    by_name: dict[str, list[ResourceRecord]] = {}
    for row in rows:  # oldest first
        by_name.setdefault(row.name, []).append(ResourceRecord.from_row(row))
    current: dict[str, ResourceRecord] = {}
    leftovers: list[ResourceRecord] = []
    for name, recs in by_name.items():
        chosen = max(enumerate(recs), key=lambda item: (_suitability(item[1]), item[0]))[1]
        if rollback:
            replaced = [r for r in recs if _was_replaced(r)]
            if replaced:
                chosen = replaced[0]
        current[name] = chosen
        leftovers.extend(r for r in recs if r is not chosen)
    return current, leftovers


LEFTOVER_SEP = "@"


def records_for_delete(rows: list[Any]) -> dict[str, ResourceRecord]:
    """Every row of a stack as a delete walk's records, older copies included.

    A cancelled or timed-out update can leave two rows for a name (the
    replaced one and its replacement); the newest keeps the name as key, an
    older one gets ``name@row_id`` so its plugin deletes it too.
    """
    current, leftovers = split_rows(rows, rollback=False)
    records = dict(current)
    for rec in leftovers:
        records["%s%s%d" % (rec.name, LEFTOVER_SEP, rec.id)] = rec
    return records


def insert_row(stack_id: str, name: str, type_name: str, requires: list[str],
               template_id: int | None = None) -> ResourceRecord:
    """A new INIT row for a resource about to be created from raw template
    ``template_id``."""
    row = resource_rows.create_many([{
        "stack_id": stack_id, "name": name, "type": type_name, "action": status.INIT,
        "status": status.COMPLETE, "status_reason": "", "requires": requires,
        "rsrc_metadata": {}, "data": {}, "current_template_id": template_id}])[0]
    return ResourceRecord.from_row(row)


@dataclasses.dataclass(frozen=True)
class Settled:
    """How a dead engine's walk left the rows, once settled
    (update_resume.py): failed ones (row id -> reason) and those whose
    action goes on as their plugin says (row id -> REDRIVE or CHECK)."""

    failed: Mapping[int, str]
    resuming: Mapping[int, str] = dataclasses.field(default_factory=dict)


class UpdateWalk:
    """Brings the stored resources of a stack to a target definition."""

    def __init__(self, defn: StackDefinition, rows: list[Any], stored: StoredPlugins,
                 old_policies: Mapping[str, str], recorder: Recorder, spawn: Spawn,
                 gate: Gate, rollback: bool = False, template_id: int | None = None) -> None:
        self.defn = defn
        # The stored raw template of ``defn``: the rows it creates or brings
        # to it refer to it, as Heat's current_template_id.
        self.template_id = template_id
        # The plugins of the stored rows: through the environment they were
        # made with (the old one), for the clean-up and the type comparison.
        self.stored = stored
        self.old_policies = old_policies
        self.recorder = recorder
        self.spawn = spawn
        self.gate = gate
        self.current, self.leftovers = split_rows(rows, rollback)
        self.removed = [rec for name, rec in self.current.items()
                        if name not in defn.resources]
        self.leftovers.extend(self.removed)
        for rec in self.removed:
            del self.current[rec.name]
        # What each kept resource required before: a leftover it needed is
        # cleaned up only once that resource was brought to the new template.
        self._old_requires = {name: set(rec.requires) for name, rec in self.current.items()}
        self._done: set[str] = set()
        self._added: set[str] = set()
        # Resuming a walk a dead engine left (``resume``): names already at
        # the target, and names that failed (with the reason to report).
        self._reached: set[str] = set()
        self._failed_before: dict[str, str] = {}
        # Rows left IN_PROGRESS that go on (row id -> REDRIVE or CHECK).
        self._resuming: dict[int, str] = {}
        self._lock = threading.Lock()
        self._fill_scope()

    def _fill_scope(self) -> None:
        for name, rec in self.current.items():
            state = stored.stored_state(rec.attr_data)
            if state is not None:
                self.defn.scope.states[name] = state

    def prepare(self) -> None:
        """Store INIT rows for the names the new definition adds."""
        for name, rd in self.defn.resources.items():
            if name not in self.current:
                self.current[name] = insert_row(self.defn.stack_id, name, rd.type_name,
                                                sorted(rd.requires), self.template_id)
                self._added.add(name)

    def resume(self, settled: Settled) -> None:
        """Go on from the rows another engine's walk to this target left.

        A row already brought to the target (its template is ``template_id``,
        COMPLETE) is done: its plugin is not called again. One stored at the
        target but never created is created. A row in ``settled.failed`` (it
        failed before, or was left IN_PROGRESS and its plugin cannot tell how
        to go on) fails its node, so the walk ends as it would have; a
        leftover that failed is only cleaned up. A row in
        ``settled.resuming`` goes on with its create or update where the
        walk meets it, or with its delete in the clean-up.
        """
        self._resuming.update(settled.resuming)
        for name, rec in self.current.items():
            if rec.id in settled.failed:
                self._failed_before[name] = settled.failed[rec.id]
            elif rec.id in settled.resuming:
                continue
            elif rec.current_template_id != self.template_id:
                continue
            elif rec.action == status.INIT:
                self._added.add(name)
            elif rec.status == status.COMPLETE:
                self._reached.add(name)

    # -- forward ---------------------------------------------------------------

    def forward(self, op: Operation, timeout: float | None, reason: str) -> WalkResult:
        def run(name: Hashable) -> bool:
            ok = self._forward_node(name, op)
            if ok:
                with self._lock:
                    self._done.add(str(name))
            return ok

        return run_walk(self.defn.graph, run, op, self.spawn, timeout, reason)

    def _create(self, name: str, rec: ResourceRecord, op: Operation,
                resume: str | None = None) -> bool:
        return resource_action.create(self.defn.resources[name], rec, self.defn.scope,
                                      self.recorder, self.defn.stack_name,
                                      self.defn.stack_id, op.sleep, self.gate, resume=resume)

    def _resume_way(self, rec: ResourceRecord, action: str) -> str | None:
        """REDRIVE or CHECK when ``rec`` is the row of a dead engine's
        ``action`` that goes on here (UpdateWalk.resume), else None."""
        return self._resuming.get(rec.id) if rec.action == action else None

    def _forward_node(self, name: Hashable, op: Operation) -> bool:
        assert isinstance(name, str)
        rd = self.defn.resources[name]
        rec = self.current[name]
        if name in self._failed_before:
            return False
        if name in self._reached:
            return True
        if name in self._added:
            return self._create(name, rec, op)
        creating = self._resume_way(rec, status.CREATE)
        if creating is not None:
            return self._create(name, rec, op, creating)
        outcome = resource_update.update(rd, rec, self.defn.scope, self.recorder,
                                         self.defn.stack_name, self.defn.stack_id,
                                         op.sleep, self.gate,
                                         self.stored.by_row(rec), lambda: op.handed_off,
                                         self._resume_way(rec, status.UPDATE))
        if outcome is Outcome.FAILED:
            return False
        if outcome is Outcome.REPLACE:
            new = insert_row(self.defn.stack_id, name, rd.type_name, sorted(rd.requires),
                             self.template_id)
            with self._lock:
                self.leftovers.append(rec)
                self.current[name] = new
            if op.handed_off:
                return False  # the INIT row waits for the engine that resumes
            return self._create(name, new, op)
        values: dict[str, Any] = {}
        requires = sorted(rd.requires)
        if rec.requires != requires:
            rec.requires = values["requires"] = requires
        if rec.type != rd.type_name:
            # Updated in place under another type name of the same plugin.
            rec.type = values["type"] = rd.type_name
        if self.template_id is not None and rec.current_template_id != self.template_id:
            # Brought to the new definition (changed or not): its type now
            # means what the new template's environment says.
            rec.current_template_id = values["current_template_id"] = self.template_id
        if values:
            resource_rows.update(rec.id, values)
        return True

    # -- backward ----------------------------------------------------------------

    def held(self) -> list[ResourceRecord]:
        """Leftovers the clean-up keeps after a failed walk, as Heat's graph does.

        A replaced row stays while its replacement is not made; a row
        stays while a resource that required it was not updated, and so
        does whatever a kept row requires. A later update cleans them up.
        """
        def blocked(rec: ResourceRecord) -> bool:
            if rec.name in self.defn.resources and rec.name not in self._done:
                return True
            return any(rec.name in reqs and name not in self._done
                       for name, reqs in self._old_requires.items())

        held = [rec for rec in self.leftovers if blocked(rec)]
        needed = {req for rec in held for req in rec.requires}
        while True:
            kept = {rec.id for rec in held}
            more = [rec for rec in self.leftovers
                    if rec.name in needed and rec.id not in kept]
            if not more:
                return held
            held.extend(more)
            needed.update(req for rec in more for req in rec.requires)

    def cleanup_graph(self, leftovers: list[ResourceRecord]) -> graph_mod.Graph[int]:
        """Leftover rows by id; a row is deleted after the rows that needed it."""
        ids_by_name: dict[str, list[int]] = {}
        for rec in leftovers:
            ids_by_name.setdefault(rec.name, []).append(rec.id)
        forward = {rec.id: [i for req in rec.requires for i in ids_by_name.get(req, [])
                            if i != rec.id]
                   for rec in leftovers}
        return graph_mod.Graph(forward).reversed()

    def cleanup(self, op: Operation, timeout: float | None, reason: str) -> WalkResult:
        held = {rec.id for rec in self.held()}
        leftovers = [rec for rec in self.leftovers if rec.id not in held]
        by_id = {rec.id: rec for rec in leftovers}
        removed = {rec.id for rec in self.removed}

        def run(node: Hashable) -> bool:
            assert isinstance(node, int)
            rec = by_id[node]
            policy = self.old_policies.get(rec.name, "Delete") if node in removed else "Delete"
            plugin = self.stored.by_row(rec)
            return resource_action.delete(rec, plugin, policy, self.recorder,
                                          self.defn.stack_name, self.defn.stack_id,
                                          op.sleep, self.gate, remove_row=True,
                                          resume=self._resume_way(rec, status.DELETE))

        return run_walk(self.cleanup_graph(leftovers), run, op, self.spawn, timeout, reason)

    def first_failure(self, result: WalkResult) -> str:
        """The failing resource's reason (the stack shows it as its own)."""
        for node in result.failures:
            if node in self._failed_before:
                return self._failed_before[str(node)]
            rec = self.current.get(str(node)) if isinstance(node, str) else None
            if rec is None:
                rec = next((r for r in self.leftovers if r.id == node), None)
            if rec is not None:
                return rec.status_reason
        return "Unknown failure"
