"""/v1/{tenant_id}/software_deployments: routed and policy-checked; every action is 501 for now.

Its engine calls are not in the RPC contract (heatlite.rpc.client) yet.
"""

from __future__ import annotations

from heatlite.api.openstack.v1 import util


class SoftwareDeploymentController(util.Controller):
    """/v1/{tenant_id}/software_deployments[...]: every action is ``default`` (501)."""

    REQUEST_SCOPE = "software_deployments"
