"""/v1/{tenant_id}/software_configs: routed and policy-checked; every action is 501 for now.

Its engine calls are not in the RPC contract (heatlite.rpc.client) yet.
"""

from __future__ import annotations

from heatlite.api.openstack.v1 import util


class SoftwareConfigController(util.Controller):
    """/v1/{tenant_id}/software_configs[...]: every action is ``default`` (501)."""

    REQUEST_SCOPE = "software_configs"
