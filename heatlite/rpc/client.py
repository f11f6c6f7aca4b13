"""EngineClient: the only way the API reaches the engine.

Every method is one versioned RPC call on topic ``engine``. An engine-side
HeatException comes back as the same class (``<Name>_Remote``) and keeps its
HTTP status; no answer within ``rpc_response_timeout`` becomes
EngineUnavailable (503) instead of hanging the request.

API version history (bump BASE_RPC_API_VERSION's minor on each addition):
    1.0 - create_stack, list_stacks, count_stacks, show_stack, identify_stack,
          delete_stack, get_template, list_stack_resources,
          describe_stack_resource, list_events, get_revision
"""

from __future__ import annotations

from typing import Any

import oslo_messaging
from oslo_config import cfg

from heatlite.common import exception
from heatlite.common import messaging
from heatlite.common.context import RequestContext
from heatlite.common.identifier import StackIdentity
from heatlite.rpc import api as rpc_api

BASE_RPC_API_VERSION = "1.0"


class EngineClient:
    """Client side of the engine RPC API (server: heatlite.engine.service)."""

    def __init__(self, conf: cfg.ConfigOpts | None = None,
                 version_cap: str = BASE_RPC_API_VERSION) -> None:
        self._conf = conf or cfg.CONF
        self._client = messaging.get_rpc_client(
            self._conf, rpc_api.ENGINE_TOPIC, BASE_RPC_API_VERSION,
            version_cap=version_cap)

    def _call(self, ctxt: RequestContext, method: str,
              version: str = BASE_RPC_API_VERSION, **kwargs: Any) -> Any:
        client = self._client.prepare(version=version)
        try:
            return client.call(ctxt, method, **kwargs)
        except (oslo_messaging.MessagingTimeout,
                oslo_messaging.MessageDeliveryFailure) as exc:
            raise exception.EngineUnavailable(method=method, reason=str(exc)) from exc

    def _cast(self, ctxt: RequestContext, method: str,
              version: str = BASE_RPC_API_VERSION, **kwargs: Any) -> None:
        self._client.prepare(version=version).cast(ctxt, method, **kwargs)

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

    # -- service ---------------------------------------------------------------

    def get_revision(self, ctxt: RequestContext) -> str:
        return self._call(ctxt, "get_revision")
