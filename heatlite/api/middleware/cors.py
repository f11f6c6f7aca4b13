"""cors: oslo.middleware's CORS filter, its response step called directly.

oslo's base middleware looks up the signature of ``process_response`` (with
``inspect``) on every request to learn whether it takes the request;
CORS's does, always. Same behaviour, configured from ``[cors]`` as before.
"""

from __future__ import annotations

import webob
import webob.dec
from oslo_middleware import base
from oslo_middleware import cors


class CORS(cors.CORS):
    """oslo.middleware's CORS, minus the per-request signature inspection."""

    @webob.dec.wsgify(RequestClass=base.NoContentTypeRequest)
    def __call__(self, req: webob.Request) -> webob.Response:
        early = self.process_request(req)
        if early:
            return early
        return self.process_response(req.get_response(self.application), request=req)
