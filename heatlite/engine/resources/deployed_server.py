"""OS::Heat::DeployedServer: a server that exists already, outside any cloud.

Creating it only gives it an id (its resource uuid, as in Heat) and the
``os-collect-config`` section of its metadata: how the server's agent
polls for its deployments. Deployments to it (server: {get_resource: it})
put their derived configs under the ``deployments`` key of the same
metadata (engine/software_deployments.push_server_metadata).

Transports: POLL_SERVER_HEAT points the agent at the authenticated API
(``heat`` collector: stack and resource to read the metadata of);
POLL_TEMP_URL and POLL_SERVER_CFN both give a ``request`` collector with a
signed, credential-free GET URL of the metadata (heatlite has no CFN API or
Swift; the signed URL stands in for both). ZAQAR_MESSAGE needs Zaqar.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.db import resource_metadata
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import wait_condition_handle as wch
from heatlite.engine.software import signal_urls

TRANSPORTS = (POLL_SERVER_CFN, POLL_SERVER_HEAT, POLL_TEMP_URL, ZAQAR_MESSAGE) = (
    "POLL_SERVER_CFN", "POLL_SERVER_HEAT", "POLL_TEMP_URL", "ZAQAR_MESSAGE")
OCC = "os-collect-config"
_COLLECTOR_KEYS = ("heat", "zaqar", "cfn", "request")


class DeployedServer(resource.Resource):
    """OS::Heat::DeployedServer."""
    # Its id is its own uuid and its metadata is written whole: idempotent.
    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, *resource.TAKEOVER_ACTIONS)

    # Written by the server itself and by deployments to it: a stack update
    # keeps them (resource_update.merged_metadata), as Heat does.
    OWN_METADATA_KEYS = frozenset({"deployments", OCC})

    PROPERTIES = {
        "name": properties.Schema(properties.STRING, "Server name.", update_allowed=True),
        "metadata": properties.Schema(
            properties.MAP, "Arbitrary key/value metadata to store for this server. "
            "Deprecated: this property is ignored, as in Heat.", update_allowed=True),
        "software_config_transport": properties.Schema(
            properties.STRING, "How the server should receive the metadata required for "
            "software configuration. POLL_SERVER_HEAT will allow calls to the Heat API "
            "resource-show. POLL_TEMP_URL and POLL_SERVER_CFN give a signed URL to poll "
            "the metadata from. Default: [DEFAULT] default_software_config_transport.",
            update_allowed=True, constraints=[constraints.AllowedValues(TRANSPORTS)]),
        "deployment_swift_data": properties.Schema(
            properties.MAP, "Swift container and object to use for storing deployment "
            "data for the server resource. Not used by heatlite (no Swift): the "
            "metadata is served by heatlite itself.", default={}, update_allowed=True,
            schema={
                "container": properties.Schema(properties.STRING, "Name of the container.",
                                               constraints=[constraints.Length(min=1)]),
                "object": properties.Schema(properties.STRING, "Name of the object.",
                                            constraints=[constraints.Length(min=1)]),
            }),
    }
    ATTRIBUTES = {
        "name": attributes.Schema("Name of the server.", type=attributes.STRING),
        "os_collect_config": attributes.Schema(
            "The os-collect-config configuration for the server's local agent to be "
            "configured to connect to Heat to retrieve deployment data.",
            type=attributes.MAP),
    }

    @property
    def transport(self) -> str:
        return str(self.properties.get("software_config_transport")
                   or wch.engine_conf().default_software_config_transport)

    def validate(self) -> None:
        if self.transport == ZAQAR_MESSAGE:
            raise exception.NotImplementedYet(feature="ZAQAR_MESSAGE (a Zaqar queue)")

    def collect_config(self) -> dict[str, Any]:
        """The os-collect-config section for the current transport."""
        ctx, conf = self.ctx, wch.engine_conf()
        tenant = wch.stack_tenant(ctx.stack_id)
        if self.transport == POLL_SERVER_HEAT:
            return {"collectors": ["heat", "local"], "heat": {
                "auth_url": conf.clients_keystone.auth_uri or signal_urls.heat_url(
                    conf, tenant),
                "project_id": tenant, "stack_id": "%s/%s" % (ctx.stack_name, ctx.stack_id),
                "resource_name": ctx.name, "user_id": None, "password": None,
                "region_name": None}}
        url = signal_urls.signed_url(conf, tenant, ctx.stack_name, ctx.stack_id, ctx.name,
                                     ctx.uuid)
        return {"collectors": ["request", "local"], "request": {"metadata_url": url}}

    def _write_metadata(self) -> None:
        occ = self.collect_config()

        def merge(current: dict[str, Any]) -> dict[str, Any]:
            new = dict(current)
            new.setdefault("deployments", [])
            old = new.get(OCC) if isinstance(new.get(OCC), Mapping) else {}
            # Earlier transports' settings are nulled, as Heat does, so an
            # agent configured at boot drops them.
            merged = {k: {key: None for key in v} for k, v in old.items()
                      if k in _COLLECTOR_KEYS and isinstance(v, Mapping)}
            merged.update(occ)
            new[OCC] = merged
            return new

        resource_metadata.merge(self.ctx.uuid, merge)

    def handle_create(self) -> Any:
        self.resource_id_set(self.ctx.uuid)
        self._write_metadata()
        return None

    def handle_update(self, prop_diff: Mapping[str, Any]) -> Any:
        if "software_config_transport" in prop_diff:
            self._write_metadata()
        return None

    def get_attribute(self, name: str) -> Any:
        if name == "name":
            return self.properties.get("name") or self.physical_resource_name()
        if name == "os_collect_config":
            return resource_metadata.get(self.ctx.uuid).get(OCC) or {}
        return None


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::DeployedServer": DeployedServer}
