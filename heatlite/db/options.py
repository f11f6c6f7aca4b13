"""Configuration the persistence layer owns: oslo.db's [database] group and
heatlite's own DB-related options.

oslo.db's options are registered the way every OpenStack service does it
(``oslo_db.options.set_defaults``) so ``[database] connection`` and the pool
settings keep their usual names; the default connection is ours, an
SQLite file under ``state_path``, and so are the pool sizes
(``SERVER_POOL_SIZE``).
"""

from __future__ import annotations

from collections.abc import Iterable

from oslo_config import cfg
from oslo_db import options as db_options

from heatlite.common import config

hidden_stack_tags_opt = cfg.ListOpt(
    "hidden_stack_tags", default=["data-processing-cluster"],
    help="Stacks containing these tag names will be hidden. Multiple tags "
         "should be given in a comma-delimited list (eg. "
         "hidden_stack_tags=hide_me,me_too).")

ping_after_idle_opt = cfg.FloatOpt(
    "database_ping_after_idle", default=1.0, min=0.0,
    help="MariaDB/MySQL and PostgreSQL: a pooled connection is tested "
         "(pinged) when it is taken from the pool after being idle this many "
         "seconds; one used more recently is not, as a dead one is then "
         "detected by its first statement and the whole pool is replaced. "
         "0 pings on every checkout (oslo.db's pool_pre_ping). Not used "
         "with SQLite.")

db_opts = [hidden_stack_tags_opt, ping_after_idle_opt]


SERVER_POOL_SIZE = 20
SERVER_POOL_OVERFLOW = 0
"""heatlite's defaults for ``[database] max_pool_size`` and ``max_overflow``.

oslo.db's are 5 and 50. The engine runs every ready resource on its own
green thread, each transition a short transaction, so dozens want a
connection at once; with 5 pooled, SQLAlchemy opens an overflow connection
for nearly every transaction and closes it at once (with PyMySQL 1.2 each
new connection also builds a TLS context: ~15 ms of CPU). Keeping 20 open
and no overflow makes the others wait their turn for a pooled connection
(``pool_timeout``), which measured faster than 50 + 5 or 20 + 10 on
MariaDB and PostgreSQL, and holds at most 20 server connections per engine
instead of 55 (PostgreSQL allows 100 by default). SQLite does not use
these (see session.SQLITE_POOL_SIZE).
"""


def set_defaults(conf: cfg.ConfigOpts) -> None:
    """oslo.db's [database] options with heatlite's pool defaults."""
    db_options.set_defaults(conf, connection=config.default_sql_connection(conf),
                            max_pool_size=SERVER_POOL_SIZE,
                            max_overflow=SERVER_POOL_OVERFLOW)


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register heatlite's and oslo.db's options on ``conf`` (idempotent).

    The default connection depends on ``state_path``, so heatlite's common
    options are registered first.
    """
    config.register_opts(conf)
    conf.register_opts(db_opts)
    set_defaults(conf)


def list_opts() -> Iterable[tuple[str | None, list[cfg.Opt]]]:
    """heatlite's own DB options for oslo-config-generator.

    oslo.db publishes the [database] group itself (namespace ``oslo.db``).
    """
    return [(None, list(db_opts))]
