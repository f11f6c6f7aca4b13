"""The DELETE operation: walk the graph backwards, deleting each resource.

Dependants go before what they depend on; independent resources are
deleted concurrently. The graph comes from the ``requires`` stored with
each resource, so a stack can be deleted without re-reading its template's
functions. On success the stack is marked DELETE COMPLETE and soft-deleted
(its row stays, readable by id); on failure it stays DELETE FAILED. Child
stacks no resource deleted (an interrupted create's) are deleted too.
A delete handed off (a graceful engine stop) records no final state and
keeps the lock: another engine resumes it (takeover.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from heatlite.common import exception

from heatlite.db import models
from heatlite.db import stack_rows
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.template import graph as graph_mod
from heatlite.engine.template.template import Template
from heatlite.engine.walk import resource_action
from heatlite.engine.walk.driver import run_walk
from heatlite.engine.walk.recorder import Recorder
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.threads import Operation, Spawn

STARTED = "Stack DELETE started"
COMPLETED = "Stack DELETE completed successfully"
TIMED_OUT = "Delete timed out"


def delete_graph(records: Mapping[str, ResourceRecord]) -> graph_mod.Graph[str]:
    """The reversed dependency graph of stored resources."""
    forward = {name: [r for r in rec.requires if r in records]
               for name, rec in records.items()}
    return graph_mod.Graph(forward).reversed()


class DeleteStack:
    """Deletes the resources of one stack, then the stack."""

    def __init__(self, stack_id: str, stack_name: str, records: dict[str, ResourceRecord],
                 plugins: Mapping[str, type[resource_mod.Resource]],
                 policies: Mapping[str, str], recorder: Recorder, op: Operation,
                 spawn: Spawn, timeout_secs: float | None,
                 release_lock: Callable[[], None],
                 gate: resource_action.Gate = resource_action.NO_GATE) -> None:
        self.stack_id = stack_id
        self.stack_name = stack_name
        self.records = records
        self.plugins = plugins
        self.policies = policies
        self.recorder = recorder
        self.op = op
        self.spawn = spawn
        self.timeout_secs = timeout_secs
        self.release_lock = release_lock
        self.gate = gate

    def _run_node(self, name: Hashable) -> bool | None:
        assert isinstance(name, str)
        return resource_action.delete(
            self.records[name], self.plugins[name], self.policies.get(name, "Delete"),
            self.recorder, self.stack_name, self.stack_id, self.op.sleep, self.gate)

    def run(self) -> None:
        in_progress = (status.DELETE, status.IN_PROGRESS)
        try:
            result = run_walk(delete_graph(self.records), self._run_node, self.op,
                              self.spawn, self.timeout_secs, TIMED_OUT)
            if self.op.handed_off:
                return
            left = None if result.failures or result.cancelled or result.timed_out \
                else self._delete_children_left()
            if result.timed_out:
                self.recorder.stack(in_progress, status.DELETE, status.FAILED, TIMED_OUT)
            elif result.failures or result.cancelled or left:
                first = (self.op.cancel_reason if result.cancelled else left
                         or self.records[str(result.failures[0])].status_reason)
                self.recorder.stack(in_progress, status.DELETE, status.FAILED,
                                    "Resource DELETE failed: %s" % first)
            else:
                now = models.utcnow()
                self.recorder.stack(in_progress, status.DELETE, status.COMPLETE, COMPLETED,
                                    {"updated_at": now})
                stacks.soft_delete(self.stack_id)
        except Exception as exc:
            self.recorder.stack(in_progress, status.DELETE, status.FAILED, str(exc))
            raise
        finally:
            if not self.op.handed_off:
                self.release_lock()


    def _delete_children_left(self) -> str | None:
        """Delete the child stacks no resource deleted (one stored by a create
        that was interrupted before its resource named it), keeping those of
        retained resources: a deleted stack leaves no orphan. The first
        failure's reason, or None."""
        nested = self.gate.nested
        if nested is None:
            return None
        kept = {rec.physical_resource_id for key, rec in self.records.items()
                if self.policies.get(key) == "Retain"}
        for child in stack_rows.children(self.stack_id):
            if child.id in kept:
                continue
            try:
                nested.wait(nested.delete(child.id, self.stack_id))
            except Exception as exc:
                return "Nested stack %s: %s" % (child.name, exc)
        return None


def deletion_policies(raw: Any) -> dict[str, str]:
    """Each resource's deletion policy, from the stored raw template.

    A resource with an ``external_id`` is retained whatever its policy says.
    """
    template = Template(raw.template or {}, raw.files)
    table = template.hot.deletion_policies
    out = {}
    for name, snippet in template.section("resources").items():
        policy = snippet.get("deletion_policy") if isinstance(snippet, dict) else None
        out[name] = table.get(policy, "Delete") if isinstance(policy, str) else "Delete"
        if isinstance(snippet, dict) and snippet.get("external_id") is not None:
            out[name] = "Retain"  # an external resource is never deleted, as in Heat
    return out


def record_policies(records: Mapping[str, ResourceRecord], stack_raw: Any,
                    raw_template: Callable[[int], Any]) -> dict[str, str]:
    """The deletion policy of each record key, read from the record's own
    raw template (its ``current_template_id``), as Heat does.

    A row left by a failed or cancelled update still points at the template
    it was last created or updated with, whose policy (say Retain) holds
    even when the stack's current template dropped it. A row without a
    template of its own takes the stack's. Each distinct template is read once (a row's
    template outlives the updates that leave it, so it can be read).
    """
    stack_policies = deletion_policies(stack_raw)
    by_template: dict[int | None, dict[str, str]] = {
        None: stack_policies, getattr(stack_raw, "id", None): stack_policies}
    out = {}
    for key, rec in records.items():
        tid = rec.current_template_id
        if tid not in by_template:
            by_template[tid] = deletion_policies(raw_template(tid))
        out[key] = by_template[tid].get(rec.name, "Delete")
    return out


def unknown_type(type_name: str) -> type[resource_mod.Resource]:
    """A stand-in for a type not in the registry: its delete fails clearly,
    unless it owns a nested stack (a template resource, whose type the
    stack's environment mapped): that stack is deleted."""

    class Unknown(resource_mod.Resource):
        ANY_PROPERTIES = True

        def handle_delete(self) -> Any:
            nested = self.ctx.nested
            if nested is not None and nested.owns(self.ctx.stack_id, self.resource_id):
                return nested.delete(self.resource_id, self.ctx.stack_id)
            raise exception.ResourceTypeNotFound(type_name=type_name)

        def check_delete_complete(self, cookie: Any) -> bool:
            if cookie is not None:
                self.ctx.nested.wait(cookie)
            return True

    return Unknown
