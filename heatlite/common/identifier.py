"""Stack identity: the dict that names a stack across RPC, and its URL path.

An identity is ``{"tenant", "stack_name", "stack_id", "path"}`` exactly as
Heat's engine sends it, so an identity is plain JSON on the wire.
"""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import quote


class StackIdentity(TypedDict):
    tenant: str
    stack_name: str
    stack_id: str
    path: str


def stack_identity(tenant: str, stack_name: str, stack_id: str,
                   path: str = "") -> StackIdentity:
    return {"tenant": tenant, "stack_name": stack_name,
            "stack_id": stack_id, "path": path}


def stack_path(identity: StackIdentity) -> str:
    """``stacks/<name>/<id>`` plus the identity's sub-path, URL-quoted."""
    return "stacks/%s/%s%s" % (quote(identity["stack_name"], safe=""),
                               quote(identity["stack_id"], safe=""),
                               identity.get("path", ""))


def stack_url(base: str, identity: StackIdentity) -> str:
    """Absolute URL of a stack under ``base`` (``.../v1/<tenant>``)."""
    return "%s/%s" % (base.rstrip("/"), stack_path(identity))


def resource_identity(stack: StackIdentity, resource_name: str) -> StackIdentity:
    return stack_identity(stack["tenant"], stack["stack_name"], stack["stack_id"],
                          "/resources/%s" % quote(resource_name, safe=""))


def event_identity(stack: StackIdentity, resource_name: str,
                   event_id: str) -> StackIdentity:
    return stack_identity(stack["tenant"], stack["stack_name"], stack["stack_id"],
                          "/resources/%s/events/%s" % (
                              quote(resource_name, safe=""), event_id))
