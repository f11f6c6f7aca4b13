"""Software deployment groups: one deployment per server, as a nested stack.

OS::Heat::SoftwareDeploymentGroup and OS::Heat::StructuredDeploymentGroup,
built on the group machinery (member_group.MemberGroup): ``servers`` maps a
member name to a server id, and each member is an OS::Heat::SoftwareDeployment
(or StructuredDeployment) of the group's config to that server, with the
group's other properties. Attributes are maps from member name to value:
deploy_stdouts, deploy_stderrs, deploy_status_codes, and any other
attribute of the members (a declared output), as in Heat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.engine import attributes
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import member_group
from heatlite.engine.resources import software_deployment as sd

_PER_MEMBER = {"deploy_stdouts": "deploy_stdout", "deploy_stderrs": "deploy_stderr",
               "deploy_status_codes": "deploy_status_code"}


def _schema_updatable(schema: properties.Schema) -> properties.Schema:
    """``schema`` with update_allowed set (a group updates its members in place)."""
    return properties.Schema(schema.type, schema.description, default=schema.default,
                             required=schema.required, constraints=schema.constraints,
                             schema=schema.schema, update_allowed=True)


class SoftwareDeploymentGroup(member_group.MemberGroup):
    """OS::Heat::SoftwareDeploymentGroup."""

    MEMBER_TYPE = "OS::Heat::SoftwareDeployment"
    MEMBER_PROPERTIES = ("config", "input_values", "actions", "name", "signal_transport")

    PROPERTIES = {
        "servers": properties.Schema(
            properties.MAP, "A map of names and server IDs to apply configuration to. "
            "The name is arbitrary and is used as the Heat resource name for the "
            "corresponding deployment.", update_allowed=True, required=True),
        **{key: _schema_updatable(sd.SoftwareDeployment.PROPERTIES[key])
           for key in ("config", "input_values", "actions", "name", "signal_transport")},
    }
    ATTRIBUTES = {
        "deploy_stdouts": attributes.Schema(
            "A map of Nova names and captured stdouts from the configuration execution "
            "to each server.", type=attributes.MAP),
        "deploy_stderrs": attributes.Schema(
            "A map of Nova names and captured stderrs from the configuration execution "
            "to each server.", type=attributes.MAP),
        "deploy_status_codes": attributes.Schema(
            "A map of Nova names and returned status code from the configuration "
            "execution.", type=attributes.MAP),
    }

    def member_properties(self, server: Any) -> dict[str, Any]:
        props = {key: self.properties.get(key) for key in self.MEMBER_PROPERTIES
                 if self.properties.get(key) is not None}
        props["server"] = server
        return props

    def member_definitions(self) -> member_group.MemberDefs:
        servers = self.properties.get("servers") or {}
        return [(str(name), {"type": self.MEMBER_TYPE,
                             "properties": self.member_properties(servers[name])})
                for name in sorted(servers, key=member_group.name_key)]

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        if name in (member_group.REFS, member_group.REFS_MAP, member_group.REMOVED,
                    member_group.ATTRIBUTES) or name.startswith("resource."):
            return super().stored_attribute(attrs, name)
        wanted = _PER_MEMBER.get(name, name)
        return {m["name"]: member_group.member_attrs(m).get(wanted)
                for m in attrs.get("_members") or []}


class StructuredDeploymentGroup(SoftwareDeploymentGroup):
    """OS::Heat::StructuredDeploymentGroup: members are StructuredDeployments."""

    MEMBER_TYPE = "OS::Heat::StructuredDeployment"
    MEMBER_PROPERTIES = SoftwareDeploymentGroup.MEMBER_PROPERTIES + (
        "input_key", "input_values_validate")
    PROPERTIES = dict(
        SoftwareDeploymentGroup.PROPERTIES,
        input_key=sd.StructuredDeployment.PROPERTIES["input_key"],
        input_values_validate=sd.StructuredDeployment.PROPERTIES["input_values_validate"])


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::SoftwareDeploymentGroup": SoftwareDeploymentGroup,
        "OS::Heat::StructuredDeploymentGroup": StructuredDeploymentGroup,
    }
