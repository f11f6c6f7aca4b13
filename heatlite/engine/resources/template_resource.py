"""Template resources: a type implemented by a provider template.

A resource whose type is a template in the files map, or a type the
environment's resource_registry maps to one, runs that template as its
nested stack. Its properties are the template's parameters (every one
update_allowed; a default from the stack's ``parameter_defaults`` wins
over the template's, and a parameter with neither is required), its
attributes the template's outputs (and ``resource.<name>[.<attr>]``, the
nested stack's own resources), and its reference id the ``OS::stack_id``
output when the template has one, else the nested stack's ARN, as in Heat.
``plugin_for`` builds (and caches) one plugin class per provider template.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.common import template_format
from heatlite.engine import attributes
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources.registry import ProviderTemplate
from heatlite.engine.resources.stack_resource import (
    MEMBER_PREFIX, ChildSpec, StackResource, member_attribute, member_entry)

STACK_ID_OUTPUT = "OS::stack_id"

_PARAM_TYPES = {"string": properties.STRING, "number": properties.NUMBER,
                "boolean": properties.BOOLEAN, "json": properties.ANY,
                "comma_delimited_list": properties.LIST}


class TemplateResource(StackResource):
    """The base of every provider-template plugin class."""

    TEMPLATE_NAME = ""
    TYPE_NAME = ""
    TEMPLATE: Mapping[str, Any] = {}

    def child_params(self) -> dict[str, Any]:
        """Property values as the template's parameters (lists comma-joined).

        As Heat passes only the values the user gave, a property left at
        its default is not passed: the nested stack then takes the same
        value from its own default, overridden by the parameter_defaults it
        inherits exactly as the property's default was.
        """
        out: dict[str, Any] = {}
        for key, schema in self.PROPERTIES.items():
            value = self.properties.get(key)
            if value is None or _is_default(schema, value):
                continue
            if schema.type == properties.LIST and isinstance(value, list):
                value = ",".join(str(v) for v in value)
            out[key] = value
        return out

    def child_spec(self) -> ChildSpec:
        remove = self.TYPE_NAME if self.TYPE_NAME != self.TEMPLATE_NAME else None
        return ChildSpec(template=self.TEMPLATE, params=self.child_params(),
                         remove_type=remove)

    def template_url(self) -> str:
        return self.TEMPLATE_NAME

    def get_attribute(self, name: str) -> Any:
        return self.outputs().get(name)

    def extra_attribute_data(self) -> dict[str, Any]:
        data = super().extra_attribute_data()
        rows = self.runner().members(self.resource_id) if self.resource_id else []
        data["_members"] = [member_entry(rec) for rec in rows]
        return data

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        if name.startswith(MEMBER_PREFIX):
            try:
                return member_attribute(attrs.get("_members") or [], name)
            except exception.NotFound:
                return None
        return super().stored_attribute(attrs, name)

    def get_reference_id(self) -> str | None:
        if self.resource_id is None:
            return self.name
        outs = self.outputs()
        if outs.get(STACK_ID_OUTPUT) is not None:
            return str(outs[STACK_ID_OUTPUT])
        return self.nested_arn()


def _is_default(schema: properties.Schema, value: Any) -> bool:
    if schema.default is None:
        return False
    try:
        return schema.coerce(None, False) == value
    except (TypeError, ValueError):
        return False


def _schema(name: str, param: Any, defaults: Mapping[str, Any]) -> properties.Schema:
    if not isinstance(param, Mapping):
        raise exception.StackValidationFailed(
            message="Parameter %s of the provider template is not a map" % name)
    kind = _PARAM_TYPES.get(str(param.get("type", "")).lower(), properties.ANY)
    has_default = name in defaults or "default" in param
    return properties.Schema(kind, str(param.get("description") or ""),
                             default=defaults.get(name, param.get("default")),
                             required=not has_default, update_allowed=True)


@functools.lru_cache(maxsize=256)
def _build(type_name: str, template_name: str, text: str,
           defaults_json: str) -> type[TemplateResource]:
    try:
        parsed = template_format.parse(text, template_name)
    except ValueError as exc:
        raise exception.StackValidationFailed(
            message="Could not parse the provider template %s: %s"
            % (template_name, exc)) from None
    params = parsed.get("parameters") or parsed.get("Parameters") or {}
    outputs = parsed.get("outputs") or parsed.get("Outputs") or {}
    if not isinstance(params, Mapping) or not isinstance(outputs, Mapping):
        raise exception.StackValidationFailed(
            message="The provider template %s has invalid parameters or outputs"
            % template_name)
    defaults = json.loads(defaults_json)
    schema = {name: _schema(name, p, defaults) for name, p in params.items()}
    attrs = {name: attributes.Schema(str((o or {}).get("description") or "")
                                     if isinstance(o, Mapping) else "")
             for name, o in outputs.items()}
    return type("TemplateResource", (TemplateResource,), {
        "PROPERTIES": schema, "ATTRIBUTES": attrs, "TEMPLATE": parsed,
        "TEMPLATE_NAME": template_name, "TYPE_NAME": type_name})


def plugin_for(found: ProviderTemplate, text: str,
               param_defaults: Mapping[str, Any] | None = None) -> type[resource.Resource]:
    """The plugin class of a provider template (built once per template text
    and ``parameter_defaults`` of the stack using it)."""
    if not isinstance(text, str):
        raise exception.StackValidationFailed(
            message="The provider template %s is not text" % found.template_name)
    defaults_json = json.dumps(dict(param_defaults or {}), sort_keys=True, default=str)
    return _build(found.type_name, found.template_name, text, defaults_json)


# A property type as a provider template's parameter can give it: an
# Integer comes from a number parameter.
_AS_PARAMETER = {properties.INTEGER: properties.NUMBER}


def _type_fits(facade: properties.Schema, provider: properties.Schema) -> bool:
    wanted = _AS_PARAMETER.get(facade.type, facade.type)
    if wanted in (provider.type, properties.ANY):
        return True
    # A json parameter is taken as Any here (it may hold a list too).
    return wanted == properties.MAP and provider.type == properties.ANY


def check_facade(provider: type[resource.Resource], facade: type[resource.Resource],
                 type_name: str) -> None:
    """The provider template offers what the type it stands in for does.

    Heat's checks, in its order and words: every required property of the
    facade is a parameter of the same type, every parameter the provider
    requires is a property of the facade, every attribute of the facade is
    an output.
    """
    def failed(message: str) -> exception.StackValidationFailed:
        return exception.StackValidationFailed(message=message)

    mine = provider.PROPERTIES
    for name, schema in facade.PROPERTIES.items():
        if schema.required and name not in mine:
            raise failed("Required property %s for facade %s missing in provider"
                         % (name, type_name))
        if name in mine and not _type_fits(schema, mine[name]):
            raise failed("Property %s type mismatch between facade %s (%s) and provider "
                         "(%s)" % (name, type_name, schema.type, mine[name].type))
    for name, schema in mine.items():
        if schema.required and name not in facade.PROPERTIES:
            raise failed("Provider requires property %s unknown in facade %s"
                         % (name, type_name))
    for name in facade.ATTRIBUTES:
        if name not in provider.ATTRIBUTES:
            raise failed("Attribute %s for facade %s missing in provider" % (name, type_name))
