"""Policies of a stack's resources collection."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "resource:%s"
_RESOURCES = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}/resources"


def list_rules() -> list[policy.RuleDefault]:
    return [
        base.api_rule(POLICY_ROOT % "index", base.PROJECT_READER, "List resources.",
                      "GET", _RESOURCES),
        base.api_rule(POLICY_ROOT % "metadata", base.PROJECT_READER_OR_STACK_USER,
                      "Show resource metadata.", "GET",
                      _RESOURCES + "/{resource_name}/metadata"),
        base.api_rule(POLICY_ROOT % "signal", base.PROJECT_READER_OR_STACK_USER,
                      "Signal resource.", "POST", _RESOURCES + "/{resource_name}/signal"),
        base.api_rule(POLICY_ROOT % "mark_unhealthy", base.PROJECT_MEMBER,
                      "Mark resource as unhealthy.", "PATCH",
                      _RESOURCES + "/{resource_name_or_physical_id}"),
        base.api_rule(POLICY_ROOT % "show", base.PROJECT_READER, "Show resource.",
                      "GET", _RESOURCES + "/{resource_name}"),
    ]
