"""Software configs: create, show, list, delete (Heat's rules).

Plain functions of a request context and values, so both the RPC endpoint
(software_config_service) and, later, the OS::Heat::SoftwareConfig family
of resource plugins call them directly, in-process. A config never changes
once created; a config used by a deployment cannot be deleted.
"""

from __future__ import annotations

from typing import Any

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import software_configs as db_configs
from heatlite.engine.software import software_config_io as swc_io
from heatlite.engine.software import software_views
from heatlite.rpc import api as rpc_api

NAME_MAX = 255


def scope(ctxt: RequestContext) -> str | None:
    """The tenant a caller sees: every one for an admin (None), as Heat."""
    return None if ctxt.is_admin else ctxt.project_id


def check_string(field: str, value: Any, max_len: int) -> str | None:
    """A text field that must fit its column: None or a short enough string.

    Heat leaves this to the database, which answers 500 on MariaDB and
    PostgreSQL; heatlite answers 400 (Invalid) on every backend.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise exception.Invalid(reason='"%s" should be a string' % field)
    if len(value) > max_len:
        raise exception.Invalid(reason='"%s" should be no more than %d characters'
                                % (field, max_len))
    return value


def check_options(options: Any) -> dict[str, Any]:
    """The options map (empty values mean none); anything else is 400.

    Heat stores whatever it is given, though its API reference and every
    config group read options as a map; a list stored there would be
    answered back as a config no client can use.
    """
    if not options:
        return {}
    if not isinstance(options, dict):
        raise exception.Invalid(reason='"options" should be a map')
    return options


def check_limit(ctxt: RequestContext, what: str, limit: int, count: int) -> None:
    """Heat's per-tenant cap (admins and -1 are unlimited)."""
    if ctxt.is_admin or limit < 0 or count < limit:
        return
    raise exception.RequestLimitExceeded(
        message="You have reached the maximum software %ss per tenant, %d. "
                "Please delete some %ss." % (what, limit, what))


def create_config(ctxt: RequestContext, group: str | None, name: str | None, config: Any,
                  inputs: Any = None, outputs: Any = None, options: Any = None,
                  limit: int = -1) -> dict[str, Any]:
    """Check and store a config; returns its document.

    ``limit`` is max_software_configs_per_tenant (-1: no cap).
    """
    check_limit(ctxt, "config", limit, db_configs.count(ctxt.project_id))
    body = {
        # Empty values of any kind mean none, as in Heat's RPC client.
        rpc_api.SOFTWARE_CONFIG_INPUTS: swc_io.inputs(inputs or []),
        rpc_api.SOFTWARE_CONFIG_OUTPUTS: swc_io.outputs(outputs or []),
        rpc_api.SOFTWARE_CONFIG_OPTIONS: check_options(options),
        rpc_api.SOFTWARE_CONFIG_CONFIG: config,
    }
    row = db_configs.create({
        "name": check_string("name", name, NAME_MAX),
        "group": check_string("group", group, NAME_MAX),
        "config": body,
        "tenant": ctxt.project_id or "",
    })
    return software_views.software_config(row)


def show_config(ctxt: RequestContext, config_id: str) -> dict[str, Any]:
    """One config with its body; 404 when not the caller's."""
    return software_views.software_config(db_configs.get(config_id, scope(ctxt)))


def list_configs(ctxt: RequestContext, limit: int | str | None = None,
                 marker: str | None = None) -> list[dict[str, Any]]:
    """A page of configs without their bodies, newest first."""
    rows = db_configs.list(scope(ctxt), limit=limit, marker=marker)
    return [software_views.software_config(row, detail=False,
                                           include_project=bool(ctxt.is_admin))
            for row in rows]


def delete_config(ctxt: RequestContext, config_id: str) -> None:
    """Remove a config; 404 when not the caller's, 409 while deployed."""
    db_configs.delete(config_id, scope(ctxt))
