"""Software config documents as Heat's API shows them.

The engine's documents already carry Heat's keys (rpc.api
SOFTWARE_CONFIG_*); the view keeps exactly those, in Heat's order, so a
key the engine adds later never leaks onto the wire unannounced.
"""

from __future__ import annotations

from typing import Any

from heatlite.rpc import api as rpc_api

KEYS = (rpc_api.SOFTWARE_CONFIG_ID, rpc_api.SOFTWARE_CONFIG_NAME,
        rpc_api.SOFTWARE_CONFIG_GROUP, rpc_api.SOFTWARE_CONFIG_CONFIG,
        rpc_api.SOFTWARE_CONFIG_INPUTS, rpc_api.SOFTWARE_CONFIG_OUTPUTS,
        rpc_api.SOFTWARE_CONFIG_OPTIONS, rpc_api.SOFTWARE_CONFIG_CREATION_TIME,
        rpc_api.SOFTWARE_CONFIG_PROJECT)


def format_config(doc: dict[str, Any]) -> dict[str, Any]:
    """One config (list entries lack the body; ``project`` is admin-only)."""
    return {key: doc[key] for key in KEYS if key in doc}


def config_body(doc: dict[str, Any]) -> dict[str, Any]:
    return {"software_config": format_config(doc)}


def configs_body(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"software_configs": [format_config(doc) for doc in docs]}


def metadata_body(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """GET /software_deployments/metadata/{server_id}: a server's configs."""
    return {"metadata": [format_config(doc) for doc in docs]}
