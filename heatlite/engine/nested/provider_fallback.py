"""Provider templates an update's files map lacks, taken from the stack itself.

As Heat's template resources look for their template in the files map,
then at its URL, then in the nested stack they already have: a resource
whose provider template is no longer given keeps the template its nested
stack was last given. A rolling update that moves a group's members to a
new provider path relies on it, as the members not yet replaced still
name the old one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.db import resources as resource_rows
from heatlite.engine.nested import nested_reads
from heatlite.engine.resources.registry import ProviderTemplate, Registry
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment


def _missing(registry: Registry, template: Mapping[str, Any], files: Mapping[str, str],
             env: Environment) -> dict[str, str]:
    """Resource name -> provider template name, for those not in ``files``."""
    out = {}
    parsed = tmpl.Template(template, files)
    for name, snippet in (parsed.section(tmpl.RESOURCES) or {}).items():
        type_name = snippet.get(tmpl.RES_TYPE) if isinstance(snippet, Mapping) else None
        if not isinstance(type_name, str):
            continue
        try:
            found = registry.resolve(type_name, env, name)
        except exception.HeatException:
            continue  # validation reports it
        if isinstance(found, ProviderTemplate) and "://" not in found.template_name \
                and found.template_name not in files:
            out[name] = found.template_name
    return out


def with_stored_providers(registry: Registry, template: Mapping[str, Any],
                          files: Mapping[str, str], env: Mapping[str, Any],
                          stack_id: str) -> dict[str, str]:
    """``files`` plus the stored template of each missing provider that a
    resource of the existing stack ``stack_id`` already runs as its own
    nested stack (as JSON, keyed by the provider template's name)."""
    out = dict(files)
    missing = _missing(registry, template, files, Environment(dict(env)))
    if not missing:
        return out
    for row in resource_rows.get_all_by_stack(stack_id):
        name = missing.get(row.name)
        if name is None or name in out or not nested_reads.owns(stack_id,
                                                                row.physical_resource_id):
            continue
        stored = nested_reads.template_of(row.physical_resource_id)
        if stored:
            out[name] = json.dumps(stored)
    return out
