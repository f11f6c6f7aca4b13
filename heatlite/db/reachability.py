"""Can the database be used at all? One line saying why not.

``heatlite-manage`` and heatlite-all's start-up schema upgrade connect once
before anything else: a database that does not exist, a server that
refuses the connection or credentials it turns down are an operator's
configuration to fix, so they are answered with the driver's own reason
on one line (password hidden) instead of a page of traceback.
"""

from __future__ import annotations

import re

from oslo_config import cfg
from oslo_db import exception as db_exc
from sqlalchemy import exc as sa_exc

from heatlite.db import session

CREATE_HINT = ("; create it first (README.rst, \"Create the database\") "
               "and run db_sync again")


class Unreachable(Exception):
    """The database cannot be used; the message is one line for an operator."""


def _driver_reason(exc: BaseException) -> str:
    """The database driver's own message, on one line."""
    inner = getattr(exc, "inner_exception", None) or exc  # oslo.db wraps SQLAlchemy
    orig = getattr(inner, "orig", None) or inner  # SQLAlchemy wraps the driver
    args = getattr(orig, "args", ())
    # PyMySQL: (code, message); psycopg2 and sqlite3: the message.
    text = str(args[1]) if len(args) == 2 and isinstance(args[0], int) else str(orig)
    return re.sub(r"\s+", " ", text).strip()


def reason(exc: BaseException, connection: str) -> str:
    """Why ``connection`` cannot be used, from the error connecting raised."""
    where = session.display_url(connection)
    message = "cannot use the database %s: %s" % (where, _driver_reason(exc))
    if isinstance(exc, db_exc.DBNonExistentDatabase):
        message += CREATE_HINT
    return message


def check(conf: cfg.ConfigOpts) -> None:
    """Connect once to ``[database] connection``; Unreachable if that fails."""
    try:
        # oslo.db may already connect (and retry) while creating the engine.
        engine = session.create_engine(conf)
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()
    except (sa_exc.DBAPIError, db_exc.DBError) as exc:
        raise Unreachable(reason(exc, conf.database.connection)) from exc
