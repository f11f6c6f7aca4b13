"""WSGI plumbing shared by the API: requests, (de)serialisers, dispatch, paste.

What lives here: the Request subclass that carries the RequestContext, the
JSON body deserialiser (with ``max_json_body_size``), the JSON response
serialiser, ``Resource`` (routes match -> controller action -> response),
the Routes-based ``Router``, a small ``Middleware`` base, the generic paste
factories and ``load_paste_app``. What does not: the eventlet server
(heatlite/common/wsgi_server.py) and anything that knows a URL of the API.

Controllers raise webob HTTP errors or HeatExceptions. webob's ``wsgify``
turns a raised HTTPException into a plain response on the spot, which would
bypass the fault middleware and its Heat-style error body, so ``Resource``
wraps HTTP *errors* in ``HTTPExceptionDisguise`` and lets them travel up to
faultwrap; non-error answers (201, 204, 302) are returned as they are.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any
from urllib.parse import unquote_to_bytes

import routes
import routes.middleware
import webob
import webob.dec
import webob.exc
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import importutils
from paste import deploy

from heatlite.common import config
from heatlite.common import exception
from heatlite.common import json_body
from heatlite.common.context import RequestContext

LOG = logging.getLogger(__name__)

WSGIApp = Callable[..., Iterable[bytes]]

APP_FACTORY_KEY = "heatlite.app_factory"
FILTER_FACTORY_KEY = "heatlite.filter_factory"
DEFAULT_APP_NAME = "heat-api"

# Heat's answer when a request cannot be mapped onto an action's arguments.
MALFORMED_REQUEST = ("The server could not comply with the request since it is "
                     "either malformed or otherwise incorrect.")


class HTTPExceptionDisguise(Exception):
    """Carries a webob HTTP error past ``wsgify`` layers up to faultwrap."""

    safe = True

    def __init__(self, exc: webob.exc.HTTPException) -> None:
        super().__init__(str(exc))
        self.exc = exc
        self.tb: TracebackType | None = sys.exc_info()[2]


class Request(webob.Request):
    """A webob request that knows the caller's RequestContext."""

    @property
    def context(self) -> RequestContext:
        ctxt = self.environ.get("context")
        if ctxt is None:
            raise webob.exc.HTTPInternalServerError(
                "No request context: the context filter is missing from "
                "the pipeline.")
        return ctxt


def is_json_content_type(request: webob.Request) -> bool:
    """Whether the body is meant as JSON; Heat treats no/plain type as JSON."""
    content_type = request.content_type
    if not content_type or content_type.startswith("text/plain"):
        content_type = "application/json"
    return (content_type in ("JSON", "application/json")
            and request.body.startswith(b"{"))


class JSONRequestDeserializer:
    """Turns a JSON object body into the ``body`` argument of an action."""

    def __init__(self, conf: cfg.ConfigOpts | None = None) -> None:
        self.conf = conf or config.CONF

    def has_body(self, request: webob.Request) -> bool:
        return int(request.content_length or 0) > 0 and is_json_content_type(request)

    def from_json(self, datastring: bytes | str) -> Any:
        if len(datastring) > self.conf.max_json_body_size:
            self._refuse(len(datastring))
        try:
            return json_body.loads(datastring, self.conf.max_json_body_depth)
        except ValueError as exc:
            raise webob.exc.HTTPBadRequest(str(exc)) from exc

    def default(self, request: webob.Request) -> dict[str, Any]:
        length = int(request.content_length or 0)
        if length > self.conf.max_json_body_size:
            # Refuse before reading: an oversized body is never buffered.
            self._refuse(length)
        if self.has_body(request):
            return {"body": self.from_json(request.body)}
        return {}

    def _refuse(self, length: int) -> None:
        msg = ("JSON body size (%(len)s bytes) exceeds maximum allowed size "
               "(%(limit)s bytes)." % {"len": length,
                                      "limit": self.conf.max_json_body_size})
        raise exception.RequestLimitExceeded(message=msg)


