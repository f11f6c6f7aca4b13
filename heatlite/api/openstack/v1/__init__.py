"""The v1 API: every Heat v1 route as data, and the router built from it.

``ROUTES`` is the whole URL surface in one table (Heat's names, URLs,
actions and methods, in Heat's matching order). From it the router derives,
for each URL, a 405 with ``Allow`` for the methods it lacks and an OPTIONS
answer (204 with ``Allow``). Actions a controller does not implement yet
reach ``util.Controller.default``: policy check, then 501.

Collaborators are injected: ``API(conf, engine_client=..., enforcer=...)``
(tests pass a fake engine client; paste passes only ``conf``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import routes
from oslo_config import cfg

from heatlite import policies
from heatlite.api.openstack.v1 import actions
from heatlite.api.openstack.v1 import build_info
from heatlite.api.openstack.v1 import events
from heatlite.api.openstack.v1 import identity
from heatlite.api.openstack.v1 import resources
from heatlite.api.openstack.v1 import services
from heatlite.api.openstack.v1 import software_configs
from heatlite.api.openstack.v1 import software_deployments
from heatlite.api.openstack.v1 import stacks
from heatlite.api.openstack.v1 import templates
from heatlite.api.openstack.v1 import util
from heatlite.common import policy
from heatlite.common import wsgi
from heatlite.rpc.client import EngineClient


class Route(NamedTuple):
    collection: str
    name: str
    url: str
    action: str
    methods: tuple[str, ...]


T = "/{tenant_id}"
STACK = T + "/stacks/{stack_name}/{stack_id}"
ALL_METHODS = ("HEAD", "GET", "POST", "PUT", "PATCH", "DELETE")
_LOOKUP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

ROUTES: tuple[Route, ...] = (
    # Template handling and preview (Heat serves them from its stacks controller)
    Route("templates", "template_validate", T + "/validate", "validate_template", ("POST",)),
    Route("templates", "resource_types", T + "/resource_types", "list_resource_types", ("GET",)),
    Route("templates", "resource_schema", T + "/resource_types/{type_name}",
          "resource_schema", ("GET",)),
    Route("templates", "generate_template", T + "/resource_types/{type_name}/template",
          "generate_template", ("GET",)),
    Route("templates", "template_versions", T + "/template_versions",
          "list_template_versions", ("GET",)),
    Route("templates", "template_functions",
          T + "/template_versions/{template_version}/functions",
          "list_template_functions", ("GET",)),
    # Stack collection
    Route("stacks", "stack_index", T + "/stacks", "index", ("GET",)),
    Route("stacks", "stack_create", T + "/stacks", "create", ("POST",)),
    Route("templates", "stack_preview", T + "/stacks/preview", "preview", ("POST",)),
    Route("stacks", "stack_detail", T + "/stacks/detail", "detail", ("GET",)),
    # Stack lookup: redirect to the canonical /stacks/{name}/{id} URL
    Route("stacks", "stack_lookup", T + "/stacks/{stack_name}", "lookup", _LOOKUP_METHODS),
    Route("stacks", "stack_lookup", T + r"/stacks/{stack_name:arn\x3A.*}", "lookup",
          _LOOKUP_METHODS),
    # Heat routes GET for six sub-paths and POST for four of them as two
    # URLs; split by the methods each sub-path serves instead, so that the
    # 405 and OPTIONS answers derived per URL name both methods where both
    # are served.
    Route("stacks", "stack_lookup_subpath",
          T + "/stacks/{stack_name}/{path:resources|events|template|actions}",
          "lookup", ("GET", "POST")),
    Route("stacks", "stack_lookup_subpath_get",
          T + "/stacks/{stack_name}/{path:environment|files}", "lookup", ("GET",)),
    # Stack data
    Route("stacks", "stack_show", STACK, "show", ("GET",)),
    Route("stacks", "stack_template", STACK + "/template", "template", ("GET",)),
    Route("stacks", "stack_environment", STACK + "/environment", "environment", ("GET",)),
    Route("stacks", "stack_files", STACK + "/files", "files", ("GET",)),
    # Stack update / delete
    Route("stacks", "stack_update", STACK, "update", ("PUT",)),
    Route("stacks", "stack_update_patch", STACK, "update_patch", ("PATCH",)),
    Route("stacks", "preview_stack_update", STACK + "/preview", "preview_update", ("PUT",)),
    Route("stacks", "preview_stack_update_patch", STACK + "/preview",
          "preview_update_patch", ("PATCH",)),
    Route("stacks", "stack_delete", STACK, "delete", ("DELETE",)),
    # Abandon, export, snapshots
    Route("stacks", "stack_abandon", STACK + "/abandon", "abandon", ("DELETE",)),
    Route("stacks", "stack_export", STACK + "/export", "export", ("GET",)),
    Route("stacks", "stack_snapshot", STACK + "/snapshots", "snapshot", ("POST",)),
    Route("stacks", "stack_snapshot_show", STACK + "/snapshots/{snapshot_id}",
          "show_snapshot", ("GET",)),
    Route("stacks", "stack_snapshot_delete", STACK + "/snapshots/{snapshot_id}",
          "delete_snapshot", ("DELETE",)),
    Route("stacks", "stack_list_snapshots", STACK + "/snapshots", "list_snapshots",
          ("GET",)),
    Route("stacks", "stack_snapshot_restore", STACK + "/snapshots/{snapshot_id}/restore",
          "restore_snapshot", ("POST",)),
    # Outputs
    Route("stacks", "stack_output_list", STACK + "/outputs", "list_outputs", ("GET",)),
    Route("stacks", "stack_output_show", STACK + "/outputs/{output_key}", "show_output",
          ("GET",)),
    # Resources
    Route("resources", "resource_index", STACK + "/resources", "index", ("GET",)),
    Route("resources", "resource_show", STACK + "/resources/{resource_name}", "show",
          ("GET",)),
    Route("resources", "resource_metadata_show",
          STACK + "/resources/{resource_name}/metadata", "metadata", ("GET",)),
    Route("resources", "resource_signal", STACK + "/resources/{resource_name}/signal",
          "signal", ("POST",)),
    Route("resources", "resource_mark_unhealthy", STACK + "/resources/{resource_name}",
          "mark_unhealthy", ("PATCH",)),
    # Events
    Route("events", "event_index_stack", STACK + "/events", "index", ("GET",)),
    Route("events", "event_index_resource", STACK + "/resources/{resource_name}/events",
          "index", ("GET",)),
    Route("events", "event_show",
          STACK + "/resources/{resource_name}/events/{event_id}", "show", ("GET",)),
    # Actions
    Route("actions", "action_stack", STACK + "/actions", "action", ("POST",)),
    # Build info
    Route("build_info", "build_info", T + "/build_info", "build_info", ("GET",)),
    # Software configs
    Route("software_configs", "software_config_index", T + "/software_configs", "index",
          ("GET",)),
    Route("software_configs", "software_config_create", T + "/software_configs",
          "create", ("POST",)),
    Route("software_configs", "software_config_show", T + "/software_configs/{config_id}",
          "show", ("GET",)),
    Route("software_configs", "software_config_delete",
          T + "/software_configs/{config_id}", "delete", ("DELETE",)),
    # Software deployments
    Route("software_deployments", "software_deployment_index",
          T + "/software_deployments", "index", ("GET",)),
    Route("software_deployments", "software_deployment_metadata",
          T + "/software_deployments/metadata/{server_id}", "metadata", ("GET",)),
    Route("software_deployments", "software_deployment_create",
          T + "/software_deployments", "create", ("POST",)),
    Route("software_deployments", "software_deployment_show",
          T + "/software_deployments/{deployment_id}", "show", ("GET",)),
    Route("software_deployments", "software_deployment_update",
          T + "/software_deployments/{deployment_id}", "update", ("PUT",)),
    Route("software_deployments", "software_deployment_delete",
          T + "/software_deployments/{deployment_id}", "delete", ("DELETE",)),
    # Services
    Route("services", "service_index", T + "/services", "index", ("GET",)),
)

CONTROLLERS: dict[str, type[util.Controller]] = {
    "stacks": stacks.StackController,
    "templates": templates.TemplateController,
    "resources": resources.ResourceController,
    "events": events.EventController,
    "actions": actions.ActionController,
    "build_info": build_info.BuildInfoController,
    "software_configs": software_configs.SoftwareConfigController,
    "software_deployments": software_deployments.SoftwareDeploymentController,
    "services": services.ServiceController,
}

SERIALIZERS: dict[str, type[wsgi.JSONResponseSerializer]] = {
    "stacks": stacks.StackSerializer,
}


def allowed_methods(table: tuple[Route, ...] = ROUTES) -> dict[str, list[str]]:
    """URL -> the methods it serves, in table order."""
    urls: dict[str, list[str]] = {}
    for route in table:
        methods = urls.setdefault(route.url, [])
        methods.extend(m for m in route.methods if m not in methods)
    return urls


def build_mapper(resources_by_collection: dict[str, Any],
                 table: tuple[Route, ...] = ROUTES) -> routes.Mapper:
    """Real routes first, then per-URL 405 and OPTIONS answers."""
    mapper = routes.Mapper()
    for route in table:
        mapper.connect(route.name, route.url,
                       controller=resources_by_collection[route.collection],
                       action=route.action, conditions={"method": list(route.methods)})
    fallback = wsgi.Resource(wsgi.DefaultMethodController())
    for url, methods in allowed_methods(table).items():
        allow = ",".join(methods)
        missing = [m for m in ALL_METHODS if m not in methods]
        if missing:
            mapper.connect(url, controller=fallback, action="reject",
                           allowed_methods=allow, conditions={"method": missing})
        mapper.connect(url, controller=fallback, action="options",
                       allowed_methods=allow, conditions={"method": ["OPTIONS"]})
    return mapper


class API(wsgi.Router):
    """WSGI router for the Heat v1 REST API (paste app ``apiv1app``)."""

    def __init__(self, conf: cfg.ConfigOpts, engine_client: EngineClient | None = None,
                 enforcer: policy.Enforcer | None = None, **local_conf: Any) -> None:
        self.conf = conf
        self.engine_client = engine_client or EngineClient(conf)
        self.enforcer = enforcer or policy.Enforcer(conf, policies.list_rules())
        resources_by_collection = {
            name: wsgi.Resource(cls(conf, self.engine_client, self.enforcer),
                                serializer=SERIALIZERS.get(name, wsgi.JSONResponseSerializer)())
            for name, cls in CONTROLLERS.items()
        }
        super().__init__(build_mapper(resources_by_collection))

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        ctxt = environ.get("context")
        if ctxt is not None:
            identity.check(ctxt)
            # context_is_admin is policy: decided here, where the rules are.
            ctxt.is_admin = self.enforcer.check_is_admin(ctxt)
        return self._router(environ, start_response)
