"""Secrets at rest on every backend: the database, read directly, and the
daemons' logs (at debug level) never hold a hidden parameter's value nor
a RandomString's after create, update, snapshot, signal and abandon; the
API shows hidden values as "******" (doc/source/secrets.rst)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.functional.conftest import KINDS
from tests.functional.deployment import Deployment
from tests.functional.test_stack_operations import _heat, _wait

FIRST = "first-pw-%s" % uuid.uuid4().hex[:8]
SECOND = "second-pw-%s" % uuid.uuid4().hex[:8]
TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "parameters": {"db_password": {"type": "string", "hidden": True}},
    "resources": {
        "value": {"type": "OS::Heat::Value",
                  "properties": {"value": {"str_replace": {
                      "template": "mysql://app:PW@db/app", "params": {"PW": {
                          "get_param": "db_password"}}}}}},
        "rand": {"type": "OS::Heat::RandomString", "properties": {"length": 24}},
        "handle": {"type": "OS::Heat::WaitConditionHandle"},
    },
    "outputs": {"random": {"value": {"get_attr": ["rand", "value"]}}},
}


def _database_text(dep: Deployment) -> str:
    """Every column of every row, as the database returns it."""
    url = dep.database_url or "sqlite:///%s/heatlite.sqlite" % (dep.workdir / "state")
    engine = sa.create_engine(url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return "\n".join(repr(row) for table in meta.sorted_tables
                             for row in conn.execute(sa.select(table)))
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=KINDS)
def encrypting(request: pytest.FixtureRequest, build_deployment) -> Deployment:
    dep = build_deployment(request.param, extra={"DEFAULT": {
        "debug": "True", "encrypt_parameters_and_properties": "True",
        "auth_encryption_key": uuid.uuid4().hex, "enable_stack_abandon": "True"}})
    dep.start()
    return dep


def _assert_nowhere(dep: Deployment, secrets: list[str], step: str) -> None:
    stored, logs = _database_text(dep), dep.logs()
    assert "OS::Heat::RandomString" in stored and "db_password" in stored  # a real dump
    for secret in secrets:
        assert secret not in stored, "%s: %s stored in clear" % (step, secret)
        assert secret not in logs, "%s: %s in a log line" % (step, secret)


def test_no_clear_secret_in_the_database_or_logs(encrypting: Deployment,
                                                 stack_name: str) -> None:
    heat = _heat(encrypting)
    stack_id = heat.stacks.create(stack_name=stack_name, template=TEMPLATE,
                                  parameters={"db_password": FIRST})["stack"]["id"]
    stack = _wait(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    assert stack.parameters["db_password"] == "******"
    random = heat.stacks.output_show(stack_id, "random")["output"]["output_value"]
    assert len(random) == 24
    props = [heat.events.get(stack_id, "value", e.id).resource_properties
             for e in heat.events.list(stack_id, resource_name="value")]
    assert {"value": "mysql://app:******@db/app"} in props
    _assert_nowhere(encrypting, [FIRST, random], "create")

    heat.stacks.update(stack_id, existing=True, parameters={"db_password": SECOND})
    stack = _wait(heat, stack_id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    _assert_nowhere(encrypting, [FIRST, SECOND, random], "update")

    snapshot = heat.stacks.snapshot(stack_id, "snap")
    assert snapshot["id"]
    stack = _wait(heat, stack_id)
    assert stack.stack_status == "SNAPSHOT_COMPLETE", stack.stack_status_reason
    _assert_nowhere(encrypting, [FIRST, SECOND, random], "snapshot")
    shown = heat.stacks.snapshot_show(stack_id, snapshot["id"])["snapshot"]["data"]
    assert shown["environment"]["parameters"]["db_password"] == "******"
    assert heat.stacks.environment(stack_id)["parameters"]["db_password"] == "******"

    heat.resources.signal(stack_id, "handle", data={"status": "SUCCESS", "id": "1",
                                                    "reason": "done", "data": "ok"})
    _assert_nowhere(encrypting, [FIRST, SECOND, random], "signal")

    abandoned = heat.stacks.abandon(stack_id)
    assert abandoned["environment"]["parameters"]["db_password"] == SECOND  # adopt needs it
    _assert_nowhere(encrypting, [FIRST, SECOND, random], "abandon")
