"""heatlite-manage: database administration (db_sync, db_version)."""

from __future__ import annotations

from heatlite.cmd import quiet  # noqa: F401,I001  (before any library import)

import sys
from collections.abc import Sequence

from oslo_config import cfg
from oslo_log import log as logging

from heatlite.cmd import setup
from heatlite.common import config
from heatlite.db import migration
from heatlite.db import reachability


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
    # One connection attempt, no retries, unless heat.conf asks for them:
    # a command run by hand answers at once (oslo.db's default waits out
    # 10 x 10 s for a server that refuses connections).
    conf.set_default("max_retries", 0, group="database")
    try:
        reachability.check(conf)
    except reachability.Unreachable as exc:
        raise SystemExit("heatlite-manage: %s" % exc) from None
    conf.command.func(conf)


if __name__ == "__main__":
    sys.exit(main())
