"""Policies of the software_deployments collection."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "software_deployments:%s"
_PATH = "/v1/{tenant_id}/software_deployments"
# Heat's pre-Wallaby check of these rules.
_LEGACY = base.RULE_DENY_STACK_USER


def list_rules() -> list[policy.RuleDefault]:
    return [
        base.api_rule(POLICY_ROOT % "index", base.PROJECT_READER, "List deployments.",
                      "GET", _PATH, legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "create", base.PROJECT_MEMBER, "Create deployment.",
                      "POST", _PATH, legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "show", base.PROJECT_READER,
                      "Show deployment details.", "GET", _PATH + "/{deployment_id}",
                      legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "update", base.PROJECT_MEMBER, "Update deployment.",
                      "PUT", _PATH + "/{deployment_id}", legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "delete", base.PROJECT_MEMBER, "Delete deployment.",
                      "DELETE", _PATH + "/{deployment_id}", legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "metadata", base.PROJECT_READER_OR_STACK_USER,
                      "Show server configuration metadata.", "GET",
                      _PATH + "/metadata/{server_id}"),
    ]
