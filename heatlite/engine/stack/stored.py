"""Rebuilding a stored stack's definition and scope from its rows.

Reads (show_stack outputs and parameters, resource descriptions) need the
parsed template; this parses it again from the raw template and
environment, skipping validation (it was validated when stored), and fills
the scope from the resources' stored reference ids and attribute values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from heatlite.db import raw_templates
from heatlite.engine import status
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import hooks
from heatlite.engine.stack.definition import ResourceState, StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.template import Template


def load_definition(stack_row: Any, registry: Registry,
                    raw_template_id: int | None = None) -> StackDefinition:
    """The stored definition (or that of another raw template of the stack)."""
    raw = raw_templates.get(raw_template_id or stack_row.raw_template_id)
    return definition_of(raw, stack_row, registry)


def definition_of(raw: Any, stack_row: Any, registry: Registry) -> StackDefinition:
    """A raw template row parsed for the stack, without validation."""
    env, _ = hooks.split_environment(raw.environment)
    defn = StackDefinition(Template(raw.template or {}, raw.files), Environment(env),
                           registry, stack_row.name, stack_row.id, stack_row.tenant)
    defn.load()
    return defn


def stored_state(attr_data: dict[str, Any] | None) -> ResourceState | None:
    """What templates may read of a resource, from its attr_data column."""
    if not attr_data:
        return None
    return ResourceState(ref_id=attr_data.get("refid"), attrs=dict(attr_data.get("attrs") or {}))


def fill_scope(defn: StackDefinition, resource_rows: Iterable[Any],
               stack_deleting: bool) -> None:
    """Give the scope what the rows store; resources gone are unknown."""
    present = set()
    for row in resource_rows:
        present.add(row.name)
        if (row.action, row.status) == (status.DELETE, status.COMPLETE):
            defn.scope.gone.add(row.name)
            continue
        state = stored_state(row.attr_data)
        if state is not None:
            defn.scope.states[row.name] = state
    if stack_deleting:
        defn.scope.gone.update(n for n in defn.resources if n not in present)
