"""Engine calls about stacks, their resources and events (the life cycle).

Server side: heatlite.engine.rpc.service.EngineService (1.0 calls),
heatlite.engine.rpc.update_service.StackUpdateService,
heatlite.engine.rpc.stack_ops_service.StackOpsService and
heatlite.engine.rpc.snapshot_service.SnapshotService (1.2 calls).
"""

from __future__ import annotations

from typing import Any

from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.rpc.base import RPCClientBase


class StackCalls(RPCClientBase):
    """Stack, resource and event calls."""

    # -- stacks ---------------------------------------------------------------

    def identify_stack(self, ctxt: RequestContext, stack_name: str) -> StackIdentity:
        """The identity of a live stack by name or id (404 when unknown)."""
        return self._call(ctxt, "identify_stack", stack_name=stack_name)

    def list_stacks(self, ctxt: RequestContext, limit: int | None = None,
                    marker: str | None = None, sort_keys: list[str] | None = None,
                    sort_dir: str | None = None, filters: dict[str, Any] | None = None,
                    show_deleted: bool = False, show_nested: bool = False,
                    show_hidden: bool = False, tags: list[str] | None = None,
                    tags_any: list[str] | None = None,
                    not_tags: list[str] | None = None,
                    not_tags_any: list[str] | None = None) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_stacks", limit=limit, marker=marker,
                          sort_keys=sort_keys, sort_dir=sort_dir, filters=filters,
                          show_deleted=show_deleted, show_nested=show_nested,
                          show_hidden=show_hidden, tags=tags, tags_any=tags_any,
                          not_tags=not_tags, not_tags_any=not_tags_any)

    def count_stacks(self, ctxt: RequestContext, filters: dict[str, Any] | None = None,
                     show_deleted: bool = False, show_nested: bool = False,
                     show_hidden: bool = False, tags: list[str] | None = None,
                     tags_any: list[str] | None = None,
                     not_tags: list[str] | None = None,
                     not_tags_any: list[str] | None = None) -> int:
        return self._call(ctxt, "count_stacks", filters=filters,
                          show_deleted=show_deleted, show_nested=show_nested,
                          show_hidden=show_hidden, tags=tags, tags_any=tags_any,
                          not_tags=not_tags, not_tags_any=not_tags_any)

    def create_stack(self, ctxt: RequestContext, stack_name: str,
                     template: dict[str, Any], params: dict[str, Any],
                     files: dict[str, str], args: dict[str, Any],
                     environment_files: list[str] | None = None) -> StackIdentity:
        """Validate and store the stack, start creating it, return its identity.

        ``params`` is the environment (``parameters``, ``parameter_defaults``,
        ``resource_registry``...); ``args`` holds timeout_mins,
        disable_rollback and tags.
        """
        return self._call(ctxt, "create_stack", stack_name=stack_name,
                          template=template, params=params, files=files,
                          args=args, environment_files=environment_files)

    def show_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                   resolve_outputs: bool = True) -> list[dict[str, Any]]:
        return self._call(ctxt, "show_stack", stack_identity=stack_identity,
                          resolve_outputs=resolve_outputs)

    def delete_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                     cast: bool = False) -> None:
        if cast:
            self._cast(ctxt, "delete_stack", stack_identity=stack_identity)
        else:
            self._call(ctxt, "delete_stack", stack_identity=stack_identity)

    def get_template(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> dict[str, Any]:
        return self._call(ctxt, "get_template", stack_identity=stack_identity)

    # -- resources and events -----------------------------------------------

    def list_stack_resources(self, ctxt: RequestContext,
                             stack_identity: StackIdentity, nested_depth: int = 0,
                             with_detail: bool = False,
                             filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_stack_resources",
                          stack_identity=stack_identity, nested_depth=nested_depth,
                          with_detail=with_detail, filters=filters)

    def describe_stack_resource(self, ctxt: RequestContext,
                                stack_identity: StackIdentity, resource_name: str,
                                with_attr: list[str] | None = None) -> dict[str, Any]:
        return self._call(ctxt, "describe_stack_resource",
                          stack_identity=stack_identity,
                          resource_name=resource_name, with_attr=with_attr)

    def list_events(self, ctxt: RequestContext, stack_identity: StackIdentity,
                    filters: dict[str, Any] | None = None, limit: int | None = None,
                    marker: str | None = None, sort_keys: list[str] | None = None,
                    sort_dir: str | None = None,
                    nested_depth: int | None = None) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_events", stack_identity=stack_identity,
                          filters=filters, limit=limit, marker=marker,
                          sort_keys=sort_keys, sort_dir=sort_dir,
                          nested_depth=nested_depth)

    # -- update (1.2) ---------------------------------------------------------

    def update_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                     template: dict[str, Any] | None, params: dict[str, Any],
                     files: dict[str, str], args: dict[str, Any],
                     environment_files: list[str] | None = None) -> StackIdentity:
        """Validate and start an update (``args[existing]``: a PATCH)."""
        return self._call(ctxt, "update_stack", version="1.2",
                          stack_identity=stack_identity, template=template,
                          params=params, files=files, args=args,
                          environment_files=environment_files)

    def preview_update_stack(self, ctxt: RequestContext, stack_identity: StackIdentity,
                             template: dict[str, Any] | None, params: dict[str, Any],
                             files: dict[str, str], args: dict[str, Any],
                             environment_files: list[str] | None = None
                             ) -> dict[str, list[dict[str, Any]]]:
        """unchanged / updated / replaced / added / deleted resource documents."""
        return self._call(ctxt, "preview_update_stack", version="1.2",
                          stack_identity=stack_identity, template=template,
                          params=params, files=files, args=args,
                          environment_files=environment_files)

    def stack_cancel_update(self, ctxt: RequestContext, stack_identity: StackIdentity,
                            cancel_with_rollback: bool = True) -> None:
        self._call(ctxt, "stack_cancel_update", version="1.2",
                   stack_identity=stack_identity,
                   cancel_with_rollback=cancel_with_rollback)

    # -- stack actions and data (1.2) -------------------------------------------

    def stack_suspend(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._call(ctxt, "stack_suspend", version="1.2", stack_identity=stack_identity)

    def stack_resume(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._call(ctxt, "stack_resume", version="1.2", stack_identity=stack_identity)

    def stack_check(self, ctxt: RequestContext, stack_identity: StackIdentity) -> None:
        self._call(ctxt, "stack_check", version="1.2", stack_identity=stack_identity)

    def list_outputs(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_outputs", version="1.2",
                          stack_identity=stack_identity)

    def show_output(self, ctxt: RequestContext, stack_identity: StackIdentity,
                    output_key: str) -> dict[str, Any]:
        return self._call(ctxt, "show_output", version="1.2",
                          stack_identity=stack_identity, output_key=output_key)

    def get_environment(self, ctxt: RequestContext,
                        stack_identity: StackIdentity) -> dict[str, Any]:
        return self._call(ctxt, "get_environment", version="1.2",
                          stack_identity=stack_identity)

    def get_files(self, ctxt: RequestContext,
                  stack_identity: StackIdentity) -> dict[str, Any]:
        return self._call(ctxt, "get_files", version="1.2", stack_identity=stack_identity)

    def abandon_stack(self, ctxt: RequestContext,
                      stack_identity: StackIdentity) -> dict[str, Any]:
        return self._call(ctxt, "abandon_stack", version="1.2",
                          stack_identity=stack_identity)

    def export_stack(self, ctxt: RequestContext,
                     stack_identity: StackIdentity) -> dict[str, Any]:
        return self._call(ctxt, "export_stack", version="1.2",
                          stack_identity=stack_identity)

    def resource_signal(self, ctxt: RequestContext, stack_identity: StackIdentity,
                        resource_name: str, details: Any, sync_call: bool = False) -> None:
        self._call(ctxt, "resource_signal", version="1.2", stack_identity=stack_identity,
                   resource_name=resource_name, details=details, sync_call=sync_call)

    def resource_mark_unhealthy(self, ctxt: RequestContext, stack_identity: StackIdentity,
                                resource_name: str, mark_unhealthy: bool,
                                resource_status_reason: str | None = None) -> None:
        self._call(ctxt, "resource_mark_unhealthy", version="1.2",
                   stack_identity=stack_identity, resource_name=resource_name,
                   mark_unhealthy=mark_unhealthy,
                   resource_status_reason=resource_status_reason)

    # -- snapshots (1.2) ----------------------------------------------------------

    def stack_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                       name: str | None) -> dict[str, Any]:
        """Start taking a snapshot; the answer is the snapshot IN_PROGRESS."""
        return self._call(ctxt, "stack_snapshot", version="1.2",
                          stack_identity=stack_identity, name=name)

    def show_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                      snapshot_id: str) -> dict[str, Any]:
        return self._call(ctxt, "show_snapshot", version="1.2",
                          stack_identity=stack_identity, snapshot_id=snapshot_id)

    def delete_snapshot(self, ctxt: RequestContext, stack_identity: StackIdentity,
                        snapshot_id: str) -> None:
        self._call(ctxt, "delete_snapshot", version="1.2",
                   stack_identity=stack_identity, snapshot_id=snapshot_id)

    def stack_list_snapshots(self, ctxt: RequestContext,
                             stack_identity: StackIdentity) -> list[dict[str, Any]]:
        return self._call(ctxt, "stack_list_snapshots", version="1.2",
                          stack_identity=stack_identity)

    def stack_restore(self, ctxt: RequestContext, stack_identity: StackIdentity,
                      snapshot_id: str) -> None:
        """Start updating the stack back to the snapshot (RESTORE)."""
        self._call(ctxt, "stack_restore", version="1.2",
                   stack_identity=stack_identity, snapshot_id=snapshot_id)

    # -- service ---------------------------------------------------------------

    def get_revision(self, ctxt: RequestContext) -> str:
        return self._call(ctxt, "get_revision")

    def list_services(self, ctxt: RequestContext) -> list[dict[str, Any]]:
        """Every live engine's services row, "up" or "down" by its heartbeat."""
        return self._call(ctxt, "list_services", version="1.5")
