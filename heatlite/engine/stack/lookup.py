"""Finding a stack for a caller: identity checks and tenant scoping.

As in Heat: a stack is visible to its project and its stack-user project,
and to admins; a stack of another project reads as not found; an identity
whose tenant is not the caller's is InvalidTenant; a wrong name or a
sub-path is not found either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oslo_utils import uuidutils

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import stacks


def scope_tenant(ctxt: RequestContext) -> str | None:
    """The tenant reads are limited to; None for admins (every tenant)."""
    return None if ctxt.is_admin else ctxt.project_id


def get_stack(ctxt: RequestContext, identity: Mapping[str, Any],
              show_deleted: bool = False) -> Any:
    """The stack row an identity names, checked for this caller."""
    name = identity.get("stack_name")
    stack_id = identity.get("stack_id")
    row = stacks.get(stack_id, tenant=scope_tenant(ctxt),
                     show_deleted=show_deleted) if stack_id else None
    if row is None:
        raise exception.EntityNotFound(entity="Stack", name=name)
    if not ctxt.is_admin and ctxt.project_id not in (identity.get("tenant"),
                                                     row.stack_user_project_id):
        raise exception.InvalidTenant(target=identity.get("tenant"), actual=ctxt.project_id)
    if identity.get("path") or row.name != name:
        raise exception.EntityNotFound(entity="Stack", name=name)
    return row


def find_stack(ctxt: RequestContext, name_or_id: str) -> Any:
    """A stack by id (deleted ones included, as Heat) or by live name."""
    row = None
    if uuidutils.is_uuid_like(name_or_id):
        row = stacks.get(name_or_id, tenant=scope_tenant(ctxt), show_deleted=True)
    if row is None:
        row = stacks.get_by_name(ctxt.project_id, name_or_id)
    if row is None:
        raise exception.EntityNotFound(entity="Stack", name=name_or_id)
    return row
