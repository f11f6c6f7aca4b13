"""/v1/{tenant_id}/services: routed and policy-checked; every action is 501.

Its engine calls are not in the RPC contract (heatlite.rpc.client) yet.
"""

from __future__ import annotations

from heatlite.api.openstack.v1 import util


class ServiceController(util.Controller):
    """/v1/{tenant_id}/services[...]: every action is ``default`` (501)."""

    REQUEST_SCOPE = "service"
