"""What every heatlite command does first: options, config files, logging."""

from __future__ import annotations

import logging as std_logging
import sys
from collections.abc import Sequence

from oslo_config import cfg
from oslo_log import log as logging

from heatlite import version
from heatlite.common import config
from heatlite.common import messaging
from heatlite.db import options as db_options


def parse_args(argv: Sequence[str] | None, prog: str,
               conf: cfg.ConfigOpts = config.CONF) -> cfg.ConfigOpts:
    """Register every option, read heat.conf and set up logging.

    Without ``--config-file`` the usual places are searched for
    ``heat.conf`` (~/.heatlite/, ~/, /etc/heatlite/, /etc/).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.register_options(conf)
    config.register_opts(conf)
    config.set_lib_defaults()
    messaging.set_defaults(conf)
    db_options.register_opts(conf)
    conf(argv, project="heatlite", prog=prog,
         version=version.version_string(),
         default_config_files=cfg.find_config_files(project="heatlite",
                                                     prog="heat"))
    # The SQLite default lives under state_path, known only now.
    conf.set_default("connection", config.default_sql_connection(conf),
                     group="database")
    logging.setup(conf, "heatlite")
    # No thread name on log records: under eventlet every green thread is
    # the one OS thread, and asking the patched threading module for the
    # current thread was a fifth of the cost of each record (the access
    # log writes one per request). The request id says which request.
    std_logging.logThreads = False
    return conf
