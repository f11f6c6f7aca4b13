"""GET /v1/{tenant_id}/build_info: the API's and the engine's revisions."""

from __future__ import annotations

from typing import Any

from heatlite.api.openstack.v1 import util
from heatlite.common import wsgi


class BuildInfoController(util.Controller):
    """/v1/{tenant_id}/build_info"""

    REQUEST_SCOPE = "build_info"

    def build_info(self, req: wsgi.Request, tenant_id: str) -> dict[str, Any]:
        """GET /v1/{tenant_id}/build_info"""
        self.authorize(req, "build_info", tenant_id)
        engine_revision = self.engine.get_revision(req.context)
        return {"api": {"revision": self.conf.revision.heat_revision},
                "engine": {"revision": engine_revision}}
