"""Enforcer: Heat's rule names, Forbidden on denial, context_is_admin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import fixture as config_fixture

from heatlite import policies
from heatlite.common import context
from heatlite.common import exception
from heatlite.common import policy
from tests.unit.api import fakes


@pytest.fixture
def enforcer() -> Iterator[policy.Enforcer]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield policy.Enforcer(fixture.conf, policies.list_rules())
    fixture.cleanUp()


def _ctx(roles, project="p1") -> context.RequestContext:
    return context.RequestContext(user_id="u", project_id=project, roles=roles)


def test_admin_is_admin_and_allowed(enforcer):
    ctxt = _ctx(["admin"])
    assert enforcer.check_is_admin(ctxt) is True
    assert enforcer.enforce(ctxt, "create", "stacks", {"project_id": "p1"}) is True


def test_member_is_not_admin(enforcer):
    assert enforcer.check_is_admin(_ctx(["member"])) is False


def test_denial_names_the_rule(enforcer):
    with pytest.raises(exception.Forbidden) as err:
        enforcer.enforce(_ctx(["reader"]), "delete", "stacks", {"project_id": "p1"})
    assert str(err.value) == "You are not authorized to use stacks:delete."
    assert err.value.http_status == 403


def test_other_project_target_is_denied(enforcer):
    with pytest.raises(exception.Forbidden):
        enforcer.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p2"})


def test_unregistered_rule_is_an_error_not_an_allow(enforcer):
    with pytest.raises(Exception) as err:
        enforcer.enforce(_ctx(["admin"]), "nonsense", "stacks", {"project_id": "p1"})
    assert not isinstance(err.value, AssertionError)
