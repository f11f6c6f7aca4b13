"""Template documents: template versions, their functions, validate's answer.

Shapes are Heat's: ``{version, type, aliases}`` per version,
``{functions, description}`` per function (the first line of the class
docstring), and POST /validate's ``Description``/``Parameters``/
``ParameterGroups``/``Environment`` with each parameter in CFN's spelling
(``Type``, ``NoEcho``, ``AllowedValues``, ``MinLength``...).
"""

from __future__ import annotations

import inspect
from typing import Any

from heatlite.common import exception
from heatlite.engine import constraints as constr
from heatlite.engine.stack import nested_preview
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template import parameter_groups
from heatlite.engine.template import template as tmpl
from heatlite.engine.template.hot import functions as hot_functions
from heatlite.engine.template.parameters import API_TYPES, Parameter


def template_versions() -> list[dict[str, Any]]:
    """Every version, dates first, each with its release-name aliases."""
    return [{"version": v.name, "type": v.kind, "aliases": tmpl.aliases(v)}
            for v in tmpl.version_table()]


# Heat lists a version's functions in this order (its tables' order).
_ORDER = ("get_attr", "get_file", "get_param", "get_resource", "list_join", "repeat",
          "resource_facade", "str_replace", "digest", "str_split", "map_merge", "yaql",
          "map_replace", "if", "filter", "str_replace_strict", "make_url", "list_concat",
          "str_replace_vstrict", "list_concat_unique", "contains", "equals", "not", "and",
          "or")


def _position(name: str) -> int:
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


def _summary(fn: Any) -> str:
    doc = inspect.getdoc(fn) or ""
    return doc.strip().split("\n")[0].strip()


def template_functions(version_name: str, with_condition: bool = False) -> list[dict[str, Any]]:
    """The functions of one version (and its condition functions if asked)."""
    version = tmpl.find_version(version_name)
    if version is None:
        raise exception.NotFound(message="Template with version %s not found" % version_name)
    table = dict(version.functions)
    if with_condition:
        for name, fn in version.condition_functions.items():
            if name not in table or table[name] is hot_functions.Removed:
                table[name] = fn
            elif fn.__name__ != "Invalid":
                table[name] = fn
    names = sorted(table, key=_position)  # stable: others keep the table's order
    return [{"functions": name, "description": _summary(table[name])}
            for name in names
            if table[name] is not hot_functions.Removed and table[name].__name__ != "Invalid"]


def _constraints(doc: dict[str, Any], param: Parameter) -> None:
    descriptions = []
    for c in param.schema.constraints:
        if isinstance(c, constr.Length):
            if c.min is not None:
                doc["MinLength"] = c.min
            if c.max is not None:
                doc["MaxLength"] = c.max
        elif isinstance(c, constr.Range):
            if c.min is not None:
                doc["MinValue"] = c.min
            if c.max is not None:
                doc["MaxValue"] = c.max
        elif isinstance(c, constr.Modulo):
            doc["Step"] = c.step
            doc["Offset"] = c.offset
        elif isinstance(c, constr.AllowedValues):
            doc["AllowedValues"] = list(c.allowed)
        elif isinstance(c, constr.AllowedPattern):
            doc["AllowedPattern"] = c.pattern
        elif isinstance(c, constr.CustomConstraint):
            doc["CustomConstraint"] = c.name
        if c.description:
            descriptions.append(c.description)
    if descriptions:
        doc["ConstraintDescription"] = " ".join(descriptions)


def parameter_doc(param: Parameter) -> dict[str, Any]:
    """One parameter as POST /validate shows it."""
    schema = param.schema
    doc: dict[str, Any] = {
        "Type": API_TYPES.get(schema.type, schema.type),
        "Description": schema.description or "",
        "NoEcho": "true" if schema.hidden else "false",
        "Label": schema.label or param.name,
    }
    if param.has_default():
        doc["Default"] = param.default()
    if param.user_value:
        doc["Value"] = param.user_value
    if schema.tags:
        doc["Tags"] = schema.tags
    _constraints(doc, param)
    return doc


def _parameters(defn: StackDefinition) -> dict[str, Any]:
    """Description, Parameters and ParameterGroups of a stack, as validated."""
    result: dict[str, Any] = {
        # A missing or empty description reads "No description", as in Heat.
        "Description": defn.template.description,
        "Parameters": {name: parameter_doc(p)
                       for name, p in defn.parameters.user_parameters().items()},
    }
    groups = parameter_groups.as_list(defn.template.raw_section(tmpl.PARAMETER_GROUPS))
    if groups:
        result["ParameterGroups"] = groups
    return result


def nested_parameters(defn: StackDefinition) -> dict[str, Any]:
    """``NestedParameters``: each stack resource's nested stack as validated
    (its type, description, parameters with the values the resource passes,
    and its own nested ones); empty when there is none, as Heat leaves the
    key out."""
    found: dict[str, Any] = {}
    for name, rd in defn.resources.items():
        child = nested_preview.child_of(defn, name)
        if child is None:
            continue
        found[name] = {"Type": rd.type_name, **_parameters(child),
                       **nested_parameters(child)}
    return {"NestedParameters": found} if found else {}


def validate_result(defn: StackDefinition, show_nested: bool = False) -> dict[str, Any]:
    """POST /validate's answer for a definition that passed validation."""
    result = _parameters(defn)
    if show_nested:
        result.update(nested_parameters(defn))
    result["Environment"] = defn.env.user_dict()
    return result
