"""Stack identity: the dict that names a stack across RPC, and its URL path.

An identity is ``{"tenant", "stack_name", "stack_id", "path"}`` exactly as
Heat's engine sends it, so an identity is plain JSON on the wire.
"""

from __future__ import annotations

import re
from typing import TypedDict
from urllib.parse import quote

_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*\Z").match
_UNRESERVED_PATH = re.compile(r"[A-Za-z0-9_.~/-]*\Z").match


class StackIdentity(TypedDict):
    tenant: str
    stack_name: str
    stack_id: str
    path: str


def stack_identity(tenant: str, stack_name: str, stack_id: str,
                   path: str = "") -> StackIdentity:
    return {"tenant": tenant, "stack_name": stack_name,
            "stack_id": stack_id, "path": path}


def quote_segment(text: str) -> str:
    """``text`` URL-quoted as one path segment (``/`` too).

    Stack names, ids and project ids are nearly always unreserved
    characters only, which quote would give back unchanged: checked first,
    as a listing quotes three per stack.
    """
    return text if _UNRESERVED(text) else quote(text, safe="")


def quote_path(text: str) -> str:
    """A sub-path URL-quoted, its ``/`` kept (Heat quotes names in it so)."""
    return text if _UNRESERVED_PATH(text) else quote(text, safe="/")


def stack_path(identity: StackIdentity) -> str:
    """``stacks/<name>/<id>`` plus the identity's sub-path, URL-quoted."""
    return "stacks/%s/%s%s" % (quote_segment(identity["stack_name"]),
                               quote_segment(identity["stack_id"]),
                               quote_path(identity.get("path", "")))


def stack_url(base: str, identity: StackIdentity) -> str:
    """Absolute URL of a stack under ``base`` (``.../v1/<tenant>``)."""
    return "%s/%s" % (base.rstrip("/"), stack_path(identity))


# An identity's path names the resource as it is (Heat's ResourceIdentifier);
# it is quoted only where it becomes a URL (stack_path).
def resource_identity(stack: StackIdentity, resource_name: str) -> StackIdentity:
    return stack_identity(stack["tenant"], stack["stack_name"], stack["stack_id"],
                          "/resources/%s" % resource_name)


def event_identity(stack: StackIdentity, resource_name: str,
                   event_id: str) -> StackIdentity:
    return stack_identity(stack["tenant"], stack["stack_name"], stack["stack_id"],
                          "/resources/%s/events/%s" % (resource_name, event_id))
