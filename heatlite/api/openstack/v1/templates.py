"""Template handling: validate, resource types, template versions, preview.

Heat serves these from its stacks controller (the policy names are
``stacks:validate_template`` and so on); heatlite keeps them in their own
controller because they read templates and the type registry, never a
stored stack. Each action: policy, query parameters, one EngineClient call,
the view.
"""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.instantiation import InstantiationData
from heatlite.api.openstack.v1.views import stacks_view
from heatlite.common import wsgi
from heatlite.rpc import api as rpc_api

TEMPLATE_TYPES = ("cfn", "hot")


def _bool_param(req: wsgi.Request, name: str) -> bool:
    value = req.params.get(name)
    return False if value is None else util.extract_bool(name, value)


def _preview_args(args: dict[str, Any]) -> dict[str, Any]:
    """timeout_mins and tags read as for a create."""
    if rpc_api.PARAM_TIMEOUT in args:
        args[rpc_api.PARAM_TIMEOUT] = util.extract_int(rpc_api.PARAM_TIMEOUT,
                                                       args[rpc_api.PARAM_TIMEOUT])
    tags = args.get(rpc_api.PARAM_TAGS)
    if isinstance(tags, str):
        args[rpc_api.PARAM_TAGS] = util.extract_tags(tags)
    return args


class TemplateController(util.Controller):
    """/v1/{tenant_id}/validate, /resource_types, /template_versions, /stacks/preview"""

    REQUEST_SCOPE = "stacks"

    def validate_template(self, req: wsgi.Request, tenant_id: str,
                          body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST /v1/{tenant_id}/validate -> the template's parameters, or 400."""
        self.authorize(req, "validate_template", tenant_id)
        data = InstantiationData(util.require_body(body))
        show_nested = _bool_param(req, "show_nested")
        ignore = req.params.get("ignore_errors")
        ignorable = ignore.split(",") if ignore else None
        data.files_container()
        result = self.engine.validate_template(
            req.context, data.template(), data.environment(), files=data.files(),
            environment_files=data.environment_files(), show_nested=show_nested,
            ignorable_errors=ignorable)
        if "Error" in result:
            raise webob.exc.HTTPBadRequest(result["Error"])
        return result

    def list_resource_types(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/resource_types (name, version, support_status filters)."""
        self.authorize(req, "list_resource_types", tenant_id)
        types = self.engine.list_resource_types(
            req.context, support_status=req.params.get("support_status"),
            type_name=req.params.get("name"), heat_version=req.params.get("version"),
            with_description=_bool_param(req, "with_description"))
        return {"resource_types": types}

    def resource_schema(self, req: wsgi.Request, tenant_id: str,
                        type_name: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/resource_types/{type_name}"""
        self.authorize(req, "resource_schema", tenant_id)
        return self.engine.resource_schema(req.context, type_name=type_name,
                                           with_description=_bool_param(req,
                                                                        "with_description"))

    def generate_template(self, req: wsgi.Request, tenant_id: str,
                          type_name: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/resource_types/{type_name}/template[?template_type=hot]"""
        self.authorize(req, "generate_template", tenant_id)
        template_type = req.params.get("template_type", "cfn")
        if template_type not in TEMPLATE_TYPES:
            raise webob.exc.HTTPBadRequest(
                'Template type is not supported: Invalid template type "%s", valid types '
                "are: cfn, hot." % template_type)
        return self.engine.generate_template(req.context, type_name,
                                             template_type=template_type)

    def list_template_versions(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/template_versions"""
        self.authorize(req, "list_template_versions", tenant_id)
        return {"template_versions": self.engine.list_template_versions(req.context)}

    def list_template_functions(self, req: wsgi.Request, tenant_id: str,
                                template_version: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/template_versions/{version}/functions"""
        self.authorize(req, "list_template_functions", tenant_id)
        with_condition = _bool_param(req, "with_condition_func")
        functions = self.engine.list_template_functions(
            req.context, template_version, with_condition=with_condition)
        return {"template_functions": functions}

    def preview(self, req: wsgi.Request, tenant_id: str,
                body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST /v1/{tenant_id}/stacks/preview -> the stack with its resources."""
        self.authorize(req, "preview", tenant_id)
        data = InstantiationData(util.require_body(body))
        args = _preview_args(data.args())
        data.files_container()
        result = self.engine.preview_stack(
            req.context, data.stack_name(), data.template(), data.environment(),
            data.files(), args, environment_files=data.environment_files())
        return {"stack": stacks_view.format_stack(req, result)}
