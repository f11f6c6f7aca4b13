"""POST /stacks/preview: the stack and its resources as they would be created.

Nothing is stored and no plugin acts: resources are shown INIT COMPLETE
with their properties resolved as far as parameters allow (attributes of
resources not yet created read as null), outputs unresolved, the stack id
the text "None" — Heat's preview document. A resource with a nested
stack (template resource, group, OS::Heat::Stack) stands for the list of
its nested stack's previews, level by level, each naming its
``parent_resource``, as Heat previews a StackResource.
"""

from __future__ import annotations

import datetime
from typing import Any

from heatlite.common import exception
from heatlite.common import identifier
from heatlite.common.context import RequestContext
from heatlite.engine import function
from heatlite.engine.stack import nested_preview
from heatlite.engine.stack.definition import ResourceDefinition, StackDefinition
from heatlite.engine.views import isotime
from heatlite.engine.walk.new_stack import StackArgs
from heatlite.rpc import api as rpc_api

PREVIEW_ID = "None"


def _properties(defn: ResourceDefinition) -> dict[str, Any]:
    try:
        return defn.property_set().resolve_all()
    except exception.NotImplementedYet:
        raise
    except Exception:  # a value that needs a resource's data: show it as written
        try:
            return dict(function.resolve(defn.properties))
        except Exception:
            return {}


def _resources(defn: StackDefinition, parent_resource: str | None) -> list[Any]:
    """The previews of a stack's resources: a document each, or a list for
    one with a nested stack."""
    ident = identifier.stack_identity(defn.project_id, defn.stack_name, defn.stack_id)
    required: dict[str, list[str]] = {name: [] for name in defn.resources}
    for name, rd in defn.resources.items():
        for req in sorted(rd.requires):
            required[req].append(name)
    out: list[Any] = []
    for name in reversed(list(defn.graph.toposort())):
        child = nested_preview.child_of(defn, name)
        if child is not None:
            out.append(_resources(child, name))
            continue
        doc = _resource(defn, defn.resources[name], ident, required[name])
        if parent_resource is not None:
            doc[rpc_api.RES_PARENT_RESOURCE] = parent_resource
        out.append(doc)
    return out


def _resource(defn: StackDefinition, rd: ResourceDefinition, ident: identifier.StackIdentity,
              required: list[str]) -> dict[str, Any]:
    attributes = {name: None for name in rd.plugin.ATTRIBUTES if name != "show"}
    try:
        metadata = function.resolve(rd.metadata)
    except Exception:  # metadata waiting on a resource's data
        metadata = {}
    return {
        rpc_api.RES_UPDATED_TIME: None,
        rpc_api.RES_CREATION_TIME: None,
        rpc_api.RES_NAME: rd.name,
        rpc_api.RES_PHYSICAL_ID: "",
        rpc_api.RES_ACTION: "INIT",
        rpc_api.RES_STATUS: "COMPLETE",
        rpc_api.RES_STATUS_DATA: "",
        rpc_api.RES_TYPE: rd.type_name,
        rpc_api.RES_ID: dict(identifier.resource_identity(ident, rd.name)),
        rpc_api.RES_STACK_ID: dict(ident),
        rpc_api.RES_STACK_NAME: defn.stack_name,
        rpc_api.RES_REQUIRED_BY: required,
        rpc_api.RES_DESCRIPTION: rd.description,
        rpc_api.RES_METADATA: metadata,
        rpc_api.RES_ATTRIBUTES: attributes,
        "properties": _properties(rd),
    }


def preview_document(ctxt: RequestContext, defn: StackDefinition,
                     args: StackArgs) -> dict[str, Any]:
    """The preview_stack answer for a validated definition."""
    ident = identifier.stack_identity(ctxt.project_id or "", defn.stack_name, PREVIEW_ID)
    outputs = [{rpc_api.OUTPUT_KEY: o.name, rpc_api.OUTPUT_DESCRIPTION: o.description_text(),
                rpc_api.OUTPUT_VALUE: None} for o in defn.outputs.values()]
    return {
        rpc_api.STACK_NAME: defn.stack_name,
        rpc_api.STACK_ID: dict(ident),
        rpc_api.STACK_CREATION_TIME: isotime(datetime.datetime.now(datetime.timezone.utc)),
        rpc_api.STACK_UPDATED_TIME: None,
        rpc_api.STACK_DELETION_TIME: None,
        rpc_api.STACK_NOTIFICATION_TOPICS: [],
        rpc_api.STACK_PARAMETERS: defn.parameters.as_text(),
        rpc_api.STACK_DESCRIPTION: defn.template.description,
        rpc_api.STACK_TMPL_DESCRIPTION: defn.template.description,
        rpc_api.STACK_CAPABILITIES: [],
        rpc_api.STACK_DISABLE_ROLLBACK: args.disable_rollback,
        rpc_api.STACK_TIMEOUT: args.timeout_mins,
        rpc_api.STACK_OWNER: ctxt.username,
        rpc_api.STACK_PARENT: None,
        rpc_api.STACK_USER_PROJECT_ID: None,
        rpc_api.STACK_TAGS: list(args.tags),
        rpc_api.STACK_OUTPUTS: outputs,
        "resources": _resources(defn, None),
    }
