"""Queries over a tree of nested stacks (owner_id links a child to its parent).

The engine enforces ``max_resources_per_stack`` over a whole tree, so it
needs the root of a stack and the resources of every live stack under it:
one query per level of the tree, one to count.
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
