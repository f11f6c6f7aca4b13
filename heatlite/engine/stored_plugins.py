"""Plugin classes of a stored stack's resources, through its stored environment.

Every operation on existing resources (delete, check, suspend, resume,
snapshot, signal, an update's clean-up) resolves a row's type the way the
stack's definition did: through the resource_registry and files stored with
the template, so aliases and provider templates keep working after create.
Several stored templates may be given, tried in order (an update's new one,
then the one the old resources were made with). A type none of them knows
gets delete.unknown_type's stand-in, whose operations fail clearly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from heatlite.common import exception
from heatlite.db import raw_templates
from heatlite.engine import delete as delete_mod
from heatlite.engine import hooks
from heatlite.engine import plugin_lookup
from heatlite.engine import resource as resource_mod
from heatlite.engine.environment import Environment
from heatlite.engine.resources.registry import Registry

K = TypeVar("K")


def _environment(raw: Any) -> Environment | None:
    env, _ = hooks.split_environment(raw.environment)
    try:
        return Environment(env)
    except exception.HeatException:
        return None  # stored before it was checked: no aliases then


class StoredPlugins:
    """Resolves stored resource types through stored raw templates."""

    def __init__(self, registry: Registry, raws: Iterable[Any]) -> None:
        self.registry = registry
        self._sources = [(_environment(raw), raw.files or {}) for raw in raws]

    @classmethod
    def of_stack(cls, registry: Registry, stack_row: Any) -> StoredPlugins:
        """Through the template (and environment) the stack has now."""
        return cls(registry, [raw_templates.get(stack_row.raw_template_id)])

    def by_type(self, type_name: str | None,
                resource_name: str | None = None) -> type[resource_mod.Resource]:
        """The plugin of one stored type (a stand-in when unknown)."""
        for env, files in self._sources or [(None, {})]:
            try:
                return plugin_lookup.resolve(self.registry, type_name or "", env, files,
                                             resource_name)
            except exception.HeatException:
                continue
        return delete_mod.unknown_type(type_name or "")

    def of_records(self, records: Mapping[K, Any]) -> dict[K, type[resource_mod.Resource]]:
        """Each record's plugin, keyed as ``records`` is."""
        return {key: self.by_type(rec.type, rec.name) for key, rec in records.items()}
