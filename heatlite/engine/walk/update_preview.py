"""What an update would do to each resource, in Heat's five lists.

One level compares a stack's current resources with the new definition as
the update would decide (resource_update.preview): unchanged, updated,
replaced, added, deleted. Updated and deleted ones are shown as they are
now; the others as the new definition makes them (INIT COMPLETE).

With ``show_nested`` the nested stacks are compared too, as Heat does: a
stack resource to be updated has its nested stack compared with the nested
definition its new properties give, level by level; every resource under a
deleted or replaced stack resource is deleted, every one under an added or
replaced one added. Nested documents name their ``parent_resource``.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any

from heatlite.db import resources as resource_rows
from heatlite.db import stack_rows
from heatlite.engine import status
from heatlite.engine import views
from heatlite.engine.resource import Resource
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import nested_preview
from heatlite.engine.stack import nested_validation
from heatlite.engine.stack import stored
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.walk import resource_update
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.resource_action import ResourceRecord
from heatlite.engine.walk.stored_plugins import StoredPlugins

KINDS = ("unchanged", "updated", "replaced", "added", "deleted")
Changes = dict[str, list[dict[str, Any]]]


@dataclasses.dataclass
class Current:
    """A stack as it is: its row, resource rows, current records, nested
    stacks, and the plugins of its stored types."""

    row: Any
    rows: dict[int, Any]
    records: dict[str, ResourceRecord]
    children: dict[str, Any]
    plugins: StoredPlugins

    @classmethod
    def load(cls, row: Any, registry: Registry) -> Current:
        rows = resource_rows.get_all_by_stack(row.id)
        records, _ = update_mod.split_rows(rows, rollback=False)
        return cls(row, {r.id: r for r in rows}, records,
                   {child.id: child for child in stack_rows.children(row.id)},
                   StoredPlugins.of_stack(registry, row))

    def plugin(self, name: str) -> type[Resource]:
        """The plugin class of the current resource ``name``."""
        return self.plugins.by_row(self.records[name])

    def load_child(self, child: Any) -> Current:
        return Current.load(child, self.plugins.registry)

    def child(self, name: str) -> Any:
        """The nested stack of resource ``name`` (None: it has none)."""
        return self.children.get(self.records[name].physical_resource_id or "")


@dataclasses.dataclass
class Updated:
    """A stack as the update would make it: its definition and how it is named."""

    defn: StackDefinition
    # tenant, name, id and parent_resource_name of the stack, for the documents
    stack: Any


def empty() -> Changes:
    return {kind: [] for kind in KINDS}


def preview(current: Current, updated: Updated, show_nested: bool) -> Changes:
    """The five lists for the stack (and, with ``show_nested``, its tree)."""
    out = empty()
    _compare(current, updated, show_nested, out)
    return out


def _classify(current: Current, defn: StackDefinition) -> dict[str, list[str]]:
    """Resource names per kind, judged as the update would judge them."""
    for name, rec in current.records.items():
        state = stored.stored_state(rec.attr_data)
        if state is not None and name in defn.resources:
            defn.scope.states[name] = state
    names: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for name in defn.graph.toposort():
        if name not in current.records:
            names["added"].append(name)
            continue
        outcome = resource_update.preview(defn.resources[name], current.records[name],
                                          current.plugin(name))
        kind = {resource_update.Outcome.UPDATED: "updated",
                resource_update.Outcome.REPLACE: "replaced"}.get(outcome, "unchanged")
        names[kind].append(name)
    names["deleted"] = [n for n in current.records if n not in defn.resources]
    return names


def _compare(current: Current, updated: Updated, show_nested: bool, out: Changes) -> None:
    names = _classify(current, updated.defn)
    for kind in ("unchanged", "replaced", "added"):
        out[kind].extend(_new_docs(updated, names[kind]))
    for kind in ("updated", "deleted"):
        out[kind].extend(_old_docs(current, names[kind]))
    if not show_nested:
        return
    for name in names["deleted"] + names["replaced"]:
        child = current.child(name)
        if child is not None:
            _all_deleted(current.load_child(child), out)
    for name in names["added"] + names["replaced"]:
        nested = _nested(updated, name, None)
        if nested is not None:
            _all_added(nested, out)
    for name in names["updated"]:
        child = current.child(name)
        nested = _nested(updated, name, child) if child is not None else None
        if nested is not None:
            _compare(current.load_child(child), nested, True, out)


def _nested(updated: Updated, name: str, child: Any) -> Updated | None:
    """The nested stack resource ``name`` would have (Heat's preview naming)."""
    stack_name = nested_validation.child_name(updated.defn, name)
    stack_id = child.id if child is not None else updated.stack.id
    defn = nested_preview.child_of(updated.defn, name, stack_name, stack_id)
    if defn is None:
        return None
    return Updated(defn, types.SimpleNamespace(tenant=updated.stack.tenant, name=stack_name,
                                               id=stack_id, parent_resource_name=name))


def _all_deleted(current: Current, out: Changes) -> None:
    out["deleted"].extend(_old_docs(current, list(current.records)))
    for name in current.records:
        child = current.child(name)
        if child is not None:
            _all_deleted(current.load_child(child), out)


def _all_added(updated: Updated, out: Changes) -> None:
    names = list(updated.defn.graph.toposort())
    out["added"].extend(_new_docs(updated, names))
    for name in names:
        nested = _nested(updated, name, None)
        if nested is not None:
            _all_added(nested, out)


# -- documents -------------------------------------------------------------------

def _new_docs(updated: Updated, names: list[str]) -> list[dict[str, Any]]:
    defn = updated.defn
    needed_by: dict[str, list[str]] = {n: [] for n in defn.resources}
    for name, rd in defn.resources.items():
        for req in sorted(rd.requires):
            needed_by[req].append(name)
    docs = []
    for name in names:
        rd = defn.resources[name]
        fresh = types.SimpleNamespace(
            name=name, type=rd.type_name, action=status.INIT, status=status.COMPLETE,
            status_reason="", physical_resource_id=None, created_at=None,
            updated_at=None, rsrc_metadata={}, attr_data=None, requires=[])
        doc = views.resource(updated.stack, fresh, needed_by[name], True, rd.description,
                             list(rd.plugin.ATTRIBUTES))
        views.add_nesting(doc, updated.stack, None)
        docs.append(doc)
    return docs


def _old_docs(current: Current, names: list[str]) -> list[dict[str, Any]]:
    rows = [current.rows[rec.id] for rec in current.records.values()]
    needed_by = views.required_by(rows)
    docs = []
    for name in names:
        row = current.rows[current.records[name].id]
        doc = views.resource(current.row, row, needed_by.get(name, []), True, "",
                             list(current.plugin(name).ATTRIBUTES))
        views.add_nesting(doc, current.row, current.child(name))
        docs.append(doc)
    return docs
