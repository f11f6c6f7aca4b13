"""heatlite.db.secret_rows: update_params' rotation and decryption
(shared with functional, which runs it on MariaDB and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from oslo_config import cfg

from heatlite.common import exception
from heatlite.db import raw_templates, resources, secret_rows, secrets, session
from tests.unit.db.fixtures import new_stack

OLD = "o" * 32
NEW = "n" * 32
SECRET = "rotate-me-9931"
TEMPLATE = {"parameters": {"pw": {"type": "string", "hidden": True}}}


@pytest.fixture
def keyed(db: cfg.ConfigOpts) -> Iterator[cfg.ConfigOpts]:
    db.set_override("auth_encryption_key", OLD)
    db.set_override("encrypt_parameters_and_properties", True)
    secrets.configure(db)
    yield db
    db.clear_override("auth_encryption_key")
    db.clear_override("encrypt_parameters_and_properties")
    secrets.configure(db)


def _use_key(conf: cfg.ConfigOpts, key: str, encrypt: bool) -> None:
    conf.set_override("auth_encryption_key", key)
    conf.set_override("encrypt_parameters_and_properties", encrypt)
    secrets.configure(conf)


def _stored(table: str, column: str, ident: object) -> str:
    with session.single_read() as conn:
        return str(conn.execute(sa.text("SELECT %s FROM %s WHERE id = :i" % (column, table)),
                                {"i": ident}).scalar())


def _rows() -> tuple[int, int]:
    template_id = raw_templates.create(TEMPLATE, None, {"parameters": {"pw": SECRET}})
    rid = resources.create_many([{"stack_id": new_stack("rk").id, "name": "r",
                                  "properties_data": {"p": SECRET},
                                  "data": {"value": SECRET}}])[0].id
    return template_id, rid


def test_rotation_opens_with_the_previous_key_and_seals_with_the_new(keyed):
    template_id, rid = _rows()
    _use_key(keyed, NEW, True)
    with pytest.raises(exception.InvalidEncryptionKey):
        resources.get(rid)
    done = secret_rows.rekey(True, NEW, previous_key=OLD)
    assert done.rows["raw_template"] >= 1 and done.rows["resource"] >= 1
    assert raw_templates.get(template_id).environment["parameters"]["pw"] == SECRET
    row = resources.get(rid)
    assert (row.properties_data, row.data) == ({"p": SECRET}, {"value": SECRET})
    for table, column, ident in (("raw_template", "environment", template_id),
                                 ("resource", "properties_data", rid),
                                 ("resource", "data", rid)):
        assert SECRET not in _stored(table, column, ident)


def test_decrypt_leaves_governed_columns_clear_and_data_sealed(keyed):
    template_id, rid = _rows()
    _use_key(keyed, OLD, False)
    secret_rows.rekey(False, OLD)
    assert SECRET in _stored("raw_template", "environment", template_id)
    assert '"encrypted_param_names":[]' in _stored("raw_template", "environment", template_id)
    assert SECRET in _stored("resource", "properties_data", rid)
    assert SECRET not in _stored("resource", "data", rid)
    assert resources.get(rid).data == {"value": SECRET}


def test_wrong_previous_key_changes_nothing_it_cannot_open(keyed):
    _, rid = _rows()
    with pytest.raises(exception.InvalidEncryptionKey):
        secret_rows.rekey(True, NEW, previous_key="w" * 32)
    assert resources.get(rid).data == {"value": SECRET}
