"""The engine's software config and deployment documents (Heat's shapes).

Built from db rows; the API passes them through unchanged, so these are
the bodies clients see under ``software_config`` / ``software_deployment``.
"""

from __future__ import annotations

from typing import Any

from heatlite.engine.views import isotime
from heatlite.rpc import api as rpc_api


def software_config(row: Any, detail: bool = True,
                    include_project: bool = False) -> dict[str, Any]:
    """A config; the list shows no body, and the project only to admins."""
    doc: dict[str, Any] = {
        rpc_api.SOFTWARE_CONFIG_ID: row.id,
        rpc_api.SOFTWARE_CONFIG_NAME: row.name,
        rpc_api.SOFTWARE_CONFIG_GROUP: row.group,
        rpc_api.SOFTWARE_CONFIG_CREATION_TIME: isotime(row.created_at),
    }
    if detail:
        body = row.config or {}
        for key in (rpc_api.SOFTWARE_CONFIG_CONFIG, rpc_api.SOFTWARE_CONFIG_INPUTS,
                    rpc_api.SOFTWARE_CONFIG_OUTPUTS, rpc_api.SOFTWARE_CONFIG_OPTIONS):
            doc[key] = body.get(key)
    if include_project:
        doc[rpc_api.SOFTWARE_CONFIG_PROJECT] = row.tenant
    return doc


def software_deployment(row: Any) -> dict[str, Any]:
    """A deployment; ``updated_time`` only once it has been updated."""
    doc: dict[str, Any] = {
        rpc_api.SOFTWARE_DEPLOYMENT_ID: row.id,
        rpc_api.SOFTWARE_DEPLOYMENT_SERVER_ID: row.server_id,
        rpc_api.SOFTWARE_DEPLOYMENT_INPUT_VALUES: row.input_values,
        rpc_api.SOFTWARE_DEPLOYMENT_OUTPUT_VALUES: row.output_values,
        rpc_api.SOFTWARE_DEPLOYMENT_ACTION: row.action,
        rpc_api.SOFTWARE_DEPLOYMENT_STATUS: row.status,
        rpc_api.SOFTWARE_DEPLOYMENT_STATUS_REASON: row.status_reason,
        rpc_api.SOFTWARE_DEPLOYMENT_CONFIG_ID: row.config_id,
        rpc_api.SOFTWARE_DEPLOYMENT_CREATION_TIME: isotime(row.created_at),
    }
    if row.updated_at:
        doc[rpc_api.SOFTWARE_DEPLOYMENT_UPDATED_TIME] = isotime(row.updated_at)
    return doc
