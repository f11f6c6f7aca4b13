"""The fault tests' view of a deployment's database, read straight from it.

After a fault the API may not be the right witness (the engine answering
may be the one that broke), so the fault cases read the rows themselves:
a stack's state, who holds its lock, the members of its nested stacks,
the events that name a dead engine, and ``leftovers()``, the check every
fault case ends with. Read-only, and no pooled connection outlives a
query, so dropping the database afterwards never waits on us.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

Row = sa.Row[Any]

_LEFTOVER_QUERIES = (
    ("stack left IN_PROGRESS",
     "SELECT id, name, action, status, status_reason FROM stack "
     "WHERE status = 'IN_PROGRESS'"),
    ("lock still held",
     "SELECT stack_id, engine_id FROM stack_lock"),
    ("resource left IN_PROGRESS in a live stack",
     "SELECT r.stack_id, r.name, r.action, r.status FROM resource r "
     "JOIN stack s ON s.id = r.stack_id "
     "WHERE r.status = 'IN_PROGRESS' AND s.deleted_at IS NULL"),
    # A live child whose parent is gone or deleted is an orphan: nothing
    # would ever delete it.
    ("orphan nested stack",
     "SELECT c.id, c.name, c.action, c.status, c.owner_id FROM stack c "
     "LEFT JOIN stack p ON p.id = c.owner_id "
     "WHERE c.owner_id IS NOT NULL AND c.deleted_at IS NULL "
     "AND (p.id IS NULL OR p.deleted_at IS NOT NULL)"),
)


class Probe:
    """Queries on one heatlite database (SQLite, MariaDB or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self._engine = sa.create_engine(url, poolclass=NullPool)

    def rows(self, sql: str, **params: Any) -> Sequence[Row]:
        with self._engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()

    def stack(self, stack_id: str) -> Row | None:
        """id, name, action, status, status_reason, deleted_at, owner_id."""
        found = self.rows("SELECT id, name, action, status, status_reason, deleted_at, "
                          "owner_id FROM stack WHERE id = :id", id=stack_id)
        return found[0] if found else None

    def lock_holder(self, stack_id: str) -> str | None:
        found = self.rows("SELECT engine_id FROM stack_lock WHERE stack_id = :id",
                          id=stack_id)
        return found[0].engine_id if found else None

    def host_of(self, engine_id: str) -> str | None:
        """The ``host`` an engine registered with (its RPC server name)."""
        found = self.rows("SELECT host FROM service WHERE engine_id = :id", id=engine_id)
        return found[0].host if found else None

    def members(self, parent_id: str) -> list[Row]:
        """The resources of ``parent_id``'s live nested stacks: uuid, name,
        action, status, stack_id."""
        return list(self.rows(
            "SELECT r.uuid, r.name, r.action, r.status, r.stack_id FROM resource r "
            "JOIN stack s ON s.id = r.stack_id "
            "WHERE s.owner_id = :id AND s.deleted_at IS NULL", id=parent_id))

    def events_naming(self, text: str) -> list[Row]:
        """Every event whose reason contains ``text``, oldest first:
        created_at, stack_id, resource_name, resource_status_reason."""
        return list(self.rows(
            "SELECT created_at, stack_id, resource_name, resource_status_reason "
            "FROM event WHERE resource_status_reason LIKE :pattern ORDER BY id",
            pattern="%" + text + "%"))

    def failed_events(self) -> list[Row]:
        """Every event of a FAILED transition, in any stack."""
        return list(self.rows(
            "SELECT stack_id, resource_name, resource_action, resource_status_reason "
            "FROM event WHERE resource_status = 'FAILED' ORDER BY id"))

    def leftovers(self) -> list[str]:
        """What a fault must never leave behind: stacks or resources
        IN_PROGRESS, held locks, orphan nested stacks. Empty when clean."""
        found = []
        for what, sql in _LEFTOVER_QUERIES:
            found.extend("%s: %s" % (what, tuple(row)) for row in self.rows(sql))
        return found

    def close(self) -> None:
        self._engine.dispose()


def as_datetime(value: Any) -> datetime.datetime:
    """A timestamp column read through plain SQL (SQLite gives text)."""
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value)
    return value


def utcnow() -> datetime.datetime:
    """Now as the engines stamp rows: naive UTC."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
