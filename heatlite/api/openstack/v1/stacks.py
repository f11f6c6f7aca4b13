"""Stacks collection: list, create, look up, show, update (PUT, PATCH and
their previews), template, environment, files, outputs, abandon, export,
delete.

Snapshots (take, list, show, delete, restore) are served here too, as in
Heat. Heat serves template validation, resource types and template versions
from this controller as well (templates.py here).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import webob
import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.instantiation import InstantiationData
from heatlite.api.openstack.v1.views import common
from heatlite.api.openstack.v1.views import stacks_view
from heatlite.common import context
from heatlite.common import exception
from heatlite.common import wsgi
from heatlite.rpc import api as rpc_api

_LIST_PARAMS = {
    "limit": util.PARAM_TYPE_SINGLE,
    "marker": util.PARAM_TYPE_SINGLE,
    "sort_dir": util.PARAM_TYPE_SINGLE,
    "sort_keys": util.PARAM_TYPE_MULTI,
    rpc_api.PARAM_SHOW_DELETED: util.PARAM_TYPE_SINGLE,
    rpc_api.PARAM_SHOW_NESTED: util.PARAM_TYPE_SINGLE,
    rpc_api.PARAM_SHOW_HIDDEN: util.PARAM_TYPE_SINGLE,
    "tags": util.PARAM_TYPE_SINGLE,
    "tags_any": util.PARAM_TYPE_SINGLE,
    "not_tags": util.PARAM_TYPE_SINGLE,
    "not_tags_any": util.PARAM_TYPE_SINGLE,
}
_FILTER_PARAMS = dict.fromkeys(rpc_api.STACK_LIST_FILTERS, util.PARAM_TYPE_MIXED)
_BOOL_PARAMS = (rpc_api.PARAM_SHOW_DELETED, rpc_api.PARAM_SHOW_NESTED,
                rpc_api.PARAM_SHOW_HIDDEN)
_TAG_PARAMS = ("tags", "tags_any", "not_tags", "not_tags_any")
SNAPSHOT_NAME_MAX = 255


class StackController(util.Controller):
    """/v1/{tenant_id}/stacks[...]"""

    REQUEST_SCOPE = "stacks"

    def index(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/stacks (``global_tenant=true``: every project)."""
        self.authorize(req, "index", tenant_id)
        name = "global_tenant"
        if name in req.params and util.extract_bool(name, req.params[name]):
            self.authorize(req, "global_index", tenant_id)
            return self._list(req, context.get_admin_context())
        return self._list(req, req.context)

    def _list(self, req: wsgi.Request, ctxt: context.RequestContext) -> dict[str, Any]:
        params = util.get_allowed_params(req.params, _LIST_PARAMS)
        filters = util.get_allowed_params(req.params, _FILTER_PARAMS) or None
        for key in _BOOL_PARAMS:
            if key in params:
                params[key] = util.extract_bool(key, params[key])
        if "limit" in params:
            params["limit"] = util.extract_int("limit", params["limit"])
        for key in _TAG_PARAMS:
            if key in params:
                params[key] = util.extract_tags(params[key])
        with_count = False
        if req.params.get("with_count"):
            with_count = util.extract_bool("with_count", req.params["with_count"])

        stacks = self.engine.list_stacks(ctxt, filters=filters, **params)
        count = None
        if with_count:
            count_args = {k: v for k, v in params.items()
                          if k in _BOOL_PARAMS or k in _TAG_PARAMS}
            count = self.engine.count_stacks(ctxt, filters=filters, **count_args)
        return stacks_view.collection(req, stacks, count=count,
                                      include_project=ctxt.is_admin)

    def detail(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/stacks/detail (Heat applies no filters here)."""
        self.authorize(req, "detail", tenant_id)
        stacks = self.engine.list_stacks(req.context)
        return {"stacks": [stacks_view.format_stack(req, s) for s in stacks]}

    def create(self, req: wsgi.Request, tenant_id: str,
               body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST /v1/{tenant_id}/stacks -> 201, Location, {"stack": {id, links}}."""
        self.authorize(req, "create", tenant_id)
        data = InstantiationData(util.require_body(body))
        args = self._prepare_args(data)
        data.files_container()
        identity = self.engine.create_stack(
            req.context, data.stack_name(), data.template(), data.environment(),
            data.files(), args, environment_files=data.environment_files())
        return {"stack": stacks_view.format_stack(req, {rpc_api.STACK_ID: identity})}

    @staticmethod
    def _prepare_args(data: InstantiationData) -> dict[str, Any]:
        args = data.args()
        if rpc_api.PARAM_TIMEOUT in args:
            args[rpc_api.PARAM_TIMEOUT] = util.extract_int(
                rpc_api.PARAM_TIMEOUT, args[rpc_api.PARAM_TIMEOUT])
        if args.get(rpc_api.PARAM_TAGS) is not None:
            tags = args[rpc_api.PARAM_TAGS]
            args[rpc_api.PARAM_TAGS] = (util.extract_tags(tags) if isinstance(tags, str)
                                        else tags)
        if "converge" in args:
            raise webob.exc.HTTPBadRequest(
                "converge flag only supported in stack update (or update "
                "preview) request.")
        return args

    def lookup(self, req: wsgi.Request, tenant_id: str, stack_name: str,
               path: str = "", body: Any = None) -> webob.Response:
        """GET /v1/{tenant_id}/stacks/{stack_name}[/path] -> 302 to the stack."""
        self.authorize(req, "lookup", tenant_id)
        identity = util.parse_arn(stack_name)
        if identity is None:
            identity = self.engine.identify_stack(req.context, stack_name)
        location = common.make_url(req, identity)
        if path:
            location = "/".join([location, path])
        if req.GET:
            location += "?%s" % urlencode(list(req.GET.items()))
        return util.found(req, location)

    def show(self, req: wsgi.Request, tenant_id: str, stack_name: str,
             stack_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/stacks/{stack_name}/{stack_id}"""
        self.authorize(req, "show", tenant_id)
        resolve_outputs = True
        key = rpc_api.PARAM_RESOLVE_OUTPUTS
        if key in req.params:
            resolve_outputs = util.extract_bool(key, req.params[key])
        stacks = self.engine.show_stack(req.context, self.identify(req, stack_name, stack_id),
                                        resolve_outputs=resolve_outputs)
        if not stacks:
            raise webob.exc.HTTPInternalServerError()
        return {"stack": stacks_view.format_stack(req, stacks[0])}

    def template(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                 stack_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/stacks/{stack_name}/{stack_id}/template"""
        self.authorize(req, "template", tenant_id)
        return self.engine.get_template(req.context,
                                        self.identify(req, stack_name, stack_id))

    # -- update ----------------------------------------------------------------

    def _update_args(self, data: InstantiationData) -> dict[str, Any]:
        args = data.args()
        if rpc_api.PARAM_TIMEOUT in args:
            args[rpc_api.PARAM_TIMEOUT] = util.extract_int(
                rpc_api.PARAM_TIMEOUT, args[rpc_api.PARAM_TIMEOUT])
        if isinstance(args.get(rpc_api.PARAM_TAGS), str):
            args[rpc_api.PARAM_TAGS] = util.extract_tags(args[rpc_api.PARAM_TAGS])
        converge = args.pop("converge", False)
        if converge and util.extract_bool("converge", converge):
            raise exception.NotImplementedYet(feature="Stack update with converge")
        data.files_container()
        return args

    def _update(self, req: wsgi.Request, stack_name: str, stack_id: str,
                data: InstantiationData, preview: bool) -> Any:
        args = self._update_args(data)
        show_nested = req.params.get(rpc_api.PARAM_SHOW_NESTED)
        if preview and show_nested is not None:
            # Only a preview reads it (Heat's ?show_nested=, nested changes too).
            args[rpc_api.PARAM_SHOW_NESTED] = util.extract_bool(rpc_api.PARAM_SHOW_NESTED,
                                                                show_nested)
        call = self.engine.preview_update_stack if preview else self.engine.update_stack
        return call(req.context, self.identify(req, stack_name, stack_id), data.template(),
                    data.environment(), data.files(), args,
                    environment_files=data.environment_files())

    def update(self, req: wsgi.Request, tenant_id: str, stack_name: str, stack_id: str,
               body: dict[str, Any] | None = None) -> None:
        """PUT /v1/{tenant_id}/stacks/{stack_name}/{stack_id} -> 202"""
        self.authorize(req, "update", tenant_id)
        self._update(req, stack_name, stack_id, InstantiationData(util.require_body(body)),
                     preview=False)
        raise webob.exc.HTTPAccepted()

    def update_patch(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                     stack_id: str, body: dict[str, Any] | None = None) -> None:
        """PATCH /v1/{tenant_id}/stacks/{stack_name}/{stack_id} -> 202 (merge)"""
        self.authorize(req, "update_patch", tenant_id)
        self._update(req, stack_name, stack_id,
                     InstantiationData(util.require_body(body), patch=True), preview=False)
        raise webob.exc.HTTPAccepted()

    def preview_update(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                       stack_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """PUT .../preview -> {"resource_changes": {unchanged, updated, ...}}"""
        self.authorize(req, "preview_update", tenant_id)
        changes = self._update(req, stack_name, stack_id,
                               InstantiationData(util.require_body(body)), preview=True)
        return {"resource_changes": _format_changes(req, changes)}

    def preview_update_patch(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                             stack_id: str,
                             body: dict[str, Any] | None = None) -> dict[str, Any]:
        """PATCH .../preview"""
        self.authorize(req, "preview_update_patch", tenant_id)
        changes = self._update(req, stack_name, stack_id,
                               InstantiationData(util.require_body(body), patch=True),
                               preview=True)
        return {"resource_changes": _format_changes(req, changes)}

    # -- stack data -------------------------------------------------------------

    def environment(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                    stack_id: str) -> dict[str, Any]:
        """GET .../environment"""
        self.authorize(req, "environment", tenant_id)
        return self.engine.get_environment(req.context,
                                           self.identify(req, stack_name, stack_id))

    def files(self, req: wsgi.Request, tenant_id: str, stack_name: str,
              stack_id: str) -> dict[str, Any]:
        """GET .../files"""
        self.authorize(req, "files", tenant_id)
        return self.engine.get_files(req.context, self.identify(req, stack_name, stack_id))

    def list_outputs(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                     stack_id: str) -> dict[str, Any]:
        """GET .../outputs (keys and descriptions)"""
        self.authorize(req, "list_outputs", tenant_id)
        return {"outputs": self.engine.list_outputs(
            req.context, self.identify(req, stack_name, stack_id))}

    def show_output(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                    stack_id: str, output_key: str) -> dict[str, Any]:
        """GET .../outputs/{output_key}"""
        self.authorize(req, "show_output", tenant_id)
        return {"output": self.engine.show_output(
            req.context, self.identify(req, stack_name, stack_id), output_key)}

    def abandon(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                stack_id: str) -> dict[str, Any]:
        """DELETE .../abandon -> 200 with the abandon document"""
        self.authorize(req, "abandon", tenant_id)
        return self.engine.abandon_stack(req.context,
                                         self.identify(req, stack_name, stack_id))

    def export(self, req: wsgi.Request, tenant_id: str, stack_name: str,
               stack_id: str) -> dict[str, Any]:
        """GET .../export"""
        self.authorize(req, "export", tenant_id)
        return self.engine.export_stack(req.context,
                                        self.identify(req, stack_name, stack_id))

    # -- snapshots ----------------------------------------------------------------

    def snapshot(self, req: wsgi.Request, tenant_id: str, stack_name: str, stack_id: str,
                 body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST .../snapshots {"name": ...} -> 200 with the snapshot (IN_PROGRESS)"""
        self.authorize(req, "snapshot", tenant_id)
        body = util.require_body({} if body is None else body)
        name = body.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > SNAPSHOT_NAME_MAX):
            # Its column's limit, on every backend (Heat leaves it to the database).
            raise webob.exc.HTTPBadRequest(
                'The snapshot "name" must be a string of at most %d characters.'
                % SNAPSHOT_NAME_MAX)
        return self.engine.stack_snapshot(req.context,
                                          self.identify(req, stack_name, stack_id), name)

    def list_snapshots(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                       stack_id: str) -> dict[str, Any]:
        """GET .../snapshots"""
        self.authorize(req, "list_snapshots", tenant_id)
        return {"snapshots": self.engine.stack_list_snapshots(
            req.context, self.identify(req, stack_name, stack_id))}

    def show_snapshot(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                      stack_id: str, snapshot_id: str) -> dict[str, Any]:
        """GET .../snapshots/{snapshot_id}"""
        self.authorize(req, "show_snapshot", tenant_id)
        return {"snapshot": self.engine.show_snapshot(
            req.context, self.identify(req, stack_name, stack_id), snapshot_id)}

    def delete_snapshot(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                        stack_id: str, snapshot_id: str) -> None:
        """DELETE .../snapshots/{snapshot_id} -> 204"""
        self.authorize(req, "delete_snapshot", tenant_id)
        self.engine.delete_snapshot(req.context, self.identify(req, stack_name, stack_id),
                                    snapshot_id)
        raise webob.exc.HTTPNoContent()

    def restore_snapshot(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                         stack_id: str, snapshot_id: str,
                         body: Any = None) -> None:
        """POST .../snapshots/{snapshot_id}/restore -> 202"""
        self.authorize(req, "restore_snapshot", tenant_id)
        self.engine.stack_restore(req.context, self.identify(req, stack_name, stack_id),
                                  snapshot_id)
        raise webob.exc.HTTPAccepted()

    def delete(self, req: wsgi.Request, tenant_id: str, stack_name: str,
               stack_id: str) -> None:
        """DELETE /v1/{tenant_id}/stacks/{stack_name}/{stack_id} -> 204"""
        self.authorize(req, "delete", tenant_id)
        self.engine.delete_stack(req.context, self.identify(req, stack_name, stack_id),
                                 cast=False)
        raise webob.exc.HTTPNoContent()


def _format_changes(req: wsgi.Request,
                    changes: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Heat shows the engine's resource documents here as they are."""
    return {kind: list(docs) for kind, docs in changes.items()}


class StackSerializer(wsgi.JSONResponseSerializer):
    """A created stack answers 201 with its URL in Location."""

    def create(self, response: webob.Response, result: dict[str, Any]) -> None:
        self.default(response, result)
        response.status = 201
        response.headers["Location"] = result["stack"]["links"][0]["href"]
