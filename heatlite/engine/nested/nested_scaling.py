"""Changes to a nested stack outside a stack operation: scaling signals.

A signal to an OS::Heat::ScalingPolicy resizes its group's nested stack
under the group's stack lock; then what templates read is stored again all
the way up: the group's attributes, its stack's outputs, and for each
ancestor the attributes of the resource that owns the stack below and that
ancestor's outputs (an autoscaling group inside a provider template shows
its new size in the root stack's outputs at once).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from heatlite.common import exception
from heatlite.db import resources as resource_rows
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack import stored
from heatlite.engine.walk import resource_action

# Deeper than any nesting max_nested_stack_depth allows.
_MAX_LEVELS = 64


def find_group(stack_row: Any, group_ref: str) -> Any:
    """The resource row a policy names, by reference id or name (newest row)."""
    rows = resource_rows.get_all_by_stack(stack_row.id)
    group = next((r for r in reversed(rows)
                  if group_ref in (r.physical_resource_id, r.name)), None)
    if group is None:
        raise exception.ResourceNotFound(resource_name=group_ref, stack_name=stack_row.name)
    return group


def plugin_context(stack_row: Any, row: Any, plugin_cls: type[resource_mod.Resource],
                   runner: Any, sleep: Callable[[float], None]) -> resource_mod.ResourceContext:
    """A plugin's context from a stored resource row (outside any walk)."""
    return resource_mod.ResourceContext(
        name=row.name, stack_name=stack_row.name, stack_id=stack_row.id, uuid=row.uuid,
        action=row.action or status.INIT,
        properties=resource_action.stored_properties(plugin_cls, row.properties_data),
        resource_id=row.physical_resource_id, data=dict(row.data or {}), sleep=sleep,
        nested=runner)


def store_attributes(row: Any, plugin: resource_mod.Resource) -> None:
    """Store a resource's reference id and attribute values as read now."""
    attr_data = {"refid": plugin.get_reference_id(),
                 "attrs": resource_action.resolved_attributes(plugin)}
    resource_rows.update(row.id, {"attr_data": attr_data})


def refresh_outputs(row: Any, registry: Registry) -> None:
    """Store a stack's outputs again from its resources' stored values."""
    defn = stored.load_definition(row, registry)
    stored.fill_scope(defn, resource_rows.get_all_by_stack(row.id), False)
    stacks.update(row.id, {"outputs": outputs_mod.resolve(defn.outputs)})


def refresh_up(row: Any, registry: Registry, runner: Any,
               plugins_of: Callable[[Any], Any],
               sleep: Callable[[float], None]) -> None:
    """Outputs of ``row``'s stack, then of every ancestor, each after the
    attributes of the resource that owns the stack below.

    Stops at an ancestor running an operation: that operation stores what
    it reads when its resources complete.
    """
    for _ in range(_MAX_LEVELS):
        refresh_outputs(row, registry)
        if not row.owner_id or not row.parent_resource_name:
            return
        parent = stacks.get(row.owner_id)
        if parent is None or parent.status == status.IN_PROGRESS:
            return
        owner = resource_rows.get_by_name(parent.id, row.parent_resource_name)
        if owner is None or owner.physical_resource_id != row.id:
            return
        plugin_cls = plugins_of(parent).by_row(owner)
        store_attributes(owner, plugin_cls(plugin_context(parent, owner, plugin_cls,
                                                          runner, sleep)))
        row = parent
