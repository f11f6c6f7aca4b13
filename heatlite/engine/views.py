"""The engine's documents: stacks, resources and events as RPC answers.

Plain JSON built from the keys of heatlite.rpc.api, shaped as Heat's engine
shapes them; the API turns them into HTTP bodies. Input is what the db layer
returns (rows) plus what the caller resolved (parameters, outputs).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from heatlite.common import identifier
from heatlite.engine import status
from heatlite.rpc import api as rpc_api


def isotime(value: datetime.datetime | None) -> str | None:
    """Heat's timestamp text (UTC, seconds, trailing Z); None stays None."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    # isoformat, not strftime: the same text for any four-digit year, and
    # a listing formats three timestamps per stack.
    return value.isoformat(timespec="seconds") + "Z"


def stack_identity(row: Any) -> identifier.StackIdentity:
    return identifier.stack_identity(row.tenant, row.name, row.id)


def _tags(row: Any) -> list[str]:
    return [t.tag for t in (row.tags or [])]


def stack(row: Any, parameters: dict[str, str], description: str,
          outputs: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The show_stack document; ``outputs`` None leaves the key out."""
    doc: dict[str, Any] = {
        rpc_api.STACK_NAME: row.name,
        rpc_api.STACK_ID: stack_identity(row),
        rpc_api.STACK_CREATION_TIME: isotime(row.created_at),
        rpc_api.STACK_UPDATED_TIME: isotime(row.updated_at),
        rpc_api.STACK_DELETION_TIME: isotime(row.deleted_at),
        rpc_api.STACK_NOTIFICATION_TOPICS: [],
        rpc_api.STACK_PARAMETERS: parameters,
        rpc_api.STACK_DESCRIPTION: description,
        rpc_api.STACK_TMPL_DESCRIPTION: description,
        rpc_api.STACK_CAPABILITIES: [],
        rpc_api.STACK_DISABLE_ROLLBACK: row.disable_rollback,
        rpc_api.STACK_TIMEOUT: row.timeout,
        rpc_api.STACK_OWNER: row.username,
        rpc_api.STACK_PARENT: row.owner_id,
        rpc_api.STACK_USER_PROJECT_ID: row.stack_user_project_id,
        rpc_api.STACK_TAGS: _tags(row),
        rpc_api.STACK_ACTION: row.action or "",
        rpc_api.STACK_STATUS: row.status or "",
        rpc_api.STACK_STATUS_DATA: row.status_reason,
        rpc_api.STACK_PROJECT: row.tenant,
    }
    if outputs is not None:
        doc[rpc_api.STACK_OUTPUTS] = outputs
    return doc


def stack_summary(row: Any) -> dict[str, Any]:
    """A stack in a listing: no parameters or outputs, description empty."""
    return {
        rpc_api.STACK_ID: stack_identity(row),
        rpc_api.STACK_NAME: row.name,
        rpc_api.STACK_DESCRIPTION: "",
        rpc_api.STACK_ACTION: row.action,
        rpc_api.STACK_STATUS: row.status,
        rpc_api.STACK_STATUS_DATA: row.status_reason,
        rpc_api.STACK_CREATION_TIME: isotime(row.created_at),
        rpc_api.STACK_UPDATED_TIME: isotime(row.updated_at),
        rpc_api.STACK_DELETION_TIME: isotime(row.deleted_at),
        rpc_api.STACK_OWNER: row.username,
        rpc_api.STACK_PARENT: row.owner_id,
        rpc_api.STACK_USER_PROJECT_ID: row.stack_user_project_id,
        rpc_api.STACK_TAGS: _tags(row) or None,
        rpc_api.STACK_PROJECT: row.tenant,
    }


def required_by(rows: Iterable[Any]) -> dict[str, list[str]]:
    """For each resource name, the names of the resources that require it."""
    rows = list(rows)
    out: dict[str, list[str]] = {r.name: [] for r in rows}
    for r in rows:
        for req in r.requires or []:
            if req in out:
                out[req].append(r.name)
    return out


def resource(stack_row: Any, row: Any, required: list[str], detail: bool,
             description: str = "", attr_names: Iterable[str] = (),
             with_attr: Iterable[str] = ()) -> dict[str, Any]:
    """The document of one resource; ``detail`` adds description, metadata
    and attributes (stored values; names asked for but unknown are null)."""
    ident = stack_identity(stack_row)
    never_started = row.action == status.INIT
    created = None if never_started else row.created_at
    doc: dict[str, Any] = {
        rpc_api.RES_UPDATED_TIME: isotime(None if never_started
                                          else (row.updated_at or row.created_at)),
        rpc_api.RES_CREATION_TIME: isotime(created),
        rpc_api.RES_NAME: row.name,
        rpc_api.RES_PHYSICAL_ID: row.physical_resource_id or "",
        rpc_api.RES_ACTION: row.action,
        rpc_api.RES_STATUS: row.status,
        rpc_api.RES_STATUS_DATA: row.status_reason or "",
        rpc_api.RES_TYPE: row.type,
        rpc_api.RES_ID: dict(identifier.resource_identity(ident, row.name)),
        rpc_api.RES_STACK_ID: dict(ident),
        rpc_api.RES_STACK_NAME: stack_row.name,
        rpc_api.RES_REQUIRED_BY: list(required),
    }
    if detail:
        stored = (row.attr_data or {}).get("attrs") or {}
        names = list(attr_names) + [n for n in with_attr if n not in attr_names]
        doc[rpc_api.RES_DESCRIPTION] = description
        doc[rpc_api.RES_METADATA] = row.rsrc_metadata or {}
        doc[rpc_api.RES_ATTRIBUTES] = {n: stored.get(n) for n in names}
    return doc


def event(stack_row: Any, row: Any, with_properties: bool) -> dict[str, Any]:
    ident = stack_identity(stack_row)
    doc: dict[str, Any] = {
        rpc_api.EVENT_ID: dict(identifier.event_identity(ident, row.resource_name or "",
                                                         row.uuid)),
        rpc_api.EVENT_STACK_ID: dict(ident),
        rpc_api.EVENT_STACK_NAME: stack_row.name,
        rpc_api.EVENT_TIMESTAMP: isotime(row.created_at),
        rpc_api.EVENT_RES_NAME: row.resource_name,
        rpc_api.EVENT_RES_PHYSICAL_ID: row.physical_resource_id,
        rpc_api.EVENT_RES_ACTION: row.resource_action,
        rpc_api.EVENT_RES_STATUS: row.resource_status,
        rpc_api.EVENT_RES_STATUS_DATA: row.resource_status_reason,
        rpc_api.EVENT_RES_TYPE: row.resource_type,
    }
    if with_properties:
        doc[rpc_api.EVENT_RES_PROPERTIES] = row.resource_properties or {}
    return doc


# Heat's RES_NESTED_STACK_ID and EVENT_ROOT_STACK_ID document keys.
RES_NESTED_STACK_ID = "nested_stack_id"
EVENT_ROOT_STACK_ID = "root_stack_id"


def add_nesting(doc: dict[str, Any], stack_row: Any, child: Any) -> None:
    """A resource's links into the tree: its nested stack and its parent resource."""
    if child is not None:
        doc[RES_NESTED_STACK_ID] = dict(stack_identity(child))
    if getattr(stack_row, "parent_resource_name", None):
        doc[rpc_api.RES_PARENT_RESOURCE] = stack_row.parent_resource_name


def service(row: Any, up: bool) -> dict[str, Any]:
    """An engine's services row, as Heat's service list shows it."""
    return {"id": row.id, "binary": row.binary, "engine_id": row.engine_id,
            "host": row.host, "hostname": row.hostname, "topic": row.topic,
            "report_interval": row.report_interval,
            "created_at": isotime(row.created_at), "updated_at": isotime(row.updated_at),
            "deleted_at": isotime(row.deleted_at), "status": "up" if up else "down"}
