"""One table per template version: sections, keys and functions.

``TemplateVersion`` describes any version, HOT or CFN (cfn/versions.py
builds the CFN ones). Each version's function table is a fresh dict built
by explicit composition from the previous one (``{**previous, ...}``), so no
version can edit another's table. The condition table of a HOT version is
derived as Heat derives it: every function of the version is ``Invalid``
inside ``conditions`` (removed ones stay ``Removed``), plus the condition
functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from heatlite.engine.template.cfn import functions as cfn
from heatlite.engine.template.hot import functions as f
from heatlite.engine.template.hot import functions_data as fd
from heatlite.engine.template.hot import functions_logic as fl

FunctionTable = Mapping[str, Callable[..., Any]]

HOT_KEY = "heat_template_version"

# Logical names (HOT's) of the parts of a template, for every format.
LOGICAL_SECTIONS = ("description", "parameter_groups", "parameters", "resources",
                    "outputs", "conditions", "mappings")
LOGICAL_RESOURCE_KEYS = ("type", "properties", "metadata", "depends_on",
                         "deletion_policy", "update_policy", "description",
                         "external_id", "condition")
LOGICAL_OUTPUT_KEYS = ("description", "value", "condition")


@dataclasses.dataclass(frozen=True)
class TemplateVersion:
    """Everything that differs between two template versions.

    ``section_names``, ``resource_key_names`` and ``output_key_names`` map a
    logical (HOT) name to the name this version spells it with; a logical
    name this version lacks is absent.
    """

    kind: str
    key: str
    date: str
    section_names: Mapping[str, str]
    resource_key_names: Mapping[str, str]
    output_key_names: Mapping[str, str]
    functions: FunctionTable
    condition_functions: FunctionTable
    deletion_policies: Mapping[str, str]
    param_modulo: bool = False
    param_tags: bool = False

    @property
    def sections(self) -> tuple[str, ...]:
        """Every top-level key this version allows, its version key included."""
        return (self.key,) + tuple(self.section_names.values())

    @property
    def resource_keys(self) -> tuple[str, ...]:
        return tuple(self.resource_key_names.values())

    @property
    def output_keys(self) -> tuple[str, ...]:
        return tuple(self.output_key_names.values())

    @property
    def has_conditions(self) -> bool:
        return "conditions" in self.section_names

    @property
    def name(self) -> str:
        """``<key>.<date>``, as the template_versions API lists it."""
        return "%s.%s" % (self.key, self.date)


HotVersion = TemplateVersion  # the name the engine used first


def _table(base: FunctionTable, add: FunctionTable) -> FunctionTable:
    return MappingProxyType({**base, **add})


def condition_table(functions: FunctionTable, conditions: FunctionTable) -> FunctionTable:
    """Heat's rule: a version's functions are Invalid inside conditions."""
    table = {name: (fn if fn is f.Removed else fl.Invalid) for name, fn in functions.items()}
    table.update(conditions)
    return MappingProxyType(table)


_CFN_REMOVED = ("Fn::GetAZs", "Fn::Join", "Fn::Split", "Fn::Replace", "Fn::Base64",
                "Fn::MemberListToMap", "Fn::ResourceFacade", "Ref")

_F_2013_05_23 = _table({}, {
    "Fn::GetAZs": cfn.GetAZs, "get_param": f.GetParam, "get_resource": f.GetResource,
    "Ref": cfn.Ref, "get_attr": f.GetAttThenSelect, "Fn::Select": cfn.Select,
    "Fn::Join": cfn.Join, "list_join": f.Join, "Fn::Split": cfn.Split,
    "str_replace": f.Replace, "Fn::Replace": cfn.Replace, "Fn::Base64": cfn.Base64,
    "Fn::MemberListToMap": cfn.MemberListToMap, "resource_facade": fd.ResourceFacade,
    "Fn::ResourceFacade": cfn.ResourceFacade, "get_file": fd.GetFile,
})
_F_2014_10_16 = _table(_F_2013_05_23, {
    "get_attr": f.GetAtt, **{name: f.Removed for name in _CFN_REMOVED}})
_F_2015_04_30 = _table(_F_2014_10_16, {"repeat": fd.Repeat, "digest": fd.Digest})
_F_2015_10_15 = _table(_F_2015_04_30, {
    "get_attr": f.GetAttAllAttributes, "list_join": f.JoinMultiple,
    "str_replace": f.ReplaceJson, "str_split": fd.StrSplit, "Fn::Select": f.Removed,
})
_F_2016_04_08 = _table(_F_2015_10_15, {"map_merge": fd.MapMerge})
_F_2016_10_14 = _table(_F_2016_04_08, {
    "repeat": fd.RepeatWithMap, "yaql": fl.Yaql, "map_replace": fd.MapReplace,
    "if": fl.If})
_F_2017_02_24 = _table(_F_2016_10_14, {
    "filter": fd.Filter, "str_replace_strict": f.ReplaceJsonStrict})
_F_2017_09_01 = _table(_F_2017_02_24, {
    "repeat": fd.RepeatWithNestedLoop, "make_url": fd.MakeURL,
    "list_concat": fd.ListConcat, "str_replace_vstrict": f.ReplaceJsonVeryStrict,
    "list_concat_unique": fd.ListConcatUnique, "contains": fd.Contains,
})
_F_2018_03_02 = _table(_F_2017_09_01, {})
_F_2018_08_31 = _table(_F_2018_03_02, {})
_F_2021_04_16 = _table(_F_2018_08_31, {"if": fl.IfNullable})

_C_2016_10_14: FunctionTable = MappingProxyType({
    "get_param": f.GetParam, "equals": fl.Equals, "not": fl.Not, "and": fl.And,
    "or": fl.Or})
_C_2017_09_01 = _table(_C_2016_10_14, {"yaql": fl.Yaql, "contains": fd.Contains})

_DELETION_POLICIES = MappingProxyType({"Delete": "Delete", "Retain": "Retain",
                                       "Snapshot": "Snapshot"})
_DP_2016_10_14 = MappingProxyType({**_DELETION_POLICIES, "delete": "Delete",
                                   "retain": "Retain", "snapshot": "Snapshot"})

_BASE_SECTIONS = ("description", "parameter_groups", "parameters", "resources", "outputs")
_BASE_RES_KEYS = ("type", "properties", "metadata", "depends_on", "deletion_policy",
                  "update_policy", "description")


def _same(names: tuple[str, ...]) -> Mapping[str, str]:
    return MappingProxyType({n: n for n in names})


def _v(date: str, functions: FunctionTable, conditions: FunctionTable | None = None,
       modulo: bool = False, tags: bool = False) -> TemplateVersion:
    with_cond = conditions is not None
    return TemplateVersion(
        kind="hot", key=HOT_KEY, date=date,
        section_names=_same(_BASE_SECTIONS + (("conditions",) if with_cond else ())),
        resource_key_names=_same(_BASE_RES_KEYS + (("external_id", "condition")
                                                   if with_cond else ())),
        output_key_names=_same(("description", "value") + (("condition",)
                                                           if with_cond else ())),
        functions=functions,
        condition_functions=condition_table(functions, conditions or {}),
        deletion_policies=_DP_2016_10_14 if with_cond else _DELETION_POLICIES,
        param_modulo=modulo, param_tags=tags)


_BY_DATE = {v.date: v for v in (
    _v("2013-05-23", _F_2013_05_23),
    _v("2014-10-16", _F_2014_10_16),
    _v("2015-04-30", _F_2015_04_30),
    _v("2015-10-15", _F_2015_10_15),
    _v("2016-04-08", _F_2016_04_08),
    _v("2016-10-14", _F_2016_10_14, _C_2016_10_14),
    _v("2017-02-24", _F_2017_02_24, _C_2016_10_14, modulo=True),
    _v("2017-09-01", _F_2017_09_01, _C_2017_09_01, modulo=True),
    _v("2018-03-02", _F_2018_03_02, _C_2017_09_01, modulo=True, tags=True),
    _v("2018-08-31", _F_2018_08_31, _C_2017_09_01, modulo=True, tags=True),
    _v("2021-04-16", _F_2021_04_16, _C_2017_09_01, modulo=True, tags=True),
)}

ALIASES: Mapping[str, str] = MappingProxyType({
    "newton": "2016-10-14", "ocata": "2017-02-24", "pike": "2017-09-01",
    "queens": "2018-03-02", "rocky": "2018-08-31", "wallaby": "2021-04-16"})

# Every value heat_template_version accepts, as Heat's entry points list them.
VERSIONS: Mapping[str, TemplateVersion] = MappingProxyType({
    **_BY_DATE, **{alias: _BY_DATE[date] for alias, date in ALIASES.items()}})
