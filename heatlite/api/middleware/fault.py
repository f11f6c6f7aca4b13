"""faultwrap: every exception becomes Heat's JSON error body.

The body is ``{"code", "title", "explanation", "error": {"type", "message",
"traceback"}}``. The status comes from the exception itself: a HeatException's
``http_status`` (also when it crossed RPC as ``<Name>_Remote``, a suffix the
type loses here), or a webob HTTP error's own code. Anything else is a bug:
500, its class name, and a generic message unless ``debug`` is on. Tracebacks
are shown only with ``debug = True``.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import webob
import webob.exc
from oslo_config import cfg
from oslo_log import log as logging

from heatlite.common import exception
from heatlite.common import wsgi

LOG = logging.getLogger(__name__)

GENERIC_MESSAGE = exception.HeatException.msg_fmt
# Headers of a webob error worth keeping on the rewritten response.
_KEPT_HEADERS = ("Allow", "Location", "WWW-Authenticate", "Retry-After")


def _webob_class(code: int) -> type[webob.exc.WSGIHTTPException]:
    return webob.exc.status_map.get(code, webob.exc.HTTPInternalServerError)


class FaultWrapper:
    """paste filter turning exceptions from the inner app into error responses."""

    def __init__(self, app: wsgi.WSGIApp, conf: cfg.ConfigOpts, **local_conf: Any) -> None:
        self.application = app
        self.conf = conf

    @property
    def debug(self) -> bool:
        return bool("debug" in self.conf and self.conf.debug)

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            return self.application(environ, start_response)
        except Exception as exc:  # noqa: BLE001  (this is the catch-all)
            # heatlite's apps start their response only once they have it
            # all, so nothing was started when an exception got here.
            return self.error_response(exc)(environ, start_response)

    def error_response(self, exc: BaseException) -> webob.Response:
        body, headers = self.error_body(exc)
        response = webob.Response(status=body["code"], content_type="application/json",
                                  charset=None)
        for name, value in headers:
            response.headers[name] = value
        response.body = json.dumps(body).encode("utf-8")
        return response

    def error_body(self, exc: BaseException) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Heat's error document for ``exc`` and the headers to keep."""
        headers: list[tuple[str, str]] = []
        trace: str | None = None
        if isinstance(exc, wsgi.HTTPExceptionDisguise):
            http_exc = exc.exc
            if self.debug and exc.tb is not None:
                trace = "".join(traceback.format_tb(exc.tb))
            headers = [(name, value) for name, value in http_exc.headers.items()
                       if name in _KEPT_HEADERS]
            status_cls = _webob_class(http_exc.code)
            ex_type = type(http_exc).__name__
            message = str(http_exc)
        else:
            ex_type = exception.remote_name(exc)
            message, remote_trace = self._message_and_trace(exc)
            if self.debug:
                trace = remote_trace or traceback.format_exc()
            if isinstance(exc, exception.HeatException):
                status_cls = _webob_class(exc.http_status)
            else:
                LOG.error("Unexpected error serving API request: %s", exc,
                          exc_info=self.debug)
                status_cls = webob.exc.HTTPInternalServerError
        return {
            "code": status_cls.code,
            "title": status_cls.title,
            "explanation": status_cls.explanation,
            "error": {"type": ex_type, "traceback": trace, "message": message},
        }, headers

    def _message_and_trace(self, exc: BaseException) -> tuple[str, str | None]:
        text = str(exc)
        remote_trace = None
        if type(exc).__name__.endswith("_Remote") and "\n" in text:
            # oslo.messaging appends the engine's traceback to the message.
            text, remote_trace = text.split("\n", 1)
        if isinstance(exc, exception.HeatException):
            # As rebuilt from its kwargs after RPC (not the engine's text):
            # Heat's wording, e.g. a StackValidationFailed's doubled ": ".
            text = exc.message
        safe = getattr(exc, "safe", False)
        if not (safe or self.debug):
            text = GENERIC_MESSAGE
        return text, remote_trace
