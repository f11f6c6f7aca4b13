"""GET /openapi.json: the v1 API's OpenAPI document, as JSON.

Served like the versions document: outside the authenticated pipeline
(api-paste.ini maps ``/openapi.json`` next to ``/healthcheck``), with no
policy check, because it says nothing about any project, only what the
API accepts and answers. ``servers`` is made absolute from the request,
so a client (schemathesis, a generator) can use the document as fetched.
"""

from __future__ import annotations

import copy
import functools
import json
import pathlib
from typing import Any

import webob
import webob.dec
import webob.exc
import yaml
from oslo_config import cfg

from heatlite.common import wsgi

DOCUMENT = pathlib.Path(__file__).with_name("v1.yaml")
MOUNT = "/openapi.json"
METHODS = ("GET", "HEAD")


@functools.lru_cache(maxsize=1)
def load_document() -> dict[str, Any]:
    """The document as shipped (parsed once; callers must not change it)."""
    # The file ships with the code: it is trusted, but safe_load all the same.
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def document_for(base_url: str) -> dict[str, Any]:
    """The document with its server at ``base_url`` + ``/v1``."""
    doc = copy.copy(load_document())
    doc["servers"] = [{"url": base_url.rstrip("/") + "/v1"}]
    return doc


def _base_url(req: webob.Request) -> str:
    """The API root: the application URL without this app's mount point."""
    url = req.application_url
    return url[:-len(MOUNT)] if url.endswith(MOUNT) else url


class OpenAPIApp:
    """paste app ``openapi``: GET or HEAD of the document, nothing below it."""

    def __init__(self, conf: cfg.ConfigOpts, **local_conf: Any) -> None:
        self.conf = conf

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request) -> webob.Response:
        if req.path_info not in ("", "/"):
            raise wsgi.HTTPExceptionDisguise(webob.exc.HTTPNotFound())
        if req.method not in METHODS:
            raise wsgi.HTTPExceptionDisguise(webob.exc.HTTPMethodNotAllowed(
                headers=[("Allow", ",".join(METHODS))]))
        body = json.dumps(document_for(_base_url(req))).encode("utf-8")
        response = webob.Response(request=req, content_type="application/json",
                                  charset=None)
        response.body = body
        return response
