"""heatlite-manage: database administration, as heat-manage.

db_sync, db_version and update_params live here; the stack commands
(purge_deleted, reset_stack_status) and the service commands each have
their own module.
"""

from __future__ import annotations

from heatlite.cmd import quiet  # noqa: F401,I001  (before any library import)

import sys
from collections.abc import Sequence
from typing import Any

from oslo_config import cfg
from oslo_log import log as logging

from heatlite.cmd import manage_services, manage_stacks, setup
from heatlite.common import config, exception
from heatlite.db import migration, reachability, secret_rows, secrets, session


def _db_sync(conf: cfg.ConfigOpts) -> None:
    migration.db_sync(conf, conf.command.version)


def _db_version(conf: cfg.ConfigOpts) -> None:
    print(migration.db_version(conf))


def _update_params(conf: cfg.ConfigOpts) -> None:
    """Heat's update_params: re-encrypt (or decrypt) what is stored."""
    cmd = conf.command
    operation = cmd.crypt_operation or ("encrypt" if cmd.encrypt else
                                         "decrypt" if cmd.decrypt else None)
    if operation is None or (cmd.encrypt and cmd.decrypt):
        sys.exit("ERROR: say encrypt or decrypt (once)")
    try:
        session.configure(conf)
        done = secret_rows.rekey(operation == "encrypt", conf.auth_encryption_key,
                                 cmd.previous_encryption_key or cmd.previous_key)
    except (exception.InvalidEncryptionKey, secrets.UnusableKey) as exc:
        sys.exit("ERROR: %s" % exc)
    finally:
        session.dispose()
    for table, count in done.rows.items():
        print("%s: %d rows rewritten" % (table, count))


def _add_update_params(subparsers: Any) -> None:
    crypt = subparsers.add_parser(
        "update_params", help="Encrypt or decrypt the stored secrets with the "
                              "configured auth_encryption_key (engines stopped).")
    # Heat's positional form, and the flags; one operation.
    crypt.add_argument("crypt_operation", nargs="?", choices=["encrypt", "decrypt"])
    crypt.add_argument("previous_key", nargs="?", default=None,
                       help="The key the data was written with (rotation).")
    crypt.add_argument("--encrypt", action="store_true")
    crypt.add_argument("--decrypt", action="store_true")
    crypt.add_argument("--previous-encryption-key", dest="previous_encryption_key",
                       help="The key the data was written with (rotation).")
    crypt.add_argument("--verbose-update-params", action="store_true",
                       help="Accepted for heat-manage's sake; counts are always printed.")
    crypt.set_defaults(func=_update_params)


def _add_commands(subparsers: Any) -> None:
    sync = subparsers.add_parser("db_sync", help="Create or upgrade the database.")
    sync.add_argument("version", nargs="?", help="Target revision (default: head).")
    sync.set_defaults(func=_db_sync)
    show = subparsers.add_parser("db_version", help="Print the database's revision.")
    show.set_defaults(func=_db_version)
    _add_update_params(subparsers)
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
