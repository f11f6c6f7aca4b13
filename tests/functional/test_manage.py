"""heatlite-manage against MariaDB, as an operator runs it on a deployment."""

from __future__ import annotations

import uuid

import pytest

from heatlite.db import migration, stacks
from tests.functional import services
from tests.unit.cmd import manage_cli
from tests.unit.db import fixtures


@pytest.fixture
def mariadb_url():
    name = "heatlite_fn_%s" % uuid.uuid4().hex[:10]
    url = services.create_database("mysql", name)
    yield url
    services.drop_database("mysql", name)


def test_sync_version_purge_and_services_on_mariadb(tmp_path, mariadb_url):
    config = manage_cli.conf_file(tmp_path, mariadb_url)
    before = manage_cli.run(config, "db_version")
    assert before.stdout.strip() == migration.NO_VERSION, before.stderr
    assert manage_cli.run(config, "db_sync").returncode == 0
    after = manage_cli.run(config, "db_version")
    assert after.stdout.strip() == migration.head_revision(), after.stderr
    with fixtures.configured(mariadb_url):
        old = fixtures.new_stack("old")
        stacks.soft_delete(old.id)
        out = manage_cli.run(config, "purge_deleted", "-g", "seconds", "0")
        assert out.stdout.strip() == "Purged 1 deleted stack(s)", out.stderr
        assert stacks.get(old.id, show_deleted=True) is None
        listing = manage_cli.run(config, "service", "list")
        assert listing.returncode == 0, listing.stderr
        assert listing.stdout.split()[:2] == ["Hostname", "Binary"]
