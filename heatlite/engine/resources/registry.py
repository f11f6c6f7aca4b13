"""The resource type registry: type name -> plugin class.

Types come from the ``heatlite.resources`` entry point group, each entry a
callable returning ``{type_name: class}``; heatlite's own types are the
``builtin`` entry like any third party's. Two plugins claiming one name is
a configuration error, reported rather than silently resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import metadata

from heatlite.common import exception
from heatlite.engine import resource

GROUP = "heatlite.resources"
TypeMap = Mapping[str, type[resource.Resource]]


class DuplicateResourceType(Exception):
    """Two plugins register the same type name."""


class Registry:
    """Immutable once built; look types up with ``get``."""

    def __init__(self, sources: Iterable[tuple[str, TypeMap]]) -> None:
        types: dict[str, type[resource.Resource]] = {}
        origin: dict[str, str] = {}
        for source, mapping in sources:
            for name, cls in mapping.items():
                if name in types and types[name] is not cls:
                    raise DuplicateResourceType(
                        "%s is registered by both %s and %s" % (name, origin[name], source))
                types[name] = cls
                origin[name] = source
        self._types = types

    def get(self, type_name: str) -> type[resource.Resource]:
        try:
            return self._types[type_name]
        except (KeyError, TypeError):
            raise exception.ResourceTypeNotFound(type_name=type_name) from None

    def __contains__(self, type_name: object) -> bool:
        return type_name in self._types

    def names(self) -> list[str]:
        return sorted(self._types)


def from_entry_points(builtin: Callable[[], TypeMap]) -> Registry:
    """Every ``heatlite.resources`` entry point, the built-ins among them.

    When heatlite runs from a source tree that was never installed, the
    ``builtin`` entry point is absent; ``builtin`` stands in for it then.
    """
    sources: list[tuple[str, TypeMap]] = []
    names = set()
    for ep in metadata.entry_points(group=GROUP):
        names.add(ep.name)
        sources.append((ep.name, ep.load()()))
    if "builtin" not in names:
        sources.insert(0, ("builtin", builtin()))
    return Registry(sources)
