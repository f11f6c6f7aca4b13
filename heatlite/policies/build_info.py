"""Policy of GET /v1/{tenant_id}/build_info."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "build_info:%s"


def list_rules() -> list[policy.RuleDefault]:
    return [base.api_rule(POLICY_ROOT % "build_info", base.PROJECT_READER,
                          "Show build information.", "GET",
                          "/v1/{tenant_id}/build_info",
                          legacy=base.RULE_DENY_STACK_USER)]
