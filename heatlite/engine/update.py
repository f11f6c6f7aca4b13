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
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping
from typing import Any

from heatlite.db import resources as resource_rows
from heatlite.engine import delete as delete_mod
from heatlite.engine import graph as graph_mod
from heatlite.engine import resource_action
from heatlite.engine import resource_update
from heatlite.engine import status
from heatlite.engine.definition import StackDefinition
from heatlite.engine.driver import WalkResult, run_walk
from heatlite.engine.recorder import Recorder
from heatlite.engine.resource_action import Gate, ResourceRecord
from heatlite.engine.resource_update import Outcome
from heatlite.engine.resources.registry import Registry
from heatlite.engine.threads import Operation, Spawn

STARTED = "Stack UPDATE started"
COMPLETED = "Stack UPDATE completed successfully"
TIMED_OUT = "Timed out"
CANCELLED = "Stack UPDATE cancelled"

_REPLACED = "requires replacement."


def _was_replaced(rec: ResourceRecord) -> bool:
    return rec.state == (status.UPDATE, status.COMPLETE) and rec.status_reason.endswith(
        _REPLACED)


def split_rows(rows: list[Any], rollback: bool) -> tuple[dict[str, ResourceRecord],
                                                         list[ResourceRecord]]:
    """(the current record per name, older rows left over from replacements).

    The newest row of a name is current; a rollback prefers the row that was
    replaced, so the original comes back instead of a third copy.
    """
    by_name: dict[str, list[ResourceRecord]] = {}
    for row in rows:  # oldest first
        by_name.setdefault(row.name, []).append(ResourceRecord.from_row(row))
    current: dict[str, ResourceRecord] = {}
    leftovers: list[ResourceRecord] = []
    for name, recs in by_name.items():
        chosen = recs[-1]
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


def policies_for_delete(records: Mapping[str, ResourceRecord],
                        policies: Mapping[str, str]) -> dict[str, str]:
    """The deletion policy of each record key (an older copy has its name's)."""
    return {key: policies.get(rec.name, "Delete") for key, rec in records.items()}


def insert_row(stack_id: str, name: str, type_name: str,
               requires: list[str]) -> ResourceRecord:
    """A new INIT row for a resource about to be created."""
    row = resource_rows.create_many([{
        "stack_id": stack_id, "name": name, "type": type_name, "action": status.INIT,
        "status": status.COMPLETE, "status_reason": "", "requires": requires,
        "rsrc_metadata": {}, "data": {}}])[0]
    return ResourceRecord.from_row(row)


class UpdateWalk:
    """Brings the stored resources of a stack to a target definition."""

    def __init__(self, defn: StackDefinition, rows: list[Any], registry: Registry,
                 old_policies: Mapping[str, str], recorder: Recorder, spawn: Spawn,
                 gate: Gate, rollback: bool = False) -> None:
        self.defn = defn
        self.registry = registry
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
        self._added: set[str] = set()
        self._lock = threading.Lock()
        self._fill_scope()

    def _fill_scope(self) -> None:
        for name, rec in self.current.items():
            state = resource_action.stored_state(rec.attr_data)
            if state is not None:
                self.defn.scope.states[name] = state

    def prepare(self) -> None:
        """Store INIT rows for the names the new definition adds."""
        for name, rd in self.defn.resources.items():
            if name not in self.current:
                self.current[name] = insert_row(self.defn.stack_id, name, rd.type_name,
                                                sorted(rd.requires))
                self._added.add(name)

    # -- forward ---------------------------------------------------------------

    def forward(self, op: Operation, timeout: float | None, reason: str) -> WalkResult:
        return run_walk(self.defn.graph, lambda n: self._forward_node(n, op), op, self.spawn,
                        timeout, reason)

    def _create(self, name: str, rec: ResourceRecord, op: Operation) -> bool:
        return resource_action.create(self.defn.resources[name], rec, self.defn.scope,
                                      self.recorder, self.defn.stack_name,
                                      self.defn.stack_id, op.sleep, self.gate)

    def _forward_node(self, name: Hashable, op: Operation) -> bool:
        assert isinstance(name, str)
        rd = self.defn.resources[name]
        rec = self.current[name]
        if name in self._added:
            return self._create(name, rec, op)
        outcome = resource_update.update(rd, rec, self.defn.scope, self.recorder,
                                         self.defn.stack_name, self.defn.stack_id,
                                         op.sleep, self.gate)
        if outcome is Outcome.FAILED:
            return False
        if outcome is Outcome.REPLACE:
            new = insert_row(self.defn.stack_id, name, rd.type_name, sorted(rd.requires))
            with self._lock:
                self.leftovers.append(rec)
                self.current[name] = new
            return self._create(name, new, op)
        requires = sorted(rd.requires)
        if rec.requires != requires:
            rec.requires = requires
            resource_rows.update(rec.id, {"requires": requires})
        return True

    # -- backward ----------------------------------------------------------------

    def cleanup_graph(self) -> graph_mod.Graph[int]:
        """Leftover rows by id; a row is deleted after the rows that needed it."""
        ids_by_name: dict[str, list[int]] = {}
        for rec in self.leftovers:
            ids_by_name.setdefault(rec.name, []).append(rec.id)
        forward = {rec.id: [i for req in rec.requires for i in ids_by_name.get(req, [])
                            if i != rec.id]
                   for rec in self.leftovers}
        return graph_mod.Graph(forward).reversed()

    def cleanup(self, op: Operation, timeout: float | None, reason: str) -> WalkResult:
        by_id = {rec.id: rec for rec in self.leftovers}
        removed = {rec.id for rec in self.removed}

        def run(node: Hashable) -> bool:
            assert isinstance(node, int)
            rec = by_id[node]
            policy = self.old_policies.get(rec.name, "Delete") if node in removed else "Delete"
            plugin = self._plugin(rec.type)
            return resource_action.delete(rec, plugin, policy, self.recorder,
                                          self.defn.stack_name, self.defn.stack_id,
                                          op.sleep, self.gate, remove_row=True)

        return run_walk(self.cleanup_graph(), run, op, self.spawn, timeout, reason)

    def _plugin(self, type_name: str) -> Any:
        try:
            return self.registry.get(type_name)
        except Exception:
            return delete_mod.unknown_type(type_name)

    def first_failure(self, result: WalkResult) -> str:
        """The failing resource's reason (the stack shows it as its own)."""
        for node in result.failures:
            rec = self.current.get(str(node)) if isinstance(node, str) else None
            if rec is None:
                rec = next((r for r in self.leftovers if r.id == node), None)
            if rec is not None:
                return rec.status_reason
        return "Unknown failure"
