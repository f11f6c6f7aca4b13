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

from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import events, models, session


@dataclasses.dataclass
class Stored:
    """What ``store`` wrote: the template id, the resource rows (given
    order, detached ORM objects) and the stack's event count when counted."""

    template_id: int
    resources: list[models.Resource]
    events_held: int | None


@session.retry_on_deadlock
def store(template: Any, files: Any, environment: Any, stack: Mapping[str, Any],
          tags: Iterable[str], engine_id: str, resources: Iterable[Mapping[str, Any]],
          event: Mapping[str, Any], max_events: int | None = None,
          purge_batch: int = 200) -> Stored:
    """Raw template, stack row (``stack`` without raw_template_id), tags,
    the stack lock held by ``engine_id``, resource rows (without stack_id)
    and the stack's first event (without stack_id), all or nothing.

    StackExists when a live stack of the tenant has the name (also when
    another request took it meanwhile); the event cap as ``events.add``.
    """
    stack_id = stack["id"]
    raw = models.RawTemplate(template=template, files=files, environment=environment)
    try:
        with session.writer() as s:
            s.add(raw)
            s.flush()
            row = models.Stack(**dict(stack, raw_template_id=raw.id))
            row.tags = [models.StackTag(tag=tag) for tag in tags]
            s.add(row)
            s.add(models.StackLock(stack_id=stack_id, engine_id=engine_id))
            s.flush()
            rows = [models.Resource(**dict(item, stack_id=stack_id)) for item in resources]
            s.add_all(rows)
            s.flush()
            held = events.add(s.connection(), dict(event, stack_id=stack_id), max_events,
                              purge_batch)
    except db_exception.DBDuplicateEntry as exc:
        if not any("name" in column for column in exc.columns or ()):
            raise
        raise exception.StackExists(stack_name=stack.get("name")) from None
    return Stored(template_id=raw.id, resources=rows, events_held=held)
