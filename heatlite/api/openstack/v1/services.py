"""GET /v1/{tenant_id}/services: the engines and whether each is up."""

from __future__ import annotations

from typing import Any

from heatlite.api.openstack.v1 import util
from heatlite.common import wsgi


class ServiceController(util.Controller):
    """/v1/{tenant_id}/services"""

    REQUEST_SCOPE = "service"

    def index(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/services (admins: policy ``service:index``)"""
        self.authorize(req, "index", tenant_id)
        return {"services": self.engine.list_services(req.context)}
