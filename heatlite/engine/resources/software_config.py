"""Software config resources: a stored, immutable config per resource.

OS::Heat::SoftwareConfig, StructuredConfig (config is a map), CloudConfig
("#cloud-config" YAML), MultipartMime (a MIME message of parts, inline or
other configs by id) and SoftwareComponent (one config per life-cycle
action, group ``component``). Each create stores a config through
engine/software/software_configs.py in-process, in the stack's tenant, named like
the resource; any change replaces the resource (a config never changes),
and delete removes the config (already gone is fine). Heat's semantics.
"""

from __future__ import annotations

import email
import os
from email.mime import multipart, text
from typing import Any

import yaml
from oslo_utils import uuidutils

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.engine import attributes
from heatlite.engine import constraints
from heatlite.engine import properties
from heatlite.engine import resource
from heatlite.engine.resources import wait_condition_handle as wch
from heatlite.engine.software import software_config_io as swc_io
from heatlite.engine.software import software_configs
from heatlite.rpc import api as rpc_api

UNGROUPED = "Heat::Ungrouped"
ACTIONS = ("CREATE", "DELETE", "UPDATE", "SUSPEND", "RESUME")


def tenant_context(stack_id: str) -> RequestContext:
    """The stack's tenant, as the configs and deployments functions want it."""
    return RequestContext(project_id=wch.stack_tenant(stack_id), is_admin=False,
                          overwrite=False)


def config_limit() -> int:
    return int(wch.engine_conf().max_software_configs_per_tenant)


def show_config(stack_id: str, config_id: str) -> dict[str, Any] | None:
    """A stored config of the stack's tenant, None when it is gone."""
    try:
        return software_configs.show_config(tenant_context(stack_id), config_id)
    except exception.NotFound:
        return None


def _io_schema(io_schema: dict[str, properties.Schema]) -> properties.Schema:
    return properties.Schema(properties.MAP, schema=io_schema)


INPUTS_SCHEMA = properties.Schema(
    properties.LIST, "Schema representing the inputs that this software config is "
    "expecting.", schema=_io_schema(swc_io.INPUT_SCHEMA))
OUTPUTS_SCHEMA = properties.Schema(
    properties.LIST, "Schema representing the outputs that this software config will "
    "produce.", schema=_io_schema(swc_io.OUTPUT_SCHEMA))
OPTIONS_SCHEMA = properties.Schema(
    properties.MAP, "Map containing options specific to the configuration management "
    "tool used by this resource.")
GROUP_SCHEMA = properties.Schema(
    properties.STRING, "Namespace to group this software config by when delivered to a "
    "server. This may imply what configuration tool is going to perform the "
    "configuration.", default=UNGROUPED)


class SoftwareConfig(resource.Resource):
    """OS::Heat::SoftwareConfig."""

    PROPERTIES = {
        "group": GROUP_SCHEMA,
        "config": properties.Schema(
            properties.STRING, "Configuration script or manifest which specifies what "
            "actual configuration is performed."),
        "options": OPTIONS_SCHEMA,
        "inputs": INPUTS_SCHEMA,
        "outputs": OUTPUTS_SCHEMA,
    }
    ATTRIBUTES = {
        "config": attributes.Schema("The config value of the software config.",
                                    type=attributes.STRING),
    }

    def config_body(self) -> dict[str, Any]:
        """group, config, options, inputs and outputs to store."""
        props = self.properties
        return {"group": props.get("group"), "config": props.get("config"),
                "options": props.get("options"), "inputs": props.get("inputs"),
                "outputs": props.get("outputs")}

    def handle_create(self) -> Any:
        body = self.config_body()
        doc = software_configs.create_config(
            tenant_context(self.ctx.stack_id), body["group"], self.physical_resource_name(),
            body["config"], body.get("inputs"), body.get("outputs"), body.get("options"),
            limit=config_limit())
        self.resource_id_set(doc[rpc_api.SOFTWARE_CONFIG_ID])
        return None

    # An interrupted create made its config if its id was stored (at once):
    # it is kept rather than made twice. Deleting again is harmless.
    RESUME_AFTER_TAKEOVER = dict(resource.resumable(resource.CHECK, "CREATE"),
                                 **resource.resumable(resource.REDRIVE, "DELETE"))

    def takeover_cookie(self, action: str) -> Any:
        if self.resource_id is None:
            return self.handle_create()
        return None

    def handle_delete(self) -> Any:
        if self.resource_id is None:
            return None
        try:
            software_configs.delete_config(tenant_context(self.ctx.stack_id),
                                           self.resource_id)
        except exception.NotFound:
            pass
        return None

    def get_attribute(self, name: str) -> Any:
        if name == "config" and self.resource_id:
            doc = show_config(self.ctx.stack_id, self.resource_id)
            return None if doc is None else doc[rpc_api.SOFTWARE_CONFIG_CONFIG]
        return None


class StructuredConfig(SoftwareConfig):
    """OS::Heat::StructuredConfig: ``config`` is a map, stored as parsed JSON."""

    PROPERTIES = dict(SoftwareConfig.PROPERTIES, config=properties.Schema(
        properties.MAP, "Map representing the configuration data structure which will be "
        "serialized to JSON format."))


class CloudConfig(SoftwareConfig):
    """OS::Heat::CloudConfig: cloud-init cloud-config, stored as YAML text."""

    PROPERTIES = {
        "cloud_config": properties.Schema(
            properties.MAP, "Map representing the cloud-config data structure which will "
            "be formatted as YAML."),
    }

    def config_body(self) -> dict[str, Any]:
        dumped = yaml.safe_dump(self.properties.get("cloud_config") or {},
                                default_flow_style=False)
        return {"group": UNGROUPED, "config": "#cloud-config\n%s" % dumped}


