"""What stack-resource plugins read of their nested stack, from the database.

Outputs, member rows, name, ARN, files and template of a nested stack,
and the timeout of the stack a resource is in. Nothing here changes
anything; the runner (nested.py) hands these to plugins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import stacks
from heatlite.engine import update as update_mod
from heatlite.engine.resources.stack_resource import arn


def owns(parent_id: str, stack_id: str | None) -> bool:
    """Whether ``stack_id`` is a live stack nested directly in ``parent_id``."""
    row = stacks.get(stack_id) if stack_id else None
    return row is not None and row.owner_id == parent_id


def outputs(stack_id: str | None) -> dict[str, Any]:
    """The child's stored outputs, by key (empty when it has none)."""
    row = stacks.get(stack_id) if stack_id else None
    if row is None or not row.outputs:
        return {}
    return {o.get("output_key"): o.get("output_value") for o in row.outputs
            if isinstance(o, Mapping)}


def members(stack_id: str | None) -> list[Any]:
    """The child's current resource rows (the newest row of each name)."""
    if not stack_id:
        return []
    current, _ = update_mod.split_rows(resource_rows.get_all_by_stack(stack_id), False)
    return list(current.values())


def stack_name(stack_id: str | None) -> str | None:
    row = stacks.get(stack_id) if stack_id else None
    return row.name if row is not None else None


def files_of(stack_id: str) -> dict[str, str]:
    """The files map stored with a stack (what its resources may fetch)."""
    row = stacks.get(stack_id)
    if row is None:
        return {}
    return dict(raw_templates.get(row.raw_template_id).files or {})


def arn_of(stack_id: str) -> str | None:
    row = stacks.get(stack_id, show_deleted=True)
    return arn(row.tenant, row.name, row.id) if row is not None else None


def template_of(stack_id: str) -> dict[str, Any]:
    """The template a stack was last given (a group's member definitions)."""
    row = stacks.get(stack_id)
    if row is None:
        return {}
    return dict(raw_templates.get(row.raw_template_id).template or {})


def timeout_secs(stack_id: str, default_secs: float) -> float:
    """The stack's timeout in seconds (Heat's ``stack.timeout_secs()``)."""
    row = stacks.get(stack_id)
    minutes = row.timeout if row is not None else None
    return float(minutes * 60) if minutes else float(default_secs)
