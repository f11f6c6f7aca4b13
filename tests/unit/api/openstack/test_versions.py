"""The versions app on its own."""

from __future__ import annotations

import webob

from heatlite.api.openstack import versions


def test_versions_app_uses_application_url(conf):
    req = webob.Request.blank("/", base_url="https://h:9000/orchestration")
    resp = req.get_response(versions.Controller(conf.conf))
    assert resp.status_int == 300
    assert resp.json["versions"][0]["links"][0]["href"] == "https://h:9000/orchestration/v1/"
