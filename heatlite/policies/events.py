"""Policies of the events collection."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "events:%s"
_STACK = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}"


def list_rules() -> list[policy.RuleDefault]:
    return [
        base.api_rule(POLICY_ROOT % "index", base.PROJECT_READER, "List events.",
                      "GET", _STACK + "/events", legacy=base.RULE_DENY_STACK_USER),
        base.api_rule(POLICY_ROOT % "show", base.PROJECT_READER, "Show event.",
                      "GET", _STACK + "/resources/{resource_name}/events/{event_id}",
                      legacy=base.RULE_DENY_STACK_USER),
    ]
