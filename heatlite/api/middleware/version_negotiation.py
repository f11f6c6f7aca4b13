"""versionnegotiation: pick the API version from the path or the Accept header.

As Heat does it: ``/`` and ``/versions`` answer the versions document (300);
``/v1/...`` (or ``/v1.0/...``) selects v1 and moves the version segment from
PATH_INFO to SCRIPT_NAME, so links built from the application URL keep the
``/v1``; another version in the path answers the versions document too. With
no version in the path, ``Accept: application/vnd.openstack.orchestration-
v1.0+json`` selects v1 with the path untouched. Anything else is 404, which
heatlite reports in Heat's JSON error body.
"""

from __future__ import annotations

import re
from typing import Any

import webob
import webob.exc
from oslo_config import cfg
from oslo_log import log as logging

from heatlite.api.openstack import versions
from heatlite.common import wsgi

LOG = logging.getLogger(__name__)

VERSION_RE = re.compile(r"^v(\d+)\.?(\d+)?")
MEDIA_TYPE_PREFIX = "application/vnd.openstack.orchestration-"
SUPPORTED = (1, 0)


class VersionNegotiationFilter(wsgi.Middleware):
    """paste filter in front of the versioned API apps."""

    def __init__(self, app: wsgi.WSGIApp, conf: cfg.ConfigOpts, **local_conf: Any) -> None:
        super().__init__(app)
        self.conf = conf
        self.versions_app = versions.Controller(conf)

    def process_request(self, req: wsgi.Request) -> wsgi.WSGIApp | None:
        try:
            req.path  # noqa: B018  (decoding is the check)
        except UnicodeDecodeError:
            raise wsgi.HTTPExceptionDisguise(webob.exc.HTTPBadRequest()) from None

        first = req.path_info_peek() or ""
        if first in ("versions", ""):
            return self.versions_app

        version = self.match_version(first, req)
        if version is not None:
            if version == SUPPORTED:
                req.path_info_pop()
                return None
            return self.versions_app

        accept = str(req.accept)
        if accept.startswith(MEDIA_TYPE_PREFIX):
            version = self.match_version(accept[len(MEDIA_TYPE_PREFIX):], req)
            if version is None or version == SUPPORTED:
                return None
            return self.versions_app
        LOG.debug("No API version in %s (Accept: %s)", req.path, accept)
        raise wsgi.HTTPExceptionDisguise(webob.exc.HTTPNotFound())

    @staticmethod
    def match_version(subject: str, req: webob.Request) -> tuple[int, int] | None:
        """(major, minor) found at the start of ``subject``, also put in the environ."""
        match = VERSION_RE.match(subject)
        if not match:
            return None
        major, minor = int(match.group(1)), int(match.group(2) or 0)
        req.environ["api.major_version"] = major
        req.environ["api.minor_version"] = minor
        return major, minor
