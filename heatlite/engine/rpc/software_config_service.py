"""SoftwareConfigService: the RPC endpoint of software configs and deployments.

Server side of heatlite.rpc.software_calls.SoftwareCalls. Each method
hands over to software_configs / software_deployments (plain functions
that resource plugins call in-process as well) and adds only what belongs
to the RPC face: the per-tenant limits from the configuration.
"""

from __future__ import annotations

from typing import Any

import oslo_messaging

from heatlite.common.context import RequestContext
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.software import signals
from heatlite.engine.software import software_configs as configs
from heatlite.engine.software import software_deployments as deployments


class SoftwareConfigService:
    """Software config and deployment calls (RPC version 1.3)."""

    target = oslo_messaging.Target(version="1.5")

    RPC_METHODS = ("list_software_configs", "show_software_config", "create_software_config",
                   "delete_software_config", "list_software_deployments",
                   "metadata_software_deployments", "show_software_deployment",
                   "create_software_deployment", "update_software_deployment",
                   "signal_software_deployment", "delete_software_deployment")

    def __init__(self, service: EngineService) -> None:
        self.conf = service.conf

    # -- configs ------------------------------------------------------------------

    def list_software_configs(self, ctxt: RequestContext, limit: int | None = None,
                              marker: str | None = None) -> list[dict[str, Any]]:
        return configs.list_configs(ctxt, limit=limit, marker=marker)

    def show_software_config(self, ctxt: RequestContext, config_id: str) -> dict[str, Any]:
        return configs.show_config(ctxt, config_id)

    def create_software_config(self, ctxt: RequestContext, group: str | None,
                               name: str | None, config: Any, inputs: Any = None,
                               outputs: Any = None, options: Any = None) -> dict[str, Any]:
        return configs.create_config(ctxt, group, name, config, inputs, outputs, options,
                                     limit=self.conf.max_software_configs_per_tenant)

    def delete_software_config(self, ctxt: RequestContext, config_id: str) -> None:
        configs.delete_config(ctxt, config_id)

    # -- deployments --------------------------------------------------------------

    def list_software_deployments(self, ctxt: RequestContext,
                                  server_id: str | None = None) -> list[dict[str, Any]]:
        return deployments.list_deployments(ctxt, server_id)

    def metadata_software_deployments(self, ctxt: RequestContext,
                                      server_id: str) -> list[dict[str, Any]]:
        return deployments.metadata_for_server(ctxt, server_id)

    def show_software_deployment(self, ctxt: RequestContext,
                                 deployment_id: str) -> dict[str, Any]:
        return deployments.show_deployment(ctxt, deployment_id)

    def create_software_deployment(self, ctxt: RequestContext, server_id: str,
                                   config_id: str | None, input_values: Any = None,
                                   action: str | None = "INIT",
                                   status: str | None = "COMPLETE",
                                   status_reason: Any = "",
                                   stack_user_project_id: str | None = None,
                                   deployment_id: str | None = None) -> dict[str, Any]:
        return deployments.create_deployment(
            ctxt, server_id, config_id, input_values=input_values, action=action,
            status=status, status_reason=status_reason,
            stack_user_project_id=stack_user_project_id, deployment_id=deployment_id,
            limit=self.conf.max_software_deployments_per_tenant)

    def update_software_deployment(self, ctxt: RequestContext, deployment_id: str,
                                   config_id: str | None = None, input_values: Any = None,
                                   output_values: Any = None, action: str | None = None,
                                   status: str | None = None, status_reason: Any = None,
                                   updated_at: str | None = None) -> dict[str, Any]:
        result = deployments.update_deployment(
            ctxt, deployment_id, config_id=config_id, input_values=input_values,
            output_values=output_values, action=action, status=status,
            status_reason=status_reason, updated_at=updated_at)
        # A deployment resource of this engine may be waiting for this change.
        signals.BOARD.notify(deployment_id)
        return result

    def signal_software_deployment(self, ctxt: RequestContext, deployment_id: str,
                                   details: dict[str, Any] | None,
                                   updated_at: str | None = None) -> str | None:
        result = deployments.signal_deployment(ctxt, deployment_id, details, updated_at)
        signals.BOARD.notify(deployment_id)
        return result

    def delete_software_deployment(self, ctxt: RequestContext, deployment_id: str) -> None:
        deployments.delete_deployment(ctxt, deployment_id)
