"""The route table: every Heat route reachable, 405 + Allow, OPTIONS, 501."""

from __future__ import annotations

import pytest

from heatlite import policies
from heatlite.api.openstack import v1
from tests.unit.api import fakes

S = "/v1/admin/stacks/s/i"
NOT_YET: list[tuple[str, str]] = []


@pytest.mark.parametrize("method, path", NOT_YET)
def test_routes_not_served_yet_are_501(app, engine, method, path):
    resp = fakes.request(app, path, method, body={"x": 1} if method != "GET" else None)
    assert resp.status_int == 501
    assert resp.json["code"] == 501
    assert resp.json["error"]["type"] == "NotImplementedYet"
    assert "x-openstack-request-id" in resp.headers
    assert engine.calls == []


def test_every_route_action_is_reachable_and_named_like_a_policy():
    rules = {r.name for r in policies.list_rules()}
    for route in v1.ROUTES:
        scope = v1.CONTROLLERS[route.collection].REQUEST_SCOPE
        if route.collection != "actions":
            assert "%s:%s" % (scope, route.action) in rules, route


def test_wrong_method_is_405_with_allow(app):
    resp = fakes.request(app, "/v1/admin/stacks", "DELETE")
    assert resp.status_int == 405
    assert resp.headers["Allow"] == "GET,POST"
    assert resp.json["error"]["type"] == "HTTPMethodNotAllowed"


def test_stack_url_allows_its_methods(app):
    resp = fakes.request(app, S, "POST")
    assert resp.status_int == 405
    assert resp.headers["Allow"] == "GET,PUT,PATCH,DELETE"


def test_options_is_204_with_allow(app):
    resp = fakes.request(app, "/v1/admin/stacks/s/i/resources/r", "OPTIONS")
    assert resp.status_int == 204
    assert resp.headers["Allow"] == "GET,PATCH"
    assert resp.body == b""


def test_unknown_path_is_404_in_heat_body(app):
    resp = fakes.request(app, "/v1/admin/nothing/here")
    assert resp.status_int == 404
    assert resp.json["error"]["type"] == "HTTPNotFound"
    assert "x-openstack-request-id" in resp.headers


def test_allowed_methods_merges_urls():
    allowed = v1.allowed_methods()
    assert allowed[v1.T + "/stacks"] == ["GET", "POST"]
    assert allowed[v1.STACK] == ["GET", "PUT", "PATCH", "DELETE"]
