"""The signed signal URL app: ``/v1/signal/<tenant>/stacks/<name>/<id>/resources/<res>``.

Servers signal a wait condition handle or a software deployment here
without credentials: api-paste.ini maps ``/v1/signal`` to a pipeline
without authtoken or noauth (cors, request_id, faultwrap, proxy headers),
so it works under the Keystone pipeline too. The request carries the
token heatlite issued for that resource, in ``X-Auth-Token`` (the handle's
``curl_cli``) or in the ``token`` query parameter (signed URLs); the
engine checks it (heatlite.engine.software.signal_urls) and answers 403 in Heat's
error body when it does not match. POST and PUT signal (Heat's CFN signal
is a POST, its Swift temp URL a PUT; the body, if any, is the JSON signal
data) and answer as Heat's resource-signal does: 200, null. GET returns
the resource's metadata: what a DeployedServer's agent polls (the
os-collect-config ``request`` collector).
"""

from __future__ import annotations

import json
from typing import Any
from urllib import parse

import webob
import webob.dec
import webob.exc
from oslo_config import cfg

from heatlite.common import exception
from heatlite.common import json_body
from heatlite.common import wsgi
from heatlite.common.context import RequestContext
from heatlite.rpc.client import EngineClient

TOKEN_PARAM = "token"
TOKEN_HEADER = "X-Auth-Token"
METHODS = ("GET", "POST", "PUT")


def _disguised(exc: webob.exc.HTTPError) -> wsgi.HTTPExceptionDisguise:
    return wsgi.HTTPExceptionDisguise(exc)


def parse_path(path_info: str) -> tuple[str, str, str, str]:
    """(tenant, stack name, stack id, resource name) from the path, else 404."""
    parts = [parse.unquote(p) for p in path_info.strip("/").split("/")]
    if len(parts) != 6 or parts[1] != "stacks" or parts[4] != "resources" \
            or not all(parts):
        raise _disguised(webob.exc.HTTPNotFound())
    return parts[0], parts[2], parts[3], parts[5]


class SignalApp:
    """paste app ``signalapp``: one signed signal, one engine call."""

    def __init__(self, conf: cfg.ConfigOpts, engine_client: EngineClient | None = None,
                 **local_conf: Any) -> None:
        self.conf = conf
        self.engine = engine_client or EngineClient(conf)

    def details(self, req: webob.Request) -> Any:
        """The JSON body (None when empty); 400 when it is not JSON."""
        length = int(req.content_length or 0)
        if length > self.conf.max_json_body_size:
            raise exception.RequestLimitExceeded(
                message="JSON body size (%s bytes) exceeds maximum allowed size (%s "
                        "bytes)." % (length, self.conf.max_json_body_size))
        body = req.body
        if not body.strip():
            return None
        try:
            return json_body.loads(body, self.conf.max_json_body_depth)
        except ValueError as exc:
            raise _disguised(webob.exc.HTTPBadRequest(str(exc))) from exc

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request) -> webob.Response:
        tenant, stack_name, stack_id, resource_name = parse_path(req.path_info)
        if req.method not in METHODS:
            raise _disguised(webob.exc.HTTPMethodNotAllowed(
                headers=[("Allow", ", ".join(METHODS))]))
        try:
            wsgi.check_query_string(req)
        except webob.exc.HTTPError as err:
            raise _disguised(err) from None
        token = req.headers.get(TOKEN_HEADER) or req.params.get(TOKEN_PARAM)
        if not token:
            raise exception.HeatSignatureError()
        ctxt = RequestContext(project_id=tenant, is_admin=False, overwrite=False,
                              request_id=req.environ.get("openstack.request_id"))
        if req.method == "GET":
            result = self.engine.signed_resource_metadata(ctxt, tenant, stack_name,
                                                          stack_id, resource_name, token)
        else:
            self.engine.signed_resource_signal(ctxt, tenant, stack_name, stack_id,
                                               resource_name, token, self.details(req))
            result = None
        response = webob.Response(request=req, content_type="application/json",
                                  charset=None)
        response.body = json.dumps(result).encode("utf-8")
        return response
