"""Policy defaults: the noauth admin may do everything heatlite ships."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import fixture as config_fixture

from heatlite import policies
from heatlite.common import context
from heatlite.common import exception
from heatlite.common import policy
from heatlite.policies import base
from tests.unit.api import fakes

DENIED_BY_DEFAULT = {"stacks:global_index", "software_configs:global_index"}


@pytest.fixture
def enforcer() -> Iterator[policy.Enforcer]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield policy.Enforcer(fixture.conf, policies.list_rules())
    fixture.cleanUp()


def test_rule_names_are_unique():
    names = [r.name for r in policies.list_rules()]
    assert len(names) == len(set(names))
    assert {"context_is_admin", "deny_stack_user", "stacks:create", "stacks:index",
            "resource:show", "events:index", "build_info:build_info",
            "actions:check", "service:index"} <= set(names)


def test_noauth_admin_is_allowed_everything_but_global_listing(enforcer):
    admin = context.RequestContext(user_id="admin", project_id="admin", roles=["admin"])
    for rule in policies.list_rules():
        if ":" not in rule.name:
            continue
        if rule.name in DENIED_BY_DEFAULT:
            with pytest.raises(exception.Forbidden):
                enforcer.authorize(admin, rule.name, {"project_id": "admin"})
        else:
            assert enforcer.authorize(admin, rule.name, {"project_id": "admin"}), rule.name


def test_stack_user_may_only_look_up_and_read_metadata(enforcer):
    user = context.RequestContext(user_id="u", project_id="p", roles=["heat_stack_user"])
    target = {"project_id": "p"}
    assert enforcer.authorize(user, "stacks:lookup", target)
    assert enforcer.authorize(user, "resource:metadata", target)
    with pytest.raises(exception.Forbidden):
        enforcer.authorize(user, "stacks:show", target)


def test_personas_spell_out_implied_roles():
    assert "role:admin" in base.PROJECT_READER and "role:member" in base.PROJECT_READER
    assert "role:reader" not in base.PROJECT_MEMBER
