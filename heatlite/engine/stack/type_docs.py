"""Resource type documents: the type list, a type's schema, its template.

``GET /resource_types``, ``GET /resource_types/{type}`` and ``GET
/resource_types/{type}/template`` answer from the plugins' declared
schemas, in Heat's shapes. A plugin may declare ``SUPPORT_STATUS`` (a dict
with status/version/message/previous_status); without it a type is
SUPPORTED with no version. Every type offers the ``show`` attribute, as in
Heat.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.engine import constraints as constr
from heatlite.engine import properties as props
from heatlite.engine import resource as resource_mod
from heatlite.engine.resources import service_types
from heatlite.engine.resources.registry import Registry

SUPPORT_STATUSES = ("UNKNOWN", "SUPPORTED", "DEPRECATED", "UNSUPPORTED", "HIDDEN")
_SHOW = {"description": "Detailed information about resource.", "type": "map"}
_PARAM_TYPES = {props.INTEGER: "number", props.NUMBER: "number", props.STRING: "string",
                props.BOOLEAN: "boolean", props.MAP: "json", props.LIST: "comma_delimited_list",
                props.ANY: "string"}
_CFN_PARAM_TYPES = {"number": "Number", "string": "String", "boolean": "Boolean",
                    "json": "Json", "comma_delimited_list": "CommaDelimitedList"}
Plugin = type[resource_mod.Resource]


def support_status(plugin: Plugin) -> dict[str, Any]:
    declared = getattr(plugin, "SUPPORT_STATUS", None) or {}
    return {"status": declared.get("status", "SUPPORTED"),
            "message": declared.get("message"),
            "version": declared.get("version"),
            "previous_status": declared.get("previous_status")}


def description(plugin: Plugin) -> str:
    """The plugin's docstring, or its module's first paragraph."""
    doc = inspect.getdoc(plugin) or inspect.getdoc(inspect.getmodule(plugin)) or ""
    return doc.split("\n\n")[0].replace("\n", " ").strip()


def list_types(registry: Registry, support: str | None = None, name: str | None = None,
               version: str | None = None, with_description: bool = False) -> list[Any]:
    """Type names (or {resource_type, description}) matching the filters."""
    if support is not None and support not in SUPPORT_STATUSES:
        raise exception.BadRequest(
            message="Data supplied was not valid: Invalid support status and should be one "
                    "of %s" % str(SUPPORT_STATUSES))
    out: list[Any] = []
    for type_name, plugin in registry.items():
        status = support_status(plugin)
        if status["status"] == "HIDDEN" and support != "HIDDEN":
            continue
        if support is not None and status["status"] != support:
            continue
        if version is not None and status["version"] != version:
            continue
        if name is not None and not _name_matches(name, type_name):
            continue
        out.append({"resource_type": type_name, "description": description(plugin)}
                   if with_description else type_name)
    return out


def _name_matches(pattern: str, type_name: str) -> bool:
    try:
        return re.match(pattern, type_name) is not None
    except re.error:
        return False


def _plugin(registry: Registry, type_name: str) -> Plugin:
    try:
        plugin = registry.get(type_name)
    except exception.ResourceTypeNotFound:
        raise exception.EntityNotFound(entity="Resource Type", name=type_name) from None
    if issubclass(plugin, service_types.ServiceResource):
        # Heat's resource_schema of a type whose service is not in the catalog.
        raise plugin.unavailable(type_name, service_types.NOT_IN_CATALOG)
    return plugin


def constraint_doc(c: constr.Constraint) -> dict[str, Any]:
    """One constraint as Heat's schema documents show it."""
    doc: dict[str, Any]
    if isinstance(c, constr.Length):
        doc = {"length": _bounds(c.min, c.max)}
    elif isinstance(c, constr.Range):
        doc = {"range": _bounds(c.min, c.max)}
    elif isinstance(c, constr.Modulo):
        doc = {"modulo": {"step": c.step, "offset": c.offset}}
    elif isinstance(c, constr.AllowedValues):
        doc = {"allowed_values": list(c.allowed)}
    elif isinstance(c, constr.AllowedPattern):
        doc = {"allowed_pattern": c.pattern}
    elif isinstance(c, constr.CustomConstraint):
        doc = {"custom_constraint": c.name}
    else:
        doc = {}
    if c.description:
        doc["description"] = c.description
    return doc


