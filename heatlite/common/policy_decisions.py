"""Remembered policy decisions, so a request does not re-evaluate its rules.

oslo.policy evaluates a rule from scratch on every check: it looks for the
policy file on disk (a search of the config directories when there is
none), then walks the rule's check tree, inspecting each check's
signature as it goes. That was a fifth of the CPU of a simple GET. A
decision depends only on the rule set, the rule's name, the target and
the caller's credentials, as long as every check in the rule set is one
of oslo.policy's own pure kinds (roles, generic matches, rule references
and their and/or/not). So the decisions are remembered per rule set; a
rule set with any other check kind (``http:``, a plugin's) is never
remembered, since such a check may answer differently each time.

A policy file that cannot be parsed is logged (an error naming it) and
does not replace the rules already loaded: the last good rules keep
serving until the file is fixed. With no good rules yet (a broken file at
start-up) every check fails with ``PolicyFileInvalid`` (503) naming it.

The policy file is still watched: at most once per ``recheck_interval``
seconds (one second in heatlite) oslo.policy reloads it if it changed, and
any change of the rule set forgets every decision. Heat reloads before
every check, so an edited policy file can take up to that long longer to
apply here (see doc/source/differences.rst).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from oslo_log import log as logging
from oslo_policy import _checks as oslo_checks
from oslo_policy import policy as oslo_policy

from heatlite.common import exception

LOG = logging.getLogger(__name__)

PURE_CHECKS = (oslo_checks.TrueCheck, oslo_checks.FalseCheck, oslo_checks.RoleCheck,
               oslo_checks.RuleCheck, oslo_checks.GenericCheck, oslo_checks.AndCheck,
               oslo_checks.OrCheck, oslo_checks.NotCheck)
"""Check kinds whose answer is a function of target and credentials alone."""

MAX_DECISIONS = 4096
"""Remembered decisions before the table starts over (a memory bound)."""


# What oslo.policy raises for a file it cannot read as rules: bad YAML
# (ValueError), or YAML that is not a mapping of rule strings.
_BAD_FILE_ERRORS = (ValueError, TypeError, AttributeError)


class WatchedEnforcer(oslo_policy.Enforcer):
    """oslo.policy's Enforcer, counting every replacement of its rules and
    keeping the last good ones when the policy file turns malformed."""

    rules_generation = 0
    _has_good_rules = False
    _reported: str | None = None

    def set_rules(self, rules: Any, overwrite: bool = True, use_conf: bool = False) -> None:
        super().set_rules(rules, overwrite=overwrite, use_conf=use_conf)
        self.rules_generation += 1

    def load_rules(self, force_reload: bool = False) -> None:
        try:
            super().load_rules(force_reload)
        except _BAD_FILE_ERRORS as err:
            self._bad_file(err)
        else:
            self._has_good_rules = True
            self._reported = None

    def _bad_file(self, err: Exception) -> None:
        # oslo.policy parses before it replaces anything, so the rules held
        # are the last good ones; it also remembers the broken file's mtime
        # and will not parse it again until it changes.
        path = self.policy_path or self.policy_file
        reason = str(err).replace("\n", " ")
        if self._reported != reason:
            self._reported = reason
            LOG.error("Policy file %s is malformed, %s: %s", path,
                      "keeping the last good rules" if self._has_good_rules
                      else "refusing requests until it is fixed", reason)
        if not self._has_good_rules:
            raise exception.PolicyFileInvalid(path=path, reason=reason)


def _checks_of(check: Any) -> Iterable[Any]:
    yield check
    for child in getattr(check, "rules", ()):
        yield from _checks_of(child)
    inner = getattr(check, "rule", None)
    if isinstance(inner, oslo_checks.BaseCheck):
        yield from _checks_of(inner)


def is_pure(rules: Mapping[str, Any]) -> bool:
    """True if every check of every rule is of a kind in PURE_CHECKS."""
    return all(type(check) in PURE_CHECKS
               for rule in rules.values() for check in _checks_of(rule))


_FLAT = (str, type(None), bool, int)


def _frozen(value: Any) -> Hashable:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Mapping):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    hash(value)  # anything else must be hashable as it is, or no remembering
    return value


def _frozen_flat(mapping: Mapping[str, Any]) -> Hashable:
    """A mapping of scalars and lists of strings (credentials, targets),
    keyed without the general recursion; anything else goes through it."""
    items = []
    for key, value in mapping.items():
        kind = type(value)
        if kind is list:
            if not all(type(item) is str for item in value):
                return _frozen(mapping)
            value = tuple(value)
        elif kind not in _FLAT:
            return _frozen(mapping)
        items.append((key, value))
    items.sort()
    return tuple(items)


def decision_key(rule: str, target: Mapping[str, Any],
                 credentials: Mapping[str, Any]) -> Hashable | None:
    """A key naming one decision, or None when the inputs cannot be keyed."""
    try:
        return (rule, _frozen_flat(target), _frozen_flat(credentials))
    except TypeError:
        return None


class DecisionCache:
    """Allow/deny answers per decision key, for the enforcer's current rules."""

    def __init__(self, enforcer: WatchedEnforcer, recheck_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._enforcer = enforcer
        self._recheck_interval = recheck_interval
        self._clock = clock
        self._next_recheck = 0.0
        self._rules_seen: tuple[int, int, int] | None = None
        self._enabled = False
        self._decisions: dict[Hashable, bool] = {}

    def _rules_fingerprint(self) -> tuple[int, int, int]:
        rules = self._enforcer.rules
        return (self._enforcer.rules_generation, id(rules), len(rules))

    def _refresh(self) -> None:
        """Reload a changed policy file (throttled); forget on any rule change."""
        now = self._clock()
        if now >= self._next_recheck:
            self._enforcer.load_rules()
            self._next_recheck = now + self._recheck_interval
        fingerprint = self._rules_fingerprint()
        if fingerprint != self._rules_seen:
            self._rules_seen = fingerprint
            self._decisions.clear()
            self._enabled = is_pure(self._enforcer.rules)

    def get(self, key: Hashable | None) -> bool | None:
        """The remembered decision, or None if it must be evaluated."""
        self._refresh()
        if key is None or not self._enabled:
            return None
        return self._decisions.get(key)

    def put(self, key: Hashable | None, allowed: bool) -> None:
        if key is None or not self._enabled:
            return
        if len(self._decisions) >= MAX_DECISIONS:
            self._decisions.clear()
        self._decisions[key] = allowed
