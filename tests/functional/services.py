"""The servers functional tests need: MariaDB, PostgreSQL and RabbitMQ on
127.0.0.1, started when down, and throwaway databases on the SQL servers.

A server that still does not answer after its start command is an error
(RuntimeError), never a skip: a functional run that silently tested
nothing would look green.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time

import psycopg2
import pymysql

HOST = "127.0.0.1"
MARIADB_PORT = 3306
POSTGRESQL_PORT = 5432
RABBITMQ_PORT = 5672
START_TIMEOUT = 60.0


def is_up(port: int, host: str = HOST) -> bool:
    """Whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _ensure(name: str, port: int, command: list[str]) -> None:
    if is_up(port):
        return
    try:
        subprocess.run(command, check=False, timeout=START_TIMEOUT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError("%s is down and `%s` failed: %s"
                           % (name, " ".join(command), exc)) from exc
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if is_up(port):
            return
        time.sleep(0.5)
    raise RuntimeError("%s does not answer on %s:%d even after `%s`"
                       % (name, HOST, port, " ".join(command)))


def ensure_mariadb() -> None:
    """MariaDB answers on 127.0.0.1:3306, or RuntimeError."""
    _ensure("MariaDB", MARIADB_PORT,
            ["start-stop-daemon", "--start", "--oknodo", "--background",
             "--exec", "/usr/sbin/mariadbd"])


def ensure_postgresql() -> None:
    """PostgreSQL answers on 127.0.0.1:5432, or RuntimeError."""
    if is_up(POSTGRESQL_PORT):
        return
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        raise RuntimeError("PostgreSQL is down and no cluster is configured "
                           "under /etc/postgresql")
    _ensure("PostgreSQL", POSTGRESQL_PORT,
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"])


def ensure_rabbitmq() -> None:
    """RabbitMQ answers on 127.0.0.1:5672, or RuntimeError."""
    _ensure("RabbitMQ", RABBITMQ_PORT, ["rabbitmq-server", "-detached"])


def _check_name(name: str) -> None:
    # The name goes into DDL unquoted; keep it to identifier characters.
    if not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise ValueError("unsafe database name: %r" % name)


def create_database(backend: str, name: str) -> str:
    """Create an empty database; returns its SQLAlchemy URL.

    ``backend`` is "mysql" (MariaDB, root without password) or
    "postgresql" (user postgres, trust auth).
    """
    _check_name(name)
    if backend == "mysql":
        ensure_mariadb()
        conn = pymysql.connect(host=HOST, port=MARIADB_PORT, user="root", password="")
        try:
            with conn.cursor() as cur:
                cur.execute("CREATE DATABASE %s CHARACTER SET utf8mb4" % name)
        finally:
            conn.close()
        return "mysql+pymysql://root@%s:%d/%s" % (HOST, MARIADB_PORT, name)
    if backend == "postgresql":
        ensure_postgresql()
        conn = psycopg2.connect(host=HOST, port=POSTGRESQL_PORT, user="postgres",
                                dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("CREATE DATABASE %s" % name)
        finally:
            conn.close()
        return "postgresql+psycopg2://postgres@%s:%d/%s" % (HOST, POSTGRESQL_PORT, name)
    raise ValueError("unknown backend %r (mysql or postgresql)" % backend)


def drop_database(backend: str, name: str) -> None:
    """Drop a database made by create_database, closing its sessions first."""
    _check_name(name)
    if backend == "mysql":
        conn = pymysql.connect(host=HOST, port=MARIADB_PORT, user="root", password="")
        try:
            with conn.cursor() as cur:
                cur.execute("DROP DATABASE IF EXISTS %s" % name)
        finally:
            conn.close()
        return
    if backend == "postgresql":
        conn = psycopg2.connect(host=HOST, port=POSTGRESQL_PORT, user="postgres",
                                dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        finally:
            conn.close()
        return
    raise ValueError("unknown backend %r (mysql or postgresql)" % backend)


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True,
                   timeout=60)


def create_vhost(name: str) -> str:
    """A RabbitMQ vhost of its own, so queues ("engine", "engine.<host>") of
    one deployment are never consumed by another deployment's engines."""
    _check_name(name)
    ensure_rabbitmq()
    _rabbitmqctl("add_vhost", name)
    _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    return "rabbit://guest:guest@%s:5672/%s" % (HOST, name)


def delete_vhost(name: str) -> None:
    _check_name(name)
    try:
        _rabbitmqctl("delete_vhost", name)
    except subprocess.CalledProcessError:
        pass  # already gone
