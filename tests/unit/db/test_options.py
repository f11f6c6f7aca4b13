"""heatlite.db.options and heatlite.db.list_opts."""

from __future__ import annotations

from heatlite import db
from tests.unit.db import fixtures


def test_hidden_stack_tags_default_and_generator_entry():
    conf = fixtures.make_conf()
    assert conf.hidden_stack_tags == ["data-processing-cluster"]
    ((group, opts),) = db.list_opts()
    assert group is None
    assert [opt.name for opt in opts] == ["hidden_stack_tags", "database_ping_after_idle"]
    assert conf.database_ping_after_idle == 1.0


def test_oslo_db_options_are_registered_with_our_default(tmp_path):
    conf = fixtures.make_conf(state_path=str(tmp_path))
    assert conf.database.connection == "sqlite:///%s/heatlite.sqlite" % tmp_path
    # Pool sizes for server databases: 20 kept open, no overflow (oslo.db: 5 and 50).
    assert (conf.database.max_pool_size, conf.database.max_overflow) == (20, 0)

