"""The resource type registry: type name -> plugin class.

Types come from the ``heatlite.resources`` entry point group, each entry a
callable returning ``{type_name: class}``; heatlite's own types are the
``builtin`` entry like any third party's. Two plugins claiming one name is
a configuration error, reported rather than silently resolved.

``resolve`` looks a type up through a stack's environment: the
resource_registry may alias it to another type (per resource or
globally, possibly several steps) or to a provider template, which comes
back as a ``ProviderTemplate`` (a distinct result the caller must handle).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from typing import Protocol

from heatlite.common import exception
from heatlite.engine import resource

GROUP = "heatlite.resources"
TypeMap = Mapping[str, type[resource.Resource]]


# How many registry aliases a lookup follows before calling it a loop.
MAX_ALIAS_STEPS = 16


@dataclasses.dataclass(frozen=True)
class ProviderTemplate:
    """A type that is implemented by a template (a ``files`` entry or URL)."""

    type_name: str
    template_name: str


class Aliases(Protocol):
    """The part of an Environment that ``resolve`` uses."""

    def registry_target(self, type_name: str,
                        resource_name: str | None = None) -> str | None: ...


def is_template_name(name: str) -> bool:
    return name.endswith((".yaml", ".template", ".yml", ".json")) or "://" in name


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

    def resolve(self, type_name: str, env: Aliases | None = None,
                resource_name: str | None = None
                ) -> type[resource.Resource] | ProviderTemplate:
        """The plugin (or provider template) ``type_name`` stands for.

        Follows the environment's aliases; ResourceTypeNotFound names the
        type as written when nothing matches, and an alias loop is refused.
        """
        if not isinstance(type_name, str):
            raise exception.ResourceTypeNotFound(type_name=type_name)
        current = type_name
        seen = {current}
        for _step in range(MAX_ALIAS_STEPS):
            if is_template_name(current):
                return ProviderTemplate(type_name=type_name, template_name=current)
            target = env.registry_target(current, resource_name) if env else None
            if target is None:
                if current in self._types:
                    return self._types[current]
                raise exception.ResourceTypeNotFound(type_name=type_name)
            if target in seen:
                break
            seen.add(target)
            current = target
        raise exception.StackValidationFailed(
            message="Resource type %s: the resource_registry aliases loop" % type_name)

    def items(self) -> list[tuple[str, type[resource.Resource]]]:
        return sorted(self._types.items())

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
