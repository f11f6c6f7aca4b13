"""OS::Heat::Stack and AWS::CloudFormation::Stack: a template run as a nested stack.

OS::Heat::Stack takes the template text itself (``template``), its
``parameters`` and ``timeout``; its attributes are ``outputs`` (every
output) and ``stack_name``, and any output name reads that output.
AWS::CloudFormation::Stack takes a ``TemplateURL`` (a key of the files map:
heatlite fetches nothing remote), ``Parameters`` and ``TimeoutInMinutes``;
``Outputs.<name>`` reads an output and its reference id is the nested
stack's ARN, as in Heat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heatlite.common import exception
from heatlite.common import template_format
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources.stack_resource import ChildSpec, StackResource


def _parse(text: Any, where: str) -> dict[str, Any]:
    if isinstance(text, Mapping):
        return dict(text)
    try:
        return template_format.parse(text)
    except ValueError as exc:
        raise exception.StackValidationFailed(
            message="Could not parse the template of %s: %s" % (where, exc)) from None


class HeatStack(StackResource):
    """OS::Heat::Stack: a nested stack from an inline template."""

    PROPERTIES = {
        "context": properties.Schema(
            properties.MAP, "Context for this stack.", schema={
                "region_name": properties.Schema(
                    properties.STRING, "Region name in which this stack will be created."),
            }),
        "template": properties.Schema(
            properties.STRING, "Template that specifies the stack to be created as a "
            "resource.", required=True, update_allowed=True),
        "timeout": properties.Schema(
            properties.INTEGER, "Number of minutes to wait for this stack creation.",
            update_allowed=True, constraints=[constraints.Range(min=1)]),
        "parameters": properties.Schema(
            properties.MAP, "Set of parameters passed to this stack.", default={},
            update_allowed=True),
    }
    ATTRIBUTES = {
        "stack_name": attributes.Schema("Name of the stack.", type=attributes.STRING),
        "outputs": attributes.Schema(
            "A dict of key-value pairs output from the stack.", type=attributes.MAP),
    }

    def validate(self) -> None:
        region = (self.properties.get("context") or {}).get("region_name")
        if region:
            raise exception.NotImplementedYet(
                feature="OS::Heat::Stack in another region (%s)" % region)

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        if self.properties.get("template") is None:
            return []  # a parameter with no value yet (POST /validate)
        return [self.child_spec()]

    def child_spec(self) -> ChildSpec:
        return ChildSpec(template=_parse(self.properties["template"], self.name),
                         params=dict(self.properties.get("parameters") or {}),
                         timeout_mins=self.properties.get("timeout"))

    def get_attribute(self, name: str) -> Any:
        if name == "outputs":
            return self.outputs()
        if name == "stack_name":
            return self.runner().stack_name(self.resource_id) if self.resource_id else None
        return None


class CfnStack(StackResource):
    """AWS::CloudFormation::Stack: a nested stack from a TemplateURL."""

    PROPERTIES = {
        "TemplateURL": properties.Schema(
            properties.STRING, "The URL of a template that specifies the stack to be "
            "created as a resource.", required=True, update_allowed=True),
        "TimeoutInMinutes": properties.Schema(
            properties.INTEGER, "The length of time, in minutes, to wait for the nested "
            "stack creation.", update_allowed=True),
        "Parameters": properties.Schema(
            properties.MAP, "The set of parameters passed to this nested stack.",
            update_allowed=True),
    }

    def _template_text(self, files: Mapping[str, str] | None = None) -> Any:
        url = self.properties["TemplateURL"]
        if files is None:
            files = self.runner().files_of(self.ctx.stack_id)
        if url not in files:
            raise exception.StackValidationFailed(
                message='Could not fetch remote template "%s": it is not in the files map'
                % url)
        return files[url]

    def child_spec(self, files: Mapping[str, str] | None = None) -> ChildSpec:
        return ChildSpec(template=_parse(self._template_text(files), self.name),
                         params=dict(self.properties.get("Parameters") or {}),
                         timeout_mins=self.properties.get("TimeoutInMinutes"))

    def template_url(self) -> str:
        return str(self.properties["TemplateURL"])

    def nested_specs(self, files: Mapping[str, str]) -> list[ChildSpec]:
        return [self.child_spec(files)]

    def extra_attribute_data(self) -> dict[str, Any]:
        data = super().extra_attribute_data()
        data["_arn"] = self.runner().arn_of(self.resource_id) if self.resource_id else None
        return data

    def get_reference_id(self) -> str | None:
        if self.resource_id is None:
            return self.name
        return self.runner().arn_of(self.resource_id)

    @classmethod
    def stored_attribute(cls, attrs: Mapping[str, Any], name: str) -> Any:
        if not name.startswith("Outputs."):
            raise exception.InvalidTemplateAttribute(resource="", key=name)
        return (attrs.get("_outputs") or {}).get(name.partition(".")[2])


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {"OS::Heat::Stack": HeatStack, "AWS::CloudFormation::Stack": CfnStack}
