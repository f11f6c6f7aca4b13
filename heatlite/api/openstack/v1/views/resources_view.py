"""Resource documents: links to the resource and its stack, joined status."""

from __future__ import annotations

from typing import Any

import webob

from heatlite.api.openstack.v1.views import common
from heatlite.rpc import api as rpc_api

# Heat's RES_NESTED_STACK_ID: present when the resource owns a nested stack.
NESTED_STACK_ID = "nested_stack_id"

_HIDDEN = (rpc_api.RES_STACK_NAME, rpc_api.RES_STACK_ID, rpc_api.RES_ACTION,
           NESTED_STACK_ID, rpc_api.RES_METADATA)


def format_resource(req: webob.Request, res: dict[str, Any]) -> dict[str, Any]:
    """Heat's resource document; metadata has its own endpoint."""
    result: dict[str, Any] = {}
    for key, value in res.items():
        if key == rpc_api.RES_ID:
            links = [common.make_link(req, value),
                     common.make_link(req, common.stack_of(value), "stack")]
            nested = res.get(NESTED_STACK_ID)
            if nested:
                links.append(common.make_link(req, nested, "nested"))
            result["links"] = links
        elif key in _HIDDEN:
            continue
        elif key == rpc_api.RES_STATUS and rpc_api.RES_ACTION in res:
            result[key] = "%s_%s" % (res[rpc_api.RES_ACTION], value)
        elif key == rpc_api.RES_NAME:
            result[rpc_api.RES_LOGICAL_ID] = value
            result[key] = value
        else:
            result[key] = value
    return result
