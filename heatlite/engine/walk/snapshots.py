"""Stack snapshots: taking one, its document, deleting one, restoring data.

A snapshot is a SNAPSHOT walk over the stack's current resources (each
plugin's optional handle_snapshot keeps what it needs with data_set); just
before the stack is marked SNAPSHOT COMPLETE (or FAILED) the snapshot row
gets the stack's abandon document with that final status, as Heat stores
it. Restoring is an update (action RESTORE) to the snapshot's template,
environment and files; update_service.py runs it. Deleting a snapshot
calls each resource's optional handle_delete_snapshot with its data.
A snapshot whose walk is handed off (a graceful engine stop) stays
IN_PROGRESS with its stack, for the engine that resumes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from heatlite.common import exception
from heatlite.db import snapshots as snapshot_rows
from heatlite.db import stacks
from heatlite.engine import resource as resource_mod
from heatlite.engine import status
from heatlite.engine import views
from heatlite.engine.walk import abandon, redaction
from heatlite.rpc import api as rpc_api

# The snapshot row's own action/status vocabulary (Heat's Snapshot class).
CREATE, DELETE = "CREATE", "DELETE"
DELETE_STARTED = "Snapshot delete started"


def document(row: Any) -> dict[str, Any]:
    """Heat's snapshot document of a row."""
    return {
        rpc_api.SNAPSHOT_ID: row.id,
        rpc_api.SNAPSHOT_NAME: row.name,
        rpc_api.SNAPSHOT_ACTION: row.action,
        rpc_api.SNAPSHOT_STATUS: row.status,
        rpc_api.SNAPSHOT_STATUS_REASON: row.status_reason,
        rpc_api.SNAPSHOT_DATA: redaction.masked_snapshot_data(row.data),
        rpc_api.SNAPSHOT_CREATION_TIME: views.isotime(row.created_at),
    }


def check_limit(stack_id: str, limit: int, is_admin: bool) -> None:
    """max_snapshots_per_stack, not applied to admins (as Heat)."""
    if is_admin or limit < 0:
        return
    if snapshot_rows.count_by_stack(stack_id) >= limit:
        raise exception.RequestLimitExceeded(
            message="You have reached the maximum snapshots per stack, %d. Please "
                    "delete some snapshots." % limit)


def start_document(row: Any) -> dict[str, Any]:
    """The data a snapshot holds while it is taken: the stack without resources."""
    doc = abandon.export_document(row)
    doc["resources"] = {}
    return doc


def saver(snapshot_id: str, stack_id: str) -> Callable[[str, str], None]:
    """Stores the stack's document and final status in the snapshot."""

    def save(state: str, reason: str) -> None:
        data = abandon.export_document(stacks.get(stack_id))
        data["status"] = state
        snapshot_rows.update(snapshot_id, {"data": data, "status": state,
                                           "status_reason": reason})

    return save


def run_walk(walk: Callable[[], None], op: Any, snapshot_id: str,
             save: Callable[[str, str], None]) -> None:
    """Run a SNAPSHOT walk; a snapshot it leaves IN_PROGRESS failed, unless
    the walk was handed off to another engine (``op.handed_off``)."""
    try:
        walk()
    finally:
        if not op.handed_off:
            fresh = snapshot_rows.get(snapshot_id)
            if fresh.status == status.IN_PROGRESS:
                save(status.FAILED, "Stack SNAPSHOT failed")


def get_for_stack(snapshot_id: str, tenant: str | None, stack_row: Any) -> Any:
    """The snapshot of that stack (Heat's NotFound / SnapshotNotFound)."""
    row = snapshot_rows.get(snapshot_id, tenant)
    if row.stack_id != stack_row.id:
        raise exception.SnapshotNotFound(snapshot=snapshot_id, stack=stack_row.name)
    return row


def delete_backend_data(snapshot: Any,
                        plugin_of: Callable[[str], type[resource_mod.Resource]],
                        stack_name: str, stack_id: str) -> None:
    """Each resource's handle_delete_snapshot(data), for plugins that keep any."""
    resources = (snapshot.data or {}).get("resources") or {}
    for name, doc in resources.items():
        if not isinstance(doc, Mapping):
            continue
        plugin_cls = plugin_of(doc.get("type") or "")
        handler = getattr(plugin_cls, "handle_delete_snapshot", None)
        if not callable(handler):
            continue
        ctx = resource_mod.ResourceContext(
            name=name, stack_name=stack_name, stack_id=stack_id, uuid="",
            action=status.DELETE, properties={}, resource_id=doc.get("resource_id"),
            data=dict(doc.get("resource_data") or {}))
        handler(plugin_cls(ctx), doc)


def restore_arguments(snapshot: Any) -> tuple[dict[str, Any], dict[str, Any],
                                              dict[str, Any]]:
    """(template, environment, files) the stack goes back to."""
    if snapshot.status != status.COMPLETE:
        raise exception.NotSupported(feature="Restoring incomplete snapshot")
    data = snapshot.data or {}
    return (dict(data.get("template") or {}), dict(data.get("environment") or {}),
            dict(data.get("files") or {}))



def delete_all(stack_row: Any,
               plugin_of: Callable[[str], type[resource_mod.Resource]]) -> None:
    """Every snapshot of a stack that is being deleted goes first, as in Heat."""
    for snap in snapshot_rows.list_by_stack(stack_row.id):
        delete_backend_data(snap, plugin_of, stack_row.name, stack_row.id)
        try:
            snapshot_rows.delete(snap.id)
        except exception.NotFound:
            pass  # deleted meanwhile by a delete_snapshot call
