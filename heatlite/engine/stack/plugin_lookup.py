"""A type name to its plugin class, through an environment and a files map.

The one lookup every operation uses: the environment's resource_registry
may alias the type (globally or for the named resource) or map it to a
provider template, which is read from the files map and becomes a
template resource plugin (whose property defaults the environment's
parameter_defaults override).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine import resource as resource_mod
from heatlite.engine.resources import template_resource
from heatlite.engine.resources.registry import Aliases, ProviderTemplate, Registry
from heatlite.engine.template.environment import Environment


def resolve(registry: Registry, type_name: str, env: Aliases | None,
            files: Mapping[str, Any] | None,
            resource_name: str | None = None) -> type[resource_mod.Resource]:
    """The plugin ``type_name`` stands for.

    ResourceTypeNotFound when nothing implements it; StackValidationFailed
    when it names a provider template the files map lacks.
    """
    return plugin_of(registry.resolve(type_name, env, resource_name), env, files)


def plugin_of(found: type[resource_mod.Resource] | ProviderTemplate, env: Aliases | None,
              files: Mapping[str, Any] | None) -> type[resource_mod.Resource]:
    """The plugin of what the registry resolved a type to."""
    if not isinstance(found, ProviderTemplate):
        return found
    name = found.template_name
    if name not in (files or {}):
        # URLs too: heatlite reads no file and fetches no URL, so a template
        # comes from the files map (heatclient keys it by its URL) or not at all.
        raise exception.StackValidationFailed(
            message='Could not fetch remote template "%s": it is not in the files map'
            % name)
    defaults = env.param_defaults if isinstance(env, Environment) else None
    return template_resource.plugin_for(found, (files or {})[name], defaults)


def implementation(plugin: type[resource_mod.Resource]) -> type[resource_mod.Resource]:
    """What decides replacement on a type change: the class Heat would build.

    Every provider template runs as one TemplateResource class in Heat, so
    moving between templates (or types mapped to one) updates in place.
    """
    if issubclass(plugin, template_resource.TemplateResource):
        return template_resource.TemplateResource
    return plugin