class JSONResponseSerializer:
    """Writes an action's result as the JSON body of the response."""

    def to_json(self, data: Any) -> str:
        # check_circular off: documents are trees built per request, and
        # the check was a tenth of encoding a 50-stack listing.
        return json.dumps(data, default=str, check_circular=False)

    def default(self, response: webob.Response, result: Any) -> None:
        body = self.to_json(result).encode("utf-8")
        # The whole header list at once: webob's content_type and charset
        # setters re-parse the header on each assignment.
        response.headerlist = [("Content-Type", "application/json"),
                               ("Content-Length", str(len(body)))]
        response.app_iter = [body]


class DefaultMethodController:
    """Answers OPTIONS (204) and unsupported methods (405), both with Allow."""

    def options(self, req: Request, allowed_methods: str, **kwargs: Any) -> None:
        raise webob.exc.HTTPNoContent(headers=[("Allow", allowed_methods)])

    def reject(self, req: Request, allowed_methods: str, **kwargs: Any) -> None:
        raise webob.exc.HTTPMethodNotAllowed(headers=[("Allow", allowed_methods)])


class Resource:
    """WSGI app for one controller: deserialise, call the action, serialise.

    The routes match names the action; its other variables become keyword
    arguments, plus ``body`` when the request has a JSON object body. A
    controller without a method for the action gets ``default(req,
    action=..., **args)`` if it has one, else the request is a 404. A
    serializer may have a method named for the action to shape the response
    (status, headers); otherwise ``default`` writes the JSON body.
    """

    def __init__(self, controller: Any,
                 deserializer: JSONRequestDeserializer | None = None,
                 serializer: JSONResponseSerializer | None = None) -> None:
        self.controller = controller
        self.deserializer = deserializer or JSONRequestDeserializer()
        self.serializer = serializer or JSONResponseSerializer()

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, request: Request) -> webob.Response:
        args = self.get_action_args(request.environ)
        action = args.pop("action", None)
        try:
            check_query_string(request)
            args.update(self.deserializer.default(request))
            result = self._call_action(action, request, args)
        except webob.exc.HTTPError as err:
            raise HTTPExceptionDisguise(err) from err
        # 2xx/3xx webob exceptions (201, 204, 302) are finished responses:
        # wsgify returns them as they are; so are responses an action built.
        if isinstance(result, webob.Response):
            return result
        response = webob.Response(request=request)
        shaper = getattr(self.serializer, action or "", None) or self.serializer.default
        shaper(response, result)
        return response

    def _call_action(self, action: str | None, request: Request,
                     args: dict[str, Any]) -> Any:
        method = getattr(self.controller, action, None) if action else None
        if method is not None:
            return method(request, **args)
        default = getattr(self.controller, "default", None)
        if default is None:
            raise webob.exc.HTTPNotFound()
        return default(request, action=action, **args)

    @staticmethod
    def get_action_args(environ: dict[str, Any]) -> dict[str, Any]:
        """The routes match variables, minus those that are not arguments."""
        match = environ.get("wsgiorg.routing_args", ((), {}))[1] or {}
        args = {key: _from_wsgi(value) for key, value in match.items()}
        args.pop("controller", None)
        args.pop("format", None)
        return args


def check_query_string(request: webob.Request) -> None:
    """400 unless the query string decodes as UTF-8.

    webob decodes it only when a parameter is first read, deep inside an
    action, where a UnicodeDecodeError would be a 500.
    """
    query = request.environ.get("QUERY_STRING", "")
    if query.isascii() and "%" not in query:
        return
    try:
        # WSGI hands the query string over as latin-1 characters.
        raw = query.encode("latin-1")
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeError:
        raise webob.exc.HTTPBadRequest(
            "The query string is not valid UTF-8 once percent-decoded.") from None


def _from_wsgi(value: Any) -> Any:
    """A path variable as text: routes matches PATH_INFO, which WSGI gives as
    latin-1 characters standing for the URL's UTF-8 bytes (a resource named
    in another script)."""
    if not isinstance(value, str) or value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


