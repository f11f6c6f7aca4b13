"""Software deployment documents as Heat's API shows them (rpc.api
SOFTWARE_DEPLOYMENT_* keys, in Heat's order; ``updated_time`` only once the
deployment has been updated)."""

from __future__ import annotations

from typing import Any

from heatlite.rpc import api as rpc_api

KEYS = (rpc_api.SOFTWARE_DEPLOYMENT_ID, rpc_api.SOFTWARE_DEPLOYMENT_SERVER_ID,
        rpc_api.SOFTWARE_DEPLOYMENT_INPUT_VALUES, rpc_api.SOFTWARE_DEPLOYMENT_OUTPUT_VALUES,
        rpc_api.SOFTWARE_DEPLOYMENT_ACTION, rpc_api.SOFTWARE_DEPLOYMENT_STATUS,
        rpc_api.SOFTWARE_DEPLOYMENT_STATUS_REASON, rpc_api.SOFTWARE_DEPLOYMENT_CONFIG_ID,
        rpc_api.SOFTWARE_DEPLOYMENT_CREATION_TIME, rpc_api.SOFTWARE_DEPLOYMENT_UPDATED_TIME)


def format_deployment(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: doc[key] for key in KEYS if key in doc}


def deployment_body(doc: dict[str, Any]) -> dict[str, Any]:
    return {"software_deployment": format_deployment(doc)}


def deployments_body(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"software_deployments": [format_deployment(doc) for doc in docs]}
