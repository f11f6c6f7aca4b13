"""Queries on software configs.

Tenant scoping as Heat's: a ``tenant`` of None is the admin view (every
project); otherwise only the project's own configs exist for the caller,
and another project's config is "not found", never "forbidden".
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, paging, session

SoftwareConfig = models.SoftwareConfig
SoftwareDeployment = models.SoftwareDeployment


def not_found(config_id: str) -> exception.NotFound:
    """Heat's 404 for a config that is missing or of another project."""
    return exception.NotFound(message="Software config with id %s not found" % config_id)


def _scope(tenant: str | None) -> sa.ColumnElement[bool]:
    return sa.true() if tenant is None else SoftwareConfig.tenant == tenant


@session.retry_on_deadlock
def create(values: Mapping[str, Any]) -> SoftwareConfig:
    """Insert a config (id generated unless given)."""
    row = SoftwareConfig(**values)
    with session.writer() as s:
        s.add(row)
        s.flush()
    return row


def get(config_id: str, tenant: str | None = None) -> SoftwareConfig:
    """The config, or NotFound if missing or of another tenant."""
    stmt = sa.select(SoftwareConfig).where(SoftwareConfig.id == config_id, _scope(tenant))
    with session.reader() as s:
        row = s.scalars(stmt).first()
    if row is None:
        raise not_found(config_id)
    return row


def list(tenant: str | None, limit: int | str | None = None,
         marker: str | None = None) -> builtins.list[SoftwareConfig]:
    """One page of configs, newest first (Heat's default order).

    ``marker`` is the id of the last config of the previous page; an
    unknown one is ignored, as Heat does.
    """
    keys = paging.order_keys([], None, SoftwareConfig.created_at, SoftwareConfig.id)
    with session.reader() as s:
        marker_row = s.get(SoftwareConfig, marker) if marker else None
        stmt = paging.apply(sa.select(SoftwareConfig).where(_scope(tenant)), keys,
                            marker_row, paging.parse_limit(limit))
        return builtins.list(s.scalars(stmt))


def count(tenant: str | None) -> int:
    """How many configs the tenant has (every config for None)."""
    stmt = sa.select(sa.func.count()).select_from(SoftwareConfig).where(_scope(tenant))
    with session.reader() as s:
        return int(s.scalar(stmt) or 0)


@session.retry_on_deadlock
def delete(config_id: str, tenant: str | None = None) -> None:
    """Remove a config; NotFound if missing, InvalidRestrictedAction if in use.

    The check and the delete share one write transaction, and the foreign
    key backs it up, so a deployment created meanwhile cannot be orphaned.
    """
    with session.writer() as s:
        row = s.scalars(sa.select(SoftwareConfig)
                        .where(SoftwareConfig.id == config_id, _scope(tenant))).first()
        if row is None:
            raise not_found(config_id)
        used = s.scalars(sa.select(SoftwareDeployment.id)
                         .where(SoftwareDeployment.config_id == config_id).limit(1)).first()
        if used is not None:
            raise exception.InvalidRestrictedAction(
                message="Software config with id %s can not be deleted as it is "
                        "referenced." % config_id)
        s.delete(row)
