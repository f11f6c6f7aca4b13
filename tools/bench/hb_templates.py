"""HOT templates for the heatbench workloads, built as plain dicts.

Pure functions only: no I/O, so the unit tests can check sizes and shapes.
Each generator returns the JSON body pieces a workload POSTs or PUTs.
"""

from __future__ import annotations

import json
from typing import Any

HOT_VERSION = "2018-08-31"

#: Short names accepted on the command line for the group member type.
MEMBER_TYPES: dict[str, str] = {
    "RandomString": "OS::Heat::RandomString",
    "None": "OS::Heat::None",
    "Value": "OS::Heat::Value",
}

Template = dict[str, Any]


def member_type(short: str) -> str:
    """Resolve 'RandomString' / 'None' / 'Value' (or a full type name)."""
    if short in MEMBER_TYPES:
        return MEMBER_TYPES[short]
    if short in MEMBER_TYPES.values():
        return short
    raise ValueError("unknown member type %r (use one of %s)" % (short, ", ".join(MEMBER_TYPES)))


def _member_properties(rtype: str, variant: int) -> dict[str, Any]:
    """Properties for a group member; a different variant forces replacement or update."""
    if rtype == "OS::Heat::RandomString":
        return {"length": 8 + variant}
    if rtype == "OS::Heat::Value":
        return {"value": "v%d-%%index%%" % variant}
    return {}


def resource_group(count: int, rtype: str, variant: int = 0) -> Template:
    """One OS::Heat::ResourceGroup of `count` members of `rtype`."""
    member: dict[str, Any] = {"type": rtype}
    props = _member_properties(rtype, variant)
    if props:
        member["properties"] = props
    return {
        "heat_template_version": HOT_VERSION,
        "description": "heatbench resource group",
        "resources": {
            "group": {
                "type": "OS::Heat::ResourceGroup",
                "properties": {"count": count, "resource_def": member},
            }
        },
        "outputs": {"refs": {"value": {"get_attr": ["group", "refs"]}}},
    }


def chain(length: int, token: str) -> Template:
    """`length` OS::Heat::Value resources, each taking the previous one's value.

    v0 holds `token`; v{i} = get_attr(v{i-1}, value); the output `last` must
    come back as `token`, which proves the whole chain resolved in order.
    """
    if length < 1:
        raise ValueError("chain length must be >= 1")
    resources: dict[str, Any] = {"v0": {"type": "OS::Heat::Value", "properties": {"value": token}}}
    for i in range(1, length):
        resources["v%d" % i] = {
            "type": "OS::Heat::Value",
            "properties": {"value": {"get_attr": ["v%d" % (i - 1), "value"]}},
        }
    return {
        "heat_template_version": HOT_VERSION,
        "description": "heatbench chain of %d values" % length,
        "resources": resources,
        "outputs": {"last": {"value": {"get_attr": ["v%d" % (length - 1), "value"]}}},
    }


def nested_file_name(level: int) -> str:
    return "hb_level%d.yaml" % level


def nested(depth: int, width: int, token: str) -> tuple[Template, dict[str, str]]:
    """A root template plus a `files` map of template resources `depth` levels deep.

    The root and every level file hold `width` children; children of levels
    1..depth-1 (and of the root) are the next level's file, children of the
    deepest level are OS::Heat::Value holding `token`. Each level exposes an
    output `leaves` listing its children's `leaves`, so the root's output is
    a nested list with width ** (depth + 1) tokens.
    """
    if depth < 1 or width < 1:
        raise ValueError("depth and width must be >= 1")
    files: dict[str, str] = {}
    for level in range(1, depth + 1):
        child = nested_file_name(level + 1) if level < depth else None
        files[nested_file_name(level)] = _to_json(_level_template(width, child, token))
    root = _level_template(width, nested_file_name(1), token)
    return root, files


def _level_template(width: int, child_type: str | None, token: str) -> Template:
    resources: dict[str, Any] = {}
    leaves: list[Any] = []
    for i in range(width):
        name = "c%d" % i
        if child_type is None:
            resources[name] = {"type": "OS::Heat::Value", "properties": {"value": token}}
            leaves.append({"get_attr": [name, "value"]})
        else:
            resources[name] = {"type": child_type}
            leaves.append({"get_attr": [name, "leaves"]})
    return {
        "heat_template_version": HOT_VERSION,
        "resources": resources,
        "outputs": {"leaves": {"value": leaves}},
    }


def _to_json(template: Template) -> str:
    return json.dumps(template, sort_keys=True)


def nested_resource_count(depth: int, width: int) -> int:
    """Resources in all stacks of nested(depth, width): width + ... + width**(depth+1)."""
    return sum(width**k for k in range(1, depth + 2))


def flatten(value: Any) -> list[Any]:
    """Leaves of an arbitrarily nested list, in order."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            out.extend(flatten(item))
        return out
    return [value]


def outputs(count: int, token: str) -> Template:
    """One OS::Heat::Value and `count` outputs o0..o{count-1} that read it."""
    if count < 1:
        raise ValueError("outputs count must be >= 1")
    outs = {
        "o%d" % i: {"description": "output %d" % i, "value": {"get_attr": ["v", "value"]}}
        for i in range(count)
    }
    return {
        "heat_template_version": HOT_VERSION,
        "description": "heatbench %d outputs" % count,
        "resources": {"v": {"type": "OS::Heat::Value", "properties": {"value": token}}},
        "outputs": outs,
    }


def small(kind: str = "None") -> Template:
    """A one-resource stack for list and concurrency workloads."""
    return {
        "heat_template_version": HOT_VERSION,
        "description": "heatbench small stack",
        "resources": {"r": {"type": member_type(kind)}},
    }
