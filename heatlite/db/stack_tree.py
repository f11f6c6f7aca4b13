"""Queries over a tree of nested stacks (owner_id links a child to its parent).

The engine enforces ``max_resources_per_stack`` over a whole tree, so it
needs the root of a stack and the resources of every live stack under it.
``root_id``/``tree_ids`` take one query per level; ``count_tree_of`` does
the whole walk up and down in one recursive query (SQLite, MariaDB 10.2+,
MySQL 8, PostgreSQL), for the nested-stack runner that asks once per child.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from heatlite.db import models, session

Stack = models.Stack


def root_id(row: Any) -> str:
    """The id of the top-level stack above ``row`` (a stack row)."""
    current = row
    with session.reader() as s:
        for _ in range(64):  # deeper than any allowed nesting
            owner = current.owner_id
            if not owner:
                return str(current.id)
            parent = s.get(Stack, owner)
            if parent is None:
                return str(current.id)
            current = parent
    return str(current.id)


def tree_ids(root: str) -> list[str]:
    """The live stack ``root`` and every live stack nested under it."""
    found = [root]
    level = [root]
    with session.reader() as s:
        while level:
            level = list(s.scalars(sa.select(Stack.id).where(
                Stack.owner_id.in_(level), Stack.deleted_at.is_(None))))
            found.extend(level)
    return found


def count_resources(stack_ids: Iterable[str]) -> int:
    """How many resource rows the stacks hold."""
    ids = list(stack_ids)
    if not ids:
        return 0
    with session.reader() as s:
        return int(s.scalar(sa.select(sa.func.count(models.Resource.id))
                            .where(models.Resource.stack_id.in_(ids))) or 0)


def count_tree_resources(root: str) -> int:
    """Resources of the whole tree under (and in) ``root``."""
    return count_resources(tree_ids(root))


def _tree_count_statement() -> sa.Select[tuple[int]]:
    table: sa.Table = Stack.__table__  # type: ignore[assignment]
    start = sa.bindparam("stack_id")
    # Up: the stack and its ancestors, numbered by distance; the root is
    # the farthest (a missing owner ends the walk, as in root_id).
    up = (sa.select(table.c.id, table.c.owner_id, sa.literal(0).label("hops"))
          .where(table.c.id == start).cte("up", recursive=True))
    parent = table.alias("parent")
    up = up.union_all(sa.select(parent.c.id, parent.c.owner_id, up.c.hops + 1)
                      .where(parent.c.id == up.c.owner_id, up.c.hops < 64))
    root = sa.select(up.c.id).order_by(up.c.hops.desc()).limit(1).scalar_subquery()
    # Down: the root and every live stack under it.
    down = sa.select(table.c.id).where(table.c.id == root).cte("down", recursive=True)
    child = table.alias("child")
    down = down.union_all(sa.select(child.c.id).where(child.c.owner_id == down.c.id,
                                                      child.c.deleted_at.is_(None)))
    return (sa.select(sa.func.count(models.Resource.id))
            .where(models.Resource.stack_id.in_(sa.select(down.c.id))))


_TREE_COUNT = _tree_count_statement()


def count_tree_of(stack_id: str) -> int:
    """``count_tree_resources`` of the root above ``stack_id``, in one query
    (0 when the stack is missing)."""
    with session.reader_connection() as conn:
        return int(conn.execute(_TREE_COUNT, {"stack_id": stack_id}).scalar() or 0)