class MultipartMime(SoftwareConfig):
    """OS::Heat::MultipartMime: parts (inline, or configs by id) as one message."""

    PROPERTIES = {
        "group": properties.Schema(
            properties.STRING, "Namespace to group this multi-part configs by when "
            "delivered to a server. This may imply what configuration tool is going to "
            "perform the configuration.", default=UNGROUPED),
        "parts": properties.Schema(
            properties.LIST, "Parts belonging to this message.", default=[],
            schema=properties.Schema(properties.MAP, schema={
                "config": properties.Schema(
                    properties.STRING, "Content of part to attach, either inline or by "
                    "referencing the ID of another software config resource.",
                    required=True),
                "filename": properties.Schema(
                    properties.STRING, "Optional filename to associate with part."),
                "type": properties.Schema(
                    properties.STRING, "Whether the part content is text or multipart.",
                    default="text",
                    constraints=[constraints.AllowedValues(("text", "multipart"))]),
                "subtype": properties.Schema(
                    properties.STRING, "Optional subtype to specify with the type."),
            })),
    }

    def message(self) -> str:
        parts: list[Any] = []
        for item in self.properties.get("parts") or []:
            content = item["config"]
            if uuidutils.is_uuid_like(content):
                doc = show_config(self.ctx.stack_id, content)
                if doc is not None:
                    content = doc[rpc_api.SOFTWARE_CONFIG_CONFIG]
            if item.get("type") == "multipart":
                _append_multipart(parts, content)
            else:
                _append_part(parts, content, item.get("subtype") or "",
                             item.get("filename") or "")
        return multipart.MIMEMultipart(_subparts=parts).as_string()

    def config_body(self) -> dict[str, Any]:
        return {"group": self.properties.get("group"), "config": self.message()}


def _append_multipart(parts: list[Any], message: Any) -> None:
    parsed = email.message_from_string(str(message))
    if not parsed.is_multipart():
        return
    for part in parsed.get_payload():
        _append_part(parts, part.get_payload(), part.get_content_subtype(),
                     part.get_filename() or "")


def _append_part(parts: list[Any], content: Any, subtype: str, filename: str) -> None:
    content = str(content)
    if not subtype and filename:
        subtype = os.path.splitext(filename)[0]
    try:
        content.encode("us-ascii")
        charset = "us-ascii"
    except UnicodeEncodeError:
        charset = "utf-8"
    msg = (text.MIMEText(content, _subtype=subtype, _charset=charset) if subtype
           else text.MIMEText(content, _charset=charset))
    if filename:
        msg.add_header("Content-Disposition", "attachment", filename=filename)
    parts.append(msg)


class SoftwareComponent(SoftwareConfig):
    """OS::Heat::SoftwareComponent: one config per life-cycle action."""

    PROPERTIES = {
        "configs": properties.Schema(
            properties.LIST, "The list of configurations for the different lifecycle "
            "actions of the represented software component.", required=True,
            constraints=[constraints.Length(min=1)],
            schema=properties.Schema(properties.MAP, schema={
                "actions": properties.Schema(
                    properties.LIST, "Lifecycle actions to which the configuration "
                    "applies. The string values provided for this property can include "
                    "the standard resource actions CREATE, DELETE, UPDATE, SUSPEND and "
                    "RESUME supported by Heat.", default=["CREATE", "UPDATE"],
                    schema=properties.Schema(properties.STRING),
                    constraints=[constraints.Length(min=1)]),
                "config": SoftwareConfig.PROPERTIES["config"],
                "tool": properties.Schema(
                    properties.STRING, "The configuration tool used to actually apply the "
                    "configuration on a server. This string property has to be "
                    "understood by in-instance tools running inside deployed servers.",
                    required=True),
            })),
        "inputs": INPUTS_SCHEMA,
        "outputs": OUTPUTS_SCHEMA,
        "options": OPTIONS_SCHEMA,
    }
    ATTRIBUTES = {
        "configs": attributes.Schema(
            "The list of configurations for the different lifecycle actions of the "
            "represented software component.", type=attributes.LIST),
    }

    def validate(self) -> None:
        seen: set[str] = set()
        for config in self.properties.get("configs") or []:
            actions = config.get("actions") or []
            if any(action in seen for action in actions):
                raise exception.StackValidationFailed(
                    message='Defining more than one configuration for the same action in '
                            'SoftwareComponent "%s" is not allowed.' % self.name)
            seen.update(actions)

    def config_body(self) -> dict[str, Any]:
        props = self.properties
        return {"group": "component", "config": {"configs": props.get("configs")},
                "options": props.get("options"), "inputs": props.get("inputs"),
                "outputs": props.get("outputs")}

    def get_attribute(self, name: str) -> Any:
        if name == "configs" and self.resource_id:
            doc = show_config(self.ctx.stack_id, self.resource_id)
            config = None if doc is None else doc[rpc_api.SOFTWARE_CONFIG_CONFIG]
            return config.get("configs") if isinstance(config, dict) else None
        return None


def resource_mapping() -> dict[str, type[resource.Resource]]:
    return {
        "OS::Heat::SoftwareConfig": SoftwareConfig,
        "OS::Heat::StructuredConfig": StructuredConfig,
        "OS::Heat::CloudConfig": CloudConfig,
        "OS::Heat::MultipartMime": MultipartMime,
        "OS::Heat::SoftwareComponent": SoftwareComponent,
    }
