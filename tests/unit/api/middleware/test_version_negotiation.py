"""versionnegotiation in the real pipeline."""

from __future__ import annotations

import pytest

from tests.unit.api import fakes
from tests.unit.api import samples


@pytest.mark.parametrize("path", ["/", "/versions", "/v2/admin/stacks", "/v3"])
def test_versions_document(app, path):
    resp = fakes.request(app, path)
    assert resp.status_int == 300
    assert resp.content_type == "application/json"
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.json == samples.VERSIONS["body"]
    assert resp.headers["x-openstack-request-id"].startswith("req-")


def test_href_follows_request_host(app):
    resp = fakes.request(app, "/", headers={"Host": "heat.example.com:8004"})
    assert resp.json["versions"][0]["links"][0]["href"] == "http://heat.example.com:8004/v1/"


@pytest.mark.parametrize("prefix", ["/v1", "/v1.0"])
def test_version_in_path_selects_v1(app, prefix):
    resp = fakes.request(app, prefix + "/admin/stacks")
    assert resp.status_int == 200
    # As in Heat, links keep the version segment the client used.
    assert resp.json["stacks"][0]["links"][0]["href"].startswith(
        "http://localhost%s/admin/stacks/" % prefix)


def test_accept_header_selects_v1(app):
    resp = fakes.request(app, "/admin/build_info", headers={
        "Accept": "application/vnd.openstack.orchestration-v1.0+json"})
    assert resp.status_int == 200
    assert resp.json["engine"] == {"revision": "unknown"}


def test_accept_header_unknown_version_gives_versions(app):
    resp = fakes.request(app, "/admin/build_info", headers={
        "Accept": "application/vnd.openstack.orchestration-v2.0+json"})
    assert resp.status_int == 300


def test_path_without_version_is_404(app):
    resp = fakes.request(app, "/admin/stacks")
    assert resp.status_int == 404
    assert resp.json["code"] == 404
    assert resp.json["error"]["type"] == "HTTPNotFound"
