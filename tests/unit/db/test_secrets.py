"""Secrets at rest: what the rows hold, read back as SQL text (shared with
functional, which runs it on MariaDB and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from oslo_config import cfg

from heatlite.common import crypt
from heatlite.db import raw_templates, resources, secrets, session
from tests.unit.db.fixtures import new_stack

SECRET = "pa55-w0rd-xyzzy"
TEMPLATE = {"heat_template_version": "2018-08-31",
            "parameters": {"db_password": {"type": "string", "hidden": True},
                           "user": {"type": "string"}}}
ENV = {"parameters": {"db_password": SECRET, "user": "bob"}}


@pytest.fixture
def encrypting(db: cfg.ConfigOpts) -> Iterator[cfg.ConfigOpts]:
    db.set_override("encrypt_parameters_and_properties", True)
    secrets.configure(db)
    yield db
    db.clear_override("encrypt_parameters_and_properties")
    secrets.configure(db)


def _raw_text(table: str, column: str, key: str, value: object) -> str:
    with session.single_read() as conn:
        return str(conn.execute(sa.text("SELECT %s FROM %s WHERE %s = :v"
                                        % (column, table, key)), {"v": value}).scalar())


def test_hidden_parameters_encrypted_in_the_environment(encrypting):
    template_id = raw_templates.create(TEMPLATE, None, ENV)
    stored = _raw_text("raw_template", "environment", "id", template_id)
    assert SECRET not in stored and "bob" in stored
    assert '"encrypted_param_names":["db_password"]' in stored
    assert raw_templates.get(template_id).environment["parameters"] == ENV["parameters"]


def test_environment_clear_without_the_option_and_readable_after_it_flips(db):
    clear_id = raw_templates.create(TEMPLATE, None, ENV)
    assert SECRET in _raw_text("raw_template", "environment", "id", clear_id)
    db.set_override("encrypt_parameters_and_properties", True)
    secrets.configure(db)
    sealed_id = raw_templates.create(TEMPLATE, None, ENV)
    db.clear_override("encrypt_parameters_and_properties")
    secrets.configure(db)
    assert raw_templates.get(sealed_id).environment["parameters"]["db_password"] == SECRET


def test_cfn_noecho_is_hidden():
    assert secrets.hidden_parameter_names(
        {"Parameters": {"a": {"NoEcho": "true"}, "b": {"NoEcho": "false"}, "c": {}}}) == ["a"]


def _resource_row(stack_id: str, **values: object) -> int:
    return resources.create_many([dict({"stack_id": stack_id, "name": "r", "uuid": stack_id,
                                        "type": "OS::Heat::Value"}, **values)])[0].id


def test_data_and_attributes_always_encrypted_properties_with_the_option(db):
    stack = new_stack("secrets")
    rid = _resource_row(stack.id, data={"value": SECRET}, properties_data={"p": SECRET},
                        attr_data={"refid": SECRET, "attrs": {"value": SECRET}})
    assert SECRET not in _raw_text("resource", "data", "id", rid)
    assert SECRET not in _raw_text("resource", "attr_data", "id", rid)
    assert SECRET in _raw_text("resource", "properties_data", "id", rid)
    row = resources.get(rid)
    assert (row.data, row.attr_data["refid"]) == ({"value": SECRET}, SECRET)


def test_properties_encrypted_with_the_option(encrypting):
    rid = _resource_row(new_stack("secrets").id, properties_data={"p": SECRET})
    assert SECRET not in _raw_text("resource", "properties_data", "id", rid)
    resources.update(rid, {"properties_data": {"p": SECRET + "2"}})
    assert SECRET not in _raw_text("resource", "properties_data", "id", rid)
    assert resources.get(rid).properties_data == {"p": SECRET + "2"}


def test_sealed_value_needs_its_key():
    sealed = secrets.seal({"a": 1}, always=True, key="k" * 32)
    assert secrets.unseal(sealed, key="k" * 32) == {"a": 1}
    assert secrets.seal({}, always=True) == {}
    assert crypt.is_pair(sealed[secrets.SEALED])


def test_unusable_key_refused_at_configure(db):
    db.set_override("auth_encryption_key", "short")
    with pytest.raises(secrets.UnusableKey, match="at least 16 bytes"):
        secrets.configure(db)
    db.clear_override("auth_encryption_key")
    secrets.configure(db)
