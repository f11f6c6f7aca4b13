"""GET /build_info."""

from __future__ import annotations

from tests.unit.api import fakes
from tests.unit.api import samples


def test_build_info_matches_sample(app, engine):
    resp = fakes.request(app, "/v1/admin/build_info")
    assert resp.status_int == 200
    assert resp.json == samples.BUILD_INFO["body"]


def test_api_revision_comes_from_config(conf, app):
    conf.config(heat_revision="abc123", group="revision")
    assert fakes.request(app, "/v1/admin/build_info").json["api"] == {"revision": "abc123"}
