"""heatlite-manage: database administration, as heat-manage.

db_sync and db_version live here; the stack commands (purge_deleted,
reset_stack_status) and the service commands each have their own module.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from oslo_config import cfg
from oslo_log import log as logging

from heatlite.cmd import manage_services, manage_stacks, setup
from heatlite.common import config
from heatlite.db import migration


def _db_sync(conf: cfg.ConfigOpts) -> None:
    migration.db_sync(conf, conf.command.version)


def _db_version(conf: cfg.ConfigOpts) -> None:
    print(migration.db_version(conf))


def _add_commands(subparsers: object) -> None:
    sync = subparsers.add_parser("db_sync", help="Create or upgrade the database.")
    sync.add_argument("version", nargs="?", help="Target revision (default: head).")
    sync.set_defaults(func=_db_sync)
    show = subparsers.add_parser("db_version", help="Print the database's revision.")
    show.set_defaults(func=_db_version)
    manage_stacks.add_parsers(subparsers)
    manage_services.add_parsers(subparsers)


command_opt = cfg.SubCommandOpt("command", title="Commands",
                                help="Available commands",
                                handler=_add_commands)


def main(argv: Sequence[str] | None = None) -> None:
    conf = config.CONF
    conf.register_cli_opt(command_opt)
    # stdout carries the answer (db_version); logs go to stderr.
    logging.register_options(conf)
    conf.set_default("use_stderr", True)
    conf = setup.parse_args(argv, "heatlite-manage", conf)
    conf.command.func(conf)


if __name__ == "__main__":
    sys.exit(main())
