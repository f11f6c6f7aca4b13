"""Policies of the software_configs collection."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "software_configs:%s"
_PATH = "/v1/{tenant_id}/software_configs"
# Heat's pre-Wallaby check of these rules.
_LEGACY = base.RULE_DENY_STACK_USER


def list_rules() -> list[policy.RuleDefault]:
    return [
        base.api_rule(POLICY_ROOT % "global_index", base.RULE_DENY_EVERYBODY,
                      "List configs globally.", "GET", _PATH, scoped=False),
        base.api_rule(POLICY_ROOT % "index", base.PROJECT_READER, "List configs.",
                      "GET", _PATH, legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "create", base.PROJECT_MEMBER, "Create config.",
                      "POST", _PATH, legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "show", base.PROJECT_READER, "Show config details.",
                      "GET", _PATH + "/{config_id}", legacy=_LEGACY),
        base.api_rule(POLICY_ROOT % "delete", base.PROJECT_MEMBER, "Delete config.",
                      "DELETE", _PATH + "/{config_id}", legacy=_LEGACY),
    ]
