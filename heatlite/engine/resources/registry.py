"""The resource type registry: type name -> plugin class.

Types come from the ``heatlite.resources`` entry point group, each entry a
callable returning ``{type_name: class}``; heatlite's own types are the
``builtin`` entry like any third party's. Then from the Python files in
``[DEFAULT] plugin_dirs``, as Heat loads its plugins: every module there
that defines ``resource_mapping()`` (or ``available_resource_mapping()``)
adds its types. Two plugins claiming one name is a configuration error,
reported rather than silently resolved. See doc/source/plugins.rst.

A Heat type that needs another OpenStack service and that no plugin
implements resolves to a placeholder that refuses it (service_types.py);
listings leave those out.

``resolve`` looks a type up through a stack's environment: the
resource_registry may alias it to another type (per resource or
globally, possibly several steps) or to a provider template, which comes
back as a ``ProviderTemplate`` (a distinct result the caller must handle).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from types import ModuleType
from typing import Protocol

from heatlite.common import exception
from heatlite.engine import resource
from heatlite.engine.resources import service_types

LOG = logging.getLogger(__name__)

GROUP = "heatlite.resources"
# The functions a plugin module may define, as in Heat.
MAPPING_FUNCTIONS = ("resource_mapping", "available_resource_mapping")
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

    def registry_targets(self, type_name: str,
                         resource_name: str | None = None) -> list[str]: ...


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
        found = self._lookup(type_name)
        if found is None:
            raise exception.ResourceTypeNotFound(type_name=type_name)
        return found

    def _lookup(self, type_name: str) -> type[resource.Resource] | None:
        """A plugin, else the placeholder of a Heat type that needs a service."""
        if not isinstance(type_name, str):
            return None
        return self._types.get(type_name) or service_types.placeholder(type_name)

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
                found = self._lookup(current)
                if found is not None:
                    return found
                raise exception.ResourceTypeNotFound(type_name=type_name)
            if target in seen:
                break
            seen.add(target)
            current = target
        raise exception.StackValidationFailed(
            message="Resource type %s: the resource_registry aliases loop" % type_name)

    def facade(self, type_name: str, env: Aliases,
               resource_name: str | None = None
               ) -> type[resource.Resource] | ProviderTemplate | None:
        """What ``type_name`` would be without the registry entry that won.

        When that entry made the resource a template resource, Heat checks
        the provider template against this type (its facade). None when the
        type has no other meaning.
        """
        if is_template_name(type_name):
            return None
        for target in env.registry_targets(type_name, resource_name)[1:]:
            try:
                return self.resolve(target, env, resource_name)
            except exception.ResourceTypeNotFound:
                continue
        return self._types.get(type_name)

    def items(self) -> list[tuple[str, type[resource.Resource]]]:
        return sorted(self._types.items())

    def __contains__(self, type_name: object) -> bool:
        return type_name in self._types

    def names(self) -> list[str]:
        return sorted(self._types)


def _import_file(path: str, index: int) -> ModuleType | None:
    """Import one plugin file under a private module name (None: it failed)."""
    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    name = "heatlite_plugin_%d_%s" % (index, stem)
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except Exception:
        # As Heat: a broken plugin is logged and skipped, the engine still starts.
        LOG.exception("Failed to import resource plugin %s", path)
        return None


def plugin_files(dirs: Iterable[str]) -> list[str]:
    """The .py files under each existing directory, in a stable order."""
    files = []
    for top in dirs:
        if not os.path.isdir(top):
            continue
        for root, subdirs, names in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith((".", "__")))
            files.extend(os.path.join(root, n) for n in sorted(names)
                         if n.endswith(".py") and not n.startswith("."))
    return files


def from_plugin_dirs(dirs: Iterable[str]) -> list[tuple[str, TypeMap]]:
    """(file, types) for every plugin module in ``dirs`` with a mapping function."""
    sources: list[tuple[str, TypeMap]] = []
    for index, path in enumerate(plugin_files(dirs)):
        module = _import_file(path, index)
        if module is None:
            continue
        for func_name in MAPPING_FUNCTIONS:
            func = getattr(module, func_name, None)
            if callable(func):
                mapping = func()
                _check_mapping(path, mapping)
                sources.append((path, mapping))
    return sources


def _check_mapping(source: str, mapping: object) -> None:
    if not isinstance(mapping, Mapping):
        raise TypeError("%s: a resource mapping must be a dict" % source)
    for name, cls in mapping.items():
        if not (isinstance(cls, type) and issubclass(cls, resource.Resource)):
            raise TypeError("%s: %s is not a heatlite.engine.resource.Resource subclass"
                            % (source, name))


def from_entry_points(builtin: Callable[[], TypeMap],
                      plugin_dirs: Iterable[str] = ()) -> Registry:
    """Every ``heatlite.resources`` entry point, the built-ins among them,
    then the plugin modules found in ``plugin_dirs``.

    When heatlite runs from a source tree that was never installed, the
    ``builtin`` entry point is absent; ``builtin`` stands in for it then.
    """
    sources: list[tuple[str, TypeMap]] = []
    names = set()
    for ep in metadata.entry_points(group=GROUP):
        names.add(ep.name)
        mapping = ep.load()()
        _check_mapping("entry point %s" % ep.name, mapping)
        sources.append((ep.name, mapping))
    if "builtin" not in names:
        sources.insert(0, ("builtin", builtin()))
    sources.extend(from_plugin_dirs(plugin_dirs))
    return Registry(sources)
