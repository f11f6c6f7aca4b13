"""Engine calls about software configs and deployments (RPC version 1.3).

Server side: heatlite.engine.rpc.software_config_service.SoftwareConfigService.
Answers are Heat's documents (keys in rpc.api SOFTWARE_CONFIG_* and
SOFTWARE_DEPLOYMENT_*).
"""

from __future__ import annotations

from typing import Any

from heatlite.common.context import RequestContext
from heatlite.rpc.base import RPCClientBase

VERSION = "1.3"


class SoftwareCalls(RPCClientBase):
    """Software config and deployment calls."""

    # -- configs ------------------------------------------------------------------

    def list_software_configs(self, ctxt: RequestContext, limit: int | None = None,
                              marker: str | None = None) -> list[dict[str, Any]]:
        """A page of the caller's configs, newest first, without bodies."""
        return self._call(ctxt, "list_software_configs", version=VERSION, limit=limit,
                          marker=marker)

    def show_software_config(self, ctxt: RequestContext, config_id: str) -> dict[str, Any]:
        return self._call(ctxt, "show_software_config", version=VERSION,
                          config_id=config_id)

    def create_software_config(self, ctxt: RequestContext, group: str | None,
                               name: str | None, config: Any, inputs: Any = None,
                               outputs: Any = None, options: Any = None) -> dict[str, Any]:
        """Check and store a config (inputs/outputs as Heat validates them)."""
        return self._call(ctxt, "create_software_config", version=VERSION, group=group,
                          name=name, config=config, inputs=inputs, outputs=outputs,
                          options=options)

    def delete_software_config(self, ctxt: RequestContext, config_id: str) -> None:
        """Remove a config; 409 InvalidRestrictedAction while a deployment uses it."""
        self._call(ctxt, "delete_software_config", version=VERSION, config_id=config_id)

    # -- deployments --------------------------------------------------------------

    def list_software_deployments(self, ctxt: RequestContext,
                                  server_id: str | None = None) -> list[dict[str, Any]]:
        return self._call(ctxt, "list_software_deployments", version=VERSION,
                          server_id=server_id)

    def metadata_software_deployments(self, ctxt: RequestContext,
                                      server_id: str) -> list[dict[str, Any]]:
        """The configs deployed to a server, ordered by config name."""
        return self._call(ctxt, "metadata_software_deployments", version=VERSION,
                          server_id=server_id)

    def show_software_deployment(self, ctxt: RequestContext,
                                 deployment_id: str) -> dict[str, Any]:
        return self._call(ctxt, "show_software_deployment", version=VERSION,
                          deployment_id=deployment_id)

    def create_software_deployment(self, ctxt: RequestContext, server_id: str,
                                   config_id: str | None = None, input_values: Any = None,
                                   action: str | None = "INIT",
                                   status: str | None = "COMPLETE",
                                   status_reason: Any = "",
                                   stack_user_project_id: str | None = None,
                                   deployment_id: str | None = None) -> dict[str, Any]:
        return self._call(ctxt, "create_software_deployment", version=VERSION,
                          server_id=server_id, config_id=config_id,
                          input_values=input_values, action=action, status=status,
                          status_reason=status_reason,
                          stack_user_project_id=stack_user_project_id,
                          deployment_id=deployment_id)

    def update_software_deployment(self, ctxt: RequestContext, deployment_id: str,
                                   config_id: str | None = None, input_values: Any = None,
                                   output_values: Any = None, action: str | None = None,
                                   status: str | None = None, status_reason: Any = None,
                                   updated_at: str | None = None) -> dict[str, Any]:
        """Change the given fields; empty ones change nothing (Heat)."""
        return self._call(ctxt, "update_software_deployment", version=VERSION,
                          deployment_id=deployment_id, config_id=config_id,
                          input_values=input_values, output_values=output_values,
                          action=action, status=status, status_reason=status_reason,
                          updated_at=updated_at)

    def signal_software_deployment(self, ctxt: RequestContext, deployment_id: str,
                                   details: dict[str, Any] | None,
                                   updated_at: str | None = None) -> str | None:
        """Outputs reported by the server; returns the event reason (or None)."""
        return self._call(ctxt, "signal_software_deployment", version=VERSION,
                          deployment_id=deployment_id, details=details,
                          updated_at=updated_at)

    def delete_software_deployment(self, ctxt: RequestContext, deployment_id: str) -> None:
        self._call(ctxt, "delete_software_deployment", version=VERSION,
                   deployment_id=deployment_id)
