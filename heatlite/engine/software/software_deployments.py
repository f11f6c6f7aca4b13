"""Software deployments: create, show, list, update, signal, delete, and the
deployment metadata of a server (Heat's rules).

Plain functions of a request context and values: the RPC endpoint calls
them, and so will the OS::Heat::SoftwareDeployment family and
OS::Heat::DeployedServer plugins, in-process. Whenever the configs
deployed to a server change, the server's list is written into the
``deployments`` key of the metadata of the resource whose physical id is
that server, which is where the server's agent (os-collect-config) reads
it; without such a resource there is nothing to write.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from oslo_utils import timeutils

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import software_deployments as db_deployments
from heatlite.engine.software import software_config_io as swc_io
from heatlite.engine.software import software_views
from heatlite.engine.software.software_configs import check_limit, check_string, scope
from heatlite.rpc import api as rpc_api

SERVER_ID_MAX = 36
CONFIG_ID_MAX = 36
PROJECT_ID_MAX = 64
STATUS_MAX = 255


def _check_project(ctxt: RequestContext, project: Any) -> str | None:
    """The stack-user project a deployment may be read from.

    Heat takes any value, and then lists the deployment to that project
    and pushes it into that project's server metadata: a way into another
    project. Here only an admin names a project other than the caller's.
    """
    project = check_string("stack_user_project_id", project, PROJECT_ID_MAX)
    if project is not None and not ctxt.is_admin and project != ctxt.project_id:
        raise exception.Forbidden(
            action="a stack_user_project_id other than your own project")
    return project


def _check_server(server_id: Any) -> str:
    if not server_id:
        raise exception.Invalid(reason='"server_id" must be specified')
    checked = check_string("server_id", server_id, SERVER_ID_MAX)
    assert checked is not None
    return checked


def metadata_for_server(ctxt: RequestContext, server_id: str) -> list[dict[str, Any]]:
    """The configs deployed to a server, as its agent reads them.

    One config document per deployment, ordered by config name so a
    template controls the order (as Heat); only the caller's deployments.
    """
    if not server_id:
        raise exception.Invalid(reason="server_id must be specified")
    return _server_configs(scope(ctxt), server_id)


def _server_configs(tenant: str | None, server_id: str) -> list[dict[str, Any]]:
    rows = db_deployments.list(tenant, server_id)
    rows.sort(key=lambda row: row.config.name or "")
    return [software_views.software_config(row.config) for row in rows]


def push_server_metadata(server_id: str) -> None:
    """Write the server's deployments into its resource's metadata, if any.

    Each project owning a resource with that physical id gets the list of
    its own deployments (Heat's view of the resource's project): a
    deployment another project makes to the same server id never reaches
    it.
    """
    for tenant in db_deployments.server_tenants(server_id):
        db_deployments.set_server_metadata(server_id, _server_configs(tenant, server_id),
                                           tenant=tenant)


def list_deployments(ctxt: RequestContext,
                     server_id: str | None = None) -> list[dict[str, Any]]:
    """The caller's deployments (of one server if given), oldest first."""
    return [software_views.software_deployment(row)
            for row in db_deployments.list(scope(ctxt), server_id)]


def show_deployment(ctxt: RequestContext, deployment_id: str) -> dict[str, Any]:
    """One deployment; 404 when not the caller's."""
    return software_views.software_deployment(
        db_deployments.get(deployment_id, scope(ctxt)))


def create_deployment(ctxt: RequestContext, server_id: str, config_id: str | None,
                      input_values: Any = None, action: str | None = "INIT",
                      status: str | None = "COMPLETE", status_reason: Any = "",
                      stack_user_project_id: str | None = None,
                      deployment_id: str | None = None, limit: int = -1) -> dict[str, Any]:
    """Store a deployment of config ``config_id`` to ``server_id``.

    ``status_reason`` is stored as text, as Heat does (so a missing one
    reads "None"). ``limit`` is max_software_deployments_per_tenant.
    """
    project = _check_project(ctxt, stack_user_project_id)
    config_id = check_string("config_id", config_id, CONFIG_ID_MAX)
    check_limit(ctxt, "deployment", limit, db_deployments.count(ctxt.project_id))
    row = db_deployments.create({
        "id": deployment_id or str(uuid.uuid4()),
        "config_id": config_id,
        "server_id": _check_server(server_id),
        "input_values": input_values or {},
        "tenant": ctxt.project_id or "",
        "stack_user_project_id": project,
        "action": check_string("action", action, STATUS_MAX),
        "status": check_string("status", status, STATUS_MAX),
        "status_reason": str(status_reason),
    }, config_tenant=scope(ctxt))
    push_server_metadata(row.server_id)
    return software_views.software_deployment(row)


