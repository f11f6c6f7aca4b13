"""One table per heat_template_version: sections, keys and functions.

Each version's function table is a fresh dict built by explicit composition
from the previous one (``{**previous, ...}`` minus what was removed), so no
version can edit another's table. Function classes the engine does not
implement yet map to NotImplementedFunction, which refuses the template with
a 501 rather than treating the call as plain data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from heatlite.engine.function import Function
from heatlite.engine.hot import functions as f

FunctionTable = Mapping[str, type[Function]]

_SECTIONS = ("heat_template_version", "description", "parameter_groups",
             "parameters", "resources", "outputs")
_RESOURCE_KEYS = ("type", "properties", "metadata", "depends_on",
                  "deletion_policy", "update_policy", "description")
_OUTPUT_KEYS = ("description", "value")
_DELETION_POLICIES = {"Delete": "Delete", "Retain": "Retain", "Snapshot": "Snapshot"}

_TODO = f.NotImplementedFunction


@dataclasses.dataclass(frozen=True)
class HotVersion:
    """Everything that differs between two HOT versions."""

    date: str
    sections: tuple[str, ...]
    resource_keys: tuple[str, ...]
    output_keys: tuple[str, ...]
    functions: FunctionTable
    deletion_policies: Mapping[str, str]
    param_modulo: bool = False
    param_tags: bool = False


def _table(base: Mapping[str, type[Function]], add: Mapping[str, type[Function]],
           remove: tuple[str, ...] = ()) -> FunctionTable:
    table = {k: v for k, v in base.items() if k not in remove}
    table.update(add)
    return MappingProxyType(table)


_F_2013_05_23 = _table({}, {
    "get_param": f.GetParam, "get_resource": f.GetResource,
    "get_attr": f.GetAttThenSelect, "list_join": f.Join, "str_replace": f.Replace,
    "get_file": _TODO, "resource_facade": _TODO,
    "Fn::GetAZs": _TODO, "Ref": _TODO, "Fn::Select": _TODO, "Fn::Join": _TODO,
    "Fn::Split": _TODO, "Fn::Replace": _TODO, "Fn::Base64": _TODO,
    "Fn::MemberListToMap": _TODO, "Fn::ResourceFacade": _TODO,
})
_F_2014_10_16 = _table(_F_2013_05_23, {
    "get_attr": f.GetAtt,
    "Fn::GetAZs": f.Removed, "Fn::Join": f.Removed, "Fn::Split": f.Removed,
    "Fn::Replace": f.Removed, "Fn::Base64": f.Removed,
    "Fn::MemberListToMap": f.Removed, "Fn::ResourceFacade": f.Removed,
    "Ref": f.Removed,
})
_F_2015_04_30 = _table(_F_2014_10_16, {"repeat": _TODO, "digest": _TODO})
_F_2015_10_15 = _table(_F_2015_04_30, {
    "get_attr": f.GetAttAllAttributes, "list_join": f.JoinMultiple,
    "str_replace": f.ReplaceJson, "str_split": _TODO, "Fn::Select": f.Removed,
})
_F_2016_04_08 = _table(_F_2015_10_15, {"map_merge": _TODO})
_F_2016_10_14 = _table(_F_2016_04_08, {"yaql": _TODO, "map_replace": _TODO, "if": _TODO})
_F_2017_02_24 = _table(_F_2016_10_14, {
    "filter": _TODO, "str_replace_strict": f.ReplaceJsonStrict})
_F_2017_09_01 = _table(_F_2017_02_24, {
    "make_url": _TODO, "list_concat": _TODO,
    "str_replace_vstrict": f.ReplaceJsonVeryStrict,
    "list_concat_unique": _TODO, "contains": _TODO,
})
_F_2018_03_02 = _table(_F_2017_09_01, {})
_F_2018_08_31 = _table(_F_2018_03_02, {})
_F_2021_04_16 = _table(_F_2018_08_31, {"if": _TODO})

_DP_2016_10_14 = MappingProxyType({**_DELETION_POLICIES, "delete": "Delete",
                                   "retain": "Retain", "snapshot": "Snapshot"})


def _v(date: str, functions: FunctionTable, conditions: bool = False,
       modulo: bool = False, tags: bool = False) -> HotVersion:
    return HotVersion(
        date=date,
        sections=_SECTIONS + (("conditions",) if conditions else ()),
        resource_keys=_RESOURCE_KEYS + (("external_id", "condition") if conditions else ()),
        output_keys=_OUTPUT_KEYS + (("condition",) if conditions else ()),
        functions=functions,
        deletion_policies=_DP_2016_10_14 if conditions else MappingProxyType(
            dict(_DELETION_POLICIES)),
        param_modulo=modulo, param_tags=tags)


_BY_DATE = {v.date: v for v in (
    _v("2013-05-23", _F_2013_05_23),
    _v("2014-10-16", _F_2014_10_16),
    _v("2015-04-30", _F_2015_04_30),
    _v("2015-10-15", _F_2015_10_15),
    _v("2016-04-08", _F_2016_04_08),
    _v("2016-10-14", _F_2016_10_14, conditions=True),
    _v("2017-02-24", _F_2017_02_24, conditions=True, modulo=True),
    _v("2017-09-01", _F_2017_09_01, conditions=True, modulo=True),
    _v("2018-03-02", _F_2018_03_02, conditions=True, modulo=True, tags=True),
    _v("2018-08-31", _F_2018_08_31, conditions=True, modulo=True, tags=True),
    _v("2021-04-16", _F_2021_04_16, conditions=True, modulo=True, tags=True),
)}

_ALIASES = {"newton": "2016-10-14", "ocata": "2017-02-24", "pike": "2017-09-01",
            "queens": "2018-03-02", "rocky": "2018-08-31", "wallaby": "2021-04-16"}

# Every value heat_template_version accepts, as Heat's entry points list them.
VERSIONS: Mapping[str, HotVersion] = MappingProxyType({
    **_BY_DATE, **{alias: _BY_DATE[date] for alias, date in _ALIASES.items()}})
