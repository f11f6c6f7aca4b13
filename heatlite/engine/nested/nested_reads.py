"""What stack-resource plugins read of their nested stack, from the database.

Outputs, member rows, name, ARN, files and template of a nested stack,
and the timeout of the stack a resource is in. Nothing here changes
anything; the runner (nested.py) hands these to plugins. Stack rows are
read as plain values (db.stack_rows, one Core query), not ORM objects.
"""

from __future__ import annotations

from typing import Any

from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import stack_rows
from heatlite.engine.resources.stack_resource import arn, outputs_by_key
from heatlite.engine.walk import update as update_mod


def owns(parent_id: str, stack_id: str | None) -> bool:
    """Whether ``stack_id`` is a live stack nested directly in ``parent_id``."""
    row = stack_rows.get(stack_id) if stack_id else None
    return row is not None and row.owner_id == parent_id


def outputs(stack_id: str | None) -> dict[str, Any]:
    """The child's stored outputs, by key (empty when it has none)."""
    return outputs_of(stack_rows.get(stack_id) if stack_id else None)


def outputs_of(row: Any) -> dict[str, Any]:
    """A stack row's stored outputs, by key (empty for None or none)."""
    return outputs_by_key(row.outputs) if row is not None else {}


def members(stack_id: str | None) -> list[Any]:
    """The child's current resource rows (the newest row of each name)."""
    if not stack_id:
        return []
    current, _ = update_mod.split_rows(resource_rows.get_all_by_stack(stack_id), False)
    return list(current.values())


def stack_name(stack_id: str | None) -> str | None:
    row = stack_rows.get(stack_id) if stack_id else None
    return row.name if row is not None else None


def files_of(stack_id: str) -> dict[str, str]:
    """The files map stored with a stack (what its resources may fetch)."""
    row = stack_rows.get(stack_id)
    if row is None:
        return {}
    return dict(raw_templates.get(row.raw_template_id).files or {})


def arn_of(stack_id: str) -> str | None:
    row = stack_rows.get(stack_id, show_deleted=True)
    return arn(row.tenant, row.name, row.id) if row is not None else None


def template_of(stack_id: str) -> dict[str, Any]:
    """The template a stack was last given (a group's member definitions)."""
    row = stack_rows.get(stack_id)
    if row is None:
        return {}
    return dict(raw_templates.get(row.raw_template_id).template or {})


def timeout_secs(stack_id: str, default_secs: float) -> float:
    """The stack's timeout in seconds (Heat's ``stack.timeout_secs()``)."""
    row = stack_rows.get(stack_id)
    minutes = row.timeout if row is not None else None
    return float(minutes * 60) if minutes else float(default_secs)
