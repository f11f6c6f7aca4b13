"""Attribute schemas of resource types and selecting a path inside a value.

Resolved attribute values are stored when a resource completes (attr_data),
so templates and views read them back; nothing here calls a plugin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

TYPES = (STRING, MAP, LIST, INTEGER, BOOLEAN, NUMBER) = (
    "String", "Map", "List", "Integer", "Boolean", "Number")
# ``resource.<name>[.<attr>]``: a resource of the nested stack behind a
# group or template resource (its reference id, or one of its attributes).
MEMBER_PREFIX = "resource."


@dataclasses.dataclass(frozen=True)
class Schema:
    """One attribute a resource type offers."""

    description: str = ""
    type: str | None = None

    def __post_init__(self) -> None:
        if self.type is not None and self.type not in TYPES:
            raise ValueError("Invalid attribute type %s" % self.type)


def select(value: Any, path: Sequence[Any]) -> Any:
    """Follow ``path`` (map keys / list indices) into ``value``.

    As in Heat, a path that does not lead anywhere gives None, while a
    path component of the wrong type is the template's error.
    """
    current = value
    for key in path:
        if not isinstance(key, str | int):
            raise TypeError("Path components in attributes must be strings")
        if isinstance(current, Mapping):
            if key not in current:
                return None
            current = current[key]
        elif isinstance(current, Sequence) and not isinstance(current, str):
            if not isinstance(key, int):
                return None
            try:
                current = current[key]
            except IndexError:
                return None
        else:
            return None
    return current
