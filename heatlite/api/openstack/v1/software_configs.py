"""/v1/{tenant_id}/software_configs: list, create, show and delete configs.

As Heat: create answers 200 with the stored document, delete 204; a config
of another project is a 404; ``global_tenant=true`` lists every project's
configs when the ``software_configs:global_index`` policy allows it.
"""

from __future__ import annotations

from typing import Any

import webob.exc

from heatlite.api.openstack.v1 import util
from heatlite.api.openstack.v1.views import software_config_view
from heatlite.common import context
from heatlite.common import wsgi

_LIST_PARAMS = {
    "limit": util.PARAM_TYPE_SINGLE,
    "marker": util.PARAM_TYPE_SINGLE,
}
CREATE_FIELDS = ("name", "group", "config", "inputs", "outputs", "options")


class SoftwareConfigController(util.Controller):
    """/v1/{tenant_id}/software_configs[/{config_id}]"""

    REQUEST_SCOPE = "software_configs"

    def index(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/software_configs[?limit&marker&global_tenant]"""
        self.authorize(req, "index", tenant_id)
        params = util.get_allowed_params(req.params, _LIST_PARAMS)
        if "limit" in params:
            params["limit"] = util.extract_int("limit", params["limit"])
        ctxt = req.context
        if "global_tenant" in req.params and util.extract_bool(
                "global_tenant", req.params.get("global_tenant")):
            self.authorize(req, "global_index", ctxt.project_id)
            ctxt = context.get_admin_context()
        configs = self.engine.list_software_configs(ctxt, **params)
        return software_config_view.configs_body(configs)

    def show(self, req: wsgi.Request, tenant_id: str, config_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/software_configs/{config_id}"""
        self.authorize(req, "show", tenant_id)
        config = self.engine.show_software_config(req.context, config_id)
        return software_config_view.config_body(config)

    def create(self, req: wsgi.Request, tenant_id: str, body: Any = None) -> dict[str, Any]:
        """POST /v1/{tenant_id}/software_configs -> 200 with the new config"""
        self.authorize(req, "create", tenant_id)
        data = util.require_body(body)
        config = self.engine.create_software_config(
            req.context, **{key: data.get(key) for key in CREATE_FIELDS})
        return software_config_view.config_body(config)

    def delete(self, req: wsgi.Request, tenant_id: str, config_id: str) -> None:
        """DELETE /v1/{tenant_id}/software_configs/{config_id} -> 204"""
        self.authorize(req, "delete", tenant_id)
        self.engine.delete_software_config(req.context, config_id)
        raise webob.exc.HTTPNoContent()
