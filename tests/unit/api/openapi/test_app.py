"""GET /openapi.json through the real paste pipeline (noauth flavor)."""

from __future__ import annotations

import json

import pytest
import webob

from heatlite.api.openapi import app
from heatlite.common import wsgi
from tests.unit.api import fakes


@pytest.fixture
def pipeline(conf):
    conf.config(api_paste_config=fakes.PASTE_INI, flavor="noauth", group="paste_deploy")
    return wsgi.load_paste_app(conf.conf)


def test_get_serves_the_document_with_an_absolute_server(pipeline):
    req = webob.Request.blank("/openapi.json", base_url="https://h:9000/orchestration")
    resp = req.get_response(pipeline)
    assert resp.status_int == 200
    assert resp.content_type == "application/json"
    body = json.loads(resp.body)
    assert body["servers"] == [{"url": "https://h:9000/orchestration/v1"}]
    assert body["paths"] == app.load_document()["paths"]


def test_serving_leaves_the_shipped_document_alone(pipeline):
    webob.Request.blank("/openapi.json").get_response(pipeline)
    assert app.load_document()["servers"] == [{"url": "/v1"}]


def test_no_credentials_needed_under_keystone(conf):
    # Like the versions document: the authtoken filter is not in its path.
    conf.config(api_paste_config=fakes.PASTE_INI, flavor=None, group="paste_deploy")
    conf.config(www_authenticate_uri="http://keystone.invalid:5000",
                group="keystone_authtoken")
    keystone_app = wsgi.load_paste_app(conf.conf)
    assert webob.Request.blank("/openapi.json").get_response(keystone_app).status_int == 200


def test_head_has_no_body(pipeline):
    resp = webob.Request.blank("/openapi.json", method="HEAD").get_response(pipeline)
    assert resp.status_int == 200
    assert resp.body == b""


def test_other_methods_are_405_in_heats_error_body(pipeline):
    resp = webob.Request.blank("/openapi.json", method="POST").get_response(pipeline)
    assert resp.status_int == 405
    assert resp.headers["Allow"] == "GET,HEAD"
    assert resp.json["error"]["type"] == "HTTPMethodNotAllowed"


def test_nothing_below_the_document(pipeline):
    resp = webob.Request.blank("/openapi.json/paths").get_response(pipeline)
    assert resp.status_int == 404
    assert resp.json["code"] == 404
