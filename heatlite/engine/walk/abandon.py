"""Export and abandon: a stack as Heat's abandon document, and forgetting it.

The document (name, id, action, status, template, environment, resources
with their physical ids and data, project) is what ``adopt_stack_data``
takes back. A resource that owns a nested stack is that stack's own
document, as in Heat. Abandoning records the stack DELETE COMPLETE and soft-deletes
it (and each nested stack under it) without deleting any resource: they
keep existing, outside any stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from heatlite.db import models
from heatlite.db import raw_templates
from heatlite.db import resources as resource_rows
from heatlite.db import stack_rows
from heatlite.db import stacks
from heatlite.engine import status
from heatlite.engine.walk.recorder import Recorder


def _resource_doc(row: Any) -> dict[str, Any]:
    nested = stacks.get(row.physical_resource_id) if row.physical_resource_id else None
    if nested is not None and nested.owner_id == row.stack_id:
        return export_document(nested)
    return {"name": row.name, "resource_id": row.physical_resource_id, "type": row.type,
            "action": row.action, "status": row.status,
            "metadata": row.rsrc_metadata or {}, "resource_data": dict(row.data or {})}


def export_document(row: Any) -> dict[str, Any]:
    """Heat's abandon/export document of a stack row."""
    raw = raw_templates.get(row.raw_template_id)
    resources = {}
    for rsrc in resource_rows.get_all_by_stack(row.id):  # oldest first: newest wins
        resources[rsrc.name] = _resource_doc(rsrc)
    return {"name": row.name, "id": row.id, "action": row.action, "status": row.status,
            "template": raw.template or {}, "environment": raw.environment or {},
            "files": raw.files or {}, "resources": resources, "project_id": row.tenant,
            "stack_user_project_id": row.stack_user_project_id,
            "tags": [t.tag for t in row.tags or []]}


def forget(row: Any, recorder_for: Callable[[Any], Recorder]) -> None:
    """Mark the stack and its nested stacks deleted, leaving every resource
    where it is (the nested ones first, as Heat abandons them on the way)."""
    for child in stack_rows.children(row.id):
        forget(child, recorder_for)
    recorder = recorder_for(row)
    recorder.stack((row.action, row.status), status.DELETE, status.IN_PROGRESS,
                   "Stack DELETE started")
    recorder.stack((status.DELETE, status.IN_PROGRESS), status.DELETE, status.COMPLETE,
                   "Stack DELETE completed successfully", {"updated_at": models.utcnow()})
    stacks.soft_delete(row.id)