def _parse_time(updated_at: str | datetime.datetime | None) -> datetime.datetime:
    if updated_at is None:
        return timeutils.utcnow()
    if isinstance(updated_at, datetime.datetime):
        return timeutils.normalize_time(updated_at)
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(updated_at))
    except ValueError as exc:
        raise exception.Invalid(reason=str(exc)) from None


def update_deployment(ctxt: RequestContext, deployment_id: str, config_id: str | None = None,
                      input_values: Any = None, output_values: Any = None,
                      action: str | None = None, status: str | None = None,
                      status_reason: Any = None,
                      updated_at: str | datetime.datetime | None = None) -> dict[str, Any]:
    """Change what was given (empty values change nothing, as in Heat).

    A new config changes what the server must apply, so the server's
    metadata is rewritten then.
    """
    values: dict[str, Any] = {"updated_at": _parse_time(updated_at)}
    if config_id:
        values["config_id"] = check_string("config_id", config_id, CONFIG_ID_MAX)
    if input_values:
        values["input_values"] = input_values
    if output_values:
        values["output_values"] = output_values
    if action:
        values["action"] = check_string("action", action, STATUS_MAX)
    if status:
        values["status"] = check_string("status", status, STATUS_MAX)
    if status_reason:
        values["status_reason"] = str(status_reason)
    row = db_deployments.update(deployment_id, values, scope(ctxt))
    if config_id:
        push_server_metadata(row.server_id)
    return software_views.software_deployment(row)


def signal_deployment(ctxt: RequestContext, deployment_id: str,
                      details: Mapping[str, Any] | None,
                      updated_at: str | None = None) -> str | None:
    """Take the outputs a server reports; returns the reason for the event.

    Only an IN_PROGRESS deployment listens (None otherwise). A non-zero
    ``deploy_status_code`` or a value for an ``error_output`` output fails
    it with Heat's reason; otherwise it completes with "Outputs received".
    """
    row = db_deployments.get(deployment_id, scope(ctxt))
    if row.status != rpc_api.SOFTWARE_DEPLOYMENT_IN_PROGRESS:
        return None
    details = details or {}
    code_key = rpc_api.SOFTWARE_DEPLOYMENT_OUTPUT_STATUS_CODE
    outputs = dict(row.output_values or {})
    failed = False
    reasons: dict[str, Any] = {}
    code = details.get(code_key)
    if code and str(code) != "0":
        failed = True
        reasons[code_key] = "Deployment exited with non-zero status code: %s" % code
        event_reason = "deployment %s failed (%s)" % (deployment_id, code)
    else:
        event_reason = "deployment %s succeeded" % deployment_id
    declared = (row.config.config or {}).get(rpc_api.SOFTWARE_CONFIG_OUTPUTS) or []
    for output in declared:
        key = output[swc_io.NAME]
        if key in details:
            outputs[key] = details[key]
            if output.get(swc_io.ERROR_OUTPUT, False):
                failed = True
                reasons[key] = details[key]
                event_reason = "deployment %s failed" % deployment_id
    for key in rpc_api.SOFTWARE_DEPLOYMENT_OUTPUTS:
        outputs[key] = details.get(key)
    if failed:
        status = rpc_api.SOFTWARE_DEPLOYMENT_FAILED
        reason = ", ".join("%s : %s" % (k, v) for k, v in reasons.items())
    else:
        status = rpc_api.SOFTWARE_DEPLOYMENT_COMPLETE
        reason = "Outputs received"
    update_deployment(ctxt, deployment_id, output_values=outputs, status=status,
                      status_reason=reason, updated_at=updated_at)
    return event_reason


def delete_deployment(ctxt: RequestContext, deployment_id: str) -> None:
    """Remove a deployment and take its config off the server's metadata."""
    row = db_deployments.delete(deployment_id, scope(ctxt))
    push_server_metadata(row.server_id)
