"""Policies of a stack's resources collection."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "resource:%s"
_RESOURCES = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}/resources"
# Before Wallaby a server's agent (a stack user) could read metadata and
# signal; everything else was closed to stack users.
_OPEN = base.RULE_ALLOW_EVERYBODY
_NO_STACK_USER = base.RULE_DENY_STACK_USER


def list_rules() -> list[policy.RuleDefault]:
    return [
        base.api_rule(POLICY_ROOT % "index", base.PROJECT_READER, "List resources.",
                      "GET", _RESOURCES, legacy=_NO_STACK_USER),
        base.api_rule(POLICY_ROOT % "metadata", base.PROJECT_READER_OR_STACK_USER,
                      "Show resource metadata.", "GET",
                      _RESOURCES + "/{resource_name}/metadata", legacy=_OPEN),
        base.api_rule(POLICY_ROOT % "signal", base.PROJECT_READER_OR_STACK_USER,
                      "Signal resource.", "POST", _RESOURCES + "/{resource_name}/signal",
                      legacy=_OPEN),
        base.api_rule(POLICY_ROOT % "mark_unhealthy", base.PROJECT_MEMBER,
                      "Mark resource as unhealthy.", "PATCH",
                      _RESOURCES + "/{resource_name_or_physical_id}",
                      legacy=_NO_STACK_USER),
        base.api_rule(POLICY_ROOT % "show", base.PROJECT_READER, "Show resource.",
                      "GET", _RESOURCES + "/{resource_name}", legacy=_NO_STACK_USER),
    ]