class Router:
    """Maps a request onto a routes.Mapper and calls the matched controller."""

    def __init__(self, mapper: routes.Mapper) -> None:
        self.map = mapper
        self._router = routes.middleware.RoutesMiddleware(self._dispatch, self.map)

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        return self._router(environ, start_response)

    @staticmethod
    def _dispatch(environ: dict[str, Any],
                  start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = environ["wsgiorg.routing_args"][1]
        if not match:
            raise HTTPExceptionDisguise(webob.exc.HTTPNotFound())
        return match["controller"](environ, start_response)


class Middleware:
    """Base of heatlite's filters: ``process_request`` may short-circuit.

    A plain WSGI callable: when ``process_request`` lets the request
    through, the next app gets the environ and ``start_response`` as they
    are, with no webob response built in between.
    """

    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def process_request(self, req: Request) -> webob.Response | WSGIApp | None:
        return None

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer = self.process_request(Request(environ))
        if answer is not None:
            return answer(environ, start_response)
        return self.application(environ, start_response)


# -- paste.deploy ------------------------------------------------------------

def _import_factory(local_conf: dict[str, Any], key: str) -> Any:
    name = local_conf.pop(key, None)
    if not name:
        raise RuntimeError("paste section is missing the %r key naming the "
                           "class to load" % key)
    return importutils.import_class(name)


def app_factory(global_conf: dict[str, Any], **local_conf: Any) -> Any:
    """paste app factory: ``cls(CONF, **local_conf)`` for ``heatlite.app_factory``."""
    cls = _import_factory(local_conf, APP_FACTORY_KEY)
    return cls(config.CONF, **local_conf)


def filter_factory(global_conf: dict[str, Any],
                   **local_conf: Any) -> Callable[[WSGIApp], Any]:
    """paste filter factory: ``cls(app, CONF, **local_conf)`` for ``heatlite.filter_factory``."""
    cls = _import_factory(local_conf, FILTER_FACTORY_KEY)

    def make_filter(app: WSGIApp) -> Any:
        return cls(app, config.CONF, **local_conf)

    return make_filter


def find_paste_config(conf: cfg.ConfigOpts) -> str:
    """Absolute path of api-paste.ini, or RuntimeError saying where we looked."""
    name = conf.paste_deploy.api_paste_config
    candidates = []
    if os.path.isabs(name):
        candidates.append(name)
    else:
        config_files = list(conf.config_file or [])
        if config_files:
            candidates.append(os.path.join(
                os.path.dirname(os.path.abspath(config_files[0])), name))
        found = conf.find_file(name)
        if found:
            candidates.append(found)
    for path in candidates:
        if os.path.isfile(path):
            return os.path.abspath(path)
    raise RuntimeError("Unable to locate paste config file %r (looked at: %s)"
                       % (name, ", ".join(candidates) or "no candidate paths"))


def app_name_for(conf: cfg.ConfigOpts, app_name: str | None = None) -> str:
    """``heat-api`` plus ``-<flavor>`` when ``[paste_deploy] flavor`` is set."""
    base = app_name or DEFAULT_APP_NAME
    flavor = conf.paste_deploy.flavor
    return "%s-%s" % (base, flavor) if flavor else base


def load_paste_app(conf: cfg.ConfigOpts, app_name: str | None = None) -> WSGIApp:
    """Build the WSGI app of the configured flavor from api-paste.ini.

    Unlike Heat there is no silent fall back from ``heat-api-<flavor>`` to
    ``heat-api``: a flavor without its section is a configuration error.
    """
    path = find_paste_config(conf)
    name = app_name_for(conf, app_name)
    try:
        return deploy.loadapp("config:%s" % path, name=name)
    except LookupError as exc:
        raise RuntimeError("Unable to load %s from paste config file %s: %s"
                           % (name, path, exc)) from exc
