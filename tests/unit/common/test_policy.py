"""Enforcer: Heat's rule names, Forbidden on denial, context_is_admin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import fixture as config_fixture
from oslo_policy import _checks, _external, _parser

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


def test_extension_checks_load_when_a_rule_names_them(monkeypatch):
    monkeypatch.setattr(_checks, "extension_checks", None)
    policy.defer_extension_checks()
    deferred = _checks.extension_checks
    assert {"http", "https"} <= set(deferred)
    assert all(isinstance(check, policy._DeferredCheck) for check in deferred.values())
    # A rule naming one builds the real check class.
    check = _parser.parse_rule("http://policy.example/check")
    assert isinstance(check, _external.HttpCheck)
    assert str(check) == "http://policy.example/check"
    # Already filled in (by oslo.policy or by us): left alone.
    policy.defer_extension_checks()
    assert _checks.extension_checks is deferred
