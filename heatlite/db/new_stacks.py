"""Storing a stack about to be created, in one transaction.

A new stack is its raw template, its row (with tags), the lock of the
engine that will run it, its resource rows and its first event. Written
one by one that was five transactions, and a failure half-way left a
stack row behind to be marked FAILED; together it is one commit, and a
failure leaves nothing (the client gets the error).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import events, models, secrets, session


_RAW: sa.Table = models.RawTemplate.__table__  # type: ignore[assignment]
_STACK: sa.Table = models.Stack.__table__  # type: ignore[assignment]
_TAG: sa.Table = models.StackTag.__table__  # type: ignore[assignment]
_LOCK: sa.Table = models.StackLock.__table__  # type: ignore[assignment]
_RESOURCE: sa.Table = models.Resource.__table__  # type: ignore[assignment]
_RESOURCES_OF = (sa.select(_RESOURCE).where(_RESOURCE.c.stack_id == sa.bindparam("stack_id"))
                 .order_by(_RESOURCE.c.id))


@dataclasses.dataclass
class Stored:
    """What ``store`` wrote: the template id, the resource rows (in the
    given order, with every column as an attribute, as a ``models.Resource``
    has them) and the stack's event count when it was counted."""

    template_id: int
    resources: list[Any]
    events_held: int | None


@session.retry_on_deadlock
def store(template: Any, files: Any, environment: Any, stack: Mapping[str, Any],
          tags: Iterable[str], engine_id: str, resources: Iterable[Mapping[str, Any]],
          event: Mapping[str, Any], max_events: int | None = None,
          purge_batch: int = 200) -> Stored:
    """Raw template, stack row (``stack`` without raw_template_id), tags,
    the stack lock held by ``engine_id``, resource rows (without stack_id;
    their current_template_id is the new template) and the stack's first
    event (without stack_id), all or nothing.

    StackExists when a live stack of the tenant has the name (also when
    another request took it meanwhile); the event cap as ``events.add``.
    Core statements, not the ORM: its unit of work cost more than the SQL.
    """
    stack_id = stack["id"]
    items = [dict(item, stack_id=stack_id) for item in resources]
    for values, table in ((stack, _STACK), *((item, _RESOURCE) for item in items)):
        unknown = set(values) - set(table.c.keys())
        if unknown:
            raise ValueError("not %s columns: %s" % (table.name, sorted(unknown)))
    try:
        with session.writer_connection() as conn:
            result = conn.execute(_RAW.insert(), {"template": template, "files": files,
                                                  "environment": secrets.seal_environment(
                                                      environment, template)})
            template_id = int(result.inserted_primary_key[0])
            conn.execute(_STACK.insert(), dict(stack, raw_template_id=template_id))
            tag_rows = [{"stack_id": stack_id, "tag": tag} for tag in tags]
            if tag_rows:
                conn.execute(_TAG.insert(), tag_rows)
            conn.execute(_LOCK.insert(), {"stack_id": stack_id, "engine_id": engine_id})
            rows: list[Any] = []
            if items:
                conn.execute(_RESOURCE.insert(),
                             [dict(item, current_template_id=template_id) for item in items])
                rows = list(conn.execute(_RESOURCES_OF, {"stack_id": stack_id}))
            held = events.add(conn, dict(event, stack_id=stack_id), max_events, purge_batch)
    except db_exception.DBDuplicateEntry as exc:
        if not any("name" in column for column in exc.columns or ()):
            raise
        raise exception.StackExists(stack_name=stack.get("name")) from None
    return Stored(template_id=template_id, resources=rows, events_held=held)
