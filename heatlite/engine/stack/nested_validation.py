"""Validating a stack's nested templates together with the stack.

Heat validates every nested template of a tree before it creates the root
(and when it previews it or answers POST /validate): the inline template
of OS::Heat::Stack, a provider template behind a template resource, the
TemplateURL of AWS::CloudFormation::Stack, one member of a ResourceGroup
or AutoScalingGroup, a chain's members. Each nested stack is parsed with
its parameters and checked as Heat checks a nested stack: schemas and
functions, not parameter or property values, but each plugin's own
validate() runs and the values it reads must be readable (a nested
RandomString's ``length: notanumber`` is ``ValueError: resources.<n><...>
.resources.<x>: Value 'notanumber' is not an integer``). Then its own
nested templates in turn, to ``max_nested_stack_depth``. Nothing is stored
or created. POST /validate checks only schemas and functions down the
tree (``plugin_checks`` False).

An error answers 400 with the nested path, as Heat words it:
``<error>: resources.<name><<template_url>>.resources.<child>...: <message>``
where ``template_url`` is the provider template's name, the TemplateURL, or
``nested_stack`` for a stack the resource builds itself; a member named by
a number reads ``resources[0]``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from oslo_config import cfg

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.resources.stack_resource import ChildSpec, StackResource
from heatlite.engine.stack import nested_build
from heatlite.engine.stack.definition import ResourceDefinition, StackDefinition
from heatlite.engine.template import template as tmpl


@dataclasses.dataclass(frozen=True)
class Limits:
    """The limits a nested tree is validated against."""

    max_depth: int
    max_resources: int

    @classmethod
    def from_conf(cls, conf: cfg.ConfigOpts) -> Limits:
        return cls(conf.max_nested_stack_depth, conf.max_resources_per_stack)


def heat_path(items: list[Any]) -> list[str]:
    """A path with numeric items folded into the one before (``resources[0]``)."""
    out: list[str] = []
    for item in items:
        text = str(item)
        if (isinstance(item, int) or text.isdigit()) and out:
            out[-1] += "[%s]" % text
        else:
            out.append(text)
    return out


def nested_failure(exc: exception.HeatException,
                   prefix: list[str]) -> exception.StackValidationFailed:
    """``exc`` from a nested stack, its path prefixed with the parent's (Heat's)."""
    if isinstance(exc, exception.StackValidationFailed):
        error, path, message = exc.error, list(exc.path), exc.error_message
    else:
        error, path, message = exception.remote_name(exc), [], str(exc)
    return exception.StackValidationFailed(error=error, path=heat_path(prefix + path),
                                           message=message)


def _resolved(snippet: Any) -> Any:
    try:
        return function.resolve(snippet)
    except Exception:
        return None  # depends on something that does not exist yet


def stack_plugin(defn: StackDefinition, rd: ResourceDefinition) -> StackResource | None:
    """The stack resource plugin built from the definition alone; None when
    it cannot be yet (or the type is no stack resource)."""
    try:
        props = rd.property_set().resolve_all()
    except Exception:
        return None  # the resource's own validation reports what is wrong
    plugin = rd.plugin(defn.context_for(rd, props))
    plugin.ctx.update_policy = dict(_resolved(rd.update_policy) or {})
    return plugin if isinstance(plugin, StackResource) else None


def _specs(plugin: StackResource, files: dict[str, str]) -> list[ChildSpec]:
    try:
        return plugin.nested_specs(files)
    except exception.HeatException:
        raise
    except Exception:
        return []  # values that resolve only when the stack runs


def validate_tree(defn: StackDefinition, limits: Limits, depth: int = 0,
                  plugin_checks: bool = True) -> None:
    """Every nested template under ``defn``, down the tree (see the module)."""
    section = defn.template.version.section_names.get(tmpl.RESOURCES, tmpl.RESOURCES)
    files = dict(defn.template.files or {})
    for name in defn.graph.toposort():
        rd = defn.resources[name]
        if not issubclass(rd.plugin, StackResource):
            continue
        plugin = stack_plugin(defn, rd)
        if plugin is None:
            continue
        prefix = [section, "%s<%s>" % (name, plugin.template_url())]
        try:
            for spec in _specs(plugin, files):
                _validate_child(defn, rd, spec, files, limits, depth, plugin_checks)
        except exception.HeatException as exc:
            raise nested_failure(exc, prefix) from None


def _validate_child(defn: StackDefinition, rd: ResourceDefinition, spec: ChildSpec,
                    files: dict[str, str], limits: Limits, depth: int,
                    plugin_checks: bool) -> None:
    child_depth = nested_build.child_depth(depth, limits.max_depth)
    child_files = dict(spec.files) if spec.files is not None else files
    parsed = nested_build.parse_child(spec, child_files)
    nested_build.check_count(nested_build.resource_count(parsed), limits.max_resources)
    child = _child(defn, rd, spec, parsed, child_name(defn, rd.name), defn.stack_id,
                   plugin_checks)
    validate_tree(child, limits, child_depth, plugin_checks)


def child_name(defn: StackDefinition, name: str) -> str:
    """The name Heat gives a nested stack it only parses (validate, preview)."""
    return "%s-%s" % (defn.stack_name, name)


def child_definition(defn: StackDefinition, rd: ResourceDefinition, spec: ChildSpec,
                     name: str, stack_id: str) -> StackDefinition:
    """The nested stack ``spec`` describes, parsed and checked as on validation."""
    files = dict(defn.template.files or {})
    parsed = nested_build.parse_child(spec, dict(spec.files) if spec.files is not None
                                      else files)
    return _child(defn, rd, spec, parsed, name, stack_id)


def _child(defn: StackDefinition, rd: ResourceDefinition, spec: ChildSpec,
           parsed: tmpl.Template, name: str, stack_id: str,
           plugin_checks: bool = False) -> StackDefinition:
    env = nested_build.child_environment(defn.env.as_dict(), spec.params, spec.remove_type)
    facade = nested_build.facade(_resolved(rd.metadata), rd.deletion_policy,
                                 _resolved(rd.update_policy))
    return nested_build.child_definition(defn.registry, parsed, env, name, stack_id,
                                         defn.project_id, facade, strict=False,
                                         plugin_checks=plugin_checks)
