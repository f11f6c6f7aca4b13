"""OS::Heat::ResourceChain: a list of resource types, created in order.

Member ``i`` (named "0", "1", ...) has type ``resources[i]`` and the
chain's ``resource_properties``; unless ``concurrent``, each depends on the
one before it, so the chain is created in order and deleted in reverse.
"""

from __future__ import annotations

from typing import Any

from heatlite.common import exception
from heatlite.engine import attributes
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import member_group
from heatlite.engine.resources.member_group import MemberDefs, MemberGroup


class ResourceChain(MemberGroup):
    """OS::Heat::ResourceChain (see the module docstring)."""

    PROPERTIES = {
        "resources": properties.Schema(
            properties.LIST, "The list of resource types to create. This list may contain "
            "type names or aliases defined in the resource registry. Specific template "
            "names are not supported.", required=True, update_allowed=True),
        "concurrent": properties.Schema(
            properties.BOOLEAN, "If true, the resources in the chain will be created "
            "concurrently. If false or omitted, each resource will be treated as having "
            "a dependency on the previous resource in the list.", default=False),
        "resource_properties": properties.Schema(
            properties.MAP, "Properties to pass to each resource being created in the "
            "chain."),
    }
    ATTRIBUTES = {
        member_group.REFS: attributes.Schema(
            "A list of resource IDs for the resources in the chain.", type=attributes.LIST),
        member_group.ATTRIBUTES: attributes.Schema(
            "A map of resource names to the specified attribute of each individual "
            "resource.", type=attributes.MAP),
    }

    def validate(self) -> None:
        for type_name in self.properties["resources"] or []:
            if not isinstance(type_name, str):
                raise exception.StackValidationFailed(
                    message="The resources of a chain must be type names")
            if type_name.endswith((".yaml", ".yml", ".template")):
                raise exception.StackValidationFailed(
                    message="Specific template names are not supported in a chain: %s"
                    % type_name)

    def member_definitions(self) -> MemberDefs:
        props = self.properties.get("resource_properties") or {}
        members: MemberDefs = []
        for i, type_name in enumerate(self.properties["resources"] or []):
            defn: dict[str, Any] = {"type": type_name}
            if props:
                defn["properties"] = dict(props)
            if i and not self.properties["concurrent"]:
                defn["depends_on"] = [str(i - 1)]
            members.append((str(i), defn))
        return members


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::ResourceChain": ResourceChain}
