"""Configuration the persistence layer owns: oslo.db's [database] group and
heatlite's own DB-related options.

oslo.db's options are registered the way every OpenStack service does it
(``oslo_db.options.set_defaults``) so ``[database] connection`` and the pool
settings keep their usual names; only the default connection is ours, an
SQLite file under ``state_path``.
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

db_opts = [hidden_stack_tags_opt]


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register heatlite's and oslo.db's options on ``conf`` (idempotent).

    The default connection depends on ``state_path``, so heatlite's common
    options are registered first.
    """
    config.register_opts(conf)
    conf.register_opts(db_opts)
    db_options.set_defaults(conf, connection=config.default_sql_connection(conf))


def list_opts() -> Iterable[tuple[str | None, list[cfg.Opt]]]:
    """heatlite's own DB options for oslo-config-generator.

    oslo.db publishes the [database] group itself (namespace ``oslo.db``).
    """
    return [(None, list(db_opts))]
