"""Building a nested stack's definition: environment, facade and limits.

Shared by the runner that creates and updates nested stacks (nested.py)
and by the validation of a parent stack's nested templates
(nested_validation.py), so both apply the same rules with Heat's messages:
the child's environment is the parent's global resource_registry and
parameter_defaults plus the resource's parameters; ``resource_facade``
reads the parent resource's metadata, deletion and update policies; depth
beyond ``max_nested_stack_depth`` is ``Recursion depth exceeds <n>.``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine.resources.registry import Registry
from heatlite.engine.resources.stack_resource import ChildSpec
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.environment import Environment

TOO_MANY_RESOURCES = "Maximum resources per stack exceeded."


def child_environment(parent_env: Mapping[str, Any] | None, params: Mapping[str, Any],
                      remove_type: str | None) -> dict[str, Any]:
    """The parent's global resource_registry and defaults, the child's parameters.

    ``remove_type`` (the template resource's own type) is left out so a
    provider template cannot instantiate itself.
    """
    parent_env = parent_env or {}
    registry = {k: v for k, v in (parent_env.get("resource_registry") or {}).items()
                if k != "resources" and not (remove_type and k == remove_type)}
    return {"parameters": dict(params), "resource_registry": registry,
            "parameter_defaults": dict(parent_env.get("parameter_defaults") or {})}


def facade(metadata: Any, deletion_policy: str, update_policy: Any) -> dict[str, Any]:
    """What ``resource_facade`` gives inside the child: the parent resource's."""
    out = {"metadata": metadata or {}, "deletion_policy": deletion_policy,
           "update_policy": dict(update_policy or {})}
    # Fn::ResourceFacade (CFN templates) spells the same three names so.
    out.update({"Metadata": out["metadata"], "DeletionPolicy": out["deletion_policy"],
                "UpdatePolicy": out["update_policy"]})
    return out


def child_depth(parent_depth: int | None, limit: int) -> int:
    """The depth of a stack nested in one at ``parent_depth`` (Heat's limit check)."""
    if (parent_depth or 0) >= limit:
        raise exception.RequestLimitExceeded(message="Recursion depth exceeds %d." % limit)
    return (parent_depth or 0) + 1


def check_count(total: int, limit: int) -> None:
    """``max_resources_per_stack`` (-1: unlimited) against a resource count."""
    if limit != -1 and total > limit:
        raise exception.RequestLimitExceeded(message=TOO_MANY_RESOURCES)


def parse_child(spec: ChildSpec, files: Mapping[str, str]) -> tmpl.Template:
    """The child's template, its version and sections checked."""
    parsed = tmpl.Template(spec.template, files)
    parsed.validate()
    return parsed


def resource_count(parsed: tmpl.Template) -> int:
    resources = parsed.section(tmpl.RESOURCES)
    return len(resources) if isinstance(resources, Mapping) else 0


def child_definition(registry: Registry, parsed: tmpl.Template, env: Mapping[str, Any],
                     name: str, stack_id: str, tenant: str,
                     parent_facade: dict[str, Any], strict: bool = True,
                     plugin_checks: bool = False) -> StackDefinition:
    """The child stack's definition, validated (``strict`` False: schemas only,
    and with ``plugin_checks`` the plugins' own checks, see StackDefinition.validate).

    Nested templates of the child itself are not looked into here: they
    were validated with the root stack (nested_validation.py), as Heat
    validates a tree once, before the root is created.
    """
    defn = StackDefinition(parsed, Environment(dict(env)), registry, name, stack_id, tenant)
    defn.scope.facade = parent_facade
    defn.parameters.validate(values=strict)
    defn.load()
    defn.validate(strict, plugin_checks)
    return defn
