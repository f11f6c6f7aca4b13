"""The versions document: GET / answers 300 Multiple Choices with v1.0."""

from __future__ import annotations

import json
import webob
import webob.dec
from oslo_config import cfg


class Controller:
    """WSGI app listing the API versions, with links under the request's host."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf

    @webob.dec.wsgify
    def __call__(self, req: webob.Request) -> webob.Response:
        body = {"versions": [{
            "id": "v1.0",
            "status": "CURRENT",
            "links": [{"rel": "self", "href": self.get_href(req)}],
        }]}
        response = webob.Response(request=req, status=300,
                                  content_type="application/json", charset=None)
        response.body = json.dumps(body).encode("utf-8")
        return response

    @staticmethod
    def get_href(req: webob.Request) -> str:
        return "%s/v1/" % req.application_url