def _bounds(low: Any, high: Any) -> dict[str, Any]:
    return {k: v for k, v in (("min", low), ("max", high)) if v is not None}


def property_doc(schema: props.Schema) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": schema.type.lower()}
    if schema.description:
        doc["description"] = schema.description
    if schema.default is not None:
        doc["default"] = schema.default
    if isinstance(schema.schema, props.Schema):
        doc["schema"] = {"*": property_doc(schema.schema)}
    elif isinstance(schema.schema, Mapping):
        doc["schema"] = {k: property_doc(v) for k, v in schema.schema.items()}
    doc["required"] = schema.required
    if schema.constraints:
        doc["constraints"] = [constraint_doc(c) for c in schema.constraints]
    doc["update_allowed"] = schema.update_allowed
    doc["immutable"] = schema.immutable
    return doc


def _shown(plugin: Plugin) -> list[tuple[str, props.Schema]]:
    return [(k, v) for k, v in plugin.PROPERTIES.items() if not getattr(v, "hidden", False)]


def _attributes(plugin: Plugin) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, attr in plugin.ATTRIBUTES.items():
        doc: dict[str, Any] = {"description": attr.description}
        if attr.type:
            doc["type"] = attr.type.lower()
        out[name] = doc
    out.setdefault("show", dict(_SHOW))
    return out


def schema(registry: Registry, type_name: str, with_description: bool = False) -> dict[str, Any]:
    """GET /resource_types/{type}: properties, attributes, support status."""
    plugin = _plugin(registry, type_name)
    doc = {"resource_type": type_name,
           "properties": {k: property_doc(v) for k, v in _shown(plugin)},
           "attributes": _attributes(plugin),
           "support_status": support_status(plugin)}
    if with_description:
        doc["description"] = description(plugin)
    return doc


def _param_for(schema: props.Schema) -> dict[str, Any]:
    param: dict[str, Any] = {"type": _PARAM_TYPES[schema.type]}
    if schema.description:
        param["description"] = schema.description
    if schema.default is not None:
        param["default"] = schema.default
    cons = [constraint_doc(c) for c in schema.constraints]
    if cons:
        param["constraints"] = cons
    return param


def _cfn_param(param: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"Type": _CFN_PARAM_TYPES[param["type"]]}
    if "description" in param:
        out["Description"] = param["description"]
    if "default" in param:
        out["Default"] = param["default"]
    for c in param.get("constraints", []):
        for key, value in c.items():
            if key == "allowed_values":
                out["AllowedValues"] = value
            elif key == "allowed_pattern":
                out["AllowedPattern"] = value
            elif key in ("length", "range"):
                names = ("MinLength", "MaxLength") if key == "length" else ("MinValue",
                                                                             "MaxValue")
                for bound, cfn_name in zip(("min", "max"), names, strict=True):
                    if bound in value:
                        out[cfn_name] = value[bound]
    return out


def generate_template(registry: Registry, type_name: str,
                      template_type: str = "cfn") -> dict[str, Any]:
    """A template exposing every property as a parameter, every attribute as output."""
    plugin = _plugin(registry, type_name)
    short = type_name.split("::")[-1]
    params = {k: _param_for(v) for k, v in _shown(plugin)}
    attrs = _attributes(plugin)
    if template_type == "hot":
        outputs: dict[str, Any] = {}
        for name, attr in attrs.items():
            outputs[name] = {"value": {"get_attr": [short, name]},
                             "description": attr["description"]}
        outputs["OS::stack_id"] = {"value": {"get_resource": short}}
        return {"heat_template_version": "2016-10-14",
                "description": "Initial template of %s" % short,
                "parameters": params,
                "outputs": outputs,
                "resources": {short: {"type": type_name, "properties": {
                    k: {"get_param": k} for k in params}}}}
    cfn_outputs: dict[str, Any] = {}
    for name, attr in attrs.items():
        cfn_outputs[name] = {"Value": {"Fn::GetAtt": [short, name]},
                             "Description": attr["description"]}
    cfn_outputs["OS::stack_id"] = {"Value": {"Ref": short}}
    return {"HeatTemplateFormatVersion": "2012-12-12",
            "Description": "Initial template of %s" % short,
            "Parameters": {k: _cfn_param(v) for k, v in params.items()},
            "Resources": {short: {"Type": type_name, "Properties": {
                k: {"Ref": k} for k in params}}},
            "Outputs": cfn_outputs}
