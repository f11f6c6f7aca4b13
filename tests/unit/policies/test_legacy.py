"""Legacy defaults: each rule Heat moved to secure-RBAC keeps its old check,
and ``[oslo_policy] enforce_new_defaults = False`` honours it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import fixture as config_fixture
from oslo_policy import opts as policy_opts

from heatlite import policies
from heatlite.common import context
from heatlite.common import exception
from heatlite.common import policy
from heatlite.policies import base
from tests.unit.api import fakes

NO_STACK_USER = "rule:deny_stack_user"
EVERYBODY = "rule:allow_everybody"

# Heat's pre-Wallaby check string of every rule that has one (heat/policies).
HEAT_LEGACY = {
    **{"stacks:" + name: NO_STACK_USER for name in (
        "abandon", "create", "delete", "detail", "export", "generate_template", "index",
        "list_resource_types", "list_template_versions", "list_template_functions",
        "preview", "resource_schema", "show", "template", "environment", "files",
        "update", "update_patch", "preview_update", "preview_update_patch",
        "validate_template", "snapshot", "show_snapshot", "delete_snapshot",
        "list_snapshots", "restore_snapshot", "list_outputs", "show_output")},
    "stacks:lookup": EVERYBODY,
    **{"actions:" + name: NO_STACK_USER for name in (
        "action", "snapshot", "suspend", "resume", "check", "cancel_update",
        "cancel_without_rollback")},
    "build_info:build_info": NO_STACK_USER,
    "events:index": NO_STACK_USER,
    "events:show": NO_STACK_USER,
    "resource:index": NO_STACK_USER,
    "resource:show": NO_STACK_USER,
    "resource:mark_unhealthy": NO_STACK_USER,
    "resource:metadata": EVERYBODY,
    "resource:signal": EVERYBODY,
    "service:index": "rule:context_is_admin",
    **{"software_configs:" + name: NO_STACK_USER
       for name in ("index", "create", "show", "delete")},
    **{"software_deployments:" + name: NO_STACK_USER
       for name in ("index", "create", "show", "update", "delete")},
}


def _enforcer(enforce_new_defaults: bool) -> Iterator[policy.Enforcer]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    policy_opts.set_defaults(fixture.conf)
    fixture.config(group="oslo_policy", enforce_new_defaults=enforce_new_defaults)
    yield policy.Enforcer(fixture.conf, policies.list_rules())
    fixture.cleanUp()


@pytest.fixture
def legacy() -> Iterator[policy.Enforcer]:
    yield from _enforcer(False)


@pytest.fixture
def secure() -> Iterator[policy.Enforcer]:
    yield from _enforcer(True)


def _ctx(*roles: str) -> context.RequestContext:
    return context.RequestContext(user_id="u", project_id="p", roles=list(roles))


TARGET = {"project_id": "p"}


def test_every_rule_heat_deprecated_carries_heats_old_check():
    legacy = {rule.name: rule.deprecated_rule.check_str
              for rule in policies.list_rules() if rule.deprecated_rule}
    assert legacy == HEAT_LEGACY


def test_legacy_rules_keep_the_rule_name_and_say_since_when():
    for rule in policies.list_rules():
        if rule.deprecated_rule:
            assert rule.deprecated_rule.name == rule.name
            assert rule.deprecated_rule.deprecated_since == base.LEGACY_SINCE


def test_stack_owner_alone_is_refused_under_the_new_defaults(secure):
    with pytest.raises(exception.Forbidden):
        secure.authorize(_ctx("heat_stack_owner"), "stacks:index", TARGET)


def test_stack_owner_alone_may_list_stacks_under_the_legacy_defaults(legacy):
    owner = _ctx("heat_stack_owner")
    assert legacy.authorize(owner, "stacks:index", TARGET)
    assert legacy.authorize(owner, "stacks:create", TARGET)
    assert legacy.authorize(owner, "software_configs:create", TARGET)


def test_stack_user_stays_out_under_the_legacy_defaults(legacy):
    user = _ctx("heat_stack_user")
    with pytest.raises(exception.Forbidden):
        legacy.authorize(user, "stacks:show", TARGET)
    assert legacy.authorize(user, "resource:signal", TARGET)
    assert legacy.authorize(user, "stacks:lookup", TARGET)


def test_services_stay_admin_only_under_the_legacy_defaults(legacy):
    with pytest.raises(exception.Forbidden):
        legacy.authorize(_ctx("heat_stack_owner"), "service:index", TARGET)


def test_rules_heat_never_relaxed_stay_closed_under_the_legacy_defaults(legacy):
    with pytest.raises(exception.Forbidden):
        legacy.authorize(_ctx("member"), "stacks:global_index", TARGET)
