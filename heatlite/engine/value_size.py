"""The budget on values a template evaluates to (``max_evaluated_value_size``).

A few hundred bytes of template can ask for gigabytes: ``repeat`` over a
product of lists, ``str_replace`` of a one-letter key by a long value,
``list_join`` of many copies, or a list of such calls. Every such value
is a resource property, an output or an attribute that heatlite stores and
serves, so each is held to one size: the length of its JSON text, about.
Functions that build values predict or count their output as they build it
and stop at the budget, so the refused value never exists; ``resolve``
(heatlite.engine.function) also charges each function's result to the
snippet being resolved, so many calls within budget cannot add up past it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from heatlite.common import config
from heatlite.common import exception

OPTION = "max_evaluated_value_size"


def limit(conf: cfg.ConfigOpts | None = None) -> int:
    """The budget, in characters of JSON."""
    return (conf or config.CONF).max_evaluated_value_size


def too_large(what: str, size: int, budget: int) -> exception.RequestLimitExceeded:
    """The 400 for a value of ``what`` (a function name) over the budget."""
    return exception.RequestLimitExceeded(
        message="The value of %s (%s bytes or more) exceeds maximum allowed size "
                "(%s bytes, %s)." % (what, size, budget, OPTION))


def check(what: str, size: int, budget: int | None = None) -> None:
    """RequestLimitExceeded when ``size`` is over the budget."""
    budget = limit() if budget is None else budget
    if size > budget:
        raise too_large(what, size, budget)


def size_of(value: Any, cap: int) -> int:
    """About the length of ``value``'s JSON text; the walk stops past ``cap``
    (the answer is then some number above it), so its cost is bounded too."""
    total = 0
    stack = [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 3
        elif isinstance(item, Mapping):
            total += 2 + len(item)
            for key, val in item.items():
                stack.append(key)
                stack.append(val)
        elif isinstance(item, list | tuple):
            total += 2 + len(item)
            stack.extend(item)
        else:
            total += 6
    return total


class Charge:
    """What one resolution has produced so far, against the budget."""

    def __init__(self) -> None:
        self.budget = limit()
        self.used = 0

    def add(self, what: str, value: Any) -> None:
        self.used += size_of(value, self.budget - self.used)
        check(what, self.used, self.budget)
