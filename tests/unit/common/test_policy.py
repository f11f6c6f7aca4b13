"""Enforcer: Heat's rule names, Forbidden on denial, context_is_admin."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from oslo_config import fixture as config_fixture
from oslo_policy import _checks, _external, _parser

from heatlite import policies
from heatlite.common import context
from heatlite.common import exception
from heatlite.common import policy
from heatlite.common import policy_decisions
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


# -- remembered decisions ------------------------------------------------------

def _counting(enforcer: policy.Enforcer, monkeypatch) -> list[str]:
    evaluated: list[str] = []
    real = enforcer._evaluate

    def counted(rule, target, credentials):
        evaluated.append(rule)
        return real(rule, target, credentials)

    monkeypatch.setattr(enforcer, "_evaluate", counted)
    return evaluated


def test_a_decision_is_evaluated_once_per_caller_and_target(enforcer, monkeypatch):
    evaluated = _counting(enforcer, monkeypatch)
    for _ in range(3):
        assert enforcer.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p1"})
        with pytest.raises(exception.Forbidden):
            enforcer.enforce(_ctx(["reader"]), "delete", "stacks", {"project_id": "p1"})
    assert evaluated == ["stacks:index", "stacks:delete"]
    # Another target or other roles are other decisions.
    with pytest.raises(exception.Forbidden):
        enforcer.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p2"})
    assert enforcer.enforce(_ctx(["admin"]), "delete", "stacks", {"project_id": "p1"})
    assert len(evaluated) == 4


def _policy_file(tmp_path, rule: str):
    path = tmp_path / "policy.yaml"
    path.write_text('"stacks:index": "%s"\n' % rule)
    return path


def test_an_edited_policy_file_applies_after_the_recheck_interval(tmp_path):
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    try:
        path = _policy_file(tmp_path, "role:member")
        enf = policy.Enforcer(fixture.conf, policies.list_rules(), policy_file=str(path))
        now = [100.0]
        enf._decisions._clock = lambda: now[0]
        assert enf.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p1"})
        path.write_text('"stacks:index": "role:nobody"\n')
        later = path.stat().st_mtime + 5  # a newer mtime, whatever the fs granularity
        os.utime(path, (later, later))
        # Within the interval the remembered answer stands ...
        assert enf.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p1"})
        now[0] += 1.5
        # ... after it, the file is reloaded and every decision forgotten.
        with pytest.raises(exception.Forbidden):
            enf.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p1"})
    finally:
        fixture.cleanUp()


def test_rules_with_a_remote_check_are_never_remembered(tmp_path, monkeypatch):
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    try:
        path = _policy_file(tmp_path, "role:member or http://policy.example/check")
        enf = policy.Enforcer(fixture.conf, policies.list_rules(), policy_file=str(path))
        evaluated = _counting(enf, monkeypatch)
        for _ in range(2):
            assert enf.enforce(_ctx(["member"]), "index", "stacks", {"project_id": "p1"})
        assert evaluated == ["stacks:index", "stacks:index"]
    finally:
        fixture.cleanUp()


def test_decision_keys():
    assert policy_decisions.decision_key("r", {"a": 1}, {"roles": ["x", "y"]}) == \
        policy_decisions.decision_key("r", {"a": 1}, {"roles": ("x", "y")})
    assert policy_decisions.decision_key("r", {"a": [{"b": 2}]}, {}) is not None
    assert policy_decisions.decision_key("r", {"a": object()}, {}) is not None
    assert policy_decisions.decision_key("r", {"a": bytearray(b"x")}, {}) is None


@pytest.fixture
def conf() -> Iterator[config_fixture.Config]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield fixture.conf
    fixture.cleanUp()


def _touch_later(path) -> None:
    later = path.stat().st_mtime + 5  # a newer mtime, whatever the fs granularity
    os.utime(path, (later, later))


def _may_list(enf: policy.Enforcer, roles: list[str]) -> bool:
    try:
        return enf.enforce(_ctx(roles), "index", "stacks", {"project_id": "p1"})
    except exception.Forbidden:
        return False


MALFORMED = '"stacks:index": "role:member"\n  "stacks:show: [unclosed\n'


def test_a_malformed_edit_keeps_the_last_good_rules_and_logs_the_file(conf, tmp_path,
                                                                     caplog):
    path = _policy_file(tmp_path, "role:nobody")
    enf = policy.Enforcer(conf, policies.list_rules(), policy_file=str(path))
    now = [100.0]
    enf._decisions._clock = lambda: now[0]
    assert not _may_list(enf, ["member"])
    path.write_text(MALFORMED)
    _touch_later(path)
    for _ in range(3):
        now[0] += 1.5
        assert not _may_list(enf, ["member"])
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert str(path) in errors[0] and "last good rules" in errors[0]
    # Fixed, the file applies again.
    path.write_text('"stacks:index": "role:member"\n')
    _touch_later(path)
    now[0] += 1.5
    assert _may_list(enf, ["member"])


@pytest.mark.parametrize("content", [MALFORMED, "- a list\n- of rules\n",
                                     "just words\n"])
def test_a_malformed_file_with_no_good_rules_refuses_naming_the_file(conf, tmp_path,
                                                                     content):
    path = tmp_path / "policy.yaml"
    path.write_text(content)
    enf = policy.Enforcer(conf, policies.list_rules(), policy_file=str(path))
    with pytest.raises(exception.PolicyFileInvalid) as err:
        _may_list(enf, ["member"])
    assert str(path) in str(err.value)
    assert err.value.http_status == 503
    path.write_text('"stacks:index": "role:member"\n')
    _touch_later(path)
    enf._decisions._clock = lambda: 1e9
    assert _may_list(enf, ["member"])


def test_a_rule_that_does_not_parse_denies(conf, tmp_path):
    # oslo.policy's own answer (its validator reports it): the rule is "!".
    path = tmp_path / "policy.yaml"
    path.write_text('"stacks:index": {"not": "a string"}\n')
    enf = policy.Enforcer(conf, policies.list_rules(), policy_file=str(path))
    assert not _may_list(enf, ["admin"])
