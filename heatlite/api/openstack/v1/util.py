"""What every v1 controller shares: policy and tenant checks, stack identity,
query-parameter parsing with Heat's 400 messages, the 501 fallback and the
302 of a stack lookup."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import webob
import webob.exc
from oslo_config import cfg
from oslo_utils import strutils

from heatlite.common import exception
from heatlite.common import identifier
from heatlite.common import policy
from heatlite.common.wsgi import MALFORMED_REQUEST
from heatlite.common.wsgi import Request
from heatlite.rpc.client import EngineClient

PARAM_TYPES = (PARAM_TYPE_SINGLE, PARAM_TYPE_MULTI, PARAM_TYPE_MIXED) = (
    "single", "multi", "mixed")


_FOUND_MESSAGE = ("The resource was found at <a href=\"%s\">%s</a>;\n"
                  "you should be redirected automatically.\n\n")


def found(req: Request, location: str) -> webob.Response:
    """302 to the absolute ``location``, with webob's body for the request.

    A JSON client (what Heat's clients send) gets webob's JSON document
    built directly: webob renders its redirect bodies through a template
    that escapes every environ variable first, which was a fifth of a
    stack lookup. Any other Accept is left to webob itself.
    """
    if req.environ.get("HTTP_ACCEPT") != "application/json":
        return req.get_response(webob.exc.HTTPFound(location=location))
    body = json.dumps({"message": _FOUND_MESSAGE % (location, location),
                       "code": "302 Found", "title": "Found"}).encode("utf-8")
    return webob.Response(status=302, app_iter=[body], headerlist=[
        ("Location", location), ("Content-Length", str(len(body))),
        ("Content-Type", "application/json")])


class Controller:
    """Base of the v1 controllers: collaborators are passed in, never looked up.

    ``REQUEST_SCOPE`` is the policy prefix (``stacks`` in ``stacks:create``);
    an action name is the rest of the rule name, as in Heat.
    """

    REQUEST_SCOPE = ""

    def __init__(self, conf: cfg.ConfigOpts, engine_client: EngineClient,
                 enforcer: policy.Enforcer) -> None:
        self.conf = conf
        self.engine = engine_client
        self.enforcer = enforcer

    def authorize(self, req: Request, action: str, tenant_id: str | None) -> None:
        """The caller may act in ``tenant_id`` and policy allows ``action``.

        As Heat: an admin acts in their own project whatever the URL says;
        anyone else naming another project is refused (403).
        """
        ctxt = req.context
        if ctxt.is_admin and ctxt.project_id:
            tenant_id = ctxt.project_id
        if ctxt.project_id != tenant_id:
            raise webob.exc.HTTPForbidden()
        self.enforcer.enforce(ctxt, action, scope=self.REQUEST_SCOPE,
                              target={"project_id": tenant_id})

    def identify(self, req: Request, stack_name: str,
                 stack_id: str) -> identifier.StackIdentity:
        """The identity of the stack in the URL, in the caller's project."""
        return identifier.stack_identity(req.context.project_id or "", stack_name,
                                         stack_id)

    def default(self, req: Request, action: str | None = None,
                tenant_id: str | None = None, **kwargs: Any) -> None:
        """A Heat route heatlite does not serve yet: policy first, then 501."""
        if not action:
            raise webob.exc.HTTPNotFound()
        self.authorize(req, action, tenant_id)
        raise exception.NotImplementedYet(
            feature="%s:%s" % (self.REQUEST_SCOPE, action))


def require_body(body: Any) -> dict[str, Any]:
    """The JSON object body an action needs (Heat's 400 when absent)."""
    if not isinstance(body, dict):
        raise webob.exc.HTTPBadRequest(MALFORMED_REQUEST)
    return body


def get_allowed_params(params: Any, param_types: dict[str, str]) -> dict[str, Any]:
    """The query parameters named in ``param_types``, single or as lists.

    ``mixed`` gives a str for one occurrence and a list for several; empty
    values are dropped, as Heat does.
    """
    allowed: dict[str, Any] = {}
    for key, kind in param_types.items():
        if kind == PARAM_TYPE_SINGLE:
            value: Any = params.get(key)
        else:
            value = params.getall(key)
            if kind == PARAM_TYPE_MIXED and len(value) == 1:
                value = value[0]
        if value:
            allowed[key] = value
    return allowed


def extract_bool(name: str, value: Any) -> bool:
    """'true'/'false' in any case, else 400 with Heat's message."""
    if str(value).lower() not in ("true", "false"):
        raise webob.exc.HTTPBadRequest(
            'Unrecognized value "%(value)s" for "%(name)s", acceptable values '
            'are: true, false.' % {"value": value, "name": name})
    return strutils.bool_from_string(value, strict=True)


# The largest integer a parameter may carry: SQL INTEGER on MariaDB and
# PostgreSQL, the columns (timeout, nested depth) and LIMITs they reach.
MAX_INT = 2**31 - 1


def extract_int(name: str, value: Any, allow_zero: bool = True,
                allow_negative: bool = False) -> int | None:
    """An integer parameter, else 400 with Heat's message.

    Heat has no upper bound and its database answers 500 past the column's
    range; heatlite answers 400 above MAX_INT on every backend.
    """
    if value is None:
        return None
    if not strutils.is_int_like(value):
        raise webob.exc.HTTPBadRequest(
            "Only integer is acceptable by '%(name)s'." % {"name": name})
    result = int(value)
    if result > MAX_INT:
        raise webob.exc.HTTPBadRequest(
            "Value '%(value)s' is invalid for '%(name)s' which only accepts "
            "integer not greater than %(max)d." % {"name": name, "value": value,
                                                    "max": MAX_INT})
    if result == 0 and not allow_zero:
        raise webob.exc.HTTPBadRequest(
            "Only non-zero integer is acceptable by '%(name)s'." % {"name": name})
    if result < 0 and not allow_negative:
        raise webob.exc.HTTPBadRequest(
            "Value '%(value)s' is invalid for '%(name)s' which only accepts "
            "non-negative integer." % {"name": name, "value": value})
    return result


def extract_tags(subject: str) -> list[str]:
    """A comma-separated tag list; each tag at most 80 characters."""
    tags = subject.split(",")
    for tag in tags:
        if len(tag) > 80:
            raise webob.exc.HTTPBadRequest(
                'Invalid tag, "%s" is longer than 80 characters' % tag)
    return tags


def parse_arn(arn: str) -> identifier.StackIdentity | None:
    """``arn:openstack:heat::<tenant>:stacks/<name>/<id>[path]`` or None."""
    prefix = "arn:openstack:heat::"
    if not arn.startswith(prefix):
        return None
    tenant, sep, rest = arn[len(prefix):].partition(":")
    parts = rest.split("/", 3) if sep else []
    if len(parts) < 3 or parts[0] != "stacks" or not parts[1] or not parts[2]:
        return None
    path = "/" + parts[3] if len(parts) == 4 else ""
    return identifier.stack_identity(unquote(tenant), unquote(parts[1]),
                                     unquote(parts[2]), unquote(path))
