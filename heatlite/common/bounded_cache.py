"""A small least-recently-used cache for values that never go stale.

For things written once and read often (a raw template, what a stack show
derives from one): keep the most recently used few, make the rest again.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

_V = TypeVar("_V")


class BoundedCache(Generic[_V]):
    """Up to ``size`` values by key; the least recently used go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: collections.OrderedDict[Hashable, _V] = collections.OrderedDict()

    def get_or_make(self, key: Hashable, make: Callable[[], _V]) -> _V:
        """The kept value for ``key``, else ``make()``'s, kept from now on."""
        try:
            value = self._items[key]
        except KeyError:
            value = self._items[key] = make()
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return value
