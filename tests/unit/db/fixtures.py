"""Helpers shared by the db query tests on SQLite (unit) and on MariaDB and
PostgreSQL (tests/functional/db), which run the very same test functions."""

from __future__ import annotations

import contextlib
import pathlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from oslo_config import cfg

from heatlite.common import config
from heatlite.db import migration, models, options, raw_templates, session, stacks

T0 = datetime(2026, 1, 1, 12, 0, 0)


def make_conf(connection: str | None = None, state_path: str | None = None) -> cfg.ConfigOpts:
    """A private ConfigOpts with heatlite's and oslo.db's options."""
    conf = cfg.ConfigOpts()
    config.register_opts(conf)
    conf([], project="heatlite", default_config_files=[])
    if state_path is not None:
        conf.set_override("state_path", state_path)
    # After state_path: the default connection is derived from it.
    options.register_opts(conf)
    if connection is not None:
        conf.set_override("connection", connection, group="database")
    # Fail fast instead of oslo.db's 10 x 10 s start-up retries.
    conf.set_override("max_retries", 1, group="database")
    return conf


def wipe() -> None:
    """Empty every table, children first."""
    with session.writer() as s:
        for table in reversed(models.Base.metadata.sorted_tables):
            s.execute(sa.delete(table))


def migrated_sqlite_url(tmp_dir: pathlib.Path) -> str:
    """A freshly migrated SQLite database file in ``tmp_dir``."""
    url = "sqlite:///%s" % (tmp_dir / "heatlite.sqlite")
    migration.db_sync(make_conf(connection=url))
    return url


@contextlib.contextmanager
def configured(url: str, state_path: str | None = None) -> Iterator[cfg.ConfigOpts]:
    """The db layer configured on ``url`` for one test, wiped afterwards."""
    conf = make_conf(connection=url, state_path=state_path)
    session.configure(conf)
    try:
        yield conf
    finally:
        wipe()
        session.dispose()


def at(seconds: float) -> datetime:
    """A fixed timestamp ``seconds`` after T0, for predictable ordering."""
    return T0 + timedelta(seconds=seconds)


def new_stack(name: str, tenant: str = "tenant-a", tags: tuple[str, ...] = (),
              **values: Any) -> models.Stack:
    """Create a stack with its own raw template."""
    template_id = raw_templates.create({"heat_template_version": "2018-08-31"}, {}, {})
    values.setdefault("action", "CREATE")
    values.setdefault("status", "COMPLETE")
    return stacks.create(dict(values, name=name, tenant=tenant,
                              raw_template_id=template_id), tags=tags)
