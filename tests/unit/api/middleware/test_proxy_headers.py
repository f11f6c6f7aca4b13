"""http_proxy_to_wsgi: in the request path only when proxy headers are parsed."""

from __future__ import annotations

import webob

from heatlite.api.middleware import proxy_headers


def _scheme_app(environ, start_response):
    body = ("%s://%s" % (environ["wsgi.url_scheme"], environ["HTTP_HOST"])).encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]


def _request() -> webob.Request:
    return webob.Request.blank("/", headers={"Host": "internal:8004",
                                             "X-Forwarded-Proto": "https",
                                             "X-Forwarded-Host": "heat.example"})


def test_off_by_default_and_then_not_in_the_path(conf):
    app = proxy_headers.http_proxy_to_wsgi_filter(_scheme_app, conf.conf)
    assert app is _scheme_app
    assert _request().get_response(app).text == "http://internal:8004"


def test_on_the_forwarded_headers_are_honoured(conf):
    proxy_headers.http_proxy_to_wsgi_filter(_scheme_app, conf.conf)  # registers the option
    conf.config(group="oslo_middleware", enable_proxy_headers_parsing=True)
    app = proxy_headers.http_proxy_to_wsgi_filter(_scheme_app, conf.conf)
    assert app is not _scheme_app
    assert _request().get_response(app).text == "https://heat.example"
