"""Policy enforcement: oslo.policy on heatlite's ConfigOpts, Heat's rule names.

The defaults are policy-in-code (heatlite/policies) and are handed in by the
caller, so that tests can build an enforcer over any rule set. The entry
point oslo.policy's tools load is in ``policy_tools``. A denial is
``exception.Forbidden`` ("You are not authorized to use stacks:create."),
Heat's 403 body. An operator's policy.yaml overrides
rules as it does for Heat.

oslo.policy's extension checks (``http:``, ``https:`` and any a package
registers) are loaded on first use, not all at the first rule parse: the
http ones import requests and urllib3, ~5 MiB in every API process, for
check kinds Heat's default rules never name.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata
from typing import Any

from oslo_config import cfg
from oslo_policy import _checks as oslo_checks
from oslo_policy import policy as oslo_policy

from heatlite.common import exception
from heatlite.common import policy_decisions
from heatlite.common.context import RequestContext

DEFAULT_SCOPE = "heat"
# A rule nobody registered must never allow anything.
DEFAULT_RULE = "!"

EXTENSION_CHECKS_GROUP = "oslo.policy.rule_checks"


class _DeferredCheck:
    """An extension check class, imported when a rule first names its kind."""

    def __init__(self, entry_point: metadata.EntryPoint) -> None:
        self._entry_point = entry_point

    def __call__(self, kind: str, match: str) -> oslo_checks.Check:
        return self._entry_point.load()(kind, match)


def defer_extension_checks() -> None:
    """Register every extension check kind without importing its module.

    oslo.policy builds the same name -> class table from the same entry
    points the first time a rule is parsed; filled in first, its entries
    import only what a rule really uses.
    """
    if oslo_checks.extension_checks is None:
        oslo_checks.extension_checks = {
            ep.name: _DeferredCheck(ep)
            for ep in metadata.entry_points(group=EXTENSION_CHECKS_GROUP)}


class _Denied(Exception):
    """oslo.policy's denial, turned into False by Enforcer._evaluate."""


class Enforcer:
    """Checks ``<scope>:<action>`` for a context against registered defaults."""

    def __init__(self, conf: cfg.ConfigOpts, defaults: Iterable[oslo_policy.RuleDefault],
                 policy_file: str | None = None) -> None:
        defer_extension_checks()
        self._enforcer = policy_decisions.WatchedEnforcer(
            conf, default_rule=DEFAULT_RULE, policy_file=policy_file)
        self._enforcer.suppress_deprecation_warnings = True
        self._enforcer.register_defaults(list(defaults))
        self._decisions = policy_decisions.DecisionCache(self._enforcer)

    @property
    def registered_rules(self) -> dict[str, oslo_policy.RuleDefault]:
        return self._enforcer.registered_rules

    def authorize(self, ctxt: RequestContext, rule: str,
                  target: dict[str, Any] | None = None) -> bool:
        """True if allowed; raises Forbidden naming ``rule`` otherwise."""
        if not self._allowed(ctxt, rule, target or {}):
            raise exception.Forbidden(action=rule)
        return True

    def _allowed(self, ctxt: RequestContext, rule: str, target: dict[str, Any]) -> bool:
        credentials = ctxt.to_policy_values()
        key = policy_decisions.decision_key(rule, target, credentials)
        allowed = self._decisions.get(key)
        if allowed is None:
            allowed = self._evaluate(rule, target, credentials)
            self._decisions.put(key, allowed)
        return allowed

    def _evaluate(self, rule: str, target: dict[str, Any], credentials: Any) -> bool:
        # do_raise: an unregistered rule raises PolicyNotRegistered (a bug
        # in the caller, never a plain deny); a denial raises _Denied.
        try:
            return bool(self._enforcer.authorize(rule, target, credentials, do_raise=True,
                                                 exc=_Denied))
        except (_Denied, oslo_policy.InvalidScope):
            return False

    def enforce(self, ctxt: RequestContext, action: str, scope: str = DEFAULT_SCOPE,
                target: dict[str, Any] | None = None) -> bool:
        """Heat's call shape: checks rule ``scope:action``."""
        return self.authorize(ctxt, "%s:%s" % (scope, action), target)

    def check_is_admin(self, ctxt: RequestContext) -> bool:
        """The ``context_is_admin`` rule, without raising."""
        return self._allowed(ctxt, "context_is_admin", {})
