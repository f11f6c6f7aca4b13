"""Engine calls for signed URLs: signals and metadata polls (RPC version 1.4).

Server side: heatlite.engine.rpc.signal_service.SignalService. The caller (the
unauthenticated signal app, heatlite.api.signal) passes the token it was
given instead of credentials; the engine checks it against the resource.
"""

from __future__ import annotations

from typing import Any

from heatlite.common.context import RequestContext
from heatlite.rpc.base import RPCClientBase

VERSION = "1.4"


class SignalCalls(RPCClientBase):
    """Signals that carry a signal token rather than an authenticated user."""

    def signed_resource_signal(self, ctxt: RequestContext, tenant: str, stack_name: str,
                               stack_id: str, resource_name: str, token: str | None,
                               details: Any = None) -> None:
        """Signal one resource; HeatSignatureError (403) for a wrong token."""
        self._call(ctxt, "signed_resource_signal", version=VERSION, tenant=tenant,
                   stack_name=stack_name, stack_id=stack_id, resource_name=resource_name,
                   token=token, details=details)

    def signed_resource_metadata(self, ctxt: RequestContext, tenant: str, stack_name: str,
                                 stack_id: str, resource_name: str,
                                 token: str | None) -> Any:
        """The resource's metadata (what a server's agent polls); 403 as above."""
        return self._call(ctxt, "signed_resource_metadata", version=VERSION, tenant=tenant,
                          stack_name=stack_name, stack_id=stack_id,
                          resource_name=resource_name, token=token)
