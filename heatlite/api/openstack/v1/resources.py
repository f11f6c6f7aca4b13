"""Resources of a stack: list, show, metadata, signal, mark_unhealthy."""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.views import resources_view
from heatlite.common import wsgi
from heatlite.rpc import api as rpc_api

_MARK_UNHEALTHY = "mark_unhealthy"
_FILTER_PARAMS = {
    "type": util.PARAM_TYPE_MIXED,
    "status": util.PARAM_TYPE_MIXED,
    "name": util.PARAM_TYPE_MIXED,
    "action": util.PARAM_TYPE_MIXED,
    "id": util.PARAM_TYPE_MIXED,
    "physical_resource_id": util.PARAM_TYPE_MIXED,
}


class ResourceController(util.Controller):
    """/v1/{tenant_id}/stacks/{stack_name}/{stack_id}/resources[...]"""

    REQUEST_SCOPE = "resource"

    def index(self, req: wsgi.Request, tenant_id: str, stack_name: str,
              stack_id: str) -> dict[str, Any]:
        """GET .../resources (nested_depth, with_detail, filters)"""
        self.authorize(req, "index", tenant_id)
        allowed = set(_FILTER_PARAMS) | {rpc_api.PARAM_NESTED_DEPTH,
                                         rpc_api.PARAM_WITH_DETAIL}
        invalid = set(req.params.keys()) - allowed
        if invalid:
            raise webob.exc.HTTPBadRequest("Invalid filter parameters %s"
                                           % str(list(invalid)))
        nested_depth = 0
        if rpc_api.PARAM_NESTED_DEPTH in req.params:
            nested_depth = util.extract_int(rpc_api.PARAM_NESTED_DEPTH,
                                            req.params[rpc_api.PARAM_NESTED_DEPTH]) or 0
        with_detail = False
        if rpc_api.PARAM_WITH_DETAIL in req.params:
            with_detail = util.extract_bool(rpc_api.PARAM_WITH_DETAIL,
                                            req.params[rpc_api.PARAM_WITH_DETAIL])
        filters = util.get_allowed_params(req.params, _FILTER_PARAMS)
        resources = self.engine.list_stack_resources(
            req.context, self.identify(req, stack_name, stack_id),
            nested_depth=nested_depth, with_detail=with_detail, filters=filters)
        return {"resources": [resources_view.format_resource(req, r) for r in resources]}

    def show(self, req: wsgi.Request, tenant_id: str, stack_name: str,
             stack_id: str, resource_name: str) -> dict[str, Any]:
        """GET .../resources/{resource_name} (with_attr may repeat)"""
        self.authorize(req, "show", tenant_id)
        with_attr = req.params.getall("with_attr") or None
        res = self.engine.describe_stack_resource(
            req.context, self.identify(req, stack_name, stack_id), resource_name,
            with_attr=with_attr)
        return {"resource": resources_view.format_resource(req, res)}

    def metadata(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                 stack_id: str, resource_name: str) -> dict[str, Any]:
        """GET .../resources/{resource_name}/metadata"""
        self.authorize(req, "metadata", tenant_id)
        res = self.engine.describe_stack_resource(
            req.context, self.identify(req, stack_name, stack_id), resource_name)
        return {rpc_api.RES_METADATA: res[rpc_api.RES_METADATA]}

    def signal(self, req: wsgi.Request, tenant_id: str, stack_name: str, stack_id: str,
               resource_name: str, body: Any = None) -> None:
        """POST .../resources/{resource_name}/signal (e.g. {"unset_hook": ...})"""
        self.authorize(req, "signal", tenant_id)
        self.engine.resource_signal(req.context, self.identify(req, stack_name, stack_id),
                                    resource_name, body)

    def mark_unhealthy(self, req: wsgi.Request, tenant_id: str, stack_name: str,
                       stack_id: str, resource_name: str,
                       body: dict[str, Any] | None = None) -> None:
        """PATCH .../resources/{resource_name} {"mark_unhealthy": bool, reason}"""
        self.authorize(req, "mark_unhealthy", tenant_id)
        body = body if isinstance(body, dict) else {}
        if _MARK_UNHEALTHY not in body:
            raise webob.exc.HTTPBadRequest(
                "Missing mandatory (%s) key from mark unhealthy request" % _MARK_UNHEALTHY)
        invalid = set(body) - {_MARK_UNHEALTHY, rpc_api.RES_STATUS_DATA}
        if invalid:
            raise webob.exc.HTTPBadRequest("Invalid arguments passed: %s" % sorted(invalid))
        mark = util.extract_bool(_MARK_UNHEALTHY, body[_MARK_UNHEALTHY])
        self.engine.resource_mark_unhealthy(
            req.context, self.identify(req, stack_name, stack_id), resource_name, mark,
            resource_status_reason=body.get(rpc_api.RES_STATUS_DATA, ""))
