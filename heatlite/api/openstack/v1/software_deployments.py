"""/v1/{tenant_id}/software_deployments: list, create, show, update, delete,
and the deployment metadata of a server (what os-collect-config reads).

As Heat: create and update answer 200 with the document, delete 204. On
create every field is passed as given (a missing one as null); on update
only the fields present and not null change.
"""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.views import software_config_view
from heatlite.api.openstack.v1.views import software_deployment_view
from heatlite.common import wsgi

_LIST_PARAMS = {"server_id": util.PARAM_TYPE_SINGLE}
CREATE_FIELDS = ("config_id", "server_id", "input_values", "action", "status",
                 "status_reason", "stack_user_project_id")
UPDATE_FIELDS = ("config_id", "input_values", "output_values", "action", "status",
                 "status_reason")


class SoftwareDeploymentController(util.Controller):
    """/v1/{tenant_id}/software_deployments[/{deployment_id}|/metadata/{server_id}]"""

    REQUEST_SCOPE = "software_deployments"

    def index(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/software_deployments[?server_id]"""
        self.authorize(req, "index", tenant_id)
        params = util.get_allowed_params(req.params, _LIST_PARAMS)
        deployments = self.engine.list_software_deployments(req.context, **params)
        return software_deployment_view.deployments_body(deployments)

    def metadata(self, req: wsgi.Request, tenant_id: str, server_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/software_deployments/metadata/{server_id}"""
        self.authorize(req, "metadata", tenant_id)
        configs = self.engine.metadata_software_deployments(req.context, server_id=server_id)
        return software_config_view.metadata_body(configs)

    def show(self, req: wsgi.Request, tenant_id: str, deployment_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/software_deployments/{deployment_id}"""
        self.authorize(req, "show", tenant_id)
        deployment = self.engine.show_software_deployment(req.context, deployment_id)
        return software_deployment_view.deployment_body(deployment)

    def create(self, req: wsgi.Request, tenant_id: str, body: Any = None) -> dict[str, Any]:
        """POST /v1/{tenant_id}/software_deployments -> 200 with the new deployment"""
        self.authorize(req, "create", tenant_id)
        data = util.require_body(body)
        deployment = self.engine.create_software_deployment(
            req.context, **{key: data.get(key) for key in CREATE_FIELDS})
        return software_deployment_view.deployment_body(deployment)

    def update(self, req: wsgi.Request, tenant_id: str, deployment_id: str,
               body: Any = None) -> dict[str, Any]:
        """PUT /v1/{tenant_id}/software_deployments/{deployment_id}"""
        self.authorize(req, "update", tenant_id)
        data = util.require_body(body)
        changes = {key: data[key] for key in UPDATE_FIELDS if data.get(key) is not None}
        deployment = self.engine.update_software_deployment(req.context, deployment_id,
                                                            **changes)
        return software_deployment_view.deployment_body(deployment)

    def delete(self, req: wsgi.Request, tenant_id: str, deployment_id: str) -> None:
        """DELETE /v1/{tenant_id}/software_deployments/{deployment_id} -> 204"""
        self.authorize(req, "delete", tenant_id)
        self.engine.delete_software_deployment(req.context, deployment_id)
        raise webob.exc.HTTPNoContent()
