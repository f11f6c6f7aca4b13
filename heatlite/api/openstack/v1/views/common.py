"""Links every view needs: a stack (or sub-path) URL, pagination links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import webob

from heatlite.common import identifier


_BASE_URL_KEY = "heatlite.application_url"


def _base_url(req: webob.Request) -> str:
    # Once per request: a listing makes a link per stack, and webob
    # rebuilds the application URL from the environ on every access.
    base = req.environ.get(_BASE_URL_KEY)
    if base is None:
        base = req.environ[_BASE_URL_KEY] = req.application_url.rstrip("/")
    return base


def make_url(req: webob.Request, identity: identifier.StackIdentity) -> str:
    """Absolute URL of an identity under the application URL (``.../v1``)."""
    return "%s/%s/%s" % (_base_url(req), identifier.quote_segment(identity["tenant"]),
                         identifier.stack_path(identity))


def make_link(req: webob.Request, identity: identifier.StackIdentity,
              rel: str = "self") -> dict[str, str]:
    return {"href": make_url(req, identity), "rel": rel}


def stack_of(identity: identifier.StackIdentity) -> identifier.StackIdentity:
    """The stack an identity (resource, event) belongs to."""
    return identifier.stack_identity(identity["tenant"], identity["stack_name"],
                                     identity["stack_id"])


def collection_links(req: webob.Request, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A ``next`` link when a ``limit`` page came back full."""
    try:
        limit = int(req.params.get("limit") or 0)
    except ValueError:
        limit = 0
    if limit <= 0 or limit != len(items):
        return []
    params = req.params.copy()
    params["marker"] = items[-1]["id"]
    return [{"rel": "next", "href": "%s?%s" % (req.path_url, urlencode(params))}]
