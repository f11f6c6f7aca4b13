"""Plugin classes of a stored stack's resources, through stored environments.

Every operation on existing resources (delete, check, suspend, resume,
snapshot, signal, an update's clean-up) resolves a row's type the way it
was defined: through the resource_registry and files stored with a raw
template, so aliases and provider templates keep working after create.
A row's own template (``current_template_id``, the one it was last created
or updated with) is tried first: after a failed update the stack's
template may no longer know a type an untouched row still has. Then the
stored templates given, in order (an update's new one, then the one the
old resources were made with). A type none of them knows gets
delete.unknown_type's stand-in, whose operations fail clearly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from heatlite.common import exception
from heatlite.db import raw_templates
from heatlite.engine import resource as resource_mod
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import hooks
from heatlite.engine.stack import plugin_lookup
from heatlite.engine.template.environment import Environment
from heatlite.engine.walk import delete as delete_mod

K = TypeVar("K")
Source = tuple[Environment | None, Mapping[str, Any]]


def _environment(raw: Any) -> Environment | None:
    env, _ = hooks.split_environment(raw.environment)
    try:
        return Environment(env)
    except exception.HeatException:
        return None  # stored before it was checked: no aliases then


def _source(raw: Any) -> Source:
    return _environment(raw), raw.files or {}


class StoredPlugins:
    """Resolves stored resource types through stored raw templates."""

    def __init__(self, registry: Registry, raws: Iterable[Any],
                 load: Callable[[int], Any] = raw_templates.get) -> None:
        self.registry = registry
        self._load = load
        self._of_template: dict[int, Source | None] = {}
        self._sources: list[Source] = []
        for raw in raws:
            source = _source(raw)
            self._sources.append(source)
            # A row made from a template given here needs no second read of it.
            if getattr(raw, "id", None) is not None:
                self._of_template.setdefault(raw.id, source)

    @classmethod
    def of_stack(cls, registry: Registry, stack_row: Any) -> StoredPlugins:
        """Through the rows' own templates, then the stack's current one."""
        return cls(registry, [raw_templates.get(stack_row.raw_template_id)])

    def _row_source(self, template_id: int | None) -> list[Source]:
        if template_id is None:
            return []
        if template_id not in self._of_template:
            try:
                self._of_template[template_id] = _source(self._load(template_id))
            except exception.NotFound:
                self._of_template[template_id] = None
        found = self._of_template[template_id]
        return [found] if found is not None else []

    def by_type(self, type_name: str | None, resource_name: str | None = None,
                template_id: int | None = None) -> type[resource_mod.Resource]:
        """The plugin of one stored type (a stand-in when unknown), through
        raw template ``template_id`` first when given."""
        own = [s for s in self._row_source(template_id)
               if not any(s is given for given in self._sources)]
        for env, files in own + self._sources or [(None, {})]:
            try:
                return plugin_lookup.resolve(self.registry, type_name or "", env, files,
                                             resource_name)
            except exception.HeatException:
                continue
        return delete_mod.unknown_type(type_name or "")

    def by_row(self, row: Any) -> type[resource_mod.Resource]:
        """The plugin of a resource row or record, through its own template first."""
        return self.by_type(row.type, row.name, row.current_template_id)

    def of_records(self, records: Mapping[K, Any]) -> dict[K, type[resource_mod.Resource]]:
        """Each record's plugin, keyed as ``records`` is."""
        return {key: self.by_row(rec) for key, rec in records.items()}
