"""Policies of stack actions (POST .../actions): one rule per action type."""

from __future__ import annotations

from oslo_policy import policy

from heatlite.policies import base

POLICY_ROOT = "actions:%s"
_PATH = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}/actions"

_RULES = [
    ("action", base.PROJECT_MEMBER,
     "Performs non-lifecycle operations on the stack (Snapshot, Resume, "
     "Cancel update, or check stack resources). This is the default for all "
     "actions but can be overridden by more specific policies for "
     "individual actions."),
    ("snapshot", base.PROJECT_MEMBER, "Create stack snapshot"),
    ("suspend", base.PROJECT_MEMBER, "Suspend a stack."),
    ("resume", base.PROJECT_MEMBER, "Resume a suspended stack."),
    ("check", base.PROJECT_READER, "Check stack resources."),
    ("cancel_update", base.PROJECT_MEMBER, "Cancel stack operation and roll back."),
    ("cancel_without_rollback", base.PROJECT_MEMBER,
     "Cancel stack operation without rolling back."),
]


def list_rules() -> list[policy.RuleDefault]:
    return [base.api_rule(POLICY_ROOT % name, check, description, "POST", _PATH,
                          legacy=base.RULE_DENY_STACK_USER)
            for name, check, description in _RULES]
