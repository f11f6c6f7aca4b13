"""Stack documents: ``id`` and ``links`` from the identity, joined status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import webob

from heatlite.api.openstack.v1.views import common
from heatlite.rpc import api as rpc_api

# The fields of a stack in GET /stacks (GET /stacks/detail shows all).
BASIC_KEYS = frozenset((
    rpc_api.STACK_ID, rpc_api.STACK_NAME, rpc_api.STACK_DESCRIPTION,
    rpc_api.STACK_STATUS, rpc_api.STACK_STATUS_DATA, rpc_api.STACK_CREATION_TIME,
    rpc_api.STACK_DELETION_TIME, rpc_api.STACK_UPDATED_TIME, rpc_api.STACK_OWNER,
    rpc_api.STACK_PARENT, rpc_api.STACK_USER_PROJECT_ID, rpc_api.STACK_TAGS,
))
_NOT_SHOWN = frozenset((rpc_api.STACK_ACTION, rpc_api.STACK_PROJECT))


def format_stack(req: webob.Request, stack: dict[str, Any],
                 keys: Iterable[str] | None = None,
                 include_project: bool = False) -> dict[str, Any]:
    """Heat's stack document; ``stack_status`` is ``<ACTION>_<STATUS>``.

    ``keys`` limits the fields; "project" is shown only where Heat shows
    it (admin listings, ``include_project``).
    """
    wanted = frozenset(keys) if keys else None  # a frozenset is taken as it is
    result: dict[str, Any] = {}
    for key, value in stack.items():
        if (wanted is not None and key not in wanted) or key in _NOT_SHOWN:
            continue
        if key == rpc_api.STACK_ID:
            result["id"] = value["stack_id"]
            result["links"] = [common.make_link(req, value)]
            if include_project:
                result["project"] = value["tenant"]
        elif key == rpc_api.STACK_STATUS and rpc_api.STACK_ACTION in stack:
            result[key] = "%s_%s" % (stack[rpc_api.STACK_ACTION], value)
        else:
            result[key] = value
    return result


def collection(req: webob.Request, stacks: list[dict[str, Any]], count: int | None = None,
               include_project: bool = False) -> dict[str, Any]:
    """GET /stacks: basic fields, a ``next`` link for full pages, the count."""
    formatted = [format_stack(req, s, BASIC_KEYS, include_project) for s in stacks]
    result: dict[str, Any] = {"stacks": formatted}
    links = common.collection_links(req, formatted)
    if links:
        result["links"] = links
    if count is not None:
        result["count"] = count
    return result
