"""Policy of GET /v1/{tenant_id}/services (engine status: admins only)."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "service:%s"


def list_rules() -> list[policy.RuleDefault]:
    return [base.api_rule(POLICY_ROOT % "index", base.PROJECT_ADMIN,
                          "Show engine service status.", "GET",
                          "/v1/{tenant_id}/services",
                          legacy=base.RULE_CONTEXT_IS_ADMIN)]
