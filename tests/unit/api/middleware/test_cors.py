"""cors: oslo.middleware's CORS behaviour, from heat.conf's [cors]."""

from __future__ import annotations

import webob

from heatlite.api.middleware import cors


def _ok_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


def _filter(conf):
    cors.CORS(_ok_app, conf.conf)  # registers the [cors] options
    conf.config(group="cors", allowed_origin=["https://ui.example"],
                allow_methods=["GET", "POST"], allow_headers=["X-Auth-Token"])
    return cors.CORS(_ok_app, conf.conf)


def test_simple_request_from_an_allowed_origin_is_marked(conf):
    app = _filter(conf)
    resp = webob.Request.blank("/", headers={"Origin": "https://ui.example"}).get_response(app)
    assert resp.status_int == 200 and resp.body == b"{}"
    assert resp.headers["Access-Control-Allow-Origin"] == "https://ui.example"


def test_other_origins_and_plain_requests_are_left_alone(conf):
    app = _filter(conf)
    for headers in ({"Origin": "https://evil.example"}, {}):
        resp = webob.Request.blank("/", headers=headers).get_response(app)
        assert resp.status_int == 200
        assert "Access-Control-Allow-Origin" not in resp.headers


def test_preflight_answers_with_the_allowed_methods(conf):
    app = _filter(conf)
    req = webob.Request.blank("/", method="OPTIONS", headers={
        "Origin": "https://ui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-Auth-Token"})
    resp = req.get_response(app)
    assert resp.status_int == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "https://ui.example"
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
