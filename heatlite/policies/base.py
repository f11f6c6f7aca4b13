"""Shared rules and personas of heatlite's policy-in-code.

Rule names are Heat's. The persona check strings spell out Keystone's
default implied-role chain (admin implies member implies reader): Keystone
expands it in real tokens, but the noauth filter sends ``admin`` alone, and
heatlite must allow everything to its admin out of the box (real Heat needs
``enforce_new_defaults = False`` for that).
"""

from __future__ import annotations

from oslo_log import versionutils
from oslo_policy import policy

RULE_CONTEXT_IS_ADMIN = "rule:context_is_admin"
RULE_PROJECT_ADMIN = "rule:project_admin"
RULE_DENY_STACK_USER = "rule:deny_stack_user"
RULE_DENY_EVERYBODY = "rule:deny_everybody"
RULE_ALLOW_EVERYBODY = "rule:allow_everybody"

_IN_PROJECT = "project_id:%(project_id)s"
PROJECT_ADMIN = "role:admin and " + _IN_PROJECT
PROJECT_MEMBER = "(role:member or role:admin) and " + _IN_PROJECT
PROJECT_READER = "(role:reader or role:member or role:admin) and " + _IN_PROJECT
PROJECT_STACK_USER = "role:heat_stack_user and " + _IN_PROJECT
PROJECT_READER_OR_STACK_USER = "(%s) or (%s)" % (PROJECT_READER, PROJECT_STACK_USER)

PROJECT_SCOPE = ["project"]

# The check strings Heat's rules had before its secure-RBAC defaults
# (Wallaby). Kept as each rule's deprecated_rule so that
# ``[oslo_policy] enforce_new_defaults = False`` allows what either allows.
LEGACY_REASON = ("Heat's API rules moved to project-scoped reader/member/admin "
                 "personas; the old check is honoured while "
                 "enforce_new_defaults is False.")
LEGACY_SINCE = versionutils.deprecated.WALLABY

rules = [
    policy.RuleDefault(
        name="context_is_admin",
        check_str="(role:admin and is_admin_project:True)",
        description="Decides what is required for the 'is_admin:True' check "
                    "to succeed."),
    policy.RuleDefault(name="project_admin", check_str="role:admin",
                       description="Default rule for project admin."),
    policy.RuleDefault(name="deny_stack_user", check_str="not role:heat_stack_user",
                       description="Default rule for deny stack user."),
    policy.RuleDefault(name="deny_everybody", check_str="!",
                       description="Default rule for deny everybody."),
    policy.RuleDefault(name="allow_everybody", check_str="",
                       description="Default rule for allow everybody."),
]


def legacy_rule(name: str, check_str: str | None) -> policy.DeprecatedRule | None:
    """The pre-Wallaby form of rule ``name``, or None when it had none."""
    if check_str is None:
        return None
    return policy.DeprecatedRule(name=name, check_str=check_str,
                                 deprecated_reason=LEGACY_REASON,
                                 deprecated_since=LEGACY_SINCE)


def api_rule(name: str, check_str: str, description: str, method: str,
             path: str, scoped: bool = True,
             legacy: str | None = None) -> policy.DocumentedRuleDefault:
    """One documented rule protecting one API operation.

    ``legacy`` is the check string Heat used before its secure-RBAC
    defaults, where the rule had one.
    """
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{"path": path, "method": method}],
        scope_types=PROJECT_SCOPE if scoped else None,
        deprecated_rule=legacy_rule(name, legacy))


def list_rules() -> list[policy.RuleDefault]:
    return rules
