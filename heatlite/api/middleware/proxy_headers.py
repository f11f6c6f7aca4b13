"""http_proxy_to_wsgi: oslo.middleware's, in the pipeline only when it is on.

With ``[oslo_middleware] enable_proxy_headers_parsing = False`` (the
default) oslo's filter still wraps every request and response in webob
objects only to pass them through unchanged: a tenth of a simple GET. The
option is read once, when the pipeline is built (it is not a mutable
option, so a running service never sees it change), and when it is off
the filter hands the next app back instead of wrapping it.
"""

from __future__ import annotations

from typing import Any

from oslo_config import cfg
from oslo_middleware import http_proxy_to_wsgi

from heatlite.common.wsgi import WSGIApp


def http_proxy_to_wsgi_filter(app: WSGIApp, conf: cfg.ConfigOpts, **local_conf: Any) -> WSGIApp:
    """oslo's HTTPProxyToWSGI around ``app``, or ``app`` itself when parsing is off."""
    middleware = http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)  # registers the option
    return middleware if conf.oslo_middleware.enable_proxy_headers_parsing else app
