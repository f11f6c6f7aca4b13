"""Event documents: id, links to the event, its resource and its stack.

An event listed with ``nested_depth`` carries the root stack's identity
(``root_stack_id``); as in Heat, its links then end with a ``root_stack``
link, whatever fields the listing shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import webob

from heatlite.api.openstack.v1.views import common
from heatlite.common import identifier
from heatlite.rpc import api as rpc_api

# The fields of an event in a listing (GET of one event shows all).
SUMMARY_KEYS = (
    rpc_api.EVENT_ID, rpc_api.EVENT_TIMESTAMP, rpc_api.EVENT_RES_NAME,
    rpc_api.EVENT_RES_STATUS, rpc_api.EVENT_RES_STATUS_DATA,
    rpc_api.EVENT_RES_PHYSICAL_ID,
)

_HIDDEN = (rpc_api.EVENT_STACK_ID, rpc_api.EVENT_STACK_NAME, rpc_api.EVENT_RES_ACTION)


def event_id(identity: identifier.StackIdentity) -> str:
    return identity["path"].rsplit("/", 1)[-1]


def resource_of(identity: identifier.StackIdentity) -> identifier.StackIdentity:
    """``.../resources/<name>/events/<id>`` -> ``.../resources/<name>``."""
    path = identity["path"].rsplit("/events/", 1)[0]
    return identifier.stack_identity(identity["tenant"], identity["stack_name"],
                                     identity["stack_id"], path)


def format_event(req: webob.Request, event: dict[str, Any],
                 keys: Iterable[str] | None = None) -> dict[str, Any]:
    """Heat's event document; ``resource_status`` is ``<ACTION>_<STATUS>``."""
    wanted = set(keys) if keys else None
    result: dict[str, Any] = {}
    for key, value in event.items():
        if wanted is not None and key not in wanted:
            continue
        if key == rpc_api.EVENT_ID:
            result["id"] = event_id(value)
            result["links"] = [
                common.make_link(req, value),
                common.make_link(req, resource_of(value), "resource"),
                common.make_link(req, common.stack_of(value), "stack"),
            ]
        elif key in _HIDDEN:
            continue
        elif key == rpc_api.EVENT_RES_STATUS and rpc_api.EVENT_RES_ACTION in event:
            result[key] = "%s_%s" % (event[rpc_api.EVENT_RES_ACTION], value)
        elif key == rpc_api.EVENT_RES_NAME:
            result[rpc_api.RES_LOGICAL_ID] = value
            result[key] = value
        else:
            result[key] = value
    root = event.get(rpc_api.EVENT_ROOT_STACK_ID)
    if root and "links" in result:
        result["links"].append(common.make_link(req, common.stack_of(root), "root_stack"))
    return result
