"""ContextMiddleware builds the RequestContext from the identity headers."""

from __future__ import annotations

import webob

from heatlite.common import config
from heatlite.common import context


def _context(headers: dict[str, str], environ: dict | None = None) -> context.RequestContext:
    seen = {}

    def app(env, start_response):
        seen["ctx"] = env["context"]
        start_response("200 OK", [])
        return [b""]
    req = webob.Request.blank("/", headers=headers, environ=environ or {})
    req.get_response(context.ContextMiddleware(app, config.CONF))
    return seen["ctx"]


def test_identity_headers_become_the_context():
    ctxt = _context({"X-User-Id": "u1", "X-User-Name": "alice", "X-Project-Id": "p1",
                     "X-Project-Name": "proj", "X-Roles": "member, reader",
                     "X-Auth-Token": "tok", "X-Auth-Url": "http://ks/v3"},
                    {"openstack.request_id": "req-123"})
    assert (ctxt.user_id, ctxt.project_id, ctxt.tenant_id) == ("u1", "p1", "p1")
    assert (ctxt.username, ctxt.tenant_name) == ("alice", "proj")
    assert ctxt.roles == ["member", "reader"]
    assert ctxt.auth_token == "tok"
    assert ctxt.auth_url == "http://ks/v3"
    assert ctxt.request_id == "req-123"
    assert ctxt.is_admin is False


def test_x_auth_user_names_the_user():
    assert _context({"X-Auth-User": "bob", "X-User-Name": "alice"}).username == "bob"


def test_context_round_trips_through_dict():
    ctxt = _context({"X-User-Id": "u", "X-Project-Id": "p", "X-Auth-Url": "x"})
    again = context.RequestContext.from_dict(ctxt.to_dict())
    assert (again.user_id, again.project_id, again.auth_url) == ("u", "p", "x")
