"""Queries on software deployments (each row loads its config with it).

Tenant scoping as Heat's: a ``tenant`` of None is the admin view; otherwise
a deployment belongs to the caller when the caller's project is its
``tenant`` or its ``stack_user_project_id`` (the server's agent
authenticates in the stack-user project). Anything else is "not found".
The config a deployment names must be visible in the caller's scope too
(Heat 27's 404), so no project deploys another's config.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, session
from heatlite.db.software_configs import not_found as config_not_found

SoftwareDeployment = models.SoftwareDeployment
SoftwareConfig = models.SoftwareConfig

_UPDATABLE = frozenset(("config_id", "input_values", "output_values", "action", "status",
                        "status_reason", "updated_at"))


def not_found(deployment_id: str) -> exception.NotFound:
    """Heat's 404 for a deployment that is missing or of another project."""
    return exception.NotFound(message="Deployment with id %s not found" % deployment_id)


def _scope(tenant: str | None) -> sa.ColumnElement[bool]:
    if tenant is None:
        return sa.true()
    return sa.or_(SoftwareDeployment.tenant == tenant,
                  SoftwareDeployment.stack_user_project_id == tenant)


def _check_config(s: Any, config_id: Any, tenant: str | None) -> None:
    """NotFound unless the config exists in ``tenant``'s scope (None: any)."""
    stmt = sa.select(SoftwareConfig.id).where(SoftwareConfig.id == config_id)
    if tenant is not None:
        stmt = stmt.where(SoftwareConfig.tenant == tenant)
    if s.scalars(stmt).first() is None:
        raise config_not_found(config_id)


def _get(s: Any, deployment_id: str, tenant: str | None) -> SoftwareDeployment:
    stmt = sa.select(SoftwareDeployment).where(SoftwareDeployment.id == deployment_id,
                                               _scope(tenant))
    row = s.scalars(stmt).first()
    if row is None:
        raise not_found(deployment_id)
    return row


@session.retry_on_deadlock
def create(values: Mapping[str, Any], config_tenant: str | None = None) -> SoftwareDeployment:
    """Insert a deployment; NotFound (404) when its config is not visible
    to ``config_tenant`` (None: the admin view)."""
    row = SoftwareDeployment(**values)
    try:
        with session.writer() as s:
            _check_config(s, row.config_id, config_tenant)
            s.add(row)
            s.flush()
            s.refresh(row)
            return row
    except db_exception.DBReferenceError:
        # The config went between the check and the insert.
        raise config_not_found(row.config_id) from None


def get(deployment_id: str, tenant: str | None = None) -> SoftwareDeployment:
    """The deployment with its config; NotFound if missing or not the tenant's."""
    with session.reader() as s:
        return _get(s, deployment_id, tenant)


def list(tenant: str | None, server_id: str | None = None) -> builtins.list[SoftwareDeployment]:
    """The tenant's deployments (of one server if given), oldest first."""
    stmt = (sa.select(SoftwareDeployment).where(_scope(tenant))
            .order_by(SoftwareDeployment.created_at, SoftwareDeployment.id))
    if server_id:
        stmt = stmt.where(SoftwareDeployment.server_id == server_id)
    with session.reader() as s:
        return builtins.list(s.scalars(stmt).unique())


def count(tenant: str | None) -> int:
    """How many deployments the tenant has (every deployment for None)."""
    stmt = sa.select(sa.func.count()).select_from(SoftwareDeployment).where(_scope(tenant))
    with session.reader() as s:
        return int(s.scalar(stmt) or 0)


@session.retry_on_deadlock
def update(deployment_id: str, values: Mapping[str, Any],
           tenant: str | None = None) -> SoftwareDeployment:
    """Change a deployment's columns and return it with its (new) config.

    NotFound if the deployment is not the tenant's, or a new ``config_id``
    names no config of the tenant.
    """
    unknown = set(values) - _UPDATABLE
    if unknown:
        raise ValueError("not updatable deployment columns: %s" % sorted(unknown))
    try:
        with session.writer() as s:
            row = _get(s, deployment_id, tenant)
            if "config_id" in values:
                _check_config(s, values["config_id"], tenant)
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            s.refresh(row)
            return row
    except db_exception.DBReferenceError:
        raise config_not_found(values.get("config_id")) from None


@session.retry_on_deadlock
def delete(deployment_id: str, tenant: str | None = None) -> SoftwareDeployment:
    """Remove a deployment; returns the removed row (its server is needed after)."""
    with session.writer() as s:
        row = _get(s, deployment_id, tenant)
        s.delete(row)
        return row


def _live_server_resources(server_id: str) -> sa.Select[Any]:
    resource = models.Resource
    return (sa.select(resource)
            .where(resource.physical_resource_id == server_id,
                   sa.or_(resource.action.is_(None), resource.action != "DELETE")))


def server_tenants(server_id: str) -> builtins.list[str]:
    """The projects owning a live resource whose physical id is ``server_id``.

    Each gets the server's metadata from its own deployments only: another
    project naming the same server id must not write into it.
    """
    stmt = (sa.select(models.Stack.tenant).distinct()
            .join(models.Resource, models.Resource.stack_id == models.Stack.id)
            .where(models.Resource.id.in_(
                _live_server_resources(server_id).with_only_columns(models.Resource.id))))
    with session.reader() as s:
        return sorted(s.scalars(stmt))


@session.retry_on_deadlock
def set_server_metadata(server_id: str, deployments: builtins.list[Any],
                        tenant: str | None = None) -> int:
    """Put ``deployments`` under the ``deployments`` key of the metadata of
    the live resources whose physical id is ``server_id`` (of ``tenant``'s
    stacks only, when given); returns how many.

    Read and write share one locked transaction so a concurrent change to
    other metadata keys of that resource is not lost.
    """
    stmt = _live_server_resources(server_id).with_for_update()
    if tenant is not None:
        stmt = stmt.where(models.Resource.stack_id.in_(
            sa.select(models.Stack.id).where(models.Stack.tenant == tenant)))
    with session.writer() as s:
        rows = builtins.list(s.scalars(stmt))
        for row in rows:
            metadata = dict(row.rsrc_metadata or {})
            metadata["deployments"] = deployments
            row.rsrc_metadata = metadata
        return len(rows)
